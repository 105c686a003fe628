"""The rollout's I/O over the clients: :class:`ClientBackend` and :class:`AsyncClientBackend`.

They implement :class:`~._rollout_effects.RolloutBackend` (and its async twin) with the
client's public methods:

- ``status(target)``: ``get_maintenance_status(resource group, name)``;
- ``start(call)``: a Uniform batch is ``begin_perform_maintenance(group, scale set, ids)``, a
  Flexible VM ``begin_perform_vm_maintenance(group, vm)``; the answer is the poller's
  continuation token (the journal records it before anything else happens);
- ``follow(token, timeout)``: the operation's result within ``timeout`` seconds: a
  success, a :class:`FollowOutcome` ``failed`` for an operation that ended ``Failed`` or
  ``Canceled`` (with its code: ``RetryLater``, ``MaintenanceAborted``...), ``running`` with the
  newest token when the time ran out. The sync backend waits in slices of at most
  :data:`FOLLOW_SLICE` seconds (``poller.wait``) and asks ``stopping()`` between them, so an
  interrupted run stops within about a second; the poller keeps its schedule across slices
  (Retry-After, polling interval), so slicing adds no request.

A backend keeps the poller of each operation it started or followed, under the token it last
answered: the next ``follow`` of that token goes on with the same poller, so the polls keep the
service's ``Retry-After`` schedule from the POST on, across follows. A token it does not hold
(a resumed journal, another process) is ``resume(token)``, which polls at once.

An HTTP 429 that outlived the client's retries becomes :class:`ThrottledError` with the
service's ``Retry-After`` (else :data:`DEFAULT_THROTTLE_WAIT`): the rollout waits and asks again.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, Protocol, TypeVar

from ._maintenance_status import ScaleSetMaintenance
from ._rollout_effects import FollowOutcome, ThrottledError
from ._rollout_plan import VM_OPERATION, MaintenanceCall, ScaleSetPlan
from .errors import HttpResponseError, OperationFailedError, PollingTimeoutError

#: Seconds to wait after a 429 that said no Retry-After.
DEFAULT_THROTTLE_WAIT = 30.0
#: The longest a sync follow waits before it checks whether the run is stopping.
FOLLOW_SLICE = 1.0
T = TypeVar("T")
P = TypeVar("P")


class Poller(Protocol):
    """What the backend uses of a sync poller."""

    def continuation_token(self) -> str:
        """The operation's token."""
        ...

    def done(self) -> bool:
        """Whether the operation has ended; sends nothing."""
        ...

    def wait(self, timeout: float | None = None) -> None:
        """Poll (when polls are due) until the operation ends or ``timeout`` seconds pass."""
        ...

    def result(self, timeout: float | None = None) -> object:
        """Follow the operation to its end or ``timeout``."""
        ...


class AsyncPoller(Protocol):
    """What the backend uses of an async poller."""

    def continuation_token(self) -> str:
        """The operation's token."""
        ...

    def result(self, timeout: float | None = None) -> Awaitable[object]:
        """Follow the operation to its end or ``timeout``."""
        ...


class RolloutClient(Protocol):
    """What the sync backend uses of :class:`~vmss_maintenance.MaintenanceClient`."""

    def get_maintenance_status(
        self, resource_group_name: str, vm_scale_set_name: str
    ) -> ScaleSetMaintenance:
        """The scale set's maintenance status."""
        ...

    def begin_perform_maintenance(
        self, resource_group_name: str, vm_scale_set_name: str, instance_ids: Any = None
    ) -> Poller:
        """Start performMaintenance on a scale set's instances."""
        ...

    def begin_perform_vm_maintenance(self, resource_group_name: str, vm_name: str) -> Poller:
        """Start performMaintenance on a VM."""
        ...

    def resume(self, continuation_token: str) -> Poller:
        """A poller for a started operation."""
        ...


class AsyncRolloutClient(Protocol):
    """What the async backend uses of :class:`~vmss_maintenance.AsyncMaintenanceClient`."""

    def get_maintenance_status(
        self, resource_group_name: str, vm_scale_set_name: str
    ) -> Awaitable[ScaleSetMaintenance]:
        """The scale set's maintenance status."""
        ...

    def begin_perform_maintenance(
        self, resource_group_name: str, vm_scale_set_name: str, instance_ids: Any = None
    ) -> Awaitable[AsyncPoller]:
        """Start performMaintenance on a scale set's instances."""
        ...

    def begin_perform_vm_maintenance(
        self, resource_group_name: str, vm_name: str
    ) -> Awaitable[AsyncPoller]:
        """Start performMaintenance on a VM."""
        ...

    def resume(self, continuation_token: str) -> Awaitable[AsyncPoller]:
        """A poller for a started operation."""
        ...


@contextmanager
def _throttling() -> Iterator[None]:
    """Turn an HTTP 429 into :class:`ThrottledError`."""
    try:
        yield
    except HttpResponseError as error:
        if error.status_code != 429 or isinstance(error, OperationFailedError):
            raise
        asked = getattr(error, "retry_after", None)
        wait = float(asked) if isinstance(asked, int | float) and asked >= 0 else None
        raise ThrottledError(
            f"throttled (HTTP 429): {error}",
            retry_after=DEFAULT_THROTTLE_WAIT if wait is None else wait,
        ) from error


