"""Timeouts, continuation tokens and resume (sync and async parametrized)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from client_kinds import ClientKind, call, using
from conftest import FakeClocks
from fake_arm import (
    ENDED,
    EVIL_STATUS,
    GROUP,
    RESULT_URL,
    SECRET,
    START,
    STARTED,
    STATUS_URL,
    SUB,
    VMSS,
    FakeArm,
    accepted,
    decode_token,
    encode_token,
    happy_path,
    op_status,
    reply,
    running_forever,
)
from vmss_maintenance import (
    MaintenanceResult,
)
from vmss_maintenance._adapter import API_VERSION
from vmss_maintenance.errors import (
    InvalidArgumentError,
    MaintenanceError,
    PollingTimeoutError,
    UntrustedHostError,
)

pytestmark = pytest.mark.anyio


# -- timeouts, continuation tokens and resume -------------------------------------------------


async def test_result_timeout_raises_polling_timeout_with_a_token(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = running_forever()
    async with using(make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS, ["0"]))
        with pytest.raises(PollingTimeoutError) as info:
            await call(poller.result(timeout=25))
    assert isinstance(info.value, TimeoutError)
    assert isinstance(info.value, MaintenanceError)
    assert clocks.sleeps == [10.0, 10.0, 5.0]  # the deadline, not the next poll, ends it
    assert len(arm.requests) == 3
    assert "25" in str(info.value)
    data = decode_token(info.value.continuation_token)
    assert data["phase"] == "status"
    assert data["status_url"] == STATUS_URL
    assert data["location_url"] == RESULT_URL
    assert data["instance_ids"] == ["0"]
    assert data["service_request_id"] == "post-request-id"
    assert data["api_version"] == API_VERSION
    assert data["started"] == START
    assert data["polls"] == 2
    assert not poller.done()


async def test_perform_maintenance_timeout_raises_too(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = running_forever()
    async with using(make(arm)) as client:
        with pytest.raises(PollingTimeoutError):
            await call(client.perform_maintenance(GROUP, VMSS, timeout=15))
    assert clocks.epoch - START == 15.0


async def test_wait_with_timeout_returns_quietly_and_result_carries_on(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = FakeArm(accepted(), op_status("InProgress"), op_status("Succeeded"), reply(200))
    async with using(make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
        assert await call(poller.wait(timeout=12)) is None
        assert not poller.done()
        assert poller.status() == "InProgress"
        assert poller.polls == 1
        assert clocks.epoch - START == 12.0
        result = await call(poller.result())
    assert result.polls == 3
    assert result.elapsed == 20.0


async def test_timeout_zero_sends_what_is_due_and_stops(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = FakeArm(accepted(retry_after="0"), op_status("InProgress"))
    async with using(make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
        with pytest.raises(PollingTimeoutError):
            await call(poller.result(timeout=0))
    assert clocks.sleeps == []


async def test_resume_in_a_new_client_finishes_the_operation(
    kind: ClientKind, clocks: FakeClocks
) -> None:
    first = running_forever()
    async with using(kind.make(first)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS, [7]))
        with pytest.raises(PollingTimeoutError) as info:
            await call(poller.result(timeout=15))
    token = info.value.continuation_token
    assert token == poller.continuation_token()
    assert token.startswith("vmss1.")
    assert all(ch.isalnum() or ch in "-_." for ch in token)  # URL-safe text
    client_request_id = first.requests[0].headers["x-ms-client-request-id"]

    clocks.advance(100)  # later, in another process
    second = FakeArm(op_status("Succeeded", end="2024-05-01T10:05:00Z"), reply(200))
    credential = kind.credential_class()
    async with using(kind.make(second, credential)) as other:
        resumed = await call(other.resume(token))
        assert resumed.status() == "InProgress"
        assert len(second.requests) == 0  # resume itself sends nothing
        result = await call(resumed.result())
    assert second.calls == [("GET", STATUS_URL), ("GET", RESULT_URL)]
    assert [r.headers["x-ms-client-request-id"] for r in second.requests] == [client_request_id] * 2
    assert [r.headers["authorization"] for r in second.requests] == [f"Bearer {SECRET}-1"] * 2
    assert result == MaintenanceResult(
        status="Succeeded",
        subscription_id=SUB,
        resource_group_name=GROUP,
        vm_scale_set_name=VMSS,
        instance_ids=("7",),
        started_at=STARTED,
        ended_at=ENDED,
        request_id="post-request-id",
        polls=3,
        elapsed=115.0,
    )


async def test_resuming_a_finished_operation_sends_nothing(make: Callable[..., Any]) -> None:
    arm = FakeArm(*happy_path())
    async with using(make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
        await call(poller.result())
        token = poller.continuation_token()
        resumed = await call(client.resume(token))
        assert resumed.done()
        assert (await call(resumed.result())).status == "Succeeded"
    assert len(arm.requests) == 4


async def test_the_continuation_token_holds_no_secret(make: Callable[..., Any]) -> None:
    arm = running_forever()
    async with using(make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
        await call(poller.wait(timeout=10))
        token = poller.continuation_token()
    decoded = json.dumps(decode_token(token))
    assert SECRET not in decoded
    assert SECRET not in token
    assert "Bearer" not in decoded
    assert "authorization" not in decoded.lower()


@pytest.mark.parametrize(
    ("field", "url"),
    [
        ("status_url", EVIL_STATUS),
        ("next_url", EVIL_STATUS),
        ("location_url", "https://evil.example.com/results/1"),
        ("original_url", "https://evil.example.com/post"),
        ("next_url", STATUS_URL.replace("https://", "http://")),  # a downgrade
        ("next_url", STATUS_URL.replace("management.azure.com", "management.azure.com:444")),
    ],
)
async def test_an_edited_token_cannot_send_the_token_elsewhere(
    make: Callable[..., Any], field: str, url: str
) -> None:
    arm = running_forever()
    async with using(make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
        await call(poller.wait(timeout=10))
        data = decode_token(poller.continuation_token())
    data[field] = url
    if field in ("status_url", "next_url"):  # kept consistent: only the host check refuses it
        data["status_url"] = data["next_url"] = url
    if field == "original_url":
        data["final_state_via"] = "original-uri"
    edited = encode_token(data)
    other_arm = FakeArm(op_status("Succeeded"), reply(200))
    async with using(make(other_arm)) as other:
        with pytest.raises(UntrustedHostError):
            await call(other.resume(edited))
    assert other_arm.requests == []


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not a token",
        "vmss1.",
        "vmss1.***",
        "vmss1.%%%",
        "vmss1.e30",  # base64url of {}
        "vmss2." + encode_token({"a": 1})[6:],
        encode_token({"phase": "status"}),  # fields missing
        "vmss1.WyJhIl0",  # base64url of ["a"]
        None,
        42,
    ],
)
async def test_malformed_tokens_are_invalid_arguments(make: Callable[..., Any], token: Any) -> None:
    arm = FakeArm()
    async with using(make(arm)) as client:
        with pytest.raises(InvalidArgumentError):
            await call(client.resume(token))
    assert arm.requests == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("polls", "3"), ("phase", "dancing"), ("status_url", 5), ("instance_ids", [1, 2]),
     ("started", True), ("subscription_id", None)],
)  # fmt: skip
async def test_tokens_with_a_wrong_field_are_invalid_arguments(
    make: Callable[..., Any], field: str, value: Any
) -> None:
    arm = running_forever()
    async with using(make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
        data = decode_token(poller.continuation_token())
        data[field] = value
        with pytest.raises(ValueError, match="continuation token is damaged"):
            await call(client.resume(encode_token(data)))
    assert len(arm.requests) == 1


async def test_result_timeout_raises_and_resume_finishes_elsewhere(
    kind: ClientKind, clocks: FakeClocks
) -> None:
    arm = running_forever()
    async with using(kind.make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS, ["2"]))
        with pytest.raises(PollingTimeoutError) as info:
            await call(poller.result(timeout=25))
    assert isinstance(info.value, TimeoutError)
    assert clocks.sleeps == [10.0, 10.0, 5.0]
    token = info.value.continuation_token
    assert SECRET not in json.dumps(decode_token(token))
    request_id = arm.requests[0].headers["x-ms-client-request-id"]

    other_arm = FakeArm(op_status("Succeeded"), reply(200))
    async with using(kind.make(other_arm)) as other:
        resumed = await call(other.resume(token))
        assert isinstance(resumed, kind.poller_class)
        result = await call(resumed.result())
    assert other_arm.calls == [("GET", STATUS_URL), ("GET", RESULT_URL)]
    assert {r.headers["x-ms-client-request-id"] for r in other_arm.requests} == {request_id}
    assert (result.instance_ids, result.request_id, result.polls, result.elapsed) == (
        ("2",), "post-request-id", 4, 25.0,
    )  # fmt: skip
