"""The local ARM emulator, driven with real httpx requests over loopback."""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from vmss_maintenance import MaintenanceClient, StaticTokenCredential
from vmss_maintenance_emulator import (
    KNOWN_API_VERSIONS,
    REDACTED,
    SAMPLE_RESOURCE_GROUP,
    SAMPLE_SCALE_SET,
    SAMPLE_SEED,
    SAMPLE_SUBSCRIPTION_ID,
    ArmEmulator,
    Faults,
    Instance,
    SeedError,
    default_api_versions,
    main,
    sample_seed,
)

SUB = SAMPLE_SUBSCRIPTION_ID
RG = SAMPLE_RESOURCE_GROUP
VMSS = SAMPLE_SCALE_SET
TOKEN = "test-token-value"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ROOT = Path(__file__).resolve().parents[2]
# The client's api-version, read from the spec copy as the emulator reads it.
API = json.loads((ROOT / "spec" / "openapi.json").read_text("utf-8"))["info"]["version"]
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ARM_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$")
FIXED_NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)
# One TLS context for every plain-HTTP client: building one per client (httpx's default) is slow.
PLAIN = ssl.create_default_context()


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += seconds


@pytest.fixture
def arm() -> Iterator[ArmEmulator]:
    with ArmEmulator() as emulator:
        emulator.load_sample()
        yield emulator


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(headers=AUTH, timeout=5, verify=PLAIN) as http:
        yield http


@pytest.fixture
def anonymous() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5, verify=PLAIN) as http:
        yield http


def perform_url(
    emulator: ArmEmulator,
    *,
    sub: str = SUB,
    rg: str = RG,
    name: str = VMSS,
    api_version: str | None = API,
) -> str:
    url = (
        f"{emulator.endpoint}/subscriptions/{sub}/resourceGroups/{rg}/providers/"
        f"Microsoft.Compute/virtualMachineScaleSets/{name}/performMaintenance"
    )
    return url if api_version is None else f"{url}?api-version={api_version}"


def error_of(response: httpx.Response) -> dict[str, Any]:
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    return error


def start_operation(
    emulator: ArmEmulator, http: httpx.Client, ids: list[str] | None = None
) -> httpx.Response:
    response = http.post(perform_url(emulator), json=None if ids is None else {"instanceIds": ids})
    assert response.status_code == 202, response.text
    return response


# -- construction --------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "example.com", "::"])  # noqa: S104
def test_non_loopback_host_is_refused(host: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(host))):
        ArmEmulator(host=host)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lro_headers": "sometimes"}, "lro_headers must be one of 'both'"),
        ({"polls_to_complete": 0}, "polls_to_complete must be >= 1, got 0"),
        ({"retry_after": -1}, "retry_after must be between 0 and 3600, got -1"),
        ({"duration": -0.5}, "duration must be a number of seconds >= 0 or None, got -0.5"),
        ({"port": 70000}, "port must be between 0 and 65535, got 70000"),
        ({"api_versions": []}, "api_versions must name at least one api-version"),
    ],
)
def test_bad_settings_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        ArmEmulator(**kwargs)


def test_default_api_versions_include_the_generated_one() -> None:
    versions = default_api_versions()
    assert set(KNOWN_API_VERSIONS) <= set(versions)
    assert API in versions
    assert list(versions) == sorted(versions)
    assert ArmEmulator().api_versions == versions


def test_endpoint_needs_a_started_emulator_and_a_stopped_one_stays_stopped() -> None:
    emulator = ArmEmulator()
    with pytest.raises(RuntimeError, match="not started"):
        _ = emulator.endpoint
    emulator.start()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", emulator.endpoint)
    assert emulator.ca_file is None
    emulator.stop()
    emulator.stop()
    with pytest.raises(RuntimeError, match="stopped"):
        emulator.start()


def test_localhost_is_accepted(client: httpx.Client) -> None:
    with ArmEmulator(host="localhost") as emulator:
        emulator.load_sample()
        assert re.fullmatch(r"http://localhost:\d+", emulator.endpoint)
        assert client.post(perform_url(emulator)).status_code == 409


def _port_of(emulator: ArmEmulator) -> int:
    return int(emulator.endpoint.rsplit(":", 1)[1])


def test_polling_urls_name_the_host_the_client_called(
    arm: ArmEmulator, client: httpx.Client
) -> None:
    called = f"http://localhost:{_port_of(arm)}"  # the emulator listens on 127.0.0.1
    started = client.post(
        perform_url(arm).replace(arm.endpoint, called), json={"instanceIds": ["0"]}
    )
    assert started.status_code == 202
    operation = arm.operations[0]
    status_url = (
        f"{called}/subscriptions/{SUB}/providers/Microsoft.Compute/locations/westeurope/"
        f"operations/{operation.id}"
    )
    assert started.headers["azure-asyncoperation"] == f"{status_url}?api-version={API}"
    assert started.headers["location"] == f"{status_url}?monitor=true&api-version={API}"
    running = client.get(started.headers["location"])
    assert running.status_code == 202
    assert running.headers["location"] == started.headers["location"]


def test_a_client_that_called_localhost_follows_the_operation_to_its_end(
    arm: ArmEmulator,
) -> None:
    clock = FakeClock()

    def sleep(seconds: float) -> None:
        clock.advance(seconds)

    with MaintenanceClient(
        StaticTokenCredential("any"),
        SUB,
        endpoint=f"http://localhost:{_port_of(arm)}",
        clock=clock,
        sleep=sleep,
    ) as maintenance:
        result = maintenance.perform_maintenance(RG, VMSS, ["0", "1"])
    assert result.status == "Succeeded"
    assert [operation.status for operation in arm.operations] == ["Succeeded"]


def _raw_post(emulator: ArmEmulator, head: str) -> dict[str, str]:
    """POST performMaintenance over a raw socket with these request-line/header lines."""
    path = perform_url(emulator).removeprefix(emulator.endpoint)
    body = '{"instanceIds": ["0"]}'
    payload = (
        f"{head.format(path=path)}\r\nAuthorization: Bearer x\r\nContent-Type: application/json"
        f"\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}"
    )
    answer = _raw_exchange(emulator, payload.encode())
    lines = answer.partition(b"\r\n\r\n")[0].decode().split("\r\n")
    assert lines[0].startswith("HTTP/1.1 202 "), lines
    return {name.lower(): value for name, _, value in (line.partition(": ") for line in lines[1:])}


@pytest.mark.parametrize(
    "head",
    [
        "POST {path} HTTP/1.0",
        "POST {path} HTTP/1.1\r\nHost: ",
        "POST {path} HTTP/1.1\r\nHost: evil host",
        "POST {path} HTTP/1.1\r\nHost: a..b",
        "POST {path} HTTP/1.1\r\nHost: user@evil.example",
        "POST {path} HTTP/1.1\r\nHost: localhost:99999",
        "POST {path} HTTP/1.1\r\nHost: [not-ipv6]:80",
        "POST {path} HTTP/1.1\r\nHost: evil.example/x",
    ],
)
def test_without_a_well_formed_host_the_polling_urls_use_the_emulators_own(
    arm: ArmEmulator, head: str
) -> None:
    headers = _raw_post(arm, head)
    assert headers["azure-asyncoperation"].startswith(f"{arm.endpoint}/subscriptions/{SUB}/")
    assert headers["location"].startswith(f"{arm.endpoint}/subscriptions/{SUB}/")


