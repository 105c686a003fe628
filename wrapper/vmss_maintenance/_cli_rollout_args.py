"""The arguments of ``vmss-maintenance rollout``: their types, help and exit-code epilog."""

from __future__ import annotations

import argparse
from typing import Any

from ._cli_types import (
    OUTPUT_HELP,
    add_fleet_options,
    concurrency,
    pause_duration,
    polling_interval,
)
from ._rollout_plan import DEFAULT_CONCURRENCY, parse_max_unavailable
from .errors import InvalidArgumentError

EPILOG = """\
exit codes:
  0    everything planned was maintained (or --dry-run; instances no longer eligible when
       their batch came are skipped, not failed)
  1    an instance's maintenance or health gate failed (or the confirmation was declined)
  2    bad arguments, or no confirmation: without a terminal pass --yes (or --dry-run);
       nothing was sent
  3    authentication failed
  4    timed out; the journal is saved
  5    any other service error
  130  interrupted (Ctrl-C or SIGTERM): the journal is saved and the command that continues
       the rollout is printed
"""


def _max_unavailable(text: str) -> int | float:
    try:
        return parse_max_unavailable(text)
    except InvalidArgumentError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _health_timeout(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not valid; allowed: seconds > 0")
    return value


def add_rollout_parser(commands: Any, common: argparse.ArgumentParser, formatter: Any) -> None:
    """Register ``rollout`` on the ``commands`` of the main parser (``common``: the connection
    options)."""
    rollout = commands.add_parser(
        "rollout",
        parents=[common],
        help="maintain scale sets in batches with a health gate and a journal",
        description="Start maintenance on the eligible instances of one or more scale sets in "
        "batches (at most --max-unavailable of a scale set at once, one update domain at a "
        "time), each followed to its end and through a health gate before the next starts. "
        "A journal records every step: --resume FILE continues a stopped rollout without "
        "repeating or losing an instance.",
        epilog=EPILOG,
        formatter_class=formatter,
    )
    targets = add_fleet_options(
        rollout, "scale sets (one of -g/-n, --id, --targets-file, --resource-group-all, --resume)"
    )
    targets.add_argument(
        "--resume", metavar="FILE", help="continue the rollout of this journal"
    )
    output = rollout.add_argument_group("following and output")
    output.add_argument(
        "--polling-interval", type=polling_interval, metavar="SECONDS",
        help="seconds between status polls of an operation when the service sends no "
        "Retry-After (default 30, at least 1)",
    )  # fmt: skip
    output.add_argument(
        "--output", choices=("text", "json"), default=argparse.SUPPRESS, help=OUTPUT_HELP
    )
    output.add_argument(
        "-v", "--verbose", action="store_true", help="log every HTTP exchange to stderr"
    )
    rules = rollout.add_argument_group("rollout")
    rules.add_argument(
        "--max-unavailable", type=_max_unavailable, metavar="20%|N",
        help="at most this share (or count) of a scale set's instances at once (default 20%%, "
        "at least 1)",
    )  # fmt: skip
    rules.add_argument(
        "--batch-by", choices=("update-domain", "count"),
        help="update-domain (default): a batch never spans two update domains; count: ignore "
        "domains",
    )  # fmt: skip
    rules.add_argument(
        "--concurrency", type=concurrency, default=DEFAULT_CONCURRENCY, metavar="N",
        help=f"scale sets read and rolled out at once (default {DEFAULT_CONCURRENCY})",
    )  # fmt: skip
    rules.add_argument(
        "--health-timeout", type=_health_timeout, metavar="SECONDS",
        help="seconds a batch has to come back running and healthy (default 900)",
    )  # fmt: skip
    rules.add_argument(
        "--pause-between-batches", type=pause_duration, metavar="DURATION",
        help="wait this long after a batch before the next batch of its scale set starts (a "
        "soak time; none after the last): seconds (300, 90.5) or an ISO 8601 duration as "
        "Azure's rolling-upgrade policy writes it (PT5M, PT1H30M, PT45S); default 0",
    )  # fmt: skip
    rules.add_argument(
        "--continue-on-failure", action="store_true",
        help="after a failed batch, go on with the next one (default: stop that scale set)",
    )  # fmt: skip
    rules.add_argument(
        "--journal", metavar="FILE",
        help="where to keep the journal (a new file; default: rollout-<UTC time>.json here)",
    )  # fmt: skip
    rules.add_argument(
        "--dry-run", action="store_true", help="show the plan and exit; nothing is started"
    )
    rules.add_argument("--yes", action="store_true", help="start without asking")
