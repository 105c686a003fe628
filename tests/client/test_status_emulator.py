"""Maintenance status against the ARM emulator (in process, on loopback, on the test's fake
clocks), sync and async: Uniform and Flexible scale sets, windows that open and close as the
emulator's clock moves, an instance gone (404), paging and throttled reads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import httpx
import pytest
from client_kinds import ClientKind, call, using
from conftest import FakeClocks
from emulator_fixtures import SAMPLE_RESOURCE_GROUP, SAMPLE_SCALE_SET, SAMPLE_SUBSCRIPTION_ID
from vmss_maintenance import MaintenanceState, StaticTokenCredential
from vmss_maintenance._adapter import API_VERSION
from vmss_maintenance_emulator import SAMPLE_FLEXIBLE_SCALE_SET, ArmEmulator, Instance

pytestmark = pytest.mark.anyio
Start = Callable[..., ArmEmulator]
S = MaintenanceState


def client(kind: ClientKind, arm: ArmEmulator, **options: Any) -> Any:
    return kind.construct(
        StaticTokenCredential("status-test-token"), SAMPLE_SUBSCRIPTION_ID,
        endpoint=arm.endpoint, **options,
    )  # fmt: skip


async def status_of(kind: ClientKind, arm: ArmEmulator, name: str, **options: Any) -> Any:
    async with using(client(kind, arm, **options)) as maintenance:
        return await call(maintenance.get_maintenance_status(SAMPLE_RESOURCE_GROUP, name))


def states(status: Any) -> dict[str, MaintenanceState]:
    return {instance.instance_id: instance.state for instance in status.instances}


async def test_uniform_sample_status(kind: ClientKind, emulator: Start) -> None:
    status = await status_of(kind, emulator(), SAMPLE_SCALE_SET)
    assert status.orchestration_mode == "Uniform"
    assert status.eligible_instance_ids == ("0", "1", "2", "4", "5", "9")
    assert states(status) == {
        "0": S.ELIGIBLE, "1": S.ELIGIBLE, "2": S.ELIGIBLE, "3": S.NOT_ALLOWED, "4": S.ELIGIBLE,
        "5": S.ELIGIBLE, "6": S.NONE, "7": S.SCHEDULED, "8": S.PLATFORM_WINDOW, "9": S.ELIGIBLE,
    }  # fmt: skip
    assert [i.update_domain for i in status.instances] == [0, 1, 2, 3, 4] * 2
    assert status.instances[9].last_result_code == "RetryLater"
    assert status.counts[S.ELIGIBLE] == 6


async def test_flexible_sample_status_reads_each_vm(kind: ClientKind, emulator: Start) -> None:
    arm = emulator()
    status = await status_of(kind, arm, SAMPLE_FLEXIBLE_SCALE_SET)
    assert status.orchestration_mode == "Flexible"
    names = [f"batch-flex-vm{n}" for n in range(4)]
    assert states(status) == dict(zip(names, [S.ELIGIBLE] * 3 + [S.NONE], strict=True))
    assert status.eligible_instance_ids == tuple(names[:3])
    views = [r.path.rsplit("/", 2)[1] for r in arm.requests if r.path.endswith("/instanceView")]
    assert sorted(views) == names  # one instance view per VM


async def test_windows_open_and_close_as_the_emulator_clock_moves(
    kind: ClientKind, clocks: FakeClocks, emulator: Start
) -> None:
    arm = emulator()
    start = datetime.fromtimestamp(clocks.wall(), UTC)
    day = timedelta(days=1)
    arm.add_scale_set(SAMPLE_SUBSCRIPTION_ID, SAMPLE_RESOURCE_GROUP, "windows", [
        Instance("0", window_start=start + day, window_end=start + 3 * day,
                 platform_window_start=start + 3 * day, platform_window_end=start + 4 * day),
        Instance("1", window_start=start - day, window_end=start + day),
    ])  # fmt: skip
    seen = []
    for _ in range(3):
        status = await status_of(kind, arm, "windows")
        seen.append((states(status)["0"], states(status)["1"], status.eligible_instance_ids))
        clocks.advance(2 * day.total_seconds())
    assert seen == [
        (S.SCHEDULED, S.ELIGIBLE, ("1",)),  # 0's self-service window opens tomorrow
        (S.ELIGIBLE, S.PLATFORM_WINDOW, ("0",)),  # 0's is open; 1's closed: Azure applies it
        (S.PLATFORM_WINDOW, S.PLATFORM_WINDOW, ()),  # 0's is over too
    ]


async def test_a_vm_gone_between_the_listing_and_its_instance_view_is_unknown(
    kind: ClientKind, emulator: Start
) -> None:
    arm = emulator()
    upstream = httpx.Client()

    def forward(request: httpx.Request) -> httpx.Response:
        answer = upstream.request(
            request.method, str(request.url), headers=request.headers, content=request.content
        )
        if request.url.path.endswith("/virtualMachines"):  # the VM list: then vm1 is deleted
            arm.remove_instance(SAMPLE_SUBSCRIPTION_ID, SAMPLE_RESOURCE_GROUP,
                                SAMPLE_FLEXIBLE_SCALE_SET, "batch-flex-vm1")  # fmt: skip
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    try:
        status = await status_of(
            kind, arm, SAMPLE_FLEXIBLE_SCALE_SET, transport=httpx.MockTransport(forward)
        )
    finally:
        upstream.close()
    assert states(status)["batch-flex-vm1"] == S.UNKNOWN
    assert status.eligible_instance_ids == ("batch-flex-vm0", "batch-flex-vm2")
    assert [r.status for r in arm.requests if "batch-flex-vm1" in r.path] == [404]


@pytest.mark.parametrize("name", [SAMPLE_SCALE_SET, SAMPLE_FLEXIBLE_SCALE_SET])
async def test_small_pages_are_all_followed(kind: ClientKind, emulator: Start, name: str) -> None:
    arm = emulator(page_size=3)
    status = await status_of(kind, arm, name)
    total = 10 if name == SAMPLE_SCALE_SET else 4
    assert len(status.instances) == total
    assert len({i.instance_id for i in status.instances}) == total
    lists = [r for r in arm.requests if r.path.endswith("/virtualMachines")]
    assert len(lists) == -(-total // 3)  # ceil: 4 pages of Uniform VMs, 2 of Flexible ones
    assert sum("$skiptoken" in r.query for r in lists) == len(lists) - 1


async def test_a_throttled_read_is_retried_after_its_retry_after(
    kind: ClientKind, clocks: FakeClocks, emulator: Start
) -> None:
    arm = emulator(reads_per_minute=1)
    vms = f"{arm.endpoint}/subscriptions/{SAMPLE_SUBSCRIPTION_ID}/resourceGroups/" \
        f"{SAMPLE_RESOURCE_GROUP}/providers/Microsoft.Compute/virtualMachineScaleSets/" \
        f"{SAMPLE_SCALE_SET}/virtualMachines?api-version={API_VERSION}"  # fmt: skip
    assert httpx.get(vms, headers={"Authorization": "Bearer x"}).status_code == 200  # spent
    clocks.advance(20)
    status = await status_of(kind, arm, SAMPLE_SCALE_SET)
    assert status.eligible_instance_ids == ("0", "1", "2", "4", "5", "9")
    lists = [r for r in arm.requests if r.path.endswith("/virtualMachines")][1:]
    assert [r.status for r in lists] == [429, 200]
    assert lists[0].response_headers["retry-after"] == "40"  # the rest of the minute
    assert 40.0 in clocks.sleeps


async def test_a_low_remaining_budget_spaces_reads_out_instead_of_a_429(
    kind: ClientKind, clocks: FakeClocks, emulator: Start
) -> None:
    arm = emulator(page_size=3, reads_per_minute=2)
    status = await status_of(kind, arm, SAMPLE_SCALE_SET)
    assert len(status.instances) == 10
    budgets = [r.response_headers["x-ms-ratelimit-remaining-resource"] for r in arm.requests]
    assert "Microsoft.Compute/GetVMScaleSetVM1Min;0" in budgets
    assert all(r.status == 200 for r in arm.requests)  # paced: never refused
    assert sum(clocks.sleeps) >= 60  # it waited for the next minute's budget


class TickingClocks(FakeClocks):
    """Fake clocks whose monotonic time moves a microsecond at every read, like a real one."""

    def monotonic(self) -> float:
        self.mono += 1e-6
        return self.mono


async def test_wait_zero_makes_a_poll_that_is_due_on_a_clock_that_moves(
    kind: ClientKind, emulator: Start
) -> None:
    # Regression: wait(0) compared the deadline with a later clock reading and never polled,
    # so `perform --eligible` on a Flexible scale set followed its VMs forever.
    ticking = TickingClocks()
    arm = emulator(retry_after=0, polls_to_complete=1, clock=ticking.monotonic)
    ticking_kind = attrs.evolve(kind, clocks=ticking)
    async with using(client(ticking_kind, arm)) as maintenance:
        poller = await call(
            maintenance.begin_perform_vm_maintenance(SAMPLE_RESOURCE_GROUP, "batch-flex-vm0")
        )
        ticking.advance(5)
        await call(poller.wait(0))  # the poll is due: it is made
    assert [r.method for r in arm.requests] == ["POST", "GET"]