def test_an_ipv6_host_header_is_kept(arm: ArmEmulator) -> None:
    headers = _raw_post(arm, "POST {path} HTTP/1.1\r\nHost: [::1]:8443")
    assert headers["location"].startswith(f"http://[::1]:8443/subscriptions/{SUB}/")


def test_serve_forever_in_a_thread_until_stop(client: httpx.Client) -> None:
    emulator = ArmEmulator()
    emulator.load_sample()
    ready = threading.Event()
    thread = threading.Thread(target=emulator.serve_forever, kwargs={"on_ready": ready.set})
    thread.start()
    try:
        assert ready.wait(5)
        response = client.post(perform_url(emulator), json={"instanceIds": ["0"]})
        assert response.status_code == 202
    finally:
        emulator.stop()
        thread.join(5)
    assert not thread.is_alive()


# -- authentication --------------------------------------------------------------------------


def test_missing_authorization_is_401(arm: ArmEmulator, anonymous: httpx.Client) -> None:
    response = anonymous.post(perform_url(arm))
    assert response.status_code == 401
    assert error_of(response) == {
        "code": "AuthenticationFailed",
        "message": "Authentication failed. The 'Authorization' header is missing.",
    }
    assert response.headers["www-authenticate"] == (
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common", '
        'error="invalid_token", error_description="The authentication failed because of '
        "missing 'Authorization' header.\""
    )
    assert arm.operations == []


@pytest.mark.parametrize("value", ["Basic dXNlcjpwYXNz", "Bearer", "token-without-scheme"])
def test_malformed_authorization_is_401(
    arm: ArmEmulator, anonymous: httpx.Client, value: str
) -> None:
    response = anonymous.post(perform_url(arm), headers={"Authorization": value})
    assert response.status_code == 401
    assert error_of(response) == {
        "code": "AuthenticationFailed",
        "message": (
            "Authentication failed. The 'Authorization' header is missing or in an invalid format."
        ),
    }
    assert response.headers["www-authenticate"].startswith(
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common", '
        'error="invalid_token", error_description="'
    )


def test_status_urls_need_authorization_too(
    arm: ArmEmulator, client: httpx.Client, anonymous: httpx.Client
) -> None:
    started = start_operation(arm, client, ["0"])
    response = anonymous.get(started.headers["azure-asyncoperation"])
    assert response.status_code == 401
    assert error_of(response)["code"] == "AuthenticationFailed"
    assert arm.operations[0].polls == 0


def test_claims_challenge_once(client: httpx.Client) -> None:
    with ArmEmulator(claims_challenge=True) as emulator:
        emulator.load_sample()
        first = client.post(perform_url(emulator), json={"instanceIds": ["0"]})
        assert first.status_code == 401
        header = first.headers["www-authenticate"]
        found = re.fullmatch(
            r'Bearer realm="", authorization_uri="https://login\.microsoftonline\.com/common/'
            r'oauth2/authorize", error="insufficient_claims", claims="([A-Za-z0-9_=-]+)"',
            header,
        )
        assert found, header
        claims = json.loads(base64.urlsafe_b64decode(found[1]))
        assert claims == {"access_token": {"nbf": {"essential": True, "value": "1700000000"}}}
        assert error_of(first)["code"] == "InvalidAuthenticationToken"
        assert emulator.operations == []
        second = client.post(perform_url(emulator), json={"instanceIds": ["0"]})
        assert second.status_code == 202
        assert len(emulator.operations) == 1


# -- api-version -----------------------------------------------------------------------------


def test_missing_api_version_is_400(arm: ArmEmulator, client: httpx.Client) -> None:
    response = client.post(perform_url(arm, api_version=None))
    assert response.status_code == 400
    assert error_of(response) == {
        "code": "MissingApiVersionParameter",
        "message": "The api-version query parameter (?api-version=) is required for all requests.",
    }


def test_unsupported_api_version_is_400(arm: ArmEmulator, client: httpx.Client) -> None:
    response = client.post(perform_url(arm, api_version="2099-01-01"))
    assert response.status_code == 400
    assert error_of(response) == {
        "code": "InvalidApiVersionParameter",
        "message": (
            "The api-version '2099-01-01' is invalid. The supported versions are "
            f"'{','.join(default_api_versions())}'."
        ),
    }


def test_api_versions_can_be_narrowed(client: httpx.Client) -> None:
    with ArmEmulator(api_versions=["2000-01-01"]) as emulator:
        emulator.load_sample()
        refused = client.post(perform_url(emulator, api_version="2000-02-01"))
        assert error_of(refused)["message"] == (
            "The api-version '2000-02-01' is invalid. The supported versions are '2000-01-01'."
        )
        accepted = client.post(perform_url(emulator, api_version="2000-01-01"), json={})
        assert accepted.status_code == 409  # instance 3 of the sample is not eligible
        assert accepted.headers["x-ms-ratelimit-remaining-subscription-writes"] == "1198"


# -- resources -------------------------------------------------------------------------------


def test_unknown_subscription_is_404(arm: ArmEmulator, client: httpx.Client) -> None:
    sub = "00000000-0000-0000-0000-000000000000"
    response = client.post(perform_url(arm, sub=sub))
    assert response.status_code == 404
    assert error_of(response) == {
        "code": "SubscriptionNotFound",
        "message": f"The subscription '{sub}' could not be found.",
    }


def test_unknown_resource_group_is_404(arm: ArmEmulator, client: httpx.Client) -> None:
    response = client.post(perform_url(arm, rg="other-rg"))
    assert response.status_code == 404
    assert error_of(response) == {
        "code": "ResourceGroupNotFound",
        "message": "Resource group 'other-rg' could not be found.",
    }


def test_unknown_scale_set_is_404(arm: ArmEmulator, client: httpx.Client) -> None:
    response = client.post(perform_url(arm, name="api-vmss"))
    assert response.status_code == 404
    assert error_of(response) == {
        "code": "ResourceNotFound",
        "message": (
            "The Resource 'Microsoft.Compute/virtualMachineScaleSets/api-vmss' under resource "
            f"group '{RG}' was not found. For more details please go to "
            "https://aka.ms/ARMResourceNotFoundFix"
        ),
    }


def test_empty_resource_group_can_be_added(arm: ArmEmulator, client: httpx.Client) -> None:
    arm.add_resource_group(SUB, "empty-rg")
    response = client.post(perform_url(arm, rg="empty-rg"))
    assert error_of(response)["code"] == "ResourceNotFound"


def test_path_and_names_match_case_insensitively(arm: ArmEmulator, client: httpx.Client) -> None:
    url = (
        f"{arm.endpoint}/SUBSCRIPTIONS/{SUB.upper()}/resourcegroups/DEMO-RG/PROVIDERS/"
        "microsoft.compute/VIRTUALMACHINESCALESETS/Web-VMSS/PERFORMMAINTENANCE"
        f"?API-VERSION={API}"
    )
    response = client.post(url, json={"instanceIds": ["1"]})
    assert response.status_code == 202
    (operation,) = arm.operations
    assert (operation.subscription_id, operation.resource_group, operation.scale_set) == (
        SUB,
        RG,
        VMSS,
    )
    assert operation.instance_ids == ("1",)


