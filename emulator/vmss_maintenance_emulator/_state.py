"""The emulated resources: subscriptions, resource groups, scale sets and their instances.

Names are looked up case-insensitively, as Azure Resource Manager does; the spelling given when a
resource was added is the one reported back.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from typing import Any

import attrs

__all__ = ["Instance", "Inventory", "ScaleSet"]


def _to_utc(value: dt.datetime | str | None) -> dt.datetime | None:
    """Accept an aware or naive (taken as UTC) datetime or an ISO 8601 string; return UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"not an ISO 8601 date and time: {value!r}") from None
    if not isinstance(value, dt.datetime):
        raise TypeError(f"expected a datetime or an ISO 8601 string, got {type(value).__name__}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _check_name(kind: str, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{kind} must be a non-empty string, got {value!r}")
    if "/" in value or value != value.strip():
        raise ValueError(f"{kind} must not contain '/' or surrounding spaces, got {value!r}")


def _valid_id(_instance: object, _attribute: attrs.Attribute[str], value: str) -> None:
    _check_name("instance id", value)


#: What an instance's maintenance does when it runs (``Instance.fault``).
FAULTS: tuple[str, ...] = ("retry_later", "maintenance_aborted", "unhealthy", "stays_stopped")
#: ``lastOperationResultCode`` values (``MaintenanceOperationResultCodeTypes``).
RESULT_CODES: tuple[str, ...] = ("None", "RetryLater", "MaintenanceAborted", "MaintenanceCompleted")
#: Power states an instance may be seeded in (``PowerState/<state>``).
POWER_STATES: tuple[str, ...] = ("running", "stopped", "deallocated")
#: ``vmHealth`` values an instance may be seeded with (``HealthState/<state>``).
HEALTH_STATES: tuple[str, ...] = ("healthy", "unhealthy", "unknown")
ORCHESTRATION_MODES: tuple[str, ...] = ("Uniform", "Flexible")
#: ``upgradePolicy.mode`` values (``UpgradeMode``).
UPGRADE_MODES: tuple[str, ...] = ("Automatic", "Manual", "Rolling")


def _one_of(choices: tuple[str, ...]) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and value not in choices:
            allowed = ", ".join(repr(choice) for choice in choices)
            raise ValueError(f"{attribute.name} must be one of {allowed}, got {value!r}")

    return check


