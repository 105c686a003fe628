from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.additional_capabilities import AdditionalCapabilities
    from ..models.application_profile import ApplicationProfile
    from ..models.billing_profile import BillingProfile
    from ..models.capacity_reservation_profile import CapacityReservationProfile
    from ..models.diagnostics_profile import DiagnosticsProfile
    from ..models.hardware_profile import HardwareProfile
    from ..models.network_profile import NetworkProfile
    from ..models.os_profile import OSProfile
    from ..models.scheduled_events_policy import ScheduledEventsPolicy
    from ..models.scheduled_events_profile import ScheduledEventsProfile
    from ..models.security_profile import SecurityProfile
    from ..models.storage_profile import StorageProfile
    from ..models.sub_resource import SubResource
    from ..models.virtual_machine_instance_view import VirtualMachineInstanceView


T = TypeVar("T", bound="VirtualMachineProperties")


@_attrs_define
class VirtualMachineProperties:
    """Describes the properties of a Virtual Machine.

    Attributes:
        additional_capabilities (AdditionalCapabilities | None | Unset): Specifies additional capabilities enabled or
            disabled on the virtual machine.
        application_profile (ApplicationProfile | None | Unset): Specifies the gallery applications that should be made
            available to the VM/VMSS.
        availability_set (None | SubResource | Unset): Specifies information about the availability set that the virtual
            machine should be assigned to. Virtual machines specified in the same availability set are allocated to
            different nodes to maximize availability. For more information about availability sets, see [Availability sets
            overview](https://docs.microsoft.com/azure/virtual-machines/availability-set-overview). For more information on
            Azure planned maintenance, see [Maintenance and updates for Virtual Machines in
            Azure](https://docs.microsoft.com/azure/virtual-machines/maintenance-and-updates). Currently, a VM can only be
            added to availability set at creation time. The availability set to which the VM is being added should be under
            the same resource group as the availability set resource. An existing VM cannot be added to an availability set.
            This property cannot exist along with a non-null properties.virtualMachineScaleSet reference.
        billing_profile (BillingProfile | None | Unset): Specifies the billing related details of a Azure Spot virtual
            machine. Minimum api-version: 2019-03-01.
        capacity_reservation (CapacityReservationProfile | None | Unset): Specifies information about the capacity
            reservation that is used to allocate virtual machine. Minimum api-version: 2021-04-01.
        diagnostics_profile (DiagnosticsProfile | None | Unset): Specifies the boot diagnostic settings state. Minimum
            api-version: 2015-06-15.
        eviction_policy (None | str | Unset): Specifies the eviction policy for the Azure Spot virtual machine and Azure
            Spot scale set. For Azure Spot virtual machines, both 'Deallocate' and 'Delete' are supported and the minimum
            api-version is 2019-03-01. For Azure Spot scale sets, both 'Deallocate' and 'Delete' are supported and the
            minimum api-version is 2017-10-30-preview.
        extensions_time_budget (None | str | Unset): Specifies the time alloted for all extensions to start. The time
            duration should be between 15 minutes and 120 minutes (inclusive) and should be specified in ISO 8601 format.
            The default value is 90 minutes (PT1H30M). Minimum api-version: 2020-06-01.
        hardware_profile (HardwareProfile | None | Unset): Specifies the hardware settings for the virtual machine.
        host (None | SubResource | Unset): Specifies information about the dedicated host that the virtual machine
            resides in. Minimum api-version: 2018-10-01.
        host_group (None | SubResource | Unset): Specifies information about the dedicated host group that the virtual
            machine resides in. **Note:** User cannot specify both host and hostGroup properties. Minimum api-version:
            2020-06-01.
        instance_view (None | Unset | VirtualMachineInstanceView): The virtual machine instance view.
        license_type (None | str | Unset): Specifies that the image or disk that is being used was licensed on-premises.
            <br><br> Possible values for Windows Server operating system are: <br><br> Windows_Client <br><br>
            Windows_Server <br><br> Possible values for Linux Server operating system are: <br><br> RHEL_BYOS (for RHEL)
            <br><br> SLES_BYOS (for SUSE) <br><br> For more information, see [Azure Hybrid Use Benefit for Windows
            Server](https://docs.microsoft.com/azure/virtual-machines/windows/hybrid-use-benefit-licensing) <br><br> [Azure
            Hybrid Use Benefit for Linux Server](https://docs.microsoft.com/azure/virtual-machines/linux/azure-hybrid-
            benefit-linux) <br><br> Minimum api-version: 2015-06-15
        network_profile (NetworkProfile | None | Unset): Specifies the network interfaces of the virtual machine.
        os_profile (None | OSProfile | Unset): Specifies the operating system settings used while creating the virtual
            machine. Some of the settings cannot be changed once VM is provisioned.
        platform_fault_domain (int | None | Unset): Specifies the scale set logical fault domain into which the Virtual
            Machine will be created. By default, the Virtual Machine will by automatically assigned to a fault domain that
            best maintains balance across available fault domains. This is applicable only if the 'virtualMachineScaleSet'
            property of this Virtual Machine is set. The Virtual Machine Scale Set that is referenced, must have
            'platformFaultDomainCount' greater than 1. This property cannot be updated once the Virtual Machine is created.
            Fault domain assignment can be viewed in the Virtual Machine Instance View. Minimum api‐version: 2020‐12‐01.
        priority (None | str | Unset): Specifies the priority for the virtual machine. Minimum api-version: 2019-03-01
        provisioning_state (None | str | Unset): The provisioning state, which only appears in the response.
        proximity_placement_group (None | SubResource | Unset): Specifies information about the proximity placement
            group that the virtual machine should be assigned to. Minimum api-version: 2018-04-01.
        scheduled_events_policy (None | ScheduledEventsPolicy | Unset): Specifies Redeploy, Reboot and
            ScheduledEventsAdditionalPublishingTargets Scheduled Event related configurations for the virtual machine.
        scheduled_events_profile (None | ScheduledEventsProfile | Unset): Specifies Scheduled Event related
            configurations.
        security_profile (None | SecurityProfile | Unset): Specifies the Security related profile settings for the
            virtual machine.
        storage_profile (None | StorageProfile | Unset): Specifies the storage settings for the virtual machine disks.
        time_created (datetime.datetime | None | Unset): Specifies the time at which the Virtual Machine resource was
            created. Minimum api-version: 2021-11-01.
        user_data (None | str | Unset): UserData for the VM, which must be base-64 encoded. Customer should not pass any
            secrets in here. Minimum api-version: 2021-03-01.
        virtual_machine_scale_set (None | SubResource | Unset): Specifies information about the virtual machine scale
            set that the virtual machine should be assigned to. Virtual machines specified in the same virtual machine scale
            set are allocated to different nodes to maximize availability. Currently, a VM can only be added to virtual
            machine scale set at creation time. An existing VM cannot be added to a virtual machine scale set. This property
            cannot exist along with a non-null properties.availabilitySet reference. Minimum api‐version: 2019‐03‐01.
        vm_id (None | str | Unset): Specifies the VM unique ID which is a 128-bits identifier that is encoded and stored
            in all Azure IaaS VMs SMBIOS and can be read using platform BIOS commands.
    """

    additional_capabilities: AdditionalCapabilities | None | Unset = UNSET
    application_profile: ApplicationProfile | None | Unset = UNSET
    availability_set: None | SubResource | Unset = UNSET
    billing_profile: BillingProfile | None | Unset = UNSET
    capacity_reservation: CapacityReservationProfile | None | Unset = UNSET
    diagnostics_profile: DiagnosticsProfile | None | Unset = UNSET
    eviction_policy: None | str | Unset = UNSET
    extensions_time_budget: None | str | Unset = UNSET
    hardware_profile: HardwareProfile | None | Unset = UNSET
    host: None | SubResource | Unset = UNSET
    host_group: None | SubResource | Unset = UNSET
    instance_view: None | Unset | VirtualMachineInstanceView = UNSET
    license_type: None | str | Unset = UNSET
    network_profile: NetworkProfile | None | Unset = UNSET
    os_profile: None | OSProfile | Unset = UNSET
    platform_fault_domain: int | None | Unset = UNSET
    priority: None | str | Unset = UNSET
    provisioning_state: None | str | Unset = UNSET
    proximity_placement_group: None | SubResource | Unset = UNSET
    scheduled_events_policy: None | ScheduledEventsPolicy | Unset = UNSET
    scheduled_events_profile: None | ScheduledEventsProfile | Unset = UNSET
    security_profile: None | SecurityProfile | Unset = UNSET
    storage_profile: None | StorageProfile | Unset = UNSET
    time_created: datetime.datetime | None | Unset = UNSET
    user_data: None | str | Unset = UNSET
    virtual_machine_scale_set: None | SubResource | Unset = UNSET
    vm_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.additional_capabilities import AdditionalCapabilities
        from ..models.application_profile import ApplicationProfile
        from ..models.billing_profile import BillingProfile
        from ..models.capacity_reservation_profile import CapacityReservationProfile
        from ..models.diagnostics_profile import DiagnosticsProfile
        from ..models.hardware_profile import HardwareProfile
        from ..models.network_profile import NetworkProfile
        from ..models.os_profile import OSProfile
        from ..models.scheduled_events_policy import ScheduledEventsPolicy
        from ..models.scheduled_events_profile import ScheduledEventsProfile
        from ..models.security_profile import SecurityProfile
        from ..models.storage_profile import StorageProfile
        from ..models.sub_resource import SubResource
        from ..models.virtual_machine_instance_view import VirtualMachineInstanceView

        additional_capabilities: dict[str, Any] | None | Unset
        if isinstance(self.additional_capabilities, Unset):
            additional_capabilities = UNSET
        elif isinstance(self.additional_capabilities, AdditionalCapabilities):
            additional_capabilities = self.additional_capabilities.to_dict()
        else:
            additional_capabilities = self.additional_capabilities

        application_profile: dict[str, Any] | None | Unset
        if isinstance(self.application_profile, Unset):
            application_profile = UNSET
        elif isinstance(self.application_profile, ApplicationProfile):
            application_profile = self.application_profile.to_dict()
        else:
            application_profile = self.application_profile

        availability_set: dict[str, Any] | None | Unset
        if isinstance(self.availability_set, Unset):
            availability_set = UNSET
        elif isinstance(self.availability_set, SubResource):
            availability_set = self.availability_set.to_dict()
        else:
            availability_set = self.availability_set

        billing_profile: dict[str, Any] | None | Unset
        if isinstance(self.billing_profile, Unset):
            billing_profile = UNSET
        elif isinstance(self.billing_profile, BillingProfile):
            billing_profile = self.billing_profile.to_dict()
        else:
            billing_profile = self.billing_profile

        capacity_reservation: dict[str, Any] | None | Unset
        if isinstance(self.capacity_reservation, Unset):
            capacity_reservation = UNSET
        elif isinstance(self.capacity_reservation, CapacityReservationProfile):
            capacity_reservation = self.capacity_reservation.to_dict()
        else:
            capacity_reservation = self.capacity_reservation

        diagnostics_profile: dict[str, Any] | None | Unset
        if isinstance(self.diagnostics_profile, Unset):
            diagnostics_profile = UNSET
        elif isinstance(self.diagnostics_profile, DiagnosticsProfile):
            diagnostics_profile = self.diagnostics_profile.to_dict()
        else:
            diagnostics_profile = self.diagnostics_profile

        eviction_policy: None | str | Unset
        if isinstance(self.eviction_policy, Unset):
            eviction_policy = UNSET
        else:
            eviction_policy = self.eviction_policy

        extensions_time_budget: None | str | Unset
        if isinstance(self.extensions_time_budget, Unset):
            extensions_time_budget = UNSET
        else:
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

        license_type: None | str | Unset
        if isinstance(self.license_type, Unset):
            license_type = UNSET
        else:
            license_type = self.license_type

        network_profile: dict[str, Any] | None | Unset
        if isinstance(self.network_profile, Unset):
            network_profile = UNSET
        elif isinstance(self.network_profile, NetworkProfile):
            network_profile = self.network_profile.to_dict()
        else:
            network_profile = self.network_profile

        os_profile: dict[str, Any] | None | Unset
        if isinstance(self.os_profile, Unset):
            os_profile = UNSET
        elif isinstance(self.os_profile, OSProfile):
            os_profile = self.os_profile.to_dict()
        else:
            os_profile = self.os_profile

        platform_fault_domain: int | None | Unset
        if isinstance(self.platform_fault_domain, Unset):
            platform_fault_domain = UNSET
        else:
            platform_fault_domain = self.platform_fault_domain

        priority: None | str | Unset
        if isinstance(self.priority, Unset):
            priority = UNSET
        else:
            priority = self.priority

        provisioning_state: None | str | Unset
        if isinstance(self.provisioning_state, Unset):
            provisioning_state = UNSET
        else:
            provisioning_state = self.provisioning_state

        proximity_placement_group: dict[str, Any] | None | Unset
        if isinstance(self.proximity_placement_group, Unset):
            proximity_placement_group = UNSET
        elif isinstance(self.proximity_placement_group, SubResource):
            proximity_placement_group = self.proximity_placement_group.to_dict()
        else:
            proximity_placement_group = self.proximity_placement_group

        scheduled_events_policy: dict[str, Any] | None | Unset
        if isinstance(self.scheduled_events_policy, Unset):
            scheduled_events_policy = UNSET
        elif isinstance(self.scheduled_events_policy, ScheduledEventsPolicy):
            scheduled_events_policy = self.scheduled_events_policy.to_dict()
        else:
            scheduled_events_policy = self.scheduled_events_policy

        scheduled_events_profile: dict[str, Any] | None | Unset
        if isinstance(self.scheduled_events_profile, Unset):
            scheduled_events_profile = UNSET
        elif isinstance(self.scheduled_events_profile, ScheduledEventsProfile):
            scheduled_events_profile = self.scheduled_events_profile.to_dict()
        else:
            scheduled_events_profile = self.scheduled_events_profile

        security_profile: dict[str, Any] | None | Unset
        if isinstance(self.security_profile, Unset):
            security_profile = UNSET
        elif isinstance(self.security_profile, SecurityProfile):
            security_profile = self.security_profile.to_dict()
        else:
            security_profile = self.security_profile

        storage_profile: dict[str, Any] | None | Unset
        if isinstance(self.storage_profile, Unset):
            storage_profile = UNSET
        elif isinstance(self.storage_profile, StorageProfile):
            storage_profile = self.storage_profile.to_dict()
        else:
            storage_profile = self.storage_profile

        time_created: None | str | Unset
        if isinstance(self.time_created, Unset):
            time_created = UNSET
        elif isinstance(self.time_created, datetime.datetime):
            time_created = self.time_created.isoformat()
        else:
            time_created = self.time_created

        user_data: None | str | Unset
        if isinstance(self.user_data, Unset):
            user_data = UNSET
        else:
            user_data = self.user_data

        virtual_machine_scale_set: dict[str, Any] | None | Unset
        if isinstance(self.virtual_machine_scale_set, Unset):
            virtual_machine_scale_set = UNSET
        elif isinstance(self.virtual_machine_scale_set, SubResource):
            virtual_machine_scale_set = self.virtual_machine_scale_set.to_dict()
        else:
            virtual_machine_scale_set = self.virtual_machine_scale_set

        vm_id: None | str | Unset
        if isinstance(self.vm_id, Unset):
            vm_id = UNSET
        else:
            vm_id = self.vm_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if additional_capabilities is not UNSET:
            field_dict["additionalCapabilities"] = additional_capabilities
        if application_profile is not UNSET:
            field_dict["applicationProfile"] = application_profile
        if availability_set is not UNSET:
            field_dict["availabilitySet"] = availability_set
        if billing_profile is not UNSET:
            field_dict["billingProfile"] = billing_profile
        if capacity_reservation is not UNSET:
            field_dict["capacityReservation"] = capacity_reservation
        if diagnostics_profile is not UNSET:
            field_dict["diagnosticsProfile"] = diagnostics_profile
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
        if network_profile is not UNSET:
            field_dict["networkProfile"] = network_profile
        if os_profile is not UNSET:
            field_dict["osProfile"] = os_profile
        if platform_fault_domain is not UNSET:
            field_dict["platformFaultDomain"] = platform_fault_domain
        if priority is not UNSET:
            field_dict["priority"] = priority
        if provisioning_state is not UNSET:
            field_dict["provisioningState"] = provisioning_state
        if proximity_placement_group is not UNSET:
            field_dict["proximityPlacementGroup"] = proximity_placement_group
        if scheduled_events_policy is not UNSET:
            field_dict["scheduledEventsPolicy"] = scheduled_events_policy
        if scheduled_events_profile is not UNSET:
            field_dict["scheduledEventsProfile"] = scheduled_events_profile
        if security_profile is not UNSET:
            field_dict["securityProfile"] = security_profile
        if storage_profile is not UNSET:
            field_dict["storageProfile"] = storage_profile
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
        from ..models.additional_capabilities import AdditionalCapabilities
        from ..models.application_profile import ApplicationProfile
        from ..models.billing_profile import BillingProfile
        from ..models.capacity_reservation_profile import CapacityReservationProfile
        from ..models.diagnostics_profile import DiagnosticsProfile
        from ..models.hardware_profile import HardwareProfile
        from ..models.network_profile import NetworkProfile
        from ..models.os_profile import OSProfile
        from ..models.scheduled_events_policy import ScheduledEventsPolicy
        from ..models.scheduled_events_profile import ScheduledEventsProfile
        from ..models.security_profile import SecurityProfile
        from ..models.storage_profile import StorageProfile
        from ..models.sub_resource import SubResource
        from ..models.virtual_machine_instance_view import VirtualMachineInstanceView

        d = dict(src_dict)

        def _parse_additional_capabilities(
            data: object,
        ) -> AdditionalCapabilities | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                additional_capabilities_type_1 = AdditionalCapabilities.from_dict(data)

                return additional_capabilities_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AdditionalCapabilities | None | Unset, data)

        additional_capabilities = _parse_additional_capabilities(
            d.pop("additionalCapabilities", UNSET)
        )

        def _parse_application_profile(
            data: object,
        ) -> ApplicationProfile | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                application_profile_type_1 = ApplicationProfile.from_dict(data)

                return application_profile_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ApplicationProfile | None | Unset, data)

        application_profile = _parse_application_profile(
            d.pop("applicationProfile", UNSET)
        )

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

        def _parse_billing_profile(data: object) -> BillingProfile | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                billing_profile_type_1 = BillingProfile.from_dict(data)

                return billing_profile_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BillingProfile | None | Unset, data)

        billing_profile = _parse_billing_profile(d.pop("billingProfile", UNSET))

        def _parse_capacity_reservation(
            data: object,
        ) -> CapacityReservationProfile | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                capacity_reservation_type_1 = CapacityReservationProfile.from_dict(data)

                return capacity_reservation_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CapacityReservationProfile | None | Unset, data)

        capacity_reservation = _parse_capacity_reservation(
            d.pop("capacityReservation", UNSET)
        )

        def _parse_diagnostics_profile(
            data: object,
        ) -> DiagnosticsProfile | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                diagnostics_profile_type_1 = DiagnosticsProfile.from_dict(data)

                return diagnostics_profile_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DiagnosticsProfile | None | Unset, data)

        diagnostics_profile = _parse_diagnostics_profile(
            d.pop("diagnosticsProfile", UNSET)
        )

        def _parse_eviction_policy(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        eviction_policy = _parse_eviction_policy(d.pop("evictionPolicy", UNSET))

        def _parse_extensions_time_budget(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        extensions_time_budget = _parse_extensions_time_budget(
            d.pop("extensionsTimeBudget", UNSET)
        )

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

        def _parse_license_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        license_type = _parse_license_type(d.pop("licenseType", UNSET))

        def _parse_network_profile(data: object) -> NetworkProfile | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                network_profile_type_1 = NetworkProfile.from_dict(data)

                return network_profile_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NetworkProfile | None | Unset, data)

        network_profile = _parse_network_profile(d.pop("networkProfile", UNSET))

        def _parse_os_profile(data: object) -> None | OSProfile | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                os_profile_type_1 = OSProfile.from_dict(data)

                return os_profile_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OSProfile | Unset, data)

        os_profile = _parse_os_profile(d.pop("osProfile", UNSET))

        def _parse_platform_fault_domain(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        platform_fault_domain = _parse_platform_fault_domain(
            d.pop("platformFaultDomain", UNSET)
        )

        def _parse_priority(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        priority = _parse_priority(d.pop("priority", UNSET))

        def _parse_provisioning_state(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        provisioning_state = _parse_provisioning_state(
            d.pop("provisioningState", UNSET)
        )

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

        def _parse_scheduled_events_policy(
            data: object,
        ) -> None | ScheduledEventsPolicy | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                scheduled_events_policy_type_1 = ScheduledEventsPolicy.from_dict(data)

                return scheduled_events_policy_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScheduledEventsPolicy | Unset, data)

        scheduled_events_policy = _parse_scheduled_events_policy(
            d.pop("scheduledEventsPolicy", UNSET)
        )

        def _parse_scheduled_events_profile(
            data: object,
        ) -> None | ScheduledEventsProfile | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                scheduled_events_profile_type_1 = ScheduledEventsProfile.from_dict(data)

                return scheduled_events_profile_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScheduledEventsProfile | Unset, data)

        scheduled_events_profile = _parse_scheduled_events_profile(
            d.pop("scheduledEventsProfile", UNSET)
        )

        def _parse_security_profile(data: object) -> None | SecurityProfile | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                security_profile_type_1 = SecurityProfile.from_dict(data)

                return security_profile_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SecurityProfile | Unset, data)

        security_profile = _parse_security_profile(d.pop("securityProfile", UNSET))

        def _parse_storage_profile(data: object) -> None | StorageProfile | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                storage_profile_type_1 = StorageProfile.from_dict(data)

                return storage_profile_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StorageProfile | Unset, data)

        storage_profile = _parse_storage_profile(d.pop("storageProfile", UNSET))

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

        def _parse_user_data(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_data = _parse_user_data(d.pop("userData", UNSET))

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

        def _parse_vm_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vm_id = _parse_vm_id(d.pop("vmId", UNSET))

        virtual_machine_properties = cls(
            additional_capabilities=additional_capabilities,
            application_profile=application_profile,
            availability_set=availability_set,
            billing_profile=billing_profile,
            capacity_reservation=capacity_reservation,
            diagnostics_profile=diagnostics_profile,
            eviction_policy=eviction_policy,
            extensions_time_budget=extensions_time_budget,
            hardware_profile=hardware_profile,
            host=host,
            host_group=host_group,
            instance_view=instance_view,
            license_type=license_type,
            network_profile=network_profile,
            os_profile=os_profile,
            platform_fault_domain=platform_fault_domain,
            priority=priority,
            provisioning_state=provisioning_state,
            proximity_placement_group=proximity_placement_group,
            scheduled_events_policy=scheduled_events_policy,
            scheduled_events_profile=scheduled_events_profile,
            security_profile=security_profile,
            storage_profile=storage_profile,
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
