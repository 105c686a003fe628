"""What the sync and async clients and pollers share; they add only their transport and driver.

:class:`BaseClient` owns the settings, the credential (and whether it is this client's to
close), the clocks and the set-up of operations; :class:`PollerBase` the read-only side of a
poller. Public operation methods stay thin: target -> descriptor -> run.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import httpx

from . import _reads, _status_reader, _tokens, _validation
from ._adapter import RequestParts
from ._clock import Clock
from ._flow import Flow, Run, Send, Update, begin
from ._logging import redact_url
from ._maintenance_status import InstanceMaintenance, ScaleSetMaintenance, scale_set_maintenance
from ._operations import PERFORM_MAINTENANCE, OperationSpec
from ._paging import Pager, get_json
from ._retry import may_have_reached_the_server
from ._settings import ClientOptions, Settings, settings
from ._targets import ScaleSetTarget
from .errors import (
    ClientClosedError,
    HttpResponseError,
    InvalidArgumentError,
    MaintenanceError,
    PollingTimeoutError,
    ServiceRequestError,
)


class PollerBase:
    """The read-only side of a poller: it never sends anything."""

    def __init__(self, run: Run) -> None:
        self._run = run

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.target.describe()} status={self.status()!r}>"

    @property
    def target(self) -> Any:
        """What the operation acts on (a frozen value, e.g. the scale set and instances)."""
        return self._run.record.target

    def status(self) -> str:
        """The operation's status: ``InProgress`` (or what the service reports while it runs)
        until :meth:`done`, then ``Succeeded``, ``Failed`` or ``Canceled``.

        A status is terminal only once the operation is over: after the service reports
        ``Succeeded``, the final GET of the result still follows, and until it has answered
        the status stays ``InProgress``. So :attr:`polls` read at a terminal status is the
        count the result reports.
        """
        return self._run.status

    def done(self) -> bool:
        """Whether the operation has ended (successfully or not); sends nothing."""
        return self._run.ended

    def next_poll_in(self) -> float | None:
        """Seconds until the next status request is due; None once the status is terminal."""
        return self._run.next_poll_in()

    @property
    def subscription_id(self) -> str:
        """The subscription of the scale set (or VM)."""
        return str(self.target.subscription_id)

    @property
    def resource_group_name(self) -> str:
        """The resource group of the scale set."""
        return str(self.target.resource_group_name)

    @property
    def vm_scale_set_name(self) -> str:
        """The scale set's name (a VM's operation has none: see :attr:`vm_name`)."""
        name = getattr(self.target, "vm_scale_set_name", None)
        if name is None:
            raise AttributeError(f"{self.target.describe()} is a VM's operation: see vm_name")
        return str(name)

    @property
    def instance_ids(self) -> tuple[str, ...] | None:
        """The instances asked for; None means every instance (and for a VM's operation)."""
        ids: tuple[str, ...] | None = getattr(self.target, "instance_ids", None)
        return ids

    @property
    def vm_name(self) -> str | None:
        """The VM's name for a VM's operation; None for a scale set's."""
        name: str | None = getattr(self.target, "vm_name", None)
        return name

    @property
    def request_id(self) -> str:
        """The service's ``x-ms-request-id`` of the initial request (else the client's id)."""
        return self._run.request_id

    @property
    def polls(self) -> int:
        """How many GETs have been answered so far: status polls and the final GET; at the end,
        the same number as :attr:`MaintenanceResult.polls`."""
        return self._run.record.lro.polls

    def progress(self) -> Update:
        """The progress so far: the :class:`Update` an ``on_update`` callback would receive
        now (to show the state before the first response); sends nothing."""
        return self._run.update()

    def continuation_token(self) -> str:
        """Opaque text for the client's ``resume``, in this or another process."""
        return _tokens.encode(self._run.record)

    def _deadline(self, timeout: float | None) -> float | None:
        seconds = _validation.seconds(timeout, "timeout", allow_none=True)
        return None if seconds is None else self._run.clock.monotonic() + seconds

    def _timed_out(self, timeout: float | None) -> PollingTimeoutError:
        assert timeout is not None  # without a timeout, following only ends when it ends
        seconds = float(timeout)
        status = self.status()
        return PollingTimeoutError(
            f"the operation did not finish within {seconds:g} s (last status {status}); "
            "resume it with the continuation token",
            continuation_token=self.continuation_token(),
            timeout=seconds,
            status=status,
        )


class BaseClient:
    """Settings, credential ownership, clocks and operation set-up, shared by both clients."""

    def __init__(
        self,
        credential: Any,
        subscription_id: str,
        options: ClientOptions,
        make_default_credential: Callable[[], Any],
    ) -> None:
        self._settings: Settings = settings(subscription_id, options)
        self._clock = Clock.of(options.get("clock"))
        self._own_credential = credential is None
        self._credential = make_default_credential() if credential is None else credential

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(subscription_id={self._settings.subscription_id!r}, "
            f"endpoint={self._settings.base_url!r})"
        )

    @property
    def api_version(self) -> str:
        """The api-version this client sends."""
        return self._settings.api_version

    def _owned_credential_close(self) -> Callable[[], Any] | None:
        """``close`` of the credential this client made, if it has one."""
        close = getattr(self._credential, "close", None) if self._own_credential else None
        return close if callable(close) else None

    @staticmethod
    def _check_timeout(timeout: float | None) -> None:
        # perform_* check their timeout before the request is sent, not after.
        _validation.seconds(timeout, "timeout", allow_none=True)

    def _begin_flow(
        self, operation: OperationSpec, target: Any, polling_interval: float | None
    ) -> Flow[Run]:
        settings = self._settings
        return begin(
            operation,
            target,
            api_version=settings.api_version,
            client_request_id=str(uuid.uuid4()),
            clock=self._clock,
            timing=settings.timing(polling_interval),
            hosts=settings.hosts,
        )

    def _begin_scale_set_flow(
        self, target: ScaleSetTarget, polling_interval: float | None
    ) -> Flow[Run]:
        """Start performMaintenance on a scale set. A refusal (400, 409) is looked into with
        one GET of the scale set: a Flexible one gets an error naming the per-VM path."""
        try:
            return (yield from self._begin_flow(PERFORM_MAINTENANCE, target, polling_interval))
        except HttpResponseError as refused:
            if refused.status_code not in _status_reader.REFUSALS:
                raise
            try:
                scale_set = yield from self._scale_set_flow(target)
            except MaintenanceError:
                scale_set = None  # cannot tell: the service's own answer stands
            if not _status_reader.is_flexible(scale_set):
                raise
            raise _status_reader.flexible_refusal(target, refused) from refused

    # -- reads --------------------------------------------------------------------------------

    def _scale_set_target(self, resource_group_name: str, vm_scale_set_name: str) -> ScaleSetTarget:
        return ScaleSetTarget(
            self._settings.subscription_id, resource_group_name, vm_scale_set_name
        )

    @staticmethod
    def _scale_set_target_of(resource_id: str) -> ScaleSetTarget:
        parts = _validation.parse_scale_set_id(resource_id)
        return ScaleSetTarget(
            parts.subscription_id, parts.resource_group_name, parts.vm_scale_set_name
        )

    def _scale_set_flow(self, target: ScaleSetTarget) -> Flow[Any]:
        request = _reads.scale_set(target, self.api_version)
        return get_json(request, what=f"reading scale set {target.describe()}")

    def _pager(self, request: RequestParts, what: str) -> Pager:
        return Pager(request, self._settings.hosts, what=what)

    def _instances_pager(self, target: ScaleSetTarget, *, instance_view: bool) -> Pager:
        request = _reads.scale_set_vms(target, self.api_version, instance_view=instance_view)
        return self._pager(request, f"listing the instances of {target.describe()}")

    def _flexible_vms_pager(self, target: ScaleSetTarget) -> Pager:
        request = _reads.flexible_vms(target, self.api_version)
        return self._pager(request, f"listing the VMs of {target.describe()}")

    def _scale_sets_pager(self, resource_group_name: str) -> Pager:
        request = _reads.scale_sets(
            self._settings.subscription_id, resource_group_name, self.api_version
        )
        return self._pager(request, f"listing the scale sets of {resource_group_name}")

    def _status(
        self,
        target: ScaleSetTarget,
        scale_set: dict[str, Any],
        instances: list[InstanceMaintenance],
    ) -> ScaleSetMaintenance:
        flexible = _status_reader.is_flexible(scale_set)
        return scale_set_maintenance(
            instances,
            subscription_id=target.subscription_id,
            resource_group_name=target.resource_group_name,
            vm_scale_set_name=target.vm_scale_set_name,
            orchestration_mode="Flexible" if flexible else "Uniform",
            checked_at=self._clock.utc(),
        )

    def _resumed(self, continuation_token: str, polling_interval: float | None) -> Run:
        timing = self._settings.timing(polling_interval)
        record = _tokens.decode(continuation_token, self._settings.hosts)
        return Run(record, clock=self._clock, timing=timing, hosts=self._settings.hosts)


def build(http: httpx.Client | httpx.AsyncClient, send: Send) -> httpx.Request:
    """The ``httpx.Request`` for ``send``, with the client's headers and the operation's id.

    A closed client raises :class:`ClientClosedError` and sends nothing.
    """
    parts = send.request
    if http.is_closed:
        raise closed_error(running=parts.method == "GET")
    request = http.build_request(
        parts.method,
        parts.url,
        params=parts.params or None,
        json=parts.json,
        headers={"x-ms-client-request-id": send.client_request_id},
    )
    if parts.url.startswith("/"):  # an operation's own request: on the endpoint, path as built
        base = http.base_url
        expected = base.raw_path.rstrip(b"/") + parts.url.encode("ascii")
        actual = request.url.raw_path.partition(b"?")[0]
        same_origin = request.url.copy_with(raw_path=b"/") == base.copy_with(raw_path=b"/")
        if actual != expected or not same_origin:
            raise InvalidArgumentError(
                f"refusing to send {parts.method} {actual.decode('ascii', 'replace')!r}: it is "
                f"not {expected.decode('ascii', 'replace')!r} on the endpoint; nothing was sent"
            )
    return request


def closed_error(*, running: bool) -> ClientClosedError:
    """The error for a request on a closed client; ``running``: a poll of a started operation
    (which goes on in Azure and can be resumed)."""
    if running:
        return ClientClosedError(
            "the client is closed, so this poller cannot poll; the operation goes on in Azure: "
            "resume it with an open client: client.resume(poller.continuation_token())"
        )
    return ClientClosedError(
        "the client is closed (close() or the end of its with block); nothing was sent: "
        "make a new client"
    )


def no_answer(request: httpx.Request, exc: httpx.TransportError) -> ServiceRequestError:
    """The error for a request that got no answer.

    A POST that may have been sent (a read timeout, a dropped connection: anything but a
    failure to connect) may have started the operation although no answer came: the message
    says so, with the client request id to look for in Azure.
    """
    message = (
        f"{request.method} {redact_url(request.url)} got no answer: {type(exc).__name__}: {exc}"
    )
    if may_have_reached_the_server(request.method, exc):
        client_request_id = request.headers.get("x-ms-client-request-id", "-")
        message += (
            "; the request may have reached Azure; check before retrying "
            f"(client request id {client_request_id})"
        )
    return ServiceRequestError(message)
