from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="InnerError")


@_attrs_define
class InnerError:
    """Inner error details.

    Attributes:
        errordetail (str | Unset): The internal error message or exception dump.
        exceptiontype (str | Unset): The exception type.
    """

    errordetail: str | Unset = UNSET
    exceptiontype: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        errordetail = self.errordetail

        exceptiontype = self.exceptiontype

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if errordetail is not UNSET:
            field_dict["errordetail"] = errordetail
        if exceptiontype is not UNSET:
            field_dict["exceptiontype"] = exceptiontype

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        errordetail = d.pop("errordetail", UNSET)

        exceptiontype = d.pop("exceptiontype", UNSET)

        inner_error = cls(
            errordetail=errordetail,
            exceptiontype=exceptiontype,
        )

        inner_error.additional_properties = d
        return inner_error

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
