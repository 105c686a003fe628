"""Client flows, one set of tests for the sync and the async client (parametrized)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from conftest import FakeClocks
from fake_arm import (
    GROUP,
    RESULT_URL,
    STATUS_URL,
    VMSS,
    FakeArm,
    accepted,
    call,
    op_status,
    reply,
)
from vmss_maintenance import Update
from vmss_maintenance.errors import ServiceRequestError

pytestmark = pytest.mark.anyio
RESULT_URL_2 = RESULT_URL.replace("op-1", "op-2")


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
        # The service said Succeeded; the final GET is still to come: not terminal yet.
        Update(status="InProgress", polls=2, next_poll_in=0.0, done=False),
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


# Written by vmss-maintenance 0.1.0 (the fake_arm operation, timed out after 15 s).
TOKEN_0_1_0 = (
    "vmss1.eyJhcGlfdmVyc2lvbiI6IjIwMjQtMDctMDEiLCJjbGllbnRfcmVxdWVzdF9pZCI6IjhjN2MyODJhLTY0Mz"
    "ItNGMxOC1hNWNiLWNjYzBjNDk2ZjQ4ZSIsImZpbmFsX3N0YXRlX3ZpYSI6ImxvY2F0aW9uIiwiaW5zdGFuY2VfaW"
    "RzIjpbIjEiLCIyIl0sImxvY2F0aW9uX3VybCI6Imh0dHBzOi8vbWFuYWdlbWVudC5henVyZS5jb20vc3Vic2NyaX"
    "B0aW9ucy85ZjhlN2Q2Yy01YjRhLTQzMjEtODc2NS0wMTIzNDU2Nzg5YWIvcHJvdmlkZXJzL01pY3Jvc29mdC5Db2"
    "1wdXRlL2xvY2F0aW9ucy93ZXN0ZXVyb3BlL29wZXJhdGlvblJlc3VsdHMvb3AtMT9wPTImYXBpLXZlcnNpb249Mj"
    "AyNC0wNy0wMSIsIm5leHRfdXJsIjoiaHR0cHM6Ly9tYW5hZ2VtZW50LmF6dXJlLmNvbS9zdWJzY3JpcHRpb25zLz"
    "lmOGU3ZDZjLTViNGEtNDMyMS04NzY1LTAxMjM0NTY3ODlhYi9wcm92aWRlcnMvTWljcm9zb2Z0LkNvbXB1dGUvbG"
    "9jYXRpb25zL3dlc3RldXJvcGUvb3BlcmF0aW9ucy9vcC0xP3A9MiZtb25pdG9yPXRydWUmYXBpLXZlcnNpb249Mj"
    "AyNC0wNy0wMSIsIm9yaWdpbmFsX3VybCI6Imh0dHBzOi8vbWFuYWdlbWVudC5henVyZS5jb20vc3Vic2NyaXB0aW"
    "9ucy85ZjhlN2Q2Yy01YjRhLTQzMjEtODc2NS0wMTIzNDU2Nzg5YWIvcmVzb3VyY2VHcm91cHMvbXktZ3JvdXAvcH"
    "JvdmlkZXJzL01pY3Jvc29mdC5Db21wdXRlL3ZpcnR1YWxNYWNoaW5lU2NhbGVTZXRzL215LXNjYWxlLXNldC9wZX"
    "Jmb3JtTWFpbnRlbmFuY2U_YXBpLXZlcnNpb249MjAyNC0wNy0wMSIsInBoYXNlIjoic3RhdHVzIiwicG9sbHMiOj"
    "EsInJlc291cmNlX2dyb3VwX25hbWUiOiJteS1ncm91cCIsInNlcnZpY2VfcmVxdWVzdF9pZCI6InBvc3QtcmVxdW"
    "VzdC1pZCIsInN0YXJ0ZWQiOjE3MDAwMDAwMDAuMCwic3RhdHVzIjoiSW5Qcm9ncmVzcyIsInN0YXR1c191cmwiOi"
    "JodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tL3N1YnNjcmlwdGlvbnMvOWY4ZTdkNmMtNWI0YS00MzIxLTg3Nj"
    "UtMDEyMzQ1Njc4OWFiL3Byb3ZpZGVycy9NaWNyb3NvZnQuQ29tcHV0ZS9sb2NhdGlvbnMvd2VzdGV1cm9wZS9vcG"
    "VyYXRpb25zL29wLTE_cD0yJm1vbml0b3I9dHJ1ZSZhcGktdmVyc2lvbj0yMDI0LTA3LTAxIiwic3Vic2NyaXB0aW"
    "9uX2lkIjoiOWY4ZTdkNmMtNWI0YS00MzIxLTg3NjUtMDEyMzQ1Njc4OWFiIiwidm1fc2NhbGVfc2V0X25hbWUiOi"
    "JteS1zY2FsZS1zZXQifQ"
)


async def test_a_token_written_by_0_1_0_resumes(make: Callable[..., Any]) -> None:
    arm = FakeArm(op_status("Succeeded"), reply(200))
    client = make(arm)
    poller = await call(client.resume(TOKEN_0_1_0))
    assert (poller.status(), poller.instance_ids) == ("InProgress", ("1", "2"))
    result = await call(poller.result())
    assert (result.status, result.request_id) == ("Succeeded", "post-request-id")
    assert [url for _, url in arm.calls] == [STATUS_URL, RESULT_URL]
    assert poller.continuation_token().startswith("vmss1.")
    await call(client.close())
