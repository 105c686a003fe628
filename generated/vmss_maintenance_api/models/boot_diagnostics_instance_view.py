from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.instance_view_status import InstanceViewStatus


T = TypeVar("T", bound="BootDiagnosticsInstanceView")


@_attrs_define
class BootDiagnosticsInstanceView:
    """The instance view of a virtual machine boot diagnostics.

    Attributes:
        console_screenshot_blob_uri (str | Unset): The console screenshot blob URI. **Note:** This will **not** be set
            if boot diagnostics is currently enabled with managed storage.
        serial_console_log_blob_uri (str | Unset): The serial console log blob Uri. **Note:** This will **not** be set
            if boot diagnostics is currently enabled with managed storage.
        status (InstanceViewStatus | None | Unset): The boot diagnostics status information for the VM. **Note:** It
            will be set only if there are errors encountered in enabling boot diagnostics.
    """

    console_screenshot_blob_uri: str | Unset = UNSET
    serial_console_log_blob_uri: str | Unset = UNSET
    status: InstanceViewStatus | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.instance_view_status import InstanceViewStatus

        console_screenshot_blob_uri = self.console_screenshot_blob_uri

        serial_console_log_blob_uri = self.serial_console_log_blob_uri

        status: dict[str, Any] | None | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, InstanceViewStatus):
            status = self.status.to_dict()
        else:
            status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if console_screenshot_blob_uri is not UNSET:
            field_dict["consoleScreenshotBlobUri"] = console_screenshot_blob_uri
        if serial_console_log_blob_uri is not UNSET:
            field_dict["serialConsoleLogBlobUri"] = serial_console_log_blob_uri
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.instance_view_status import InstanceViewStatus

        d = dict(src_dict)
        console_screenshot_blob_uri = d.pop("consoleScreenshotBlobUri", UNSET)

        serial_console_log_blob_uri = d.pop("serialConsoleLogBlobUri", UNSET)

        def _parse_status(data: object) -> InstanceViewStatus | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                status_type_1 = InstanceViewStatus.from_dict(data)

                return status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InstanceViewStatus | None | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        boot_diagnostics_instance_view = cls(
            console_screenshot_blob_uri=console_screenshot_blob_uri,
            serial_console_log_blob_uri=serial_console_log_blob_uri,
            status=status,
        )

        boot_diagnostics_instance_view.additional_properties = d
        return boot_diagnostics_instance_view

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
