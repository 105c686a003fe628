"""The sync client reads a Flexible scale set's instance views side by side, on threads: at
most ``max_connections`` at once, answers matched to their VMs, progress from the caller's
thread, a 404 is UNKNOWN, the first other error propagates with nothing left running, and an
interrupt returns at once without starting the reads still waiting. The async client gives
the same statuses (a property test).

The transport below counts the instance-view GETs in flight; it holds them with threading
primitives that have timeouts (nothing sleeps).
"""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable
from typing import Any

import anyio
import httpx
import pytest
from conftest import FakeClocks
from fake_arm import (
    GROUP,
    SCALE_SET_ID,
    START,
    SUB,
    VMSS,
    AsyncFakeCredential,
    FakeCredential,
    Token,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vmss_maintenance import (
    AsyncMaintenanceClient,
    MaintenanceClient,
    MaintenanceState,
    RetryPolicy,
)
from vmss_maintenance._credentials import REFRESH_MARGIN_SECONDS
from vmss_maintenance._settings import DEFAULT_MAX_CONNECTIONS
from vmss_maintenance._threaded_reads import THREAD_NAME_PREFIX
from vmss_maintenance.errors import HttpResponseError

COMPUTE = f"/subscriptions/{SUB}/resourceGroups/{GROUP}/providers/Microsoft.Compute"
HOLD = 5.0  # seconds a held request waits at most: only reached when a test is failing
OPEN = {  # a self-service window open now (the clocks start 2023-11-14T22:13:20Z)
    "isCustomerInitiatedMaintenanceAllowed": True,
    "preMaintenanceWindowStartTime": "2023-11-01T00:00:00Z",
    "preMaintenanceWindowEndTime": "2023-12-06T00:00:00Z",
}
VIEWS: dict[str, Any] = {
    "eligible": {"maintenanceRedeployStatus": OPEN, "platformUpdateDomain": 1},
    "none": {"platformUpdateDomain": 0},
    "completed": {"maintenanceRedeployStatus": {"lastOperationResultCode": "MaintenanceCompleted"}},
    "odd": {"maintenanceRedeployStatus": "not an object", "statuses": 7},
}


def vm(name: str, vm_id: str | None = None) -> dict[str, Any]:
    return {"name": name, "id": f"{COMPUTE}/virtualMachines/{vm_id or name}"}


def json_response(status: int, body: Any) -> httpx.Response:
    return httpx.Response(
        status, content=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )


def view_answer(kind: str) -> httpx.Response:
    """An instance view by kind: a key of VIEWS, ``gone`` (404) or ``broken`` (500)."""
    if kind == "gone":
        return json_response(404, {"error": {"code": "NotFound", "message": "VM is gone"}})
    if kind == "broken":
        return json_response(500, {"error": {"code": "InternalError", "message": "it broke"}})
    return json_response(200, VIEWS[kind])


class FlexibleArm(httpx.BaseTransport):
    """A Flexible scale set of ``vms``; each instance view is ``answer(name)``, after
    ``before_answer(name)`` (to hold it). Counts the instance-view GETs in flight."""

    def __init__(
        self,
        vms: list[dict[str, Any]],
        answer: Callable[[str], httpx.Response],
        before_answer: Callable[[str], None] = lambda name: None,
    ) -> None:
        self.vms = vms
        self.answer = answer
        self.before_answer = before_answer
        self.lock = threading.Condition()
        self.in_flight = 0
        self.peak = 0
        self.sent: list[str] = []
        self.threads: set[str] = set()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == SCALE_SET_ID:
            return json_response(200, {"properties": {"orchestrationMode": "Flexible"}})
        if path == f"{COMPUTE}/virtualMachines":
            return json_response(200, {"value": self.vms})
        name = path.removeprefix(f"{COMPUTE}/virtualMachines/").removesuffix("/instanceView")
        with self.lock:
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            self.sent.append(name)
            self.threads.add(threading.current_thread().name)
            self.lock.notify_all()
        try:
            self.before_answer(name)
            return self.answer(name)
        finally:
            with self.lock:
                self.in_flight -= 1
                self.lock.notify_all()

    def wait_for(self, predicate: Callable[[], bool]) -> None:
        """Block (at most HOLD seconds) until ``predicate()`` holds, under the lock."""
        with self.lock:
            assert self.lock.wait_for(predicate, timeout=HOLD), "held too long"


def client(arm: FlexibleArm, clocks: FakeClocks, **options: Any) -> MaintenanceClient:
    options.setdefault("retry", RetryPolicy(total=0))
    return MaintenanceClient(
        FakeCredential(), SUB, transport=arm, clock=clocks, sleep=clocks.sleep, **options
    )


def read_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(THREAD_NAME_PREFIX)]


