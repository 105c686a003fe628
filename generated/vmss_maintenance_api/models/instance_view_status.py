from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.status_level_types import StatusLevelTypes
from ..types import UNSET, Unset

T = TypeVar("T", bound="InstanceViewStatus")


@_attrs_define
class InstanceViewStatus:
    """Instance view status.

    Attributes:
        code (str | Unset): The status code.
        display_status (str | Unset): The short localizable label for the status.
        level (None | StatusLevelTypes | Unset):
        message (str | Unset): The detailed status message, including for alerts and error messages.
        time (datetime.datetime | None | Unset): The time of the status.
    """

    code: str | Unset = UNSET
    display_status: str | Unset = UNSET
    level: None | StatusLevelTypes | Unset = UNSET
    message: str | Unset = UNSET
    time: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        display_status = self.display_status

        level: None | str | Unset
        if isinstance(self.level, Unset):
            level = UNSET
        elif isinstance(self.level, StatusLevelTypes):
            level = self.level.value
        else:
            level = self.level

        message = self.message

        time: None | str | Unset
        if isinstance(self.time, Unset):
            time = UNSET
        elif isinstance(self.time, datetime.datetime):
            time = self.time.isoformat()
        else:
            time = self.time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if display_status is not UNSET:
            field_dict["displayStatus"] = display_status
        if level is not UNSET:
            field_dict["level"] = level
        if message is not UNSET:
            field_dict["message"] = message
        if time is not UNSET:
            field_dict["time"] = time

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code", UNSET)

        display_status = d.pop("displayStatus", UNSET)

        def _parse_level(data: object) -> None | StatusLevelTypes | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                level_type_1 = StatusLevelTypes(data)

                return level_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StatusLevelTypes | Unset, data)

        level = _parse_level(d.pop("level", UNSET))

        message = d.pop("message", UNSET)

        def _parse_time(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                time_type_0 = datetime.datetime.fromisoformat(data)

                return time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        time = _parse_time(d.pop("time", UNSET))

        instance_view_status = cls(
            code=code,
            display_status=display_status,
            level=level,
            message=message,
            time=time,
        )

        instance_view_status.additional_properties = d
        return instance_view_status

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
