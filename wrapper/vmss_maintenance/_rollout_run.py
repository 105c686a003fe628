"""One scale set's rollout as a generator of effects (sans I/O): the safety rules live here.

:func:`scale_set_rollout` yields effects (see :mod:`._rollout_effects`), receives their answers
and returns a :class:`ScaleSetEnd`. The sync and async drivers run the same generator.

The rules, batch by batch, in plan order:

1. A fresh status is read; instances of the batch that are no longer ``Eligible`` are skipped
   (recorded with their state) and never sent.
2. ``batch-started`` is recorded *before* any request; each call's continuation token is
   recorded as soon as the call is accepted. A call refused by the service (HTTP 4xx) fails its
   instances and no further call of the batch is sent.
3. Every accepted operation is followed to its end (a new token is recorded when it changes).
4. The health gate: the status is read every ``gate_poll_interval`` seconds until
   :func:`~._health_gate.batch_gate` says PASSED, or FAILED (``RetryLater``,
   ``MaintenanceAborted``, failed provisioning, or not ready within ``health_timeout``).
5. A failed operation or gate fails the batch; the rollout of the scale set stops there, later
   batches untouched, unless ``continue_on_failure``.
6. Between two batches (after one passed its gate, or failed under ``continue_on_failure``)
   the scale set waits ``pause_between_batches`` seconds; never after its last batch.

Resuming (from :func:`~._journal.what_next`): a batch in flight is followed by its recorded
tokens; its calls without a token (maybe sent, maybe not) are sent only for instances a fresh
status shows still ``Eligible``, the others go through the gate; a batch whose operations
ended goes to its gate; finished batches are never repeated. A resume that starts a batch
waits only what is left of the pause after the previous one (from the journal's time of its
end): none once the pause is over.

Errors that leave the rollout resumable (authentication, service errors, an operation still
running after ``operation_timeout``) end the scale set ``INTERRUPTED`` with the cause; the
journal says where to continue.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Generator, Sequence
from datetime import datetime
from typing import Any

import attrs

from ._health_gate import DEFAULT_HEALTH_TIMEOUT, BatchGateVerdict, GateOutcome, batch_gate
from ._journal import NextAction, NextStep
from ._journal_records import BatchState, InstanceOutcome, ScaleSetRecord, check_pause
from ._maintenance_status import ScaleSetMaintenance
from ._rollout_effects import (
    Effect,
    Emit,
    FetchStatus,
    Follow,
    FollowOutcome,
    FollowState,
    Record,
    RecordStep,
    StartCall,
    ThrottledError,
    Wait,
)
from ._rollout_events import (
    BatchStarted,
    GateFailed,
    GatePassed,
    InstanceStateChanged,
    Pausing,
    ScaleSetOutcome,
    Throttled,
)
from ._rollout_plan import ELIGIBLE, Batch, MaintenanceCall, ScaleSetPlan, state_text
from .errors import (
    AuthenticationError,
    HttpResponseError,
    InvalidArgumentError,
    MaintenanceError,
    OperationFailedError,
)

Clock = Callable[[], datetime]
Rollout = Generator[Effect, Any, "ScaleSetEnd"]


class StopCause(enum.StrEnum):
    """Why a scale set's rollout ended early, resumable from its journal."""

    INTERRUPTED = "interrupted"
    AUTHENTICATION = "authentication"
    TIMEOUT = "timeout"
    SERVICE = "service"


def _positive(name: str, optional: bool = False) -> Callable[[Any, Any, Any], None]:
    def check(_instance: Any, _attribute: Any, value: Any) -> None:
        if value is None and optional:
            return
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not 0 < value < float("inf"):
            raise InvalidArgumentError(
                f"{name} {value!r} is not valid; allowed: seconds > 0"
                + (" or None" if optional else "")
            )

    return check


def _pause(_instance: Any, _attribute: Any, value: Any) -> None:
    check_pause(value)


