"""Retrying transports: wrap an httpx transport so transient failures are tried again.

Every attempt, the retried ones included, is logged as one INFO line (see ``_logging``).

The rules (which outcome is retried for which method, how long to wait) live in pure code
here — :class:`RetryPolicy` and :func:`_retry_delay` — and the two transports only do I/O.
"""

from __future__ import annotations

import random
import ssl
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Protocol

import attrs
import httpx

from ._logging import log_attempt
from ._timing import MIN_POLLING_INTERVAL, retry_after_seconds
from ._validation import attrs_check, boolean, count, number
from .errors import InvalidArgumentError

__all__ = ["AsyncRetryTransport", "RetryPolicy", "RetryTransport"]

#: Methods that may be repeated whatever happened to the first try (RFC 9110 §9.2.2).
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
_IDEMPOTENT_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
_UNSAFE_STATUSES = frozenset({429, 500, 503, 504})
#: Failures that happen before any byte of the request left: safe to retry for any method.
_NOT_SENT_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
#: Failures after the request may have reached the server: retried for idempotent methods only.
_MAYBE_SENT_ERRORS: tuple[type[Exception], ...] = (
    httpx.ReadTimeout,
    httpx.ReadError,
    httpx.WriteTimeout,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)


class _Uniform(Protocol):
    """What jitter needs from a random source (``random.Random`` has it)."""

    def uniform(self, a: float, b: float, /) -> float:
        """Return a number between ``a`` and ``b``."""
        ...


@attrs.frozen
class RetryPolicy:
    """How often and how patiently to retry transient failures.

    ``total`` is the number of retries after the first try (0 disables retrying). The wait
    before retry ``n`` is what the server asked for (``retry-after-ms``,
    ``x-ms-retry-after-ms`` or ``Retry-After``), capped at ``retry_after_max`` seconds;
    without such a header it is the exponential :meth:`backoff`. A server wait shorter than
    ``MIN_POLLING_INTERVAL`` (1 s; a ``Retry-After: 0``, a date in the past) would retry at
    once: then the wait is the backoff, or the server's wait if that is longer.
    """

    total: int = attrs.field(default=5, validator=attrs_check(count))
    backoff_factor: float = attrs.field(default=0.8, validator=attrs_check(number))
    backoff_max: float = attrs.field(default=60.0, validator=attrs_check(number))
    retry_after_max: float = attrs.field(default=300.0, validator=attrs_check(number))
    jitter: bool = attrs.field(default=True, validator=attrs_check(boolean))

    def backoff(self, attempt: int, rng: _Uniform | None = None) -> float:
        """Return the wait in seconds before retry number ``attempt`` (1 for the first retry).

        The base is ``backoff_factor * 2 ** (attempt - 1)``, capped at ``backoff_max``. With
        ``jitter`` the result is "equal jitter": half the base plus a uniformly random part of
        up to the other half, so it lies in ``[base / 2, base]`` — clients spread out, yet
        never retry much sooner than planned. ``rng`` defaults to a fresh ``random.Random``.
        """
        if isinstance(attempt, bool) or not isinstance(attempt, int) or attempt < 1:
            raise InvalidArgumentError(f"attempt must be an integer >= 1, got {attempt!r}")
        # The exponent is bounded so a huge attempt number cannot overflow a float.
        base = min(self.backoff_max, self.backoff_factor * 2.0 ** min(attempt - 1, 64))
        if not self.jitter or base == 0:
            return base
        source = rng if rng is not None else random.Random()  # noqa: S311 - jitter, not secrets
        half = base / 2.0
        return half + source.uniform(0.0, half)

    def delay_for(
        self,
        response: httpx.Response | None,
        attempt: int,
        rng: _Uniform | None = None,
        now: datetime | None = None,
    ) -> float:
        """Return the wait before retry ``attempt`` after ``response`` (``None``: an exception).

        A wait of at least ``MIN_POLLING_INTERVAL`` that the server asked for wins, capped at
        ``retry_after_max``; a shorter one (``0``: "at once") only lengthens :meth:`backoff`,
        which is used otherwise. ``now`` anchors a ``Retry-After`` HTTP date.
        """
        asked = retry_after_seconds(response.headers, now=now) if response is not None else None
        if asked is not None and asked >= MIN_POLLING_INTERVAL:
            return min(asked, self.retry_after_max)
        backoff = self.backoff(attempt, rng)
        return backoff if asked is None else max(backoff, min(asked, self.retry_after_max))


def _is_retryable(method: str, outcome: httpx.Response | Exception) -> bool:
    """Say whether ``outcome`` of a ``method`` request may be tried again (ignoring counts)."""
    idempotent = method.upper() in _IDEMPOTENT
    if isinstance(outcome, httpx.Response):
        statuses = _IDEMPOTENT_STATUSES if idempotent else _UNSAFE_STATUSES
        return outcome.status_code in statuses
    if _certificate_rejected(outcome):
        return False  # trying again cannot make a wrong or untrusted certificate right
    if isinstance(outcome, _NOT_SENT_ERRORS):
        return True
    return idempotent and isinstance(outcome, _MAYBE_SENT_ERRORS)


