"""Continuation tokens: an operation's state, serialised, for ``resume`` in any process.

A token is ``vmss1.`` + base64url(zlib(compact JSON)) of one flat, versioned object (the
polling URLs share most of their text, so a token is about a third of the JSON's size;
uncompressed JSON, as 0.1.0 wrote, is read as well)::

    {"v": 2, "op": <operationId>, "api_version", "client_request_id", "service_request_id",
     "started": <wall-clock stamp>, <the target's fields>, "phase", "status", "status_url",
     "location_url", "original_url", "final_location", "polls", "started_at", "ended_at",
     "failure"}

Each URL is stored once (the next one is derived from the phase; ``final_location`` is where
a 202 to the final GET moved it). It holds URLs and facts,
never a secret, and is not signed: :func:`decode` checks every URL against the client's trusted
hosts (an :class:`UntrustedHostError`, whatever else is wrong), then every field as the
original call checked its arguments: phase and status agree, names and ids pass the target's
validators, counts are not negative, the URLs the phase needs are there. Size and nesting are
bounded before the JSON is parsed. Anything else wrong is an :class:`InvalidArgumentError`
naming the field. Tokens written by 0.1.0 (no ``"v"``) are converted and resume as well.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import uuid
import zlib
from datetime import datetime
from typing import Any

import attrs
import httpx

from . import _adapter
from ._failures import Failure, Kind
from ._hosts import HostPolicy
from ._machine import TERMINAL, LroState, Phase, final_url
from ._operations import OPERATIONS, PERFORM_MAINTENANCE, OperationSpec
from .errors import InvalidArgumentError

PREFIX = "vmss1."
VERSION = 2
MAX_TOKEN_CHARS = 65_536  # a scale set of 1000 instances, each named, fits in a fifth of it
MAX_NESTING = 16
MAX_TEXT_CHARS = 256  # a status or a service request id; longer ones are not written
MAX_POLLS = 10**9
MAX_URL_CHARS = 4096
_API_VERSION = re.compile(r"[A-Za-z0-9._-]{1,64}")
LAST_SECOND = 253_402_300_799  # 9999-12-31T23:59:59Z: the last start time a token can hold
URL_FIELDS = ("status_url", "location_url", "original_url", "final_location", "next_url")

_STRING = (str,)
_OPTIONAL_STRING = (str, type(None))
#: field -> accepted JSON types (checked before meaning); target fields come from the target.
_FIELDS: dict[str, tuple[type, ...]] = {
    "v": (int,),
    "op": _STRING,
    "api_version": _STRING,
    "client_request_id": _STRING,
    "service_request_id": _OPTIONAL_STRING,
    "started": (int, float),
    "phase": _STRING,
    "status": _STRING,
    "status_url": _OPTIONAL_STRING,
    "location_url": _OPTIONAL_STRING,
    "original_url": _STRING,
    "final_location": _OPTIONAL_STRING,
    "polls": (int,),
    "started_at": _OPTIONAL_STRING,
    "ended_at": _OPTIONAL_STRING,
    "failure": (dict, type(None)),
}
_FAILURE_FIELDS: dict[str, tuple[type, ...]] = {
    "message": _STRING,
    "status_code": (int, type(None)),
    "request_id": _OPTIONAL_STRING,
    "correlation_id": _OPTIONAL_STRING,
    "error": (dict, type(None)),
}
# 0.1.0's fields: the target of performMaintenance, the LRO and the ids, flat.
_LEGACY_FIELDS = frozenset({
    "api_version", "client_request_id", "service_request_id", "started", "subscription_id",
    "resource_group_name", "vm_scale_set_name", "instance_ids", "phase", "status",
    "status_url", "location_url", "original_url", "final_state_via", "next_url", "polls",
})  # fmt: skip
_LEGACY_PHASES = {"status": "status", "location": "location", "final": "final",
                  "done": "succeeded"}  # fmt: skip


@attrs.frozen
class Record:
    """Everything a token holds: the operation, its target, its ids and its LRO state."""

    operation: OperationSpec
    target: Any
    api_version: str
    client_request_id: str
    service_request_id: str | None
    started: float  # wall-clock seconds (a stamp, never used to schedule)
    lro: LroState


def _damaged(what: str) -> InvalidArgumentError:
    return InvalidArgumentError(f"continuation token is damaged: {what}")


def _stamp(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _failure_data(failure: Failure | None) -> dict[str, Any] | None:
    if failure is None:
        return None
    return {
        "message": failure.message,
        "status_code": failure.status_code,
        "request_id": failure.request_id,
        "correlation_id": failure.correlation_id,
        "error": failure.error,
    }


def encode(record: Record) -> str:
    """The token for ``record``."""
    lro = record.lro
    data: dict[str, Any] = {
        "v": VERSION,
        "op": record.operation.operation_id,
        "api_version": record.api_version,
        "client_request_id": record.client_request_id,
        "service_request_id": _holdable(record.service_request_id),
        "started": record.started,
        **record.target.token_data(),
        "phase": lro.phase.value,
        "status": _holdable(lro.status) or "InProgress",
        "status_url": lro.status_url,
        "location_url": lro.location_url,
        "original_url": lro.original_url,
        "final_location": lro.final_location,
        "polls": lro.polls,
        "started_at": _stamp(lro.started_at),
        "ended_at": _stamp(lro.ended_at),
        "failure": _failure_data(lro.failure),
    }
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8")
    packed = zlib.compress(raw, 9)
    return PREFIX + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def _unpack(packed: bytes) -> bytes:
    """The JSON bytes of a token body: as they are (0.1.0), or inflated, never past
    :data:`MAX_TOKEN_CHARS` (a small token cannot unpack into a huge one)."""
    if not packed.startswith(b"\x78"):  # no zlib header: JSON text never starts with "x"
        return packed
    inflate = zlib.decompressobj()
    try:
        raw = inflate.decompress(packed, MAX_TOKEN_CHARS)
    except zlib.error:
        raise _damaged("it does not decode") from None
    if inflate.unconsumed_tail or not inflate.eof:
        raise _damaged(f"it unpacks to more than {MAX_TOKEN_CHARS} characters, or is cut short")
    return raw


def _holdable(text: str | None) -> str | None:
    """``text`` if a token can hold it (printable, not empty, not too long), else None: a
    status the service sent that cannot be held is written as ``InProgress`` (resuming polls
    and learns the real one); such a service request id is left out (the client request id
    still names the operation)."""
    if text is not None and 0 < len(text) <= MAX_TEXT_CHARS and text.isprintable():
        return text
    return None


def _nesting(text: str) -> int:
    """The deepest bracket nesting of JSON ``text`` (brackets inside strings not counted)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _load(token: object) -> dict[str, Any]:
    if not isinstance(token, str) or not token.startswith(PREFIX):
        shown = token if not isinstance(token, str) else token[:40]
        raise InvalidArgumentError(
            f"continuation token {shown!r} is not one of this library's tokens "
            f"(they start with {PREFIX!r})"
        )
    if len(token) > MAX_TOKEN_CHARS:
        raise _damaged(f"it is {len(token)} characters long; at most {MAX_TOKEN_CHARS} are")
    body = token[len(PREFIX) :]
    try:
        packed = base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise _damaged("it does not decode") from None
    try:
        text = _unpack(packed).decode("utf-8")
    except UnicodeDecodeError:
        raise _damaged("it does not decode") from None
    if _nesting(text) > MAX_NESTING:
        raise _damaged(f"it nests deeper than {MAX_NESTING} levels")
    try:
        data = json.loads(text)
    except ValueError:
        raise _damaged("it does not decode") from None
    if not isinstance(data, dict):
        raise _damaged("it is not a JSON object")
    return data


