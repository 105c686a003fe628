"""Pacing on x-ms-ratelimit-remaining-resource: the rules, the transports and the clients."""

from __future__ import annotations

import itertools
import logging

import httpx
import pytest
from conftest import FakeClocks
from fake_arm import GROUP, SUB, VMSS, AsyncFakeCredential, FakeArm, FakeCredential, accepted
from hypothesis import given
from hypothesis import strategies as st
from vmss_maintenance import AsyncMaintenanceClient, MaintenanceClient, RetryPolicy
from vmss_maintenance._pacing import (
    AsyncPacingTransport,
    Pacer,
    PacingTransport,
    parse_remaining,
    shape_of,
    window_seconds,
)

POST_PATH = (
    f"/subscriptions/{SUB}/resourceGroups/{GROUP}/providers/Microsoft.Compute/"
    f"virtualMachineScaleSets/{VMSS}/performMaintenance"
)
GET_PATH = (
    f"/subscriptions/{SUB}/resourceGroups/{GROUP}/providers/Microsoft.Compute/"
    f"virtualMachineScaleSets/{VMSS}/virtualMachines"
)
ACTIONS = "Microsoft.Compute/VMScaleSetActions3Min;{},Microsoft.Compute/VMScaleSetActions30Min;1198"


def test_parse_remaining_reads_a_recorded_header_and_skips_garbage() -> None:
    assert parse_remaining(ACTIONS.format(239)) == {
        "Microsoft.Compute/VMScaleSetActions3Min": 239,
        "Microsoft.Compute/VMScaleSetActions30Min": 1198,
    }
    assert parse_remaining(None) == {}
    assert parse_remaining("nonsense, a;-1, b;x, ;3, c;4, c;2") == {"c": 2}


def test_window_comes_from_the_policy_name() -> None:
    assert window_seconds("Microsoft.Compute/GetVMScaleSetVM3Min") == 180.0
    assert window_seconds("Microsoft.Compute/GetVMScaleSetVM30Min") == 1800.0
    assert window_seconds("X/PerHour1h") == 3600.0
    assert window_seconds("X/Burst10Sec") == 10.0
    assert window_seconds("X/NoWindow") == 60.0


def test_shape_drops_names_and_ids() -> None:
    other = POST_PATH.replace(VMSS, "other").replace(GROUP, "g2")
    assert shape_of("post", POST_PATH) == shape_of("POST", other)
    assert shape_of("POST", POST_PATH) == (
        "POST subscriptions/resourcegroups/providers/virtualmachinescalesets/performmaintenance"
    )
    assert shape_of("GET", GET_PATH) != shape_of("POST", POST_PATH)


def test_no_reading_or_enough_left_never_delays() -> None:
    pacer = Pacer(threshold=10)
    shape = shape_of("POST", POST_PATH)
    assert pacer.reserve(shape, 0.0) == 0.0
    pacer.observe(shape, ACTIONS.format(10), 0.0)
    assert [pacer.reserve(shape, 0.0) for _ in range(5)] == [0.0] * 5
    pacer.observe(shape, None, 0.0)
    assert pacer.reserve(shape, 0.0) == 0.0


def test_a_low_budget_spaces_requests_of_its_shape_only() -> None:
    pacer = Pacer(threshold=10, max_delay=60.0)
    post, get = shape_of("POST", POST_PATH), shape_of("GET", GET_PATH)
    pacer.observe(post, ACTIONS.format(5), 100.0)  # 180 s / (5 + 1) = 30 s apart
    pacer.observe(get, "Microsoft.Compute/GetVMScaleSetVM3Min;999", 100.0)
    assert [pacer.reserve(post, 100.0) for _ in range(3)] == [30.0, 60.0, 90.0]
    assert pacer.reserve(get, 100.0) == 0.0
    # later requests queue behind the booked ones
    assert pacer.reserve(post, 150.0) == 70.0
    assert pacer.low_policies(post) == ["Microsoft.Compute/VMScaleSetActions3Min"]


def test_the_delay_is_capped_and_recovers() -> None:
    pacer = Pacer(threshold=10, max_delay=60.0)
    post = shape_of("POST", POST_PATH)
    pacer.observe(post, ACTIONS.format(0), 0.0)  # 180 s / 1 capped at 60 s
    assert [pacer.reserve(post, 0.0) for _ in range(2)] == [60.0, 120.0]
    pacer.observe(post, ACTIONS.format(200), 1.0)  # enough again: at once
    assert pacer.reserve(post, 1.0) == 0.0


