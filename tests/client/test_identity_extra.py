"""The default async credential needs aiohttp: the ``identity-async`` extra, and a clear error."""

from __future__ import annotations

import re
import sys
import tomllib
import types
from pathlib import Path

import pytest
from vmss_maintenance import AsyncMaintenanceClient
from vmss_maintenance._credentials import default_async_credential, default_credential
from vmss_maintenance.errors import InvalidArgumentError

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def fake_identity(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Fake azure.identity and azure.identity.aio; returns the names of credentials made."""
    made: list[str] = []

    def default(name: str) -> type:
        return type(name, (), {"__init__": lambda self: made.append(name)})

    sync_module = types.ModuleType("azure.identity")
    sync_module.DefaultAzureCredential = default("SyncDefault")  # type: ignore[attr-defined]
    async_module = types.ModuleType("azure.identity.aio")
    async_module.DefaultAzureCredential = default("AsyncDefault")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "azure.identity", sync_module)
    monkeypatch.setitem(sys.modules, "azure.identity.aio", async_module)
    return made


def test_async_default_credential_without_aiohttp_explains_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = fake_identity(monkeypatch)
    monkeypatch.setitem(sys.modules, "aiohttp", None)
    with pytest.raises(InvalidArgumentError) as info:
        default_async_credential()
    message = str(info.value)
    assert "aiohttp, which azure.identity.aio needs, is not installed" in message
    assert "pip install 'vmss-maintenance[identity-async]'" in message
    assert "StaticTokenCredential" in message
    assert made == []  # no credential made that would fail later with a raw ImportError


def test_the_async_client_without_aiohttp_raises_the_same_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_identity(monkeypatch)
    monkeypatch.setitem(sys.modules, "aiohttp", None)
    with pytest.raises(InvalidArgumentError, match=r"\[identity-async\]"):
        AsyncMaintenanceClient(None, "9f8e7d6c-5b4a-4321-8765-0123456789ab")


def test_the_sync_default_credential_needs_no_aiohttp(monkeypatch: pytest.MonkeyPatch) -> None:
    made = fake_identity(monkeypatch)
    monkeypatch.setitem(sys.modules, "aiohttp", None)
    default_credential()
    assert made == ["SyncDefault"]


def test_with_aiohttp_the_async_default_credential_is_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = fake_identity(monkeypatch)
    monkeypatch.setitem(sys.modules, "aiohttp", types.ModuleType("aiohttp"))
    default_async_credential()
    assert made == ["AsyncDefault"]


def test_the_identity_async_extra_installs_azure_identity_and_aiohttp() -> None:
    extras = tomllib.loads(PYPROJECT.read_text())["project"]["optional-dependencies"]
    names = {re.split(r"[<>=\[ ;]", requirement)[0] for requirement in extras["identity-async"]}
    assert names == {"azure-identity", "aiohttp"}
