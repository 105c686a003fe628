"""Contains all the data models used in inputs/outputs.

Each model's module is imported the first time the model is asked for (a module ``__getattr__``,
PEP 562), so importing one model does not import them all. Written by the custom template
scripts/templates/models_init.py.jinja of vmss-maintenance.
"""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .additional_capabilities import AdditionalCapabilities
    from .api_error import ApiError
    from .api_error_base import ApiErrorBase
    from .application_profile import ApplicationProfile
    from .automatic_os_upgrade_policy import AutomaticOSUpgradePolicy
    from .automatic_repairs_policy import AutomaticRepairsPolicy
    from .billing_profile import BillingProfile
    from .boot_diagnostics_instance_view import BootDiagnosticsInstanceView
    from .capacity_reservation_profile import CapacityReservationProfile
    from .cloud_error import CloudError
    from .diagnostics_profile import DiagnosticsProfile
    from .disk_instance_view import DiskInstanceView
    from .extended_location import ExtendedLocation
    from .hardware_profile import HardwareProfile
    from .inner_error import InnerError
    from .instance_view_status import InstanceViewStatus
    from .maintenance_operation_result_code_types import (
        MaintenanceOperationResultCodeTypes,
    )
    from .maintenance_redeploy_status import MaintenanceRedeployStatus
    from .network_profile import NetworkProfile
    from .os_profile import OSProfile
    from .plan import Plan
    from .priority_mix_policy import PriorityMixPolicy
    from .resiliency_policy import ResiliencyPolicy
    from .resource import Resource
    from .resource_tags import ResourceTags
    from .rolling_upgrade_policy import RollingUpgradePolicy
    from .scale_in_policy import ScaleInPolicy
    from .scheduled_events_policy import ScheduledEventsPolicy
    from .scheduled_events_profile import ScheduledEventsProfile
    from .security_profile import SecurityProfile
    from .sku import Sku
    from .spot_restore_policy import SpotRestorePolicy
    from .status_level_types import StatusLevelTypes
    from .storage_profile import StorageProfile
    from .sub_resource import SubResource
    from .upgrade_mode import UpgradeMode
    from .upgrade_policy import UpgradePolicy
    from .virtual_machine import VirtualMachine
    from .virtual_machine_agent_instance_view import VirtualMachineAgentInstanceView
    from .virtual_machine_extension import VirtualMachineExtension
    from .virtual_machine_extension_instance_view import (
        VirtualMachineExtensionInstanceView,
    )
    from .virtual_machine_health_status import VirtualMachineHealthStatus
    from .virtual_machine_identity import VirtualMachineIdentity
    from .virtual_machine_instance_view import VirtualMachineInstanceView
    from .virtual_machine_list_result import VirtualMachineListResult
    from .virtual_machine_patch_status import VirtualMachinePatchStatus
    from .virtual_machine_properties import VirtualMachineProperties
    from .virtual_machine_scale_set import VirtualMachineScaleSet
    from .virtual_machine_scale_set_identity import VirtualMachineScaleSetIdentity
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
    from .virtual_machine_scale_set_vm_network_profile_configuration import (
        VirtualMachineScaleSetVMNetworkProfileConfiguration,
    )
    from .virtual_machine_scale_set_vm_profile import VirtualMachineScaleSetVMProfile
    from .virtual_machine_scale_set_vm_properties import (
        VirtualMachineScaleSetVMProperties,
    )
    from .virtual_machine_scale_set_vm_protection_policy import (
        VirtualMachineScaleSetVMProtectionPolicy,
    )
    from .virtual_machine_scale_sets_get_expand import VirtualMachineScaleSetsGetExpand
    from .virtual_machines_list_expand import VirtualMachinesListExpand
    from .vm_size_properties import VMSizeProperties

