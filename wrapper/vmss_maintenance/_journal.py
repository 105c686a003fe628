"""The rollout journal: what a rollout planned, started and finished, so another run can resume.

A versioned JSON document, written atomically after every change. A :class:`Journal` is a
frozen value: each change (:meth:`Journal.batch_started`, :meth:`Journal.token_recorded`,
:meth:`Journal.batch_done`, :meth:`Journal.gate_passed`, :meth:`Journal.batch_failed`) returns
a new journal and refuses a step that would repeat a batch. :func:`what_next` says, for each
scale set, which batch to resume (with its continuation tokens) or start, so finished batches
are never repeated and no instance is maintained twice.

Protocol the runner follows: record ``batch_started`` (tokens unknown) *before* sending a
batch's requests, then ``token_recorded`` as each operation is accepted. A call of a started
batch without a token may or may not have been sent when the process died; :func:`what_next`
lists it in ``unconfirmed_calls``, and the runner sends it only if the instance is still
``Eligible`` (an instance under or after maintenance is not).

The journal holds no secret: continuation tokens hold none, and messages are scrubbed of
anything that looks like a bearer token.
"""

from __future__ import annotations

import enum
import json
import os
import re
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs

from ._journal_encoding import JournalEncoder, event_json, scale_set_json
from ._journal_reader import read_journal_fields
from ._journal_records import (
    FINAL_STATES,
    PAUSE_ALLOWED,
    SCHEMA,
    VERSION,
    BatchRecord,
    BatchState,
    InstanceOutcome,
    JournalError,
    JournalEvent,
    ScaleSetRecord,
    check_outcome,
    is_pause,
    positive,
    scale_set_name,
)
from ._rollout_plan import Batch, MaintenanceCall, RolloutPlan

MAX_EVENTS = 200
_SECRET = re.compile(r"(bearer\s+)[^\s\"',;]+|eyJ[\w-]+\.[\w-]+\.[\w-]+", re.IGNORECASE)