@pytest.mark.parametrize("limit", [None, 3])
def test_instance_views_are_read_side_by_side_up_to_max_connections(
    clocks: FakeClocks, limit: int | None
) -> None:
    bound = DEFAULT_MAX_CONNECTIONS if limit is None else limit
    vms = [vm(f"web_{n}") for n in range(bound * 2 + 1)]
    full = threading.Event()  # set once `bound` GETs were in flight together

    def hold(name: str) -> None:
        with arm.lock:
            if arm.in_flight >= bound:
                full.set()
        assert full.wait(HOLD), f"never {bound} GETs in flight at once"

    arm = FlexibleArm(vms, lambda name: view_answer("none"), hold)
    options = {} if limit is None else {"max_connections": limit}
    with client(arm, clocks, **options) as maintenance:
        status = maintenance.get_maintenance_status(GROUP, VMSS)
    assert arm.peak == bound
    assert len(arm.threads) <= bound
    assert sorted(arm.sent) == sorted(v["name"] for v in vms)  # each VM read once
    assert [i.state for i in status.instances] == [MaintenanceState.NONE] * len(vms)
    assert read_threads() == []  # the pool was shut down before returning


def test_answers_go_to_their_vms_in_any_order_with_progress_from_the_callers_thread(
    clocks: FakeClocks,
) -> None:
    # web_0's answer comes last; "twin" is listed twice (two ids): the first GET to arrive
    # waits for the second to be answered. 404 is UNKNOWN; a VM with no usable name is not read.
    vms = [vm("web_0"), vm("twin", "twin-a"), vm("twin", "twin-b"), vm("web_1"), vm("gone"),
           {"id": f"{COMPUTE}/virtualMachines/no-name"}, vm("web_2")]  # fmt: skip
    kinds = {"web_0": "eligible", "twin": "completed", "web_1": "none", "gone": "gone",
             "web_2": "odd"}  # fmt: skip
    twins = threading.Semaphore(0)

    def hold(name: str) -> None:
        if name == "web_0":
            arm.wait_for(lambda: len(arm.sent) == 6 and arm.in_flight == 1)
        elif name == "twin" and arm.sent.count("twin") == 1:
            assert twins.acquire(timeout=HOLD)  # the other twin answers first

    def answer(name: str) -> httpx.Response:
        if name == "twin" and arm.sent.count("twin") == 2:
            twins.release()
        return view_answer(kinds[name])

    arm = FlexibleArm(vms, answer, hold)
    progress: list[tuple[int, int]] = []
    with client(arm, clocks, max_connections=4) as maintenance:
        status = maintenance.get_maintenance_status(
            GROUP, VMSS, on_progress=lambda n: progress.append((n, threading.get_ident()))
        )
    assert progress == [(n, threading.get_ident()) for n in range(1, 8)]
    assert arm.peak > 1
    assert [(i.instance_id, i.resource_id, i.state) for i in status.instances] == [
        ("gone", f"{COMPUTE}/virtualMachines/gone", MaintenanceState.UNKNOWN),
        ("no-name", f"{COMPUTE}/virtualMachines/no-name", MaintenanceState.UNKNOWN),
        ("twin", f"{COMPUTE}/virtualMachines/twin-a", MaintenanceState.COMPLETED),
        ("twin", f"{COMPUTE}/virtualMachines/twin-b", MaintenanceState.COMPLETED),
        ("web_0", f"{COMPUTE}/virtualMachines/web_0", MaintenanceState.ELIGIBLE),
        ("web_1", f"{COMPUTE}/virtualMachines/web_1", MaintenanceState.NONE),
        ("web_2", f"{COMPUTE}/virtualMachines/web_2", MaintenanceState.NONE),
    ]
    assert status.eligible[0].update_domain == 1


