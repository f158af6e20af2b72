"""The two connections of the connector spec, and where requests go.

- :class:`OAuthConnection` ("Amazon Seller Central OAuth 2.0"): a seller's refresh token, obtained through
  the consent flow (the Authorize URL) or self-authorization. Every action works on it.
- :class:`ClientCredentialsConnection` ("... OAuth 2.0 Client Credentials"): the application's own
  credentials and scopes, no seller. Only grantless operations work on it.

Both take the spec's inputs (Client ID, Client Secret, SP-API Endpoint, Is Sandbox Environment, Authorize URL,
and Scopes for the second) plus the token URL and a region shortcut. They are frozen values; secrets are
kept out of ``repr``. They load from keyword arguments, environment variables (:meth:`from_env`) or a
profile of the config file (:meth:`from_profile`).

Where the secrets may go is checked when a connection is built, before anything is sent: the access token
goes to the SP-API Endpoint, the client secret and refresh token to the token URL. Each must be

- an ``https://`` URL; plain ``http://`` only to a loopback host (``localhost``, ``127.0.0.0/8``, ``::1``:
  the local sandbox and test servers);
- without user info (``user@`` or ``user:password@`` before the host), which would send the requests to the
  host after the ``@``;
- for the endpoint, a bare origin (scheme, host, optional port): no path, query or fragment; for the token
  URL, no query or fragment;
- on a known host: :data:`SP_API_HOSTS` for the endpoint, :data:`LWA_HOSTS` for the token URL, or loopback.
  Any other host (a proxy, a mock server on another machine) is refused unless the connection is built with
  ``allow_custom_host=True`` (profile key ``allow_custom_host = true``, ``SP_API_ALLOW_CUSTOM_HOST=true``,
  the CLI's ``--allow-custom-host``). The flag never lifts the https rule.

A value that breaks a rule, or is no URL at all, raises :class:`~seller_central.errors.ConfigurationError`.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, NamedTuple, Self
from urllib.parse import urlsplit

import attrs

from seller_central.errors import ConfigurationError

__all__ = [
    "DEFAULT_ENDPOINT",
    "DEFAULT_TOKEN_URL",
    "ENVIRONMENT_VARIABLES",
    "LWA_HOSTS",
    "SP_API_HOSTS",
    "ClientCredentialsConnection",
    "Connection",
    "OAuthConnection",
    "Region",
    "Settings",
    "check_endpoint",
    "check_token_url",
    "connection_from_env",
    "connection_from_profile",
    "resolve_settings",
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


#: The hosts the access token may go to without ``allow_custom_host``: each region's production and
#: sandbox host.
SP_API_HOSTS = frozenset(host for region in Region for host in (region.host, f"sandbox.{region.host}"))

#: The hosts the client secret and refresh token may go to without ``allow_custom_host``: Login with
#: Amazon's token endpoint, which serves every SP-API region. (Seller Central's consent pages,
#: ``sellercentral.amazon.*``, are shown to the seller and never sent a secret: they are no token
#: destination.)
LWA_HOSTS = frozenset({"api.amazon.com"})

# A host name (letters, digits, dots, hyphens) or a bracketed IPv6 address, then an optional port. Anything
# else (percent escapes, backslashes, spaces) could be read as another host by another URL parser.
_AUTHORITY = re.compile(r"(?P<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(?P<port>[0-9]{1,5}))?")
_MAX_PORT = 65535


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    if ":" not in host and not host[-1:].isdigit():
        return False  # a name, not an address (a top-level domain never ends in a digit)
    import ipaddress  # noqa: PLC0415 (a millisecond of start-up, spent only on addresses)

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_url(
    url: str, *, label: str, hosts: frozenset[str], known: str, allow_custom_host: bool, origin_only: bool
) -> None:
    """Raise ConfigurationError unless ``url`` is a place the connection's secrets may be sent to."""
    if not isinstance(url, str):
        msg = f"{label} must be a URL string, got {type(url).__name__}"
        raise ConfigurationError(msg)
    scheme, separator, rest = url.partition("://")
    if not separator or not scheme:
        msg = f"{label} must be an absolute https URL or a host name, got {url!r}"
        raise ConfigurationError(msg)
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in authority:
        # Not echoed: the part before the @ may be a password.
        msg = (
            f"{label} must not contain user info (user@ or user:password@ before the host): requests would "
            "go to the host after the @"
        )
        raise ConfigurationError(msg)
    match = _AUTHORITY.fullmatch(authority)
    port = match["port"] if match else None
    if scheme.lower() not in ("http", "https"):
        msg = f"{label} must be an https URL, got scheme {scheme!r} in {url!r}"
        raise ConfigurationError(msg)
    if match is None or (port is not None and not 0 < int(port) <= _MAX_PORT):
        msg = f"{label} is not a valid URL: {url!r} has no valid host (and optional port 1-{_MAX_PORT})"
        raise ConfigurationError(msg)
    tail = rest[len(authority) :]
    if "?" in tail or "#" in tail or (origin_only and tail not in ("", "/")):
        what = "a path, query or fragment" if origin_only else "a query or fragment"
        msg = f"{label} must not have {what}, got {url!r}"
        raise ConfigurationError(msg)
    host = match["host"].strip("[]").lower()
    loopback = _is_loopback(host)
    if scheme.lower() == "http" and not loopback:
        msg = (
            f"{label} must use https: {url!r} would send credentials in clear text (plain http is allowed "
            "only to a loopback host: localhost, 127.0.0.1, ::1)"
        )
        raise ConfigurationError(msg)
    if not loopback and host not in hosts and not allow_custom_host:
        msg = (
            f"{label} host {host!r} is neither {known} nor loopback; to send credentials there anyway, "
            "opt in with allow_custom_host=True (CLI: --allow-custom-host)"
        )
        raise ConfigurationError(msg)


