"""Credentials and token caches. Token text never appears in a repr, message or log record."""

from __future__ import annotations

import importlib
import inspect
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from .errors import AuthenticationError, InvalidArgumentError

if TYPE_CHECKING:
    import asyncio

__all__ = [
    "AccessToken",
    "AsyncTokenCache",
    "StaticTokenCredential",
    "SupportsGetToken",
    "TokenCache",
    "default_async_credential",
    "default_credential",
]

_logger = logging.getLogger("vmss_maintenance")

#: A cached token is replaced once fewer than this many seconds remain before it expires.
REFRESH_MARGIN_SECONDS = 300
#: 9999-12-31T23:59:59Z: "does not expire" for a static token.
_FAR_FUTURE = 253_402_300_799

_NO_IDENTITY = (
    "no credential available: azure-identity is not installed; run "
    "pip install 'vmss-maintenance[{extra}]' and sign in (az login, AZURE_CLIENT_ID/"
    "AZURE_TENANT_ID/AZURE_CLIENT_SECRET, or a managed identity), or give the client a "
    "credential (e.g. StaticTokenCredential)"
)
_NO_AIOHTTP = (
    "no credential given and aiohttp, which azure.identity.aio needs, is not installed: "
    "pip install 'vmss-maintenance[identity-async]' or pass a credential "
    "(e.g. StaticTokenCredential)"
)


class SupportsGetToken(Protocol):
    """Anything shaped like an ``azure.core`` token credential, sync or async.

    ``get_token(*scopes, claims=...)`` must return (or, for an async credential, resolve to)
    an object with ``.token`` and ``.expires_on``. A ``get_token_info(*scopes, options=...)``
    method is preferred when the credential has one; its result may carry ``.refresh_on``.
    """

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        """Return an access token for ``scopes`` (or an awaitable of one)."""
        ...


@attrs.frozen(repr=False)
class AccessToken:
    """A bearer token with its expiry (and optional refresh hint), in epoch seconds.

    The token text is left out of ``repr`` and ``str``.
    """

    token: str
    expires_on: int
    refresh_on: int | None = None

    def __repr__(self) -> str:
        return (
            f"AccessToken(token=<redacted>, expires_on={self.expires_on}, "
            f"refresh_on={self.refresh_on})"
        )


def _check_token_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # Messages here must never echo the token.
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgumentError("StaticTokenCredential needs a non-empty token string")
    words = value.split()
    if len(words) == 2 and words[0].lower() == "bearer":
        raise InvalidArgumentError(
            "StaticTokenCredential token starts with 'Bearer': pass the token alone; the "
            "client adds 'Bearer ' itself"
        )
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        raise InvalidArgumentError(
            "StaticTokenCredential token contains whitespace or control characters"
        )