class ShortFirstToken(FakeCredential):
    """Its first token is due for refresh 1 s after the clocks' start; later ones last."""

    def get_token(self, *scopes: str, **kwargs: Any) -> Token:
        token = super().get_token(*scopes, **kwargs)
        if len(self.scopes) == 1:
            return Token(token.token, int(START) + REFRESH_MARGIN_SECONDS + 1)
        return token


def test_reads_on_threads_retry_each_on_their_own_and_share_one_token_refresh(
    clocks: FakeClocks,
) -> None:
    # The first four GETs are throttled (429, Retry-After: 1) while all four are in flight;
    # their waits move the clock on, so the reads after them need a new token.
    vms = [vm(f"web_{n}") for n in range(8)]
    throttled = [f"web_{n}" for n in range(4)]

    def answer(name: str) -> httpx.Response:
        if arm.sent.count(name) == 1 and name in throttled:
            return httpx.Response(429, headers={"Retry-After": "1"})
        return view_answer("none")

    arm = FlexibleArm(vms, answer, lambda name: arm.wait_for(lambda: arm.peak == 4))
    credential = ShortFirstToken()
    with MaintenanceClient(credential, SUB, transport=arm, clock=clocks, sleep=clocks.sleep,
                           max_connections=4) as maintenance:  # fmt: skip
        status = maintenance.get_maintenance_status(GROUP, VMSS)
    assert [i.state for i in status.instances] == [MaintenanceState.NONE] * 8
    assert sorted(arm.sent) == sorted(throttled * 2 + [f"web_{n}" for n in range(4, 8)])
    assert clocks.sleeps == [1.0] * 4
    assert len(credential.scopes) == 2  # the first token, then one refresh for every thread


def test_an_error_propagates_once_the_reads_in_flight_have_ended(clocks: FakeClocks) -> None:
    # web_1 fails at once; web_0 is held until the thread that read web_1 has exited (the
    # pool is being shut down), so it is still in flight when the error reaches the caller.
    vms = [vm(f"web_{n}") for n in range(6)]
    failed = threading.Event()
    failed_on: list[threading.Thread] = []

    def hold(name: str) -> None:
        if name == "web_0":
            assert failed.wait(HOLD)
            failed_on[0].join(HOLD)

    def answer(name: str) -> httpx.Response:
        if name == "web_1":
            failed_on.append(threading.current_thread())
            failed.set()
            return view_answer("broken")
        return view_answer("none")

    arm = FlexibleArm(vms, answer, hold)
    progress: list[int] = []
    with client(arm, clocks, max_connections=2) as maintenance:
        with pytest.raises(HttpResponseError, match="it broke") as info:
            maintenance.get_maintenance_status(GROUP, VMSS, on_progress=progress.append)
        in_flight_when_raised = arm.in_flight
    assert info.value.status_code == 500
    assert in_flight_when_raised == 0  # nothing left running
    assert read_threads() == []
    assert sorted(arm.sent) == ["web_0", "web_1"]  # the others were never started
    assert progress == []