def _endpoint_url(endpoint: str, *, region: Region | str | None = None, is_sandbox: bool = False) -> str:
    """Return the URL an SP-API Endpoint setting sends requests to, without a trailing slash (not checked).

    A bare host gets ``https://`` (and ``sandbox.`` when ``is_sandbox``); a region replaces the default
    endpoint; a full URL (``http://127.0.0.1:8765``) is used as it is.
    """
    text = endpoint.strip()
    if "://" in text:
        return text.rstrip("/")
    host = text.strip("/")
    if region is not None and host == DEFAULT_ENDPOINT:
        host = Region.parse(region).host
    if is_sandbox and not host.startswith("sandbox."):
        host = f"sandbox.{host}"
    return f"https://{host}"


def check_endpoint(
    endpoint: str,
    *,
    region: Region | str | None = None,
    is_sandbox: bool = False,
    allow_custom_host: bool = False,
) -> str:
    """Return the URL the endpoint settings send requests to, if the access token may go there.

    A bare host gets ``https://`` (and ``sandbox.`` when ``is_sandbox``); a region replaces the default
    endpoint; a full URL is used as it is, without its trailing slash. The URL must be an https origin on
    one of :data:`SP_API_HOSTS` (or on any host with ``allow_custom_host``), or an http(s) origin on a
    loopback host; see the module docstring.

    Raises:
        ConfigurationError: the URL breaks a rule, or is no URL.
    """
    if not isinstance(endpoint, str) or not endpoint.strip():
        msg = "SP-API Endpoint is required"
        raise ConfigurationError(msg)
    url = _endpoint_url(endpoint, region=region, is_sandbox=is_sandbox)
    _check_url(
        url,
        label="SP-API Endpoint",
        hosts=SP_API_HOSTS,
        known="an SP-API host (sellingpartnerapi-na/eu/fe.amazon.com, or sandbox. before one)",
        allow_custom_host=allow_custom_host,
        origin_only=True,
    )
    served = Region.of_host(urlsplit(url).hostname or "")
    wanted = None if region is None else Region.parse(region)
    if wanted is not None and served is not None and served is not wanted:
        msg = (
            f"Region {wanted.name} and SP-API Endpoint {url} disagree: that endpoint serves region "
            f"{served.name}. Give one of them (region={wanted.name} alone picks https://{wanted.host})"
        )
        raise ConfigurationError(msg)
    return url


def check_token_url(url: str, *, allow_custom_host: bool = False) -> None:
    """Raise :class:`ConfigurationError` unless the client secret and refresh token may be sent to ``url``.

    ``url`` must be an https URL on one of :data:`LWA_HOSTS` (or any host with ``allow_custom_host``), or an
    http(s) URL on a loopback host, without user info, query or fragment.
    """
    _check_url(
        url,
        label="Token URL",
        hosts=LWA_HOSTS,
        known="Login with Amazon's host (api.amazon.com)",
        allow_custom_host=allow_custom_host,
        origin_only=False,
    )


def _optional_region(value: Region | str | None) -> Region | None:
    return None if value is None else Region.parse(value)


def _split_scopes(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    items = value.split() if isinstance(value, str) else [s for item in value for s in item.split()]
    return tuple(dict.fromkeys(items))


_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})


