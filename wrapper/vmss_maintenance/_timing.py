"""Reading the server's "wait this long" headers: pure functions, no I/O, no clock of their own."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from .errors import InvalidArgumentError

__all__ = ["MIN_POLLING_INTERVAL", "check_polling_interval", "retry_after_seconds"]

#: The shortest wait, in seconds, between two polls of one operation. A ``polling_interval``
#: below it is refused; a shorter ``Retry-After`` on a poll is raised to it; on a 429 or 5xx, a
#: ``Retry-After`` below it is not trusted alone (the retry waits at least the backoff).
MIN_POLLING_INTERVAL = 1.0

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


def check_polling_interval(value: object, what: str = "polling_interval") -> float:
    """Return ``value`` as seconds when it is a finite number >= :data:`MIN_POLLING_INTERVAL`.

    Anything else raises :class:`InvalidArgumentError` naming the value and the floor: polls
    closer together only load the service (and a 0 would poll in a busy loop).
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < MIN_POLLING_INTERVAL
    ):
        raise InvalidArgumentError(
            f"{what} must be a number of seconds >= {MIN_POLLING_INTERVAL:g} "
            f"(the shortest wait between polls), not {value!r}"
        )
    return float(value)
