"""Client flows, one set of tests for the sync and the async client (parametrized)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from client_kinds import ClientKind, call, using
from conftest import FakeClocks
from fake_arm import (
    ARM,
    ENDED,
    GROUP,
    POST_URL,
    RESULT_URL,
    STARTED,
    STATUS_URL,
    SUB,
    VMSS,
    FakeArm,
    accepted,
    happy_path,
    op_status,
    reply,
)
from vmss_maintenance import MaintenanceResult, Update
from vmss_maintenance.errors import HttpResponseError, OperationFailedError, ServiceRequestError
from vmss_maintenance_api.models import CloudError

pytestmark = pytest.mark.anyio
RESULT_URL_2 = RESULT_URL.replace("op-1", "op-2")


# -- long-running operation patterns ----------------------------------------------------------


async def test_async_operation_with_final_location_get(
    kind: ClientKind, clocks: FakeClocks
) -> None:
    arm = FakeArm(*happy_path())
    async with using(kind.make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS, [0, "3"]))
        assert isinstance(poller, kind.poller_class)
        assert not poller.done()
        assert poller.status() == "InProgress"
        assert poller.next_poll_in() == 7.0
        assert arm.calls == [("POST", POST_URL)]  # nothing more until asked
        result = await call(poller.result())
    assert arm.calls == [
        ("POST", POST_URL),
        ("GET", STATUS_URL),
        ("GET", STATUS_URL),
        ("GET", RESULT_URL),
    ]
    assert result == MaintenanceResult(
        status="Succeeded",
        subscription_id=SUB,
        resource_group_name=GROUP,
        vm_scale_set_name=VMSS,
        instance_ids=("0", "3"),
        started_at=STARTED,
        ended_at=ENDED,
        request_id="post-request-id",
        polls=3,
        elapsed=17.0,
    )
    assert clocks.sleeps == [7.0, 10.0]  # the initial 202's Retry-After, then the interval
    assert poller.done()
    assert poller.status() == "Succeeded"
    assert poller.polls == 3
    assert poller.next_poll_in() is None
    assert await call(poller.result()) == result  # asking again sends nothing
    assert len(arm.requests) == 4


async def test_async_operation_without_location_ends_on_the_status_body(
    make: Callable[..., Any],
) -> None:
    arm = FakeArm(accepted(location=None), op_status("succeeded", end=None))
    async with using(make(arm)) as client:
        result = await call(client.perform_maintenance(GROUP, VMSS))
    assert arm.calls == [("POST", POST_URL), ("GET", STATUS_URL)]
    assert (result.status, result.polls, result.elapsed, result.ended_at) == (
        "Succeeded", 1, 10.0, None,
    )  # fmt: skip


async def test_location_only_follows_a_new_location_until_200(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    moved = RESULT_URL.replace("op-1", "op-1b")
    arm = FakeArm(
        accepted(status_url=None, retry_after="3"),
        reply(202, headers={"Location": moved}),
        reply(202, headers={"Retry-After": "1"}),
        reply(200),
    )
    async with using(make(arm)) as client:
        result = await call(client.perform_maintenance(GROUP, VMSS))
    assert arm.calls == [
        ("POST", POST_URL),
        ("GET", RESULT_URL),
        ("GET", moved),
        ("GET", moved),
    ]
    assert clocks.sleeps == [3.0, 10.0, 1.0]
    assert (result.status, result.polls, result.elapsed) == ("Succeeded", 3, 14.0)
    assert (result.started_at, result.ended_at) == (None, None)


async def test_location_only_with_a_new_location_and_retry_after_ms(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    moved = RESULT_URL.replace("op-1", "op-1b")
    arm = FakeArm(
        accepted(status_url=None, retry_after="3"),
        reply(202, headers={"Location": moved, "retry-after-ms": "500"}),
        reply(204),
    )
    async with using(make(arm)) as client:
        result = await call(client.perform_maintenance(GROUP, VMSS))
    assert arm.calls == [("POST", POST_URL), ("GET", RESULT_URL), ("GET", moved)]
    assert clocks.sleeps == [3.0, 1.0]  # 500 ms: raised to the 1 s floor
    assert (result.polls, result.elapsed) == (2, 4.0)


async def test_location_only_is_done_on_204(make: Callable[..., Any]) -> None:
    arm = FakeArm(accepted(status_url=None), reply(204))
    async with using(make(arm)) as client:
        assert (await call(client.perform_maintenance(GROUP, VMSS))).polls == 1


async def test_a_relative_location_is_polled_on_the_endpoint(make: Callable[..., Any]) -> None:
    relative = "/subscriptions/x/providers/Microsoft.Compute/locations/l/operationResults/o"
    arm = FakeArm(accepted(status_url=None, location=relative), reply(200))
    async with using(make(arm)) as client:
        await call(client.perform_maintenance(GROUP, VMSS))
    assert arm.calls[1] == ("GET", ARM + relative)


async def test_a_202_with_no_polling_header_is_an_error(make: Callable[..., Any]) -> None:
    arm = FakeArm(accepted(status_url=None, location=None, request_id="req-x"))
    async with using(make(arm)) as client:
        with pytest.raises(HttpResponseError) as info:
            await call(client.begin_perform_maintenance(GROUP, VMSS))
    assert info.value.status_code == 202
    assert info.value.request_id == "req-x"
    assert "neither an Azure-AsyncOperation nor a Location" in str(info.value)
    assert len(arm.requests) == 1


async def test_an_empty_status_body_is_an_error_showing_what_came(make: Callable[..., Any]) -> None:
    arm = FakeArm(accepted(), reply(200, text="<html>upstream hiccup</html>"))
    async with using(make(arm)) as client:
        with pytest.raises(HttpResponseError) as info:
            await call(client.perform_maintenance(GROUP, VMSS))
    assert "no 'status' field" in str(info.value)
    assert "<html>upstream hiccup</html>" in str(info.value)


async def test_a_status_body_without_status_is_an_error_showing_it(
    make: Callable[..., Any],
) -> None:
    arm = FakeArm(accepted(), reply(200, json_body={"state": "done"}))
    async with using(make(arm)) as client:
        with pytest.raises(HttpResponseError, match=r'no \'status\' field.*"state": "done"'):
            await call(client.perform_maintenance(GROUP, VMSS))


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Failed", "Failed"), ("Canceled", "Canceled"), ("CANCELED", "Canceled")],
)
async def test_failed_or_canceled_raises_operation_failed(
    make: Callable[..., Any], word: str, expected: str
) -> None:
    error = {"code": "MaintenanceNotAllowed", "message": "instance 3 is not due for maintenance"}
    arm = FakeArm(
        accepted(),
        op_status("InProgress"),
        op_status(word, error=error, headers={"x-ms-request-id": "poll-2"}),
    )
    async with using(make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS, ["3"]))
        with pytest.raises(OperationFailedError) as info:
            await call(poller.result())
        assert info.value.status == expected
        assert info.value.code == "MaintenanceNotAllowed"
        assert info.value.message == "instance 3 is not due for maintenance"
        assert isinstance(info.value.error, CloudError)
        assert str(info.value) == (
            "(MaintenanceNotAllowed) instance 3 is not due for maintenance "
            "[request id post-request-id]"  # the operation's id, no HTTP status
        )
        assert poller.done()
        assert poller.status() == expected
        with pytest.raises(OperationFailedError) as again:
            await call(poller.wait())
        assert again.value is info.value
    assert len(arm.requests) == 3  # nothing sent after the failure


# -- monotonic scheduling, progress, frozen results, the final Location -----------------------


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
