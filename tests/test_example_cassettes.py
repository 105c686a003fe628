"""The generated client replays the spec's own examples from VCR cassettes.

The cassettes were recorded (``pytest --record-mode=once``) against a loopback fake that
answers as each example says; in CI they are replayed with record mode ``none`` and
``--block-network``, so nothing is served and nothing leaves the machine.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from vmss_maintenance_api import Client
from vmss_maintenance_api.api.virtual_machine_scale_sets import (
    virtual_machine_scale_sets_perform_maintenance as perform_maintenance,
)
from vmss_maintenance_api.models import VirtualMachineScaleSetVMInstanceIDs
from vmss_maintenance_api.types import UNSET

EXAMPLES = json.loads((Path(__file__).parent.parent / "spec" / "examples.json").read_text())
RECORDING_PORT = 18490  # the fake listens here only while recording
BASE_URL = f"http://127.0.0.1:{RECORDING_PORT}"
CASES = [
    (name, code)
    for name in sorted(EXAMPLES)
    if name.startswith("VirtualMachineScaleSet_PerformMaintenance")
    for code in sorted(EXAMPLES[name]["responses"])
]


def _fake_server(status: int, headers: dict[str, str]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    return ThreadingHTTPServer(("127.0.0.1", RECORDING_PORT), Handler)


@pytest.fixture
def example_server(request: pytest.FixtureRequest, record_mode: str) -> Iterator[None]:
    """Serve the example's answer, but only when recording."""
    if record_mode == "none":
        yield
        return
    name, code = request.node.callspec.params["case"]
    answer = EXAMPLES[name]["responses"][code]
    server = _fake_server(int(code), answer.get("headers", {}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.vcr
@pytest.mark.usefixtures("example_server")
@pytest.mark.parametrize("case", CASES, ids=[f"{n.rsplit('_', 2)[1]}-{c}" for n, c in CASES])
def test_generated_client_replays_example(
    case: tuple[str, str], vcr: Any, record_mode: str
) -> None:
    name, code = case
    example = EXAMPLES[name]
    params = example["parameters"]
    ids = params.get("vmInstanceIDs", {}).get("instanceIds")
    body = UNSET if ids is None else VirtualMachineScaleSetVMInstanceIDs(instance_ids=ids)
    with Client(base_url=BASE_URL) as client:
        response = perform_maintenance.sync_detailed(
            params["subscriptionId"],
            params["resourceGroupName"],
            params["vmScaleSetName"],
            client=client,
            body=body,
            api_version=params["api-version"],
        )

    assert int(response.status_code) == int(code)
    expected_headers = example["responses"][code].get("headers", {})
    for header, value in expected_headers.items():
        assert response.headers[header] == value
    if record_mode == "none":
        assert vcr.play_count == 1
    sent = vcr.requests[0]
    assert sent.method == "POST"
    assert "api-version=" + params["api-version"] in sent.uri
    assert f"/resourceGroups/{params['resourceGroupName']}/" in sent.uri
    assert sent.uri.endswith(
        f"/virtualMachineScaleSets/{params['vmScaleSetName']}/performMaintenance"
        f"?api-version={params['api-version']}"
    )
    if ids is None:
        assert not sent.body
    else:
        assert json.loads(sent.body) == {"instanceIds": ids}
    assert "authorization" not in {key.lower() for key in sent.headers}


def test_examples_cover_both_answers() -> None:
    # The spec's examples document 200 and 202-with-location for both example sets.
    assert [(name.rsplit("_", 2)[1], code) for name, code in CASES] == [
        ("MaximumSet", "200"), ("MaximumSet", "202"), ("MinimumSet", "200"), ("MinimumSet", "202"),
    ]  # fmt: skip
    assert EXAMPLES["VirtualMachineScaleSet_PerformMaintenance_MaximumSet_Gen"]["responses"]["202"][
        "headers"
    ] == {"location": "https://foo.com/operationstatus"}
