"""The consent flow ("Authorize URL"): a seller authorizes the application and we keep the refresh token.

1. :func:`consent_url` builds the Seller Central page the seller opens:
   ``{Seller Central URL}/apps/authorize/consent?application_id=...&state=...`` (plus ``version=beta`` while
   the application is a draft, and ``redirect_uri`` when the application registered several).
2. After consent, Seller Central redirects to the application's redirect URI with ``state``,
   ``selling_partner_id`` and ``spapi_oauth_code``; :func:`parse_redirect` checks that ``state`` is ours
   (anything else may be a forged redirect) and returns the code.
3. :func:`~seller_central.tokens.exchange_authorization_code` trades the code (valid for a few minutes)
   for the seller's refresh token.

:func:`login` runs all three for the CLI's ``seller-central auth login``, shows the URL through a callback,
and stores the refresh token in a profile of the config file (mode 0600). The redirect comes back one of
two ways:

- loopback (the sandbox, testing): it listens on ``http://127.0.0.1:<port>/`` (:class:`RedirectListener`);
  the application must have registered that URI in Developer Central, which Amazon allows only for apps in
  draft;
- paste (production): the redirect goes to one of the application's registered ``https`` redirect URIs (any
  page: nothing needs to run there), and the user pastes the URL the browser ended on, or the bare
  ``spapi_oauth_code``, back into the terminal (:func:`read_pasted`). A pasted URL's ``state`` is checked; a
  bare code has none to check (it is only accepted from the user's own paste).
"""

from __future__ import annotations

import hmac
import html
import http.server
import logging
import re
import secrets
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Self
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit, urlunsplit

import attrs

from seller_central import config, marketplaces
from seller_central.connection import DEFAULT_TOKEN_URL, Region, _is_loopback, check_endpoint, check_token_url
from seller_central.errors import ConfigurationError, ConsentError
from seller_central.tokens import exchange_authorization_code

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType

    import httpx

__all__ = [
    "CONSENT_PATH",
    "ConsentResult",
    "LoginResult",
    "RedirectListener",
    "check_redirect_uri",
    "consent_url",
    "listen_for_redirect",
    "login",
    "new_state",
    "parse_redirect",
    "read_pasted",
]

logger = logging.getLogger(__name__)

CONSENT_PATH = "/apps/authorize/consent"
# The connector spec's default Authorize URL is a template with these two placeholders.
_URL_PLACEHOLDER = "{Seller Central URL}"
_ID_PLACEHOLDER = "{YOUR_APPLICATION_ID}"
# Where sellers go when only a region is known: the US, the unified European and the Japanese Seller
# Central; with nothing known, the US (the default endpoint is North America's).
_REGION_MARKETPLACE = {Region.NA: "ATVPDKIKX0DER", Region.EU: "A1F83G8C2ARO7P", Region.FE: "A1VC38T7YXB528"}
_REDIRECT_KEYS = frozenset({"state", "spapi_oauth_code", "selling_partner_id", "error"})


def new_state() -> str:
    """Return a fresh, unguessable ``state`` value for one consent flow."""
    return secrets.token_urlsafe(32)


def _seller_central(
    *, seller_central_url: str | None, marketplace_id: str | None, region: Region | str | None
) -> str:
    if seller_central_url:
        return seller_central_url.rstrip("/")
    if marketplace_id:
        return marketplaces.get(marketplace_id).seller_central_url
    wanted = Region.NA if region is None else Region.parse(region)
    return marketplaces.get(_REGION_MARKETPLACE[wanted]).seller_central_url