def test_unknown_paths_and_methods(arm: ArmEmulator, client: httpx.Client) -> None:
    other = client.get(f"{arm.endpoint}/nothing/here")
    assert other.status_code == 404
    assert error_of(other) == {
        "code": "InvalidResourceType",
        "message": (
            f"No HTTP resource was found that matches the request URI '{arm.endpoint}"
            "/nothing/here'."
        ),
    }
    typed = client.post(
        f"{arm.endpoint}/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Compute/"
        f"virtualMachines/vm1/start?api-version={API}"
    )
    assert typed.status_code == 404
    assert error_of(typed) == {
        "code": "InvalidResourceType",
        "message": (
            "The resource type 'virtualMachines' could not be found in the namespace "
            f"'Microsoft.Compute' for api version '{API}'."
        ),
    }
    wrong = client.get(perform_url(arm))
    assert wrong.status_code == 405
    assert wrong.headers["allow"] == "POST"
    assert error_of(wrong) == {
        "code": "MethodNotAllowed",
        "message": "The requested resource does not support http method 'GET'.",
    }
    started = start_operation(arm, client, ["0"])
    deleted = client.delete(started.headers["azure-asyncoperation"])
    assert deleted.status_code == 405
    assert deleted.headers["allow"] == "GET"


# -- request body and eligibility ----------------------------------------------------------


def test_ineligible_instance_is_409(arm: ArmEmulator, client: httpx.Client) -> None:
    response = client.post(perform_url(arm), json={"instanceIds": ["0", "3"]})
    assert response.status_code == 409
    assert error_of(response) == {
        "code": "OperationNotAllowed",
        "message": (
            "Operation 'performMaintenance' is not allowed on VM 'web-vmss_3' since the "
            "Subscription of this VM is not eligible."
        ),
    }
    assert arm.operations == []


def test_no_body_means_every_instance(arm: ArmEmulator, client: httpx.Client) -> None:
    # The sample has an ineligible instance 3, so "all" is refused there ...
    assert client.post(perform_url(arm)).status_code == 409
    # ... and a scale set of eligible instances takes all of them.
    arm.add_scale_set(SUB, RG, "batch-vmss", ["0", "1", "7"])
    response = client.post(perform_url(arm, name="batch-vmss"), content=b"")
    assert response.status_code == 202
    assert arm.operations[-1].instance_ids == ("0", "1", "7")


