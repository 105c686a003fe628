"""What the command line needs to know about the requests it sends.

:class:`ExchangeWatch` sits under the retrying transport: it sees every try, so it can say on
standard error that a request is being retried, and remember what became of the POST (was it
sent, was it answered, with which request ids) for the messages after a failure or Ctrl-C.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from ._logging import redact_url

__all__ = ["ExchangeWatch"]

#: Failures that happen before any byte of the request left: the service saw nothing.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class ExchangeWatch(httpx.BaseTransport):
    """An httpx transport that forwards to ``inner`` and remembers the POST's fate.

    ``announce`` receives one line per retried try (``retrying POST <url> ...``).
    """

    def __init__(self, inner: httpx.BaseTransport, announce: Callable[[str], None]) -> None:
        self._inner = inner
        self._announce = announce
        self._last: httpx.Request | None = None
        self._last_trouble: str | None = None
        self._tries = 0
        #: The POST's ``x-ms-client-request-id`` once one was about to be sent.
        self.post_client_request_id: str | None = None
        #: The status of the POST's answer, and its ``x-ms-request-id``.
        self.post_status: int | None = None
        self.post_request_id: str | None = None
        #: The POST's last try failed before anything was sent (connection refused, ...).
        self.post_not_sent = False

    @property
    def post_started(self) -> bool:
        """Whether a POST was handed to the network (it may or may not have arrived)."""
        return self.post_client_request_id is not None

    @property
    def post_accepted(self) -> bool:
        """Whether the service answered the POST with a 2xx: the operation started."""
        return self.post_status is not None and 200 <= self.post_status < 300

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``; say so when it is a retry of the previous one."""
        if request is self._last and self._last_trouble is not None:
            self._tries += 1
            self._announce(
                f"retrying {request.method} {redact_url(request.url)} (try {self._tries}) "
                f"after {self._last_trouble}"
            )
        else:
            self._tries = 1
        self._last, self._last_trouble = request, None
        is_post = request.method == "POST"
        if is_post:
            self.post_client_request_id = request.headers.get("x-ms-client-request-id", "-")
            self.post_not_sent = False
        try:
            response = self._inner.handle_request(request)
        except Exception as exc:
            self._last_trouble = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            if is_post:
                self.post_not_sent = isinstance(exc, _NOT_SENT)
            raise
        if response.status_code == 429 or response.status_code >= 500:
            self._last_trouble = f"HTTP {response.status_code}"
        if is_post:
            self.post_status = response.status_code
            self.post_request_id = response.headers.get("x-ms-request-id")
        return response

    def close(self) -> None:
        """Close the inner transport."""
        self._inner.close()
