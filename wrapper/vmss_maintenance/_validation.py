"""Checks on what the caller passes, done before anything is sent.

Every failure is an :class:`InvalidArgumentError` naming the bad value and what is allowed.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from .errors import InvalidArgumentError

RESOURCE_GROUP_MAX = 90
SCALE_SET_MAX = 64
_FORBIDDEN = re.compile(r"[/\\?#%\s\x00-\x1f\x7f]")
_SCALE_SET_ID = re.compile(
    r"/subscriptions/(?P<sub>[^/]+)/resourceGroups/(?P<rg>[^/]+)"
    r"/providers/Microsoft\.Compute/virtualMachineScaleSets/(?P<name>[^/]+)/?",
    re.IGNORECASE,
)


def subscription_id(value: object) -> str:
    """A subscription id must be a GUID; returned in its canonical lower-case form."""
    if not isinstance(value, str):
        raise InvalidArgumentError(f"subscription id must be a GUID string, not {value!r}")
    try:
        parsed = uuid.UUID(value.strip())
    except ValueError:
        raise InvalidArgumentError(
            f"subscription id {value!r} is not a GUID "
            "(expected like 00000000-0000-0000-0000-000000000000)"
        ) from None
    if len(value.strip()) not in (32, 36, 38):  # uuid.UUID also accepts "urn:uuid:" forms
        raise InvalidArgumentError(f"subscription id {value!r} is not a GUID")
    return str(parsed)


def _name(value: object, what: str, limit: int) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidArgumentError(f"{what} must be a non-empty string, not {value!r}")
    if len(value) > limit:
        raise InvalidArgumentError(
            f"{what} {value!r} is {len(value)} characters long; at most {limit} are allowed"
        )
    bad = _FORBIDDEN.search(value)
    if bad:
        raise InvalidArgumentError(
            f"{what} {value!r} contains {bad.group()!r}; '/', '\\', '?', '#', '%', "
            "whitespace and control characters are not allowed"
        )
    return value


def resource_group_name(value: object) -> str:
    """A resource group name: 1 to 90 characters, none of ``/ \\ ? # %``, no whitespace."""
    return _name(value, "resource group name", RESOURCE_GROUP_MAX)


def scale_set_name(value: object) -> str:
    """A scale set name: 1 to 64 characters, none of ``/ \\ ? # %``, no whitespace."""
    return _name(value, "scale set name", SCALE_SET_MAX)


def instance_ids(values: Iterable[str | int] | None) -> tuple[str, ...] | None:
    """``None`` means every instance; otherwise a non-empty list of distinct ids.

    Integers are accepted and sent as strings.
    """
    if values is None:
        return None
    if isinstance(values, (str, bytes)):
        raise InvalidArgumentError(
            f"instance_ids must be a list of ids such as ['0', '3'], not the string {values!r}"
        )
    try:
        items = list(values)
    except TypeError:
        raise InvalidArgumentError(
            f"instance_ids must be a list of ids, not {values!r}"
        ) from None
    if not items:
        raise InvalidArgumentError(
            "instance_ids is an empty list; omit it (None) to mean every instance"
        )
    ids: list[str] = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise InvalidArgumentError(f"instance id {item!r} must be a string or an integer")
        text = str(item)
        if isinstance(item, int) and item < 0:
            raise InvalidArgumentError(f"instance id {item!r} must not be negative")
        if not text or _FORBIDDEN.search(text):
            raise InvalidArgumentError(
                f"instance id {item!r} must be non-empty, without '/', '\\', '?', '#', '%', "
                "whitespace or control characters"
            )
        if text in ids:
            raise InvalidArgumentError(f"instance id {text!r} is given more than once")
        ids.append(text)
    return tuple(ids)


def seconds(value: object, what: str, *, allow_none: bool = False) -> float | None:
    """A finite, non-negative number of seconds (or None when allowed)."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidArgumentError(f"{what} must be a number of seconds, not {value!r}")
    if not math.isfinite(value) or value < 0:
        raise InvalidArgumentError(f"{what} must be finite and >= 0, not {value!r}")
    return float(value)


def number(value: object, what: str) -> float:
    """A finite number >= 0 (a bool is not a number here)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value < 0
    ):
        raise InvalidArgumentError(f"{what} must be a finite number >= 0, got {value!r}")
    return float(value)


def count(value: object, what: str) -> int:
    """An integer >= 0 (a bool is not a count)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidArgumentError(f"{what} must be an integer >= 0, got {value!r}")
    return value


def boolean(value: object, what: str) -> bool:
    """True or False, nothing else."""
    if not isinstance(value, bool):
        raise InvalidArgumentError(f"{what} must be True or False, got {value!r}")
    return value


def attrs_check(check: Callable[[object, str], object]) -> Callable[[Any, Any, object], None]:
    """An attrs validator running ``check`` with the field named ``Class.field``."""

    def validate(instance: Any, attribute: Any, value: object) -> None:
        check(value, f"{type(instance).__name__}.{attribute.name}")

    return validate


@attrs.frozen
class ScaleSetId:
    """The parts of a scale set's ARM resource id."""

    subscription_id: str
    resource_group_name: str
    vm_scale_set_name: str


def parse_scale_set_id(resource_id: str) -> ScaleSetId:
    """Parse ``/subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.Compute/
    virtualMachineScaleSets/{name}``, case-insensitively; each part is validated."""
    if not isinstance(resource_id, str):
        raise InvalidArgumentError(f"resource id must be a string, not {resource_id!r}")
    match = _SCALE_SET_ID.fullmatch(resource_id.strip())
    if match is None:
        raise InvalidArgumentError(
            f"resource id {resource_id!r} is not a scale set id; expected /subscriptions/<id>"
            "/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachineScaleSets/<name>"
        )
    return ScaleSetId(
        subscription_id=subscription_id(match["sub"]),
        resource_group_name=resource_group_name(match["rg"]),
        vm_scale_set_name=scale_set_name(match["name"]),
    )
