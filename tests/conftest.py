"""Shared test settings: the one fake clock, and the helper plugins the tests use."""

from __future__ import annotations

import pytest

# Fixtures kept in helper modules beside this file (``pythonpath`` puts tests/ on sys.path).
pytest_plugins = ["client_kinds", "emulator_fixtures"]


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

    def advance(self, seconds: float) -> None:
        """Time passes with nobody here sleeping (a caller back later, another process)."""
        self.mono += seconds
        self.epoch += seconds


@pytest.fixture
def clocks() -> FakeClocks:
    """A fake monotonic + wall clock; nothing really sleeps."""
    return FakeClocks()


def fake_cli_time(monkeypatch: pytest.MonkeyPatch) -> FakeClocks:
    """Give the CLI one fake clock: its client schedules on it and its sleep moves it forward,
    so a command follows an operation without waiting in real time (the 1 s floor included)."""
    from vmss_maintenance import _cli_session, _clock

    fake = FakeClocks()
    monkeypatch.setattr(_cli_session, "clock", _clock.Clock.of(fake))
    monkeypatch.setattr(_cli_session, "sleep", fake.sleep)
    return fake
