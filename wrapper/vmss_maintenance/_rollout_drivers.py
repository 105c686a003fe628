"""The sync and async drivers of a rollout: they run each scale set's generator against a backend.

Both share :class:`_Session` (the journal under a lock, written atomically after every change;
events to ``on_event`` and the ``vmss_maintenance.rollout`` logger) and differ only in how they
wait and run scale sets side by side: a thread pool for :func:`run_sync`, an anyio task group
with a ``CapacityLimiter`` for :func:`run_async`.

Interruption: ``KeyboardInterrupt`` (and, for :func:`run_async`, cancellation) stops every
scale set at its next request; a sync worker following an operation stops within about a
second (the backend follows in slices and asks between them), with the operation's newest token
recorded. The journal is already saved, so the report (or, for a cancellation, the log) says
how to resume.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Awaitable, Callable, Generator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import anyio

from ._journal import Journal, what_next
from ._journal_records import check_pause
from ._rollout_effects import (
    AsyncRolloutBackend,
    Effect,
    Emit,
    FetchStatus,
    Follow,
    Record,
    RolloutBackend,
    StartCall,
    Wait,
)
from ._rollout_events import RolloutEvent, ScaleSetDone, ScaleSetOutcome
from ._rollout_plan import DEFAULT_CONCURRENCY, RolloutPlan
from ._rollout_report import RolloutReport, build_report, resume_command
from ._rollout_run import Clock, RunSettings, ScaleSetEnd, StopCause, scale_set_rollout
from ._rollout_targets import check_concurrency
from .errors import InvalidArgumentError, MaintenanceError

logger = logging.getLogger("vmss_maintenance.rollout")

Rollout = Generator[Effect, Any, ScaleSetEnd]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class _Interrupted(Exception):
    """The run is being stopped: this scale set sends nothing more."""


class _Session:
    """What both drivers share: the journal, its lock and file, events, settings."""

    def __init__(
        self,
        plan_or_journal: RolloutPlan | Journal,
        *,
        journal_path: str | os.PathLike[str] | None,
        concurrency: int,
        health_timeout: float | None,
        continue_on_failure: bool | None,
        pause_between_batches: float | None,
        gate_poll_interval: float,
        follow_timeout: float,
        operation_timeout: float | None,
        on_event: Callable[[RolloutEvent], None] | None,
        clock: Clock | None,
    ) -> None:
        check_concurrency(concurrency)
        if pause_between_batches is not None:
            check_pause(pause_between_batches)
        self.clock = clock or _utc_now
        if isinstance(plan_or_journal, Journal):
            journal = plan_or_journal
            for name, given, kept in (
                ("health_timeout", health_timeout, journal.health_timeout),
                ("continue_on_failure", continue_on_failure, journal.continue_on_failure),
                ("pause_between_batches", pause_between_batches, journal.pause_between_batches),
            ):
                if given is not None and given != kept:
                    raise InvalidArgumentError(
                        f"{name} {given!r} differs from the journal's {kept!r}; a resumed "
                        "rollout keeps the settings it was started with"
                    )
        elif isinstance(plan_or_journal, RolloutPlan):
            if continue_on_failure is not None and not isinstance(continue_on_failure, bool):
                raise InvalidArgumentError(
                    f"continue_on_failure {continue_on_failure!r} is not valid; "
                    "allowed: True or False"
                )
            if journal_path is not None and os.path.exists(journal_path):
                raise InvalidArgumentError(
                    f"journal {os.fspath(journal_path)!r} already exists; resume it "
                    "(vmss-maintenance rollout --resume FILE) or choose another file"
                )
            journal = Journal.create(
                plan_or_journal,
                now=self.clock(),
                health_timeout=900.0 if health_timeout is None else health_timeout,
                continue_on_failure=bool(continue_on_failure),
                pause_between_batches=pause_between_batches or 0.0,
            )
        else:
            raise InvalidArgumentError(
                f"plan_or_journal {plan_or_journal!r} is not valid; "
                "allowed: a RolloutPlan or a Journal"
            )
        self.settings = RunSettings(
            health_timeout=journal.health_timeout,
            continue_on_failure=journal.continue_on_failure,
            gate_poll_interval=gate_poll_interval,
            follow_timeout=follow_timeout,
            operation_timeout=operation_timeout,
            pause_between_batches=journal.pause_between_batches,
        )
        self.concurrency = concurrency
        self.path = None if journal_path is None else os.fspath(journal_path)
        self.on_event = on_event
        self.lock = threading.Lock()
        self.journal = journal
        self.ends: dict[str, ScaleSetEnd] = {}
        self._write()

    def rollouts(self) -> list[tuple[str, Rollout]]:
        """Each scale set's id and generator, from where the journal stands."""
        records = {r.plan.resource_id: r for r in self.journal.scale_sets}
        return [
            (
                step.scale_set,
                scale_set_rollout(step, records[step.scale_set], self.settings, self.clock),
            )
            for step in what_next(self.journal)
        ]

    def record(self, change: Record) -> None:
        """Apply ``change`` to the journal and write it, one change at a time."""
        with self.lock:
            self.journal = change.apply(self.journal, self.clock())
            self._write()

    def _write(self) -> None:
        if self.path is not None:
            self.journal.write(self.path)

    def emit(self, event: RolloutEvent) -> None:
        """Give ``event`` to the logger and to ``on_event``."""
        logger.info("%s", event.describe())
        if self.on_event is not None:
            self.on_event(event)

    def local(self, effect: Effect) -> bool:
        """Perform a Record or Emit (no I/O); False for the effects a backend performs."""
        if isinstance(effect, Record):
            self.record(effect)
            return True
        if isinstance(effect, Emit):
            self.emit(effect.event)
            return True
        return False

    def end(self, scale_set: str, end: ScaleSetEnd) -> None:
        """Keep how ``scale_set`` ended and announce it."""
        self.ends[scale_set] = end
        self.emit(ScaleSetDone(scale_set, end.outcome, end.reason))

    def interrupted(self, scale_set: str) -> None:
        """``scale_set`` stopped because the run was interrupted."""
        reason = (
            f"interrupted; journal saved; resume: {resume_command(self.path)}"
            if self.path
            else "interrupted; no journal was kept"
        )
        self.end(scale_set, ScaleSetEnd(ScaleSetOutcome.INTERRUPTED, reason, StopCause.INTERRUPTED))

    def report(self) -> RolloutReport:
        """The report of the run so far."""
        with self.lock:
            return build_report(self.journal, self.ends, self.path)


