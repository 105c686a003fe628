"""The ``vmss-maintenance`` command: start, follow and resume performMaintenance operations.

Only the console script (and ``python -m vmss_maintenance``) imports this module; ``import
vmss_maintenance`` does not. ``rich`` and the emulator are imported only when needed.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import itertools
import math
import os
import shlex
import ssl
import sys
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from . import __version__, _cli_output
from ._logging import echo_to_stderr
from .errors import (
    AuthenticationError,
    InvalidArgumentError,
    MaintenanceError,
    OperationFailedError,
    PollingTimeoutError,
)

if TYPE_CHECKING:
    from ._client import MaintenanceClient, MaintenancePoller
    from ._result import MaintenanceResult

__all__ = [
    "EXIT_AUTHENTICATION",
    "EXIT_FAILED",
    "EXIT_SERVICE_ERROR",
    "EXIT_SUCCEEDED",
    "EXIT_TIMED_OUT",
    "EXIT_USAGE",
    "PLACEHOLDER_TOKEN",
    "build_parser",
    "exit_code_for",
    "main",
]

PROG = "vmss-maintenance"
EXIT_SUCCEEDED = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_AUTHENTICATION = 3
EXIT_TIMED_OUT = 4
EXIT_SERVICE_ERROR = 5
EXIT_INTERRUPTED = 130

#: The bearer token sent to a loopback endpoint (a local emulator), where no login is needed.
PLACEHOLDER_TOKEN = "emulator-placeholder-token"  # noqa: S105 - not a secret

EPILOG = """\
exit codes:
  0  succeeded (with --no-wait: the operation was started)
  1  the operation ran and ended Failed or Canceled
  2  bad arguments; nothing was sent
  3  authentication failed, or no credential is available
  4  timed out (--timeout); the continuation token and the 'vmss-maintenance wait <token>'
     command that resumes the operation are printed
  5  any other service error: an HTTP error answer (404, 409, 429...), no answer, or an
     untrusted host in a polling URL

