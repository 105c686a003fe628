"""Azure clouds: endpoints, scopes and lookup by name."""

from __future__ import annotations

import attrs
import pytest
from vmss_maintenance._cloud import AzureCloud
from vmss_maintenance.errors import InvalidArgumentError


def test_public() -> None:
    cloud = AzureCloud.PUBLIC
    assert cloud.endpoint == "https://management.azure.com"
    assert cloud.credential_scope == "https://management.azure.com/.default"


def test_us_government_scope_host_differs() -> None:
    cloud = AzureCloud.US_GOVERNMENT
    assert cloud.endpoint == "https://management.usgovcloudapi.net"
    assert cloud.credential_scope == "https://management.core.usgovcloudapi.net/.default"


def test_china() -> None:
    cloud = AzureCloud.CHINA
    assert cloud.endpoint == "https://management.chinacloudapi.cn"
    assert cloud.credential_scope == "https://management.chinacloudapi.cn/.default"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("public", AzureCloud.PUBLIC),
        ("AzureCloud", AzureCloud.PUBLIC),
        ("AZURECLOUD", AzureCloud.PUBLIC),
        (" Public ", AzureCloud.PUBLIC),
        ("usgov", AzureCloud.US_GOVERNMENT),
        ("AzureUSGovernment", AzureCloud.US_GOVERNMENT),
        ("china", AzureCloud.CHINA),
        ("azurechinacloud", AzureCloud.CHINA),
    ],
)
def test_from_name(name: str, expected: AzureCloud) -> None:
    assert AzureCloud.from_name(name) is expected


@pytest.mark.parametrize("name", ["germany", "", "azure", None])
def test_from_name_unknown(name: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        AzureCloud.from_name(name)
    message = str(info.value)
    for allowed in ("public", "AzureCloud", "usgov", "AzureUSGovernment", "china"):
        assert allowed in message


def test_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        AzureCloud.PUBLIC.endpoint = "https://evil.example"  # type: ignore[misc]


def test_custom_cloud_drops_the_trailing_slash() -> None:
    cloud = AzureCloud(
        "emulator", "http://127.0.0.1:8443/", "https://management.azure.com/.default"
    )
    assert cloud.endpoint == "http://127.0.0.1:8443"


@pytest.mark.parametrize(
    ("fields", "needle"),
    [
        (("", "https://a.example", "s"), "name"),
        (("n", "http://a.example", "s"), "plain http"),
        (("n", "https://a.example", " "), "credential_scope"),
    ],
)
def test_custom_cloud_validation(fields: tuple[str, str, str], needle: str) -> None:
    with pytest.raises(InvalidArgumentError, match=needle):
        AzureCloud(*fields)
