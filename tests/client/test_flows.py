"""Client flows, one set of tests for the sync and the async client (parametrized)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from conftest import FakeClocks
from fake_arm import (
    GROUP,
    RESULT_URL,
    STATUS_URL,
    SUB,
    VMSS,
    AsyncFakeCredential,
    FakeArm,
    FakeCredential,
    accepted,
    op_status,
    reply,
)
from vmss_maintenance import AsyncMaintenanceClient, MaintenanceClient, RetryPolicy, Update
from vmss_maintenance.errors import ServiceRequestError

pytestmark = pytest.mark.anyio
RESULT_URL_2 = RESULT_URL.replace("op-1", "op-2")


async def call(value: Any) -> Any:
    """The value of a sync call, or of an awaited async one."""
    return await value if inspect.isawaitable(value) else value


@pytest.fixture(params=["sync", "async"])
def make(request: pytest.FixtureRequest, clocks: FakeClocks) -> Callable[..., Any]:
    """Makes a client of the parametrized kind over a FakeArm, with the fake clocks."""

    def factory(arm: FakeArm, **options: Any) -> Any:
        options.setdefault("polling_interval", 10.0)
        options.setdefault("retry", RetryPolicy(total=2, jitter=False))
        if request.param == "sync":
            return MaintenanceClient(FakeCredential(), SUB, transport=arm, clock=clocks,
                                     sleep=clocks.sleep, **options)  # fmt: skip
        return AsyncMaintenanceClient(AsyncFakeCredential(), SUB, transport=arm, clock=clocks,
                                      sleep=clocks.async_sleep, **options)  # fmt: skip

    return factory


async def test_polls_follow_the_monotonic_clock_not_the_wall_clock(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = FakeArm(accepted(retry_after="30"), op_status("Succeeded"), reply(200))
    client = make(arm)
    poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
    clocks.jump_wall(-3600)  # the wall clock is set back an hour
    assert poller.next_poll_in() == 30.0
    result = await call(poller.result())
    assert clocks.sleeps == [30.0]
    assert result.elapsed == 30.0  # measured on the monotonic clock
    await call(client.close())


async def test_on_update_reports_every_response(make: Callable[..., Any]) -> None:
    arm = FakeArm(
        accepted(retry_after="5"), op_status("InProgress"), op_status("Succeeded"), reply(200)
    )
    client = make(arm)
    updates: list[Update] = []
    poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
    await call(poller.result(on_update=updates.append))
    assert updates == [
        Update(status="InProgress", polls=1, next_poll_in=10.0, done=False),
        Update(status="Succeeded", polls=2, next_poll_in=0.0, done=False),  # the final GET
        Update(status="Succeeded", polls=3, next_poll_in=None, done=True),
    ]
    await call(client.close())


async def test_the_result_is_frozen_when_the_operation_completes(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = FakeArm(accepted(), op_status("Succeeded"), reply(200))
    client = make(arm)
    poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
    first = await call(poller.result())
    clocks.sleep(500)
    again = await call(poller.result())
    assert again is first
    assert again.elapsed == 10.0
    await call(client.close())


async def test_a_new_location_on_the_final_get_is_followed(make: Callable[..., Any]) -> None:
    arm = FakeArm(
        accepted(),
        op_status("Succeeded"),
        reply(202, headers={"Location": RESULT_URL_2, "Retry-After": "1"}),
        reply(200),
    )
    client = make(arm)
    result = await call(client.perform_maintenance(GROUP, VMSS))
    assert [url for _, url in arm.calls[1:]] == [STATUS_URL, RESULT_URL, RESULT_URL_2]
    assert result.polls == 3
    await call(client.close())


async def test_a_token_from_a_failed_operation_resumes_to_the_same_failure(
    make: Callable[..., Any],
) -> None:
    error = {"code": "Nope", "message": "not due"}
    arm = FakeArm(accepted(), op_status("Failed", error=error))
    client = make(arm)
    poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
    with pytest.raises(Exception, match="not due") as first:
        await call(poller.result())
    resumed = await call(client.resume(poller.continuation_token()))
    assert resumed.done()
    assert resumed.status() == "Failed"
    with pytest.raises(type(first.value), match=r"\(Nope\) not due"):
        await call(resumed.result())
    assert len(arm.requests) == 2  # nothing sent for the resumed one
    await call(client.close())


async def test_no_answer_to_a_poll_ends_the_wait_and_the_token_resumes(
    make: Callable[..., Any],
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    arm = FakeArm(accepted(), refuse, refuse, refuse)
    client = make(arm)
    poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
    with pytest.raises(ServiceRequestError, match="got no answer") as info:
        await call(poller.result())
    assert poller.done()
    with pytest.raises(ServiceRequestError) as again:
        await call(poller.wait())
    assert again.value is info.value
    arm.add(op_status("Succeeded"), reply(200))
    resumed = await call(client.resume(poller.continuation_token()))
    assert (await call(resumed.result())).status == "Succeeded"
    assert [url for _, url in arm.calls[-2:]] == [STATUS_URL, RESULT_URL]
    await call(client.close())