@pytest.mark.parametrize(
    "body", [b"null", b"{}", b'{"instanceIds": null}', b'{"instanceIds": []}', b"  \n"]
)
def test_empty_selections_mean_every_instance(client: httpx.Client, body: bytes) -> None:
    with ArmEmulator() as emulator:
        emulator.add_scale_set(SUB, RG, VMSS, ["0", "1"])
        response = client.post(
            perform_url(emulator), content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 202
        assert emulator.operations[0].instance_ids == ("0", "1")


def test_instance_ids_key_case_and_integer_ids_are_accepted(
    arm: ArmEmulator, client: httpx.Client
) -> None:
    response = client.post(perform_url(arm), json={"InstanceIDs": [2, "0", "2"]})
    assert response.status_code == 202
    assert arm.operations[0].instance_ids == ("2", "0")


def test_unknown_instance_id_is_400(arm: ArmEmulator, client: httpx.Client) -> None:
    response = client.post(perform_url(arm), json={"instanceIds": ["0", "42"]})
    assert response.status_code == 400
    assert error_of(response) == {
        "code": "InvalidParameter",
        "message": (
            "The provided instanceId 42 is not an active Virtual Machine Scale Set VM instanceId."
        ),
        "target": "instanceIds",
    }


def test_malformed_json_is_400(arm: ArmEmulator, client: httpx.Client) -> None:
    response = client.post(
        perform_url(arm), content=b'{"instanceIds": [', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "InvalidRequestContent"
    assert error["message"].startswith(
        "The request content was invalid and could not be deserialized: '"
    )


@pytest.mark.parametrize(
    ("body", "target"),
    [
        (b'["0"]', None),
        (b'"0"', None),
        (b'{"instanceIds": "0"}', "instanceIds"),
        (b'{"instanceIds": [{"id": "0"}]}', "instanceIds"),
        (b'{"instanceIds": [true]}', "instanceIds"),
    ],
)
def test_wrong_body_shape_is_400(
    arm: ArmEmulator, client: httpx.Client, body: bytes, target: str | None
) -> None:
    response = client.post(
        perform_url(arm), content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "BadRequest"
    assert error.get("target") == target


def test_non_json_content_type_is_415(arm: ArmEmulator, client: httpx.Client) -> None:
    response = client.post(
        perform_url(arm), content=b"instanceIds=0", headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 415
    assert error_of(response) == {
        "code": "UnsupportedMediaType",
        "message": (
            "The content media type 'text/plain' is not supported. Only 'application/json' is "
            "supported."
        ),
    }


@pytest.mark.parametrize(
    ("window", "reason"),
    [
        (
            {"window_start": "2025-07-01T00:00:00Z"},
            "since the maintenance window has not started yet; it starts at "
            "2025-07-01T00:00:00+00:00.",
        ),
        (
            {"window_end": dt.datetime(2025, 5, 1, tzinfo=dt.UTC)},
            "since the maintenance window ended at 2025-05-01T00:00:00+00:00.",
        ),
    ],
)
def test_outside_maintenance_window_is_409(
    client: httpx.Client, window: dict[str, Any], reason: str
) -> None:
    with ArmEmulator(now=lambda: FIXED_NOW) as emulator:
        emulator.add_scale_set(SUB, RG, VMSS, [Instance("5", **window)])
        response = client.post(perform_url(emulator), json={"instanceIds": ["5"]})
        assert response.status_code == 409
        assert error_of(response)["message"] == (
            f"Operation 'performMaintenance' is not allowed on VM 'web-vmss_5' {reason}"
        )


def test_inside_maintenance_window_is_accepted(client: httpx.Client) -> None:
    inside = Instance(
        "5",
        window_start=dt.datetime(2025, 5, 31),  # naive: taken as UTC
        window_end="2025-06-02T00:00:00+02:00",
    )
    assert inside.window_end == dt.datetime(2025, 6, 1, 22, 0, tzinfo=dt.UTC)
    with ArmEmulator(now=lambda: FIXED_NOW) as emulator:
        emulator.add_scale_set(SUB, RG, VMSS, [inside])
        assert client.post(perform_url(emulator)).status_code == 202


def test_instance_values_are_checked() -> None:
    with pytest.raises(ValueError, match="instance id must be a non-empty string"):
        Instance("")
    with pytest.raises(ValueError, match=r"window_start .* is after window_end"):
        Instance("1", window_start="2025-02-01T00:00:00Z", window_end="2025-01-01T00:00:00Z")
    emulator = ArmEmulator()
    with pytest.raises(ValueError, match="instance id '1' given twice"):
        emulator.add_scale_set(SUB, RG, VMSS, ["1", Instance("1")])
    with pytest.raises(TypeError, match="not one string"):
        emulator.add_scale_set(SUB, RG, VMSS, "012")


# -- overlapping maintenance ---------------------------------------------------------------

RECORDINGS = ROOT.parent / "shared" / "arm-recordings"


def busy_message(vm: str, operation_id: str) -> str:
    return (
        f"Operation 'performMaintenance' is not allowed on VM '{vm}' since maintenance started "
        f"by operation '{operation_id}' is still in progress on this VM."
    )


def test_maintenance_on_a_vm_under_maintenance_is_409(
    arm: ArmEmulator, client: httpx.Client
) -> None:
    started = start_operation(arm, client, ["0", "1"])
    (running,) = arm.operations
    refused = client.post(perform_url(arm), json={"instanceIds": ["2", "1"]})
    assert refused.status_code == 409
    assert error_of(refused) == {
        "code": "OperationNotAllowed",
        "message": busy_message(f"{VMSS}_1", running.id),
    }
    assert "azure-asyncoperation" not in refused.headers
    assert "location" not in refused.headers
    assert len(arm.operations) == 1
    # Other VMs are free; once the operation has ended, its VMs have nothing pending: a new
    # maintenance is refused for that reason, no longer because they are busy.
    assert client.post(perform_url(arm), json={"instanceIds": ["2"]}).status_code == 202
    for _ in range(2):
        client.get(started.headers["azure-asyncoperation"])
    assert arm.operations[0].status == "Succeeded"
    done = client.post(perform_url(arm), json={"instanceIds": ["1"]})
    assert error_of(done)["message"].endswith("since there is no pending maintenance for this VM.")
    assert client.post(perform_url(arm), json={"instanceIds": ["5"]}).status_code == 202
    assert [operation.instance_ids for operation in arm.operations] == [
        ("0", "1"),
        ("2",),
        ("5",),
    ]


def test_every_instance_overlaps_and_other_scale_sets_are_independent(
    client: httpx.Client,
) -> None:
    with ArmEmulator() as emulator:
        emulator.add_scale_set(SUB, RG, "batch", ["0", "1"])
        emulator.add_scale_set(SUB, RG, "other", ["0", "1"])
        start = client.post(perform_url(emulator, name="batch"), json={"instanceIds": ["1"]})
        assert start.status_code == 202
        running = emulator.operations[0].id
        every = client.post(perform_url(emulator, name="batch"))
        assert error_of(every)["message"] == busy_message("batch_1", running)
        upper = client.post(perform_url(emulator, name="BATCH"), json={"instanceIds": ["1"]})
        assert upper.status_code == 409
        assert client.post(perform_url(emulator, name="other")).status_code == 202
        assert len(emulator.operations) == 2


def test_an_ended_operation_frees_its_vms(client: httpx.Client) -> None:
    clock = FakeClock()
    with ArmEmulator(polls_to_complete=None, duration=10, clock=clock) as emulator:
        emulator.load_sample()
        start_operation(emulator, client, ["0"])
        clock.advance(9.5)
        assert client.post(perform_url(emulator), json={"instanceIds": ["0"]}).status_code == 409
        clock.advance(0.5)  # its time is up: ended, though nobody has polled it yet
        done = client.post(perform_url(emulator), json={"instanceIds": ["0"]})
        assert "no pending maintenance" in error_of(done)["message"]  # not busy: done
    with ArmEmulator() as emulator:
        emulator.load_sample()
        failing = start_operation(emulator, client, ["4"])
        for _ in range(2):
            client.get(failing.headers["azure-asyncoperation"])
        assert emulator.operations[0].status == "Failed"
        start_operation(emulator, client, ["4"])


def test_allow_overlap_accepts_maintenance_on_busy_vms(client: httpx.Client) -> None:
    with ArmEmulator(allow_overlap=True) as emulator:
        emulator.load_sample()
        start_operation(emulator, client, ["0"])
        start_operation(emulator, client, ["0"])
        assert len(emulator.operations) == 2


@pytest.mark.skipif(not RECORDINGS.is_dir(), reason="no ../shared/arm-recordings beside the repo")
def test_the_busy_409_has_the_shape_of_arms_recorded_409s(
    arm: ArmEmulator, client: httpx.Client
) -> None:
    recorded = [
        exchange["response"]
        for path in sorted(RECORDINGS.glob("*perform_maintenance_409*.json"))
        for exchange in json.loads(path.read_text())
        if exchange["response"]["status"] == 409
    ]
    assert recorded
    start_operation(arm, client, ["0"])
    ours = client.post(perform_url(arm), json={"instanceIds": ["0"]})
    lead_in = re.compile(
        r"^Operation 'performMaintenance' is not allowed on VM '[^']+' since .+\.$"
    )
    for response in recorded:
        body = response["body"]
        theirs = json.loads(body) if isinstance(body, str) else body
        headers = {name.lower(): value for name, value in response["headers"].items()}
        assert ours.status_code == response["status"]
        assert ours.headers["content-type"] == headers["content-type"]
        assert set(ours.json()) == set(theirs) == {"error"}
        assert set(ours.json()["error"]) == set(theirs["error"]) == {"code", "message"}
        assert ours.json()["error"]["code"] == theirs["error"]["code"]
        assert lead_in.match(theirs["error"]["message"])
        assert lead_in.match(ours.json()["error"]["message"])
        for name in (
            "cache-control",
            "pragma",
            "expires",
            "x-ms-correlation-request-id",
            "x-ms-ratelimit-remaining-subscription-writes",
        ):
            assert name in headers
            assert name in ours.headers


# -- long-running operation headers ------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "async_header", "location_header"),
    [
        ("both", True, True),
        ("azure-async-operation", True, False),
        ("location", False, True),
    ],
)
def test_202_headers_per_mode(
    client: httpx.Client, mode: Any, async_header: bool, location_header: bool
) -> None:
    with ArmEmulator(lro_headers=mode, retry_after=7) as emulator:
        emulator.load_sample()
        response = start_operation(emulator, client, ["0", "1"])
        assert response.content == b""
        assert "content-type" not in response.headers
        assert response.headers["retry-after"] == "7"
        (operation,) = emulator.operations
        base = (
            f"{emulator.endpoint}/subscriptions/{SUB}/providers/Microsoft.Compute/locations/"
            f"westeurope/operations/{operation.id}"
        )
        assert GUID.match(operation.id)
        assert response.headers.get("azure-asyncoperation") == (
            f"{base}?api-version={API}" if async_header else None
        )
        assert response.headers.get("location") == (
            f"{base}?monitor=true&api-version={API}" if location_header else None
        )


def test_none_200_answers_at_once(client: httpx.Client) -> None:
    with ArmEmulator(lro_headers="none-200") as emulator:
        emulator.load_sample()
        response = client.post(perform_url(emulator), json={"instanceIds": ["0", "1"]})
        assert response.status_code == 200
        assert response.content == b""
        assert "content-type" not in response.headers
        assert "location" not in response.headers
        assert "azure-asyncoperation" not in response.headers
        assert [op.status for op in emulator.operations] == ["Succeeded"]
        failed = client.post(perform_url(emulator), json={"instanceIds": ["4"]})
        assert failed.status_code == 500
        assert error_of(failed)["code"] == "InternalExecutionError"
        assert [op.status for op in emulator.operations] == ["Succeeded", "Failed"]


def test_common_headers(arm: ArmEmulator, client: httpx.Client) -> None:
    first = client.post(perform_url(arm), json={"instanceIds": ["0"]})
    assert GUID.match(first.headers["x-ms-request-id"])
    assert GUID.match(first.headers["x-ms-correlation-request-id"])
    assert "x-ms-client-request-id" not in first.headers
    assert first.headers["x-ms-ratelimit-remaining-subscription-writes"] == "1199"
    second = client.post(
        perform_url(arm), json={"instanceIds": ["1"]}, headers={"x-ms-client-request-id": "abc"}
    )
    assert second.headers["x-ms-client-request-id"] == "abc"
    assert second.headers["x-ms-correlation-request-id"] == "abc"
    assert second.headers["x-ms-request-id"] != first.headers["x-ms-request-id"]
    assert second.headers["x-ms-ratelimit-remaining-subscription-writes"] == "1198"
    third = client.post(
        perform_url(arm),
        json={"instanceIds": ["2"]},
        headers={"x-ms-client-request-id": "abc", "x-ms-correlation-request-id": "corr-1"},
    )
    assert third.headers["x-ms-correlation-request-id"] == "corr-1"
    assert third.headers["x-ms-client-request-id"] == "abc"
    poll = client.get(third.headers["azure-asyncoperation"])
    assert poll.headers["x-ms-ratelimit-remaining-subscription-reads"] == "11999"
    assert "x-ms-ratelimit-remaining-subscription-writes" not in poll.headers
    again = client.get(third.headers["azure-asyncoperation"])
    assert again.headers["x-ms-ratelimit-remaining-subscription-reads"] == "11998"


# -- status polling --------------------------------------------------------------------------


def test_azure_async_operation_progression(client: httpx.Client) -> None:
    with ArmEmulator(polls_to_complete=3, retry_after=4, now=lambda: FIXED_NOW) as emulator:
        emulator.load_sample()
        url = start_operation(emulator, client, ["0", "1"]).headers["azure-asyncoperation"]
        (operation,) = emulator.operations
        bodies = []
        for _ in range(4):
            poll = client.get(url)
            assert poll.status_code == 200
            assert poll.headers["content-type"] == "application/json; charset=utf-8"
            bodies.append((poll.json(), poll.headers.get("retry-after")))
    running = {"startTime": "2025-06-01T12:00:00.0000000+00:00", "status": "InProgress"}
    done = {
        "startTime": "2025-06-01T12:00:00.0000000+00:00",
        "endTime": "2025-06-01T12:00:00.0000000+00:00",
        "status": "Succeeded",
    }
    assert bodies == [
        ({**running, "name": operation.id}, "4"),
        ({**running, "name": operation.id}, "4"),
        ({**done, "name": operation.id}, None),
        ({**done, "name": operation.id}, None),
    ]


def test_location_progression(arm: ArmEmulator, client: httpx.Client) -> None:
    url = start_operation(arm, client, ["2"]).headers["location"]
    running = client.get(url)
    assert running.status_code == 202
    assert running.headers["location"] == url
    assert running.headers["retry-after"] == "1"
    assert running.content == b""
    done = client.get(url)
    assert done.status_code == 200
    assert done.content == b""
    assert "retry-after" not in done.headers
    (operation,) = arm.operations
    assert operation.status == "Succeeded"
    assert operation.polls == 2
    assert operation.end_time is not None
    assert operation.end_time >= operation.start_time


def test_polls_of_either_url_count(arm: ArmEmulator, client: httpx.Client) -> None:
    started = start_operation(arm, client, ["0"])
    assert client.get(started.headers["azure-asyncoperation"]).json()["status"] == "InProgress"
    assert client.get(started.headers["location"]).status_code == 200
    final = client.get(started.headers["azure-asyncoperation"]).json()
    assert final["status"] == "Succeeded"
    assert ARM_TIME.match(final["startTime"])
    assert ARM_TIME.match(final["endTime"])


def test_duration_on_the_emulator_clock(client: httpx.Client) -> None:
    clock = FakeClock()
    with ArmEmulator(polls_to_complete=None, duration=10, clock=clock) as emulator:
        emulator.load_sample()
        url = start_operation(emulator, client, ["0"]).headers["azure-asyncoperation"]
        assert client.get(url).json()["status"] == "InProgress"
        clock.advance(9.5)
        assert client.get(url).json()["status"] == "InProgress"
        clock.advance(0.5)
        assert client.get(url).json()["status"] == "Succeeded"
        assert emulator.operations[0].polls == 3


def test_duration_or_polls_whichever_first(client: httpx.Client) -> None:
    clock = FakeClock()
    with ArmEmulator(polls_to_complete=5, duration=1, clock=clock) as emulator:
        emulator.load_sample()
        url = start_operation(emulator, client, ["0"]).headers["azure-asyncoperation"]
        assert client.get(url).json()["status"] == "InProgress"
        clock.advance(1)
        assert client.get(url).json()["status"] == "Succeeded"


def test_without_limits_an_operation_never_ends(client: httpx.Client) -> None:
    with ArmEmulator(polls_to_complete=None, duration=None) as emulator:
        emulator.load_sample()
        url = start_operation(emulator, client, ["0"]).headers["location"]
        assert [client.get(url).status_code for _ in range(5)] == [202] * 5


def test_failing_instance_ends_failed(arm: ArmEmulator, client: httpx.Client) -> None:
    started = start_operation(arm, client, ["0", "4"])
    aao, location = started.headers["azure-asyncoperation"], started.headers["location"]
    assert client.get(aao).json()["status"] == "InProgress"
    final = client.get(aao)
    assert final.status_code == 200
    body = final.json()
    assert body["status"] == "Failed"
    assert body["error"] == {
        "code": "InternalExecutionError",
        "message": "An internal execution error occurred while performing maintenance on VM "
        "'web-vmss_4'.",
    }
    assert set(body) == {"startTime", "endTime", "status", "error", "name"}
    monitor = client.get(location)
    assert monitor.status_code == 500
    assert error_of(monitor) == body["error"]
    (operation,) = arm.operations
    assert operation.failed_vms == ("web-vmss_4",)
    assert operation.status == "Failed"


def test_unknown_operation_is_404(arm: ArmEmulator, client: httpx.Client) -> None:
    url = (
        f"{arm.endpoint}/subscriptions/{SUB}/providers/Microsoft.Compute/locations/westeurope/"
        f"operations/00000000-0000-0000-0000-000000000000?api-version={API}"
    )
    response = client.get(url)
    assert response.status_code == 404
    assert error_of(response) == {
        "code": "NotFound",
        "message": (
            "The operation '00000000-0000-0000-0000-000000000000' could not be found in "
            "location 'westeurope'."
        ),
    }
    real = start_operation(arm, client, ["0"]).headers["azure-asyncoperation"]
    elsewhere = client.get(real.replace("/westeurope/", "/eastus/"))
    assert elsewhere.status_code == 404
    assert arm.operations[0].polls == 0
    stranger = client.get(real.replace(SUB, "99999999-2222-3333-4444-555555555555"))
    assert error_of(stranger)["code"] == "SubscriptionNotFound"


# -- HTTPS -------------------------------------------------------------------------------


def test_https_with_the_ca_file() -> None:
    with ArmEmulator(https=True) as emulator:
        emulator.load_sample()
        assert emulator.endpoint.startswith("https://127.0.0.1:")
        assert emulator.ca_file is not None
        ca_file = Path(emulator.ca_file)
        assert ca_file.read_text().startswith("-----BEGIN CERTIFICATE-----")
        context = ssl.create_default_context(cafile=emulator.ca_file)
        with httpx.Client(verify=context, headers=AUTH) as http:
            started = http.post(perform_url(emulator), json={"instanceIds": ["0"]})
            assert started.status_code == 202
            assert started.headers["azure-asyncoperation"].startswith(emulator.endpoint + "/")
            assert http.get(started.headers["azure-asyncoperation"]).status_code == 200
        with httpx.Client(verify=emulator.client_ssl_context(), headers=AUTH) as http:
            assert http.post(perform_url(emulator)).status_code == 409
        untrusting = httpx.Client(headers=AUTH, verify=PLAIN)
        with untrusting, pytest.raises(httpx.ConnectError):
            untrusting.post(perform_url(emulator))
        # the refused handshake did not stop the server
        with httpx.Client(verify=context, headers=AUTH) as http:
            assert http.post(perform_url(emulator)).status_code == 409
    assert not ca_file.exists()
    assert not ca_file.parent.exists()


def test_https_without_cryptography_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cryptography", None)
    emulator = ArmEmulator(https=True)
    with pytest.raises(ImportError, match=re.escape("pip install cryptography")):
        emulator.start()
    assert emulator.ca_file is None


def test_client_ssl_context_needs_https(arm: ArmEmulator) -> None:
    with pytest.raises(RuntimeError, match="https=True"):
        arm.client_ssl_context()


# -- faults ------------------------------------------------------------------------------


def test_throttle_every_third_request(client: httpx.Client) -> None:
    faults = Faults(throttle_every=3, throttle_retry_after=9)
    with ArmEmulator(faults=faults, allow_overlap=True) as emulator:
        emulator.load_sample()
        responses = [
            client.post(perform_url(emulator), json={"instanceIds": ["0"]}) for _ in range(6)
        ]
        assert [r.status_code for r in responses] == [202, 202, 429, 202, 202, 429]
        throttled = responses[2]
        assert throttled.headers["retry-after"] == "9"
        error = error_of(throttled)
        assert error["code"] == "TooManyRequests"
        assert error["message"].startswith(f"Number of 'write' requests for subscription '{SUB}'")
        assert len(emulator.operations) == 4


def _statuses_with_errors(http: httpx.Client, seed: int) -> list[int]:
    faults = Faults(server_error_rate=0.5, seed=seed)
    with ArmEmulator(faults=faults, allow_overlap=True) as emulator:
        emulator.load_sample()
        return [
            http.post(perform_url(emulator), json={"instanceIds": ["0"]}).status_code
            for _ in range(8)
        ]


def test_server_errors_follow_the_seed(client: httpx.Client) -> None:
    # random.Random(42): draws below 0.5 at requests 2, 5, 6, 7; the second draw picks 500/503.
    expected = [202, 500, 202, 202, 500, 503, 500, 202]
    assert _statuses_with_errors(client, 42) == expected
    assert _statuses_with_errors(client, 42) == expected
    assert _statuses_with_errors(client, 7) != expected


def test_server_error_bodies(client: httpx.Client) -> None:
    with ArmEmulator(faults=Faults(server_error_rate=1.0, seed=42)) as emulator:
        emulator.load_sample()
        codes = {}
        for _ in range(6):
            response = client.post(perform_url(emulator))
            codes[response.status_code] = error_of(response)
        assert set(codes) == {500, 503}
        assert codes[500]["code"] == "InternalServerError"
        assert codes[500]["message"].startswith("Encountered internal server error.")
        assert codes[503]["code"] == "ServiceUnavailable"
        assert emulator.operations == []


def test_latency_delays_answers(arm: ArmEmulator, client: httpx.Client) -> None:
    with ArmEmulator(faults=Faults(latency=0.005)) as slow:
        slow.load_sample()
        client.post(perform_url(slow), json={"instanceIds": ["0"]})
        (record,) = slow.requests
    assert record.elapsed >= 0.005


def test_dropped_connections(client: httpx.Client) -> None:
    with ArmEmulator(faults=Faults(drop_connection_every=2), allow_overlap=True) as emulator:
        emulator.load_sample()
        assert client.post(perform_url(emulator), json={"instanceIds": ["0"]}).status_code == 202
        with pytest.raises(httpx.RemoteProtocolError):
            client.post(perform_url(emulator), json={"instanceIds": ["0"]})
        assert client.post(perform_url(emulator), json={"instanceIds": ["0"]}).status_code == 202
        statuses = [record.status for record in emulator.requests]
        assert statuses == [202, None, 202]
        assert len(emulator.operations) == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"throttle_every": -1}, "throttle_every must be >= 0, got -1"),
        ({"throttle_retry_after": 4000}, "throttle_retry_after must be between 0 and 3600"),
        ({"server_error_rate": 1.5}, "server_error_rate must be between 0.0 and 1.0, got 1.5"),
        ({"server_error_rate": float("nan")}, "server_error_rate must be between 0.0 and 1.0"),
        ({"latency": -0.1}, "latency must be between 0.0 and 60.0, got -0.1"),
        ({"drop_connection_every": 1.5}, "drop_connection_every must be a whole number"),
        ({"seed": "x"}, "seed must be a whole number, got 'x'"),
    ],
)
def test_bad_faults_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        Faults(**kwargs)


