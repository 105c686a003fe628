"""What a rollout tells its watchers: frozen event values, each with a one-line ``describe()``.

``scale_set`` is always the scale set's ARM resource id; ``batch`` counts from 0 (texts count
from 1). Events go to ``on_event`` and to the logger ``vmss_maintenance.rollout`` at INFO.
"""

from __future__ import annotations

import enum

import attrs


class ScaleSetOutcome(enum.StrEnum):
    """How a scale set's rollout ended.

    ``SUCCEEDED``: every batch passed its gate. ``FAILED``: a batch failed and, with
    ``continue_on_failure``, the later ones ran. ``STOPPED``: a batch failed and the later ones
    were left untouched. ``INTERRUPTED``: the run ended early (interrupted, or an error that
    leaves the rollout resumable from its journal).
    """

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    STOPPED = "stopped"
    INTERRUPTED = "interrupted"


def short_name(resource_id: str) -> str:
    """``resource_group/name`` of a scale set's resource id (the id itself if it is not one)."""
    parts = resource_id.strip("/").split("/")
    lowered = [p.lower() for p in parts]
    if "resourcegroups" in lowered and len(parts) >= 2:
        group = parts[lowered.index("resourcegroups") + 1]
        return f"{group}/{parts[-1]}"
    return resource_id


@attrs.frozen
class BatchStarted:
    """A batch is starting: ``instance_ids`` get maintenance; ``skipped`` (id, state) do not."""

    scale_set: str
    batch: int
    batch_count: int
    instance_ids: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        """One line for people."""
        text = (
            f"{short_name(self.scale_set)}: batch {self.batch + 1} of {self.batch_count} "
            f"starting: {', '.join(self.instance_ids) or 'no instance'}"
        )
        if self.skipped:
            text += "; skipped: " + ", ".join(f"{i} ({s})" for i, s in self.skipped)
        return text


@attrs.frozen
class InstanceStateChanged:
    """An instance moved to ``state``: maintaining, maintained, failed or skipped."""

    scale_set: str
    instance_id: str
    state: str
    detail: str

    def describe(self) -> str:
        """One line for people."""
        return f"{short_name(self.scale_set)}: instance {self.instance_id} {self.state}: " + (
            self.detail
        )


@attrs.frozen
class GatePassed:
    """Every instance of a batch is back, running and healthy."""

    scale_set: str
    batch: int
    batch_count: int

    def describe(self) -> str:
        """One line for people."""
        return (
            f"{short_name(self.scale_set)}: batch {self.batch + 1} of {self.batch_count} "
            "passed its health gate"
        )


@attrs.frozen
class GateFailed:
    """A batch failed its health gate (or its operation); ``reason`` names the instances."""

    scale_set: str
    batch: int
    batch_count: int
    reason: str

    def describe(self) -> str:
        """One line for people."""
        return (
            f"{short_name(self.scale_set)}: batch {self.batch + 1} of {self.batch_count} "
            f"failed: {self.reason}"
        )


@attrs.frozen
class Pausing:
    """A batch finished (passed, or failed under ``continue_on_failure``): the scale set waits
    ``seconds`` (``pause_between_batches``, or what is left of it on a resume) before its next
    batch."""

    scale_set: str
    batch: int
    batch_count: int
    seconds: float
    passed: bool = True

    def describe(self) -> str:
        """One line for people."""
        return (
            f"{short_name(self.scale_set)}: batch {self.batch + 1} of {self.batch_count} "
            f"{'passed' if self.passed else 'failed'}; pausing {self.seconds:g} s before "
            f"batch {self.batch + 2}"
        )


@attrs.frozen
class Throttled:
    """The service asked to slow down; the rollout waits ``seconds`` before asking again."""

    scale_set: str
    seconds: float
    reason: str

    def describe(self) -> str:
        """One line for people."""
        return f"{short_name(self.scale_set)}: throttled, waiting {self.seconds:g} s: {self.reason}"


@attrs.frozen
class ScaleSetDone:
    """A scale set's rollout ended with ``outcome``."""

    scale_set: str
    outcome: ScaleSetOutcome
    reason: str

    def describe(self) -> str:
        """One line for people."""
        return f"{short_name(self.scale_set)}: rollout {self.outcome}: {self.reason}"


RolloutEvent = (
    BatchStarted
    | InstanceStateChanged
    | GatePassed
    | GateFailed
    | Pausing
    | Throttled
    | ScaleSetDone
)
