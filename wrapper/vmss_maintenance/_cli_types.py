"""The command line's argument types, shared by every command's parser."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from . import _validation
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
