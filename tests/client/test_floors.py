"""The floor on waits: no busy polling, no immediate retry on a server's "Retry-After: 0"."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from client_kinds import call, using
from conftest import FakeClocks
from fake_arm import (
    GROUP,
    POST_URL,
    STATUS_URL,
    VMSS,
    FakeArm,
    accepted,
    make_async_client,
    make_client,
    op_status,
    reply,
)
from vmss_maintenance import RetryPolicy
from vmss_maintenance._machine import Timing
from vmss_maintenance._timing import MIN_POLLING_INTERVAL, check_polling_interval
from vmss_maintenance.errors import InvalidArgumentError


def test_the_floor_is_one_second() -> None:
    assert MIN_POLLING_INTERVAL == 1.0


@pytest.mark.parametrize("value", [0, 0.0, 0.5, 0.999, -1, math.nan, math.inf, True, "30", None])
def test_a_polling_interval_below_the_floor_or_not_a_number_is_refused(value: object) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        check_polling_interval(value)
    message = str(info.value)
    assert repr(value) in message
    assert ">= 1" in message
    with pytest.raises(InvalidArgumentError):
        Timing(polling_interval=value, retry_after_max=60.0)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [1, 1.0, 2.5, 30])
def test_a_polling_interval_at_or_above_the_floor_is_taken(value: float) -> None:
    assert check_polling_interval(value) == float(value)


@pytest.mark.parametrize("value", [0, 0.5])
def test_the_client_refuses_a_polling_interval_below_the_floor(
    clocks: FakeClocks, value: float
) -> None:
    arm = FakeArm()
    with pytest.raises(InvalidArgumentError, match=rf"polling_interval .*>= 1.*not {value!r}"):
        make_client(arm, clocks, polling_interval=value)
    with pytest.raises(InvalidArgumentError, match=rf"not {value!r}"):
        make_async_client(arm, clocks, polling_interval=value)


def test_a_per_call_polling_interval_below_the_floor_is_refused_before_sending(
    clocks: FakeClocks,
) -> None:
    arm = FakeArm()
    with (
        make_client(arm, clocks) as client,
        pytest.raises(InvalidArgumentError, match="polling_interval"),
    ):
        client.begin_perform_maintenance(GROUP, VMSS, polling_interval=0)
    assert arm.requests == []


@pytest.mark.anyio
async def test_retry_after_zero_on_every_poll_waits_the_floor_each_time(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = FakeArm(
        accepted(retry_after="0"),
        *[op_status("InProgress", headers={"Retry-After": "0"}) for _ in range(5)],
        op_status("Succeeded"),
        reply(200),
    )
    async with using(make(arm)) as client:
        result = await call(client.perform_maintenance(GROUP, VMSS))
    assert clocks.sleeps == [MIN_POLLING_INTERVAL] * 6
    assert result.polls == 7


@pytest.mark.anyio
async def test_retry_after_ms_zero_on_a_poll_waits_the_floor(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = FakeArm(
        accepted(retry_after="0"),
        op_status("InProgress", headers={"retry-after-ms": "0"}),
        op_status("Succeeded"),
        reply(200),
    )
    async with using(make(arm)) as client:
        await call(client.perform_maintenance(GROUP, VMSS))
    assert clocks.sleeps == [1.0, 1.0]


def test_a_429_with_retry_after_zero_on_the_post_backs_off(clocks: FakeClocks) -> None:
    throttled = reply(429, headers={"Retry-After": "0"})
    arm = FakeArm(throttled, throttled, throttled, accepted(retry_after="5"),
                  op_status("Succeeded"), reply(200))  # fmt: skip
    policy = RetryPolicy(total=3, backoff_factor=0.8, jitter=False)
    with make_client(arm, clocks, retry=policy) as client:
        client.perform_maintenance(GROUP, VMSS)
    assert [call for call in arm.calls if call[0] == "POST"] == [("POST", POST_URL)] * 4
    assert clocks.sleeps == [0.8, 1.6, 3.2, 5.0]  # the backoff, then the 202's Retry-After


@pytest.mark.parametrize(
    ("headers", "attempt", "expected"),
    [
        ({"Retry-After": "0"}, 1, 0.8),
        ({"retry-after-ms": "0"}, 3, 3.2),
        (
            {"Retry-After": format_datetime(datetime.now(UTC) - timedelta(days=1), usegmt=True)},
            2,
            1.6,
        ),
        ({"retry-after-ms": "900"}, 1, 0.9),  # below the floor: never sooner than asked
        ({"retry-after-ms": "300"}, 2, 1.6),
        ({"Retry-After": "1"}, 5, 1.0),  # at the floor: the server's word wins
        ({"Retry-After": "-3"}, 1, 0.8),
    ],
)
def test_a_server_wait_below_the_floor_does_not_shorten_the_backoff(
    headers: dict[str, str], attempt: int, expected: float
) -> None:
    policy = RetryPolicy(backoff_factor=0.8, jitter=False)
    assert policy.delay_for(httpx.Response(503, headers=headers), attempt) == pytest.approx(
        expected
    )


def test_status_poll_after_a_429_keeps_the_floor_too(clocks: FakeClocks) -> None:
    arm = FakeArm(
        accepted(retry_after="2"),
        reply(429, headers={"Retry-After": "0"}),
        op_status("Succeeded", headers={"Retry-After": "0"}),
        reply(200),
    )
    with make_client(arm, clocks, retry=RetryPolicy(total=1, jitter=False)) as client:
        client.perform_maintenance(GROUP, VMSS)
    assert clocks.sleeps == [2.0, 0.8]
    assert arm.calls[1] == ("GET", STATUS_URL)
