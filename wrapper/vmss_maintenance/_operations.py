"""The ARM operations this client performs, each described once.

A descriptor names the operationId, the target it takes, how its request is built (through
the generated package), its long-running-operation facts (read from the spec) and its result.
A continuation token names its operation, so ``resume`` looks the descriptor up in
:data:`OPERATIONS`. Adding an operation is one descriptor here plus thin public methods.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import attrs

from . import _adapter
from ._adapter import RequestParts
from ._result import MaintenanceResult, VmMaintenanceResult
from ._targets import ScaleSetTarget, Target, VmTarget


@attrs.frozen
class Outcome:
    """What any operation's result is made from."""

    status: str
    started_at: datetime | None
    ended_at: datetime | None
    request_id: str | None
    polls: int
    elapsed: float


@attrs.frozen
class OperationSpec:
    """One ARM operation: its id, target type, request body and result."""

    operation_id: str
    target_type: type[Any]
    body: Callable[[Any], dict[str, Any] | None]
    result: Callable[[Any, Outcome], Any]
    verb: str  # for messages: "performMaintenance"

    @property
    def final_state_via(self) -> str:
        """From the spec: where the final state of the LRO is read."""
        return _adapter.final_state_via(self.operation_id)

    def request(self, target: Target, api_version: str) -> RequestParts:
        """The initial request for ``target``."""
        if not isinstance(target, self.target_type):
            raise TypeError(f"{self.operation_id} takes a {self.target_type.__name__}")
        return _adapter.build_request(
            self.operation_id, target.path_params(), api_version=api_version,
            body=self.body(target),
        )  # fmt: skip


def _instance_ids_body(target: ScaleSetTarget) -> dict[str, Any] | None:
    # No body means every instance; an explicit list names the instances.
    return None if target.instance_ids is None else {"instanceIds": list(target.instance_ids)}


def _scale_set_result(target: ScaleSetTarget, outcome: Outcome) -> MaintenanceResult:
    return MaintenanceResult(
        status=outcome.status,
        subscription_id=target.subscription_id,
        resource_group_name=target.resource_group_name,
        vm_scale_set_name=target.vm_scale_set_name,
        instance_ids=target.instance_ids,
        started_at=outcome.started_at,
        ended_at=outcome.ended_at,
        request_id=outcome.request_id,
        polls=outcome.polls,
        elapsed=outcome.elapsed,
    )


PERFORM_MAINTENANCE = OperationSpec(
    operation_id="VirtualMachineScaleSets_PerformMaintenance",
    target_type=ScaleSetTarget,
    body=_instance_ids_body,
    result=_scale_set_result,
    verb="performMaintenance",
)



def _no_body(target: VmTarget) -> None:
    return None


def _vm_result(target: VmTarget, outcome: Outcome) -> VmMaintenanceResult:
    return VmMaintenanceResult(
        status=outcome.status,
        subscription_id=target.subscription_id,
        resource_group_name=target.resource_group_name,
        vm_name=target.vm_name,
        started_at=outcome.started_at,
        ended_at=outcome.ended_at,
        request_id=outcome.request_id,
        polls=outcome.polls,
        elapsed=outcome.elapsed,
    )


PERFORM_VM_MAINTENANCE = OperationSpec(
    operation_id="VirtualMachines_PerformMaintenance",
    target_type=VmTarget,
    body=_no_body,
    result=_vm_result,
    verb="performMaintenance",
)

OPERATIONS: dict[str, OperationSpec] = {
    spec.operation_id: spec for spec in (PERFORM_MAINTENANCE, PERFORM_VM_MAINTENANCE)
}
