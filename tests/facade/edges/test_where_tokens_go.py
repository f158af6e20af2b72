"""Where the token and the client secret may go: the endpoint and token URL rules (issue 14, item 5).

A connection refuses, with ConfigurationError and before anything is sent: plain http except to loopback,
user info, a path/query/fragment in the endpoint, a malformed URL, and hosts that are neither Amazon's nor
loopback unless ``allow_custom_host`` is set.
"""

from __future__ import annotations

import threading
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from seller_central import config, consent
from seller_central.connection import (
    ClientCredentialsConnection,
    OAuthConnection,
    connection_from_env,
    connection_from_profile,
)
from seller_central.errors import ConfigurationError
from seller_central.tokens import exchange_authorization_code

SECRETS = {
    "client_id": "amzn1.application-oa2-client.edges",
    "client_secret": "amzn1.oa2-cs.v1.edges-secret-0123",
    "refresh_token": "Atzr|edges-refresh-0123",
}
APP = "amzn1.sp.solution.edges"


def _oauth(**settings: object) -> OAuthConnection:
    return OAuthConnection(**SECRETS, **settings)


@pytest.mark.parametrize(
    ("endpoint", "problem"),
    [
        ("http://sellingpartnerapi-na.amazon.com", "must use https"),
        ("http://192.0.2.10:8765", "must use https"),
        ("sellingpartnerapi-na.amazon.com@evil.example", "user info"),
        ("https://sellingpartnerapi-na.amazon.com@evil.example", "user info"),
        ("https://user:pw@sellingpartnerapi-eu.amazon.com", "user info"),
        ("https://sellingpartnerapi-na.amazon.com/orders/v0", "path, query or fragment"),
        ("sellingpartnerapi-na.amazon.com/evil", "path, query or fragment"),
        ("https://sellingpartnerapi-na.amazon.com?next=evil", "path, query or fragment"),
        ("https://sellingpartnerapi-na.amazon.com#frag", "path, query or fragment"),
        ("https://evil.example", "allow_custom_host"),
        ("https://sellingpartnerapi-na.amazon.com.evil.example", "allow_custom_host"),
        ("https://api.amazon.com", "allow_custom_host"),  # LWA's host is no SP-API host
        ("http://[::1", "not a valid URL"),
        ("https://sellingpartnerapi-na.amazon.com:99999", "not a valid URL"),
        ("https://sellingpartnerapi-na.amazon.com:port", "not a valid URL"),
        ("https://sellingpartnerapi na.amazon.com", "not a valid URL"),
    ],
)
def test_endpoint_that_would_leak_the_token_is_refused(endpoint, problem):
    """Each endpoint that would send the access token in clear text or elsewhere is a ConfigurationError."""
    with pytest.raises(ConfigurationError, match=problem):
        _oauth(endpoint=endpoint)


@pytest.mark.parametrize(
    ("token_url", "problem"),
    [
        ("http://api.amazon.com/auth/o2/token", "must use https"),
        ("https://api.amazon.com@evil.example/auth/o2/token", "user info"),
        ("https://evil.example/auth/o2/token", "allow_custom_host"),
        ("https://sellingpartnerapi-na.amazon.com/auth/o2/token", "allow_custom_host"),
        ("https://api.amazon.com/auth/o2/token?next=evil", "query or fragment"),
        ("http://[::1/auth/o2/token", "not a valid URL"),
    ],
)
@pytest.mark.parametrize("kind", [OAuthConnection, ClientCredentialsConnection])
def test_token_url_that_would_leak_the_client_secret_is_refused(kind, token_url, problem):
    """The token URL gets the client secret (and refresh token): the same rules, on LWA's host."""
    secrets = SECRETS if kind is OAuthConnection else {k: SECRETS[k] for k in ("client_id", "client_secret")}

    with pytest.raises(ConfigurationError, match=problem):
        kind(**secrets, token_url=token_url)


