from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.resource_tags import ResourceTags


T = TypeVar("T", bound="Resource")


@_attrs_define
class Resource:
    """The Resource model definition.

    Attributes:
        location (str): Resource location
        id (str | Unset): Resource Id
        name (str | Unset): Resource name
        tags (None | ResourceTags | Unset):
        type_ (str | Unset): Resource type
    """

    location: str
    id: str | Unset = UNSET
    name: str | Unset = UNSET
    tags: None | ResourceTags | Unset = UNSET
    type_: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.resource_tags import ResourceTags

        location = self.location

        id = self.id

        name = self.name

        tags: dict[str, Any] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, ResourceTags):
            tags = self.tags.to_dict()
        else:
            tags = self.tags

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "location": location,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if tags is not UNSET:
            field_dict["tags"] = tags
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.resource_tags import ResourceTags

        d = dict(src_dict)
        location = d.pop("location")

        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        def _parse_tags(data: object) -> None | ResourceTags | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tags_type_1 = ResourceTags.from_dict(data)

                return tags_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ResourceTags | Unset, data)

        tags = _parse_tags(d.pop("tags", UNSET))

        type_ = d.pop("type", UNSET)

        resource = cls(
            location=location,
            id=id,
            name=name,
            tags=tags,
            type_=type_,
        )

        resource.additional_properties = d
        return resource

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
