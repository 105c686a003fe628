"""The async client's one limit on requests in flight: a slot per request, under the retries.

httpcore's pool (1.0) rescans every pooled connection for every request and can hand one idle
connection to several queued requests at once, which then go round again. Under hundreds of
operations in flight that bookkeeping costs more than the requests. Here each of ``size``
single-connection transports serves one request at a time; a request waits for a free one.
A transport the user gives is shared by ``size`` slots, so the limit is the same mechanism.
The clients put this transport under the retrying one: a request waiting out a back-off or a
``Retry-After`` holds no slot.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Callable

import anyio
import httpx


class _ReleasingStream(httpx.AsyncByteStream):
    """The response body; closing it gives the transport back (once)."""

    def __init__(self, stream: httpx.AsyncByteStream, release: Callable[[], None]) -> None:
        self._stream = stream
        self._release: Callable[[], None] | None = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            release, self._release = self._release, None
            if release is not None:
                release()


class SlotTransport(httpx.AsyncBaseTransport):
    """Spreads requests over ``size`` transports made by ``make`` (maybe one shared transport
    made ``size`` times), one request each."""

    def __init__(self, make: Callable[[], httpx.AsyncBaseTransport], size: int) -> None:
        self._free = [make() for _ in range(size)]
        self._all = tuple(self._free)
        self._slots = anyio.Semaphore(size)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` on a free transport; it is free again when the body is closed."""
        await self._slots.acquire()
        inner = self._free.pop()

        def release() -> None:
            self._free.append(inner)
            self._slots.release()

        try:
            response = await inner.handle_async_request(request)
        except BaseException:
            release()
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=_ReleasingStream(response.stream, release),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        """Close every transport (a shared one once)."""
        closed: set[int] = set()
        for inner in self._all:
            if id(inner) not in closed:
                closed.add(id(inner))
                await inner.aclose()


def single_connection_transports(verify: bool | ssl.SSLContext, size: int) -> SlotTransport:
    """``size`` transports of one kept-alive connection each, sharing one TLS context."""
    context = (
        verify
        if isinstance(verify, ssl.SSLContext)
        else httpx.create_ssl_context(verify=bool(verify))
    )
    one = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    return SlotTransport(lambda: httpx.AsyncHTTPTransport(verify=context, limits=one), size)
