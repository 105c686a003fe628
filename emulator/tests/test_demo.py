"""``vmss-maintenance-emulator demo``: the whole flow against its emulator, and Ctrl-C."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from collections.abc import Sequence

import pytest
from conftest import fake_cli_time
from vmss_maintenance import cli
from vmss_maintenance_emulator import SAMPLE_SCALE_SET, _demo
from vmss_maintenance_emulator import main as emulator_main

VMSS = SAMPLE_SCALE_SET
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
INTERRUPTED = (
    "vmss-maintenance-emulator demo: interrupted; the local emulator was stopped "
    "(the demo never talks to Azure)\n"
)


def run_demo(capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = emulator_main(["demo"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_demo(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_demo, "DEMO_RETRY_AFTER", 0)  # the same flow, without the 1 s waits
    fake_cli_time(monkeypatch)  # and the commands' own waits (the 1 s polling floor) are fake
    code, out, err = run_demo(capsys)
    assert code == 0
    assert "Local ARM emulator listening on http://127.0.0.1:" in out
    assert re.findall(r"^\(exit code (\d+)\)$", out, re.MULTILINE) == ["0", "0", "5", "1", "1"]
    # The status table comes before anything is started.
    commands = re.findall(r"^\$ vmss-maintenance (\w+)", out, re.MULTILINE)
    assert commands == ["status", "perform", "perform", "perform", "rollout"]
    before = out[: out.index("$ vmss-maintenance perform")]
    assert re.search(r"^4 +Eligible .* 4/0 +running$", before, re.MULTILINE)
    assert "6 of 10 instances may start maintenance now: 0-2, 4, 5, 9" in before
    assert "What happened: ARM refused the request at once with HTTP 409 OperationNotAllowed." in (
        out
    )
    assert f"is not allowed on VM '{VMSS}_3' since the Subscription of this VM is not eligible" in (
        out
    )
    # The failing case is shown for real: accepted, then Failed on a status poll.
    assert "4. Maintenance on instance 4, which fails during maintenance" in out
    assert "status poll reported the operation Failed." in out
    assert (
        'The status said: InternalExecutionError: "An internal execution error occurred while '
        f"performing maintenance on VM '{VMSS}_4'.\"" in out
    )
    assert re.search(r"^Demo finished in \d+\.\d s\.$", out, re.MULTILINE)
    table = out[out.index("#  METHOD") : out.index("6. A rollout")].splitlines()
    assert table[0].split() == [
        "#", "METHOD", "PATH", "STATUS", "RETRY-AFTER", "AUTHORIZATION", "REQUEST", "ID",
    ]  # fmt: skip
    rows = [line.split() for line in table[1:] if re.match(r"^\d+ ", line)]
    posts = [(row[0], row[3]) for row in rows if row[1] == "POST"]
    assert [status for _, status in posts] == ["202", "409", "202"]
    assert all(row[5:7] == ["Bearer", "(redacted)"] and re.fullmatch(UUID, row[7]) for row in rows)
    third_post = int(posts[2][0])
    assert [row[3] for row in rows[third_post:]] == ["200"] * (len(rows) - third_post)
    # One line each for the refusal and the failure on stderr, then the rollout's plan.
    lines = err.splitlines()
    assert "OperationNotAllowed" in lines[0]
    assert f"VM '{VMSS}_3'" in lines[0]
    assert "Failed" in lines[1]
    assert "InternalExecutionError" in lines[1]
    assert f"VM '{VMSS}_4'" in lines[1]
    assert lines[2].startswith("Rollout plan: 1 scale set(s), 3 batch(es), at most 1 instance")
    assert "  batch 1 of 3 (update domain 0): 5 [" in err
    assert "  batch 2 of 3 (update domain 4): 4 [" in err
    assert "  batch 3 of 3 (update domain 4): 9 [" in err
    # The rollout ends with one instance maintained through its gate, 4 failed, 9 untouched.
    rollout = out[out.index("$ vmss-maintenance rollout") :]
    assert re.search(r"^  5 +batch 1 +maintained +succeeded, running", rollout, re.MULTILINE)
    assert re.search(r"^  4 +batch 2 +failed +maintenance failed: ", rollout, re.MULTILINE)
    assert re.search(r"^  9 +batch 3 +not-started ", rollout, re.MULTILINE)
    assert "Total: 1 maintained, 1 failed, 7 skipped, 1 not-started; exit code 1." in rollout
    assert "so the rollout stopped there: instance 9's batch was left untouched" in rollout
    posts = [r for r in rows if r[1] == "POST"]
    assert len(posts) == 3  # the table shows only the three perform commands


def test_a_command_that_caught_the_interrupt_itself_ends_the_demo(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Sequence[str]] = []

    def interrupted_perform(argv: Sequence[str]) -> int:
        calls.append(argv)
        return cli.EXIT_INTERRUPTED

    monkeypatch.setattr(cli, "main", interrupted_perform)
    assert _demo.run_demo() == 130
    captured = capsys.readouterr()
    assert len(calls) == 1
    assert captured.err == INTERRUPTED
    assert "Demo" not in captured.out
    assert "(exit code" not in captured.out


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_a_step_stops_the_demo_and_restores_the_handlers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, number: int
) -> None:
    before = {each: signal.getsignal(each) for each in (signal.SIGINT, signal.SIGTERM)}

    def signalled_perform(_argv: Sequence[str]) -> int:
        signal.raise_signal(number)
        raise AssertionError("the signal should have ended the step")

    monkeypatch.setattr(cli, "main", signalled_perform)
    assert _demo.run_demo() == 130
    captured = capsys.readouterr()
    assert captured.err == INTERRUPTED
    assert "Demo" not in captured.out
    assert {each: signal.getsignal(each) for each in before} == before


# The real thing: a separate process, signalled while its first step runs. SIGINT is reset to
# Python's default first: a process started from a background job inherits an ignored SIGINT.
_CHILD = (
    "import signal, sys\n"
    "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
    "from vmss_maintenance_emulator import main\n"
    "sys.exit(main(['demo']))\n"
)


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_exits_130_with_one_line(number: int) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", _CHILD], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        seen = []
        for line in process.stdout:
            seen.append(line)
            if line.startswith("$ vmss-maintenance perform"):
                break
        assert seen[-1].startswith("$ vmss-maintenance perform"), seen
        process.send_signal(number)
        rest, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 130, err
    assert err == INTERRUPTED
    assert "resume" not in rest
    assert "Demo" not in rest


def test_an_inherited_ignored_sigint_stays_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []

    def perform(_argv: Sequence[str]) -> int:
        seen.append(signal.getsignal(signal.SIGINT))
        return cli.EXIT_INTERRUPTED  # ends the demo after the first step

    monkeypatch.setattr(cli, "main", perform)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert _demo.run_demo() == 130
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
    assert seen == [signal.SIG_IGN]
