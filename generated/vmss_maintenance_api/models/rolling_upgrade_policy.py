from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RollingUpgradePolicy")


@_attrs_define
class RollingUpgradePolicy:
    """The configuration parameters used while performing a rolling upgrade.

    Attributes:
        enable_cross_zone_upgrade (bool | Unset): Allow VMSS to ignore AZ boundaries when constructing upgrade batches.
            Take into consideration the Update Domain and maxBatchInstancePercent to determine the batch size.
        max_batch_instance_percent (int | Unset): The maximum percent of total virtual machine instances that will be
            upgraded simultaneously by the rolling upgrade in one batch. As this is a maximum, unhealthy instances in
            previous or future batches can cause the percentage of instances in a batch to decrease to ensure higher
            reliability. The default value for this parameter is 20%.
        max_surge (bool | Unset): Create new virtual machines to upgrade the scale set, rather than updating the
            existing virtual machines. Existing virtual machines will be deleted once the new virtual machines are created
            for each batch.
        max_unhealthy_instance_percent (int | Unset): The maximum percentage of the total virtual machine instances in
            the scale set that can be simultaneously unhealthy, either as a result of being upgraded, or by being found in
            an unhealthy state by the virtual machine health checks before the rolling upgrade aborts. This constraint will
            be checked prior to starting any batch. The default value for this parameter is 20%.
        max_unhealthy_upgraded_instance_percent (int | Unset): The maximum percentage of upgraded virtual machine
            instances that can be found to be in an unhealthy state. This check will happen after each batch is upgraded. If
            this percentage is ever exceeded, the rolling update aborts. The default value for this parameter is 20%.
        pause_time_between_batches (str | Unset): The wait time between completing the update for all virtual machines
            in one batch and starting the next batch. The time duration should be specified in ISO 8601 format. The default
            value is 0 seconds (PT0S).
        prioritize_unhealthy_instances (bool | Unset): Upgrade all unhealthy instances in a scale set before any healthy
            instances.
        rollback_failed_instances_on_policy_breach (bool | Unset): Rollback failed instances to previous model if the
            Rolling Upgrade policy is violated.
    """

    enable_cross_zone_upgrade: bool | Unset = UNSET
    max_batch_instance_percent: int | Unset = UNSET
    max_surge: bool | Unset = UNSET
    max_unhealthy_instance_percent: int | Unset = UNSET
    max_unhealthy_upgraded_instance_percent: int | Unset = UNSET
    pause_time_between_batches: str | Unset = UNSET
    prioritize_unhealthy_instances: bool | Unset = UNSET
    rollback_failed_instances_on_policy_breach: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enable_cross_zone_upgrade = self.enable_cross_zone_upgrade

        max_batch_instance_percent = self.max_batch_instance_percent

        max_surge = self.max_surge

        max_unhealthy_instance_percent = self.max_unhealthy_instance_percent

        max_unhealthy_upgraded_instance_percent = (
            self.max_unhealthy_upgraded_instance_percent
        )

        pause_time_between_batches = self.pause_time_between_batches

        prioritize_unhealthy_instances = self.prioritize_unhealthy_instances

        rollback_failed_instances_on_policy_breach = (
            self.rollback_failed_instances_on_policy_breach
        )

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if enable_cross_zone_upgrade is not UNSET:
            field_dict["enableCrossZoneUpgrade"] = enable_cross_zone_upgrade
        if max_batch_instance_percent is not UNSET:
            field_dict["maxBatchInstancePercent"] = max_batch_instance_percent
        if max_surge is not UNSET:
            field_dict["maxSurge"] = max_surge
        if max_unhealthy_instance_percent is not UNSET:
            field_dict["maxUnhealthyInstancePercent"] = max_unhealthy_instance_percent
        if max_unhealthy_upgraded_instance_percent is not UNSET:
            field_dict["maxUnhealthyUpgradedInstancePercent"] = (
                max_unhealthy_upgraded_instance_percent
            )
        if pause_time_between_batches is not UNSET:
            field_dict["pauseTimeBetweenBatches"] = pause_time_between_batches
        if prioritize_unhealthy_instances is not UNSET:
            field_dict["prioritizeUnhealthyInstances"] = prioritize_unhealthy_instances
        if rollback_failed_instances_on_policy_breach is not UNSET:
            field_dict["rollbackFailedInstancesOnPolicyBreach"] = (
                rollback_failed_instances_on_policy_breach
            )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        enable_cross_zone_upgrade = d.pop("enableCrossZoneUpgrade", UNSET)

        max_batch_instance_percent = d.pop("maxBatchInstancePercent", UNSET)

        max_surge = d.pop("maxSurge", UNSET)

        max_unhealthy_instance_percent = d.pop("maxUnhealthyInstancePercent", UNSET)

        max_unhealthy_upgraded_instance_percent = d.pop(
            "maxUnhealthyUpgradedInstancePercent", UNSET
        )

        pause_time_between_batches = d.pop("pauseTimeBetweenBatches", UNSET)

        prioritize_unhealthy_instances = d.pop("prioritizeUnhealthyInstances", UNSET)

        rollback_failed_instances_on_policy_breach = d.pop(
            "rollbackFailedInstancesOnPolicyBreach", UNSET
        )

        rolling_upgrade_policy = cls(
            enable_cross_zone_upgrade=enable_cross_zone_upgrade,
            max_batch_instance_percent=max_batch_instance_percent,
            max_surge=max_surge,
            max_unhealthy_instance_percent=max_unhealthy_instance_percent,
            max_unhealthy_upgraded_instance_percent=max_unhealthy_upgraded_instance_percent,
            pause_time_between_batches=pause_time_between_batches,
            prioritize_unhealthy_instances=prioritize_unhealthy_instances,
            rollback_failed_instances_on_policy_breach=rollback_failed_instances_on_policy_breach,
        )

        rolling_upgrade_policy.additional_properties = d
        return rolling_upgrade_policy

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