def _check_types(data: dict[str, Any], fields: dict[str, tuple[type, ...]], where: str) -> None:
    missing = sorted(set(fields) - set(data))
    extra = sorted(set(data) - set(fields))
    if missing or extra:
        raise _damaged(f"its fields are wrong{where} (missing {missing}, unexpected {extra})")
    for name, kinds in fields.items():
        value = data[name]
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise _damaged(f"bad {name!r}{where}: {type(value).__name__} {_short(value)}")


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "..."


def _from_legacy(data: dict[str, Any]) -> dict[str, Any]:
    """A 0.1.0 token's object in today's schema (its ``next_url`` is derived now)."""
    if set(data) != _LEGACY_FIELDS:
        raise _damaged("its fields are wrong (neither this version's nor 0.1.0's)")
    converted = {key: value for key, value in data.items()
                 if key not in ("next_url", "final_state_via")}  # fmt: skip
    phase = data["phase"]
    converted["phase"] = _LEGACY_PHASES.get(phase, phase) if isinstance(phase, str) else phase
    converted.update(v=VERSION, op=PERFORM_MAINTENANCE.operation_id, started_at=None,
                     ended_at=None, failure=None, final_location=None)  # fmt: skip
    return converted


def _time(data: dict[str, Any], name: str) -> datetime | None:
    value = data[name]
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise _damaged(f"bad {name!r}: {_short(value)} is not an ISO 8601 time") from None


