"""`auth login` against the sandbox's fake LWA: paste mode (any registered https redirect URI), the loopback
mode on a given redirect URI, and the token URL taken from SP_API_TOKEN_URL or the profile.

The sandbox here accepts only the refresh tokens it issued through the authorization_code grant, so a stored
profile that then works proves the code was exchanged at the sandbox's token endpoint.
"""

from __future__ import annotations

import json
import socket
import threading
from urllib.parse import parse_qs, parse_qsl, urlsplit

import httpx
import pytest
from click.testing import CliRunner, Result
from seller_central import config, consent
from seller_central.cli.app import EXIT_API_ERROR, EXIT_BAD_INPUT, cli
from seller_central.sandbox import SandboxServer

pytestmark = pytest.mark.xdist_group("cli")

STATE = "state-for-the-paste-test"
CODE = "ANDpasteCode0123456789"
SECRET = "paste-login-secret"
REDIRECT = "https://seller-tools.example/amazon/callback"
LOGIN = ["auth", "login", "--profile", "shop", "--application-id", "amzn1.sp.solution.app"]


@pytest.fixture(scope="module")
def sandbox():
    with SandboxServer(refresh_tokens=[]) as server:  # only refresh tokens issued for a code are accepted
        yield server


@pytest.fixture
def env(sandbox, tmp_path):
    return {
        "SP_API_CLIENT_ID": "amzn1.application-oa2-client.paste",
        "SP_API_CLIENT_SECRET": SECRET,
        "SP_API_REFRESH_TOKEN": "",
        "SP_API_ENDPOINT": "",
        "SP_API_TOKEN_URL": sandbox.token_url,
        "SP_API_SANDBOX": "",
        "SP_API_REGION": "",
        "SP_API_SCOPES": "",
        "SP_API_ALLOW_CUSTOM_HOST": "",
        "SELLER_CENTRAL_CONFIG": str(tmp_path / "config.toml"),
    }


@pytest.fixture(autouse=True)
def _fixed_state(monkeypatch):
    """The flow's state is random; the test's pasted URL must carry it, so it is fixed here."""
    monkeypatch.setattr(consent, "new_state", lambda: STATE)


def _run(env, *args: str, pasted: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, input=None if pasted is None else pasted + "\n")


def _token_requests(sandbox):
    return [r for r in sandbox.requests if r.path == "/auth/o2/token"]


def _consent_query(stderr: str) -> dict[str, str]:
    url = next(line.strip() for line in stderr.splitlines() if "/apps/authorize/consent?" in line)
    return dict(parse_qsl(urlsplit(url).query))


def _order_with_profile(sandbox, env) -> Result:
    profile_env = {**env, "SP_API_CLIENT_ID": "", "SP_API_CLIENT_SECRET": "", "SP_API_TOKEN_URL": ""}
    return _run(profile_env, "--profile", "shop", "orders", "get", "--order-id", "TEST_CASE_200")


def test_paste_mode_with_an_https_redirect_uri_stores_a_working_profile(sandbox, env, tmp_path):
    """An https --redirect-uri selects paste mode: the pasted URL's code is exchanged, the profile works."""
    sandbox.clear_requests()
    pasted = f"{REDIRECT}?state={STATE}&selling_partner_id=A9SELLER&spapi_oauth_code={CODE}"

    result = _run(
        env, "--endpoint", sandbox.url, "--sandbox", *LOGIN, "--redirect-uri", REDIRECT, "--timeout", "1",
        pasted=pasted,
    )  # fmt: skip

    assert result.exit_code == 0, result.stderr
    assert _consent_query(result.stderr)["redirect_uri"] == REDIRECT
    assert _consent_query(result.stderr)["state"] == STATE
    (token,) = _token_requests(sandbox)
    form = parse_qs(token.body.decode())
    assert form["grant_type"] == ["authorization_code"]
    assert form["redirect_uri"] == [REDIRECT]  # LWA checks it matches the consent URL's
    stored = config.load_profile("shop", path=tmp_path / "config.toml")
    assert stored["selling_partner_id"] == "A9SELLER"
    assert stored["token_url"] == sandbox.token_url
    for secret in (CODE, SECRET, stored["refresh_token"]):  # nothing secret on the terminal
        assert secret not in result.output
    assert result.stdout == ""
    order = _order_with_profile(sandbox, env)
    assert order.exit_code == 0, order.stderr
    assert json.loads(order.stdout)["payload"]["AmazonOrderId"] == "902-1845936-5435065"


