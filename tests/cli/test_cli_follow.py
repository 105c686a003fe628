"""The command line follows operations through the library: its poller's deadline and timeout
error, its Update values for progress, its token inspection; nothing waits in real time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import FakeClocks, fake_cli_time
from emulator_fixtures import (
    SAMPLE_RESOURCE_GROUP,
    SAMPLE_SCALE_SET,
    SAMPLE_SUBSCRIPTION_ID,
    ArmEmulator,
)
from fake_arm import decode_token, encode_token
from hypothesis import given, settings
from hypothesis import strategies as st
from vmss_maintenance import Update, _cli_output, _cli_session, _validation, cli
from vmss_maintenance._cli_args import UsageError, build_parser
from vmss_maintenance._timing import check_polling_interval
from vmss_maintenance.errors import InvalidArgumentError

SUB = SAMPLE_SUBSCRIPTION_ID
_PARSER = build_parser()


@pytest.fixture(autouse=True)
def cli_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClocks:
    monkeypatch.delenv("AZURE_SUBSCRIPTION_ID", raising=False)
    return fake_cli_time(monkeypatch)


@pytest.fixture
def arm() -> Iterator[ArmEmulator]:
    with ArmEmulator(retry_after=0, polls_to_complete=2) as emulator:
        emulator.load_sample()
        yield emulator


def perform(arm: ArmEmulator, *extra: str) -> list[str]:
    return ["perform", "-s", SUB, "-g", SAMPLE_RESOURCE_GROUP, "-n", SAMPLE_SCALE_SET,
            "--endpoint", arm.endpoint, "--instance-ids", "0", *extra]  # fmt: skip


def test_the_command_waits_only_for_the_polls(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], cli_clock: FakeClocks
) -> None:
    # The CLI's own loop woke a little after each poll was due and sliced the waits.
    assert cli.main(perform(arm, "--progress", "plain")) == 0
    assert cli_clock.sleeps == [1.0, 1.0]  # the final GET follows Succeeded at once
    assert [record.method for record in arm.requests] == ["POST", "GET", "GET", "GET"]
    lines = capsys.readouterr().out.splitlines()
    # Progress counts on the client's clock, as the result's elapsed time does.
    assert lines[1:3] == [
        "[   0.0 s] InProgress; next poll in 1.0 s",
        "[   2.0 s] Succeeded after 3 status polls",
    ]
    assert " finished in 2.0 s after 3 status polls " in lines[3]


def test_the_timeout_is_the_pollers(
    capsys: pytest.CaptureFixture[str], cli_clock: FakeClocks
) -> None:
    with ArmEmulator(retry_after=0, polls_to_complete=None) as endless:
        endless.load_sample()
        code = cli.main(perform(endless, "--timeout", "2.5", "--output", "json"))
        polls = [record.method for record in endless.requests]
    assert code == 4
    assert cli_clock.sleeps == [1.0, 1.0, 0.5]  # two polls, then the rest of the 2.5 s
    assert polls == ["POST", "GET", "GET"]
    document = json.loads(capsys.readouterr().out)
    assert document["error"]["type"] == "PollingTimeoutError"
    assert document["error"]["message"].startswith(
        "the operation did not finish within 2.5 s (last status InProgress)"
    )


def test_a_damaged_token_is_refused_before_a_credential_is_made(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli.main(perform(arm, "--no-wait")) == 0
    token = capsys.readouterr().out.strip()
    damaged = encode_token({**decode_token(token), "polls": -1})
    asked: list[str] = []

    def recording() -> Any:
        asked.append("default")
        return _cli_session.placeholder_credential()

    monkeypatch.setattr(_cli_session, "default_credential", recording)
    assert cli.main(["wait", damaged, "--cloud", "usgov"]) == 2
    err = capsys.readouterr().err
    assert "continuation token is damaged: bad 'polls'" in err
    assert asked == []
    assert [record.method for record in arm.requests] == ["POST"]


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_live_line_counts_down_between_updates() -> None:
    pytest.importorskip("rich")
    clock = _Clock()
    line = _cli_output._LiveLine(clock, clock())
    assert line.text() == "starting..."
    line.show(Update("InProgress", 2, 5.0, False))
    clock.now += 1.2  # rich redraws on its own timer: no new update came
    assert line.text() == "[bold]InProgress[/bold] - elapsed 1.2 s - next poll in 4 s - 2 polls"
    clock.now += 10.0  # past due: never a negative countdown
    assert "next poll in 0 s" in line.text()
    line.show(Update("Succeeded", 3, None, True))
    assert line.text() == "[bold]Succeeded[/bold] - elapsed 11 s - 3 polls"


_NUMBERISH = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-5, max_value=10**6).map(str),
    st.text(max_size=12),
)


@settings(max_examples=200, deadline=None)
@given(_NUMBERISH, st.sampled_from(["--timeout", "--polling-interval", "--http-timeout"]))
def test_number_arguments_take_exactly_what_the_library_takes(text: str, option: str) -> None:
    """The argument types are the library's validators: a value the parser takes is one the
    library takes (and the other way round), a refused one is one usage line."""
    library_check = {
        "--timeout": lambda value: _validation.seconds(value, "timeout"),
        "--polling-interval": check_polling_interval,
        "--http-timeout": lambda value: _validation.positive_seconds(value, "timeout"),
    }[option]
    try:
        number: float | None = float(text)
    except ValueError:
        number = None
    library_takes = True
    try:
        library_check(number)
    except InvalidArgumentError:
        library_takes = False
    argv = ["perform", "-s", SUB, "-g", "rg", "-n", "vmss", option, text]
    refused = None
    try:
        args = _PARSER.parse_args(argv)
    except UsageError as exc:
        refused = str(exc)
    if refused is not None:
        assert not library_takes, text
        assert "\n" not in refused
        assert f"argument {option}: " in refused
        return
    assert library_takes, text
    assert getattr(args, option.removeprefix("--").replace("-", "_")) == number
