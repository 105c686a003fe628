from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.hardware_profile import HardwareProfile
    from ..models.sub_resource import SubResource
    from ..models.virtual_machine_instance_view import VirtualMachineInstanceView


T = TypeVar("T", bound="VirtualMachineProperties")


@_attrs_define
class VirtualMachineProperties:
    """Describes the properties of a Virtual Machine.

    Attributes:
        availability_set (None | SubResource | Unset): Specifies information about the availability set that the virtual
            machine should be assigned to. Virtual machines specified in the same availability set are allocated to
            different nodes to maximize availability. For more information about availability sets, see [Availability sets
            overview](https://docs.microsoft.com/azure/virtual-machines/availability-set-overview). For more information on
            Azure planned maintenance, see [Maintenance and updates for Virtual Machines in
            Azure](https://docs.microsoft.com/azure/virtual-machines/maintenance-and-updates). Currently, a VM can only be
            added to availability set at creation time. The availability set to which the VM is being added should be under
            the same resource group as the availability set resource. An existing VM cannot be added to an availability set.
            This property cannot exist along with a non-null properties.virtualMachineScaleSet reference.
        eviction_policy (None | str | Unset): Specifies the eviction policy for the Azure Spot virtual machine and Azure
            Spot scale set. For Azure Spot virtual machines, both 'Deallocate' and 'Delete' are supported and the minimum
            api-version is 2019-03-01. For Azure Spot scale sets, both 'Deallocate' and 'Delete' are supported and the
            minimum api-version is 2017-10-30-preview.
        extensions_time_budget (str | Unset): Specifies the time alloted for all extensions to start. The time duration
            should be between 15 minutes and 120 minutes (inclusive) and should be specified in ISO 8601 format. The default
            value is 90 minutes (PT1H30M). Minimum api-version: 2020-06-01.
        hardware_profile (HardwareProfile | None | Unset): Specifies the hardware settings for the virtual machine.
        host (None | SubResource | Unset): Specifies information about the dedicated host that the virtual machine
            resides in. Minimum api-version: 2018-10-01.
        host_group (None | SubResource | Unset): Specifies information about the dedicated host group that the virtual
            machine resides in. **Note:** User cannot specify both host and hostGroup properties. Minimum api-version:
            2020-06-01.
        instance_view (None | Unset | VirtualMachineInstanceView): The virtual machine instance view.
        license_type (str | Unset): Specifies that the image or disk that is being used was licensed on-premises.
            <br><br> Possible values for Windows Server operating system are: <br><br> Windows_Client <br><br>
            Windows_Server <br><br> Possible values for Linux Server operating system are: <br><br> RHEL_BYOS (for RHEL)
            <br><br> SLES_BYOS (for SUSE) <br><br> For more information, see [Azure Hybrid Use Benefit for Windows
            Server](https://docs.microsoft.com/azure/virtual-machines/windows/hybrid-use-benefit-licensing) <br><br> [Azure
            Hybrid Use Benefit for Linux Server](https://docs.microsoft.com/azure/virtual-machines/linux/azure-hybrid-
            benefit-linux) <br><br> Minimum api-version: 2015-06-15
        platform_fault_domain (int | Unset): Specifies the scale set logical fault domain into which the Virtual Machine
            will be created. By default, the Virtual Machine will by automatically assigned to a fault domain that best
            maintains balance across available fault domains. This is applicable only if the 'virtualMachineScaleSet'
            property of this Virtual Machine is set. The Virtual Machine Scale Set that is referenced, must have
            'platformFaultDomainCount' greater than 1. This property cannot be updated once the Virtual Machine is created.
            Fault domain assignment can be viewed in the Virtual Machine Instance View. Minimum api‐version: 2020‐12‐01.
        priority (None | str | Unset): Specifies the priority for the virtual machine. Minimum api-version: 2019-03-01
        provisioning_state (str | Unset): The provisioning state, which only appears in the response.
        proximity_placement_group (None | SubResource | Unset): Specifies information about the proximity placement
            group that the virtual machine should be assigned to. Minimum api-version: 2018-04-01.
        time_created (datetime.datetime | None | Unset): Specifies the time at which the Virtual Machine resource was
            created. Minimum api-version: 2021-11-01.
        user_data (str | Unset): UserData for the VM, which must be base-64 encoded. Customer should not pass any
            secrets in here. Minimum api-version: 2021-03-01.
        virtual_machine_scale_set (None | SubResource | Unset): Specifies information about the virtual machine scale
            set that the virtual machine should be assigned to. Virtual machines specified in the same virtual machine scale
            set are allocated to different nodes to maximize availability. Currently, a VM can only be added to virtual
            machine scale set at creation time. An existing VM cannot be added to a virtual machine scale set. This property
            cannot exist along with a non-null properties.availabilitySet reference. Minimum api‐version: 2019‐03‐01.
        vm_id (str | Unset): Specifies the VM unique ID which is a 128-bits identifier that is encoded and stored in all
            Azure IaaS VMs SMBIOS and can be read using platform BIOS commands.
    """

    availability_set: None | SubResource | Unset = UNSET
    eviction_policy: None | str | Unset = UNSET
    extensions_time_budget: str | Unset = UNSET
    hardware_profile: HardwareProfile | None | Unset = UNSET
    host: None | SubResource | Unset = UNSET
    host_group: None | SubResource | Unset = UNSET
    instance_view: None | Unset | VirtualMachineInstanceView = UNSET
    license_type: str | Unset = UNSET
    platform_fault_domain: int | Unset = UNSET
    priority: None | str | Unset = UNSET
    provisioning_state: str | Unset = UNSET
    proximity_placement_group: None | SubResource | Unset = UNSET
    time_created: datetime.datetime | None | Unset = UNSET
    user_data: str | Unset = UNSET
    virtual_machine_scale_set: None | SubResource | Unset = UNSET
    vm_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.hardware_profile import HardwareProfile
        from ..models.sub_resource import SubResource
        from ..models.virtual_machine_instance_view import VirtualMachineInstanceView

        availability_set: dict[str, Any] | None | Unset
        if isinstance(self.availability_set, Unset):
            availability_set = UNSET
        elif isinstance(self.availability_set, SubResource):
            availability_set = self.availability_set.to_dict()
        else:
            availability_set = self.availability_set

        eviction_policy: None | str | Unset
        if isinstance(self.eviction_policy, Unset):
            eviction_policy = UNSET
        else:
            eviction_policy = self.eviction_policy

        extensions_time_budget = self.extensions_time_budget

        hardware_profile: dict[str, Any] | None | Unset
        if isinstance(self.hardware_profile, Unset):
            hardware_profile = UNSET
        elif isinstance(self.hardware_profile, HardwareProfile):
            hardware_profile = self.hardware_profile.to_dict()
        else:
            hardware_profile = self.hardware_profile

        host: dict[str, Any] | None | Unset
        if isinstance(self.host, Unset):
            host = UNSET
        elif isinstance(self.host, SubResource):
            host = self.host.to_dict()
        else:
            host = self.host

        host_group: dict[str, Any] | None | Unset
        if isinstance(self.host_group, Unset):
            host_group = UNSET
        elif isinstance(self.host_group, SubResource):
            host_group = self.host_group.to_dict()
        else:
            host_group = self.host_group

        instance_view: dict[str, Any] | None | Unset
        if isinstance(self.instance_view, Unset):
            instance_view = UNSET
        elif isinstance(self.instance_view, VirtualMachineInstanceView):
            instance_view = self.instance_view.to_dict()
        else:
            instance_view = self.instance_view

        license_type = self.license_type

        platform_fault_domain = self.platform_fault_domain

        priority: None | str | Unset
        if isinstance(self.priority, Unset):
            priority = UNSET
        else:
            priority = self.priority

        provisioning_state = self.provisioning_state

        proximity_placement_group: dict[str, Any] | None | Unset
        if isinstance(self.proximity_placement_group, Unset):
            proximity_placement_group = UNSET
        elif isinstance(self.proximity_placement_group, SubResource):
            proximity_placement_group = self.proximity_placement_group.to_dict()
        else:
            proximity_placement_group = self.proximity_placement_group

        time_created: None | str | Unset
        if isinstance(self.time_created, Unset):
            time_created = UNSET
        elif isinstance(self.time_created, datetime.datetime):
            time_created = self.time_created.isoformat()
        else:
            time_created = self.time_created

        user_data = self.user_data

        virtual_machine_scale_set: dict[str, Any] | None | Unset
        if isinstance(self.virtual_machine_scale_set, Unset):
            virtual_machine_scale_set = UNSET
        elif isinstance(self.virtual_machine_scale_set, SubResource):
            virtual_machine_scale_set = self.virtual_machine_scale_set.to_dict()
        else:
            virtual_machine_scale_set = self.virtual_machine_scale_set

        vm_id = self.vm_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if availability_set is not UNSET:
            field_dict["availabilitySet"] = availability_set
        if eviction_policy is not UNSET:
            field_dict["evictionPolicy"] = eviction_policy
        if extensions_time_budget is not UNSET:
            field_dict["extensionsTimeBudget"] = extensions_time_budget
        if hardware_profile is not UNSET:
            field_dict["hardwareProfile"] = hardware_profile
        if host is not UNSET:
            field_dict["host"] = host
        if host_group is not UNSET:
            field_dict["hostGroup"] = host_group
        if instance_view is not UNSET:
            field_dict["instanceView"] = instance_view
        if license_type is not UNSET:
            field_dict["licenseType"] = license_type
        if platform_fault_domain is not UNSET:
            field_dict["platformFaultDomain"] = platform_fault_domain
        if priority is not UNSET:
            field_dict["priority"] = priority
        if provisioning_state is not UNSET:
            field_dict["provisioningState"] = provisioning_state
        if proximity_placement_group is not UNSET:
            field_dict["proximityPlacementGroup"] = proximity_placement_group
        if time_created is not UNSET:
            field_dict["timeCreated"] = time_created
        if user_data is not UNSET:
            field_dict["userData"] = user_data
        if virtual_machine_scale_set is not UNSET:
            field_dict["virtualMachineScaleSet"] = virtual_machine_scale_set
        if vm_id is not UNSET:
            field_dict["vmId"] = vm_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.hardware_profile import HardwareProfile
        from ..models.sub_resource import SubResource
        from ..models.virtual_machine_instance_view import VirtualMachineInstanceView

        d = dict(src_dict)

        def _parse_availability_set(data: object) -> None | SubResource | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                availability_set_type_1 = SubResource.from_dict(data)

                return availability_set_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubResource | Unset, data)

        availability_set = _parse_availability_set(d.pop("availabilitySet", UNSET))

        def _parse_eviction_policy(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        eviction_policy = _parse_eviction_policy(d.pop("evictionPolicy", UNSET))

        extensions_time_budget = d.pop("extensionsTimeBudget", UNSET)

        def _parse_hardware_profile(data: object) -> HardwareProfile | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                hardware_profile_type_1 = HardwareProfile.from_dict(data)

                return hardware_profile_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HardwareProfile | None | Unset, data)

        hardware_profile = _parse_hardware_profile(d.pop("hardwareProfile", UNSET))

        def _parse_host(data: object) -> None | SubResource | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                host_type_1 = SubResource.from_dict(data)

                return host_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubResource | Unset, data)

        host = _parse_host(d.pop("host", UNSET))

        def _parse_host_group(data: object) -> None | SubResource | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                host_group_type_1 = SubResource.from_dict(data)

                return host_group_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubResource | Unset, data)

        host_group = _parse_host_group(d.pop("hostGroup", UNSET))

        def _parse_instance_view(
            data: object,
        ) -> None | Unset | VirtualMachineInstanceView:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                instance_view_type_1 = VirtualMachineInstanceView.from_dict(data)

                return instance_view_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VirtualMachineInstanceView, data)

        instance_view = _parse_instance_view(d.pop("instanceView", UNSET))

        license_type = d.pop("licenseType", UNSET)

        platform_fault_domain = d.pop("platformFaultDomain", UNSET)

        def _parse_priority(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        priority = _parse_priority(d.pop("priority", UNSET))

        provisioning_state = d.pop("provisioningState", UNSET)

        def _parse_proximity_placement_group(
            data: object,
        ) -> None | SubResource | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                proximity_placement_group_type_1 = SubResource.from_dict(data)

                return proximity_placement_group_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubResource | Unset, data)

        proximity_placement_group = _parse_proximity_placement_group(
            d.pop("proximityPlacementGroup", UNSET)
        )

        def _parse_time_created(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                time_created_type_0 = datetime.datetime.fromisoformat(data)

                return time_created_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        time_created = _parse_time_created(d.pop("timeCreated", UNSET))

        user_data = d.pop("userData", UNSET)

        def _parse_virtual_machine_scale_set(
            data: object,
        ) -> None | SubResource | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                virtual_machine_scale_set_type_1 = SubResource.from_dict(data)

                return virtual_machine_scale_set_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubResource | Unset, data)

        virtual_machine_scale_set = _parse_virtual_machine_scale_set(
            d.pop("virtualMachineScaleSet", UNSET)
        )

        vm_id = d.pop("vmId", UNSET)

        virtual_machine_properties = cls(
            availability_set=availability_set,
            eviction_policy=eviction_policy,
            extensions_time_budget=extensions_time_budget,
            hardware_profile=hardware_profile,
            host=host,
            host_group=host_group,
            instance_view=instance_view,
            license_type=license_type,
            platform_fault_domain=platform_fault_domain,
            priority=priority,
            provisioning_state=provisioning_state,
            proximity_placement_group=proximity_placement_group,
            time_created=time_created,
            user_data=user_data,
            virtual_machine_scale_set=virtual_machine_scale_set,
            vm_id=vm_id,
        )

        virtual_machine_properties.additional_properties = d
        return virtual_machine_properties

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
