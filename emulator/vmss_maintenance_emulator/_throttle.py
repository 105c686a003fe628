"""Compute's per-resource read throttling: a budget per policy and resource, per minute.

Each GET of a scale set, its VMs or a VM takes one unit from the budget of its policy (e.g.
``GetVMScaleSetVM``) for its resource (the scale set, or the VM); the answer reports what is
left as ``x-ms-ratelimit-remaining-resource: Microsoft.Compute/<policy>1Min;<left>`` (the shape
ARM sends, one window). When nothing is left the answer is 429 with ``Retry-After`` the seconds
until the minute, counted on the emulator's clock from the first read, is over.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Callable

import attrs

from vmss_maintenance_emulator._arm import Reply, error_reply

__all__ = ["WINDOW_SECONDS", "Budget", "ReadThrottle", "throttled_reply"]

WINDOW_SECONDS = 60.0


@attrs.frozen
class Budget:
    """The outcome of one read: what is left, or (``retry_after`` set) refused."""

    policy: str
    remaining: int
    retry_after: int | None = None

    @property
    def header(self) -> tuple[str, str]:
        """The ``x-ms-ratelimit-remaining-resource`` header reporting it."""
        return (
            "x-ms-ratelimit-remaining-resource",
            f"Microsoft.Compute/{self.policy}1Min;{self.remaining}",
        )


class ReadThrottle:
    """Thread-safe fixed one-minute windows of ``per_minute`` reads per (policy, resource);
    ``per_minute=None`` counts nothing and refuses nothing."""

    def __init__(self, per_minute: int | None, clock: Callable[[], float]) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[tuple[str, str], tuple[float, int]] = {}

    def take(self, policy: str, resource: str) -> Budget | None:
        """Count one read of ``resource`` under ``policy``; ``None`` when not throttling."""
        if self.per_minute is None:
            return None
        now = self._clock()
        key = (policy, resource.lower())
        with self._lock:
            start, used = self._windows.get(key, (now, 0))
            if now - start >= WINDOW_SECONDS:
                start, used = now, 0
            if used >= self.per_minute:
                self._windows[key] = (start, used)
                wait = max(1, math.ceil(start + WINDOW_SECONDS - now))
                return Budget(policy, 0, wait)
            used += 1
            self._windows[key] = (start, used)
            return Budget(policy, self.per_minute - used)


def throttled_reply(budget: Budget, allowed: int) -> Reply:
    """Compute's 429 for a spent budget: ``OperationNotAllowed``, the policy in the details,
    ``Retry-After`` and the (empty) budget header."""
    group = f"{budget.policy}1Min"
    counts = {"operationGroup": group, "allowedRequestCount": allowed}
    return error_reply(
        429,
        "OperationNotAllowed",
        "The server rejected the request because too many requests have been received for "
        "this subscription.",
        details=[
            {
                "code": "TooManyRequests",
                "target": group,
                "message": json.dumps(counts, separators=(",", ":")),
            }
        ],
        headers=[("Retry-After", str(budget.retry_after or 1)), budget.header],
    )
