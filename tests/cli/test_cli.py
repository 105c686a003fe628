"""The ``vmss-maintenance`` command, run in-process against a started local emulator."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FakeClocks, fake_cli_time
from emulator_fixtures import (
    REDACTED,
    SAMPLE_RESOURCE_GROUP,
    SAMPLE_SCALE_SET,
    SAMPLE_SUBSCRIPTION_ID,
    ArmEmulator,
)
from vmss_maintenance import _cli_output, _cli_session, cli
from vmss_maintenance._client import MaintenancePoller
from vmss_maintenance.errors import (
    AuthenticationError,
    HttpResponseError,
    InvalidArgumentError,
    MaintenanceError,
    OperationFailedError,
    PollingTimeoutError,
    ServiceRequestError,
    UntrustedHostError,
)

SUB = SAMPLE_SUBSCRIPTION_ID
RG = SAMPLE_RESOURCE_GROUP
VMSS = SAMPLE_SCALE_SET
SCALE_SET_ID = (
    f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Compute/"
    f"virtualMachineScaleSets/{VMSS}"
)


@pytest.fixture
def arm() -> Iterator[ArmEmulator]:
    """The sample scale set; operations end on the second status poll, no Retry-After wait."""
    with ArmEmulator(retry_after=0, polls_to_complete=2) as emulator:
        emulator.load_sample()
        yield emulator


@pytest.fixture
def endless_arm() -> Iterator[ArmEmulator]:
    """Operations that never end."""
    with ArmEmulator(retry_after=0, polls_to_complete=None) as emulator:
        emulator.load_sample()
        yield emulator


@pytest.fixture(autouse=True)
def _no_subscription_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AZURE_SUBSCRIPTION_ID", raising=False)


@pytest.fixture(autouse=True)
def cli_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClocks:
    """The CLI's clock is fake: polls wait out the 1 s floor without waiting in real time."""
    return fake_cli_time(monkeypatch)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def perform(arm: ArmEmulator, *extra: str) -> list[str]:
    return ["perform", "-s", SUB, "-g", RG, "-n", VMSS, "--endpoint", arm.endpoint, *extra]


def one_line(text: str) -> str:
    assert text.endswith("\n")
    assert text.count("\n") == 1, text
    return text.rstrip("\n")


def request_id_of(arm: ArmEmulator, status: int) -> str:
    [record] = [record for record in arm.requests if record.status == status]
    return record.response_headers["x-ms-request-id"]


# -- 0: succeeded -----------------------------------------------------------------------------


def test_success_text(arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *perform(arm, "--instance-ids", "0", "1"))
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    post_id = arm.requests[0].response_headers["x-ms-request-id"]
    assert lines[0] == (
        f"Started performMaintenance on {RG}/{VMSS} (instances 0, 1); request id {post_id}"
    )
    assert re.fullmatch(r"\[ +0\.\d s\] InProgress; next poll in 1\.0 s", lines[1])
    assert re.fullmatch(r"\[ +\d+\.\d s\] Succeeded after 3 status polls", lines[2])
    assert re.fullmatch(
        rf"Succeeded: maintenance on {RG}/{VMSS} \(instances 0, 1\) finished in \d+\.\d s "
        rf"after 3 status polls \(request id {post_id}\)",
        lines[3],
    )
    assert len(lines) == 4
    # What went over the wire: a bearer token (recorded redacted), the body, then the polls.
    post = arm.requests[0]
    assert (post.method, post.status) == ("POST", 202)
    assert post.headers["authorization"] == REDACTED
    assert json.loads(post.body or b"") == {"instanceIds": ["0", "1"]}
    assert [record.method for record in arm.requests] == ["POST", "GET", "GET", "GET"]
    assert all(record.headers["authorization"] == REDACTED for record in arm.requests)


