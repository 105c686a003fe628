"""Library misuse that gets a clear library error (issue 8, row 29): wildcard hosts, a closed
client, a token pasted with its "Bearer " prefix, a token that has already expired."""

from __future__ import annotations

import asyncio

import pytest
from conftest import FakeClocks
from fake_arm import (
    GROUP,
    SECRET,
    VMSS,
    FakeArm,
    accepted,
    make_async_client,
    make_client,
    op_status,
)
from vmss_maintenance import StaticTokenCredential
from vmss_maintenance.errors import ClientClosedError, InvalidArgumentError, MaintenanceError


@pytest.mark.parametrize("entry", ["*", "*.example.com", "poll.*", "*:443"])
def test_wildcard_allowed_hosts_are_refused(clocks: FakeClocks, entry: str) -> None:
    with pytest.raises(InvalidArgumentError, match="wildcards are not supported") as info:
        make_client(FakeArm(), clocks, allowed_hosts=[entry])
    assert repr(entry) in str(info.value)


def test_a_closed_client_raises_a_library_error_and_sends_nothing(clocks: FakeClocks) -> None:
    arm = FakeArm()
    client = make_client(arm, clocks)
    client.close()
    with pytest.raises(ClientClosedError, match="nothing was sent") as info:
        client.begin_perform_maintenance(GROUP, VMSS)
    assert isinstance(info.value, MaintenanceError)
    assert isinstance(info.value, RuntimeError)  # what httpx raised before: still caught
    assert arm.requests == []


def test_polling_after_close_says_how_to_resume(clocks: FakeClocks) -> None:
    arm = FakeArm(accepted())
    with make_client(arm, clocks) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS)
    with pytest.raises(ClientClosedError, match=r"goes on in Azure.*resume"):
        poller.result()
    assert len(arm.requests) == 1
    # the poller is not spoilt: an open client resumes the operation
    other_arm = FakeArm(op_status("Succeeded"), accepted(code=200))
    with make_client(other_arm, clocks) as other:
        assert other.resume(poller.continuation_token()).result().status == "Succeeded"


def test_a_closed_async_client_raises_a_library_error(clocks: FakeClocks) -> None:
    arm = FakeArm(accepted())

    async def run() -> None:
        async with make_async_client(arm, clocks) as client:
            poller = await client.begin_perform_maintenance(GROUP, VMSS)
        with pytest.raises(ClientClosedError, match="resume"):
            await poller.result()
        with pytest.raises(ClientClosedError, match="nothing was sent"):
            await client.begin_perform_maintenance(GROUP, VMSS)

    asyncio.run(run())
    assert len(arm.requests) == 1


@pytest.mark.parametrize("pasted", [f"Bearer {SECRET}", f"bearer  {SECRET}", f" BEARER\t{SECRET}"])
def test_a_token_with_its_bearer_prefix_gets_a_hint(pasted: str) -> None:
    with pytest.raises(InvalidArgumentError, match="pass the token alone") as info:
        StaticTokenCredential(pasted)
    assert SECRET not in str(info.value)


@pytest.mark.parametrize("expires_on", [1, 1_000_000_000])
def test_an_expired_static_token_is_refused(expires_on: int) -> None:
    with pytest.raises(InvalidArgumentError, match="in the past") as info:
        StaticTokenCredential(SECRET, expires_on=expires_on)
    assert SECRET not in str(info.value)


def test_a_static_token_expiring_later_is_accepted() -> None:
    later = 4_000_000_000  # 2096
    assert StaticTokenCredential(SECRET, expires_on=later).get_token("s").expires_on == later
