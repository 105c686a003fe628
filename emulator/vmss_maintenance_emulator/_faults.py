"""Fault injection: throttling, server errors, latency and dropped connections, deterministic."""

from __future__ import annotations

import enum
import math
import random
import threading
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["FaultKind", "FaultPlan", "Faults"]


_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _whole(low: int, high: int | None = None) -> _Validator:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{attribute.name} must be a whole number, got {value!r}")
        if value < low or (high is not None and value > high):
            bounds = f">= {low}" if high is None else f"between {low} and {high}"
            raise ValueError(f"{attribute.name} must be {bounds}, got {value!r}")

    return check


def _real(low: float, high: float) -> _Validator:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{attribute.name} must be a number, got {value!r}")
        if not math.isfinite(value) or not low <= value <= high:
            raise ValueError(f"{attribute.name} must be between {low} and {high}, got {value!r}")

    return check


@attrs.frozen
class Faults:
    """What goes wrong, on purpose, for every request an emulator receives.

    Requests are numbered from 1 in the order they arrive. For request ``n``:

    * ``drop_connection_every=N`` (``N > 0``): when ``n % N == 0`` the connection is closed
      without an answer;
    * ``throttle_every=N`` (``N > 0``): otherwise, when ``n % N == 0`` the answer is 429
      ``TooManyRequests`` with ``Retry-After: throttle_retry_after``;
    * ``server_error_rate=R``: otherwise, a ``random.Random(seed)`` draws ``random()`` for
      every request (so the sequence does not depend on the other faults) and, when the draw is
      below ``R``, a second draw chooses 500 ``InternalServerError`` or 503
      ``ServiceUnavailable``;
    * ``latency=S``: every answer is delayed ``S`` seconds (a real sleep in the server thread).
    """

    throttle_every: int = attrs.field(default=0, validator=_whole(0))
    throttle_retry_after: int = attrs.field(default=1, validator=_whole(0, 3600))
    server_error_rate: float = attrs.field(default=0.0, validator=_real(0.0, 1.0))
    latency: float = attrs.field(default=0.0, validator=_real(0.0, 60.0))
    drop_connection_every: int = attrs.field(default=0, validator=_whole(0))
    seed: int = attrs.field(default=0, validator=_whole(-(2**63), 2**63 - 1))


class FaultKind(enum.Enum):
    """What a :class:`FaultPlan` decided for one request."""

    NONE = "none"
    DROP = "drop"
    THROTTLE = "throttle"
    INTERNAL_ERROR = "internal-error"
    UNAVAILABLE = "unavailable"


class FaultPlan:
    """Thread-safe per-emulator state that applies :class:`Faults` request by request."""

    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self._lock = threading.Lock()
        self._count = 0
        self._random = random.Random(faults.seed)  # noqa: S311 - test fault injection

    def next(self) -> FaultKind:
        """Count one request and say which fault, if any, it gets."""
        faults = self.faults
        with self._lock:
            self._count += 1
            number = self._count
            error: FaultKind = FaultKind.NONE
            if faults.server_error_rate > 0:
                draw = self._random.random()
                pick = self._random.random()
                if draw < faults.server_error_rate:
                    error = FaultKind.INTERNAL_ERROR if pick < 0.5 else FaultKind.UNAVAILABLE
        if faults.drop_connection_every and number % faults.drop_connection_every == 0:
            return FaultKind.DROP
        if faults.throttle_every and number % faults.throttle_every == 0:
            return FaultKind.THROTTLE
        return error
