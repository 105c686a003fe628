"""The session of one command run: what it knows so far, and the client it connects with.

Every command (``perform``, ``status``, ``wait``, ``rollout``) runs in one :class:`Session`
and makes its client with :func:`open_client`, once its arguments were checked: the cloud, the
endpoint, the TLS trust of ``--ca-file``, the credential (a placeholder token for a loopback
endpoint) and the CLI's clock. The command modules import this one; it imports none of them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import ssl
import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ._cli_args import PROG
from ._clock import Clock
from ._credentials import StaticTokenCredential, default_credential
from .errors import InvalidArgumentError, ServiceRequestError

if TYPE_CHECKING:
    from ._cli_watch import ExchangeWatch
    from ._client import MaintenanceClient, MaintenancePoller
    from ._cloud import AzureCloud

__all__ = [
    "PLACEHOLDER_TOKEN",
    "Session",
    "checked_subscription",
    "clock",
    "default_credential",
    "open_client",
    "placeholder_credential",
    "sleep",
    "subscription_from_environment",
    "warn",
]

#: The bearer token sent to a loopback endpoint (a local emulator), where no login is needed.
PLACEHOLDER_TOKEN = "emulator-placeholder-token"  # noqa: S105 - not a secret

#: Where the CLI's time comes from (monotonic schedules polls and timeouts, wall stamps) and
#: how it waits between retries and polls. Tests replace both with one fake clock whose sleep
#: moves it forward, so nothing waits in real time.
clock: Clock = Clock()
sleep: Callable[[float], None] = time.sleep

_ENDED = frozenset({"Succeeded", "Failed", "Canceled"})


def warn(message: str) -> None:
    """One line on stderr, after the program's name."""
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


class Session:
    """One run of a command: what is known so far, for the final message."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.cloud_name: str | None = args.cloud
        self.endpoint: str | None = args.endpoint
        self.watch: ExchangeWatch | None = None
        self.poller: MaintenancePoller[Any] | None = None

    @property
    def json_output(self) -> bool:
        """Whether stdout holds one JSON document (``--output json``)."""
        return bool(self.args.output == "json")

    def running_token(self) -> str | None:
        """The continuation token while a started operation has not ended, else None."""
        poller = self.poller
        if poller is None or poller.status() in _ENDED:
            return None
        return poller.continuation_token()

    def operation_request_id(self) -> str | None:
        """The request id of the started operation (the POST's), once there is one."""
        return None if self.poller is None else self.poller.request_id

    def connection_words(self) -> list[str]:
        """The options that reach the same service again: ``--cloud`` (unless public),
        ``--endpoint``, ``--ca-file``; for the commands this run suggests."""
        words: list[str] = []
        if self.cloud_name and self.cloud_name.strip().lower() not in ("public", "azurecloud"):
            words += ["--cloud", self.cloud_name]
        if self.endpoint:
            words += ["--endpoint", self.endpoint]
        if self.args.ca_file:
            words += ["--ca-file", self.args.ca_file]
        return words

    def resume_command(self, token: str) -> str:
        """``vmss-maintenance wait <token>`` with the connection options that reach the service."""
        return shlex.join([PROG, "wait", token, *self.connection_words()])

    def before_the_poller(self, exc: BaseException) -> str | None:
        """What became of the POST, for an error raised before there was a poller."""
        watch = self.watch
        if self.poller is not None or watch is None or not watch.post_started:
            return None
        if watch.post_accepted:
            return (
                f"the service accepted the request (request id {watch.post_request_id or '-'}), "
                "so maintenance may be running in Azure and cannot be followed from here: "
                "check the scale set before starting it again"
            )
        if isinstance(exc, ServiceRequestError) and watch.post_status is None:
            if watch.post_not_sent:
                return "the request did not reach the service: nothing was started"
            return (
                "the request may have reached Azure and started the operation (client request "
                f"id {watch.post_client_request_id}): check the scale set before retrying"
            )
        return None


def checked_subscription(value: str, source: str) -> str:
    """A checked subscription id; an error names where it came from (``source``)."""
    from . import _validation

    if not value.strip():
        raise InvalidArgumentError(f"{source} is empty: give a subscription id (a GUID)")
    try:
        return _validation.subscription_id(value)
    except InvalidArgumentError as exc:
        raise InvalidArgumentError(f"{source}: {exc}") from None


def subscription_from_environment() -> str:
    """``$AZURE_SUBSCRIPTION_ID``, checked: the subscription when no option names one."""
    environment = os.environ.get("AZURE_SUBSCRIPTION_ID", "")
    if not environment.strip():
        raise InvalidArgumentError(
            "no subscription: pass -s/--subscription or set AZURE_SUBSCRIPTION_ID"
        )
    return checked_subscription(environment, "$AZURE_SUBSCRIPTION_ID")


# -- credentials and client ------------------------------------------------------------------


def placeholder_credential() -> Any:
    """The credential used against a loopback endpoint: a fixed placeholder token. Any other
    endpoint gets the library's :func:`default_credential` (azure-identity's)."""
    return StaticTokenCredential(PLACEHOLDER_TOKEN)


def _ca_context(path: str | None, endpoint: str) -> ssl.SSLContext | bool:
    """The TLS trust for ``--ca-file`` (checked before anything else is made)."""
    if not path:
        return True
    if not os.path.isfile(path):
        raise InvalidArgumentError(f"--ca-file {path!r} is not a file")
    try:
        context = ssl.create_default_context(cafile=path)
    except (ssl.SSLError, OSError) as exc:
        raise InvalidArgumentError(
            f"--ca-file {path!r} is not a usable PEM CA bundle: {exc}"
        ) from None
    if endpoint.lower().startswith("http://"):
        warn(f"warning: --ca-file is ignored: the endpoint {endpoint} uses plain http")
    return context


def _cloud(session: Session) -> AzureCloud:
    from ._cloud import AzureCloud

    return AzureCloud.from_name(session.cloud_name or "public")


@contextlib.contextmanager
def open_client(session: Session, subscription_id: str) -> Iterator[MaintenanceClient]:
    """The client, made once every argument was checked: the credential comes last."""
    import httpx

    from ._cli_watch import ExchangeWatch
    from ._client import MaintenanceClient
    from ._hosts import HostPolicy

    args = session.args
    cloud = _cloud(session)
    endpoint = session.endpoint if session.endpoint is not None else cloud.endpoint
    loopback = HostPolicy.for_endpoint(endpoint).endpoint_is_loopback
    verify = _ca_context(args.ca_file, endpoint)
    options: dict[str, Any] = {}
    if getattr(args, "polling_interval", None) is not None:  # status follows no operation
        options["polling_interval"] = args.polling_interval
    if args.http_timeout is not None:
        options["timeout"] = args.http_timeout
    watch = ExchangeWatch(httpx.HTTPTransport(verify=verify), warn)
    credential = placeholder_credential() if loopback else default_credential()
    try:
        client = MaintenanceClient(
            credential,
            subscription_id,
            cloud=cloud,
            endpoint=session.endpoint,
            verify=verify,
            transport=watch,
            sleep=sleep,
            clock=clock,
            **options,
        )
        session.watch = watch
        with client:
            yield client
    finally:
        close = getattr(credential, "close", None)
        if callable(close):
            close()