def consent_url(
    *,
    application_id: str,
    state: str,
    authorize_url: str | None = None,
    seller_central_url: str | None = None,
    marketplace_id: str | None = None,
    region: Region | str | None = None,
    redirect_uri: str | None = None,
    beta: bool = False,
) -> str:
    """Return the Seller Central consent URL for one flow.

    The base is, in order: ``authorize_url`` (a concrete URL, or the spec's template with
    ``{Seller Central URL}`` and ``{YOUR_APPLICATION_ID}``), ``seller_central_url``, the Seller Central of
    ``marketplace_id``, the main Seller Central of ``region`` (US, Europe, Japan), and the US Seller Central.

    Args:
        application_id: The application id from Developer Central (``amzn1.sp.solution...``).
        state: The flow's ``state`` (see :func:`new_state`); the redirect must bring it back.
        authorize_url: The connection's Authorize URL.
        seller_central_url: The seller's Seller Central, e.g. ``https://sellercentral-europe.amazon.com``.
        marketplace_id: A marketplace id whose Seller Central to use.
        region: NA, EU or FE, when nothing more precise is known.
        redirect_uri: One of the application's registered redirect URIs.
        beta: Add ``version=beta``: required while the application is in draft.

    Raises:
        ConfigurationError: no application id or state, or an Authorize URL that is not an http(s) URL.
    """
    if not application_id or not application_id.strip():
        msg = "The consent URL needs the application id (Developer Central shows it: amzn1.sp.solution...)"
        raise ConfigurationError(msg)
    if not state:
        msg = "The consent URL needs a state value (use consent.new_state())"
        raise ConfigurationError(msg)
    base = _seller_central(
        seller_central_url=seller_central_url, marketplace_id=marketplace_id, region=region
    )
    template = authorize_url or f"{base}{CONSENT_PATH}"
    url = template.replace(_URL_PLACEHOLDER, base).replace(_ID_PLACEHOLDER, application_id.strip())
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        msg = f"Authorize URL must be an http(s) URL, got {authorize_url!r}"
        raise ConfigurationError(msg)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query["application_id"] = application_id.strip()
    query["state"] = state
    if beta:
        query["version"] = "beta"
    if redirect_uri:
        query["redirect_uri"] = redirect_uri
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


@attrs.frozen(kw_only=True)
class ConsentResult:
    """What a genuine consent redirect carried.

    Attributes:
        selling_partner_id: The seller's id (the merchant token).
        state: The state, equal to the one the flow sent.
        code: The ``spapi_oauth_code`` to exchange for a refresh token (never shown in ``repr``).
    """

    selling_partner_id: str | None
    state: str = attrs.field(repr=False)
    code: str = attrs.field(repr=False)


def parse_redirect(redirect: str, *, expected_state: str) -> ConsentResult:
    """Check a consent redirect (a URL or its query string) and return what it carried.

    Raises:
        ConsentError: the state is missing or not ours (a forged or stale redirect), Seller Central
            reported an error, or the code is missing.
    """
    query = urlsplit(redirect).query if "?" in redirect or "://" in redirect else redirect.lstrip("?")
    values = {key: items[0] for key, items in parse_qs(query, keep_blank_values=True).items()}
    state = values.get("state", "")
    if not state or not hmac.compare_digest(state.encode(), expected_state.encode()):
        msg = (
            "The consent redirect's state does not match the one this flow sent: the redirect may be forged "
            "or belong to another attempt. Start the authorization again."
        )
        raise ConsentError(msg)
    if values.get("error"):
        description = values.get("error_description", "")
        msg = f"Seller Central did not grant consent: {values['error']}" + (
            f" ({description})" if description else ""
        )
        raise ConsentError(msg)
    code = values.get("spapi_oauth_code", "")
    if not code:
        msg = "The consent redirect has no spapi_oauth_code; the seller may have declined"
        raise ConsentError(msg)
    return ConsentResult(selling_partner_id=values.get("selling_partner_id") or None, state=state, code=code)


# A bare consent code: LWA's codes are letters and digits (a few punctuation marks allowed, no spaces).
_BARE_CODE = re.compile(r"[A-Za-z0-9._~+/-]{8,512}")


