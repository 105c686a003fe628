"""The rollout runner against an in-memory fleet: every rule, driven sync and async."""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import anyio.lowlevel
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rollout_fake import SUB, AsyncFakeBackend, FakeBackend, FakeFleet, Killed
from vmss_maintenance._journal import BatchState, Journal, what_next
from vmss_maintenance._journal_records import InstanceOutcome
from vmss_maintenance._rollout_drivers import run_async, run_sync
from vmss_maintenance._rollout_effects import (
    Emit,
    FetchStatus,
    Follow,
    FollowOutcome,
    Record,
    RecordStep,
    StartCall,
    ThrottledError,
    Wait,
)
from vmss_maintenance._rollout_events import (
    BatchStarted,
    GateFailed,
    GatePassed,
    InstanceStateChanged,
    RolloutEvent,
    ScaleSetDone,
    ScaleSetOutcome,
    Throttled,
)
from vmss_maintenance._rollout_plan import (
    SCALE_SET_OPERATION,
    VM_OPERATION,
    MaintenanceCall,
    RolloutPlan,
    plan_rollout,
)
from vmss_maintenance._rollout_report import InstanceState, RolloutReport
from vmss_maintenance._rollout_run import RunSettings, ScaleSetEnd, scale_set_rollout
from vmss_maintenance.errors import (
    AuthenticationError,
    InvalidArgumentError,
    PollingTimeoutError,
    ServiceRequestError,
)


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@contextlib.contextmanager
def memory_folder() -> Iterator[str]:
    """A private temporary folder, on tmpfs where there is one: journals are fsynced often."""
    shm = "/dev/shm"  # noqa: S108 (a private folder is made inside it)
    with tempfile.TemporaryDirectory(dir=shm if Path(shm).is_dir() else None) as folder:
        yield folder


def plan(fleet: FakeFleet, max_unavailable: int | float = 2, batch_by: str = "update_domain"):
    return plan_rollout(fleet.statuses(), max_unavailable=max_unavailable, batch_by=batch_by)


def rollout(
    mode: str,
    fleet: FakeFleet,
    source: RolloutPlan | Journal,
    events: list[RolloutEvent] | None = None,
    **options: Any,
) -> RolloutReport:
    seen = events if events is not None else []

    def on_event(event: RolloutEvent) -> None:
        seen.append(event)
        if isinstance(event, ScaleSetDone):
            fleet.done(event.scale_set.rsplit("/", 1)[1])

    common: dict[str, Any] = {"clock": fleet.clock, "on_event": on_event, **options}
    if mode == "sync":
        return run_sync(source, FakeBackend(fleet), sleep=fleet.clock.sleep, **common)
    run = functools.partial(
        run_async, source, AsyncFakeBackend(fleet), sleep=fleet.clock.async_sleep, **common
    )
    return anyio.run(run, backend="asyncio")


def states(report: RolloutReport, index: int = 0) -> dict[str, tuple[InstanceState, str]]:
    return {i.instance_id: (i.state, i.detail) for i in report.scale_sets[index].instances}


def kinds(events: list[RolloutEvent]) -> list[str]:
    out = []
    for e in events:
        if isinstance(e, InstanceStateChanged):
            out.append(f"{e.instance_id}:{e.state}")
        elif isinstance(e, BatchStarted | GatePassed | GateFailed):
            out.append(f"{type(e).__name__}:{e.batch}")
        else:
            out.append(type(e).__name__)
    return out


def test_batches_run_one_after_another_each_through_its_gate(mode: str, tmp_path: Path) -> None:
    fleet = FakeFleet()
    fleet.add("web", 6)
    events: list[RolloutEvent] = []
    journal = tmp_path / "j.json"
    report = rollout(mode, fleet, plan(fleet), events, journal_path=journal)
    assert report.exit_code == 0
    assert report.scale_sets[0].outcome is ScaleSetOutcome.SUCCEEDED
    assert report.counts[InstanceState.MAINTAINED] == 6
    assert set(fleet.starts().values()) == {1}
    assert fleet.max_in_maintenance["web"] == 2
    assert fleet.started_calls == [
        MaintenanceCall(SCALE_SET_OPERATION, SUB, "rg", "web", ids)
        for ids in (("0", "3"), ("1", "4"), ("2", "5"))
    ]
    assert kinds(events) == [
        "BatchStarted:0", "0:maintaining", "3:maintaining", "0:maintained", "3:maintained",
        "GatePassed:0",
        "BatchStarted:1", "1:maintaining", "4:maintaining", "1:maintained", "4:maintained",
        "GatePassed:1",
        "BatchStarted:2", "2:maintaining", "5:maintaining", "2:maintained", "5:maintained",
        "GatePassed:2",
        "ScaleSetDone",
    ]  # fmt: skip
    saved = Journal.load(journal)
    assert [b.state for b in saved.scale_sets[0].batches] == [BatchState.GATE_PASSED] * 3
    assert report.resume_command is None


