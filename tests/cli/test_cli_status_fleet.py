"""``vmss-maintenance status`` of several scale sets (``--id`` repeated, ``--targets-file``,
``--resource-group-all``): against the ARM emulator (in process, on loopback), and over a
scripted transport where the test needs to see the reads in flight. The CLI's clock is fake."""

from __future__ import annotations

import json
import re
import shlex
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import fake_cli_time
from emulator_fixtures import SAMPLE_RESOURCE_GROUP, SAMPLE_SCALE_SET, SAMPLE_SUBSCRIPTION_ID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vmss_maintenance import cli
from vmss_maintenance_emulator import SAMPLE_FLEXIBLE_SCALE_SET, ArmEmulator, Instance

Start = Callable[..., ArmEmulator]
README = Path(__file__).resolve().parents[2] / "README.md"
SUB = SAMPLE_SUBSCRIPTION_ID
RG = SAMPLE_RESOURCE_GROUP
WEB = SAMPLE_SCALE_SET  # Uniform: 6 eligible, 3 waiting (NotAllowed, Scheduled, PlatformWindow)
FLEX = SAMPLE_FLEXIBLE_SCALE_SET  # Flexible: 3 eligible, 1 nothing pending
HEADER = "SCALE SET  RESOURCE GROUP  MODE  INSTANCES  ELIGIBLE  WAITING  COMPLETED  NONE  UNKNOWN"


def scale_set_id(name: str, group: str = RG, subscription: str = SUB) -> str:
    return (
        f"/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Compute/"
        f"virtualMachineScaleSets/{name}"
    )


@pytest.fixture
def arm(emulator: Start, monkeypatch: pytest.MonkeyPatch) -> ArmEmulator:
    """The sample scale sets, a small Uniform one beside them and a Flexible one in ops-rg."""
    fake_cli_time(monkeypatch)
    started = emulator(retry_after=0, polls_to_complete=1)
    started.add_scale_set(SUB, RG, "api-vmss", ["0", Instance("1", pending=False)])
    started.add_scale_set(SUB, "ops-rg", "jobs-flex", [
        Instance("jobs-vm0", maintenance_allowed=False), Instance("jobs-vm1", pending=False),
    ], orchestration_mode="Flexible")  # fmt: skip
    return started


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def rows(out: str) -> list[list[str]]:
    """The table's cells (the header's words split too), up to the blank line."""
    table = out.split("\n\n", 1)[0]
    return [line.split() for line in table.splitlines()]


# -- against the emulator --------------------------------------------------------------------


def test_a_resource_group_shows_one_row_per_scale_set_and_the_rollout_to_run(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "status", "-s", SUB, "-g", RG, "--resource-group-all",
                         "--endpoint", arm.endpoint)  # fmt: skip
    assert code == 0, err
    assert rows(out) == [
        HEADER.split(),
        ["api-vmss", RG, "Uniform", "2", "1", "0", "0", "1", "0"],
        [FLEX, RG, "Flexible", "4", "3", "0", "0", "1", "0"],
        [WEB, RG, "Uniform", "10", "6", "3", "0", "1", "0"],
    ]
    command = (
        f"vmss-maintenance rollout -s {SUB} -g {RG} --resource-group-all "
        f"--endpoint {arm.endpoint} --dry-run"
    )
    assert out.split("\n\n", 1)[1].splitlines() == [
        "3 of 3 scale sets have instances that may start maintenance now (10 instances); "
        "1 has maintenance pending that cannot start yet (3 instances)",
        f"Next, see the rollout plan: {command}",
    ]
    assert err.splitlines() == [f"read {n} of 3 scale sets" for n in (1, 2, 3)]
    assert {r.method for r in arm.requests} == {"GET"}
    # The next step runs as printed: the plan of the same three scale sets, nothing started.
    code, out, _ = run(capsys, *shlex.split(command)[1:])
    assert code == 0
    assert "Rollout plan: 3 scale set(s)" in out
    assert {r.method for r in arm.requests} == {"GET"}


