"""The asynchronous client and poller: the same operation core, awaited."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from types import TracebackType
from typing import Any

import httpx

from ._auth import ArmBearerAuth
from ._client import closed_error
from ._cloud import AzureCloud
from ._common import ClientBase, PollerBase, no_answer
from ._config import DEFAULT_MAX_CONNECTIONS, USER_AGENT, Verify, make_settings
from ._credentials import AsyncTokenCache, default_async_credential
from ._operation import Complete, Operation, Send, Sleep, Target, poll_request
from ._result import MaintenanceResult
from ._retry import AsyncRetryTransport, RetryPolicy
from ._slots import single_connection_transports
from ._spec import API_VERSION
from .errors import ServiceRequestError

AsyncSleep = Callable[[float], Awaitable[None]]


class AsyncMaintenancePoller(PollerBase):
    """Follows one operation; polls happen inside the awaited :meth:`wait` / :meth:`result`."""

    def __init__(self, sender: _Sender, operation: Operation, sleep: AsyncSleep) -> None:
        super().__init__(operation)
        self._sender = sender
        self._sleep = sleep

    async def _run(self, timeout: float | None) -> MaintenanceResult | None:
        operation = self._operation
        deadline = self._deadline(timeout)
        while True:
            step = operation.next_step(deadline)
            if isinstance(step, Complete):
                return step.result
            if isinstance(step, Sleep):
                await self._sleep(step.seconds)
            elif isinstance(step, Send):
                request = poll_request(self._sender.http, step.url, operation.client_request_id)
                try:
                    response = await self._sender.send(request, running=True)
                except ServiceRequestError as exc:
                    operation.fail(exc)
                    raise
                operation.receive(response)
            else:
                return None

    async def wait(self, timeout: float | None = None) -> None:
        """Poll until the operation ends or ``timeout`` seconds pass (then simply return).

        Raises the operation's error if it failed.
        """
        await self._run(timeout)

    async def result(self, timeout: float | None = None) -> MaintenanceResult:
        """Poll until the operation ends and return its result.

        Raises :class:`OperationFailedError` if it failed, :class:`PollingTimeoutError`
        (with the continuation token) if ``timeout`` seconds pass first.
        """
        outcome = await self._run(timeout)
        if outcome is None:
            raise self._timed_out(timeout)
        return outcome


class _Sender:
    """Sends requests, never more at once than the connection pool has connections.

    Requests past that would wait in httpcore's pool queue, which is scanned per request and
    grows costly with hundreds of operations in flight; waiting here is cheap.
    """

    def __init__(self, http: httpx.AsyncClient, slots: int) -> None:
        self.http = http
        self._slots = asyncio.Semaphore(slots)

    async def send(self, request: httpx.Request, *, running: bool = False) -> httpx.Response:
        if self.http.is_closed:
            raise closed_error(running=running)
        async with self._slots:
            try:
                return await self.http.send(request)
            except httpx.TransportError as exc:
                raise no_answer(request, exc) from exc


class AsyncMaintenanceClient(ClientBase):
    """The asynchronous :class:`MaintenanceClient`: the same arguments, awaited methods.

    ``credential`` may be an ``azure.identity.aio`` credential or a synchronous one;
    ``None`` means ``azure.identity.aio.DefaultAzureCredential()``. ``transport`` is an
    ``httpx.AsyncBaseTransport``; ``sleep`` is an async callable (for tests).
    """

    def __init__(
        self,
        credential: Any,
        subscription_id: str,
        *,
        cloud: AzureCloud = AzureCloud.PUBLIC,
        endpoint: str | None = None,
        credential_scope: str | None = None,
        api_version: str = API_VERSION,
        polling_interval: float = 30.0,
        retry: RetryPolicy | None = None,
        timeout: float | httpx.Timeout = 30.0,
        verify: Verify = True,
        transport: httpx.AsyncBaseTransport | None = None,
        allowed_hosts: Iterable[str] = (),
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        clock: Callable[[], float] = time.time,
        sleep: AsyncSleep = asyncio.sleep,
    ) -> None:
        self._settings = settings = make_settings(
            subscription_id,
            cloud=cloud,
            endpoint=endpoint,
            credential_scope=credential_scope,
            api_version=api_version,
            polling_interval=polling_interval,
            retry=retry,
            timeout=timeout,
            verify=verify,
            allowed_hosts=allowed_hosts,
            max_connections=max_connections,
        )
        credential = self._adopt_credential(credential, default_async_credential)
        self._clock = clock
        self._sleep = sleep
        inner = (
            transport
            if transport is not None
            else single_connection_transports(settings.verify, settings.max_connections)
        )
        self._http = http = httpx.AsyncClient(
            base_url=settings.endpoint,
            auth=ArmBearerAuth(
                AsyncTokenCache(credential, settings.credential_scope, clock=clock),
                trusted_hosts=settings.hosts,
            ),
            transport=AsyncRetryTransport(inner, settings.retry, sleep=sleep, clock=clock),
            timeout=settings.timeout,
            headers={"User-Agent": USER_AGENT},
            follow_redirects=False,
        )
        self._sender = _Sender(http, settings.max_connections)

    async def begin_perform_maintenance(
        self,
        resource_group_name: str,
        vm_scale_set_name: str,
        instance_ids: Iterable[str | int] | None = None,
        *,
        polling_interval: float | None = None,
    ) -> AsyncMaintenancePoller:
        """Send the request and return a poller; ``instance_ids=None`` means every instance."""
        target = self._target(resource_group_name, vm_scale_set_name, instance_ids)
        return await self._begin(target, polling_interval)

    async def begin_perform_maintenance_by_id(
        self,
        resource_id: str,
        instance_ids: Iterable[str | int] | None = None,
        *,
        polling_interval: float | None = None,
    ) -> AsyncMaintenancePoller:
        """:meth:`begin_perform_maintenance` for a scale set's ARM resource id."""
        target = self._target_from_id(resource_id, instance_ids)
        return await self._begin(target, polling_interval)

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
        target = self._target(resource_group_name, vm_scale_set_name, instance_ids)
        return await (await self._begin(target, polling_interval)).result(timeout)

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
        target = self._target_from_id(resource_id, instance_ids)
        return await (await self._begin(target, polling_interval)).result(timeout)

    async def resume(
        self, continuation_token: str, *, polling_interval: float | None = None
    ) -> AsyncMaintenancePoller:
        """A poller for an operation started elsewhere; URLs in the token are checked first."""
        operation = self._resumed(continuation_token, polling_interval)
        return AsyncMaintenancePoller(self._sender, operation, self._sleep)

    async def _begin(
        self, target: Target, polling_interval: float | None
    ) -> AsyncMaintenancePoller:
        operation, request = self._new_operation(self._http, target, polling_interval)
        operation.begin(await self._sender.send(request))
        return AsyncMaintenancePoller(self._sender, operation, self._sleep)

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
