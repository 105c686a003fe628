"""What an operation acts on: frozen values, validated on construction.

A target knows its path parameters (keyed by the spec's names) and how a continuation token
writes it; a token's target is read back through the same validators as a call's arguments.
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol

import attrs

from . import _validation
from .errors import InvalidArgumentError


class Target(Protocol):
    """What every target offers."""

    subscription_id: str
    #: field -> the JSON types a token may hold there (checked before the validators run)
    token_fields: ClassVar[dict[str, tuple[type, ...]]]

    def path_params(self) -> dict[str, str]:
        """The operation's path parameters, keyed by the spec's names."""
        ...

    def describe(self) -> str:
        """A short name for messages."""
        ...

    def token_data(self) -> dict[str, Any]:
        """The fields a continuation token stores (exactly ``token_fields``)."""
        ...

    @classmethod
    def from_token(cls, data: dict[str, Any]) -> Target:
        """The target from :meth:`token_data`, validated as a call's arguments are."""
        ...


# The validators of ``_validation``, looked up when called (a test switches the name checks off
# to show the request guard of ``_adapter.build_request`` on its own).
def _subscription_id(value: object) -> str:
    return _validation.subscription_id(value)


def _resource_group_name(value: object) -> str:
    return _validation.resource_group_name(value)


def _scale_set_name(value: object) -> str:
    return _validation.scale_set_name(value)


def _instance_ids(value: Any) -> tuple[str, ...] | None:
    return _validation.instance_ids(value)


@attrs.frozen
class ScaleSetTarget:
    """A scale set and the instances asked for (``None`` = every instance)."""

    token_fields: ClassVar[dict[str, tuple[type, ...]]] = {
        "subscription_id": (str,),
        "resource_group_name": (str,),
        "vm_scale_set_name": (str,),
        "instance_ids": (list, type(None)),
    }

    subscription_id: str = attrs.field(converter=_subscription_id)
    resource_group_name: str = attrs.field(converter=_resource_group_name)
    vm_scale_set_name: str = attrs.field(converter=_scale_set_name)
    instance_ids: tuple[str, ...] | None = attrs.field(default=None, converter=_instance_ids)

    def path_params(self) -> dict[str, str]:
        """``subscriptionId``, ``resourceGroupName``, ``vmScaleSetName``."""
        return {
            "subscriptionId": self.subscription_id,
            "resourceGroupName": self.resource_group_name,
            "vmScaleSetName": self.vm_scale_set_name,
        }

    def resource_id(self) -> str:
        """The scale set's ARM resource id."""
        return (
            f"/subscriptions/{self.subscription_id}/resourceGroups/{self.resource_group_name}"
            f"/providers/Microsoft.Compute/virtualMachineScaleSets/{self.vm_scale_set_name}"
        )

    def describe(self) -> str:
        """``group/scale-set``."""
        return f"{self.resource_group_name}/{self.vm_scale_set_name}"

    def token_data(self) -> dict[str, Any]:
        """The target's fields; instance ids as a list."""
        ids = None if self.instance_ids is None else list(self.instance_ids)
        return {
            "subscription_id": self.subscription_id,
            "resource_group_name": self.resource_group_name,
            "vm_scale_set_name": self.vm_scale_set_name,
            "instance_ids": ids,
        }

    @classmethod
    def from_token(cls, data: dict[str, Any]) -> ScaleSetTarget:
        """The target a token holds; ids must be strings there (a call may pass integers)."""
        ids = data["instance_ids"]
        if ids is not None and not all(isinstance(item, str) for item in ids):
            raise InvalidArgumentError(f"instance ids {ids!r} must all be strings")
        return cls(**data)


def _vm_name(value: object) -> str:
    return _validation.vm_name(value)


@attrs.frozen
class VmTarget:
    """One virtual machine (e.g. a VM of a Flexible scale set)."""

    token_fields: ClassVar[dict[str, tuple[type, ...]]] = {
        "subscription_id": (str,),
        "resource_group_name": (str,),
        "vm_name": (str,),
    }

    subscription_id: str = attrs.field(converter=_subscription_id)
    resource_group_name: str = attrs.field(converter=_resource_group_name)
    vm_name: str = attrs.field(converter=_vm_name)

    def path_params(self) -> dict[str, str]:
        """``subscriptionId``, ``resourceGroupName``, ``vmName``."""
        return {
            "subscriptionId": self.subscription_id,
            "resourceGroupName": self.resource_group_name,
            "vmName": self.vm_name,
        }

    def describe(self) -> str:
        """``group/vm`` (VM)."""
        return f"{self.resource_group_name}/{self.vm_name} (VM)"

    def token_data(self) -> dict[str, Any]:
        """The target's fields."""
        return {
            "subscription_id": self.subscription_id,
            "resource_group_name": self.resource_group_name,
            "vm_name": self.vm_name,
        }

    @classmethod
    def from_token(cls, data: dict[str, Any]) -> VmTarget:
        """The target a token holds, validated as a call's arguments are."""
        return cls(**data)
