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
import math
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs

from ._rollout_plan import (
    BATCH_BY_CHOICES,
    FLEXIBLE,
    SCALE_SET_OPERATION,
    UNIFORM,
    VM_OPERATION,
    Batch,
    MaintenanceCall,
    RolloutPlan,
    ScaleSetPlan,
    SkippedInstance,
    resolve_max_unavailable,
)
from .errors import InvalidArgumentError

SCHEMA = "vmss-maintenance/rollout-journal"
VERSION = 1
MAX_EVENTS = 200
OUTCOMES = ("maintaining", "maintained", "passed", "failed")
_SECRET = re.compile(r"(bearer\s+)[^\s\"',;]+|eyJ[\w-]+\.[\w-]+\.[\w-]+", re.IGNORECASE)


class JournalError(InvalidArgumentError):
    """A journal cannot be read or used: names the file and the field, or the refused step."""


class BatchState(enum.StrEnum):
    """Where a batch stands; it moves pending -> started -> done -> gate-passed, or to failed."""

    PENDING = "pending"
    STARTED = "started"
    DONE = "done"
    GATE_PASSED = "gate-passed"
    FAILED = "failed"


_FINAL = frozenset({BatchState.GATE_PASSED, BatchState.FAILED})
_ACTIVE = frozenset({BatchState.STARTED, BatchState.DONE})


@attrs.frozen
class InstanceOutcome:
    """How one instance of a batch came out; ``outcome`` is one of :data:`OUTCOMES`."""

    instance_id: str
    outcome: str
    detail: str


@attrs.frozen
class BatchRecord:
    """A planned batch with its progress; ``tokens`` is aligned with ``batch.calls``."""

    batch: Batch
    state: BatchState
    tokens: tuple[str | None, ...]
    outcomes: tuple[InstanceOutcome, ...]
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None


@attrs.frozen
class ScaleSetRecord:
    """One scale set's plan and the progress of its batches."""

    plan: ScaleSetPlan
    batches: tuple[BatchRecord, ...]