def read_pasted(text: str, *, expected_state: str) -> ConsentResult:
    """Read what the user pasted after consent: the redirected URL (or its query) or the bare code.

    A URL or query string is checked as :func:`parse_redirect` checks a redirect (``state`` must be this
    flow's). A bare ``spapi_oauth_code`` carries no state; it is accepted as it is, since only the user who
    opened the consent page can have copied it from the browser.

    Raises:
        ConsentError: nothing was pasted, the text is neither a redirect nor a code, or the redirect fails
            :func:`parse_redirect`'s checks. The message never repeats the pasted text (it holds the code).
    """
    pasted = text.strip()
    if not pasted:
        msg = "Nothing was pasted: paste the URL the browser was redirected to, or its spapi_oauth_code"
        raise ConsentError(msg)
    if "=" in pasted or "?" in pasted or "://" in pasted:
        return parse_redirect(pasted, expected_state=expected_state)
    if not _BARE_CODE.fullmatch(pasted):
        msg = (
            "The pasted text is neither the redirected URL nor an spapi_oauth_code (a code is 8 to 512 "
            "letters and digits, without spaces)"
        )
        raise ConsentError(msg)
    return ConsentResult(selling_partner_id=None, state=expected_state, code=pasted)


def check_redirect_uri(redirect_uri: str) -> str:
    """Return ``redirect_uri`` if a consent redirect may go there: ``https``, or ``http`` to loopback.

    Raises:
        ConfigurationError: another scheme, plain http to another host, no host, or a fragment.
    """
    parts = urlsplit(redirect_uri.strip())
    try:
        host = (parts.hostname or "").lower() if parts.port is None or parts.port > 0 else ""
    except ValueError:  # a port that is no number, or out of range
        host = ""
    loopback = bool(host) and _is_loopback(host)  # the one loopback rule, as for endpoints
    if parts.scheme not in ("http", "https") or not host or parts.fragment:
        msg = f"Redirect URI must be an https URL with a host (valid port), no fragment; got {redirect_uri!r}"
        raise ConfigurationError(msg)
    if parts.scheme == "http" and not loopback:
        msg = (
            f"Redirect URI must use https (Amazon accepts only https redirect URIs), got {redirect_uri!r}; "
            "plain http is for the loopback listener (http://127.0.0.1:PORT/)"
        )
        raise ConfigurationError(msg)
    return redirect_uri.strip()


#: The loopback hosts the redirect listener serves (it binds 127.0.0.1); other loopback URIs take paste mode.
_LISTENED_HOSTS = ("localhost", "127.0.0.1")


def _is_loopback_uri(redirect_uri: str) -> bool:
    parts = urlsplit(redirect_uri)
    return parts.scheme == "http" and (parts.hostname or "").lower() in _LISTENED_HOSTS


# -- the loopback listener --------------------------------------------------------------------------------

_PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'><title>seller-central</title></head>"
    "<body><h1>{title}</h1><p>{text}</p></body></html>"
)


class _Handler(http.server.BaseHTTPRequestHandler):
    """Answers the browser's redirect; everything else gets a 404."""

    server: _Server
    server_version = "seller-central"
    sys_version = ""
    timeout = 10.0  # a browser's idle pre-connection must not stall the listener

    def do_GET(self) -> None:
        """Check the redirect, tell the browser how it went, and hand the outcome to the listener."""
        query = urlsplit(self.path).query
        if not _REDIRECT_KEYS & set(parse_qs(query, keep_blank_values=True)):
            self._answer(404, "Not found", "This address only receives the Seller Central consent redirect.")
            return
        try:
            result = parse_redirect(query, expected_state=self.server.expected_state)
        except ConsentError as exc:
            self.server.outcome = exc
            self._answer(400, "Authorization failed", str(exc))
            return
        self.server.outcome = result
        self._answer(200, "Authorization received", "You can close this tab and return to the terminal.")

    def _answer(self, status: int, title: str, text: str) -> None:
        body = _PAGE.format(title=html.escape(title), text=html.escape(text)).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's parameter name)
        """Log nothing: the request line carries the consent code."""


class _Server(http.server.HTTPServer):
    expected_state: str
    outcome: ConsentResult | ConsentError | None = None


