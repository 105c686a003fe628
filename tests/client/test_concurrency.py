"""The async client's one limit on requests in flight sits under the retries."""

from __future__ import annotations

import json

import anyio
import httpx
import pytest
from conftest import FakeClocks
from fake_arm import GROUP, SUB, VMSS, AsyncFakeCredential
from vmss_maintenance import AsyncMaintenanceClient, RetryPolicy

pytestmark = pytest.mark.anyio


async def test_a_request_waiting_out_retry_after_holds_no_slot(clocks: FakeClocks) -> None:
    # 0.1.0 held the only slot through A's Retry-After: arrivals were A, A (retry), B.
    arrivals: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        arrivals.append(json.loads(request.content)["instanceIds"][0])
        if len(arrivals) == 1:
            return httpx.Response(429, headers={"Retry-After": "1"})
        return httpx.Response(200, headers={"x-ms-request-id": "r"})

    async def sleep(seconds: float) -> None:
        clocks.sleep(seconds)
        for _ in range(20):  # let the other operation run meanwhile
            await anyio.sleep(0)

    client = AsyncMaintenanceClient(
        AsyncFakeCredential(), SUB, transport=httpx.MockTransport(answer), clock=clocks,
        sleep=sleep, max_connections=1, retry=RetryPolicy(total=2, jitter=False),
    )  # fmt: skip
    async with client, anyio.create_task_group() as group:
        group.start_soon(client.perform_maintenance, GROUP, VMSS, ["1"])
        await anyio.sleep(0)  # A goes first
        group.start_soon(client.perform_maintenance, GROUP, VMSS, ["2"])
    assert arrivals == ["1", "2", "1"]
    assert clocks.sleeps == [1.0]


async def test_a_given_transport_is_shared_by_the_slots_and_closed_once() -> None:
    closes: list[int] = []

    class Counting(httpx.MockTransport):
        async def aclose(self) -> None:
            closes.append(1)

    transport = Counting(lambda request: httpx.Response(200))
    async with AsyncMaintenanceClient(
        AsyncFakeCredential(), SUB, transport=transport, max_connections=5
    ) as client:
        await client.perform_maintenance(GROUP, VMSS)
    assert closes == [1]