def test_flexible_batches_send_one_call_per_vm(mode: str) -> None:
    fleet = FakeFleet()
    fleet.add("flex", 3, domains=None, mode="Flexible")
    report = rollout(mode, fleet, plan(fleet, 2, "count"))
    assert report.exit_code == 0
    assert [(c.operation_id, c.resource_name) for c in fleet.started_calls] == [
        (VM_OPERATION, "flex-vm0"),
        (VM_OPERATION, "flex-vm1"),
        (VM_OPERATION, "flex-vm2"),
    ]
    assert fleet.max_in_maintenance["flex"] == 2


def test_follow_records_new_tokens_and_gate_polls_every_interval(mode: str, tmp_path: Path) -> None:
    fleet = FakeFleet(maintenance_seconds=120, recovery_seconds=70)
    fleet.add("web", 2)
    journal = tmp_path / "j.json"
    report = rollout(mode, fleet, plan(fleet, 2, "count"), journal_path=journal)
    assert report.exit_code == 0
    # follow: 60 s then 60 s (token op-1.1 then op-1.2); gate: starting until +70, polled at
    # 0, 30, 60 (waiting) and 90 s (passed)
    assert fleet.clock.sleeps == [30.0, 30.0, 30.0]
    assert fleet.counts["follow"] == 2
    assert Journal.load(journal).scale_sets[0].batches[0].tokens == ("op-1.2",)


def test_a_failed_last_batch_leaves_no_later_batch_to_mention(mode: str) -> None:
    fleet = FakeFleet()
    fleet.add("web", 4, domains=2, faults={"1": "unhealthy"})
    report = rollout(mode, fleet, plan(fleet), health_timeout=60)
    scale_set = report.scale_sets[0]
    assert scale_set.outcome is ScaleSetOutcome.STOPPED
    assert scale_set.reason.startswith("batch 2 of 2 failed: health gate: 1 failed: 1: ")
    assert "later batch" not in scale_set.reason


@pytest.mark.parametrize(
    ("fault", "reason"),
    [("unhealthy", "health unhealthy"), ("stopped", "power state stopped")],
)
def test_a_failed_gate_stops_the_scale_set_at_health_timeout(
    mode: str, fault: str, reason: str
) -> None:
    fleet = FakeFleet()
    fleet.add("web", 4, domains=2, faults={"0": fault})
    events: list[RolloutEvent] = []
    report = rollout(mode, fleet, plan(fleet), events, health_timeout=300)
    assert fleet.clock.sleeps == [30.0] * 10
    scale_set = report.scale_sets[0]
    assert scale_set.outcome is ScaleSetOutcome.STOPPED
    assert report.exit_code == 1
    found = states(report)
    assert found["0"][0] is InstanceState.FAILED
    assert "not ready after 300 s" in found["0"][1]
    assert reason in found["0"][1]
    assert found["2"][0] is InstanceState.MAINTAINED
    assert found["1"] == (InstanceState.NOT_STARTED, "its batch has not started")
    assert found["3"] == (InstanceState.NOT_STARTED, "its batch has not started")
    assert fleet.starts()["web/1"] == 0
    assert [b.state for b in scale_set.batches] == [BatchState.FAILED, BatchState.PENDING]
    assert "1 later batch(es) left untouched" in scale_set.reason
    failed = [e for e in events if isinstance(e, GateFailed)]
    assert len(failed) == 1
    assert "0: not ready after 300 s" in failed[0].reason


def test_maintenance_aborted_fails_the_gate_at_once(mode: str) -> None:
    fleet = FakeFleet()
    fleet.add("web", 2, domains=1, faults={"1": "MaintenanceAborted"})
    report = rollout(mode, fleet, plan(fleet, 2))
    assert fleet.clock.sleeps == []
    assert states(report)["1"] == (
        InstanceState.FAILED,
        "maintenance result MaintenanceAborted",
    )
    assert states(report)["0"][0] is InstanceState.MAINTAINED
    assert report.exit_code == 1


