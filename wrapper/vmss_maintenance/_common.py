"""What the sync and async clients and pollers share; they add only the I/O."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

import httpx

from . import _validation
from ._config import Settings
from ._logging import redact_url
from ._lro import TERMINAL, LroMachine
from ._operation import Operation, Target, perform_request
from ._retry import may_have_reached_the_server
from ._spec import PERFORM_MAINTENANCE
from .errors import PollingTimeoutError, ServiceRequestError


class PollerBase:
    """The read-only side of a poller: it never sends anything."""

    def __init__(self, operation: Operation) -> None:
        self._operation = operation

    def __repr__(self) -> str:
        target = self._operation.target
        return (
            f"<{type(self).__name__} {target.resource_group_name}/{target.vm_scale_set_name} "
            f"status={self.status()!r}>"
        )

    def status(self) -> str:
        """The operation's status: ``InProgress`` (or what the service reports while it runs)
        until :meth:`done`, then ``Succeeded``, ``Failed`` or ``Canceled``.

        A status is terminal only once the operation is over: after the service reports
        ``Succeeded``, the final GET of the result still follows, and until it has answered
        the status stays ``InProgress``. So :attr:`polls` read at a terminal status is the
        count the result reports.
        """
        status = self._operation.status
        if status in TERMINAL.values() and not self._operation.done:
            return "InProgress"
        return status

    def done(self) -> bool:
        """Whether the operation has ended (successfully or not); sends nothing."""
        return self._operation.done

    def next_poll_in(self) -> float | None:
        """Seconds until the next status request is due; None once the status is terminal."""
        return self._operation.next_poll_in()

    @property
    def subscription_id(self) -> str:
        """The subscription of the scale set."""
        return self._operation.target.subscription_id

    @property
    def resource_group_name(self) -> str:
        """The resource group of the scale set."""
        return self._operation.target.resource_group_name

    @property
    def vm_scale_set_name(self) -> str:
        """The scale set's name."""
        return self._operation.target.vm_scale_set_name

    @property
    def instance_ids(self) -> tuple[str, ...] | None:
        """The instances asked for; None means every instance."""
        return self._operation.target.instance_ids

    @property
    def request_id(self) -> str:
        """The service's ``x-ms-request-id`` of the initial request (else the client's id)."""
        operation = self._operation
        return operation.service_request_id or operation.client_request_id

    @property
    def polls(self) -> int:
        """How many GETs have been answered so far: status polls and the final GET; at the end,
        the same number as :attr:`MaintenanceResult.polls`."""
        return self._operation.machine.polls

    def continuation_token(self) -> str:
        """Opaque text for the client's ``resume``, in this or another process."""
        return self._operation.continuation_token()

    def _deadline(self, timeout: float | None) -> float | None:
        seconds = _validation.seconds(timeout, "timeout", allow_none=True)
        return None if seconds is None else self._operation.clock() + seconds

    def _timed_out(self, timeout: float | None) -> PollingTimeoutError:
        return PollingTimeoutError(
            f"the operation did not finish within {timeout} s (status {self.status()}); "
            "resume it with the continuation token",
            continuation_token=self.continuation_token(),
        )


class ClientBase:
    """Settings, argument checks and operation set-up, shared by both clients."""

    _settings: Settings
    _clock: Callable[[], float]
    _credential: Any
    _own_credential: bool

    def _adopt_credential(self, credential: Any, make_default: Callable[[], Any]) -> Any:
        """The credential to use; one made here (for ``None``) is this client's to close."""
        self._own_credential = credential is None
        self._credential = make_default() if credential is None else credential
        return self._credential

    def _owned_credential_close(self) -> Callable[[], Any] | None:
        """``close`` of the credential this client made, if it has one."""
        close = getattr(self._credential, "close", None) if self._own_credential else None
        return close if callable(close) else None

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(subscription_id={self._settings.subscription_id!r}, "
            f"endpoint={self._settings.endpoint!r})"
        )

    @property
    def api_version(self) -> str:
        """The api-version this client sends."""
        return self._settings.api_version

    @staticmethod
    def _check_timeout(timeout: float | None) -> None:
        # perform_maintenance checks its timeout before the POST, not after it was sent.
        _validation.seconds(timeout, "timeout", allow_none=True)

    def _target(
        self,
        resource_group_name: str,
        vm_scale_set_name: str,
        instance_ids: Iterable[str | int] | None,
    ) -> Target:
        return self._settings.target(resource_group_name, vm_scale_set_name, instance_ids)

    def _target_from_id(
        self, resource_id: str, instance_ids: Iterable[str | int] | None
    ) -> Target:
        parts = _validation.parse_scale_set_id(resource_id)
        return self._settings.target(
            parts.resource_group_name, parts.vm_scale_set_name, instance_ids,
            subscription_id=parts.subscription_id,
        )  # fmt: skip

    def _new_operation(
        self,
        http: httpx.Client | httpx.AsyncClient,
        target: Target,
        polling_interval: float | None,
    ) -> tuple[Operation, httpx.Request]:
        request_id = str(uuid.uuid4())
        request = perform_request(http, target, self._settings.api_version, request_id)
        machine = LroMachine(
            timing=self._settings.timing(polling_interval),
            check_url=self._settings.hosts.check,
            original_url=str(request.url),
            final_state_via=PERFORM_MAINTENANCE.final_state_via,
        )
        operation = Operation(
            target,
            machine,
            api_version=self._settings.api_version,
            clock=self._clock,
            client_request_id=request_id,
        )
        return operation, request

    def _resumed(self, continuation_token: str, polling_interval: float | None) -> Operation:
        return Operation.from_token(
            continuation_token,
            timing=self._settings.timing(polling_interval),
            check_url=self._settings.hosts.check,
            clock=self._clock,
        )


def no_answer(request: httpx.Request, exc: httpx.TransportError) -> ServiceRequestError:
    """The error for a request that got no response.

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
