"""GETs and paged listings as flows (generators of ``Send``), driven like the poll loop.

:func:`get_json` reads one resource. A :class:`Pager` follows one listing page by page:
its :meth:`Pager.page` flow fetches the next page and returns its items. Every ``nextLink``
is checked against the trusted hosts before the bearer token may go with it
(:class:`UntrustedHostError`, nothing sent), a ``nextLink`` seen before ends the listing with
an error instead of looping, and a page that is not a JSON object with a ``value`` list of
objects is an error naming the page (its URL, query values redacted). A 429 or 5xx answer
was already retried by the retry transport, as for any GET.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from ._adapter import RequestParts
from ._failures import json_object, protocol_failure, response_failure
from ._flow import Flow, Send
from ._hosts import HostPolicy
from ._logging import redact_url
from .errors import HttpResponseError

#: More pages than this in one listing is taken as a loop the service did not show by
#: repeating a link (a scale set has at most 1,000 instances; a resource group's VMs a few
#: thousand).
MAX_PAGES = 10_000


def _request_id() -> str:
    return str(uuid.uuid4())


def _answer(request: RequestParts) -> Flow[httpx.Response]:
    response = yield Send(request, _request_id())
    assert response is not None
    return response


def get_json(request: RequestParts, *, what: str, missing_ok: bool = False) -> Flow[Any]:
    """GET ``request`` and return its JSON object; None for a 404 when ``missing_ok``.

    An error answer raises :class:`HttpResponseError` (``retry_after`` set when the service
    said it); a 2xx answer that is not a JSON object raises one naming the URL.
    """
    response = yield from _answer(request)
    if response.status_code == 404 and missing_ok:
        return None
    if not response.is_success:
        raise response_failure(response, what=what).to_error()
    body = json_object(response.content)
    if body is None:
        raise protocol_failure(
            response, f"{what}: the answer from {redact_url(response.request.url)} is not a "
            "JSON object",
        ).to_error()  # fmt: skip
    return body


class Pager:
    """One listing as it goes: the next page's request and the pages seen.

    ``what`` names the listing in messages (e.g. "listing the instances of g/ss").
    """

    def __init__(self, first: RequestParts, hosts: HostPolicy, *, what: str) -> None:
        self.what = what
        self.hosts = hosts
        self.next: RequestParts | None = first
        self.seen: set[str] = set()
        self.pages = 0

    @property
    def done(self) -> bool:
        """Whether the last page has been read."""
        return self.next is None

    def page(self) -> Flow[list[dict[str, Any]]]:
        """Fetch the next page and return its items; the next request is set from its
        ``nextLink`` (none: the listing is done)."""
        request = self.next
        assert request is not None, "the listing is done"
        self.next = None  # a failing page ends the listing
        response = yield from _answer(request)
        url = response.request.url
        self.pages += 1
        self.seen.add(_key(url))
        if not response.is_success:
            raise response_failure(response, what=f"{self.what} (page {self.pages})").to_error()
        body = json_object(response.content)
        items = None if body is None else body.get("value")
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise self._bad_page(response, "is not a JSON object with a 'value' list of objects")
        assert body is not None
        self.next = self._next_request(response, body.get("nextLink"))
        return items

    def _next_request(self, response: httpx.Response, link: object) -> RequestParts | None:
        if link is None or link == "":
            return None
        if not isinstance(link, str):
            raise self._bad_page(response, f"has a nextLink that is not a string ({link!r})")
        self.hosts.check(link)  # UntrustedHostError: the token never goes there
        try:
            key = _key(httpx.URL(link))
        except httpx.InvalidURL:
            raise self._bad_page(response, "has a nextLink that is not a URL") from None
        if key in self.seen:
            raise self._bad_page(
                response, "has a nextLink to a page already read: the listing would never end"
            )
        if self.pages >= MAX_PAGES:
            raise self._bad_page(response, f"is page {MAX_PAGES} and more follow")
        return RequestParts("GET", link, ())

    def _bad_page(self, response: httpx.Response, problem: str) -> HttpResponseError:
        error = protocol_failure(
            response,
            f"{self.what}: page {self.pages} ({redact_url(response.request.url)}) {problem}; "
            "stopped",
        ).to_error()
        assert isinstance(error, HttpResponseError)
        return error


def _key(url: httpx.URL) -> str:
    """A URL compared for loops: as httpx normalises it, query parameters in sorted order,
    no fragment (the same page however its link orders the parameters)."""
    params = sorted(url.params.multi_items())
    return str(url.copy_with(query=None, fragment=None, params=params))
