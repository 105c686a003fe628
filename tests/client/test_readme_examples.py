"""The README's status and VM examples run as written (over a scripted ARM, no Azure)."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path
from typing import Any

import httpx
import pytest
import vmss_maintenance
from conftest import FakeClocks
from fake_arm import FakeCredential

README = Path(__file__).resolve().parents[2] / "README.md"
ELIGIBLE = {"isCustomerInitiatedMaintenanceAllowed": True}
SET_UP = "from vmss_maintenance import MaintenanceClient\nclient = MaintenanceClient(None, '')\n"


def block(heading: str) -> str:
    """The first python block after ``heading``."""
    text = README.read_text("utf-8")
    start = text.index(heading)
    found = re.search(r"```python\n(.*?)```", text[start:], re.S)
    assert found is not None
    return found.group(1)


def route(mode: str, calls: list[str]) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        calls.append(f"{request.method} {path.rsplit('/', 1)[-1]}")
        if request.method == "POST":
            return httpx.Response(200, json={})  # done at once (an LRO's plain 200)
        if path.endswith(("/my-scale-set", "/my-flex-set")):
            return httpx.Response(200, json={"properties": {"orchestrationMode": mode}})
        if path.endswith("/virtualMachineScaleSets"):
            return httpx.Response(200, json={"value": [{"name": "my-scale-set"}]})
        if path.endswith("/virtualMachines") and mode == "Uniform":
            view = {"maintenanceRedeployStatus": ELIGIBLE, "platformUpdateDomain": 2}
            vms = [{"instanceId": "3", "location": "w", "properties": {"instanceView": view}}]
            return httpx.Response(200, json={"value": vms})
        if path.endswith("/virtualMachines"):
            return httpx.Response(200, json={"value": [{"name": "vm-a"}]})
        return httpx.Response(200, json={"maintenanceRedeployStatus": ELIGIBLE})

    return httpx.MockTransport(answer)


@pytest.fixture
def fake_azure(monkeypatch: pytest.MonkeyPatch) -> Any:
    """``azure.identity.DefaultAzureCredential`` and the client's transport, faked."""
    identity = types.ModuleType("azure.identity")
    identity.DefaultAzureCredential = FakeCredential  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "azure.identity", identity)
    real = vmss_maintenance.MaintenanceClient

    def install(transport: httpx.MockTransport) -> None:
        clocks = FakeClocks()

        class Client(real):  # type: ignore[misc, valid-type]
            def __init__(self, credential: Any, subscription_id: str) -> None:
                super().__init__(credential, "9f8e7d6c-5b4a-4321-8765-0123456789ab",
                                 transport=transport, clock=clocks, sleep=clocks.sleep)  # fmt: skip

        monkeypatch.setattr(vmss_maintenance, "MaintenanceClient", Client)

    return install


def test_the_is_maintenance_pending_example_runs(
    fake_azure: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[str] = []
    fake_azure(route("Uniform", calls))
    exec(block("### Is maintenance pending?"), {})  # noqa: S102 - the README's own code
    assert capsys.readouterr().out.splitlines()[:2] == ["Uniform 1", "3 None 2"]
    assert calls == ["GET my-scale-set", "GET virtualMachines", "POST performMaintenance"]


def test_the_list_example_runs(fake_azure: Any, capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[str] = []
    fake_azure(route("Uniform", calls))
    namespace: dict[str, Any] = {}
    exec(SET_UP, namespace)  # noqa: S102 - a client, as the README's earlier block makes
    exec(block("The raw instances, as the generated"), namespace)  # noqa: S102
    assert namespace["names"] == ["my-scale-set"]
    assert capsys.readouterr().out.startswith("3 MaintenanceRedeployStatus(")


def test_the_vm_example_runs(fake_azure: Any) -> None:
    calls: list[str] = []
    fake_azure(route("Flexible", calls))
    namespace: dict[str, Any] = {}
    exec(SET_UP, namespace)  # noqa: S102 - a client, as the README's earlier block makes
    exec(block("### One VM (Flexible scale sets)"), namespace)  # noqa: S102
    assert namespace["result"].vm_name == "my-vm"
    assert namespace["poller"].vm_name == "my-vm"
    assert calls[-1] == "POST performMaintenance"
    assert "GET instanceView" in calls
