"""One INFO line per HTTP attempt on the ``vmss_maintenance`` logger; never a token."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator

import httpx

logger = logging.getLogger("vmss_maintenance")
_KEPT_QUERY = {"api-version"}


def redact_url(url: httpx.URL) -> str:
    """The URL without user info or fragment, and every query value except ``api-version``
    replaced by ``REDACTED``."""
    url = url.copy_with(userinfo=b"", fragment=None)
    if not url.query:
        return str(url)
    params = [
        (key, value if key.lower() in _KEPT_QUERY else "REDACTED")
        for key, value in url.params.multi_items()
    ]
    return str(url.copy_with(params=params))


def log_attempt(
    request: httpx.Request,
    outcome: httpx.Response | Exception,
    elapsed: float,
    retry: tuple[int, int, float] | None = None,
) -> None:
    """One INFO line for one HTTP attempt, retried or not.

    ``POST <url> -> 202 (request id ..., 0.123 s)`` for an answer, ``GET <url> -> no answer:
    ReadTimeout (30.001 s)`` for none; ``retry`` (retry number, of how many, wait in seconds)
    adds ``; retry 1 of 5 in 0.800 s``.
    """
    if not logger.isEnabledFor(logging.INFO):
        return
    if isinstance(outcome, httpx.Response):
        what = (
            f"{outcome.status_code} (request id "
            f"{outcome.headers.get('x-ms-request-id', '-')}, {elapsed:.3f} s)"
        )
    else:
        what = f"no answer: {type(outcome).__name__} ({elapsed:.3f} s)"
    line = f"{request.method} {redact_url(request.url)} -> {what}"
    if retry is not None:
        number, total, delay = retry
        line += f"; retry {number} of {total} in {delay:.3f} s"
    logger.info("%s", line)


@contextlib.contextmanager
def echo_to_stderr(name: str, enabled: bool) -> Iterator[None]:
    """While active (and ``enabled``), print logger ``name``'s INFO lines on stderr."""
    if not enabled:
        yield
        return
    target = logging.getLogger(name)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    previous = target.level
    target.addHandler(handler)
    target.setLevel(logging.INFO)
    try:
        yield
    finally:
        target.removeHandler(handler)
        target.setLevel(previous)
