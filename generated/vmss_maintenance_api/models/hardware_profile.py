from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.vm_size_properties import VMSizeProperties


T = TypeVar("T", bound="HardwareProfile")


@_attrs_define
class HardwareProfile:
    """Specifies the hardware settings for the virtual machine.

    Attributes:
        vm_size (str | Unset): Specifies the size of the virtual machine. The enum data type is currently deprecated and
            will be removed by December 23rd 2023. The recommended way to get the list of available sizes is using these
            APIs: [List all available virtual machine sizes in an availability
            set](https://docs.microsoft.com/rest/api/compute/availabilitysets/listavailablesizes), [List all available
            virtual machine sizes in a region]( https://docs.microsoft.com/rest/api/compute/resourceskus/list), [List all
            available virtual machine sizes for
            resizing](https://docs.microsoft.com/rest/api/compute/virtualmachines/listavailablesizes). For more information
            about virtual machine sizes, see [Sizes for virtual machines](https://docs.microsoft.com/azure/virtual-
            machines/sizes). The available VM sizes depend on region and availability set.
        vm_size_properties (None | Unset | VMSizeProperties): Specifies the properties for customizing the size of the
            virtual machine. Minimum api-version: 2021-07-01. This feature is still in preview mode and is not supported for
            VirtualMachineScaleSet. Please follow the instructions in [VM Customization](https://aka.ms/vmcustomization) for
            more details.
    """

    vm_size: str | Unset = UNSET
    vm_size_properties: None | Unset | VMSizeProperties = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.vm_size_properties import VMSizeProperties

        vm_size = self.vm_size

        vm_size_properties: dict[str, Any] | None | Unset
        if isinstance(self.vm_size_properties, Unset):
            vm_size_properties = UNSET
        elif isinstance(self.vm_size_properties, VMSizeProperties):
            vm_size_properties = self.vm_size_properties.to_dict()
        else:
            vm_size_properties = self.vm_size_properties

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if vm_size is not UNSET:
            field_dict["vmSize"] = vm_size
        if vm_size_properties is not UNSET:
            field_dict["vmSizeProperties"] = vm_size_properties

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.vm_size_properties import VMSizeProperties

        d = dict(src_dict)
        vm_size = d.pop("vmSize", UNSET)

        def _parse_vm_size_properties(data: object) -> None | Unset | VMSizeProperties:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                vm_size_properties_type_1 = VMSizeProperties.from_dict(data)

                return vm_size_properties_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VMSizeProperties, data)

        vm_size_properties = _parse_vm_size_properties(d.pop("vmSizeProperties", UNSET))

        hardware_profile = cls(
            vm_size=vm_size,
            vm_size_properties=vm_size_properties,
        )

        hardware_profile.additional_properties = d
        return hardware_profile

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
