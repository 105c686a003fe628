"""The command line's arguments: the parser, the argument types and the help text."""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Sequence
from typing import NoReturn

from . import _cli_types as argument_types
from ._rollout_plan import DEFAULT_CONCURRENCY
from ._timing import MIN_POLLING_INTERVAL
from ._version import __version__

__all__ = ["MIN_POLLING_INTERVAL", "PROG", "UsageError", "build_parser", "wants_json"]

PROG = "vmss-maintenance"

EPILOG = """\
exit codes:
  0    succeeded (with --no-wait: the operation was started)
  1    the operation ran and ended Failed or Canceled
  2    bad arguments or set-up (e.g. azure-identity missing); nothing was sent
  3    authentication failed
  4    timed out (--timeout); the continuation token and the 'vmss-maintenance wait <token>'
       command that resumes the operation are printed
  5    any other service error: an HTTP error answer (404, 409, 429...), no answer, or an
       untrusted host in a polling URL
  6    unexpected error: the output could not be written (closed pipe, full disk) or a bug
  130  interrupted (Ctrl-C); 143: terminated (SIGTERM)
  Whenever the operation may still run in Azure, the command that resumes it is printed.

credentials: azure-identity's DefaultAzureCredential (pip install 'vmss-maintenance[identity]');
against a loopback --endpoint (a local emulator) a placeholder token is sent instead.
"""

STATUS_EPILOG = """\
exit codes:
  0    the status was read (with several scale sets: of every one); nothing is started
  2    bad arguments or set-up (e.g. azure-identity missing); nothing was sent
  3    authentication failed (with several scale sets: some could not be read because of it)
  5    any other service error: an HTTP error answer (404, 403, 429 after retries...) or no
       answer; with several scale sets: some could not be read (each is a row with its
       error, the others are shown)
  6    unexpected error: the output could not be written (closed pipe, full disk) or a bug
  130  interrupted (Ctrl-C); 143: terminated (SIGTERM)

scale sets: one (-g/-n, or one --id) prints its instances; several (--id repeated,
--targets-file FILE with a resource id or GROUP/NAME a line and '#' comments, or -g with
--resource-group-all; a file or a group always counts as several) print one row per scale
set, sorted by resource group and name, a summary line and the rollout command for the same
scale sets.

credentials: azure-identity's DefaultAzureCredential (pip install 'vmss-maintenance[identity]');
against a loopback --endpoint (a local emulator) a placeholder token is sent instead.
"""

_CLOUD_NAMES = "public, usgov, china"


