"""The synchronous client and poller: blocking I/O around the shared flow."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, Unpack

import httpx

from ._adapter import scale_set_vm
from ._auth import ArmBearerAuth
from ._client_base import BaseClient, PollerBase, build, no_answer
from ._credentials import TokenCache, default_credential
from ._flow import Flow, OnUpdate, Run, Send, drive, follow
from ._maintenance_status import (
    InstanceMaintenance,
    ScaleSetMaintenance,
    instance_from_scale_set_vm,
)
from ._operations import PERFORM_VM_MAINTENANCE, OperationSpec
from ._pacing import PacingTransport
from ._paging import Pager
from ._result import MaintenanceResult, VmMaintenanceResult
from ._retry import RetryTransport
from ._rollout_methods import SyncRolloutMethods
from ._settings import USER_AGENT, ClientOptions
from ._status_reader import OnProgress, flexible_vm_status, is_flexible
from ._targets import ScaleSetTarget, VmTarget
from ._threaded_reads import read_all
from ._validation import by_id_instance_ids, parse_scale_set_or_instance_id

if TYPE_CHECKING:
    from ._adapter import VirtualMachineScaleSetVM

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
        nothing is sent. An error answer raises :class:`HttpResponseError`. A Flexible scale
        set has no scale-set performMaintenance: when Azure refuses the request (400, 409) the
        scale set is read (one GET) and, if it is Flexible, the error says to use
        :meth:`begin_perform_vm_maintenance` per VM.
        """
        target = ScaleSetTarget(
            self._settings.subscription_id, resource_group_name, vm_scale_set_name, instance_ids
        )
        return self._begin_scale_set(target, polling_interval)

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
        return self._begin_scale_set(target, polling_interval)

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

    # -- reading status -------------------------------------------------------------------

    def get_maintenance_status(
        self,
        resource_group_name: str,
        vm_scale_set_name: str,
        *,
        on_progress: OnProgress | None = None,
    ) -> ScaleSetMaintenance:
        """The maintenance status of every instance of a scale set, Uniform or Flexible.

        Reads the scale set (its orchestration mode), then for a Uniform scale set the
        instance list with instance views (paged), for a Flexible one the VMs of the scale set
        (``VirtualMachines_List`` filtered to it) and each VM's instance view, at most
        ``max_connections`` at a time on a thread pool made for this call (a VM gone meanwhile
        is ``UNKNOWN``; any other error is raised once the reads in flight have ended; a
        ``KeyboardInterrupt`` starts no further read and is raised at once). ``on_progress`` is
        called from the calling thread with the number of instances read so far, as they come.
        Sends only GETs.
        """
        target = self._scale_set_target(resource_group_name, vm_scale_set_name)
        return self._maintenance_status(target, on_progress)

    def get_maintenance_status_by_id(
        self, resource_id: str, *, on_progress: OnProgress | None = None
    ) -> ScaleSetMaintenance:
        """:meth:`get_maintenance_status` for a scale set's ARM resource id."""
        return self._maintenance_status(self._scale_set_target_of(resource_id), on_progress)

    def list_instances(
        self, resource_group_name: str, vm_scale_set_name: str, *, instance_view: bool = True
    ) -> Iterator[VirtualMachineScaleSetVM]:
        """The instances of a Uniform scale set as generated ``VirtualMachineScaleSetVM``
        models, pages fetched as the iteration reaches them.

        ``instance_view``: with each instance's view (``$expand=instanceView`` and
        ``$select=instanceView``, as ``az vmss get-instance-view --instance-id '*'``).
        Arguments are checked now; requests are sent while iterating.
        """
        target = self._scale_set_target(resource_group_name, vm_scale_set_name)
        pager = self._instances_pager(target, instance_view=instance_view)
        return (scale_set_vm(item) for item in self._items(pager))

    def list_scale_sets(self, resource_group_name: str) -> list[str]:
        """The names of the scale sets in a resource group (every page read)."""
        pager = self._scale_sets_pager(resource_group_name)
        return [item["name"] for item in self._items(pager) if isinstance(item.get("name"), str)]

    def _maintenance_status(
        self, target: ScaleSetTarget, on_progress: OnProgress | None
    ) -> ScaleSetMaintenance:
        scale_set = self._drive(self._scale_set_flow(target))
        if is_flexible(scale_set):
            return self._status(target, scale_set, self._flexible_instances(target, on_progress))
        instances: list[InstanceMaintenance] = []
        pager = self._instances_pager(target, instance_view=True)
        while not pager.done:
            page = self._drive(pager.page())
            now = self._clock.utc()
            instances.extend(instance_from_scale_set_vm(vm, now) for vm in page)
            if on_progress is not None:
                on_progress(len(instances))
        return self._status(target, scale_set, instances)

    def _flexible_instances(
        self, target: ScaleSetTarget, on_progress: OnProgress | None
    ) -> list[InstanceMaintenance]:
        """The VMs of a Flexible scale set, then their instance views on up to
        ``max_connections`` threads of a pool made for this call (see :mod:`._threaded_reads`),
        in the listing's order."""
        vms = list(self._items(self._flexible_vms_pager(target)))

        def read(vm: dict[str, Any]) -> InstanceMaintenance:
            return self._drive(flexible_vm_status(target, vm, self.api_version, self._clock.utc))

        limit = self._settings.max_connections
        return read_all(vms, read, limit=limit, on_progress=on_progress)

    def _items(self, pager: Pager) -> Iterator[dict[str, Any]]:
        while not pager.done:
            yield from self._drive(pager.page())

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

    def _begin_scale_set(
        self, target: ScaleSetTarget, polling_interval: float | None
    ) -> MaintenancePoller[MaintenanceResult]:
        return MaintenancePoller(
            self, self._drive(self._begin_scale_set_flow(target, polling_interval))
        )

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