def _check_expires_on(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidArgumentError(
            f"StaticTokenCredential expires_on must be a positive integer "
            f"(epoch seconds) or None, got {value!r}"
        )
    if value <= time.time():
        expired = datetime.fromtimestamp(value, UTC).isoformat(timespec="seconds")
        raise InvalidArgumentError(
            f"StaticTokenCredential expires_on={value} ({expired}) is in the past: the token "
            "has expired; get a new one (e.g. az account get-access-token)"
        )


def _default_expiry(value: int | None) -> int:
    return _FAR_FUTURE if value is None else value


@attrs.frozen(repr=False)
class StaticTokenCredential:
    """A credential that always returns the one bearer token it was given.

    For tests, emulators and tokens obtained elsewhere (``az account get-access-token``).
    ``expires_on`` is in epoch seconds; ``None`` means far in the future. It cannot satisfy a
    claims challenge: the token is returned unchanged whatever ``claims`` ask for.
    """

    token: str = attrs.field(validator=_check_token_text)
    expires_on: int = attrs.field(
        default=None, converter=_default_expiry, validator=_check_expires_on
    )

    def __repr__(self) -> str:
        return f"StaticTokenCredential(token=<redacted>, expires_on={self.expires_on})"

    def get_token(
        self,
        *scopes: str,
        claims: str | None = None,
        tenant_id: str | None = None,
        **kwargs: Any,
    ) -> AccessToken:
        """Return the token, whatever the scopes, claims or tenant."""
        return AccessToken(self.token, self.expires_on)

    def get_token_info(self, *scopes: str, options: Any = None) -> AccessToken:
        """Return the token, whatever the scopes or options (``azure.core`` 1.31 style)."""
        return AccessToken(self.token, self.expires_on)


def _import_identity(module: str, extra: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise InvalidArgumentError(f"{_NO_IDENTITY.format(extra=extra)} ({exc})") from exc


def default_credential() -> Any:
    """Return ``azure.identity.DefaultAzureCredential()``, or explain how to get one.

    Raises :class:`InvalidArgumentError` when azure-identity is not installed.
    """
    return _import_identity("azure.identity", "identity").DefaultAzureCredential()


def default_async_credential() -> Any:
    """Return ``azure.identity.aio.DefaultAzureCredential()``, or explain how to get one.

    Raises :class:`InvalidArgumentError` when azure-identity, or the aiohttp it needs for
    async credentials, is not installed (the ``identity-async`` extra installs both).
    """
    identity = _import_identity("azure.identity.aio", "identity-async")
    try:
        importlib.import_module("aiohttp")
    except ImportError as exc:
        raise InvalidArgumentError(f"{_NO_AIOHTTP} ({exc})") from exc
    return identity.DefaultAzureCredential()


def _check_scope(scope: object) -> str:
    if not isinstance(scope, str) or not scope.strip():
        raise InvalidArgumentError(f"scope must be a non-empty string, got {scope!r}")
    return scope


def _start_request(credential: SupportsGetToken, scope: str, claims: str | None) -> Any:
    """Call the credential: ``get_token_info`` when it has one, else ``get_token``."""
    get_token_info = getattr(credential, "get_token_info", None)
    if callable(get_token_info):
        if claims:
            return get_token_info(scope, options={"claims": claims})
        return get_token_info(scope)
    return credential.get_token(scope, claims=claims) if claims else credential.get_token(scope)


def _failure(credential: object, scope: str, exc: BaseException) -> AuthenticationError:
    detail = str(exc) or "no message"
    return AuthenticationError(
        f"{type(credential).__name__} could not get a token for {scope}: "
        f"{type(exc).__name__}: {detail}"
    )


def _as_access_token(result: object, credential: object, scope: str) -> AccessToken:
    """Read ``.token``/``.expires_on``/``.refresh_on`` from whatever the credential returned."""
    if inspect.iscoroutine(result):
        result.close()  # never awaited on purpose: say so instead of warning later
        raise AuthenticationError(
            f"{type(credential).__name__} is asynchronous; use it with AsyncMaintenanceClient, "
            "or give MaintenanceClient a synchronous credential (azure.identity, not .aio)"
        )
    token = getattr(result, "token", None)
    expires_on = getattr(result, "expires_on", None)
    refresh_on = getattr(result, "refresh_on", None)
    number = (int, float)
    if (
        not isinstance(token, str)
        or not token
        or isinstance(expires_on, bool)
        or not isinstance(expires_on, number)
    ):
        raise AuthenticationError(
            f"{type(credential).__name__} returned no usable token for {scope} "
            f"(got a {type(result).__name__})"
        )
    refresh = int(refresh_on) if isinstance(refresh_on, number) and refresh_on else None
    _logger.debug(
        "got a token for %s from %s, expires_on=%s", scope, type(credential).__name__, expires_on
    )
    return AccessToken(token, int(expires_on), refresh)


def _still_good(token: AccessToken | None, now: float) -> bool:
    """Say whether ``token`` may be used as is at ``now``."""
    if token is None or token.expires_on - now < REFRESH_MARGIN_SECONDS:
        return False
    return token.refresh_on is None or now < token.refresh_on


class TokenCache:
    """Hands out ``credential``'s token for ``scope``, asking the credential again only when due.

    A token is reused until fewer than 300 s remain before ``expires_on``, or until
    ``refresh_on`` when the credential gave one. Thread-safe: concurrent callers share one
    refresh.
    """

    def __init__(
        self,
        credential: SupportsGetToken,
        scope: str,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._credential = credential
        self._scope = _check_scope(scope)
        self._clock = clock
        self._token: AccessToken | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"TokenCache({type(self._credential).__name__}, {self._scope!r})"

    @property
    def scope(self) -> str:
        """The scope tokens are requested for."""
        return self._scope

    def get(self, claims: str | None = None) -> str:
        """Return a valid token. ``claims`` (from a challenge) forces a new one asking for them.

        Raises :class:`AuthenticationError` when the credential fails.
        """
        if claims is None and _still_good(self._token, self._clock()):
            assert self._token is not None
            return self._token.token
        with self._lock:
            token = self._token
            if claims is None and token is not None and _still_good(token, self._clock()):
                return token.token
            try:
                result = _start_request(self._credential, self._scope, claims)
            except AuthenticationError:
                raise
            except Exception as exc:
                raise _failure(self._credential, self._scope, exc) from exc
            self._token = _as_access_token(result, self._credential, self._scope)
            return self._token.token


class AsyncTokenCache:
    """The asynchronous :class:`TokenCache`: same rules, for ``httpx.AsyncClient``.

    ``credential`` may be asynchronous (``azure.identity.aio``) or synchronous (such as
    :class:`StaticTokenCredential`). Concurrent :meth:`get` calls share a single refresh.
    """

    def __init__(
        self,
        credential: SupportsGetToken,
        scope: str,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._credential = credential
        self._scope = _check_scope(scope)
        self._clock = clock
        self._token: AccessToken | None = None
        self._lock: asyncio.Lock | None = None
        self._lock_loop: object = None

    def __repr__(self) -> str:
        return f"AsyncTokenCache({type(self._credential).__name__}, {self._scope!r})"

    @property
    def scope(self) -> str:
        """The scope tokens are requested for."""
        return self._scope

    def _loop_lock(self) -> asyncio.Lock:
        """The lock for the running event loop, made on first use (asyncio is imported late)."""
        import asyncio

        loop = asyncio.get_running_loop()
        if self._lock is None or self._lock_loop is not loop:
            self._lock, self._lock_loop = asyncio.Lock(), loop
        return self._lock

    async def get(self, claims: str | None = None) -> str:
        """Return a valid token. ``claims`` (from a challenge) forces a new one asking for them.

        Raises :class:`AuthenticationError` when the credential fails.
        """
        if claims is None and _still_good(self._token, self._clock()):
            assert self._token is not None
            return self._token.token
        async with self._loop_lock():
            token = self._token
            if claims is None and token is not None and _still_good(token, self._clock()):
                return token.token
            try:
                result = _start_request(self._credential, self._scope, claims)
                if inspect.isawaitable(result):
                    result = await result
            except AuthenticationError:
                raise
            except Exception as exc:
                raise _failure(self._credential, self._scope, exc) from exc
            self._token = _as_access_token(result, self._credential, self._scope)
            return self._token.token
