"""A request that got no answer: the message says whether the POST may have started anything."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from client_kinds import call, using
from conftest import FakeClocks
from fake_arm import (
    GROUP,
    VMSS,
    FakeArm,
    accepted,
    make_client,
)
from vmss_maintenance import RetryPolicy
from vmss_maintenance.errors import ServiceRequestError

MAYBE_SENT = "the request may have reached Azure; check before retrying"


def failing(error: type[httpx.TransportError]) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error("boom", request=request)

    return handler


@pytest.mark.anyio
@pytest.mark.parametrize("error", [httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError])
async def test_a_post_without_an_answer_may_have_started_the_operation(
    make: Callable[..., Any],
    error: type[httpx.TransportError],
) -> None:
    arm = FakeArm(failing(error))
    async with using(make(arm)) as client:
        with pytest.raises(ServiceRequestError) as info:
            await call(client.begin_perform_maintenance(GROUP, VMSS))
    message = str(info.value)
    client_request_id = arm.requests[0].headers["x-ms-client-request-id"]
    assert message.startswith("POST https://management.azure.com/")
    assert f"got no answer: {error.__name__}: boom; {MAYBE_SENT}" in message
    assert message.endswith(f"(client request id {client_request_id})")
    assert len(arm.requests) == 1  # a POST that may have been sent is never sent again


def test_a_post_that_could_not_connect_did_not_reach_azure(clocks: FakeClocks) -> None:
    arm = FakeArm(*[failing(httpx.ConnectError)] * 3)
    with make_client(arm, clocks) as client, pytest.raises(ServiceRequestError) as info:
        client.begin_perform_maintenance(GROUP, VMSS)
    assert "got no answer: ConnectError: boom" in str(info.value)
    assert MAYBE_SENT not in str(info.value)


def test_a_poll_without_an_answer_is_plain(clocks: FakeClocks) -> None:
    arm = FakeArm(accepted(), *[failing(httpx.ReadTimeout)] * 3)
    with make_client(arm, clocks) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS)
        with pytest.raises(ServiceRequestError) as info:
            poller.result()
    message = str(info.value)
    assert message.startswith("GET https://management.azure.com/")
    assert "got no answer: ReadTimeout: boom" in message
    assert MAYBE_SENT not in message


def test_the_timeout_option_reaches_every_request(clocks: FakeClocks) -> None:
    seen: list[dict[str, float | None]] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200)

    arm = FakeArm(record)
    with make_client(arm, clocks, timeout=4.5, retry=RetryPolicy(total=0)) as client:
        client.perform_maintenance(GROUP, VMSS)
    assert seen == [{"connect": 4.5, "read": 4.5, "write": 4.5, "pool": 4.5}]
