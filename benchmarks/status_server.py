"""A tiny HTTPS server for the status benchmark: one Uniform scale set of canned VMs.

Run by the project's Python (it needs ``cryptography`` for its throwaway certificates), in a
process of its own so that its CPU is never counted as a client's. It serves, on 127.0.0.1:

* ``GET .../virtualMachineScaleSets/<name>``: the scale set (``orchestrationMode: Uniform``);
* ``GET .../virtualMachineScaleSets/<name>/virtualMachines``: ``--instances`` VMs in pages of
  ``--page-size``, followed by ``nextLink`` (``$skiptoken``). Every VM is the 2024-07-01
  ``VirtualMachineScaleSetVM_List_MaximumSet_Gen`` example VM with its own instance id, name
  and resource id. Query options other than ``$skiptoken`` (``$select``, ``$expand``,
  ``api-version``) are ignored;
* anything else: an ARM-shaped 404. A request without a bearer token gets 401.

The pages are built once, before the server says it is ready. It prints one JSON line
(endpoint, CA file, the listing's URL) and then answers ``stats`` lines on standard input
like :mod:`emulator_proc` (requests by kind and status, TLS connections accepted since the
last ``stats``); EOF stops it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import json
import socketserver
import ssl
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from common import RESOURCE_GROUP, SUBSCRIPTION_ID, WORK, spec_api_version, spec_mirror

SCALE_SET = "status-vmss"
# In the spec mirror (see common.spec_mirror).
EXAMPLE = (
    "specification/compute/resource-manager/Microsoft.Compute/ComputeRP/stable/2024-07-01"
    "/examples/virtualMachineScaleSetExamples/VirtualMachineScaleSetVM_List_MaximumSet_Gen.json"
)
SCALE_SET_PATH = (
    f"/subscriptions/{SUBSCRIPTION_ID}/resourceGroups/{RESOURCE_GROUP}"
    f"/providers/Microsoft.Compute/virtualMachineScaleSets/{SCALE_SET}"
)
LIST_PATH = f"{SCALE_SET_PATH}/virtualMachines"


def example_vm() -> dict[str, Any]:
    """The one VM of the example's 200 answer."""
    mirror = spec_mirror()
    if mirror is None:
        raise FileNotFoundError(
            "no spec mirror (../shared/azure-rest-api-specs or VMSS_SPEC_MIRROR)"
        )
    path = mirror / EXAMPLE
    example = json.loads(path.read_text())
    vms: list[dict[str, Any]] = example["responses"]["200"]["body"]["value"]
    if len(vms) != 1:
        raise ValueError(f"{path} lists {len(vms)} VMs, expected 1")
    return vms[0]


def build_pages(endpoint: str, instances: int, page_size: int) -> list[bytes]:
    """The listing's pages, as the JSON bytes the server sends."""
    template = json.dumps(example_vm())
    next_url = f"{endpoint}{LIST_PATH}?$expand=instanceView&api-version={spec_api_version()}"
    pages: list[bytes] = []
    for start in range(0, instances, page_size):
        value = []
        for index in range(start, min(start + page_size, instances)):
            vm = json.loads(template)
            vm["instanceId"] = str(index)
            vm["name"] = f"{SCALE_SET}_{index}"
            vm["id"] = f"{LIST_PATH}/{index}"
            value.append(vm)
        page: dict[str, Any] = {"value": value}
        following = start + page_size
        if following < instances:
            page["nextLink"] = f"{next_url}&$skiptoken={following // page_size}"
        pages.append(json.dumps(page).encode())
    return pages


def scale_set_body() -> bytes:
    """What VirtualMachineScaleSets_Get answers for the benchmark's scale set."""
    return json.dumps(
        {
            "id": SCALE_SET_PATH,
            "name": SCALE_SET,
            "type": "Microsoft.Compute/virtualMachineScaleSets",
            "location": "westeurope",
            "sku": {"name": "Standard_D2s_v3", "tier": "Standard", "capacity": 1000},
            "properties": {
                "orchestrationMode": "Uniform",
                "provisioningState": "Succeeded",
                "upgradePolicy": {"mode": "Manual"},
            },
        }
    ).encode()


def write_certificates(directory: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a certificate for 127.0.0.1 signed by it: (CA, cert, key) PEMs."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    directory.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)

    def builder(subject: str, issuer: str, public_key: Any) -> x509.CertificateBuilder:
        return (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        )

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        builder("status benchmark CA", "status benchmark CA", ca_key.public_key())
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    ca_ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    cert = (
        builder("127.0.0.1", "status benchmark CA", key.public_key())
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths = (directory / "ca.pem", directory / "server.pem", directory / "server-key.pem")
    paths[0].write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, context: ssl.SSLContext) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.socket = context.wrap_socket(
            self.socket, server_side=True, do_handshake_on_connect=False
        )
        self.pages: list[bytes] = []
        self.scale_set = scale_set_body()
        self.seen: Counter[str] = Counter()
        self.connections = 0
        self.lock = threading.Lock()

    def server_bind(self) -> None:
        # HTTPServer.server_bind does a reverse DNS look-up; nothing here needs one.
        socketserver.TCPServer.server_bind(self)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.lock:
            self.connections += 1
        super().process_request(request, client_address)

    def take(self) -> dict[str, Any]:
        with self.lock:
            seen, self.seen = dict(self.seen), Counter()
            connections, self.connections = self.connections, 0
        return {"requests": sum(seen.values()), "by_kind": seen, "connections": connections}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if not self.headers.get("Authorization", "").startswith("Bearer "):
            self._reply(401, "unauthorized", _error("AuthenticationFailed", "no bearer token"))
        elif url.path == LIST_PATH:
            token = parse_qs(url.query).get("$skiptoken", ["0"])[0]
            pages = self.server.pages
            if token.isdigit() and int(token) < len(pages):
                self._reply(200, "page", pages[int(token)])
            else:
                self._reply(400, "bad page", _error("InvalidSkipToken", f"$skiptoken {token}"))
        elif url.path == SCALE_SET_PATH:
            self._reply(200, "scale set", self.server.scale_set)
        else:
            self._reply(404, "not found", _error("NotFound", f"{url.path} is not served"))

    def _reply(self, status: int, kind: str, body: bytes) -> None:
        with self.server.lock:
            self.server.seen[f"{kind} {status}"] += 1
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-ms-request-id", "00000000-0000-0000-0000-000000000000")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return None  # quiet: one line per request would cost more than the answer


def _error(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}).encode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="serve a canned Uniform scale set over HTTPS")
    parser.add_argument("--instances", type=int, default=1000)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--directory", type=Path, default=WORK / "status-server")
    args = parser.parse_args(argv)
    ca_file, cert_file, key_file = write_certificates(args.directory)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server = _Server(context)
    endpoint = f"https://127.0.0.1:{server.server_address[1]}"
    server.pages = build_pages(endpoint, args.instances, args.page_size)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        ready = {
            "endpoint": endpoint,
            "ca_file": str(ca_file),
            "api_version": spec_api_version(),
            "list_url": (
                f"{endpoint}{LIST_PATH}?$expand=instanceView&api-version={spec_api_version()}"
            ),
            "subscription_id": SUBSCRIPTION_ID,
            "resource_group": RESOURCE_GROUP,
            "scale_set": SCALE_SET,
            "instances": args.instances,
            "pages": len(server.pages),
            "page_bytes": sum(len(page) for page in server.pages) // len(server.pages),
        }
        print(json.dumps(ready), flush=True)
        for line in sys.stdin:
            if line.strip() == "stats":
                print(json.dumps(server.take()), flush=True)
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