def test_a_failed_operation_fails_its_instances_and_stops(mode: str) -> None:
    fleet = FakeFleet()
    fleet.add("flex", 4, domains=None, mode="Flexible", faults={"flex-vm0": "RetryLater"})
    report = rollout(mode, fleet, plan(fleet, 2, "count"))
    found = states(report)
    assert found["flex-vm0"] == (
        InstanceState.FAILED,
        "maintenance failed: RetryLater: maintenance could not be done now",
    )
    assert found["flex-vm1"][0] is InstanceState.MAINTAINED
    assert found["flex-vm2"][0] is InstanceState.NOT_STARTED
    assert fleet.starts()["flex/flex-vm2"] == 0
    assert report.scale_sets[0].outcome is ScaleSetOutcome.STOPPED
    assert report.exit_code == 1


def test_a_refused_call_sends_no_further_call_of_its_batch(mode: str) -> None:
    fleet = FakeFleet()
    fleet.add("flex", 2, domains=None, mode="Flexible", faults={"flex-vm0": "refused"})
    report = rollout(mode, fleet, plan(fleet, 2, "count"))
    found = states(report)
    assert found["flex-vm0"][0] is InstanceState.FAILED
    assert found["flex-vm0"][1].startswith("refused: (OperationNotAllowed) instance flex-vm0")
    assert found["flex-vm1"] == (InstanceState.NOT_STARTED, "not sent: its batch failed first")
    assert fleet.starts()["flex/flex-vm1"] == 0
    assert report.exit_code == 1


def test_continue_on_failure_runs_the_later_batches(mode: str) -> None:
    fleet = FakeFleet()
    fleet.add("web", 4, domains=2, faults={"0": "unhealthy"})
    report = rollout(mode, fleet, plan(fleet), health_timeout=60, continue_on_failure=True)
    scale_set = report.scale_sets[0]
    assert scale_set.outcome is ScaleSetOutcome.FAILED
    assert [b.state for b in scale_set.batches] == [BatchState.FAILED, BatchState.GATE_PASSED]
    assert scale_set.counts[InstanceState.MAINTAINED] == 3
    assert set(fleet.starts().values()) == {1}
    assert report.exit_code == 1


def test_instances_no_longer_eligible_are_skipped_with_their_state(mode: str) -> None:
    fleet = FakeFleet()
    fleet.add("web", 4, domains=2)
    made = plan(fleet)
    fleet.scale_sets["web"].instances["2"].state = "Scheduled"
    events: list[RolloutEvent] = []
    report = rollout(mode, fleet, made, events)
    assert states(report)["2"] == (
        InstanceState.SKIPPED,
        "state Scheduled: no longer eligible",
    )
    assert fleet.starts()["web/2"] == 0
    assert fleet.started_calls[0].instance_ids == ("0",)
    started = [e for e in events if isinstance(e, BatchStarted)]
    assert started[0].skipped == (("2", "Scheduled"),)
    assert started[0].describe() == ("rg/web: batch 1 of 2 starting: 0; skipped: 2 (Scheduled)")
    assert report.exit_code == 0


def test_throttling_waits_retry_after_and_says_so(mode: str) -> None:
    fleet = FakeFleet(throttle_every=3, retry_after=7.0)
    fleet.add("web", 4, domains=2)
    events: list[RolloutEvent] = []
    report = rollout(mode, fleet, plan(fleet), events)
    assert report.exit_code == 0
    throttled = [e for e in events if isinstance(e, Throttled)]
    assert fleet.throttled >= 2
    assert len(throttled) == fleet.throttled
    assert fleet.clock.sleeps.count(7.0) == fleet.throttled
    assert throttled[0].describe() == "rg/web: throttled, waiting 7 s: 429 Too Many Requests"
    assert set(fleet.starts().values()) == {1}


def test_events_go_to_the_logger(mode: str, caplog: pytest.LogCaptureFixture) -> None:
    fleet = FakeFleet()
    fleet.add("web", 1, domains=1)
    with caplog.at_level(logging.INFO, logger="vmss_maintenance.rollout"):
        rollout(mode, fleet, plan(fleet))
    assert [r.getMessage() for r in caplog.records] == [
        "rg/web: batch 1 of 1 starting: 0",
        "rg/web: instance 0 maintaining: maintenance started",
        "rg/web: instance 0 maintained: succeeded, running, healthy, maintenance Completed",
        "rg/web: batch 1 of 1 passed its health gate",
        "rg/web: rollout succeeded: all 1 batch(es) passed their health gate",
    ]


