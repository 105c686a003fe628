"""The one door to the generated package ``vmss_maintenance_api``.

No other module imports it at run time (``errors`` names the ``CloudError`` type for type
checkers only, as it cannot import this module, which imports it). What the wrapper takes from
it: the API version and the long-running-operation facts of the packaged OpenAPI document, the
requests of the generated operation modules, and the ``CloudError`` model for error bodies.

Requests are built by each operation module's ``_get_kwargs``: a private generated function, so
it is called here only, and every request it builds is checked against the spec's path template
(each segment percent-encoded). A generator that changes what it builds makes that check fail
(and ``tests/codegen/test_adapter.py`` with it) before anything is sent.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import json
import re
import typing
from pathlib import Path
from typing import Any
from urllib.parse import quote

import attrs
import vmss_maintenance_api
from vmss_maintenance_api.models import ApiError, CloudError
from vmss_maintenance_api.types import UNSET, Unset

from .errors import InvalidArgumentError

if typing.TYPE_CHECKING:
    from vmss_maintenance_api.models import VirtualMachineScaleSetVM as VirtualMachineScaleSetVM

__all__ = [
    "API_VERSION",
    "RequestParts",
    "build_request",
    "cloud_error",
    "error_fields",
    "final_state_via",
    "scale_set_vm",
]

# What ARM (and AutoRest) assume when an LRO names no x-ms-long-running-operation-options.
_DEFAULT_FINAL_STATE = {"post": "location", "delete": "location"}
_PARAMETER = re.compile(r"\{([A-Za-z0-9_]+)\}")


@attrs.frozen
class RequestParts:
    """A request as the generated module builds it: ``url`` is a path on the ARM endpoint."""

    method: str
    url: str
    params: tuple[tuple[str, str], ...]
    json: Any = None


@attrs.frozen
class _Operation:
    """What the spec says about one operation."""

    operation_id: str
    method: str
    path: str
    tag: str
    final_state_via: str


@functools.cache
def _document() -> dict[str, Any]:
    spec_file = Path(vmss_maintenance_api.__file__).with_name("openapi.json")
    document: dict[str, Any] = json.loads(spec_file.read_text("utf-8"))
    return document


@functools.cache
def _operation(operation_id: str) -> _Operation:
    for path, item in _document()["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or operation.get("operationId") != operation_id:
                continue
            options = operation.get("x-ms-long-running-operation-options", {})
            final_state = options.get(
                "final-state-via", _DEFAULT_FINAL_STATE.get(method, "original-uri")
            )
            tags = operation.get("tags") or [operation_id.split("_")[0]]
            final = str(final_state).lower()
            return _Operation(operation_id, method.upper(), path, str(tags[0]), final)
    raise LookupError(f"operation {operation_id!r} is not in the generated spec")


API_VERSION: str = str(_document()["info"]["version"])


def final_state_via(operation_id: str) -> str:
    """The spec's ``final-state-via`` for ``operation_id`` (ARM's default when it names none)."""
    return _operation(operation_id).final_state_via


def _snake(name: str) -> str:
    """An operationId or tag in the generated package's snake case (``VirtualMachineScaleSets``
    -> ``virtual_machine_scale_sets``, ``ScaleSetVMs`` -> ``scale_set_v_ms``)."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name)
    words = words.replace("__", "_")
    return words.lower()


@functools.cache
def _module(operation: _Operation) -> Any:
    package = f"vmss_maintenance_api.api.{_snake(operation.tag)}"
    return importlib.import_module(f"{package}.{_snake(operation.operation_id)}")


@functools.cache
def _body_model(get_kwargs: Any) -> Any:
    """The generated model class the operation's ``body`` parameter takes."""
    hints = typing.get_type_hints(get_kwargs)
    for option in typing.get_args(hints["body"]):
        if option is not Unset:
            return option
    raise LookupError("the generated operation takes no body model")


def expected_path(operation_id: str, path_params: dict[str, str]) -> str:
    """The spec's path template with each parameter percent-encoded (nothing left safe)."""
    template = _operation(operation_id).path
    return _PARAMETER.sub(lambda match: quote(path_params[match.group(1)], safe=""), template)