def _failure(data: dict[str, Any]) -> Failure | None:
    value = data["failure"]
    if value is None:
        return None
    _check_types(value, _FAILURE_FIELDS, " in 'failure'")
    error = value["error"]
    if error is not None and not isinstance(error.get("error"), dict):
        raise _damaged("bad 'error' in 'failure': not a CloudError object")
    return Failure(Kind.OPERATION, value["message"], status=data["status"],
                   status_code=value["status_code"], request_id=value["request_id"],
                   correlation_id=value["correlation_id"], error=error)  # fmt: skip


def _operation(data: dict[str, Any]) -> OperationSpec:
    operation = OPERATIONS.get(data["op"])
    if operation is None:
        raise _damaged(f"bad 'op': {_short(data['op'])} is not an operation this version knows")
    return operation


def _target(operation: OperationSpec, data: dict[str, Any]) -> Any:
    target_type = operation.target_type
    try:
        return target_type.from_token({name: data[name] for name in target_type.token_fields})
    except InvalidArgumentError as exc:
        raise _damaged(f"bad target: {exc}") from None


def _check_original_url(operation: OperationSpec, target: Any, url: str) -> None:
    """The original URL must be the operation's URL for the token's own target."""
    expected = _adapter.expected_path(operation.operation_id, target.path_params())
    try:
        path = httpx.URL(url).raw_path.partition(b"?")[0]
    except httpx.InvalidURL:
        path = b""
    if not path.endswith(expected.encode("ascii")):
        raise _damaged(
            f"its original URL is not the {operation.operation_id} URL of {target.describe()}"
        )


def _check_url(name: str, url: str) -> None:
    """An absolute http(s) URL of printable ASCII, at most MAX_URL_CHARS long."""
    if not (0 < len(url) <= MAX_URL_CHARS and url.isascii() and url.isprintable()) or " " in url:
        raise _damaged(f"bad {name!r}: an empty URL, or one too long or not printable ASCII")
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        parsed = None
    if parsed is None or parsed.scheme not in ("https", "http") or not parsed.host:
        raise _damaged(f"bad {name!r}: {_short(url)} is not an absolute http(s) URL")


