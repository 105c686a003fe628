from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.boot_diagnostics_instance_view import BootDiagnosticsInstanceView
    from ..models.disk_instance_view import DiskInstanceView
    from ..models.instance_view_status import InstanceViewStatus
    from ..models.maintenance_redeploy_status import MaintenanceRedeployStatus
    from ..models.virtual_machine_agent_instance_view import (
        VirtualMachineAgentInstanceView,
    )
    from ..models.virtual_machine_extension_instance_view import (
        VirtualMachineExtensionInstanceView,
    )
    from ..models.virtual_machine_health_status import VirtualMachineHealthStatus
    from ..models.virtual_machine_patch_status import VirtualMachinePatchStatus


T = TypeVar("T", bound="VirtualMachineInstanceView")


@_attrs_define
class VirtualMachineInstanceView:
    """The instance view of a virtual machine.

    Attributes:
        assigned_host (None | str | Unset): Resource id of the dedicated host, on which the virtual machine is allocated
            through automatic placement, when the virtual machine is associated with a dedicated host group that has
            automatic placement enabled. Minimum api-version: 2020-06-01.
        boot_diagnostics (BootDiagnosticsInstanceView | None | Unset): Boot Diagnostics is a debugging feature which
            allows you to view Console Output and Screenshot to diagnose VM status. You can easily view the output of your
            console log. Azure also enables you to see a screenshot of the VM from the hypervisor.
        computer_name (None | str | Unset): The computer name assigned to the virtual machine.
        disks (list[DiskInstanceView] | None | Unset): The virtual machine disk information.
        extensions (list[VirtualMachineExtensionInstanceView] | None | Unset): The extensions information.
        hyper_v_generation (None | str | Unset): Specifies the HyperVGeneration Type associated with a resource
        is_vm_in_standby_pool (bool | None | Unset): [Preview Feature] Specifies whether the VM is currently in or out
            of the Standby Pool.
        maintenance_redeploy_status (MaintenanceRedeployStatus | None | Unset): The Maintenance Operation status on the
            virtual machine.
        os_name (None | str | Unset): The Operating System running on the virtual machine.
        os_version (None | str | Unset): The version of Operating System running on the virtual machine.
        patch_status (None | Unset | VirtualMachinePatchStatus): [Preview Feature] The status of virtual machine patch
            operations.
        platform_fault_domain (int | None | Unset): Specifies the fault domain of the virtual machine.
        platform_update_domain (int | None | Unset): Specifies the update domain of the virtual machine.
        rdp_thumb_print (None | str | Unset): The Remote desktop certificate thumbprint.
        statuses (list[InstanceViewStatus] | None | Unset): The resource status information.
        vm_agent (None | Unset | VirtualMachineAgentInstanceView): The VM Agent running on the virtual machine.
        vm_health (None | Unset | VirtualMachineHealthStatus): The health status for the VM.
    """

    assigned_host: None | str | Unset = UNSET
    boot_diagnostics: BootDiagnosticsInstanceView | None | Unset = UNSET
    computer_name: None | str | Unset = UNSET
    disks: list[DiskInstanceView] | None | Unset = UNSET
    extensions: list[VirtualMachineExtensionInstanceView] | None | Unset = UNSET
    hyper_v_generation: None | str | Unset = UNSET
    is_vm_in_standby_pool: bool | None | Unset = UNSET
    maintenance_redeploy_status: MaintenanceRedeployStatus | None | Unset = UNSET
    os_name: None | str | Unset = UNSET
    os_version: None | str | Unset = UNSET
    patch_status: None | Unset | VirtualMachinePatchStatus = UNSET
    platform_fault_domain: int | None | Unset = UNSET
    platform_update_domain: int | None | Unset = UNSET
    rdp_thumb_print: None | str | Unset = UNSET
    statuses: list[InstanceViewStatus] | None | Unset = UNSET
    vm_agent: None | Unset | VirtualMachineAgentInstanceView = UNSET
    vm_health: None | Unset | VirtualMachineHealthStatus = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.boot_diagnostics_instance_view import BootDiagnosticsInstanceView
        from ..models.maintenance_redeploy_status import MaintenanceRedeployStatus
        from ..models.virtual_machine_agent_instance_view import (
            VirtualMachineAgentInstanceView,
        )
        from ..models.virtual_machine_health_status import VirtualMachineHealthStatus
        from ..models.virtual_machine_patch_status import VirtualMachinePatchStatus

        assigned_host: None | str | Unset
        if isinstance(self.assigned_host, Unset):
            assigned_host = UNSET
        else:
            assigned_host = self.assigned_host

        boot_diagnostics: dict[str, Any] | None | Unset
        if isinstance(self.boot_diagnostics, Unset):
            boot_diagnostics = UNSET
        elif isinstance(self.boot_diagnostics, BootDiagnosticsInstanceView):
            boot_diagnostics = self.boot_diagnostics.to_dict()
        else:
            boot_diagnostics = self.boot_diagnostics

        computer_name: None | str | Unset
        if isinstance(self.computer_name, Unset):
            computer_name = UNSET
        else:
            computer_name = self.computer_name

        disks: list[dict[str, Any]] | None | Unset
        if isinstance(self.disks, Unset):
            disks = UNSET
        elif isinstance(self.disks, list):
            disks = []
            for disks_type_0_item_data in self.disks:
                disks_type_0_item = disks_type_0_item_data.to_dict()
                disks.append(disks_type_0_item)

        else:
            disks = self.disks

        extensions: list[dict[str, Any]] | None | Unset
        if isinstance(self.extensions, Unset):
            extensions = UNSET
        elif isinstance(self.extensions, list):
            extensions = []
            for extensions_type_0_item_data in self.extensions:
                extensions_type_0_item = extensions_type_0_item_data.to_dict()
                extensions.append(extensions_type_0_item)

        else:
            extensions = self.extensions

        hyper_v_generation: None | str | Unset
        if isinstance(self.hyper_v_generation, Unset):
            hyper_v_generation = UNSET
        else:
            hyper_v_generation = self.hyper_v_generation

        is_vm_in_standby_pool: bool | None | Unset
        if isinstance(self.is_vm_in_standby_pool, Unset):
            is_vm_in_standby_pool = UNSET
        else:
            is_vm_in_standby_pool = self.is_vm_in_standby_pool

        maintenance_redeploy_status: dict[str, Any] | None | Unset
        if isinstance(self.maintenance_redeploy_status, Unset):
            maintenance_redeploy_status = UNSET
        elif isinstance(self.maintenance_redeploy_status, MaintenanceRedeployStatus):
            maintenance_redeploy_status = self.maintenance_redeploy_status.to_dict()
        else:
            maintenance_redeploy_status = self.maintenance_redeploy_status

        os_name: None | str | Unset
        if isinstance(self.os_name, Unset):
            os_name = UNSET
        else:
            os_name = self.os_name

        os_version: None | str | Unset
        if isinstance(self.os_version, Unset):
            os_version = UNSET
        else:
            os_version = self.os_version

        patch_status: dict[str, Any] | None | Unset
        if isinstance(self.patch_status, Unset):
            patch_status = UNSET
        elif isinstance(self.patch_status, VirtualMachinePatchStatus):
            patch_status = self.patch_status.to_dict()
        else:
            patch_status = self.patch_status

        platform_fault_domain: int | None | Unset
        if isinstance(self.platform_fault_domain, Unset):
            platform_fault_domain = UNSET
        else:
            platform_fault_domain = self.platform_fault_domain

        platform_update_domain: int | None | Unset
        if isinstance(self.platform_update_domain, Unset):
            platform_update_domain = UNSET
        else:
            platform_update_domain = self.platform_update_domain

        rdp_thumb_print: None | str | Unset
        if isinstance(self.rdp_thumb_print, Unset):
            rdp_thumb_print = UNSET
        else:
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

        vm_agent: dict[str, Any] | None | Unset
        if isinstance(self.vm_agent, Unset):
            vm_agent = UNSET
        elif isinstance(self.vm_agent, VirtualMachineAgentInstanceView):
            vm_agent = self.vm_agent.to_dict()
        else:
            vm_agent = self.vm_agent

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
        if disks is not UNSET:
            field_dict["disks"] = disks
        if extensions is not UNSET:
            field_dict["extensions"] = extensions
        if hyper_v_generation is not UNSET:
            field_dict["hyperVGeneration"] = hyper_v_generation
        if is_vm_in_standby_pool is not UNSET:
            field_dict["isVMInStandbyPool"] = is_vm_in_standby_pool
        if maintenance_redeploy_status is not UNSET:
            field_dict["maintenanceRedeployStatus"] = maintenance_redeploy_status
        if os_name is not UNSET:
            field_dict["osName"] = os_name
        if os_version is not UNSET:
            field_dict["osVersion"] = os_version
        if patch_status is not UNSET:
            field_dict["patchStatus"] = patch_status
        if platform_fault_domain is not UNSET:
            field_dict["platformFaultDomain"] = platform_fault_domain
        if platform_update_domain is not UNSET:
            field_dict["platformUpdateDomain"] = platform_update_domain
        if rdp_thumb_print is not UNSET:
            field_dict["rdpThumbPrint"] = rdp_thumb_print
        if statuses is not UNSET:
            field_dict["statuses"] = statuses
        if vm_agent is not UNSET:
            field_dict["vmAgent"] = vm_agent
        if vm_health is not UNSET:
            field_dict["vmHealth"] = vm_health

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.boot_diagnostics_instance_view import BootDiagnosticsInstanceView
        from ..models.disk_instance_view import DiskInstanceView
        from ..models.instance_view_status import InstanceViewStatus
        from ..models.maintenance_redeploy_status import MaintenanceRedeployStatus
        from ..models.virtual_machine_agent_instance_view import (
            VirtualMachineAgentInstanceView,
        )
        from ..models.virtual_machine_extension_instance_view import (
            VirtualMachineExtensionInstanceView,
        )
        from ..models.virtual_machine_health_status import VirtualMachineHealthStatus
        from ..models.virtual_machine_patch_status import VirtualMachinePatchStatus

        d = dict(src_dict)

        def _parse_assigned_host(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        assigned_host = _parse_assigned_host(d.pop("assignedHost", UNSET))

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

        def _parse_computer_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        computer_name = _parse_computer_name(d.pop("computerName", UNSET))

        def _parse_disks(data: object) -> list[DiskInstanceView] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                disks_type_0 = []
                _disks_type_0 = data
                for disks_type_0_item_data in _disks_type_0:
                    disks_type_0_item = DiskInstanceView.from_dict(
                        disks_type_0_item_data
                    )

                    disks_type_0.append(disks_type_0_item)

                return disks_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[DiskInstanceView] | None | Unset, data)

        disks = _parse_disks(d.pop("disks", UNSET))

        def _parse_extensions(
            data: object,
        ) -> list[VirtualMachineExtensionInstanceView] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                extensions_type_0 = []
                _extensions_type_0 = data
                for extensions_type_0_item_data in _extensions_type_0:
                    extensions_type_0_item = (
                        VirtualMachineExtensionInstanceView.from_dict(
                            extensions_type_0_item_data
                        )
                    )

                    extensions_type_0.append(extensions_type_0_item)

                return extensions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[VirtualMachineExtensionInstanceView] | None | Unset, data)

        extensions = _parse_extensions(d.pop("extensions", UNSET))

        def _parse_hyper_v_generation(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hyper_v_generation = _parse_hyper_v_generation(d.pop("hyperVGeneration", UNSET))

        def _parse_is_vm_in_standby_pool(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_vm_in_standby_pool = _parse_is_vm_in_standby_pool(
            d.pop("isVMInStandbyPool", UNSET)
        )

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

        def _parse_os_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        os_name = _parse_os_name(d.pop("osName", UNSET))

        def _parse_os_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        os_version = _parse_os_version(d.pop("osVersion", UNSET))

        def _parse_patch_status(
            data: object,
        ) -> None | Unset | VirtualMachinePatchStatus:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                patch_status_type_1 = VirtualMachinePatchStatus.from_dict(data)

                return patch_status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VirtualMachinePatchStatus, data)

        patch_status = _parse_patch_status(d.pop("patchStatus", UNSET))

        def _parse_platform_fault_domain(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        platform_fault_domain = _parse_platform_fault_domain(
            d.pop("platformFaultDomain", UNSET)
        )

        def _parse_platform_update_domain(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        platform_update_domain = _parse_platform_update_domain(
            d.pop("platformUpdateDomain", UNSET)
        )

        def _parse_rdp_thumb_print(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rdp_thumb_print = _parse_rdp_thumb_print(d.pop("rdpThumbPrint", UNSET))

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

        def _parse_vm_agent(
            data: object,
        ) -> None | Unset | VirtualMachineAgentInstanceView:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                vm_agent_type_1 = VirtualMachineAgentInstanceView.from_dict(data)

                return vm_agent_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VirtualMachineAgentInstanceView, data)

        vm_agent = _parse_vm_agent(d.pop("vmAgent", UNSET))

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

        virtual_machine_instance_view = cls(
            assigned_host=assigned_host,
            boot_diagnostics=boot_diagnostics,
            computer_name=computer_name,
            disks=disks,
            extensions=extensions,
            hyper_v_generation=hyper_v_generation,
            is_vm_in_standby_pool=is_vm_in_standby_pool,
            maintenance_redeploy_status=maintenance_redeploy_status,
            os_name=os_name,
            os_version=os_version,
            patch_status=patch_status,
            platform_fault_domain=platform_fault_domain,
            platform_update_domain=platform_update_domain,
            rdp_thumb_print=rdp_thumb_print,
            statuses=statuses,
            vm_agent=vm_agent,
            vm_health=vm_health,
        )

        virtual_machine_instance_view.additional_properties = d
        return virtual_machine_instance_view

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
