"""A small scripted fake of Azure Resource Manager for the client tests.

:class:`FakeArm` is an ``httpx.MockTransport`` (usable by both ``httpx.Client`` and
``httpx.AsyncClient``) that records every request it receives and answers each one with the
next scripted :class:`Reply`. :class:`FakeClock` is the injected clock; its ``sleep`` and
``async_sleep`` record the requested waits and move the clock on, so nothing really sleeps.
"""

from __future__ import annotations

import base64
import inspect
import json
import zlib
from collections import deque
from collections.abc import Callable
from typing import Any

import attrs
import httpx
from vmss_maintenance import AsyncMaintenanceClient, MaintenanceClient, RetryPolicy
from vmss_maintenance._adapter import API_VERSION

ARM = "https://management.azure.com"
SUB = "9f8e7d6c-5b4a-4321-8765-0123456789ab"
GROUP = "my-group"
VMSS = "my-scale-set"
START = 1_700_000_000.0  # 2023-11-14T22:13:20Z
SECRET = "SECRET-TOKEN"

SCALE_SET_ID = (
    f"/subscriptions/{SUB}/resourceGroups/{GROUP}"
    f"/providers/Microsoft.Compute/virtualMachineScaleSets/{VMSS}"
)
POST_URL = f"{ARM}{SCALE_SET_ID}/performMaintenance?api-version={API_VERSION}"
OPS = f"{ARM}/subscriptions/{SUB}/providers/Microsoft.Compute/locations/westeurope"
STATUS_URL = f"{OPS}/operations/op-1?p=2&monitor=true&api-version={API_VERSION}"
RESULT_URL = f"{OPS}/operationResults/op-1?p=2&api-version={API_VERSION}"


class FakeClock:
    """Epoch seconds that move only when something sleeps."""

    def __init__(self, start: float = START) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0, seconds
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


@attrs.frozen
class Reply:
    """One scripted answer."""

    status: int
    headers: dict[str, str] = attrs.field(factory=dict)
    content: bytes = b""

    def response(self) -> httpx.Response:
        return httpx.Response(self.status, headers=self.headers, content=self.content)


