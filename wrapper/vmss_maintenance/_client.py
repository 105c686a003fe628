"""The synchronous client and poller: the I/O around :class:`_operation.Operation`."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any

import httpx

from ._auth import ArmBearerAuth
from ._cloud import AzureCloud
from ._common import ClientBase, PollerBase, no_answer
from ._config import DEFAULT_MAX_CONNECTIONS, USER_AGENT, Verify, make_settings
from ._credentials import TokenCache, default_credential
from ._operation import Complete, Operation, Send, Sleep, Target, poll_request
from ._result import MaintenanceResult
from ._retry import RetryPolicy, RetryTransport
from ._spec import API_VERSION
from .errors import ClientClosedError, ServiceRequestError


class MaintenancePoller(PollerBase):
    """Follows one operation. Nothing runs in the background: polls happen inside
    :meth:`wait` and :meth:`result`."""

    def __init__(
        self, http: httpx.Client, operation: Operation, sleep: Callable[[float], None]
    ) -> None:
        super().__init__(operation)
        self._http = http
        self._sleep = sleep

    def _run(self, timeout: float | None) -> MaintenanceResult | None:
        operation = self._operation
        deadline = self._deadline(timeout)
        while True:
            step = operation.next_step(deadline)
            if isinstance(step, Complete):
                return step.result
            if isinstance(step, Sleep):
                self._sleep(step.seconds)
            elif isinstance(step, Send):
                request = poll_request(self._http, step.url, operation.client_request_id)
                try:
                    response = _send(self._http, request, running=True)
                except ServiceRequestError as exc:
                    operation.fail(exc)
                    raise
                operation.receive(response)
            else:
                return None

    def wait(self, timeout: float | None = None) -> None:
        """Poll until the operation ends or ``timeout`` seconds pass (then simply return).

        Raises the operation's error if it failed.
        """
        self._run(timeout)

    def result(self, timeout: float | None = None) -> MaintenanceResult:
        """Poll until the operation ends and return its result.

        Raises :class:`OperationFailedError` if it failed, :class:`PollingTimeoutError`
        (with the continuation token) if ``timeout`` seconds pass first.
        """
        outcome = self._run(timeout)
        if outcome is None:
            raise self._timed_out(timeout)
        return outcome


def closed_error(*, running: bool) -> ClientClosedError:
    """The error for a request on a closed client; ``running``: a poll of a started operation."""
    if running:
        return ClientClosedError(
            "the client is closed, so this poller cannot poll; the operation goes on in Azure: "
            "resume it with an open client: client.resume(poller.continuation_token())"
        )
    return ClientClosedError(
        "the client is closed (close() or the end of its with block); nothing was sent: "
        "make a new client"
    )


def _send(http: httpx.Client, request: httpx.Request, *, running: bool = False) -> httpx.Response:
    if http.is_closed:
        raise closed_error(running=running)
    try:
        return http.send(request)
    except httpx.TransportError as exc:
        raise no_answer(request, exc) from exc


class MaintenanceClient(ClientBase):
    """Starts and follows performMaintenance on VM scale sets (synchronous).

    ``credential`` is any azure-identity style credential (``get_token`` / ``get_token_info``);
    ``None`` means ``azure.identity.DefaultAzureCredential()``. ``endpoint`` overrides the
    cloud's ARM URL (an emulator, a private cloud). ``timeout`` bounds each HTTP request
    (seconds to connect, send and read, or an ``httpx.Timeout``); ``polling_interval`` is at
    least ``MIN_POLLING_INTERVAL`` (1 s). ``clock`` and ``sleep`` exist for tests.
    Use it as a context manager, or call :meth:`close`.
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
        transport: httpx.BaseTransport | None = None,
        allowed_hosts: Iterable[str] = (),
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
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
        credential = self._adopt_credential(credential, default_credential)
        self._clock = clock
        self._sleep = sleep
        inner = (
            transport
            if transport is not None
            else httpx.HTTPTransport(verify=settings.verify, limits=settings.limits)
        )
        self._http = httpx.Client(
            base_url=settings.endpoint,
            auth=ArmBearerAuth(
                TokenCache(credential, settings.credential_scope, clock=clock),
                trusted_hosts=settings.hosts,
            ),
            transport=RetryTransport(inner, settings.retry, sleep=sleep, clock=clock),
            timeout=settings.timeout,
            headers={"User-Agent": USER_AGENT},
            follow_redirects=False,
        )

    def begin_perform_maintenance(
        self,
        resource_group_name: str,
        vm_scale_set_name: str,
        instance_ids: Iterable[str | int] | None = None,
        *,
        polling_interval: float | None = None,
    ) -> MaintenancePoller:
        """Send the request and return a poller; ``instance_ids=None`` means every instance.

        Arguments are checked first: a bad one raises :class:`InvalidArgumentError` and
        nothing is sent. An error answer raises :class:`HttpResponseError`.
        """
        target = self._target(resource_group_name, vm_scale_set_name, instance_ids)
        return self._begin(target, polling_interval)

    def begin_perform_maintenance_by_id(
        self,
        resource_id: str,
        instance_ids: Iterable[str | int] | None = None,
        *,
        polling_interval: float | None = None,
    ) -> MaintenancePoller:
        """:meth:`begin_perform_maintenance` for a scale set's ARM resource id."""
        return self._begin(self._target_from_id(resource_id, instance_ids), polling_interval)

    def perform_maintenance(
        self,
        resource_group_name: str,
        vm_scale_set_name: str,
        instance_ids: Iterable[str | int] | None = None,
        *,
        polling_interval: float | None = None,
        timeout: float | None = None,
    ) -> MaintenanceResult:
        """Start the operation and wait for its result (see :meth:`MaintenancePoller.result`)."""
        self._check_timeout(timeout)
        target = self._target(resource_group_name, vm_scale_set_name, instance_ids)
        return self._begin(target, polling_interval).result(timeout)

    def perform_maintenance_by_id(
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
        return self._begin(target, polling_interval).result(timeout)

    def resume(
        self, continuation_token: str, *, polling_interval: float | None = None
    ) -> MaintenancePoller:
        """A poller for an operation started elsewhere. Every URL in the token is checked
        against this client's trusted hosts before anything is sent."""
        operation = self._resumed(continuation_token, polling_interval)
        return MaintenancePoller(self._http, operation, self._sleep)

    def _begin(self, target: Target, polling_interval: float | None) -> MaintenancePoller:
        operation, request = self._new_operation(self._http, target, polling_interval)
        operation.begin(_send(self._http, request))
        return MaintenancePoller(self._http, operation, self._sleep)

    def close(self) -> None:
        """Close the HTTP connections (and the default credential, if this client made it)."""
        self._http.close()
        close = self._owned_credential_close()
        if close is not None:
            close()

    def __enter__(self) -> MaintenanceClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