def test_keyboard_interrupt_saves_the_journal_and_says_how_to_resume(
    mode: str, tmp_path: Path
) -> None:
    fleet = FakeFleet()
    fleet.add("web", 4, domains=2)
    journal = tmp_path / "j.json"
    fleet.fail_with["follow"] = KeyboardInterrupt()
    report = rollout(mode, fleet, plan(fleet), journal_path=journal)
    assert report.exit_code == 130
    assert report.resume_command == f"vmss-maintenance rollout --resume {journal}"
    assert report.lines()[-1] == f"The journal is saved; to continue: {report.resume_command}"
    assert states(report)["0"] == (InstanceState.IN_PROGRESS, "operation in flight")
    saved = Journal.load(journal)
    assert saved.scale_sets[0].batches[0].tokens == ("op-1.0",)
    del fleet.fail_with["follow"]
    resumed = rollout(mode, fleet, saved, journal_path=journal)
    assert resumed.exit_code == 0
    assert set(fleet.starts().values()) == {1}


@pytest.mark.parametrize(
    ("kill", "action", "batch", "unconfirmed"),
    [
        # after batch-started was recorded, before the call went out: sent on resume
        (("start", 1, False), "resume", 0, 1),
        # the call went out, its token was not recorded: not Eligible any more, so gated
        (("start", 1, True), "resume", 0, 1),
        # the token was recorded: followed on resume
        (("follow", 1, False), "resume", 0, 0),
        # the operation ended, the gate was reading the status
        (("status", 2, False), "gate", 0, 0),
        (("start", 2, True), "resume", 1, 1),
    ],
)
def test_a_killed_rollout_resumes_without_repeating_or_losing_an_instance(
    mode: str,
    tmp_path: Path,
    kill: tuple[str, int, bool],
    action: str,
    batch: int,
    unconfirmed: int,
) -> None:
    fleet = FakeFleet()
    fleet.add("web", 4, domains=2)
    journal = tmp_path / "j.json"
    fleet.kill = kill
    with pytest.raises((Killed, BaseExceptionGroup)):
        rollout(mode, fleet, plan(fleet), journal_path=journal)
    fleet.kill = None
    saved = Journal.load(journal)
    step = what_next(saved)[0]
    assert step.action == action
    assert step.batch is not None
    assert step.batch.index == batch
    assert len(step.unconfirmed_calls) == unconfirmed
    report = rollout(mode, fleet, saved, journal_path=journal)
    assert report.exit_code == 0
    assert report.counts[InstanceState.MAINTAINED] == 4
    assert dict(fleet.starts()) == {"web/0": 1, "web/1": 1, "web/2": 1, "web/3": 1}


def test_a_stopped_journal_sends_nothing_more(mode: str, tmp_path: Path) -> None:
    fleet = FakeFleet()
    fleet.add("web", 4, domains=2, faults={"0": "MaintenanceAborted"})
    journal = tmp_path / "j.json"
    rollout(mode, fleet, plan(fleet), journal_path=journal)
    before = fleet.requests
    report = rollout(mode, fleet, Journal.load(journal), journal_path=journal)
    assert fleet.requests == before
    assert report.scale_sets[0].outcome is ScaleSetOutcome.STOPPED
    assert report.exit_code == 1
    assert states(report)["1"][0] is InstanceState.NOT_STARTED


@pytest.mark.parametrize(
    ("kind", "error", "code"),
    [
        ("start", AuthenticationError("token refused", status_code=401), 3),
        ("follow", PollingTimeoutError("too long", continuation_token="op-1.0"), 4),
        ("status", ServiceRequestError("connection reset"), 5),
    ],
)
def test_errors_end_the_scale_set_resumable_with_their_exit_code(
    mode: str, tmp_path: Path, kind: str, error: Exception, code: int
) -> None:
    fleet = FakeFleet()
    fleet.add("web", 2, domains=1)
    fleet.fail_with[kind] = error
    journal = tmp_path / "j.json"
    report = rollout(mode, fleet, plan(fleet), journal_path=journal)
    assert report.exit_code == code
    assert report.scale_sets[0].outcome is ScaleSetOutcome.INTERRUPTED
    assert report.resume_command == f"vmss-maintenance rollout --resume {journal}"
    del fleet.fail_with[kind]
    resumed = rollout(mode, fleet, Journal.load(journal), journal_path=journal)
    assert resumed.exit_code == 0
    assert set(fleet.starts().values()) == {1}


