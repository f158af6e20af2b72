"""The two connections of the connector spec, and where requests go.

- :class:`OAuthConnection` ("Amazon Seller Central OAuth 2.0"): a seller's refresh token, obtained through
  the consent flow (the Authorize URL) or self-authorization. Every action works on it.
- :class:`ClientCredentialsConnection` ("... OAuth 2.0 Client Credentials"): the application's own
  credentials and scopes, no seller. Only grantless operations work on it.

Both take the spec's inputs (Client ID, Client Secret, SP-API Endpoint, Is Sandbox Environment, Authorize URL,
and Scopes for the second) plus the token URL and a region shortcut. They are frozen values; secrets are
kept out of ``repr``. They load from keyword arguments, environment variables (:meth:`from_env`) or a
profile of the config file (:meth:`from_profile`).
"""

from __future__ import annotations

import enum
import functools
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, Self
from urllib.parse import urlsplit

import attrs

from seller_central.errors import ConfigurationError

__all__ = [
    "DEFAULT_ENDPOINT",
    "DEFAULT_TOKEN_URL",
    "ClientCredentialsConnection",
    "Connection",
    "OAuthConnection",
    "Region",
    "connection_from_env",
    "connection_from_profile",
]

DEFAULT_ENDPOINT = "sellingpartnerapi-na.amazon.com"
DEFAULT_TOKEN_URL = "https://api.amazon.com/auth/o2/token"  # noqa: S105 (a public URL; LWA serves every region)


class Region(enum.Enum):
    """An SP-API region: its production host and the AWS region its EventBridge destinations live in."""

    NA = ("sellingpartnerapi-na.amazon.com", "us-east-1")
    EU = ("sellingpartnerapi-eu.amazon.com", "eu-west-1")
    FE = ("sellingpartnerapi-fe.amazon.com", "us-west-2")

    @property
    def host(self) -> str:
        """The production host, e.g. ``sellingpartnerapi-na.amazon.com``."""
        return self.value[0]

    @property
    def aws_region(self) -> str:
        """The AWS region of the region's EventBridge event bus."""
        return self.value[1]

    @classmethod
    def parse(cls, value: Region | str) -> Region:
        """Accept ``Region.EU``, ``"EU"`` or ``"eu"``."""
        if isinstance(value, Region):
            return value
        try:
            return cls[value.strip().upper()]
        except KeyError:
            msg = f"Region must be one of NA, EU, FE; got {value!r}"
            raise ConfigurationError(msg) from None

    @classmethod
    def of_host(cls, host: str) -> Region | None:
        """Return the region whose production or sandbox host this is, if any."""
        bare = host.removeprefix("sandbox.")
        return next((region for region in cls if region.host == bare), None)


def _optional_region(value: Region | str | None) -> Region | None:
    return None if value is None else Region.parse(value)


