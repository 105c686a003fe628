"""Where things live in this repository, and the codegen settings from pyproject.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC_DIR = ROOT / "spec"
LOCK_FILE = SPEC_DIR / "sources.lock.json"
OPENAPI_FILE = SPEC_DIR / "openapi.json"
EXAMPLES_FILE = SPEC_DIR / "examples.json"
GENERATOR_CONFIG = SPEC_DIR / "generator-config.yaml"
PACKAGE_NAME = "vmss_maintenance_api"
CACHE_DIR = ROOT / ".cache" / "azure-rest-api-specs"
REPOSITORY = "Azure/azure-rest-api-specs"


@dataclass(frozen=True)
class CodegenConfig:
    """``[tool.vmss-maintenance.codegen]``: the entry swagger and the operations to keep."""

    entry_template: str
    operations: list[str]

    def entry(self, api_version: str) -> str:
        """Repository path of the entry swagger file for ``api_version``."""
        return self.entry_template.format(api_version=api_version)


def load_config(pyproject: Path = ROOT / "pyproject.toml") -> CodegenConfig:
    """Read the codegen table; a missing or empty setting is an error naming it."""
    table = tomllib.loads(pyproject.read_text("utf-8"))
    section = table.get("tool", {}).get("vmss-maintenance", {}).get("codegen", {})
    entry = section.get("entry")
    operations = section.get("operations")
    if not isinstance(entry, str) or "{api_version}" not in entry:
        raise SystemExit(f"{pyproject}: codegen.entry must be a path containing {{api_version}}")
    if not isinstance(operations, list) or not operations:
        raise SystemExit(f"{pyproject}: codegen.operations must be a non-empty list")
    return CodegenConfig(entry, [str(op) for op in operations])