def test_a_targets_file_with_comments_and_an_unreadable_scale_set(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    targets = tmp_path / "fleet.txt"
    targets.write_text(
        "# before Friday's maintenance\n"
        f"{RG}/{WEB}\n"
        f"   {RG}/{FLEX}   # the batch VMs\n"
        "\n"
        f"{scale_set_id('jobs-flex', 'ops-rg')}\n"
        f"{RG}/gone-vmss\n"
    )
    code, out, err = run(capsys, "status", "-s", SUB, "--targets-file", str(targets),
                         "--endpoint", arm.endpoint, "--progress", "none")  # fmt: skip
    assert code == 5
    assert err == ""
    table = rows(out)
    assert [row[:2] for row in table[1:]] == [
        [FLEX, RG], ["gone-vmss", RG], [WEB, RG], ["jobs-flex", "ops-rg"],
    ]  # fmt: skip
    assert table[4] == ["jobs-flex", "ops-rg", "Flexible", "2", "0", "1", "0", "1", "0"]
    gone = out.splitlines()[2]
    assert gone.startswith("gone-vmss   demo-rg         -         could not be read: "
                           "(ResourceNotFound) The Resource ")  # fmt: skip
    assert "[HTTP 404, request id " in gone
    summary, hint = out.split("\n\n", 1)[1].splitlines()
    assert summary == (
        "2 of 4 scale sets have instances that may start maintenance now (9 instances); "
        "2 have maintenance pending that cannot start yet (4 instances); 1 could not be read"
    )
    assert hint.endswith(
        f"rollout -s {SUB} --targets-file {targets} --endpoint {arm.endpoint} --dry-run "
        "(first leave out or fix the scale sets that could not be read)"
    )


def test_json_lists_each_status_document_and_the_errors(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    singles = []
    for name in (FLEX, WEB):
        code, out, _ = run(capsys, "status", "--output", "json", "-s", SUB, "-g", RG, "-n", name,
                           "--endpoint", arm.endpoint)  # fmt: skip
        assert code == 0
        singles.append(json.loads(out))
    ids = [scale_set_id(name) for name in (WEB, "gone-vmss", FLEX)]
    code, out, _ = run(capsys, "status", "--output", "json", "--endpoint", arm.endpoint,
                       *(word for i in ids for word in ("--id", i)))  # fmt: skip
    document = json.loads(out)
    assert code == 5
    assert list(document) == ["scale_sets", "errors", "summary", "rollout_command", "exit_code"]
    assert document["scale_sets"] == singles  # the same documents, in name order
    [error] = document["errors"]
    assert (error["resource_group_name"], error["vm_scale_set_name"]) == (RG, "gone-vmss")
    assert (error["error"]["code"], error["error"]["http_status"]) == ("ResourceNotFound", 404)
    assert error["error"]["type"] == "HttpResponseError"
    assert document["summary"] == {
        "scale_sets": 3, "with_eligible": 2, "eligible_instances": 9, "with_waiting": 1,
        "waiting_instances": 3, "unread": 1,
    }  # fmt: skip
    assert document["rollout_command"] == shlex.join([
        "vmss-maintenance", "rollout", *(word for i in ids for word in ("--id", i)),
        "--endpoint", arm.endpoint, "--dry-run",
    ])  # fmt: skip
    assert document["exit_code"] == 5


def test_one_scale_set_by_id_prints_its_instances_as_before(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    by_name = run(capsys, "status", "-s", SUB, "-g", RG, "-n", WEB, "--endpoint", arm.endpoint)
    by_id = run(capsys, "status", "--id", scale_set_id(WEB), "--endpoint", arm.endpoint)
    assert by_id == by_name
    code, out, err = by_id
    assert (code, err) == (0, "")
    assert out.startswith(f"{RG}/{WEB} (Uniform), checked ")
    assert out.endswith("\n\n6 of 10 instances may start maintenance now: 0-2, 4, 5, 9\n")


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (("--id", f"{RG}/{WEB}"), f"--id: '{RG}/{WEB}' is not a scale set resource id"),
        (("--id", scale_set_id(WEB), "--id", scale_set_id(WEB)),
         f"scale set {RG}/{WEB} is given twice"),
        (("--id", scale_set_id(WEB), "--id",
          scale_set_id(FLEX, subscription="99999999-2222-3333-4444-555555555555")),
         "status reads one subscription at a time"),
        (("-s", SUB, "-n", WEB, "--id", scale_set_id(FLEX)), "name the scale sets one way"),
        (("-s", SUB, "--resource-group-all"), "--resource-group-all needs -g/--resource-group"),
        (("-s", SUB, "-g", "bad group!", "--resource-group-all"), "bad group!"),
        (("-s", SUB, "-g", RG), f"-g/--resource-group '{RG}' alone names no scale set"),
        (("-s", SUB, "--targets-file", "no-such-file.txt"),
         "--targets-file 'no-such-file.txt' cannot be read"),
        (("-s", SUB, "-g", RG, "--resource-group-all", "--concurrency", "0"),
         "0 is out of range: 1 to 64"),
    ],
)  # fmt: skip
def test_bad_targets_exit_2_naming_the_value_and_nothing_is_sent(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], words: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, "status", "--endpoint", arm.endpoint, *words)
    assert (code, out) == (2, "")
    assert message in err
    assert arm.requests == []


