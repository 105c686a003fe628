"""``vmss-maintenance status`` and ``perform --eligible``, in-process, over a scripted ARM.

The HTTP transport the CLI makes is replaced by a router answering like ARM (the emulator's
routes for these calls are being added elsewhere), and the CLI's clock is fake.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from conftest import FakeClocks, fake_cli_time
from vmss_maintenance import cli
from vmss_maintenance._adapter import API_VERSION

ENDPOINT = "http://127.0.0.1:9"
SUB = "9f8e7d6c-5b4a-4321-8765-0123456789ab"
RG = "demo-rg"
VMSS = "web-vmss"
COMPUTE = f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Compute"
SCALE_SET = f"{COMPUTE}/virtualMachineScaleSets/{VMSS}"
OPS = f"{ENDPOINT}/subscriptions/{SUB}/providers/Microsoft.Compute/locations/westeurope"
ELIGIBLE = {
    "isCustomerInitiatedMaintenanceAllowed": True,
    "preMaintenanceWindowStartTime": "2023-11-01T00:00:00Z",
    "preMaintenanceWindowEndTime": "2023-12-06T00:00:00Z",
    "maintenanceWindowStartTime": "2023-12-06T00:00:00Z",
    "maintenanceWindowEndTime": "2023-12-07T00:00:00Z",
}


def view(maintenance: dict[str, Any] | None, ud: int) -> dict[str, Any]:
    body: dict[str, Any] = {"platformUpdateDomain": ud, "platformFaultDomain": ud % 2,
                            "statuses": [{"code": "PowerState/running"}]}  # fmt: skip
    if maintenance is not None:
        body["maintenanceRedeployStatus"] = maintenance
    return body


class Arm:
    """Answers by method and path; records (method, path, query, body) of every request."""

    def __init__(
        self,
        mode: str,
        instances: dict[str, dict[str, Any] | None],
        page: int = 100,
        *,
        running: bool = False,
    ) -> None:
        self.running = running  # operations never end
        self.mode = mode
        self.instances = instances
        self.page = page
        self.calls: list[tuple[str, str, str, bytes]] = []
        self.operations: dict[str, int] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, query = request.url.path, request.url.query.decode()
        self.calls.append((request.method, path, query, request.content))
        if request.method == "POST":
            return self._start(path)
        if path == SCALE_SET:
            return httpx.Response(
                200,
                json={
                    "id": SCALE_SET,
                    "name": VMSS,
                    "location": "w",
                    "properties": {"orchestrationMode": self.mode},
                },
            )
        if path.startswith(f"{OPS.removeprefix(ENDPOINT)}/operations/"):
            return httpx.Response(
                200, json={"status": "InProgress" if self.running else "Succeeded"}
            )
        if path.startswith(f"{OPS.removeprefix(ENDPOINT)}/operationResults/"):
            return httpx.Response(200)
        if path == f"{SCALE_SET}/virtualMachines":
            return self._page(request, lambda i, m: {
                "instanceId": i, "location": "w",
                "properties": {"instanceView": view(m, int(i) % 5)},
            })  # fmt: skip
        if path == f"{COMPUTE}/virtualMachines":
            assert request.url.params["$filter"] == f"virtualMachineScaleSet/id eq '{SCALE_SET}'"
            return self._page(request, lambda i, m: {"name": i, "location": "w"})
        if path.endswith("/instanceView"):
            name = path.split("/")[-2]
            return httpx.Response(200, json=view(self.instances[name], 1))
        raise AssertionError(f"unexpected {request.method} {request.url}")

    def _page(self, request: httpx.Request, item: Callable[[str, Any], Any]) -> httpx.Response:
        start = int(request.url.params.get("$skiptoken", "0"))
        names = list(self.instances)[start : start + self.page]
        body: dict[str, Any] = {"value": [item(n, self.instances[n]) for n in names]}
        if start + self.page < len(self.instances):
            body["nextLink"] = str(request.url.copy_merge_params({"$skiptoken": start + self.page}))
        return httpx.Response(200, json=body)

    def _start(self, path: str) -> httpx.Response:
        number = len(self.operations)
        self.operations[path] = number
        return httpx.Response(202, headers={
            "Azure-AsyncOperation": f"{OPS}/operations/op-{number}?api-version={API_VERSION}",
            "Location": f"{OPS}/operationResults/op-{number}?api-version={API_VERSION}",
            "x-ms-request-id": f"req-{number}",
        })  # fmt: skip

    @property
    def posts(self) -> list[tuple[str, bytes]]:
        return [(path, body) for method, path, _, body in self.calls if method == "POST"]


@pytest.fixture(autouse=True)
def cli_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClocks:
    return fake_cli_time(monkeypatch)


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Callable[[Arm], None]:
    """Routes the CLI's HTTP transport to an :class:`Arm`."""

    def install(arm: Arm) -> None:
        monkeypatch.setattr(httpx, "HTTPTransport", lambda **_: httpx.MockTransport(arm))

    return install


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(["--output", "text", *argv] if "--output" not in argv else list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def target(*extra: str) -> list[str]:
    return ["-s", SUB, "-g", RG, "-n", VMSS, "--endpoint", ENDPOINT, *extra]


# -- status -------------------------------------------------------------------------------------


def test_status_prints_the_table_and_the_summary(
    capsys: pytest.CaptureFixture[str], serve: Callable[[Arm], None]
) -> None:
    arm = Arm("Uniform", {"0": ELIGIBLE, "1": None, "4": ELIGIBLE})
    serve(arm)
    code, out, err = run(capsys, "status", *target())
    assert code == 0
    assert out.splitlines()[0].startswith(f"{RG}/{VMSS} (Uniform), checked ")
    assert "2 of 3 instances may start maintenance now: 0, 4" in out
    assert "ends in" in out  # the self-service window column
    assert [method for method, *_ in arm.calls] == ["GET", "GET"]
    assert err == ""


def test_status_json_is_the_status_document(
    capsys: pytest.CaptureFixture[str], serve: Callable[[Arm], None]
) -> None:
    serve(Arm("Flexible", {"web_1": ELIGIBLE, "web_2": None}))
    code, out, _ = run(capsys, "status", "--output", "json", "--id", SCALE_SET,
                       "--endpoint", ENDPOINT)  # fmt: skip
    document = json.loads(out)
    assert code == 0
    assert (document["orchestration_mode"], document["eligible_instance_ids"]) == (
        "Flexible", ["web_1"],
    )  # fmt: skip
    assert [i["state"] for i in document["instances"]] == ["Eligible", "None"]


def test_a_long_listing_shows_progress_on_stderr(
    capsys: pytest.CaptureFixture[str], serve: Callable[[Arm], None]
) -> None:
    serve(Arm("Uniform", {str(n): None for n in range(130)}, page=60))
    code, out, err = run(capsys, "status", *target())
    assert code == 0
    assert err.splitlines() == [
        "read the status of 60 instances so far...",
        "read the status of 120 instances so far...",
    ]
    assert out.endswith("No instance may start maintenance now: nothing pending\n")
    assert out.count(" running") == 130
    code, _, err = run(capsys, "status", *target("--progress", "none"))
    assert (code, err) == (0, "")


def test_status_needs_a_scale_set(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "status", "-s", SUB, "-g", RG, "--endpoint", ENDPOINT)
    assert code == 2
    assert f"-g/--resource-group {RG!r} alone names no scale set: add -n/--name" in err


# -- perform --eligible ----------------------------------------------------------------------


def test_perform_eligible_on_uniform_makes_one_call_with_the_eligible_ids(
    capsys: pytest.CaptureFixture[str], serve: Callable[[Arm], None]
) -> None:
    arm = Arm("Uniform", {"0": ELIGIBLE, "3": None, "7": ELIGIBLE})
    serve(arm)
    code, out, _ = run(capsys, "perform", "--eligible", "--progress", "none", *target())
    assert code == 0
    assert arm.posts == [(f"{SCALE_SET}/performMaintenance", b'{"instanceIds":["0","7"]}')]
    assert "Succeeded: maintenance on demo-rg/web-vmss (instances 0, 7)" in out


def test_perform_eligible_on_flexible_makes_one_vm_call_each(
    capsys: pytest.CaptureFixture[str], serve: Callable[[Arm], None]
) -> None:
    arm = Arm("Flexible", {"web_1": ELIGIBLE, "web_2": None, "web_3": ELIGIBLE, "web_4": ELIGIBLE})
    serve(arm)
    code, out, _ = run(capsys, "perform", "--eligible", "--concurrency", "2", "--progress",
                       "none", *target())  # fmt: skip
    assert code == 0
    assert sorted(path for path, _ in arm.posts) == [
        f"{COMPUTE}/virtualMachines/{name}/performMaintenance"
        for name in ("web_1", "web_3", "web_4")
    ]
    assert all(body == b"" for _, body in arm.posts)
    assert out.count("Succeeded: maintenance on demo-rg/web_") == 3
    # Never more than two VMs in maintenance at once: the third POST follows an ended one.
    posts = [n for n, (method, *_) in enumerate(arm.calls) if method == "POST"]
    results = [n for n, (_, path, *_) in enumerate(arm.calls) if "/operationResults/" in path]
    assert posts[2] > results[0]


def test_perform_eligible_with_none_eligible_has_nothing_to_do(
    capsys: pytest.CaptureFixture[str], serve: Callable[[Arm], None]
) -> None:
    arm = Arm("Uniform", {"0": None, "1": None})
    serve(arm)
    code, out, _ = run(capsys, "perform", "--eligible", *target())
    assert code == 0
    assert out == "Nothing to do: no instance may start maintenance now: nothing pending\n"
    assert arm.posts == []
    code, out, _ = run(capsys, "status", *target())  # its own summary line stays a sentence
    assert out.endswith("\n\nNo instance may start maintenance now: nothing pending\n")
    code, out, _ = run(capsys, "perform", "--eligible", "--output", "json", *target())
    assert (code, json.loads(out)["status"]) == (0, "NothingToDo")


def test_perform_eligible_json_on_flexible_reports_each_vm(
    capsys: pytest.CaptureFixture[str], serve: Callable[[Arm], None]
) -> None:
    serve(Arm("Flexible", {"web_1": ELIGIBLE}))
    code, out, _ = run(capsys, "perform", "--eligible", "--output", "json", *target())
    document = json.loads(out)
    assert (code, document["status"]) == (0, "Succeeded")
    assert [(r["vm_name"], r["status"]) for r in document["results"]] == [("web_1", "Succeeded")]


@pytest.mark.parametrize(
    ("extra", "message"),
    [(["--instance-ids", "1"], "not allowed with argument"), (["--no-wait"], "--no-wait")],
)
def test_perform_eligible_refuses_conflicting_options(
    capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    code, _, err = run(capsys, "perform", "--eligible", *extra, *target())
    assert code == 2
    assert message in err


def test_a_timeout_names_each_running_vm_and_its_wait_command_resumes_it(
    capsys: pytest.CaptureFixture[str], serve: Callable[[Arm], None]
) -> None:
    arm = Arm("Flexible", {"web_1": ELIGIBLE, "web_2": ELIGIBLE, "web_3": ELIGIBLE}, running=True)
    serve(arm)
    code, out, _ = run(capsys, "perform", "--eligible", "--concurrency", "2", "--timeout", "60",
                       "--output", "json", *target())  # fmt: skip
    document = json.loads(out)
    assert (code, document["status"]) == (4, "TimedOut")
    results = {r["vm_name"]: r for r in document["results"]}
    assert {name: r["status"] for name, r in results.items()} == {
        "web_1": "TimedOut", "web_2": "TimedOut", "web_3": "NotStarted",
    }  # fmt: skip
    assert len(arm.posts) == 2
    command = results["web_1"]["resume_command"]
    assert command.startswith("vmss-maintenance wait ")
    assert f"--endpoint {ENDPOINT}" in command
    arm.running = False
    code, out, _ = run(capsys, "wait", results["web_1"]["continuation_token"], "--endpoint",
                       ENDPOINT, "--progress", "none")  # fmt: skip
    assert code == 0
    assert out.startswith("Succeeded: maintenance on demo-rg/web_1 (VM)")
