"""Which URLs may receive the bearer token: the ARM endpoint's own origin and named extras."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

import attrs
import httpx

from .errors import InvalidArgumentError, UntrustedHostError

__all__ = ["HostPolicy"]

_DEFAULT_PORTS = {"https": 443, "http": 80}


def is_loopback(host: str) -> bool:
    """Say whether ``host`` is ``localhost``, an address in 127.0.0.0/8, or ``::1``."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _host_of(url: httpx.URL) -> str:
    """The host as ASCII (IDNA), lower case: the form hosts are compared in."""
    return url.raw_host.decode("ascii").lower()


def _port_of(url: httpx.URL) -> int | None:
    return url.port if url.port is not None else _DEFAULT_PORTS.get(url.scheme)


def _parse_url(value: str | httpx.URL, what: str) -> httpx.URL:
    try:
        url = value if isinstance(value, httpx.URL) else httpx.URL(value)
    except (httpx.InvalidURL, TypeError) as exc:
        raise InvalidArgumentError(f"{what} is not a valid URL: {value!r} ({exc})") from exc
    return url


def _parse_allowed(entry: str) -> tuple[str, int]:
    """Turn ``"host"`` or ``"host:port"`` (``"[::1]:8443"``) into ``(host, port)``; port 443."""
    if not isinstance(entry, str) or not entry.strip() or "/" in entry or "@" in entry:
        raise InvalidArgumentError(
            f"allowed_hosts entries must be 'host' or 'host:port' with no scheme or path, "
            f"got {entry!r}"
        )
    if "*" in entry:
        # A wildcard would let the bearer token go to hosts nobody named; refuse it.
        raise InvalidArgumentError(
            f"allowed_hosts entry {entry!r} has a wildcard; wildcards are not supported, so "
            "that the bearer token only goes to hosts you name: list each host "
            "('host' or 'host:port')"
        )
    url = _parse_url(f"https://{entry.strip()}", "allowed_hosts entry")
    if not url.raw_host or url.query or url.fragment:
        raise InvalidArgumentError(
            f"allowed_hosts entries must be 'host' or 'host:port', got {entry!r}"
        )
    return _host_of(url), url.port if url.port is not None else 443


@attrs.frozen
class HostPolicy:
    """The hosts a bearer token may be sent to; build it with :meth:`for_endpoint`.

    A URL is trusted when it uses https and its host and port are the endpoint's (hosts
    compared exactly, case-insensitively) or one of ``allowed_hosts``. Plain http is trusted
    only when both the endpoint's host and the URL's host are loopback (a local emulator).
    """

    endpoint_host: str
    endpoint_port: int
    allowed: frozenset[tuple[str, int]] = frozenset()

    @classmethod
    def for_endpoint(
        cls, endpoint_url: str | httpx.URL, allowed_hosts: Iterable[str] = ()
    ) -> HostPolicy:
        """Trust ``endpoint_url``'s origin plus ``allowed_hosts`` (``"host"`` or ``"host:port"``).

        The endpoint must be an https URL, or an http URL whose host is loopback; it must not
        carry user info, a query or a fragment. Entries of ``allowed_hosts`` without a port
        mean port 443.
        """
        url = _parse_url(endpoint_url, "endpoint")
        if url.scheme not in _DEFAULT_PORTS or not url.raw_host:
            raise InvalidArgumentError(f"endpoint must be an absolute https URL, got {str(url)!r}")
        if url.userinfo or url.query or url.fragment:
            raise InvalidArgumentError(
                f"endpoint must not contain user info, a query or a fragment; got host {url.host!r}"
            )
        host = _host_of(url)
        if url.scheme == "http" and not is_loopback(host):
            raise InvalidArgumentError(
                f"endpoint {str(url)!r} uses plain http: only https is allowed, or http to a "
                "loopback host (localhost, 127.0.0.0/8, ::1)"
            )
        if isinstance(allowed_hosts, str):
            raise InvalidArgumentError(
                f"allowed_hosts must be a list of host names, not a string: {allowed_hosts!r}"
            )
        port = _port_of(url)
        assert port is not None  # the scheme is http or https
        return cls(host, port, frozenset(_parse_allowed(entry) for entry in allowed_hosts))

    @property
    def endpoint_is_loopback(self) -> bool:
        """Whether the endpoint is on this machine (then plain http is accepted)."""
        return is_loopback(self.endpoint_host)

    def is_trusted(self, url: str | httpx.URL) -> bool:
        """Say whether the token may be sent to ``url`` (see the class documentation)."""
        try:
            parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
        except (httpx.InvalidURL, TypeError):
            return False
        if not parsed.raw_host:
            return False
        host = _host_of(parsed)
        if parsed.scheme == "http":
            if not (self.endpoint_is_loopback and is_loopback(host)):
                return False
        elif parsed.scheme != "https":
            return False
        origin = (host, _port_of(parsed))
        return origin == (self.endpoint_host, self.endpoint_port) or origin in self.allowed

    def check(self, url: str | httpx.URL) -> None:
        """Raise :class:`UntrustedHostError` unless the token may be sent to ``url``."""
        if self.is_trusted(url):
            return
        try:
            parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
            host, scheme = parsed.host or "(none)", parsed.scheme or "(none)"
            shown = str(parsed.copy_with(userinfo=b"", query=None, fragment=None))
        except (httpx.InvalidURL, TypeError):
            host, scheme, shown = "(unparsable)", "(unknown)", "(unparsable URL)"
        raise UntrustedHostError(
            f"refusing to send the bearer token to {scheme}://{host}: only https to "
            f"{self._trusted_text()} is allowed",
            url=shown,
        )

    def _trusted_text(self) -> str:
        names = [f"{self.endpoint_host}:{self.endpoint_port}"]
        names += sorted(f"{host}:{port}" for host, port in self.allowed)
        text = ", ".join(names)
        if self.endpoint_is_loopback:
            text += " (plain http also allowed: the endpoint is loopback)"
        return text
