"""vmss-maintenance: trigger and follow Azure VM scale set performMaintenance operations.

    from vmss_maintenance import MaintenanceClient
    with MaintenanceClient(None, "<subscription id>") as client:
        result = client.perform_maintenance("my-group", "my-scale-set", ["0", "3"])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._client import MaintenanceClient, MaintenancePoller
from ._cloud import AzureCloud
from ._credentials import StaticTokenCredential
from ._flow import Update
from ._maintenance_status import (
    InstanceMaintenance,
    MaintenanceState,
    ScaleSetMaintenance,
    Window,
)
from ._result import MaintenanceResult, VmMaintenanceResult
from ._retry import RetryPolicy
from ._token_info import TokenInfo, inspect_token
from ._validation import ScaleSetId, parse_scale_set_id
from ._version import __version__

if TYPE_CHECKING:
    from ._async_client import AsyncMaintenanceClient, AsyncMaintenancePoller
    from ._rollout_events import (
        BatchStarted,
        GateFailed,
        GatePassed,
        InstanceStateChanged,
        Pausing,
        RolloutEvent,
        ScaleSetDone,
        ScaleSetOutcome,
        Throttled,
    )
    from ._rollout_plan import RolloutPlan
    from ._rollout_report import InstanceState, RolloutReport

#: Names loaded on first use (the async client pulls in anyio; the rollout its layers).
_LAZY = {
    "AsyncMaintenanceClient": "_async_client",
    "AsyncMaintenancePoller": "_async_client",
    "BatchStarted": "_rollout_events",
    "GateFailed": "_rollout_events",
    "GatePassed": "_rollout_events",
    "InstanceStateChanged": "_rollout_events",
    "Pausing": "_rollout_events",
    "RolloutEvent": "_rollout_events",
    "ScaleSetDone": "_rollout_events",
    "ScaleSetOutcome": "_rollout_events",
    "Throttled": "_rollout_events",
    "RolloutPlan": "_rollout_plan",
    "InstanceState": "_rollout_report",
    "RolloutReport": "_rollout_report",
}

__all__ = [
    "AsyncMaintenanceClient",
    "AsyncMaintenancePoller",
    "AzureCloud",
    "BatchStarted",
    "GateFailed",
    "GatePassed",
    "InstanceMaintenance",
    "InstanceState",
    "InstanceStateChanged",
    "MaintenanceClient",
    "MaintenancePoller",
    "MaintenanceResult",
    "MaintenanceState",
    "Pausing",
    "RetryPolicy",
    "RolloutEvent",
    "RolloutPlan",
    "RolloutReport",
    "ScaleSetDone",
    "ScaleSetId",
    "ScaleSetMaintenance",
    "ScaleSetOutcome",
    "StaticTokenCredential",
    "Throttled",
    "TokenInfo",
    "Update",
    "VmMaintenanceResult",
    "Window",
    "__version__",
    "inspect_token",
    "parse_scale_set_id",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is not None:
        import importlib

        return getattr(importlib.import_module(f".{module}", __name__), name)
    raise AttributeError(f"module 'vmss_maintenance' has no attribute {name!r}")
