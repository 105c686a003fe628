"""How long each client waits between polls: Retry-After, its cap, the floor, the interval
(sync and async parametrized)."""

from __future__ import annotations

from collections.abc import Callable
from email.utils import formatdate
from typing import Any

import pytest
from client_kinds import call, using
from conftest import FakeClocks
from fake_arm import (
    GROUP,
    START,
    VMSS,
    FakeArm,
    accepted,
    op_status,
    reply,
)
from vmss_maintenance import (
    RetryPolicy,
)

pytestmark = pytest.mark.anyio


# -- timing -----------------------------------------------------------------------------------


async def test_waits_are_the_retry_after_values(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    in_30s = formatdate(START + 7 + 30, usegmt=True)  # read when the first poll answers
    arm = FakeArm(
        accepted(retry_after="7"),
        op_status("InProgress", headers={"Retry-After": in_30s}),
        op_status("InProgress", headers={"retry-after-ms": "1500"}),
        op_status("InProgress", headers={"x-ms-retry-after-ms": "250"}),
        op_status("InProgress"),  # no header: the polling interval
        op_status("InProgress", headers={"Retry-After": "2"}),
        op_status("Succeeded"),
        reply(200),
    )
    async with using(make(arm)) as client:
        result = await call(client.perform_maintenance(GROUP, VMSS))
    assert clocks.sleeps == [7.0, 30.0, 1.5, 1.0, 10.0, 2.0]  # 250 ms: raised to the 1 s floor
    assert result.elapsed == sum(clocks.sleeps)
    assert result.polls == 7


async def test_retry_after_is_capped_by_retry_after_max(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = FakeArm(
        accepted(retry_after="3600"),
        op_status("InProgress", headers={"Retry-After": "86400"}),
        op_status("Succeeded"),
        reply(200),
    )
    policy = RetryPolicy(total=0, retry_after_max=45.0)
    async with using(make(arm, retry=policy)) as client:
        await call(client.perform_maintenance(GROUP, VMSS))
    assert clocks.sleeps == [45.0, 45.0]


async def test_retry_after_zero_waits_the_polling_floor(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = FakeArm(
        accepted(retry_after="0"),
        op_status("InProgress", headers={"Retry-After": "0"}),
        op_status("Succeeded"),
        reply(200),
    )
    async with using(make(arm)) as client:
        result = await call(client.perform_maintenance(GROUP, VMSS))
    assert clocks.sleeps == [1.0, 1.0]  # MIN_POLLING_INTERVAL, not a busy loop
    assert result.elapsed == 2.0
    assert result.polls == 3


async def test_per_call_polling_interval_overrides_the_client_one(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = FakeArm(accepted(), op_status("InProgress"), op_status("Succeeded"), reply(200))
    async with using(make(arm, polling_interval=30.0)) as client:
        await call(client.perform_maintenance(GROUP, VMSS, polling_interval=2.5))
    assert clocks.sleeps == [2.5, 2.5]


async def test_waits_follow_retry_after_capped_zero_and_ms(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = FakeArm(
        accepted(retry_after="3600"),
        op_status("InProgress", headers={"Retry-After": "0"}),
        op_status("InProgress", headers={"x-ms-retry-after-ms": "1250"}),
        op_status("InProgress"),
        op_status("Succeeded"),
        reply(200),
    )
    policy = RetryPolicy(total=0, retry_after_max=60.0)
    async with using(make(arm, retry=policy)) as client:
        result = await call(client.perform_maintenance(GROUP, VMSS))
    assert clocks.sleeps == [60.0, 1.0, 1.25, 10.0]  # capped; 0 = the 1 s floor; ms; interval
    assert result.elapsed == 72.25
