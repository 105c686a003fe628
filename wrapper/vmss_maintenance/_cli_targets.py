"""The scale sets a fleet command names: ``-g/-n``, ``--id`` (repeatable), ``--targets-file`` or
``-g`` with ``--resource-group-all``, checked into targets in one subscription.

``rollout`` and ``status`` take the same forms. Every check happens before any request; each
error names the bad argument (and, for a targets file, its line). A resource group's scale sets
(``--resource-group-all``) are listed once the client is open (:func:`listed`).
"""

from __future__ import annotations

import argparse
from typing import Any, Protocol

from ._cli_session import checked_subscription, subscription_from_environment
from .errors import InvalidArgumentError

__all__ = [
    "ScaleSetLister",
    "Targets",
    "listed",
    "read_targets_file",
    "subscription",
    "target_words",
    "targets",
]

#: Why several subscriptions are refused, per command (``args.command``).
_ONE_SUBSCRIPTION = {
    "rollout": "a rollout runs in one subscription: run one per subscription",
    "status": "status reads one subscription at a time: run it once per subscription",
}


class Targets:
    """The checked targets: ids, (group, name) pairs, or a group whose every scale set."""

    def __init__(self, source: str) -> None:
        #: How they were named: ``-g/-n``, ``--id``, ``--targets-file`` or
        #: ``--resource-group-all``.
        self.source = source
        self.ids: list[str] = []
        self.pairs: list[tuple[str, str]] = []
        self.group_all: str | None = None

    @property
    def single(self) -> bool:
        """Whether one scale set was named by itself: ``-g/-n``, or ``--id`` once (a targets
        file or a resource group is a fleet, however many scale sets it holds)."""
        return self.source in ("-g/-n", "--id") and len(self.ids) + len(self.pairs) == 1


class ScaleSetLister(Protocol):
    """What :func:`listed` uses of the client."""

    def list_scale_sets(self, resource_group_name: str) -> Any:
        """The scale sets of a resource group."""
        ...


def subscription(args: argparse.Namespace, from_ids: set[str]) -> str:
    """The one subscription of the targets: the ids', else ``-s``, else
    ``$AZURE_SUBSCRIPTION_ID``."""
    given = (
        None
        if args.subscription is None
        else checked_subscription(args.subscription, "-s/--subscription")
    )
    if len(from_ids) > 1:
        raise InvalidArgumentError(
            f"the scale sets are in {len(from_ids)} subscriptions ({', '.join(sorted(from_ids))}); "
            + _ONE_SUBSCRIPTION[args.command]
        )
    if from_ids:
        (only,) = from_ids
        if given is not None and given.lower() != only.lower():
            raise InvalidArgumentError(
                f"-s/--subscription {given} differs from the scale sets' subscription {only}"
            )
        return only
    if given is not None:
        return given
    return subscription_from_environment()


def read_targets_file(path: str) -> list[tuple[str, str]]:
    """``(where, text)`` of every scale set the file names (``where``: ``FILE:LINE``)."""
    try:
        with open(path, encoding="utf-8") as stream:
            lines = stream.read().splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidArgumentError(f"--targets-file {path!r} cannot be read: {error}") from None
    entries = [
        (f"--targets-file {path}:{n}", line.split("#", 1)[0].strip())
        for n, line in enumerate(lines, 1)
    ]
    entries = [(where, text) for where, text in entries if text]
    if not entries:
        raise InvalidArgumentError(f"--targets-file {path!r} names no scale set")
    return entries


def targets(args: argparse.Namespace) -> tuple[Targets, set[str]]:
    """The targets ``args`` name, and the subscriptions their ids are in."""
    from . import _validation

    sources = [
        name
        for name, given in (
            ("-g/-n", args.name is not None),
            ("--id", bool(args.ids)),
            ("--targets-file", args.targets_file is not None),
            ("--resource-group-all", args.resource_group_all),
        )
        if given
    ]
    if not sources and args.resource_group is not None:
        raise InvalidArgumentError(
            f"-g/--resource-group {args.resource_group!r} alone names no scale set: add "
            "-n/--name, or --resource-group-all for every scale set of the group"
        )
    if len(sources) != 1:
        raise InvalidArgumentError(
            "name the scale sets one way: -g/-n, --id (repeatable), --targets-file, or "
            f"-g with --resource-group-all (given: {', '.join(sources) or 'none'})"
        )
    found, subscriptions = Targets(sources[0]), set[str]()
    if args.resource_group_all or args.name is not None:
        if args.resource_group is None:
            raise InvalidArgumentError(f"{sources[0]} needs -g/--resource-group")
        group = _validation.resource_group_name(args.resource_group)
        if args.resource_group_all:
            found.group_all = group
        else:
            found.pairs.append((group, _validation.scale_set_name(args.name)))
        return found, subscriptions
    if args.resource_group is not None:
        raise InvalidArgumentError(f"{sources[0]} names the scale sets: leave out -g")
    entries = (
        [("--id", text) for text in args.ids] if args.ids else read_targets_file(args.targets_file)
    )
    for where, text in entries:
        try:
            if text.startswith("/"):
                parts = _validation.parse_scale_set_id(text)
                subscriptions.add(parts.subscription_id)
                found.ids.append(text)
            elif text.count("/") == 1 and not args.ids:
                group, name = text.split("/")
                found.pairs.append(
                    (_validation.resource_group_name(group), _validation.scale_set_name(name))
                )
            else:
                raise InvalidArgumentError(
                    f"{text!r} is not a scale set resource id"
                    + ("" if args.ids else " or GROUP/NAME")
                )
        except InvalidArgumentError as error:
            raise InvalidArgumentError(f"{where}: {error}") from None
    return found, subscriptions


def target_words(args: argparse.Namespace) -> list[str]:
    """The arguments that name the same scale sets (and ``-s`` when it was given)."""
    words = [] if args.subscription is None else ["-s", args.subscription]
    if args.resource_group_all:
        return [*words, "-g", args.resource_group, "--resource-group-all"]
    if args.name is not None:
        return [*words, "-g", args.resource_group, "-n", args.name]
    if args.targets_file is not None:
        return [*words, "--targets-file", args.targets_file]
    return [*words, *(word for text in args.ids for word in ("--id", text))]


def listed(client: ScaleSetLister, found: Targets) -> list[Any]:
    """Every target as the client takes it: a resource id or a ``(group, name)`` pair; with
    ``--resource-group-all``, the group's scale sets as listed now (none is an error)."""
    items: list[Any] = [*found.ids, *found.pairs]
    if found.group_all is not None:
        for item in client.list_scale_sets(found.group_all):
            text = str(item)
            items.append(text if text.startswith("/") else (found.group_all, text))
        if not items:
            raise InvalidArgumentError(f"resource group {found.group_all!r} has no scale set")
    return items
