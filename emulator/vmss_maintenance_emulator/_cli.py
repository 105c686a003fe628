"""Command line: ``vmss-maintenance-emulator [options]`` serves; ``... demo`` runs the demo."""

from __future__ import annotations

import argparse
import contextlib
import shlex
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from types import FrameType

from vmss_maintenance_emulator._emulator import ArmEmulator, default_api_versions
from vmss_maintenance_emulator._faults import Faults
from vmss_maintenance_emulator._logs import echo_to_stderr
from vmss_maintenance_emulator._seed import SeedError
from vmss_maintenance_emulator._service import LRO_HEADER_MODES

__all__ = ["build_parser", "main"]

def _whole(low: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be >= {low}, got {value}")
        return value

    parse.__name__ = "whole number"
    return parse


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number >= 0, got {text}")
    return value


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


PROG = "vmss-maintenance-emulator"

EPILOG = """\
commands: 'vmss-maintenance-emulator demo' runs the whole flow (the client's real commands
against an in-process emulator) in a few seconds; without a command it serves.

seed files (--seed FILE.json or FILE.toml): a list "scale_sets", each with subscription_id,
resource_group, name, optional location (default westeurope), orchestration_mode (Uniform or
Flexible), sku, upgrade_mode, zones and "instances"; an instance is an id ("0", a VM name in a
Flexible one) or a table with id, pending, maintenance_allowed, window_start, window_end,
platform_window_start, platform_window_end (ISO 8601, UTC), last_result_code,
last_result_message, update_domain, fault_domain, zone, power_state, health, fault and fail.
Optional "subscriptions" and "resource_groups" add empty ones. The full format, with an
example, is in the README, section "The ARM emulator"."""


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of the emulator command; every option's help shows its default."""
    parser = argparse.ArgumentParser(
        prog=prog or PROG,
        description=(
            "Serve a local Azure Resource Manager emulator for VM scale set performMaintenance\n"
            "on loopback, until Ctrl-C."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="loopback address (default %(default)s)"
    )
    parser.add_argument(
        "--port", type=_whole(0), default=8080, help="TCP port, 0 for any (default %(default)s)"
    )
    parser.add_argument(
        "--https",
        action="store_true",
        help="serve HTTPS with a throwaway CA, needs cryptography (default: plain HTTP)",
    )
    parser.add_argument(
        "--seed",
        metavar="FILE",
        help="JSON or TOML seed file, format below (default: the sample scale sets web-vmss "
        "and batch-flex)",
    )
    parser.add_argument(
        "--api-version",
        dest="api_versions",
        action="append",
        metavar="VERSION",
        help="accept this api-version; repeat for more (default: "
        f"{', '.join(default_api_versions())})",
    )
    lro = parser.add_argument_group("long-running operation")
    lro.add_argument(
        "--retry-after",
        type=_whole(0),
        default=1,
        metavar="N",
        help="Retry-After seconds of 202 answers and running status polls (default %(default)s)",
    )
    lro.add_argument(
        "--polls",
        type=_whole(0),
        default=2,
        metavar="N",
        help="status polls until an operation ends; 0 for no poll limit (default %(default)s)",
    )
    lro.add_argument(
        "--duration",
        type=_seconds,
        metavar="S",
        help="seconds until an operation ends (default: no time limit, --polls ends it)",
    )
    lro.add_argument(
        "--lro-headers",
        choices=LRO_HEADER_MODES,
        default="both",
        help="which polling headers a 202 carries, or none-200 for synchronous 200 "
        "(default %(default)s)",
    )
    lro.add_argument(
        "--claims-challenge",
        action="store_true",
        help="answer the first POST with a CAE claims challenge (default: no challenge)",
    )
    lro.add_argument(
        "--allow-overlap",
        action="store_true",
        help="accept maintenance on VMs a running operation covers or whose maintenance is "
        "done, for load tests (default: refuse it with 409 OperationNotAllowed, as ARM does)",
    )
    reads = parser.add_argument_group("reads")
    reads.add_argument(
        "--page-size",
        type=_whole(1),
        default=100,
        metavar="N",
        help="VMs per page of a VM list, then a nextLink (default %(default)s)",
    )
    reads.add_argument(
        "--reads-per-minute",
        type=_whole(0),
        default=1000,
        metavar="N",
        help="GETs per minute per policy and resource before 429; 0 for no read throttling "
        "(default %(default)s)",
    )
    faults = parser.add_argument_group("faults")
    faults.add_argument(
        "--throttle-every",
        type=_whole(0),
        default=0,
        metavar="N",
        help="429 every N-th request (default %(default)s: never)",
    )
    faults.add_argument(
        "--throttle-retry-after",
        type=_whole(0),
        default=1,
        metavar="N",
        help="Retry-After seconds of the 429s (default %(default)s)",
    )
    faults.add_argument(
        "--error-rate",
        type=_rate,
        default=0.0,
        metavar="R",
        help="share of 500/503 answers, 0 to 1 (default %(default)s)",
    )
    faults.add_argument(
        "--latency",
        type=_seconds,
        default=0.0,
        metavar="S",
        help="seconds to delay every answer (default %(default)s)",
    )
    faults.add_argument(
        "--drop-every",
        type=_whole(0),
        default=0,
        metavar="N",
        help="close the connection unanswered every N-th request (default %(default)s: never)",
    )
    faults.add_argument(
        "--fault-seed",
        type=int,
        default=0,
        metavar="N",
        help="seed of the error draws (default %(default)s)",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="log every request to standard error (default: only the start line)",
    )
    return parser


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None, *, prog: str | None = None) -> int:
    """Run the emulator command; returns the exit status (0 after Ctrl-C, 2 for bad usage).

    ``demo`` as the first word runs the demo (:func:`run_demo`). Otherwise it serves the sample
    scale sets unless ``--seed`` is given and prints one line with the endpoint (and the CA
    file with ``--https``).
    """
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] == ["demo"]:
        if words[1:] in (["-h"], ["--help"]):
            print(
                f"usage: {prog or PROG} demo\n\n"
                "Run the whole flow against an in-process emulator: the status table, "
                "performMaintenance (a success, a 409, a failing instance), then a rollout "
                "that stops at the failing instance. Takes no arguments; exits 0 when every "
                "step went as expected."
            )
            return 0
        if len(words) > 1:
            print(
                f"{prog or PROG} demo: error: takes no arguments, got {shlex.join(words[1:])}",
                file=sys.stderr,
            )
            return 2
        from vmss_maintenance_emulator._demo import run_demo

        return run_demo()
    parser = build_parser(prog)
    try:
        args = parser.parse_args(words)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    name = parser.prog
    try:
        faults = Faults(
            throttle_every=args.throttle_every,
            throttle_retry_after=args.throttle_retry_after,
            server_error_rate=args.error_rate,
            latency=args.latency,
            drop_connection_every=args.drop_every,
            seed=args.fault_seed,
        )
        arm = ArmEmulator(
            host=args.host,
            port=args.port,
            https=args.https,
            api_versions=args.api_versions,
            retry_after=args.retry_after,
            polls_to_complete=args.polls or None,
            duration=args.duration,
            lro_headers=args.lro_headers,
            faults=faults,
            claims_challenge=args.claims_challenge,
            allow_overlap=args.allow_overlap,
            page_size=args.page_size,
            reads_per_minute=args.reads_per_minute or None,
        )
        if args.seed is not None:
            arm.load_seed(args.seed)
        else:
            arm.load_sample()
    except (ValueError, TypeError, SeedError) as exc:
        print(f"{name}: error: {exc}", file=sys.stderr)
        return 2

    def announce() -> None:
        where = arm.endpoint
        tls = f" (trust CA file {arm.ca_file})" if arm.ca_file else ""
        print(
            f"ARM emulator serving on {where}{tls}; point the client at it with "
            f"--endpoint {where}  (Ctrl-C to stop)",
            flush=True,
        )

    with echo_to_stderr(args.verbose), _sigterm_interrupts():
        try:
            arm.serve_forever(on_ready=announce)
        except KeyboardInterrupt:
            pass
        except ImportError as exc:
            print(f"{name}: error: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(
                f"{name}: error: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr
            )
            return 1
        finally:
            arm.stop()
    return 0