def test_an_interrupt_from_on_progress_returns_at_once_and_starts_nothing_more(
    clocks: FakeClocks,
) -> None:
    # web_0 answers once web_1 and web_2 are in flight; those two are held until released.
    vms = [vm(f"web_{n}") for n in range(6)]
    release = threading.Event()

    def hold(name: str) -> None:
        if name == "web_0":
            arm.wait_for(lambda: arm.in_flight == 3)
        else:
            assert release.wait(HOLD)

    def interrupt(count: int) -> None:
        raise KeyboardInterrupt

    arm = FlexibleArm(vms, lambda name: view_answer("none"), hold)
    try:
        with client(arm, clocks, max_connections=3) as maintenance:
            with pytest.raises(KeyboardInterrupt):
                maintenance.get_maintenance_status(GROUP, VMSS, on_progress=interrupt)
            assert arm.in_flight == 2  # web_1 and web_2, not waited for
    finally:
        release.set()
        for thread in read_threads():
            thread.join(HOLD)
    assert sorted(arm.sent) == ["web_0", "web_1", "web_2"]  # web_3 and on never started
    assert read_threads() == []


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs signal.pthread_kill")
def test_ctrl_c_while_waiting_for_the_reads_returns_at_once(clocks: FakeClocks) -> None:
    # A SIGINT reaches the caller's (main) thread while it waits for web_0 and web_1; the
    # SIGINT is sent only once both are in flight, so it cannot land after the call returned.
    assert threading.current_thread() is threading.main_thread()
    vms = [vm(f"web_{n}") for n in range(5)]
    release = threading.Event()

    def hold(name: str) -> None:
        arm.wait_for(lambda: arm.in_flight == 2 or release.is_set())
        if name == "web_1":
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        assert release.wait(HOLD)

    arm = FlexibleArm(vms, lambda name: view_answer("none"), hold)
    try:
        with client(arm, clocks, max_connections=2) as maintenance:
            with pytest.raises(KeyboardInterrupt):
                maintenance.get_maintenance_status(GROUP, VMSS)
            assert arm.in_flight == 2
    finally:
        release.set()
        for thread in read_threads():
            thread.join(HOLD)
    assert sorted(arm.sent) == ["web_0", "web_1"]


# -- the sync and async clients agree -----------------------------------------------------------

VALID_NAMES = ["web_0", "web_1", "Web_1", "10", "2"]
NAMES = st.sampled_from([*VALID_NAMES, "bad name", ""])  # the last two: nothing is sent
ANSWERS = st.sampled_from([*VIEWS, "gone", "broken"])
VM_ITEMS = st.builds(
    lambda name, suffix: {"name": name, "id": f"{COMPUTE}/virtualMachines/{name or 'x'}{suffix}"},
    NAMES,
    st.sampled_from(["", "-a", "-b"]),
) | st.builds(  # no name: read from the id, nothing is sent
    lambda suffix: {"id": f"{COMPUTE}/virtualMachines/anon{suffix}"}, st.sampled_from("ab")
)


def arm_of(vms: list[dict[str, Any]], answers: dict[str, str]) -> httpx.MockTransport:
    def route(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == SCALE_SET_ID:
            return json_response(200, {"properties": {"orchestrationMode": "Flexible"}})
        if path == f"{COMPUTE}/virtualMachines":
            return json_response(200, {"value": vms})
        name = path.removeprefix(f"{COMPUTE}/virtualMachines/").removesuffix("/instanceView")
        return view_answer(answers.get(name, "gone"))

    return httpx.MockTransport(route)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    vms=st.lists(VM_ITEMS, max_size=8),
    answers=st.dictionaries(NAMES, ANSWERS),
    limit=st.integers(1, 4),
)
def test_the_sync_and_async_clients_read_the_same_statuses(
    vms: list[dict[str, Any]], answers: dict[str, str], limit: int
) -> None:
    clocks = FakeClocks()
    transport = arm_of(vms, answers)
    options: dict[str, Any] = {"clock": clocks, "max_connections": limit,
                               "retry": RetryPolicy(total=0)}  # fmt: skip

    def sync_read() -> Any:
        sync = MaintenanceClient(
            FakeCredential(), SUB, transport=transport, sleep=clocks.sleep, **options
        )
        with sync:
            return sync.get_maintenance_status(GROUP, VMSS)

    async def async_read() -> Any:
        concurrent = AsyncMaintenanceClient(
            AsyncFakeCredential(), SUB, transport=transport, sleep=clocks.async_sleep, **options
        )
        async with concurrent:
            return await concurrent.get_maintenance_status(GROUP, VMSS)

    def outcome(read: Callable[[], Any]) -> Any:
        try:
            return read()
        except HttpResponseError as error:
            return error.status_code

    sync_status, async_status = outcome(sync_read), outcome(lambda: anyio.run(async_read))
    assert sync_status == async_status
    broken = any(v.get("name") in VALID_NAMES and answers.get(v["name"]) == "broken" for v in vms)
    assert (sync_status == 500) == broken
