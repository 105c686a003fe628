"""The async client's one limit on requests in flight sits under the retries."""

from __future__ import annotations

import asyncio
import json

import anyio
import httpx
import pytest
from conftest import FakeClocks
from fake_arm import GROUP, SUB, VMSS, AsyncFakeCredential
from vmss_maintenance import AsyncMaintenanceClient, RetryPolicy, StaticTokenCredential
from vmss_maintenance._settings import DEFAULT_MAX_CONNECTIONS

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


class _CountingTransport(httpx.AsyncBaseTransport):
    """Answers 200 after yielding to the loop; remembers the most requests seen at once."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.most = 0
        self.count = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.count += 1
        self.most = max(self.most, self.in_flight)
        for _ in range(3):
            await asyncio.sleep(0)
        self.in_flight -= 1
        return httpx.Response(200, headers={"x-ms-request-id": "r"})


@pytest.mark.parametrize("limit", [None, 3])
async def test_many_operations_share_a_bounded_number_of_requests_in_flight(
    limit: int | None,
) -> None:
    transport = _CountingTransport()
    options = {} if limit is None else {"max_connections": limit}
    bound = DEFAULT_MAX_CONNECTIONS if limit is None else limit
    async with AsyncMaintenanceClient(
        StaticTokenCredential("t0ken-value"), SUB, transport=transport, **options
    ) as client:
        results = await asyncio.gather(
            *(client.perform_maintenance(GROUP, VMSS, [i]) for i in range(bound * 3))
        )
    assert [r.instance_ids for r in results] == [(str(i),) for i in range(bound * 3)]
    assert transport.count == bound * 3
    assert transport.most == bound
