"""The health gate: one instance's verdict, and a batch's with its timeout."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest
from vmss_maintenance._health_gate import GateOutcome, batch_gate, gate
from vmss_maintenance.errors import InvalidArgumentError

T0 = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)


@attrs.frozen
class After:
    instance_id: str = "0"
    state: str = "Completed"
    last_result_code: str | None = "MaintenanceCompleted"
    last_result_message: str | None = None
    power_state: str | None = "running"
    provisioning_state: str | None = "succeeded"
    health: str | None = None


@pytest.mark.parametrize(
    ("after", "outcome", "reason"),
    [
        (After(), "passed", "succeeded, running, health not reported, maintenance Completed"),
        (After(state="None", health="healthy", last_result_code=None), "passed",
         "succeeded, running, healthy, maintenance None"),
        (After(power_state="starting"), "waiting", "power state starting"),
        (After(power_state="stopped"), "waiting", "power state stopped"),
        (After(power_state=None), "waiting", "power state not reported"),
        (After(provisioning_state="updating"), "waiting", "provisioning state updating"),
        (After(health="unhealthy"), "waiting", "health unhealthy"),
        (After(state="Eligible", last_result_code=None), "waiting",
         "maintenance still pending (state Eligible)"),
        (After(state="Unknown", power_state=None, provisioning_state=None), "waiting",
         "no instance view yet; provisioning state not reported; power state not reported"),
        (After(state="Eligible", last_result_code="RetryLater", last_result_message="busy"),
         "failed", "maintenance result RetryLater: busy"),
        (After(state="Eligible", last_result_code="MaintenanceAborted"), "failed",
         "maintenance result MaintenanceAborted"),
        (After(provisioning_state="Failed"), "failed", "provisioning state Failed"),
    ],
)
def test_gate_verdicts(after: After, outcome: str, reason: str) -> None:
    verdict = gate(after)
    assert (verdict.instance_id, verdict.outcome, verdict.reason) == ("0", outcome, reason)


def test_batch_passes_only_when_every_instance_passes() -> None:
    verdict = batch_gate([After("0"), After("1")], T0, T0 + timedelta(seconds=30), 900)
    assert verdict.outcome is GateOutcome.PASSED
    assert verdict.reason == "all 2 passed"


def test_batch_waits_within_the_timeout_then_fails_naming_the_instances() -> None:
    statuses = [After("0"), After("1", power_state="stopped")]
    waiting = batch_gate(statuses, T0, T0 + timedelta(seconds=899), 900)
    assert waiting.outcome is GateOutcome.WAITING
    assert waiting.reason == "1 waiting (1 s left): 1: power state stopped"
    failed = batch_gate(statuses, T0, T0 + timedelta(seconds=900), timedelta(minutes=15))
    assert failed.outcome is GateOutcome.FAILED
    assert failed.failed_instance_ids == ("1",)
    assert failed.reason == "1 failed: 1: not ready after 900 s: power state stopped"
    assert [v.outcome for v in failed.instances] == ["passed", "failed"]


def test_a_failed_instance_fails_the_batch_before_the_timeout() -> None:
    statuses = [After("0", power_state="starting"), After("1", last_result_code="RetryLater")]
    verdict = batch_gate(statuses, T0, T0, 900)
    assert verdict.outcome is GateOutcome.FAILED
    assert verdict.failed_instance_ids == ("1",)


def test_an_expected_instance_without_status_waits_then_fails() -> None:
    kwargs = {"expected_instance_ids": ["0", "7"]}
    assert batch_gate([After("0")], T0, T0, 60, **kwargs).outcome is GateOutcome.WAITING
    late = batch_gate([After("0")], T0, T0 + timedelta(seconds=60), 60, **kwargs)
    assert late.failed_instance_ids == ("7",)
    assert late.reason == "1 failed: 7: not ready after 60 s: no status seen"


@pytest.mark.parametrize("timeout", [0, -5, float("nan"), True, "900", timedelta(0)])
def test_bad_health_timeout_is_refused(timeout: object) -> None:
    with pytest.raises(InvalidArgumentError, match=r"health_timeout .* allowed"):
        batch_gate([After()], T0, T0, timeout)  # type: ignore[arg-type]


def test_naive_times_and_empty_batches_are_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="now '2026-12-03T14:00:00' has no time zone"):
        batch_gate([After()], T0, T0.replace(tzinfo=None), 900)
    with pytest.raises(InvalidArgumentError, match="no instances"):
        batch_gate([], T0, T0, 900)
