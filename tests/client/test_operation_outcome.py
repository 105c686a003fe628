"""What a poller reports around the end of an operation: one request id, one poll count, no
"next poll" after a terminal status, no HTTP status on an operation failure (both clients)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from client_kinds import call, using
from fake_arm import GROUP, VMSS, FakeArm, accepted, op_status, reply
from vmss_maintenance.errors import OperationFailedError

pytestmark = pytest.mark.anyio
ERROR = {"code": "InternalExecutionError", "message": "instance 4 failed"}


async def test_a_failure_carries_the_operations_request_id_and_no_http_status(
    make: Callable[..., Any],
) -> None:
    arm = FakeArm(
        accepted(request_id="the-post"),
        op_status("Failed", error=ERROR, headers={"x-ms-request-id": "the-poll"}),
    )
    async with using(make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
        with pytest.raises(OperationFailedError) as info:
            await call(poller.result())
    error = info.value
    assert (error.request_id, error.status_code, error.poll_status_code) == ("the-post", None, 200)
    assert "HTTP" not in str(error)
    assert poller.request_id == "the-post"
    assert (poller.status(), poller.done(), poller.next_poll_in()) == ("Failed", True, None)


async def test_a_resumed_operation_names_the_post_not_the_poll(make: Callable[..., Any]) -> None:
    arm = FakeArm(accepted(request_id="the-post", retry_after="5"))
    async with using(make(arm)) as client:
        token = (await call(client.begin_perform_maintenance(GROUP, VMSS))).continuation_token()
    arm.add(op_status("Canceled", error=ERROR, headers={"x-ms-request-id": "the-poll"}))
    async with using(make(arm)) as other:
        resumed = await call(other.resume(token))
        with pytest.raises(OperationFailedError) as info:
            await call(resumed.result())
    assert (info.value.status, info.value.request_id) == ("Canceled", "the-post")


async def test_the_status_is_terminal_only_once_the_final_get_answered(
    make: Callable[..., Any],
) -> None:
    arm = FakeArm(
        accepted(retry_after="5"),
        op_status("Succeeded"),
        reply(202, headers={"Retry-After": "10"}),  # the final resource is not ready yet
        reply(200),
    )
    async with using(make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
        await call(poller.wait(timeout=6))
        # The service said Succeeded, but the result is not fetched: still running.
        assert (poller.status(), poller.done(), poller.polls) == ("InProgress", False, 2)
        assert poller.next_poll_in() == 9.0
        result = await call(poller.result())
        assert (poller.status(), poller.done(), poller.next_poll_in()) == ("Succeeded", True, None)
        assert poller.polls == result.polls == 3  # one count: every GET, the final ones included


async def test_next_poll_in_is_none_after_the_end(make: Callable[..., Any]) -> None:
    arm = FakeArm(accepted(retry_after="5"), op_status("Succeeded"), reply(200))
    async with using(make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
        assert poller.next_poll_in() == 5.0
        result = await call(poller.result())
    assert (poller.status(), poller.next_poll_in(), poller.polls) == ("Succeeded", None, 2)
    assert result.polls == 2
