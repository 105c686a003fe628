"""The report of a rollout: per scale set its outcome, batches and every instance's final state.

Built from the journal (which knows every batch and outcome, this run's and earlier runs') and
how each scale set's run ended. :attr:`RolloutReport.exit_code` follows the CLI's table.
"""

from __future__ import annotations

import enum
import shlex
from collections.abc import Mapping
from typing import Any

import attrs

from ._exit_codes import (
    EXIT_AUTHENTICATION,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_SERVICE_ERROR,
    EXIT_SUCCEEDED,
    EXIT_TIMED_OUT,
)
from ._journal import Journal
from ._journal_records import BatchRecord, BatchState, ScaleSetRecord
from ._rollout_events import ScaleSetOutcome, short_name
from ._rollout_plan import instance_sort_key
from ._rollout_run import ScaleSetEnd, StopCause, call_instance_ids

_CAUSE_EXIT = {
    StopCause.INTERRUPTED: EXIT_INTERRUPTED,
    StopCause.AUTHENTICATION: EXIT_AUTHENTICATION,
    StopCause.SERVICE: EXIT_SERVICE_ERROR,
    StopCause.TIMEOUT: EXIT_TIMED_OUT,
}
# The most serious first: what the exit code reports when scale sets ended differently.
_EXIT_ORDER = (
    EXIT_INTERRUPTED,
    EXIT_AUTHENTICATION,
    EXIT_SERVICE_ERROR,
    EXIT_TIMED_OUT,
    EXIT_FAILED,
    EXIT_SUCCEEDED,
)


class InstanceState(enum.StrEnum):
    """An instance's final state in a report."""

    MAINTAINED = "maintained"
    FAILED = "failed"
    SKIPPED = "skipped"
    IN_PROGRESS = "in-progress"
    NOT_STARTED = "not-started"


@attrs.frozen
class InstanceReport:
    """One instance: its state, its batch (None when it was skipped at planning), why."""

    instance_id: str
    state: InstanceState
    batch: int | None
    detail: str


@attrs.frozen
class BatchReport:
    """One batch: its journal state and its error when it failed."""

    index: int
    state: BatchState
    instance_ids: tuple[str, ...]
    error: str | None


@attrs.frozen
class ScaleSetReport:
    """One scale set: how its rollout ended and where each of its instances stands.

    ``instances`` are in instance id order (numeric ids numerically).
    """

    scale_set: str
    outcome: ScaleSetOutcome
    reason: str
    cause: StopCause | None
    batches: tuple[BatchReport, ...]
    instances: tuple[InstanceReport, ...]

    @property
    def name(self) -> str:
        """``resource_group/name``."""
        return short_name(self.scale_set)

    @property
    def counts(self) -> dict[InstanceState, int]:
        """Instances per state; every state is a key."""
        counts = dict.fromkeys(InstanceState, 0)
        for instance in self.instances:
            counts[instance.state] += 1
        return counts

    @property
    def exit_code(self) -> int:
        """This scale set's exit code (see :attr:`RolloutReport.exit_code`)."""
        if self.cause is not None:
            return _CAUSE_EXIT[self.cause]
        if self.outcome is ScaleSetOutcome.SUCCEEDED:
            return EXIT_SUCCEEDED
        return EXIT_FAILED


@attrs.frozen
class RolloutSettings:
    """How a rollout runs, as its journal keeps it: seconds a batch has to pass its health
    gate, whether a failed batch lets the next one start, seconds between batches."""

    health_timeout: float = 900.0
    continue_on_failure: bool = False
    pause_between_batches: float = 0.0

    @classmethod
    def of(cls, journal: Journal) -> RolloutSettings:
        """The settings ``journal`` keeps."""
        return cls(
            journal.health_timeout, journal.continue_on_failure, journal.pause_between_batches
        )

    def describe(self) -> str:
        """One line for people."""
        failure = (
            "a failed batch does not stop its scale set"
            if self.continue_on_failure
            else "a failed batch stops its scale set"
        )
        return (
            f"Settings: health gate within {self.health_timeout:g} s, "
            f"{self.pause_between_batches:g} s pause between batches, {failure}."
        )

    def to_json_dict(self) -> dict[str, Any]:
        """The settings as a JSON-ready document."""
        return {
            "health_timeout": self.health_timeout,
            "continue_on_failure": self.continue_on_failure,
            "pause_between_batches": self.pause_between_batches,
        }


