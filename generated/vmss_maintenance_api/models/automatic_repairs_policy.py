from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AutomaticRepairsPolicy")


@_attrs_define
class AutomaticRepairsPolicy:
    """Specifies the configuration parameters for automatic repairs on the virtual machine scale set.

    Attributes:
        enabled (bool | Unset): Specifies whether automatic repairs should be enabled on the virtual machine scale set.
            The default value is false.
        grace_period (str | Unset): The amount of time for which automatic repairs are suspended due to a state change
            on VM. The grace time starts after the state change has completed. This helps avoid premature or accidental
            repairs. The time duration should be specified in ISO 8601 format. The minimum allowed grace period is 10
            minutes (PT10M), which is also the default value. The maximum allowed grace period is 90 minutes (PT90M).
        repair_action (str | Unset): Type of repair action (replace, restart, reimage) that will be used for repairing
            unhealthy virtual machines in the scale set. Default value is replace.
    """

    enabled: bool | Unset = UNSET
    grace_period: str | Unset = UNSET
    repair_action: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        grace_period = self.grace_period

        repair_action = self.repair_action

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if grace_period is not UNSET:
            field_dict["gracePeriod"] = grace_period
        if repair_action is not UNSET:
            field_dict["repairAction"] = repair_action

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        enabled = d.pop("enabled", UNSET)

        grace_period = d.pop("gracePeriod", UNSET)

        repair_action = d.pop("repairAction", UNSET)

        automatic_repairs_policy = cls(
            enabled=enabled,
            grace_period=grace_period,
            repair_action=repair_action,
        )

        automatic_repairs_policy.additional_properties = d
        return automatic_repairs_policy

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
