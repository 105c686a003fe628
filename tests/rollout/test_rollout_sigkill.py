"""A rollout killed with SIGKILL mid-batch, in a real process, resumes from its journal without
repeating or losing an instance. The emulator runs in this test on 127.0.0.1 with a real clock
(its maintenance takes about a second); the rollout is ``vmss-maintenance rollout`` run by
tests/rollout/rollout_child.py. Everything real is bounded by timeouts."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from emulator_fixtures import SAMPLE_SUBSCRIPTION_ID
from vmss_maintenance import MaintenanceClient, StaticTokenCredential
from vmss_maintenance._rollout_report import InstanceState
from vmss_maintenance_emulator import ArmEmulator, Instance

CHILD = Path(__file__).with_name("rollout_child.py")
GROUP, NAME = "kill-rg", "kill-vmss"
IDS = ["0", "1", "2"]


def started_batches(journal: Path) -> list[dict[str, object]]:
    """The batches the journal says were started (with their tokens), if it is readable yet."""
    try:
        document = json.loads(journal.read_text("utf-8"))
    except (OSError, ValueError):
        return []
    batches = document["scale_sets"][0]["batches"]
    return [b for b in batches if b["state"] == "started" and any(b["tokens"])]


def test_a_rollout_killed_mid_batch_resumes_without_repeating_or_losing_one(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "rollout.json"
    with ArmEmulator(retry_after=0, polls_to_complete=None, duration=1.0) as arm:
        arm.add_scale_set(SAMPLE_SUBSCRIPTION_ID, GROUP, NAME,
                          [Instance(i, update_domain=int(i)) for i in IDS])  # fmt: skip
        child = subprocess.Popen(
            [sys.executable, str(CHILD), "rollout", "--endpoint", arm.endpoint,
             "-s", SAMPLE_SUBSCRIPTION_ID, "-g", GROUP, "-n", NAME, "--max-unavailable", "1",
             "--yes", "--journal", str(journal)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 30
            # Kill it once the second batch is in flight: one batch done, one started.
            while not any(b["index"] == 1 for b in started_batches(journal)):
                assert child.poll() is None, "the rollout ended before it could be killed"
                assert time.monotonic() < deadline, "no second batch started within 30 s"
                time.sleep(0.02)  # a real process runs: wait for it, briefly
            child.kill()  # SIGKILL: no handler runs, nothing is flushed
            assert child.wait(timeout=10) == -9
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=10)
        posts_before = sum(r.method == "POST" for r in arm.requests)
        assert posts_before == 2  # batches 1 and 2 were sent, batch 3 not yet

        with MaintenanceClient(StaticTokenCredential("resume-token"), SAMPLE_SUBSCRIPTION_ID,
                               endpoint=arm.endpoint) as client:  # fmt: skip
            report = client.resume_rollout(journal)

        sent = Counter(
            instance
            for r in arm.requests
            if r.method == "POST"
            for instance in json.loads(r.body or b"{}")["instanceIds"]
        )
    assert sent == Counter(IDS)  # each instance's performMaintenance exactly once
    assert report.exit_code == 0
    assert {i.instance_id: i.state for i in report.scale_sets[0].instances} == dict.fromkeys(
        IDS, InstanceState.MAINTAINED
    )
