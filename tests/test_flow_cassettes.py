"""The wrapper's flows against the ARM emulator, recorded as VCR cassettes.

Recorded with ``pytest tests/test_flow_cassettes.py --record-mode=rewrite`` (the emulator
then runs on a fixed loopback port); CI replays them with record mode ``none`` and
``--block-network``: no emulator runs, no request leaves the process.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from vmss_maintenance import MaintenanceClient, RetryPolicy, StaticTokenCredential
from vmss_maintenance.errors import AuthenticationError, HttpResponseError, OperationFailedError
from vmss_maintenance_emulator import (
    SAMPLE_RESOURCE_GROUP,
    SAMPLE_SCALE_SET,
    SAMPLE_SUBSCRIPTION_ID,
    ArmEmulator,
    Faults,
)

PORT = 18491
ENDPOINT = f"http://127.0.0.1:{PORT}"
TOKEN = "flow-test-token-0123456789"
CASSETTES = Path(__file__).parent / "cassettes" / "test_flow_cassettes"


class FakeTime:
    """A clock that only moves when the client sleeps."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@contextlib.contextmanager
def arm(record_mode: str, **settings: Any) -> Iterator[None]:
    """Run the emulator on the fixed port, but only while recording."""
    if record_mode == "none":
        yield
        return
    with ArmEmulator(port=PORT, **settings) as emulator:
        emulator.load_sample()
        yield


def client(fake: FakeTime, credential: Any = None, **options: Any) -> MaintenanceClient:
    return MaintenanceClient(
        credential or StaticTokenCredential(TOKEN),
        SAMPLE_SUBSCRIPTION_ID,
        endpoint=ENDPOINT,
        clock=fake.clock,
        sleep=fake.sleep,
        **options,
    )


@pytest.mark.vcr
@pytest.mark.parametrize(
    ("lro_headers", "polls"),
    [("both", 3), ("azure-async-operation", 2), ("location", 2), ("none-200", 0)],
)
def test_success_via_each_lro_pattern(
    record_mode: str, vcr: Any, lro_headers: str, polls: int
) -> None:
    fake = FakeTime()
    with (
        arm(record_mode, lro_headers=lro_headers, retry_after=2, polls_to_complete=2),
        client(fake) as maintenance,
    ):
        result = maintenance.perform_maintenance(SAMPLE_RESOURCE_GROUP, SAMPLE_SCALE_SET, ["0", 1])
    assert result.status == "Succeeded"
    assert result.instance_ids == ("0", "1")
    assert result.polls == polls
    # Every wait the client made is the emulator's Retry-After (the first 202 included).
    expected_waits = {"both": [2.0, 2.0], "azure-async-operation": [2.0, 2.0],
                      "location": [2.0, 2.0], "none-200": []}[lro_headers]  # fmt: skip
    assert fake.sleeps == expected_waits
    assert result.request_id
    methods = [request.method for request in vcr.requests]
    assert methods == ["POST"] + ["GET"] * polls


@pytest.mark.vcr
def test_failed_operation_raises_with_the_service_error(record_mode: str) -> None:
    fake = FakeTime()
    with arm(record_mode, retry_after=0, polls_to_complete=1), client(fake) as maintenance:
        poller = maintenance.begin_perform_maintenance(
            SAMPLE_RESOURCE_GROUP, SAMPLE_SCALE_SET, ["4"]
        )
        with pytest.raises(OperationFailedError) as failed:
            poller.result()
    assert failed.value.status == "Failed"
    assert failed.value.code
    assert failed.value.message
    assert poller.done()
    assert poller.status() == "Failed"


@pytest.mark.vcr
def test_ineligible_instance_is_a_409_operation_not_allowed(record_mode: str) -> None:
    fake = FakeTime()
    with arm(record_mode), client(fake) as maintenance, pytest.raises(HttpResponseError) as refused:
        maintenance.begin_perform_maintenance(SAMPLE_RESOURCE_GROUP, SAMPLE_SCALE_SET, [3])
    error = refused.value
    assert error.status_code == 409
    assert error.code == "OperationNotAllowed"
    assert f"'{SAMPLE_SCALE_SET}_3'" in error.message
    assert str(error).startswith("(OperationNotAllowed) Operation 'performMaintenance'")
    assert f"[HTTP 409, request id {error.request_id}]" in str(error)


@pytest.mark.vcr
def test_throttling_is_retried_after_the_servers_wait(record_mode: str) -> None:
    fake = FakeTime()
    faults = Faults(throttle_every=2, throttle_retry_after=7)
    with (
        arm(record_mode, faults=faults, retry_after=1, polls_to_complete=1),
        client(fake) as maintenance,
    ):
        result = maintenance.perform_maintenance(SAMPLE_RESOURCE_GROUP, SAMPLE_SCALE_SET, ["2"])
    assert result.status == "Succeeded"
    assert 7.0 in fake.sleeps  # the 429's Retry-After, not a backoff guess


@pytest.mark.vcr
def test_exhausted_throttling_raises_too_many_requests(record_mode: str) -> None:
    fake = FakeTime()
    faults = Faults(throttle_every=1, throttle_retry_after=3)
    with (
        arm(record_mode, faults=faults),
        client(fake, retry=RetryPolicy(total=2)) as maintenance,
        pytest.raises(HttpResponseError) as throttled,
    ):
        maintenance.begin_perform_maintenance(SAMPLE_RESOURCE_GROUP, SAMPLE_SCALE_SET)
    assert throttled.value.status_code == 429
    assert throttled.value.code == "TooManyRequests"
    assert fake.sleeps == [3.0, 3.0]


class MalformedTokenCredential:
    """Hands out a token the service cannot read."""

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        return SimpleNamespace(token="not-a-jwt but-two-words", expires_on=2_000_000_000)


@pytest.mark.vcr
def test_rejected_credential_is_an_authentication_error(record_mode: str) -> None:
    fake = FakeTime()
    with (
        arm(record_mode),
        client(fake, MalformedTokenCredential()) as maintenance,
        pytest.raises(AuthenticationError) as rejected,
    ):
        maintenance.begin_perform_maintenance(SAMPLE_RESOURCE_GROUP, SAMPLE_SCALE_SET)
    assert rejected.value.status_code == 401
    assert rejected.value.code == "AuthenticationFailed"


@pytest.mark.vcr
def test_claims_challenge_gets_a_new_token_and_resends_once(record_mode: str, vcr: Any) -> None:
    fake = FakeTime()
    with (
        arm(record_mode, claims_challenge=True, retry_after=0, polls_to_complete=1),
        client(fake) as maintenance,
    ):
        result = maintenance.perform_maintenance(SAMPLE_RESOURCE_GROUP, SAMPLE_SCALE_SET, ["1"])
    assert result.status == "Succeeded"
    assert [r.method for r in vcr.requests][:2] == ["POST", "POST"]


def test_no_cassette_holds_a_token_or_a_real_subscription() -> None:
    texts = [path.read_text() for path in sorted(CASSETTES.glob("*.yaml"))]
    assert len(texts) >= 10
    for text in texts:
        assert TOKEN not in text
        assert not re.search(r"^\s+authorization:", text, re.IGNORECASE | re.MULTILINE)
        assert not re.search(r"bearer [A-Za-z0-9._-]{8,}", text, re.IGNORECASE)
        assert SAMPLE_SUBSCRIPTION_ID not in text
