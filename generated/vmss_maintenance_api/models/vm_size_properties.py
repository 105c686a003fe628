from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="VMSizeProperties")


@_attrs_define
class VMSizeProperties:
    """Specifies VM Size Property settings on the virtual machine.

    Attributes:
        v_cp_us_available (int | Unset): Specifies the number of vCPUs available for the VM. When this property is not
            specified in the request body the default behavior is to set it to the value of vCPUs available for that VM size
            exposed in api response of [List all available virtual machine sizes in a region](https://docs.microsoft.com/en-
            us/rest/api/compute/resource-skus/list).
        v_cp_us_per_core (int | Unset): Specifies the vCPU to physical core ratio. When this property is not specified
            in the request body the default behavior is set to the value of vCPUsPerCore for the VM Size exposed in api
            response of [List all available virtual machine sizes in a region](https://docs.microsoft.com/en-
            us/rest/api/compute/resource-skus/list). **Setting this property to 1 also means that hyper-threading is
            disabled.**
    """

    v_cp_us_available: int | Unset = UNSET
    v_cp_us_per_core: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        v_cp_us_available = self.v_cp_us_available

        v_cp_us_per_core = self.v_cp_us_per_core

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if v_cp_us_available is not UNSET:
            field_dict["vCPUsAvailable"] = v_cp_us_available
        if v_cp_us_per_core is not UNSET:
            field_dict["vCPUsPerCore"] = v_cp_us_per_core

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        v_cp_us_available = d.pop("vCPUsAvailable", UNSET)

        v_cp_us_per_core = d.pop("vCPUsPerCore", UNSET)

        vm_size_properties = cls(
            v_cp_us_available=v_cp_us_available,
            v_cp_us_per_core=v_cp_us_per_core,
        )

        vm_size_properties.additional_properties = d
        return vm_size_properties

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
