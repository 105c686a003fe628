"""ARM wire format: requests and answers as plain values, and ``CloudError`` answers."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = [
    "JSON_CONTENT_TYPE",
    "REASON_PHRASES",
    "Incoming",
    "Refusal",
    "Reply",
    "error_reply",
    "json_reply",
]

JSON_CONTENT_TYPE = "application/json; charset=utf-8"

#: The status-line reason phrase of every status the emulator answers with, as ARM's front end
#: (HTTP.sys) words them. Fixed here rather than taken from ``http.HTTPStatus``, whose phrases
#: change between Python versions (3.13 renamed 413, 414 and 422).
REASON_PHRASES: Mapping[int, str] = {
    200: "OK",
    202: "Accepted",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Request Entity Too Large",
    414: "Request-URI Too Long",
    415: "Unsupported Media Type",
    417: "Expectation Failed",
    429: "Too Many Requests",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    501: "Not Implemented",
    503: "Service Unavailable",
    505: "HTTP Version Not Supported",
}


@attrs.frozen
class Incoming:
    """A request as the service sees it: header names lower-cased, query by last value."""

    method: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: bytes | None

    def query_value(self, name: str) -> str | None:
        """A query parameter, its name matched case-insensitively (as ARM does)."""
        wanted = name.lower()
        found: str | None = None
        for key, value in self.query.items():
            if key.lower() == wanted:
                found = value
        return found


@attrs.frozen
class Reply:
    """An answer: status, headers in order, body bytes (empty for none)."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""

    def with_headers(self, extra: Iterable[tuple[str, str]]) -> Reply:
        """The same answer with more headers after the existing ones."""
        return attrs.evolve(self, headers=(*self.headers, *extra))


class Refusal(Exception):
    """Raised inside the service to answer with an error at once."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply


def json_reply(
    status: int, payload: Mapping[str, Any], headers: Iterable[tuple[str, str]] = ()
) -> Reply:
    """An answer with a compact JSON body."""
    body = json.dumps(payload, separators=(",", ":")).encode()
    return Reply(status, tuple(headers), body)


def error_reply(
    status: int,
    code: str,
    message: str,
    *,
    target: str | None = None,
    details: Iterable[Mapping[str, Any]] = (),
    headers: Iterable[tuple[str, str]] = (),
) -> Reply:
    """An answer with an ARM ``CloudError`` body ``{"error": {"code", "message", ...}}``."""
    error: dict[str, Any] = {"code": code, "message": message}
    if target is not None:
        error["target"] = target
    listed = [dict(item) for item in details]
    if listed:
        error["details"] = listed
    return json_reply(status, {"error": error}, headers)
