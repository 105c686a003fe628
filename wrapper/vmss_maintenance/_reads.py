"""The GET requests this client sends (reads and listings), each built by the generated package.

Like the descriptors of :mod:`._operations` for the long-running operations: each function
names its operationId and the arguments the generated function takes; the adapter builds the
request and checks its path. A listing's first request comes from here; its ``nextLink`` pages
are followed by :mod:`._paging`.
"""

from __future__ import annotations

from . import _adapter, _validation
from ._adapter import RequestParts
from ._targets import ScaleSetTarget, VmTarget

#: What ``az vmss get-instance-view --instance-id '*'`` sends: every instance with its view.
INSTANCE_VIEW_QUERY = {"expand": "instanceView", "select": "instanceView"}


def scale_set(target: ScaleSetTarget, api_version: str) -> RequestParts:
    """``VirtualMachineScaleSets_Get``: the scale set (its ``orchestrationMode``)."""
    return _adapter.build_request(
        "VirtualMachineScaleSets_Get", target.path_params(), api_version=api_version
    )


def scale_sets(subscription_id: str, resource_group_name: str, api_version: str) -> RequestParts:
    """``VirtualMachineScaleSets_List``: the scale sets of a resource group (paged)."""
    params = {
        "subscriptionId": _validation.subscription_id(subscription_id),
        "resourceGroupName": _validation.resource_group_name(resource_group_name),
    }
    return _adapter.build_request("VirtualMachineScaleSets_List", params, api_version=api_version)


def scale_set_vms(target: ScaleSetTarget, api_version: str, *, instance_view: bool) -> RequestParts:
    """``VirtualMachineScaleSetVMs_List`` (paged); ``instance_view``: with each instance's
    view (``$expand=instanceView&$select=instanceView``)."""
    params = {
        "subscriptionId": target.subscription_id,
        "resourceGroupName": target.resource_group_name,
        "virtualMachineScaleSetName": target.vm_scale_set_name,
    }
    query = INSTANCE_VIEW_QUERY if instance_view else None
    return _adapter.build_request(
        "VirtualMachineScaleSetVMs_List", params, api_version=api_version, query=query
    )


def flexible_vms(target: ScaleSetTarget, api_version: str) -> RequestParts:
    """``VirtualMachines_List`` in the scale set's resource group, filtered to the VMs of the
    scale set (``$filter=virtualMachineScaleSet/id eq '<id>'``, paged), as Azure's docs list
    a Flexible scale set's VMs. The id is built from the validated names (no quote in it)."""
    params = {
        "subscriptionId": target.subscription_id,
        "resourceGroupName": target.resource_group_name,
    }
    query = {"filter_": f"virtualMachineScaleSet/id eq '{target.resource_id()}'"}
    return _adapter.build_request(
        "VirtualMachines_List", params, api_version=api_version, query=query
    )


def vm_instance_view(target: VmTarget, api_version: str) -> RequestParts:
    """``VirtualMachines_InstanceView``: one VM's instance view."""
    return _adapter.build_request(
        "VirtualMachines_InstanceView", target.path_params(), api_version=api_version
    )