def test_success_json(arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    arm.add_scale_set(SUB, RG, "all-eligible", ["0", "1"])
    argv = ["perform", "-s", SUB, "-g", RG, "-n", "all-eligible", "--endpoint", arm.endpoint]
    code, out, err = run(capsys, *argv, "--output", "json")
    assert code == 0
    assert err == ""
    document = json.loads(out)
    assert document["status"] == "Succeeded"
    assert document["subscription_id"] == SUB
    assert document["resource_group_name"] == RG
    assert document["vm_scale_set_name"] == "all-eligible"
    assert document["instance_ids"] is None  # every instance
    assert document["polls"] == 3
    assert document["request_id"] == arm.requests[0].response_headers["x-ms-request-id"]
    assert document["started_at"] <= document["ended_at"]
    assert isinstance(document["elapsed"], float)
    assert arm.requests[0].body is None  # no body means every instance


def test_resource_id(arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["perform", "--id", SCALE_SET_ID, "--instance-ids", "2", "--endpoint", arm.endpoint]
    code, out, err = run(capsys, *argv, "--output", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert (document["status"], document["instance_ids"]) == ("Succeeded", ["2"])
    assert arm.requests[0].path == f"{SCALE_SET_ID}/performMaintenance"


def test_subscription_from_environment(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_SUBSCRIPTION_ID", SUB)
    argv = ["perform", "-g", RG, "-n", VMSS, "--instance-ids", "0", "--endpoint", arm.endpoint]
    code, out, _ = run(capsys, *argv, "--output", "json")
    assert code == 0
    assert json.loads(out)["subscription_id"] == SUB
    assert arm.requests[0].path.startswith(f"/subscriptions/{SUB}/resourceGroups/{RG}/")


def test_no_wait_then_wait(arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *perform(arm, "--instance-ids", "1", "--no-wait"))
    assert code == 0
    token = one_line(out)
    assert token.startswith("vmss1.")
    assert one_line(err).endswith(
        f"Follow it with: vmss-maintenance wait {token} --endpoint {arm.endpoint}"
    )
    assert [record.method for record in arm.requests] == ["POST"]  # nothing polled yet

    code, out, err = run(capsys, "wait", token, "--endpoint", arm.endpoint, "--output", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["status"] == "Succeeded"
    assert document["instance_ids"] == ["1"]
    assert document["request_id"] == arm.requests[0].response_headers["x-ms-request-id"]
    assert [record.method for record in arm.requests] == ["POST", "GET", "GET", "GET"]


def test_no_wait_json(arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, *perform(arm, "--instance-ids", "0", "--no-wait", "--output", "json")
    )
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["status"] == "InProgress"
    assert document["continuation_token"].startswith("vmss1.")
    assert document["resume_command"] == (
        f"vmss-maintenance wait {document['continuation_token']} --endpoint {arm.endpoint}"
    )
    assert document["request_id"] == arm.requests[0].response_headers["x-ms-request-id"]


def test_wait_text_progress(arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, token, _ = run(capsys, *perform(arm, "--instance-ids", "0", "--no-wait"))
    assert code == 0
    code, out, err = run(capsys, "wait", token.strip(), "--endpoint", arm.endpoint)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith(f"Resumed performMaintenance on {RG}/{VMSS} (instances 0); ")
    assert lines[-1].startswith(f"Succeeded: maintenance on {RG}/{VMSS} (instances 0)")


def test_rich_progress_requested(arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *perform(arm, "--instance-ids", "0", "--progress", "rich"))
    assert (code, err) == (0, "")
    assert out.startswith(f"Started performMaintenance on {RG}/{VMSS} (instances 0); ")
    assert out.splitlines()[-1].startswith("Succeeded: maintenance on")


def test_rich_missing_falls_back_to_plain_lines(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "rich.console", None)  # import fails
    code, out, _ = run(capsys, *perform(arm, "--instance-ids", "0", "--progress", "rich"))
    assert code == 0
    assert re.search(r"^\[ +\d+\.\d s\] Succeeded after 3 status polls$", out, re.MULTILINE)


def test_progress_none(arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *perform(arm, "--instance-ids", "0", "--progress", "none"))
    assert code == 0
    assert one_line(out).startswith("Succeeded: maintenance on")


# -- 1: the operation failed -------------------------------------------------------------------


def test_operation_failed_text(arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *perform(arm, "--instance-ids", "4"))
    assert code == 1
    failing_poll = arm.requests[-1]
    assert json.loads(failing_poll.response_body)["status"] == "Failed"
    # One request id throughout: the operation's (the POST's), not the failing poll's.
    assert one_line(err) == (
        "vmss-maintenance: operation Failed: InternalExecutionError: An internal execution "
        f"error occurred while performing maintenance on VM '{VMSS}_4'. "
        f"(request id {request_id_of(arm, 202)})"
    )
    assert re.search(r"^\[ +\d+\.\d s\] Failed after 2 status polls$", out, re.MULTILINE)
    assert "Traceback" not in err


def test_operation_failed_json(arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *perform(arm, "--instance-ids", "4", "--output", "json"))
    assert code == 1
    document = json.loads(out)
    assert document["status"] == "Failed"
    assert document["exit_code"] == 1
    error = document["error"]
    assert error["type"] == "OperationFailedError"
    assert error["code"] == "InternalExecutionError"
    assert error["message"].endswith(f"on VM '{VMSS}_4'.")
    assert error["request_id"] == request_id_of(arm, 202)
    assert error["http_status"] is None  # no HTTP request failed: the operation did
    assert "continuation_token" not in document  # it ended: nothing to resume
    assert one_line(err).startswith("vmss-maintenance: operation Failed: ")


# -- 2: bad arguments --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["perform", "-g", RG, "--bogus"],
            "vmss-maintenance: error: unrecognized arguments: --bogus "
            "(see 'vmss-maintenance --help')",
        ),
        (
            ["perform", "-s", SUB, "-g", RG, "-n", VMSS, "--timeout", "soon"],
            "vmss-maintenance perform: error: argument --timeout: expected a number of "
            "seconds, got 'soon' (see 'vmss-maintenance perform --help')",
        ),
        (
            ["perform", "-s", SUB, "-g", RG, "-n", VMSS, "--output", "yaml"],
            "vmss-maintenance perform: error: argument --output: invalid choice: 'yaml' "
            "(choose from 'text', 'json') (see 'vmss-maintenance perform --help')",
        ),
        (
            [],
            "vmss-maintenance: error: the following arguments are required: COMMAND "
            "(see 'vmss-maintenance --help')",
        ),
    ],
)
def test_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert one_line(err) == message


def test_argument_errors_send_nothing(arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    cases = {
        "no subscription: pass -s/--subscription or set AZURE_SUBSCRIPTION_ID": [
            "perform", "-g", RG, "-n", VMSS, "--endpoint", arm.endpoint,
        ],
        "subscription id 'not-a-guid' is not a GUID": [
            "perform", "-s", "not-a-guid", "-g", RG, "-n", VMSS, "--endpoint", arm.endpoint,
        ],
        "name the scale set: -n/--name missing (or give --id RESOURCE_ID)": [
            "perform", "-s", SUB, "-g", RG, "--endpoint", arm.endpoint,
        ],
        "--id names the scale set already": [
            "perform", "--id", SCALE_SET_ID, "-g", RG, "--endpoint", arm.endpoint,
        ],
        "instance id '0' is given more than once": [
            *perform(arm, "--instance-ids", "0", "0"),
        ],
        "unknown Azure cloud 'mars'": [*perform(arm, "--cloud", "mars")],
        "endpoint 'http://example.com' uses plain http": [
            "perform", "-s", SUB, "-g", RG, "-n", VMSS, "--endpoint", "http://example.com",
        ],
        "--ca-file '/nonexistent/ca.pem' is not a file": [
            *perform(arm, "--ca-file", "/nonexistent/ca.pem"),
        ],
        "continuation token 'garbage' is not one of this library's tokens": [
            "wait", "garbage", "--endpoint", arm.endpoint,
        ],
    }  # fmt: skip
    for message, argv in cases.items():
        code, out, err = run(capsys, *argv)
        assert (code, out) == (2, ""), argv
        line = one_line(err)
        assert line.startswith("vmss-maintenance: error: "), line
        assert message in line
    assert arm.requests == []


def test_id_and_other_subscription(arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    other = "99999999-2222-3333-4444-555555555555"
    argv = ["perform", "--id", SCALE_SET_ID, "-s", other, "--endpoint", arm.endpoint]
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert f"-s/--subscription {other} differs from the subscription in --id ({SUB})" in err


def test_argument_error_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "perform", "-g", RG, "-n", VMSS, "--output", "json")
    assert code == 2
    document = json.loads(out)
    assert document == {
        "status": "Error",
        "exit_code": 2,
        "error": {
            "type": "InvalidArgumentError",
            "message": "no subscription: pass -s/--subscription or set AZURE_SUBSCRIPTION_ID",
        },
    }
    assert one_line(err).startswith("vmss-maintenance: error: no subscription")


def test_usage_error_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "perform", "--timeout", "-1", "--output", "json")
    assert code == 2
    document = json.loads(out)
    assert document["error"]["type"] == "UsageError"
    assert (
        "argument --timeout: must be a finite number of seconds >= 0"
        in (document["error"]["message"])
    )


# -- 3: authentication -------------------------------------------------------------------------


class _FailingCredential:
    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        raise RuntimeError("the token service is down")


class _MalformedTokenCredential:
    """Returns a token the emulator cannot read as ``Bearer <token>``: a real 401."""

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        return _Token("not a token", 4_102_444_800)


class _Token:
    def __init__(self, token: str, expires_on: int) -> None:
        self.token = token
        self.expires_on = expires_on


def test_credential_fails(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_cli_session, "placeholder_credential", _FailingCredential)
    code, out, err = run(capsys, *perform(arm))
    assert (code, out) == (3, "")
    assert one_line(err) == (
        "vmss-maintenance: authentication failed: _FailingCredential could not get a token for "
        "https://management.azure.com/.default: RuntimeError: the token service is down"
    )
    assert arm.requests == []


def test_service_answers_401(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_cli_session, "placeholder_credential", _MalformedTokenCredential)
    code, out, err = run(capsys, *perform(arm, "--output", "json"))
    assert code == 3
    request_id = request_id_of(arm, 401)
    assert one_line(err) == (
        "vmss-maintenance: authentication failed (AuthenticationFailed, HTTP 401): "
        "Authentication failed. The 'Authorization' header is missing or in an invalid format. "
        f"(request id {request_id})"
    )
    error = json.loads(out)["error"]
    assert (error["type"], error["code"], error["http_status"]) == (
        "AuthenticationError",
        "AuthenticationFailed",
        401,
    )
    assert error["request_id"] == request_id


def test_no_azure_identity(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "azure.identity", None)  # import fails
    argv = ["perform", "-s", SUB, "-g", RG, "-n", VMSS]  # the public cloud: a real login
    code, out, err = run(capsys, *argv)
    # As the library's InvalidArgumentError for credential=None: a set-up mistake, exit 2.
    assert (code, out) == (2, "")
    line = one_line(err)
    assert line.startswith(
        "vmss-maintenance: error: no credential available: azure-identity is "
        "not installed; run pip install 'vmss-maintenance[identity]'"
    )


def test_default_credential_used_for_a_remote_endpoint(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen: list[str] = []

    def remote() -> Any:
        chosen.append("default")
        return _FailingCredential()

    monkeypatch.setattr(_cli_session, "default_credential", remote)
    code, _, _ = run(capsys, "perform", "-s", SUB, "-g", RG, "-n", VMSS, "--cloud", "usgov")
    assert code == 3
    assert chosen == ["default"]


# -- 4: timed out ------------------------------------------------------------------------------


def test_timeout_then_resume(arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *perform(arm, "--instance-ids", "0", "--timeout", "0"))
    assert code == 4
    line = one_line(err)
    match = re.fullmatch(
        r"vmss-maintenance: timed out: the operation did not finish within 0 s \(last status "
        r"InProgress\) \(request id \S+\); the operation goes on in Azure; resume with: "
        r"vmss-maintenance wait (vmss1\.\S+) --endpoint (\S+)",
        line,
    )
    assert match is not None, line
    assert match[2] == arm.endpoint
    assert "InProgress" in out

    code, out, err = run(capsys, "wait", match[1], "--endpoint", match[2], "--output", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["status"] == "Succeeded"


def test_timeout_json(endless_arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        *perform(endless_arm, "--instance-ids", "0", "--timeout", "0.05", "--output", "json"),
    )
    assert code == 4
    document = json.loads(out)
    assert document["status"] == "TimedOut"
    assert document["exit_code"] == 4
    assert document["error"]["type"] == "PollingTimeoutError"
    token = document["continuation_token"]
    assert token.startswith("vmss1.")
    assert document["resume_command"] == (
        f"vmss-maintenance wait {token} --endpoint {endless_arm.endpoint}"
    )
    assert one_line(err).startswith("vmss-maintenance: timed out: ")


def test_interrupt_prints_how_to_resume(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(self: MaintenancePoller, timeout: float | None = None, **_: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(MaintenancePoller, "result", interrupted)
    code, _, err = run(capsys, *perform(arm, "--instance-ids", "0"))
    assert code == 130
    assert re.fullmatch(
        r"vmss-maintenance: interrupted; the operation goes on in Azure; resume with: "
        rf"vmss-maintenance wait vmss1\.\S+ --endpoint {re.escape(arm.endpoint)}",
        one_line(err),
    )


# -- 5: other service errors -------------------------------------------------------------------


def test_resource_group_not_found(arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["perform", "-s", SUB, "-g", "nope", "-n", VMSS, "--endpoint", arm.endpoint]
    code, out, err = run(capsys, *argv)
    assert (code, out) == (5, "")
    assert one_line(err) == (
        "vmss-maintenance: error (ResourceGroupNotFound, HTTP 404): Resource group 'nope' "
        f"could not be found. (request id {request_id_of(arm, 404)})"
    )


def test_resource_group_not_found_json(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["perform", "-s", SUB, "-g", "nope", "-n", VMSS, "--endpoint", arm.endpoint]
    code, out, _ = run(capsys, *argv, "--output", "json")
    assert code == 5
    document = json.loads(out)
    assert document["status"] == "Error"
    assert document["exit_code"] == 5
    error = document["error"]
    assert error["type"] == "HttpResponseError"
    assert error["code"] == "ResourceGroupNotFound"
    assert error["http_status"] == 404
    assert error["message"] == "Resource group 'nope' could not be found."
    record = arm.requests[0]
    assert error["request_id"] == record.response_headers["x-ms-request-id"]
    assert error["correlation_id"] == record.response_headers["x-ms-correlation-request-id"]


def test_ineligible_instance(arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, *perform(arm, "--instance-ids", "3"))
    assert code == 5
    assert one_line(err) == (
        "vmss-maintenance: error (OperationNotAllowed, HTTP 409): Operation "
        f"'performMaintenance' is not allowed on VM '{VMSS}_3' since the Subscription of this "
        f"VM is not eligible. (request id {request_id_of(arm, 409)})"
    )


def test_wait_against_another_endpoint_is_refused(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, token, _ = run(capsys, *perform(arm, "--instance-ids", "0", "--no-wait"))
    assert code == 0
    monkeypatch.setattr(_cli_session, "default_credential", _cli_session.placeholder_credential)
    code, _, err = run(capsys, "wait", token.strip(), "--cloud", "public")
    assert code == 5
    line = one_line(err)
    assert line.startswith(
        "vmss-maintenance: error: refusing to send the bearer token to http://127.0.0.1"
    )
    # The refused URL with its port, and the exact --endpoint that reaches the operation.
    assert f"(URL {arm.endpoint}/subscriptions/" in line
    assert f"pass --endpoint {arm.endpoint} if you trust that host" in line
    assert [record.method for record in arm.requests] == ["POST"]


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (OperationFailedError("x", status="Failed"), 1),
        (InvalidArgumentError("x"), 2),
        (AuthenticationError("x"), 3),
        (PollingTimeoutError("x", continuation_token="vmss1.x"), 4),
        (HttpResponseError("x", status_code=500), 5),
        (ServiceRequestError("x"), 5),
        (UntrustedHostError("x", url="https://elsewhere"), 5),
        (MaintenanceError("x"), 5),
    ],
)
def test_exit_codes(error: BaseException, code: int) -> None:
    assert cli.exit_code_for(error) == code


def test_error_line_without_request_id() -> None:
    error = ServiceRequestError("POST https://x/y got no answer:\n ConnectError: refused")
    assert _cli_output.error_line("vmss-maintenance", error) == (
        "vmss-maintenance: error: POST https://x/y got no answer: ConnectError: refused"
    )


# -- help, the commands, the module entry point -------------------------------


def test_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], ["perform", "--help"], ["wait", "--help"]):
        code, out, err = run(capsys, *argv)
        assert (code, err) == (0, "")
        assert "exit codes:" in out
        for line in (
            "0    succeeded",
            "1    the operation ran and ended Failed or Canceled",
            "2    bad arguments",
            "3    authentication failed",
            "6    unexpected error",
            "130  interrupted (Ctrl-C); 143: terminated (SIGTERM)",
            "4    timed out",
            "5    any other service error",
        ):
            assert line in out
    _, out, _ = run(capsys, "perform", "--help")
    # Python 3.13 shows "-s, --subscription ID" where 3.11 and 3.12 show "-s ID, --subscription ID".
    for short, long in (
        ("-s", "--subscription ID"),
        ("-g", "--resource-group NAME"),
        ("-n", "--name NAME"),
    ):
        assert re.search(rf"^ +{short}( \S+)?, {long}\b", out, re.MULTILINE), (short, out)
    for option in (
        "--id RESOURCE_ID",
        "--instance-ids",
        "--cloud",
        "--endpoint",
        "--ca-file",
        "--polling-interval",
        "--no-wait",
        "--timeout",
        "--output",
    ):
        assert option in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert re.fullmatch(r"vmss-maintenance \d+\.\d+\.\d+\n", out)


@pytest.mark.parametrize("command", ["emulator", "demo"])
def test_the_client_has_no_emulator_commands(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    # The emulator and the demo are their own distribution, with their own console script.
    code, out, err = run(capsys, command)
    assert (code, out) == (2, "")
    assert f"invalid choice: '{command}'" in err


def test_https_emulator_with_ca_file(capsys: pytest.CaptureFixture[str]) -> None:
    with ArmEmulator(https=True, retry_after=0, polls_to_complete=1) as secure:
        secure.load_sample()
        assert secure.ca_file is not None
        argv = ["perform", "-s", SUB, "-g", RG, "-n", VMSS, "--instance-ids", "0"]
        code, out, err = run(
            capsys, *argv, "--endpoint", secure.endpoint, "--ca-file", secure.ca_file
        )
        assert (code, err) == (0, "")
        assert out.splitlines()[-1].startswith("Succeeded: ")


def test_python_dash_m_help() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "vmss_maintenance", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("usage: vmss-maintenance")
    assert "exit codes:" in completed.stdout


def test_library_import_stays_free_of_the_cli() -> None:
    code = (
        "import sys, vmss_maintenance\n"
        "before = sorted(m for m in ('vmss_maintenance.cli', 'rich', 'vmss_maintenance_emulator')"
        " if m in sys.modules)\n"
        "import vmss_maintenance.cli\n"
        "after = sorted(m for m in ('rich', 'vmss_maintenance_emulator') if m in sys.modules)\n"
        "print(before, after)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[] []"


def test_ca_file_that_is_not_pem(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bogus = tmp_path / "ca.pem"
    bogus.write_text("not a certificate\n")
    code, out, err = run(capsys, *perform(arm, "--ca-file", str(bogus)))
    assert (code, out) == (2, "")
    assert one_line(err).startswith(
        f"vmss-maintenance: error: --ca-file '{bogus}' is not a usable PEM CA bundle: "
    )
    assert arm.requests == []


def test_json_with_plain_progress_keeps_stdout_clean(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = perform(arm, "--instance-ids", "0", "--output", "json", "--progress", "plain")
    code, out, err = run(capsys, *argv)
    assert code == 0
    assert json.loads(out)["status"] == "Succeeded"
    assert err.startswith(f"Started performMaintenance on {RG}/{VMSS} (instances 0); ")
    assert re.search(r"^\[ +\d+\.\d s\] Succeeded after 3 status polls$", err, re.MULTILINE)


@pytest.mark.parametrize(
    ("lro_headers", "polls"),
    [("both", 3), ("azure-async-operation", 2), ("location", 2), ("none-200", 0)],
)
def test_each_polling_pattern(
    capsys: pytest.CaptureFixture[str], lro_headers: Any, polls: int
) -> None:
    with ArmEmulator(retry_after=0, polls_to_complete=2, lro_headers=lro_headers) as emulator:
        emulator.load_sample()
        code, out, err = run(capsys, *perform(emulator, "--instance-ids", "0", "--output", "json"))
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert (document["status"], document["polls"]) == ("Succeeded", polls)
