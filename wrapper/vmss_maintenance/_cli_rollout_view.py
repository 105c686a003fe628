"""What ``vmss-maintenance rollout`` shows: live progress lines, the plan as JSON.

:class:`ProgressLines` turns rollout events into one line per scale set on stderr: its batch
(k of n), how many instances are in each state and what it does next. Events come from the
rollout's worker threads; lines are printed whole, one at a time.
"""

from __future__ import annotations

import threading
from typing import IO, Any

from ._rollout_events import (
    BatchStarted,
    GateFailed,
    GatePassed,
    InstanceStateChanged,
    Pausing,
    RolloutEvent,
    ScaleSetDone,
    Throttled,
    short_name,
)
from ._rollout_plan import RolloutPlan
from ._rollout_report import RolloutSettings

#: The order instance states are counted in on a progress line.
STATES = ("pending", "maintaining", "maintained", "failed", "skipped")


class _ScaleSetView:
    def __init__(self, instance_ids: list[str], skipped: list[str], batch_count: int) -> None:
        self.states = dict.fromkeys(instance_ids, "pending")
        self.states.update(dict.fromkeys(skipped, "skipped"))
        self.batch = 0
        self.batch_count = batch_count
        self.next = "start batch 1" if batch_count else "nothing to do"
        self.shown = ""


class ProgressLines:
    """Prints a scale set's line to ``stream`` whenever one of its events changes it."""

    def __init__(
        self, plan: RolloutPlan, stream: IO[str], *, continue_on_failure: bool = False
    ) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self._continue = continue_on_failure
        self._views = {
            target.resource_id: _ScaleSetView(
                list(target.planned_instance_ids),
                [s.instance_id for s in target.skipped],
                len(target.batches),
            )
            for target in plan.targets
        }

    def __call__(self, event: RolloutEvent) -> None:
        """Take in ``event`` and print its scale set's line."""
        with self._lock:
            view = self._views.get(event.scale_set)
            if view is None:
                return
            _apply(view, event, self._continue)
            line = _line(event.scale_set, view)
            if line == view.shown:  # e.g. a second instance of the batch reached the gate
                return
            view.shown = line
            self._stream.write(line + "\n")
            self._stream.flush()


def _apply(view: _ScaleSetView, event: RolloutEvent, continue_on_failure: bool) -> None:
    if isinstance(event, BatchStarted):
        view.batch = event.batch + 1
        view.next = f"start maintenance on {len(event.instance_ids)} instance(s)"
    elif isinstance(event, InstanceStateChanged):
        view.states[event.instance_id] = event.state
        if event.state == "maintaining":
            view.next = "follow the operation, then the health gate"
        elif event.state in ("maintained", "failed"):
            view.next = "health gate"
    elif isinstance(event, GatePassed | GateFailed):
        later = event.batch + 1 < event.batch_count
        if isinstance(event, GateFailed) and not continue_on_failure:
            view.next = "stop: later batches are left untouched"
        elif later:
            view.next = f"start batch {event.batch + 2}"
        else:
            view.next = "finish"
    elif isinstance(event, Pausing):
        view.next = f"pause {event.seconds:g} s, then start batch {event.batch + 2}"
    elif isinstance(event, Throttled):
        view.next = f"wait {event.seconds:g} s (throttled), then ask again"
    elif isinstance(event, ScaleSetDone):
        view.next = f"done: {event.outcome}"


def _line(scale_set: str, view: _ScaleSetView) -> str:
    counts = {state: 0 for state in STATES}
    for state in view.states.values():
        counts[state] = counts.get(state, 0) + 1
    shown = ", ".join(f"{n} {state}" for state, n in counts.items())
    where = f"batch {view.batch} of {view.batch_count}" if view.batch else (
        f"{view.batch_count} batch(es)"
    )
    return f"{short_name(scale_set)}: {where}; {shown}; next: {view.next}"


def plan_document(plan: RolloutPlan, settings: RolloutSettings) -> dict[str, Any]:
    """The plan and the settings it would run with as a JSON-ready document (``--dry-run
    --output json``)."""
    return {
        "max_unavailable": plan.max_unavailable,
        "batch_by": plan.batch_by,
        "batch_count": plan.batch_count,
        "settings": settings.to_json_dict(),
        "scale_sets": [
            {
                "scale_set": target.resource_id,
                "orchestration_mode": target.orchestration_mode,
                "instance_count": target.instance_count,
                "max_unavailable": target.max_unavailable,
                "batches": [
                    {
                        "index": batch.index,
                        "update_domain": batch.update_domain,
                        "instance_ids": list(batch.instance_ids),
                        "calls": [call.operation_id for call in batch.calls],
                    }
                    for batch in target.batches
                ],
                "skipped": [
                    {"instance_id": s.instance_id, "state": s.state} for s in target.skipped
                ],
            }
            for target in plan.targets
        ],
    }