class UsageError(Exception):
    """A command-line mistake argparse found; the message is the whole line to print."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line and do not exit the interpreter."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: error: {message} (see '{self.prog} --help')")


# -- arguments -------------------------------------------------------------------------------


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)




def _connection_options() -> _Parser:
    """Options shared by ``perform`` and ``wait``: connecting, then following the operation."""
    common = _connection_parent()
    _add_follow_options(common)
    return common


def _connection_parent() -> _Parser:
    """How to reach the service (``status`` takes only these, with --output and -v)."""
    common = _Parser(add_help=False)
    where = common.add_argument_group("connection")
    where.add_argument(
        "--cloud",
        metavar="NAME",
        help=f"Azure cloud: {_CLOUD_NAMES} (default public)",
    )
    where.add_argument(
        "--endpoint",
        type=argument_types.endpoint,
        metavar="URL",
        help="ARM endpoint instead of the cloud's, e.g. a local emulator http://127.0.0.1:8080",
    )
    where.add_argument(
        "--ca-file",
        metavar="PATH",
        help="PEM CA bundle to trust for https (e.g. the emulator's --https CA file)",
    )
    where.add_argument(
        "--http-timeout",
        type=argument_types.http_timeout,
        metavar="SECONDS",
        help="how long one HTTP request may wait for an answer (default 30)",
    )
    return common


def _add_follow_options(common: _Parser) -> None:
    follow = common.add_argument_group("following the operation")
    follow.add_argument(
        "--polling-interval",
        type=argument_types.polling_interval,
        metavar="SECONDS",
        help="seconds between status polls when the service sends no Retry-After "
        f"(default 30, at least {MIN_POLLING_INTERVAL:g})",
    )
    follow.add_argument(
        "--timeout",
        type=argument_types.seconds,
        metavar="SECONDS",
        help="stop waiting after this long (exit 4, printing the token to resume); "
        "default: wait until the operation ends",
    )
    # Also accepted before the command; given here, it wins.
    follow.add_argument(
        "--output",
        choices=("text", "json"),
        default=argparse.SUPPRESS,
        help=argument_types.OUTPUT_HELP,
    )
    follow.add_argument(
        "--progress",
        choices=("auto", "rich", "plain", "none"),
        default="auto",
        help="auto (default): live status on a terminal (rich), one line per status change "
        "otherwise, none with --output json",
    )
    follow.add_argument(
        "-v", "--verbose", action="store_true", help="log every HTTP exchange to stderr"
    )


def _add_scale_set_options(parser: argparse.ArgumentParser) -> None:
    target = parser.add_argument_group("scale set")
    target.add_argument(
        "-s",
        "--subscription",
        metavar="ID",
        help="subscription id (default: $AZURE_SUBSCRIPTION_ID; with --id: the id's)",
    )
    target.add_argument("-g", "--resource-group", metavar="NAME", help="resource group")
    target.add_argument("-n", "--name", metavar="NAME", help="scale set name")
    target.add_argument(
        "--id",
        dest="resource_id",
        metavar="RESOURCE_ID",
        help="the scale set's ARM resource id, instead of -s/-g/-n",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``vmss-maintenance``."""
    parser = _Parser(
        prog=PROG,
        description="Trigger and follow Azure VM scale set performMaintenance operations.",
        epilog=EPILOG,
        formatter_class=_formatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--output", choices=("text", "json"), default="text", help=argument_types.OUTPUT_HELP
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = _connection_options()

    perform = commands.add_parser(
        "perform",
        parents=[common],
        help="start maintenance on a scale set's instances and follow it to the end",
        description="Start performMaintenance on a VM scale set (or some of its instances) "
        "and follow the long-running operation until it ends.",
        epilog=EPILOG,
        formatter_class=_formatter,
    )
    _add_scale_set_options(perform)
    which = perform.add_argument_group("instances").add_mutually_exclusive_group()
    which.add_argument(
        "--instance-ids",
        nargs="+",
        action="extend",
        metavar="ID",
        help="instance ids, e.g. --instance-ids 0 3 (repeatable; default: every instance)",
    )
    which.add_argument(
        "--eligible",
        action="store_true",
        help="exactly the instances that may start maintenance now (read first, as 'status' "
        "shows them): a Uniform scale set in one call with their ids, a Flexible one with "
        "one VM call each; 'nothing to do' (exit 0) when there are none",
    )
    perform.add_argument(
        "--concurrency",
        type=argument_types.concurrency,
        default=4,
        metavar="N",
        help="with --eligible on a Flexible scale set: VMs in maintenance at once (default 4)",
    )
    perform.add_argument(
        "--no-wait",
        action="store_true",
        help="print the continuation token once the service accepted the request, and exit 0",
    )

    status = commands.add_parser(
        "status",
        parents=[_connection_parent()],
        help="show which instances have maintenance pending and which may start it now",
        description="Read the maintenance status of every instance of a scale set (Uniform "
        "or Flexible):\na table and a summary line; of several scale sets: one row each, a "
        "summary line and the next step.\nNothing is started.",
        epilog=STATUS_EPILOG,
        formatter_class=_formatter,
    )
    argument_types.add_fleet_options(
        status, "scale sets (one of -g/-n, --id, --targets-file, --resource-group-all)"
    )
    status.add_argument(
        "--output",
        choices=("text", "json"),
        default=argparse.SUPPRESS,
        help=argument_types.OUTPUT_HELP,
    )
    status.add_argument(
        "--progress",
        choices=("auto", "plain", "none"),
        default="auto",
        help="auto (default) and plain: on a long listing, how many instances were read so "
        "far (with several scale sets: how many scale sets), on stderr; none: nothing",
    )
    status.add_argument(
        "--concurrency",
        type=argument_types.concurrency,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"with several scale sets: how many are read at once (default {DEFAULT_CONCURRENCY})",
    )
    status.add_argument(
        "-v", "--verbose", action="store_true", help="log every HTTP exchange to stderr"
    )

    wait = commands.add_parser(
        "wait",
        parents=[common],
        help="resume following an operation from its continuation token",
        description="Follow an operation started with 'perform --no-wait' (or one that timed "
        "out) to its end. Without --cloud/--endpoint, the endpoint the token's operation is "
        "at is used when it is a known cloud's or loopback.",
        epilog=EPILOG,
        formatter_class=_formatter,
    )
    wait.add_argument(
        "token", metavar="TOKEN", help="the continuation token ('-': read it from stdin)"
    )

    from ._cli_rollout_args import add_rollout_parser

    add_rollout_parser(commands, _connection_parent(), _formatter)

    return parser


def wants_json(argv: Sequence[str]) -> bool:
    """``--output json`` on a command line argparse could not parse."""
    words = list(argv)
    return "--output=json" in words or any(
        word == "--output" and following == "json" for word, following in itertools.pairwise(words)
    )
