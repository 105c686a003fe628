"""The wrapper's imports point one way: no module imports, even inside a function or under
``TYPE_CHECKING``, a module that imports it back; and only ``_adapter`` imports the generated
package at run time.

The imports are read from the source (``ast``), so an import that runs late (in a function) or
never (for type checkers) counts like one at the top of the module.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs

PACKAGE = Path(__file__).resolve().parents[2] / "wrapper" / "vmss_maintenance"
GENERATED = "vmss_maintenance_api"

#: Modules besides ``_adapter`` that name generated types for type checkers only, and why.
TYPE_ONLY_GENERATED_IMPORTERS = {
    # The bottom layer cannot import _adapter (which imports it); it names the generated
    # CloudError for the annotation of HttpResponseError.error.
    "errors",
}


@attrs.frozen
class Import:
    """One import statement of ``module``: what it names, where, and whether it only runs for
    type checkers."""

    module: str
    target: str
    line: int
    type_only: bool


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(nodes: Iterable[ast.AST], type_only: bool) -> Iterator[tuple[ast.stmt, bool]]:
    """Every import statement in ``nodes``, at any depth, and whether it sits under
    ``if TYPE_CHECKING:``."""
    for node in nodes:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, type_only
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _statements(node.body, True)
            yield from _statements(node.orelse, type_only)
        else:
            yield from _statements(ast.iter_child_nodes(node), type_only)


def imports(folder: Path, package: str) -> list[Import]:
    """Every import in the package's modules: ``target`` is a module of the package (its stem,
    ``__init__`` for a name taken from the package itself) or another top-level package."""
    modules = {path.stem for path in folder.glob("*.py")}
    found: list[Import] = []
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for statement, type_only in _statements(tree.body, False):
            targets: list[str] = []
            if isinstance(statement, ast.Import):
                for alias in statement.names:
                    parts = alias.name.split(".")
                    inside = parts[0] == package and len(parts) > 1
                    targets.append(parts[1] if inside else parts[0])
            else:
                parts = (statement.module or "").split(".")
                if statement.level > 1:
                    continue  # outside the package's folder
                if statement.level == 1 or parts[0] == package:
                    rest = parts if statement.level == 1 else parts[1:]
                    if rest and rest[0]:
                        targets.append(rest[0])
                    else:  # ``from . import x``: a module, or a name of the package
                        targets += [
                            alias.name if alias.name in modules else "__init__"
                            for alias in statement.names
                        ]
                else:
                    targets.append(parts[0])
            found += [
                Import(path.stem, target, statement.lineno, type_only)
                for target in dict.fromkeys(targets)
                if target != path.stem
            ]
    return found


def _reach(edges: dict[str, dict[str, Import]], start: str) -> dict[str, Import]:
    """Every module ``start`` leads to, each with the import that first reached it (breadth
    first, so following them back from a module is a shortest way to it)."""
    reached: dict[str, Import] = {}
    queue = [start]
    while queue:
        current = queue.pop(0)
        for target, item in sorted(edges.get(current, {}).items()):
            if target not in reached:
                reached[target] = item
                queue.append(target)
    return reached


def cycles(found: list[Import]) -> list[str]:
    """One shortest cycle for each group of modules that import each other, e.g.
    ``cli -> _cli_rollout (cli.py:12) -> cli (_cli_rollout.py:40)``: each step names the
    file and line of its import."""
    edges: dict[str, dict[str, Import]] = {}
    for item in found:
        edges.setdefault(item.module, {}).setdefault(item.target, item)
    reach = {module: _reach(edges, module) for module in edges}
    reports: list[str] = []
    grouped: set[str] = set()
    for start in sorted(edges):
        if start in grouped or start not in reach[start]:
            continue
        grouped.update(m for m in reach[start] if start in reach.get(m, {}))
        steps = [reach[start][start]]
        while steps[-1].module != start:
            steps.append(reach[start][steps[-1].module])
        steps.reverse()
        reports.append(start + "".join(f" -> {s.target} ({s.module}.py:{s.line})" for s in steps))
    return reports


def test_the_modules_import_each_other_one_way_only() -> None:
    found = [item for item in imports(PACKAGE, "vmss_maintenance") if item.target != GENERATED]
    assert len({item.module for item in found}) > 40  # the whole package was read
    assert cycles(found) == []


def test_only_the_adapter_imports_the_generated_package() -> None:
    generated = [item for item in imports(PACKAGE, "vmss_maintenance") if item.target == GENERATED]
    at_run_time = {item.module for item in generated if not item.type_only}
    for_type_checkers = {item.module for item in generated if item.type_only} - {"_adapter"}
    assert at_run_time == {"_adapter"}
    assert for_type_checkers <= TYPE_ONLY_GENERATED_IMPORTERS


def _package(tmp_path: Path, sources: dict[str, str]) -> Path:
    for name, text in sources.items():
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(text))
    return tmp_path


def test_a_cycle_through_a_function_level_import_is_named(tmp_path: Path) -> None:
    folder = _package(tmp_path, {
        "cli": "from . import _cli_rollout\n",
        "_cli_rollout": """
            def client():
                from .cli import _client
                return _client
        """,
        "_leaf": "import os\n",
    })  # fmt: skip
    assert cycles(imports(folder, "pkg")) == [
        "_cli_rollout -> cli (_cli_rollout.py:3) -> _cli_rollout (cli.py:1)"
    ]


def test_a_cycle_through_a_type_checking_import_is_named(tmp_path: Path) -> None:
    folder = _package(tmp_path, {
        "errors": """
            from typing import TYPE_CHECKING
            if TYPE_CHECKING:
                from pkg._adapter import CloudError
        """,
        "_adapter": "from .errors import InvalidArgumentError\n",
    })  # fmt: skip
    found = imports(folder, "pkg")
    assert Import("errors", "_adapter", 4, type_only=True) in found
    assert cycles(found) == ["_adapter -> errors (_adapter.py:1) -> _adapter (errors.py:4)"]


def test_a_longer_cycle_and_a_name_from_the_package_are_followed(tmp_path: Path) -> None:
    folder = _package(tmp_path, {
        "__init__": "from ._a import A\n__version__ = '1'\n",
        "_a": "import pkg._b\nA = 1\n",
        "_b": "from . import __version__\n",
        "_c": "from . import _a\n",
    })  # fmt: skip
    assert cycles(imports(folder, "pkg")) == [
        "__init__ -> _a (__init__.py:1) -> _b (_a.py:1) -> __init__ (_b.py:1)"
    ]