def _flag(_instance: Any, _attribute: Any, value: Any) -> None:
    if not isinstance(value, bool):
        raise InvalidArgumentError(
            f"continue_on_failure {value!r} is not valid; allowed: True or False"
        )


@attrs.frozen
class RunSettings:
    """How a rollout runs; a RunSettings that exists is valid.

    ``health_timeout``: seconds a batch has to pass its gate (default 900). ``gate_poll_interval``:
    seconds between status reads at the gate (default 30). ``follow_timeout``: seconds one
    ``Follow`` may take before it reports "still running" (default 60). ``operation_timeout``:
    seconds an operation may run before the rollout stops, resumable (default None: no limit).
    ``pause_between_batches``: seconds a scale set waits after a batch (passed, or failed with
    ``continue_on_failure``) before its next batch starts; none after its last (default 0).
    """

    health_timeout: float = attrs.field(
        default=DEFAULT_HEALTH_TIMEOUT, validator=_positive("health_timeout")
    )
    continue_on_failure: bool = attrs.field(default=False, validator=_flag)
    gate_poll_interval: float = attrs.field(default=30.0, validator=_positive("gate_poll_interval"))
    follow_timeout: float = attrs.field(default=60.0, validator=_positive("follow_timeout"))
    operation_timeout: float | None = attrs.field(
        default=None, validator=_positive("operation_timeout", optional=True)
    )
    pause_between_batches: float = attrs.field(default=0.0, validator=_pause)


@attrs.frozen
class ScaleSetEnd:
    """How a scale set's rollout ended; ``cause`` is set when it ended early."""

    outcome: ScaleSetOutcome
    reason: str
    cause: StopCause | None = None


class _Abort(Exception):
    """Ends a scale set's rollout early, resumable."""

    def __init__(self, cause: StopCause, reason: str) -> None:
        super().__init__(reason)
        self.cause = cause
        self.reason = reason


def cause_of(error: BaseException) -> StopCause:
    """The stop cause an error that is not a refusal stands for."""
    if isinstance(error, AuthenticationError) or (
        isinstance(error, HttpResponseError) and error.status_code in (401, 403)
    ):
        return StopCause.AUTHENTICATION
    if isinstance(error, TimeoutError):
        return StopCause.TIMEOUT
    return StopCause.SERVICE


def _is_refusal(error: MaintenanceError) -> bool:
    code = error.status_code if isinstance(error, HttpResponseError) else None
    return code is not None and 400 <= code < 500 and code not in (401, 403, 429)


def call_instance_ids(batch: Batch, call: int) -> tuple[str, ...]:
    """The instances call number ``call`` of ``batch`` maintains."""
    return _ids(batch, call, batch.calls[call])


def _ids(batch: Batch, index: int, call: MaintenanceCall) -> tuple[str, ...]:
    # A scale-set call names its instances; a VM call (Flexible) is the batch's instance there.
    return call.instance_ids if call.instance_ids is not None else (batch.instance_ids[index],)


def _restrict(batch: Batch, call: int, allowed: Collection[str]) -> MaintenanceCall | None:
    original = batch.calls[call]
    ids = tuple(i for i in call_instance_ids(batch, call) if i in allowed)
    if not ids:
        return None
    if original.instance_ids is None:
        return original
    return attrs.evolve(original, instance_ids=ids)


def scale_set_rollout(
    step: NextStep, record: ScaleSetRecord, settings: RunSettings, clock: Clock
) -> Rollout:
    """The rollout of one scale set from ``step`` (of ``what_next``) on; see the module doc."""
    return _ScaleSetRun(record, settings, clock).run(step)


