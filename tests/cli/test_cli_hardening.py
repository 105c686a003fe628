"""Issue 8, command-line rows: each test failed before its fix.

The CLI runs in-process through ``cli.main(argv)`` (or a subprocess) against an in-process
emulator on 127.0.0.1; nothing sleeps for real (``_cli_session.sleep`` is replaced where
retries wait).
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import certifi
import httpx
import pytest
from conftest import fake_cli_time
from emulator_fixtures import (
    SAMPLE_RESOURCE_GROUP,
    SAMPLE_SCALE_SET,
    SAMPLE_SUBSCRIPTION_ID,
    ArmEmulator,
    Faults,
)
from fake_arm import decode_token, encode_token
from vmss_maintenance import Update, _cli_output, _cli_session, cli
from vmss_maintenance._client import MaintenancePoller
from vmss_maintenance.errors import (
    AuthenticationError,
    HttpResponseError,
    ServiceRequestError,
    UntrustedHostError,
)

SUB = SAMPLE_SUBSCRIPTION_ID
RG = SAMPLE_RESOURCE_GROUP
VMSS = SAMPLE_SCALE_SET
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@pytest.fixture
def arm() -> Iterator[ArmEmulator]:
    """The sample scale set; operations end on the second status poll, no Retry-After wait."""
    with ArmEmulator(retry_after=0, polls_to_complete=2) as emulator:
        emulator.load_sample()
        yield emulator


@pytest.fixture(autouse=True)
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """No subscription from the environment; retries and polls wait on a recorded fake."""
    monkeypatch.delenv("AZURE_SUBSCRIPTION_ID", raising=False)
    return fake_cli_time(monkeypatch).sleeps


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def perform(arm: ArmEmulator, *extra: str) -> list[str]:
    return ["perform", "-s", SUB, "-g", RG, "-n", VMSS, "--endpoint", arm.endpoint, *extra]


def one_line(text: str) -> str:
    assert text.endswith("\n"), text
    assert text.count("\n") == 1, text
    return text.rstrip("\n")


def post_request_id(arm: ArmEmulator) -> str:
    [post] = [record for record in arm.requests if record.method == "POST"]
    return post.response_headers["x-ms-request-id"]


def resume_command_in(text: str) -> list[str]:
    match = re.search(r"resume with: vmss-maintenance (wait vmss1\.\S+ --endpoint \S+)", text)
    assert match is not None, text
    return match[1].split()


def _no_identity(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """azure-identity absent; returns the list of times a default credential was asked for."""
    asked: list[str] = []
    real = _cli_session.default_credential

    def recording() -> Any:
        asked.append("default")
        return real()

    monkeypatch.setitem(sys.modules, "azure.identity", None)
    monkeypatch.setattr(_cli_session, "default_credential", recording)
    return asked


# -- row 2: every argument is checked before the credential is made ---------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-g", "a/b", "-n", VMSS], "resource group name 'a/b'"),
        (["-g", RG, "-n", "a?b"], "'a?b'"),
        (["-g", RG, "-n", VMSS, "--instance-ids", "0", "0"], "instance id '0'"),
        (["--id", "/subscriptions/x"], "resource id '/subscriptions/x' is not a scale set id"),
    ],
)
def test_bad_arguments_are_reported_before_the_credential(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    asked = _no_identity(monkeypatch)
    code, out, err = run(capsys, "perform", "-s", SUB, *argv)  # the public cloud: a real login
    assert (code, out) == (2, "")
    line = one_line(err)
    assert line.startswith("vmss-maintenance: error: ")
    assert message in line
    assert "credential" not in line
    assert asked == []


def test_missing_identity_is_a_setup_error_once_arguments_are_good(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _no_identity(monkeypatch)
    code, _, err = run(capsys, "perform", "-s", SUB, "-g", RG, "-n", VMSS)
    assert code == 2  # row 29: as the library's InvalidArgumentError for credential=None
    assert "pip install 'vmss-maintenance[identity]'" in one_line(err)
    assert asked == ["default"]


# -- rows 3 and 19: Ctrl-C before the service answered the POST -------------------------------


def _interrupt_after_sending(monkeypatch: pytest.MonkeyPatch) -> None:
    """The POST reaches the emulator, then Ctrl-C comes before its answer is read."""
    send = httpx.HTTPTransport.handle_request

    def interrupted(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        send(self, request).close()
        raise KeyboardInterrupt

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", interrupted)


def test_interrupt_during_the_post(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _interrupt_after_sending(monkeypatch)
    code, out, err = run(capsys, *perform(arm, "--instance-ids", "0"))
    assert (code, out) == (130, "")
    client_request_id = arm.requests[0].headers["x-ms-client-request-id"]
    assert one_line(err) == (
        "vmss-maintenance: interrupted before the service answered; the operation may or may "
        f"not have started; client request id {client_request_id}"
    )


def test_interrupt_during_the_post_json(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _interrupt_after_sending(monkeypatch)
    code, out, err = run(capsys, *perform(arm, "--instance-ids", "0", "--output", "json"))
    assert code == 130
    document = json.loads(out)
    assert document["status"] == "Interrupted"
    assert document["exit_code"] == 130
    assert document["continuation_token"] is None
    assert document["client_request_id"] == arm.requests[0].headers["x-ms-client-request-id"]
    assert one_line(err).startswith("vmss-maintenance: interrupted before the service answered")


def test_interrupt_while_polling_json(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(self: MaintenancePoller, timeout: float | None = None, **_: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(MaintenancePoller, "result", interrupted)
    code, out, err = run(capsys, *perform(arm, "--instance-ids", "0", "--output", "json"))
    assert code == 130
    document = json.loads(out)
    assert document["status"] == "Interrupted"
    assert document["continuation_token"].startswith("vmss1.")
    assert document["request_id"] == post_request_id(arm)
    assert document["resume_command"] == (
        f"vmss-maintenance wait {document['continuation_token']} --endpoint {arm.endpoint}"
    )
    assert one_line(err).endswith(document["resume_command"])


# -- row 20: SIGTERM is handled like Ctrl-C ----------------------------------------------------


def test_sigterm_while_polling(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def terminated(self: MaintenancePoller, timeout: float | None = None, **_: Any) -> Any:
        os.kill(os.getpid(), signal.SIGTERM)

    before = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(MaintenancePoller, "result", terminated)
    code, _, err = run(capsys, *perform(arm, "--instance-ids", "0"))
    assert code == 143
    line = one_line(err)
    assert line.startswith(
        "vmss-maintenance: terminated (SIGTERM); the operation goes on in Azure; resume with: "
    )
    assert signal.getsignal(signal.SIGTERM) is before  # restored

    # The printed command resumes it.
    monkeypatch.undo()
    fake_cli_time(monkeypatch)
    code, out, _ = run(capsys, *resume_command_in(line), "--output", "json")
    assert (code, json.loads(out)["status"]) == (0, "Succeeded")


# -- row 5: following fails after the service accepted the operation ---------------------------


@pytest.mark.parametrize(
    ("error", "code", "shown"),
    [
        (ServiceRequestError("GET http://x/op got no answer: ConnectError: refused"), 5, "error"),
        (HttpResponseError("Server error.", status_code=500, code="InternalServerError"), 5, "500"),
        (AuthenticationError("Token expired.", status_code=401), 3, "authentication failed"),
        (
            UntrustedHostError("refusing to send the bearer token", url="https://e:8443/o"),
            5,
            "e:8443",
        ),
    ],
)
def test_failure_while_following_prints_how_to_resume(
    arm: ArmEmulator,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
    code: int,
    shown: str,
) -> None:
    def failing(self: MaintenancePoller, timeout: float | None = None, **_: Any) -> Any:
        raise error

    monkeypatch.setattr(MaintenancePoller, "result", failing)
    exit_code, _, err = run(capsys, *perform(arm, "--instance-ids", "0"))
    assert exit_code == code
    line = one_line(err)
    assert shown in line
    assert (
        f"(request id {post_request_id(arm)}); the operation goes on in Azure; resume with: "
        in line
    )
    assert "the operation goes on in Azure; resume with: vmss-maintenance wait vmss1." in line

    exit_code, out, _ = run(capsys, *perform(arm, "--instance-ids", "1", "--output", "json"))
    assert exit_code == code
    document = json.loads(out)
    assert document["continuation_token"].startswith("vmss1.")
    assert document["resume_command"] == (
        f"vmss-maintenance wait {document['continuation_token']} --endpoint {arm.endpoint}"
    )

    monkeypatch.undo()
    fake_cli_time(monkeypatch)
    exit_code, out, _ = run(capsys, *resume_command_in(line), "--output", "json")
    assert (exit_code, json.loads(out)["status"]) == (0, "Succeeded")


# -- row 6: a refusal right after the 202 names the started operation --------------------------


def test_untrusted_polling_url_after_the_202(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def accepted(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            202,
            headers={
                "Azure-AsyncOperation": "https://elsewhere.example:8443/operations/1?a=b",
                "x-ms-request-id": "accepted-request-id",
            },
        )

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", accepted)
    argv = ["perform", "-s", SUB, "-g", RG, "-n", VMSS, "--endpoint", "http://127.0.0.1:9"]
    code, out, err = run(capsys, *argv, "--output", "json")
    assert code == 5
    line = one_line(err)
    assert "https://elsewhere.example:8443/operations/1" in line  # the port is shown
    note = (
        "the service accepted the request (request id accepted-request-id), so maintenance may "
        "be running in Azure and cannot be followed from here: check the scale set before "
        "starting it again"
    )
    assert line.endswith(note)
    document = json.loads(out)
    assert document["note"] == note
    assert document["error"]["url"] == "https://elsewhere.example:8443/operations/1"


# -- row 7: a polling interval below the floor --------------------------------------------------


@pytest.mark.parametrize("value", ["0", "0.5", "0.999"])
def test_polling_interval_floor(capsys: pytest.CaptureFixture[str], value: str) -> None:
    code, out, err = run(
        capsys, "perform", "-s", SUB, "-g", RG, "-n", VMSS, "--polling-interval", value
    )
    assert (code, out) == (2, "")
    assert (
        f"argument --polling-interval: must be at least 1 s (the minimum polling interval), "
        f"got {value}" in one_line(err)
    )


def test_polling_interval_at_the_floor(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(capsys, *perform(arm, "--instance-ids", "0", "--polling-interval", "1"))
    assert code == 0


# -- row 8: repeated --instance-ids extend --------------------------------------------------------


def test_repeated_instance_ids_extend(arm: ArmEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, *perform(arm, "--instance-ids", "0", "--instance-ids", "1", "--output", "json")
    )
    assert code == 0
    assert json.loads(out)["instance_ids"] == ["0", "1"]
    assert json.loads(arm.requests[0].body or b"") == {"instanceIds": ["0", "1"]}


# -- row 10: an azure-identity failure is one short line unless -v ------------------------------

_LONG_FAILURE = (
    "DefaultAzureCredential failed to retrieve a token from the included credentials.\n"
    "Attempted credentials:\n"
    + "".join(f"\tCredential{n}: not available. " + "x" * 200 + "\n" for n in range(8))
    + "To mitigate this issue, please refer to the troubleshooting guidelines."
)


def _fake_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    class DefaultAzureCredential:
        def get_token(self, *scopes: str, **kwargs: Any) -> Any:
            logging.getLogger("azure.identity._credentials.chained").warning(_LONG_FAILURE)
            raise RuntimeError(_LONG_FAILURE)

    module = types.ModuleType("azure.identity")
    module.DefaultAzureCredential = DefaultAzureCredential  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "azure.identity", module)


def test_identity_failure_is_one_short_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_identity(monkeypatch)
    code, out, err = run(capsys, "perform", "-s", SUB, "-g", RG, "-n", VMSS, "--cloud", "usgov")
    assert (code, out) == (3, "")
    line = one_line(err)  # no WARNING block from the last-resort handler
    assert line == (
        "vmss-maintenance: authentication failed: DefaultAzureCredential could not get a token "
        "for https://management.core.usgovcloudapi.net/.default: RuntimeError: "
        "DefaultAzureCredential failed to retrieve a token from the included credentials. "
        "(run with -v for the details)"
    )


def test_identity_failure_in_full_with_verbose(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_identity(monkeypatch)
    argv = ["perform", "-s", SUB, "-g", RG, "-n", VMSS, "--cloud", "usgov", "-v"]
    code, _, err = run(capsys, *argv)
    assert code == 3
    assert "Credential7: not available." in err.splitlines()[-1]
    assert "To mitigate this issue" in err.splitlines()[-1]


# -- row 11: unexpected errors: one line, exit 6, the resume command -----------------------------


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_broken_pipe_after_the_operation_started(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    code = cli.main(perform(arm, "--instance-ids", "0", "--no-wait"))
    err = capsys.readouterr().err
    assert code == cli.EXIT_UNEXPECTED == 6
    line = one_line(err)
    assert line.startswith(
        "vmss-maintenance: could not write the output: BrokenPipeError: [Errno 32] Broken pipe; "
        "the operation goes on in Azure; resume with: vmss-maintenance wait vmss1."
    )


def test_bug_is_one_line_with_its_own_exit_code(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: MaintenancePoller, timeout: float | None = None, **_: Any) -> Any:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(MaintenancePoller, "result", broken)
    code, _, err = run(capsys, *perform(arm, "--instance-ids", "0"))
    assert code == 6
    line = one_line(err)
    assert line.startswith(
        "vmss-maintenance: unexpected error: ZeroDivisionError: division by zero; "
        "the operation goes on in Azure; resume with: vmss-maintenance wait vmss1."
    )
    code, out, _ = run(capsys, *perform(arm, "--instance-ids", "1", "--output", "json"))
    assert code == 6
    document = json.loads(out)  # JSON output still parses
    assert (document["status"], document["exit_code"]) == ("Error", 6)
    assert document["error"] == {"type": "ZeroDivisionError", "message": "division by zero"}
    assert document["continuation_token"].startswith("vmss1.")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_disk_subprocess(arm: ArmEmulator) -> None:
    with open("/dev/full", "w") as full:
        completed = subprocess.run(
            [sys.executable, "-m", "vmss_maintenance", *perform(arm, "--instance-ids", "0")],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert completed.returncode == 6, completed.stderr
    line = one_line(completed.stderr)  # nothing else: no "Exception ignored" at exit
    assert line.startswith("vmss-maintenance: could not write the output: OSError: ")
    assert "resume with: vmss-maintenance wait vmss1." in line


# -- row 15: the subscription ----------------------------------------------------------------------


def test_empty_subscription_does_not_fall_back(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_SUBSCRIPTION_ID", SUB)
    code, _, err = run(capsys, "perform", "-s", "", "-g", RG, "-n", VMSS)
    assert code == 2
    assert one_line(err) == (
        "vmss-maintenance: error: -s/--subscription is empty: give a subscription id (a GUID)"
    )


def test_bad_subscription_from_the_environment_is_named(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_SUBSCRIPTION_ID", "not-a-guid")
    code, _, err = run(capsys, "perform", "-g", RG, "-n", VMSS)
    assert code == 2
    assert one_line(err).startswith(
        "vmss-maintenance: error: $AZURE_SUBSCRIPTION_ID: subscription id 'not-a-guid'"
    )


# -- row 16: the endpoint ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        (
            "127.0.0.1:18080",
            "argument --endpoint: '127.0.0.1:18080' has no scheme: did you mean "
            "http://127.0.0.1:18080 ?",
        ),
        (
            "management.example.com",
            "did you mean https://management.example.com ?",
        ),
        (
            "http://127.0.0.1:99999",
            "argument --endpoint: port 99999 in 'http://127.0.0.1:99999' is out of range",
        ),
    ],
)
def test_endpoint_mistakes(capsys: pytest.CaptureFixture[str], endpoint: str, message: str) -> None:
    code, _, err = run(capsys, "perform", "-s", SUB, "-g", RG, "-n", VMSS, "--endpoint", endpoint)
    assert code == 2
    assert message in one_line(err)


def test_endpoint_whitespace_is_stripped(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["perform", "-s", SUB, "-g", RG, "-n", VMSS, "--instance-ids", "0"]
    code, _, err = run(capsys, *argv, "--endpoint", f"  {arm.endpoint}\n", "--no-wait")
    assert code == 0
    assert err.rstrip().endswith(f"--endpoint {arm.endpoint}")


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_connection_retries_are_announced(
    capsys: pytest.CaptureFixture[str], slept: list[float]
) -> None:
    port = _unused_port()
    argv = ["perform", "-s", SUB, "-g", RG, "-n", VMSS, "--endpoint", f"http://127.0.0.1:{port}"]
    code, _, err = run(capsys, *argv)
    assert code == 5
    lines = err.splitlines()
    retries = [line for line in lines if line.startswith("vmss-maintenance: retrying POST ")]
    assert len(retries) == len(slept) == 5
    assert retries[0].startswith(
        f"vmss-maintenance: retrying POST http://127.0.0.1:{port}/subscriptions/{SUB}/"
    )
    assert " (try 2) after ConnectError" in retries[0]
    assert lines[-1].endswith("; the request did not reach the service: nothing was started")


def test_ca_file_ignored_with_http_warns(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, *perform(arm, "--instance-ids", "0", "--ca-file", certifi.where()))
    assert code == 0
    assert err.splitlines()[0] == (
        f"vmss-maintenance: warning: --ca-file is ignored: the endpoint {arm.endpoint} uses "
        "plain http"
    )


# -- row 21: a POST without an answer; --http-timeout --------------------------------------------


def test_post_without_answer_may_have_reached_azure(capsys: pytest.CaptureFixture[str]) -> None:
    with ArmEmulator(retry_after=0, faults=Faults(drop_connection_every=1)) as dropping:
        dropping.load_sample()
        code, _, err = run(capsys, *perform(dropping, "--instance-ids", "0"))
    assert code == 5
    assert re.search(
        rf"; the request may have reached Azure and started the operation \(client request id "
        rf"{UUID}\): check the scale set before retrying$",
        one_line(err),
    )


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.02)  # so the thread sees the stop flag
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()
        for connection in held:
            connection.close()


def test_http_timeout(capsys: pytest.CaptureFixture[str], silent_server: str) -> None:
    argv = ["perform", "-s", SUB, "-g", RG, "-n", VMSS, "--endpoint", silent_server]
    code, _, err = run(capsys, *argv, "--http-timeout", "0.2")
    assert code == 5
    line = one_line(err)
    assert "got no answer: ReadTimeout" in line
    assert "the request may have reached Azure" in line


def test_http_timeout_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "perform", "-s", SUB, "-g", RG, "-n", VMSS, "--http-timeout", "0")
    assert code == 2
    assert "argument --http-timeout: must be a number of seconds > 0, got 0" in one_line(err)


# -- row 22: progress wording -------------------------------------------------------------------


def test_terminal_status_is_shown_once_with_every_poll_counted() -> None:
    stream = io.StringIO()
    progress = _cli_output.PlainProgress(stream, clock=lambda: 0.0)
    progress.update(Update("InProgress", 1, 0.0, False))
    progress.update(Update("Succeeded", 2, 0.0, False))
    progress.update(Update("Succeeded", 3, None, True))
    assert stream.getvalue().splitlines() == [
        "[   0.0 s] InProgress after 1 status poll; next poll in 0.0 s",
        "[   0.0 s] Succeeded after 3 status polls",
    ]


# -- row 24: wait without --endpoint -------------------------------------------------------------


def test_wait_uses_the_tokens_loopback_endpoint(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, token, _ = run(capsys, *perform(arm, "--instance-ids", "0", "--no-wait"))
    assert code == 0
    code, out, err = run(capsys, "wait", token.strip(), "--output", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["status"] == "Succeeded"


def test_wait_names_the_endpoint_to_pass(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, token, _ = run(capsys, *perform(arm, "--instance-ids", "0", "--no-wait"))
    assert code == 0
    data = decode_token(token.strip())
    for field, value in data.items():
        if isinstance(value, str) and value.startswith(arm.endpoint):
            data[field] = value.replace(arm.endpoint, "https://arm.contoso.example")
    code, _, err = run(capsys, "wait", encode_token(data))
    assert code == 2
    assert one_line(err) == (
        "vmss-maintenance: error: the operation in this token was started at "
        "https://arm.contoso.example, not at a known Azure cloud: pass --endpoint "
        "https://arm.contoso.example if you trust that host"
    )
    assert [record.method for record in arm.requests] == ["POST"]


# -- row 25: rough edges ---------------------------------------------------------------------------


def test_output_json_before_the_command(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--output", "json", *perform(arm, "--instance-ids", "0"))
    assert code == 0
    assert json.loads(out)["status"] == "Succeeded"


def test_wait_reads_the_token_from_stdin(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, token, _ = run(capsys, *perform(arm, "--instance-ids", "0", "--no-wait"))
    assert code == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(token))
    code, out, _ = run(capsys, "wait", "-", "--endpoint", arm.endpoint, "--output", "json")
    assert (code, json.loads(out)["status"]) == (0, "Succeeded")
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))
    code, _, err = run(capsys, "wait", "-", "--endpoint", arm.endpoint)
    assert code == 2
    assert "no continuation token on standard input" in one_line(err)


def test_timeout_with_no_wait_is_refused(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, *perform(arm, "--no-wait", "--timeout", "60"))
    assert code == 2
    assert "--timeout has no effect with --no-wait" in one_line(err)
    assert arm.requests == []


def test_rich_progress_without_rich_says_so(
    arm: ArmEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "rich.console", None)  # import fails
    code, out, err = run(capsys, *perform(arm, "--instance-ids", "0", "--progress", "rich"))
    assert code == 0
    assert one_line(err) == (
        "vmss-maintenance: note: --progress rich needs rich, which is not installed "
        "(pip install 'vmss-maintenance[cli]'); showing plain lines"
    )
    assert out.splitlines()[-1].startswith("Succeeded: ")


# -- rows 10 and 11 as a user sees them: a real process, real logging, real pipes ---------------


def _cli_process(
    argv: list[str], stdout: Any = subprocess.PIPE, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vmss_maintenance", *argv],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )


def test_identity_warning_block_is_silenced_subprocess(tmp_path: Path) -> None:
    """azure.identity logs a WARNING block that logging's last-resort handler would print."""
    package = tmp_path / "azure" / "identity"
    package.mkdir(parents=True)
    (tmp_path / "azure" / "__init__.py").write_text("")
    (package / "__init__.py").write_text(
        "import logging\n"
        "class DefaultAzureCredential:\n"
        "    def get_token(self, *scopes, **kwargs):\n"
        "        logging.getLogger('azure.identity._credentials.chained').warning(\n"
        "            'DefaultAzureCredential failed to retrieve a token.\\nAttempted: ...')\n"
        "        raise RuntimeError('DefaultAzureCredential failed to retrieve a token.\\n'\n"
        "                           + 'Attempted credentials: ' + 'x' * 2000)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    env.pop("AZURE_SUBSCRIPTION_ID", None)
    argv = ["perform", "-s", SUB, "-g", RG, "-n", VMSS, "--cloud", "usgov"]
    completed = _cli_process(argv, env=env)
    assert completed.returncode == 3, completed.stderr
    line = one_line(completed.stderr)
    assert line.endswith(
        "RuntimeError: DefaultAzureCredential failed to retrieve a token. "
        "(run with -v for the details)"
    )
    verbose = _cli_process([*argv, "-v"], env=env)
    assert verbose.returncode == 3
    assert "Attempted: ..." in verbose.stderr  # the WARNING block, with -v
    assert "x" * 2000 in verbose.stderr.splitlines()[-1]


def test_closed_pipe_subprocess(arm: ArmEmulator) -> None:
    """``... --no-wait | head -0``: the token cannot be written; the operation runs."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        completed = _cli_process(perform(arm, "--instance-ids", "0", "--no-wait"), write_end)
    finally:
        os.close(write_end)
    assert completed.returncode == 6, completed.stderr
    line = one_line(completed.stderr)  # nothing else: no "Exception ignored" at exit
    assert line.startswith(
        "vmss-maintenance: could not write the output: BrokenPipeError: [Errno 32] Broken pipe; "
        "the operation goes on in Azure; resume with: vmss-maintenance wait vmss1."
    )
    assert [record.method for record in arm.requests] == ["POST"]
