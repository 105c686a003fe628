"""What a scale set's rollout asks its driver to do (effects), and the backend that does the I/O.

A rollout (:func:`~vmss_maintenance._rollout_run.scale_set_rollout`) is a generator: it yields an
effect, the driver performs it and sends the answer back. The vocabulary:

============================  ==================================================================
effect                        the driver answers with
============================  ==================================================================
``FetchStatus(target)``       ``backend.status(target)``: a fresh ``ScaleSetMaintenance``
``StartCall(call)``           ``backend.start(call)``: the operation's continuation token
``Follow(token, timeout)``    ``backend.follow(token, timeout)``: a :class:`FollowOutcome`
                              (the sync driver also passes ``stopping``: see the protocol)
``Wait(seconds)``             ``None``, after sleeping ``seconds``
``Record(change)``            ``None``, after applying ``change`` to the journal and writing it
``Emit(event)``               ``None``, after giving ``event`` to ``on_event`` and the logger
============================  ==================================================================

A backend call that fails with a :class:`~vmss_maintenance.errors.MaintenanceError` is thrown
into the generator at its ``yield`` (``ThrottledError`` included, which the rollout turns into a
``Wait`` and a "throttled" event); any other exception ends the run.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

import attrs

from ._journal import Journal
from ._journal_records import InstanceOutcome
from ._maintenance_status import ScaleSetMaintenance
from ._rollout_events import RolloutEvent
from ._rollout_plan import MaintenanceCall, ScaleSetPlan
from .errors import MaintenanceError


class ThrottledError(MaintenanceError):
    """The service asked to slow down (HTTP 429 ``Retry-After``, or a low remaining quota).

    A backend raises it from any call; the rollout waits ``retry_after`` seconds and asks again.
    """

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class FollowState(enum.StrEnum):
    """Where a followed operation stands."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    RUNNING = "running"


@attrs.frozen
class FollowOutcome:
    """What following an operation for a while found.

    ``token`` is the latest continuation token (for ``RUNNING``: the one to follow next);
    ``error`` is the failure's text and ``code`` its code (``RetryLater``,
    ``MaintenanceAborted``, ...) for ``FAILED``.
    """

    state: FollowState
    token: str
    error: str | None = None
    code: str | None = None

    @classmethod
    def succeeded(cls, token: str) -> FollowOutcome:
        """The operation ended ``Succeeded``."""
        return cls(FollowState.SUCCEEDED, token)

    @classmethod
    def failed(cls, token: str, error: str, code: str | None = None) -> FollowOutcome:
        """The operation ended ``Failed`` or ``Canceled`` with ``error``."""
        return cls(FollowState.FAILED, token, error, code)

    @classmethod
    def running(cls, token: str) -> FollowOutcome:
        """Still running after the time given; follow ``token`` next."""
        return cls(FollowState.RUNNING, token)


class RolloutBackend(Protocol):
    """The I/O a synchronous rollout needs; the lead implements it over ``MaintenanceClient``."""

    def status(self, target: ScaleSetPlan) -> ScaleSetMaintenance:
        """The maintenance status of every instance of ``target``, read now."""
        ...

    def start(self, call: MaintenanceCall) -> str:
        """Send ``call`` (performMaintenance); its continuation token once it was accepted."""
        ...

    def follow(
        self, token: str, timeout: float, stopping: Callable[[], bool] | None = None
    ) -> FollowOutcome:
        """Follow the operation of ``token`` for at most ``timeout`` seconds; once
        ``stopping()`` is true (the run is interrupted), answer ``running`` with the newest
        token within about a second, sending nothing more."""
        ...


class AsyncRolloutBackend(Protocol):
    """The I/O an asynchronous rollout needs: :class:`RolloutBackend` with coroutines."""

    async def status(self, target: ScaleSetPlan) -> ScaleSetMaintenance:
        """The maintenance status of every instance of ``target``, read now."""
        ...

    async def start(self, call: MaintenanceCall) -> str:
        """Send ``call`` (performMaintenance); its continuation token once it was accepted."""
        ...

    async def follow(self, token: str, timeout: float) -> FollowOutcome:
        """Follow the operation of ``token`` for at most ``timeout`` seconds."""
        ...


@attrs.frozen
class FetchStatus:
    """Read a fresh maintenance status of ``target``."""

    target: ScaleSetPlan


@attrs.frozen
class StartCall:
    """Send ``call``; answered with its continuation token."""

    call: MaintenanceCall


@attrs.frozen
class Follow:
    """Follow an operation for at most ``timeout`` seconds; answered with a FollowOutcome."""

    token: str
    timeout: float


@attrs.frozen
class Wait:
    """Sleep ``seconds``."""

    seconds: float


class RecordStep(enum.StrEnum):
    """The journal transitions a rollout records."""

    BATCH_STARTED = "batch-started"
    TOKEN = "token"  # noqa: S105 (a journal step, not a secret)
    BATCH_DONE = "batch-done"
    GATE_PASSED = "gate-passed"
    BATCH_FAILED = "batch-failed"


@attrs.frozen
class Record:
    """One journal change; the driver applies it (under its lock) and writes the journal."""

    step: RecordStep
    scale_set: str
    batch: int
    call: int | None = None
    token: str | None = None
    outcomes: tuple[InstanceOutcome, ...] = ()
    reason: str | None = None

    def apply(self, journal: Journal, now: datetime) -> Journal:
        """``journal`` with this change made at ``now``."""
        where, batch = self.scale_set, self.batch
        if self.step is RecordStep.BATCH_STARTED:
            return journal.batch_started(where, batch, now=now, outcomes=self.outcomes)
        if self.step is RecordStep.TOKEN:
            assert self.call is not None
            assert self.token is not None
            return journal.token_recorded(where, batch, self.call, self.token, now=now)
        if self.step is RecordStep.BATCH_DONE:
            return journal.batch_done(where, batch, now=now, outcomes=self.outcomes)
        if self.step is RecordStep.GATE_PASSED:
            return journal.gate_passed(where, batch, now=now, outcomes=self.outcomes)
        return journal.batch_failed(
            where, batch, now=now, reason=self.reason or "failed", outcomes=self.outcomes
        )


@attrs.frozen
class Emit:
    """Give ``event`` to ``on_event`` and to the ``vmss_maintenance.rollout`` logger."""

    event: RolloutEvent


Effect = FetchStatus | StartCall | Follow | Wait | Record | Emit