def test_a_bad_line_of_a_targets_file_is_named_with_its_line_number(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    targets = tmp_path / "fleet.txt"
    targets.write_text(f"# fleet\n{RG}/{WEB}\n{RG}/{WEB}/extra  # typo\n")
    code, _, err = run(capsys, "status", "-s", SUB, "--targets-file", str(targets),
                       "--endpoint", arm.endpoint)  # fmt: skip
    assert code == 2
    assert f"--targets-file {targets}:3: '{RG}/{WEB}/extra' is not a scale set" in err
    assert arm.requests == []


def test_the_help_shows_the_exit_codes_of_status(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "status", "--help")
    assert code == 0
    codes = out.split("exit codes:\n", 1)[1].split("\n\n", 1)[0]
    assert [line.split()[0] for line in codes.splitlines() if not line.startswith("      ")] == [
        "0", "2", "3", "5", "6", "130",
    ]  # fmt: skip
    assert "with several scale sets: some could not be read" in codes
    assert "ended Failed" not in out


def test_the_readme_fleet_example_prints_what_the_readme_shows(
    emulator: Start, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_cli_time(monkeypatch)
    sample = emulator(retry_after=0)
    text = README.read_text("utf-8")
    section = text[text.index("With the emulator's sample scale sets:") :]
    commands, shown = re.findall(r"```(?:sh)?\n(.*?)```", section, re.S)[:2]
    command = re.sub(r"\s*#[^\n]*", "", commands.split("\n", 1)[1]).replace("\\\n", " ")
    words = shlex.split(command.replace("http://127.0.0.1:8080", sample.endpoint))
    assert words[:2] == ["vmss-maintenance", "status"]
    code, out, _ = run(capsys, *words[1:])
    assert code == 0
    assert out == shown.replace("http://127.0.0.1:8080", sample.endpoint)


# -- over a scripted transport ---------------------------------------------------------------

SCRIPTED = "http://127.0.0.1:9"


class Fleet:
    """Answers like ARM for empty Uniform scale sets. The first two scale set reads each wait
    (up to 2 s) until both are in flight; ``most`` is the most reads ever in flight at once.
    ``answers`` gives some scale sets an error answer (status, code) instead."""

    def __init__(
        self, answers: dict[str, tuple[int, str]] | None = None, *, gate: bool = True
    ) -> None:
        self.answers = answers or {}
        self.lock = threading.Lock()
        self.first_two = threading.Barrier(2, timeout=2)
        self.arrived = 0 if gate else 2
        self.in_flight = 0
        self.most = 0
        self.methods: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.methods.append(request.method)
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
            self.arrived += 1
            gated = self.arrived <= 2
        try:
            if gated:
                self.first_two.wait()
            return self._answer(request.url.path)
        finally:
            with self.lock:
                self.in_flight -= 1

    def _answer(self, path: str) -> httpx.Response:
        if path.endswith("/virtualMachines"):
            return httpx.Response(200, json={"value": []})
        name = path.rsplit("/", 1)[1]
        if name in self.answers:
            status, code = self.answers[name]
            body = {"error": {"code": code, "message": f"{code} for {name}."}}
            return httpx.Response(status, json=body, headers={"Retry-After": "1"})
        body: dict[str, Any] = {"id": path, "name": name, "location": "w",
                                "properties": {"orchestrationMode": "Uniform"}}  # fmt: skip
        return httpx.Response(200, json=body)


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Callable[[Fleet], None]:
    fake_cli_time(monkeypatch)

    def install(fleet: Fleet) -> None:
        monkeypatch.setattr(httpx, "HTTPTransport", lambda **_: httpx.MockTransport(fleet))

    return install


def ids_words(*names: str) -> list[str]:
    return [word for name in names for word in ("--id", scale_set_id(name))]


def test_reads_run_concurrently_up_to_the_bound(
    serve: Callable[[Fleet], None], capsys: pytest.CaptureFixture[str]
) -> None:
    fleet = Fleet()
    serve(fleet)
    names = [f"set-{n}" for n in range(6)]
    code, out, err = run(capsys, "status", "--endpoint", SCRIPTED, "--concurrency", "2",
                         *ids_words(*names))  # fmt: skip
    assert code == 0, err
    assert fleet.first_two.broken is False  # the first two reads were in flight together
    assert fleet.most == 2
    assert [row[0] for row in rows(out)[1:]] == names
    assert "0 of 6 scale sets have instances that may start maintenance now" in out
    assert "Next, see" not in out  # nothing may start: no rollout to suggest


def test_an_authentication_failure_exits_3_and_throttling_after_retries_exits_5(
    serve: Callable[[Fleet], None], capsys: pytest.CaptureFixture[str]
) -> None:
    fleet = Fleet({"b": (429, "TooManyRequests")})
    serve(fleet)
    code, out, _ = run(capsys, "status", "--endpoint", SCRIPTED, *ids_words("a", "b", "c"))
    assert code == 5
    assert "could not be read: (TooManyRequests) TooManyRequests for b. [HTTP 429" in out
    assert set(fleet.methods) == {"GET"}
    serve(Fleet({"b": (429, "TooManyRequests"), "c": (401, "InvalidAuthenticationToken")}))
    code, out, _ = run(capsys, "status", "--endpoint", SCRIPTED, "--output", "json",
                       *ids_words("a", "b", "c"))  # fmt: skip
    document = json.loads(out)
    assert (code, document["exit_code"]) == (3, 3)
    assert [(e["vm_scale_set_name"], e["error"]["type"]) for e in document["errors"]] == [
        ("b", "HttpResponseError"), ("c", "AuthenticationError"),
    ]  # fmt: skip


_GROUP = st.text(
    st.characters(categories=("Lu", "Ll", "Nd"), include_characters="_-()."), min_size=1,
    max_size=12,
).filter(lambda text: not text.endswith("."))
_NAME = st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9_.-]{0,10}[A-Za-z0-9_])?", fullmatch=True)
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_PROPERTY = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_PROPERTY
@given(
    pairs=st.lists(st.tuples(_GROUP, _NAME), min_size=1, max_size=4,
                   unique_by=lambda pair: (pair[0].lower(), pair[1].lower())),
    before=st.lists(st.sampled_from(["", "  ", "\t"]), min_size=4, max_size=4),
    after=st.lists(st.sampled_from(["", " ", "\t", "  # a note", "#"]), min_size=4, max_size=4),
)  # fmt: skip
def test_a_targets_file_of_valid_names_shows_each_once_in_order(
    serve: Callable[[Fleet], None], capsys: pytest.CaptureFixture[str], tmp_path: Path,
    pairs: list[tuple[str, str]], before: list[str], after: list[str],
) -> None:  # fmt: skip
    fleet = Fleet(gate=False)
    serve(fleet)
    lines = [f"{before[i]}{group}/{name}{after[i]}" for i, (group, name) in enumerate(pairs)]
    targets = tmp_path / "fleet.txt"
    targets.write_text("# fleet\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "status", "-s", SUB, "--targets-file", str(targets),
                         "--endpoint", SCRIPTED, "--progress", "none")  # fmt: skip
    assert (code, err) == (0, "")
    expected = sorted(pairs, key=lambda pair: (pair[0].casefold(), pair[1].casefold()))
    assert rows(out)[0] == HEADER.split()  # a file is a fleet, even of one scale set
    assert [(row[1], row[0]) for row in rows(out)[1:]] == expected
    assert set(fleet.methods) == {"GET"}


