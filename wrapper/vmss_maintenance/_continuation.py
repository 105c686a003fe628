"""Continuation tokens: opaque, URL-safe, versioned text that lets another process resume.

A token holds URLs and facts (polling URLs, LRO phase, request ids, api-version, target,
start time) and never a secret. It is not signed, so decoding trusts nothing: every field is
checked as the original call checked it (names, ids, GUIDs), the LRO phase must agree with
the status and the URLs it needs, sizes and nesting are bounded, and whoever resumes re-checks
every URL against the client's trusted hosts, so an edited token cannot send the bearer token
anywhere new. Anything wrong is an :class:`InvalidArgumentError`.

Format: ``vmss1.`` + base64url (unpadded) of either

* a zlib stream of a compact JSON object with ``"v": 2`` (written now: short keys, each
  distinct URL stored once and referred to by index), or
* a JSON object with the long field names (written by 0.1.0; still read).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import uuid
import zlib
from typing import Any

import httpx

from . import _validation
from .errors import InvalidArgumentError

PREFIX = "vmss1."
FORMAT = 2
#: Far more than a token for 1,000 instance ids needs; longer text is refused unread.
MAX_TOKEN_CHARS = 32_768
MAX_JSON_BYTES = 65_536
MAX_URL_CHARS = 4_096
MAX_STATUS_CHARS = 100
MAX_REQUEST_ID_CHARS = 256
MAX_POLLS = 10**9
#: 9999-12-31T23:59:59Z, the last second a start time can be.
LAST_SECOND = 253_402_300_799

# The logical fields (what encode takes and decode returns) -> accepted types.
_FIELDS: dict[str, tuple[type | None, ...]] = {
    "api_version": (str,),
    "client_request_id": (str,),
    "service_request_id": (str, None),
    "started": (float, int),
    "subscription_id": (str,),
    "resource_group_name": (str,),
    "vm_scale_set_name": (str,),
    "instance_ids": (list, None),
    "phase": (str,),
    "status": (str,),
    "status_url": (str, None),
    "location_url": (str, None),
    "original_url": (str,),
    "final_state_via": (str,),
    "next_url": (str, None),
    "polls": (int,),
}
# Compact key -> logical field, for everything but the URLs.
_SHORT = {
    "a": "api_version",
    "c": "client_request_id",
    "r": "service_request_id",
    "t": "started",
    "s": "subscription_id",
    "g": "resource_group_name",
    "n": "vm_scale_set_name",
    "i": "instance_ids",
    "p": "phase",
    "st": "status",
    "f": "final_state_via",
    "k": "polls",
}
# Compact key (an index into the URL list "u") -> logical URL field.
_URL_REFS = {"su": "status_url", "lu": "location_url", "ou": "original_url", "nu": "next_url"}
_COMPACT_KEYS = {"v", "u", *_SHORT, *_URL_REFS}
_FINAL_STATES = {"location", "original-uri", "azure-async-operation", "operation-location"}
_POLLING_PHASES = {"status": "status_url", "location": "location_url"}
_PHASES = {*_POLLING_PHASES, "final", "done"}
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
_API_VERSION = re.compile(r"[A-Za-z0-9._-]{1,64}")


def damaged(why: str) -> InvalidArgumentError:
    """The error for a token that cannot be used, saying what is wrong with it."""
    return InvalidArgumentError(f"continuation token is damaged: {why}")


# -- encoding --------------------------------------------------------------------------------


def encode(data: dict[str, Any]) -> str:
    """The token for ``data`` (which must have exactly the logical fields)."""
    urls: list[str] = []
    compact: dict[str, Any] = {"v": FORMAT}
    for short, field in _SHORT.items():
        compact[short] = data[field]
    for short, field in _URL_REFS.items():
        url = data[field]
        if url is not None and url not in urls:
            urls.append(url)
        compact[short] = None if url is None else urls.index(url)
    compact["u"] = urls
    raw = json.dumps(compact, separators=(",", ":")).encode("ascii")
    body = base64.urlsafe_b64encode(zlib.compress(raw, 9)).rstrip(b"=").decode("ascii")
    return PREFIX + body


# -- decoding --------------------------------------------------------------------------------


def decode(token: object) -> dict[str, Any]:
    """The checked data in ``token``; anything wrong is an :class:`InvalidArgumentError`."""
    if not isinstance(token, str) or not token.startswith(PREFIX):
        shown = _validation.shown(token if not isinstance(token, str) else token[:40])
        raise InvalidArgumentError(
            f"continuation token {shown} is not one of this library's tokens "
            f"(they start with {PREFIX!r})"
        )
    if len(token) > MAX_TOKEN_CHARS:
        raise damaged(f"it is {len(token)} characters long; tokens are under {MAX_TOKEN_CHARS}")
    body = token[len(PREFIX) :]
    if _BASE64URL.fullmatch(body) is None:
        raise damaged("it holds characters that are not base64url (A-Z a-z 0-9 - _)")
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        raise damaged("it does not decode") from None
    if raw.startswith(b"{"):
        return check(_parse_json(raw, "its text"))
    return check(_from_compact(_parse_json(_inflate(raw), "its content")))


def _inflate(raw: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(raw, MAX_JSON_BYTES)
    except zlib.error:
        raise damaged("it does not decode") from None
    if inflater.unconsumed_tail or not inflater.eof or inflater.unused_data:
        raise damaged("its content is cut short, too large, or followed by junk")
    return text


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number a token holds")


def _parse_json(raw: bytes, what: str) -> dict[str, Any]:
    if len(raw) > MAX_JSON_BYTES:
        raise damaged(f"{what} is too large")
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except RecursionError:
        raise damaged(f"{what} is nested too deeply") from None
    except ValueError:  # also UnicodeDecodeError and json.JSONDecodeError
        raise damaged(f"{what} is not JSON") from None
    if not isinstance(data, dict):
        raise damaged(f"{what} is not a JSON object")
    return data


def _from_compact(compact: dict[str, Any]) -> dict[str, Any]:
    """The logical fields of a format-2 token."""
    if compact.get("v") != FORMAT:
        raise damaged(f"unknown format {_validation.shown(compact.get('v'))}")
    if set(compact) != _COMPACT_KEYS:
        raise damaged("its fields are wrong")
    urls = compact["u"]
    if not isinstance(urls, list) or len(urls) > len(_URL_REFS):
        raise damaged("bad URL list")
    data = {field: compact[short] for short, field in _SHORT.items()}
    used: set[int] = set()
    for short, field in _URL_REFS.items():
        index = compact[short]
        if index is None:
            data[field] = None
            continue
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(urls):
            raise damaged(f"bad {field!r}")
        data[field] = urls[index]
        used.add(index)
    if used != set(range(len(urls))):
        raise damaged("its URL list holds a URL no field uses")
    return data


# -- checking ----------------------------------------------------------------------------------


def check(data: dict[str, Any]) -> dict[str, Any]:
    """Check the logical fields as the original call checked them; the checked values."""
    if set(data) != set(_FIELDS):
        raise damaged("its fields are wrong")
    for name, kinds in _FIELDS.items():
        value = data[name]
        ok = any(value is None if kind is None else isinstance(value, kind) for kind in kinds)
        if not ok or isinstance(value, bool):
            raise damaged(f"bad {name!r}")
    checked = dict(data)
    try:
        checked["subscription_id"] = _validation.subscription_id(data["subscription_id"])
        checked["resource_group_name"] = _validation.resource_group_name(
            data["resource_group_name"]
        )
        checked["vm_scale_set_name"] = _validation.scale_set_name(data["vm_scale_set_name"])
        ids = data["instance_ids"]
        if ids is not None:
            if not all(isinstance(item, str) for item in ids):
                raise InvalidArgumentError("instance ids in a token are strings")
            checked_ids = _validation.instance_ids(ids)
            checked["instance_ids"] = None if checked_ids is None else list(checked_ids)
    except InvalidArgumentError as exc:
        raise damaged(str(exc)) from None
    _check_facts(data)
    for field in ("status_url", "location_url", "original_url", "next_url"):
        _check_url(data[field], field)
    _check_state(data)
    return checked


def _check_facts(data: dict[str, Any]) -> None:
    if _API_VERSION.fullmatch(data["api_version"]) is None:
        raise damaged("bad 'api_version'")
    try:
        client_request_id = uuid.UUID(data["client_request_id"])
    except ValueError:
        raise damaged("bad 'client_request_id'") from None
    if str(client_request_id) != data["client_request_id"]:
        raise damaged("bad 'client_request_id'")
    service_request_id = data["service_request_id"]
    if service_request_id is not None and not _printable(service_request_id, MAX_REQUEST_ID_CHARS):
        raise damaged("bad 'service_request_id'")
    started = data["started"]
    if not (math.isfinite(started) and 0 <= started <= LAST_SECOND):
        raise damaged("bad 'started'")
    if not 0 <= data["polls"] <= MAX_POLLS:
        raise damaged("bad 'polls'")
    if not _printable(data["status"], MAX_STATUS_CHARS):
        raise damaged("bad 'status'")
    if data["final_state_via"] not in _FINAL_STATES:
        raise damaged("bad 'final_state_via'")
    if data["phase"] not in _PHASES:
        raise damaged("bad 'phase'")


def _printable(text: str, limit: int) -> bool:
    return 0 < len(text) <= limit and text.isprintable()


def request_id_or_none(value: str | None) -> str | None:
    """A service request id as a token holds it: ``None`` for one it cannot (too long, or
    with control characters); the operation's own client request id still names it."""
    return value if value is not None and _printable(value, MAX_REQUEST_ID_CHARS) else None


