"""The emulated resources: subscriptions, resource groups, scale sets and their instances.

Names are looked up case-insensitively, as Azure Resource Manager does; the spelling given when a
resource was added is the one reported back.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable

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


@attrs.frozen
class Instance:
    """One scale set VM instance and what the emulator does when maintenance is asked for it.

    ``maintenance_allowed`` is ARM's ``isCustomerInitiatedMaintenanceAllowed``; ``window_start``
    and ``window_end`` (``maintenanceWindowStartTime``/``EndTime``, UTC) bound when maintenance
    may be started, either may be ``None`` for "no bound"; ``fail=True`` makes an operation
    that includes this instance end ``Failed``.
    """

    id: str = attrs.field(validator=_valid_id)
    maintenance_allowed: bool = True
    window_start: dt.datetime | None = attrs.field(default=None, converter=_to_utc)
    window_end: dt.datetime | None = attrs.field(default=None, converter=_to_utc)
    fail: bool = False

    def __attrs_post_init__(self) -> None:
        if (
            self.window_start is not None
            and self.window_end is not None
            and self.window_start > self.window_end
        ):
            raise ValueError(
                f"instance {self.id!r}: window_start {self.window_start.isoformat()} is after "
                f"window_end {self.window_end.isoformat()}"
            )

    def refusal(self, now: dt.datetime) -> str | None:
        """Why maintenance may not start on this instance at ``now``, or ``None`` if it may."""
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

    def instance(self, instance_id: str) -> Instance | None:
        """The instance with this id, or ``None``."""
        for item in self.instances:
            if item.id == instance_id:
                return item
        return None

    def vm_name(self, instance_id: str) -> str:
        """The VM name ARM uses in messages for an instance of a uniform scale set."""
        return f"{self.name}_{instance_id}"


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
    ) -> ScaleSet:
        """Add or replace a scale set, creating its subscription and resource group."""
        _check_name("scale set name", name)
        _check_name("location", location)
        if isinstance(instances, str):
            raise TypeError("instances must be an iterable of ids or Instance, not one string")
        members = tuple(_as_instance(item) for item in instances)
        seen: set[str] = set()
        for member in members:
            if member.id in seen:
                raise ValueError(f"scale set {name!r}: instance id {member.id!r} given twice")
            seen.add(member.id)
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

    def scale_sets(self) -> list[ScaleSet]:
        """Every scale set, in the order added."""
        with self._lock:
            return [
                scale_set
                for sub in self._subscriptions.values()
                for group in sub.groups.values()
                for scale_set in group.scale_sets.values()
            ]
