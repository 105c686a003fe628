"""Which Compute api-versions the emulator accepts, read from the client's public spec copy."""

from __future__ import annotations

import functools
import json
from importlib import resources

__all__ = ["KNOWN_API_VERSIONS", "client_api_version", "default_api_versions"]

KNOWN_API_VERSIONS: tuple[str, ...] = ("2024-03-01", "2024-07-01", "2024-11-01", "2025-04-01")
"""Compute api-versions with performMaintenance that the emulator accepts by default."""


@functools.cache
def client_api_version() -> str:
    """The api-version the installed client was generated for: ``info.version`` of the
    ``openapi.json`` that the generated package ``vmss_maintenance_api`` ships."""
    text = resources.files("vmss_maintenance_api").joinpath("openapi.json").read_text("utf-8")
    return str(json.loads(text)["info"]["version"])


def default_api_versions() -> tuple[str, ...]:
    """:data:`KNOWN_API_VERSIONS` plus the version the client was generated for, sorted."""
    return tuple(sorted({*KNOWN_API_VERSIONS, client_api_version()}))