def _check_url(url: str | None, field: str) -> None:
    if url is None:
        return
    if not (_printable(url, MAX_URL_CHARS) and url.isascii()) or " " in url:
        raise damaged(f"bad {field!r}")
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise damaged(f"bad {field!r}") from None
    if parsed.scheme not in ("https", "http") or not parsed.host:
        raise damaged(f"{field!r} is not an absolute http(s) URL")


def _check_state(data: dict[str, Any]) -> None:
    """The phase must agree with the status and have the URLs it needs."""
    phase, status, next_url = data["phase"], data["status"], data["next_url"]
    succeeded = status == "Succeeded"
    if phase == "done":
        if not succeeded or next_url is not None:
            raise damaged(f"phase 'done' needs status 'Succeeded' and no next URL ({status!r})")
        return
    if next_url is None:
        raise damaged(f"phase {phase!r} needs a next URL")
    if phase in _POLLING_PHASES:
        url_field = _POLLING_PHASES[phase]
        if data[url_field] is None or next_url != data[url_field]:
            raise damaged(f"phase {phase!r} polls {url_field!r}, which it does not hold")
        if status.lower() == "succeeded":
            raise damaged(f"phase {phase!r} is still polling, so its status is not {status!r}")
        return
    # phase "final": the status said Succeeded; the final GET goes where final-state-via says.
    via = data["final_state_via"]
    if not succeeded or via not in ("location", "original-uri"):
        raise damaged("phase 'final' needs status 'Succeeded' and a final GET to make")
    if via == "original-uri" and next_url != data["original_url"]:
        raise damaged("phase 'final' must GET the original URL")
