"""The poll loop, written once, as generators (the ``httpx.Auth.auth_flow`` pattern).

:func:`begin` and :func:`follow` yield effects, ``Send(request)`` or ``Wait(seconds)``, and
receive each ``Send``'s response; :func:`drive` (sync) and :func:`adrive` (async) perform them.
A :class:`Run` owns one operation's state: its :class:`~._tokens.Record`, when the next poll
is due, and, once it ended, its frozen result or its error.

Scheduling (when a poll is due, deadlines, elapsed) uses the monotonic clock; the wall clock
only stamps the start and anchors ``Retry-After`` dates.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator
from typing import Any, TypeVar

import attrs
import httpx

from . import _machine
from ._adapter import RequestParts
from ._clock import Clock
from ._hosts import HostPolicy
from ._machine import TERMINAL, Failed, Phase, Poll, Timing
from ._operations import OperationSpec, Outcome
from ._tokens import Record
from .errors import MaintenanceError, ServiceRequestError

T = TypeVar("T")


@attrs.frozen
class Send:
    """Send this request (the driver adds the client's headers and the operation's id)."""

    request: RequestParts
    client_request_id: str


@attrs.frozen
class Wait:
    """Sleep this many seconds."""

    seconds: float


Effect = Send | Wait
Flow = Generator[Effect, httpx.Response | None, T]


@attrs.frozen
class Update:
    """Progress of an operation, reported after every response (see ``on_update``).

    ``status`` is the operation's status (terminal only once ``done``), ``polls`` the
    requests sent after the first, ``next_poll_in`` the seconds until the next one (None once
    ``done``).
    """

    status: str
    polls: int
    next_poll_in: float | None
    done: bool


OnUpdate = Callable[[Update], None]


class Run:
    """One operation as it goes: its record, its schedule and, once it ended, its outcome."""

    def __init__(self, record: Record, *, clock: Clock, timing: Timing, hosts: HostPolicy) -> None:
        self.record = record
        self.clock = clock
        self.timing = timing
        self.hosts = hosts
        now = clock.monotonic()
        # When the operation started, on the monotonic clock (a resumed one started earlier).
        self.origin = now - max(0.0, clock.wall() - record.started)
        self.due = now
        self.result: Any = None
        self.error: MaintenanceError | None = None
        self._settle()

    @property
    def request_id(self) -> str:
        """The operation's id: the service's request id of the initial request, else the
        client request id it was sent with (failures of the operation carry it)."""
        return self.record.service_request_id or self.record.client_request_id

    @property
    def ended(self) -> bool:
        """Whether the operation ended (or following it failed)."""
        return self.result is not None or self.error is not None

    def next_poll_in(self) -> float | None:
        """Seconds until the next poll is due (0 when due), None when there is none."""
        if self.ended:
            return None
        return max(0.0, self.due - self.clock.monotonic())

    @property
    def status(self) -> str:
        """The service's last status, but ``InProgress`` for a terminal one until the
        operation ended (after ``Succeeded`` the final GET is still to come)."""
        status = self.record.lro.status
        if status in TERMINAL.values() and not self.ended:
            return "InProgress"
        return status

    def update(self) -> Update:
        """The progress so far."""
        lro = self.record.lro
        return Update(self.status, lro.polls, self.next_poll_in(), self.ended)

    def apply(self, state: _machine.LroState, action: _machine.Action) -> None:
        """Take the machine's new state and act on its answer."""
        self.record = attrs.evolve(self.record, lro=state)
        if isinstance(action, Poll):
            self.due = self.clock.monotonic() + action.delay
        elif isinstance(action, Failed):
            self.error = action.failure.to_error(self.request_id)
        self._settle()

    def _settle(self) -> None:
        lro = self.record.lro
        if lro.phase is Phase.FAILED and self.error is None:
            assert lro.failure is not None
            self.error = lro.failure.to_error(self.request_id)
        if lro.phase is Phase.SUCCEEDED and self.result is None:
            record = self.record
            outcome = Outcome(
                status=lro.status,
                started_at=lro.started_at,
                ended_at=lro.ended_at,
                request_id=self.request_id,
                polls=lro.polls,
                elapsed=max(0.0, self.clock.monotonic() - self.origin),
            )
            self.result = record.operation.result(record.target, outcome)


def begin(
    operation: OperationSpec,
    target: Any,
    *,
    api_version: str,
    client_request_id: str,
    clock: Clock,
    timing: Timing,
    hosts: HostPolicy,
) -> Flow[Run]:
    """Send the initial request and read its answer; the run, or the error it ended with."""
    request = operation.request(target, api_version)
    started = clock.wall()
    response = yield Send(request, client_request_id)
    assert response is not None
    state, action = _machine.start(
        str(response.request.url), operation.final_state_via, response, clock.utc(), timing,
        hosts,
    )  # fmt: skip
    if isinstance(action, Failed):
        raise action.failure.to_error()
    record = Record(
        operation=operation,
        target=target,
        api_version=api_version,
        client_request_id=client_request_id,
        service_request_id=response.headers.get("x-ms-request-id"),
        started=started,
        lro=state,
    )
    run = Run(record, clock=clock, timing=timing, hosts=hosts)
    if isinstance(action, Poll):
        run.due = clock.monotonic() + action.delay
    return run


def follow(run: Run, deadline: float | None, on_update: OnUpdate | None = None) -> Flow[bool]:
    """Poll until the operation ends (True) or the monotonic ``deadline`` passes (False).

    Raises the operation's error, the same exception every time it is asked again.
    """
    clock = run.clock
    while True:
        if run.error is not None:
            raise run.error
        if run.result is not None:
            return True
        now = clock.monotonic()
        if now >= run.due:
            # A poll due by the deadline is made even if the clock moved past it meanwhile
            # (``wait(0)`` on a real clock: a poll already due must still be sent).
            if deadline is not None and run.due > deadline:
                return False
            url = run.record.lro.next_url
            assert url, run.record.lro  # a state that polls has its URL
            try:
                response = yield Send(RequestParts("GET", url, ()), run.record.client_request_id)
            except ServiceRequestError as exc:
                run.error = exc
                raise
            assert response is not None
            run.apply(*_machine.step(run.record.lro, response, clock.utc(), run.timing, run.hosts))
            if on_update is not None:
                on_update(run.update())
        elif deadline is not None and now >= deadline:
            return False
        else:
            yield Wait((run.due if deadline is None else min(run.due, deadline)) - now)


def drive(
    flow: Flow[T],
    send: Callable[[Send], httpx.Response],
    sleep: Callable[[float], None],
) -> T:
    """Run ``flow`` with blocking I/O; a ``ServiceRequestError`` of ``send`` goes into it."""
    reply: httpx.Response | None = None
    error: ServiceRequestError | None = None
    while True:
        try:
            effect = flow.send(reply) if error is None else flow.throw(error)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        reply, error = None, None
        if isinstance(effect, Wait):
            sleep(effect.seconds)
            continue
        try:
            reply = send(effect)
        except ServiceRequestError as exc:
            error = exc


async def adrive(
    flow: Flow[T],
    send: Callable[[Send], Awaitable[httpx.Response]],
    sleep: Callable[[float], Awaitable[None]],
) -> T:
    """:func:`drive`, awaiting ``send`` and ``sleep``."""
    reply: httpx.Response | None = None
    error: ServiceRequestError | None = None
    while True:
        try:
            effect = flow.send(reply) if error is None else flow.throw(error)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        reply, error = None, None
        if isinstance(effect, Wait):
            await sleep(effect.seconds)
            continue
        try:
            reply = await send(effect)
        except ServiceRequestError as exc:
            error = exc

