"""One log line per HTTP exchange on the ``vmss_maintenance`` logger; never a token."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator

import httpx

logger = logging.getLogger("vmss_maintenance")
_KEPT_QUERY = {"api-version"}


def redact_url(url: httpx.URL) -> str:
    """The URL with every query value except ``api-version`` replaced by ``REDACTED``."""
    if not url.query:
        return str(url)
    params = [
        (key, value if key.lower() in _KEPT_QUERY else "REDACTED")
        for key, value in url.params.multi_items()
    ]
    return str(url.copy_with(params=params))


def log_exchange(request: httpx.Request, response: httpx.Response, elapsed: float) -> None:
    """``POST <url> -> 202 (request id ..., 0.123 s)``."""
    if not logger.isEnabledFor(logging.INFO):
        return
    logger.info(
        "%s %s -> %s (request id %s, %.3f s)",
        request.method,
        redact_url(request.url),
        response.status_code,
        response.headers.get("x-ms-request-id", "-"),
        elapsed,
    )


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
