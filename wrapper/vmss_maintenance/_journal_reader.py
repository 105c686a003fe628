"""Reading a rollout journal document: every field checked, every error naming the field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from ._journal_records import (
    FINAL_STATES,
    OUTCOMES,
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
from ._rollout_plan import (
    BATCH_BY_CHOICES,
    FLEXIBLE,
    SCALE_SET_OPERATION,
    UNIFORM,
    VM_OPERATION,
    Batch,
    MaintenanceCall,
    ScaleSetPlan,
    SkippedInstance,
    resolve_max_unavailable,
)
from .errors import InvalidArgumentError


def read_journal_fields(document: object, source: str) -> dict[str, Any]:
    """The fields of a ``Journal`` from a parsed JSON document, each one validated.

    :class:`JournalError` names ``source`` and the field (``scale_sets[0].batches[1].state``).
    """
    return _Reader(source).journal(document)


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

    def journal(self, document: object) -> dict[str, Any]:
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
        if not positive(health_timeout):
            raise self.fail("settings.health_timeout", f"{health_timeout!r} is not seconds > 0")
        # Journals written before the pause existed have none: they pause 0 s.
        pause = settings.get("pause_between_batches", 0.0)
        if not is_pause(pause):
            raise self.fail(
                "settings.pause_between_batches",
                f"{pause!r} is not valid; allowed: {PAUSE_ALLOWED}",
            )
        fields: dict[str, Any] = dict(
            created_at=self.required_time(root, "created_at", ""),
            updated_at=self.required_time(root, "updated_at", ""),
            max_unavailable=max_unavailable,
            batch_by=self.choice(settings, "batch_by", "settings", BATCH_BY_CHOICES),
            health_timeout=float(health_timeout),
            continue_on_failure=self.typed(
                settings, "continue_on_failure", "settings", bool, False
            ),
            pause_between_batches=float(pause),
            events=tuple(self.event(v, w) for w, v in self.items(root, "events", "")),
            events_dropped=self.integer(root, "events_dropped", "", 0),
        )
        records = tuple(
            self.scale_set(v, w, fields["continue_on_failure"])
            for w, v in self.items(root, "scale_sets", "")
        )
        seen: set[str] = set()
        for i, record in enumerate(records):
            key = record.plan.resource_id.lower()
            if key in seen:
                raise self.fail(f"scale_sets[{i}]", f"{scale_set_name(record.plan)} appears twice")
            seen.add(key)
        fields["scale_sets"] = records
        return fields

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
                check_outcome(outcome, batch)
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
            if record.state not in FINAL_STATES:
                seen_open = True