credentials: azure-identity's DefaultAzureCredential (pip install 'vmss-maintenance[identity]');
against a loopback --endpoint (a local emulator) a placeholder token is sent instead.
"""

_CLOUD_NAMES = "public, usgov, china"


class _UsageError(Exception):
    """A command-line mistake argparse found; the message is the whole line to print."""


class _Interrupted(Exception):
    """Ctrl-C while following an operation that keeps running in Azure."""

    def __init__(self, continuation_token: str) -> None:
        super().__init__("interrupted")
        self.continuation_token = continuation_token


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line and do not exit the interpreter."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: error: {message} (see '{self.prog} --help')")


# -- arguments -------------------------------------------------------------------------------


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"must be a finite number of seconds >= 0, got {text}")
    return value


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


def _connection_options() -> _Parser:
    """Options shared by ``perform`` and ``wait``."""
    common = _Parser(add_help=False)
    where = common.add_argument_group("connection")
    where.add_argument(
        "--cloud",
        default="public",
        metavar="NAME",
        help=f"Azure cloud: {_CLOUD_NAMES} (default %(default)s)",
    )
    where.add_argument(
        "--endpoint",
        metavar="URL",
        help="ARM endpoint instead of the cloud's, e.g. a local emulator http://127.0.0.1:8080",
    )
    where.add_argument(
        "--ca-file",
        metavar="PATH",
        help="PEM CA bundle to trust for https (e.g. the emulator's --https CA file)",
    )
    follow = common.add_argument_group("following the operation")
    follow.add_argument(
        "--polling-interval",
        type=_seconds,
        metavar="SECONDS",
        help="seconds between status polls when the service sends no Retry-After (default 30)",
    )
    follow.add_argument(
        "--timeout",
        type=_seconds,
        metavar="SECONDS",
        help="stop waiting after this long (exit 4, printing the token to resume); "
        "default: wait until the operation ends",
    )
    follow.add_argument(
        "--output",
        choices=("text", "json"),
        default="text",
        help="text (default), or one JSON document with the result or the error on stdout",
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
    return common


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``vmss-maintenance`` (the ``emulator`` command parses its own)."""
    parser = _Parser(
        prog=PROG,
        description="Trigger and follow Azure VM scale set performMaintenance operations.",
        epilog=EPILOG,
        formatter_class=_formatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
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
    target = perform.add_argument_group("scale set")
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
    target.add_argument(
        "--instance-ids",
        nargs="+",
        metavar="ID",
        help="instance ids, e.g. --instance-ids 0 3 (default: every instance)",
    )
    perform.add_argument(
        "--no-wait",
        action="store_true",
        help="print the continuation token once the service accepted the request, and exit 0",
    )

    wait = commands.add_parser(
        "wait",
        parents=[common],
        help="resume following an operation from its continuation token",
        description="Follow an operation started with 'perform --no-wait' (or one that timed "
        "out) to its end. Use the same --cloud/--endpoint/--ca-file as when it was started.",
        epilog=EPILOG,
        formatter_class=_formatter,
    )
    wait.add_argument("token", metavar="TOKEN", help="the continuation token")

    commands.add_parser(
        "emulator",
        add_help=False,
        help="serve a local ARM emulator (options: 'vmss-maintenance emulator --help')",
    )
    commands.add_parser(
        "demo",
        help="run the whole flow against an in-process emulator, in a few seconds",
        description="Start a local ARM emulator with a sample scale set, run 'perform' against "
        "it (a success, then an ineligible instance), and show the HTTP exchanges.",
        formatter_class=_formatter,
    )
    return parser


# -- outcomes --------------------------------------------------------------------------------


def exit_code_for(exc: BaseException) -> int:
    """The exit code for an error (see the ``--help`` epilog)."""
    if isinstance(exc, OperationFailedError):
        return EXIT_FAILED
    if isinstance(exc, InvalidArgumentError | _UsageError):
        return EXIT_USAGE
    if isinstance(exc, AuthenticationError):
        return EXIT_AUTHENTICATION
    if isinstance(exc, PollingTimeoutError):
        return EXIT_TIMED_OUT
    return EXIT_SERVICE_ERROR


def _resume_command(args: argparse.Namespace, token: str) -> str:
    """``vmss-maintenance wait <token>`` with the connection options that reach the service."""
    words = [PROG, "wait", token]
    if args.cloud.strip().lower() not in ("public", "azurecloud"):
        words += ["--cloud", args.cloud]
    if args.endpoint:
        words += ["--endpoint", args.endpoint]
    if args.ca_file:
        words += ["--ca-file", args.ca_file]
    return shlex.join(words)


def _report(exc: BaseException, args: argparse.Namespace | None, json_output: bool) -> int:
    """Print one line on stderr (and the JSON document with --output json); the exit code."""
    code = exit_code_for(exc)
    resume = None
    token = getattr(exc, "continuation_token", None)
    if isinstance(token, str) and args is not None:
        resume = _resume_command(args, token)
    usage = isinstance(exc, _UsageError)
    line = str(exc) if usage else _cli_output.error_line(PROG, exc, resume)
    if json_output:
        document = _cli_output.error_document(exc, code, resume)
        if usage:
            document["error"]["type"] = "UsageError"
        _cli_output.dump_json(document, sys.stdout)
    print(line, file=sys.stderr, flush=True)
    return code


# -- credentials and client ------------------------------------------------------------------


def placeholder_credential() -> Any:
    """The credential used against a loopback endpoint: a fixed placeholder token."""
    from ._credentials import StaticTokenCredential

    return StaticTokenCredential(PLACEHOLDER_TOKEN)


def default_credential() -> Any:
    """``azure.identity.DefaultAzureCredential()``; without azure-identity, an
    :class:`AuthenticationError` saying how to get it."""
    try:
        identity = importlib.import_module("azure.identity")
    except ImportError:
        raise AuthenticationError(
            "no credential available: azure-identity is not installed; run "
            "pip install 'vmss-maintenance[identity]' and sign in (az login, AZURE_CLIENT_ID/"
            "AZURE_TENANT_ID/AZURE_CLIENT_SECRET, or a managed identity)"
        ) from None
    return identity.DefaultAzureCredential()


@contextlib.contextmanager
def _client(args: argparse.Namespace, subscription_id: str) -> Iterator[MaintenanceClient]:
    from . import _validation
    from ._client import MaintenanceClient
    from ._cloud import AzureCloud
    from ._hosts import HostPolicy

    subscription_id = _validation.subscription_id(subscription_id)
    cloud = AzureCloud.from_name(args.cloud)
    endpoint = args.endpoint if args.endpoint is not None else cloud.endpoint
    loopback = HostPolicy.for_endpoint(endpoint).endpoint_is_loopback
    credential = placeholder_credential() if loopback else default_credential()
    options: dict[str, Any] = {}
    if args.polling_interval is not None:
        options["polling_interval"] = args.polling_interval
    try:
        client = MaintenanceClient(
            credential,
            subscription_id,
            cloud=cloud,
            endpoint=args.endpoint,
            verify=args.ca_file if args.ca_file else True,
            **options,
        )
    except ssl.SSLError as exc:
        raise InvalidArgumentError(
            f"--ca-file {args.ca_file!r} is not a usable PEM CA bundle: {exc}"
        ) from None
    try:
        with client:
            yield client
    finally:
        close = getattr(credential, "close", None)
        if callable(close):
            close()


# -- following -------------------------------------------------------------------------------


def _describe(poller: MaintenancePoller) -> str:
    """``group/scale-set (instances ...)``."""
    return _cli_output.target_text(
        poller.resource_group_name, poller.vm_scale_set_name, poller.instance_ids
    )


def _follow(
    poller: MaintenancePoller,
    progress: _cli_output.Progress,
    headline: str,
    timeout: float | None,
) -> MaintenanceResult:
    """Poll until the operation ends, showing progress; raise on failure or timeout."""
    progress.start(headline)
    began = time.monotonic()
    try:
        while True:
            progress.update(poller)
            if poller.done():
                return poller.result(0)
            remaining = None if timeout is None else timeout - (time.monotonic() - began)
            if remaining is not None and remaining <= 0:
                raise PollingTimeoutError(
                    f"the operation did not finish within {timeout:g} s "
                    f"(last status {poller.status()})",
                    continuation_token=poller.continuation_token(),
                )
            tick = progress.tick
            if tick is None:  # wake for the next poll (a little after it is due)
                tick = (poller.next_poll_in() or 0.0) + 0.05
            poller.wait(tick if remaining is None else min(tick, remaining))
    except OperationFailedError:
        progress.update(poller)
        raise
    except KeyboardInterrupt:
        raise _Interrupted(poller.continuation_token()) from None
    finally:
        progress.stop()


def _finish(args: argparse.Namespace, poller: MaintenancePoller, verb: str) -> int:
    where = _describe(poller)
    headline = f"{verb} performMaintenance on {where}; request id {poller.request_id}"
    # With --output json, stdout holds only the JSON document: progress (if asked) goes to stderr.
    stream = sys.stderr if args.output == "json" else sys.stdout
    progress = _cli_output.make_progress(args.output, args.progress, stream)
    result = _follow(poller, progress, headline, args.timeout)
    if args.output == "json":
        _cli_output.dump_json(_cli_output.result_document(result), sys.stdout)
    else:
        print(_cli_output.result_line(result), file=sys.stdout, flush=True)
    return EXIT_SUCCEEDED


def _perform_subscription(args: argparse.Namespace) -> str:
    """The subscription of ``perform``; checks that -g/-n or --id (not both) were given."""
    from . import _validation

    if args.resource_id is not None:
        if args.resource_group or args.name:
            raise InvalidArgumentError(
                "--id names the scale set already: leave out -g/--resource-group and -n/--name"
            )
        parts = _validation.parse_scale_set_id(args.resource_id)
        if args.subscription is not None:
            given = _validation.subscription_id(args.subscription)
            if given != parts.subscription_id:
                raise InvalidArgumentError(
                    f"-s/--subscription {given} differs from the subscription in --id "
                    f"({parts.subscription_id}); give one of them"
                )
        return parts.subscription_id
    missing = [
        option
        for option, value in (
            ("-g/--resource-group", args.resource_group),
            ("-n/--name", args.name),
        )
        if not value
    ]
    if missing:
        raise InvalidArgumentError(
            f"name the scale set: {' and '.join(missing)} missing (or give --id RESOURCE_ID)"
        )
    subscription = args.subscription or os.environ.get("AZURE_SUBSCRIPTION_ID", "").strip()
    if not subscription:
        raise InvalidArgumentError(
            "no subscription: pass -s/--subscription or set AZURE_SUBSCRIPTION_ID"
        )
    return str(subscription)


def _perform(args: argparse.Namespace) -> int:
    subscription = _perform_subscription(args)
    with _client(args, subscription) as client:
        if args.resource_id is not None:
            poller = client.begin_perform_maintenance_by_id(args.resource_id, args.instance_ids)
        else:
            poller = client.begin_perform_maintenance(
                args.resource_group, args.name, args.instance_ids
            )
        if args.no_wait:
            return _started(args, poller)
        return _finish(args, poller, "Started")


def _started(args: argparse.Namespace, poller: MaintenancePoller) -> int:
    """``--no-wait``: print the token (stdout) and how to follow the operation."""
    token = poller.continuation_token()
    where = _describe(poller)
    resume = _resume_command(args, token)
    request_id = poller.request_id
    if args.output == "json":
        _cli_output.dump_json(
            {
                "status": poller.status(),
                "subscription_id": poller.subscription_id,
                "resource_group_name": poller.resource_group_name,
                "vm_scale_set_name": poller.vm_scale_set_name,
                "instance_ids": None if poller.instance_ids is None else list(poller.instance_ids),
                "request_id": request_id,
                "continuation_token": token,
                "resume_command": resume,
            },
            sys.stdout,
        )
    else:
        print(token, file=sys.stdout, flush=True)
        print(
            f"Started performMaintenance on {where}; status {poller.status()}, request id "
            f"{request_id}. Follow it with: {resume}",
            file=sys.stderr,
            flush=True,
        )
    return EXIT_SUCCEEDED


def _wait(args: argparse.Namespace) -> int:
    from ._tokens import subscription_of

    with _client(args, subscription_of(args.token.strip())) as client:
        poller = client.resume(args.token.strip())
        return _finish(args, poller, "Resumed")


def _run(args: argparse.Namespace) -> int:
    json_output = args.output == "json"
    try:
        with echo_to_stderr("vmss_maintenance", args.verbose):
            return _perform(args) if args.command == "perform" else _wait(args)
    except MaintenanceError as exc:
        return _report(exc, args, json_output)
    except _Interrupted as interrupted:
        resume = _resume_command(args, interrupted.continuation_token)
        print(
            f"{PROG}: interrupted; the operation goes on in Azure. Resume with: {resume}",
            file=sys.stderr,
            flush=True,
        )
        return EXIT_INTERRUPTED


def _wants_json(argv: Sequence[str]) -> bool:
    """``--output json`` on a command line argparse could not parse."""
    words = list(argv)
    return "--output=json" in words or any(
        word == "--output" and following == "json" for word, following in itertools.pairwise(words)
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``vmss-maintenance`` with ``argv`` (default ``sys.argv[1:]``); the exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] == ["emulator"]:
        from .emulator import main as emulator_main

        return emulator_main(words[1:], prog=f"{PROG} emulator")
    parser = build_parser()
    try:
        args = parser.parse_args(words)
    except _UsageError as exc:
        return _report(exc, None, _wants_json(words))
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_SUCCEEDED
    if args.command == "demo":
        from ._demo import run_demo

        return run_demo()
    return _run(args)
