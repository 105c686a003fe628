from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AutomaticOSUpgradePolicy")


@_attrs_define
class AutomaticOSUpgradePolicy:
    """The configuration parameters used for performing automatic OS upgrade.

    Attributes:
        disable_automatic_rollback (bool | Unset): Whether OS image rollback feature should be disabled. Default value
            is false.
        enable_automatic_os_upgrade (bool | Unset): Indicates whether OS upgrades should automatically be applied to
            scale set instances in a rolling fashion when a newer version of the OS image becomes available. Default value
            is false. If this is set to true for Windows based scale sets, [enableAutomaticUpdates](https://docs.microsoft.c
            om/dotnet/api/microsoft.azure.management.compute.models.windowsconfiguration.enableautomaticupdates?view=azure-
            dotnet) is automatically set to false and cannot be set to true.
        os_rolling_upgrade_deferral (bool | Unset): Indicates whether Auto OS Upgrade should undergo deferral. Deferred
            OS upgrades will send advanced notifications on a per-VM basis that an OS upgrade from rolling upgrades is
            incoming, via the IMDS tag 'Platform.PendingOSUpgrade'. The upgrade then defers until the upgrade is approved
            via an ApproveRollingUpgrade call.
        use_rolling_upgrade_policy (bool | Unset): Indicates whether rolling upgrade policy should be used during Auto
            OS Upgrade. Default value is false. Auto OS Upgrade will fallback to the default policy if no policy is defined
            on the VMSS.
    """

    disable_automatic_rollback: bool | Unset = UNSET
    enable_automatic_os_upgrade: bool | Unset = UNSET
    os_rolling_upgrade_deferral: bool | Unset = UNSET
    use_rolling_upgrade_policy: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        disable_automatic_rollback = self.disable_automatic_rollback

        enable_automatic_os_upgrade = self.enable_automatic_os_upgrade

        os_rolling_upgrade_deferral = self.os_rolling_upgrade_deferral

        use_rolling_upgrade_policy = self.use_rolling_upgrade_policy

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if disable_automatic_rollback is not UNSET:
            field_dict["disableAutomaticRollback"] = disable_automatic_rollback
        if enable_automatic_os_upgrade is not UNSET:
            field_dict["enableAutomaticOSUpgrade"] = enable_automatic_os_upgrade
        if os_rolling_upgrade_deferral is not UNSET:
            field_dict["osRollingUpgradeDeferral"] = os_rolling_upgrade_deferral
        if use_rolling_upgrade_policy is not UNSET:
            field_dict["useRollingUpgradePolicy"] = use_rolling_upgrade_policy

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        disable_automatic_rollback = d.pop("disableAutomaticRollback", UNSET)

        enable_automatic_os_upgrade = d.pop("enableAutomaticOSUpgrade", UNSET)

        os_rolling_upgrade_deferral = d.pop("osRollingUpgradeDeferral", UNSET)

        use_rolling_upgrade_policy = d.pop("useRollingUpgradePolicy", UNSET)

        automatic_os_upgrade_policy = cls(
            disable_automatic_rollback=disable_automatic_rollback,
            enable_automatic_os_upgrade=enable_automatic_os_upgrade,
            os_rolling_upgrade_deferral=os_rolling_upgrade_deferral,
            use_rolling_upgrade_policy=use_rolling_upgrade_policy,
        )

        automatic_os_upgrade_policy.additional_properties = d
        return automatic_os_upgrade_policy

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