def test_paste_flag_takes_the_bare_code(sandbox, env, tmp_path):
    """--paste without a redirect URI: the bare spapi_oauth_code is enough, and no redirect_uri is sent."""
    sandbox.clear_requests()

    result = _run(env, "--endpoint", sandbox.url, "--sandbox", *LOGIN, "--paste", pasted=CODE)

    assert result.exit_code == 0, result.stderr
    assert "redirect_uri" not in _consent_query(result.stderr)
    (token,) = _token_requests(sandbox)
    assert "redirect_uri" not in parse_qs(token.body.decode())
    assert CODE not in result.output
    assert _order_with_profile(sandbox, env).exit_code == 0


def test_a_pasted_redirect_with_another_state_is_refused_before_any_exchange(sandbox, env, tmp_path):
    """A pasted URL whose state is not this flow's (forged or stale): exit 1, no token request, no profile."""
    sandbox.clear_requests()
    pasted = f"{REDIRECT}?state=someone-elses&spapi_oauth_code={CODE}"

    result = _run(env, *LOGIN, "--redirect-uri", REDIRECT, pasted=pasted)

    assert result.exit_code == EXIT_API_ERROR
    assert "state does not match" in result.stderr
    assert CODE not in result.output
    assert _token_requests(sandbox) == []
    assert not (tmp_path / "config.toml").exists()


def test_login_honours_sp_api_token_url(sandbox, env, tmp_path):
    """Without --token-url the code goes to SP_API_TOKEN_URL (the sandbox), not to Amazon's LWA."""
    sandbox.clear_requests()

    result = _run(env, *LOGIN, "--paste", pasted=CODE)

    assert result.exit_code == 0, result.stderr
    assert len(_token_requests(sandbox)) == 1
    assert config.load_profile("shop", path=tmp_path / "config.toml")["token_url"] == sandbox.token_url


def test_login_honours_the_profiles_token_url(sandbox, env, tmp_path):
    """With neither the flag nor the variable, an existing profile's token_url is used (and kept)."""
    config.save_profile("shop", {"token_url": sandbox.token_url}, path=tmp_path / "config.toml")
    sandbox.clear_requests()

    result = _run({**env, "SP_API_TOKEN_URL": ""}, *LOGIN, "--paste", pasted=CODE)

    assert result.exit_code == 0, result.stderr
    assert len(_token_requests(sandbox)) == 1


def test_print_refresh_token_prints_only_the_token_on_stdout(sandbox, env, tmp_path):
    """--print-refresh-token: stdout is exactly the stored refresh token (asked for); stderr never has it."""
    result = _run(env, *LOGIN, "--paste", "--print-refresh-token", pasted=CODE)

    assert result.exit_code == 0, result.stderr
    stored = config.load_profile("shop", path=tmp_path / "config.toml")["refresh_token"]
    assert result.stdout == f"{stored}\n"
    assert stored not in result.stderr


def test_login_says_where_the_profiles_requests_go(sandbox, env):
    """The closing lines name the stored profile's endpoint and its region, which agree."""
    result = _run(env, "--region", "EU", *LOGIN, "--paste", pasted=CODE)

    assert result.exit_code == 0, result.stderr
    assert "its requests go to https://sellingpartnerapi-eu.amazon.com (region EU)" in result.stderr
    assert "sellercentral-europe.amazon.com" in result.stderr  # the consent page of the same region