def run_sync(
    plan_or_journal: RolloutPlan | Journal,
    backend: RolloutBackend,
    *,
    journal_path: str | os.PathLike[str] | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    health_timeout: float | None = None,
    continue_on_failure: bool | None = None,
    pause_between_batches: float | None = None,
    gate_poll_interval: float = 30.0,
    follow_timeout: float = 60.0,
    operation_timeout: float | None = None,
    on_event: Callable[[RolloutEvent], None] | None = None,
    clock: Clock | None = None,
    sleep: Callable[[float], object] | None = None,
) -> RolloutReport:
    """Run a rollout (a new plan, or a journal to resume), ``concurrency`` scale sets at a time.

    ``journal_path``: the journal is written there after every change (None: not kept).
    ``health_timeout``, ``continue_on_failure`` and ``pause_between_batches`` apply to a new
    plan (defaults 900 s, False and 0 s); a journal keeps its own. A new plan refuses a
    ``journal_path`` that exists. ``on_event`` is called from the worker threads, one event at
    a time per scale set. ``clock`` (aware datetimes) and ``sleep`` default to the real ones.
    A ``KeyboardInterrupt`` stops every scale set at its next request: the report says how to
    resume (exit 130).
    """
    session = _Session(
        plan_or_journal,
        journal_path=journal_path,
        concurrency=concurrency,
        health_timeout=health_timeout,
        continue_on_failure=continue_on_failure,
        pause_between_batches=pause_between_batches,
        gate_poll_interval=gate_poll_interval,
        follow_timeout=follow_timeout,
        operation_timeout=operation_timeout,
        on_event=on_event,
        clock=clock,
    )
    stop = threading.Event()
    pause = sleep if sleep is not None else stop.wait

    def one(scale_set: str, rollout: Rollout) -> None:
        try:
            session.end(scale_set, _drive_sync(rollout, backend, session, stop, pause))
        except (_Interrupted, KeyboardInterrupt):
            stop.set()
            session.interrupted(scale_set)
        except BaseException:
            stop.set()
            raise

    with ThreadPoolExecutor(concurrency, thread_name_prefix="rollout") as pool:
        futures = [pool.submit(one, s, r) for s, r in session.rollouts()]
        try:
            for future in futures:
                future.result()
        except KeyboardInterrupt:
            stop.set()
            for future in futures:
                future.exception()
    return session.report()