def _split_scopes(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    items = value.split() if isinstance(value, str) else [s for item in value for s in item.split()]
    return tuple(dict.fromkeys(items))


def _truthy(value: str | bool | None) -> bool:
    if isinstance(value, bool) or value is None:
        return bool(value)
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _require(value: str, label: str) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = f"{label} is required"
        raise ConfigurationError(msg)


@attrs.frozen(kw_only=True)
class _Connection:
    """What both connections share."""

    client_id: str
    client_secret: str = attrs.field(repr=False)
    endpoint: str = DEFAULT_ENDPOINT
    is_sandbox: bool = False
    region: Region | None = attrs.field(default=None, converter=_optional_region)
    token_url: str = DEFAULT_TOKEN_URL
    authorize_url: str | None = None

    kind: ClassVar[str] = "connection"

    def __attrs_post_init__(self) -> None:
        _require(self.client_id, "Client ID")
        _require(self.client_secret, "Client Secret")
        _require(self.endpoint, "SP-API Endpoint")
        token = urlsplit(self.token_url)
        if token.scheme not in ("http", "https") or not token.netloc:
            msg = f"Token URL must be an absolute http(s) URL, got {self.token_url!r}"
            raise ConfigurationError(msg)
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            msg = f"SP-API Endpoint must be a host or an http(s) URL, got {self.endpoint!r}"
            raise ConfigurationError(msg)

    @functools.cached_property
    def base_url(self) -> str:
        """The URL requests go to, without a trailing slash.

        A bare host gets ``https://`` (and ``sandbox.`` when Is Sandbox Environment is set); a region shortcut
        replaces the default endpoint; a full URL (``http://127.0.0.1:8765``) is used as it is.
        """
        endpoint = self.endpoint.strip()
        if "://" in endpoint:
            return endpoint.rstrip("/")
        host = endpoint.strip("/")
        if self.region is not None and host == DEFAULT_ENDPOINT:
            host = self.region.host
        if self.is_sandbox and not host.startswith("sandbox."):
            host = f"sandbox.{host}"
        return f"https://{host}"

    @functools.cached_property
    def host(self) -> str:
        """The host (and port, if any) of :attr:`base_url`; the only place the access token is sent."""
        return urlsplit(self.base_url).netloc

    @functools.cached_property
    def sp_api_region(self) -> Region:
        """The SP-API region of the endpoint (NA when the endpoint is not an Amazon host, e.g. in tests)."""
        if self.region is not None:
            return self.region
        return Region.of_host(urlsplit(self.base_url).hostname or "") or Region.NA

    @functools.cached_property
    def is_sandbox_endpoint(self) -> bool:
        """True for Amazon's sandbox hosts and for local endpoints flagged as sandbox."""
        return self.is_sandbox or (urlsplit(self.base_url).hostname or "").startswith("sandbox.")

    @functools.cached_property
    def credential_id(self) -> str:
        """A stable, non-secret identity of these credentials (for rate-limit buckets and token caches)."""
        return hashlib.sha256(self._identity().encode()).hexdigest()[:16]

    def _identity(self) -> str:
        return f"{self.kind}|{self.client_id}|{self.token_url}"

    def application_identity(self) -> str:
        """Return a stable, non-secret identity of the application (grantless tokens and buckets)."""
        return self._application_identity

    @functools.cached_property
    def _application_identity(self) -> str:
        return hashlib.sha256(f"app|{self.client_id}|{self.token_url}".encode()).hexdigest()[:16]

    # -- loading ---------------------------------------------------------------------------------------

    _ENV: ClassVar[dict[str, str]] = {
        "client_id": "SP_API_CLIENT_ID",
        "client_secret": "SP_API_CLIENT_SECRET",
        "endpoint": "SP_API_ENDPOINT",
        "is_sandbox": "SP_API_SANDBOX",
        "region": "SP_API_REGION",
        "token_url": "SP_API_TOKEN_URL",
        "authorize_url": "SP_API_AUTHORIZE_URL",
    }

    @classmethod
    def _build(cls, values: dict[str, Any], *, source: str) -> Self:
        allowed = {f.name for f in attrs.fields(cls)}
        values = {k: v for k, v in values.items() if k in allowed}
        missing = [
            label for key, label in _LABELS.items() if key in _REQUIRED[cls.kind] and not values.get(key)
        ]
        if missing:
            msg = f"{', '.join(missing)} missing from the {source}"
            raise ConfigurationError(msg)
        if "is_sandbox" in values:
            values["is_sandbox"] = _truthy(values["is_sandbox"])
        return cls(**values)

    @classmethod
    def _values(cls, source: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for field, key in names.items():
            value = source.get(key)
            if value is None or value == "":
                continue
            values[field] = _truthy(value) if field == "is_sandbox" else value
        return values


@attrs.frozen(kw_only=True)
class OAuthConnection(_Connection):
    """The "Amazon Seller Central OAuth 2.0" connection: a seller's authorization (LWA refresh token).

    Attributes:
        client_id: Client ID of the application (from Developer Central).
        client_secret: Client Secret of the application (never shown in ``repr``).
        refresh_token: The seller's refresh token, from the consent flow or self-authorization.
        endpoint: SP-API Endpoint: a host (``sellingpartnerapi-eu.amazon.com``) or a full URL.
        is_sandbox: Is Sandbox Environment: send requests to ``sandbox.<host>``.
        region: NA, EU or FE: a shortcut that picks the endpoint.
        token_url: The LWA token endpoint.
        authorize_url: The Seller Central consent URL template (used by the consent flow).
        application_id: The application id (``amzn1.sp.solution...``) for the consent URL.
    """

    refresh_token: str = attrs.field(repr=False)
    application_id: str | None = None

    kind: ClassVar[str] = "oauth"

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        _require(self.refresh_token, "Refresh Token")

    def _identity(self) -> str:
        digest = hashlib.sha256(self.refresh_token.encode()).hexdigest()
        return f"{super()._identity()}|{digest}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> OAuthConnection:
        """Build from ``SP_API_*`` environment variables; keyword arguments win.

        The variables: ``SP_API_CLIENT_ID``, ``SP_API_CLIENT_SECRET``, ``SP_API_REFRESH_TOKEN``,
        ``SP_API_ENDPOINT``, ``SP_API_REGION``, ``SP_API_SANDBOX``, ``SP_API_TOKEN_URL``,
        ``SP_API_APPLICATION_ID``.
        """
        names = {
            **cls._ENV,
            "refresh_token": "SP_API_REFRESH_TOKEN",
            "application_id": "SP_API_APPLICATION_ID",
        }
        values = cls._values(os.environ if environ is None else environ, names)
        return cls._build({**values, **overrides}, source="environment")

    @classmethod
    def from_profile(
        cls, name: str = "default", *, path: Path | None = None, **overrides: Any
    ) -> OAuthConnection:
        """Build from a named profile of the config file (see :mod:`seller_central.config`)."""
        from seller_central import config  # noqa: PLC0415 (the config module is only needed here)

        return cls._build({**config.load_profile(name, path=path), **overrides}, source=f"profile {name!r}")


@attrs.frozen(kw_only=True)
class ClientCredentialsConnection(_Connection):
    """The "... OAuth 2.0 Client Credentials" connection: the application alone, for grantless operations.

    Attributes:
        scopes: Scopes: space-delimited LWA scopes, e.g. ``sellingpartnerapi::notifications``.
        (the other attributes are as for :class:`OAuthConnection`; Authorize URL is accepted but unused,
        because a client-credentials grant has no consent step)
    """

    scopes: tuple[str, ...] = attrs.field(
        default=("sellingpartnerapi::notifications",), converter=_split_scopes
    )

    kind: ClassVar[str] = "client_credentials"

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if not self.scopes:
            msg = "Scopes must name at least one scope (e.g. sellingpartnerapi::notifications)"
            raise ConfigurationError(msg)

    def _identity(self) -> str:
        return f"{super()._identity()}|{' '.join(sorted(self.scopes))}"

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **overrides: Any
    ) -> ClientCredentialsConnection:
        """Build from the same variables as :meth:`OAuthConnection.from_env` plus ``SP_API_SCOPES``."""
        values = cls._values(
            os.environ if environ is None else environ, {**cls._ENV, "scopes": "SP_API_SCOPES"}
        )
        return cls._build({**values, **overrides}, source="environment")

    @classmethod
    def from_profile(
        cls, name: str = "default", *, path: Path | None = None, **overrides: Any
    ) -> ClientCredentialsConnection:
        """Build from a named profile of the config file (see :mod:`seller_central.config`)."""
        from seller_central import config  # noqa: PLC0415 (the config module is only needed here)

        return cls._build({**config.load_profile(name, path=path), **overrides}, source=f"profile {name!r}")


Connection = OAuthConnection | ClientCredentialsConnection


def _is_client_credentials(values: Mapping[str, Any]) -> bool:
    return values.get("kind") == "client_credentials" or bool(
        values.get("scopes") and not values.get("refresh_token")
    )


def connection_from_profile(
    name: str = "default", *, path: Path | None = None, **overrides: Any
) -> Connection:
    """Build the connection a profile describes, of the kind it describes.

    A profile with ``kind = "client_credentials"``, or with scopes and no refresh token, gives a
    :class:`ClientCredentialsConnection`; any other an :class:`OAuthConnection`. Keyword arguments win.
    """
    from seller_central import config  # noqa: PLC0415 (the config module is only needed here)

    values = {**config.load_profile(name, path=path), **overrides}
    cls: type[Connection] = ClientCredentialsConnection if _is_client_credentials(values) else OAuthConnection
    return cls._build(values, source=f"profile {name!r}")


def connection_from_env(environ: Mapping[str, str] | None = None, **overrides: Any) -> Connection:
    """Build the connection the ``SP_API_*`` variables describe, of the kind they describe.

    Client credentials when ``SP_API_SCOPES`` is set and ``SP_API_REFRESH_TOKEN`` is not, else OAuth (see the
    two ``from_env`` methods). Keyword arguments win.
    """
    environ = os.environ if environ is None else environ
    if not environ.get("SP_API_REFRESH_TOKEN") and environ.get("SP_API_SCOPES"):
        return ClientCredentialsConnection.from_env(environ, **overrides)
    return OAuthConnection.from_env(environ, **overrides)


_LABELS = {"client_id": "Client ID", "client_secret": "Client Secret", "refresh_token": "Refresh Token"}
_REQUIRED = {
    "oauth": {"client_id", "client_secret", "refresh_token"},
    "client_credentials": {"client_id", "client_secret"},
}
