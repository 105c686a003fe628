from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.boot_diagnostics_instance_view import BootDiagnosticsInstanceView
    from ..models.instance_view_status import InstanceViewStatus
    from ..models.maintenance_redeploy_status import MaintenanceRedeployStatus
    from ..models.virtual_machine_health_status import VirtualMachineHealthStatus


T = TypeVar("T", bound="VirtualMachineScaleSetVMInstanceView")


@_attrs_define
class VirtualMachineScaleSetVMInstanceView:
    """The instance view of a virtual machine scale set VM.

    Attributes:
        assigned_host (str | Unset): Resource id of the dedicated host, on which the virtual machine is allocated
            through automatic placement, when the virtual machine is associated with a dedicated host group that has
            automatic placement enabled. Minimum api-version: 2020-06-01.
        boot_diagnostics (BootDiagnosticsInstanceView | None | Unset): Boot Diagnostics is a debugging feature which
            allows you to view Console Output and Screenshot to diagnose VM status. You can easily view the output of your
            console log. Azure also enables you to see a screenshot of the VM from the hypervisor.
        computer_name (str | Unset): Specifies the host OS name of the virtual machine. <br><br> This name cannot be
            updated after the VM is created. <br><br> **Max-length (Windows):** 15 characters <br><br> **Max-length
            (Linux):** 64 characters. <br><br> For naming conventions and restrictions see [Azure infrastructure services
            implementation guidelines](https://docs.microsoft.com/azure/virtual-machines/virtual-machines-linux-
            infrastructure-subscription-accounts-guidelines?toc=%2fazure%2fvirtual-machines%2flinux%2ftoc.json#1-naming-
            conventions).
        hyper_v_generation (str | Unset): The hypervisor generation of the Virtual Machine [V1, V2]
        maintenance_redeploy_status (MaintenanceRedeployStatus | None | Unset): The Maintenance Operation status on the
            virtual machine.
        os_name (str | Unset): The Operating System running on the hybrid machine.
        os_version (str | Unset): The version of Operating System running on the hybrid machine.
        placement_group_id (str | Unset): The placement group in which the VM is running. If the VM is deallocated it
            will not have a placementGroupId.
        platform_fault_domain (int | Unset): The Fault Domain count.
        platform_update_domain (int | Unset): The Update Domain count.
        rdp_thumb_print (str | Unset): The Remote desktop certificate thumbprint.
        statuses (list[InstanceViewStatus] | None | Unset): The resource status information.
        vm_health (None | Unset | VirtualMachineHealthStatus): The health status for the VM.
    """

    assigned_host: str | Unset = UNSET
    boot_diagnostics: BootDiagnosticsInstanceView | None | Unset = UNSET
    computer_name: str | Unset = UNSET
    hyper_v_generation: str | Unset = UNSET
    maintenance_redeploy_status: MaintenanceRedeployStatus | None | Unset = UNSET
    os_name: str | Unset = UNSET
    os_version: str | Unset = UNSET
    placement_group_id: str | Unset = UNSET
    platform_fault_domain: int | Unset = UNSET
    platform_update_domain: int | Unset = UNSET
    rdp_thumb_print: str | Unset = UNSET
    statuses: list[InstanceViewStatus] | None | Unset = UNSET
    vm_health: None | Unset | VirtualMachineHealthStatus = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.boot_diagnostics_instance_view import BootDiagnosticsInstanceView
        from ..models.maintenance_redeploy_status import MaintenanceRedeployStatus
        from ..models.virtual_machine_health_status import VirtualMachineHealthStatus

        assigned_host = self.assigned_host

        boot_diagnostics: dict[str, Any] | None | Unset
        if isinstance(self.boot_diagnostics, Unset):
            boot_diagnostics = UNSET
        elif isinstance(self.boot_diagnostics, BootDiagnosticsInstanceView):
            boot_diagnostics = self.boot_diagnostics.to_dict()
        else:
            boot_diagnostics = self.boot_diagnostics

        computer_name = self.computer_name

        hyper_v_generation = self.hyper_v_generation

        maintenance_redeploy_status: dict[str, Any] | None | Unset
        if isinstance(self.maintenance_redeploy_status, Unset):
            maintenance_redeploy_status = UNSET
        elif isinstance(self.maintenance_redeploy_status, MaintenanceRedeployStatus):
            maintenance_redeploy_status = self.maintenance_redeploy_status.to_dict()
        else:
            maintenance_redeploy_status = self.maintenance_redeploy_status

        os_name = self.os_name

        os_version = self.os_version

        placement_group_id = self.placement_group_id

        platform_fault_domain = self.platform_fault_domain

        platform_update_domain = self.platform_update_domain

        rdp_thumb_print = self.rdp_thumb_print

        statuses: list[dict[str, Any]] | None | Unset
        if isinstance(self.statuses, Unset):
            statuses = UNSET
        elif isinstance(self.statuses, list):
            statuses = []
            for statuses_type_0_item_data in self.statuses:
                statuses_type_0_item = statuses_type_0_item_data.to_dict()
                statuses.append(statuses_type_0_item)

        else:
            statuses = self.statuses

        vm_health: dict[str, Any] | None | Unset
        if isinstance(self.vm_health, Unset):
            vm_health = UNSET
        elif isinstance(self.vm_health, VirtualMachineHealthStatus):
            vm_health = self.vm_health.to_dict()
        else:
            vm_health = self.vm_health

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if assigned_host is not UNSET:
            field_dict["assignedHost"] = assigned_host
        if boot_diagnostics is not UNSET:
            field_dict["bootDiagnostics"] = boot_diagnostics
        if computer_name is not UNSET:
            field_dict["computerName"] = computer_name
        if hyper_v_generation is not UNSET:
            field_dict["hyperVGeneration"] = hyper_v_generation
        if maintenance_redeploy_status is not UNSET:
            field_dict["maintenanceRedeployStatus"] = maintenance_redeploy_status
        if os_name is not UNSET:
            field_dict["osName"] = os_name
        if os_version is not UNSET:
            field_dict["osVersion"] = os_version
        if placement_group_id is not UNSET:
            field_dict["placementGroupId"] = placement_group_id
        if platform_fault_domain is not UNSET:
            field_dict["platformFaultDomain"] = platform_fault_domain
        if platform_update_domain is not UNSET:
            field_dict["platformUpdateDomain"] = platform_update_domain
        if rdp_thumb_print is not UNSET:
            field_dict["rdpThumbPrint"] = rdp_thumb_print
        if statuses is not UNSET:
            field_dict["statuses"] = statuses
        if vm_health is not UNSET:
            field_dict["vmHealth"] = vm_health

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.boot_diagnostics_instance_view import BootDiagnosticsInstanceView
        from ..models.instance_view_status import InstanceViewStatus
        from ..models.maintenance_redeploy_status import MaintenanceRedeployStatus
        from ..models.virtual_machine_health_status import VirtualMachineHealthStatus

        d = dict(src_dict)
        assigned_host = d.pop("assignedHost", UNSET)

        def _parse_boot_diagnostics(
            data: object,
        ) -> BootDiagnosticsInstanceView | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                boot_diagnostics_type_1 = BootDiagnosticsInstanceView.from_dict(data)

                return boot_diagnostics_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BootDiagnosticsInstanceView | None | Unset, data)

        boot_diagnostics = _parse_boot_diagnostics(d.pop("bootDiagnostics", UNSET))

        computer_name = d.pop("computerName", UNSET)

        hyper_v_generation = d.pop("hyperVGeneration", UNSET)

        def _parse_maintenance_redeploy_status(
            data: object,
        ) -> MaintenanceRedeployStatus | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                maintenance_redeploy_status_type_1 = (
                    MaintenanceRedeployStatus.from_dict(data)
                )

                return maintenance_redeploy_status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MaintenanceRedeployStatus | None | Unset, data)

        maintenance_redeploy_status = _parse_maintenance_redeploy_status(
            d.pop("maintenanceRedeployStatus", UNSET)
        )

        os_name = d.pop("osName", UNSET)

        os_version = d.pop("osVersion", UNSET)

        placement_group_id = d.pop("placementGroupId", UNSET)

        platform_fault_domain = d.pop("platformFaultDomain", UNSET)

        platform_update_domain = d.pop("platformUpdateDomain", UNSET)

        rdp_thumb_print = d.pop("rdpThumbPrint", UNSET)

        def _parse_statuses(data: object) -> list[InstanceViewStatus] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                statuses_type_0 = []
                _statuses_type_0 = data
                for statuses_type_0_item_data in _statuses_type_0:
                    statuses_type_0_item = InstanceViewStatus.from_dict(
                        statuses_type_0_item_data
                    )

                    statuses_type_0.append(statuses_type_0_item)

                return statuses_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[InstanceViewStatus] | None | Unset, data)

        statuses = _parse_statuses(d.pop("statuses", UNSET))

        def _parse_vm_health(data: object) -> None | Unset | VirtualMachineHealthStatus:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                vm_health_type_1 = VirtualMachineHealthStatus.from_dict(data)

                return vm_health_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VirtualMachineHealthStatus, data)

        vm_health = _parse_vm_health(d.pop("vmHealth", UNSET))

        virtual_machine_scale_set_vm_instance_view = cls(
            assigned_host=assigned_host,
            boot_diagnostics=boot_diagnostics,
            computer_name=computer_name,
            hyper_v_generation=hyper_v_generation,
            maintenance_redeploy_status=maintenance_redeploy_status,
            os_name=os_name,
            os_version=os_version,
            placement_group_id=placement_group_id,
            platform_fault_domain=platform_fault_domain,
            platform_update_domain=platform_update_domain,
            rdp_thumb_print=rdp_thumb_print,
            statuses=statuses,
            vm_health=vm_health,
        )

        virtual_machine_scale_set_vm_instance_view.additional_properties = d
        return virtual_machine_scale_set_vm_instance_view

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
