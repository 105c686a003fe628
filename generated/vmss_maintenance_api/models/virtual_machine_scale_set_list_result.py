from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.virtual_machine_scale_set import VirtualMachineScaleSet


T = TypeVar("T", bound="VirtualMachineScaleSetListResult")


@_attrs_define
class VirtualMachineScaleSetListResult:
    """The List Virtual Machine operation response.

    Attributes:
        value (list[VirtualMachineScaleSet]): The list of virtual machine scale sets.
        next_link (str | Unset): The uri to fetch the next page of Virtual Machine Scale Sets. Call ListNext() with this
            to fetch the next page of VMSS.
    """

    value: list[VirtualMachineScaleSet]
    next_link: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        value = []
        for value_item_data in self.value:
            value_item = value_item_data.to_dict()
            value.append(value_item)

        next_link = self.next_link

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "value": value,
            }
        )
        if next_link is not UNSET:
            field_dict["nextLink"] = next_link

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.virtual_machine_scale_set import VirtualMachineScaleSet

        d = dict(src_dict)
        value = []
        _value = d.pop("value")
        for value_item_data in _value:
            value_item = VirtualMachineScaleSet.from_dict(value_item_data)

            value.append(value_item)

        next_link = d.pop("nextLink", UNSET)

        virtual_machine_scale_set_list_result = cls(
            value=value,
            next_link=next_link,
        )

        virtual_machine_scale_set_list_result.additional_properties = d
        return virtual_machine_scale_set_list_result

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