def test_user_info_is_not_repeated_in_the_message():
    """The part before the @ may be a password: the message says what is wrong without showing it."""
    with pytest.raises(ConfigurationError) as caught:
        _oauth(endpoint="https://admin:hunter2-pw@sellingpartnerapi-na.amazon.com")

    assert "hunter2-pw" not in str(caught.value)


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "127.0.0.2", "localhost:8765", "[::1]:8765"])
def test_plain_http_is_allowed_to_loopback_only(host):
    """The local sandbox and test servers need no flag; the same URL on another machine is refused."""
    local = _oauth(endpoint=f"http://{host}/", token_url=f"http://{host}/auth/o2/token")

    assert local.base_url == f"http://{host}"
    with pytest.raises(ConfigurationError, match="must use https"):
        _oauth(endpoint="http://10.0.0.1:8765", token_url=f"http://{host}/auth/o2/token")


def test_allow_custom_host_lifts_the_host_rule_only():
    """allow_custom_host lets an https proxy through; plain http, user info and paths stay refused."""
    proxy = _oauth(
        endpoint="https://sp-proxy.example:8443",
        token_url="https://lwa-proxy.example/auth/o2/token",
        allow_custom_host=True,
    )

    assert (proxy.base_url, proxy.host) == ("https://sp-proxy.example:8443", "sp-proxy.example:8443")
    for endpoint in ("http://sp-proxy.example", "https://a@sp-proxy.example", "https://sp-proxy.example/x"):
        with pytest.raises(ConfigurationError):
            _oauth(endpoint=endpoint, allow_custom_host=True)
    with pytest.raises(ConfigurationError, match="must use https"):
        _oauth(token_url="http://lwa-proxy.example/auth/o2/token", allow_custom_host=True)


def test_known_hosts_need_no_flag_and_a_custom_one_does():
    """Every region's production and sandbox host is accepted as it is; a custom one only with the flag."""
    hosts = [
        _oauth(region=region, is_sandbox=sandbox).host for region in ["NA", "EU", "FE"] for sandbox in (0, 1)
    ]

    assert hosts == [
        "sellingpartnerapi-na.amazon.com",
        "sandbox.sellingpartnerapi-na.amazon.com",
        "sellingpartnerapi-eu.amazon.com",
        "sandbox.sellingpartnerapi-eu.amazon.com",
        "sellingpartnerapi-fe.amazon.com",
        "sandbox.sellingpartnerapi-fe.amazon.com",
    ]
    with pytest.raises(ConfigurationError, match="allow_custom_host"):
        _oauth(endpoint="sp-proxy.example")


def test_environment_opts_in_with_sp_api_allow_custom_host():
    """SP_API_ALLOW_CUSTOM_HOST=true is the environment's opt-in; without it the same settings are refused."""
    environ = {
        "SP_API_CLIENT_ID": SECRETS["client_id"],
        "SP_API_CLIENT_SECRET": SECRETS["client_secret"],
        "SP_API_REFRESH_TOKEN": SECRETS["refresh_token"],
        "SP_API_ENDPOINT": "https://sp-proxy.example",
    }

    with pytest.raises(ConfigurationError, match="allow_custom_host"):
        connection_from_env(environ)
    allowed = connection_from_env({**environ, "SP_API_ALLOW_CUSTOM_HOST": "yes"})
    assert (allowed.allow_custom_host, allowed.host) == (True, "sp-proxy.example")


def test_profile_opts_in_with_allow_custom_host(tmp_path):
    """A profile with allow_custom_host = true may name a custom host; the same profile without it may not."""
    path = tmp_path / "config.toml"
    values = {**SECRETS, "endpoint": "https://sp-proxy.example"}
    config.save_profile("plain", values, path=path)
    config.save_profile("proxy", {**values, "allow_custom_host": True}, path=path)

    with pytest.raises(ConfigurationError, match="allow_custom_host"):
        connection_from_profile("plain", path=path)
    assert connection_from_profile("proxy", path=path).host == "sp-proxy.example"


