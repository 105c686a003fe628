"""What the emulator received and answered, for tests to look at afterwards."""

from __future__ import annotations

import threading
from collections.abc import Mapping

import attrs

__all__ = ["REDACTED", "RecordedRequest", "Recorder"]

REDACTED = "<redacted>"
"""What stands in the record for the value of an ``Authorization`` header."""


@attrs.frozen(eq=True)
class RecordedRequest:
    """One request the emulator received, and its answer.

    Header names are lower-cased; the ``authorization`` value is :data:`REDACTED`. ``query``
    holds the last value of each query parameter, names as sent. ``body`` is ``None`` when the
    request had none. ``status`` is ``None`` when the connection was dropped on purpose (see
    :class:`Faults`). ``elapsed`` is the real time in seconds taken to answer, including any
    injected latency.
    """

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes | None
    status: int | None
    response_headers: dict[str, str]
    elapsed: float
    response_body: bytes = b""


def redact(headers: Mapping[str, str]) -> dict[str, str]:
    """Lower-case the names and hide the ``Authorization`` value."""
    return {
        name.lower(): REDACTED if name.lower() == "authorization" else value
        for name, value in headers.items()
    }


class Recorder:
    """A thread-safe list of :class:`RecordedRequest`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[RecordedRequest] = []

    def add(self, item: RecordedRequest) -> None:
        """Append one record."""
        with self._lock:
            self._items.append(item)

    def snapshot(self) -> list[RecordedRequest]:
        """A copy of the records so far, oldest first."""
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        """Forget every record."""
        with self._lock:
            self._items.clear()