def build_request(
    operation_id: str,
    path_params: dict[str, str],
    *,
    api_version: str,
    body: dict[str, Any] | None = None,
    query: dict[str, str] | None = None,
) -> RequestParts:
    """The request of ``operation_id``, built by its generated module.

    ``path_params`` are keyed by the spec's parameter names (``subscriptionId``...); ``body``
    is the JSON body, passed through the generated model (``None``: no body); ``query`` the
    generated function's optional query arguments (``filter_``, ``expand``...). A request that
    is not the spec's method and path template with each segment percent-encoded (or has a
    ``.`` or ``..`` segment) is an :class:`InvalidArgumentError`, and nothing is sent.
    """
    operation = _operation(operation_id)
    get_kwargs = _module(operation)._get_kwargs
    arguments: dict[str, Any] = {_snake(name): value for name, value in path_params.items()}
    arguments.update(query or {})
    if body is not None:
        arguments["body"] = _body_model(get_kwargs).from_dict(body)
    elif "body" in inspect.signature(get_kwargs).parameters:
        arguments["body"] = UNSET
    try:
        kwargs: dict[str, Any] = get_kwargs(**arguments, api_version=api_version)
        expected = expected_path(operation_id, path_params)
    except UnicodeEncodeError as exc:
        raise InvalidArgumentError(
            f"the {operation_id} path parameters cannot be sent: they are not valid Unicode "
            f"text ({exc.reason})"
        ) from None
    method = str(kwargs["method"]).upper()
    url = str(kwargs["url"])
    if method != operation.method or url != expected or any(
        value in (".", "..") for value in path_params.values()  # resolved away: another path
    ):
        raise refused(method, url, operation_id, expected)
    params = tuple((str(key), str(value)) for key, value in kwargs.get("params", {}).items())
    return RequestParts(method, url, params, kwargs.get("json"))


def refused(method: str, url: str, operation_id: str, expected: str) -> InvalidArgumentError:
    """The error for a request that is not the operation's method and templated path."""
    return InvalidArgumentError(
        f"refusing to send {method} {url!r}: it is not the {operation_id} path {expected!r} "
        f"({_operation(operation_id).method}, each segment percent-encoded, no dot segments); "
        "nothing was sent"
    )


def cloud_error(body: dict[str, Any] | None) -> CloudError | None:
    """Parse ``{"error": {...}}`` with the generated model; None when the shape is wrong."""
    if body is None or not isinstance(body.get("error"), dict):
        return None
    try:
        return CloudError.from_dict(body)
    except (TypeError, ValueError, KeyError, AttributeError):
        return None


def _text(value: object) -> str | None:
    return None if isinstance(value, Unset) or value is None else str(value)


def error_fields(error: CloudError | None) -> dict[str, Any]:
    """``message``, ``code``, ``target``, ``details``, ``innererror`` of a ``CloudError``."""
    api_error: ApiError | None = (
        None if error is None or isinstance(error.error, Unset) else error.error
    )
    if api_error is None:
        return {"message": None}
    details = api_error.details
    innererror = api_error.innererror
    return {
        "message": _text(api_error.message),
        "code": _text(api_error.code),
        "target": _text(api_error.target),
        "details": [] if isinstance(details, Unset) else details,
        "innererror": None if isinstance(innererror, Unset) else innererror,
    }


def scale_set_vm(item: dict[str, Any]) -> VirtualMachineScaleSetVM:
    """One ``VirtualMachineScaleSetVMs_List`` item as the generated model.

    Lenient as the rest of the wrapper: the spec requires ``location``, and an item without
    it (a ``$select``-ed listing may leave it out) gets ``""`` rather than a ``KeyError``;
    fields of the wrong type are kept as sent (the generated models do not check them).
    """
    from vmss_maintenance_api.models import VirtualMachineScaleSetVM  # on first use

    return VirtualMachineScaleSetVM.from_dict({"location": "", **item})
