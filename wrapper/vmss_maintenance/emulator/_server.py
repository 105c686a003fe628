"""The HTTP side: a threading HTTP/1.1 server on loopback that hands requests to the service."""

from __future__ import annotations

import contextlib
import logging
import socket
import socketserver
import ssl
import threading
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import attrs

from vmss_maintenance.emulator._arm import (
    JSON_CONTENT_TYPE,
    REASON_PHRASES,
    Incoming,
    Reply,
    error_reply,
)
from vmss_maintenance.emulator._faults import FaultKind, FaultPlan
from vmss_maintenance.emulator._records import RecordedRequest, Recorder, redact
from vmss_maintenance.emulator._service import ArmService

__all__ = ["Backend", "EmulatorServer"]

logger = logging.getLogger("vmss_maintenance.emulator")

MAX_BODY = 4 * 1024 * 1024
"""ARM refuses request bodies over 4 MiB."""


@attrs.frozen
class Backend:
    """Everything a request handler needs, shared by all connections of one emulator."""

    service: ArmService
    faults: FaultPlan
    recorder: Recorder


class _BadRequest(Exception):
    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply


class EmulatorServer(ThreadingHTTPServer):
    """A :class:`ThreadingHTTPServer` that can be HTTPS and can close its open connections."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(
        self,
        address: tuple[str, int],
        *,
        family: socket.AddressFamily,
        backend: Backend,
        tls: ssl.SSLContext | None,
    ) -> None:
        self.address_family = family
        self.backend = backend
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)
        if tls is not None:
            self.socket = tls.wrap_socket(
                self.socket, server_side=True, do_handshake_on_connect=False
            )

    def server_bind(self) -> None:
        """Bind without the reverse DNS look-up :class:`HTTPServer` does (slow, useless here)."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Log a failed connection (TLS handshake refused, reset, ...) instead of printing it."""
        logger.debug("connection from %s failed", client_address, exc_info=True)

    def track(self, connection: socket.socket, *, open_: bool) -> None:
        """Remember or forget an open client connection."""
        with self._connections_lock:
            if open_:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def close_connections(self) -> None:
        """Shut down every open client connection so that their threads end."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


def _error_code(status: int) -> str:
    """The ARM error code for a status http.server refuses a request with ("RequestUriTooLong")."""
    phrase = REASON_PHRASES.get(status, "Bad Request" if status < 500 else "Internal Server Error")
    return "".join(word.capitalize() for word in phrase.replace("-", " ").split())


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    default_request_version = "HTTP/1.0"
    server_version = "vmss-maintenance-emulator"
    sys_version = ""
    timeout = 30.0
    # One write per answer (headers and body together) and no Nagle delay: otherwise a client
    # waiting for the body stalls on delayed ACKs.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True
    server: EmulatorServer
    # The status line's phrases: http.server's own come from HTTPStatus, which differs by version.
    responses: Mapping[int, tuple[str, str]] = MappingProxyType(
        {code: (phrase, phrase) for code, phrase in REASON_PHRASES.items()}
    )

    def setup(self) -> None:
        connection = self.request
        if isinstance(connection, ssl.SSLSocket):
            connection.settimeout(self.timeout)
            connection.do_handshake()
        super().setup()
        self.server.track(connection, open_=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.request, open_=False)

    def handle_one_request(self) -> None:
        try:
            self.raw_requestline = self.rfile.readline(65537)
        except (OSError, ValueError):
            self.close_connection = True
            return
        if not self.raw_requestline:
            self.close_connection = True
            return
        if len(self.raw_requestline) > 65536:
            self.requestline = ""
            self.request_version = self.default_request_version
            self.command = ""
            self.send_error(414)
            return
        if not self.parse_request():
            return
        try:
            self._serve()
            self.wfile.flush()
        except (OSError, ValueError):
            logger.debug("client connection lost", exc_info=True)
            self.close_connection = True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a request http.server could not parse, in ARM's JSON error shape."""
        said = message or REASON_PHRASES.get(code, f"HTTP {code}")
        reply = error_reply(code, _error_code(code), said)
        self.close_connection = True
        logger.info("unparseable request -> %d (%s)", code, said)
        with contextlib.suppress(OSError):
            self._write(reply.with_headers([("Content-Type", JSON_CONTENT_TYPE)]))
            self.wfile.flush()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Requests are logged once answered, by :meth:`_serve`."""

    def log_message(self, format: str, *args: Any) -> None:
        """Send http.server's own messages to the emulator logger."""
        logger.debug("%s - " + format, self.address_string(), *args)

    # -- one request ---------------------------------------------------------------------

    def _serve(self) -> None:
        backend = self.server.backend
        started = time.perf_counter()
        target = urlsplit(self.path)
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        incoming_without_body = Incoming(
            method=self.command,
            path=target.path or "/",
            query=dict(parse_qsl(target.query, keep_blank_values=True)),
            headers=headers,
            body=None,
        )
        try:
            body = self._read_body()
        except _BadRequest as bad:
            self.close_connection = True
            reply = backend.service.finish(incoming_without_body, bad.reply)
            self._answer(incoming_without_body, reply, started)
            return
        incoming = attrs.evolve(incoming_without_body, body=body)
        kind = backend.faults.next()
        if kind is FaultKind.DROP:
            self.close_connection = True
            self._record(incoming, None, Reply(0), started)
            logger.info("%s %s -> connection dropped (fault)", incoming.method, incoming.path)
            return
        try:
            if kind is FaultKind.NONE:
                reply = backend.service.handle(incoming)
            else:
                retry_after = backend.faults.faults.throttle_retry_after
                reply = backend.service.fault(incoming, kind, retry_after)
        except Exception:
            logger.exception("emulator failed on %s %s", incoming.method, incoming.path)
            self.close_connection = True
            reply = backend.service.finish(
                incoming,
                error_reply(
                    500, "InternalServerError", "The emulator failed; see its log for details."
                ),
            )
        latency = backend.faults.faults.latency
        if latency:
            time.sleep(latency)
        self._answer(incoming, reply, started)

    def _read_body(self) -> bytes | None:
        encoding = self.headers.get("Transfer-Encoding", "")
        if encoding:
            if encoding.strip().lower() != "chunked":
                raise _BadRequest(
                    error_reply(
                        400, "BadRequest", f"The Transfer-Encoding '{encoding}' is not supported."
                    )
                )
            return self._read_chunked() or None
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            return None
        if not length_text.strip().isdigit():
            raise _BadRequest(
                error_reply(
                    400, "BadRequest", f"The Content-Length header '{length_text}' is not valid."
                )
            )
        length = int(length_text)
        if length > MAX_BODY:
            raise _BadRequest(self._too_large())
        data = self.rfile.read(length) if length else b""
        if len(data) != length:
            raise OSError("client closed the connection in the middle of the body")
        return data or None

    def _read_chunked(self) -> bytes:
        parts: list[bytes] = []
        size_total = 0
        while True:
            line = self.rfile.readline(1026)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise _BadRequest(
                    error_reply(400, "BadRequest", "The chunked request body is malformed.")
                ) from None
            if size == 0:
                while self.rfile.readline(65537) not in {b"\r\n", b"\n", b""}:
                    pass
                return b"".join(parts)
            size_total += size
            if size_total > MAX_BODY:
                raise _BadRequest(self._too_large())
            parts.append(self.rfile.read(size))
            self.rfile.readline(3)

    @staticmethod
    def _too_large() -> Reply:
        return error_reply(
            413,
            "RequestContentTooLarge",
            f"The request content size exceeds the maximum allowed size of {MAX_BODY} bytes.",
        )

    def _answer(self, incoming: Incoming, reply: Reply, started: float) -> None:
        self._write(reply, head=incoming.method == "HEAD")
        self._record(incoming, reply.status, reply, started)
        logger.info("%s %s -> %d", incoming.method, incoming.path, reply.status)

    def _write(self, reply: Reply, *, head: bool = False) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if reply.body and not head:
            self.wfile.write(reply.body)

    def _record(self, incoming: Incoming, status: int | None, reply: Reply, started: float) -> None:
        response_headers = {name.lower(): value for name, value in reply.headers}
        if status is not None:
            response_headers["content-length"] = str(len(reply.body))
        self.server.backend.recorder.add(
            RecordedRequest(
                method=incoming.method,
                path=incoming.path,
                query=dict(incoming.query),
                headers=redact(incoming.headers),
                body=incoming.body,
                status=status,
                response_headers=response_headers,
                elapsed=time.perf_counter() - started,
                response_body=reply.body,
            )
        )