def test_a_marketplace_of_another_region_is_refused(sandbox, env, tmp_path):
    """--region EU with the US marketplace: exit 2 naming both, before the consent URL is shown."""
    result = _run(env, "--region", "EU", *LOGIN, "--paste", "--marketplace", "ATVPDKIKX0DER", pasted=CODE)

    assert result.exit_code == EXIT_BAD_INPUT
    assert "ATVPDKIKX0DER" in result.stderr
    assert "region NA" in result.stderr
    assert "/apps/authorize/consent" not in result.stderr


@pytest.mark.parametrize(
    ("uri", "words"),
    [("http://seller-tools.example/cb", "must use https"), ("ftp://x.example/", "must be an https URL")],
)
def test_a_redirect_uri_amazon_would_refuse_is_a_mistake(env, tmp_path, uri, words):
    """Plain http to another host, or another scheme: exit 2 naming the Redirect URI; nothing shown."""
    result = _run(env, *LOGIN, "--redirect-uri", uri, pasted=CODE)

    assert result.exit_code == EXIT_BAD_INPUT
    assert "Redirect URI" in result.stderr
    assert words in result.stderr
    assert "/apps/authorize/consent" not in result.stderr


@pytest.fixture
def browser(monkeypatch):
    """Play the browser of the loopback mode: follow the consent URL's redirect_uri with its state and a code."""
    browsers: list[threading.Thread] = []
    real_login = consent.login

    def login_with_a_browser(**options):
        shown = options["show"]

        def show(url: str) -> None:
            shown(url)
            query = dict(parse_qsl(urlsplit(url).query))
            redirect = f"{query['redirect_uri']}?state={query['state']}&spapi_oauth_code={CODE}"
            thread = threading.Thread(target=lambda: httpx.get(redirect, timeout=10))
            thread.start()
            browsers.append(thread)

        return real_login(**{**options, "show": show})

    monkeypatch.setattr(consent, "login", login_with_a_browser)
    yield
    for thread in browsers:
        thread.join(timeout=10)


def test_a_loopback_redirect_uri_listens_on_its_port(sandbox, env, browser):
    """--redirect-uri http://127.0.0.1:PORT/ keeps the loopback mode, on that port, with that exact URI."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    uri = f"http://127.0.0.1:{port}/callback"
    sandbox.clear_requests()

    result = _run(env, *LOGIN, "--redirect-uri", uri, "--timeout", "10")

    assert result.exit_code == 0, result.stderr
    assert _consent_query(result.stderr)["redirect_uri"] == uri
    (token,) = _token_requests(sandbox)
    assert parse_qs(token.body.decode())["redirect_uri"] == [uri]


def test_loopback_login_honours_sp_api_token_url(sandbox, env, tmp_path, browser):
    """The loopback mode too sends the code to SP_API_TOKEN_URL (once, it went to Amazon's LWA regardless)."""
    sandbox.clear_requests()

    result = _run(env, *LOGIN, "--port", "0", "--timeout", "10")

    assert result.exit_code == 0, result.stderr
    assert len(_token_requests(sandbox)) == 1
    assert config.load_profile("shop", path=tmp_path / "config.toml")["token_url"] == sandbox.token_url


def test_login_with_sandbox_local_and_no_token_url_says_what_to_give_instead_of_calling_amazon(sandbox, env):
    """--sandbox=local cannot host Amazon's consent page: without a token URL, login stops (exit 2) and
    names --token-url, before anything is sent anywhere."""
    sandbox.clear_requests()

    result = _run({**env, "SP_API_TOKEN_URL": ""}, "--sandbox=local", *LOGIN, "--paste", pasted=CODE)

    assert result.exit_code == 2
    assert "--token-url" in result.stderr
    assert "--sandbox=local" in result.stderr
    assert _token_requests(sandbox) == []
