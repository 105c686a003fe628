from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

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
        details (list[ApiErrorBase] | None | Unset): The Api error details
        innererror (InnerError | None | Unset): The Api inner error
        message (str | Unset): The error message.
        target (str | Unset): The target of the particular error.
    """

    code: str | Unset = UNSET
    details: list[ApiErrorBase] | None | Unset = UNSET
    innererror: InnerError | None | Unset = UNSET
    message: str | Unset = UNSET
    target: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.inner_error import InnerError

        code = self.code

        details: list[dict[str, Any]] | None | Unset
        if isinstance(self.details, Unset):
            details = UNSET
        elif isinstance(self.details, list):
            details = []
            for details_type_0_item_data in self.details:
                details_type_0_item = details_type_0_item_data.to_dict()
                details.append(details_type_0_item)

        else:
            details = self.details

        innererror: dict[str, Any] | None | Unset
        if isinstance(self.innererror, Unset):
            innererror = UNSET
        elif isinstance(self.innererror, InnerError):
            innererror = self.innererror.to_dict()
        else:
            innererror = self.innererror

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

        def _parse_details(data: object) -> list[ApiErrorBase] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                details_type_0 = []
                _details_type_0 = data
                for details_type_0_item_data in _details_type_0:
                    details_type_0_item = ApiErrorBase.from_dict(
                        details_type_0_item_data
                    )

                    details_type_0.append(details_type_0_item)

                return details_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ApiErrorBase] | None | Unset, data)

        details = _parse_details(d.pop("details", UNSET))

        def _parse_innererror(data: object) -> InnerError | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                innererror_type_1 = InnerError.from_dict(data)

                return innererror_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InnerError | None | Unset, data)

        innererror = _parse_innererror(d.pop("innererror", UNSET))

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
