"""Client settings: an attrs class that validates itself, so one that exists is a valid one.

The converters are the functions of :mod:`._validation`, the same ones the command line's
argument types use. :class:`ClientOptions` declares the options both clients take, once.
"""

from __future__ import annotations

import os
import ssl
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypedDict

import attrs
import httpx

from . import _validation
from ._adapter import API_VERSION
from ._clock import TestClock
from ._cloud import AzureCloud
from ._hosts import HostPolicy
from ._machine import Timing
from ._retry import RetryPolicy
from ._timing import check_polling_interval
from ._version import __version__
from .errors import InvalidArgumentError

_PYTHON = ".".join(str(part) for part in sys.version_info[:3])
USER_AGENT = f"vmss-maintenance/{__version__} Python/{_PYTHON}"
# Requests one client runs at once, each on a kept-alive connection of its own (the async
# client gives every slot its own single-connection pool: see _slots.py).
DEFAULT_MAX_CONNECTIONS = 20
MAX_CONNECTIONS_LIMIT = 1000
Verify = bool | str | os.PathLike[str] | ssl.SSLContext


class ClientOptions(TypedDict, total=False):
    """The keyword options both clients take (see the README's "Options")."""

    cloud: AzureCloud
    endpoint: str | None
    credential_scope: str | None
    api_version: str
    polling_interval: float
    retry: RetryPolicy | None
    timeout: float | httpx.Timeout
    verify: Verify
    allowed_hosts: Iterable[str]
    max_connections: int
    clock: Callable[[], float] | TestClock | None


def _cloud(value: object) -> AzureCloud:
    if not isinstance(value, AzureCloud):
        raise InvalidArgumentError(f"cloud must be an AzureCloud, not {value!r}")
    return value


def _optional_text(value: object, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgumentError(f"{what} must be a non-empty string, not {value!r}")
    return value


def _endpoint(value: object) -> str | None:
    return _optional_text(value, "endpoint")


def _credential_scope(value: object) -> str | None:
    return _optional_text(value, "credential_scope")


def _api_version(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgumentError(f"api_version must be a non-empty string, not {value!r}")
    return value


def _retry(value: object) -> RetryPolicy:
    if value is None:
        return RetryPolicy()
    if not isinstance(value, RetryPolicy):
        raise InvalidArgumentError(f"retry must be a RetryPolicy, not {value!r}")
    return value


def _timeout(value: object) -> httpx.Timeout:
    if isinstance(value, httpx.Timeout):
        return value
    return httpx.Timeout(_validation.positive_seconds(value, "timeout"))


def _verify(value: object) -> bool | ssl.SSLContext:
    if isinstance(value, (bool, ssl.SSLContext)):
        return value
    if isinstance(value, (str, os.PathLike)):
        path = os.fspath(value)
        if not os.path.isfile(path):
            raise InvalidArgumentError(f"verify: CA bundle {path!r} is not a file")
        return ssl.create_default_context(cafile=path)
    raise InvalidArgumentError(
        f"verify must be True, False, a CA bundle path or an ssl.SSLContext, not {value!r}"
    )


def _allowed_hosts(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidArgumentError(
            f"allowed_hosts must be a list of host names, not {value!r}"
        )
    return tuple(value)


def _max_connections(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgumentError(f"max_connections must be an integer, not {value!r}")
    if not 1 <= value <= MAX_CONNECTIONS_LIMIT:
        raise InvalidArgumentError(
            f"max_connections must be from 1 to {MAX_CONNECTIONS_LIMIT}, not {value}"
        )
    return value


@attrs.frozen
class Settings:
    """Validated client settings; ``endpoint`` and ``credential_scope`` default to the cloud's
    and ``hosts`` (derived) is the policy for where the bearer token may go."""

    subscription_id: str = attrs.field(converter=_validation.subscription_id)
    cloud: AzureCloud = attrs.field(default=AzureCloud.PUBLIC, converter=_cloud)
    endpoint: str | None = attrs.field(default=None, converter=_endpoint)
    credential_scope: str | None = attrs.field(
        default=None, converter=_credential_scope
    )
    api_version: str = attrs.field(default=API_VERSION, converter=_api_version)
    polling_interval: float = attrs.field(default=30.0, converter=check_polling_interval)
    retry: RetryPolicy = attrs.field(default=None, converter=_retry)
    timeout: httpx.Timeout = attrs.field(
        default=httpx.Timeout(30.0), converter=_timeout
    )
    verify: bool | ssl.SSLContext = attrs.field(default=True, converter=_verify)
    allowed_hosts: tuple[str, ...] = attrs.field(default=(), converter=_allowed_hosts)
    max_connections: int = attrs.field(
        default=DEFAULT_MAX_CONNECTIONS, converter=_max_connections
    )
    hosts: HostPolicy = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        endpoint = (self.endpoint or self.cloud.endpoint).rstrip("/")
        object.__setattr__(self, "endpoint", endpoint)
        if self.credential_scope is None:
            object.__setattr__(self, "credential_scope", self.cloud.credential_scope)
        object.__setattr__(self, "hosts", HostPolicy.for_endpoint(endpoint, self.allowed_hosts))

    @property
    def base_url(self) -> str:
        """The ARM endpoint requests go to."""
        assert self.endpoint is not None  # set on construction
        return self.endpoint

    @property
    def scope(self) -> str:
        """The scope tokens are asked for."""
        assert self.credential_scope is not None  # set on construction
        return self.credential_scope

    @property
    def limits(self) -> httpx.Limits:
        """The connection pool: every connection is kept alive for reuse."""
        return httpx.Limits(
            max_connections=self.max_connections, max_keepalive_connections=self.max_connections
        )

    def timing(self, polling_interval: float | None = None) -> Timing:
        """How polls are spaced for one operation (``polling_interval`` overrides; at least
        :data:`~vmss_maintenance._timing.MIN_POLLING_INTERVAL`)."""
        return Timing(
            polling_interval=self.polling_interval
            if polling_interval is None
            else check_polling_interval(polling_interval),
            retry_after_max=self.retry.retry_after_max,
        )


def settings(subscription_id: str, options: ClientOptions) -> Settings:
    """:class:`Settings` from the clients' options (``clock`` is not a setting)."""
    values: dict[str, Any] = {key: value for key, value in options.items() if key != "clock"}
    return Settings(subscription_id, **values)