def _lro(operation: OperationSpec, data: dict[str, Any]) -> LroState:
    try:
        phase = Phase(data["phase"])
    except ValueError:
        raise _damaged(f"bad 'phase': {_short(data['phase'])}") from None
    status = data["status"]
    terminal = TERMINAL.get(status.lower())
    if data["polls"] < 0:
        raise _damaged(f"bad 'polls': {data['polls']} is negative")
    if data["polls"] > MAX_POLLS:
        raise _damaged(f"bad 'polls': {data['polls']} is more than {MAX_POLLS}")
    for name in ("status", "service_request_id"):
        if data[name] is not None and _holdable(data[name]) is None:
            raise _damaged(f"bad {name!r}: empty, too long or not printable")
    for name in ("status_url", "location_url", "original_url", "final_location"):
        if data[name] is not None:
            _check_url(name, data[name])
    failure = _failure(data)
    lro = LroState(
        final_state_via=operation.final_state_via,
        original_url=data["original_url"],
        phase=phase,
        status=status,
        status_url=data["status_url"],
        location_url=data["location_url"],
        polls=data["polls"],
        started_at=_time(data, "started_at"),
        ended_at=_time(data, "ended_at"),
        failure=failure,
        final_location=data["final_location"],
    )
    _check_consistent(lro, terminal)
    return lro


def _check_consistent(lro: LroState, terminal: str | None) -> None:
    phase = lro.phase
    if (phase is Phase.FAILED) != (lro.failure is not None):
        raise _damaged(f"phase {phase.value!r} does not match 'failure'")
    if phase is Phase.FAILED and terminal not in ("Failed", "Canceled"):
        raise _damaged(f"phase 'failed' with status {lro.status!r}")
    if phase in (Phase.SUCCEEDED, Phase.FINAL) and terminal != "Succeeded":
        raise _damaged(f"phase {phase.value!r} with status {lro.status!r}")
    if phase in (Phase.STATUS, Phase.LOCATION) and terminal is not None:
        raise _damaged(f"phase {phase.value!r} with the final status {lro.status!r}")
    if (
        phase is Phase.FINAL
        and final_url(lro.final_state_via, lro.original_url, lro.location_url) is None
    ):
        raise _damaged("phase 'final' without the URL of the final GET")
    if phase in (Phase.STATUS, Phase.LOCATION) and not lro.next_url:
        raise _damaged(f"phase {phase.value!r} without the URL it polls")


def decode(token: object, hosts: HostPolicy | None) -> Record:
    """The record in ``token``; see the module documentation for what is checked.

    ``hosts=None`` skips only the trust check of the URLs (for reading a token without a
    client: which hosts are trusted is the resuming client's choice); every other check runs.
    """
    data = _load(token)
    for name in URL_FIELDS:  # before anything else: an edited URL is refused as such
        if hosts is not None and isinstance(data.get(name), str) and data[name]:
            hosts.check(data[name])
    if "v" not in data:
        data = _from_legacy(data)
    elif data["v"] != VERSION or isinstance(data["v"], bool):
        raise InvalidArgumentError(
            f"continuation token has schema version {_short(data['v'])}; this version of "
            f"vmss-maintenance reads {VERSION} (and 0.1.0's): resume it with the version "
            "that wrote it"
        )
    if not isinstance(data.get("op"), str):
        raise _damaged("bad 'op': no operation id")
    operation = _operation(data)
    _check_types(data, {**_FIELDS, **operation.target_type.token_fields}, "")
    if _API_VERSION.fullmatch(data["api_version"]) is None:
        raise _damaged(f"bad 'api_version': {_short(data['api_version'])}")
    try:
        canonical = str(uuid.UUID(data["client_request_id"]))
    except ValueError:
        canonical = None
    if canonical != data["client_request_id"]:
        raise _damaged(
            f"bad 'client_request_id': {_short(data['client_request_id'])} is not a GUID"
        )
    started = data["started"]
    if not math.isfinite(started) or not 0 <= started <= LAST_SECOND:
        raise _damaged(f"bad 'started': {started!r}")
    target = _target(operation, data)
    _check_original_url(operation, target, data["original_url"])
    return Record(
        operation=operation,
        target=target,
        api_version=data["api_version"],
        client_request_id=data["client_request_id"],
        service_request_id=data["service_request_id"],
        started=float(started),
        lro=_lro(operation, data),
    )