@attrs.frozen
class JournalEvent:
    """Something that happened, for people reading the journal."""

    at: datetime
    kind: str
    message: str
    scale_set: str | None
    batch: int | None


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

    @classmethod
    def create(
        cls,
        plan: RolloutPlan,
        *,
        now: datetime,
        health_timeout: float = 900.0,
        continue_on_failure: bool = False,
    ) -> Journal:
        """A journal for ``plan`` with every batch pending."""
        now = _utc(now, "now")
        if isinstance(health_timeout, bool) or not _positive(health_timeout):
            raise JournalError(
                f"health_timeout {health_timeout!r} is not valid; allowed: seconds > 0"
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
    ) -> Journal:
        """Record that ``batch`` of ``scale_set`` (its resource id) is being started.

        Write this *before* sending its requests. Refused unless the batch is pending, every
        earlier batch is finished (gate-passed, or failed with ``continue_on_failure``) and no
        other batch of the scale set is in flight.
        """
        where, record = self._find(scale_set, batch)
        if record.state is not BatchState.PENDING:
            raise self._refused(where, batch, record, "start it")
        earlier = self.scale_sets[where].batches[:batch]
        for other in earlier:
            failed_ok = other.state is BatchState.FAILED and self.continue_on_failure
            if other.state is not BatchState.GATE_PASSED and not failed_ok:
                raise JournalError(
                    f"batch {batch + 1} of {_name(self.scale_sets[where].plan)} cannot start: "
                    f"batch {other.batch.index + 1} is {other.state}"
                )
        calls = len(record.batch.calls)
        padded = tuple(tokens) + (None,) * (calls - len(tokens))
        if len(padded) != calls:
            raise JournalError(
                f"batch {batch + 1} has {calls} call(s) but {len(tokens)} token(s) were given"
            )
        changed = attrs.evolve(
            record, state=BatchState.STARTED, tokens=padded, started_at=_utc(now, "now")
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
            _check_outcome(outcome, record.batch)
            merged[outcome.instance_id] = attrs.evolve(outcome, detail=scrub(outcome.detail))
        changed = attrs.evolve(
            record,
            state=state,
            outcomes=tuple(merged.values()),
            finished_at=_utc(now, "now") if state in _FINAL else record.finished_at,
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
                        f"batch index {batch!r} is not valid for {_name(record.plan)}; "
                        f"allowed: 0 to {len(record.batches) - 1}"
                    )
                return where, record.batches[batch]
        known = ", ".join(s.plan.resource_id for s in self.scale_sets) or "none"
        raise JournalError(f"scale set {scale_set!r} is not in this journal; it has: {known}")

    def _refused(self, where: int, batch: int, record: BatchRecord, step: str) -> JournalError:
        return JournalError(
            f"batch {batch + 1} of {_name(self.scale_sets[where].plan)} is {record.state}; "
            f"cannot {step}"
        )

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
            "schema": SCHEMA,
            "version": VERSION,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "settings": {
                "max_unavailable": self.max_unavailable,
                "batch_by": self.batch_by,
                "health_timeout": self.health_timeout,
                "continue_on_failure": self.continue_on_failure,
            },
            "scale_sets": [_scale_set_json(s) for s in self.scale_sets],
            "events": [
                {
                    "at": e.at.isoformat(),
                    "kind": e.kind,
                    "message": e.message,
                    "scale_set": e.scale_set,
                    "batch": e.batch,
                }
                for e in self.events
            ],
            "events_dropped": self.events_dropped,
        }

    @classmethod
    def from_json(cls, document: object, *, source: str = "journal") -> Journal:
        """Validate ``document`` field by field; errors name ``source`` and the field."""
        return _Reader(source).journal(document)

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write atomically: a temporary file beside ``path``, fsync, rename, fsync the folder.

        A crash at any point leaves either the previous journal or this one, never a mix.
        """
        target = Path(path)
        data = (json.dumps(self.to_json(), indent=2) + "\n").encode()
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


def _name(plan: ScaleSetPlan) -> str:
    return f"{plan.resource_group_name}/{plan.vm_scale_set_name}"


def _positive(value: object) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and value > 0


def _check_aware(moment: datetime, name: str) -> None:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise JournalError(f"{name} {moment!r} is not valid; allowed: an aware datetime")


def _utc(moment: datetime, name: str) -> datetime:
    _check_aware(moment, name)
    return moment.astimezone(UTC)


def _check_outcome(outcome: InstanceOutcome, batch: Batch) -> None:
    if outcome.instance_id not in batch.instance_ids:
        raise JournalError(
            f"instance {outcome.instance_id!r} is not in batch {batch.index + 1}; "
            f"it has: {', '.join(batch.instance_ids)}"
        )
    if outcome.outcome not in OUTCOMES:
        raise JournalError(
            f"outcome {outcome.outcome!r} is not valid; allowed: {', '.join(OUTCOMES)}"
        )


def _scale_set_json(record: ScaleSetRecord) -> dict[str, Any]:
    plan = record.plan
    return {
        "subscription_id": plan.subscription_id,
        "resource_group_name": plan.resource_group_name,
        "vm_scale_set_name": plan.vm_scale_set_name,
        "orchestration_mode": plan.orchestration_mode,
        "instance_count": plan.instance_count,
        "max_unavailable": plan.max_unavailable,
        "skipped": [
            {"instance_id": s.instance_id, "state": s.state, "update_domain": s.update_domain}
            for s in plan.skipped
        ],
        "batches": [
            {
                "index": b.batch.index,
                "instance_ids": list(b.batch.instance_ids),
                "update_domain": b.batch.update_domain,
                "calls": [
                    {
                        "operation_id": c.operation_id,
                        "subscription_id": c.subscription_id,
                        "resource_group_name": c.resource_group_name,
                        "resource_name": c.resource_name,
                        "instance_ids": None if c.instance_ids is None else list(c.instance_ids),
                    }
                    for c in b.batch.calls
                ],
                "state": str(b.state),
                "tokens": list(b.tokens),
                "outcomes": [
                    {"instance_id": o.instance_id, "outcome": o.outcome, "detail": o.detail}
                    for o in b.outcomes
                ],
                "started_at": b.started_at.isoformat() if b.started_at else None,
                "finished_at": b.finished_at.isoformat() if b.finished_at else None,
                "error": b.error,
            }
            for b in record.batches
        ],
    }


class _Reader:
    """Reads a journal document, each problem an error naming the source and the field."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, field: str, problem: str) -> JournalError:
        return JournalError(f"{self.source}: field {field}: {problem}")

    def obj(self, value: object, field: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(field, f"expected an object, found {type(value).__name__}")
        return value

    def get(self, m: Mapping[str, Any], key: str, field: str) -> Any:
        if key not in m:
            raise self.fail(f"{field}.{key}" if field else key, "is missing")
        return m[key]

    def typed(self, m: Mapping[str, Any], key: str, field: str, kind: type, optional: bool) -> Any:
        value = self.get(m, key, field)
        name = f"{field}.{key}" if field else key
        if value is None and optional:
            return None
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
            wanted = kind.__name__ + (" or null" if optional else "")
            raise self.fail(name, f"expected {wanted}, found {value!r}")
        return value

    def text(self, m: Mapping[str, Any], key: str, field: str) -> str:
        value: str = self.typed(m, key, field, str, False)
        return value

    def opt_text(self, m: Mapping[str, Any], key: str, field: str) -> str | None:
        value: str | None = self.typed(m, key, field, str, True)
        return value

    def integer(self, m: Mapping[str, Any], key: str, field: str, minimum: int) -> int:
        value: int = self.typed(m, key, field, int, False)
        if value < minimum:
            raise self.fail(f"{field}.{key}", f"{value} is below {minimum}")
        return value

    def opt_int(self, m: Mapping[str, Any], key: str, field: str) -> int | None:
        value: int | None = self.typed(m, key, field, int, True)
        return value

    def items(self, m: Mapping[str, Any], key: str, field: str) -> list[tuple[str, Any]]:
        value = self.typed(m, key, field, list, False)
        return [(f"{field}.{key}[{i}]" if field else f"{key}[{i}]", v) for i, v in enumerate(value)]

    def strings(self, m: Mapping[str, Any], key: str, field: str) -> tuple[str, ...]:
        values = []
        for where, value in self.items(m, key, field):
            if not isinstance(value, str) or not value:
                raise self.fail(where, f"expected a non-empty string, found {value!r}")
            values.append(value)
        return tuple(values)

    def time(self, m: Mapping[str, Any], key: str, field: str, optional: bool) -> datetime | None:
        value = self.typed(m, key, field, str, optional)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is None or moment.utcoffset() is None:
            raise self.fail(f"{field}.{key}" if field else key, f"{value!r} is not a UTC time")
        return moment

    def choice(self, m: Mapping[str, Any], key: str, field: str, allowed: Sequence[str]) -> str:
        value = self.text(m, key, field)
        if value not in allowed:
            raise self.fail(
                f"{field}.{key}" if field else key,
                f"{value!r} is not allowed; allowed: {', '.join(allowed)}",
            )
        return value

    def journal(self, document: object) -> Journal:
        root = self.obj(document, "(document)")
        schema = self.get(root, "schema", "")
        if schema != SCHEMA:
            raise self.fail("schema", f"{schema!r} is not a rollout journal ({SCHEMA!r})")
        version = self.get(root, "version", "")
        if version != VERSION or isinstance(version, bool):
            raise self.fail(
                "version", f"{version!r} is not supported; this version reads {VERSION}"
            )
        settings = self.obj(self.get(root, "settings", ""), "settings")
        max_unavailable = self.get(settings, "max_unavailable", "settings")
        try:
            resolve_max_unavailable(max_unavailable, 1)
        except InvalidArgumentError as error:
            raise self.fail("settings.max_unavailable", str(error)) from None
        health_timeout = self.get(settings, "health_timeout", "settings")
        if isinstance(health_timeout, bool) or not _positive(health_timeout):
            raise self.fail("settings.health_timeout", f"{health_timeout!r} is not seconds > 0")
        journal = Journal(
            created_at=self.required_time(root, "created_at", ""),
            updated_at=self.required_time(root, "updated_at", ""),
            max_unavailable=max_unavailable,
            batch_by=self.choice(settings, "batch_by", "settings", BATCH_BY_CHOICES),
            health_timeout=float(health_timeout),
            continue_on_failure=self.typed(
                settings, "continue_on_failure", "settings", bool, False
            ),
            scale_sets=(),
            events=tuple(self.event(v, w) for w, v in self.items(root, "events", "")),
            events_dropped=self.integer(root, "events_dropped", "", 0),
        )
        records = tuple(
            self.scale_set(v, w, journal.continue_on_failure)
            for w, v in self.items(root, "scale_sets", "")
        )
        seen: set[str] = set()
        for i, record in enumerate(records):
            key = record.plan.resource_id.lower()
            if key in seen:
                raise self.fail(f"scale_sets[{i}]", f"{_name(record.plan)} appears twice")
            seen.add(key)
        return attrs.evolve(journal, scale_sets=records)

    def required_time(self, m: Mapping[str, Any], key: str, field: str) -> datetime:
        moment = self.time(m, key, field, False)
        assert moment is not None
        return moment

    def event(self, value: object, field: str) -> JournalEvent:
        m = self.obj(value, field)
        return JournalEvent(
            at=self.required_time(m, "at", field),
            kind=self.text(m, "kind", field),
            message=self.text(m, "message", field),
            scale_set=self.opt_text(m, "scale_set", field),
            batch=self.opt_int(m, "batch", field),
        )

    def scale_set(self, value: object, field: str, continue_on_failure: bool) -> ScaleSetRecord:
        m = self.obj(value, field)
        mode = self.choice(m, "orchestration_mode", field, (UNIFORM, FLEXIBLE))
        limit = self.integer(m, "max_unavailable", field, 1)
        partial = ScaleSetPlan(
            subscription_id=self.text(m, "subscription_id", field),
            resource_group_name=self.text(m, "resource_group_name", field),
            vm_scale_set_name=self.text(m, "vm_scale_set_name", field),
            orchestration_mode=mode,
            instance_count=self.integer(m, "instance_count", field, 0),
            max_unavailable=limit,
            batches=(),
            skipped=tuple(self.skipped(v, w) for w, v in self.items(m, "skipped", field)),
        )
        batches = tuple(
            self.batch(v, w, position, partial)
            for position, (w, v) in enumerate(self.items(m, "batches", field))
        )
        plan = attrs.evolve(partial, batches=tuple(b.batch for b in batches))
        every = [i for b in plan.batches for i in b.instance_ids]
        every += [s.instance_id for s in plan.skipped]
        twice = sorted({i for i in every if every.count(i) > 1})
        if twice:
            raise self.fail(field, f"instances {', '.join(twice)} appear more than once")
        if len(every) != plan.instance_count:
            raise self.fail(
                f"{field}.instance_count",
                f"{plan.instance_count} but batches and skipped list {len(every)} instance(s)",
            )
        self.check_order(batches, field, continue_on_failure)
        return ScaleSetRecord(plan, batches)

    def skipped(self, value: object, field: str) -> SkippedInstance:
        m = self.obj(value, field)
        return SkippedInstance(
            instance_id=self.text(m, "instance_id", field),
            state=self.text(m, "state", field),
            update_domain=self.opt_int(m, "update_domain", field),
        )

    def batch(self, value: object, field: str, position: int, plan: ScaleSetPlan) -> BatchRecord:
        m = self.obj(value, field)
        index = self.integer(m, "index", field, 0)
        if index != position:
            raise self.fail(f"{field}.index", f"{index} but the batch is number {position}")
        ids = self.strings(m, "instance_ids", field)
        if not 0 < len(ids) <= plan.max_unavailable:
            raise self.fail(
                f"{field}.instance_ids",
                f"{len(ids)} instance(s); allowed: 1 to {plan.max_unavailable}",
            )
        calls = tuple(self.call(v, w) for w, v in self.items(m, "calls", field))
        self.check_calls(calls, ids, plan, f"{field}.calls")
        state = BatchState(self.choice(m, "state", field, [str(s) for s in BatchState]))
        tokens: list[str | None] = []
        for where, token in self.items(m, "tokens", field):
            if token is not None and (not isinstance(token, str) or not token):
                raise self.fail(where, f"expected a non-empty string or null, found {token!r}")
            tokens.append(token)
        if len(tokens) != len(calls):
            raise self.fail(f"{field}.tokens", f"{len(tokens)} for {len(calls)} call(s)")
        started_at = self.time(m, "started_at", field, True)
        if state is BatchState.PENDING and (started_at or any(tokens)):
            raise self.fail(field, "a pending batch has no start time and no token")
        if state is not BatchState.PENDING and started_at is None:
            raise self.fail(f"{field}.started_at", f"is null but the batch is {state}")
        batch = Batch(index, ids, self.opt_int(m, "update_domain", field), calls)
        outcomes = []
        for where, value in self.items(m, "outcomes", field):
            outcome = self.outcome(value, where)
            try:
                _check_outcome(outcome, batch)
            except JournalError as error:
                raise self.fail(where, str(error)) from None
            outcomes.append(outcome)
        return BatchRecord(
            batch=batch,
            state=state,
            tokens=tuple(tokens),
            outcomes=tuple(outcomes),
            started_at=started_at,
            finished_at=self.time(m, "finished_at", field, True),
            error=self.opt_text(m, "error", field),
        )

    def call(self, value: object, field: str) -> MaintenanceCall:
        m = self.obj(value, field)
        ids = None if self.get(m, "instance_ids", field) is None else (
            self.strings(m, "instance_ids", field)
        )
        return MaintenanceCall(
            operation_id=self.choice(m, "operation_id", field, (SCALE_SET_OPERATION, VM_OPERATION)),
            subscription_id=self.text(m, "subscription_id", field),
            resource_group_name=self.text(m, "resource_group_name", field),
            resource_name=self.text(m, "resource_name", field),
            instance_ids=ids,
        )

    def check_calls(
        self,
        calls: tuple[MaintenanceCall, ...],
        ids: tuple[str, ...],
        plan: ScaleSetPlan,
        field: str,
    ) -> None:
        if plan.orchestration_mode == UNIFORM:
            expected = [(SCALE_SET_OPERATION, plan.vm_scale_set_name, ids)]
            found = [(c.operation_id, c.resource_name, c.instance_ids) for c in calls]
            if found != expected:
                raise self.fail(field, "a Uniform batch is one scale-set call with its instances")
        elif len(calls) != len(ids) or any(
            c.operation_id != VM_OPERATION or c.instance_ids is not None for c in calls
        ):
            raise self.fail(field, "a Flexible batch is one VM call per instance")

    def outcome(self, value: object, field: str) -> InstanceOutcome:
        m = self.obj(value, field)
        return InstanceOutcome(
            instance_id=self.text(m, "instance_id", field),
            outcome=self.choice(m, "outcome", field, OUTCOMES),
            detail=self.text(m, "detail", field),
        )

    def check_order(
        self, batches: Sequence[BatchRecord], field: str, continue_on_failure: bool
    ) -> None:
        # Batches run in order: finished ones, at most one in flight, then pending ones; after
        # a failure only pending ones unless continue_on_failure.
        seen_open = False
        for position, record in enumerate(batches):
            where = f"{field}.batches[{position}].state"
            if seen_open and record.state is not BatchState.PENDING:
                raise self.fail(where, f"{record.state} after a batch that is not finished")
            later = batches[position + 1 :]
            if (
                record.state is BatchState.FAILED
                and not continue_on_failure
                and any(b.state is not BatchState.PENDING for b in later)
            ):
                raise self.fail(
                    where, "failed, yet a later batch went on without continue_on_failure"
                )
            if record.state not in _FINAL:
                seen_open = True
