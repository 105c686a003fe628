from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Plan")


@_attrs_define
class Plan:
    """Specifies information about the marketplace image used to create the virtual machine. This element is only used for
    marketplace images. Before you can use a marketplace image from an API, you must enable the image for programmatic
    use.  In the Azure portal, find the marketplace image that you want to use and then click **Want to deploy
    programmatically, Get Started ->**. Enter any required information and then click **Save**.

        Attributes:
            name (str | Unset): The plan ID.
            product (str | Unset): Specifies the product of the image from the marketplace. This is the same value as Offer
                under the imageReference element.
            promotion_code (str | Unset): The promotion code.
            publisher (str | Unset): The publisher ID.
    """

    name: str | Unset = UNSET
    product: str | Unset = UNSET
    promotion_code: str | Unset = UNSET
    publisher: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        product = self.product

        promotion_code = self.promotion_code

        publisher = self.publisher

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if product is not UNSET:
            field_dict["product"] = product
        if promotion_code is not UNSET:
            field_dict["promotionCode"] = promotion_code
        if publisher is not UNSET:
            field_dict["publisher"] = publisher

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        product = d.pop("product", UNSET)

        promotion_code = d.pop("promotionCode", UNSET)

        publisher = d.pop("publisher", UNSET)

        plan = cls(
            name=name,
            product=product,
            promotion_code=promotion_code,
            publisher=publisher,
        )

        plan.additional_properties = d
        return plan

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