def test_an_operation_running_past_operation_timeout_stops_resumable(mode: str) -> None:
    fleet = FakeFleet(maintenance_seconds=600)
    fleet.add("web", 1, domains=1)
    report = rollout(mode, fleet, plan(fleet), operation_timeout=120)
    assert report.exit_code == 4
    assert "operation still running after 120 s" in report.scale_sets[0].reason
    assert states(report)["0"] == (InstanceState.IN_PROGRESS, "operation in flight")
    assert report.lines()[-1] == "No journal was kept: this rollout cannot be resumed."


def test_a_fleet_of_twenty_runs_concurrency_scale_sets_at_a_time(mode: str) -> None:
    fleet = FakeFleet(throttle_every=5, retry_after=3.0)
    for n in range(20):
        fleet.add(f"ss{n:02}", 4, domains=2)
    if mode == "sync":  # the first four threads meet, so overlap does not depend on timing
        fleet.first_wave = threading.Barrier(4, timeout=10)
    events: list[RolloutEvent] = []
    with memory_folder() as folder:
        report = rollout(mode, fleet, plan(fleet), events, journal_path=Path(folder) / "j.json")
    assert fleet.max_active == 4
    assert report.exit_code == 0
    assert report.counts[InstanceState.MAINTAINED] == 80
    assert set(fleet.starts().values()) == {1}
    assert len([e for e in events if isinstance(e, Throttled)]) == fleet.throttled > 0
    assert len([e for e in events if isinstance(e, ScaleSetDone)]) == 20


def test_report_json_and_lines(mode: str) -> None:
    fleet = FakeFleet()
    fleet.add("web", 3, domains=1, states={"2": "Scheduled"}, faults={"1": "MaintenanceAborted"})
    report = rollout(mode, fleet, plan(fleet))
    document = report.to_json_dict()
    assert json.loads(json.dumps(document)) == document
    assert document["exit_code"] == 1
    assert document["counts"] == {
        "maintained": 1, "failed": 1, "skipped": 1, "in-progress": 0, "not-started": 0,
    }  # fmt: skip
    assert [i["instance_id"] for i in document["scale_sets"][0]["instances"]] == ["0", "1", "2"]
    assert document["scale_sets"][0]["instances"][2] == {
        "instance_id": "2",
        "state": "skipped",
        "batch": None,
        "detail": "state Scheduled at planning",
    }
    assert report.lines()[0].startswith("rg/web: stopped (1 maintained, 1 failed, 1 skipped)")
    assert report.lines()[-1] == "Total: 1 maintained, 1 failed, 1 skipped; exit code 1."


def test_bad_settings_are_refused_before_anything_is_sent(mode: str) -> None:
    fleet = FakeFleet()
    fleet.add("web", 2, domains=1)
    made = plan(fleet)
    with pytest.raises(InvalidArgumentError, match=r"concurrency 0 is not valid"):
        rollout(mode, fleet, made, concurrency=0)
    with pytest.raises(InvalidArgumentError, match=r"gate_poll_interval -1 is not valid"):
        rollout(mode, fleet, made, gate_poll_interval=-1)
    with pytest.raises(InvalidArgumentError, match=r"continue_on_failure 'yes' is not valid"):
        rollout(mode, fleet, made, continue_on_failure="yes")
    with pytest.raises(InvalidArgumentError, match=r"health_timeout 0 is not valid"):
        rollout(mode, fleet, made, health_timeout=0)
    journal = Journal.create(made, now=fleet.clock(), health_timeout=600)
    with pytest.raises(InvalidArgumentError, match=r"health_timeout 900 differs .* 600\.0"):
        rollout(mode, fleet, journal, health_timeout=900)
    assert fleet.requests == 0