# -- records and logging ---------------------------------------------------------------------


def test_requests_are_recorded_with_auth_redacted(
    arm: ArmEmulator, client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="vmss_maintenance_emulator")
    response = client.post(perform_url(arm), json={"instanceIds": ["1"]})
    poll = client.get(response.headers["azure-asyncoperation"])
    first, second = arm.requests
    assert first.method == "POST"
    assert first.path == (
        f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Compute/"
        f"virtualMachineScaleSets/{VMSS}/performMaintenance"
    )
    assert first.query == {"api-version": API}
    assert first.headers["authorization"] == REDACTED
    assert first.headers["content-type"] == "application/json"
    assert json.loads(first.body or b"") == {"instanceIds": ["1"]}
    assert first.status == 202
    assert first.response_headers["x-ms-request-id"] == response.headers["x-ms-request-id"]
    assert (
        first.response_headers["azure-asyncoperation"] == response.headers["azure-asyncoperation"]
    )
    assert first.elapsed >= 0
    assert second.method == "GET"
    assert second.body is None
    assert second.response_body == poll.content
    assert TOKEN not in repr(arm.requests)
    assert TOKEN not in caplog.text
    assert f"POST {first.path} -> 202" in caplog.text
    arm.reset_requests()
    assert arm.requests == []


