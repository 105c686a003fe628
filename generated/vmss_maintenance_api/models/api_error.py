from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.api_error_base import ApiErrorBase
    from ..models.inner_error import InnerError


T = TypeVar("T", bound="ApiError")


@_attrs_define
class ApiError:
    """Api error.

    Attributes:
        code (str | Unset): The error code.
        details (list[ApiErrorBase] | Unset): The Api error details
        innererror (InnerError | Unset): Inner error details.
        message (str | Unset): The error message.
        target (str | Unset): The target of the particular error.
    """

    code: str | Unset = UNSET
    details: list[ApiErrorBase] | Unset = UNSET
    innererror: InnerError | Unset = UNSET
    message: str | Unset = UNSET
    target: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = []
            for details_item_data in self.details:
                details_item = details_item_data.to_dict()
                details.append(details_item)

        innererror: dict[str, Any] | Unset = UNSET
        if not isinstance(self.innererror, Unset):
            innererror = self.innererror.to_dict()

        message = self.message

        target = self.target

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if details is not UNSET:
            field_dict["details"] = details
        if innererror is not UNSET:
            field_dict["innererror"] = innererror
        if message is not UNSET:
            field_dict["message"] = message
        if target is not UNSET:
            field_dict["target"] = target

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.api_error_base import ApiErrorBase
        from ..models.inner_error import InnerError

        d = dict(src_dict)
        code = d.pop("code", UNSET)

        _details = d.pop("details", UNSET)
        details: list[ApiErrorBase] | Unset = UNSET
        if _details is not UNSET:
            details = []
            for details_item_data in _details:
                details_item = ApiErrorBase.from_dict(details_item_data)

                details.append(details_item)

        _innererror = d.pop("innererror", UNSET)
        innererror: InnerError | Unset
        if isinstance(_innererror, Unset):
            innererror = UNSET
        else:
            innererror = InnerError.from_dict(_innererror)

        message = d.pop("message", UNSET)

        target = d.pop("target", UNSET)

        api_error = cls(
            code=code,
            details=details,
            innererror=innererror,
            message=message,
            target=target,
        )

        api_error.additional_properties = d
        return api_error

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
