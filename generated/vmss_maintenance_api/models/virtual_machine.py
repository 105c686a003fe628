from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.resource_tags import ResourceTags
    from ..models.virtual_machine_properties import VirtualMachineProperties


T = TypeVar("T", bound="VirtualMachine")


@_attrs_define
class VirtualMachine:
    """Describes a Virtual Machine.

    Attributes:
        location (str): Resource location
        id (str | Unset): Resource Id
        name (str | Unset): Resource name
        tags (None | ResourceTags | Unset):
        type_ (str | Unset): Resource type
        etag (str | Unset): Etag is property returned in Create/Update/Get response of the VM, so that customer can
            supply it in the header to ensure optimistic updates.
        managed_by (str | Unset): ManagedBy is set to Virtual Machine Scale Set(VMSS) flex ARM resourceID, if the VM is
            part of the VMSS. This property is used by platform for internal resource group delete optimization.
        properties (None | Unset | VirtualMachineProperties):
        zones (list[str] | None | Unset): The virtual machine zones.
    """

    location: str
    id: str | Unset = UNSET
    name: str | Unset = UNSET
    tags: None | ResourceTags | Unset = UNSET
    type_: str | Unset = UNSET
    etag: str | Unset = UNSET
    managed_by: str | Unset = UNSET
    properties: None | Unset | VirtualMachineProperties = UNSET
    zones: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.resource_tags import ResourceTags
        from ..models.virtual_machine_properties import VirtualMachineProperties

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

        managed_by = self.managed_by

        properties: dict[str, Any] | None | Unset
        if isinstance(self.properties, Unset):
            properties = UNSET
        elif isinstance(self.properties, VirtualMachineProperties):
            properties = self.properties.to_dict()
        else:
            properties = self.properties

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
        if managed_by is not UNSET:
            field_dict["managedBy"] = managed_by
        if properties is not UNSET:
            field_dict["properties"] = properties
        if zones is not UNSET:
            field_dict["zones"] = zones

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.resource_tags import ResourceTags
        from ..models.virtual_machine_properties import VirtualMachineProperties

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

        managed_by = d.pop("managedBy", UNSET)

        def _parse_properties(data: object) -> None | Unset | VirtualMachineProperties:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                properties_type_1 = VirtualMachineProperties.from_dict(data)

                return properties_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VirtualMachineProperties, data)

        properties = _parse_properties(d.pop("properties", UNSET))

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

        virtual_machine = cls(
            location=location,
            id=id,
            name=name,
            tags=tags,
            type_=type_,
            etag=etag,
            managed_by=managed_by,
            properties=properties,
            zones=zones,
        )

        virtual_machine.additional_properties = d
        return virtual_machine

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
