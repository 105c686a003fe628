"""Long-running performMaintenance operations and how they move to their end state."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable
from typing import Literal

import attrs

__all__ = ["InstancesBusy", "Operation", "OperationBook", "OperationStatus"]

OperationStatus = Literal["InProgress", "Succeeded", "Failed"]


@attrs.frozen
class Operation:
    """A snapshot of one performMaintenance operation the emulator accepted.

    ``instance_ids`` are the instances it covers (all of the scale set's when none were named);
    ``failed_vms`` the VM names that make it end ``Failed``; ``polls`` counts status requests
    (either URL) so far. ``faults`` pairs an instance id with its :data:`~._state.FAULTS` value
    (or ``"fail"``) for the instances whose maintenance goes wrong.
    """

    id: str
    subscription_id: str
    resource_group: str
    scale_set: str
    location: str
    api_version: str
    instance_ids: tuple[str, ...]
    failed_vms: tuple[str, ...]
    status: OperationStatus
    polls: int
    start_time: dt.datetime
    end_time: dt.datetime | None
    faults: tuple[tuple[str, str], ...] = ()

    def fault_of(self, instance_id: str) -> str | None:
        """How maintenance goes wrong on that instance in this operation, or ``None``."""
        return dict(self.faults).get(instance_id)


@attrs.define
class _Live:
    id: str
    subscription_id: str
    resource_group: str
    scale_set: str
    location: str
    api_version: str
    instance_ids: tuple[str, ...]
    failed_vms: tuple[str, ...]
    started: float
    start_time: dt.datetime
    faults: tuple[tuple[str, str], ...] = ()
    status: OperationStatus = "InProgress"
    polls: int = 0
    end_time: dt.datetime | None = None
    number: int = 0  # its place in the book: older operations have smaller numbers

    def freeze(self) -> Operation:
        return Operation(
            id=self.id,
            subscription_id=self.subscription_id,
            resource_group=self.resource_group,
            scale_set=self.scale_set,
            location=self.location,
            api_version=self.api_version,
            instance_ids=self.instance_ids,
            failed_vms=self.failed_vms,
            status=self.status,
            polls=self.polls,
            start_time=self.start_time,
            end_time=self.end_time,
            faults=self.faults,
        )


class InstancesBusy(Exception):
    """A new operation would cover instances that a running one already covers."""

    def __init__(self, running: Operation, instance_ids: tuple[str, ...]) -> None:
        super().__init__(f"operation {running.id} is still running on {', '.join(instance_ids)}")
        self.running = running
        self.instance_ids = instance_ids


class OperationBook:
    """Thread-safe set of operations; decides when each one ends.

    An operation ends on its ``polls_to_complete``-th poll, or on the first poll at which
    ``clock() - start >= duration``; whichever comes first. With both ``None`` it never ends.
    Unless ``allow_overlap``, a new operation on VMs a running one covers is refused.
    """

    def __init__(
        self,
        *,
        polls_to_complete: int | None,
        duration: float | None,
        clock: Callable[[], float],
        now: Callable[[], dt.datetime],
        allow_overlap: bool = False,
    ) -> None:
        self._polls_to_complete = polls_to_complete
        self.allow_overlap = allow_overlap
        self._duration = duration
        self._clock = clock
        self._now = now
        self._lock = threading.Lock()
        self._live: dict[str, _Live] = {}
        self._by_instance: dict[tuple[str, str, str, str], list[_Live]] = {}

    def start(
        self,
        *,
        subscription_id: str,
        resource_group: str,
        scale_set: str,
        location: str,
        api_version: str,
        instance_ids: tuple[str, ...],
        failed_vms: tuple[str, ...],
        finished: bool = False,
        faults: tuple[tuple[str, str], ...] = (),
    ) -> Operation:
        """Record a new operation; ``finished=True`` ends it at once (synchronous answer).

        Raises :class:`InstancesBusy` (and records nothing) when a running operation on the
        same scale set covers any of ``instance_ids`` (ARM refuses overlapping maintenance),
        unless the book allows overlap.
        """
        moment = self._now()
        live = _Live(
            id=str(uuid.uuid4()),
            subscription_id=subscription_id,
            resource_group=resource_group,
            scale_set=scale_set,
            location=location,
            api_version=api_version,
            instance_ids=instance_ids,
            failed_vms=failed_vms,
            started=self._clock(),
            start_time=moment,
            faults=faults,
        )
        if finished:
            self._finish(live, moment)
        with self._lock:
            if not self.allow_overlap:
                self._refuse_overlap(live)
            live.number = len(self._live)
            self._live[live.id] = live
            for instance_id in instance_ids:
                key = _instance_key(subscription_id, resource_group, scale_set, instance_id)
                self._by_instance.setdefault(key, []).append(live)
        return live.freeze()

    def _refuse_overlap(self, new: _Live) -> None:
        """Raise :class:`InstancesBusy` naming the oldest running operation on any of ``new``'s
        instances. Only the operations on those instances are looked at (the per-instance
        index), not every operation the book holds."""
        holders: dict[str, _Live] = {}
        for instance_id in new.instance_ids:
            key = _instance_key(new.subscription_id, new.resource_group, new.scale_set, instance_id)
            for live in self._by_instance.get(key, ()):
                if live.id not in holders and self._holds(live):
                    holders[live.id] = live
        if holders:
            running = min(holders.values(), key=lambda live: live.number)
            shared = tuple(item for item in new.instance_ids if item in running.instance_ids)
            raise InstancesBusy(running.freeze(), shared)

    def _holds(self, live: _Live) -> bool:
        """Whether ``live`` still holds its instances: running and within its ``duration``."""
        return live.status == "InProgress" and not self._out_of_time(live)

    def poll(self, operation_id: str, subscription_id: str, location: str) -> Operation | None:
        """Count one status request and return the operation as it now is.

        ``None`` when no operation has this id in this subscription and location.
        """
        with self._lock:
            live = self._live.get(operation_id.lower())
            if (
                live is None
                or live.subscription_id.lower() != subscription_id.lower()
                or live.location != location.replace(" ", "").lower()
            ):
                return None
            live.polls += 1
            if live.status == "InProgress" and self._due(live):
                self._finish(live, self._now())
            return live.freeze()

    def history(
        self, subscription_id: str, resource_group: str, scale_set: str, instance_id: str
    ) -> list[tuple[Operation, bool]]:
        """The operations covering one instance, oldest first, each with whether its
        maintenance is over (ended, or its ``duration`` has passed though nobody polled)."""
        key = _instance_key(subscription_id, resource_group, scale_set, instance_id)
        with self._lock:
            return [
                (live.freeze(), not self._holds(live))
                for live in self._by_instance.get(key, ())
            ]

    def all(self) -> list[Operation]:
        """Snapshots of every operation, oldest first."""
        with self._lock:
            return [live.freeze() for live in self._live.values()]

    def _due(self, live: _Live) -> bool:
        if self._polls_to_complete is not None and live.polls >= self._polls_to_complete:
            return True
        return self._out_of_time(live)

    def _out_of_time(self, live: _Live) -> bool:
        """Its ``duration`` has passed: it ends at the next poll, and no longer holds its VMs."""
        return self._duration is not None and self._clock() - live.started >= self._duration

    @staticmethod
    def _finish(live: _Live, moment: dt.datetime) -> None:
        live.status = "Failed" if live.failed_vms else "Succeeded"
        live.end_time = max(moment, live.start_time)


def _instance_key(
    subscription_id: str, resource_group: str, scale_set: str, instance_id: str
) -> tuple[str, str, str, str]:
    return (subscription_id.lower(), resource_group.lower(), scale_set.lower(), instance_id)
