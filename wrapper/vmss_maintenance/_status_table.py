"""How ``vmss-maintenance status`` shows a scale set's maintenance status: a text table with one
summary line, or a JSON-able document. Pure: returns text and dicts, prints nothing.

Times in the table are UTC to the minute; a window cell shows the time that matters at
``checked_at`` (when it opens, or when it ends) and how long until then, rounded down to its
largest whole unit (a window that ends in 1 day 23 hours "ends in 1 day"). The JSON document has
every time in full.
Control and format characters in any text taken from ARM or the user (names, codes) are shown
escaped (``\\x1b``, ``\\n``, ``\\u202e``), so a table can never move the cursor or reorder text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Final

import attrs

from ._maintenance_status import (
    InstanceMaintenance,
    MaintenanceState,
    ScaleSetMaintenance,
    Window,
    format_time,
)

__all__ = [
    "FleetCounts",
    "Unread",
    "fleet_sort_key",
    "fleet_summary_line",
    "fleet_to_json_dict",
    "format_instance_ids",
    "render_fleet_table",
    "render_fleet_text",
    "render_table",
    "render_text",
    "summary_line",
    "to_json_dict",
]

#: How many ids (or id ranges) a summary names before it says "and N more".
ID_LIMIT: Final = 20

_HEADERS: Final = (
    "INSTANCE",
    "STATE",
    "SELF-SERVICE WINDOW",
    "PLATFORM WINDOW",
    "LAST RESULT",
    "UD/FD",
    "POWER",
)
_GAP: Final = "  "
_UNSAFE_CATEGORIES: Final = frozenset({"Cc", "Cf", "Zl", "Zp"})


def _escape(text: str) -> str:
    """``text`` with control and format characters written as Python escapes."""
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in _UNSAFE_CATEGORIES
        else ch
        for ch in text
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _duration(delta: timedelta) -> str:
    """A positive time span in its largest whole unit, rounded down."""
    seconds = int(delta.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            return _plural(seconds // size, unit)
    return "under a minute"


def _minute(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def _window_cell(window: Window | None, now: datetime) -> str:
    """Where ``now`` is in the window, with the one time that matters then.

    ``opens 2024-07-01 10:00, in 3 days`` / ``until 2024-08-05 10:00, ends in 12 days`` /
    ``ended 2024-08-05 10:00`` / ``open since 2024-07-01 10:00`` (no end given); ``-`` for
    no window.
    """
    if window is None:
        return "-"
    if window.start is not None and now < window.start:
        return f"opens {_minute(window.start)}, in {_duration(window.start - now)}"
    if window.end is None:
        return "-" if window.start is None else f"open since {_minute(window.start)}"
    if now < window.end:
        return f"until {_minute(window.end)}, ends in {_duration(window.end - now)}"
    return f"ended {_minute(window.end)}"


def _domains(instance: InstanceMaintenance) -> str:
    def one(value: int | None) -> str:
        return "-" if value is None else str(value)

    return f"{one(instance.update_domain)}/{one(instance.fault_domain)}"


def _row(instance: InstanceMaintenance, now: datetime) -> tuple[str, ...]:
    return (
        _escape(instance.instance_id) or "-",
        instance.state.value,
        _window_cell(instance.self_service_window, now),
        _window_cell(instance.platform_window, now),
        _escape(instance.last_result_code or "-"),
        _domains(instance),
        _escape(instance.power_state or "-"),
    )


def render_table(status: ScaleSetMaintenance) -> str:
    """One header line and one line per instance, columns aligned, no trailing spaces.

    Columns: instance id, state, self-service window, platform window (each with how long
    until it opens or ends, from ``checked_at``), last result code, update/fault domain,
    power state. Unknown values are ``-``.
    """
    rows = [_HEADERS, *(_row(i, status.checked_at) for i in status.instances)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(_HEADERS))]
    return "\n".join(
        _GAP.join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def _ranges(ids: Sequence[str]) -> list[tuple[str, int]]:
    """Runs of three or more consecutive numeric ids as ``first-last``, with how many each
    item stands for; every other id as itself."""
    items: list[tuple[str, int]] = []
    index = 0
    while index < len(ids):
        end = index
        if ids[index].isascii() and ids[index].isdigit():
            while (
                end + 1 < len(ids)
                and ids[end + 1].isascii()
                and ids[end + 1].isdigit()
                and int(ids[end + 1]) == int(ids[end]) + 1
            ):
                end += 1
        count = end - index + 1
        if count >= 3:
            items.append((f"{ids[index]}-{ids[end]}", count))
        else:
            items.extend((ids[i], 1) for i in range(index, end + 1))
        index = end + 1
    return items


def format_instance_ids(ids: Sequence[str], limit: int = ID_LIMIT) -> str:
    """Instance ids for one line: ``0-3, 7, web_a1``, the first ``limit`` items then
    ``and N more`` (N counts ids). Runs of three or more consecutive numbers become ranges;
    control characters are escaped."""
    items = _ranges([_escape(i) for i in ids])
    shown = items[:limit]
    text = ", ".join(item for item, _ in shown)
    hidden = sum(count for _, count in items[limit:])
    return f"{text} and {hidden} more" if hidden else text


def summary_line(status: ScaleSetMaintenance) -> str:
    """One line saying which instances may start maintenance now.

    ``3 of 10 instances may start maintenance now: 0, 4, 7``; with none eligible
    ``No instance may start maintenance now; 2 of 10 pending (1 Scheduled, 1 PlatformWindow)``
    or ``No instance may start maintenance now: nothing pending``. Instances without an
    instance view are added as ``; 1 of 10 unknown (no instance view)``.
    """
    total = len(status.instances)
    if total == 0:
        return "The scale set has no instances"
    counts = status.counts
    eligible = status.eligible_instance_ids
    if eligible:
        line = (
            f"{len(eligible)} of {_plural(total, 'instance')} may start maintenance now: "
            f"{format_instance_ids(eligible)}"
        )
    elif status.pending:
        waiting = ", ".join(
            f"{counts[state]} {state.value}"
            for state in MaintenanceState
            if state.pending and counts[state]
        )
        line = (
            f"No instance may start maintenance now; {len(status.pending)} of {total} "
            f"pending ({waiting})"
        )
    else:
        line = "No instance may start maintenance now: nothing pending"
    unknown = counts[MaintenanceState.UNKNOWN]
    if unknown:
        line += f"; {unknown} of {total} unknown (no instance view)"
    return line


def render_text(status: ScaleSetMaintenance) -> str:
    """The whole text output: a title line, the table, a blank line and the summary line."""
    title = (
        f"{_escape(status.resource_group_name)}/{_escape(status.vm_scale_set_name)} "
        f"({status.orchestration_mode}), checked {_minute(status.checked_at)} UTC"
    )
    return f"{title}\n{render_table(status)}\n\n{summary_line(status)}"


def _window_document(window: Window | None) -> dict[str, str | None] | None:
    if window is None:
        return None
    return {
        "start": None if window.start is None else format_time(window.start),
        "end": None if window.end is None else format_time(window.end),
    }


def _instance_document(instance: InstanceMaintenance) -> dict[str, Any]:
    return {
        "instance_id": instance.instance_id,
        "vm_name": instance.vm_name,
        "resource_id": instance.resource_id,
        "state": instance.state.value,
        "self_service_window": _window_document(instance.self_service_window),
        "platform_window": _window_document(instance.platform_window),
        "last_result_code": instance.last_result_code,
        "last_result_message": instance.last_result_message,
        "update_domain": instance.update_domain,
        "fault_domain": instance.fault_domain,
        "zone": instance.zone,
        "power_state": instance.power_state,
        "provisioning_state": instance.provisioning_state,
        "health": instance.health,
    }


def to_json_dict(status: ScaleSetMaintenance) -> dict[str, Any]:
    """The status as a dict of JSON types (``json.dumps`` takes it as is).

    Keys are the attribute names; states are their values (``"Eligible"``); times are ISO 8601
    UTC ending in ``Z``; ``counts`` names every state, zeros included.
    """
    return {
        "subscription_id": status.subscription_id,
        "resource_group_name": status.resource_group_name,
        "vm_scale_set_name": status.vm_scale_set_name,
        "orchestration_mode": status.orchestration_mode,
        "checked_at": format_time(status.checked_at),
        "counts": {state.value: count for state, count in status.counts.items()},
        "eligible_instance_ids": list(status.eligible_instance_ids),
        "instances": [_instance_document(i) for i in status.instances],
    }


# -- several scale sets ------------------------------------------------------------------------

_FLEET_HEADERS: Final = (
    "SCALE SET",
    "RESOURCE GROUP",
    "MODE",
    "INSTANCES",
    "ELIGIBLE",
    "WAITING",
    "COMPLETED",
    "NONE",
    "UNKNOWN",
)
#: Pending maintenance that may not be started now.
_WAITING: Final = tuple(state for state in MaintenanceState if state.pending and
                        state is not MaintenanceState.ELIGIBLE)  # fmt: skip


@attrs.frozen
class Unread:
    """A scale set whose status could not be read, with the error that said why."""

    resource_group_name: str
    vm_scale_set_name: str
    error: Exception


def fleet_sort_key(entry: ScaleSetMaintenance | Unread) -> tuple[str, str]:
    """Rows go by resource group, then scale set name, ignoring case."""
    return (entry.resource_group_name.casefold(), entry.vm_scale_set_name.casefold())


def _waiting(status: ScaleSetMaintenance) -> int:
    return sum(status.counts[state] for state in _WAITING)


@attrs.frozen
class FleetCounts:
    """What the fleet summary line says, as numbers."""

    scale_sets: int
    with_eligible: int
    eligible_instances: int
    with_waiting: int
    waiting_instances: int
    unread: int

    @classmethod
    def of(cls, entries: Sequence[ScaleSetMaintenance | Unread]) -> FleetCounts:
        """The counts of ``entries``."""
        read = [entry for entry in entries if isinstance(entry, ScaleSetMaintenance)]
        return cls(
            scale_sets=len(entries),
            with_eligible=sum(1 for status in read if status.eligible_instance_ids),
            eligible_instances=sum(len(status.eligible_instance_ids) for status in read),
            with_waiting=sum(1 for status in read if _waiting(status)),
            waiting_instances=sum(_waiting(status) for status in read),
            unread=len(entries) - len(read),
        )


def _fleet_row(status: ScaleSetMaintenance) -> tuple[str, ...]:
    counts = status.counts
    return (
        _escape(status.vm_scale_set_name),
        _escape(status.resource_group_name),
        status.orchestration_mode,
        str(len(status.instances)),
        str(counts[MaintenanceState.ELIGIBLE]),
        str(_waiting(status)),
        str(counts[MaintenanceState.COMPLETED]),
        str(counts[MaintenanceState.NONE]),
        str(counts[MaintenanceState.UNKNOWN]),
    )


def render_fleet_table(entries: Sequence[ScaleSetMaintenance | Unread]) -> str:
    """One header line and one line per scale set, in the order given.

    Columns: name, resource group, orchestration mode, instances, then how many are
    ``Eligible``, waiting (maintenance pending that may not start now: ``Scheduled``,
    ``NotAllowed`` or ``PlatformWindow``), ``Completed``, ``None`` and ``Unknown``. A scale
    set that could not be read shows ``-`` as its mode, then ``could not be read:`` and its
    error on one line.
    """
    rows = [_FLEET_HEADERS, *(_fleet_row(e) for e in entries if isinstance(e, ScaleSetMaintenance))]
    widths = [max(len(row[column]) for row in rows) for column in range(len(_FLEET_HEADERS))]
    for entry in entries:
        if isinstance(entry, Unread):
            names = (_escape(entry.vm_scale_set_name), _escape(entry.resource_group_name))
            widths[0], widths[1] = max(widths[0], len(names[0])), max(widths[1], len(names[1]))

    def line(cells: Sequence[str]) -> str:
        pairs = zip(cells, widths[: len(cells)], strict=True)
        return _GAP.join(cell.ljust(width) for cell, width in pairs)

    lines = [line(_FLEET_HEADERS).rstrip()]
    for entry in entries:
        if isinstance(entry, ScaleSetMaintenance):
            lines.append(line(_fleet_row(entry)).rstrip())
        else:
            error = _escape(" ".join(str(entry.error).split()))
            cells = (_escape(entry.vm_scale_set_name), _escape(entry.resource_group_name), "-")
            lines.append(f"{line(cells)}{_GAP}could not be read: {error}")
    return "\n".join(lines)


def fleet_summary_line(entries: Sequence[ScaleSetMaintenance | Unread]) -> str:
    """``3 of 7 scale sets have instances that may start maintenance now (12 instances); 2
    have maintenance pending that cannot start yet (5 instances); 1 could not be read``; the
    last two parts only when they count something."""
    counts = FleetCounts.of(entries)
    verb = "has" if counts.with_eligible == 1 else "have"
    line = (
        f"{counts.with_eligible} of {_plural(counts.scale_sets, 'scale set')} {verb} instances "
        "that may start maintenance now"
    )
    if counts.eligible_instances:
        line += f" ({_plural(counts.eligible_instances, 'instance')})"
    if counts.with_waiting:
        verb = "has" if counts.with_waiting == 1 else "have"
        line += (
            f"; {counts.with_waiting} {verb} maintenance pending that cannot start yet "
            f"({_plural(counts.waiting_instances, 'instance')})"
        )
    if counts.unread:
        line += f"; {counts.unread} could not be read"
    return line


def render_fleet_text(
    entries: Sequence[ScaleSetMaintenance | Unread], rollout_command: str
) -> str:
    """The table, a blank line, the summary line and, when an instance may start maintenance
    now, the next step: the plan of a rollout of the same scale sets (``rollout_command``)."""
    text = f"{render_fleet_table(entries)}\n\n{fleet_summary_line(entries)}"
    counts = FleetCounts.of(entries)
    if counts.eligible_instances:
        text += f"\nNext, see the rollout plan: {rollout_command}"
        if counts.unread:
            text += " (first leave out or fix the scale sets that could not be read)"
    return text


def fleet_to_json_dict(
    entries: Sequence[ScaleSetMaintenance | Unread], rollout_command: str
) -> dict[str, Any]:
    """``scale_sets``: the :func:`to_json_dict` document of each scale set that was read;
    ``summary``: the :class:`FleetCounts`; ``rollout_command``: the next step. (The command
    adds the scale sets that could not be read, as ``errors``.)"""
    return {
        "scale_sets": [to_json_dict(e) for e in entries if isinstance(e, ScaleSetMaintenance)],
        "summary": attrs.asdict(FleetCounts.of(entries)),
        "rollout_command": rollout_command,
    }
