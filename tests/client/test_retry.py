"""Retry rules, waits and the two retrying transports, over httpx.MockTransport."""

from __future__ import annotations

import logging
import random
import re
import ssl
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import httpx
import pytest
from vmss_maintenance._adapter import API_VERSION
from vmss_maintenance._retry import (
    AsyncRetryTransport,
    RetryPolicy,
    RetryTransport,
    _is_retryable,
    _retry_delay,
)
from vmss_maintenance.errors import InvalidArgumentError

URL = f"https://management.azure.com/subscriptions/s/x/performMaintenance?api-version={API_VERSION}"
NOW = 1_719_835_200.0  # 2024-07-01T12:00:00Z
NO_JITTER = RetryPolicy(jitter=False, backoff_factor=1.0)


def seeded(seed: int) -> random.Random:
    """A deterministic random source for jitter (not for secrets)."""
    return random.Random(seed)  # noqa: S311


Outcome = int | httpx.Response | Exception | type[Exception]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class TrackedStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that remembers whether it was closed."""

    def __init__(self) -> None:
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield b"{}"

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        yield b"{}"

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


class Script:
    """A MockTransport handler that plays a list of outcomes and records every request."""

    def __init__(self, *outcomes: Outcome) -> None:
        self.outcomes = list(outcomes)
        self.requests: list[httpx.Request] = []
        self.bodies: list[bytes] = []
        self.responses: list[httpx.Response] = []
        self.streams: list[TrackedStream] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.bodies.append(request.read())
        outcome = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(outcome, type):
            raise outcome(f"{outcome.__name__} for test", request=request)  # type: ignore[call-arg]
        if isinstance(outcome, Exception):
            raise outcome
        if isinstance(outcome, int):
            stream = TrackedStream()
            self.streams.append(stream)
            outcome = httpx.Response(
                outcome, headers={"x-try": str(len(self.requests))}, stream=stream
            )
        self.responses.append(outcome)
        return outcome


def client(
    script: Script, policy: RetryPolicy = NO_JITTER, clock: Callable[[], float] = lambda: NOW
) -> tuple[httpx.Client, list[float]]:
    sleeps: list[float] = []
    transport = RetryTransport(
        httpx.MockTransport(script),
        policy,
        sleep=sleeps.append,
        rng=seeded(1),
        clock=clock,
    )
    return httpx.Client(transport=transport), sleeps


# --- the pure decision ------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "get"])
@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_idempotent_statuses_retried(method: str, status: int) -> None:
    assert _is_retryable(method, httpx.Response(status))


@pytest.mark.parametrize("method", ["POST", "PATCH", "post"])
@pytest.mark.parametrize(
    ("status", "retried"),
    [(429, True), (500, True), (503, True), (504, True), (502, False), (408, False)],
)
def test_post_statuses(method: str, status: int, retried: bool) -> None:
    assert _is_retryable(method, httpx.Response(status)) is retried


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("status", [200, 201, 202, 204, 400, 401, 403, 404, 409, 501])
def test_other_statuses_final(method: str, status: int) -> None:
    assert not _is_retryable(method, httpx.Response(status))


@pytest.mark.parametrize(
    ("error", "get", "post"),
    [
        (httpx.ConnectError, True, True),
        (httpx.ConnectTimeout, True, True),
        (httpx.PoolTimeout, True, True),
        (httpx.ReadTimeout, True, False),
        (httpx.ReadError, True, False),
        (httpx.RemoteProtocolError, True, False),
        (httpx.WriteError, True, False),
        (httpx.UnsupportedProtocol, False, False),
        (httpx.ProxyError, False, False),
    ],
)
def test_exception_rules(error: type[httpx.TransportError], get: bool, post: bool) -> None:
    assert _is_retryable("GET", error("x")) is get
    assert _is_retryable("POST", error("x")) is post
    assert not _is_retryable("GET", ValueError("bug"))


def test_retry_delay_stops_after_total() -> None:
    policy = RetryPolicy(total=2, jitter=False)
    rng, now = seeded(0), datetime.fromtimestamp(NOW, UTC)
    response = httpx.Response(503)
    assert _retry_delay(policy, "GET", response, 0, rng, now) == 0.8
    assert _retry_delay(policy, "GET", response, 1, rng, now) == 1.6
    assert _retry_delay(policy, "GET", response, 2, rng, now) is None
    assert _retry_delay(policy, "GET", httpx.Response(404), 0, rng, now) is None


# --- the policy --------------------------------------------------------------------------


def test_defaults() -> None:
    policy = RetryPolicy()
    assert (policy.total, policy.backoff_factor, policy.backoff_max) == (5, 0.8, 60.0)
    assert (policy.retry_after_max, policy.jitter) == (300.0, True)


def test_backoff_exponential_and_capped() -> None:
    policy = RetryPolicy(backoff_factor=0.5, backoff_max=3.0, jitter=False)
    assert [policy.backoff(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert policy.backoff(10_000) == 3.0  # no overflow


def test_backoff_jitter_bounds_seeded() -> None:
    policy = RetryPolicy(backoff_factor=1.0, backoff_max=20.0)
    rng = seeded(42)
    for attempt in range(1, 8):
        base = min(20.0, 2.0 ** (attempt - 1))
        for _ in range(200):
            assert base / 2 <= policy.backoff(attempt, rng) <= base
    first = [policy.backoff(3, seeded(7)) for _ in range(2)]
    assert first[0] == first[1]  # same seed, same wait
    assert len({policy.backoff(3, rng) for _ in range(20)}) > 1  # it does vary


def test_backoff_rejects_bad_attempt() -> None:
    with pytest.raises(InvalidArgumentError, match="attempt"):
        RetryPolicy().backoff(0)


def test_delay_for_prefers_retry_after_capped() -> None:
    policy = RetryPolicy(retry_after_max=300.0, jitter=False)
    assert policy.delay_for(httpx.Response(429, headers={"Retry-After": "1000"}), 1) == 300.0
    assert policy.delay_for(httpx.Response(429, headers={"Retry-After": "1"}), 4) == 1.0
    assert policy.delay_for(httpx.Response(429, headers={"retry-after-ms": "2500"}), 1) == 2.5
    assert policy.delay_for(httpx.Response(429), 2) == 1.6
    assert policy.delay_for(None, 1) == 0.8


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("total", -1, "integer >= 0"),
        ("total", 1.5, "integer >= 0"),
        ("total", True, "integer >= 0"),
        ("backoff_factor", -0.1, "finite number >= 0"),
        ("backoff_factor", float("nan"), "finite number >= 0"),
        ("backoff_max", float("inf"), "finite number >= 0"),
        ("retry_after_max", "10", "finite number >= 0"),
        ("jitter", "yes", "True or False"),
    ],
)
def test_policy_validation(field: str, value: object, allowed: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        RetryPolicy(**{field: value})  # type: ignore[arg-type]
    message = str(info.value)
    assert f"RetryPolicy.{field}" in message
    assert repr(value) in message
    assert allowed in message
    assert isinstance(info.value, ValueError)


# --- the sync transport -----------------------------------------------------------------


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_get_retries_status_then_succeeds(status: int) -> None:
    script = Script(status, 200)
    http, sleeps = client(script)
    response = http.get(URL)
    assert response.status_code == 200
    assert len(script.requests) == 2
    assert sleeps == [1.0]


@pytest.mark.parametrize("status", [429, 500, 503, 504])
def test_post_retries_status(status: int) -> None:
    script = Script(status, 202)
    http, sleeps = client(script)
    assert http.post(URL, json={"a": 1}).status_code == 202
    assert sleeps == [1.0]
    assert len(script.requests) == 2
    assert script.bodies[0] == script.bodies[1] == b'{"a":1}'


@pytest.mark.parametrize("status", [502, 408])
def test_post_does_not_retry_502_408(status: int) -> None:
    script = Script(status, 202)
    http, sleeps = client(script)
    assert http.post(URL).status_code == status
    assert len(script.requests) == 1
    assert sleeps == []


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError,
        httpx.ConnectTimeout,
        httpx.ReadTimeout,
        httpx.RemoteProtocolError,
        httpx.ReadError,
    ],
)
def test_get_retries_transport_errors(error: type[Exception]) -> None:
    script = Script(error, 200)
    http, sleeps = client(script)
    assert http.get(URL).status_code == 200
    assert len(script.requests) == 2
    assert sleeps == [1.0]


@pytest.mark.parametrize("error", [httpx.ConnectError, httpx.ConnectTimeout])
def test_post_retries_connect_failures(error: type[Exception]) -> None:
    script = Script(error, error, 202)
    http, sleeps = client(script)
    assert http.post(URL, content=b"x").status_code == 202
    assert len(script.requests) == 3
    assert sleeps == [1.0, 2.0]


@pytest.mark.parametrize("error", [httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError])
def test_post_not_retried_after_sent(error: type[Exception]) -> None:
    script = Script(error, 202)
    http, sleeps = client(script)
    with pytest.raises(error):
        http.post(URL, content=b"x")
    assert len(script.requests) == 1
    assert sleeps == []


def test_exhaustion_returns_last_429() -> None:
    script = Script(429)
    http, sleeps = client(script, RetryPolicy(total=3, jitter=False, backoff_factor=1.0))
    response = http.post(URL)
    assert response.status_code == 429
    assert response.headers["x-try"] == "4"
    assert len(script.requests) == 4
    assert sleeps == [1.0, 2.0, 4.0]
    assert response.read() == b"{}"  # the returned one is still readable


def test_exhaustion_reraises_last_exception() -> None:
    script = Script(httpx.ConnectError)
    http, sleeps = client(script, RetryPolicy(total=2, jitter=False))
    with pytest.raises(httpx.ConnectError):
        http.get(URL)
    assert len(script.requests) == 3
    assert len(sleeps) == 2


def test_total_zero_disables_retry() -> None:
    script = Script(503, 200)
    http, sleeps = client(script, RetryPolicy(total=0))
    assert http.get(URL).status_code == 503
    assert sleeps == []


def test_retried_responses_are_closed() -> None:
    script = Script(503, 503, 200)
    http, _ = client(script)
    with http.stream("GET", URL) as response:
        assert [s.closed for s in script.streams] == [True, True, False]
        assert response.status_code == 200
    assert script.streams[2].closed


def test_retry_after_honoured_and_capped() -> None:
    script = Script(
        httpx.Response(429, headers={"Retry-After": "0"}),
        httpx.Response(429, headers={"Retry-After": "7"}),
        httpx.Response(503, headers={"Retry-After": "100000"}),
        httpx.Response(503, headers={"x-ms-retry-after-ms": "1500"}),
        200,
    )
    http, sleeps = client(script, RetryPolicy(retry_after_max=120.0))
    assert http.post(URL).status_code == 200
    assert sleeps[1:] == [7.0, 120.0, 1.5]
    assert 0.4 <= sleeps[0] <= 0.8  # Retry-After 0: the jittered backoff of a first retry


def test_retry_after_http_date_uses_clock() -> None:
    date = "Mon, 01 Jul 2024 12:00:45 GMT"  # NOW + 45 s
    script = Script(httpx.Response(503, headers={"Retry-After": date}), 200)
    http, sleeps = client(script, clock=lambda: NOW)
    http.get(URL)
    assert sleeps == [45.0]


def test_streamed_request_body_is_resent() -> None:
    def chunks() -> Iterator[bytes]:
        yield b"part1-"
        yield b"part2"

    script = Script(503, 202)
    http, _ = client(script)
    assert http.post(URL, content=chunks()).status_code == 202
    assert script.bodies == [b"part1-part2", b"part1-part2"]


def test_jittered_waits_are_within_bounds() -> None:
    script = Script(503, 503, 503, 200)
    sleeps: list[float] = []
    policy = RetryPolicy(backoff_factor=2.0)
    transport = RetryTransport(
        httpx.MockTransport(script), policy, sleep=sleeps.append, rng=seeded(3)
    )
    httpx.Client(transport=transport).get(URL)
    for attempt, wait in enumerate(sleeps, start=1):
        base = 2.0 * 2 ** (attempt - 1)
        assert base / 2 <= wait <= base


def test_every_attempt_is_one_info_line_without_secrets(caplog: pytest.LogCaptureFixture) -> None:
    script = Script(503, httpx.ConnectError, 200)
    http, _ = client(script)
    with caplog.at_level(logging.INFO, logger="vmss_maintenance"):
        http.get(URL + "&sig=SECRET-SIG", headers={"Authorization": "Bearer SECRET-TOKEN"})
    records = [r for r in caplog.records if r.name == "vmss_maintenance"]
    assert [r.levelno for r in records] == [logging.INFO] * 3
    lines = [r.getMessage() for r in records]
    target = (
        "GET https://management.azure.com/subscriptions/s/x/performMaintenance"
        f"?api-version={API_VERSION}&sig=REDACTED -> "
    )
    assert all(line.startswith(target) for line in lines), lines
    assert re.search(r"-> 503 \(request id -, \d+\.\d{3} s\); retry 1 of 5 in 1\.000 s$", lines[0])
    assert re.search(r"-> no answer: ConnectError \(\d+\.\d{3} s\); retry 2 of 5 in 2\.000 s$",
                     lines[1])
    assert re.search(r"-> 200 \(request id -, \d+\.\d{3} s\)$", lines[2])
    assert "SECRET" not in "\n".join(lines)


def test_close_closes_inner() -> None:
    closed: list[bool] = []

    class Inner(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            return httpx.Response(200)

        def close(self) -> None:
            closed.append(True)

    with httpx.Client(transport=RetryTransport(Inner(), sleep=lambda _: None)):
        pass
    assert closed == [True]


def test_default_policy_and_sleep() -> None:
    transport = RetryTransport(httpx.MockTransport(Script(200)))
    assert httpx.Client(transport=transport).get(URL).status_code == 200


# --- the async transport ----------------------------------------------------------------


def async_client(
    script: Script, policy: RetryPolicy = NO_JITTER
) -> tuple[httpx.AsyncClient, list[float]]:
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    transport = AsyncRetryTransport(
        httpx.MockTransport(script),
        policy,
        sleep=sleep,
        rng=seeded(1),
        clock=lambda: NOW,
    )
    return httpx.AsyncClient(transport=transport), sleeps


@pytest.mark.anyio
async def test_async_get_retries_then_succeeds() -> None:
    script = Script(502, httpx.ReadTimeout, httpx.Response(429, headers={"Retry-After": "0"}), 200)
    http, sleeps = async_client(script)
    async with http:
        response = await http.get(URL)
    assert response.status_code == 200
    assert sleeps == [1.0, 2.0, 4.0]  # Retry-After 0: the backoff, not at once
    assert script.streams[0].closed


@pytest.mark.anyio
async def test_async_post_rules() -> None:
    script = Script(httpx.ConnectTimeout, 502)
    http, sleeps = async_client(script)
    async with http:
        assert (await http.post(URL, content=b"body")).status_code == 502
    assert len(script.requests) == 2
    assert script.bodies == [b"body", b"body"]

    script = Script(httpx.ReadTimeout, 202)
    http, sleeps = async_client(script)
    async with http:
        with pytest.raises(httpx.ReadTimeout):
            await http.post(URL)
    assert len(script.requests) == 1
    assert sleeps == []


@pytest.mark.anyio
async def test_async_exhaustion_returns_last_429() -> None:
    script = Script(429)
    http, sleeps = async_client(script, RetryPolicy(total=2, jitter=False))
    async with http:
        response = await http.post(URL)
    assert response.status_code == 429
    assert response.headers["x-try"] == "3"
    assert sleeps == [0.8, 1.6]


@pytest.mark.anyio
async def test_async_default_sleep_and_aclose() -> None:
    seen: list[int] = []
    closed: list[bool] = []

    class Inner(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            seen.append(503 if not seen else 200)
            return httpx.Response(seen[-1])

        async def aclose(self) -> None:
            closed.append(True)

    policy = RetryPolicy(backoff_factor=0.0)  # the default (real) sleep then waits 0 s
    async with httpx.AsyncClient(transport=AsyncRetryTransport(Inner(), policy)) as http:
        assert (await http.get(URL)).status_code == 200
    assert seen == [503, 200]
    assert closed == [True]


def test_a_rejected_certificate_is_not_retried() -> None:
    calls: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        try:
            raise ssl.SSLCertVerificationError("certificate verify failed: self-signed")
        except ssl.SSLCertVerificationError as cause:
            raise httpx.ConnectError("TLS handshake failed", request=request) from cause

    waits: list[float] = []
    transport = RetryTransport(httpx.MockTransport(refuse), RetryPolicy(), sleep=waits.append)
    with httpx.Client(transport=transport) as client, pytest.raises(httpx.ConnectError):
        client.get("https://management.azure.com/x")
    assert calls == ["GET"]
    assert waits == []
