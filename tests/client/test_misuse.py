"""Library misuse that gets a clear library error (issue 8, row 29): wildcard hosts, a closed
client, a token pasted with its "Bearer " prefix, a token that has already expired."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from client_kinds import call, using
from fake_arm import (
    GROUP,
    SECRET,
    VMSS,
    FakeArm,
    accepted,
    op_status,
)
from vmss_maintenance import StaticTokenCredential
from vmss_maintenance.errors import ClientClosedError, InvalidArgumentError, MaintenanceError


@pytest.mark.anyio
@pytest.mark.parametrize("entry", ["*", "*.example.com", "poll.*", "*:443"])
async def test_wildcard_allowed_hosts_are_refused(make: Callable[..., Any], entry: str) -> None:
    with pytest.raises(InvalidArgumentError, match="wildcards are not supported") as info:
        make(FakeArm(), allowed_hosts=[entry])
    assert repr(entry) in str(info.value)


@pytest.mark.anyio
async def test_a_closed_client_raises_a_library_error_and_sends_nothing(
    make: Callable[..., Any],
) -> None:
    arm = FakeArm()
    client = make(arm)
    await call(client.close())
    with pytest.raises(ClientClosedError, match="nothing was sent") as info:
        await call(client.begin_perform_maintenance(GROUP, VMSS))
    assert isinstance(info.value, MaintenanceError)
    assert isinstance(info.value, RuntimeError)  # what httpx raised before: still caught
    assert arm.requests == []


@pytest.mark.anyio
async def test_polling_after_close_says_how_to_resume(make: Callable[..., Any]) -> None:
    arm = FakeArm(accepted())
    async with using(make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
    with pytest.raises(ClientClosedError, match=r"goes on in Azure.*resume"):
        await call(poller.result())
    assert len(arm.requests) == 1
    # the poller is not spoilt: an open client resumes the operation
    other_arm = FakeArm(op_status("Succeeded"), accepted(code=200))
    async with using(make(other_arm)) as other:
        resumed = await call(other.resume(poller.continuation_token()))
        assert (await call(resumed.result())).status == "Succeeded"


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
