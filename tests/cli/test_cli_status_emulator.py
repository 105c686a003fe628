"""``vmss-maintenance status`` and ``perform --eligible`` against the ARM emulator (in process,
on loopback); the commands' waits are on a fake clock."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from conftest import fake_cli_time
from emulator_fixtures import SAMPLE_RESOURCE_GROUP, SAMPLE_SCALE_SET, SAMPLE_SUBSCRIPTION_ID
from vmss_maintenance import cli
from vmss_maintenance_emulator import SAMPLE_FLEXIBLE_SCALE_SET, ArmEmulator, Instance

Start = Callable[..., ArmEmulator]
FLEX = SAMPLE_FLEXIBLE_SCALE_SET


def run(arm: ArmEmulator, *args: str) -> int:
    base = ["-s", SAMPLE_SUBSCRIPTION_ID, "-g", SAMPLE_RESOURCE_GROUP, "--endpoint", arm.endpoint]
    return cli.main([args[0], *base, *args[1:]])


@pytest.fixture
def arm(emulator: Start, monkeypatch: pytest.MonkeyPatch) -> ArmEmulator:
    fake_cli_time(monkeypatch)
    return emulator(retry_after=0, polls_to_complete=1)


def test_status_text(arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(arm, "status", "-n", SAMPLE_SCALE_SET) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{SAMPLE_RESOURCE_GROUP}/{SAMPLE_SCALE_SET} (Uniform), checked ")
    rows = {line.split()[0]: line.split()[1] for line in out.splitlines()[2:12]}
    assert (rows["3"], rows["7"], rows["8"]) == ("NotAllowed", "Scheduled", "PlatformWindow")
    assert out.rstrip().endswith("6 of 10 instances may start maintenance now: 0-2, 4, 5, 9")
    assert {r.method for r in arm.requests} == {"GET"}  # nothing started


def test_status_json_flexible(arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(arm, "status", "-n", FLEX, "--output", "json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["orchestration_mode"] == "Flexible"
    assert document["eligible_instance_ids"] == [f"{FLEX}-vm0", f"{FLEX}-vm1", f"{FLEX}-vm2"]
    assert (document["counts"]["Eligible"], document["counts"]["None"]) == (3, 1)


def test_perform_eligible_uniform_is_one_call_with_the_eligible_ids(
    emulator: Start, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_cli_time(monkeypatch)
    arm = emulator(retry_after=0, polls_to_complete=1)
    arm.add_scale_set(SAMPLE_SUBSCRIPTION_ID, SAMPLE_RESOURCE_GROUP, "ok-vmss",
                      ["0", Instance("1", pending=False), "2"])  # fmt: skip
    assert run(arm, "perform", "-n", "ok-vmss", "--eligible") == 0
    posts = [r for r in arm.requests if r.method == "POST"]
    assert len(posts) == 1
    assert json.loads(posts[0].body) == {"instanceIds": ["0", "2"]}
    assert "Succeeded" in capsys.readouterr().out


def test_perform_eligible_flexible_is_one_vm_call_each_then_nothing_to_do(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(arm, "perform", "-n", FLEX, "--eligible") == 0
    posts = sorted(r.path.rsplit("/", 2)[1] for r in arm.requests if r.method == "POST")
    assert posts == [f"{FLEX}-vm0", f"{FLEX}-vm1", f"{FLEX}-vm2"]
    out = capsys.readouterr().out
    assert out.count("Succeeded: maintenance on") == 3
    arm.reset_requests()
    assert run(arm, "perform", "-n", FLEX, "--eligible") == 0
    assert "Nothing to do" in capsys.readouterr().out
    assert all(r.method == "GET" for r in arm.requests)
