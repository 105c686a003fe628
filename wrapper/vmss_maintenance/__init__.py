"""vmss-maintenance: trigger and follow Azure VM scale set performMaintenance operations.

    from vmss_maintenance import MaintenanceClient
    with MaintenanceClient(None, "<subscription id>") as client:
        result = client.perform_maintenance("my-group", "my-scale-set", ["0", "3"])
"""

from __future__ import annotations

__version__ = "0.1.0"

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
from ._validation import ScaleSetId, parse_scale_set_id

if TYPE_CHECKING:
    from ._async_client import AsyncMaintenanceClient, AsyncMaintenancePoller

__all__ = [
    "AsyncMaintenanceClient",
    "AsyncMaintenancePoller",
    "AzureCloud",
    "InstanceMaintenance",
    "MaintenanceClient",
    "MaintenancePoller",
    "MaintenanceResult",
    "MaintenanceState",
    "RetryPolicy",
    "ScaleSetId",
    "ScaleSetMaintenance",
    "StaticTokenCredential",
    "Update",
    "VmMaintenanceResult",
    "Window",
    "__version__",
    "parse_scale_set_id",
]


def __getattr__(name: str) -> Any:
    # The async client pulls in anyio; load it only when asked for.
    if name in ("AsyncMaintenanceClient", "AsyncMaintenancePoller"):
        from . import _async_client

        return getattr(_async_client, name)
    raise AttributeError(f"module 'vmss_maintenance' has no attribute {name!r}")
