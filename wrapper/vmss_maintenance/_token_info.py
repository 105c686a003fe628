"""What a continuation token says about its operation, read without a client.

:func:`inspect_token` checks the token as ``resume`` does (every field, bounded in size and
nesting), except which hosts are trusted: that is the resuming client's choice, made from its
endpoint, which a caller may want to pick from :attr:`TokenInfo.endpoint` (the command line's
``wait`` does). It sends nothing.
"""

from __future__ import annotations

from typing import Any

import attrs
import httpx

from . import _tokens
from ._machine import Phase

__all__ = ["TokenInfo", "inspect_token"]


@attrs.frozen
class TokenInfo:
    """The facts a continuation token holds about its operation.

    ``endpoint`` is ``scheme://host[:port]`` of the service the operation was started at (a
    client resuming it must trust that host); ``target`` is the frozen value the operation
    acts on (as :attr:`MaintenancePoller.target`); ``request_id`` the operation's id (the
    service's request id of the initial request, else the client request id it was sent
    with); ``polls`` the GETs answered so far; ``done`` whether the operation had ended when
    the token was taken (``resume`` then sends nothing).
    """

    operation_id: str
    endpoint: str
    subscription_id: str
    target: Any
    request_id: str
    api_version: str
    polls: int
    done: bool


def inspect_token(token: str) -> TokenInfo:
    """The :class:`TokenInfo` of a continuation token; nothing is sent.

    A token that ``resume`` would refuse as damaged raises the same
    :class:`~vmss_maintenance.errors.InvalidArgumentError` naming the bad field. The hosts
    in it are not judged here: ``resume`` checks them against its client's trusted hosts.
    """
    record = _tokens.decode(token, None)
    url = httpx.URL(record.lro.original_url)  # an absolute http(s) URL: decode checked it
    return TokenInfo(
        operation_id=record.operation.operation_id,
        endpoint=f"{url.scheme}://{url.netloc.decode('ascii')}",
        subscription_id=record.target.subscription_id,
        target=record.target,
        request_id=record.service_request_id or record.client_request_id,
        api_version=record.api_version,
        polls=record.lro.polls,
        done=record.lro.phase in (Phase.SUCCEEDED, Phase.FAILED),
    )
