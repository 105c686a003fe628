"""Turning a failing response (or an operation's error body) into the right exception.

ARM errors are ``CloudError`` bodies, parsed with the generated models. Anything else (an HTML
502 from a proxy, an empty body) still gives an ``HttpResponseError``, with a short excerpt of
what was received; no ``JSONDecodeError`` escapes.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from vmss_maintenance_api.models import ApiError, CloudError
from vmss_maintenance_api.types import Unset

from .errors import AuthenticationError, HttpResponseError, OperationFailedError

EXCERPT_CHARS = 200


def excerpt(content: bytes) -> str:
    """A short, printable piece of a body, for messages."""
    text = content.decode("utf-8", errors="replace").strip()
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + "..."


def json_object(content: bytes) -> dict[str, Any] | None:
    """The body as a JSON object, or None when it is not one."""
    try:
        value = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


def _text(value: object) -> str | None:
    return None if isinstance(value, Unset) or value is None else str(value)


def _fields(api_error: ApiError | None) -> dict[str, Any]:
    if api_error is None:
        return {}
    details = api_error.details
    innererror = api_error.innererror
    return {
        "code": _text(api_error.code),
        "target": _text(api_error.target),
        "details": [] if isinstance(details, Unset) else details,
        "innererror": None if isinstance(innererror, Unset) else innererror,
    }


def cloud_error(body: dict[str, Any] | None) -> CloudError | None:
    """Parse ``{"error": {...}}`` with the generated model; None when the shape is wrong."""
    if body is None or not isinstance(body.get("error"), dict):
        return None
    try:
        return CloudError.from_dict(body)
    except (TypeError, ValueError, KeyError, AttributeError):
        return None


def _api_error(error: CloudError | None) -> ApiError | None:
    if error is None or isinstance(error.error, Unset):
        return None
    return error.error


def response_error(
    response: httpx.Response, *, what: str = "request"
) -> HttpResponseError:
    """The exception for a failing HTTP response (``AuthenticationError`` for a 401)."""
    error = cloud_error(json_object(response.content))
    api_error = _api_error(error)
    message = _text(api_error.message) if api_error else None
    if not message:
        received = excerpt(response.content)
        reason = response.reason_phrase or "error"
        message = f"{what} failed with HTTP {response.status_code} {reason}"
        if received:
            message += f"; the body was: {received}"
    cls = AuthenticationError if response.status_code == 401 else HttpResponseError
    return cls(
        message,
        status_code=response.status_code,
        request_id=response.headers.get("x-ms-request-id"),
        correlation_id=response.headers.get("x-ms-correlation-request-id"),
        error=error,
        **_fields(api_error),
    )


def operation_failed(
    status: str, body: dict[str, Any] | None, response: httpx.Response, request_id: str | None
) -> OperationFailedError:
    """The exception for an operation that ended ``Failed`` or ``Canceled``.

    ``body`` is the operation-status body (``{"status": ..., "error": {...}}``) or a
    ``CloudError`` body from a Location poll, ``response`` the poll that said so, and
    ``request_id`` the operation's (its initial request's) id, which the error carries.
    """
    error = cloud_error(body)
    api_error = _api_error(error)
    message = _text(api_error.message) if api_error else None
    if not message:
        message = f"the operation ended {status} without an error message"
    return OperationFailedError(
        message,
        status=status,
        poll_status_code=response.status_code,
        request_id=request_id or response.headers.get("x-ms-request-id"),
        correlation_id=response.headers.get("x-ms-correlation-request-id"),
        error=error,
        **_fields(api_error),
    )
