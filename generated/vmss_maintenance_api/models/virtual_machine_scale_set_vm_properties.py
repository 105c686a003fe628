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
    from ..models.virtual_machine_scale_set_vm_instance_view import (
        VirtualMachineScaleSetVMInstanceView,
    )


T = TypeVar("T", bound="VirtualMachineScaleSetVMProperties")


@_attrs_define
class VirtualMachineScaleSetVMProperties:
    """Describes the properties of a virtual machine scale set virtual machine.

    Attributes:
        availability_set (None | SubResource | Unset): Specifies information about the availability set that the virtual
            machine should be assigned to. Virtual machines specified in the same availability set are allocated to
            different nodes to maximize availability. For more information about availability sets, see [Availability sets
            overview](https://docs.microsoft.com/azure/virtual-machines/availability-set-overview). For more information on
            Azure planned maintenance, see [Maintenance and updates for Virtual Machines in
            Azure](https://docs.microsoft.com/azure/virtual-machines/maintenance-and-updates). Currently, a VM can only be
            added to availability set at creation time. An existing VM cannot be added to an availability set.
        hardware_profile (HardwareProfile | None | Unset): Specifies the hardware settings for the virtual machine.
        instance_view (None | Unset | VirtualMachineScaleSetVMInstanceView): The virtual machine instance view.
        latest_model_applied (bool | Unset): Specifies whether the latest model has been applied to the virtual machine.
        license_type (str | Unset): Specifies that the image or disk that is being used was licensed on-premises.
            <br><br> Possible values for Windows Server operating system are: <br><br> Windows_Client <br><br>
            Windows_Server <br><br> Possible values for Linux Server operating system are: <br><br> RHEL_BYOS (for RHEL)
            <br><br> SLES_BYOS (for SUSE) <br><br> For more information, see [Azure Hybrid Use Benefit for Windows
            Server](https://docs.microsoft.com/azure/virtual-machines/windows/hybrid-use-benefit-licensing) <br><br> [Azure
            Hybrid Use Benefit for Linux Server](https://docs.microsoft.com/azure/virtual-machines/linux/azure-hybrid-
            benefit-linux) <br><br> Minimum api-version: 2015-06-15
        model_definition_applied (str | Unset): Specifies whether the model applied to the virtual machine is the model
            of the virtual machine scale set or the customized model for the virtual machine.
        provisioning_state (str | Unset): The provisioning state, which only appears in the response.
        time_created (datetime.datetime | None | Unset): Specifies the time at which the Virtual Machine resource was
            created.<br><br>Minimum api-version: 2021-11-01.
        user_data (str | Unset): UserData for the VM, which must be base-64 encoded. Customer should not pass any
            secrets in here. <br><br>Minimum api-version: 2021-03-01
        vm_id (str | Unset): Azure VM unique ID.
    """

    availability_set: None | SubResource | Unset = UNSET
    hardware_profile: HardwareProfile | None | Unset = UNSET
    instance_view: None | Unset | VirtualMachineScaleSetVMInstanceView = UNSET
    latest_model_applied: bool | Unset = UNSET
    license_type: str | Unset = UNSET
    model_definition_applied: str | Unset = UNSET
    provisioning_state: str | Unset = UNSET
    time_created: datetime.datetime | None | Unset = UNSET
    user_data: str | Unset = UNSET
    vm_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.hardware_profile import HardwareProfile
        from ..models.sub_resource import SubResource
        from ..models.virtual_machine_scale_set_vm_instance_view import (
            VirtualMachineScaleSetVMInstanceView,
        )

        availability_set: dict[str, Any] | None | Unset
        if isinstance(self.availability_set, Unset):
            availability_set = UNSET
        elif isinstance(self.availability_set, SubResource):
            availability_set = self.availability_set.to_dict()
        else:
            availability_set = self.availability_set

        hardware_profile: dict[str, Any] | None | Unset
        if isinstance(self.hardware_profile, Unset):
            hardware_profile = UNSET
        elif isinstance(self.hardware_profile, HardwareProfile):
            hardware_profile = self.hardware_profile.to_dict()
        else:
            hardware_profile = self.hardware_profile

        instance_view: dict[str, Any] | None | Unset
        if isinstance(self.instance_view, Unset):
            instance_view = UNSET
        elif isinstance(self.instance_view, VirtualMachineScaleSetVMInstanceView):
            instance_view = self.instance_view.to_dict()
        else:
            instance_view = self.instance_view

        latest_model_applied = self.latest_model_applied

        license_type = self.license_type

        model_definition_applied = self.model_definition_applied

        provisioning_state = self.provisioning_state

        time_created: None | str | Unset
        if isinstance(self.time_created, Unset):
            time_created = UNSET
        elif isinstance(self.time_created, datetime.datetime):
            time_created = self.time_created.isoformat()
        else:
            time_created = self.time_created

        user_data = self.user_data

        vm_id = self.vm_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if availability_set is not UNSET:
            field_dict["availabilitySet"] = availability_set
        if hardware_profile is not UNSET:
            field_dict["hardwareProfile"] = hardware_profile
        if instance_view is not UNSET:
            field_dict["instanceView"] = instance_view
        if latest_model_applied is not UNSET:
            field_dict["latestModelApplied"] = latest_model_applied
        if license_type is not UNSET:
            field_dict["licenseType"] = license_type
        if model_definition_applied is not UNSET:
            field_dict["modelDefinitionApplied"] = model_definition_applied
        if provisioning_state is not UNSET:
            field_dict["provisioningState"] = provisioning_state
        if time_created is not UNSET:
            field_dict["timeCreated"] = time_created
        if user_data is not UNSET:
            field_dict["userData"] = user_data
        if vm_id is not UNSET:
            field_dict["vmId"] = vm_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.hardware_profile import HardwareProfile
        from ..models.sub_resource import SubResource
        from ..models.virtual_machine_scale_set_vm_instance_view import (
            VirtualMachineScaleSetVMInstanceView,
        )

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

        def _parse_instance_view(
            data: object,
        ) -> None | Unset | VirtualMachineScaleSetVMInstanceView:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                instance_view_type_1 = VirtualMachineScaleSetVMInstanceView.from_dict(
                    data
                )

                return instance_view_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VirtualMachineScaleSetVMInstanceView, data)

        instance_view = _parse_instance_view(d.pop("instanceView", UNSET))

        latest_model_applied = d.pop("latestModelApplied", UNSET)

        license_type = d.pop("licenseType", UNSET)

        model_definition_applied = d.pop("modelDefinitionApplied", UNSET)

        provisioning_state = d.pop("provisioningState", UNSET)

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

        vm_id = d.pop("vmId", UNSET)

        virtual_machine_scale_set_vm_properties = cls(
            availability_set=availability_set,
            hardware_profile=hardware_profile,
            instance_view=instance_view,
            latest_model_applied=latest_model_applied,
            license_type=license_type,
            model_definition_applied=model_definition_applied,
            provisioning_state=provisioning_state,
            time_created=time_created,
            user_data=user_data,
            vm_id=vm_id,
        )

        virtual_machine_scale_set_vm_properties.additional_properties = d
        return virtual_machine_scale_set_vm_properties

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
