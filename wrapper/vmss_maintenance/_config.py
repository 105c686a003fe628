"""The settings both clients share, checked once at construction."""

from __future__ import annotations

import os
import ssl
import sys
from collections.abc import Iterable

import attrs
import httpx

from . import __version__, _validation
from ._cloud import AzureCloud
from ._hosts import HostPolicy
from ._lro import Timing
from ._operation import Target
from ._retry import RetryPolicy
from ._spec import API_VERSION
from ._timing import check_polling_interval
from .errors import InvalidArgumentError

_PYTHON = ".".join(str(part) for part in sys.version_info[:3])
USER_AGENT = f"vmss-maintenance/{__version__} Python/{_PYTHON}"
# Requests one client runs at once, each on a kept-alive connection of its own (the async
# client gives every slot its own single-connection pool: see _slots.py).
DEFAULT_MAX_CONNECTIONS = 20
MAX_CONNECTIONS_LIMIT = 1000
Verify = bool | str | os.PathLike[str] | ssl.SSLContext


@attrs.frozen
class Settings:
    """Validated client settings."""

    subscription_id: str
    endpoint: str
    credential_scope: str
    api_version: str
    polling_interval: float
    retry: RetryPolicy
    timeout: httpx.Timeout
    verify: bool | ssl.SSLContext
    hosts: HostPolicy
    max_connections: int

    @property
    def limits(self) -> httpx.Limits:
        """The connection pool: every connection is kept alive for reuse."""
        return httpx.Limits(
            max_connections=self.max_connections, max_keepalive_connections=self.max_connections
        )

    def timing(self, polling_interval: float | None = None) -> Timing:
        """How polls are spaced for one operation."""
        return Timing(
            polling_interval=self.polling_interval
            if polling_interval is None
            else check_polling_interval(polling_interval),
            retry_after_max=self.retry.retry_after_max,
        )

    def target(
        self,
        resource_group_name: str,
        vm_scale_set_name: str,
        instance_ids: Iterable[str | int] | None,
        subscription_id: str | None = None,
    ) -> Target:
        """A validated operation target."""
        return Target(
            subscription_id=subscription_id or self.subscription_id,
            resource_group_name=_validation.resource_group_name(resource_group_name),
            vm_scale_set_name=_validation.scale_set_name(vm_scale_set_name),
            instance_ids=_validation.instance_ids(instance_ids),
        )


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


def _timeout(value: object) -> httpx.Timeout:
    if isinstance(value, httpx.Timeout):
        return value
    seconds = _validation.seconds(value, "timeout")
    return httpx.Timeout(seconds)


def make_settings(
    subscription_id: str,
    *,
    cloud: AzureCloud,
    endpoint: str | None,
    credential_scope: str | None,
    api_version: str | None,
    polling_interval: float,
    retry: RetryPolicy | None,
    timeout: float | httpx.Timeout,
    verify: Verify,
    allowed_hosts: Iterable[str],
    max_connections: int,
) -> Settings:
    """Check every argument; each error names the bad value and what is allowed."""
    if not isinstance(cloud, AzureCloud):
        raise InvalidArgumentError(f"cloud must be an AzureCloud, not {cloud!r}")
    if retry is None:
        retry = RetryPolicy()
    if not isinstance(retry, RetryPolicy):
        raise InvalidArgumentError(f"retry must be a RetryPolicy, not {retry!r}")
    if api_version is None:
        api_version = API_VERSION
    if not isinstance(api_version, str) or not api_version.strip():
        raise InvalidArgumentError(f"api_version must be a non-empty string, not {api_version!r}")
    base = (endpoint if endpoint is not None else cloud.endpoint)
    if not isinstance(base, str):
        raise InvalidArgumentError(f"endpoint must be a URL string, not {base!r}")
    base = base.rstrip("/")
    scope = credential_scope if credential_scope is not None else cloud.credential_scope
    if not isinstance(scope, str) or not scope.strip():
        raise InvalidArgumentError(f"credential_scope must be a non-empty string, not {scope!r}")
    interval = check_polling_interval(polling_interval)
    return Settings(
        subscription_id=_validation.subscription_id(subscription_id),
        endpoint=base,
        credential_scope=scope,
        api_version=api_version,
        polling_interval=interval,
        retry=retry,
        timeout=_timeout(timeout),
        verify=_verify(verify),
        hosts=HostPolicy.for_endpoint(base, allowed_hosts),
        max_connections=_max_connections(max_connections),
    )


def _max_connections(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgumentError(f"max_connections must be an integer, not {value!r}")
    if not 1 <= value <= MAX_CONNECTIONS_LIMIT:
        raise InvalidArgumentError(
            f"max_connections must be from 1 to {MAX_CONNECTIONS_LIMIT}, not {value}"
        )
    return value
