"""Checks on what the caller passes, done before anything is sent.

Every failure is an :class:`InvalidArgumentError` naming the bad value (trimmed when long) and
what is allowed.

Names follow Azure's documented naming rules ("Naming rules and restrictions for Azure
resources", learn.microsoft.com):

* resource groups (``Microsoft.Resources/resourcegroups``): 1-90 characters; underscores,
  hyphens, periods, parentheses and letters or digits (the Unicode categories Lu, Ll, Lt, Lm,
  Lo and Nd, as .NET's ``Char.IsLetterOrDigit``); must not end with a period.
* scale sets (``Microsoft.Compute/virtualMachineScaleSets``): a resource name of 1-64
  characters (the 15-character Windows limit is for the computer name prefix, not the resource
  name); letters, digits, underscores, hyphens and periods; must not start with an
  underscore nor end with a period or a hyphen.

So a name can never be a dot segment (``.`` or ``..``) that would move the request elsewhere.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from .errors import InvalidArgumentError

RESOURCE_GROUP_MAX = 90
SCALE_SET_MAX = 64
VM_NAME_MAX = 64
#: A scale set has at most 1,000 instances, so more ids than that cannot all be distinct.
INSTANCE_IDS_MAX = 1000
#: Instance ids are non-negative decimal numbers; a larger one cannot exist.
INSTANCE_ID_LARGEST = 2**31 - 1
#: Values longer than this are cut short when an error message shows them.
SHOWN_MAX = 100
_LETTER_OR_DIGIT = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd"})
_DIGITS = re.compile(r"[0-9]+")
_SCALE_SET_ID = re.compile(
    r"/subscriptions/(?P<sub>[^/]+)/resourceGroups/(?P<rg>[^/]+)"
    r"/providers/Microsoft\.Compute/virtualMachineScaleSets/(?P<name>[^/]+)"
    r"(?:/virtualMachines/(?P<instance>[^/]+))?/?",
    re.IGNORECASE,
)


def shown(value: object) -> str:
    """``repr(value)``, cut to about :data:`SHOWN_MAX` characters for error messages."""
    if isinstance(value, str) and len(value) > SHOWN_MAX:
        return f"{value[:SHOWN_MAX]!r}... ({len(value)} characters)"
    text = repr(value)
    return text if len(text) <= SHOWN_MAX + 20 else f"{text[:SHOWN_MAX]}..."


def subscription_id(value: object) -> str:
    """A subscription id must be a GUID; returned in its canonical lower-case form."""
    if not isinstance(value, str):
        raise InvalidArgumentError(f"subscription id must be a GUID string, not {shown(value)}")
    text = value.strip()
    if not text:
        raise InvalidArgumentError(
            f"subscription id {shown(value)} is empty; give the subscription's GUID "
            "(like 00000000-0000-0000-0000-000000000000)"
        )
    parsed = None
    if len(text) in (32, 36, 38):  # uuid.UUID also accepts "urn:uuid:" forms
        try:
            parsed = uuid.UUID(text)
        except ValueError:
            parsed = None
    if parsed is None:
        raise InvalidArgumentError(
            f"subscription id {shown(value)} is not a GUID "
            "(expected like 00000000-0000-0000-0000-000000000000)"
        )
    return str(parsed)


def _letter_or_digit(char: str) -> bool:
    return unicodedata.category(char) in _LETTER_OR_DIGIT


def _check_length(value: object, what: str, limit: int) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidArgumentError(f"{what} must be a non-empty string, not {shown(value)}")
    if len(value) > limit:
        raise InvalidArgumentError(
            f"{what} {shown(value)} is {len(value)} characters long; at most {limit} are allowed"
        )
    return value


def _check_characters(value: str, what: str, extra: str, allowed: str) -> None:
    for char in value:
        if not (_letter_or_digit(char) or char in extra):
            raise InvalidArgumentError(
                f"{what} {shown(value)} contains {char!r}; only {allowed} are allowed"
            )


def resource_group_name(value: object) -> str:
    """A resource group name: 1 to 90 letters, digits, ``_ - . ( )``; not ending in ``.``."""
    what = "resource group name"
    name = _check_length(value, what, RESOURCE_GROUP_MAX)
    _check_characters(
        name, what, "_-.()", "letters, digits, underscores, hyphens, periods and parentheses"
    )
    if name.endswith("."):
        raise InvalidArgumentError(f"{what} {shown(name)} must not end with a period")
    return name


def scale_set_name(value: object) -> str:
    """A scale set name: 1 to 64 letters, digits, ``_ - .``; not starting with ``_``, not
    ending in ``.`` or ``-``."""
    what = "scale set name"
    name = _check_length(value, what, SCALE_SET_MAX)
    _check_characters(name, what, "_-.", "letters, digits, underscores, hyphens and periods")
    if name.endswith((".", "-")):
        raise InvalidArgumentError(f"{what} {shown(name)} must not end with a period or a hyphen")
    if name.startswith("_"):
        raise InvalidArgumentError(f"{what} {shown(name)} must not start with an underscore")
    return name


def vm_name(value: object) -> str:
    """A virtual machine's resource name: 1 to 64 letters, digits, ``_ - .``; not starting
    with ``_``, not ending in ``.`` or ``-`` (Azure's rules for
    ``Microsoft.Compute/virtualMachines``)."""
    what = "VM name"
    name = _check_length(value, what, VM_NAME_MAX)
    _check_characters(name, what, "_-.", "letters, digits, underscores, hyphens and periods")
    if name.endswith((".", "-")):
        raise InvalidArgumentError(f"{what} {shown(name)} must not end with a period or a hyphen")
    if name.startswith("_"):
        raise InvalidArgumentError(f"{what} {shown(name)} must not start with an underscore")
    return name


def instance_id(item: object) -> str:
    """One instance id: a non-negative decimal number (an int or its digits), canonical form."""
    if isinstance(item, bool) or not isinstance(item, (str, int)):
        raise InvalidArgumentError(
            f"instance id {shown(item)} must be a non-negative decimal number (string or int)"
        )
    if isinstance(item, str):
        digits = item
        if _DIGITS.fullmatch(digits) is None or len(digits) > len(str(INSTANCE_ID_LARGEST)):
            raise InvalidArgumentError(
                f"instance id {shown(item)} is not a non-negative decimal number such as '0' "
                "or '17'"
            )
        number = int(digits)
    else:
        number = item
    if not 0 <= number <= INSTANCE_ID_LARGEST:
        raise InvalidArgumentError(
            f"instance id {shown(item)} must be from 0 to {INSTANCE_ID_LARGEST}"
        )
    return str(number)


def instance_ids(values: Iterable[str | int] | None) -> tuple[str, ...] | None:
    """``None`` means every instance; otherwise 1 to 1,000 distinct non-negative decimal ids.

    Integers are accepted; ids are sent as canonical decimal strings ("007" -> "7").
    """
    if values is None:
        return None
    if isinstance(values, (str, bytes)):
        raise InvalidArgumentError(
            f"instance_ids must be a list of ids such as ['0', '3'], not the string "
            f"{shown(values)}"
        )
    try:
        items = list(itertools.islice(values, INSTANCE_IDS_MAX + 1))
    except TypeError:
        raise InvalidArgumentError(
            f"instance_ids must be a list of ids, not {shown(values)}"
        ) from None
    if not items:
        raise InvalidArgumentError(
            "instance_ids is an empty list; omit it (None) to mean every instance"
        )
    if len(items) > INSTANCE_IDS_MAX:
        raise InvalidArgumentError(
            f"more than {INSTANCE_IDS_MAX} instance ids given; a scale set has at most "
            f"{INSTANCE_IDS_MAX} instances (omit instance_ids to mean every instance)"
        )
    ids: dict[str, None] = {}
    for item in items:
        text = instance_id(item)
        if text in ids:
            raise InvalidArgumentError(f"instance id {text!r} is given more than once")
        ids[text] = None
    return tuple(ids)


def seconds(value: object, what: str, *, allow_none: bool = False) -> float | None:
    """A finite, non-negative number of seconds (or None when allowed)."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidArgumentError(f"{what} must be a number of seconds, not {shown(value)}")
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
    #: Set when the id was a scale-set VM's (``.../virtualMachines/<instance id>``).
    instance_id: str | None = None