@attrs.frozen
class RolloutReport:
    """The outcome of a rollout over every scale set of its journal, and its settings."""

    scale_sets: tuple[ScaleSetReport, ...]
    journal_path: str | None
    settings: RolloutSettings = RolloutSettings()

    @property
    def exit_code(self) -> int:
        """0 everything planned was maintained (or skipped as no longer eligible); 1 an
        instance's maintenance or health gate failed; 3 authentication; 4 timeout (an operation
        still running); 5 service error; 130 interrupted. The most serious wins, in the order
        130, 3, 5, 4, 1."""
        codes = {s.exit_code for s in self.scale_sets}
        return next((code for code in _EXIT_ORDER if code in codes), EXIT_SUCCEEDED)

    @property
    def resumable(self) -> bool:
        """Whether a scale set ended early and a run with the journal would continue it."""
        return any(s.outcome is ScaleSetOutcome.INTERRUPTED for s in self.scale_sets)

    @property
    def resume_command(self) -> str | None:
        """The command that continues this rollout, when it is resumable and has a journal."""
        if not self.resumable or self.journal_path is None:
            return None
        return resume_command(self.journal_path)

    @property
    def counts(self) -> dict[InstanceState, int]:
        """Instances per state over every scale set; every state is a key."""
        counts = dict.fromkeys(InstanceState, 0)
        for scale_set in self.scale_sets:
            for state, number in scale_set.counts.items():
                counts[state] += number
        return counts

    def to_json_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready document."""
        return {
            "exit_code": self.exit_code,
            "journal": self.journal_path,
            "resume_command": self.resume_command,
            "counts": {str(k): v for k, v in self.counts.items()},
            "settings": self.settings.to_json_dict(),
            "scale_sets": [
                {
                    "scale_set": s.scale_set,
                    "outcome": str(s.outcome),
                    "reason": s.reason,
                    "cause": None if s.cause is None else str(s.cause),
                    "counts": {str(k): v for k, v in s.counts.items()},
                    "batches": [
                        {
                            "index": b.index,
                            "state": str(b.state),
                            "instance_ids": list(b.instance_ids),
                            "error": b.error,
                        }
                        for b in s.batches
                    ],
                    "instances": [
                        {
                            "instance_id": i.instance_id,
                            "state": str(i.state),
                            "batch": i.batch,
                            "detail": i.detail,
                        }
                        for i in s.instances
                    ],
                }
                for s in self.scale_sets
            ],
        }

    def lines(self) -> list[str]:
        """Text lines for the CLI's final table: per scale set a line, then one per instance;
        then the settings and the totals."""
        lines = []
        for s in self.scale_sets:
            counts = ", ".join(f"{n} {state}" for state, n in s.counts.items() if n)
            lines.append(f"{s.name}: {s.outcome} ({counts or 'no instance'}): {s.reason}")
            for i in s.instances:
                batch = "-" if i.batch is None else str(i.batch + 1)
                lines.append(f"  {i.instance_id:<12} batch {batch:<3} {i.state:<11} {i.detail}")
        lines.append(self.settings.describe())
        totals = ", ".join(f"{n} {state}" for state, n in self.counts.items() if n)
        lines.append(f"Total: {totals or 'no instance'}; exit code {self.exit_code}.")
        if self.resume_command is not None:
            lines.append(f"The journal is saved; to continue: {self.resume_command}")
        elif self.resumable:
            lines.append("No journal was kept: this rollout cannot be resumed.")
        return lines


def resume_command(journal_path: str) -> str:
    """The command that resumes the rollout of the journal at ``journal_path``."""
    return f"vmss-maintenance rollout --resume {shlex.quote(journal_path)}"


def build_report(
    journal: Journal, ends: Mapping[str, ScaleSetEnd], journal_path: str | None
) -> RolloutReport:
    """The report of ``journal`` where ``ends`` (by resource id) says how each run ended.

    A scale set without an end never ran in this process: it counts as interrupted.
    """
    reports = []
    for record in journal.scale_sets:
        key = record.plan.resource_id
        end = ends.get(key) or ScaleSetEnd(
            ScaleSetOutcome.INTERRUPTED,
            "not run: the rollout was interrupted",
            StopCause.INTERRUPTED,
        )
        reports.append(
            ScaleSetReport(
                scale_set=key,
                outcome=end.outcome,
                reason=end.reason,
                cause=end.cause,
                batches=tuple(
                    BatchReport(b.batch.index, b.state, b.batch.instance_ids, b.error)
                    for b in record.batches
                ),
                instances=_instances(record),
            )
        )
    return RolloutReport(tuple(reports), journal_path, RolloutSettings.of(journal))


def _instances(record: ScaleSetRecord) -> tuple[InstanceReport, ...]:
    found = [
        InstanceReport(s.instance_id, InstanceState.SKIPPED, None, f"state {s.state} at planning")
        for s in record.plan.skipped
    ]
    for batch in record.batches:
        found.extend(_batch_instances(batch))
    return tuple(sorted(found, key=lambda i: instance_sort_key(i.instance_id)))


_FROM_OUTCOME = {
    "passed": InstanceState.MAINTAINED,
    "failed": InstanceState.FAILED,
    "skipped": InstanceState.SKIPPED,
}


def _batch_instances(record: BatchRecord) -> list[InstanceReport]:
    batch = record.batch
    outcomes = {o.instance_id: o for o in record.outcomes}
    sent = {
        i for k, token in enumerate(record.tokens) if token for i in call_instance_ids(batch, k)
    }
    found = []
    for instance_id in batch.instance_ids:
        outcome = outcomes.get(instance_id)
        state: InstanceState
        if outcome is not None and outcome.outcome in _FROM_OUTCOME:
            state, detail = _FROM_OUTCOME[outcome.outcome], outcome.detail
        elif record.state is BatchState.PENDING:
            state, detail = InstanceState.NOT_STARTED, "its batch has not started"
        elif record.state is BatchState.DONE:
            state, detail = InstanceState.IN_PROGRESS, "operation ended; health gate not passed yet"
        elif record.state is BatchState.STARTED:
            state = InstanceState.IN_PROGRESS
            detail = (
                "operation in flight"
                if instance_id in sent
                else "may have been sent: resume checks"
            )
        elif instance_id in sent:
            state, detail = InstanceState.FAILED, record.error or "its batch failed"
        else:
            state, detail = InstanceState.NOT_STARTED, "not sent: its batch failed first"
        found.append(InstanceReport(instance_id, state, batch.index, detail))
    return found
