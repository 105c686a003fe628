from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ScaleInPolicy")


@_attrs_define
class ScaleInPolicy:
    """Describes a scale-in policy for a virtual machine scale set.

    Attributes:
        force_deletion (bool | Unset): This property allows you to specify if virtual machines chosen for removal have
            to be force deleted when a virtual machine scale set is being scaled-in.(Feature in Preview)
        rules (list[str] | None | Unset): The rules to be followed when scaling-in a virtual machine scale set. <br><br>
            Possible values are: <br><br> **Default** When a virtual machine scale set is scaled in, the scale set will
            first be balanced across zones if it is a zonal scale set. Then, it will be balanced across Fault Domains as far
            as possible. Within each Fault Domain, the virtual machines chosen for removal will be the newest ones that are
            not protected from scale-in. <br><br> **OldestVM** When a virtual machine scale set is being scaled-in, the
            oldest virtual machines that are not protected from scale-in will be chosen for removal. For zonal virtual
            machine scale sets, the scale set will first be balanced across zones. Within each zone, the oldest virtual
            machines that are not protected will be chosen for removal. <br><br> **NewestVM** When a virtual machine scale
            set is being scaled-in, the newest virtual machines that are not protected from scale-in will be chosen for
            removal. For zonal virtual machine scale sets, the scale set will first be balanced across zones. Within each
            zone, the newest virtual machines that are not protected will be chosen for removal. <br><br>
    """

    force_deletion: bool | Unset = UNSET
    rules: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        force_deletion = self.force_deletion

        rules: list[str] | None | Unset
        if isinstance(self.rules, Unset):
            rules = UNSET
        elif isinstance(self.rules, list):
            rules = self.rules

        else:
            rules = self.rules

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if force_deletion is not UNSET:
            field_dict["forceDeletion"] = force_deletion
        if rules is not UNSET:
            field_dict["rules"] = rules

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        force_deletion = d.pop("forceDeletion", UNSET)

        def _parse_rules(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                rules_type_0 = cast(list[str], data)

                return rules_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        rules = _parse_rules(d.pop("rules", UNSET))

        scale_in_policy = cls(
            force_deletion=force_deletion,
            rules=rules,
        )

        scale_in_policy.additional_properties = d
        return scale_in_policy

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
