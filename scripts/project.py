"""Where things live in this repository, and the codegen settings from pyproject.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC_DIR = ROOT / "spec"
LOCK_FILE = SPEC_DIR / "sources.lock.json"
OPENAPI_FILE = SPEC_DIR / "openapi.json"
EXAMPLES_FILE = SPEC_DIR / "examples.json"
GENERATOR_CONFIG = SPEC_DIR / "generator-config.yaml"
TEMPLATES_DIR = ROOT / "scripts" / "templates"
PACKAGE_NAME = "vmss_maintenance_api"
CACHE_DIR = ROOT / ".cache" / "azure-rest-api-specs"
REPOSITORY = "Azure/azure-rest-api-specs"


@dataclass(frozen=True)
class CodegenConfig:
    """``[tool.vmss-maintenance.codegen]``: the entry swaggers, the operations to keep and the
    schemas to leave untyped."""

    entry_templates: tuple[str, ...]
    operations: list[str]
    untyped: frozenset[str] = field(default_factory=frozenset)

    def entries(self, api_version: str) -> list[str]:
        """Repository paths of the entry swagger files for ``api_version``."""
        return [template.format(api_version=api_version) for template in self.entry_templates]


def load_config(pyproject: Path = ROOT / "pyproject.toml") -> CodegenConfig:
    """Read the codegen table; a missing or empty setting is an error naming it."""
    table = tomllib.loads(pyproject.read_text("utf-8"))
    section = table.get("tool", {}).get("vmss-maintenance", {}).get("codegen", {})
    entries = section.get("entries")
    operations = section.get("operations")
    untyped = section.get("untyped", [])
    if (
        not isinstance(entries, list)
        or not entries
        or not all(isinstance(e, str) and "{api_version}" in e for e in entries)
    ):
        raise SystemExit(
            f"{pyproject}: codegen.entries must be a non-empty list of paths containing "
            "{api_version}"
        )
    if not isinstance(operations, list) or not operations:
        raise SystemExit(f"{pyproject}: codegen.operations must be a non-empty list")
    if len(set(operations)) != len(operations):
        raise SystemExit(f"{pyproject}: codegen.operations lists an operationId twice")
    if not isinstance(untyped, list) or not all(isinstance(name, str) for name in untyped):
        raise SystemExit(f"{pyproject}: codegen.untyped must be a list of schema names")
    return CodegenConfig(tuple(entries), [str(op) for op in operations], frozenset(untyped))
