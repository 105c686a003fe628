"""The pause between a scale set's batches (``pause_between_batches``): waited on the fake
clock between batches and never after the last, kept by the journal, and on a resume only what
is left of it is waited. Sync and async drivers, and the clients' ``run_rollout``."""

from __future__ import annotations

import functools
import inspect
import itertools
import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import anyio
import anyio.lowlevel
import attrs
import httpx
import pytest
from conftest import FakeClocks
from fake_arm import GROUP, VMSS, AsyncFakeCredential, FakeArm, FakeCredential
from fake_arm import SUB as ARM_SUB
from rollout_arm import MiniArm
from rollout_fake import AsyncFakeBackend, FakeBackend, FakeFleet
from vmss_maintenance import (
    AsyncMaintenanceClient,
    GatePassed,
    MaintenanceClient,
    Pausing,
    RetryPolicy,
)
from vmss_maintenance._journal import BatchState, Journal
from vmss_maintenance._journal_records import JournalError
from vmss_maintenance._rollout_drivers import run_async, run_sync
from vmss_maintenance._rollout_events import (
    BatchStarted,
    GateFailed,
    RolloutEvent,
    ScaleSetOutcome,
)
from vmss_maintenance._rollout_plan import RolloutPlan, plan_rollout
from vmss_maintenance._rollout_report import RolloutReport
from vmss_maintenance._rollout_run import RunSettings
from vmss_maintenance.errors import InvalidArgumentError

ALLOWED = "allowed: seconds from 0 to 604800 (a week)"


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def web(count: int = 6, **options: Any) -> FakeFleet:
    """A fleet with scale set ``web``: ``count`` instances over 3 update domains."""
    fleet = FakeFleet()
    fleet.add("web", count, **options)
    return fleet


def plan(fleet: FakeFleet) -> RolloutPlan:
    return plan_rollout(fleet.statuses(), max_unavailable=2)


def rollout(
    mode: str,
    fleet: FakeFleet,
    source: RolloutPlan | Journal,
    events: list[RolloutEvent] | None = None,
    *,
    sleep: Callable[[float], None] | None = None,
    **options: Any,
) -> RolloutReport:
    """Run ``source`` on the fleet's clock; ``sleep`` replaces the fleet clock's sleep."""
    seen = events if events is not None else []
    pause = sleep or fleet.clock.sleep
    common: dict[str, Any] = {"clock": fleet.clock, "on_event": seen.append, **options}
    if mode == "sync":
        return run_sync(source, FakeBackend(fleet), sleep=pause, **common)

    async def async_sleep(seconds: float) -> None:
        pause(seconds)
        await anyio.lowlevel.checkpoint()

    run = functools.partial(
        run_async, source, AsyncFakeBackend(fleet), sleep=async_sleep, **common
    )
    return anyio.run(run, backend="asyncio")


def flow(events: list[RolloutEvent]) -> list[str]:
    """The batch-level events, in order."""
    names = []
    for e in events:
        if isinstance(e, Pausing):
            names.append(f"Pausing:{e.batch}:{e.seconds:g}")
        elif isinstance(e, BatchStarted | GatePassed | GateFailed):
            names.append(f"{type(e).__name__}:{e.batch}")
    return names


def test_the_pause_is_waited_between_batches_and_not_after_the_last(
    mode: str, tmp_path: Path
) -> None:
    fleet = web()
    events: list[RolloutEvent] = []
    journal = tmp_path / "j.json"
    report = rollout(
        mode, fleet, plan(fleet), events, journal_path=journal, pause_between_batches=300
    )
    assert report.exit_code == 0
    assert fleet.clock.sleeps == [300.0, 300.0]  # three batches, two pauses
    assert flow(events) == [
        "BatchStarted:0", "GatePassed:0", "Pausing:0:300",
        "BatchStarted:1", "GatePassed:1", "Pausing:1:300",
        "BatchStarted:2", "GatePassed:2",
    ]  # fmt: skip
    pausing = next(e for e in events if isinstance(e, Pausing))
    assert pausing.describe() == "rg/web: batch 1 of 3 passed; pausing 300 s before batch 2"
    saved = Journal.load(journal)
    assert saved.pause_between_batches == 300.0
    assert json.loads(journal.read_text())["settings"]["pause_between_batches"] == 300.0
    batches = saved.scale_sets[0].batches
    for earlier, later in itertools.pairwise(batches):
        assert earlier.finished_at is not None
        assert later.started_at == earlier.finished_at + timedelta(seconds=300)
    assert report.settings.pause_between_batches == 300.0
    assert report.to_json_dict()["settings"] == {
        "health_timeout": 900.0, "continue_on_failure": False, "pause_between_batches": 300.0,
    }  # fmt: skip
    assert report.lines()[-2] == (
        "Settings: health gate within 900 s, 300 s pause between batches, "
        "a failed batch stops its scale set."
    )


