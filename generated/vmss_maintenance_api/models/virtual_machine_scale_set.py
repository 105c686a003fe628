from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.resource_tags import ResourceTags
    from ..models.sku import Sku
    from ..models.virtual_machine_scale_set_properties import (
        VirtualMachineScaleSetProperties,
    )


T = TypeVar("T", bound="VirtualMachineScaleSet")


@_attrs_define
class VirtualMachineScaleSet:
    """Describes a Virtual Machine Scale Set.

    Attributes:
        location (str): Resource location
        id (str | Unset): Resource Id
        name (str | Unset): Resource name
        tags (None | ResourceTags | Unset):
        type_ (str | Unset): Resource type
        etag (str | Unset): Etag is property returned in Create/Update/Get response of the VMSS, so that customer can
            supply it in the header to ensure optimistic updates
        properties (None | Unset | VirtualMachineScaleSetProperties):
        sku (None | Sku | Unset): The virtual machine scale set sku.
        zones (list[str] | None | Unset): The virtual machine scale set zones. NOTE: Availability zones can only be set
            when you create the scale set
    """

    location: str
    id: str | Unset = UNSET
    name: str | Unset = UNSET
    tags: None | ResourceTags | Unset = UNSET
    type_: str | Unset = UNSET
    etag: str | Unset = UNSET
    properties: None | Unset | VirtualMachineScaleSetProperties = UNSET
    sku: None | Sku | Unset = UNSET
    zones: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.resource_tags import ResourceTags
        from ..models.sku import Sku
        from ..models.virtual_machine_scale_set_properties import (
            VirtualMachineScaleSetProperties,
        )

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

        etag = self.etag

        properties: dict[str, Any] | None | Unset
        if isinstance(self.properties, Unset):
            properties = UNSET
        elif isinstance(self.properties, VirtualMachineScaleSetProperties):
            properties = self.properties.to_dict()
        else:
            properties = self.properties

        sku: dict[str, Any] | None | Unset
        if isinstance(self.sku, Unset):
            sku = UNSET
        elif isinstance(self.sku, Sku):
            sku = self.sku.to_dict()
        else:
            sku = self.sku

        zones: list[str] | None | Unset
        if isinstance(self.zones, Unset):
            zones = UNSET
        elif isinstance(self.zones, list):
            zones = self.zones

        else:
            zones = self.zones

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
        if etag is not UNSET:
            field_dict["etag"] = etag
        if properties is not UNSET:
            field_dict["properties"] = properties
        if sku is not UNSET:
            field_dict["sku"] = sku
        if zones is not UNSET:
            field_dict["zones"] = zones

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.resource_tags import ResourceTags
        from ..models.sku import Sku
        from ..models.virtual_machine_scale_set_properties import (
            VirtualMachineScaleSetProperties,
        )

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

        etag = d.pop("etag", UNSET)

        def _parse_properties(
            data: object,
        ) -> None | Unset | VirtualMachineScaleSetProperties:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                properties_type_1 = VirtualMachineScaleSetProperties.from_dict(data)

                return properties_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VirtualMachineScaleSetProperties, data)

        properties = _parse_properties(d.pop("properties", UNSET))

        def _parse_sku(data: object) -> None | Sku | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                sku_type_1 = Sku.from_dict(data)

                return sku_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Sku | Unset, data)

        sku = _parse_sku(d.pop("sku", UNSET))

        def _parse_zones(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                zones_type_0 = cast(list[str], data)

                return zones_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        zones = _parse_zones(d.pop("zones", UNSET))

        virtual_machine_scale_set = cls(
            location=location,
            id=id,
            name=name,
            tags=tags,
            type_=type_,
            etag=etag,
            properties=properties,
            sku=sku,
            zones=zones,
        )

        virtual_machine_scale_set.additional_properties = d
        return virtual_machine_scale_set

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
