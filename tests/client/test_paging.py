"""Paging through the seam: nextLink host checks, loops, retried pages and malformed pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from conftest import FakeClocks
from fake_arm import (
    ARM,
    GROUP,
    SCALE_SET_ID,
    SUB,
    VMSS,
    FakeArm,
    FakeCredential,
    call,
    cloud_error,
    reply,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from vmss_maintenance import MaintenanceClient, RetryPolicy
from vmss_maintenance._adapter import API_VERSION
from vmss_maintenance.errors import HttpResponseError, UntrustedHostError

pytestmark = pytest.mark.anyio
VMS = f"{ARM}{SCALE_SET_ID}/virtualMachines"
EVIL = "https://evil.example.com/subscriptions/x/virtualMachines?$skiptoken=abc"


def page(*ids: str, next_link: str | None = None) -> Any:
    body: dict[str, Any] = {"value": [{"instanceId": i, "location": "w"} for i in ids]}
    if next_link is not None:
        body["nextLink"] = next_link
    return reply(200, json_body=body)


async def ids_of(client: Any) -> list[str]:
    items = client.list_instances(GROUP, VMSS)
    if hasattr(items, "__aiter__"):
        return [vm.instance_id async for vm in items]
    return [vm.instance_id for vm in items]


async def test_an_untrusted_next_link_is_refused_and_nothing_is_sent_there(
    make: Callable[..., Any],
) -> None:
    arm = FakeArm(page("0", next_link=EVIL))
    client = make(arm)
    with pytest.raises(UntrustedHostError, match=r"evil\.example\.com") as info:
        await ids_of(client)
    assert arm.hosts == {"management.azure.com"}
    assert len(arm.requests) == 1
    assert "abc" not in str(info.value)  # the token in the link is not shown
    await call(client.close())


async def test_a_next_link_seen_twice_stops_the_listing(make: Callable[..., Any]) -> None:
    second = f"{VMS}?api-version={API_VERSION}&$skiptoken=2"
    arm = FakeArm(page("0", next_link=second), page("1", next_link=second))
    client = make(arm)
    with pytest.raises(HttpResponseError, match=r"page 2 .*already read") as info:
        await ids_of(client)
    assert "skiptoken=REDACTED" in str(info.value)
    assert len(arm.requests) == 2
    await call(client.close())


async def test_a_next_link_back_to_the_first_page_stops_too(make: Callable[..., Any]) -> None:
    # The first page's URL, its parameters in another order.
    link = f"{VMS}?%24expand=instanceView&%24select=instanceView&api-version={API_VERSION}"
    arm = FakeArm(page("0", next_link=link))
    client = make(arm)
    with pytest.raises(HttpResponseError, match="already read"):
        await ids_of(client)
    assert len(arm.requests) == 1
    await call(client.close())


async def test_a_throttled_or_failing_page_is_retried_like_any_get(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    second = f"{VMS}?$skiptoken=2"
    arm = FakeArm(
        page("0", next_link=second),
        cloud_error(429, "TooManyRequests", "slow down", headers={"Retry-After": "3"}),
        reply(503, text="unavailable"),
        page("1"),
    )
    client = make(arm)
    assert await ids_of(client) == ["0", "1"]
    assert [str(r.url) for r in arm.requests[1:]] == [second] * 3
    assert clocks.sleeps[0] == 3.0
    await call(client.close())


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"<html>proxy error</html>", "is not a JSON object with a 'value' list"),
        (b'{"items": []}', "is not a JSON object with a 'value' list"),
        (b'{"value": {"0": {}}}', "is not a JSON object with a 'value' list"),
        (b'{"value": [1, 2]}', "is not a JSON object with a 'value' list"),
        (b'{"value": [], "nextLink": 7}', "nextLink that is not a string"),
    ],
)
async def test_a_malformed_page_is_an_error_naming_the_page(
    make: Callable[..., Any], body: bytes, problem: str
) -> None:
    second = f"{VMS}?$skiptoken=secret-ish"
    arm = FakeArm(page("0", next_link=second), reply(200, text=body.decode()))
    client = make(arm)
    with pytest.raises(HttpResponseError) as info:
        await ids_of(client)
    message = str(info.value)
    assert problem in message
    assert f"page 2 ({VMS}?%24skiptoken=REDACTED)" in message
    assert "secret-ish" not in message
    await call(client.close())


# -- property: any nextLink sequence ----------------------------------------------------------

TRUSTED = [f"{VMS}?$skiptoken={n}" for n in range(4)]
UNTRUSTED = [
    "https://evil.example.com/x",
    "http://management.azure.com/plain-http",
    "https://management.azure.com.evil.example/x",
    "ftp://management.azure.com/x",
    "not a url",
    "//evil.example.com/x",
]


@settings(max_examples=150, deadline=None)
@given(links=st.lists(st.sampled_from([*TRUSTED, *UNTRUSTED, None, ""]), max_size=8))
def test_any_next_link_sequence_ends_and_never_reaches_an_untrusted_host(
    links: list[str | None],
) -> None:
    script = iter(links)

    def answer(request: httpx.Request) -> httpx.Response:
        link = next(script, None)
        body: dict[str, Any] = {"value": [{"instanceId": "0", "location": "w"}]}
        if link is not None:
            body["nextLink"] = link
        return httpx.Response(200, json=body)

    arm = FakeArm(*[answer] * (len(links) + 1))
    clocks = FakeClocks()
    client = MaintenanceClient(FakeCredential(), SUB, transport=arm, clock=clocks,
                               sleep=clocks.sleep, retry=RetryPolicy(total=0))  # fmt: skip
    try:
        got = [vm.instance_id for vm in client.list_instances(GROUP, VMSS)]
    except (UntrustedHostError, HttpResponseError):
        got = None
    assert arm.hosts <= {"management.azure.com"}
    assert all(r.url.scheme == "https" for r in arm.requests)
    # Each request after the first follows a distinct trusted link: no loop.
    followed = [str(r.url) for r in arm.requests[1:]]
    assert len(followed) == len(set(followed)) <= len(TRUSTED)
    if got is not None:
        assert len(got) == len(arm.requests)
    client.close()
