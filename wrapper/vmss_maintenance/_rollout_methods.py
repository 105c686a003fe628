"""The clients' rollout methods: ``plan_rollout``, ``run_rollout``, ``resume_rollout``.

Mixins of :class:`~vmss_maintenance.MaintenanceClient` and
:class:`~vmss_maintenance.AsyncMaintenanceClient`: every argument is checked first, then the
statuses are read (concurrently in async) and the plan made, or the plan run by the rollout
drivers over the client's backend, on the client's clock and sleep.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

from ._rollout_plan import DEFAULT_CONCURRENCY, DEFAULT_MAX_UNAVAILABLE

# The rollout layers (and anyio) load on the first rollout, not with the client.
if TYPE_CHECKING:
    from ._clock import Clock
    from ._journal import Journal
    from ._maintenance_status import ScaleSetMaintenance
    from ._rollout_backend import AsyncRolloutClient, RolloutClient
    from ._rollout_events import RolloutEvent
    from ._rollout_plan import RolloutPlan
    from ._rollout_report import RolloutReport
    from ._settings import Settings

    OnEvent = Callable[[RolloutEvent], None]

    class _SyncHost(RolloutClient, Protocol):
        _settings: Settings
        _clock: Clock
        _sleep: Callable[[float], None]

    class _AsyncHost(AsyncRolloutClient, Protocol):
        _settings: Settings
        _clock: Clock
        _sleep: Callable[[float], Awaitable[None]]


def _load(journal: str | os.PathLike[str], subscription_id: str) -> tuple[Journal, str]:
    from ._journal import Journal
    from ._rollout_targets import check_subscription, journal_path

    path = journal_path(journal, required=True)
    assert path is not None
    loaded = Journal.load(path)
    check_subscription(loaded.plan, subscription_id, what=f"journal {path}")
    return loaded, path


class SyncRolloutMethods:
    """Rollouts with the synchronous client (scale sets run in worker threads)."""

    def plan_rollout(
        self: _SyncHost,
        targets: Iterable[str | tuple[str, str]],
        *,
        max_unavailable: int | float = DEFAULT_MAX_UNAVAILABLE,
        batch_by: str = "update_domain",
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> RolloutPlan:
        """Read the maintenance status of every target and plan the rollout's batches.

        ``targets``: scale set resource ids or ``(resource_group, name)`` pairs, in this
        client's subscription. ``max_unavailable``: at most this many instances of a scale set
        per batch, a count (int >= 1) or a fraction (0 < f <= 1) of all its instances, at
        least 1. ``batch_by``: ``"update_domain"`` (a batch never spans two update domains,
        domains in order) or ``"count"``. ``concurrency``: scale sets read at once (threads).
        Bad arguments raise :class:`InvalidArgumentError` before any request.
        """
        from ._rollout_plan import plan_rollout
        from ._rollout_targets import check_concurrency, check_plan_options, rollout_targets
        from ._threaded_reads import read_all

        names = rollout_targets(targets, self._settings.subscription_id)
        check_plan_options(max_unavailable, batch_by)
        statuses = read_all(
            names,
            lambda name: self.get_maintenance_status(*name),
            limit=check_concurrency(concurrency),
        )
        return plan_rollout(statuses, max_unavailable=max_unavailable, batch_by=batch_by)

    def run_rollout(
        self: _SyncHost,
        plan: RolloutPlan,
        *,
        journal: str | os.PathLike[str] | None = None,
        health_timeout: float = 900.0,
        continue_on_failure: bool = False,
        pause_between_batches: float = 0.0,
        on_event: OnEvent | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> RolloutReport:
        """Run ``plan``: batch by batch, each followed to its end and through the health gate
        (every instance provisioned, running, healthy where reported, within
        ``health_timeout`` seconds) before the next; a failure stops that scale set unless
        ``continue_on_failure``. ``pause_between_batches``: seconds (0 to 604800) a scale set
        waits after a batch before its next one (a soak time; none after its last batch).
        ``concurrency`` scale sets at a time.

        ``journal``: a new file written after every step (:meth:`resume_rollout` continues
        it); None keeps none. ``on_event`` gets every :data:`RolloutEvent` (from worker
        threads, one at a time per scale set). Ctrl-C stops every scale set at its next
        request and returns the report (``exit_code`` 130).
        """
        from ._journal_records import check_pause
        from ._rollout_backend import ClientBackend
        from ._rollout_drivers import run_sync
        from ._rollout_targets import check_subscription, journal_path

        check_subscription(plan, self._settings.subscription_id)
        check_pause(pause_between_batches)
        return run_sync(
            plan,
            ClientBackend(self, monotonic=self._clock.monotonic),
            journal_path=journal_path(journal, required=False),
            concurrency=concurrency,
            health_timeout=health_timeout,
            continue_on_failure=continue_on_failure,
            pause_between_batches=pause_between_batches,
            on_event=on_event,
            clock=self._clock.utc,
            sleep=None if self._sleep is time.sleep else self._sleep,  # None: interruptible
        )

    def resume_rollout(
        self: _SyncHost,
        journal: str | os.PathLike[str],
        *,
        on_event: OnEvent | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> RolloutReport:
        """Continue the rollout of ``journal`` where it stopped (its plan and settings): an
        operation in flight is followed by its token, finished batches are not repeated."""
        from ._rollout_backend import ClientBackend
        from ._rollout_drivers import run_sync

        loaded, path = _load(journal, self._settings.subscription_id)
        return run_sync(
            loaded,
            ClientBackend(self, monotonic=self._clock.monotonic),
            journal_path=path,
            concurrency=concurrency,
            on_event=on_event,
            clock=self._clock.utc,
            sleep=None if self._sleep is time.sleep else self._sleep,
        )


class AsyncRolloutMethods:
    """Rollouts with the asynchronous client (scale sets run as tasks)."""

    async def plan_rollout(
        self: _AsyncHost,
        targets: Iterable[str | tuple[str, str]],
        *,
        max_unavailable: int | float = DEFAULT_MAX_UNAVAILABLE,
        batch_by: str = "update_domain",
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> RolloutPlan:
        """:meth:`MaintenanceClient.plan_rollout`; ``concurrency`` scale sets read at once
        (tasks)."""
        import anyio

        from ._rollout_plan import plan_rollout
        from ._rollout_targets import check_concurrency, check_plan_options, rollout_targets

        names = rollout_targets(targets, self._settings.subscription_id)
        check_plan_options(max_unavailable, batch_by)
        limiter = anyio.CapacityLimiter(check_concurrency(concurrency))
        statuses: list[Any] = [None] * len(names)

        async def read(index: int, group: str, name: str) -> None:
            async with limiter:
                status: ScaleSetMaintenance = await self.get_maintenance_status(group, name)
            statuses[index] = status

        async with anyio.create_task_group() as tasks:
            for index, (group, name) in enumerate(names):
                tasks.start_soon(read, index, group, name)
        return plan_rollout(statuses, max_unavailable=max_unavailable, batch_by=batch_by)

    async def run_rollout(
        self: _AsyncHost,
        plan: RolloutPlan,
        *,
        journal: str | os.PathLike[str] | None = None,
        health_timeout: float = 900.0,
        continue_on_failure: bool = False,
        pause_between_batches: float = 0.0,
        on_event: OnEvent | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> RolloutReport:
        """:meth:`MaintenanceClient.run_rollout`, scale sets as tasks; a cancellation from
        outside logs the resume command and propagates."""
        from ._journal_records import check_pause
        from ._rollout_backend import AsyncClientBackend
        from ._rollout_drivers import run_async
        from ._rollout_targets import check_subscription, journal_path

        check_subscription(plan, self._settings.subscription_id)
        check_pause(pause_between_batches)
        return await run_async(
            plan,
            AsyncClientBackend(self),
            journal_path=journal_path(journal, required=False),
            concurrency=concurrency,
            health_timeout=health_timeout,
            continue_on_failure=continue_on_failure,
            pause_between_batches=pause_between_batches,
            on_event=on_event,
            clock=self._clock.utc,
            sleep=self._sleep,
        )

    async def resume_rollout(
        self: _AsyncHost,
        journal: str | os.PathLike[str],
        *,
        on_event: OnEvent | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> RolloutReport:
        """:meth:`MaintenanceClient.resume_rollout`, awaited."""
        from ._rollout_backend import AsyncClientBackend
        from ._rollout_drivers import run_async

        loaded, path = _load(journal, self._settings.subscription_id)
        return await run_async(
            loaded,
            AsyncClientBackend(self),
            journal_path=path,
            concurrency=concurrency,
            on_event=on_event,
            clock=self._clock.utc,
            sleep=self._sleep,
        )