@_PROPERTY
@given(st.text(st.characters(exclude_categories=("Cs",), exclude_characters=_LINE_BREAKS)))
def test_any_line_of_a_targets_file_is_read_or_refused_by_its_line_number(
    serve: Callable[[Fleet], None], capsys: pytest.CaptureFixture[str], tmp_path: Path, line: str
) -> None:
    fleet = Fleet(gate=False)
    serve(fleet)
    targets = tmp_path / "fleet.txt"
    targets.write_text(f"{RG}/{WEB}\n{line}\n", encoding="utf-8")
    code, out, err = run(capsys, "status", "-s", SUB, "--targets-file", str(targets),
                         "--endpoint", SCRIPTED, "--progress", "none")  # fmt: skip
    if code == 2:
        assert out == ""
        assert err.count("\n") == 1
        assert err.startswith(f"vmss-maintenance: error: --targets-file {targets}:2: ") or (
            "is given twice" in err
        )
        assert fleet.methods == []
    else:
        assert (code, err) == (0, "")
        assert rows(out)[0] == HEADER.split()


def test_an_interrupt_while_reading_exits_130_without_a_table(
    serve: Callable[[Fleet], None], capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C while reading (here: raised by the read of ``b``) is not a row: the command
    ends with 130 and prints no table."""

    class Interrupting(Fleet):
        def __call__(self, request: httpx.Request) -> httpx.Response:
            if "/virtualMachineScaleSets/b" in request.url.path:
                raise KeyboardInterrupt
            return super().__call__(request)

    serve(Interrupting(gate=False))
    code, out, err = run(capsys, "status", "--endpoint", SCRIPTED, "--concurrency", "1",
                         *ids_words("a", "b", "c", "d"))  # fmt: skip
    assert (code, out) == (130, "")
    # Reads were sent; what was not is an operation.
    assert err.splitlines()[-1] == "vmss-maintenance: interrupted; nothing was started"