class RedirectListener:
    """A one-shot HTTP server on the loopback interface that waits for the consent redirect.

    Use it as a context manager: open it, put :attr:`redirect_uri` in the consent URL, then :meth:`wait`.
    It serves on ``127.0.0.1`` only, so nothing outside this machine can reach it.

    Args:
        state: The flow's state; a redirect with another state is rejected.
        port: The port to listen on (0: any free port; the application must have registered the URI).
        host: The loopback address to bind.
        clock: Monotonic seconds (injected by tests).
    """

    _POLL_SECONDS: ClassVar[float] = 0.2

    def __init__(
        self,
        *,
        state: str,
        port: int = 0,
        host: str = "127.0.0.1",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Bind the listening socket (the port is known from then on).

        Raises:
            ConfigurationError: the port is taken or invalid, or the host cannot be bound.
        """
        self._host = host
        try:
            self._server = _Server((host, port), _Handler)
        except (OSError, OverflowError) as error:
            reason = getattr(error, "strerror", None) or error
            msg = f"Cannot listen on {host}:{port} for the consent redirect: {reason}"
            raise ConfigurationError(msg) from None
        self._server.expected_state = state
        self._clock = clock

    def __repr__(self) -> str:
        """Show where it listens."""
        return f"RedirectListener(redirect_uri={self.redirect_uri!r})"

    @property
    def port(self) -> int:
        """The port the listener is bound to."""
        return int(self._server.server_address[1])

    @property
    def redirect_uri(self) -> str:
        """The URI to register with the application and to name in the consent URL."""
        return f"http://{self._host}:{self.port}/"

    def wait(self, timeout: float) -> ConsentResult:
        """Serve requests until the redirect arrives, and return it.

        Raises:
            ConsentError: the redirect failed the checks (forged state, no code, an error from Seller
                Central), or none arrived within ``timeout`` seconds.
        """
        deadline = self._clock() + timeout
        while self._server.outcome is None:
            remaining = deadline - self._clock()
            if remaining <= 0:
                msg = f"No consent redirect reached {self.redirect_uri} within {timeout:g} seconds"
                raise ConsentError(msg)
            self._server.timeout = min(remaining, self._POLL_SECONDS)
            self._server.handle_request()
        outcome = self._server.outcome
        if isinstance(outcome, ConsentError):
            raise outcome
        return outcome

    def close(self) -> None:
        """Stop listening."""
        self._server.server_close()

    def __enter__(self) -> Self:
        """Return the listener, already bound."""
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop listening."""
        self.close()


def listen_for_redirect(port: int, state: str, timeout: float, *, host: str = "127.0.0.1") -> ConsentResult:
    """Listen on ``host:port`` until the consent redirect with ``state`` arrives, and return it.

    Raises:
        ConsentError: see :meth:`RedirectListener.wait`.
    """
    with RedirectListener(state=state, port=port, host=host) as listener:
        return listener.wait(timeout)


def _check_marketplace_region(marketplace_id: str, region: Region) -> None:
    """Refuse a consent marketplace of another region than the one the profile's requests will go to."""
    marketplace = marketplaces.get(marketplace_id, label="Marketplace")
    if marketplace.region is not region:
        home = marketplace.region.name
        msg = (
            f"Marketplace {marketplace_id} ({marketplace.country}) belongs to region {home}, but the login's "
            f"region or endpoint is {region.name}: the stored profile would send its requests to the wrong "
            f"region. Give a marketplace of that region, or --region {home}"
        )
        raise ConfigurationError(msg)


# -- the whole login --------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class LoginResult:
    """Where :func:`login` stored the seller's authorization."""

    profile: str
    path: Path
    selling_partner_id: str | None


def login(
    *,
    client_id: str,
    client_secret: str,
    application_id: str,
    show: Callable[[str], object],
    profile: str = "default",
    config_path: Path | None = None,
    authorize_url: str | None = None,
    seller_central_url: str | None = None,
    marketplace_id: str | None = None,
    region: Region | str | None = None,
    endpoint: str | None = None,
    is_sandbox: bool | None = None,
    beta: bool = False,
    port: int = 0,
    timeout: float = 300.0,
    token_url: str = DEFAULT_TOKEN_URL,
    allow_custom_host: bool = False,
    transport: httpx.BaseTransport | None = None,
    redirect_uri: str | None = None,
    paste: Callable[[], str] | None = None,
) -> LoginResult:
    """Run the whole consent flow and store the refresh token in a profile of the config file.

    Calls ``show`` with the consent URL (print it, open a browser), takes the redirect, exchanges the code at
    ``token_url``, and saves the profile (client id and secret, refresh token, application and selling
    partner ids, and the endpoint settings given) in a file of mode 0600. Other profiles, and other keys of
    this one, are kept. The redirect is taken one of two ways (see the module docstring):

    - ``paste`` given (paste mode): the consent URL names ``redirect_uri`` (one of the application's
      registered https URIs; ``None`` leaves Amazon to use the application's default), and ``paste()``
      returns what the user pasted: the redirected URL (its state is checked) or the bare code;
    - else (loopback): listens on ``127.0.0.1:port``, or on the port of ``redirect_uri`` when that is an
      ``http://127.0.0.1:PORT/`` (or ``localhost``) URI, for ``timeout`` seconds. An https ``redirect_uri``
      without ``paste`` is a :class:`ConfigurationError` (nothing here can receive it).

    ``token_url``, ``endpoint`` and ``redirect_uri`` are checked first, by the rules of
    :mod:`seller_central.connection` (``allow_custom_host`` lifts the host rule, and is stored in the profile
    when set), and so is the agreement of ``marketplace_id``, ``region`` and ``endpoint``, so a bad one fails
    before the seller is sent to Seller Central.

    Raises:
        ConsentError: the redirect was forged, declined, not pasted, or did not come within ``timeout``.
        TokenRequestError: LWA refused the code.
        ConfigurationError: the inputs or the config file are invalid.
    """
    if not client_id or not client_secret:
        msg = "Login needs the application's Client ID and Client Secret"
        raise ConfigurationError(msg)
    check_token_url(token_url, allow_custom_host=allow_custom_host)
    served = region
    if endpoint is not None:
        url = check_endpoint(
            endpoint, region=region, is_sandbox=bool(is_sandbox), allow_custom_host=allow_custom_host
        )
        served = Region.of_host(urlsplit(url).hostname or "") or region
    if marketplace_id and served is not None:
        _check_marketplace_region(marketplace_id, Region.parse(served))
    if redirect_uri is not None:
        redirect_uri = check_redirect_uri(redirect_uri)
        if paste is None and not _is_loopback_uri(redirect_uri):
            msg = (
                f"Redirect URI {redirect_uri!r} is not a loopback address this process can listen on: "
                "paste the redirected URL instead (CLI: --paste)"
            )
            raise ConfigurationError(msg)
    state = new_state()

    def consent_page(redirect: str | None) -> str:
        return consent_url(
            application_id=application_id,
            state=state,
            authorize_url=authorize_url,
            seller_central_url=seller_central_url,
            marketplace_id=marketplace_id,
            region=region,
            redirect_uri=redirect,
            beta=beta,
        )

    if paste is not None:
        show(consent_page(redirect_uri))
        result = read_pasted(paste(), expected_state=state)
    else:
        listen_port = port if redirect_uri is None else (urlsplit(redirect_uri).port or 80)
        with RedirectListener(state=state, port=listen_port) as listener:
            redirect_uri = redirect_uri or listener.redirect_uri
            show(consent_page(redirect_uri))
            result = listener.wait(timeout)
    grant = exchange_authorization_code(
        client_id=client_id,
        client_secret=client_secret,
        code=result.code,
        redirect_uri=redirect_uri,
        token_url=token_url,
        allow_custom_host=allow_custom_host,
        transport=transport,
    )
    where = config_path or config.default_path()
    values: dict[str, Any] = {}
    if profile in config.list_profiles(where):
        values = config.load_profile(profile, path=where)
    values.update(
        client_id=client_id,
        client_secret=client_secret,
        refresh_token=grant.refresh_token,
        application_id=application_id,
    )
    optional = {
        "selling_partner_id": result.selling_partner_id,
        "endpoint": endpoint,
        "region": Region.parse(region).name if region is not None else None,
        "is_sandbox": is_sandbox,
        "authorize_url": authorize_url,
        "token_url": token_url if token_url != DEFAULT_TOKEN_URL else None,
        "allow_custom_host": True if allow_custom_host else None,
    }
    values.update({key: value for key, value in optional.items() if value is not None})
    path = config.save_profile(profile, values, path=where)
    logger.info("Stored the authorization of seller %s in profile %r", result.selling_partner_id, profile)
    return LoginResult(profile=profile, path=path, selling_partner_id=result.selling_partner_id)
