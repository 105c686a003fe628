"""Shared test settings: VCR cassettes never hold a token or a real subscription id."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

# Subscription ids in URLs become this one before a request is recorded or matched.
PLACEHOLDER_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
_SUBSCRIPTION = re.compile(r"(/subscriptions/)[^/?#]+", re.IGNORECASE)
_URL_HEADERS = ("location", "azure-asyncoperation")


# Subscription ids seen in recorded requests, to scrub from response bodies as well.
_SEEN_SUBSCRIPTIONS: set[str] = set()


def scrub_url(url: str) -> str:
    """Replace the subscription id in ``url`` with the placeholder."""
    for match in _SUBSCRIPTION.finditer(url):
        subscription = match.group(0).rsplit("/", 1)[1]
        if subscription != PLACEHOLDER_SUBSCRIPTION:
            _SEEN_SUBSCRIPTIONS.add(subscription)
    return _SUBSCRIPTION.sub(rf"\g<1>{PLACEHOLDER_SUBSCRIPTION}", url)


def _scrub_text(text: str) -> str:
    for subscription in _SEEN_SUBSCRIPTIONS:
        text = text.replace(subscription, PLACEHOLDER_SUBSCRIPTION)
    return text


def _scrub_request(request: Any) -> Any:
    request.uri = scrub_url(request.uri)
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in _URL_HEADERS:
            headers[name] = [scrub_url(value) for value in headers[name]]
    body = response.get("body", {})
    if isinstance(body.get("string"), bytes):
        body["string"] = _scrub_text(body["string"].decode("utf-8", "replace")).encode()
    elif isinstance(body.get("string"), str):
        body["string"] = _scrub_text(body["string"])
    return response


def _query_but_api_version(recorded: Any, sent: Any) -> None:
    """Match the query, except the api-version's value: a bump (make regenerate
    API_VERSION=...) must not invalidate cassettes recorded at another version."""

    def shape(request: Any) -> list[tuple[str, str]]:
        return sorted((k, "*" if k == "api-version" else v) for k, v in request.query)

    assert shape(recorded) == shape(sent), f"{shape(recorded)} != {shape(sent)}"


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    """Register the matchers ``vcr_config`` names."""
    vcr.register_matcher("query_but_api_version", _query_but_api_version)


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, Any]:
    """pytest-recording settings: drop Authorization, scrub subscription ids."""
    return {
        "filter_headers": ["authorization"],
        "before_record_request": _scrub_request,
        "before_record_response": _scrub_response,
        "match_on": ["method", "scheme", "host", "port", "path", "query_but_api_version", "body"],
        "decode_compressed_response": True,
    }


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio."""
    return "asyncio"


class FakeClocks:
    """The one fake clock of the layered tests: a monotonic and a wall clock that move together
    when something sleeps; :meth:`jump_wall` steps only the wall clock (as NTP might)."""

    def __init__(self, wall: float = 1_700_000_000.0) -> None:
        self.mono = 1000.0
        self.epoch = wall
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.mono

    def wall(self) -> float:
        return self.epoch

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0, seconds
        self.sleeps.append(seconds)
        self.mono += seconds
        self.epoch += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def jump_wall(self, seconds: float) -> None:
        self.epoch += seconds


@pytest.fixture
def clocks() -> FakeClocks:
    """A fake monotonic + wall clock; nothing really sleeps."""
    return FakeClocks()


def fake_cli_time(monkeypatch: pytest.MonkeyPatch) -> FakeClocks:
    """Give the CLI one fake clock: its client schedules on it and its sleep moves it forward,
    so a command follows an operation without waiting in real time (the 1 s floor included)."""
    from vmss_maintenance import _clock, cli

    fake = FakeClocks()
    monkeypatch.setattr(cli, "clock", _clock.Clock.of(fake))
    monkeypatch.setattr(cli, "sleep", fake.sleep)
    return fake


@pytest.fixture(params=["sync", "async"])
def make(request: pytest.FixtureRequest, clocks: FakeClocks) -> Callable[..., Any]:
    """Makes a client of the parametrized kind (sync or async) over a ``fake_arm.FakeArm``,
    with the fake clocks; polling every 10 s and two retries without jitter by default."""
    from fake_arm import SUB, AsyncFakeCredential, FakeCredential
    from vmss_maintenance import AsyncMaintenanceClient, MaintenanceClient, RetryPolicy

    def factory(arm: Any, **options: Any) -> Any:
        options.setdefault("polling_interval", 10.0)
        options.setdefault("retry", RetryPolicy(total=2, jitter=False))
        if request.param == "sync":
            return MaintenanceClient(FakeCredential(), SUB, transport=arm, clock=clocks,
                                     sleep=clocks.sleep, **options)  # fmt: skip
        return AsyncMaintenanceClient(AsyncFakeCredential(), SUB, transport=arm, clock=clocks,
                                      sleep=clocks.async_sleep, **options)  # fmt: skip

    return factory
