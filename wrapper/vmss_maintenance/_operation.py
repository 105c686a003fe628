"""One performMaintenance operation, with no I/O: the requests to send and the next step.

The sync and async pollers share this; they only send, sleep and read the clock.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import attrs
import httpx
from vmss_maintenance_api.api.virtual_machine_scale_sets import (
    virtual_machine_scale_sets_perform_maintenance as perform_maintenance,
)
from vmss_maintenance_api.models import VirtualMachineScaleSetVMInstanceIDs
from vmss_maintenance_api.types import UNSET

from . import _continuation
from ._lro import Finished, LroMachine, Poll, Timing
from ._result import MaintenanceResult
from ._spec import PERFORM_MAINTENANCE
from .errors import InvalidArgumentError, MaintenanceError

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@attrs.frozen
class Target:
    """Which scale set and instances (``None`` = all) the operation is for."""

    subscription_id: str
    resource_group_name: str
    vm_scale_set_name: str
    instance_ids: tuple[str, ...] | None


@attrs.frozen
class Sleep:
    """Wait this many seconds, then ask again."""

    seconds: float


@attrs.frozen
class Send:
    """GET this URL now and hand the response to :meth:`Operation.receive`."""

    url: str


@attrs.frozen
class TimedOut:
    """The deadline came before the operation ended."""


@attrs.frozen
class Complete:
    """The operation succeeded."""

    result: MaintenanceResult


Step = Sleep | Send | TimedOut | Complete


def perform_request(
    http: httpx.Client | httpx.AsyncClient, target: Target, api_version: str, request_id: str
) -> httpx.Request:
    """The POST, built by the generated operation: body only when ids are given.

    The one place the POST is built; a request whose path is not exactly the operation's
    template with each segment filled in (percent-encoded) is refused, never sent.
    """
    body = (
        UNSET
        if target.instance_ids is None
        else VirtualMachineScaleSetVMInstanceIDs(instance_ids=list(target.instance_ids))
    )
    # The generated module builds the URL (percent-encoded segments), query and body. It always
    # adds Content-Type; a request without a body must not carry one.
    try:
        kwargs = perform_maintenance._get_kwargs(
            target.subscription_id,
            target.resource_group_name,
            target.vm_scale_set_name,
            body=body,
            api_version=api_version,
        )
    except UnicodeEncodeError as exc:
        raise InvalidArgumentError(
            f"the scale set's names cannot be sent: they are not valid Unicode text ({exc.reason})"
        ) from None
    headers: dict[str, str] = dict(kwargs.pop("headers"))
    if "json" not in kwargs:
        headers.pop("Content-Type", None)
    headers["x-ms-client-request-id"] = request_id
    request = http.build_request(**kwargs, headers=headers)
    _check_shape(request, http.base_url, target)
    return request


def _template_path(target: Target) -> bytes:
    """The operation's path from the spec, each segment filled in and percent-encoded."""
    values = {
        "subscriptionId": target.subscription_id,
        "resourceGroupName": target.resource_group_name,
        "vmScaleSetName": target.vm_scale_set_name,
    }
    path = _PLACEHOLDER.sub(lambda m: quote(values[m[1]], safe=""), PERFORM_MAINTENANCE.path)
    return path.encode("ascii")


def _check_shape(request: httpx.Request, base_url: httpx.URL, target: Target) -> None:
    """Refuse a request that is not the operation's method, origin and templated path."""
    expected = base_url.raw_path.rstrip(b"/") + _template_path(target)
    actual = request.url.raw_path.partition(b"?")[0]
    same_origin = request.url.copy_with(raw_path=b"/") == base_url.copy_with(raw_path=b"/")
    if request.method != PERFORM_MAINTENANCE.method or actual != expected or not same_origin:
        raise InvalidArgumentError(
            f"refusing to send {request.method} {actual.decode('ascii', 'replace')!r}: it is not "
            f"the {PERFORM_MAINTENANCE.operation_id} path {expected.decode('ascii')!r} "
            f"for resource group {target.resource_group_name!r} and scale set "
            f"{target.vm_scale_set_name!r}; nothing was sent"
        )


def poll_request(
    http: httpx.Client | httpx.AsyncClient, url: str, request_id: str
) -> httpx.Request:
    """A status GET, carrying the operation's client request id."""
    return http.build_request("GET", url, headers={"x-ms-client-request-id": request_id})


