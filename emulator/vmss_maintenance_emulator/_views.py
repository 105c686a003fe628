"""What a scale set, a VM and an instance view look like on the wire, at a moment: pure functions.

An instance's state now is its seeded state with the outcome of every maintenance that is over
applied in order (:func:`current`); the JSON bodies follow the shapes of the Compute spec's
examples and of recorded ARM traffic (``platformUpdateDomain``, ``statuses`` with
``ProvisioningState/...`` and ``PowerState/...``, ``maintenanceRedeployStatus``, ``vmHealth``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

import attrs

from vmss_maintenance_emulator._arm import iso_time
from vmss_maintenance_emulator._operations import Operation
from vmss_maintenance_emulator._state import Instance, ScaleSet

__all__ = [
    "InstanceNow",
    "after_maintenance",
    "current",
    "instance_view",
    "scale_set_body",
    "scale_set_vm_body",
    "vm_body",
]

#: Result code and message an instance's last attempt ends with, by fault (``None``: success).
_OUTCOMES: dict[str | None, tuple[str, str]] = {
    None: ("MaintenanceCompleted", "Maintenance completed successfully."),
    "unhealthy": ("MaintenanceCompleted", "Maintenance completed successfully."),
    "stays_stopped": ("MaintenanceCompleted", "Maintenance completed successfully."),
    "retry_later": (
        "RetryLater",
        "Maintenance could not be performed at this time. Please retry later.",
    ),
    "maintenance_aborted": ("MaintenanceAborted", "Maintenance was aborted by the platform."),
    "fail": ("MaintenanceAborted", "An internal execution error occurred during maintenance."),
}
_POWER_DISPLAY = {
    "running": "VM running",
    "starting": "VM starting",
    "stopped": "VM stopped",
    "deallocated": "VM deallocated",
}


@attrs.frozen
class InstanceNow:
    """An instance as it is now: its state after the maintenance that is over, and whether a
    maintenance is running on it (``busy``: updating, not running)."""

    instance: Instance
    busy: bool


def after_maintenance(instance: Instance, fault: str | None) -> Instance:
    """The instance once a maintenance with that fault (``None``: none) is over."""
    code, message = _OUTCOMES[fault]
    if code != "MaintenanceCompleted":
        return attrs.evolve(instance, last_result_code=code, last_result_message=message)
    return attrs.evolve(
        instance,
        pending=False,
        last_result_code=code,
        last_result_message=message,
        power_state="stopped" if fault == "stays_stopped" else "running",
        health="unhealthy" if fault == "unhealthy" else instance.health,
    )


def current(instance: Instance, history: Sequence[tuple[Operation, bool]]) -> InstanceNow:
    """Fold the operations covering ``instance`` (oldest first, each with whether it is over)."""
    state, busy = instance, False
    for operation, over in history:
        if over:
            state = after_maintenance(state, operation.fault_of(instance.id))
        else:
            busy = True
    return InstanceNow(state, busy)


def _status(
    code: str, display: str, level: str = "Info", time: str | None = None
) -> dict[str, Any]:
    found: dict[str, Any] = {"code": code, "level": level, "displayStatus": display}
    if time is not None:
        found["time"] = time
    return found


def _redeploy_status(now: InstanceNow, moment: dt.datetime) -> dict[str, Any] | None:
    instance = now.instance
    if not instance.pending and instance.last_result_code is None:
        return None
    status: dict[str, Any] = {
        "isCustomerInitiatedMaintenanceAllowed": not now.busy and instance.may_start_now(moment)
    }
    if instance.pending:
        for key, value in (
            ("preMaintenanceWindowStartTime", instance.window_start),
            ("preMaintenanceWindowEndTime", instance.window_end),
            ("maintenanceWindowStartTime", instance.platform_window_start),
            ("maintenanceWindowEndTime", instance.platform_window_end),
        ):
            if value is not None:
                status[key] = iso_time(value)
    status["lastOperationResultCode"] = instance.last_result_code or "None"
    if instance.last_result_message is not None:
        status["lastOperationMessage"] = instance.last_result_message
    return status


def instance_view(now: InstanceNow, moment: dt.datetime, computer_name: str) -> dict[str, Any]:
    """The instance view (``VirtualMachineScaleSetVMInstanceView`` /
    ``VirtualMachineInstanceView``) at ``moment``."""
    instance = now.instance
    view: dict[str, Any] = {
        "platformUpdateDomain": instance.update_domain or 0,
        "platformFaultDomain": instance.fault_domain or 0,
        "computerName": computer_name,
    }
    redeploy = _redeploy_status(now, moment)
    if redeploy is not None:
        view["maintenanceRedeployStatus"] = redeploy
    if instance.health is not None and not now.busy:
        level = "Info" if instance.health == "healthy" else "Warning"
        view["vmHealth"] = {
            "status": _status(
                f"HealthState/{instance.health}",
                f"The VM is reporting {instance.health}",
                level,
            )
        }
    if now.busy:
        view["statuses"] = [
            _status("ProvisioningState/updating", "Updating"),
            _status("PowerState/starting", _POWER_DISPLAY["starting"]),
        ]
    else:
        view["statuses"] = [
            _status("ProvisioningState/succeeded", "Provisioning succeeded", time=iso_time(moment)),
            _status(f"PowerState/{instance.power_state}", _POWER_DISPLAY[instance.power_state]),
        ]
    return view


def _vm_id(resource_id: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, resource_id.lower()))


def scale_set_body(scale_set: ScaleSet) -> dict[str, Any]:
    """``VirtualMachineScaleSet`` as ``VirtualMachineScaleSets_Get`` answers it."""
    body: dict[str, Any] = {
        "name": scale_set.name,
        "id": scale_set.id,
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "location": scale_set.location,
        "sku": {
            "name": scale_set.sku_name,
            "tier": "Standard",
            "capacity": len(scale_set.instances),
        },
    }
    if scale_set.zones:
        body["zones"] = list(scale_set.zones)
    body["properties"] = {
        "orchestrationMode": scale_set.orchestration_mode,
        "upgradePolicy": {"mode": scale_set.upgrade_mode},
        "provisioningState": "Succeeded",
        "platformFaultDomainCount": 2 if scale_set.flexible else 5,
        "uniqueId": _vm_id(scale_set.id),
        "singlePlacementGroup": False,
    }
    return body


def _zones(scale_set: ScaleSet, instance: Instance, position: int) -> list[str] | None:
    if instance.zone is not None:
        return [instance.zone]
    if scale_set.zones:
        return [scale_set.zones[position % len(scale_set.zones)]]
    return None


def scale_set_vm_body(
    scale_set: ScaleSet,
    now: InstanceNow,
    position: int,
    view: dict[str, Any] | None,
    *,
    only_view: bool = False,
) -> dict[str, Any]:
    """``VirtualMachineScaleSetVM`` as ``VirtualMachineScaleSetVMs_List`` answers it; with
    ``view``, its ``properties.instanceView``; ``only_view`` (``$select=instanceView``) leaves
    out the other properties."""
    instance = now.instance
    resource_id = f"{scale_set.id}/virtualMachines/{instance.id}"
    body: dict[str, Any] = {
        "name": scale_set.vm_name(instance.id),
        "id": resource_id,
        "type": "Microsoft.Compute/virtualMachineScaleSets/virtualMachines",
        "location": scale_set.location,
        "instanceId": instance.id,
        "sku": {"name": scale_set.sku_name, "tier": "Standard"},
    }
    zones = _zones(scale_set, instance, position)
    if zones is not None:
        body["zones"] = zones
    properties: dict[str, Any] = {}
    if not only_view:
        properties = {
            "latestModelApplied": True,
            "vmId": _vm_id(resource_id),
            "hardwareProfile": {"vmSize": scale_set.sku_name},
            "provisioningState": "Updating" if now.busy else "Succeeded",
        }
    if view is not None:
        properties["instanceView"] = view
    body["properties"] = properties
    return body


def vm_body(
    scale_set: ScaleSet, now: InstanceNow, position: int, view: dict[str, Any] | None
) -> dict[str, Any]:
    """``VirtualMachine`` (a VM of a Flexible scale set) as ``VirtualMachines_List`` answers it."""
    instance = now.instance
    resource_id = (
        f"/subscriptions/{scale_set.subscription_id}/resourceGroups/{scale_set.resource_group}"
        f"/providers/Microsoft.Compute/virtualMachines/{instance.id}"
    )
    body: dict[str, Any] = {
        "name": instance.id,
        "id": resource_id,
        "type": "Microsoft.Compute/virtualMachines",
        "location": scale_set.location,
    }
    zones = _zones(scale_set, instance, position)
    if zones is not None:
        body["zones"] = zones
    properties: dict[str, Any] = {
        "vmId": _vm_id(resource_id),
        "hardwareProfile": {"vmSize": scale_set.sku_name},
        "virtualMachineScaleSet": {"id": scale_set.id},
        "platformFaultDomain": instance.fault_domain or 0,
        "provisioningState": "Updating" if now.busy else "Succeeded",
    }
    if view is not None:
        properties["instanceView"] = view
    body["properties"] = properties
    return body
