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
        return _json_ready(self)


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

    def to_dict(self) -> dict[str, Any]:
        """The result as a JSON-ready dict with the fields' names: times as ISO 8601 text
        (or None), ``instance_ids`` as a list (or None), every other field as it is."""
        return _json_ready(self)


def _json_value(_instance: object, _field: object, value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return list(value) if isinstance(value, tuple) else value


def _json_ready(result: MaintenanceResult | VmMaintenanceResult) -> dict[str, Any]:
    # Times become ISO 8601 text, tuples lists; every other field stays as it is.
    return attrs.asdict(result, value_serializer=_json_value)