def parse_scale_set_id(resource_id: str) -> ScaleSetId:
    """Parse ``/subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.Compute/
    virtualMachineScaleSets/{name}``, case-insensitively; each part is validated."""
    return _parse_id(resource_id, allow_instance=False)


def parse_scale_set_or_instance_id(resource_id: str) -> ScaleSetId:
    """:func:`parse_scale_set_id`, also accepting one instance's id (the scale set's id
    followed by ``/virtualMachines/{instance id}``): then ``instance_id`` names it."""
    return _parse_id(resource_id, allow_instance=True)


def _parse_id(resource_id: str, *, allow_instance: bool) -> ScaleSetId:
    if not isinstance(resource_id, str):
        raise InvalidArgumentError(f"resource id must be a string, not {shown(resource_id)}")
    match = _SCALE_SET_ID.fullmatch(resource_id.strip())
    if match is None or (match["instance"] is not None and not allow_instance):
        expected = (
            "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/"
            "virtualMachineScaleSets/<name>"
        )
        if allow_instance:
            expected += " (or that followed by /virtualMachines/<instance id>)"
        raise InvalidArgumentError(
            f"resource id {shown(resource_id)} is not a scale set id; expected {expected}"
        )
    return ScaleSetId(
        subscription_id=subscription_id(match["sub"]),
        resource_group_name=resource_group_name(match["rg"]),
        vm_scale_set_name=scale_set_name(match["name"]),
        instance_id=None if match["instance"] is None else instance_id(match["instance"]),
    )


def by_id_instance_ids(
    parts: ScaleSetId, values: Iterable[str | int] | None
) -> tuple[str, ...] | None:
    """The instances a ``_by_id`` call means: those of a scale-set VM id, else ``values``.

    A scale-set VM id means that one instance; ``instance_ids`` naming anything else with it
    is an :class:`InvalidArgumentError`.
    """
    ids = instance_ids(values)
    if parts.instance_id is None:
        return ids
    if ids is not None and ids != (parts.instance_id,):
        raise InvalidArgumentError(
            f"the resource id names instance {parts.instance_id!r} of scale set "
            f"{parts.vm_scale_set_name!r}, but instance_ids is {list(ids)!r}; pass the scale "
            "set's id with instance_ids, or the instance's id alone"
        )
    return (parts.instance_id,)