def may_have_reached_the_server(method: str, error: Exception) -> bool:
    """Whether a ``method`` request that failed with ``error`` may have started something.

    True for a non-idempotent method (a POST) unless ``error`` happened before any byte was
    sent (a failure to connect, a refused certificate).
    """
    if method.upper() in _IDEMPOTENT:
        return False
    return not isinstance(error, _NOT_SENT_ERRORS) and not _certificate_rejected(error)


def _certificate_rejected(error: Exception) -> bool:
    """Whether ``error`` (or what caused it) is a failed TLS certificate check."""
    seen: BaseException | None = error
    for _ in range(8):  # the chain is short: httpx -> httpcore -> ssl
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _retry_delay(
    policy: RetryPolicy,
    method: str,
    outcome: httpx.Response | Exception,
    retries_done: int,
    rng: _Uniform,
    now: datetime,
) -> float | None:
    """Return the wait before the next try, or ``None`` when ``outcome`` is final.

    The one decision both transports share; it does no I/O.
    """
    if retries_done >= policy.total or not _is_retryable(method, outcome):
        return None
    response = outcome if isinstance(outcome, httpx.Response) else None
    return policy.delay_for(response, retries_done + 1, rng, now)


def _utc(clock: Callable[[], float]) -> datetime:
    return datetime.fromtimestamp(clock(), UTC)


class RetryTransport(httpx.BaseTransport):
    """An :class:`httpx.BaseTransport` that retries ``inner`` according to a :class:`RetryPolicy`.

    ``sleep`` waits between tries (default :func:`time.sleep`); ``rng`` draws jitter
    (default: a private ``random.Random``); ``clock`` gives the time in epoch seconds and is
    only used to read ``Retry-After`` dates. When retries run out the last response is
    returned, or the last exception raised.
    """

    def __init__(
        self,
        inner: httpx.BaseTransport,
        policy: RetryPolicy | None = None,
        *,
        sleep: Callable[[float], None] | None = None,
        rng: _Uniform | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._inner = inner
        self._policy = policy if policy is not None else RetryPolicy()
        self._sleep = sleep if sleep is not None else time.sleep
        self._rng = rng if rng is not None else random.Random()  # noqa: S311 - jitter only
        self._clock = clock

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through the inner transport, retrying transient failures."""
        request.read()  # a streamed body is buffered so it can be sent again
        retries_done = 0
        while True:
            outcome: httpx.Response | Exception
            started = time.perf_counter()
            try:
                outcome = self._inner.handle_request(request)
            except Exception as exc:
                outcome = exc
            took = time.perf_counter() - started
            delay = _retry_delay(
                self._policy, request.method, outcome, retries_done, self._rng, _utc(self._clock)
            )
            if delay is None:
                log_attempt(request, outcome, took)
                if isinstance(outcome, Exception):
                    raise outcome
                return outcome
            retries_done += 1
            log_attempt(request, outcome, took, (retries_done, self._policy.total, delay))
            if isinstance(outcome, httpx.Response):
                _discard(outcome)
            self._sleep(delay)

    def close(self) -> None:
        """Close the inner transport."""
        self._inner.close()


def _discard(response: httpx.Response) -> None:
    try:
        response.read()
    except httpx.HTTPError:
        pass  # the body is not needed; closing below frees the connection anyway
    finally:
        response.close()


async def _adiscard(response: httpx.Response) -> None:
    try:
        await response.aread()
    except httpx.HTTPError:
        pass
    finally:
        await response.aclose()


async def _default_async_sleep(seconds: float) -> None:
    import anyio  # only the async path needs it; works on asyncio and trio

    await anyio.sleep(seconds)


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The asynchronous twin of :class:`RetryTransport`; ``sleep`` is awaited between tries.

    ``sleep`` defaults to :func:`anyio.sleep` (asyncio and trio both work).
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        policy: RetryPolicy | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        rng: _Uniform | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._inner = inner
        self._policy = policy if policy is not None else RetryPolicy()
        self._sleep = sleep if sleep is not None else _default_async_sleep
        self._rng = rng if rng is not None else random.Random()  # noqa: S311 - jitter only
        self._clock = clock

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through the inner transport, retrying transient failures."""
        await request.aread()
        retries_done = 0
        while True:
            outcome: httpx.Response | Exception
            started = time.perf_counter()
            try:
                outcome = await self._inner.handle_async_request(request)
            except Exception as exc:
                outcome = exc
            took = time.perf_counter() - started
            delay = _retry_delay(
                self._policy, request.method, outcome, retries_done, self._rng, _utc(self._clock)
            )
            if delay is None:
                log_attempt(request, outcome, took)
                if isinstance(outcome, Exception):
                    raise outcome
                return outcome
            retries_done += 1
            log_attempt(request, outcome, took, (retries_done, self._policy.total, delay))
            if isinstance(outcome, httpx.Response):
                await _adiscard(outcome)
            await self._sleep(delay)

    async def aclose(self) -> None:
        """Close the inner transport."""
        await self._inner.aclose()
