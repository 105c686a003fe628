"""Contains all the data models used in inputs/outputs.

Each model's module is imported the first time the model is asked for (a module ``__getattr__``,
PEP 562), so importing one model does not import them all. Written by the custom template
scripts/templates/models_init.py.jinja of vmss-maintenance.
"""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .api_error import ApiError
    from .api_error_base import ApiErrorBase
    from .boot_diagnostics_instance_view import BootDiagnosticsInstanceView
    from .cloud_error import CloudError
    from .hardware_profile import HardwareProfile
    from .inner_error import InnerError
    from .instance_view_status import InstanceViewStatus
    from .maintenance_operation_result_code_types import (
        MaintenanceOperationResultCodeTypes,
    )
    from .maintenance_redeploy_status import MaintenanceRedeployStatus
    from .resource import Resource
    from .resource_tags import ResourceTags
    from .sku import Sku
    from .status_level_types import StatusLevelTypes
    from .sub_resource import SubResource
    from .upgrade_mode import UpgradeMode
    from .upgrade_policy import UpgradePolicy
    from .virtual_machine import VirtualMachine
    from .virtual_machine_health_status import VirtualMachineHealthStatus
    from .virtual_machine_instance_view import VirtualMachineInstanceView
    from .virtual_machine_list_result import VirtualMachineListResult
    from .virtual_machine_properties import VirtualMachineProperties
    from .virtual_machine_scale_set import VirtualMachineScaleSet
    from .virtual_machine_scale_set_list_result import VirtualMachineScaleSetListResult
    from .virtual_machine_scale_set_properties import VirtualMachineScaleSetProperties
    from .virtual_machine_scale_set_vm import VirtualMachineScaleSetVM
    from .virtual_machine_scale_set_vm_instance_ids import (
        VirtualMachineScaleSetVMInstanceIDs,
    )
    from .virtual_machine_scale_set_vm_instance_view import (
        VirtualMachineScaleSetVMInstanceView,
    )
    from .virtual_machine_scale_set_vm_list_result import (
        VirtualMachineScaleSetVMListResult,
    )
    from .virtual_machine_scale_set_vm_properties import (
        VirtualMachineScaleSetVMProperties,
    )
    from .virtual_machine_scale_sets_get_expand import VirtualMachineScaleSetsGetExpand
    from .virtual_machines_list_expand import VirtualMachinesListExpand
    from .vm_size_properties import VMSizeProperties

_MODULES = {
    "ApiError": ".api_error",
    "ApiErrorBase": ".api_error_base",
    "BootDiagnosticsInstanceView": ".boot_diagnostics_instance_view",
    "CloudError": ".cloud_error",
    "HardwareProfile": ".hardware_profile",
    "InnerError": ".inner_error",
    "InstanceViewStatus": ".instance_view_status",
    "MaintenanceOperationResultCodeTypes": ".maintenance_operation_result_code_types",
    "MaintenanceRedeployStatus": ".maintenance_redeploy_status",
    "Resource": ".resource",
    "ResourceTags": ".resource_tags",
    "Sku": ".sku",
    "StatusLevelTypes": ".status_level_types",
    "SubResource": ".sub_resource",
    "UpgradeMode": ".upgrade_mode",
    "UpgradePolicy": ".upgrade_policy",
    "VirtualMachine": ".virtual_machine",
    "VirtualMachineHealthStatus": ".virtual_machine_health_status",
    "VirtualMachineInstanceView": ".virtual_machine_instance_view",
    "VirtualMachineListResult": ".virtual_machine_list_result",
    "VirtualMachineProperties": ".virtual_machine_properties",
    "VirtualMachineScaleSet": ".virtual_machine_scale_set",
    "VirtualMachineScaleSetListResult": ".virtual_machine_scale_set_list_result",
    "VirtualMachineScaleSetProperties": ".virtual_machine_scale_set_properties",
    "VirtualMachineScaleSetVM": ".virtual_machine_scale_set_vm",
    "VirtualMachineScaleSetVMInstanceIDs": ".virtual_machine_scale_set_vm_instance_ids",
    "VirtualMachineScaleSetVMInstanceView": ".virtual_machine_scale_set_vm_instance_view",
    "VirtualMachineScaleSetVMListResult": ".virtual_machine_scale_set_vm_list_result",
    "VirtualMachineScaleSetVMProperties": ".virtual_machine_scale_set_vm_properties",
    "VirtualMachineScaleSetsGetExpand": ".virtual_machine_scale_sets_get_expand",
    "VirtualMachinesListExpand": ".virtual_machines_list_expand",
    "VMSizeProperties": ".vm_size_properties",
}

__all__ = (
    "ApiError",
    "ApiErrorBase",
    "BootDiagnosticsInstanceView",
    "CloudError",
    "HardwareProfile",
    "InnerError",
    "InstanceViewStatus",
    "MaintenanceOperationResultCodeTypes",
    "MaintenanceRedeployStatus",
    "Resource",
    "ResourceTags",
    "Sku",
    "StatusLevelTypes",
    "SubResource",
    "UpgradeMode",
    "UpgradePolicy",
    "VMSizeProperties",
    "VirtualMachine",
    "VirtualMachineHealthStatus",
    "VirtualMachineInstanceView",
    "VirtualMachineListResult",
    "VirtualMachineProperties",
    "VirtualMachineScaleSet",
    "VirtualMachineScaleSetListResult",
    "VirtualMachineScaleSetProperties",
    "VirtualMachineScaleSetVM",
    "VirtualMachineScaleSetVMInstanceIDs",
    "VirtualMachineScaleSetVMInstanceView",
    "VirtualMachineScaleSetVMListResult",
    "VirtualMachineScaleSetVMProperties",
    "VirtualMachineScaleSetsGetExpand",
    "VirtualMachinesListExpand",
)


def __getattr__(name: str) -> object:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