@settings(max_examples=40, deadline=None)
@given(
    mode=st.sampled_from(["sync", "async"]),
    kills=st.lists(st.tuples(st.integers(1, 40), st.booleans()), min_size=1, max_size=3),
)
def test_random_kill_points_never_start_an_instance_twice(
    mode: str, kills: list[tuple[int, bool]]
) -> None:
    fleet = FakeFleet(recovery_seconds=40, throttle_every=11)
    fleet.add("web", 4, domains=2)
    fleet.add("flex", 3, domains=None, mode="Flexible")
    with memory_folder() as folder:
        journal = Path(folder) / "j.json"
        source: RolloutPlan | Journal = plan(fleet, 2)
        for at, after in kills:
            fleet.kill = (None, fleet.requests + at, after)
            with contextlib.suppress(Killed, BaseExceptionGroup):
                rollout(mode, fleet, source, journal_path=journal, concurrency=2)
            fleet.kill = None
            fleet.active.clear()
            fleet.seen.clear()
            if journal.exists():
                source = Journal.load(journal)
            assert max(fleet.starts().values()) <= 1
        report = rollout(mode, fleet, source, journal_path=journal, concurrency=2)
    assert max(fleet.starts().values()) == 1
    assert report.exit_code == 0
    assert report.counts[InstanceState.MAINTAINED] == 7