def _drive_sync(
    rollout: Rollout,
    backend: RolloutBackend,
    session: _Session,
    stop: threading.Event,
    sleep: Callable[[float], object],
) -> ScaleSetEnd:
    answer: Any = None
    error: MaintenanceError | None = None
    try:
        while True:
            effect = rollout.send(answer) if error is None else rollout.throw(error)
            answer, error = None, None
            if session.local(effect):
                continue
            if stop.is_set():
                raise _Interrupted
            try:
                if isinstance(effect, FetchStatus):
                    answer = backend.status(effect.target)
                elif isinstance(effect, StartCall):
                    answer = backend.start(effect.call)
                elif isinstance(effect, Follow):
                    answer = backend.follow(effect.token, effect.timeout, stop.is_set)
                elif isinstance(effect, Wait):
                    sleep(effect.seconds)
            except MaintenanceError as failure:
                error = failure
    except StopIteration as finished:
        end: ScaleSetEnd = finished.value
        return end
    finally:
        rollout.close()


async def run_async(
    plan_or_journal: RolloutPlan | Journal,
    backend: AsyncRolloutBackend,
    *,
    journal_path: str | os.PathLike[str] | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    health_timeout: float | None = None,
    continue_on_failure: bool | None = None,
    pause_between_batches: float | None = None,
    gate_poll_interval: float = 30.0,
    follow_timeout: float = 60.0,
    operation_timeout: float | None = None,
    on_event: Callable[[RolloutEvent], None] | None = None,
    clock: Clock | None = None,
    sleep: Callable[[float], Awaitable[object]] | None = None,
) -> RolloutReport:
    """:func:`run_sync` for async backends: scale sets run as tasks of an anyio task group,
    ``concurrency`` at a time. A ``KeyboardInterrupt`` raised inside returns the report (exit
    130); a cancellation from outside is logged with the resume command and propagates."""
    session = _Session(
        plan_or_journal,
        journal_path=journal_path,
        concurrency=concurrency,
        health_timeout=health_timeout,
        continue_on_failure=continue_on_failure,
        pause_between_batches=pause_between_batches,
        gate_poll_interval=gate_poll_interval,
        follow_timeout=follow_timeout,
        operation_timeout=operation_timeout,
        on_event=on_event,
        clock=clock,
    )
    pause = sleep if sleep is not None else anyio.sleep
    limiter = anyio.CapacityLimiter(concurrency)
    cancelled = anyio.get_cancelled_exc_class()
    try:
        async with anyio.create_task_group() as group:

            async def one(scale_set: str, rollout: Rollout) -> None:
                try:
                    async with limiter:
                        session.end(scale_set, await _drive_async(rollout, backend, session, pause))
                except KeyboardInterrupt:
                    session.interrupted(scale_set)
                    group.cancel_scope.cancel()
                except cancelled:
                    session.interrupted(scale_set)
                    raise

            for scale_set, rollout in session.rollouts():
                group.start_soon(one, scale_set, rollout)
    except cancelled:
        report = session.report()
        logger.warning(
            "rollout cancelled; %s",
            f"journal saved; to continue: {report.resume_command}"
            if report.resume_command
            else "no journal was kept",
        )
        raise
    return session.report()


async def _drive_async(
    rollout: Rollout,
    backend: AsyncRolloutBackend,
    session: _Session,
    sleep: Callable[[float], Awaitable[object]],
) -> ScaleSetEnd:
    answer: Any = None
    error: MaintenanceError | None = None
    try:
        while True:
            effect = rollout.send(answer) if error is None else rollout.throw(error)
            answer, error = None, None
            if session.local(effect):
                continue
            try:
                if isinstance(effect, FetchStatus):
                    answer = await backend.status(effect.target)
                elif isinstance(effect, StartCall):
                    answer = await backend.start(effect.call)
                elif isinstance(effect, Follow):
                    answer = await backend.follow(effect.token, effect.timeout)
                elif isinstance(effect, Wait):
                    await sleep(effect.seconds)
            except MaintenanceError as failure:
                error = failure
    except StopIteration as finished:
        end: ScaleSetEnd = finished.value
        return end
    finally:
        rollout.close()
