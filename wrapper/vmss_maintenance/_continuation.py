"""Continuation tokens: opaque, URL-safe, versioned text that lets another process resume.

A token holds URLs and facts (polling URLs, LRO phase, request ids, api-version, target,
start time) and never a secret. It is not signed: whoever resumes re-checks every URL against
the client's trusted hosts, so an edited token cannot send the bearer token anywhere new.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from .errors import InvalidArgumentError

PREFIX = "vmss1."
# field -> accepted types; None marks optional values.
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
_PHASES = {"status", "location", "final", "done"}


def encode(data: dict[str, Any]) -> str:
    """The token for ``data`` (which must have exactly the known fields)."""
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return PREFIX + base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode(token: object) -> dict[str, Any]:
    """The data in ``token``; anything malformed is an :class:`InvalidArgumentError`."""
    if not isinstance(token, str) or not token.startswith(PREFIX):
        shown = token if not isinstance(token, str) else token[:40]
        raise InvalidArgumentError(
            f"continuation token {shown!r} is not one of this library's tokens "
            f"(they start with {PREFIX!r})"
        )
    body = token[len(PREFIX) :]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError):
        raise InvalidArgumentError("continuation token is damaged: it does not decode") from None
    if not isinstance(data, dict) or set(data) != set(_FIELDS):
        raise InvalidArgumentError("continuation token is damaged: its fields are wrong")
    for name, kinds in _FIELDS.items():
        value = data[name]
        ok = any(value is None if kind is None else isinstance(value, kind) for kind in kinds)
        if not ok or isinstance(value, bool):
            raise InvalidArgumentError(f"continuation token is damaged: bad {name!r}")
    ids = data["instance_ids"]
    if ids is not None and not all(isinstance(item, str) for item in ids):
        raise InvalidArgumentError("continuation token is damaged: bad 'instance_ids'")
    if data["phase"] not in _PHASES:
        raise InvalidArgumentError("continuation token is damaged: bad 'phase'")
    return data
