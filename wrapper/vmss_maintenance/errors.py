"""The exceptions this library raises: one root, :class:`MaintenanceError`.

The bottom of the package: every other module may import this one, and it imports none of
them. :attr:`HttpResponseError.error` is typed with the generated ``CloudError`` model, named
here for type checkers only: the generated package lies below the whole wrapper (no cycle), and
at run time ``_adapter`` stays the one module that imports it (and makes that model).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vmss_maintenance_api.models import CloudError


class MaintenanceError(Exception):
    """Root of every error raised by vmss-maintenance."""


class InvalidArgumentError(MaintenanceError, ValueError):
    """A value given to the library is not acceptable; nothing was sent."""


class UntrustedHostError(MaintenanceError):
    """A URL points at a host the bearer token must not go to; nothing was sent there."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message)
        self.url = url


class HttpResponseError(MaintenanceError):
    """The service answered with an error.

    The fields come from the ARM ``CloudError`` body when there is one; ``error`` holds the
    parsed generated model (or ``None`` when the body was not a ``CloudError``).
    ``retry_after`` is the wait in seconds the service asked for (``Retry-After``,
    ``retry-after-ms``), e.g. on a 429 that outlasted the retries; None when it said none.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        code: str | None = None,
        target: str | None = None,
        details: Sequence[Any] = (),
        innererror: Any = None,
        request_id: str | None = None,
        correlation_id: str | None = None,
        error: CloudError | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.code = code
        self.target = target
        self.details = tuple(details)
        self.innererror = innererror
        self.request_id = request_id
        self.correlation_id = correlation_id
        self.error = error
        self.retry_after = retry_after

    def __str__(self) -> str:
        head = f"({self.code}) {self.message}" if self.code else self.message
        facts = []
        if self.status_code is not None:
            facts.append(f"HTTP {self.status_code}")
        if self.request_id:
            facts.append(f"request id {self.request_id}")
        if self.retry_after is not None:
            facts.append(f"retry after {self.retry_after:g} s")
        return f"{head} [{', '.join(facts)}]" if facts else head


class AuthenticationError(HttpResponseError):
    """The service refused the credential (HTTP 401), or no token could be had."""


class OperationFailedError(HttpResponseError):
    """The long-running operation ended ``Failed`` or ``Canceled``; ``status`` says which.

    An operation failure is not an HTTP error: ``status_code`` is ``None``, and
    ``poll_status_code`` is the HTTP status of the poll that reported the failure (often 200).
    ``request_id`` is the operation's: the ``x-ms-request-id`` of the request that started it.
    """

    def __init__(
        self, message: str, *, status: str, poll_status_code: int | None = None, **fields: Any
    ) -> None:
        super().__init__(message, **fields)
        self.status = status
        self.poll_status_code = poll_status_code


class PollingTimeoutError(MaintenanceError, TimeoutError):
    """The operation did not finish within the given time; resume it with the token.

    ``timeout`` is the time that was given (seconds) and ``status`` the operation's status
    when it ran out, when the poller raised it (else None).
    """

    def __init__(
        self,
        message: str,
        *,
        continuation_token: str,
        timeout: float | None = None,
        status: str | None = None,
    ) -> None:
        super().__init__(message)
        self.continuation_token = continuation_token
        self.timeout = timeout
        self.status = status


class ServiceRequestError(MaintenanceError):
    """The request got no answer (connection refused, reset, or timed out) after retries."""


class ClientClosedError(MaintenanceError, RuntimeError):
    """The client was closed (``close()`` or the end of its ``with`` block); nothing was sent.

    Make a new client; an operation that was running goes on in Azure and can be resumed
    with its continuation token.
    """
