from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.upgrade_mode import UpgradeMode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.automatic_os_upgrade_policy import AutomaticOSUpgradePolicy
    from ..models.rolling_upgrade_policy import RollingUpgradePolicy


T = TypeVar("T", bound="UpgradePolicy")


@_attrs_define
class UpgradePolicy:
    """Describes an upgrade policy - automatic, manual, or rolling.

    Attributes:
        automatic_os_upgrade_policy (AutomaticOSUpgradePolicy | None | Unset): Configuration parameters used for
            performing automatic OS Upgrade.
        mode (None | Unset | UpgradeMode):
        rolling_upgrade_policy (None | RollingUpgradePolicy | Unset): The configuration parameters used while performing
            a rolling upgrade.
    """

    automatic_os_upgrade_policy: AutomaticOSUpgradePolicy | None | Unset = UNSET
    mode: None | Unset | UpgradeMode = UNSET
    rolling_upgrade_policy: None | RollingUpgradePolicy | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.automatic_os_upgrade_policy import AutomaticOSUpgradePolicy
        from ..models.rolling_upgrade_policy import RollingUpgradePolicy

        automatic_os_upgrade_policy: dict[str, Any] | None | Unset
        if isinstance(self.automatic_os_upgrade_policy, Unset):
            automatic_os_upgrade_policy = UNSET
        elif isinstance(self.automatic_os_upgrade_policy, AutomaticOSUpgradePolicy):
            automatic_os_upgrade_policy = self.automatic_os_upgrade_policy.to_dict()
        else:
            automatic_os_upgrade_policy = self.automatic_os_upgrade_policy

        mode: None | str | Unset
        if isinstance(self.mode, Unset):
            mode = UNSET
        elif isinstance(self.mode, UpgradeMode):
            mode = self.mode.value
        else:
            mode = self.mode

        rolling_upgrade_policy: dict[str, Any] | None | Unset
        if isinstance(self.rolling_upgrade_policy, Unset):
            rolling_upgrade_policy = UNSET
        elif isinstance(self.rolling_upgrade_policy, RollingUpgradePolicy):
            rolling_upgrade_policy = self.rolling_upgrade_policy.to_dict()
        else:
            rolling_upgrade_policy = self.rolling_upgrade_policy

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if automatic_os_upgrade_policy is not UNSET:
            field_dict["automaticOSUpgradePolicy"] = automatic_os_upgrade_policy
        if mode is not UNSET:
            field_dict["mode"] = mode
        if rolling_upgrade_policy is not UNSET:
            field_dict["rollingUpgradePolicy"] = rolling_upgrade_policy

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.automatic_os_upgrade_policy import AutomaticOSUpgradePolicy
        from ..models.rolling_upgrade_policy import RollingUpgradePolicy

        d = dict(src_dict)

        def _parse_automatic_os_upgrade_policy(
            data: object,
        ) -> AutomaticOSUpgradePolicy | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                automatic_os_upgrade_policy_type_1 = AutomaticOSUpgradePolicy.from_dict(
                    data
                )

                return automatic_os_upgrade_policy_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AutomaticOSUpgradePolicy | None | Unset, data)

        automatic_os_upgrade_policy = _parse_automatic_os_upgrade_policy(
            d.pop("automaticOSUpgradePolicy", UNSET)
        )

        def _parse_mode(data: object) -> None | Unset | UpgradeMode:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                mode_type_1 = UpgradeMode(data)

                return mode_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UpgradeMode, data)

        mode = _parse_mode(d.pop("mode", UNSET))

        def _parse_rolling_upgrade_policy(
            data: object,
        ) -> None | RollingUpgradePolicy | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                rolling_upgrade_policy_type_1 = RollingUpgradePolicy.from_dict(data)

                return rolling_upgrade_policy_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RollingUpgradePolicy | Unset, data)

        rolling_upgrade_policy = _parse_rolling_upgrade_policy(
            d.pop("rollingUpgradePolicy", UNSET)
        )

        upgrade_policy = cls(
            automatic_os_upgrade_policy=automatic_os_upgrade_policy,
            mode=mode,
            rolling_upgrade_policy=rolling_upgrade_policy,
        )

        upgrade_policy.additional_properties = d
        return upgrade_policy

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
