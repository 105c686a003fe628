"""What a poller reports around the end of an operation: one request id, one poll count, no
"next poll" after a terminal status, no HTTP status on an operation failure."""

from __future__ import annotations

import pytest
from conftest import FakeClocks
from fake_arm import (
    GROUP,
    VMSS,
    FakeArm,
    accepted,
    make_async_client,
    make_client,
    op_status,
    reply,
)
from vmss_maintenance.errors import OperationFailedError

ERROR = {"code": "InternalExecutionError", "message": "instance 4 failed"}


def test_a_failure_carries_the_operations_request_id_and_no_http_status(clocks: FakeClocks) -> None:
    arm = FakeArm(
        accepted(request_id="the-post"),
        op_status("Failed", error=ERROR, headers={"x-ms-request-id": "the-poll"}),
    )
    with make_client(arm, clocks) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS)
        with pytest.raises(OperationFailedError) as info:
            poller.result()
    error = info.value
    assert (error.request_id, error.status_code, error.poll_status_code) == ("the-post", None, 200)
    assert "HTTP" not in str(error)
    assert poller.request_id == "the-post"
    assert (poller.status(), poller.done(), poller.next_poll_in()) == ("Failed", True, None)


def test_a_resumed_operation_names_the_post_not_the_poll(clocks: FakeClocks) -> None:
    arm = FakeArm(accepted(request_id="the-post", retry_after="5"))
    with make_client(arm, clocks) as client:
        token = client.begin_perform_maintenance(GROUP, VMSS).continuation_token()
    arm.add(op_status("Canceled", error=ERROR, headers={"x-ms-request-id": "the-poll"}))
    with make_client(arm, clocks) as other, pytest.raises(OperationFailedError) as info:
        other.resume(token).result()
    assert (info.value.status, info.value.request_id) == ("Canceled", "the-post")


def test_the_status_is_terminal_only_once_the_final_get_answered(clocks: FakeClocks) -> None:
    arm = FakeArm(
        accepted(retry_after="5"),
        op_status("Succeeded"),
        reply(202, headers={"Retry-After": "10"}),  # the final resource is not ready yet
        reply(200),
    )
    with make_client(arm, clocks) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS)
        poller.wait(timeout=6)
        # The service said Succeeded, but the result is not fetched: still running.
        assert (poller.status(), poller.done(), poller.polls) == ("InProgress", False, 2)
        assert poller.next_poll_in() == 9.0
        result = poller.result()
        assert (poller.status(), poller.done(), poller.next_poll_in()) == ("Succeeded", True, None)
        assert poller.polls == result.polls == 3  # one count: every GET, the final ones included


@pytest.mark.anyio
async def test_async_next_poll_in_is_none_after_the_end(clocks: FakeClocks) -> None:
    arm = FakeArm(accepted(retry_after="5"), op_status("Succeeded"), reply(200))
    async with make_async_client(arm, clocks) as client:
        poller = await client.begin_perform_maintenance(GROUP, VMSS)
        assert poller.next_poll_in() == 5.0
        result = await poller.result()
    assert (poller.status(), poller.next_poll_in(), poller.polls) == ("Succeeded", None, 2)
    assert result.polls == 2