def _post_concurrently(emulator: ArmEmulator, count: int) -> list[int]:
    def post(_: int) -> int:
        with httpx.Client(headers=AUTH, verify=PLAIN) as http:
            return http.post(perform_url(emulator), json={"instanceIds": ["0"]}).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(post, range(count)))


def test_concurrent_requests_are_all_recorded() -> None:
    with ArmEmulator(allow_overlap=True) as emulator:
        emulator.load_sample()
        assert _post_concurrently(emulator, 16) == [202] * 16
        assert len(emulator.requests) == 16
        assert len({operation.id for operation in emulator.operations}) == 16


def test_concurrent_maintenance_on_one_vm_starts_once(arm: ArmEmulator) -> None:
    statuses = _post_concurrently(arm, 16)
    assert sorted(statuses) == [202] + [409] * 15
    assert len(arm.requests) == 16
    assert len(arm.operations) == 1


def _raw_exchange(arm: ArmEmulator, payload: bytes) -> bytes:
    host, port = arm.endpoint.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=5) as raw:
        raw.sendall(payload)
        chunks = []
        while chunk := raw.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize(
    ("payload", "status_line", "code"),
    [
        (b"GARBAGE\r\n\r\n", b"400 Bad Request", "BadRequest"),
        (
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n",
            b"400 Bad Request",
            "BadRequest",
        ),
        (
            b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            b"400 Bad Request",
            "BadRequest",
        ),
        (
            b"GET / HTTP/1.1\r\nX: " + b"a" * 70000 + b"\r\n\r\n",
            b"431 Request Header Fields Too Large",
            "RequestHeaderFieldsTooLarge",
        ),
        (
            b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
            b"414 Request-URI Too Long",
            "RequestUriTooLong",
        ),
        (
            b"GET / HTTP/2.0\r\n\r\n",
            b"505 HTTP Version Not Supported",
            "HttpVersionNotSupported",
        ),
        (
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n",
            b"413 Request Entity Too Large",
            "RequestContentTooLarge",
        ),
    ],
)
def test_unparseable_requests_do_not_kill_the_server(
    arm: ArmEmulator, client: httpx.Client, payload: bytes, status_line: bytes, code: str
) -> None:
    # Phrases and codes are the emulator's own on every Python: 3.13 renamed HTTPStatus's
    # 413 ("Content Too Large") and 414 ("URI Too Long").
    answer = _raw_exchange(arm, payload)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.split(b"\r\n", 1)[0] == b"HTTP/1.1 " + status_line
    assert json.loads(body)["error"]["code"] == code
    assert client.post(perform_url(arm), json={"instanceIds": ["0"]}).status_code == 202


