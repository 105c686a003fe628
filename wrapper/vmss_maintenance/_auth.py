"""Bearer authentication for ARM: host checks, token attachment, claims challenges.

Like httpx's ``DigestAuth``, :class:`ArmBearerAuth` answers a 401 challenge by sending the
request once more. The sync and async flows are two short drivers around the same pure
pieces (:func:`_claims_to_retry` and the host check); they differ only in how the token is
fetched (``cache.get`` is called, or awaited).
"""

from __future__ import annotations

import base64
import binascii
import inspect
import json
from collections.abc import AsyncGenerator, Awaitable, Generator
from typing import Protocol

import attrs
import httpx

from ._hosts import HostPolicy
from .errors import InvalidArgumentError

__all__ = ["ArmBearerAuth", "BearerChallenge"]

_SPACE = " \t"
_WORD_END = frozenset(' \t,="')


class TokenSource(Protocol):
    """What :class:`ArmBearerAuth` needs: a :class:`TokenCache` or an :class:`AsyncTokenCache`."""

    def get(self, claims: str | None = None) -> str | Awaitable[str]:
        """Return a valid token (or an awaitable of one), fresh when ``claims`` is given."""
        ...


def _skip(text: str, i: int, chars: str) -> int:
    while i < len(text) and text[i] in chars:
        i += 1
    return i


def _quoted(text: str, i: int) -> tuple[str, int]:
    """Read the quoted-string starting at ``text[i] == '"'``; return it and the next index."""
    out: list[str] = []
    i += 1
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        elif ch == '"':
            return "".join(out), i + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out), i  # unterminated: take the rest


def _parse_challenges(header: str) -> list[tuple[str, dict[str, str]]]:
    """Split a ``WWW-Authenticate`` value into ``(scheme, params)`` pairs (RFC 9110 §11.6.1).

    Best effort and never raises: param names are lower-cased, the first of a repeated param
    wins, and a ``token68`` after a scheme is skipped.
    """
    challenges: list[tuple[str, dict[str, str]]] = []
    params: dict[str, str] | None = None
    just_after_scheme = False
    i = 0
    while i < len(header):
        if header[i] in " \t,":
            just_after_scheme = just_after_scheme and header[i] != ","
            i += 1
            continue
        start = i
        while i < len(header) and header[i] not in _WORD_END:
            i += 1
        word = header[start:i]
        if not word:  # a stray '=' or '"': step over it
            i = _quoted(header, i)[1] if header[i] == '"' else i + 1
            continue
        after = _skip(header, i, _SPACE)
        value_at = _skip(header, after + 1, _SPACE) if after < len(header) else after
        is_param = (
            after < len(header)
            and header[after] == "="
            and value_at < len(header)
            and header[value_at] not in ",="
        )
        if is_param and params is not None:
            if header[value_at] == '"':
                value, i = _quoted(header, value_at)
            else:
                i = value_at
                while i < len(header) and header[i] not in " \t,":
                    i += 1
                value = header[value_at:i]
            params.setdefault(word.lower(), value)
            just_after_scheme = False
        elif just_after_scheme:  # token68 credentials after a scheme: not needed here
            i = _skip(header, i, "=")
            just_after_scheme = False
        else:
            params = {}
            challenges.append((word, params))
            just_after_scheme = True
    return challenges


def _decode_claims(encoded: str) -> str | None:
    """Decode base64 / base64url claims (padding optional) to JSON text; ``None`` if bad."""
    text = encoded.strip().replace("-", "+").replace("_", "/")
    try:
        raw = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
        claims = raw.decode("utf-8")
        parsed = json.loads(claims)
    except (binascii.Error, ValueError):  # also UnicodeDecodeError and JSONDecodeError
        return None
    return claims if isinstance(parsed, dict) else None