def _flag(value: object, *, label: str) -> bool:
    """Read a yes/no setting: a bool, 0/1, or one of true/false/1/0/yes/no (any case); anything else raises.

    A typo (``SP_API_SANDBOX=maybe``) is a :class:`ConfigurationError` naming ``label``, never a silent no.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    msg = f"{label} must be one of true, false, 1, 0, yes, no; got {value!r}"
    raise ConfigurationError(msg)


def _sandbox_flag(value: object) -> bool:
    return _flag(value, label="Is Sandbox Environment")


def _custom_host_flag(value: object) -> bool:
    return _flag(value, label="allow_custom_host")


SANDBOXES = ("local", "amazon")


def _sandbox_choice(value: object) -> str | None:
    """Read the ``sandbox`` setting: None, ``"local"`` (the local sandbox) or ``"amazon"`` (Amazon's)."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().lower() in SANDBOXES:
        return value.strip().lower()
    msg = f"sandbox must be 'local' (the local sandbox) or 'amazon' (Amazon's sandbox host), got {value!r}"
    raise ConfigurationError(msg)


def _require(value: str, label: str) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = f"{label} is required"
        raise ConfigurationError(msg)


@attrs.frozen(kw_only=True, repr=False)
class _Connection:
    """What both connections share.

    ``repr`` shows where requests go: the endpoint URL the settings resolve to (``region="EU"`` alone shows
    ``https://sellingpartnerapi-eu.amazon.com``) and that endpoint's region, never a secret.
    """

    client_id: str = ""
    client_secret: str = attrs.field(default="", repr=False)
    endpoint: str = DEFAULT_ENDPOINT
    is_sandbox: bool = attrs.field(default=False, converter=_sandbox_flag)
    region: Region | None = attrs.field(default=None, converter=_optional_region)
    token_url: str = DEFAULT_TOKEN_URL
    authorize_url: str | None = None
    allow_custom_host: bool = attrs.field(default=False, converter=_custom_host_flag)
    sandbox: str | None = attrs.field(default=None, converter=_sandbox_choice)

    kind: ClassVar[str] = "connection"

    def __attrs_post_init__(self) -> None:
        if self.sandbox == "amazon":
            object.__setattr__(self, "is_sandbox", True)
        elif self.sandbox == "local":
            self._use_local_sandbox()
        _require(self.client_id, "Client ID")
        _require(self.client_secret, "Client Secret")
        _require(self.token_url, "Token URL")
        check_token_url(self.token_url, allow_custom_host=self.allow_custom_host)
        check_endpoint(
            self.endpoint,
            region=self.region,
            is_sandbox=self.is_sandbox,
            allow_custom_host=self.allow_custom_host,
        )

    def _placeholders(self) -> dict[str, str]:
        from seller_central import local_sandbox  # noqa: PLC0415 (only for sandbox="local")

        return {
            "client_id": local_sandbox.PLACEHOLDER_CLIENT_ID,
            "client_secret": local_sandbox.PLACEHOLDER_CLIENT_SECRET,
        }

    def _use_local_sandbox(self) -> None:
        """Point this connection at the local sandbox (see :mod:`seller_central.local_sandbox`)."""
        from seller_central import local_sandbox  # noqa: PLC0415 (only for sandbox="local")

        given = None if self.endpoint == DEFAULT_ENDPOINT else self.endpoint
        url = local_sandbox.resolve(given)
        values: dict[str, Any] = {"endpoint": url, "is_sandbox": True}
        if self.token_url == DEFAULT_TOKEN_URL:
            values["token_url"] = f"{url}{local_sandbox.TOKEN_PATH}"
        values.update({key: value for key, value in self._placeholders().items() if not getattr(self, key)})
        for key, value in values.items():
            object.__setattr__(self, key, value)

    @functools.cached_property
    def base_url(self) -> str:
        """The URL requests go to, without a trailing slash (see :func:`check_endpoint`)."""
        return _endpoint_url(self.endpoint, region=self.region, is_sandbox=self.is_sandbox)

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
    def endpoint_region(self) -> Region | None:
        """The region the endpoint serves: an Amazon host's own, else the ``region`` given (else ``None``).

        Unlike :attr:`sp_api_region` it never guesses: a loopback or custom endpoint without ``region`` has
        none (the local sandbox answers for every marketplace).
        """
        return Region.of_host(urlsplit(self.base_url).hostname or "") or self.region

    @functools.cached_property
    def marketplace_region(self) -> Region | None:
        """The region whose marketplaces this endpoint serves, when a mismatch would be Amazon's 403 or 400.

        Amazon's production hosts (and a custom host given a ``region``, such as a proxy in front of one)
        have one. Sandbox hosts and loopback endpoints have none: Amazon's static sandbox and the local one
        answer their examples whatever the marketplace.
        """
        if self.is_sandbox_endpoint or _is_loopback((urlsplit(self.base_url).hostname or "").lower()):
            return None
        return self.endpoint_region

    def __repr__(self) -> str:
        """Show the settings, with the endpoint as the URL requests go to and its region; no secret."""
        shown: list[str] = []
        for field in attrs.fields(type(self)):
            if not field.repr:
                continue
            if field.name == "endpoint":
                value: object = self.base_url
            elif field.name == "region":
                region = self.endpoint_region
                value = None if region is None else region.name
            else:
                value = getattr(self, field.name)
            shown.append(f"{field.name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

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
        "allow_custom_host": "SP_API_ALLOW_CUSTOM_HOST",
    }

    @classmethod
    def _build(cls, settings: Settings) -> Self:
        """Build a connection of this class from resolved settings (see :func:`resolve_settings`)."""
        allowed = {f.name for f in attrs.fields(cls)}
        values = {k: v for k, v in settings.values.items() if k in allowed}
        local = values.get("sandbox") == "local"
        missing = [
            label
            for key, label in _LABELS.items()
            if key in _REQUIRED[cls.kind] and not values.get(key) and not local
        ]
        if missing:
            msg = f"{', '.join(missing)} missing from the {settings.source}"
            raise ConfigurationError(msg)
        return cls(**values)


_OAUTH_ENV = {"refresh_token": "SP_API_REFRESH_TOKEN", "application_id": "SP_API_APPLICATION_ID"}
_CLIENT_CREDENTIALS_ENV = {"scopes": "SP_API_SCOPES"}


@attrs.frozen(kw_only=True, repr=False)
class OAuthConnection(_Connection):
    """The "Amazon Seller Central OAuth 2.0" connection: a seller's authorization (LWA refresh token).

    Attributes:
        client_id: Client ID of the application (from Developer Central).
        client_secret: Client Secret of the application (never shown in ``repr``).
        refresh_token: The seller's refresh token, from the consent flow or self-authorization.
        endpoint: SP-API Endpoint: a host (``sellingpartnerapi-eu.amazon.com``) or an origin URL
            (``https://sellingpartnerapi-eu.amazon.com``, ``http://127.0.0.1:8765``), without a path.
        is_sandbox: Is Sandbox Environment: send requests to ``sandbox.<host>``.
        region: NA, EU or FE: a shortcut that picks the endpoint.
        token_url: The LWA token endpoint.
        authorize_url: The Seller Central consent URL template (used by the consent flow).
        allow_custom_host: Let the endpoint and token URL name hosts other than Amazon's
            (:data:`SP_API_HOSTS`, :data:`LWA_HOSTS`) and loopback, e.g. a proxy you run. Off by default, so
            a typo or an injected value cannot send the credentials elsewhere. It never allows plain http
            to a non-loopback host, nor user info, nor a path, query or fragment in the endpoint (see the
            module docstring for the rules, all checked when the connection is built).
        application_id: The application id (``amzn1.sp.solution...``) for the consent URL.
        sandbox: ``"local"``: the local sandbox, found or started in this process, with placeholder
            credentials when none are given (see :mod:`seller_central.local_sandbox`); ``"amazon"``: Amazon's
            sandbox host (``is_sandbox=True``). ``SP_API_SANDBOX=local`` sets it from the environment.

    Raises:
        ConfigurationError: a required value is missing, or the endpoint or token URL breaks the rules.
    """

    refresh_token: str = attrs.field(default="", repr=False)
    application_id: str | None = None

    kind: ClassVar[str] = "oauth"

    def _placeholders(self) -> dict[str, str]:
        from seller_central import local_sandbox  # noqa: PLC0415 (only for sandbox="local")

        return {**super()._placeholders(), "refresh_token": local_sandbox.PLACEHOLDER_REFRESH_TOKEN}

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
        ``SP_API_AUTHORIZE_URL``, ``SP_API_APPLICATION_ID``, ``SP_API_ALLOW_CUSTOM_HOST``. The two yes/no
        variables take true/false/1/0/yes/no (any case); another value is a :class:`ConfigurationError`.
        ``SP_API_SANDBOX=local`` means ``sandbox="local"`` (the credentials may then be left unset).
        """
        return cls._build(resolve_settings(environ=environ, **overrides))

    @classmethod
    def from_profile(
        cls, name: str = "default", *, path: Path | None = None, **overrides: Any
    ) -> OAuthConnection:
        """Build from a named profile of the config file (see :mod:`seller_central.config`)."""
        return cls._build(resolve_settings(name, path=path, **overrides))


@attrs.frozen(kw_only=True, repr=False)
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
        return cls._build(resolve_settings(environ=environ, **overrides))

    @classmethod
    def from_profile(
        cls, name: str = "default", *, path: Path | None = None, **overrides: Any
    ) -> ClientCredentialsConnection:
        """Build from a named profile of the config file (see :mod:`seller_central.config`)."""
        return cls._build(resolve_settings(name, path=path, **overrides))


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
    return _connection(resolve_settings(name, path=path, **overrides))


def connection_from_env(environ: Mapping[str, str] | None = None, **overrides: Any) -> Connection:
    """Build the connection the ``SP_API_*`` variables describe, of the kind they describe.

    Client credentials when ``SP_API_SCOPES`` is set and ``SP_API_REFRESH_TOKEN`` is not, else OAuth (see the
    two ``from_env`` methods). Keyword arguments win.
    """
    return _connection(resolve_settings(environ=environ, **overrides))


def _connection(settings: Settings) -> Connection:
    kind: type[Connection] = OAuthConnection
    if _is_client_credentials(settings.values):
        kind = ClientCredentialsConnection
    return kind._build(settings)  # noqa: SLF001 (this module's own classes)


class Settings(NamedTuple):
    """Resolved connection settings: the values by connection argument, and where they came from."""

    values: dict[str, Any]
    source: str


def resolve_settings(
    profile: str | None = None,
    *,
    path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Return the settings a connection is built from: the one reading of the table in docs/settings.md.

    The values of the named ``profile`` of the config file (at ``path``), else the ``SP_API_*`` variables of
    ``environ`` (default ``os.environ``; an empty variable is unset), with the keyword arguments winning over
    either. The yes/no settings are read (a typo raises, naming the variable or key), and the sandbox
    setting follows its one rule: ``is_sandbox`` (``SP_API_SANDBOX``, a profile's ``is_sandbox``) is a
    yes/no, except the word ``local``, which means ``sandbox="local"`` unless a ``sandbox`` is given too.
    Nothing is checked beyond that (the connection classes check the rest when built).

    Raises:
        ConfigurationError: a yes/no or sandbox value is invalid, or the profile cannot be read.
    """
    if profile is not None:
        from seller_central import config  # noqa: PLC0415 (the config module is only needed here)

        source = f"profile {profile!r}"
        given = dict(config.load_profile(profile, path=path))
        labels: dict[str, str] = {}
    else:
        source = "environment"
        environ = os.environ if environ is None else environ
        given = {field: environ[name] for field, name in ENVIRONMENT_VARIABLES.items() if environ.get(name)}
        labels = {field: ENVIRONMENT_VARIABLES[field] for field in given}
    values = {**given, **overrides}
    for field in overrides:
        labels.pop(field, None)
    is_sandbox = values.get("is_sandbox")
    if isinstance(is_sandbox, str) and is_sandbox.strip().lower() == "local":
        del values["is_sandbox"]
        if not values.get("sandbox"):
            values["sandbox"] = "local"
    if "sandbox" in values:
        values["sandbox"] = _sandbox_choice(values["sandbox"])
    for flag in _FLAGS & values.keys():
        values[flag] = _flag(values[flag], label=labels.get(flag, f"{flag} in the {source}"))
    return Settings(values=values, source=source)


#: Every environment variable the connections read (``from_env``), by the connection argument it sets.
#: ``SP_API_SANDBOX`` sets ``is_sandbox`` (true/false), or ``sandbox`` when it is ``local``. The settings
#: table of the README and docs/settings.md is checked against this (tests/docs/test_settings_table.py).
ENVIRONMENT_VARIABLES: Mapping[str, str] = {
    **_Connection._ENV,  # noqa: SLF001 (this module's own class)
    **_OAUTH_ENV,
    **_CLIENT_CREDENTIALS_ENV,
}

_FLAGS = frozenset({"is_sandbox", "allow_custom_host"})
_LABELS = {"client_id": "Client ID", "client_secret": "Client Secret", "refresh_token": "Refresh Token"}
_REQUIRED = {
    "oauth": {"client_id", "client_secret", "refresh_token"},
    "client_credentials": {"client_id", "client_secret"},
}