def _domain(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 19:
        raise ValueError(f"{attribute.name} must be a whole number from 0 to 19, got {value!r}")


def _check_window(
    instance_id: str, name: str, start: dt.datetime | None, end: dt.datetime | None
) -> None:
    if start is not None and end is not None and start > end:
        raise ValueError(
            f"instance {instance_id!r}: {name}_start {start.isoformat()} is after "
            f"{name}_end {end.isoformat()}"
        )


@attrs.frozen
class Instance:
    """One VM of a scale set (an instance id of a Uniform one, a VM name of a Flexible one) as
    seeded, and what its maintenance does.

    Maintenance is planned for it while ``pending`` (its instance view then has a
    ``maintenanceRedeployStatus``). ``maintenance_allowed`` is ARM's
    ``isCustomerInitiatedMaintenanceAllowed`` within the self-service window ``window_start``..
    ``window_end`` (``preMaintenanceWindowStartTime``/``EndTime``; either bound may be ``None``);
    ``platform_window_start``/``_end`` is the scheduled window (``maintenanceWindowStartTime``/
    ``EndTime``) in which the platform applies it itself. ``last_result_code``/``_message`` are
    the last attempt's (``lastOperationResultCode``/``Message``) before any the emulator runs.
    ``update_domain``/``fault_domain`` default to the instance's position in its scale set
    (modulo 5 and 2). ``fault``: how maintenance goes wrong (:data:`FAULTS`): ``retry_later`` or
    ``maintenance_aborted`` end the operation ``Failed`` with that result code (still pending);
    ``unhealthy`` completes but ``vmHealth`` is unhealthy afterwards; ``stays_stopped``
    completes but the VM stays stopped. ``fail=True``: an operation including it ends ``Failed``
    with ``InternalExecutionError`` (result code ``MaintenanceAborted``).
    """

    id: str = attrs.field(validator=_valid_id)
    maintenance_allowed: bool = True
    window_start: dt.datetime | None = attrs.field(default=None, converter=_to_utc)
    window_end: dt.datetime | None = attrs.field(default=None, converter=_to_utc)
    fail: bool = False
    pending: bool = True
    platform_window_start: dt.datetime | None = attrs.field(default=None, converter=_to_utc)
    platform_window_end: dt.datetime | None = attrs.field(default=None, converter=_to_utc)
    last_result_code: str | None = attrs.field(default=None, validator=_one_of(RESULT_CODES))
    last_result_message: str | None = None
    update_domain: int | None = attrs.field(default=None, validator=_domain)
    fault_domain: int | None = attrs.field(default=None, validator=_domain)
    zone: str | None = None
    power_state: str = attrs.field(default="running", validator=_one_of(POWER_STATES))
    health: str | None = attrs.field(default=None, validator=_one_of(HEALTH_STATES))
    fault: str | None = attrs.field(default=None, validator=_one_of(FAULTS))

    def __attrs_post_init__(self) -> None:
        _check_window(self.id, "window", self.window_start, self.window_end)
        _check_window(
            self.id, "platform_window", self.platform_window_start, self.platform_window_end
        )

    def may_start_now(self, now: dt.datetime) -> bool:
        """``isCustomerInitiatedMaintenanceAllowed`` at ``now``."""
        return self.refusal(now) is None

    def refusal(self, now: dt.datetime) -> str | None:
        """Why maintenance may not start on this instance at ``now``, or ``None`` if it may."""
        if not self.pending:
            return "there is no pending maintenance for this VM"
        if not self.maintenance_allowed:
            return "the Subscription of this VM is not eligible"
        if self.window_start is not None and now < self.window_start:
            return (
                "the maintenance window has not started yet; it starts at "
                f"{self.window_start.isoformat()}"
            )
        if self.window_end is not None and now > self.window_end:
            return f"the maintenance window ended at {self.window_end.isoformat()}"
        return None


def _placed(instance: Instance, position: int) -> Instance:
    """The instance with its update and fault domain filled in from its position if unset."""
    return attrs.evolve(
        instance,
        update_domain=position % 5 if instance.update_domain is None else instance.update_domain,
        fault_domain=position % 2 if instance.fault_domain is None else instance.fault_domain,
    )


def _as_instance(item: Instance | str) -> Instance:
    if isinstance(item, Instance):
        return item
    if isinstance(item, str):
        return Instance(item)
    raise TypeError(f"an instance must be an Instance or an instance id string, got {item!r}")


@attrs.frozen
class ScaleSet:
    """A virtual machine scale set as the emulator holds it (immutable; replaced when re-added)."""

    subscription_id: str
    resource_group: str
    name: str
    location: str
    instances: tuple[Instance, ...]
    orchestration_mode: str = "Uniform"
    sku_name: str = "Standard_D2s_v3"
    upgrade_mode: str = "Manual"
    zones: tuple[str, ...] = ()

    @property
    def flexible(self) -> bool:
        """Whether its orchestration mode is ``Flexible`` (VMs are resources of their own)."""
        return self.orchestration_mode == "Flexible"

    @property
    def id(self) -> str:
        """Its ARM resource id."""
        return (
            f"/subscriptions/{self.subscription_id}/resourceGroups/{self.resource_group}"
            f"/providers/Microsoft.Compute/virtualMachineScaleSets/{self.name}"
        )

    def instance(self, instance_id: str) -> Instance | None:
        """The instance with this id (a VM name of a Flexible one, any case), or ``None``."""
        for item in self.instances:
            if item.id == instance_id or (self.flexible and item.id.lower() == instance_id.lower()):
                return item
        return None

    def vm_name(self, instance_id: str) -> str:
        """The VM name: ``<scale set>_<instance id>`` in a Uniform one, the id in a Flexible one."""
        return instance_id if self.flexible else f"{self.name}_{instance_id}"

    def without(self, instance_id: str) -> ScaleSet:
        """The same scale set without that instance (deleted)."""
        return attrs.evolve(
            self, instances=tuple(item for item in self.instances if item.id != instance_id)
        )


@attrs.define
class _Group:
    name: str
    scale_sets: dict[str, ScaleSet] = attrs.Factory(dict)


@attrs.define
class _Subscription:
    id: str
    groups: dict[str, _Group] = attrs.Factory(dict)


class Inventory:
    """Thread-safe store: subscriptions -> resource groups -> scale sets -> instances."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscriptions: dict[str, _Subscription] = {}

    def add_subscription(self, subscription_id: str) -> None:
        """Make a subscription exist (no-op when it does)."""
        _check_name("subscription id", subscription_id)
        with self._lock:
            self._subscriptions.setdefault(subscription_id.lower(), _Subscription(subscription_id))

    def add_resource_group(self, subscription_id: str, resource_group: str) -> None:
        """Make a resource group (and its subscription) exist."""
        _check_name("resource group", resource_group)
        self.add_subscription(subscription_id)
        with self._lock:
            sub = self._subscriptions[subscription_id.lower()]
            sub.groups.setdefault(resource_group.lower(), _Group(resource_group))

    def add_scale_set(
        self,
        subscription_id: str,
        resource_group: str,
        name: str,
        instances: Iterable[Instance | str],
        location: str,
        *,
        orchestration_mode: str = "Uniform",
        sku_name: str = "Standard_D2s_v3",
        upgrade_mode: str = "Manual",
        zones: Iterable[str] = (),
    ) -> ScaleSet:
        """Add or replace a scale set, creating its subscription and resource group.

        Instances without an update or fault domain get their position modulo 5 and 2.
        """
        _check_name("scale set name", name)
        _check_name("location", location)
        _check_name("sku name", sku_name)
        if orchestration_mode not in ORCHESTRATION_MODES:
            raise ValueError(
                f"orchestration_mode must be 'Uniform' or 'Flexible', got {orchestration_mode!r}"
            )
        if upgrade_mode not in UPGRADE_MODES:
            raise ValueError(
                "upgrade_mode must be one of 'Automatic', 'Manual', 'Rolling', "
                f"got {upgrade_mode!r}"
            )
        if isinstance(instances, str):
            raise TypeError("instances must be an iterable of ids or Instance, not one string")
        members = tuple(
            _placed(_as_instance(item), position) for position, item in enumerate(instances)
        )
        seen: set[str] = set()
        for member in members:
            key = member.id.lower() if orchestration_mode == "Flexible" else member.id
            if key in seen:
                raise ValueError(f"scale set {name!r}: instance id {member.id!r} given twice")
            seen.add(key)
        self.add_resource_group(subscription_id, resource_group)
        with self._lock:
            sub = self._subscriptions[subscription_id.lower()]
            group = sub.groups[resource_group.lower()]
            scale_set = ScaleSet(
                subscription_id=sub.id,
                resource_group=group.name,
                name=name,
                location=location.replace(" ", "").lower(),
                instances=members,
                orchestration_mode=orchestration_mode,
                sku_name=sku_name,
                upgrade_mode=upgrade_mode,
                zones=tuple(zones),
            )
            group.scale_sets[name.lower()] = scale_set
            return scale_set

    def has_subscription(self, subscription_id: str) -> bool:
        """Whether the subscription exists."""
        with self._lock:
            return subscription_id.lower() in self._subscriptions

    def has_resource_group(self, subscription_id: str, resource_group: str) -> bool:
        """Whether the resource group exists in the subscription."""
        with self._lock:
            sub = self._subscriptions.get(subscription_id.lower())
            return sub is not None and resource_group.lower() in sub.groups

    def scale_set(self, subscription_id: str, resource_group: str, name: str) -> ScaleSet | None:
        """The scale set, or ``None`` when it (or its group or subscription) does not exist."""
        with self._lock:
            sub = self._subscriptions.get(subscription_id.lower())
            group = sub.groups.get(resource_group.lower()) if sub else None
            return group.scale_sets.get(name.lower()) if group else None

    def scale_sets_in(self, subscription_id: str, resource_group: str) -> list[ScaleSet]:
        """The scale sets of one resource group, in the order added."""
        with self._lock:
            sub = self._subscriptions.get(subscription_id.lower())
            group = sub.groups.get(resource_group.lower()) if sub else None
            return list(group.scale_sets.values()) if group else []

    def flexible_vm(
        self, subscription_id: str, resource_group: str, vm_name: str
    ) -> tuple[ScaleSet, Instance] | None:
        """The Flexible scale set holding VM ``vm_name`` in the group, and the VM; or ``None``."""
        for scale_set in self.scale_sets_in(subscription_id, resource_group):
            if scale_set.flexible and (member := scale_set.instance(vm_name)) is not None:
                return scale_set, member
        return None

    def remove_instance(
        self, subscription_id: str, resource_group: str, name: str, instance_id: str
    ) -> None:
        """Delete one instance (its GETs answer 404 afterwards); ``KeyError`` if absent."""
        with self._lock:
            sub = self._subscriptions.get(subscription_id.lower())
            group = sub.groups.get(resource_group.lower()) if sub else None
            scale_set = group.scale_sets.get(name.lower()) if group else None
            member = scale_set.instance(instance_id) if scale_set else None
            if group is None or scale_set is None or member is None:
                raise KeyError(f"no instance {instance_id!r} in scale set {name!r}")
            group.scale_sets[name.lower()] = scale_set.without(member.id)

    def scale_sets(self) -> list[ScaleSet]:
        """Every scale set, in the order added."""
        with self._lock:
            return [
                scale_set
                for sub in self._subscriptions.values()
                for group in sub.groups.values()
                for scale_set in group.scale_sets.values()
            ]
