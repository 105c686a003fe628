"""A result is frozen when the operation completes: ``elapsed`` does not grow afterwards."""

from __future__ import annotations

import pytest
from conftest import FakeClocks
from fake_arm import (
    GROUP,
    RESULT_URL,
    STATUS_URL,
    VMSS,
    FakeArm,
    accepted,
    make_async_client,
    make_client,
    op_status,
    reply,
)


def test_elapsed_stops_when_the_operation_succeeds(clocks: FakeClocks) -> None:
    arm = FakeArm(accepted(retry_after="5"), op_status("Succeeded"), reply(200))
    with make_client(arm, clocks) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS)
        first = poller.result()
        clocks.advance(600)
        again = poller.result()
    assert first.elapsed == again.elapsed == 5.0
    assert first == again


def test_elapsed_of_a_synchronous_success_is_taken_when_it_answered(clocks: FakeClocks) -> None:
    with make_client(FakeArm(reply(200)), clocks) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS)
        clocks.advance(42)  # the caller asks for the result much later
        assert poller.result().elapsed == 0.0


@pytest.mark.anyio
async def test_async_elapsed_is_frozen_too(clocks: FakeClocks) -> None:
    arm = FakeArm(accepted(retry_after="2"), op_status("Succeeded"), reply(200))
    async with make_async_client(arm, clocks) as client:
        poller = await client.begin_perform_maintenance(GROUP, VMSS)
        await poller.wait()
        clocks.advance(100)
        assert (await poller.result()).elapsed == 2.0


def test_the_client_follows_a_new_location_in_the_final_phase(clocks: FakeClocks) -> None:
    moved = RESULT_URL.replace("op-1", "op-1-moved")
    arm = FakeArm(
        accepted(retry_after="1"),
        op_status("Succeeded"),
        reply(202, headers={"Location": moved, "Retry-After": "2"}),
        reply(200),
    )
    with make_client(arm, clocks) as client:
        result = client.perform_maintenance(GROUP, VMSS)
    assert [url for _, url in arm.calls[1:]] == [STATUS_URL, RESULT_URL, moved]
    assert result.polls == 3
