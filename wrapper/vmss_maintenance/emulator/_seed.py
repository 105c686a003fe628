"""Seed files: the scale sets an emulator starts with, read from JSON or TOML.

The layout (keys in snake_case, the same names as :meth:`ArmEmulator.add_scale_set`)::

    {
      "subscriptions": ["<id>", ...],                                  # optional, empty ones
      "resource_groups": [{"subscription_id": "<id>", "name": "rg"}],  # optional, empty ones
      "scale_sets": [
        {
          "subscription_id": "<id>", "resource_group": "rg", "name": "vmss",
          "location": "westeurope",                                    # optional
          "instances": ["0", {"id": "1", "maintenance_allowed": false,
                              "window_start": "2025-01-01T00:00:00Z",
                              "window_end": "2025-01-02T00:00:00Z", "fail": false}]
        }
      ]
    }
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from vmss_maintenance.emulator._state import Instance, Inventory

__all__ = [
    "SAMPLE_RESOURCE_GROUP",
    "SAMPLE_SCALE_SET",
    "SAMPLE_SEED",
    "SAMPLE_SUBSCRIPTION_ID",
    "Seed",
    "SeedError",
    "parse_seed",
    "read_seed_file",
    "sample_seed",
]

SAMPLE_SUBSCRIPTION_ID = "11111111-2222-3333-4444-555555555555"
"""Subscription of the sample seed."""
SAMPLE_RESOURCE_GROUP = "demo-rg"
"""Resource group of the sample seed."""
SAMPLE_SCALE_SET = "web-vmss"
"""Scale set of the sample seed: instances 0-2 eligible, 3 not eligible, 4 eligible but fails."""

SAMPLE_SEED: Mapping[str, Any] = {
    "scale_sets": [
        {
            "subscription_id": SAMPLE_SUBSCRIPTION_ID,
            "resource_group": SAMPLE_RESOURCE_GROUP,
            "name": SAMPLE_SCALE_SET,
            "location": "westeurope",
            "instances": [
                "0",
                "1",
                "2",
                {"id": "3", "maintenance_allowed": False},
                {"id": "4", "fail": True},
            ],
        }
    ]
}
"""The sample seed as data (read-only by convention; :func:`sample_seed` gives a fresh copy)."""


def sample_seed() -> dict[str, Any]:
    """A fresh copy of :data:`SAMPLE_SEED`, safe to change."""
    return copy.deepcopy(dict(SAMPLE_SEED))


class SeedError(ValueError):
    """A seed file or seed data is not valid; the message names the file and the bad key."""


_TOP_KEYS = frozenset({"subscriptions", "resource_groups", "scale_sets"})
_GROUP_KEYS = frozenset({"subscription_id", "name"})
_SCALE_SET_KEYS = frozenset({"subscription_id", "resource_group", "name", "location", "instances"})
_INSTANCE_KEYS = frozenset({"id", "maintenance_allowed", "window_start", "window_end", "fail"})


@attrs.frozen
class ScaleSetSpec:
    """One scale set read from a seed."""

    subscription_id: str
    resource_group: str
    name: str
    location: str
    instances: tuple[Instance, ...]


@attrs.frozen
class Seed:
    """A checked seed, ready to be applied to an inventory (nothing is applied if invalid)."""

    subscriptions: tuple[str, ...] = ()
    resource_groups: tuple[tuple[str, str], ...] = ()
    scale_sets: tuple[ScaleSetSpec, ...] = ()

    def apply(self, inventory: Inventory) -> None:
        """Add everything in the seed to ``inventory``."""
        for subscription_id in self.subscriptions:
            inventory.add_subscription(subscription_id)
        for subscription_id, group in self.resource_groups:
            inventory.add_resource_group(subscription_id, group)
        for spec in self.scale_sets:
            inventory.add_scale_set(
                spec.subscription_id,
                spec.resource_group,
                spec.name,
                spec.instances,
                spec.location,
            )


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> SeedError:
        place = f" at {where}" if where else ""
        return SeedError(f"seed {self.source}{place}: {problem}")

    def table(self, value: object, where: str, allowed: frozenset[str]) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(where, f"expected a table/object, got {_kind(value)}")
        for key in value:
            if key not in allowed:
                raise self.fail(
                    where,
                    f"unknown key {key!r} (expected one of: {', '.join(sorted(allowed))})",
                )
        return value

    def array(self, value: object, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(where, f"expected an array, got {_kind(value)}")
        return value

    def text(self, table: Mapping[str, Any], key: str, where: str) -> str:
        if key not in table:
            raise self.fail(where, f"missing key {key!r}")
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.{key}", f"expected a non-empty string, got {_kind(value)}")
        return value

    def flag(self, table: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{where}.{key}", f"expected true or false, got {_kind(value)}")
        return value

    def moment(self, table: Mapping[str, Any], key: str, where: str) -> dt.datetime | str | None:
        value = table.get(key)
        if value is None or isinstance(value, dt.datetime | str):
            return value
        raise self.fail(f"{where}.{key}", f"expected an ISO 8601 date and time, got {_kind(value)}")

    def instance(self, value: object, where: str) -> Instance:
        if isinstance(value, bool):
            raise self.fail(where, "expected an instance id or an instance table, got a boolean")
        if isinstance(value, int):
            value = str(value)
        if isinstance(value, str):
            table: Mapping[str, Any] = {"id": value}
        else:
            table = self.table(value, where, _INSTANCE_KEYS)
        raw_id = table.get("id")
        if isinstance(raw_id, int) and not isinstance(raw_id, bool):
            raw_id = str(raw_id)
        if not isinstance(raw_id, str):
            raise self.fail(where if "id" not in table else f"{where}.id", "missing instance id")
        allowed = self.flag(table, "maintenance_allowed", where, True)
        start = self.moment(table, "window_start", where)
        end = self.moment(table, "window_end", where)
        fail = self.flag(table, "fail", where, False)
        try:
            return Instance(
                raw_id, maintenance_allowed=allowed, window_start=start, window_end=end, fail=fail
            )
        except (ValueError, TypeError) as exc:
            raise self.fail(where, str(exc)) from None

    def seed(self, data: object) -> Seed:
        top = self.table(data, "", _TOP_KEYS)
        subscriptions: list[str] = []
        for index, item in enumerate(self.array(top.get("subscriptions", []), "subscriptions")):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(
                    f"subscriptions[{index}]", f"expected a non-empty string, got {_kind(item)}"
                )
            subscriptions.append(item)
        groups: list[tuple[str, str]] = []
        for index, item in enumerate(self.array(top.get("resource_groups", []), "resource_groups")):
            where = f"resource_groups[{index}]"
            table = self.table(item, where, _GROUP_KEYS)
            groups.append(
                (self.text(table, "subscription_id", where), self.text(table, "name", where))
            )
        scale_sets: list[ScaleSetSpec] = []
        for index, item in enumerate(self.array(top.get("scale_sets", []), "scale_sets")):
            where = f"scale_sets[{index}]"
            table = self.table(item, where, _SCALE_SET_KEYS)
            instances = tuple(
                self.instance(member, f"{where}.instances[{position}]")
                for position, member in enumerate(
                    self.array(table.get("instances", []), f"{where}.instances")
                )
            )
            ids = [member.id for member in instances]
            for member_id in ids:
                if ids.count(member_id) > 1:
                    raise self.fail(f"{where}.instances", f"instance id {member_id!r} given twice")
            scale_sets.append(
                ScaleSetSpec(
                    subscription_id=self.text(table, "subscription_id", where),
                    resource_group=self.text(table, "resource_group", where),
                    name=self.text(table, "name", where),
                    location=self.text(table, "location", where)
                    if "location" in table
                    else "westeurope",
                    instances=instances,
                )
            )
        return Seed(tuple(subscriptions), tuple(groups), tuple(scale_sets))


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"number {value!r}"
    if isinstance(value, str):
        return f"string {value!r}"
    if isinstance(value, Mapping):
        return "a table/object"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


def parse_seed(data: object, *, source: str = "data") -> Seed:
    """Check seed data (as parsed from JSON or TOML) and return it as a :class:`Seed`."""
    return _Reader(source).seed(data)


def _check_file(file: Path) -> None:
    """Refuse, before reading anything, a path that is not a readable regular file."""
    try:
        found = file.stat()
    except OSError as exc:
        raise SeedError(f"seed {file}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(found.st_mode):
        raise SeedError(f"seed {file}: is a directory, not a .json or .toml file")
    if not stat.S_ISREG(found.st_mode):
        raise SeedError(f"seed {file}: not a regular file; use a .json or .toml file")


def read_seed_file(path: str | Path) -> Seed:
    """Read and check a ``.json`` or ``.toml`` seed file.

    Every problem is one :class:`SeedError` line naming the path: a missing, unreadable or
    empty path, a directory, another file type, a parse error or a bad key.
    """
    if not str(path).strip():
        raise SeedError("seed file path is empty; give a .json or .toml file")
    file = Path(path)
    _check_file(file)
    suffix = file.suffix.lower()
    if suffix not in {".json", ".toml"}:
        kind = f"file type {suffix!r}" if suffix else "file without a .json or .toml suffix"
        raise SeedError(f"seed {file}: unsupported {kind}; use .json or .toml")
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise SeedError(f"seed {file}: cannot read: {exc.strerror or exc}") from exc
    try:
        data: object = json.loads(raw) if suffix == ".json" else tomllib.loads(raw.decode())
    except RecursionError:
        raise SeedError(f"seed {file}: not valid {suffix[1:].upper()}: nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise SeedError(f"seed {file}: not valid {suffix[1:].upper()}: {exc}") from exc
    return parse_seed(data, source=str(file))
