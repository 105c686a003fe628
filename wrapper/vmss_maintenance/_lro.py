"""The long-running-operation state machine: ARM's async patterns, with no I/O.

Feed it the initial response, then each poll's response; it answers what to do next:
``Poll(url, delay)`` or ``Finished(status)``, or raises the error the operation ended with.
The sync and async drivers only send what it asks for and sleep as long as it says.

Patterns (https://aka.ms/armlro): ``Azure-AsyncOperation`` -> poll its status body until
Succeeded / Failed / Canceled, then the final GET that ``final-state-via`` asks for;
``Location`` only -> 202 means running (a new Location replaces the old), 200/201/204 done.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import attrs
import httpx

from ._failures import excerpt, json_object, operation_failed, response_error
from ._timing import MIN_POLLING_INTERVAL, check_polling_interval, retry_after_seconds
from .errors import HttpResponseError

TERMINAL = {"succeeded": "Succeeded", "failed": "Failed", "canceled": "Canceled"}


@attrs.frozen
class Poll:
    """Send a GET to ``url`` after ``delay`` seconds."""

    url: str
    delay: float


@attrs.frozen
class Finished:
    """The operation is over and succeeded."""

    status: str


Decision = Poll | Finished


@attrs.frozen
class Timing:
    """How long to wait between polls; ``polling_interval`` is at least
    :data:`~vmss_maintenance._timing.MIN_POLLING_INTERVAL` seconds."""

    polling_interval: float = attrs.field(converter=check_polling_interval)
    retry_after_max: float

    def delay(self, response: httpx.Response, now: datetime) -> float:
        """The server's Retry-After (capped at ``retry_after_max``), else the polling interval;
        never less than ``MIN_POLLING_INTERVAL``, so a ``Retry-After: 0`` cannot busy-loop."""
        asked = retry_after_seconds(response.headers, now=now)
        wait = self.polling_interval if asked is None else min(asked, self.retry_after_max)
        return max(wait, MIN_POLLING_INTERVAL)


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


@attrs.define
class LroMachine:
    """State of one operation. ``phase`` is one of: ``initial``, ``status`` (polling the
    Azure-AsyncOperation URL), ``location`` (polling Location), ``final`` (the final GET),
    ``done``."""

    timing: Timing
    check_url: Callable[[str], None]
    original_url: str
    final_state_via: str = "location"
    status_url: str | None = None
    location_url: str | None = None
    phase: str = "initial"
    status: str = "NotStarted"
    started_at: datetime | None = None
    ended_at: datetime | None = None
    polls: int = 0
    next_url: str | None = None
    #: The operation's id: the ``x-ms-request-id`` of the initial response (else the client
    #: request id it was sent with); failures carry it.
    request_id: str | None = None

    @property
    def done(self) -> bool:
        """True once the operation has succeeded (failures raise instead)."""
        return self.phase == "done"

    def start(self, response: httpx.Response, now: datetime) -> Decision:
        """Read the answer to the initial request."""
        self.request_id = (
            response.headers.get("x-ms-request-id")
            or response.request.headers.get("x-ms-client-request-id")
            or self.request_id
        )
        code = response.status_code
        if code in (200, 204):
            return self._finish("Succeeded")
        if code not in (201, 202):
            raise response_error(response, what="the request")
        self.status_url = self._header_url(response, "azure-asyncoperation")
        self.location_url = self._header_url(response, "location")
        self.status = "InProgress"
        if self.status_url:
            return self._poll("status", self.status_url, response, now)
        if self.location_url:
            return self._poll("location", self.location_url, response, now)
        if code == 201:  # created, no polling header: the resource is already there
            return self._finish("Succeeded")
        raise HttpResponseError(
            "the service accepted the operation (HTTP 202) but sent neither an "
            "Azure-AsyncOperation nor a Location header, so it cannot be followed",
            status_code=code,
            request_id=response.headers.get("x-ms-request-id"),
        )

    def receive(self, response: httpx.Response, now: datetime) -> Decision:
        """Read the answer to the poll this machine asked for."""
        self.polls += 1
        if self.phase == "status":
            return self._on_status(response, now)
        if self.phase == "location":
            return self._on_location(response, now)
        if self.phase == "final":
            return self._on_final(response, now)
        raise RuntimeError(f"no poll is expected in phase {self.phase!r}")

    # -- the patterns ---------------------------------------------------------------------

    def _on_status(self, response: httpx.Response, now: datetime) -> Decision:
        if response.status_code != 200:
            if response.status_code in (201, 202):  # some services answer 202 while running
                return self._poll("status", self.status_url or "", response, now)
            raise response_error(response, what="polling the operation status")
        body = json_object(response.content)
        raw_status = body.get("status") if body is not None else None
        if not isinstance(raw_status, str) or not raw_status:
            raise HttpResponseError(
                "the operation status response has no 'status' field; received: "
                + (excerpt(response.content) or "an empty body"),
                status_code=response.status_code,
                request_id=response.headers.get("x-ms-request-id"),
            )
        assert body is not None
        self.started_at = _parse_time(body.get("startTime")) or self.started_at
        self.ended_at = _parse_time(body.get("endTime")) or self.ended_at
        terminal = TERMINAL.get(raw_status.lower())
        if terminal is None:
            self.status = raw_status
            return self._poll("status", self.status_url or "", response, now)
        if terminal != "Succeeded":
            self.status = terminal
            raise operation_failed(terminal, body, response, self.request_id)
        self.status = terminal
        final_url = self._final_url()
        if final_url is None:
            return self._finish(terminal)
        self.phase = "final"
        self.next_url = final_url
        return Poll(final_url, 0.0)

    def _on_location(self, response: httpx.Response, now: datetime) -> Decision:
        code = response.status_code
        if code == 202:
            self.location_url = self._header_url(response, "location") or self.location_url
            return self._poll("location", self.location_url or "", response, now)
        if code in (200, 201, 204):
            return self._finish("Succeeded")
        if code in (401, 429) or (code >= 500 and json_object(response.content) is None):
            raise response_error(response, what="polling the operation")
        self.status = "Failed"
        raise operation_failed("Failed", json_object(response.content), response, self.request_id)

    def _on_final(self, response: httpx.Response, now: datetime) -> Decision:
        if response.status_code == 202:  # the final resource is not ready yet
            moved = self._header_url(response, "location")
            if moved:  # a new Location is where the result will be: poll it from now on
                self.location_url = moved
            return self._poll("final", moved or self.next_url or "", response, now)
        if response.status_code in (200, 201, 204):
            return self._finish(self.status)
        raise response_error(response, what="the final GET of the operation")

    # -- helpers --------------------------------------------------------------------------

    def _final_url(self) -> str | None:
        if self.final_state_via == "location":
            return self.location_url
        if self.final_state_via == "original-uri":
            return self.original_url
        return None  # azure-async-operation / operation-location: the status body is final

    def _header_url(self, response: httpx.Response, name: str) -> str | None:
        value = response.headers.get(name)
        if not value:
            return None
        value = value.strip()
        # Absolute URLs (what ARM sends) are used as they are; others are resolved.
        url = (
            value
            if value.startswith(("https://", "http://"))
            else str(response.request.url.join(value))
        )
        self.check_url(url)
        return url

    def _poll(self, phase: str, url: str, response: httpx.Response, now: datetime) -> Poll:
        self.phase = phase
        self.next_url = url
        return Poll(url, self.timing.delay(response, now))

    def _finish(self, status: str) -> Finished:
        self.phase = "done"
        self.status = status
        self.next_url = None
        return Finished(status)

    # -- continuation ---------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """What resuming in another process needs (no secrets: URLs and facts only).

        A status the service sent that a token cannot hold (control characters, over 100
        characters) is written as ``InProgress``: resuming polls and learns the real one.
        """
        status = self.status
        if not (0 < len(status) <= 100 and status.isprintable()):
            status = "InProgress"
        return {
            "phase": self.phase,
            "status": status,
            "status_url": self.status_url,
            "location_url": self.location_url,
            "original_url": self.original_url,
            "final_state_via": self.final_state_via,
            "next_url": self.next_url,
            "polls": self.polls,
        }

    @classmethod
    def restore(
        cls, data: dict[str, Any], timing: Timing, check_url: Callable[[str], None]
    ) -> LroMachine:
        """Rebuild from :meth:`snapshot` (fields already checked by ``_continuation.decode``);
        every URL is checked against the trusted hosts again."""
        machine = cls(
            timing=timing,
            check_url=check_url,
            original_url=data["original_url"],
            final_state_via=data["final_state_via"],
            status_url=data["status_url"],
            location_url=data["location_url"],
            phase=data["phase"],
            status=data["status"],
            polls=data["polls"],
            next_url=data["next_url"],
        )
        urls = (machine.status_url, machine.location_url, machine.next_url, machine.original_url)
        for url in urls:
            if url is not None:
                check_url(url)
        return machine
