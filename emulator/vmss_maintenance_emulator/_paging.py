"""``nextLink`` paging: opaque ``$skiptoken`` values and pages of a list."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import TypeVar

__all__ = ["decode_skiptoken", "encode_skiptoken", "page_of"]

_T = TypeVar("_T")


def encode_skiptoken(offset: int, listing: str) -> str:
    """An opaque token for "the list ``listing`` from position ``offset`` on"."""
    raw = json.dumps({"o": offset, "l": listing.lower()}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_skiptoken(token: str, listing: str) -> int | None:
    """The position a token of :func:`encode_skiptoken` stands for, or ``None`` when it is not
    one (tampered, or made for another list)."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        document = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(document, dict) or document.get("l") != listing.lower():
        return None
    offset = document.get("o")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        return None
    return offset


def page_of(items: Sequence[_T], offset: int, size: int) -> tuple[Sequence[_T], int | None]:
    """The items from ``offset`` (at most ``size``) and the offset of the next page, if any."""
    chunk = items[offset : offset + size]
    following = offset + size
    return chunk, following if following < len(items) else None
