from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="VirtualMachineScaleSetVMProtectionPolicy")


@_attrs_define
class VirtualMachineScaleSetVMProtectionPolicy:
    """The protection policy of a virtual machine scale set VM.

    Attributes:
        protect_from_scale_in (bool | Unset): Indicates that the virtual machine scale set VM shouldn't be considered
            for deletion during a scale-in operation.
        protect_from_scale_set_actions (bool | Unset): Indicates that model updates or actions (including scale-in)
            initiated on the virtual machine scale set should not be applied to the virtual machine scale set VM.
    """

    protect_from_scale_in: bool | Unset = UNSET
    protect_from_scale_set_actions: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        protect_from_scale_in = self.protect_from_scale_in

        protect_from_scale_set_actions = self.protect_from_scale_set_actions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if protect_from_scale_in is not UNSET:
            field_dict["protectFromScaleIn"] = protect_from_scale_in
        if protect_from_scale_set_actions is not UNSET:
            field_dict["protectFromScaleSetActions"] = protect_from_scale_set_actions

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        protect_from_scale_in = d.pop("protectFromScaleIn", UNSET)

        protect_from_scale_set_actions = d.pop("protectFromScaleSetActions", UNSET)

        virtual_machine_scale_set_vm_protection_policy = cls(
            protect_from_scale_in=protect_from_scale_in,
            protect_from_scale_set_actions=protect_from_scale_set_actions,
        )

        virtual_machine_scale_set_vm_protection_policy.additional_properties = d
        return virtual_machine_scale_set_vm_protection_policy

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
