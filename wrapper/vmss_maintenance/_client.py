"""The synchronous client and poller: blocking I/O around the shared flow."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any, Generic, TypeVar, Unpack

import httpx

from ._auth import ArmBearerAuth
from ._client_base import BaseClient, PollerBase, build, no_answer
from ._credentials import TokenCache, default_credential
from ._flow import Flow, OnUpdate, Run, Send, drive, follow
from ._operations import PERFORM_MAINTENANCE, PERFORM_VM_MAINTENANCE, OperationSpec
from ._pacing import PacingTransport
from ._result import MaintenanceResult, VmMaintenanceResult
from ._retry import RetryTransport
from ._rollout_methods import SyncRolloutMethods
from ._settings import USER_AGENT, ClientOptions
from ._targets import ScaleSetTarget, VmTarget
from ._validation import by_id_instance_ids, parse_scale_set_or_instance_id

T = TypeVar("T")
R = TypeVar("R")


class MaintenancePoller(PollerBase, Generic[R]):
    """Follows one operation. Nothing runs in the background: polls happen inside
    :meth:`wait` and :meth:`result`.

    ``R`` is the result type: :class:`MaintenanceResult` for a scale set,
    :class:`VmMaintenanceResult` for a VM (either, for a resumed operation).
    """

    def __init__(self, client: MaintenanceClient, run: Run) -> None:
        super().__init__(run)
        self._client = client

    def wait(self, timeout: float | None = None, *, on_update: OnUpdate | None = None) -> None:
        """Poll until the operation ends or ``timeout`` seconds pass (then simply return).

        Raises the operation's error if it failed. ``on_update`` is called with an
        :class:`Update` after every status response.
        """
        self._client._drive(follow(self._run, self._deadline(timeout), on_update))

    def result(self, timeout: float | None = None, *, on_update: OnUpdate | None = None) -> R:
        """Poll until the operation ends and return its result (the same value every time).

        Raises :class:`OperationFailedError` if it failed, :class:`PollingTimeoutError`
        (with the continuation token) if ``timeout`` seconds pass first. ``on_update`` as
        for :meth:`wait`.
        """
        if not self._client._drive(follow(self._run, self._deadline(timeout), on_update)):
            raise self._timed_out(timeout)
        result: R = self._run.result
        return result


class MaintenanceClient(SyncRolloutMethods, BaseClient):
    """Starts and follows performMaintenance on VM scale sets (synchronous).

    ``credential`` is any azure-identity style credential (``get_token`` / ``get_token_info``);
    ``None`` means ``azure.identity.DefaultAzureCredential()``. ``endpoint`` overrides the
    cloud's ARM URL (an emulator, a private cloud); ``timeout`` bounds each HTTP request
    (seconds to connect, send and read, or an ``httpx.Timeout``); ``polling_interval`` is at
    least ``MIN_POLLING_INTERVAL`` (1 s); ``transport`` is an
    ``httpx.BaseTransport``. ``clock`` (one function for both monotonic and wall time) and
    ``sleep`` exist for tests. Use it as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        credential: Any,
        subscription_id: str,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **options: Unpack[ClientOptions],
    ) -> None:
        super().__init__(credential, subscription_id, options, default_credential)
        settings = self._settings
        self._sleep = sleep
        inner = (
            transport
            if transport is not None
            else httpx.HTTPTransport(verify=settings.verify, limits=settings.limits)
        )
        self._http = httpx.Client(
            base_url=settings.base_url,
            auth=ArmBearerAuth(
                TokenCache(self._credential, settings.scope, clock=self._clock.wall),
                trusted_hosts=settings.hosts,
            ),
            transport=RetryTransport(
                PacingTransport(inner, monotonic=self._clock.monotonic, sleep=sleep),
                settings.retry,
                sleep=sleep,
                clock=self._clock.wall,
            ),
            timeout=settings.timeout,
            headers={"User-Agent": USER_AGENT},
            follow_redirects=False,
        )

    # -- performMaintenance on a scale set ------------------------------------------------

    def begin_perform_maintenance(
        self,
        resource_group_name: str,
        vm_scale_set_name: str,
        instance_ids: Iterable[str | int] | None = None,
        *,
        polling_interval: float | None = None,
    ) -> MaintenancePoller[MaintenanceResult]:
        """Send the request and return a poller; ``instance_ids=None`` means every instance.

        Arguments are checked first: a bad one raises :class:`InvalidArgumentError` and
        nothing is sent. An error answer raises :class:`HttpResponseError`.
        """
        target = ScaleSetTarget(
            self._settings.subscription_id, resource_group_name, vm_scale_set_name, instance_ids
        )
        return self._begin(PERFORM_MAINTENANCE, target, polling_interval)

    def begin_perform_maintenance_by_id(
        self,
        resource_id: str,
        instance_ids: Iterable[str | int] | None = None,
        *,
        polling_interval: float | None = None,
    ) -> MaintenancePoller[MaintenanceResult]:
        """:meth:`begin_perform_maintenance` for a scale set's ARM resource id.

        The id of one instance (``.../virtualMachineScaleSets/<name>/virtualMachines/<id>``)
        means that instance alone; ``instance_ids`` naming others with it is an
        :class:`InvalidArgumentError`.
        """
        parts = parse_scale_set_or_instance_id(resource_id)
        ids = by_id_instance_ids(parts, instance_ids)
        target = ScaleSetTarget(
            parts.subscription_id, parts.resource_group_name, parts.vm_scale_set_name, ids
        )
        return self._begin(PERFORM_MAINTENANCE, target, polling_interval)

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
        poller = self.begin_perform_maintenance(
            resource_group_name, vm_scale_set_name, instance_ids, polling_interval=polling_interval
        )
        return poller.result(timeout)

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
        poller = self.begin_perform_maintenance_by_id(
            resource_id, instance_ids, polling_interval=polling_interval
        )
        return poller.result(timeout)

    # -- performMaintenance on a VM -------------------------------------------------------

    def begin_perform_vm_maintenance(
        self, resource_group_name: str, vm_name: str, *, polling_interval: float | None = None
    ) -> MaintenancePoller[VmMaintenanceResult]:
        """Start performMaintenance on one VM (``VirtualMachines_PerformMaintenance``, the
        path for the VMs of a Flexible scale set) and return a poller.

        Arguments are checked first (:class:`InvalidArgumentError`, nothing sent); an error
        answer raises :class:`HttpResponseError`.
        """
        target = VmTarget(self._settings.subscription_id, resource_group_name, vm_name)
        return self._begin(PERFORM_VM_MAINTENANCE, target, polling_interval)

    def perform_vm_maintenance(
        self,
        resource_group_name: str,
        vm_name: str,
        *,
        polling_interval: float | None = None,
        timeout: float | None = None,
    ) -> VmMaintenanceResult:
        """Start performMaintenance on one VM and wait for its result."""
        self._check_timeout(timeout)
        poller = self.begin_perform_vm_maintenance(
            resource_group_name, vm_name, polling_interval=polling_interval
        )
        return poller.result(timeout)

    # -- any operation --------------------------------------------------------------------

    def resume(
        self, continuation_token: str, *, polling_interval: float | None = None
    ) -> MaintenancePoller[Any]:
        """A poller for an operation started elsewhere, of either kind (the token names its
        operation; its result is a :class:`MaintenanceResult` or a
        :class:`VmMaintenanceResult`). Every URL in the token is checked against this
        client's trusted hosts before anything is sent."""
        return MaintenancePoller(self, self._resumed(continuation_token, polling_interval))

    def _begin(
        self, operation: OperationSpec, target: Any, polling_interval: float | None
    ) -> MaintenancePoller[Any]:
        run = self._drive(self._begin_flow(operation, target, polling_interval))
        return MaintenancePoller(self, run)

    def _drive(self, flow: Flow[T]) -> T:
        return drive(flow, self._send, self._sleep)

    def _send(self, send: Send) -> httpx.Response:
        request = build(self._http, send)
        try:
            return self._http.send(request)
        except httpx.TransportError as exc:
            raise no_answer(request, exc) from exc

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
