"""The journal's incremental encoding: the same bytes as the compact json.dumps of to_json,
only what changed encoded again, and a cache that keeps nothing the journal no longer holds."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import tempfile
import weakref
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vmss_maintenance import _journal_encoding
from vmss_maintenance._journal import (
    MAX_EVENTS,
    InstanceOutcome,
    Journal,
    JournalError,
    NextAction,
    what_next,
)
from vmss_maintenance._rollout_plan import RolloutPlan, plan_rollout

SUB = "00000000-0000-0000-0000-000000000000"
T0 = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
SETS = f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets"


@attrs.frozen
class Inst:
    instance_id: str
    state: str
    update_domain: int | None
    vm_name: str | None = None
    resource_id: str | None = None


@attrs.frozen
class ScaleSet:
    vm_scale_set_name: str
    orchestration_mode: str
    instances: tuple[Inst, ...]
    subscription_id: str = SUB
    resource_group_name: str = "rg"


def fleet(sizes: list[tuple[str, int]], max_unavailable: int = 2) -> RolloutPlan:
    """Scale sets ``s0``, ``s1``... of the given mode and size, one instance in five not
    eligible, update domains 0 to 2."""
    sets = []
    for number, (mode, size) in enumerate(sizes):
        flexible = mode == "Flexible"
        instances = tuple(
            Inst(
                f"vm-{i}" if flexible else str(i),
                "Scheduled" if i % 5 == 4 else "Eligible",
                i % 3,
                vm_name=f"vm-{i}" if flexible else None,
            )
            for i in range(size)
        )
        sets.append(ScaleSet(f"s{number}", mode, instances))
    return plan_rollout(sets, max_unavailable=max_unavailable)


def reference(journal: Journal) -> bytes:
    """What ``Journal.write`` wrote before it encoded a piece at a time."""
    return (json.dumps(journal.to_json(), separators=(",", ":")) + "\n").encode()


def at(seconds: int) -> datetime:
    return T0 + timedelta(seconds=seconds)


def advance(journal: Journal, which: int, now: datetime, fail: bool, text: str) -> Journal:
    """The step a rollout takes next for scale set ``which``: start its next batch, record a
    token, end its operations, pass or fail its gate."""
    step = what_next(journal)[which]
    if step.batch is None:
        return journal
    index = step.batch.index
    ids = step.batch.instance_ids
    if step.action is NextAction.START:
        skipped = [InstanceOutcome(ids[-1], "skipped", text)] if fail else []
        return journal.batch_started(step.scale_set, index, now=now, outcomes=skipped)
    if step.action is NextAction.RESUME:
        call = next((i for i, t in enumerate(step.tokens) if t is None), None)
        if call is not None:
            return journal.token_recorded(step.scale_set, index, call, f"tok-{now:%S}", now=now)
        done = [InstanceOutcome(i, "maintained", text) for i in ids]
        return journal.batch_done(step.scale_set, index, now=now, outcomes=done)
    if fail:
        return journal.batch_failed(step.scale_set, index, now=now, reason=text)
    passed = [InstanceOutcome(i, "passed", "") for i in ids]
    return journal.gate_passed(step.scale_set, index, now=now, outcomes=passed)


@pytest.fixture
def no_fsync() -> Iterator[None]:
    """Writes without waiting for the disk: these tests look at the bytes, not at crashes."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", lambda descriptor: None)
        yield


texts = st.text(max_size=12) | st.sampled_from(["Bearer abc.def", "eyJa.eyJb.sig", "é\u2028"])
counts = st.sampled_from([0, 1, 3, 60, MAX_EVENTS + 1])
kinds = st.sampled_from(["advance"] * 6 + ["notes", "reload", "older"])
moves = st.lists(
    st.tuples(kinds, st.integers(0, 2), st.booleans(), texts, counts),
    min_size=5,
    max_size=40,
)
sizes = st.lists(
    st.tuples(st.sampled_from(["Uniform", "Flexible"]), st.integers(1, 7)), min_size=1, max_size=3
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sets=sizes,
    limit=st.integers(1, 3),
    go_on=st.booleans(),
    earlier=st.sampled_from([0, MAX_EVENTS - 4]),
    steps=moves,
)
def test_every_write_is_the_compact_json_of_to_json_and_loads_back(
    no_fsync: None,
    sets: list[tuple[str, int]],
    limit: int,
    go_on: bool,
    earlier: int,
    steps: list[tuple[str, int, bool, str, int]],
) -> None:
    """Random rollouts (batches started, tokens, done, gates passed or failed, more events
    than MAX_EVENTS, reloads, an older journal of the same line written again): every file is
    byte for byte the reference encoding and loads back as the journal written."""
    journal = Journal.create(fleet(sets, limit), now=T0, continue_on_failure=go_on)
    for n in range(earlier):  # near MAX_EVENTS, a few steps drop the oldest events
        journal = journal.with_event("note", f"earlier {n}", now=T0)
    history = [journal]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rollout.json"
        for second, (move, which, fail, text, count) in enumerate(steps, start=1):
            now = at(second)
            written = journal
            if move == "advance":
                with contextlib.suppress(JournalError):  # a failed batch may stop its set
                    journal = advance(journal, which % len(sets), now, fail, text)
                written = journal
            elif move == "notes":
                for n in range(count):
                    journal = journal.with_event("note", f"{text} {n}", now=now, batch=n)
                written = journal
            elif move == "reload":
                journal = Journal.load(path) if path.exists() else journal
                written = journal
            else:
                written = history[count % len(history)]
            history.append(journal)
            written.write(path)
            assert path.read_bytes() == reference(written)
            assert Journal.load(path) == written
    assert len(journal.events) <= MAX_EVENTS


