"""Closing, credentials and clouds (sync and async parametrized where both apply)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest
from client_kinds import ClientKind, call, using
from conftest import FakeClocks
from fake_arm import (
    CLAIMS,
    GROUP,
    SECRET,
    SUB,
    VMSS,
    AsyncFakeCredential,
    FakeArm,
    FakeCredential,
    accepted,
    challenge,
    happy_path,
    op_status,
    reply,
)
from vmss_maintenance import (
    AsyncMaintenanceClient,
    AzureCloud,
    MaintenanceClient,
    RetryPolicy,
)
from vmss_maintenance.errors import (
    AuthenticationError,
    InvalidArgumentError,
)

pytestmark = pytest.mark.anyio


# -- lifecycle, credentials, clouds -----------------------------------------------------------


async def test_the_context_manager_closes_the_http_client(make: Callable[..., Any]) -> None:
    arm = FakeArm(reply(200))
    async with using(make(arm)) as client:
        assert not arm.closed
        await call(client.perform_maintenance(GROUP, VMSS))
    assert arm.closed
    with pytest.raises(RuntimeError):  # httpx refuses to use a closed client
        await call(client.perform_maintenance(GROUP, VMSS))


async def test_close_closes_the_transport(make: Callable[..., Any]) -> None:
    arm = FakeArm()
    client = make(arm)
    await call(client.close())
    assert arm.closed


async def test_no_credential_without_azure_identity_names_the_extra(
    kind: ClientKind, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "azure.identity", None)  # makes the import fail
    monkeypatch.setitem(sys.modules, "azure.identity.aio", None)
    with pytest.raises(InvalidArgumentError) as info:
        kind.construct(None, SUB, transport=FakeArm())
    assert kind.identity_extra in str(info.value)
    assert "azure-identity" in str(info.value)


@pytest.mark.parametrize(
    ("cloud", "scope", "host"),
    [
        (AzureCloud.PUBLIC, "https://management.azure.com/.default", "management.azure.com"),
        (AzureCloud.US_GOVERNMENT, "https://management.core.usgovcloudapi.net/.default",
         "management.usgovcloudapi.net"),
        (AzureCloud.CHINA, "https://management.chinacloudapi.cn/.default",
         "management.chinacloudapi.cn"),
    ],
)  # fmt: skip
async def test_each_cloud_uses_its_endpoint_and_scope(
    kind: ClientKind, cloud: AzureCloud, scope: str, host: str
) -> None:
    arm = FakeArm(reply(200))
    credential = kind.credential_class()
    async with using(kind.make(arm, credential, cloud=cloud)) as client:
        await call(client.perform_maintenance(GROUP, VMSS))
    assert credential.scopes == [(scope,)]
    assert arm.requests[0].url.host == host


async def test_endpoint_and_credential_scope_overrides(kind: ClientKind) -> None:
    arm = FakeArm(reply(200))
    credential = kind.credential_class()
    async with using(kind.make(
        arm, credential, endpoint="https://arm.private.example/",
        credential_scope="https://arm.private.example/.default",
    )) as client:  # fmt: skip
        await call(client.perform_maintenance(GROUP, VMSS))
    assert credential.scopes == [("https://arm.private.example/.default",)]
    assert str(arm.requests[0].url).startswith("https://arm.private.example/subscriptions/")


async def test_the_token_is_fetched_once_and_reused(kind: ClientKind) -> None:
    arm = FakeArm(*happy_path(), reply(200))
    credential = kind.credential_class()
    async with using(kind.make(arm, credential)) as client:
        await call(client.perform_maintenance(GROUP, VMSS))
        await call(client.perform_maintenance(GROUP, VMSS))
    assert len(credential.scopes) == 1


# -- one client only ---------------------------------------------------------------------------


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_an_async_credential_on_the_sync_client_is_a_clear_error(clocks: FakeClocks) -> None:
    arm = FakeArm(reply(200))
    with (
        MaintenanceClient(AsyncFakeCredential(), SUB, transport=arm, clock=clocks,
                          sleep=clocks.sleep) as client,
        pytest.raises(AuthenticationError, match="AsyncFakeCredential is asynchronous"),
    ):  # fmt: skip
        client.begin_perform_maintenance(GROUP, VMSS)
    assert arm.requests == []


async def test_the_async_client_takes_a_sync_credential_too(clocks: FakeClocks) -> None:
    arm = FakeArm(*happy_path())
    credential = FakeCredential()
    async with AsyncMaintenanceClient(
        credential, SUB, transport=arm, clock=clocks, sleep=clocks.async_sleep,
        polling_interval=10.0, retry=RetryPolicy(total=2, jitter=False),
    ) as client:  # fmt: skip
        result = await client.perform_maintenance(GROUP, VMSS, [0, "3"])
    assert (result.status, result.instance_ids, result.polls, result.elapsed) == (
        "Succeeded", ("0", "3"), 3, 17.0,
    )  # fmt: skip
    assert clocks.sleeps == [7.0, 10.0]
    assert credential.scopes == [("https://management.azure.com/.default",)]
    assert [r.headers["authorization"] for r in arm.requests] == [f"Bearer {SECRET}-1"] * 4


async def test_the_async_client_answers_a_claims_challenge_with_a_sync_credential(
    clocks: FakeClocks,
) -> None:
    arm = FakeArm(reply(401, headers={"WWW-Authenticate": challenge(CLAIMS)}), reply(200))
    credential = FakeCredential()
    async with AsyncMaintenanceClient(
        credential, SUB, transport=arm, clock=clocks, sleep=clocks.async_sleep
    ) as client:
        result = await client.perform_maintenance(GROUP, VMSS, ["9"])
    assert result.status == "Succeeded"
    assert credential.claims == [None, CLAIMS]
    assert [r.headers["authorization"] for r in arm.requests] == [
        f"Bearer {SECRET}-1", f"Bearer {SECRET}-2",
    ]  # fmt: skip
    assert arm.requests[1].content == b'{"instanceIds":["9"]}'


async def test_the_poller_tells_what_it_follows(make: Callable[..., Any]) -> None:
    arm = FakeArm(accepted(), op_status("Succeeded"), reply(200))
    async with using(make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS, [3, "1"]))
        assert (poller.subscription_id, poller.resource_group_name, poller.vm_scale_set_name) == (
            SUB, GROUP, VMSS,
        )  # fmt: skip
        assert poller.instance_ids == ("3", "1")
        assert poller.request_id == "post-request-id"
        assert poller.polls == 0
        assert poller.next_poll_in() == 10.0
        await call(poller.result())
        assert poller.polls == 2
        assert poller.next_poll_in() is None


class ClosingCredential(FakeCredential):
    def __init__(self) -> None:
        super().__init__()
        self.closed = 0

    def close(self) -> None:
        self.closed += 1


def test_the_default_credential_is_closed_with_the_client(
    monkeypatch: pytest.MonkeyPatch, clocks: FakeClocks
) -> None:
    made = ClosingCredential()
    monkeypatch.setattr("vmss_maintenance._client.default_credential", lambda: made)
    with MaintenanceClient(None, SUB, transport=FakeArm(reply(200)), clock=clocks) as client:
        client.perform_maintenance(GROUP, VMSS)
    assert made.scopes == [("https://management.azure.com/.default",)]
    assert made.closed == 1


async def test_a_given_credential_is_left_open(make: Callable[..., Any]) -> None:
    given = ClosingCredential()
    async with using(make(FakeArm(reply(200)), given)) as client:
        await call(client.perform_maintenance(GROUP, VMSS))
    assert given.closed == 0
