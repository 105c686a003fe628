"""The command line's argument types, shared by every command's parser."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable

from . import _validation
from ._journal_records import MAX_PAUSE, is_pause
from ._timing import MIN_POLLING_INTERVAL, check_polling_interval
from .errors import InvalidArgumentError

OUTPUT_HELP = "text (default), or one JSON document with the result or the error on stdout"

# Each type parses the text and hands the number to the library's own validator (the one the
# client's settings use), turning its InvalidArgumentError into argparse's error: argparse
# already names the argument, so the message says only what is allowed.


def number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None


def checked(text: str, check: Callable[[float], object], allowed: str) -> float:
    value = number(text)
    try:
        check(value)
    except InvalidArgumentError:
        raise argparse.ArgumentTypeError(f"{allowed}, got {text}") from None
    return value


def seconds(text: str) -> float:
    return checked(
        text,
        lambda value: _validation.seconds(value, "seconds"),
        "must be a finite number of seconds >= 0",
    )


def polling_interval(text: str) -> float:
    return checked(
        text,
        check_polling_interval,
        f"must be at least {MIN_POLLING_INTERVAL:g} s (the minimum polling interval)",
    )


def http_timeout(text: str) -> float:
    return checked(
        text,
        lambda value: _validation.positive_seconds(value, "timeout"),
        "must be a number of seconds > 0",
    )


def endpoint(text: str) -> str:
    """An ARM endpoint URL: surrounding whitespace dropped, a scheme and a valid port."""
    import httpx

    from ._hosts import is_loopback

    value = text.strip()
    if not value or any(char.isspace() or not char.isprintable() for char in value):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a URL: it is empty or holds whitespace or control characters"
        )
    if "://" not in value:
        host = value.split("/")[0].rsplit(":", 1)[0]
        scheme = "http" if host and is_loopback(host) else "https"
        raise argparse.ArgumentTypeError(
            f"{text!r} has no scheme: did you mean {scheme}://{value} ? "
            "(https, or http for a loopback emulator)"
        )
    try:
        url = httpx.URL(value)
    except httpx.InvalidURL as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a valid URL: {exc}") from None
    if url.port is not None and not 1 <= url.port <= 65535:
        raise argparse.ArgumentTypeError(
            f"port {url.port} in {value!r} is out of range: ports are 1 to 65535"
        )
    return value


def concurrency(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 64:
        raise argparse.ArgumentTypeError(f"{value} is out of range: 1 to 64")
    return value


#: What ``--pause-between-batches`` takes.
DURATION_FORMS = (
    f"seconds (300, 90.5) or an ISO 8601 duration (PT5M, PT1H30M, PT45S), 0 to {MAX_PAUSE:g} s"
)
_SECONDS = re.compile(r"\d+(?:\.\d*)?|\.\d+", re.ASCII)
# Days, hours, minutes and seconds only: years, months and weeks have no fixed length here.
_ISO_DURATION = re.compile(
    r"P(?:(?P<days>\d+)D)?"
    r"(?:(?P<time>T)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?",
    re.IGNORECASE | re.ASCII,
)
_UNIT_SECONDS = {"days": 86400, "hours": 3600, "minutes": 60, "seconds": 1}


def _duration_seconds(text: str) -> float | None:
    if _SECONDS.fullmatch(text):
        return float(text)
    found = _ISO_DURATION.fullmatch(text)
    if found is None:
        return None
    parts = {unit: found.group(unit) for unit in _UNIT_SECONDS}
    given = [unit for unit, value in parts.items() if value is not None]
    time_given = any(parts[unit] is not None for unit in ("hours", "minutes", "seconds"))
    if not given or (found.group("time") and not time_given):
        return None  # "P", "PT", "P1DT": a designator without a number
    return sum(float(parts[unit].replace(",", ".")) * _UNIT_SECONDS[unit] for unit in given)


def pause_duration(text: str) -> float:
    """Seconds from ``300``, ``90.5`` or an ISO 8601 duration (``PT5M``, ``PT1H30M``)."""
    value = _duration_seconds(text.strip())
    if value is None or not is_pause(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not valid; allowed: {DURATION_FORMS}")
    return value


def add_fleet_options(parser: argparse.ArgumentParser, title: str) -> argparse._ArgumentGroup:
    """The options naming the scale sets of ``status`` and ``rollout``: one (``-g``/``-n``, one
    ``--id``) or several (``--id`` repeated, ``--targets-file``, ``--resource-group-all``). The
    group is returned for a command to add its own (``rollout --resume``)."""
    target = parser.add_argument_group(title)
    target.add_argument(
        "-s", "--subscription", metavar="ID",
        help="subscription id (default: $AZURE_SUBSCRIPTION_ID; with --id: the ids' own)",
    )  # fmt: skip
    target.add_argument("-g", "--resource-group", metavar="NAME", help="resource group")
    target.add_argument("-n", "--name", metavar="NAME", help="scale set name")
    target.add_argument(
        "--id", dest="ids", action="append", metavar="RESOURCE_ID",
        help="a scale set's ARM resource id (repeatable: several scale sets)",
    )  # fmt: skip
    target.add_argument(
        "--targets-file", metavar="FILE",
        help="a file of scale sets, one a line: a resource id or GROUP/NAME ('#' comments)",
    )  # fmt: skip
    target.add_argument(
        "--resource-group-all", action="store_true",
        help="every scale set of the resource group -g",
    )  # fmt: skip
    return target
