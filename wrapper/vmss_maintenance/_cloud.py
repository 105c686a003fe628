"""Azure clouds: where ARM lives and which token scope it wants."""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from ._hosts import HostPolicy
from .errors import InvalidArgumentError

__all__ = ["AzureCloud"]


def _strip_slash(value: str) -> str:
    # A non-string is passed through for the validator to reject with a clear message.
    return value.rstrip("/") if isinstance(value, str) else value


def _non_empty_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgumentError(
            f"AzureCloud.{attribute.name} must be a non-empty string, got {value!r}"
        )


def _arm_endpoint(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _non_empty_text(instance, attribute, value)
    HostPolicy.for_endpoint(str(value))  # https, or http on loopback only


@attrs.frozen
class AzureCloud:
    """An Azure cloud: its ``name``, ARM ``endpoint`` URL and the token ``credential_scope``.

    Use :attr:`PUBLIC`, :attr:`US_GOVERNMENT`, :attr:`CHINA`, :meth:`from_name`, or build
    one for a private cloud or a local emulator (the endpoint must be https, or http on a
    loopback host). A trailing ``/`` on the endpoint is dropped.
    """

    PUBLIC: ClassVar[AzureCloud]
    US_GOVERNMENT: ClassVar[AzureCloud]
    CHINA: ClassVar[AzureCloud]

    name: str = attrs.field(validator=_non_empty_text)
    endpoint: str = attrs.field(converter=_strip_slash, validator=_arm_endpoint)
    credential_scope: str = attrs.field(validator=_non_empty_text)

    @classmethod
    def from_name(cls, name: str) -> AzureCloud:
        """Return the well-known cloud called ``name`` (case-insensitive).

        Accepted: ``public``/``AzureCloud``, ``usgov``/``AzureUSGovernment``,
        ``china``/``AzureChinaCloud``.
        """
        cloud = _BY_NAME.get(name.strip().lower()) if isinstance(name, str) else None
        if cloud is None:
            allowed = ", ".join(_NAMES)
            raise InvalidArgumentError(f"unknown Azure cloud {name!r}: use one of {allowed}")
        return cloud


AzureCloud.PUBLIC = AzureCloud(
    "AzureCloud", "https://management.azure.com", "https://management.azure.com/.default"
)
AzureCloud.US_GOVERNMENT = AzureCloud(
    "AzureUSGovernment",
    "https://management.usgovcloudapi.net",
    # The token audience host differs from the endpoint host in this cloud.
    "https://management.core.usgovcloudapi.net/.default",
)
AzureCloud.CHINA = AzureCloud(
    "AzureChinaCloud",
    "https://management.chinacloudapi.cn",
    "https://management.chinacloudapi.cn/.default",
)

_NAMES = ("public", "AzureCloud", "usgov", "AzureUSGovernment", "china", "AzureChinaCloud")
_BY_NAME = {
    "public": AzureCloud.PUBLIC,
    "azurecloud": AzureCloud.PUBLIC,
    "usgov": AzureCloud.US_GOVERNMENT,
    "azureusgovernment": AzureCloud.US_GOVERNMENT,
    "china": AzureCloud.CHINA,
    "azurechinacloud": AzureCloud.CHINA,
}