class _ScaleSetRun:
    def __init__(self, record: ScaleSetRecord, settings: RunSettings, clock: Clock) -> None:
        self.record = record
        self.plan: ScaleSetPlan = record.plan
        self.id = record.plan.resource_id
        self.settings = settings
        self.clock = clock
        self.count = len(record.plan.batches)

    def run(self, step: NextStep) -> Rollout:
        try:
            return (yield from self._run(step))
        except _Abort as abort:
            return ScaleSetEnd(ScaleSetOutcome.INTERRUPTED, abort.reason, abort.cause)

    def _run(self, step: NextStep) -> Rollout:
        if step.action is NextAction.STOPPED:
            return ScaleSetEnd(ScaleSetOutcome.STOPPED, step.reason)
        failed = list(step.failed_batches)
        if step.batch is not None:
            first = step.batch.index
            if step.action is NextAction.START and first > 0:
                yield from self._rest_of_pause(first - 1)
            for batch in self.plan.batches[first:]:
                if batch.index == first and step.action is NextAction.RESUME:
                    reason = yield from self._resume(step)
                elif batch.index == first and step.action is NextAction.GATE:
                    reason = yield from self._gate_done_batch(batch)
                else:
                    reason = yield from self._start(batch)
                if reason is not None:
                    failed.append(batch.index)
                    if not self.settings.continue_on_failure:
                        left = self.count - batch.index - 1
                        untouched = f"; {left} later batch(es) left untouched" if left else ""
                        return ScaleSetEnd(
                            ScaleSetOutcome.STOPPED,
                            f"batch {batch.index + 1} of {self.count} failed: {reason}{untouched}",
                        )
                if batch.index + 1 < self.count:
                    pause = self.settings.pause_between_batches
                    yield from self._pause(batch.index, pause, passed=reason is None)
        if failed:
            listed = ", ".join(str(i + 1) for i in sorted(failed))
            return ScaleSetEnd(
                ScaleSetOutcome.FAILED,
                f"{len(failed)} of {self.count} batch(es) failed (batch {listed}); "
                "the others ran (continue_on_failure)",
            )
        if not self.count:
            return ScaleSetEnd(ScaleSetOutcome.SUCCEEDED, "nothing to do: no instance was eligible")
        return ScaleSetEnd(
            ScaleSetOutcome.SUCCEEDED, f"all {self.count} batch(es) passed their health gate"
        )

    # -- asking the driver ----------------------------------------------------------------

    def _ask(self, effect: FetchStatus | StartCall | Follow) -> Generator[Effect, Any, Any]:
        while True:
            try:
                return (yield effect)
            except ThrottledError as throttled:
                seconds = max(0.0, float(throttled.retry_after))
                yield Emit(Throttled(self.id, seconds, str(throttled)))
                yield Wait(seconds)
            except OperationFailedError as error:
                if not isinstance(effect, Follow):
                    raise _Abort(cause_of(error), str(error)) from None
                return FollowOutcome.failed(effect.token, str(error), error.code)
            except MaintenanceError as error:
                if isinstance(effect, StartCall) and _is_refusal(error):
                    raise
                what = {FetchStatus: "reading the status", StartCall: "starting maintenance"}
                doing = what.get(type(effect), "following an operation")
                raise _Abort(cause_of(error), f"{doing} failed: {error}") from None

    def _status(self) -> Generator[Effect, Any, dict[str, str]]:
        status: ScaleSetMaintenance = yield from self._ask(FetchStatus(self.plan))
        return {i.instance_id: state_text(i.state) for i in status.instances}

    def _emit_state(
        self, ids: Sequence[str], state: str, detail: str
    ) -> Generator[Effect, Any, None]:
        for instance_id in ids:
            yield Emit(InstanceStateChanged(self.id, instance_id, state, detail))

    # -- the pause between batches ---------------------------------------------------------

    def _pause(self, batch: int, seconds: float, *, passed: bool) -> Generator[Effect, Any, None]:
        if seconds > 0:
            yield Emit(Pausing(self.id, batch, self.count, seconds, passed))
            yield Wait(seconds)

    def _rest_of_pause(self, previous: int) -> Generator[Effect, Any, None]:
        """On a resume, what is left of the pause after batch ``previous`` finished (the
        journal's time of its end): all of it at most, nothing once it is over."""
        record = self.record.batches[previous]  # finished: gate-passed, or failed and gone on
        pause = self.settings.pause_between_batches
        if record.finished_at is None:
            return
        elapsed = (self.clock() - record.finished_at).total_seconds()
        left = min(pause, max(0.0, pause - elapsed))
        yield from self._pause(previous, left, passed=record.state is BatchState.GATE_PASSED)

    # -- a batch ----------------------------------------------------------------------------

    def _start(self, batch: Batch) -> Generator[Effect, Any, str | None]:
        states = yield from self._status()
        eligible = {i for i in batch.instance_ids if states.get(i) == ELIGIBLE}
        skipped = tuple(
            InstanceOutcome(i, "skipped", f"state {states.get(i, 'not found')}: no longer eligible")
            for i in batch.instance_ids
            if i not in eligible
        )
        yield Record(RecordStep.BATCH_STARTED, self.id, batch.index, outcomes=skipped)
        yield Emit(
            BatchStarted(
                self.id,
                batch.index,
                self.count,
                tuple(i for i in batch.instance_ids if i in eligible),
                tuple((o.instance_id, states.get(o.instance_id, "not found")) for o in skipped),
            )
        )
        for outcome in skipped:
            yield Emit(
                InstanceStateChanged(self.id, outcome.instance_id, "skipped", outcome.detail)
            )
        excluded = {o.instance_id for o in skipped}
        return (yield from self._calls(batch, range(len(batch.calls)), eligible, {}, (), excluded))

    def _resume(self, step: NextStep) -> Generator[Effect, Any, str | None]:
        assert step.batch is not None
        batch = step.batch
        record = self.record.batches[batch.index]
        done = {o.instance_id for o in record.outcomes if o.outcome in ("skipped", "failed")}
        followed = {k: t for k, t in enumerate(step.tokens) if t}
        unconfirmed = [k for k, t in enumerate(step.tokens) if not t]
        eligible: set[str] = set()
        unsure: list[str] = []
        if unconfirmed:
            states = yield from self._status()
            for k in unconfirmed:
                for i in call_instance_ids(batch, k):
                    if i in done:
                        continue
                    if states.get(i) == ELIGIBLE:
                        eligible.add(i)
                    else:  # sent before the interruption, or no longer eligible: gate it
                        unsure.append(i)
        return (yield from self._calls(batch, unconfirmed, eligible, followed, unsure, done))

    def _calls(
        self,
        batch: Batch,
        to_send: Sequence[int],
        eligible: Collection[str],
        followed: dict[int, str],
        unsure: Sequence[str],
        excluded: Collection[str],
    ) -> Generator[Effect, Any, str | None]:
        tokens = dict(followed)
        sent = {
            k: tuple(i for i in call_instance_ids(batch, k) if i not in excluded) for k in followed
        }
        failures: dict[str, str] = {}
        for k in to_send:
            call = _restrict(batch, k, eligible)
            if call is None:
                continue
            ids = _ids(batch, k, call)
            try:
                token: str = yield from self._ask(StartCall(call))
            except MaintenanceError as refusal:
                failures.update(dict.fromkeys(ids, f"refused: {refusal}"))
                yield from self._emit_state(ids, "failed", f"refused: {refusal}")
                break
            yield Record(RecordStep.TOKEN, self.id, batch.index, call=k, token=token)
            tokens[k], sent[k] = token, ids
            yield from self._emit_state(ids, "maintaining", "maintenance started")
        succeeded: set[str] = set(unsure)
        for k, token in sorted(tokens.items()):
            outcome = yield from self._follow(batch, k, token)
            if outcome.state is FollowState.SUCCEEDED:
                succeeded.update(sent[k])
                continue
            code = f"{outcome.code}: " if outcome.code else ""
            detail = f"maintenance failed: {code}{outcome.error or 'no error given'}"
            failures.update(dict.fromkeys(sent[k], detail))
            yield from self._emit_state(sent[k], "failed", detail)
        to_gate = [i for i in batch.instance_ids if i in succeeded and i not in failures]
        if not failures:
            yield Record(
                RecordStep.BATCH_DONE,
                self.id,
                batch.index,
                outcomes=tuple(
                    InstanceOutcome(i, "maintained", "operation succeeded")
                    for i in to_gate
                    if i not in unsure
                ),
            )
        return (yield from self._gate_and_finish(batch, to_gate, failures))

    def _follow(self, batch: Batch, call: int, token: str) -> Generator[Effect, Any, FollowOutcome]:
        started = self.clock()
        limit = self.settings.operation_timeout
        while True:
            outcome: FollowOutcome = yield from self._ask(
                Follow(token, self.settings.follow_timeout)
            )
            if outcome.token and outcome.token != token:
                token = outcome.token
                yield Record(RecordStep.TOKEN, self.id, batch.index, call=call, token=token)
            if outcome.state is not FollowState.RUNNING:
                return outcome
            if limit is not None and (self.clock() - started).total_seconds() >= limit:
                raise _Abort(
                    StopCause.TIMEOUT,
                    f"batch {batch.index + 1} of {self.count}: operation still running after "
                    f"{limit:g} s; it goes on, resume the rollout to follow it",
                )

    # -- the gate -------------------------------------------------------------------------

    def _gate_done_batch(self, batch: Batch) -> Generator[Effect, Any, str | None]:
        outcomes = {o.instance_id: o.outcome for o in self.record.batches[batch.index].outcomes}
        ids = [i for i in batch.instance_ids if outcomes.get(i) not in ("skipped", "failed")]
        return (yield from self._gate_and_finish(batch, ids, {}))

    def _gate(self, ids: Sequence[str]) -> Generator[Effect, Any, BatchGateVerdict]:
        started = self.clock()
        timeout = self.settings.health_timeout
        wanted = set(ids)
        while True:
            status: ScaleSetMaintenance = yield from self._ask(FetchStatus(self.plan))
            now = self.clock()
            verdict = batch_gate(
                [i for i in status.instances if i.instance_id in wanted],
                started,
                now,
                timeout,
                expected_instance_ids=ids,
            )
            if verdict.outcome is not GateOutcome.WAITING:
                return verdict
            left = timeout - (now - started).total_seconds()
            yield Wait(min(self.settings.gate_poll_interval, max(left, 0.0)))

    def _gate_and_finish(
        self, batch: Batch, ids: Sequence[str], failures: dict[str, str]
    ) -> Generator[Effect, Any, str | None]:
        outcomes = [InstanceOutcome(i, "failed", r) for i, r in failures.items()]
        reasons = []
        if failures:
            listed = "; ".join(f"{i}: {r}" for i, r in failures.items())
            reasons.append(f"{len(failures)} instance(s) failed: {listed}")
        if ids:
            verdict = yield from self._gate(ids)
            for v in verdict.instances:
                passed = v.outcome is GateOutcome.PASSED
                outcomes.append(
                    InstanceOutcome(v.instance_id, "passed" if passed else "failed", v.reason)
                )
                yield from self._emit_state(
                    [v.instance_id], "maintained" if passed else "failed", v.reason
                )
            if verdict.outcome is GateOutcome.FAILED:
                reasons.append(f"health gate: {verdict.reason}")
        if reasons:
            reason = "; ".join(reasons)
            yield Record(
                RecordStep.BATCH_FAILED,
                self.id,
                batch.index,
                outcomes=tuple(outcomes),
                reason=reason,
            )
            yield Emit(GateFailed(self.id, batch.index, self.count, reason))
            return reason
        yield Record(RecordStep.GATE_PASSED, self.id, batch.index, outcomes=tuple(outcomes))
        yield Emit(GatePassed(self.id, batch.index, self.count))
        return None