def reply(
    status: int,
    *,
    json_body: Any = None,
    text: str | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    """A reply with a JSON body (``json_body``), a text body, or none."""
    all_headers = dict(headers or {})
    content = b""
    if json_body is not None:
        content = json.dumps(json_body).encode()
        all_headers.setdefault("Content-Type", "application/json; charset=utf-8")
    elif text is not None:
        content = text.encode()
        all_headers.setdefault("Content-Type", "text/html")
    return Reply(status, all_headers, content)


def accepted(
    *,
    status_url: str | None = STATUS_URL,
    location: str | None = RESULT_URL,
    request_id: str = "post-request-id",
    code: int = 202,
    **extra: str,
) -> Reply:
    """The answer to the POST: 202 with the polling headers (``extra``: more headers,
    underscores turned into dashes, e.g. ``retry_after="7"``)."""
    headers = {"x-ms-request-id": request_id}
    if status_url is not None:
        headers["Azure-AsyncOperation"] = status_url
    if location is not None:
        headers["Location"] = location
    headers.update({name.replace("_", "-"): value for name, value in extra.items()})
    return reply(code, headers=headers)


def op_status(
    status: str,
    *,
    start: str | None = "2024-05-01T10:00:00.1234567+00:00",
    end: str | None = None,
    error: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    """A 200 operation-status body, as ARM's Azure-AsyncOperation URL returns it."""
    body: dict[str, Any] = {"name": "op-1", "status": status}
    if start is not None:
        body["startTime"] = start
    if end is not None:
        body["endTime"] = end
    if error is not None:
        body["error"] = error
    return reply(200, json_body=body, headers=headers)


def cloud_error(
    status: int, code: str, message: str, *, headers: dict[str, str] | None = None, **more: Any
) -> Reply:
    """An ARM ``CloudError`` answer."""
    return reply(status, json_body={"error": {"code": code, "message": message, **more}},
                 headers=headers)  # fmt: skip


def scale_set(mode: str | None = "Uniform", *, name: str = VMSS) -> Reply:
    """A VirtualMachineScaleSets_Get answer (``mode`` None: no ``orchestrationMode``, as for
    scale sets made before it existed)."""
    properties: dict[str, Any] = {"provisioningState": "Succeeded"}
    if mode is not None:
        properties["orchestrationMode"] = mode
    return reply(200, json_body={
        "id": SCALE_SET_ID.replace(VMSS, name), "name": name, "location": "westeurope",
        "type": "Microsoft.Compute/virtualMachineScaleSets", "properties": properties,
    })  # fmt: skip


Handler = Callable[[httpx.Request], httpx.Response]


class FakeArm(httpx.MockTransport):
    """Answers each request with the next scripted reply and records the request.

    A request with no reply left fails the test (``AssertionError``).
    """

    def __init__(self, *replies: Reply | Handler) -> None:
        super().__init__(self._handle)
        self.script: deque[Reply | Handler] = deque(replies)
        self.requests: list[httpx.Request] = []
        self.closed = False

    def add(self, *replies: Reply | Handler) -> None:
        self.script.extend(replies)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        # A copy: the auth flow re-sends the same request object with a new token.
        self.requests.append(
            httpx.Request(
                request.method, request.url, headers=request.headers.copy(), content=request.content
            )
        )
        if not self.script:
            raise AssertionError(f"unexpected request: {request.method} {request.url}")
        item = self.script.popleft()
        return item.response() if isinstance(item, Reply) else item(request)

    @property
    def calls(self) -> list[tuple[str, str]]:
        """``(method, url)`` of every request received, in order."""
        return [(request.method, str(request.url)) for request in self.requests]

    @property
    def hosts(self) -> set[str]:
        return {request.url.host for request in self.requests}

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


@attrs.frozen
class Token:
    token: str
    expires_on: int


class FakeCredential:
    """A synchronous azure-identity style credential returning SECRET-TOKEN-1, -2, ...

    Records the scopes and claims each call asked for.
    """

    def __init__(self) -> None:
        self.scopes: list[tuple[str, ...]] = []
        self.claims: list[str | None] = []

    def get_token(
        self, *scopes: str, claims: str | None = None, tenant_id: str | None = None, **kw: Any
    ) -> Token:
        self.scopes.append(scopes)
        self.claims.append(claims)
        return Token(f"{SECRET}-{len(self.claims)}", int(START) + 3600 * 24 * 365 * 10)


class AsyncFakeCredential(FakeCredential):
    """An ``azure.identity.aio`` style credential: ``get_token`` is a coroutine."""

    async def get_token(  # type: ignore[override]
        self, *scopes: str, claims: str | None = None, tenant_id: str | None = None, **kw: Any
    ) -> Token:
        return FakeCredential.get_token(self, *scopes, claims=claims, tenant_id=tenant_id)


def make_client(
    arm: FakeArm,
    clock: FakeClock,
    credential: Any = None,
    **kwargs: Any,
) -> MaintenanceClient:
    """A sync client over ``arm`` with the fake clock; polling every 10 s by default."""
    kwargs.setdefault("polling_interval", 10.0)
    kwargs.setdefault("retry", RetryPolicy(total=2, jitter=False))
    return MaintenanceClient(
        credential if credential is not None else FakeCredential(),
        SUB,
        transport=arm,
        clock=clock,
        sleep=clock.sleep,
        **kwargs,
    )


def make_async_client(
    arm: FakeArm,
    clock: FakeClock,
    credential: Any = None,
    **kwargs: Any,
) -> AsyncMaintenanceClient:
    """The async twin of :func:`make_client`."""
    kwargs.setdefault("polling_interval", 10.0)
    kwargs.setdefault("retry", RetryPolicy(total=2, jitter=False))
    return AsyncMaintenanceClient(
        credential if credential is not None else AsyncFakeCredential(),
        SUB,
        transport=arm,
        clock=clock,
        sleep=clock.async_sleep,
        **kwargs,
    )


def decode_token(token: str) -> dict[str, Any]:
    """The JSON inside a continuation token (``vmss1.`` + base64url of zlib or plain JSON)."""
    prefix, _, body = token.partition(".")
    assert prefix == "vmss1", token
    packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    raw = zlib.decompress(packed) if packed.startswith(b"\x78") else packed
    data: dict[str, Any] = json.loads(raw)
    return data


def encode_token(data: dict[str, Any]) -> str:
    """Re-encode edited token data as plain JSON (the library reads it as well as its own)."""
    raw = json.dumps(data).encode()
    return "vmss1." + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def challenge(claims: str) -> str:
    """A WWW-Authenticate claims challenge (CAE) asking for ``claims``."""
    encoded = base64.urlsafe_b64encode(claims.encode()).decode().rstrip("=")
    return (
        'Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", '
        f'error="insufficient_claims", claims="{encoded}"'
    )


async def call(value: Any) -> Any:
    """The value of a sync call, or of an awaited async one (for tests parametrized over the
    sync and the async client)."""
    return await value if inspect.isawaitable(value) else value