def test_chunked_body_is_read(arm: ArmEmulator, client: httpx.Client) -> None:
    def parts() -> Iterator[bytes]:
        yield b'{"instanceIds": '
        yield b'["1", "2"]}'

    response = client.post(
        perform_url(arm), content=parts(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 202
    assert arm.requests[-1].body == b'{"instanceIds": ["1", "2"]}'
    assert arm.operations[0].instance_ids == ("1", "2")


# -- seeds -------------------------------------------------------------------------------


def test_sample_seed() -> None:
    emulator = ArmEmulator()
    emulator.load_sample()
    scale_set, flexible = emulator.scale_sets
    assert (scale_set.subscription_id, scale_set.resource_group, scale_set.name) == (
        "11111111-2222-3333-4444-555555555555",
        "demo-rg",
        "web-vmss",
    )
    assert scale_set.location == "westeurope"
    assert scale_set.orchestration_mode == "Uniform"
    assert [member.id for member in scale_set.instances] == [str(n) for n in range(10)]
    assert [member.update_domain for member in scale_set.instances] == [0, 1, 2, 3, 4] * 2
    assert scale_set.instances[:5] == (
        Instance("0", update_domain=0, fault_domain=0),
        Instance("1", update_domain=1, fault_domain=1),
        Instance("2", update_domain=2, fault_domain=0),
        Instance("3", maintenance_allowed=False, update_domain=3, fault_domain=1),
        Instance("4", fail=True, update_domain=4, fault_domain=0),
    )
    assert (flexible.name, flexible.orchestration_mode) == ("batch-flex", "Flexible")
    assert [member.id for member in flexible.instances] == [f"batch-flex-vm{n}" for n in range(4)]
    copy = sample_seed()
    copy["scale_sets"].clear()
    assert SAMPLE_SEED["scale_sets"]


SEED_JSON: dict[str, Any] = {
    "subscriptions": ["99999999-0000-0000-0000-000000000000"],
    "resource_groups": [{"subscription_id": SUB, "name": "empty-rg"}],
    "scale_sets": [
        {
            "subscription_id": SUB,
            "resource_group": "prod-rg",
            "name": "api-vmss",
            "location": "North Europe",
            "instances": [
                "0",
                7,
                {"id": "8", "maintenance_allowed": False},
                {
                    "id": "9",
                    "fail": True,
                    "window_start": "2025-01-01T00:00:00Z",
                    "window_end": "2025-12-31T00:00:00Z",
                },
            ],
        }
    ],
}


def _with_instances(instances: list[Any]) -> dict[str, Any]:
    return {
        "scale_sets": [
            {"subscription_id": SUB, "resource_group": "rg", "name": "s", "instances": instances}
        ]
    }


SEED_TOML = f"""
subscriptions = ["99999999-0000-0000-0000-000000000000"]

[[resource_groups]]
subscription_id = "{SUB}"
name = "empty-rg"

[[scale_sets]]
subscription_id = "{SUB}"
resource_group = "prod-rg"
name = "api-vmss"
location = "North Europe"
instances = [
  "0",
  7,
  {{ id = "8", maintenance_allowed = false }},
  {{ id = "9", fail = true, window_start = 2025-01-01T00:00:00Z, window_end = "2025-12-31" }},
]
"""


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_seed_files(tmp_path: Path, client: httpx.Client, suffix: str) -> None:
    seed = tmp_path / f"seed{suffix}"
    seed.write_text(json.dumps(SEED_JSON) if suffix == ".json" else SEED_TOML)
    with ArmEmulator(now=lambda: FIXED_NOW) as emulator:
        emulator.load_seed(seed)
        (scale_set,) = emulator.scale_sets
        assert scale_set.location == "northeurope"
        assert scale_set.instances == (
            Instance("0", update_domain=0, fault_domain=0),
            Instance("7", update_domain=1, fault_domain=1),
            Instance("8", maintenance_allowed=False, update_domain=2, fault_domain=0),
            Instance(
                "9",
                fail=True,
                window_start=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
                window_end=dt.datetime(2025, 12, 31, tzinfo=dt.UTC),
                update_domain=3,
                fault_domain=1,
            ),
        )
        empty = client.post(perform_url(emulator, rg="empty-rg", name="api-vmss"))
        assert error_of(empty)["code"] == "ResourceNotFound"
        lonely = client.post(perform_url(emulator, sub="99999999-0000-0000-0000-000000000000"))
        assert error_of(lonely)["code"] == "ResourceGroupNotFound"
        started = client.post(
            perform_url(emulator, rg="prod-rg", name="api-vmss"), json={"instanceIds": ["9"]}
        )
        assert (
            started.headers["azure-asyncoperation"]
            .split("/locations/")[1]
            .startswith("northeurope/operations/")
        )


def test_the_readme_seed_example_is_the_sample(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### Seed files") :]
    start = section.index("```toml\n") + len("```toml\n")
    example = section[start : section.index("```\n", start)]
    seed = tmp_path / "sample.toml"
    seed.write_text(example)
    from_readme, sample = ArmEmulator(), ArmEmulator()
    from_readme.load_seed(seed)
    sample.load_sample()
    assert from_readme.scale_sets == sample.scale_sets


@pytest.mark.parametrize(
    ("seed", "message"),
    [
        (
            _with_instances(["0", {"id": "1", "maintanance_allowed": False}]),
            "at scale_sets[0].instances[1]: unknown key 'maintanance_allowed' (expected one of: "
            "fail, fault, fault_domain, health, id, last_result_code, last_result_message, "
            "maintenance_allowed, pending, platform_window_end, platform_window_start, "
            "power_state, update_domain, window_end, window_start, zone)",
        ),
        (
            {"scale_set": []},
            "unknown key 'scale_set' (expected one of: resource_groups, scale_sets, subscriptions)",
        ),
        (
            {"scale_sets": [{"subscription_id": SUB, "resource_group": "rg"}]},
            "at scale_sets[0]: missing key 'name'",
        ),
        (
            {"scale_sets": [{"subscription_id": SUB, "resource_group": "rg", "name": 5}]},
            "at scale_sets[0].name: expected a non-empty string, got number 5",
        ),
        (
            _with_instances([{"id": "1", "fail": "yes"}]),
            "at scale_sets[0].instances[0].fail: expected true or false, got string 'yes'",
        ),
        (
            _with_instances([{"id": "1", "window_end": "soon"}]),
            "at scale_sets[0].instances[0]: not an ISO 8601 date and time: 'soon'",
        ),
        ({"subscriptions": "abc"}, "at subscriptions: expected an array, got string 'abc'"),
    ],
)
def test_bad_seed_names_the_key(tmp_path: Path, seed: dict[str, Any], message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(seed))
    emulator = ArmEmulator()
    with pytest.raises(SeedError) as caught:
        emulator.load_seed(path)
    expected = (
        f"seed {path}: {message}" if message.startswith("unknown") else f"seed {path} {message}"
    )
    assert str(caught.value) == expected
    assert emulator.scale_sets == []


def test_bad_seed_files(tmp_path: Path) -> None:
    emulator = ArmEmulator()
    yaml = tmp_path / "seed.yaml"
    yaml.write_text("scale_sets: []")
    with pytest.raises(SeedError, match=r"unsupported file type '\.yaml'; use \.json or \.toml"):
        emulator.load_seed(yaml)
    broken = tmp_path / "seed.toml"
    broken.write_text("scale_sets = [")
    with pytest.raises(SeedError, match=r"seed .*seed\.toml: not valid TOML"):
        emulator.load_seed(broken)
    with pytest.raises(SeedError, match="cannot read"):
        emulator.load_seed(tmp_path / "missing.json")


# -- command line ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--lro-headers", "sometimes"], "invalid choice: 'sometimes'"),
        (["--port", "-1"], "must be >= 0, got -1"),
        (["--polls", "two"], "expected a whole number, got 'two'"),
        (["--error-rate", "2"], "must be between 0 and 1, got 2"),
        (["--latency", "-1"], "must be a finite number >= 0, got -1"),
        (["--host", "0.0.0.0"], "host '0.0.0.0' is not a loopback address"),  # noqa: S104
        (["--port", "0", "--seed", "nowhere.json"], "seed nowhere.json: cannot read"),
        (["--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_main_argument_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("missing", "cannot read: No such file or directory"),
        ("missing.json", "cannot read: No such file or directory"),
        ("folder", "is a directory, not a .json or .toml file"),
        ("no-suffix", "unsupported file without a .json or .toml suffix; use .json or .toml"),
        ("deep.json", "not valid JSON: nested too deeply"),
    ],
)
def test_a_bad_seed_file_is_one_line_naming_its_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, problem: str
) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "no-suffix").write_text("{}")
    (tmp_path / "deep.json").write_text("[" * 100_000)
    path = tmp_path / name
    assert main(["--port", "0", "--seed", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"vmss-maintenance-emulator: error: seed {path}: {problem}\n"
    assert captured.out == ""


@pytest.mark.parametrize("path", ["", "  ", "/dev/null"])
def test_an_empty_seed_path_or_a_device_is_refused_not_replaced_by_the_sample(
    capsys: pytest.CaptureFixture[str], path: str
) -> None:
    assert main(["--port", "0", "--seed", path]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert (
        "seed file path is empty; give a .json or .toml file" in captured.err
        if not path.strip()
        else "seed /dev/null: not a regular file; use a .json or .toml file" in captured.err
    )
    assert captured.out == ""


def _help_entries(text: str) -> dict[str, str]:
    """Each option's help entry (its lines joined, spaces collapsed), keyed by its long name."""
    entries: dict[str, list[str]] = {}
    name: str | None = None
    for line in text.splitlines():
        if line.startswith("  -"):
            long = re.search(r"--[a-z-]+", line)
            name = long[0] if long else line.split()[0]
            entries[name] = [line]
        elif name is not None and line.startswith("    "):
            entries[name].append(line)
        else:
            name = None
    return {key: " ".join(" ".join(lines).split()) for key, lines in entries.items()}


def test_main_help_shows_every_default_and_points_to_the_seed_format(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    entries = _help_entries(out)
    expected = {
        "--host": "(default 127.0.0.1)",
        "--port": "(default 8080)",
        "--https": "(default: plain HTTP)",
        "--seed": "(default: the sample scale sets web-vmss and batch-flex)",
        "--api-version": f"(default: {', '.join(default_api_versions())})",
        "--retry-after": "(default 1)",
        "--polls": "(default 2)",
        "--duration": "(default: no time limit, --polls ends it)",
        "--lro-headers": "(default both)",
        "--claims-challenge": "(default: no challenge)",
        "--allow-overlap": "(default: refuse it with 409 OperationNotAllowed, as ARM does)",
        "--page-size": "(default 100)",
        "--reads-per-minute": "(default 1000)",
        "--throttle-every": "(default 0: never)",
        "--throttle-retry-after": "(default 1)",
        "--error-rate": "(default 0.0)",
        "--latency": "(default 0.0)",
        "--drop-every": "(default 0: never)",
        "--fault-seed": "(default 0)",
        "--verbose": "(default: only the start line)",
    }
    assert set(entries) == {"--help", *expected}
    for option, default in expected.items():
        assert entries[option].endswith(default), (option, entries[option])
    epilog = " ".join(out[out.index("seed files (--seed") :].split())
    assert 'The full format, with an example, is in the README, section "The ARM emulator".' in (
        epilog
    )


def test_main_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--port", str(port)]) == 1
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_main_is_the_console_script_and_demo_takes_no_arguments(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: vmss-maintenance-emulator ")
    assert "'vmss-maintenance-emulator demo' runs the whole flow" in " ".join(out.split())
    assert main(["demo", "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: vmss-maintenance-emulator demo\n")
    assert main(["demo", "--fast"]) == 2
    captured = capsys.readouterr()
    assert captured.err == "vmss-maintenance-emulator demo: error: takes no arguments, got --fast\n"


def test_command_line_serves_until_interrupted(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps(SEED_JSON))
    # The console script the emulator distribution installs beside this interpreter.
    script = Path(sys.executable).parent / "vmss-maintenance-emulator"
    command = [
        str(script),
        "--port",
        "0",
        "--https",
        "--seed",
        str(seed),
        "--lro-headers",
        "location",
        "--allow-overlap",
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"trust CA file (\S+)\).*--endpoint (https://127\.0\.0\.1:\d+)", line)
        assert found, line
        ca_file, endpoint = found[1], found[2]
        context = ssl.create_default_context(cafile=ca_file)
        with httpx.Client(verify=context, headers=AUTH) as http:
            url = (
                f"{endpoint}/subscriptions/{SUB}/resourceGroups/prod-rg/providers/"
                f"Microsoft.Compute/virtualMachineScaleSets/api-vmss/performMaintenance"
                f"?api-version={API}"
            )
            response = http.post(url, json={"instanceIds": ["0"]})
            overlapping = http.post(url, json={"instanceIds": ["0"]})
        assert response.status_code == 202
        assert overlapping.status_code == 202  # --allow-overlap
        assert "azure-asyncoperation" not in response.headers
        # SIGTERM takes the same path as Ctrl-C. SIGINT itself is not used: a process started
        # from a background job inherits an ignored SIGINT, and would never see it.
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=10)
        assert process.returncode == 0, err
        assert "Traceback" not in err
        assert not os.path.exists(ca_file)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_import_does_not_pull_in_the_emulator() -> None:
    code = (
        "import sys, vmss_maintenance\n"
        "assert 'vmss_maintenance_emulator' not in sys.modules\n"
        "import vmss_maintenance_emulator\n"
        "assert 'cryptography' not in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stderr
