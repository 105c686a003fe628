"""SlotTransport: each inner transport serves one request at a time, and is handed back."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from vmss_maintenance._slots import SlotTransport, single_connection_transports


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Inner(httpx.AsyncBaseTransport):
    """Answers after yielding to the loop; counts overlapping requests and closes."""

    def __init__(self, fail: bool = False) -> None:
        self.busy = 0
        self.most = 0
        self.served = 0
        self.closed = False
        self.fail = fail

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.busy += 1
        self.most = max(self.most, self.busy)
        try:
            await asyncio.sleep(0)
            if self.fail:
                raise httpx.ConnectError("refused", request=request)
            self.served += 1
            return httpx.Response(200, content=b"body-" + request.url.path[1:].encode())
        finally:
            self.busy -= 1

    async def aclose(self) -> None:
        self.closed = True


def _maker(made: list[Inner], fail: bool = False) -> Inner:
    inner = Inner(fail)
    made.append(inner)
    return inner


@pytest.mark.anyio
async def test_requests_spread_over_the_slots_one_at_a_time() -> None:
    made: list[Inner] = []
    transport = SlotTransport(lambda: _maker(made), 3)
    async with httpx.AsyncClient(transport=transport, base_url="https://arm.test") as client:
        answers = await asyncio.gather(*(client.get(f"/{i}") for i in range(12)))
    assert [answer.text for answer in answers] == [f"body-{i}" for i in range(12)]
    assert len(made) == 3
    assert sum(inner.served for inner in made) == 12
    assert all(inner.most == 1 for inner in made)
    assert all(inner.closed for inner in made)


@pytest.mark.anyio
async def test_a_slot_is_busy_until_the_body_is_closed() -> None:
    made: list[Inner] = []
    transport = SlotTransport(lambda: _maker(made), 1)
    request = httpx.Request("GET", "https://arm.test/a")
    first = await transport.handle_async_request(request)
    second = asyncio.ensure_future(transport.handle_async_request(request))
    for _ in range(5):
        await asyncio.sleep(0)  # let it run as far as it can
    assert not second.done()  # waiting for the only slot
    await first.aclose()
    response = await asyncio.wait_for(second, 1)
    await response.aclose()
    await response.aclose()  # closing twice gives the slot back once
    assert made[0].served == 2


@pytest.mark.anyio
async def test_a_failed_request_gives_its_slot_back() -> None:
    made: list[Inner] = []
    transport = SlotTransport(lambda: _maker(made, fail=True), 1)
    request = httpx.Request("GET", "https://arm.test/a")
    for _ in range(3):
        with pytest.raises(httpx.ConnectError):
            await asyncio.wait_for(transport.handle_async_request(request), 1)


def test_the_real_transports_share_one_tls_context() -> None:
    transport = single_connection_transports(True, 4)
    pools = [inner._pool for inner in transport._all]  # type: ignore[attr-defined]
    assert len(pools) == 4
    assert len({id(pool._ssl_context) for pool in pools}) == 1
    assert all(pool._max_connections == 1 for pool in pools)
