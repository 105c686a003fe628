"""Reading the server's "wait this long" headers: pure functions, no I/O, no clock of their own."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

__all__ = ["retry_after_seconds"]

# Plain non-negative decimal numbers only: no sign, exponent, "inf" or "nan".
_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _decimal(value: str | None) -> float | None:
    """Return ``value`` as a non-negative finite number, or ``None`` when it is not one."""
    if value is None:
        return None
    text = value.strip()
    if not _DECIMAL.fullmatch(text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def _http_date_delay(value: str, now: datetime) -> float | None:
    """Seconds from ``now`` until the HTTP date ``value`` (0 when it is past); ``None`` if bad."""
    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # "-0000" means UTC with no zone information
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def retry_after_seconds(
    headers: httpx.Headers | Mapping[str, str], *, now: datetime | None = None
) -> float | None:
    """Return how many seconds the server asked the client to wait, or ``None`` if it did not.

    Headers are read in this order, the first usable one wins: ``retry-after-ms`` and
    ``x-ms-retry-after-ms`` (milliseconds), then ``Retry-After`` (seconds, integer or
    decimal, or an HTTP date taken relative to ``now``, which defaults to the current UTC
    time; a date in the past means 0). ``0`` means "retry at once". A negative or unreadable
    value is ignored, as if the header were absent. No cap is applied: callers cap the result.
    """
    lookup = headers if isinstance(headers, httpx.Headers) else httpx.Headers(headers)
    for name in ("retry-after-ms", "x-ms-retry-after-ms"):
        millis = _decimal(lookup.get(name))
        if millis is not None:
            return millis / 1000.0
    raw = lookup.get("retry-after")
    if raw is None:
        return None
    seconds = _decimal(raw)
    if seconds is not None:
        return seconds
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return _http_date_delay(raw, now)
