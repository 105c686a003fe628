from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sub_resource import SubResource
    from ..models.upgrade_policy import UpgradePolicy


T = TypeVar("T", bound="VirtualMachineScaleSetProperties")


@_attrs_define
class VirtualMachineScaleSetProperties:
    """Describes the properties of a Virtual Machine Scale Set.

    Attributes:
        constrained_maximum_capacity (bool | Unset): Optional property which must either be set to True or omitted.
        do_not_run_extensions_on_overprovisioned_v_ms (bool | Unset): When Overprovision is enabled, extensions are
            launched only on the requested number of VMs which are finally kept. This property will hence ensure that the
            extensions do not run on the extra overprovisioned VMs.
        host_group (None | SubResource | Unset): Specifies information about the dedicated host group that the virtual
            machine scale set resides in. Minimum api-version: 2020-06-01.
        orchestration_mode (None | str | Unset): Specifies the orchestration mode for the virtual machine scale set.
        overprovision (bool | Unset): Specifies whether the Virtual Machine Scale Set should be overprovisioned.
        platform_fault_domain_count (int | Unset): Fault Domain count for each placement group.
        provisioning_state (str | Unset): The provisioning state, which only appears in the response.
        proximity_placement_group (None | SubResource | Unset): Specifies information about the proximity placement
            group that the virtual machine scale set should be assigned to. Minimum api-version: 2018-04-01.
        single_placement_group (bool | Unset): When true this limits the scale set to a single placement group, of max
            size 100 virtual machines. NOTE: If singlePlacementGroup is true, it may be modified to false. However, if
            singlePlacementGroup is false, it may not be modified to true.
        time_created (datetime.datetime | None | Unset): Specifies the time at which the Virtual Machine Scale Set
            resource was created. Minimum api-version: 2021-11-01.
        unique_id (str | Unset): Specifies the ID which uniquely identifies a Virtual Machine Scale Set.
        upgrade_policy (None | Unset | UpgradePolicy): The upgrade policy.
        zonal_platform_fault_domain_align_mode (None | str | Unset): Specifies the align mode between Virtual Machine
            Scale Set compute and storage Fault Domain count.
        zone_balance (bool | Unset): Whether to force strictly even Virtual Machine distribution cross x-zones in case
            there is zone outage. zoneBalance property can only be set if the zones property of the scale set contains more
            than one zone. If there are no zones or only one zone specified, then zoneBalance property should not be set.
    """

    constrained_maximum_capacity: bool | Unset = UNSET
    do_not_run_extensions_on_overprovisioned_v_ms: bool | Unset = UNSET
    host_group: None | SubResource | Unset = UNSET
    orchestration_mode: None | str | Unset = UNSET
    overprovision: bool | Unset = UNSET
    platform_fault_domain_count: int | Unset = UNSET
    provisioning_state: str | Unset = UNSET
    proximity_placement_group: None | SubResource | Unset = UNSET
    single_placement_group: bool | Unset = UNSET
    time_created: datetime.datetime | None | Unset = UNSET
    unique_id: str | Unset = UNSET
    upgrade_policy: None | Unset | UpgradePolicy = UNSET
    zonal_platform_fault_domain_align_mode: None | str | Unset = UNSET
    zone_balance: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.sub_resource import SubResource
        from ..models.upgrade_policy import UpgradePolicy

        constrained_maximum_capacity = self.constrained_maximum_capacity

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

        overprovision = self.overprovision

        platform_fault_domain_count = self.platform_fault_domain_count

        provisioning_state = self.provisioning_state

        proximity_placement_group: dict[str, Any] | None | Unset
        if isinstance(self.proximity_placement_group, Unset):
            proximity_placement_group = UNSET
        elif isinstance(self.proximity_placement_group, SubResource):
            proximity_placement_group = self.proximity_placement_group.to_dict()
        else:
            proximity_placement_group = self.proximity_placement_group

        single_placement_group = self.single_placement_group

        time_created: None | str | Unset
        if isinstance(self.time_created, Unset):
            time_created = UNSET
        elif isinstance(self.time_created, datetime.datetime):
            time_created = self.time_created.isoformat()
        else:
            time_created = self.time_created

        unique_id = self.unique_id

        upgrade_policy: dict[str, Any] | None | Unset
        if isinstance(self.upgrade_policy, Unset):
            upgrade_policy = UNSET
        elif isinstance(self.upgrade_policy, UpgradePolicy):
            upgrade_policy = self.upgrade_policy.to_dict()
        else:
            upgrade_policy = self.upgrade_policy

        zonal_platform_fault_domain_align_mode: None | str | Unset
        if isinstance(self.zonal_platform_fault_domain_align_mode, Unset):
            zonal_platform_fault_domain_align_mode = UNSET
        else:
            zonal_platform_fault_domain_align_mode = (
                self.zonal_platform_fault_domain_align_mode
            )

        zone_balance = self.zone_balance

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
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
        if provisioning_state is not UNSET:
            field_dict["provisioningState"] = provisioning_state
        if proximity_placement_group is not UNSET:
            field_dict["proximityPlacementGroup"] = proximity_placement_group
        if single_placement_group is not UNSET:
            field_dict["singlePlacementGroup"] = single_placement_group
        if time_created is not UNSET:
            field_dict["timeCreated"] = time_created
        if unique_id is not UNSET:
            field_dict["uniqueId"] = unique_id
        if upgrade_policy is not UNSET:
            field_dict["upgradePolicy"] = upgrade_policy
        if zonal_platform_fault_domain_align_mode is not UNSET:
            field_dict["zonalPlatformFaultDomainAlignMode"] = (
                zonal_platform_fault_domain_align_mode
            )
        if zone_balance is not UNSET:
            field_dict["zoneBalance"] = zone_balance

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.sub_resource import SubResource
        from ..models.upgrade_policy import UpgradePolicy

        d = dict(src_dict)
        constrained_maximum_capacity = d.pop("constrainedMaximumCapacity", UNSET)

        do_not_run_extensions_on_overprovisioned_v_ms = d.pop(
            "doNotRunExtensionsOnOverprovisionedVMs", UNSET
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

        overprovision = d.pop("overprovision", UNSET)

        platform_fault_domain_count = d.pop("platformFaultDomainCount", UNSET)

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

        single_placement_group = d.pop("singlePlacementGroup", UNSET)

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

        unique_id = d.pop("uniqueId", UNSET)

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

        zone_balance = d.pop("zoneBalance", UNSET)

        virtual_machine_scale_set_properties = cls(
            constrained_maximum_capacity=constrained_maximum_capacity,
            do_not_run_extensions_on_overprovisioned_v_ms=do_not_run_extensions_on_overprovisioned_v_ms,
            host_group=host_group,
            orchestration_mode=orchestration_mode,
            overprovision=overprovision,
            platform_fault_domain_count=platform_fault_domain_count,
            provisioning_state=provisioning_state,
            proximity_placement_group=proximity_placement_group,
            single_placement_group=single_placement_group,
            time_created=time_created,
            unique_id=unique_id,
            upgrade_policy=upgrade_policy,
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
