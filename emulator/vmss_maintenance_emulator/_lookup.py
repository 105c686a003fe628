"""Finding what a request names, or refusing with ARM's 404 (or 409 for a Flexible scale set
asked a Uniform-only operation)."""

from __future__ import annotations

from vmss_maintenance_emulator._arm import Refusal, Reply, error_reply
from vmss_maintenance_emulator._state import Instance, Inventory, ScaleSet

__all__ = ["Lookup", "entity_not_found", "uniform_only"]


def entity_not_found() -> Reply:
    """ARM's 404 for a scale set instance that is not there (as recorded)."""
    return error_reply(404, "NotFound", "The entity was not found in this Azure location.")


def _resource_not_found(kind: str, name: str, group: str) -> Refusal:
    return Refusal(
        error_reply(
            404,
            "ResourceNotFound",
            f"The Resource 'Microsoft.Compute/{kind}/{name}' under resource group '{group}' was "
            "not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
        )
    )


def uniform_only(scale_set: ScaleSet) -> ScaleSet:
    """Refuse a scale-set level operation on a Flexible scale set (an assumption: ARM's exact
    answer is not documented; Azure's docs say to use the VM APIs instead)."""
    if scale_set.flexible:
        raise Refusal(
            error_reply(
                409,
                "OperationNotAllowed",
                f"Operation is not allowed on Virtual Machine Scale Set '{scale_set.name}' "
                "since its orchestration mode is 'Flexible'. Use the Virtual Machines "
                "operations (performMaintenance, instanceView) on each VM instead.",
            )
        )
    return scale_set


class Lookup:
    """Resolves names in an inventory; raises :class:`Refusal` with ARM's answer when absent."""

    def __init__(self, inventory: Inventory) -> None:
        self.inventory = inventory

    def subscription(self, subscription_id: str) -> None:
        """The subscription exists, else 404 ``SubscriptionNotFound``."""
        if not self.inventory.has_subscription(subscription_id):
            raise Refusal(
                error_reply(
                    404,
                    "SubscriptionNotFound",
                    f"The subscription '{subscription_id}' could not be found.",
                )
            )

    def group(self, subscription_id: str, group: str) -> None:
        """The resource group exists, else 404 ``ResourceGroupNotFound``."""
        self.subscription(subscription_id)
        if not self.inventory.has_resource_group(subscription_id, group):
            raise Refusal(
                error_reply(
                    404, "ResourceGroupNotFound", f"Resource group '{group}' could not be found."
                )
            )

    def scale_set(self, subscription_id: str, group: str, name: str) -> ScaleSet:
        """The scale set, else 404 ``ResourceNotFound``."""
        self.group(subscription_id, group)
        scale_set = self.inventory.scale_set(subscription_id, group, name)
        if scale_set is None:
            raise _resource_not_found("virtualMachineScaleSets", name, group)
        return scale_set

    def vm(self, subscription_id: str, group: str, vm_name: str) -> tuple[ScaleSet, Instance]:
        """A Flexible scale set's VM and its scale set, else 404 ``ResourceNotFound``."""
        self.group(subscription_id, group)
        found = self.inventory.flexible_vm(subscription_id, group, vm_name)
        if found is None:
            raise _resource_not_found("virtualMachines", vm_name, group)
        return found
