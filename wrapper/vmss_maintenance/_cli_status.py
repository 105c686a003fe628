"""The command line's status side: ``status`` of one scale set or of several, and ``perform
--eligible``'s reading and its per-VM maintenance of a Flexible scale set.

The commands' set-up (arguments, client, errors, exit codes) stays in :mod:`.cli`; this module
reads and prints the status and runs the VM operations.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

import attrs

from . import _cli_output, _status_table
from ._maintenance_status import ScaleSetMaintenance
from ._status_table import Unread
from ._threaded_reads import read_all
from .errors import InvalidArgumentError, MaintenanceError

if TYPE_CHECKING:
    from ._cli_session import Session
    from ._client import MaintenanceClient, MaintenancePoller
    from ._clock import Clock
    from ._result import VmMaintenanceResult

#: On a long listing, a progress line at most every this many instances (Uniform: per page).
PROGRESS_EVERY = 50
#: Seconds added to the next poll's due time when sleeping for it.
_AFTER_DUE = 0.05


def read_status(
    client: MaintenanceClient, args: argparse.Namespace, err: IO[str]
) -> ScaleSetMaintenance:
    """The status of the scale set ``args`` names (-g/-n or --id); how many instances were
    read so far goes to ``err`` on a long listing unless ``--progress none``."""
    target = args.resource_id if args.resource_id is not None else (args.resource_group, args.name)
    return read_one(client, target, args.progress, err)


def read_one(
    client: MaintenanceClient, target: str | tuple[str, str], progress_mode: str, err: IO[str]
) -> ScaleSetMaintenance:
    """The status of one scale set (a resource id or a ``(group, name)`` pair); how many
    instances were read so far goes to ``err`` on a long listing unless ``progress_mode`` is
    ``none``."""
    shown = [0]

    def progress(count: int) -> None:
        if count - shown[0] >= PROGRESS_EVERY:
            shown[0] = count
            print(f"read the status of {count} instances so far...", file=err, flush=True)

    on_progress = None if progress_mode == "none" else progress
    if isinstance(target, str):
        return client.get_maintenance_status_by_id(target, on_progress=on_progress)
    return client.get_maintenance_status(*target, on_progress=on_progress)


def fleet_pairs(items: Sequence[str | tuple[str, str]]) -> list[tuple[str, str]]:
    """``(resource group, scale set)`` of every target (a resource id or a pair, checked
    already); a scale set named twice is an error, as in a rollout."""
    from . import _validation

    found: dict[tuple[str, str], tuple[str, str]] = {}
    for item in items:
        if isinstance(item, str):
            parts = _validation.parse_scale_set_id(item)
            pair = (parts.resource_group_name, parts.vm_scale_set_name)
        else:
            pair = item
        key = (pair[0].lower(), pair[1].lower())
        if key in found:
            raise InvalidArgumentError(
                f"scale set {pair[0]}/{pair[1]} is given twice; name each scale set once"
            )
        found[key] = pair
    return list(found.values())


def read_fleet(
    client: MaintenanceClient,
    pairs: Sequence[tuple[str, str]],
    *,
    concurrency: int,
    on_read: Callable[[int, int], None],
) -> list[ScaleSetMaintenance | Unread]:
    """The status of every scale set, at most ``concurrency`` read at once; one that could
    not be read (a service error) is an :class:`Unread` with its error. ``on_read(done,
    total)`` is called (in this thread) as each read ends. Sorted by resource group, then name
    (case-insensitive)."""

    def read(pair: tuple[str, str]) -> ScaleSetMaintenance | Unread:
        try:
            return client.get_maintenance_status(*pair)
        except MaintenanceError as error:
            return Unread(pair[0], pair[1], error)

    found = read_all(
        pairs, read, limit=concurrency, on_progress=lambda done: on_read(done, len(pairs))
    )
    return sorted(found, key=_status_table.fleet_sort_key)


def print_fleet(
    entries: Sequence[ScaleSetMaintenance | Unread],
    rollout_command: str,
    exit_code: int,
    json_output: bool,
    out: IO[str],
) -> None:
    """One row per scale set, the summary line and the next step; or the JSON document."""
    if not json_output:
        print(_status_table.render_fleet_text(entries, rollout_command), file=out, flush=True)
        return
    fleet = _status_table.fleet_to_json_dict(entries, rollout_command)
    errors = [
        {
            "resource_group_name": entry.resource_group_name,
            "vm_scale_set_name": entry.vm_scale_set_name,
            "error": _cli_output.error_document(entry.error, exit_code)["error"],
        }
        for entry in entries
        if isinstance(entry, Unread)
    ]
    document = {"scale_sets": fleet.pop("scale_sets"), "errors": errors, **fleet}
    _cli_output.dump_json({**document, "exit_code": exit_code}, out)


def print_status(status: ScaleSetMaintenance, json_output: bool, out: IO[str]) -> None:
    """The table and the summary line, or the JSON document."""
    if json_output:
        _cli_output.dump_json(_status_table.to_json_dict(status), out)
    else:
        print(_status_table.render_text(status), file=out, flush=True)


def print_nothing_to_do(status: ScaleSetMaintenance, json_output: bool, out: IO[str]) -> None:
    """``perform --eligible`` with no eligible instance."""
    if json_output:
        _cli_output.dump_json(
            {"status": "NothingToDo", "maintenance": _status_table.to_json_dict(status)}, out
        )
    else:
        line = _status_table.summary_line(status)
        # The summary line starts a sentence of its own; here it follows "Nothing to do: ".
        print(f"Nothing to do: {line[:1].lower()}{line[1:]}", file=out, flush=True)


@attrs.frozen
class VmOutcome:
    """How one VM's maintenance went: ``Succeeded``, ``Failed`` (or refused), ``TimedOut``
    (still running: ``continuation_token`` resumes it) or ``NotStarted``."""

    vm_name: str
    status: str
    request_id: str | None = None
    error: str | None = None
    continuation_token: str | None = None
    result: VmMaintenanceResult | None = None


def maintain_vms(
    client: MaintenanceClient,
    resource_group_name: str,
    vm_names: tuple[str, ...],
    *,
    concurrency: int,
    timeout: float | None,
    clock: Clock,
    sleep: Callable[[float], None],
    on_outcome: Callable[[VmOutcome], None],
) -> list[VmOutcome]:
    """performMaintenance on each VM, at most ``concurrency`` at once, each followed to its
    end; a VM that fails does not stop the others. ``timeout`` bounds the whole run."""
    deadline = None if timeout is None else clock.monotonic() + timeout
    waiting = list(vm_names)
    running: list[tuple[str, MaintenancePoller[VmMaintenanceResult]]] = []
    outcomes: list[VmOutcome] = []

    def end(outcome: VmOutcome) -> None:
        outcomes.append(outcome)
        on_outcome(outcome)

    while waiting or running:
        while waiting and len(running) < concurrency:
            name = waiting.pop(0)
            try:
                running.append(
                    (name, client.begin_perform_vm_maintenance(resource_group_name, name))
                )
            except MaintenanceError as exc:
                end(VmOutcome(name, "Failed", error=_cli_output.one_line(str(exc))))
        for name, poller in list(running):
            try:
                poller.wait(0)  # one poll when it is due
            except MaintenanceError as exc:
                running.remove((name, poller))
                end(VmOutcome(name, "Failed", poller.request_id, _cli_output.one_line(str(exc))))
                continue
            if poller.done():
                running.remove((name, poller))
                result = poller.result(0)
                end(VmOutcome(name, result.status, poller.request_id, result=result))
        if deadline is not None and clock.monotonic() >= deadline:
            for name, poller in running:
                end(VmOutcome(name, "TimedOut", poller.request_id,
                              continuation_token=poller.continuation_token()))  # fmt: skip
            for name in waiting:
                end(VmOutcome(name, "NotStarted"))
            break
        if running:
            due = min((poller.next_poll_in() or 0.0) for _, poller in running) + _AFTER_DUE
            sleep(due if deadline is None else max(0.0, min(due, deadline - clock.monotonic())))
    return outcomes


def outcome_line(outcome: VmOutcome, resume_command: Callable[[str], str]) -> str:
    """One line for one VM."""
    if outcome.result is not None:
        return _cli_output.result_line(outcome.result)
    line = f"{outcome.status}: {outcome.vm_name}"
    if outcome.error:
        line += f": {outcome.error}"
    if outcome.continuation_token is not None:
        line += (
            f"; still running in Azure; resume with: {resume_command(outcome.continuation_token)}"
        )
    return line


def outcomes_document(
    status: ScaleSetMaintenance, outcomes: list[VmOutcome], resume_command: Callable[[str], str]
) -> dict[str, Any]:
    """The JSON document of ``perform --eligible`` on a Flexible scale set."""
    results: list[dict[str, Any]] = []
    for outcome in outcomes:
        if outcome.result is not None:
            results.append(_cli_output.result_document(outcome.result))
            continue
        item: dict[str, Any] = {
            "vm_name": outcome.vm_name,
            "status": outcome.status,
            "request_id": outcome.request_id,
            "error": outcome.error,
        }
        if outcome.continuation_token is not None:
            item["continuation_token"] = outcome.continuation_token
            item["resume_command"] = resume_command(outcome.continuation_token)
        results.append(item)
    return {
        "status": overall(outcomes),
        "subscription_id": status.subscription_id,
        "resource_group_name": status.resource_group_name,
        "vm_scale_set_name": status.vm_scale_set_name,
        "orchestration_mode": status.orchestration_mode,
        "results": results,
    }


def overall(outcomes: list[VmOutcome]) -> str:
    """``Succeeded`` when every VM succeeded; else ``Failed`` if any failed, else ``TimedOut``."""
    statuses = {outcome.status for outcome in outcomes}
    if statuses <= {"Succeeded"}:
        return "Succeeded"
    return "Failed" if statuses - {"Succeeded", "TimedOut", "NotStarted"} else "TimedOut"


def rollout_command(session: Session) -> str:
    """``vmss-maintenance rollout`` of the scale sets ``session`` names, with its connection
    options and ``--dry-run`` (the plan; nothing is started)."""
    from ._cli_args import PROG
    from ._cli_targets import target_words

    words = [PROG, "rollout", *target_words(session.args), *session.connection_words()]
    return shlex.join([*words, "--dry-run"])