def test_many_events_drop_the_oldest_in_the_file_as_in_to_json(
    tmp_path: Path, no_fsync: None
) -> None:
    journal = Journal.create(fleet([("Uniform", 4)]), now=T0)
    path = tmp_path / "rollout.json"
    for n in range(MAX_EVENTS + 30):
        journal = journal.with_event("note", f"event {n}", now=at(n))
        journal.write(path)
    assert path.read_bytes() == reference(journal)
    document = json.loads(path.read_text())
    assert (len(document["events"]), document["events_dropped"]) == (MAX_EVENTS, 31)
    assert document["events"][-1]["message"] == f"event {MAX_EVENTS + 29}"


def what_is_encoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names each plan, batch and event the encoder encodes from now on."""
    seen: list[str] = []
    original = _journal_encoding.encode_fragment

    def counted(value: Any) -> bytes:
        if "vm_scale_set_name" in value:
            seen.append(f"plan {value['vm_scale_set_name']}")
        elif "calls" in value:
            seen.append(f"batch {value['calls'][0]['resource_name']}#{value['index']}")
        else:
            seen.append(f"event {value['kind']}")
        return original(value)

    monkeypatch.setattr(_journal_encoding, "encode_fragment", counted)
    return seen


def test_a_write_encodes_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_fsync: None
) -> None:
    journal = Journal.create(fleet([("Uniform", 9), ("Uniform", 9), ("Uniform", 9)]), now=T0)
    assert [len(s.batches) for s in journal.scale_sets] == [5, 5, 5]
    path = tmp_path / "rollout.json"
    seen = what_is_encoded(monkeypatch)
    journal.write(path)
    assert sorted(seen) == sorted(
        ["event planned"]
        + [f"plan s{n}" for n in range(3)]
        + [f"batch s{n}#{b}" for n in range(3) for b in range(5)]
    )
    s1 = f"{SETS}/s1"

    seen.clear()
    journal = journal.batch_started(s1, 0, now=at(1))
    journal.write(path)
    assert seen == ["batch s1#0", "event batch-started"]

    seen.clear()
    journal = journal.token_recorded(s1, 0, 0, "tok", now=at(2))
    journal.write(path)
    assert seen == ["batch s1#0"]

    seen.clear()
    journal.write(path)
    assert seen == []
    assert path.read_bytes() == reference(journal)


def test_a_loaded_journal_is_encoded_anew_then_incrementally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_fsync: None
) -> None:
    path = tmp_path / "rollout.json"
    Journal.create(fleet([("Flexible", 5), ("Uniform", 5)]), now=T0).write(path)
    loaded = Journal.load(path)
    seen = what_is_encoded(monkeypatch)
    loaded.write(path)
    assert sorted(seen) == [
        "batch s1#0",
        "batch s1#1",
        "batch s1#2",
        "batch vm-0#0",
        "batch vm-1#1",
        "batch vm-2#2",
        "event planned",
        "plan s0",
        "plan s1",
    ]
    seen.clear()
    started = loaded.batch_started(f"{SETS}/s0", 0, now=at(1))
    started.write(path)
    assert seen == ["batch vm-0#0", "event batch-started"]
    assert path.read_bytes() == reference(started)


def test_the_cache_keeps_only_the_records_of_the_journal_written_last(
    tmp_path: Path, no_fsync: None
) -> None:
    """A whole rollout of 3 scale sets and more events than MAX_EVENTS, written after every
    step: of all the records and events ever made, only those still in the journal live."""
    journal = Journal.create(fleet([("Uniform", 12), ("Flexible", 12), ("Uniform", 7)]), now=T0)
    path = tmp_path / "rollout.json"
    made: list[weakref.ref[object]] = []
    second = 0
    while any(step.action is not NextAction.FINISHED for step in what_next(journal)):
        for which in range(3):
            second += 1
            journal = advance(journal, which, at(second), fail=False, text="")
            for n in range(8):
                journal = journal.with_event("note", f"note {n}", now=at(second))
            journal.write(path)
            for record in journal.scale_sets:
                made += [weakref.ref(record), *(weakref.ref(b) for b in record.batches)]
            made += [weakref.ref(e) for e in journal.events]
    assert second > 30
    assert journal.events_dropped > 0
    gc.collect()
    alive = {id(ref()) for ref in made if ref() is not None}
    live = {id(r) for r in journal.scale_sets}
    live |= {id(b) for r in journal.scale_sets for b in r.batches}
    live |= {id(e) for e in journal.events}
    assert alive == live
    assert path.read_bytes() == reference(journal)


def test_the_cache_is_not_part_of_the_value(tmp_path: Path, no_fsync: None) -> None:
    journal = Journal.create(fleet([("Uniform", 3)]), now=T0)
    journal.write(tmp_path / "a.json")
    fresh = Journal.from_json(journal.to_json())
    assert fresh == journal
    assert hash(fresh) == hash(journal)
    assert repr(fresh) == repr(journal)
    assert "encoder" not in repr(journal).lower()
    assert set(journal.to_json()) == {
        "schema",
        "version",
        "created_at",
        "updated_at",
        "settings",
        "scale_sets",
        "events",
        "events_dropped",
    }
