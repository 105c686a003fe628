"""What a finished operation reports."""

from __future__ import annotations

from datetime import datetime

import attrs


@attrs.frozen
class MaintenanceResult:
    """The outcome of a performMaintenance operation that succeeded.

    ``instance_ids`` is None when every instance was asked for. ``started_at`` / ``ended_at``
    are the service's times when it said them; ``request_id`` is the service's
    ``x-ms-request-id`` of the initial request; ``polls`` counts status requests and
    ``elapsed`` the seconds since the operation was started.
    """

    status: str
    subscription_id: str
    resource_group_name: str
    vm_scale_set_name: str
    instance_ids: tuple[str, ...] | None
    started_at: datetime | None
    ended_at: datetime | None
    request_id: str | None
    polls: int
    elapsed: float


@attrs.frozen
class VmMaintenanceResult:
    """The outcome of a performMaintenance operation on one VM that succeeded.

    The fields mean what they mean in :class:`MaintenanceResult`.
    """

    status: str
    subscription_id: str
    resource_group_name: str
    vm_name: str
    started_at: datetime | None
    ended_at: datetime | None
    request_id: str | None
    polls: int
    elapsed: float
