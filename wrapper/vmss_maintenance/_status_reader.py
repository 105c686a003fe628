"""What the clients read to tell a scale set's maintenance status, short of the I/O.

The clients fetch (sync or async, with their own concurrency); this module says what to fetch
and reads the raw JSON answers leniently: the scale set's orchestration mode, the flow that
reads one VM of a Flexible scale set (its instance view GET, turned into its status), and the
error for a scale-set performMaintenance that a Flexible scale set refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from . import _reads
from ._adapter import RequestParts
from ._flow import Flow
from ._maintenance_status import InstanceMaintenance, instance_from_vm
from ._paging import get_json
from ._targets import ScaleSetTarget, VmTarget
from .errors import HttpResponseError, InvalidArgumentError

#: Called with the number of instances whose status has been read so far.
OnProgress = Callable[[int], None]
#: The answers to a scale-set performMaintenance that may mean "not for this scale set".
REFUSALS = frozenset({400, 409})


def orchestration_mode(scale_set: Mapping[str, Any] | None) -> str | None:
    """``properties.orchestrationMode`` of a VirtualMachineScaleSets_Get answer, if a string."""
    properties = scale_set.get("properties") if scale_set is not None else None
    mode = properties.get("orchestrationMode") if isinstance(properties, Mapping) else None
    return mode if isinstance(mode, str) else None


def is_flexible(scale_set: Mapping[str, Any] | None) -> bool:
    """Whether the scale set says it is Flexible (any case)."""
    return (orchestration_mode(scale_set) or "").lower() == "flexible"


def vm_instance_view_request(
    target: ScaleSetTarget, vm: Mapping[str, Any], api_version: str
) -> RequestParts | None:
    """The instance view GET of a Flexible scale set's VM (a VirtualMachines_List item), or
    None when the item has no usable name (its state is then UNKNOWN)."""
    try:
        vm_target = VmTarget(target.subscription_id, target.resource_group_name, vm.get("name"))
    except InvalidArgumentError:
        return None
    return _reads.vm_instance_view(vm_target, api_version)


def flexible_vm_status(
    target: ScaleSetTarget,
    vm: Mapping[str, Any],
    api_version: str,
    utc: Callable[[], datetime],
) -> Flow[InstanceMaintenance]:
    """The status of one VM of a Flexible scale set (a VirtualMachines_List item): GET its
    instance view and read it at ``utc()``. A VM gone meanwhile (404) or an item without a
    usable name (nothing sent) is ``UNKNOWN``; any other error answer raises."""
    request = vm_instance_view_request(target, vm, api_version)
    view = None
    if request is not None:
        view = yield from get_json(request, what=f"reading VM {vm.get('name')}", missing_ok=True)
    return instance_from_vm(vm, view, utc())


def flexible_refusal(target: ScaleSetTarget, refused: HttpResponseError) -> HttpResponseError:
    """The error for a scale-set performMaintenance on a Flexible scale set: it names the
    per-VM path and keeps what the service said."""
    said = f"({refused.code}) {refused.message}" if refused.code else refused.message
    return HttpResponseError(
        f"{target.describe()} is a Flexible scale set: scale-set performMaintenance is for "
        "Uniform scale sets. Start maintenance per VM instead: "
        "client.begin_perform_vm_maintenance(resource_group_name, vm_name) for each VM "
        "(client.get_maintenance_status(...).eligible lists those that may start now), or "
        "`vmss-maintenance perform --eligible`. Azure said: " + said,
        status_code=refused.status_code,
        code=refused.code,
        target=refused.target,
        details=refused.details,
        innererror=refused.innererror,
        request_id=refused.request_id,
        correlation_id=refused.correlation_id,
        error=refused.error,
        retry_after=refused.retry_after,
    )
