from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="VirtualMachineScaleSetVMInstanceIDs")


@_attrs_define
class VirtualMachineScaleSetVMInstanceIDs:
    """Specifies a list of virtual machine instance IDs from the VM scale set.

    Attributes:
        instance_ids (list[str] | None | Unset): The virtual machine scale set instance ids. Omitting the virtual
            machine scale set instance ids will result in the operation being performed on all virtual machines in the
            virtual machine scale set.
    """

    instance_ids: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        instance_ids: list[str] | None | Unset
        if isinstance(self.instance_ids, Unset):
            instance_ids = UNSET
        elif isinstance(self.instance_ids, list):
            instance_ids = self.instance_ids

        else:
            instance_ids = self.instance_ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if instance_ids is not UNSET:
            field_dict["instanceIds"] = instance_ids

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_instance_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                instance_ids_type_0 = cast(list[str], data)

                return instance_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        instance_ids = _parse_instance_ids(d.pop("instanceIds", UNSET))

        virtual_machine_scale_set_vm_instance_ids = cls(
            instance_ids=instance_ids,
        )

        virtual_machine_scale_set_vm_instance_ids.additional_properties = d
        return virtual_machine_scale_set_vm_instance_ids

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
