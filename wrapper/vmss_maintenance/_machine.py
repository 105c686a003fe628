"""The long-running-operation core: a frozen state and a pure transition, no I/O, no clock.

``start(...)`` reads the answer to the initial request, ``step(state, response, ...)`` the
answer to each poll; both return the new :class:`LroState` and the next :data:`Action`:
``Poll(url, delay)``, ``Done(status)`` or ``Failed(failure)``. Failures are values; a URL the
host policy refuses is one too. Drivers send what is asked and wait as long as it says.

Patterns (https://aka.ms/armlro): ``Azure-AsyncOperation`` -> poll its status body until
Succeeded / Failed / Canceled, then the final GET that ``final-state-via`` asks for;
``Location`` only -> 202 means running (a new Location replaces the old), 200/201/204 done.
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs
import httpx

from ._failures import (
    Failure,
    excerpt,
    json_object,
    operation_failure,
    protocol_failure,
    response_failure,
    untrusted_failure,
)
from ._hosts import HostPolicy
from ._timing import MIN_POLLING_INTERVAL, check_polling_interval, retry_after_seconds
from .errors import UntrustedHostError

TERMINAL = {"succeeded": "Succeeded", "failed": "Failed", "canceled": "Canceled"}
#: How final-state-via values name where the final GET goes (others: the status body is final).
FINAL_STATE_VIAS = frozenset({"location", "original-uri", "azure-async-operation",
                              "operation-location"})  # fmt: skip


class Phase(enum.Enum):
    """Where an operation is."""

    STATUS = "status"  # polling the Azure-AsyncOperation URL
    LOCATION = "location"  # polling the Location URL
    FINAL = "final"  # the final GET, after the status said Succeeded
    SUCCEEDED = "succeeded"
    FAILED = "failed"


ENDED = frozenset({Phase.SUCCEEDED, Phase.FAILED})


@attrs.frozen
class Timing:
    """How long to wait between polls: the server's Retry-After (capped at
    ``retry_after_max``), else ``polling_interval``; never less than
    :data:`~vmss_maintenance._timing.MIN_POLLING_INTERVAL`, so a ``Retry-After: 0`` cannot
    busy-loop (and a ``polling_interval`` below it is refused)."""

    polling_interval: float = attrs.field(converter=check_polling_interval)
    retry_after_max: float

    def delay(self, response: httpx.Response, now: datetime) -> float:
        """The wait after ``response``; ``now`` (wall time) anchors a Retry-After date."""
        asked = retry_after_seconds(response.headers, now=now)
        wait = self.polling_interval if asked is None else min(asked, self.retry_after_max)
        return max(MIN_POLLING_INTERVAL, wait)


@attrs.frozen
class LroState:
    """One operation's state. ``failure`` is set exactly when ``phase`` is FAILED.

    ``final_location`` is where a 202 to the final GET moved it (its new ``Location``),
    whatever ``final_state_via`` said.
    """

    final_state_via: str
    original_url: str
    phase: Phase
    status: str
    status_url: str | None = None
    location_url: str | None = None
    polls: int = 0
    started_at: datetime | None = None
    ended_at: datetime | None = None
    failure: Failure | None = None
    final_location: str | None = None

    @property
    def done(self) -> bool:
        """Whether the operation has ended."""
        return self.phase in ENDED

    @property
    def next_url(self) -> str | None:
        """The URL the phase polls (derived, so a new Location is always followed)."""
        if self.phase is Phase.STATUS:
            return self.status_url
        if self.phase is Phase.LOCATION:
            return self.location_url
        if self.phase is Phase.FINAL:
            return self.final_location or final_url(
                self.final_state_via, self.original_url, self.location_url
            )
        return None


@attrs.frozen
class Poll:
    """Send a GET to ``url`` after ``delay`` seconds."""

    url: str
    delay: float


@attrs.frozen
class Done:
    """The operation succeeded."""

    status: str


@attrs.frozen
class Failed:
    """The operation failed, or following it did; the state says whether it may go on."""

    failure: Failure


Action = Poll | Done | Failed


def final_url(final_state_via: str, original_url: str, location_url: str | None) -> str | None:
    """Where the final GET goes, or None when the status body is the final state."""
    if final_state_via == "location":
        return location_url
    if final_state_via == "original-uri":
        return original_url
    return None


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


class _Refused(Exception):
    def __init__(self, failure: Failure) -> None:
        self.failure = failure


def _header_url(response: httpx.Response, name: str, hosts: HostPolicy) -> str | None:
    """The URL in header ``name`` (relative ones resolved), checked against ``hosts``."""
    value = response.headers.get(name, "").strip()
    if not value:
        return None
    url = value if value.startswith(("https://", "http://")) else str(
        response.request.url.join(value)
    )
    try:
        hosts.check(url)
    except UntrustedHostError as exc:
        raise _Refused(untrusted_failure(exc)) from None
    return url


def _succeeded(state: LroState) -> tuple[LroState, Action]:
    return attrs.evolve(state, phase=Phase.SUCCEEDED, status="Succeeded"), Done("Succeeded")


def _poll(
    state: LroState, response: httpx.Response, now: datetime, timing: Timing
) -> tuple[LroState, Action]:
    url = state.next_url
    assert url, state  # every phase that polls has its URL (checked where it is set)
    return state, Poll(url, timing.delay(response, now))


def start(
    original_url: str,
    final_state_via: str,
    response: httpx.Response,
    now: datetime,
    timing: Timing,
    hosts: HostPolicy,
) -> tuple[LroState, Action]:
    """Read the answer to the initial request."""
    state = LroState(final_state_via, original_url, Phase.STATUS, "NotStarted")
    code = response.status_code
    if code in (200, 204):
        return _succeeded(state)
    if code not in (201, 202):
        failure = response_failure(response, what="the request")
        return attrs.evolve(state, phase=Phase.FAILED, status="Failed", failure=failure), Failed(
            failure
        )
    try:
        status_url = _header_url(response, "azure-asyncoperation", hosts)
        location_url = _header_url(response, "location", hosts)
    except _Refused as refused:
        failed = attrs.evolve(state, phase=Phase.FAILED, status="Failed", failure=refused.failure)
        return failed, Failed(refused.failure)
    state = attrs.evolve(
        state, status="InProgress", status_url=status_url, location_url=location_url
    )
    if status_url:
        return _poll(state, response, now, timing)
    if location_url:
        return _poll(attrs.evolve(state, phase=Phase.LOCATION), response, now, timing)
    if code == 201:  # created, no polling header: the resource is already there
        return _succeeded(state)
    failure = protocol_failure(
        response,
        "the service accepted the operation (HTTP 202) but sent neither an "
        "Azure-AsyncOperation nor a Location header, so it cannot be followed",
    )
    return attrs.evolve(state, phase=Phase.FAILED, status="Failed", failure=failure), Failed(
        failure
    )


def step(
    state: LroState,
    response: httpx.Response,
    now: datetime,
    timing: Timing,
    hosts: HostPolicy,
) -> tuple[LroState, Action]:
    """Read the answer to the poll ``state`` asked for.

    A failed poll leaves the state as it was (the operation may go on; a token resumes it);
    an operation that ended Failed or Canceled moves to FAILED.
    """
    if state.done:
        raise ValueError(f"no poll is expected: the operation is {state.phase.value}")
    polled = attrs.evolve(state, polls=state.polls + 1)
    try:
        if state.phase is Phase.STATUS:
            return _on_status(polled, response, now, timing)
        if state.phase is Phase.LOCATION:
            return _on_location(polled, response, now, timing, hosts)
        return _on_final(polled, response, now, timing, hosts)
    except _Refused as refused:
        return polled, Failed(refused.failure)


def _on_status(
    state: LroState, response: httpx.Response, now: datetime, timing: Timing
) -> tuple[LroState, Action]:
    code = response.status_code
    if code in (201, 202):  # some services answer 202 while running
        return _poll(state, response, now, timing)
    if code != 200:
        return state, Failed(response_failure(response, what="polling the operation status"))
    body = json_object(response.content)
    raw_status = body.get("status") if body is not None else None
    if body is None or not isinstance(raw_status, str) or not raw_status:
        failure = protocol_failure(
            response,
            "the operation status response has no 'status' field; received: "
            + (excerpt(response.content) or "an empty body"),
        )
        return state, Failed(failure)
    state = attrs.evolve(
        state,
        started_at=_parse_time(body.get("startTime")) or state.started_at,
        ended_at=_parse_time(body.get("endTime")) or state.ended_at,
    )
    terminal = TERMINAL.get(raw_status.lower())
    if terminal is None:
        return _poll(attrs.evolve(state, status=raw_status), response, now, timing)
    if terminal != "Succeeded":
        failure = operation_failure(terminal, body, response)
        return attrs.evolve(state, phase=Phase.FAILED, status=terminal, failure=failure), Failed(
            failure
        )
    if final_url(state.final_state_via, state.original_url, state.location_url) is None:
        return _succeeded(state)
    final = attrs.evolve(state, phase=Phase.FINAL, status=terminal)
    url = final.next_url
    assert url is not None
    return final, Poll(url, 0.0)


def _on_location(
    state: LroState, response: httpx.Response, now: datetime, timing: Timing, hosts: HostPolicy
) -> tuple[LroState, Action]:
    code = response.status_code
    if code == 202:
        location = _header_url(response, "location", hosts) or state.location_url
        return _poll(attrs.evolve(state, location_url=location), response, now, timing)
    if code in (200, 201, 204):
        return _succeeded(state)
    body = json_object(response.content)
    if code in (401, 429) or (code >= 500 and body is None):
        return state, Failed(response_failure(response, what="polling the operation"))
    failure = operation_failure("Failed", body, response)
    return attrs.evolve(state, phase=Phase.FAILED, status="Failed", failure=failure), Failed(
        failure
    )


def _on_final(
    state: LroState, response: httpx.Response, now: datetime, timing: Timing, hosts: HostPolicy
) -> tuple[LroState, Action]:
    code = response.status_code
    if code == 202:  # the final resource is not ready yet; a new Location is followed
        moved = _header_url(response, "location", hosts)
        if moved:  # the result will be there: the final GET goes there from now on
            state = attrs.evolve(state, location_url=moved, final_location=moved)
        return _poll(state, response, now, timing)
    if code in (200, 201, 204):
        return _succeeded(state)
    return state, Failed(response_failure(response, what="the final GET of the operation"))