def _failed(token: str, error: OperationFailedError) -> FollowOutcome:
    return FollowOutcome.failed(token, error.message or str(error), error.code)


class _LivePollers(Generic[P]):
    """The pollers of operations being followed, each under the token last answered for it.

    The workers of a rollout share its backend, one scale set each: a lock keeps the map whole.
    An entry lives from one answer to the next ``follow``; a run that stops leaves at most one
    per scale set, gone with the backend."""

    def __init__(self) -> None:
        self._pollers: dict[str, P] = {}
        self._lock = threading.Lock()

    def keep(self, token: str, poller: P) -> str:
        with self._lock:
            self._pollers[token] = poller
        return token

    def take(self, token: str) -> P | None:
        with self._lock:
            return self._pollers.pop(token, None)


class ClientBackend:
    """:class:`~._rollout_effects.RolloutBackend` over a sync client (see the module doc);
    ``monotonic`` must be the client's own monotonic clock, the one its pollers schedule on."""

    def __init__(self, client: RolloutClient, *, monotonic: Callable[[], float]) -> None:
        self._client = client
        self._monotonic = monotonic
        self._live: _LivePollers[Poller] = _LivePollers()

    def status(self, target: ScaleSetPlan) -> ScaleSetMaintenance:
        """``get_maintenance_status`` of ``target``."""
        with _throttling():
            return self._client.get_maintenance_status(
                target.resource_group_name, target.vm_scale_set_name
            )

    def start(self, call: MaintenanceCall) -> str:
        """Send ``call``; its continuation token."""
        with _throttling():
            if call.operation_id == VM_OPERATION:
                poller = self._client.begin_perform_vm_maintenance(
                    call.resource_group_name, call.resource_name
                )
            else:
                poller = self._client.begin_perform_maintenance(
                    call.resource_group_name, call.resource_name, call.instance_ids
                )
            return self._live.keep(poller.continuation_token(), poller)

    def follow(
        self, token: str, timeout: float, stopping: Callable[[], bool] | None = None
    ) -> FollowOutcome:
        """Follow ``token``'s operation for at most ``timeout`` seconds, in slices; between
        them, a true ``stopping()`` answers ``running`` with the newest token at once."""
        with _throttling():
            poller = self._live.take(token) or self._client.resume(token)
            try:
                if not self._ended(poller, timeout, stopping or _never):
                    return FollowOutcome.running(
                        self._live.keep(poller.continuation_token(), poller)
                    )
                poller.result()  # ended: the operation's error, if it failed; sends nothing
            except OperationFailedError as error:
                return _failed(poller.continuation_token(), error)
            return FollowOutcome.succeeded(poller.continuation_token())

    def _ended(self, poller: Poller, timeout: float, stopping: Callable[[], bool]) -> bool:
        # Each slice polls only what is due within it: the same polls as one wait(timeout).
        deadline = self._monotonic() + timeout
        while not poller.done():
            left = deadline - self._monotonic()
            if left <= 0 or stopping():
                return False
            poller.wait(min(FOLLOW_SLICE, left))
        return True


class AsyncClientBackend:
    """:class:`~._rollout_effects.AsyncRolloutBackend` over an async client."""

    def __init__(self, client: AsyncRolloutClient) -> None:
        self._client = client
        self._live: _LivePollers[AsyncPoller] = _LivePollers()

    async def status(self, target: ScaleSetPlan) -> ScaleSetMaintenance:
        """``get_maintenance_status`` of ``target``."""
        return await _throttled(
            lambda: self._client.get_maintenance_status(
                target.resource_group_name, target.vm_scale_set_name
            )
        )

    async def start(self, call: MaintenanceCall) -> str:
        """Send ``call``; its continuation token."""

        async def begin() -> str:
            if call.operation_id == VM_OPERATION:
                poller = await self._client.begin_perform_vm_maintenance(
                    call.resource_group_name, call.resource_name
                )
            else:
                poller = await self._client.begin_perform_maintenance(
                    call.resource_group_name, call.resource_name, call.instance_ids
                )
            return self._live.keep(poller.continuation_token(), poller)

        return await _throttled(begin)

    async def follow(self, token: str, timeout: float) -> FollowOutcome:
        """Follow ``token``'s operation for at most ``timeout`` seconds."""

        async def run() -> FollowOutcome:
            poller = self._live.take(token) or await self._client.resume(token)
            try:
                await poller.result(timeout)
            except OperationFailedError as error:
                return _failed(poller.continuation_token(), error)
            except PollingTimeoutError as error:
                return FollowOutcome.running(self._live.keep(error.continuation_token, poller))
            return FollowOutcome.succeeded(poller.continuation_token())

        return await _throttled(run)


def _never() -> bool:
    return False


async def _throttled(make: Callable[[], Awaitable[T]]) -> T:
    with _throttling():
        return await make()
