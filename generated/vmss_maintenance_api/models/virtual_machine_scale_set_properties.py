from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.additional_capabilities import AdditionalCapabilities
    from ..models.automatic_repairs_policy import AutomaticRepairsPolicy
    from ..models.priority_mix_policy import PriorityMixPolicy
    from ..models.resiliency_policy import ResiliencyPolicy
    from ..models.scale_in_policy import ScaleInPolicy
    from ..models.scheduled_events_policy import ScheduledEventsPolicy
    from ..models.spot_restore_policy import SpotRestorePolicy
    from ..models.sub_resource import SubResource
    from ..models.upgrade_policy import UpgradePolicy
    from ..models.virtual_machine_scale_set_vm_profile import (
        VirtualMachineScaleSetVMProfile,
    )


T = TypeVar("T", bound="VirtualMachineScaleSetProperties")


@_attrs_define
class VirtualMachineScaleSetProperties:
    """Describes the properties of a Virtual Machine Scale Set.

    Attributes:
        additional_capabilities (AdditionalCapabilities | None | Unset): Specifies additional capabilities enabled or
            disabled on the Virtual Machines in the Virtual Machine Scale Set. For instance: whether the Virtual Machines
            have the capability to support attaching managed data disks with UltraSSD_LRS storage account type.
        automatic_repairs_policy (AutomaticRepairsPolicy | None | Unset): Policy for automatic repairs.
        constrained_maximum_capacity (bool | None | Unset): Optional property which must either be set to True or
            omitted.
        do_not_run_extensions_on_overprovisioned_v_ms (bool | None | Unset): When Overprovision is enabled, extensions
            are launched only on the requested number of VMs which are finally kept. This property will hence ensure that
            the extensions do not run on the extra overprovisioned VMs.
        host_group (None | SubResource | Unset): Specifies information about the dedicated host group that the virtual
            machine scale set resides in. Minimum api-version: 2020-06-01.
        orchestration_mode (None | str | Unset): Specifies the orchestration mode for the virtual machine scale set.
        overprovision (bool | None | Unset): Specifies whether the Virtual Machine Scale Set should be overprovisioned.
        platform_fault_domain_count (int | None | Unset): Fault Domain count for each placement group.
        priority_mix_policy (None | PriorityMixPolicy | Unset): Specifies the desired targets for mixing Spot and
            Regular priority VMs within the same VMSS Flex instance.
        provisioning_state (None | str | Unset): The provisioning state, which only appears in the response.
        proximity_placement_group (None | SubResource | Unset): Specifies information about the proximity placement
            group that the virtual machine scale set should be assigned to. Minimum api-version: 2018-04-01.
        resiliency_policy (None | ResiliencyPolicy | Unset): Policy for Resiliency
        scale_in_policy (None | ScaleInPolicy | Unset): Specifies the policies applied when scaling in Virtual Machines
            in the Virtual Machine Scale Set.
        scheduled_events_policy (None | ScheduledEventsPolicy | Unset): The ScheduledEventsPolicy.
        single_placement_group (bool | None | Unset): When true this limits the scale set to a single placement group,
            of max size 100 virtual machines. NOTE: If singlePlacementGroup is true, it may be modified to false. However,
            if singlePlacementGroup is false, it may not be modified to true.
        spot_restore_policy (None | SpotRestorePolicy | Unset): Specifies the Spot Restore properties for the virtual
            machine scale set.
        time_created (datetime.datetime | None | Unset): Specifies the time at which the Virtual Machine Scale Set
            resource was created. Minimum api-version: 2021-11-01.
        unique_id (None | str | Unset): Specifies the ID which uniquely identifies a Virtual Machine Scale Set.
        upgrade_policy (None | Unset | UpgradePolicy): The upgrade policy.
        virtual_machine_profile (None | Unset | VirtualMachineScaleSetVMProfile): The virtual machine profile.
        zonal_platform_fault_domain_align_mode (None | str | Unset): Specifies the align mode between Virtual Machine
            Scale Set compute and storage Fault Domain count.
        zone_balance (bool | None | Unset): Whether to force strictly even Virtual Machine distribution cross x-zones in
            case there is zone outage. zoneBalance property can only be set if the zones property of the scale set contains
            more than one zone. If there are no zones or only one zone specified, then zoneBalance property should not be
            set.
    """

    additional_capabilities: AdditionalCapabilities | None | Unset = UNSET
    automatic_repairs_policy: AutomaticRepairsPolicy | None | Unset = UNSET
    constrained_maximum_capacity: bool | None | Unset = UNSET
    do_not_run_extensions_on_overprovisioned_v_ms: bool | None | Unset = UNSET
    host_group: None | SubResource | Unset = UNSET
    orchestration_mode: None | str | Unset = UNSET
    overprovision: bool | None | Unset = UNSET
    platform_fault_domain_count: int | None | Unset = UNSET
    priority_mix_policy: None | PriorityMixPolicy | Unset = UNSET
    provisioning_state: None | str | Unset = UNSET
    proximity_placement_group: None | SubResource | Unset = UNSET
    resiliency_policy: None | ResiliencyPolicy | Unset = UNSET
    scale_in_policy: None | ScaleInPolicy | Unset = UNSET
    scheduled_events_policy: None | ScheduledEventsPolicy | Unset = UNSET
    single_placement_group: bool | None | Unset = UNSET
    spot_restore_policy: None | SpotRestorePolicy | Unset = UNSET
    time_created: datetime.datetime | None | Unset = UNSET
    unique_id: None | str | Unset = UNSET
    upgrade_policy: None | Unset | UpgradePolicy = UNSET
    virtual_machine_profile: None | Unset | VirtualMachineScaleSetVMProfile = UNSET
    zonal_platform_fault_domain_align_mode: None | str | Unset = UNSET
    zone_balance: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.additional_capabilities import AdditionalCapabilities
        from ..models.automatic_repairs_policy import AutomaticRepairsPolicy
        from ..models.priority_mix_policy import PriorityMixPolicy
        from ..models.resiliency_policy import ResiliencyPolicy
        from ..models.scale_in_policy import ScaleInPolicy
        from ..models.scheduled_events_policy import ScheduledEventsPolicy
        from ..models.spot_restore_policy import SpotRestorePolicy
        from ..models.sub_resource import SubResource
        from ..models.upgrade_policy import UpgradePolicy
        from ..models.virtual_machine_scale_set_vm_profile import (
            VirtualMachineScaleSetVMProfile,
        )

        additional_capabilities: dict[str, Any] | None | Unset
        if isinstance(self.additional_capabilities, Unset):
            additional_capabilities = UNSET
        elif isinstance(self.additional_capabilities, AdditionalCapabilities):
            additional_capabilities = self.additional_capabilities.to_dict()
        else:
            additional_capabilities = self.additional_capabilities

        automatic_repairs_policy: dict[str, Any] | None | Unset
        if isinstance(self.automatic_repairs_policy, Unset):
            automatic_repairs_policy = UNSET
        elif isinstance(self.automatic_repairs_policy, AutomaticRepairsPolicy):
            automatic_repairs_policy = self.automatic_repairs_policy.to_dict()
        else:
            automatic_repairs_policy = self.automatic_repairs_policy

        constrained_maximum_capacity: bool | None | Unset
        if isinstance(self.constrained_maximum_capacity, Unset):
            constrained_maximum_capacity = UNSET
        else:
            constrained_maximum_capacity = self.constrained_maximum_capacity

        do_not_run_extensions_on_overprovisioned_v_ms: bool | None | Unset
        if isinstance(self.do_not_run_extensions_on_overprovisioned_v_ms, Unset):
            do_not_run_extensions_on_overprovisioned_v_ms = UNSET
        else:
            do_not_run_extensions_on_overprovisioned_v_ms = (
                self.do_not_run_extensions_on_overprovisioned_v_ms
            )

        host_group: dict[str, Any] | None | Unset
        if isinstance(self.host_group, Unset):
            host_group = UNSET
        elif isinstance(self.host_group, SubResource):
            host_group = self.host_group.to_dict()
        else:
            host_group = self.host_group

        orchestration_mode: None | str | Unset
        if isinstance(self.orchestration_mode, Unset):
            orchestration_mode = UNSET
        else:
            orchestration_mode = self.orchestration_mode

        overprovision: bool | None | Unset
        if isinstance(self.overprovision, Unset):
            overprovision = UNSET
        else:
            overprovision = self.overprovision

        platform_fault_domain_count: int | None | Unset
        if isinstance(self.platform_fault_domain_count, Unset):
            platform_fault_domain_count = UNSET
        else:
            platform_fault_domain_count = self.platform_fault_domain_count

        priority_mix_policy: dict[str, Any] | None | Unset
        if isinstance(self.priority_mix_policy, Unset):
            priority_mix_policy = UNSET
        elif isinstance(self.priority_mix_policy, PriorityMixPolicy):
            priority_mix_policy = self.priority_mix_policy.to_dict()
        else:
            priority_mix_policy = self.priority_mix_policy

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

        resiliency_policy: dict[str, Any] | None | Unset
        if isinstance(self.resiliency_policy, Unset):
            resiliency_policy = UNSET
        elif isinstance(self.resiliency_policy, ResiliencyPolicy):
            resiliency_policy = self.resiliency_policy.to_dict()
        else:
            resiliency_policy = self.resiliency_policy

        scale_in_policy: dict[str, Any] | None | Unset
        if isinstance(self.scale_in_policy, Unset):
            scale_in_policy = UNSET
        elif isinstance(self.scale_in_policy, ScaleInPolicy):
            scale_in_policy = self.scale_in_policy.to_dict()
        else:
            scale_in_policy = self.scale_in_policy

        scheduled_events_policy: dict[str, Any] | None | Unset
        if isinstance(self.scheduled_events_policy, Unset):
            scheduled_events_policy = UNSET
        elif isinstance(self.scheduled_events_policy, ScheduledEventsPolicy):
            scheduled_events_policy = self.scheduled_events_policy.to_dict()
        else:
            scheduled_events_policy = self.scheduled_events_policy

        single_placement_group: bool | None | Unset
        if isinstance(self.single_placement_group, Unset):
            single_placement_group = UNSET
        else:
            single_placement_group = self.single_placement_group

        spot_restore_policy: dict[str, Any] | None | Unset
        if isinstance(self.spot_restore_policy, Unset):
            spot_restore_policy = UNSET
        elif isinstance(self.spot_restore_policy, SpotRestorePolicy):
            spot_restore_policy = self.spot_restore_policy.to_dict()
        else:
            spot_restore_policy = self.spot_restore_policy

        time_created: None | str | Unset
        if isinstance(self.time_created, Unset):
            time_created = UNSET
        elif isinstance(self.time_created, datetime.datetime):
            time_created = self.time_created.isoformat()
        else:
            time_created = self.time_created

        unique_id: None | str | Unset
        if isinstance(self.unique_id, Unset):
            unique_id = UNSET
        else:
            unique_id = self.unique_id

        upgrade_policy: dict[str, Any] | None | Unset
        if isinstance(self.upgrade_policy, Unset):
            upgrade_policy = UNSET
        elif isinstance(self.upgrade_policy, UpgradePolicy):
            upgrade_policy = self.upgrade_policy.to_dict()
        else:
            upgrade_policy = self.upgrade_policy

        virtual_machine_profile: dict[str, Any] | None | Unset
        if isinstance(self.virtual_machine_profile, Unset):
            virtual_machine_profile = UNSET
        elif isinstance(self.virtual_machine_profile, VirtualMachineScaleSetVMProfile):
            virtual_machine_profile = self.virtual_machine_profile.to_dict()
        else:
            virtual_machine_profile = self.virtual_machine_profile

        zonal_platform_fault_domain_align_mode: None | str | Unset
        if isinstance(self.zonal_platform_fault_domain_align_mode, Unset):
            zonal_platform_fault_domain_align_mode = UNSET
        else:
            zonal_platform_fault_domain_align_mode = (
                self.zonal_platform_fault_domain_align_mode
            )

        zone_balance: bool | None | Unset
        if isinstance(self.zone_balance, Unset):
            zone_balance = UNSET
        else:
            zone_balance = self.zone_balance

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if additional_capabilities is not UNSET:
            field_dict["additionalCapabilities"] = additional_capabilities
        if automatic_repairs_policy is not UNSET:
            field_dict["automaticRepairsPolicy"] = automatic_repairs_policy
        if constrained_maximum_capacity is not UNSET:
            field_dict["constrainedMaximumCapacity"] = constrained_maximum_capacity
        if do_not_run_extensions_on_overprovisioned_v_ms is not UNSET:
            field_dict["doNotRunExtensionsOnOverprovisionedVMs"] = (
                do_not_run_extensions_on_overprovisioned_v_ms
            )
        if host_group is not UNSET:
            field_dict["hostGroup"] = host_group
        if orchestration_mode is not UNSET:
            field_dict["orchestrationMode"] = orchestration_mode
        if overprovision is not UNSET:
            field_dict["overprovision"] = overprovision
        if platform_fault_domain_count is not UNSET:
            field_dict["platformFaultDomainCount"] = platform_fault_domain_count
        if priority_mix_policy is not UNSET:
            field_dict["priorityMixPolicy"] = priority_mix_policy
        if provisioning_state is not UNSET:
            field_dict["provisioningState"] = provisioning_state
        if proximity_placement_group is not UNSET:
            field_dict["proximityPlacementGroup"] = proximity_placement_group
        if resiliency_policy is not UNSET:
            field_dict["resiliencyPolicy"] = resiliency_policy
        if scale_in_policy is not UNSET:
            field_dict["scaleInPolicy"] = scale_in_policy
        if scheduled_events_policy is not UNSET:
            field_dict["scheduledEventsPolicy"] = scheduled_events_policy
        if single_placement_group is not UNSET:
            field_dict["singlePlacementGroup"] = single_placement_group
        if spot_restore_policy is not UNSET:
            field_dict["spotRestorePolicy"] = spot_restore_policy
        if time_created is not UNSET:
            field_dict["timeCreated"] = time_created
        if unique_id is not UNSET:
            field_dict["uniqueId"] = unique_id
        if upgrade_policy is not UNSET:
            field_dict["upgradePolicy"] = upgrade_policy
        if virtual_machine_profile is not UNSET:
            field_dict["virtualMachineProfile"] = virtual_machine_profile
        if zonal_platform_fault_domain_align_mode is not UNSET:
            field_dict["zonalPlatformFaultDomainAlignMode"] = (
                zonal_platform_fault_domain_align_mode
            )
        if zone_balance is not UNSET:
            field_dict["zoneBalance"] = zone_balance

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.additional_capabilities import AdditionalCapabilities
        from ..models.automatic_repairs_policy import AutomaticRepairsPolicy
        from ..models.priority_mix_policy import PriorityMixPolicy
        from ..models.resiliency_policy import ResiliencyPolicy
        from ..models.scale_in_policy import ScaleInPolicy
        from ..models.scheduled_events_policy import ScheduledEventsPolicy
        from ..models.spot_restore_policy import SpotRestorePolicy
        from ..models.sub_resource import SubResource
        from ..models.upgrade_policy import UpgradePolicy
        from ..models.virtual_machine_scale_set_vm_profile import (
            VirtualMachineScaleSetVMProfile,
        )

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

        def _parse_automatic_repairs_policy(
            data: object,
        ) -> AutomaticRepairsPolicy | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                automatic_repairs_policy_type_1 = AutomaticRepairsPolicy.from_dict(data)

                return automatic_repairs_policy_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AutomaticRepairsPolicy | None | Unset, data)

        automatic_repairs_policy = _parse_automatic_repairs_policy(
            d.pop("automaticRepairsPolicy", UNSET)
        )

        def _parse_constrained_maximum_capacity(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        constrained_maximum_capacity = _parse_constrained_maximum_capacity(
            d.pop("constrainedMaximumCapacity", UNSET)
        )

        def _parse_do_not_run_extensions_on_overprovisioned_v_ms(
            data: object,
        ) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        do_not_run_extensions_on_overprovisioned_v_ms = (
            _parse_do_not_run_extensions_on_overprovisioned_v_ms(
                d.pop("doNotRunExtensionsOnOverprovisionedVMs", UNSET)
            )
        )

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

        def _parse_orchestration_mode(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        orchestration_mode = _parse_orchestration_mode(
            d.pop("orchestrationMode", UNSET)
        )

        def _parse_overprovision(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        overprovision = _parse_overprovision(d.pop("overprovision", UNSET))

        def _parse_platform_fault_domain_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        platform_fault_domain_count = _parse_platform_fault_domain_count(
            d.pop("platformFaultDomainCount", UNSET)
        )

        def _parse_priority_mix_policy(
            data: object,
        ) -> None | PriorityMixPolicy | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                priority_mix_policy_type_1 = PriorityMixPolicy.from_dict(data)

                return priority_mix_policy_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PriorityMixPolicy | Unset, data)

        priority_mix_policy = _parse_priority_mix_policy(
            d.pop("priorityMixPolicy", UNSET)
        )

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

        def _parse_resiliency_policy(data: object) -> None | ResiliencyPolicy | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                resiliency_policy_type_1 = ResiliencyPolicy.from_dict(data)

                return resiliency_policy_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ResiliencyPolicy | Unset, data)

        resiliency_policy = _parse_resiliency_policy(d.pop("resiliencyPolicy", UNSET))

        def _parse_scale_in_policy(data: object) -> None | ScaleInPolicy | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                scale_in_policy_type_1 = ScaleInPolicy.from_dict(data)

                return scale_in_policy_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScaleInPolicy | Unset, data)

        scale_in_policy = _parse_scale_in_policy(d.pop("scaleInPolicy", UNSET))

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

        def _parse_single_placement_group(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        single_placement_group = _parse_single_placement_group(
            d.pop("singlePlacementGroup", UNSET)
        )

        def _parse_spot_restore_policy(
            data: object,
        ) -> None | SpotRestorePolicy | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                spot_restore_policy_type_1 = SpotRestorePolicy.from_dict(data)

                return spot_restore_policy_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SpotRestorePolicy | Unset, data)

        spot_restore_policy = _parse_spot_restore_policy(
            d.pop("spotRestorePolicy", UNSET)
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

        def _parse_unique_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        unique_id = _parse_unique_id(d.pop("uniqueId", UNSET))

        def _parse_upgrade_policy(data: object) -> None | Unset | UpgradePolicy:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                upgrade_policy_type_1 = UpgradePolicy.from_dict(data)

                return upgrade_policy_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UpgradePolicy, data)

        upgrade_policy = _parse_upgrade_policy(d.pop("upgradePolicy", UNSET))

        def _parse_virtual_machine_profile(
            data: object,
        ) -> None | Unset | VirtualMachineScaleSetVMProfile:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                virtual_machine_profile_type_1 = (
                    VirtualMachineScaleSetVMProfile.from_dict(data)
                )

                return virtual_machine_profile_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VirtualMachineScaleSetVMProfile, data)

        virtual_machine_profile = _parse_virtual_machine_profile(
            d.pop("virtualMachineProfile", UNSET)
        )

        def _parse_zonal_platform_fault_domain_align_mode(
            data: object,
        ) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        zonal_platform_fault_domain_align_mode = (
            _parse_zonal_platform_fault_domain_align_mode(
                d.pop("zonalPlatformFaultDomainAlignMode", UNSET)
            )
        )

        def _parse_zone_balance(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        zone_balance = _parse_zone_balance(d.pop("zoneBalance", UNSET))

        virtual_machine_scale_set_properties = cls(
            additional_capabilities=additional_capabilities,
            automatic_repairs_policy=automatic_repairs_policy,
            constrained_maximum_capacity=constrained_maximum_capacity,
            do_not_run_extensions_on_overprovisioned_v_ms=do_not_run_extensions_on_overprovisioned_v_ms,
            host_group=host_group,
            orchestration_mode=orchestration_mode,
            overprovision=overprovision,
            platform_fault_domain_count=platform_fault_domain_count,
            priority_mix_policy=priority_mix_policy,
            provisioning_state=provisioning_state,
            proximity_placement_group=proximity_placement_group,
            resiliency_policy=resiliency_policy,
            scale_in_policy=scale_in_policy,
            scheduled_events_policy=scheduled_events_policy,
            single_placement_group=single_placement_group,
            spot_restore_policy=spot_restore_policy,
            time_created=time_created,
            unique_id=unique_id,
            upgrade_policy=upgrade_policy,
            virtual_machine_profile=virtual_machine_profile,
            zonal_platform_fault_domain_align_mode=zonal_platform_fault_domain_align_mode,
            zone_balance=zone_balance,
        )

        virtual_machine_scale_set_properties.additional_properties = d
        return virtual_machine_scale_set_properties

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
