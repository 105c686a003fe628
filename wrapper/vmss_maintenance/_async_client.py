"""The asynchronous client and poller: the same flow as the sync client, awaited (anyio)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, Unpack

import anyio
import anyio.abc
import httpx

from ._adapter import scale_set_vm
from ._auth import ArmBearerAuth
from ._client_base import BaseClient, PollerBase, build, no_answer
from ._credentials import AsyncTokenCache, default_async_credential
from ._flow import Flow, OnUpdate, Run, Send, adrive, follow
from ._maintenance_status import (
    InstanceMaintenance,
    ScaleSetMaintenance,
    instance_from_scale_set_vm,
)
from ._operations import PERFORM_VM_MAINTENANCE, OperationSpec
from ._pacing import AsyncPacingTransport
from ._paging import Pager
from ._result import MaintenanceResult, VmMaintenanceResult
from ._retry import AsyncRetryTransport
from ._rollout_methods import AsyncRolloutMethods
from ._settings import USER_AGENT, ClientOptions
from ._slots import SlotTransport, single_connection_transports
from ._status_reader import OnProgress, flexible_vm_status, is_flexible
from ._targets import ScaleSetTarget, VmTarget
from ._validation import by_id_instance_ids, parse_scale_set_or_instance_id
from .errors import MaintenanceError

AsyncSleep = Callable[[float], Awaitable[None]]
if TYPE_CHECKING:
    from ._adapter import VirtualMachineScaleSetVM

T = TypeVar("T")
R = TypeVar("R")


class AsyncMaintenancePoller(PollerBase, Generic[R]):
    """Follows one operation; polls happen inside the awaited :meth:`wait` / :meth:`result`.

    ``R`` is the result type, as for :class:`MaintenancePoller`.
    """

    def __init__(self, client: AsyncMaintenanceClient, run: Run) -> None:
        super().__init__(run)
        self._client = client

    async def wait(
        self, timeout: float | None = None, *, on_update: OnUpdate | None = None
    ) -> None:
        """Poll until the operation ends or ``timeout`` seconds pass (then simply return).

        Raises the operation's error if it failed. ``on_update`` is called with an
        :class:`Update` after every status response.
        """
        await self._client._drive(follow(self._run, self._deadline(timeout), on_update))

    async def result(self, timeout: float | None = None, *, on_update: OnUpdate | None = None) -> R:
        """Poll until the operation ends and return its result (the same value every time).

        Raises :class:`OperationFailedError` if it failed, :class:`PollingTimeoutError`
        (with the continuation token) if ``timeout`` seconds pass first.
        """
        if not await self._client._drive(follow(self._run, self._deadline(timeout), on_update)):
            raise self._timed_out(timeout)
        result: R = self._run.result
        return result


class AsyncMaintenanceClient(AsyncRolloutMethods, BaseClient):
    """The asynchronous :class:`MaintenanceClient`: the same arguments, awaited methods.

    ``credential`` may be an ``azure.identity.aio`` credential or a synchronous one;
    ``None`` means ``azure.identity.aio.DefaultAzureCredential()``. ``transport`` is an
    ``httpx.AsyncBaseTransport``; ``sleep`` is an async callable (for tests).

    At most ``max_connections`` requests are in flight; the limit sits under the retries, so
    a request waiting out a back-off or a ``Retry-After`` holds no slot.
    """

    def __init__(
        self,
        credential: Any,
        subscription_id: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: AsyncSleep = anyio.sleep,
        **options: Unpack[ClientOptions],
    ) -> None:
        super().__init__(credential, subscription_id, options, default_async_credential)
        settings = self._settings
        self._sleep = sleep
        slots = (
            single_connection_transports(settings.verify, settings.max_connections)
            if transport is None
            else SlotTransport(lambda: transport, settings.max_connections)
        )
        self._http = httpx.AsyncClient(
            base_url=settings.base_url,
            auth=ArmBearerAuth(
                AsyncTokenCache(self._credential, settings.scope, clock=self._clock.wall),
                trusted_hosts=settings.hosts,
            ),
            transport=AsyncRetryTransport(
                AsyncPacingTransport(slots, monotonic=self._clock.monotonic, sleep=sleep),
                settings.retry,
                sleep=sleep,
                clock=self._clock.wall,
            ),
            timeout=settings.timeout,
            headers={"User-Agent": USER_AGENT},
            follow_redirects=False,
        )

    # -- performMaintenance on a scale set ------------------------------------------------

    async def begin_perform_maintenance(
        self,
        resource_group_name: str,
        vm_scale_set_name: str,
        instance_ids: Iterable[str | int] | None = None,
        *,
        polling_interval: float | None = None,
    ) -> AsyncMaintenancePoller[MaintenanceResult]:
        """Send the request and return a poller; ``instance_ids=None`` means every instance."""
        target = ScaleSetTarget(
            self._settings.subscription_id, resource_group_name, vm_scale_set_name, instance_ids
        )
        return await self._begin_scale_set(target, polling_interval)

    async def begin_perform_maintenance_by_id(
        self,
        resource_id: str,
        instance_ids: Iterable[str | int] | None = None,
        *,
        polling_interval: float | None = None,
    ) -> AsyncMaintenancePoller[MaintenanceResult]:
        """:meth:`begin_perform_maintenance` for a scale set's (or one instance's) ARM
        resource id, as :meth:`MaintenanceClient.begin_perform_maintenance_by_id`."""
        parts = parse_scale_set_or_instance_id(resource_id)
        ids = by_id_instance_ids(parts, instance_ids)
        target = ScaleSetTarget(
            parts.subscription_id, parts.resource_group_name, parts.vm_scale_set_name, ids
        )
        return await self._begin_scale_set(target, polling_interval)

    async def perform_maintenance(
        self,
        resource_group_name: str,
        vm_scale_set_name: str,
        instance_ids: Iterable[str | int] | None = None,
        *,
        polling_interval: float | None = None,
        timeout: float | None = None,
    ) -> MaintenanceResult:
        """Start the operation and wait for its result."""
        self._check_timeout(timeout)
        poller = await self.begin_perform_maintenance(
            resource_group_name, vm_scale_set_name, instance_ids, polling_interval=polling_interval
        )
        return await poller.result(timeout)

    async def perform_maintenance_by_id(
        self,
        resource_id: str,
        instance_ids: Iterable[str | int] | None = None,
        *,
        polling_interval: float | None = None,
        timeout: float | None = None,
    ) -> MaintenanceResult:
        """:meth:`perform_maintenance` for a scale set's ARM resource id."""
        self._check_timeout(timeout)
        poller = await self.begin_perform_maintenance_by_id(
            resource_id, instance_ids, polling_interval=polling_interval
        )
        return await poller.result(timeout)

    # -- performMaintenance on a VM -------------------------------------------------------

    async def begin_perform_vm_maintenance(
        self, resource_group_name: str, vm_name: str, *, polling_interval: float | None = None
    ) -> AsyncMaintenancePoller[VmMaintenanceResult]:
        """Start performMaintenance on one VM and return a poller (see
        :meth:`MaintenanceClient.begin_perform_vm_maintenance`)."""
        target = VmTarget(self._settings.subscription_id, resource_group_name, vm_name)
        return await self._begin(PERFORM_VM_MAINTENANCE, target, polling_interval)

    async def perform_vm_maintenance(
        self,
        resource_group_name: str,
        vm_name: str,
        *,
        polling_interval: float | None = None,
        timeout: float | None = None,
    ) -> VmMaintenanceResult:
        """Start performMaintenance on one VM and wait for its result."""
        self._check_timeout(timeout)
        poller = await self.begin_perform_vm_maintenance(
            resource_group_name, vm_name, polling_interval=polling_interval
        )
        return await poller.result(timeout)

    # -- reading status -------------------------------------------------------------------

    async def get_maintenance_status(
        self,
        resource_group_name: str,
        vm_scale_set_name: str,
        *,
        on_progress: OnProgress | None = None,
    ) -> ScaleSetMaintenance:
        """The maintenance status of every instance of a scale set (see
        :meth:`MaintenanceClient.get_maintenance_status`); a Flexible scale set's instance
        views are read concurrently, at most ``max_connections`` at a time."""
        target = self._scale_set_target(resource_group_name, vm_scale_set_name)
        return await self._maintenance_status(target, on_progress)

    async def get_maintenance_status_by_id(
        self, resource_id: str, *, on_progress: OnProgress | None = None
    ) -> ScaleSetMaintenance:
        """:meth:`get_maintenance_status` for a scale set's ARM resource id."""
        target = self._scale_set_target_of(resource_id)
        return await self._maintenance_status(target, on_progress)

    def list_instances(
        self, resource_group_name: str, vm_scale_set_name: str, *, instance_view: bool = True
    ) -> AsyncIterator[VirtualMachineScaleSetVM]:
        """The instances of a Uniform scale set as generated models, for ``async for``; pages
        are fetched as the iteration reaches them (see
        :meth:`MaintenanceClient.list_instances`). Arguments are checked now."""
        target = self._scale_set_target(resource_group_name, vm_scale_set_name)
        return self._models(self._instances_pager(target, instance_view=instance_view))

    async def list_scale_sets(self, resource_group_name: str) -> list[str]:
        """The names of the scale sets in a resource group (every page read)."""
        pager = self._scale_sets_pager(resource_group_name)
        return [item["name"] async for item in self._items(pager)
                if isinstance(item.get("name"), str)]  # fmt: skip

    async def _maintenance_status(
        self, target: ScaleSetTarget, on_progress: OnProgress | None
    ) -> ScaleSetMaintenance:
        scale_set = await self._drive(self._scale_set_flow(target))
        if is_flexible(scale_set):
            instances = await self._flexible_instances(target, on_progress)
            return self._status(target, scale_set, instances)
        instances = []
        pager = self._instances_pager(target, instance_view=True)
        while not pager.done:
            page = await self._drive(pager.page())
            now = self._clock.utc()
            instances.extend(instance_from_scale_set_vm(vm, now) for vm in page)
            if on_progress is not None:
                on_progress(len(instances))
        return self._status(target, scale_set, instances)

    async def _flexible_instances(
        self, target: ScaleSetTarget, on_progress: OnProgress | None
    ) -> list[InstanceMaintenance]:
        """The VMs of a Flexible scale set, then their instance views as tasks, at most
        ``max_connections`` at once, in the listing's order; the first error cancels the rest
        and is raised as it is."""
        vms = [vm async for vm in self._items(self._flexible_vms_pager(target))]
        limiter = anyio.CapacityLimiter(self._settings.max_connections)
        found: dict[int, InstanceMaintenance] = {}
        failures: list[MaintenanceError] = []

        async def read(index: int, vm: Mapping[str, Any], group: anyio.abc.TaskGroup) -> None:
            flow = flexible_vm_status(target, vm, self.api_version, self._clock.utc)
            try:
                async with limiter:
                    found[index] = await self._drive(flow)
            except MaintenanceError as exc:  # the first error ends the reading, unwrapped
                failures.append(exc)
                group.cancel_scope.cancel()
                return
            if on_progress is not None:
                on_progress(len(found))

        async with anyio.create_task_group() as group:
            for index, vm in enumerate(vms):
                group.start_soon(read, index, vm, group)
        if failures:
            raise failures[0]
        return [found[index] for index in range(len(vms))]

    async def _items(self, pager: Pager) -> AsyncIterator[dict[str, Any]]:
        while not pager.done:
            for item in await self._drive(pager.page()):
                yield item

    async def _models(self, pager: Pager) -> AsyncIterator[VirtualMachineScaleSetVM]:
        async for item in self._items(pager):
            yield scale_set_vm(item)

    # -- any operation --------------------------------------------------------------------

    async def resume(
        self, continuation_token: str, *, polling_interval: float | None = None
    ) -> AsyncMaintenancePoller[Any]:
        """A poller for an operation started elsewhere, of either kind (the token names its
        operation); URLs in the token are checked first."""
        return AsyncMaintenancePoller(self, self._resumed(continuation_token, polling_interval))

    async def _begin(
        self, operation: OperationSpec, target: Any, polling_interval: float | None
    ) -> AsyncMaintenancePoller[Any]:
        run = await self._drive(self._begin_flow(operation, target, polling_interval))
        return AsyncMaintenancePoller(self, run)

    async def _begin_scale_set(
        self, target: ScaleSetTarget, polling_interval: float | None
    ) -> AsyncMaintenancePoller[MaintenanceResult]:
        run = await self._drive(self._begin_scale_set_flow(target, polling_interval))
        return AsyncMaintenancePoller(self, run)

    async def _drive(self, flow: Flow[T]) -> T:
        return await adrive(flow, self._send, self._sleep)

    async def _send(self, send: Send) -> httpx.Response:
        request = build(self._http, send)
        try:
            return await self._http.send(request)
        except httpx.TransportError as exc:
            raise no_answer(request, exc) from exc

    async def close(self) -> None:
        """Close the HTTP connections (and the default credential, if this client made it)."""
        await self._http.aclose()
        close = self._owned_credential_close()
        if close is not None:
            await close()

    async def __aenter__(self) -> AsyncMaintenanceClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()
