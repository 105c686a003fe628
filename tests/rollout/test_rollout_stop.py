"""A sync rollout stops promptly on Ctrl-C: the backend follows an operation in slices of at
most a second and asks between them whether the run is stopping, without an extra poll; the
journal keeps the operation's newest token, so a resume follows it. Fake clock, fake sleep."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import FakeClocks
from fake_arm import GROUP, SUB, VMSS, FakeArm, FakeCredential, accepted, op_status
from rollout_arm import MiniArm
from vmss_maintenance import (
    InstanceState,
    MaintenanceClient,
    RetryPolicy,
    ScaleSetOutcome,
    _rollout_backend,
)
from vmss_maintenance._journal import Journal
from vmss_maintenance._rollout_backend import FOLLOW_SLICE, ClientBackend
from vmss_maintenance._rollout_effects import FollowOutcome, FollowState
from vmss_maintenance._rollout_plan import SCALE_SET_OPERATION, MaintenanceCall
from vmss_maintenance.errors import PollingTimeoutError

CALL = MaintenanceCall(SCALE_SET_OPERATION, SUB, GROUP, VMSS, ("0",))


def client_over(transport: httpx.BaseTransport, clocks: FakeClocks, **options: Any) -> Any:
    return MaintenanceClient(
        FakeCredential(), SUB, transport=transport, clock=clocks, polling_interval=10.0,
        retry=RetryPolicy(total=0), **{"sleep": clocks.sleep, **options},
    )  # fmt: skip


def in_progress(
    clocks: FakeClocks, times: list[float], retry_after: str | None, count: int = 30
) -> list[Any]:
    """``count`` status answers "InProgress" (with ``retry_after``), each noting the fake time
    it was asked at."""
    headers = {} if retry_after is None else {"Retry-After": retry_after}

    def answer(request: httpx.Request) -> httpx.Response:
        times.append(clocks.mono)
        return op_status("InProgress", headers=headers).response()

    return [answer] * count


@pytest.mark.parametrize(
    ("retry_after", "timeout"),
    [("7", 60.0), ("10", 60.0), (None, 45.0), ("13", 39.0), ("2.5", 19.0), ("90", 60.0)],
)
def test_a_sliced_follow_polls_exactly_when_one_wait_would(
    retry_after: str | None, timeout: float
) -> None:
    # Without slicing: one result(timeout) on the started operation's poller.
    clocks, polled = FakeClocks(), list[float]()
    script = in_progress(clocks, polled, retry_after)
    client = client_over(FakeArm(accepted(), *script), clocks)
    poller = client.begin_perform_maintenance(GROUP, VMSS, ["0"])
    began = clocks.mono
    with pytest.raises(PollingTimeoutError):
        poller.result(timeout)
    expected = [t - began for t in polled]
    assert expected  # the operation was polled, on its schedule

    clocks, polled = FakeClocks(), list[float]()
    arm = FakeArm(accepted(), *in_progress(clocks, polled, retry_after))
    backend = ClientBackend(client_over(arm, clocks), monotonic=clocks.monotonic)
    token = backend.start(CALL)
    began = clocks.mono
    outcome = backend.follow(token, timeout, lambda: False)
    assert outcome.state is FollowState.RUNNING
    assert [t - began for t in polled] == expected
    assert len(arm.requests) == 1 + len(expected)
    assert clocks.mono - began == timeout
    assert max(clocks.sleeps) <= FOLLOW_SLICE


def test_a_stopping_run_gets_the_newest_token_within_a_slice() -> None:
    clocks, polled = FakeClocks(), list[float]()
    client = client_over(FakeArm(accepted(), *in_progress(clocks, polled, "7")), clocks)
    backend = ClientBackend(client, monotonic=clocks.monotonic)
    token = backend.start(CALL)
    began = clocks.mono
    outcome = backend.follow(token, 60.0, lambda: clocks.mono - began >= 15.5)
    assert outcome.state is FollowState.RUNNING
    assert clocks.mono - began == 16.0  # the first slice boundary after the stop
    # first after the polling interval (the POST said no Retry-After), then as the service
    # asks (7 s): only what was due before the stop
    assert [t - began for t in polled] == [10.0]
    assert client.resume(outcome.token).polls == 1  # the newest token


class SlowArm(MiniArm):
    """MiniArm whose operations stay InProgress while ``running``; notes when each poll came."""

    def __init__(self, clocks: FakeClocks) -> None:
        super().__init__({"0": 0, "1": 1})
        self.clocks = clocks
        self.running = True
        self.posted_at: list[float] = []
        self.polled_at: list[float] = []
        self.requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if request.method == "POST":
            self.posted_at.append(self.clocks.mono)
        if self.running and "/operations/" in request.url.path:
            self.polled_at.append(self.clocks.mono)
            return op_status("InProgress").response()
        return super().__call__(request)


class CtrlC:
    """The client's sleep: moves the fake clock, and ``after`` seconds into the first operation
    sends SIGINT to the process (the main thread gets it, as from a terminal). It then waits,
    really but briefly, until the run has seen the interrupt: only so that the worker thread,
    whose fake sleeps take no time, does not run ahead of the main thread."""

    def __init__(self, clocks: FakeClocks, arm: SlowArm, after: float) -> None:
        self.clocks, self.arm, self.after = clocks, arm, after
        self.stopping: list[Callable[[], bool]] = []
        self.at: float | None = None

    def __call__(self, seconds: float) -> None:
        self.clocks.sleep(seconds)
        if self.at is not None or not self.arm.posted_at:
            return
        if self.clocks.mono - self.arm.posted_at[0] >= self.after:
            self.at = self.clocks.mono
            os.kill(os.getpid(), signal.SIGINT)
            limit = time.monotonic() + 2
            while not self.stopping[-1]() and time.monotonic() < limit:
                threading.Event().wait(0.001)


def test_ctrl_c_during_a_follow_stops_the_run_within_a_second(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clocks = FakeClocks()
    arm = SlowArm(clocks)
    sleep = CtrlC(clocks, arm, after=25.0)

    class Watched(ClientBackend):
        def follow(
            self, token: str, timeout: float, stopping: Callable[[], bool] | None = None
        ) -> FollowOutcome:
            sleep.stopping.append(stopping or (lambda: False))
            return super().follow(token, timeout, stopping)

    monkeypatch.setattr(_rollout_backend, "ClientBackend", Watched)
    client = client_over(httpx.MockTransport(arm), clocks, sleep=sleep)
    plan = client.plan_rollout([(GROUP, VMSS)], max_unavailable=1)
    journal = tmp_path / "j.json"
    report = client.run_rollout(plan, journal=journal)
    assert sleep.at is not None
    assert clocks.mono - sleep.at <= FOLLOW_SLICE  # not the 60 s of a whole follow
    assert report.exit_code == 130
    assert report.scale_sets[0].outcome is ScaleSetOutcome.INTERRUPTED
    assert report.scale_sets[0].reason == (
        f"interrupted; journal saved; resume: vmss-maintenance rollout --resume {journal}"
    )
    posted = arm.posted_at[0]
    # polled every polling interval (10 s) from the POST on: its schedule, nothing more
    assert [t - posted for t in arm.polled_at] == [10.0, 20.0]
    assert arm.requests == 4 + 1 + 2  # plan and batch status reads, the POST, two polls
    (token,) = Journal.load(journal).scale_sets[0].batches[0].tokens
    assert token is not None
    assert client.resume(token).polls == 2  # the journal holds the newest token

    arm.running = False
    resumed = client.resume_rollout(journal)
    assert resumed.exit_code == 0
    assert arm.posts == [["0"], ["1"]]  # the operation was followed, not sent again
    assert resumed.counts[InstanceState.MAINTAINED] == 2