@attrs.frozen
class BearerChallenge:
    """The parameters of the ``Bearer`` challenge in a ``WWW-Authenticate`` header."""

    params: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_header(cls, value: str | None) -> BearerChallenge | None:
        """Return the first ``Bearer`` challenge (scheme case-insensitive) in ``value``, if any.

        Quoted values may contain commas and escaped quotes; other schemes are ignored.
        """
        if not value:
            return None
        for scheme, params in _parse_challenges(value):
            if scheme.lower() == "bearer":
                return cls(tuple(params.items()))
        return None

    def get(self, name: str) -> str | None:
        """Return the parameter ``name`` (case-insensitive), or ``None``."""
        wanted = name.lower()
        return next((value for key, value in self.params if key == wanted), None)

    @property
    def error(self) -> str | None:
        """The ``error`` parameter, such as ``insufficient_claims``."""
        return self.get("error")

    @property
    def claims(self) -> str | None:
        """The decoded ``claims`` JSON when the challenge asks for claims, else ``None``.

        ``None`` too when the ``claims`` value is not valid base64 of a JSON object.
        """
        if (self.error or "").lower() != "insufficient_claims":
            return None
        encoded = self.get("claims")
        return _decode_claims(encoded) if encoded else None


def _claims_to_retry(response: httpx.Response) -> str | None:
    """The claims to get a new token with, when ``response`` is a claims challenge."""
    if response.status_code != 401:
        return None
    header = ", ".join(response.headers.get_list("www-authenticate"))
    challenge = BearerChallenge.from_header(header)
    return challenge.claims if challenge is not None else None


def _attach(request: httpx.Request, token: str) -> None:
    request.headers["Authorization"] = f"Bearer {token}"


class ArmBearerAuth(httpx.Auth):
    """An :class:`httpx.Auth` that sends ARM bearer tokens to trusted hosts only.

    Before a token is fetched or attached, the request URL goes through
    ``trusted_hosts.check``: an untrusted URL raises :class:`UntrustedHostError` and nothing
    is sent. A 401 carrying an ``insufficient_claims`` challenge is answered once with a token
    requested for those claims; any other 401 (or a second one) is returned as is.

    ``cache`` is a :class:`TokenCache` (use with ``httpx.Client`` or ``httpx.AsyncClient``)
    or an :class:`AsyncTokenCache` (``httpx.AsyncClient`` only).
    """

    requires_request_body = True  # the body must be re-sendable for the claims retry

    def __init__(self, cache: TokenSource, *, trusted_hosts: HostPolicy) -> None:
        if not isinstance(trusted_hosts, HostPolicy):
            raise InvalidArgumentError(
                f"trusted_hosts must be a HostPolicy, got {type(trusted_hosts).__name__}"
            )
        self._cache = cache
        self._hosts = trusted_hosts

    def __repr__(self) -> str:
        return f"ArmBearerAuth({self._cache!r}, trusted_hosts={self._hosts!r})"

    def _sync_token(self, claims: str | None) -> str:
        token = self._cache.get(claims)
        if isinstance(token, str):
            return token
        if inspect.iscoroutine(token):
            token.close()  # never awaited: close it so no warning is raised
        raise InvalidArgumentError(
            f"{type(self._cache).__name__} is asynchronous: use it with httpx.AsyncClient, "
            "or use a TokenCache with httpx.Client"
        )

    async def _async_token(self, claims: str | None) -> str:
        token = self._cache.get(claims)
        return await token if inspect.isawaitable(token) else token

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Authenticate ``request`` for ``httpx.Client``."""
        self._hosts.check(request.url)
        request.read()
        _attach(request, self._sync_token(None))
        response = yield request
        claims = _claims_to_retry(response)
        if claims is not None:
            _attach(request, self._sync_token(claims))
            yield request

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Authenticate ``request`` for ``httpx.AsyncClient``."""
        self._hosts.check(request.url)
        await request.aread()
        _attach(request, await self._async_token(None))
        response = yield request
        claims = _claims_to_retry(response)
        if claims is not None:
            _attach(request, await self._async_token(claims))
            yield request
