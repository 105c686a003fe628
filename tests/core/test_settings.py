"""Settings validate themselves on construction, with the validators the CLI can reuse."""

from __future__ import annotations

import math
from typing import Any

import httpx
import pytest
from vmss_maintenance import AzureCloud, RetryPolicy
from vmss_maintenance._adapter import API_VERSION
from vmss_maintenance._settings import Settings
from vmss_maintenance.errors import InvalidArgumentError

SUB = "9F8E7D6C-5B4A-4321-8765-0123456789AB"


def test_defaults_come_from_the_cloud_and_the_spec() -> None:
    settings = Settings(SUB, cloud=AzureCloud.US_GOVERNMENT)
    assert settings.subscription_id == SUB.lower()
    assert settings.base_url == "https://management.usgovcloudapi.net"
    assert settings.scope == "https://management.core.usgovcloudapi.net/.default"
    assert settings.api_version == API_VERSION
    assert settings.retry == RetryPolicy()
    assert settings.timeout == httpx.Timeout(30.0)
    assert settings.hosts.is_trusted("https://management.usgovcloudapi.net/x")
    assert settings.timing(5).polling_interval == 5.0


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"polling_interval": math.nan}, "polling_interval"),
        ({"max_connections": 0}, "max_connections"),
        ({"endpoint": "http://example.com"}, "plain http"),
        ({"credential_scope": " "}, "credential_scope"),
        ({"cloud": "public"}, "cloud must be an AzureCloud"),
        ({"allowed_hosts": 5}, "allowed_hosts"),
    ],
)
def test_a_settings_object_that_exists_is_valid(options: dict[str, Any], named: str) -> None:
    with pytest.raises(InvalidArgumentError, match=named):
        Settings(SUB, **options)


def test_a_per_call_polling_interval_is_checked_too() -> None:
    with pytest.raises(InvalidArgumentError, match="polling_interval"):
        Settings(SUB).timing(-1)
