"""The values a rollout journal is made of: batch states, records, outcomes and events."""

from __future__ import annotations

import enum
import math
from datetime import datetime
from typing import TypeGuard

import attrs

from ._rollout_plan import Batch, ScaleSetPlan
from .errors import InvalidArgumentError

SCHEMA = "vmss-maintenance/rollout-journal"
VERSION = 1
OUTCOMES = ("maintaining", "maintained", "passed", "failed", "skipped")
#: The longest pause between batches, in seconds: a week (a sleep has a limit; a soak rarely
#: needs more than hours).
MAX_PAUSE = 7 * 24 * 3600.0
PAUSE_ALLOWED = f"seconds from 0 to {MAX_PAUSE:g} (a week)"


class JournalError(InvalidArgumentError):
    """A journal cannot be read or used: names the file and the field, or the refused step."""


class BatchState(enum.StrEnum):
    """Where a batch stands; it moves pending -> started -> done -> gate-passed, or to failed."""

    PENDING = "pending"
    STARTED = "started"
    DONE = "done"
    GATE_PASSED = "gate-passed"
    FAILED = "failed"


FINAL_STATES = frozenset({BatchState.GATE_PASSED, BatchState.FAILED})


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


def scale_set_name(plan: ScaleSetPlan) -> str:
    """``resource_group/name`` of a planned scale set, for messages."""
    return f"{plan.resource_group_name}/{plan.vm_scale_set_name}"


def positive(value: object) -> bool:
    """Whether ``value`` is a finite number above 0 (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and value > 0


def is_pause(value: object) -> TypeGuard[int | float]:
    """Whether ``value`` is a pause between batches: a number (not a bool) from 0 to
    :data:`MAX_PAUSE` seconds."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and 0 <= value <= MAX_PAUSE


def check_pause(value: object) -> float:
    """``value`` as the seconds of ``pause_between_batches``; InvalidArgumentError otherwise."""
    if not is_pause(value):
        raise InvalidArgumentError(
            f"pause_between_batches {value!r} is not valid; allowed: {PAUSE_ALLOWED}"
        )
    return float(value)


def check_outcome(outcome: InstanceOutcome, batch: Batch) -> None:
    """Refuse an outcome for an instance outside ``batch`` or with an unknown value."""
    if outcome.instance_id not in batch.instance_ids:
        raise JournalError(
            f"instance {outcome.instance_id!r} is not in batch {batch.index + 1}; "
            f"it has: {', '.join(batch.instance_ids)}"
        )
    if outcome.outcome not in OUTCOMES:
        raise JournalError(
            f"outcome {outcome.outcome!r} is not valid; allowed: {', '.join(OUTCOMES)}"
        )