def test_a_reading_expires_with_its_window() -> None:
    pacer = Pacer(threshold=10)
    post = shape_of("POST", POST_PATH)
    pacer.observe(post, ACTIONS.format(2), 0.0)  # 60 s apart, for the 180 s window
    assert pacer.reserve(post, 0.0) == 60.0
    assert pacer.reserve(post, 0.0) == 120.0
    assert pacer.reserve(post, 180.0) == 0.0
    assert pacer.reserve(post, 180.0) == 0.0


@given(
    st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=8),
    st.integers(min_value=1, max_value=30),
)
def test_booked_starts_are_never_closer_than_the_interval(lefts: list[int], count: int) -> None:
    pacer = Pacer(threshold=10, max_delay=60.0)
    post = shape_of("POST", POST_PATH)
    for left in lefts:
        pacer.observe(post, ACTIONS.format(left), 0.0)
    starts = [pacer.reserve(post, 0.0) for _ in range(count)]
    last = lefts[-1]
    gap = 0.0 if last >= 10 else min(60.0, 180.0 / (last + 1))
    assert all(start >= 0 for start in starts)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert gaps == pytest.approx([gap] * (count - 1))
    if last >= 10:
        assert starts == [0.0] * count


def answer(left: int) -> httpx.Response:
    return httpx.Response(200, headers={"x-ms-ratelimit-remaining-resource": ACTIONS.format(left)})


def test_the_transport_waits_between_requests_while_low(
    clocks: FakeClocks, caplog: pytest.LogCaptureFixture
) -> None:
    sent: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(clocks.monotonic())
        return answer(2)  # 180 / 3 = 60 s apart

    transport = PacingTransport(
        httpx.MockTransport(handler), monotonic=clocks.monotonic, sleep=clocks.sleep
    )
    with httpx.Client(transport=transport) as http, caplog.at_level(logging.INFO):
        for _ in range(3):
            http.post(f"https://management.azure.com{POST_PATH}")
    assert [t - sent[0] for t in sent] == [0.0, 60.0, 120.0]
    assert clocks.sleeps == [60.0, 60.0]
    assert "VMScaleSetActions3Min low, waiting 60.000 s" in caplog.text


@pytest.mark.anyio
async def test_the_async_transport_waits_too(clocks: FakeClocks) -> None:
    transport = AsyncPacingTransport(
        httpx.MockTransport(lambda request: answer(5)),
        monotonic=clocks.monotonic,
        sleep=clocks.async_sleep,
    )
    async with httpx.AsyncClient(transport=transport) as http:
        for _ in range(3):
            await http.post(f"https://management.azure.com{POST_PATH}")
    assert clocks.sleeps == [30.0, 30.0]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def low_post() -> httpx.Response:
    reply = accepted(x_ms_ratelimit_remaining_resource=ACTIONS.format(2))
    return reply.response()


def test_the_sync_client_paces_its_posts(clocks: FakeClocks) -> None:
    arm = FakeArm(lambda r: low_post(), lambda r: low_post())
    with MaintenanceClient(
        FakeCredential(), SUB, transport=arm, clock=clocks, sleep=clocks.sleep,
        retry=RetryPolicy(total=0),
    ) as client:  # fmt: skip
        client.begin_perform_maintenance(GROUP, VMSS)
        assert clocks.sleeps == []
        client.begin_perform_maintenance(GROUP, VMSS)
    assert clocks.sleeps == [60.0]


@pytest.mark.anyio
async def test_the_async_client_paces_its_posts(clocks: FakeClocks) -> None:
    arm = FakeArm(lambda r: low_post(), lambda r: low_post())
    async with AsyncMaintenanceClient(
        AsyncFakeCredential(), SUB, transport=arm, clock=clocks, sleep=clocks.async_sleep,
        retry=RetryPolicy(total=0),
    ) as client:  # fmt: skip
        await client.begin_perform_maintenance(GROUP, VMSS)
        await client.begin_perform_maintenance(GROUP, VMSS)
    assert clocks.sleeps == [60.0]
