"""The asynchronous client and poller: the same flow as the sync client, awaited (anyio)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from types import TracebackType
from typing import Any, Generic, TypeVar, Unpack

import anyio
import httpx

from ._auth import ArmBearerAuth
from ._client_base import BaseClient, PollerBase, build, no_answer
from ._credentials import AsyncTokenCache, default_async_credential
from ._flow import Flow, OnUpdate, Run, Send, adrive, follow
from ._operations import PERFORM_MAINTENANCE, PERFORM_VM_MAINTENANCE, OperationSpec
from ._pacing import AsyncPacingTransport
from ._result import MaintenanceResult, VmMaintenanceResult
from ._retry import AsyncRetryTransport
from ._rollout_methods import AsyncRolloutMethods
from ._settings import USER_AGENT, ClientOptions
from ._slots import SlotTransport, single_connection_transports
from ._targets import ScaleSetTarget, VmTarget
from ._validation import by_id_instance_ids, parse_scale_set_or_instance_id

AsyncSleep = Callable[[float], Awaitable[None]]
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

    async def result(
        self, timeout: float | None = None, *, on_update: OnUpdate | None = None
    ) -> R:
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
        return await self._begin(PERFORM_MAINTENANCE, target, polling_interval)

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
        return await self._begin(PERFORM_MAINTENANCE, target, polling_interval)

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
