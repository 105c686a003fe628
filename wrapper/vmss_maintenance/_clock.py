"""Where time comes from: a monotonic clock schedules, the wall clock only stamps."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

import attrs


@runtime_checkable
class TestClock(Protocol):
    """A fake of both clocks (for tests): monotonic seconds and wall (epoch) seconds."""

    def monotonic(self) -> float:
        """Seconds that only go forward."""
        ...

    def wall(self) -> float:
        """Seconds since the epoch."""
        ...


@attrs.frozen
class Clock:
    """Where time comes from: ``monotonic`` schedules, ``wall`` (epoch seconds) stamps."""

    monotonic: Callable[[], float] = time.monotonic
    wall: Callable[[], float] = time.time

    @classmethod
    def of(cls, clock: Callable[[], float] | TestClock | None) -> Clock:
        """The real clocks; for tests, an object with ``monotonic()`` and ``wall()``, or one
        function serving as both."""
        if clock is None:
            return cls()
        if isinstance(clock, TestClock):
            return cls(monotonic=clock.monotonic, wall=clock.wall)
        return cls(monotonic=clock, wall=clock)

    def utc(self) -> datetime:
        """The wall clock's time, as an aware UTC datetime."""
        return datetime.fromtimestamp(self.wall(), UTC)