_MODULES = {
    "AdditionalCapabilities": ".additional_capabilities",
    "ApiError": ".api_error",
    "ApiErrorBase": ".api_error_base",
    "ApplicationProfile": ".application_profile",
    "AutomaticOSUpgradePolicy": ".automatic_os_upgrade_policy",
    "AutomaticRepairsPolicy": ".automatic_repairs_policy",
    "BillingProfile": ".billing_profile",
    "BootDiagnosticsInstanceView": ".boot_diagnostics_instance_view",
    "CapacityReservationProfile": ".capacity_reservation_profile",
    "CloudError": ".cloud_error",
    "DiagnosticsProfile": ".diagnostics_profile",
    "DiskInstanceView": ".disk_instance_view",
    "ExtendedLocation": ".extended_location",
    "HardwareProfile": ".hardware_profile",
    "InnerError": ".inner_error",
    "InstanceViewStatus": ".instance_view_status",
    "MaintenanceOperationResultCodeTypes": ".maintenance_operation_result_code_types",
    "MaintenanceRedeployStatus": ".maintenance_redeploy_status",
    "NetworkProfile": ".network_profile",
    "OSProfile": ".os_profile",
    "Plan": ".plan",
    "PriorityMixPolicy": ".priority_mix_policy",
    "ResiliencyPolicy": ".resiliency_policy",
    "Resource": ".resource",
    "ResourceTags": ".resource_tags",
    "RollingUpgradePolicy": ".rolling_upgrade_policy",
    "ScaleInPolicy": ".scale_in_policy",
    "ScheduledEventsPolicy": ".scheduled_events_policy",
    "ScheduledEventsProfile": ".scheduled_events_profile",
    "SecurityProfile": ".security_profile",
    "Sku": ".sku",
    "SpotRestorePolicy": ".spot_restore_policy",
    "StatusLevelTypes": ".status_level_types",
    "StorageProfile": ".storage_profile",
    "SubResource": ".sub_resource",
    "UpgradeMode": ".upgrade_mode",
    "UpgradePolicy": ".upgrade_policy",
    "VirtualMachine": ".virtual_machine",
    "VirtualMachineAgentInstanceView": ".virtual_machine_agent_instance_view",
    "VirtualMachineExtension": ".virtual_machine_extension",
    "VirtualMachineExtensionInstanceView": ".virtual_machine_extension_instance_view",
    "VirtualMachineHealthStatus": ".virtual_machine_health_status",
    "VirtualMachineIdentity": ".virtual_machine_identity",
    "VirtualMachineInstanceView": ".virtual_machine_instance_view",
    "VirtualMachineListResult": ".virtual_machine_list_result",
    "VirtualMachinePatchStatus": ".virtual_machine_patch_status",
    "VirtualMachineProperties": ".virtual_machine_properties",
    "VirtualMachineScaleSet": ".virtual_machine_scale_set",
    "VirtualMachineScaleSetIdentity": ".virtual_machine_scale_set_identity",
    "VirtualMachineScaleSetListResult": ".virtual_machine_scale_set_list_result",
    "VirtualMachineScaleSetProperties": ".virtual_machine_scale_set_properties",
    "VirtualMachineScaleSetVM": ".virtual_machine_scale_set_vm",
    "VirtualMachineScaleSetVMInstanceIDs": ".virtual_machine_scale_set_vm_instance_ids",
    "VirtualMachineScaleSetVMInstanceView": ".virtual_machine_scale_set_vm_instance_view",
    "VirtualMachineScaleSetVMListResult": ".virtual_machine_scale_set_vm_list_result",
    "VirtualMachineScaleSetVMNetworkProfileConfiguration": ".virtual_machine_scale_set_vm_network_profile_configuration",
    "VirtualMachineScaleSetVMProfile": ".virtual_machine_scale_set_vm_profile",
    "VirtualMachineScaleSetVMProperties": ".virtual_machine_scale_set_vm_properties",
    "VirtualMachineScaleSetVMProtectionPolicy": ".virtual_machine_scale_set_vm_protection_policy",
    "VirtualMachineScaleSetsGetExpand": ".virtual_machine_scale_sets_get_expand",
    "VirtualMachinesListExpand": ".virtual_machines_list_expand",
    "VMSizeProperties": ".vm_size_properties",
}

__all__ = (
    "AdditionalCapabilities",
    "ApiError",
    "ApiErrorBase",
    "ApplicationProfile",
    "AutomaticOSUpgradePolicy",
    "AutomaticRepairsPolicy",
    "BillingProfile",
    "BootDiagnosticsInstanceView",
    "CapacityReservationProfile",
    "CloudError",
    "DiagnosticsProfile",
    "DiskInstanceView",
    "ExtendedLocation",
    "HardwareProfile",
    "InnerError",
    "InstanceViewStatus",
    "MaintenanceOperationResultCodeTypes",
    "MaintenanceRedeployStatus",
    "NetworkProfile",
    "OSProfile",
    "Plan",
    "PriorityMixPolicy",
    "ResiliencyPolicy",
    "Resource",
    "ResourceTags",
    "RollingUpgradePolicy",
    "ScaleInPolicy",
    "ScheduledEventsPolicy",
    "ScheduledEventsProfile",
    "SecurityProfile",
    "Sku",
    "SpotRestorePolicy",
    "StatusLevelTypes",
    "StorageProfile",
    "SubResource",
    "UpgradeMode",
    "UpgradePolicy",
    "VMSizeProperties",
    "VirtualMachine",
    "VirtualMachineAgentInstanceView",
    "VirtualMachineExtension",
    "VirtualMachineExtensionInstanceView",
    "VirtualMachineHealthStatus",
    "VirtualMachineIdentity",
    "VirtualMachineInstanceView",
    "VirtualMachineListResult",
    "VirtualMachinePatchStatus",
    "VirtualMachineProperties",
    "VirtualMachineScaleSet",
    "VirtualMachineScaleSetIdentity",
    "VirtualMachineScaleSetListResult",
    "VirtualMachineScaleSetProperties",
    "VirtualMachineScaleSetVM",
    "VirtualMachineScaleSetVMInstanceIDs",
    "VirtualMachineScaleSetVMInstanceView",
    "VirtualMachineScaleSetVMListResult",
    "VirtualMachineScaleSetVMNetworkProfileConfiguration",
    "VirtualMachineScaleSetVMProfile",
    "VirtualMachineScaleSetVMProperties",
    "VirtualMachineScaleSetVMProtectionPolicy",
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