def test_yes_no_settings_take_only_yes_no_words():
    """SP_API_SANDBOX reads true/false/1/0/yes/no in any case; another word is an error naming the variable."""
    base = {
        "SP_API_CLIENT_ID": SECRETS["client_id"],
        "SP_API_CLIENT_SECRET": SECRETS["client_secret"],
        "SP_API_REFRESH_TOKEN": SECRETS["refresh_token"],
    }
    words = {"true": True, "YES": True, "1": True, "False": False, "no": False, "0": False}

    read = {word: connection_from_env({**base, "SP_API_SANDBOX": word}).is_sandbox for word in words}

    assert read == words
    for word in ("maybe", "on", "2", "tru"):
        with pytest.raises(ConfigurationError, match="SP_API_SANDBOX"):
            connection_from_env({**base, "SP_API_SANDBOX": word})
    with pytest.raises(ConfigurationError, match="Is Sandbox Environment"):
        _oauth(is_sandbox="maybe")


def test_profile_yes_no_value_that_is_no_yes_no_word_is_refused(tmp_path):
    """is_sandbox = "maybe" in a profile is an error naming the key and the profile, not a silent no."""
    path = tmp_path / "config.toml"
    config.save_profile("shop", {**SECRETS, "is_sandbox": "maybe"}, path=path)

    with pytest.raises(ConfigurationError, match=r"is_sandbox in the profile 'shop'"):
        connection_from_profile("shop", path=path)


def test_code_exchange_refuses_an_unsafe_token_url_before_sending():
    """exchange_authorization_code checks the token URL as a connection does; nothing leaves."""
    sent: list[httpx.Request] = []

    def lwa(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"access_token": "Atza|x-0123", "refresh_token": "Atzr|y-0123"})

    with pytest.raises(ConfigurationError, match="must use https"):
        exchange_authorization_code(
            client_id="client",
            client_secret=SECRETS["client_secret"],
            code="code-0123",
            token_url="http://api.amazon.com/auth/o2/token",
            transport=httpx.MockTransport(lwa),
        )
    assert sent == []


@pytest.mark.parametrize(
    "settings",
    [
        {"token_url": "https://evil.example/auth/o2/token"},
        {"endpoint": "http://sellingpartnerapi-eu.amazon.com"},
        {"endpoint": "sellingpartnerapi-na.amazon.com@evil.example"},
    ],
)
def test_login_refuses_unsafe_settings_before_showing_the_consent_page(tmp_path, settings):
    """auth login checks the token URL and endpoint first: the seller is never sent to consent for nothing."""
    shown: list[str] = []

    with pytest.raises(ConfigurationError):
        consent.login(
            client_id="client",
            client_secret=SECRETS["client_secret"],
            application_id=APP,
            show=shown.append,
            config_path=tmp_path / "config.toml",
            timeout=0.01,
            **settings,
        )
    assert shown == []
    assert not (tmp_path / "config.toml").exists()


def test_login_with_allow_custom_host_stores_the_opt_in(tmp_path):
    """A login through a custom LWA host stores allow_custom_host, so the stored profile loads again."""
    path = tmp_path / "config.toml"
    posted: list[str] = []

    def lwa(request: httpx.Request) -> httpx.Response:
        posted.append(str(request.url))
        return httpx.Response(200, json={"access_token": "Atza|a-0123", "refresh_token": "Atzr|new-0123"})

    browsers: list[threading.Thread] = []

    def show(url: str) -> None:
        query = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
        redirect = (
            f"{query['redirect_uri']}?state={query['state']}&spapi_oauth_code=c-1&selling_partner_id=A9"
        )
        browser = threading.Thread(target=lambda: httpx.get(redirect, timeout=10))
        browser.start()
        browsers.append(browser)

    consent.login(
        client_id="client",
        client_secret=SECRETS["client_secret"],
        application_id=APP,
        show=show,
        profile="proxy",
        config_path=path,
        endpoint="https://sp-proxy.example",
        token_url="https://lwa-proxy.example/auth/o2/token",
        allow_custom_host=True,
        transport=httpx.MockTransport(lwa),
        timeout=10,
    )
    for browser in browsers:
        browser.join(timeout=10)

    assert posted == ["https://lwa-proxy.example/auth/o2/token"]
    assert config.load_profile("proxy", path=path)["allow_custom_host"] is True
    assert connection_from_profile("proxy", path=path).host == "sp-proxy.example"
