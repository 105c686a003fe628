"""Overlapping maintenance: a POST on instances a running operation holds is refused (409), and
deciding that looks only at the operations on the requested instances, however long the
emulator's history. Through the pure core (``ArmEmulator.handle``) with injected clocks."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from vmss_maintenance_emulator import (
    SAMPLE_RESOURCE_GROUP,
    SAMPLE_SUBSCRIPTION_ID,
    ArmEmulator,
    Incoming,
)

SUB, RG = SAMPLE_SUBSCRIPTION_ID, SAMPLE_RESOURCE_GROUP
API = "2024-07-01"
AUTH = {"authorization": "Bearer test-token", "host": "127.0.0.1:1"}
T0 = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)


class CountingClock:
    """A monotonic clock the test moves by hand; counts how often it is read."""

    def __init__(self) -> None:
        self.seconds = 1000.0
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return self.seconds


def emulator(clock: CountingClock, **options: Any) -> ArmEmulator:
    return ArmEmulator(clock=clock, now=lambda: T0, **options)


def post(
    arm: ArmEmulator, name: str, ids: list[str], *, sub: str = SUB, rg: str = RG
) -> tuple[int, Any]:
    """performMaintenance on instances ``ids`` of scale set ``name``: status and JSON body."""
    path = (
        f"/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/"
        f"virtualMachineScaleSets/{name}/performMaintenance"
    )
    body = json.dumps({"instanceIds": ids}).encode()
    headers = AUTH | {"content-type": "application/json"}
    reply = arm.handle(Incoming("POST", path, {"api-version": API}, headers, body))
    return reply.status, json.loads(reply.body) if reply.body else None


def busy(vm: str, operation_id: str) -> str:
    return (
        f"Operation 'performMaintenance' is not allowed on VM '{vm}' since maintenance started "
        f"by operation '{operation_id}' is still in progress on this VM."
    )


def test_the_refusal_names_the_oldest_running_operation_and_its_first_requested_vm() -> None:
    arm = emulator(CountingClock())
    arm.add_scale_set(SUB, RG, "batch", ["0", "1", "2", "3"])
    assert post(arm, "batch", ["1"])[0] == 202
    assert post(arm, "batch", ["2"])[0] == 202
    older, newer = arm.operations
    # "2" (held by the newer operation) comes first in the request; the older one is named.
    status, body = post(arm, "batch", ["3", "2", "1"])
    assert status == 409
    assert body["error"] == {"code": "OperationNotAllowed", "message": busy("batch_1", older.id)}
    status, body = post(arm, "batch", ["3", "2"])
    assert body["error"]["message"] == busy("batch_2", newer.id)
    assert len(arm.operations) == 2  # nothing recorded for a refusal
    assert post(arm, "batch", ["3"])[0] == 202


def test_names_match_without_case_and_other_scale_sets_are_independent() -> None:
    arm = emulator(CountingClock())
    arm.add_scale_set(SUB, RG, "batch", ["0", "1"])
    arm.add_scale_set(SUB, RG, "other", ["0", "1"])
    assert post(arm, "batch", ["0", "1"])[0] == 202
    (running,) = arm.operations
    status, body = post(arm, "BATCH", ["1"], sub=SUB.upper(), rg=RG.upper())
    assert (status, body["error"]["message"]) == (409, busy("batch_1", running.id))
    assert post(arm, "other", ["0", "1"])[0] == 202


def test_an_operation_out_of_time_holds_nothing_though_nobody_polled_it() -> None:
    clock = CountingClock()
    arm = emulator(clock, polls_to_complete=None, duration=10)
    arm.add_scale_set(SUB, RG, "batch", ["0", "1"])
    assert post(arm, "batch", ["0"])[0] == 202
    clock.seconds += 9.5
    assert post(arm, "batch", ["0", "1"])[0] == 409
    clock.seconds += 0.5
    status, body = post(arm, "batch", ["0", "1"])
    assert status == 409  # no longer busy: its maintenance is done
    assert body["error"]["message"].endswith("since there is no pending maintenance for this VM.")
    assert post(arm, "batch", ["1"])[0] == 202


def test_a_long_history_does_not_make_a_post_look_at_more_operations() -> None:
    # Every running operation is checked against the clock (is its time up?): the clock reads
    # of one POST count the operations it looked at. 0.1.0 looked at all of them.
    clock = CountingClock()
    arm = emulator(clock, polls_to_complete=None, duration=3600)
    arm.add_scale_set(SUB, RG, "big", [str(n) for n in range(301)])
    arm.add_scale_set(SUB, RG, "other", [str(n) for n in range(100)])

    def reads_of(name: str, instance_id: str) -> int:
        before = clock.reads
        assert post(arm, name, [instance_id])[0] == 202
        return clock.reads - before

    first = reads_of("big", "0")
    for n in range(1, 300):
        assert post(arm, "big", [str(n)])[0] == 202
    for n in range(100):
        assert post(arm, "other", [str(n)])[0] == 202
    assert len(arm.operations) == 400
    assert reads_of("big", "300") == first
    # A refusal looks at the busy instance's own operation (and its history), not at all 400.
    before = clock.reads
    assert post(arm, "big", ["7"])[0] == 409
    assert clock.reads - before < 10
