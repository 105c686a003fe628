from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.maintenance_operation_result_code_types import (
    MaintenanceOperationResultCodeTypes,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="MaintenanceRedeployStatus")


@_attrs_define
class MaintenanceRedeployStatus:
    """Maintenance Operation Status.

    Attributes:
        is_customer_initiated_maintenance_allowed (bool | Unset): True, if customer is allowed to perform Maintenance.
        last_operation_message (str | Unset): Message returned for the last Maintenance Operation.
        last_operation_result_code (MaintenanceOperationResultCodeTypes | None | Unset):
        maintenance_window_end_time (datetime.datetime | None | Unset): End Time for the Maintenance Window.
        maintenance_window_start_time (datetime.datetime | None | Unset): Start Time for the Maintenance Window.
        pre_maintenance_window_end_time (datetime.datetime | None | Unset): End Time for the Pre Maintenance Window.
        pre_maintenance_window_start_time (datetime.datetime | None | Unset): Start Time for the Pre Maintenance Window.
    """

    is_customer_initiated_maintenance_allowed: bool | Unset = UNSET
    last_operation_message: str | Unset = UNSET
    last_operation_result_code: MaintenanceOperationResultCodeTypes | None | Unset = (
        UNSET
    )
    maintenance_window_end_time: datetime.datetime | None | Unset = UNSET
    maintenance_window_start_time: datetime.datetime | None | Unset = UNSET
    pre_maintenance_window_end_time: datetime.datetime | None | Unset = UNSET
    pre_maintenance_window_start_time: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        is_customer_initiated_maintenance_allowed = (
            self.is_customer_initiated_maintenance_allowed
        )

        last_operation_message = self.last_operation_message

        last_operation_result_code: None | str | Unset
        if isinstance(self.last_operation_result_code, Unset):
            last_operation_result_code = UNSET
        elif isinstance(
            self.last_operation_result_code, MaintenanceOperationResultCodeTypes
        ):
            last_operation_result_code = self.last_operation_result_code.value
        else:
            last_operation_result_code = self.last_operation_result_code

        maintenance_window_end_time: None | str | Unset
        if isinstance(self.maintenance_window_end_time, Unset):
            maintenance_window_end_time = UNSET
        elif isinstance(self.maintenance_window_end_time, datetime.datetime):
            maintenance_window_end_time = self.maintenance_window_end_time.isoformat()
        else:
            maintenance_window_end_time = self.maintenance_window_end_time

        maintenance_window_start_time: None | str | Unset
        if isinstance(self.maintenance_window_start_time, Unset):
            maintenance_window_start_time = UNSET
        elif isinstance(self.maintenance_window_start_time, datetime.datetime):
            maintenance_window_start_time = (
                self.maintenance_window_start_time.isoformat()
            )
        else:
            maintenance_window_start_time = self.maintenance_window_start_time

        pre_maintenance_window_end_time: None | str | Unset
        if isinstance(self.pre_maintenance_window_end_time, Unset):
            pre_maintenance_window_end_time = UNSET
        elif isinstance(self.pre_maintenance_window_end_time, datetime.datetime):
            pre_maintenance_window_end_time = (
                self.pre_maintenance_window_end_time.isoformat()
            )
        else:
            pre_maintenance_window_end_time = self.pre_maintenance_window_end_time

        pre_maintenance_window_start_time: None | str | Unset
        if isinstance(self.pre_maintenance_window_start_time, Unset):
            pre_maintenance_window_start_time = UNSET
        elif isinstance(self.pre_maintenance_window_start_time, datetime.datetime):
            pre_maintenance_window_start_time = (
                self.pre_maintenance_window_start_time.isoformat()
            )
        else:
            pre_maintenance_window_start_time = self.pre_maintenance_window_start_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if is_customer_initiated_maintenance_allowed is not UNSET:
            field_dict["isCustomerInitiatedMaintenanceAllowed"] = (
                is_customer_initiated_maintenance_allowed
            )
        if last_operation_message is not UNSET:
            field_dict["lastOperationMessage"] = last_operation_message
        if last_operation_result_code is not UNSET:
            field_dict["lastOperationResultCode"] = last_operation_result_code
        if maintenance_window_end_time is not UNSET:
            field_dict["maintenanceWindowEndTime"] = maintenance_window_end_time
        if maintenance_window_start_time is not UNSET:
            field_dict["maintenanceWindowStartTime"] = maintenance_window_start_time
        if pre_maintenance_window_end_time is not UNSET:
            field_dict["preMaintenanceWindowEndTime"] = pre_maintenance_window_end_time
        if pre_maintenance_window_start_time is not UNSET:
            field_dict["preMaintenanceWindowStartTime"] = (
                pre_maintenance_window_start_time
            )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        is_customer_initiated_maintenance_allowed = d.pop(
            "isCustomerInitiatedMaintenanceAllowed", UNSET
        )

        last_operation_message = d.pop("lastOperationMessage", UNSET)

        def _parse_last_operation_result_code(
            data: object,
        ) -> MaintenanceOperationResultCodeTypes | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_operation_result_code_type_1 = MaintenanceOperationResultCodeTypes(
                    data
                )

                return last_operation_result_code_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MaintenanceOperationResultCodeTypes | None | Unset, data)

        last_operation_result_code = _parse_last_operation_result_code(
            d.pop("lastOperationResultCode", UNSET)
        )

        def _parse_maintenance_window_end_time(
            data: object,
        ) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                maintenance_window_end_time_type_0 = datetime.datetime.fromisoformat(
                    data
                )

                return maintenance_window_end_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        maintenance_window_end_time = _parse_maintenance_window_end_time(
            d.pop("maintenanceWindowEndTime", UNSET)
        )

        def _parse_maintenance_window_start_time(
            data: object,
        ) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                maintenance_window_start_time_type_0 = datetime.datetime.fromisoformat(
                    data
                )

                return maintenance_window_start_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        maintenance_window_start_time = _parse_maintenance_window_start_time(
            d.pop("maintenanceWindowStartTime", UNSET)
        )

        def _parse_pre_maintenance_window_end_time(
            data: object,
        ) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pre_maintenance_window_end_time_type_0 = (
                    datetime.datetime.fromisoformat(data)
                )

                return pre_maintenance_window_end_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        pre_maintenance_window_end_time = _parse_pre_maintenance_window_end_time(
            d.pop("preMaintenanceWindowEndTime", UNSET)
        )

        def _parse_pre_maintenance_window_start_time(
            data: object,
        ) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pre_maintenance_window_start_time_type_0 = (
                    datetime.datetime.fromisoformat(data)
                )

                return pre_maintenance_window_start_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        pre_maintenance_window_start_time = _parse_pre_maintenance_window_start_time(
            d.pop("preMaintenanceWindowStartTime", UNSET)
        )

        maintenance_redeploy_status = cls(
            is_customer_initiated_maintenance_allowed=is_customer_initiated_maintenance_allowed,
            last_operation_message=last_operation_message,
            last_operation_result_code=last_operation_result_code,
            maintenance_window_end_time=maintenance_window_end_time,
            maintenance_window_start_time=maintenance_window_start_time,
            pre_maintenance_window_end_time=pre_maintenance_window_end_time,
            pre_maintenance_window_start_time=pre_maintenance_window_start_time,
        )

        maintenance_redeploy_status.additional_properties = d
        return maintenance_redeploy_status

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
