"""A result is frozen when the operation completes: ``elapsed`` does not grow afterwards
(both clients)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from client_kinds import call, using
from conftest import FakeClocks
from fake_arm import (
    GROUP,
    RESULT_URL,
    STATUS_URL,
    VMSS,
    FakeArm,
    accepted,
    op_status,
    reply,
)

pytestmark = pytest.mark.anyio


async def test_elapsed_stops_when_the_operation_succeeds(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = FakeArm(accepted(retry_after="5"), op_status("Succeeded"), reply(200))
    async with using(make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
        first = await call(poller.result())
        clocks.advance(600)
        again = await call(poller.result())
    assert first.elapsed == again.elapsed == 5.0
    assert first == again


async def test_elapsed_of_a_synchronous_success_is_taken_when_it_answered(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    async with using(make(FakeArm(reply(200)))) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
        clocks.advance(42)  # the caller asks for the result much later
        assert (await call(poller.result())).elapsed == 0.0


async def test_elapsed_is_frozen_when_wait_saw_the_end(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = FakeArm(accepted(retry_after="2"), op_status("Succeeded"), reply(200))
    async with using(make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
        await call(poller.wait())
        clocks.advance(100)
        assert (await call(poller.result())).elapsed == 2.0


async def test_the_client_follows_a_new_location_in_the_final_phase(
    make: Callable[..., Any],
) -> None:
    moved = RESULT_URL.replace("op-1", "op-1-moved")
    arm = FakeArm(
        accepted(retry_after="1"),
        op_status("Succeeded"),
        reply(202, headers={"Location": moved, "Retry-After": "2"}),
        reply(200),
    )
    async with using(make(arm)) as client:
        result = await call(client.perform_maintenance(GROUP, VMSS))
    assert [url for _, url in arm.calls[1:]] == [STATUS_URL, RESULT_URL, moved]
    assert result.polls == 3