@attrs.frozen
class Journal:
    """The state of a rollout; see the module doc."""

    created_at: datetime
    updated_at: datetime
    max_unavailable: int | float
    batch_by: str
    health_timeout: float
    continue_on_failure: bool
    scale_sets: tuple[ScaleSetRecord, ...]
    events: tuple[JournalEvent, ...] = ()
    events_dropped: int = 0
    #: Seconds between a scale set's batches (journals written before it existed: 0).
    pause_between_batches: float = 0.0
    # Not part of the value: the JSON of the records last written, shared with the journals
    # made from this one (``attrs.evolve`` passes it on) so a write encodes only what changed.
    _encoder: JournalEncoder = attrs.field(
        factory=JournalEncoder, eq=False, repr=False, kw_only=True, alias="_encoder"
    )

    @classmethod
    def create(
        cls,
        plan: RolloutPlan,
        *,
        now: datetime,
        health_timeout: float = 900.0,
        continue_on_failure: bool = False,
        pause_between_batches: float = 0.0,
    ) -> Journal:
        """A journal for ``plan`` with every batch pending."""
        now = _utc(now, "now")
        if not positive(health_timeout):
            raise JournalError(
                f"health_timeout {health_timeout!r} is not valid; allowed: seconds > 0"
            )
        if not is_pause(pause_between_batches):
            raise JournalError(
                f"pause_between_batches {pause_between_batches!r} is not valid; "
                f"allowed: {PAUSE_ALLOWED}"
            )
        records = tuple(
            ScaleSetRecord(target, tuple(_pending(b) for b in target.batches))
            for target in plan.targets
        )
        journal = cls(
            created_at=now,
            updated_at=now,
            max_unavailable=plan.max_unavailable,
            batch_by=plan.batch_by,
            health_timeout=float(health_timeout),
            continue_on_failure=continue_on_failure,
            scale_sets=records,
            pause_between_batches=float(pause_between_batches),
        )
        message = f"planned {plan.batch_count} batch(es) over {len(plan.targets)} scale set(s)"
        return journal.with_event("planned", message, now=now)

    @property
    def plan(self) -> RolloutPlan:
        """The plan this journal follows."""
        return RolloutPlan(
            targets=tuple(s.plan for s in self.scale_sets),
            max_unavailable=self.max_unavailable,
            batch_by=self.batch_by,
        )

    def with_event(
        self,
        kind: str,
        message: str,
        *,
        now: datetime,
        scale_set: str | None = None,
        batch: int | None = None,
    ) -> Journal:
        """This journal with one more event; the oldest go once there are :data:`MAX_EVENTS`."""
        event = JournalEvent(_utc(now, "now"), kind, scrub(message), scale_set, batch)
        events = (*self.events, event)
        dropped = max(0, len(events) - MAX_EVENTS)
        return attrs.evolve(
            self,
            events=events[dropped:],
            events_dropped=self.events_dropped + dropped,
            updated_at=event.at,
        )

    def batch_started(
        self,
        scale_set: str,
        batch: int,
        *,
        now: datetime,
        tokens: Sequence[str | None] = (),
        outcomes: Sequence[InstanceOutcome] = (),
    ) -> Journal:
        """Record that ``batch`` of ``scale_set`` (its resource id) is being started.

        Write this *before* sending its requests. Refused unless the batch is pending, every
        earlier batch is finished (gate-passed, or failed with ``continue_on_failure``) and no
        other batch of the scale set is in flight. ``outcomes`` are known at once (instances
        found no longer eligible are ``skipped``): a resumed run leaves them alone.
        """
        where, record = self._find(scale_set, batch)
        if record.state is not BatchState.PENDING:
            raise self._refused(where, batch, record, "start it")
        earlier = self.scale_sets[where].batches[:batch]
        for other in earlier:
            failed_ok = other.state is BatchState.FAILED and self.continue_on_failure
            if other.state is not BatchState.GATE_PASSED and not failed_ok:
                name = scale_set_name(self.scale_sets[where].plan)
                raise JournalError(
                    f"batch {batch + 1} of {name} cannot start: "
                    f"batch {other.batch.index + 1} is {other.state}"
                )
        calls = len(record.batch.calls)
        padded = tuple(tokens) + (None,) * (calls - len(tokens))
        if len(padded) != calls:
            raise JournalError(
                f"batch {batch + 1} has {calls} call(s) but {len(tokens)} token(s) were given"
            )
        for outcome in outcomes:
            check_outcome(outcome, record.batch)
        changed = attrs.evolve(
            record,
            state=BatchState.STARTED,
            tokens=padded,
            outcomes=tuple(attrs.evolve(o, detail=scrub(o.detail)) for o in outcomes),
            started_at=_utc(now, "now"),
        )
        ids = ", ".join(record.batch.instance_ids)
        return self._replace(where, changed, now).with_event(
            "batch-started", f"instances {ids}", now=now, scale_set=scale_set, batch=batch
        )

    def token_recorded(
        self, scale_set: str, batch: int, call: int, token: str, *, now: datetime
    ) -> Journal:
        """Record the continuation token of call ``call`` of a started batch."""
        where, record = self._find(scale_set, batch)
        if record.state is not BatchState.STARTED:
            raise self._refused(where, batch, record, "record a token")
        if not 0 <= call < len(record.tokens):
            raise JournalError(
                f"call {call} is not valid; batch {batch + 1} has {len(record.tokens)} call(s)"
            )
        if not isinstance(token, str) or not token:
            raise JournalError(f"token {token!r} is not valid; allowed: a non-empty string")
        tokens = tuple(token if i == call else t for i, t in enumerate(record.tokens))
        return self._replace(where, attrs.evolve(record, tokens=tokens), now)

    def batch_done(
        self,
        scale_set: str,
        batch: int,
        *,
        now: datetime,
        outcomes: Sequence[InstanceOutcome] = (),
    ) -> Journal:
        """Record that every operation of a started batch ended well; its gate comes next."""
        return self._finish(scale_set, batch, BatchState.DONE, now, outcomes, None)

    def gate_passed(
        self,
        scale_set: str,
        batch: int,
        *,
        now: datetime,
        outcomes: Sequence[InstanceOutcome] = (),
    ) -> Journal:
        """Record that a done batch passed its health gate: it is finished."""
        return self._finish(scale_set, batch, BatchState.GATE_PASSED, now, outcomes, None)

    def batch_failed(
        self,
        scale_set: str,
        batch: int,
        *,
        now: datetime,
        reason: str,
        outcomes: Sequence[InstanceOutcome] = (),
    ) -> Journal:
        """Record that a started or done batch failed (operation or gate): it is finished."""
        return self._finish(scale_set, batch, BatchState.FAILED, now, outcomes, reason)

    def _finish(
        self,
        scale_set: str,
        batch: int,
        state: BatchState,
        now: datetime,
        outcomes: Sequence[InstanceOutcome],
        reason: str | None,
    ) -> Journal:
        where, record = self._find(scale_set, batch)
        allowed = {
            BatchState.DONE: {BatchState.STARTED},
            BatchState.GATE_PASSED: {BatchState.DONE},
            BatchState.FAILED: {BatchState.STARTED, BatchState.DONE},
        }[state]
        if record.state not in allowed:
            raise self._refused(where, batch, record, f"mark it {state}")
        merged = {o.instance_id: o for o in record.outcomes}
        for outcome in outcomes:
            check_outcome(outcome, record.batch)
            merged[outcome.instance_id] = attrs.evolve(outcome, detail=scrub(outcome.detail))
        changed = attrs.evolve(
            record,
            state=state,
            outcomes=tuple(merged.values()),
            finished_at=_utc(now, "now") if state in FINAL_STATES else record.finished_at,
            error=scrub(reason) if reason is not None else record.error,
        )
        message = reason or ", ".join(f"{o.instance_id} {o.outcome}" for o in outcomes) or state
        kind = {"done": "batch-done", "gate-passed": "gate-passed", "failed": "batch-failed"}
        return self._replace(where, changed, now).with_event(
            kind[state], message, now=now, scale_set=scale_set, batch=batch
        )

    def _find(self, scale_set: str, batch: int) -> tuple[int, BatchRecord]:
        for where, record in enumerate(self.scale_sets):
            if record.plan.resource_id.lower() == scale_set.lower():
                if isinstance(batch, bool) or not 0 <= batch < len(record.batches):
                    raise JournalError(
                        f"batch index {batch!r} is not valid for {scale_set_name(record.plan)}; "
                        f"allowed: 0 to {len(record.batches) - 1}"
                    )
                return where, record.batches[batch]
        known = ", ".join(s.plan.resource_id for s in self.scale_sets) or "none"
        raise JournalError(f"scale set {scale_set!r} is not in this journal; it has: {known}")

    def _refused(self, where: int, batch: int, record: BatchRecord, step: str) -> JournalError:
        name = scale_set_name(self.scale_sets[where].plan)
        return JournalError(f"batch {batch + 1} of {name} is {record.state}; cannot {step}")

    def _replace(self, where: int, record: BatchRecord, now: datetime) -> Journal:
        target = self.scale_sets[where]
        batches = tuple(
            record if b.batch.index == record.batch.index else b for b in target.batches
        )
        scale_sets = tuple(
            attrs.evolve(target, batches=batches) if i == where else s
            for i, s in enumerate(self.scale_sets)
        )
        return attrs.evolve(self, scale_sets=scale_sets, updated_at=_utc(now, "now"))

    def to_json(self) -> dict[str, Any]:
        """The journal as a JSON-ready document."""
        return {
            **self._head_json(),
            "scale_sets": [scale_set_json(s) for s in self.scale_sets],
            "events": [event_json(e) for e in self.events],
            "events_dropped": self.events_dropped,
        }

    def _head_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "version": VERSION,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "settings": {
                "max_unavailable": self.max_unavailable,
                "batch_by": self.batch_by,
                "health_timeout": self.health_timeout,
                "continue_on_failure": self.continue_on_failure,
                "pause_between_batches": self.pause_between_batches,
            },
        }

    @classmethod
    def from_json(cls, document: object, *, source: str = "journal") -> Journal:
        """Validate ``document`` field by field; errors name ``source`` and the field."""
        return cls(**read_journal_fields(document, source))

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write atomically: a temporary file beside ``path``, fsync, rename, fsync the folder.

        A crash at any point leaves either the previous journal or this one, never a mix. The
        bytes are ``json.dumps(self.to_json(), separators=(",", ":")) + "\\n"`` (compact: json's
        C encoder is used only without ``indent``). Only the batches and events that are not
        the very objects of the journal written last (this one or one it was made from, or
        made from the same journal) are encoded again; the rest of the JSON is reused.
        """
        target = Path(path)
        data = self._encoder.encode(
            self._head_json(), self.scale_sets, self.events, self.events_dropped
        )
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _fsync_directory(target.parent)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Journal:
        """Read and validate a journal; :class:`JournalError` names the file and the field."""
        source = f"journal {os.fspath(path)}"
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise JournalError(f"{source}: cannot be read: {error}") from None
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise JournalError(
                f"{source}: not valid JSON (truncated or damaged?): {error}"
            ) from None
        return cls.from_json(document, source=source)


class NextAction(enum.StrEnum):
    """What a resumed rollout does next for one scale set."""

    START = "start"
    RESUME = "resume"
    GATE = "gate"
    STOPPED = "stopped"
    FINISHED = "finished"


@attrs.frozen
class NextStep:
    """One scale set's next step.

    ``RESUME``: follow ``tokens`` (aligned with ``batch.calls``; None where no token was
    recorded); ``unconfirmed_calls`` are the calls without a token, which may have been sent:
    send one only if its instances are still ``Eligible``. ``GATE``: the operations ended, run
    the batch's health gate. ``START``: a pending batch. ``STOPPED``: a batch failed and
    ``continue_on_failure`` is off. ``FINISHED``: nothing left.
    """

    scale_set: str
    action: NextAction
    batch: Batch | None
    tokens: tuple[str | None, ...]
    unconfirmed_calls: tuple[MaintenanceCall, ...]
    finished_batches: tuple[int, ...]
    failed_batches: tuple[int, ...]
    reason: str


def what_next(journal: Journal) -> tuple[NextStep, ...]:
    """For each scale set of ``journal``, in order, the step a resumed rollout takes."""
    return tuple(_next_step(journal, record) for record in journal.scale_sets)


def _next_step(journal: Journal, record: ScaleSetRecord) -> NextStep:
    passed = tuple(b.batch.index for b in record.batches if b.state is BatchState.GATE_PASSED)
    failed = tuple(b.batch.index for b in record.batches if b.state is BatchState.FAILED)
    finished = f"all {len(record.batches)} batch(es) finished"
    if failed:
        finished += f"; failed: {', '.join(f'batch {i + 1}' for i in failed)}"
    step = NextStep(
        record.plan.resource_id, NextAction.FINISHED, None, (), (), passed, failed, finished
    )
    for b in record.batches:
        number = f"batch {b.batch.index + 1} of {len(record.batches)}"
        if b.state is BatchState.STARTED:
            unconfirmed = tuple(c for c, t in zip(b.batch.calls, b.tokens, strict=True) if not t)
            return attrs.evolve(
                step,
                action=NextAction.RESUME,
                batch=b.batch,
                tokens=b.tokens,
                unconfirmed_calls=unconfirmed,
                reason=f"{number} was started: follow its operations",
            )
        if b.state is BatchState.DONE:
            return attrs.evolve(
                step,
                action=NextAction.GATE,
                batch=b.batch,
                tokens=b.tokens,
                reason=f"{number} finished its operations: run its health gate",
            )
        if b.state is BatchState.FAILED and not journal.continue_on_failure:
            return attrs.evolve(
                step,
                action=NextAction.STOPPED,
                reason=f"{number} failed: {b.error or 'no reason recorded'}",
            )
        if b.state is BatchState.PENDING:
            return attrs.evolve(
                step, action=NextAction.START, batch=b.batch, reason=f"{number} is next"
            )
    return step


def scrub(text: str) -> str:
    """``text`` without anything that looks like a bearer token or a JWT."""
    return _SECRET.sub(lambda m: f"{m.group(1) or ''}<redacted>", text)


def _fsync_directory(folder: Path) -> None:
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        descriptor = os.open(folder, flags)
    except OSError:  # platforms that cannot open a folder (Windows): the rename is done
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _pending(batch: Batch) -> BatchRecord:
    return BatchRecord(batch, BatchState.PENDING, (None,) * len(batch.calls), (), None, None, None)


def _check_aware(moment: datetime, name: str) -> None:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise JournalError(f"{name} {moment!r} is not valid; allowed: an aware datetime")


def _utc(moment: datetime, name: str) -> datetime:
    _check_aware(moment, name)
    return moment.astimezone(UTC)
