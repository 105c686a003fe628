"""Pacing: when ARM says a throttling budget runs low, space the next requests out.

Compute reports what is left of each throttling policy on every answer, e.g.
``x-ms-ratelimit-remaining-resource: Microsoft.Compute/VMScaleSetActions3Min;239,
Microsoft.Compute/VMScaleSetActions30Min;1198``. A policy with fewer than ``threshold``
requests left in its window (``3Min``: 180 s) gets an interval: the window divided by what is
left plus one, at most ``max_delay``; requests that hit that policy then start one interval
apart (the first one interval after the request whose answer said so) instead of at once,
until an answer reports enough again or the window has passed.

Which request hits which policy is learnt from the answers: requests of the same *shape* (the
method and the collection names of the ARM path, without the names and ids in it) report the
same policies, so a low ``VMScaleSetActions`` budget paces the POSTs, not the status GETs.

The rules live in :class:`Pacer` (pure, the time is passed in); the two transports sit under
the retrying transport and only wait. An answer without the header changes nothing. Always on:
without a low reading a request is never delayed.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Awaitable, Callable

import attrs
import httpx

__all__ = ["AsyncPacingTransport", "Pacer", "PacingTransport", "parse_remaining", "shape_of"]

HEADER = "x-ms-ratelimit-remaining-resource"
DEFAULT_THRESHOLD = 10
DEFAULT_MAX_DELAY = 60.0
#: A policy whose name says no window (none known does so) is taken to count per minute.
DEFAULT_WINDOW = 60.0
_WINDOW = re.compile(r"(\d+)\s*(sec|s|min|m|hour|hr|h)$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "hour": 3600}

logger = logging.getLogger("vmss_maintenance")


def parse_remaining(header: str | None) -> dict[str, int]:
    """``policy -> requests left`` of an ``x-ms-ratelimit-remaining-resource`` value.

    Lenient: an entry without ``;`` or whose count is not a whole number >= 0 is skipped; the
    lowest count wins for a policy named twice.
    """
    found: dict[str, int] = {}
    for entry in (header or "").split(","):
        name, _, count = entry.strip().rpartition(";")
        name, count = name.strip(), count.strip()
        if not name or not (count.isascii() and count.isdigit()):
            continue
        found[name] = min(int(count), found.get(name, int(count)))
    return found


def window_seconds(policy: str) -> float:
    """The length of ``policy``'s window from its name (``...3Min`` -> 180.0)."""
    match = _WINDOW.search(policy)
    if match is None or int(match[1]) == 0:
        return DEFAULT_WINDOW
    return float(int(match[1]) * _UNIT_SECONDS[match[2].lower()])


def shape_of(method: str, path: str) -> str:
    """``METHOD`` and the collection names of an ARM path: ``POST subscriptions/resourcegroups/
    providers/virtualmachinescalesets/performmaintenance``. ARM paths alternate a collection and
    a name (``providers/Microsoft.Compute`` included), so the even segments are the shape."""
    segments = [s for s in path.split("/") if s]
    return f"{method.upper()} {'/'.join(s.lower() for s in segments[::2])}"


@attrs.define
class _Budget:
    interval: float
    expires: float
    next_start: float


class Pacer:
    """The pacing rules, with the time passed in (monotonic seconds); not thread-safe by itself.

    :meth:`observe` reads an answer's header, :meth:`reserve` says how long a request of a
    shape waits before it starts (and books its start, so concurrent requests queue up one
    interval apart).
    """

    def __init__(
        self, threshold: int = DEFAULT_THRESHOLD, max_delay: float = DEFAULT_MAX_DELAY
    ) -> None:
        self.threshold = threshold
        self.max_delay = max_delay
        self._policies_of: dict[str, frozenset[str]] = {}
        self._low: dict[str, _Budget] = {}

    def observe(self, shape: str, header: str | None, now: float) -> None:
        """Take in what an answer to a request of ``shape`` says is left."""
        remaining = parse_remaining(header)
        if not remaining:
            return
        self._policies_of[shape] = frozenset(remaining)
        for policy, left in remaining.items():
            if left >= self.threshold:
                self._low.pop(policy, None)
                continue
            window = window_seconds(policy)
            interval = min(self.max_delay, window / (left + 1))
            budget = self._low.get(policy)
            if budget is None:
                # the answer's own request counts as the last start
                self._low[policy] = _Budget(interval, now + window, now + interval)
            else:
                budget.interval, budget.expires = interval, now + window

    def reserve(self, shape: str, now: float) -> float:
        """Seconds a request of ``shape`` waits before it starts (0: at once); books the start."""
        budgets = []
        for policy in self._policies_of.get(shape, ()):
            budget = self._low.get(policy)
            if budget is None:
                continue
            if now >= budget.expires:  # the window has passed: the budget is whole again
                del self._low[policy]
                continue
            budgets.append(budget)
        if not budgets:
            return 0.0
        start = max(now, *(b.next_start for b in budgets))
        for budget in budgets:
            budget.next_start = start + budget.interval
        return start - now

    def low_policies(self, shape: str) -> list[str]:
        """The policies that pace requests of ``shape`` now, for the log."""
        return sorted(p for p in self._policies_of.get(shape, ()) if p in self._low)


def _log_wait(shape: str, pacer: Pacer, delay: float) -> None:
    logger.info(
        "pacing %s: %s low, waiting %.3f s before sending it",
        shape,
        ", ".join(pacer.low_policies(shape)) or "a throttling budget",
        delay,
    )


class PacingTransport(httpx.BaseTransport):
    """Waits before a request while its throttling budget is low (see the module doc).

    ``monotonic`` and ``sleep`` default to the real ones (tests pass a fake clock).
    """

    def __init__(
        self,
        inner: httpx.BaseTransport,
        pacer: Pacer | None = None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._inner = inner
        self._pacer = pacer if pacer is not None else Pacer()
        self._monotonic = monotonic
        self._sleep = sleep
        self._lock = threading.Lock()  # the sync client may be shared by threads

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Wait for ``request``'s turn, send it, read the budget its answer reports."""
        shape = shape_of(request.method, request.url.path)
        with self._lock:
            delay = self._pacer.reserve(shape, self._monotonic())
        if delay > 0:
            _log_wait(shape, self._pacer, delay)
            self._sleep(delay)
        response = self._inner.handle_request(request)
        with self._lock:
            self._pacer.observe(shape, response.headers.get(HEADER), self._monotonic())
        return response

    def close(self) -> None:
        """Close the inner transport."""
        self._inner.close()


class AsyncPacingTransport(httpx.AsyncBaseTransport):
    """The asynchronous :class:`PacingTransport`: ``sleep`` is awaited (no lock is needed: the
    pacer is only touched between awaits)."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        pacer: Pacer | None = None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]],
    ) -> None:
        self._inner = inner
        self._pacer = pacer if pacer is not None else Pacer()
        self._monotonic = monotonic
        self._sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Wait for ``request``'s turn, send it, read the budget its answer reports."""
        shape = shape_of(request.method, request.url.path)
        delay = self._pacer.reserve(shape, self._monotonic())
        if delay > 0:
            _log_wait(shape, self._pacer, delay)
            await self._sleep(delay)
        response = await self._inner.handle_async_request(request)
        self._pacer.observe(shape, response.headers.get(HEADER), self._monotonic())
        return response

    async def aclose(self) -> None:
        """Close the inner transport."""
        await self._inner.aclose()
