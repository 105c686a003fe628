"""The rollout journal: transitions, round trips, corrupt files, atomic writes, what comes next."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vmss_maintenance._journal import (
    MAX_EVENTS,
    BatchState,
    InstanceOutcome,
    Journal,
    JournalError,
    NextAction,
    what_next,
)
from vmss_maintenance._rollout_plan import plan_rollout

SUB = "00000000-0000-0000-0000-000000000000"
T0 = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
TOKEN = "vmss1.eyJwaGFzZSI6InN0YXR1cyJ9"


@attrs.frozen
class Inst:
    instance_id: str
    state: str = "Eligible"
    update_domain: int | None = None
    vm_name: str | None = None
    resource_id: str | None = None


@attrs.frozen
class ScaleSet:
    instances: tuple[Inst, ...]
    vm_scale_set_name: str = "web"
    orchestration_mode: str = "Uniform"
    subscription_id: str = SUB
    resource_group_name: str = "rg"


SETS = f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets"
WEB = f"{SETS}/web"
FLEX = f"{SETS}/flex"


def make_journal(continue_on_failure: bool = False) -> Journal:
    web = ScaleSet(
        (*(Inst(str(i), update_domain=i % 3) for i in range(6)), Inst("6", "Scheduled", 0))
    )
    flex = ScaleSet(
        (Inst("vm-a", vm_name="vm-a"), Inst("vm-b", vm_name="vm-b"), Inst("vm-c", "None")),
        vm_scale_set_name="flex",
        orchestration_mode="Flexible",
    )
    plan = plan_rollout([web, flex], max_unavailable=2)
    return Journal.create(plan, now=T0, continue_on_failure=continue_on_failure)


def at(seconds: int) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_a_new_journal_starts_every_scale_set_at_its_first_batch() -> None:
    steps = what_next(make_journal())
    assert [(s.scale_set, s.action, s.batch.index if s.batch else None) for s in steps] == [
        (WEB, NextAction.START, 0),
        (FLEX, NextAction.START, 0),
    ]
    assert steps[0].batch is not None
    assert steps[0].batch.instance_ids == ("0", "3")


def test_transitions_lead_what_next_through_resume_gate_and_the_next_batch() -> None:
    journal = make_journal().batch_started(WEB, 0, now=at(1))
    step = what_next(journal)[0]
    assert step.action is NextAction.RESUME
    assert step.tokens == (None,)
    assert [(c.resource_name, c.instance_ids) for c in step.unconfirmed_calls] == [
        ("web", ("0", "3"))
    ]
    journal = journal.token_recorded(WEB, 0, 0, TOKEN, now=at(2))
    step = what_next(journal)[0]
    assert (step.action, step.tokens, step.unconfirmed_calls) == (NextAction.RESUME, (TOKEN,), ())
    journal = journal.batch_done(
        WEB, 0, now=at(3), outcomes=[InstanceOutcome("0", "maintained", "")]
    )
    assert what_next(journal)[0].action is NextAction.GATE
    journal = journal.gate_passed(WEB, 0, now=at(4), outcomes=[InstanceOutcome("0", "passed", "")])
    step = what_next(journal)[0]
    assert (step.action, step.finished_batches) == (NextAction.START, (0,))
    assert step.batch is not None
    assert step.batch.index == 1
    record = journal.scale_sets[0].batches[0]
    assert record.state is BatchState.GATE_PASSED
    assert (record.started_at, record.finished_at) == (at(1), at(4))
    assert [e.kind for e in journal.events] == [
        "planned", "batch-started", "batch-done", "gate-passed"
    ]


def test_finished_batches_cannot_be_repeated_nor_run_out_of_order() -> None:
    journal = make_journal().batch_started(WEB, 0, now=at(1))
    with pytest.raises(JournalError, match="batch 1 of rg/web is started; cannot start it"):
        journal.batch_started(WEB, 0, now=at(2))
    with pytest.raises(JournalError, match="batch 2 of rg/web cannot start: batch 1 is started"):
        journal.batch_started(WEB, 1, now=at(2))
    passed = journal.batch_done(WEB, 0, now=at(2)).gate_passed(WEB, 0, now=at(3))
    with pytest.raises(JournalError, match="is gate-passed; cannot start it"):
        passed.batch_started(WEB, 0, now=at(4))
    with pytest.raises(JournalError, match="is pending; cannot mark it gate-passed"):
        passed.gate_passed(WEB, 1, now=at(4))
    with pytest.raises(JournalError, match="scale set 'nope' is not in this journal"):
        passed.batch_started("nope", 0, now=at(4))
    with pytest.raises(JournalError, match="instance '9' is not in batch 1"):
        make_journal().batch_started(WEB, 0, now=at(1)).batch_done(
            WEB, 0, now=at(2), outcomes=[InstanceOutcome("9", "maintained", "")]
        )


def test_a_failure_stops_the_scale_set_unless_continue_on_failure() -> None:
    def failed_first(go_on: bool) -> Journal:
        journal = make_journal(go_on).batch_started(WEB, 0, now=at(1))
        return journal.batch_failed(WEB, 0, now=at(2), reason="3: RetryLater")

    stopped = what_next(failed_first(False))[0]
    assert (stopped.action, stopped.batch, stopped.failed_batches) == (
        NextAction.STOPPED, None, (0,)
    )
    assert stopped.reason == "batch 1 of 3 failed: 3: RetryLater"
    with pytest.raises(JournalError, match="cannot start: batch 1 is failed"):
        failed_first(False).batch_started(WEB, 1, now=at(3))
    going_on = what_next(failed_first(True))[0]
    assert going_on.action is NextAction.START
    assert going_on.batch is not None
    assert going_on.batch.index == 1
    journal = failed_first(True).batch_started(WEB, 1, now=at(3))
    assert journal.scale_sets[0].batches[1].state is BatchState.STARTED


def test_finished_says_which_batches_failed() -> None:
    journal = make_journal(True).batch_started(FLEX, 0, now=at(1))
    step = what_next(journal.batch_failed(FLEX, 0, now=at(2), reason="vm-a: RetryLater"))[1]
    assert (step.action, step.failed_batches) == (NextAction.FINISHED, (0,))
    assert step.reason == "all 1 batch(es) finished; failed: batch 1"


def test_flexible_batch_tokens_are_per_vm() -> None:
    journal = make_journal().batch_started(FLEX, 0, now=at(1))
    journal = journal.token_recorded(FLEX, 0, 1, TOKEN, now=at(2))
    step = what_next(journal)[1]
    assert step.tokens == (None, TOKEN)
    assert [c.resource_name for c in step.unconfirmed_calls] == ["vm-a"]


def test_round_trip_through_a_file_keeps_everything(tmp_path: Path) -> None:
    journal = (
        make_journal()
        .batch_started(WEB, 0, now=at(1), tokens=[TOKEN])
        .batch_done(WEB, 0, now=at(2), outcomes=[InstanceOutcome("3", "maintained", "ok")])
        .batch_started(FLEX, 0, now=at(3))
        .token_recorded(FLEX, 0, 0, TOKEN, now=at(4))
    )
    path = tmp_path / "rollout.json"
    journal.write(path)
    assert Journal.load(path) == journal
    assert Journal.load(path).plan == journal.plan
    text = path.read_text()
    assert json.loads(text)["version"] == 1
    assert "Authorization" not in text
    assert "bearer" not in text.lower()
    assert [p.name for p in tmp_path.iterdir()] == ["rollout.json"]


def test_secrets_in_messages_are_scrubbed() -> None:
    journal = make_journal().batch_started(WEB, 0, now=at(1)).batch_failed(
        WEB, 0, now=at(2), reason="sent Bearer abc.def.ghi and eyJa.eyJb.sig"
    )
    text = json.dumps(journal.to_json())
    assert "abc.def.ghi" not in text
    assert "eyJa" not in text
    assert journal.scale_sets[0].batches[0].error == "sent Bearer <redacted> and <redacted>"


def test_events_are_bounded() -> None:
    journal = make_journal()
    for i in range(MAX_EVENTS + 5):
        journal = journal.with_event("note", f"event {i}", now=at(i))
    assert len(journal.events) == MAX_EVENTS
    assert journal.events_dropped == 6  # the "planned" event and five notes
    assert journal.events[-1].message == f"event {MAX_EVENTS + 4}"


def test_a_crash_before_the_rename_leaves_the_old_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "rollout.json"
    old = make_journal()
    old.write(path)
    new = old.batch_started(WEB, 0, now=at(1))

    def crash(source: str, target: str) -> None:
        raise OSError("killed between the write and the rename")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="killed"):
        new.write(path)
    monkeypatch.undo()
    assert Journal.load(path) == old
    assert [p.name for p in tmp_path.iterdir()] == ["rollout.json"]


def written(tmp_path: Path, change: Any) -> Path:
    document = make_journal().batch_started(WEB, 0, now=at(1)).to_json()
    change(document)
    path = tmp_path / "j.json"
    path.write_text(json.dumps(document))
    return path


def set_path(keys: tuple[Any, ...], value: Any) -> Any:
    def change(document: Any) -> None:
        target = document
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return change


def set_paths(*changes: tuple[tuple[Any, ...], Any]) -> Any:
    def change(document: Any) -> None:
        for keys, value in changes:
            set_path(keys, value)(document)

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (set_path(("version",), 2), r"field version: 2 is not supported; this version reads 1"),
        (set_path(("schema",), "x"), r"field schema: 'x' is not a rollout journal"),
        (set_path(("settings", "batch_by"), "zone"), r"settings.batch_by: 'zone' is not allowed"),
        (set_path(("settings", "max_unavailable"), 0), r"settings.max_unavailable: .*below 1"),
        (set_path(("settings", "health_timeout"), -1), r"settings.health_timeout: -1"),
        (set_path(("scale_sets", 0, "batches", 0, "state"), "bogus"),
         r"scale_sets\[0\].batches\[0\].state: 'bogus' is not allowed; allowed: pending, "),
        (set_paths(
            (("scale_sets", 0, "batches", 2, "state"), "gate-passed"),
            (("scale_sets", 0, "batches", 2, "started_at"), T0.isoformat()),
        ),
         r"scale_sets\[0\].batches\[2\].state: gate-passed after a batch that is not finished"),
        (set_path(("scale_sets", 0, "skipped", 0, "instance_id"), "0"),
         r"field scale_sets\[0\]: instances 0 appear more than once"),
        (set_path(("scale_sets", 0, "batches", 1, "tokens"), [TOKEN, TOKEN]),
         r"batches\[1\].tokens: 2 for 1 call"),
        (set_path(("scale_sets", 0, "batches", 1, "tokens"), [TOKEN]),
         r"batches\[1\]: a pending batch has no start time and no token"),
        (set_path(("scale_sets", 0, "batches", 0, "started_at"), "yesterday"),
         r"batches\[0\].started_at: 'yesterday' is not a UTC time"),
        (set_path(("scale_sets", 0, "batches", 0, "index"), True),
         r"batches\[0\].index: expected int, found True"),
        (set_path(("scale_sets", 0, "instance_count"), 8),
         r"scale_sets\[0\].instance_count: 8 but batches and skipped list 7"),
        (set_path(("scale_sets", 0, "max_unavailable"), 1),
         r"batches\[0\].instance_ids: 2 instance\(s\); allowed: 1 to 1"),
        (set_path(("scale_sets", 0, "batches", 0, "calls", 0, "instance_ids"), ["0"]),
         r"batches\[0\].calls: a Uniform batch is one scale-set call with its instances"),
        (set_path(("scale_sets", 1), {}), r"field scale_sets\[1\].orchestration_mode: is missing"),
        (set_path(("scale_sets", 1), make_journal().to_json()["scale_sets"][0]),
         r"field scale_sets\[1\]: rg/web appears twice"),
        (set_path(("events",), {}), r"field events: expected list"),
        (set_path(("scale_sets", 0, "batches", 0, "outcomes"), [
            {"instance_id": "5", "outcome": "passed", "detail": ""}
        ]), r"batches\[0\].outcomes\[0\]: instance '5' is not in batch 1"),
    ],
)
def test_tampered_journals_are_refused_naming_file_and_field(
    tmp_path: Path, change: Any, message: str
) -> None:
    path = written(tmp_path, change)
    with pytest.raises(JournalError, match=message) as caught:
        Journal.load(path)
    assert str(caught.value).startswith(f"journal {path}: field ")


def test_truncated_missing_and_non_object_files_are_clear_errors(tmp_path: Path) -> None:
    path = tmp_path / "j.json"
    make_journal().write(path)
    path.write_text(path.read_text()[:200])
    with pytest.raises(JournalError, match=rf"journal {path}: not valid JSON \(truncated"):
        Journal.load(path)
    with pytest.raises(JournalError, match=r"nope.json: cannot be read: .*No such file"):
        Journal.load(tmp_path / "nope.json")
    path.write_text("[]")
    with pytest.raises(JournalError, match=r"field \(document\): expected an object, found list"):
        Journal.load(path)


steps = st.lists(st.tuples(st.integers(0, 1), st.integers(0, 3), st.integers(0, 5)), max_size=30)


@settings(max_examples=100, deadline=None)
@given(moves=steps, go_on=st.booleans())
def test_following_what_next_never_maintains_an_instance_twice(
    moves: list[tuple[int, int, int]], go_on: bool
) -> None:
    """Any sequence of (possibly refused) steps, reloaded from JSON, keeps the guarantees."""
    journal = make_journal(go_on)
    started: list[str] = []
    for i, (which, batch, move) in enumerate(moves):
        scale_set = (WEB, FLEX)[which]
        now = at(i + 1)
        try:
            if move == 0:
                journal = journal.batch_started(scale_set, batch, now=now)
                record = journal.scale_sets[which].batches[batch]
                started += [f"{which}/{x}" for x in record.batch.instance_ids]
            elif move == 1:
                journal = journal.token_recorded(scale_set, batch, 0, TOKEN, now=now)
            elif move == 2:
                journal = journal.batch_done(scale_set, batch, now=now)
            elif move == 3:
                journal = journal.gate_passed(scale_set, batch, now=now)
            else:
                journal = journal.batch_failed(scale_set, batch, now=now, reason="x")
        except JournalError:
            pass
        journal = Journal.from_json(json.loads(json.dumps(journal.to_json())))
    assert len(started) == len(set(started))
    for which, step in enumerate(what_next(journal)):
        states = [b.state for b in journal.scale_sets[which].batches]
        if step.action is NextAction.START:
            assert step.batch is not None
            assert states[step.batch.index] is BatchState.PENDING
            assert f"{which}/{step.batch.instance_ids[0]}" not in started
        if step.action in (NextAction.RESUME, NextAction.GATE):
            assert step.batch is not None
            assert states[step.batch.index] in (BatchState.STARTED, BatchState.DONE)
        assert set(step.finished_batches).isdisjoint(step.failed_batches)


def test_create_refuses_bad_settings_and_naive_times() -> None:
    plan = make_journal().plan
    with pytest.raises(JournalError, match=r"health_timeout 0 is not valid; allowed: seconds > 0"):
        Journal.create(plan, now=T0, health_timeout=0)
    with pytest.raises(JournalError, match=r"now .* allowed: an aware datetime"):
        Journal.create(plan, now=T0.replace(tzinfo=None))