@pytest.mark.parametrize("options", [{}, {"pause_between_batches": 0}])
def test_no_pause_by_default_or_with_zero(mode: str, options: dict[str, Any]) -> None:
    fleet = web()
    events: list[RolloutEvent] = []
    report = rollout(mode, fleet, plan(fleet), events, **options)
    assert report.exit_code == 0
    assert fleet.clock.sleeps == []
    assert not [e for e in events if isinstance(e, Pausing)]
    assert report.settings.pause_between_batches == 0.0


def test_a_failed_batch_pauses_only_when_the_rollout_goes_on(mode: str) -> None:
    fleet = web(4, domains=2, faults={"0": "MaintenanceAborted"})
    events: list[RolloutEvent] = []
    report = rollout(
        mode, fleet, plan(fleet), events, continue_on_failure=True, pause_between_batches=60
    )
    assert report.scale_sets[0].outcome is ScaleSetOutcome.FAILED
    assert fleet.clock.sleeps == [60.0]
    assert flow(events) == ["BatchStarted:0", "GateFailed:0", "Pausing:0:60", "BatchStarted:1",
                            "GatePassed:1"]  # fmt: skip
    pausing = next(e for e in events if isinstance(e, Pausing))
    assert pausing.describe() == "rg/web: batch 1 of 2 failed; pausing 60 s before batch 2"

    stopped = web(4, domains=2, faults={"0": "MaintenanceAborted"})
    report = rollout(mode, stopped, plan(stopped), pause_between_batches=60)
    assert report.scale_sets[0].outcome is ScaleSetOutcome.STOPPED
    assert stopped.clock.sleeps == []  # stopped: nothing to pause for


class InterruptedPause:
    """A sleep that lets ``after`` seconds of the first ``pause``-long wait pass, then is
    interrupted (Ctrl-C) as a person would during the soak."""

    def __init__(self, fleet: FakeFleet, pause: float, after: float) -> None:
        self.fleet, self.pause, self.after = fleet, pause, after
        self.done = False

    def __call__(self, seconds: float) -> None:
        if seconds == self.pause and not self.done:
            self.done = True
            self.fleet.clock.sleep(self.after)
            raise KeyboardInterrupt
        self.fleet.clock.sleep(seconds)


@pytest.mark.parametrize(
    ("later", "waited"),
    [
        (0.0, [200.0]),  # 100 s of 300 went by before the interrupt: 200 s are left
        (150.0, [50.0]),  # and 150 s more before the resume: 50 s
        (500.0, []),  # resumed after the pause was over: batch 2 starts at once
    ],
)
def test_a_resume_waits_only_what_is_left_of_the_pause(
    mode: str, tmp_path: Path, later: float, waited: list[float]
) -> None:
    fleet = web()
    journal = tmp_path / "j.json"
    interrupted = rollout(
        mode, fleet, plan(fleet), journal_path=journal, pause_between_batches=300,
        sleep=InterruptedPause(fleet, 300.0, 100.0),
    )  # fmt: skip
    assert interrupted.exit_code == 130
    assert interrupted.resume_command == f"vmss-maintenance rollout --resume {journal}"
    saved = Journal.load(journal)
    assert [b.state for b in saved.scale_sets[0].batches] == [
        BatchState.GATE_PASSED, BatchState.PENDING, BatchState.PENDING,
    ]  # fmt: skip
    fleet.clock.advance(later)
    fleet.clock.sleeps.clear()
    events: list[RolloutEvent] = []
    resumed = rollout(mode, fleet, saved, events, journal_path=journal)
    assert resumed.exit_code == 0
    assert fleet.clock.sleeps == [*waited, 300.0]  # then the full pause before batch 3
    rest = [f"Pausing:0:{seconds:g}" for seconds in waited]
    assert flow(events)[: len(rest) + 1] == [*rest, "BatchStarted:1"]
    assert set(fleet.starts().values()) == {1}
    batches = Journal.load(journal).scale_sets[0].batches
    assert batches[0].finished_at is not None
    assert batches[1].started_at == batches[0].finished_at + timedelta(
        seconds=max(300.0, 100.0 + later)
    )


def test_a_journal_written_before_the_pause_existed_resumes_without_one(
    mode: str, tmp_path: Path
) -> None:
    fleet = web()
    journal = tmp_path / "j.json"
    rollout(
        mode, fleet, plan(fleet), journal_path=journal, pause_between_batches=300,
        sleep=InterruptedPause(fleet, 300.0, 10.0),
    )  # fmt: skip
    document = json.loads(journal.read_text())
    del document["settings"]["pause_between_batches"]  # as an older version wrote it
    journal.write_text(json.dumps(document))
    old = Journal.load(journal)
    assert old.pause_between_batches == 0.0
    fleet.clock.sleeps.clear()
    events: list[RolloutEvent] = []
    report = rollout(mode, fleet, old, events, journal_path=journal)
    assert report.exit_code == 0
    assert fleet.clock.sleeps == []
    assert not [e for e in events if isinstance(e, Pausing)]
    assert Journal.load(journal).pause_between_batches == 0.0