class Operation:
    """The state of one operation and what to do next."""

    def __init__(
        self,
        target: Target,
        machine: LroMachine,
        *,
        api_version: str,
        clock: Callable[[], float],
        client_request_id: str | None = None,
        started: float | None = None,
        service_request_id: str | None = None,
    ) -> None:
        self.target = target
        self.machine = machine
        self.api_version = api_version
        self.clock = clock
        self.client_request_id = client_request_id or str(uuid.uuid4())
        self.started = clock() if started is None else started
        self.service_request_id = service_request_id
        if machine.request_id is None:  # a resumed operation: its failures name it too
            machine.request_id = service_request_id or self.client_request_id
        self.next_poll_at = self.started
        self.ended: float | None = None  # when the operation was seen to succeed
        self.error: MaintenanceError | None = None

    # -- reading responses ----------------------------------------------------------------

    def begin(self, response: httpx.Response) -> None:
        """Read the answer to the POST."""
        self.service_request_id = response.headers.get("x-ms-request-id")
        self._decide(lambda now: self.machine.start(response, now))

    def receive(self, response: httpx.Response) -> None:
        """Read the answer to a poll."""
        self._decide(lambda now: self.machine.receive(response, now))

    def fail(self, error: MaintenanceError) -> None:
        """Remember an error that ended the operation (raised again by later calls)."""
        self.error = error

    def _decide(self, decide: Callable[[datetime], Finished | Poll]) -> None:
        now = self.clock()
        try:
            decision = decide(datetime.fromtimestamp(now, UTC))
        except MaintenanceError as exc:
            self.error = exc
            raise
        if isinstance(decision, Poll):
            self.next_poll_at = now + decision.delay
        else:
            self.ended = now

    # -- what next ------------------------------------------------------------------------

    @property
    def status(self) -> str:
        """The last status the service reported (e.g. ``InProgress``, ``Succeeded``)."""
        return self.machine.status

    @property
    def done(self) -> bool:
        """True when the operation has ended, successfully or not."""
        return self.machine.done or self.error is not None

    def next_poll_in(self) -> float | None:
        """Seconds until the next poll is due (0 when due), or None when there is none."""
        if self.done:
            return None
        return max(0.0, self.next_poll_at - self.clock())

    def next_step(self, deadline: float | None) -> Step:
        """Sleep, send a poll, stop at the deadline, or report the result."""
        if self.error is not None:
            raise self.error
        if self.machine.done:
            return Complete(self.result())
        now = self.clock()
        if now >= self.next_poll_at:
            if deadline is not None and now > deadline:
                return TimedOut()
            return Send(self.machine.next_url or "")
        if deadline is not None and now >= deadline:
            return TimedOut()
        wake = self.next_poll_at if deadline is None else min(self.next_poll_at, deadline)
        return Sleep(wake - now)

    def result(self) -> MaintenanceResult:
        """The result of a succeeded operation; ``elapsed`` stops when it succeeded."""
        machine = self.machine
        if self.ended is None:  # resumed from a token of an operation already done
            self.ended = self.clock()
        return MaintenanceResult(
            status=machine.status,
            subscription_id=self.target.subscription_id,
            resource_group_name=self.target.resource_group_name,
            vm_scale_set_name=self.target.vm_scale_set_name,
            instance_ids=self.target.instance_ids,
            started_at=machine.started_at,
            ended_at=machine.ended_at,
            request_id=self.service_request_id or self.client_request_id,
            polls=machine.polls,
            elapsed=max(0.0, self.ended - self.started),
        )

    # -- continuation ---------------------------------------------------------------------

    def continuation_token(self) -> str:
        """Opaque text to resume this operation elsewhere; holds no secret."""
        data: dict[str, Any] = {
            "api_version": self.api_version,
            "client_request_id": self.client_request_id,
            "service_request_id": _continuation.request_id_or_none(self.service_request_id),
            "started": self.started,
            "subscription_id": self.target.subscription_id,
            "resource_group_name": self.target.resource_group_name,
            "vm_scale_set_name": self.target.vm_scale_set_name,
            "instance_ids": None if self.target.instance_ids is None
            else list(self.target.instance_ids),
            **self.machine.snapshot(),
        }
        return _continuation.encode(data)

    @classmethod
    def from_token(
        cls,
        token: str,
        *,
        timing: Timing,
        check_url: Callable[[str], None],
        clock: Callable[[], float],
    ) -> Operation:
        """Rebuild an operation from :meth:`continuation_token`; URLs are checked again."""
        data = _continuation.decode(token)
        ids = data["instance_ids"]
        target = Target(
            subscription_id=data["subscription_id"],
            resource_group_name=data["resource_group_name"],
            vm_scale_set_name=data["vm_scale_set_name"],
            instance_ids=None if ids is None else tuple(ids),
        )
        machine = LroMachine.restore(data, timing, check_url)
        original_path = httpx.URL(machine.original_url).raw_path.partition(b"?")[0]
        if not original_path.endswith(_template_path(target)):
            raise _continuation.damaged(
                "its original URL is not the performMaintenance URL of its scale set"
            )
        operation = cls(
            target,
            machine,
            api_version=data["api_version"],
            clock=clock,
            client_request_id=data["client_request_id"],
            started=float(data["started"]),
            service_request_id=data["service_request_id"],
        )
        operation.next_poll_at = clock()
        return operation
