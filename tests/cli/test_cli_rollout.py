"""``vmss-maintenance rollout`` end to end over a fake client on the in-memory fleet.

The fake client plans and runs with the library's own planner and runner (run_sync) against
rollout_fake's fleet and its clock: nothing sleeps, nothing is sent.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import FakeClocks
from fake_arm import GROUP, VMSS, FakeCredential
from fake_arm import SUB as ARM_SUB
from hypothesis import given, settings
from hypothesis import strategies as st
from rollout_arm import MiniArm
from rollout_fake import SUB, FakeBackend, FakeFleet
from vmss_maintenance import MaintenanceClient, RetryPolicy, _cli_rollout, cli
from vmss_maintenance._cli_rollout_view import ProgressLines
from vmss_maintenance._journal import Journal
from vmss_maintenance._rollout_drivers import run_sync
from vmss_maintenance._rollout_events import Throttled
from vmss_maintenance._rollout_plan import RolloutPlan, plan_rollout
from vmss_maintenance._rollout_report import RolloutReport
from vmss_maintenance.errors import AuthenticationError, HttpResponseError

SCALE_SET_ID = (
    f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Compute/"
    "virtualMachineScaleSets/{}"
)


class FleetClient:
    """The client methods the command uses, over a fleet."""

    def __init__(self, fleet: FakeFleet) -> None:
        self.fleet = fleet
        self.planned: list[Any] = []
        self.plan_concurrency: int | None = None

    def list_scale_sets(self, resource_group_name: str) -> list[str]:
        return list(self.fleet.scale_sets)

    def plan_rollout(
        self, targets: Any, *, max_unavailable: Any, batch_by: str, concurrency: int
    ) -> RolloutPlan:
        self.planned = list(targets)
        self.plan_concurrency = concurrency
        names = [t[1] if isinstance(t, tuple) else t.rsplit("/", 1)[1] for t in targets]
        statuses = {s.vm_scale_set_name: s for s in self.fleet.statuses()}
        return plan_rollout(
            [statuses[n] for n in names], max_unavailable=max_unavailable, batch_by=batch_by
        )

    def _run(self, source: Any, journal: str | None, **options: Any) -> RolloutReport:
        return run_sync(
            source, FakeBackend(self.fleet), journal_path=journal, clock=self.fleet.clock,
            sleep=self.fleet.clock.sleep, **options,
        )  # fmt: skip

    def run_rollout(self, plan: RolloutPlan, *, journal: str | None, **options: Any) -> Any:
        return self._run(plan, journal, **options)

    def resume_rollout(self, journal: str, **options: Any) -> RolloutReport:
        return self._run(Journal.load(journal), journal, **options)


@pytest.fixture
def fleet() -> FakeFleet:
    fleet = FakeFleet()
    fleet.add("web", 6, states={"5": "Scheduled"})
    return fleet


@pytest.fixture
def made() -> list[FleetClient]:
    """The clients the command opened."""
    return []


@pytest.fixture
def opened(
    monkeypatch: pytest.MonkeyPatch, fleet: FakeFleet, made: list[FleetClient]
) -> list[str]:
    """The subscriptions a client was opened for (none: nothing could have been sent)."""
    subscriptions: list[str] = []

    @contextlib.contextmanager
    def open_client(session: Any, subscription_id: str) -> Iterator[FleetClient]:
        subscriptions.append(subscription_id)
        made.append(FleetClient(fleet))
        yield made[-1]

    monkeypatch.setattr(_cli_rollout, "open_client", open_client)
    monkeypatch.setattr(_cli_rollout, "stdin_is_terminal", lambda: False)
    monkeypatch.delenv("AZURE_SUBSCRIPTION_ID", raising=False)
    return subscriptions


def run(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    code = cli.main(["rollout", *words])
    out, err = capsys.readouterr()
    return code, out, err


BASE = ("-s", SUB, "-g", "rg", "-n", "web", "--max-unavailable", "2")


def test_dry_run_prints_the_plan_and_starts_nothing(
    opened: list[str], fleet: FakeFleet, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    code, out, _err = run(capsys, *BASE, "--dry-run")
    assert code == 0
    assert "rg/web (Uniform, 6 instance(s), at most 2 at once): 3 batch(es), 1 skipped" in out
    assert "batch 1 of 3 (update domain 0): 0, 3" in out
    assert "skipped: 5 (Scheduled)" in out
    assert fleet.started_calls == []
    assert list(tmp_path.iterdir()) == []  # no journal for a dry run
    assert opened == [SUB]


def test_the_plan_reads_concurrency_scale_sets_at_once(
    opened: list[str], made: list[FleetClient], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, *BASE, "--dry-run")[0] == 0
    assert run(capsys, *BASE, "--dry-run", "--concurrency", "7")[0] == 0
    assert [client.plan_concurrency for client in made] == [4, 7]


def test_dry_run_json_is_the_plan_document(
    opened: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--output", "json", *BASE, "--dry-run", "--batch-by", "count")
    assert code == 0
    document = json.loads(out)
    assert document["batch_by"] == "count"
    assert [b["instance_ids"] for b in document["scale_sets"][0]["batches"]] == [
        ["0", "1"], ["2", "3"], ["4"],
    ]  # fmt: skip
    assert document["scale_sets"][0]["skipped"] == [{"instance_id": "5", "state": "Scheduled"}]


def test_without_a_terminal_and_without_yes_it_refuses_before_any_request(
    opened: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _out, err = run(capsys, *BASE, "--journal", str(tmp_path / "j.json"))
    assert code == 2
    assert "standard input is not a terminal; pass --yes" in err
    assert opened == []
    assert not (tmp_path / "j.json").exists()


@pytest.mark.parametrize(("answer", "code"), [("y\n", 0), ("n\n", 1), ("\n", 1)])
def test_on_a_terminal_it_asks(
    opened: list[str], fleet: FakeFleet, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, answer: str, code: int,
) -> None:  # fmt: skip
    monkeypatch.setattr(_cli_rollout, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    journal = tmp_path / "j.json"
    got, _out, err = run(capsys, *BASE, "--journal", str(journal))
    assert got == code
    assert "Start maintenance on 5 instance(s) in 3 batch(es)? [y/N]" in err
    if code == 0:
        assert sum(fleet.starts().values()) == 5
        assert journal.exists()
    else:
        assert "Declined: nothing was started." in err
        assert fleet.started_calls == []
        assert not journal.exists()


def test_a_rollout_shows_progress_and_a_final_table(
    opened: list[str], fleet: FakeFleet, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, *BASE, "--yes", "--journal", str(tmp_path / "j.json"))
    assert code == 0
    assert "rg/web: batch 1 of 3; 3 pending, 2 maintaining, 0 maintained, 0 failed, 1 skipped" \
        in err  # fmt: skip
    assert "next: follow the operation, then the health gate" in err
    assert "rg/web: batch 3 of 3; 0 pending, 0 maintaining, 5 maintained, 0 failed, 1 skipped; "\
        "next: done: succeeded" in err  # fmt: skip
    assert "rg/web: succeeded (5 maintained, 1 skipped)" in out
    assert "Total: 5 maintained, 1 skipped; exit code 0." in out
    assert "  0            batch 1   maintained" in out
    assert set(fleet.starts().values()) == {0, 1}


def test_json_report_on_stdout(
    opened: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, "--output", "json", *BASE, "--yes", "--journal", str(tmp_path / "j.json")
    )
    assert code == 0
    report = json.loads(out)
    assert report["exit_code"] == 0
    assert report["counts"]["maintained"] == 5
    assert report["journal"] == str(tmp_path / "j.json")
    assert "batch 1 of 3" in err  # progress stays on stderr


def test_a_failed_instance_exits_1_and_leaves_later_batches(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fleet = FakeFleet()
    fleet.add("web", 6, faults={"1": "RetryLater"})
    monkeypatch.setattr(_cli_rollout, "open_client", lambda s, sub: _yield(FleetClient(fleet)))
    code, out, err = run(capsys, *BASE, "--yes", "--journal", str(tmp_path / "j.json"))
    assert code == 1
    assert "rg/web: stopped" in out
    assert "maintenance failed: RetryLater" in out
    assert fleet.starts()["web/2"] == 0
    assert "next: stop: later batches are left untouched" in err


@contextlib.contextmanager
def _yield(client: FleetClient) -> Iterator[FleetClient]:
    yield client


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (AuthenticationError("token expired", status_code=401), 3),
        (HttpResponseError("internal error", status_code=500), 5),
    ],
)
def test_errors_mid_rollout_have_their_exit_code_and_say_how_to_resume(
    opened: list[str], fleet: FakeFleet, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    error: Exception, code: int,
) -> None:  # fmt: skip
    fleet.fail_with = {"follow": error}
    journal = tmp_path / "j.json"
    got, out, _ = run(capsys, *BASE, "--yes", "--journal", str(journal))
    assert got == code
    assert f"to continue: vmss-maintenance rollout --resume {journal} --yes" in out


def test_interrupted_then_resumed_from_the_journal(
    opened: list[str], fleet: FakeFleet, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    journal = tmp_path / "j.json"
    fleet.fail_with = {"follow": KeyboardInterrupt()}
    code, out, _ = run(capsys, *BASE, "--yes", "--journal", str(journal))
    assert code == 130
    assert f"The journal is saved; to continue: vmss-maintenance rollout --resume {journal} " \
        "--yes" in out  # fmt: skip
    assert sum(fleet.starts().values()) == 2  # batch 1 was sent, then the interrupt
    fleet.fail_with = {}
    code, out, err = run(capsys, "--resume", str(journal), "--yes")
    assert code == 0, out + err
    assert f"Resuming the rollout of journal {journal}" in err
    assert fleet.starts() == {f"web/{i}": 1 for i in "01234"} | {"web/5": 0}
    assert "Total: 5 maintained, 1 skipped; exit code 0." in out


def test_sigterm_is_handled_like_ctrl_c(
    opened: list[str], fleet: FakeFleet, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    journal = tmp_path / "j.json"
    sent = {"count": 0}
    original = fleet.follow

    def follow(token: str, timeout: float) -> Any:
        sent["count"] += 1
        if sent["count"] == 1:
            os.kill(os.getpid(), signal.SIGTERM)  # to the process, as `kill` sends it
        return original(token, timeout)

    fleet.follow = follow  # type: ignore[method-assign]
    code, out, _ = run(capsys, *BASE, "--yes", "--journal", str(journal))
    assert code == 130
    assert f"--resume {journal} --yes" in out
    assert Journal.load(journal).scale_sets[0].batches[0].tokens  # the token is kept


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (("--max-unavailable", "0%"), "max_unavailable '0%' is out of range"),
        (("--max-unavailable", "x"), "max_unavailable 'x' is not valid"),
        (("--concurrency", "0"), "0 is out of range: 1 to 64"),
        (("--health-timeout", "-1"), "allowed: seconds > 0"),
        (("--batch-by", "zone"), "invalid choice: 'zone'"),
    ],
)
def test_bad_options_exit_2_before_any_request(
    opened: list[str], capsys: pytest.CaptureFixture[str], words: tuple[str, ...], message: str
) -> None:
    code, _, err = run(capsys, "-s", SUB, "-g", "rg", "-n", "web", "--yes", *words)
    assert code == 2
    assert message in err
    assert opened == []


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (("-g", "rg", "-n", "web", "--id", SCALE_SET_ID.format("x")), "one way"),
        ((), "name the scale sets one way"),
        (("-n", "web"), "-g/-n needs -g/--resource-group"),
        (("--resource-group-all",), "--resource-group-all needs -g/--resource-group"),
        (("--id", "rg/web"), "--id: 'rg/web' is not a scale set resource id"),
        (
            ("--id", SCALE_SET_ID.format("a"),
             "--id", SCALE_SET_ID.format("b").replace(SUB, "11111111-1111-1111-1111-111111111111")),
            "a rollout runs in one subscription",
        ),
        (("--resume", "missing.json"), "no such journal file"),
        (("--resume", "j.json", "-n", "web"), "leave out -n"),
        (("-g", "rg", "-n", "bad name!"), "bad name!"),
    ],
)  # fmt: skip
def test_bad_targets_exit_2_before_any_request(
    opened: list[str], capsys: pytest.CaptureFixture[str], words: tuple[str, ...], message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("AZURE_SUBSCRIPTION_ID", SUB)
    code, _, err = run(capsys, "--yes", *words)
    assert code == 2, err
    assert message in err
    assert opened == []


def test_an_existing_journal_is_refused(
    opened: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    journal = tmp_path / "j.json"
    journal.write_text("{}")
    code, _, err = run(capsys, *BASE, "--yes", "--journal", str(journal))
    assert code == 2
    assert f"continue it with --resume {journal}" in err
    assert opened == []


def test_targets_file_and_resource_group_all(
    opened: list[str], fleet: FakeFleet, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    fleet.add("api", 2)
    targets = tmp_path / "targets.txt"
    targets.write_text(f"# fleet\n{SCALE_SET_ID.format('web')}\n\nrg/api  # the API\n")
    code, out, _ = run(capsys, "--targets-file", str(targets), "--dry-run")
    assert code == 0
    assert "Rollout plan: 2 scale set(s)" in out
    assert opened == [SUB]
    bad = tmp_path / "bad.txt"
    bad.write_text("rg/web\nnot a target\n")
    code, _, err = run(capsys, "-s", SUB, "--targets-file", str(bad), "--dry-run")
    assert code == 2
    assert f"--targets-file {bad}:2: 'not a target' is not a scale set" in err
    code, out, _ = run(capsys, "-s", SUB, "-g", "rg", "--resource-group-all", "--dry-run")
    assert code == 0
    assert "rg/web (Uniform" in out
    assert "rg/api (Uniform" in out


def test_the_command_over_the_real_client(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    clocks: FakeClocks,
) -> None:  # fmt: skip
    arm = MiniArm({"0": 0, "1": 1, "2": 0, "3": 1}, faults=("3",))

    @contextlib.contextmanager
    def open_client(session: Any, subscription_id: str) -> Iterator[MaintenanceClient]:
        with MaintenanceClient(
            FakeCredential(), subscription_id, transport=httpx.MockTransport(arm), clock=clocks,
            sleep=clocks.sleep, polling_interval=10.0, retry=RetryPolicy(total=0),
        ) as client:  # fmt: skip
            yield client

    monkeypatch.setattr(_cli_rollout, "open_client", open_client)
    journal = tmp_path / "j.json"
    code, out, err = run(
        capsys, "--output", "json", "-s", ARM_SUB, "-g", GROUP, "-n", VMSS, "--yes",
        "--journal", str(journal), "--max-unavailable", "50%",
    )  # fmt: skip
    assert code == 1
    assert arm.posts == [["0", "2"], ["1", "3"]]
    report = json.loads(out)
    assert report["counts"]["maintained"] == 2
    assert report["counts"]["failed"] == 2
    details = {i["instance_id"]: i["detail"] for i in report["scale_sets"][0]["instances"]}
    assert details["3"] == "maintenance failed: RetryLater: try later"
    assert "my-group/my-scale-set: batch 2 of 2; 0 pending, 0 maintaining, 2 maintained, " \
        "2 failed, 0 skipped; next: done: stopped" in err  # fmt: skip
    assert report["resume_command"] is None  # stopped by a failure: nothing to resume


def test_progress_prints_a_line_only_when_it_changes(fleet: FakeFleet) -> None:
    plan = plan_rollout(fleet.statuses(), max_unavailable=2)
    stream = io.StringIO()
    progress = ProgressLines(plan, stream)
    scale_set = plan.targets[0].resource_id
    progress(Throttled(scale_set, 7.0, "429"))
    progress(Throttled(scale_set, 7.0, "429"))
    progress(Throttled(scale_set, 3.0, "429"))
    progress(Throttled("/not/in/the/plan", 3.0, "429"))
    assert stream.getvalue().splitlines() == [
        "rg/web: 3 batch(es); 5 pending, 0 maintaining, 0 maintained, 0 failed, 1 skipped; "
        f"next: wait {seconds} s (throttled), then ask again"
        for seconds in (7, 3)
    ]


def test_an_interrupt_at_the_question_starts_nothing(
    opened: list[str], fleet: FakeFleet, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:  # fmt: skip
    class CtrlC(io.StringIO):
        def readline(self, size: int | None = -1) -> str:
            raise KeyboardInterrupt

    monkeypatch.setattr(_cli_rollout, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr("sys.stdin", CtrlC())
    code, _, err = run(capsys, *BASE, "--journal", str(tmp_path / "j.json"))
    assert code == 130
    assert "interrupted before the rollout started; nothing was started" in err
    assert fleet.started_calls == []


def test_a_second_interrupt_while_stopping_still_says_how_to_continue(
    opened: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    def interrupted(self: FleetClient, plan: RolloutPlan, **options: Any) -> RolloutReport:
        raise KeyboardInterrupt  # escapes the runner: the second Ctrl-C

    monkeypatch.setattr(FleetClient, "run_rollout", interrupted)
    journal = tmp_path / "j.json"
    code, _, err = run(capsys, *BASE, "--yes", "--journal", str(journal))
    assert code == 130
    assert "interrupted again while stopping; the journal is saved" in err
    assert f"continue with: vmss-maintenance rollout --resume {journal} --yes" in err


# -- --pause-between-batches -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("300", 300.0), ("90.5", 90.5), ("PT5M", 300.0), ("PT1H30M", 5400.0), ("PT45S", 45.0),
     ("PT0S", 0.0), ("PT0.5S", 0.5), ("P1DT2H", 93600.0), ("pt2m", 120.0)],
)  # fmt: skip
def test_the_pause_takes_seconds_or_an_iso_duration(
    opened: list[str], fleet: FakeFleet, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    text: str, seconds: float,
) -> None:  # fmt: skip
    journal = tmp_path / "j.json"
    code, out, err = run(
        capsys, *BASE, "--yes", "--journal", str(journal), "--pause-between-batches", text
    )
    assert code == 0, err
    assert fleet.clock.sleeps == ([seconds] * 2 if seconds else [])  # 3 batches: 2 pauses
    assert Journal.load(journal).pause_between_batches == seconds
    assert f"{seconds:g} s pause between batches" in err  # the settings under the plan
    assert f"Settings: health gate within 900 s, {seconds:g} s pause between batches" in out
    if seconds:
        assert "rg/web: batch 1 of 3; 3 pending, 0 maintaining, 2 maintained, 0 failed, " \
            f"1 skipped; next: pause {seconds:g} s, then start batch 2" in err  # fmt: skip


@pytest.mark.parametrize(
    "text", ["", "-1", "5m", "PT", "P", "P1DT", "PT5X", "P1M", "P1Y", "P1W", "inf", "nan",
             "1e3", "PT-5S", "P8D", "604801", "PT1.5M", "PT5M5H", "٣٠٠"],
)  # fmt: skip
def test_a_bad_pause_is_a_usage_error_before_any_request(
    opened: list[str], capsys: pytest.CaptureFixture[str], text: str
) -> None:
    code, _, err = run(capsys, *BASE, "--yes", "--pause-between-batches", text)
    assert code == 2
    assert f"argument --pause-between-batches: {text!r} is not valid; allowed: seconds " \
        "(300, 90.5) or an ISO 8601 duration (PT5M, PT1H30M, PT45S), 0 to 604800 s" in err
    assert opened == []


def test_the_dry_run_shows_the_pause(
    opened: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, *BASE, "--dry-run", "--pause-between-batches", "PT5M")
    assert code == 0
    assert out.splitlines()[-1] == (
        "Settings: health gate within 900 s, 300 s pause between batches, "
        "a failed batch stops its scale set."
    )
    code, out, _ = run(
        capsys, "--output", "json", *BASE, "--dry-run", "--pause-between-batches", "90"
    )
    assert json.loads(out)["settings"] == {
        "health_timeout": 900.0, "continue_on_failure": False, "pause_between_batches": 90.0,
    }  # fmt: skip


def test_resume_refuses_a_pause_and_keeps_the_journals(
    opened: list[str], fleet: FakeFleet, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    journal = tmp_path / "j.json"
    Journal.create(
        plan_rollout(fleet.statuses(), max_unavailable=2), now=fleet.clock(),
        pause_between_batches=60,
    ).write(journal)  # fmt: skip
    for value in ("PT5M", "0"):
        code, _, err = run(capsys, "--resume", str(journal), "--yes",
                           "--pause-between-batches", value)  # fmt: skip
        assert code == 2
        assert "leave out --pause-between-batches" in err
    assert opened == []
    code, out, err = run(capsys, "--resume", str(journal), "--yes")
    assert code == 0, out + err
    assert "Settings: health gate within 900 s, 60 s pause between batches" in err
    assert fleet.clock.sleeps == [60.0, 60.0]
    assert json.loads(journal.read_text())["settings"]["pause_between_batches"] == 60.0


@settings(max_examples=60, deadline=None)
@given(
    seconds=st.floats(min_value=0, max_value=604800, allow_nan=False),
    iso=st.tuples(st.integers(0, 6), st.integers(0, 23), st.integers(0, 59), st.integers(0, 59)),
)
def test_any_pause_in_range_round_trips_through_the_dry_run_plan(
    seconds: float, iso: tuple[int, int, int, int]
) -> None:
    days, hours, minutes, secs = iso
    fleet = FakeFleet()
    fleet.add("web", 2)
    texts = {
        format(Decimal(repr(seconds)), "f"): seconds,  # positional, as a person types it
        f"P{days}DT{hours}H{minutes}M{secs}S": days * 86400 + hours * 3600 + minutes * 60 + secs,
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_cli_rollout, "open_client", lambda s, sub: _yield(FleetClient(fleet)))
        for text, expected in texts.items():
            out = io.StringIO()
            patch.setattr("sys.stdout", out)
            code = cli.main(["rollout", "--output", "json", *BASE, "--dry-run",
                             "--pause-between-batches", text])  # fmt: skip
            assert code == 0
            assert json.loads(out.getvalue())["settings"]["pause_between_batches"] == expected
