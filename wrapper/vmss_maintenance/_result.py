"""What a finished operation reports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

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

    def to_dict(self) -> dict[str, Any]:
        """The result as a JSON-ready dict with the fields' names: times as ISO 8601 text
        (or None), ``instance_ids`` as a list (or None), every other field as it is."""
        return {
            "status": self.status,
            "subscription_id": self.subscription_id,
            "resource_group_name": self.resource_group_name,
            "vm_scale_set_name": self.vm_scale_set_name,
            "instance_ids": None if self.instance_ids is None else list(self.instance_ids),
            "started_at": None if self.started_at is None else self.started_at.isoformat(),
            "ended_at": None if self.ended_at is None else self.ended_at.isoformat(),
            "request_id": self.request_id,
            "polls": self.polls,
            "elapsed": self.elapsed,
        }
