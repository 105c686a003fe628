"""Which instances of a scale set have platform maintenance pending, and which may start it now.

Pure: this module reads ARM answers that were already fetched (plain JSON mappings) and a time;
it never sends anything.

Parsing is lenient. A field the spec calls required may be absent (``$select``), a field of the
wrong type counts as absent, unknown fields are ignored, and nothing here raises on what ARM
sends. Times are ISO 8601 as Compute writes them: with ``Z`` or an offset, with up to seven
fraction digits (digits past the sixth are dropped: Python keeps microseconds). A time without an
offset is taken as UTC. Every time this module returns is timezone-aware and in UTC.

How an instance view is classified (:func:`classify`) is written on :class:`MaintenanceState`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Final

import attrs

__all__ = [
    "InstanceMaintenance",
    "MaintenanceState",
    "ScaleSetMaintenance",
    "Window",
    "classify",
    "format_time",
    "instance_from_scale_set_vm",
    "instance_from_vm",
    "parse_time",
    "scale_set_maintenance",
]


class MaintenanceState(enum.StrEnum):
    """Where an instance stands with platform maintenance, decided from its instance view.

    The rules, first match wins (``now`` is when the instance view was read):

    1. No instance view at all (a 404 for an instance that is gone, or a listing without
       ``$expand=instanceView``): ``UNKNOWN``.
    2. ``maintenanceRedeployStatus`` absent, null, not an object, or an object whose known
       fields are all absent or null: ``NONE``. Azure shows it only while maintenance is
       planned, so any field it sets (even ``isCustomerInitiatedMaintenanceAllowed: false``
       alone) means maintenance is pending.
    3. ``isCustomerInitiatedMaintenanceAllowed`` is true (JSON ``true``, or the string
       ``"true"`` in any case; anything else is false): ``ELIGIBLE``, whatever the windows
       say. Azure computed the flag when it answered and Azure is what accepts or refuses a
       performMaintenance call; the windows only explain it, and comparing them with a local
       clock adds that clock's skew. An operator who sees "may start now" expects the call to be
       accepted, which is what the flag predicts.
    4. ``lastOperationResultCode`` is ``MaintenanceCompleted``: ``COMPLETED`` (the windows of
       the finished maintenance stay in the view; they no longer mean anything is pending).
    5. The self-service window is over (``now >= preMaintenanceWindowEndTime``) or the
       maintenance window has opened (``now >= maintenanceWindowStartTime``):
       ``PLATFORM_WINDOW``, Azure applies it itself. This holds after the maintenance window has
       closed too, until Azure drops the status.
    6. The self-service window has not opened (``now < preMaintenanceWindowStartTime``):
       ``SCHEDULED``.
    7. Otherwise (inside the self-service window yet not allowed, or no times given):
       ``NOT_ALLOWED``.

    Windows are half-open: a window includes its start and excludes its end.
    """

    ELIGIBLE = "Eligible"
    SCHEDULED = "Scheduled"
    PLATFORM_WINDOW = "PlatformWindow"
    NOT_ALLOWED = "NotAllowed"
    COMPLETED = "Completed"
    NONE = "None"
    UNKNOWN = "Unknown"

    @property
    def pending(self) -> bool:
        """Whether maintenance is planned and not yet done (eligible or not)."""
        return self in _PENDING


_PENDING: Final = frozenset(
    {
        MaintenanceState.ELIGIBLE,
        MaintenanceState.SCHEDULED,
        MaintenanceState.PLATFORM_WINDOW,
        MaintenanceState.NOT_ALLOWED,
    }
)

_ORCHESTRATION_MODES: Final = ("Uniform", "Flexible")

_TIME = re.compile(
    r"(?P<base>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?)"
    r"(?:\.(?P<fraction>\d+))?"
    r"(?P<offset>Z|z|[+-]\d{2}(?::?\d{2})?)?",
    re.ASCII,
)


def parse_time(value: object) -> datetime | None:
    """An ARM time as an aware UTC datetime; None when ``value`` is not a time.

    Accepts ``Z`` and ``+hh:mm`` / ``+hhmm`` / ``+hh`` offsets and any number of fraction
    digits (kept to the microsecond, the rest dropped, never rounded up). A time without an
    offset is taken as UTC. An aware or naive ``datetime`` is accepted the same way.
    """
    if isinstance(value, datetime):
        return _as_utc(value)
    if not isinstance(value, str):
        return None
    match = _TIME.fullmatch(value.strip())
    if match is None:
        return None
    text = match["base"].replace(" ", "T")
    if match["fraction"]:
        text += "." + match["fraction"][:6].ljust(6, "0")
    offset = match["offset"]
    if offset and offset not in ("Z", "z"):
        digits = offset[1:].replace(":", "")
        text += f"{offset[0]}{digits[:2]}:{digits[2:4] or '00'}"
    try:
        return _as_utc(datetime.fromisoformat(text))
    except (ValueError, OverflowError):  # e.g. month 13, or past year 9999 once in UTC
        return None


def format_time(value: datetime) -> str:
    """``value`` in UTC as ISO 8601 ending in ``Z`` (fraction only when there is one).

    ``parse_time(format_time(t)) == t`` for every datetime ``t`` (naive taken as UTC).
    """
    return _as_utc(value).replace(tzinfo=None).isoformat() + "Z"


def _aware(value: datetime) -> datetime:
    """``value`` itself when it has an offset, else the same wall time in UTC.

    Aware datetimes compare by instant whatever their offsets, so comparisons need no
    conversion (which could overflow at year 1 or 9999).
    """
    return value if value.utcoffset() is not None else value.replace(tzinfo=UTC)


def _as_utc(value: datetime) -> datetime:
    return _aware(value).astimezone(UTC)


def _optional_utc(value: datetime | None) -> datetime | None:
    return None if value is None else _as_utc(value)


@attrs.frozen
class Window:
    """A time window, start included and end excluded; either end may be unknown (None).

    Both are aware UTC datetimes when known (a naive one given is taken as UTC, an aware one
    converted).
    """

    start: datetime | None = attrs.field(converter=_optional_utc)
    end: datetime | None = attrs.field(converter=_optional_utc)

    def opens_later(self, now: datetime) -> bool:
        """Whether the start is known and ``now`` is before it."""
        return self.start is not None and _aware(now) < self.start

    def has_opened(self, now: datetime) -> bool:
        """Whether the start is known and ``now`` is at or after it."""
        return self.start is not None and _aware(now) >= self.start

    def is_over(self, now: datetime) -> bool:
        """Whether the end is known and ``now`` is at or after it."""
        return self.end is not None and _aware(now) >= self.end


@attrs.frozen
class InstanceMaintenance:
    """The maintenance status of one instance (one VM) of a scale set.

    ``instance_id`` is the scale set's instance id (Uniform) or the VM name (Flexible): what a
    performMaintenance call names. The windows are None when Azure gave neither of their times.
    ``power_state``, ``provisioning_state`` and ``health`` are the part of the status code
    after its prefix (``"PowerState/running"`` -> ``"running"``,
    ``"ProvisioningState/failed/InternalError"`` -> ``"failed/InternalError"``); without an
    instance view ``provisioning_state`` is the model's ``provisioningState`` in lower case.
    ``fault_domain`` is the instance view's, else the model's (Flexible VMs carry one).
    Anything ARM did not say is None.
    """

    instance_id: str
    vm_name: str | None
    resource_id: str | None
    state: MaintenanceState
    self_service_window: Window | None
    platform_window: Window | None
    last_result_code: str | None
    last_result_message: str | None
    update_domain: int | None
    fault_domain: int | None
    zone: str | None
    power_state: str | None
    provisioning_state: str | None
    health: str | None


def _instance_sort_key(instance: InstanceMaintenance) -> tuple[int, int, str]:
    """Numeric ids in numeric order ("2" before "10"), then names in text order."""
    text = instance.instance_id
    if text.isascii() and text.isdigit():
        return (0, int(text), text)
    return (1, 0, text)


def _sorted_instances(instances: Iterable[InstanceMaintenance]) -> tuple[InstanceMaintenance, ...]:
    return tuple(sorted(instances, key=_instance_sort_key))


def _orchestration_mode(value: str) -> str:
    for mode in _ORCHESTRATION_MODES:
        if value.lower() == mode.lower():
            return mode
    allowed = ", ".join(_ORCHESTRATION_MODES)
    raise ValueError(f"orchestration mode {value!r} is not known; expected one of {allowed}")


@attrs.frozen
class ScaleSetMaintenance:
    """The maintenance status of every instance of a scale set, read at ``checked_at`` (UTC).

    ``orchestration_mode`` is ``"Uniform"`` or ``"Flexible"``. ``instances`` are in instance id
    order (numeric ids numerically).
    """

    subscription_id: str
    resource_group_name: str
    vm_scale_set_name: str
    orchestration_mode: str = attrs.field(converter=_orchestration_mode)
    checked_at: datetime = attrs.field(converter=_as_utc)
    instances: tuple[InstanceMaintenance, ...] = attrs.field(converter=_sorted_instances)

    @property
    def eligible(self) -> tuple[InstanceMaintenance, ...]:
        """The instances that may start maintenance now (state ``ELIGIBLE``)."""
        return tuple(i for i in self.instances if i.state is MaintenanceState.ELIGIBLE)

    @property
    def eligible_instance_ids(self) -> tuple[str, ...]:
        """The instance ids of :attr:`eligible`, in order."""
        return tuple(i.instance_id for i in self.eligible)

    @property
    def pending(self) -> tuple[InstanceMaintenance, ...]:
        """The instances with maintenance planned and not done, eligible or not."""
        return tuple(i for i in self.instances if i.state.pending)

    @property
    def counts(self) -> dict[MaintenanceState, int]:
        """How many instances are in each state: every state is a key (zero included), in
        :class:`MaintenanceState` order, so ``counts[state]`` never fails."""
        counts = dict.fromkeys(MaintenanceState, 0)
        for instance in self.instances:
            counts[instance.state] += 1
        return counts


def scale_set_maintenance(
    instances: Iterable[InstanceMaintenance],
    *,
    subscription_id: str,
    resource_group_name: str,
    vm_scale_set_name: str,
    orchestration_mode: str | None,
    checked_at: datetime,
) -> ScaleSetMaintenance:
    """Assemble the status of a scale set from its instances' statuses.

    ``orchestration_mode`` is ``properties.orchestrationMode`` of VirtualMachineScaleSets_Get,
    matched without regard to case; None (ARM leaves it out for scale sets made before it
    existed) means ``"Uniform"``. Any other value is a ``ValueError`` naming it.
    ``checked_at`` is when the instance views were read; naive is taken as UTC.
    """
    return ScaleSetMaintenance(
        subscription_id=subscription_id,
        resource_group_name=resource_group_name,
        vm_scale_set_name=vm_scale_set_name,
        orchestration_mode="Uniform" if orchestration_mode is None else orchestration_mode,
        checked_at=checked_at,
        instances=tuple(instances),
    )


# -- reading ARM JSON ------------------------------------------------------------------------


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _integer(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _first_integer(*values: object) -> int | None:
    """The first of ``values`` that is an integer (0 included)."""
    for value in values:
        number = _integer(value)
        if number is not None:
            return number
    return None


def _flag(value: object) -> bool:
    """True only for JSON true (or the string "true", which some proxies write)."""
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return value is True


def _window(status: Mapping[str, Any], start_key: str, end_key: str) -> Window | None:
    start, end = parse_time(status.get(start_key)), parse_time(status.get(end_key))
    if start is None and end is None:
        return None
    return Window(start, end)


_STATUS_FIELDS: Final = (
    "isCustomerInitiatedMaintenanceAllowed",
    "preMaintenanceWindowStartTime",
    "preMaintenanceWindowEndTime",
    "maintenanceWindowStartTime",
    "maintenanceWindowEndTime",
    "lastOperationResultCode",
    "lastOperationMessage",
)


def classify(maintenance_redeploy_status: object, now: datetime) -> MaintenanceState:
    """The state an instance view's ``maintenanceRedeployStatus`` means at ``now``.

    Pure and total: any value is accepted (None or a non-object means nothing planned) and
    nothing is raised. ``now`` naive is taken as UTC. The rules are on
    :class:`MaintenanceState`; ``UNKNOWN`` is never returned here (it means there was no
    instance view at all, which the ``instance_from_*`` functions decide).
    """
    if not isinstance(maintenance_redeploy_status, Mapping):
        return MaintenanceState.NONE
    status = maintenance_redeploy_status
    if all(status.get(key) is None for key in _STATUS_FIELDS):
        return MaintenanceState.NONE
    if _flag(status.get("isCustomerInitiatedMaintenanceAllowed")):
        return MaintenanceState.ELIGIBLE
    if status.get("lastOperationResultCode") == "MaintenanceCompleted":
        return MaintenanceState.COMPLETED
    self_service = _window(status, "preMaintenanceWindowStartTime", "preMaintenanceWindowEndTime")
    platform = _window(status, "maintenanceWindowStartTime", "maintenanceWindowEndTime")
    if (self_service is not None and self_service.is_over(now)) or (
        platform is not None and platform.has_opened(now)
    ):
        return MaintenanceState.PLATFORM_WINDOW
    if self_service is not None and self_service.opens_later(now):
        return MaintenanceState.SCHEDULED
    return MaintenanceState.NOT_ALLOWED


def _status_code(statuses: object, prefix: str) -> str | None:
    """The rest of the first status code starting ``prefix/`` (case-insensitive prefix)."""
    if not isinstance(statuses, list):
        return None
    head = prefix.lower() + "/"
    for status in statuses:
        code = _text(_mapping(status).get("code"))
        if code is not None and code.lower().startswith(head):
            return code[len(head) :] or None
    return None


def _health(instance_view: Mapping[str, Any]) -> str | None:
    code = _text(_mapping(_mapping(instance_view.get("vmHealth")).get("status")).get("code"))
    if code is None:
        return None
    prefix, slash, rest = code.partition("/")
    return rest if slash and prefix.lower() == "healthstate" and rest else code


def _zone(vm: Mapping[str, Any]) -> str | None:
    zones = vm.get("zones")
    if isinstance(zones, list) and zones and isinstance(zones[0], str):
        return zones[0]
    return None


def _last_segment(resource_id: str | None) -> str | None:
    if resource_id is None:
        return None
    segment = resource_id.rstrip("/").rpartition("/")[2]
    return segment or None


def _instance(
    instance_id: str,
    vm: Mapping[str, Any],
    instance_view: Mapping[str, Any] | None,
    now: datetime,
) -> InstanceMaintenance:
    properties = _mapping(vm.get("properties"))
    model_provisioning = _text(properties.get("provisioningState"))
    view = instance_view if instance_view is not None else {}
    status = _mapping(view.get("maintenanceRedeployStatus"))
    statuses = view.get("statuses")
    return InstanceMaintenance(
        instance_id=instance_id,
        vm_name=_text(vm.get("name")),
        resource_id=_text(vm.get("id")),
        state=(
            MaintenanceState.UNKNOWN
            if instance_view is None
            else classify(view.get("maintenanceRedeployStatus"), now)
        ),
        self_service_window=_window(
            status, "preMaintenanceWindowStartTime", "preMaintenanceWindowEndTime"
        ),
        platform_window=_window(status, "maintenanceWindowStartTime", "maintenanceWindowEndTime"),
        last_result_code=_text(status.get("lastOperationResultCode")),
        last_result_message=_text(status.get("lastOperationMessage")),
        update_domain=_integer(view.get("platformUpdateDomain")),
        fault_domain=_first_integer(
            view.get("platformFaultDomain"), properties.get("platformFaultDomain")
        ),
        zone=_zone(vm),
        power_state=_status_code(statuses, "PowerState"),
        provisioning_state=(
            _status_code(statuses, "ProvisioningState")
            or (model_provisioning.lower() if model_provisioning else None)
        ),
        health=_health(view),
    )


def _embedded_instance_view(vm: Mapping[str, Any]) -> Mapping[str, Any] | None:
    view = _mapping(vm.get("properties")).get("instanceView")
    return view if isinstance(view, Mapping) else None


def instance_from_scale_set_vm(vm_json: object, now: datetime) -> InstanceMaintenance:
    """The status of a Uniform scale set's instance from one VirtualMachineScaleSetVMs_List item.

    The item should come from a listing with ``$expand=instanceView``; without its
    ``properties.instanceView`` the state is ``UNKNOWN``. The instance id is ``instanceId``,
    else the last segment of ``id``, else ``name``, else ``""``. ``now`` is when it was read.
    """
    vm = _mapping(vm_json)
    resource_id = _text(vm.get("id"))
    instance_id = (
        _text(vm.get("instanceId")) or _last_segment(resource_id) or _text(vm.get("name")) or ""
    )
    return _instance(instance_id, vm, _embedded_instance_view(vm), now)


def instance_from_vm(
    vm_json: object, instance_view_json: object | None, now: datetime
) -> InstanceMaintenance:
    """The status of a Flexible scale set's VM from a VirtualMachines_List item and its
    VirtualMachines_InstanceView answer.

    ``instance_view_json`` None (a 404: the VM is gone) or not an object falls back to an
    instance view inside the list item (``$expand=instanceView``); with neither the state is
    ``UNKNOWN``. The instance id is the VM ``name``, else the last segment of ``id``, else
    ``""``. ``now`` is when the instance view was read.
    """
    vm = _mapping(vm_json)
    view = instance_view_json if isinstance(instance_view_json, Mapping) else None
    if view is None:
        view = _embedded_instance_view(vm)
    instance_id = _text(vm.get("name")) or _last_segment(_text(vm.get("id"))) or ""
    return _instance(instance_id, vm, view, now)
