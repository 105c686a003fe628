"""Rollouts against the ARM emulator (in process, on loopback) on the test's fake clocks, sync
and async: batches by update domain within max_unavailable, the health gate, failures that stop
a scale set with later batches untouched, continue_on_failure, and a throttled fleet."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from client_kinds import ClientKind, call, using
from emulator_fixtures import SAMPLE_RESOURCE_GROUP, SAMPLE_SCALE_SET, SAMPLE_SUBSCRIPTION_ID
from vmss_maintenance import StaticTokenCredential
from vmss_maintenance._adapter import API_VERSION
from vmss_maintenance._rollout_events import BatchStarted, RolloutEvent, ScaleSetDone
from vmss_maintenance._rollout_report import InstanceState
from vmss_maintenance_emulator import SAMPLE_FLEXIBLE_SCALE_SET, ArmEmulator, Instance

pytestmark = pytest.mark.anyio
Start = Callable[..., ArmEmulator]
RG = SAMPLE_RESOURCE_GROUP
DONE, FAILED, UNTOUCHED = InstanceState.MAINTAINED, InstanceState.FAILED, InstanceState.NOT_STARTED


def client(kind: ClientKind, arm: ArmEmulator) -> Any:
    return kind.construct(StaticTokenCredential("rollout-test-token"), SAMPLE_SUBSCRIPTION_ID,
                          endpoint=arm.endpoint)  # fmt: skip


async def roll(
    kind: ClientKind, arm: ArmEmulator, targets: list[Any], *, plan: dict[str, Any] | None = None,
    **run: Any,
) -> Any:  # fmt: skip
    async with using(client(kind, arm)) as maintenance:
        planned = await call(maintenance.plan_rollout(targets, **(plan or {})))
        return await call(maintenance.run_rollout(planned, **run))


def states(report: Any, index: int = 0) -> dict[str, InstanceState]:
    return {i.instance_id: i.state for i in report.scale_sets[index].instances}


def maintained_ids(arm: ArmEmulator) -> list[list[str]]:
    """The instance ids (or VM names) of every performMaintenance POST, in order."""
    out: list[list[str]] = []
    for r in arm.requests:
        if r.method == "POST":
            body = json.loads(r.body or b"{}")
            out.append(body.get("instanceIds") or [r.path.rsplit("/", 2)[1]])
    return out


async def test_batches_go_by_update_domain_within_max_unavailable_one_at_a_time(
    kind: ClientKind, emulator: Start, tmp_path: Path
) -> None:
    arm = emulator(retry_after=0, polls_to_complete=1)
    arm.add_scale_set(SAMPLE_SUBSCRIPTION_ID, RG, "ud-vmss", [
        Instance(str(n), update_domain=n % 3) for n in range(9)
    ])  # fmt: skip
    report = await roll(kind, arm, [(RG, "ud-vmss")], plan={"max_unavailable": 2},
                        journal=str(tmp_path / "j.json"))  # fmt: skip
    assert report.exit_code == 0
    assert set(states(report).values()) == {DONE}
    assert maintained_ids(arm) == [["0", "3"], ["6"], ["1", "4"], ["7"], ["2", "5"], ["8"]]
    # One batch at a time: each POST comes after the previous batch's gate read the VMs again.
    posts = [n for n, r in enumerate(arm.requests) if r.method == "POST"]
    between = [arm.requests[a + 1 : b] for a, b in itertools.pairwise(posts)]
    assert all(any(r.path.endswith("/virtualMachines") for r in reads) for reads in between)


async def test_a_failed_maintenance_stops_the_scale_set_and_later_batches_stay_untouched(
    kind: ClientKind, emulator: Start, tmp_path: Path
) -> None:
    arm = emulator(retry_after=0, polls_to_complete=1)
    report = await roll(kind, arm, [(RG, SAMPLE_SCALE_SET)],
                        plan={"max_unavailable": 1}, journal=str(tmp_path / "j.json"))  # fmt: skip
    assert report.exit_code == 1
    got = states(report)
    assert [got[i] for i in ("0", "5", "1", "2")] == [DONE] * 4
    assert got["4"] == FAILED
    assert got["9"] == UNTOUCHED
    assert maintained_ids(arm) == [["0"], ["5"], ["1"], ["2"], ["4"]]  # 9 never sent


@pytest.mark.parametrize(
    ("fault", "code"),
    [("retry_later", "RetryLater"), ("maintenance_aborted", "MaintenanceAborted")],
)
async def test_retry_later_or_aborted_stops_unless_continue_on_failure(
    kind: ClientKind, emulator: Start, tmp_path: Path, fault: str, code: str
) -> None:
    arm = emulator(retry_after=0, polls_to_complete=1)
    arm.add_scale_set(SAMPLE_SUBSCRIPTION_ID, RG, "f-vmss",
                      ["0", Instance("1", fault=fault), "2"])  # fmt: skip
    options = {"max_unavailable": 1, "batch_by": "count"}
    stopped = await roll(kind, arm, [(RG, "f-vmss")], plan=options,
                         journal=str(tmp_path / "a.json"))  # fmt: skip
    assert states(stopped) == {"0": DONE, "1": FAILED, "2": UNTOUCHED}
    assert code in stopped.scale_sets[0].instances[1].detail
    assert maintained_ids(arm) == [["0"], ["1"]]

    arm.add_scale_set(SAMPLE_SUBSCRIPTION_ID, RG, "g-vmss",
                      ["0", Instance("1", fault=fault), "2"])  # fmt: skip
    arm.reset_requests()
    went_on = await roll(kind, arm, [(RG, "g-vmss")], plan=options,
                         journal=str(tmp_path / "b.json"), continue_on_failure=True)  # fmt: skip
    assert states(went_on) == {"0": DONE, "1": FAILED, "2": DONE}
    assert went_on.exit_code == 1
    assert maintained_ids(arm) == [["0"], ["1"], ["2"]]


@pytest.mark.parametrize("fault", ["unhealthy", "stays_stopped"])
async def test_the_health_gate_fails_an_instance_that_comes_back_unwell(
    kind: ClientKind, emulator: Start, tmp_path: Path, fault: str
) -> None:
    arm = emulator(retry_after=0, polls_to_complete=1)
    arm.add_scale_set(SAMPLE_SUBSCRIPTION_ID, RG, "h-vmss",
                      ["0", Instance("1", fault=fault, health="healthy"), "2"])  # fmt: skip
    report = await roll(kind, arm, [(RG, "h-vmss")], plan={"max_unavailable": 1,
                        "batch_by": "count"}, journal=str(tmp_path / "j.json"),
                        health_timeout=120)  # fmt: skip
    assert states(report) == {"0": DONE, "1": FAILED, "2": UNTOUCHED}
    assert report.exit_code == 1
    assert maintained_ids(arm) == [["0"], ["1"]]


async def test_flexible_batches_are_one_vm_call_each_and_the_gate_passes(
    kind: ClientKind, emulator: Start, tmp_path: Path
) -> None:
    arm = emulator(retry_after=0, polls_to_complete=1)
    report = await roll(kind, arm, [(RG, SAMPLE_FLEXIBLE_SCALE_SET)],
                        plan={"max_unavailable": 2, "batch_by": "count"},
                        journal=str(tmp_path / "j.json"))  # fmt: skip
    got = states(report)
    assert got["batch-flex-vm0"] == DONE
    assert got["batch-flex-vm1"] == DONE
    assert got["batch-flex-vm2"] == FAILED  # comes back unhealthy: its gate fails
    assert got["batch-flex-vm3"] == InstanceState.SKIPPED
    sent = sorted(name for ids in maintained_ids(arm) for name in ids)
    assert sent == [f"batch-flex-vm{n}" for n in range(3)]  # one VM call each


async def test_a_throttled_fleet_of_twenty_completes_with_concurrency_respected(
    kind: ClientKind, emulator: Start, tmp_path: Path
) -> None:
    arm = emulator(retry_after=0, polls_to_complete=1, reads_per_minute=1)
    names = [f"fleet-{n:02d}" for n in range(20)]
    for name in names:
        arm.add_scale_set(SAMPLE_SUBSCRIPTION_ID, "fleet-rg", name, ["0", "1", "2"])
    for name in names[:2]:  # another tool spent these two scale sets' read budgets
        url = (f"{arm.endpoint}/subscriptions/{SAMPLE_SUBSCRIPTION_ID}/resourceGroups/fleet-rg/"
               f"providers/Microsoft.Compute/virtualMachineScaleSets/{name}/virtualMachines"
               f"?api-version={API_VERSION}")  # fmt: skip
        assert httpx.get(url, headers={"Authorization": "Bearer x"}).status_code == 200
    arm.reset_requests()
    active: set[str] = set()
    most = 0

    def watch(event: RolloutEvent) -> None:
        nonlocal most
        if isinstance(event, BatchStarted):
            active.add(event.scale_set)
            most = max(most, len(active))
        elif isinstance(event, ScaleSetDone):
            active.discard(event.scale_set)

    # Planned one scale set at a time, fleet-00 first: the emulator runs on the client's fake
    # clock, so a wait in a planning thread of another scale set could refill the two spent
    # budgets before they are read.
    report = await roll(kind, arm, [("fleet-rg", n) for n in names],
                        plan={"max_unavailable": 2, "concurrency": 1},
                        journal=str(tmp_path / "j.json"), concurrency=3,
                        on_event=watch)  # fmt: skip
    assert report.exit_code == 0
    assert report.counts[DONE] == 60
    assert 1 <= most <= 3
    sent = [(r.path.split("/")[-2], *json.loads(r.body or b"{}")["instanceIds"])
            for r in arm.requests if r.method == "POST"]  # fmt: skip
    assert sorted(sent) == sorted((n, i) for n in names for i in "012")  # each once, by UD
    header = "x-ms-ratelimit-remaining-resource"
    budgets = [r.response_headers.get(header, "") for r in arm.requests]
    assert any(b.endswith(";0") for b in budgets)  # the budget ran out...
    refused = [r for r in arm.requests if r.status == 429]
    assert refused  # a spent budget answered 429: each was waited out, then read again
    assert all(float(r.response_headers["retry-after"]) in kind.clocks.sleeps for r in refused)
