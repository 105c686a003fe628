"""Failures as values: what went wrong, kept until an exception is wanted.

The LRO core returns a :class:`Failure` instead of raising; :meth:`Failure.to_error` makes the
exception the caller sees. ARM error bodies are ``CloudError`` objects, parsed with the
generated model; anything else (an HTML 502 from a proxy, an empty body) still gives an
``HttpResponseError`` with a short excerpt of what was received; no ``JSONDecodeError`` escapes.
"""

from __future__ import annotations

import enum
import json
from email.utils import parsedate_to_datetime
from typing import Any

import attrs
import httpx

from ._adapter import cloud_error, error_fields
from ._timing import retry_after_seconds
from .errors import (
    AuthenticationError,
    HttpResponseError,
    MaintenanceError,
    OperationFailedError,
    UntrustedHostError,
)

EXCERPT_CHARS = 200


class Kind(enum.Enum):
    """What failed."""

    OPERATION = "operation"  # the service says the operation ended Failed or Canceled
    HTTP = "http"  # a request got an error answer
    PROTOCOL = "protocol"  # an answer that cannot be followed
    UNTRUSTED = "untrusted"  # a URL the bearer token must not go to


@attrs.frozen
class Failure:
    """Everything needed to raise the right error, later, as often as asked.

    ``error`` is the ``{"error": {...}}`` JSON object of a CloudError body, when there was one.
    For an OPERATION failure, ``status_code`` and ``request_id`` are those of the poll that
    reported it; the error names the operation instead (see :meth:`to_error`).
    """

    kind: Kind
    message: str
    status: str | None = None
    status_code: int | None = None
    request_id: str | None = None
    correlation_id: str | None = None
    error: dict[str, Any] | None = None
    url: str | None = None
    retry_after: float | None = None

    def to_error(self, operation_request_id: str | None = None) -> MaintenanceError:
        """The exception for this failure.

        An operation failure is not an HTTP error: its exception has ``status_code`` None,
        the poll's status as ``poll_status_code``, and ``operation_request_id`` (the request
        id of the request that started the operation) as ``request_id``.
        """
        if self.kind is Kind.UNTRUSTED:
            return UntrustedHostError(self.message, url=self.url or "")
        parsed = cloud_error(self.error)
        fields = error_fields(parsed)
        message = fields.pop("message") or self.message
        common: dict[str, Any] = {
            "status_code": self.status_code,
            "request_id": self.request_id,
            "correlation_id": self.correlation_id,
            "error": parsed,
            "retry_after": self.retry_after,
            **fields,
        }
        if self.kind is Kind.OPERATION:
            common.update(
                status_code=None, request_id=operation_request_id or self.request_id
            )
            return OperationFailedError(
                message,
                status=self.status or "Failed",
                poll_status_code=self.status_code,
                **common,
            )
        cls = AuthenticationError if self.status_code == 401 else HttpResponseError
        return cls(message, **common)


def excerpt(content: bytes) -> str:
    """A short, printable piece of a body, for messages."""
    text = content.decode("utf-8", errors="replace").strip()
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + "..."


def json_object(content: bytes) -> dict[str, Any] | None:
    """The body as a JSON object, or None when it is not one."""
    try:
        value = json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _error_object(body: dict[str, Any] | None) -> dict[str, Any] | None:
    return body if body is not None and isinstance(body.get("error"), dict) else None


def _facts(response: httpx.Response) -> dict[str, Any]:
    return {
        "status_code": response.status_code,
        "request_id": response.headers.get("x-ms-request-id"),
        "correlation_id": response.headers.get("x-ms-correlation-request-id"),
    }


def response_failure(response: httpx.Response, *, what: str) -> Failure:
    """A failing HTTP answer to ``what`` (the message shows the body when it has no error)."""
    received = excerpt(response.content)
    reason = response.reason_phrase or "error"
    message = f"{what} failed with HTTP {response.status_code} {reason}"
    if received:
        message += f"; the body was: {received}"
    error = _error_object(json_object(response.content))
    return Failure(Kind.HTTP, message, error=error, retry_after=_retry_after(response),
                   **_facts(response))  # fmt: skip


def _retry_after(response: httpx.Response) -> float | None:
    """The wait the answer asked for; an HTTP date is taken relative to its ``Date``."""
    try:
        sent = parsedate_to_datetime(response.headers.get("date", ""))
    except (TypeError, ValueError, IndexError):
        sent = None
    return retry_after_seconds(response.headers, now=sent)


def protocol_failure(response: httpx.Response, message: str) -> Failure:
    """An answer the client cannot follow."""
    return Failure(Kind.PROTOCOL, message, **_facts(response))


def operation_failure(
    status: str, body: dict[str, Any] | None, response: httpx.Response
) -> Failure:
    """An operation that ended ``Failed`` or ``Canceled``.

    ``body`` is the operation-status body (``{"status": ..., "error": {...}}``) or a
    ``CloudError`` body from a Location poll.
    """
    message = f"the operation ended {status} without an error message"
    error = _error_object(body)
    trimmed = None if error is None else {"error": error["error"]}
    return Failure(Kind.OPERATION, message, status=status, error=trimmed, **_facts(response))


def untrusted_failure(error: UntrustedHostError) -> Failure:
    """A URL the host policy refused."""
    return Failure(Kind.UNTRUSTED, str(error), url=error.url)
