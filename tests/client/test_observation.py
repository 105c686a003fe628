"""What a poller tells while and after it follows an operation: progress(), the timeout error's
facts, and the result's to_dict() (sync and async, parametrized)."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import FakeClocks
from fake_arm import (
    GROUP,
    SUB,
    VMSS,
    AsyncFakeCredential,
    FakeArm,
    FakeCredential,
    accepted,
    op_status,
    reply,
)
from vmss_maintenance import (
    AsyncMaintenanceClient,
    MaintenanceClient,
    MaintenanceResult,
    RetryPolicy,
    Update,
)
from vmss_maintenance.errors import InvalidArgumentError, PollingTimeoutError

pytestmark = pytest.mark.anyio


async def call(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


@pytest.fixture(params=["sync", "async"])
def make(request: pytest.FixtureRequest, clocks: FakeClocks) -> Callable[..., Any]:
    def factory(arm: FakeArm, **options: Any) -> Any:
        options.setdefault("polling_interval", 10.0)
        options.setdefault("retry", RetryPolicy(total=2, jitter=False))
        if request.param == "sync":
            return MaintenanceClient(FakeCredential(), SUB, transport=arm, clock=clocks,
                                     sleep=clocks.sleep, **options)  # fmt: skip
        return AsyncMaintenanceClient(AsyncFakeCredential(), SUB, transport=arm, clock=clocks,
                                      sleep=clocks.async_sleep, **options)  # fmt: skip

    return factory


async def test_progress_is_the_state_before_the_first_response_then_the_last_update(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = FakeArm(accepted(retry_after="5"), op_status("InProgress"), op_status("Succeeded"),
                  reply(200))  # fmt: skip
    client = make(arm)
    poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
    assert poller.progress() == Update("InProgress", 0, 5.0, False)
    clocks.sleep(2.0)
    assert poller.progress() == Update("InProgress", 0, 3.0, False)  # the countdown moves
    updates: list[Update] = []
    await call(poller.result(on_update=updates.append))
    assert poller.progress() == updates[-1] == Update("Succeeded", 3, None, True)
    assert len(arm.requests) == 4  # progress() sent nothing
    await call(client.close())


async def test_a_timeout_says_how_long_and_the_last_status(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = FakeArm(accepted(retry_after="5"), op_status("InProgress"))
    client = make(arm)
    poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
    with pytest.raises(PollingTimeoutError) as info:
        await call(poller.result(7.5))
    error = info.value
    assert (error.timeout, error.status) == (7.5, "InProgress")
    assert str(error) == (
        "the operation did not finish within 7.5 s (last status InProgress); resume it with "
        "the continuation token"
    )
    assert error.continuation_token == poller.continuation_token()
    assert clocks.sleeps == [5.0, 2.5]  # one poll at 5 s, then the rest of the 7.5 s
    await call(client.close())


async def test_the_result_describes_itself_as_json(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = FakeArm(
        accepted(retry_after="5", request_id="post-1"),
        op_status("Succeeded", end="2024-05-01T10:05:00+00:00"),
        reply(200),
    )
    client = make(arm)
    result = await call(client.perform_maintenance(GROUP, VMSS, [3, "0"]))
    document = result.to_dict()
    assert document == {
        "status": "Succeeded",
        "subscription_id": SUB,
        "resource_group_name": GROUP,
        "vm_scale_set_name": VMSS,
        "instance_ids": ["3", "0"],
        "started_at": "2024-05-01T10:00:00.123456+00:00",
        "ended_at": "2024-05-01T10:05:00+00:00",
        "request_id": "post-1",
        "polls": 2,
        "elapsed": 5.0,
    }
    assert json.loads(json.dumps(document)) == document  # JSON-ready as it is
    await call(client.close())


def test_to_dict_of_a_result_without_times_or_instances() -> None:
    result = MaintenanceResult(
        status="Succeeded", subscription_id=SUB, resource_group_name=GROUP,
        vm_scale_set_name=VMSS, instance_ids=None, started_at=None, ended_at=None,
        request_id=None, polls=0, elapsed=0.25,
    )  # fmt: skip
    document = result.to_dict()
    assert document["instance_ids"] is None
    assert (document["started_at"], document["ended_at"], document["request_id"]) == (
        None, None, None,
    )  # fmt: skip
    # Every field, by its own name, and nothing else.
    assert list(document) == [field.name for field in MaintenanceResult.__attrs_attrs__]
    started = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    timed = MaintenanceResult(**{**document, "started_at": started, "instance_ids": ("1",)})
    assert timed.to_dict()["started_at"] == "2024-01-02T03:04:05+00:00"
    assert timed.to_dict()["instance_ids"] == ["1"]


@pytest.mark.parametrize("timeout", [0, 0.0, -1, float("inf")])
def test_an_http_timeout_must_be_positive(timeout: float) -> None:
    with pytest.raises(InvalidArgumentError, match=r"timeout must be"):
        MaintenanceClient(FakeCredential(), SUB, transport=FakeArm(), timeout=timeout)
