"""Both clients against the ARM emulator, live over loopback, on the fake clocks.

These flows replaced VCR cassettes that had been recorded from this emulator: replaying the
fake's old answers froze its behaviour and checked nothing the live emulator does not.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from client_kinds import ClientKind, call, using
from conftest import FakeClocks
from emulator_fixtures import (
    SAMPLE_RESOURCE_GROUP,
    SAMPLE_SCALE_SET,
    SAMPLE_SUBSCRIPTION_ID,
    ArmEmulator,
    Faults,
)
from vmss_maintenance import RetryPolicy, StaticTokenCredential
from vmss_maintenance.errors import AuthenticationError, HttpResponseError, OperationFailedError

pytestmark = pytest.mark.anyio
TOKEN = "flow-test-token-0123456789"
Start = Callable[..., ArmEmulator]


def client(kind: ClientKind, arm: ArmEmulator, credential: Any = None, **options: Any) -> Any:
    """A client of ``kind`` with its default settings, talking to ``arm``."""
    return kind.construct(
        credential or StaticTokenCredential(TOKEN),
        SAMPLE_SUBSCRIPTION_ID,
        endpoint=arm.endpoint,
        **options,
    )


@pytest.mark.parametrize(
    ("lro_headers", "polls"),
    [("both", 3), ("azure-async-operation", 2), ("location", 2), ("none-200", 0)],
)
async def test_success_via_each_lro_pattern(
    kind: ClientKind, clocks: FakeClocks, emulator: Start, lro_headers: str, polls: int
) -> None:
    arm = emulator(lro_headers=lro_headers, retry_after=2, polls_to_complete=2)
    async with using(client(kind, arm)) as maintenance:
        result = await call(
            maintenance.perform_maintenance(SAMPLE_RESOURCE_GROUP, SAMPLE_SCALE_SET, ["0", 1])
        )
    assert result.status == "Succeeded"
    assert result.instance_ids == ("0", "1")
    assert result.polls == polls
    # Every wait the client made is the emulator's Retry-After (the first 202 included).
    assert clocks.sleeps == ([] if lro_headers == "none-200" else [2.0, 2.0])
    assert result.request_id
    assert [request.method for request in arm.requests] == ["POST"] + ["GET"] * polls


async def test_failed_operation_raises_with_the_service_error(
    kind: ClientKind, emulator: Start
) -> None:
    arm = emulator(retry_after=0, polls_to_complete=1)
    async with using(client(kind, arm)) as maintenance:
        poller = await call(
            maintenance.begin_perform_maintenance(SAMPLE_RESOURCE_GROUP, SAMPLE_SCALE_SET, ["4"])
        )
        with pytest.raises(OperationFailedError) as failed:
            await call(poller.result())
    assert failed.value.status == "Failed"
    assert failed.value.code
    assert failed.value.message
    assert poller.done()
    assert poller.status() == "Failed"


async def test_ineligible_instance_is_a_409_operation_not_allowed(
    kind: ClientKind, emulator: Start
) -> None:
    arm = emulator()
    async with using(client(kind, arm)) as maintenance:
        with pytest.raises(HttpResponseError) as refused:
            await call(
                maintenance.begin_perform_maintenance(SAMPLE_RESOURCE_GROUP, SAMPLE_SCALE_SET, [3])
            )
    error = refused.value
    assert error.status_code == 409
    assert error.code == "OperationNotAllowed"
    assert f"'{SAMPLE_SCALE_SET}_3'" in error.message
    assert str(error).startswith("(OperationNotAllowed) Operation 'performMaintenance'")
    assert f"[HTTP 409, request id {error.request_id}]" in str(error)


async def test_throttling_is_retried_after_the_servers_wait(
    kind: ClientKind, clocks: FakeClocks, emulator: Start
) -> None:
    faults = Faults(throttle_every=2, throttle_retry_after=7)
    arm = emulator(faults=faults, retry_after=1, polls_to_complete=1)
    async with using(client(kind, arm)) as maintenance:
        result = await call(
            maintenance.perform_maintenance(SAMPLE_RESOURCE_GROUP, SAMPLE_SCALE_SET, ["2"])
        )
    assert result.status == "Succeeded"
    assert 7.0 in clocks.sleeps  # the 429's Retry-After, not a backoff guess


async def test_exhausted_throttling_raises_too_many_requests(
    kind: ClientKind, clocks: FakeClocks, emulator: Start
) -> None:
    arm = emulator(faults=Faults(throttle_every=1, throttle_retry_after=3))
    async with using(client(kind, arm, retry=RetryPolicy(total=2))) as maintenance:
        with pytest.raises(HttpResponseError) as throttled:
            await call(
                maintenance.begin_perform_maintenance(SAMPLE_RESOURCE_GROUP, SAMPLE_SCALE_SET)
            )
    assert throttled.value.status_code == 429
    assert throttled.value.code == "TooManyRequests"
    assert clocks.sleeps == [3.0, 3.0]


class MalformedTokenCredential:
    """Hands out a token the service cannot read."""

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        return SimpleNamespace(token="not-a-jwt but-two-words", expires_on=2_000_000_000)


async def test_rejected_credential_is_an_authentication_error(
    kind: ClientKind, emulator: Start
) -> None:
    arm = emulator()
    async with using(client(kind, arm, MalformedTokenCredential())) as maintenance:
        with pytest.raises(AuthenticationError) as rejected:
            await call(
                maintenance.begin_perform_maintenance(SAMPLE_RESOURCE_GROUP, SAMPLE_SCALE_SET)
            )
    assert rejected.value.status_code == 401
    assert rejected.value.code == "AuthenticationFailed"


async def test_claims_challenge_gets_a_new_token_and_resends_once(
    kind: ClientKind, emulator: Start
) -> None:
    arm = emulator(claims_challenge=True, retry_after=0, polls_to_complete=1)
    async with using(client(kind, arm)) as maintenance:
        result = await call(
            maintenance.perform_maintenance(SAMPLE_RESOURCE_GROUP, SAMPLE_SCALE_SET, ["1"])
        )
    assert result.status == "Succeeded"
    assert [r.method for r in arm.requests][:2] == ["POST", "POST"]