@pytest.mark.parametrize(
    "bad", [-1, -0.5, float("nan"), float("inf"), 604801, "300", True, [300]]
)
def test_a_bad_pause_is_refused_before_anything_is_sent(
    mode: str, tmp_path: Path, bad: Any
) -> None:
    fleet = web()
    made = plan(fleet)
    journal = tmp_path / "j.json"
    with pytest.raises(InvalidArgumentError) as caught:
        rollout(mode, fleet, made, journal_path=journal, pause_between_batches=bad)
    assert str(caught.value) == f"pause_between_batches {bad!r} is not valid; {ALLOWED}"
    assert fleet.requests == 0
    assert not journal.exists()
    with pytest.raises(InvalidArgumentError, match=r"pause_between_batches .* is not valid"):
        RunSettings(pause_between_batches=bad)


def test_a_resume_keeps_the_journals_pause(mode: str, tmp_path: Path) -> None:
    fleet = web()
    saved = Journal.create(plan(fleet), now=fleet.clock(), pause_between_batches=300)
    with pytest.raises(InvalidArgumentError, match=r"pause_between_batches 60 differs from the "
                       r"journal's 300\.0; a resumed rollout keeps"):  # fmt: skip
        rollout(mode, fleet, saved, pause_between_batches=60)
    assert fleet.requests == 0


@pytest.mark.parametrize("bad", [-1, "PT5M", None, True, 1e9])
def test_the_journal_field_is_checked(tmp_path: Path, bad: Any) -> None:
    fleet = web()
    journal = tmp_path / "j.json"
    Journal.create(plan(fleet), now=fleet.clock()).write(journal)
    document = json.loads(journal.read_text())
    document["settings"]["pause_between_batches"] = bad
    journal.write_text(json.dumps(document))
    with pytest.raises(JournalError) as caught:
        Journal.load(journal)
    assert str(caught.value) == (
        f"journal {journal}: field settings.pause_between_batches: {bad!r} is not valid; "
        f"{ALLOWED}"
    )


# -- through the clients ---------------------------------------------------------------------


def arm_client(kind: str, transport: httpx.BaseTransport, clocks: FakeClocks) -> Any:
    options: dict[str, Any] = {"transport": transport, "clock": clocks, "polling_interval": 10.0,
                               "retry": RetryPolicy(total=0)}  # fmt: skip
    if kind == "sync":
        return MaintenanceClient(FakeCredential(), ARM_SUB, sleep=clocks.sleep, **options)
    return AsyncMaintenanceClient(
        AsyncFakeCredential(), ARM_SUB, sleep=clocks.async_sleep, **options
    )


async def call(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.mark.anyio
async def test_run_rollout_pauses_between_batches(kind: str, clocks: FakeClocks) -> None:
    arm = MiniArm({"0": 0, "1": 1, "2": 2})
    client = arm_client(kind, httpx.MockTransport(arm), clocks)
    made = await call(client.plan_rollout([(GROUP, VMSS)], max_unavailable=1))
    events: list[RolloutEvent] = []
    report = await call(
        client.run_rollout(made, pause_between_batches=45, on_event=events.append)
    )
    assert report.exit_code == 0
    assert arm.posts == [["0"], ["1"], ["2"]]
    assert clocks.sleeps.count(45.0) == 2
    assert [(e.batch, e.seconds) for e in events if isinstance(e, Pausing)] == [(0, 45), (1, 45)]
    await call(client.close())


@pytest.mark.anyio
@pytest.mark.parametrize("bad", [-1, float("nan"), None, "PT5M", 604801])
async def test_run_rollout_refuses_a_bad_pause_before_any_request(
    kind: str, clocks: FakeClocks, tmp_path: Path, bad: Any
) -> None:
    arm = FakeArm()  # any request fails the test
    client = arm_client(kind, arm, clocks)
    fleet = web()
    statuses = [attrs.evolve(s, subscription_id=ARM_SUB) for s in fleet.statuses()]
    made = plan_rollout(statuses, max_unavailable=2)
    journal = tmp_path / "j.json"
    with pytest.raises(InvalidArgumentError) as caught:
        await call(client.run_rollout(made, journal=journal, pause_between_batches=bad))
    assert str(caught.value) == f"pause_between_batches {bad!r} is not valid; {ALLOWED}"
    assert arm.requests == []
    assert not journal.exists()
    await call(client.close())