def test_cancelling_the_async_run_logs_how_to_resume(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fleet = FakeFleet()
    fleet.add("web", 2, domains=1)
    journal = tmp_path / "j.json"
    events: list[RolloutEvent] = []

    class Cancelling(AsyncFakeBackend):
        scope: anyio.CancelScope

        async def follow(self, token: str, timeout: float) -> FollowOutcome:
            self.scope.cancel()
            await anyio.lowlevel.checkpoint()
            raise AssertionError("not reached: cancelled")

    async def main() -> bool:
        backend = Cancelling(fleet)
        with anyio.CancelScope() as scope:
            backend.scope = scope
            await run_async(
                plan(fleet), backend, journal_path=journal, clock=fleet.clock,
                sleep=fleet.clock.async_sleep, on_event=events.append,
            )  # fmt: skip
        return scope.cancelled_caught

    with caplog.at_level(logging.INFO, logger="vmss_maintenance.rollout"):
        assert anyio.run(main, backend="asyncio") is True
    assert caplog.records[-1].levelno == logging.WARNING
    assert caplog.records[-1].getMessage() == (
        "rollout cancelled; journal saved; to continue: "
        f"vmss-maintenance rollout --resume {journal}"
    )
    assert isinstance(events[-1], ScaleSetDone)
    assert events[-1].outcome is ScaleSetOutcome.INTERRUPTED
    assert Journal.load(journal).scale_sets[0].batches[0].tokens == ("op-1.0",)


def test_the_generator_yields_effects_in_order_and_turns_throttling_into_a_wait() -> None:
    fleet = FakeFleet()
    fleet.add("web", 1, domains=1)
    made = plan(fleet)
    target = made.targets[0]
    journal = Journal.create(made, now=fleet.clock())
    rollout_ = scale_set_rollout(
        what_next(journal)[0], journal.scale_sets[0], RunSettings(), fleet.clock
    )
    before = fleet.statuses()[0]
    fleet.scale_sets["web"].instances["0"].ends = fleet.clock()
    after = fleet.statuses()[0]
    call = target.batches[0].calls[0]
    rid = target.resource_id
    assert next(rollout_) == FetchStatus(target)
    script: list[tuple[Any, Any]] = [
        (before, Record(RecordStep.BATCH_STARTED, rid, 0)),
        (None, Emit(BatchStarted(rid, 0, 1, ("0",)))),
        (None, StartCall(call)),
        ("tok-1", Record(RecordStep.TOKEN, rid, 0, call=0, token="tok-1")),
        (None, Emit(InstanceStateChanged(rid, "0", "maintaining", "maintenance started"))),
        (None, Follow("tok-1", 60.0)),
        (ThrottledError("slow down", retry_after=5), Emit(Throttled(rid, 5.0, "slow down"))),
        (None, Wait(5.0)),
        (None, Follow("tok-1", 60.0)),
        (FollowOutcome.succeeded("tok-2"), Record(RecordStep.TOKEN, rid, 0, call=0, token="tok-2")),
        (
            None,
            Record(
                RecordStep.BATCH_DONE,
                rid,
                0,
                outcomes=(InstanceOutcome("0", "maintained", "operation succeeded"),),
            ),
        ),
        (None, FetchStatus(target)),
    ]
    for answer, expected in script:
        if isinstance(answer, BaseException):
            assert rollout_.throw(answer) == expected
        else:
            assert rollout_.send(answer) == expected
    passed = "succeeded, running, healthy, maintenance Completed"
    assert rollout_.send(after) == Emit(InstanceStateChanged(rid, "0", "maintained", passed))
    assert rollout_.send(None) == Record(
        RecordStep.GATE_PASSED, rid, 0, outcomes=(InstanceOutcome("0", "passed", passed),)
    )
    assert rollout_.send(None) == Emit(GatePassed(rid, 0, 1))
    with pytest.raises(StopIteration) as finished:
        rollout_.send(None)
    assert finished.value.value == ScaleSetEnd(
        ScaleSetOutcome.SUCCEEDED, "all 1 batch(es) passed their health gate"
    )


def test_a_new_plan_refuses_an_existing_journal(mode: str, tmp_path: Path) -> None:
    fleet = FakeFleet()
    fleet.add("web", 1, domains=1)
    journal = tmp_path / "j.json"
    journal.write_text("{}")
    with pytest.raises(InvalidArgumentError, match=r"already exists; resume it"):
        rollout(mode, fleet, plan(fleet), journal_path=journal)
    assert journal.read_text() == "{}"
    assert fleet.requests == 0


def test_a_scale_set_with_nothing_eligible_has_nothing_to_do(mode: str) -> None:
    fleet = FakeFleet()
    fleet.add("web", 2, domains=1, states={"0": "Completed", "1": "Scheduled"})
    report = rollout(mode, fleet, plan(fleet))
    assert report.scale_sets[0].reason == "nothing to do: no instance was eligible"
    assert report.exit_code == 0
    assert fleet.requests == 0


def test_an_interrupt_without_a_journal_says_it_cannot_resume(mode: str) -> None:
    fleet = FakeFleet()
    fleet.add("web", 1, domains=1)
    fleet.fail_with["start"] = KeyboardInterrupt()
    report = rollout(mode, fleet, plan(fleet))
    assert report.scale_sets[0].reason == "interrupted; no journal was kept"
    assert report.exit_code == 130
    assert report.resume_command is None
    assert states(report)["0"] == (InstanceState.IN_PROGRESS, "may have been sent: resume checks")


def test_the_resume_command_quotes_the_journal_path(mode: str, tmp_path: Path) -> None:
    fleet = FakeFleet()
    fleet.add("web", 1, domains=1)
    fleet.fail_with["start"] = KeyboardInterrupt()
    journal = tmp_path / "my journal.json"
    report = rollout(mode, fleet, plan(fleet), journal_path=journal)
    assert report.resume_command == f"vmss-maintenance rollout --resume '{journal}'"


def test_an_interrupt_stops_every_scale_set_and_the_resume_finishes_them(
    mode: str, tmp_path: Path
) -> None:
    fleet = FakeFleet()
    for name in ("a", "b", "c"):
        fleet.add(name, 2, domains=1)
    fleet.fail_with["follow"] = KeyboardInterrupt()
    journal = tmp_path / "j.json"
    report = rollout(mode, fleet, plan(fleet), journal_path=journal, concurrency=2)
    assert [s.outcome for s in report.scale_sets] == [ScaleSetOutcome.INTERRUPTED] * 3
    assert report.exit_code == 130
    assert fleet.starts()["c/0"] == 0  # queued behind the limit: never started
    del fleet.fail_with["follow"]
    resumed = rollout(mode, fleet, Journal.load(journal), journal_path=journal)
    assert resumed.exit_code == 0
    assert dict(fleet.starts()) == {f"{n}/{i}": 1 for n in "abc" for i in "01"}


def test_the_journal_keeps_instances_skipped_when_their_batch_started(tmp_path: Path) -> None:
    fleet = FakeFleet()
    fleet.add("web", 2, domains=1)
    journal = Journal.create(plan(fleet), now=fleet.clock())
    rid = journal.scale_sets[0].plan.resource_id
    skipped = InstanceOutcome("1", "skipped", "state Scheduled: no longer eligible")
    started = journal.batch_started(rid, 0, now=fleet.clock(), outcomes=[skipped])
    started.write(tmp_path / "j.json")
    loaded = Journal.load(tmp_path / "j.json")
    assert loaded.scale_sets[0].batches[0].outcomes == (skipped,)
    assert loaded.scale_sets[0].batches[0].state is BatchState.STARTED
    outsider = InstanceOutcome("9", "skipped", "state Scheduled")
    with pytest.raises(InvalidArgumentError, match=r"instance '9' is not in batch 1"):
        journal.batch_started(rid, 0, now=fleet.clock(), outcomes=[outsider])
