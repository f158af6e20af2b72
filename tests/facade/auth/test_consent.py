"""The consent flow: the URL, the redirect checks, the loopback listener and login()."""

import socket
import stat
import threading
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from seller_central import config, consent
from seller_central.errors import ConfigurationError, ConsentError

APP = "amzn1.sp.solution.0123-4567"
SPEC_TEMPLATE = "{Seller Central URL}/apps/authorize/consent?application_id={YOUR_APPLICATION_ID}"


def _query(url):
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_consent_url_has_application_id_and_state():
    """By default the URL is the US Seller Central consent page with the application id and state."""
    url = consent.consent_url(application_id=APP, state="s-1")

    assert url.startswith("https://sellercentral.amazon.com/apps/authorize/consent?")
    assert _query(url) == {"application_id": APP, "state": "s-1"}


def test_consent_url_adds_version_beta_only_when_asked():
    """version=beta appears for draft applications and not otherwise."""
    assert _query(consent.consent_url(application_id=APP, state="s", beta=True))["version"] == "beta"
    assert "version" not in _query(consent.consent_url(application_id=APP, state="s"))


def test_consent_url_carries_the_redirect_uri():
    """A redirect URI is passed along, URL-encoded."""
    url = consent.consent_url(application_id=APP, state="s", redirect_uri="http://127.0.0.1:8123/")

    assert "redirect_uri=http%3A%2F%2F127.0.0.1%3A8123%2F" in url
    assert _query(url)["redirect_uri"] == "http://127.0.0.1:8123/"


def test_consent_url_fills_the_connector_spec_template():
    """The spec's Authorize URL template gets the marketplace's Seller Central URL and the application id."""
    url = consent.consent_url(
        application_id=APP, state="s", authorize_url=SPEC_TEMPLATE, marketplace_id="A1VC38T7YXB528"
    )

    assert url.startswith("https://sellercentral.amazon.co.jp/apps/authorize/consent?")
    assert _query(url) == {"application_id": APP, "state": "s"}


def test_consent_url_keeps_the_query_of_a_concrete_authorize_url():
    """A concrete Authorize URL keeps its own parameters; ours are added."""
    url = consent.consent_url(
        application_id=APP,
        state="s",
        authorize_url="https://sellercentral.amazon.de/apps/authorize/consent?x=1",
    )

    assert url.startswith("https://sellercentral.amazon.de/apps/authorize/consent?")
    assert _query(url) == {"x": "1", "application_id": APP, "state": "s"}


@pytest.mark.parametrize(
    ("region", "host"),
    [
        ("NA", "sellercentral.amazon.com"),
        ("EU", "sellercentral-europe.amazon.com"),
        ("FE", "sellercentral.amazon.co.jp"),
    ],
)
def test_consent_url_of_a_region_uses_its_main_seller_central(region, host):
    """With only a region known, the region's main Seller Central is used."""
    assert urlsplit(consent.consent_url(application_id=APP, state="s", region=region)).netloc == host


def test_consent_url_needs_an_application_id():
    """Without an application id no URL is built."""
    with pytest.raises(ConfigurationError, match="application id"):
        consent.consent_url(application_id=" ", state="s")


def test_states_are_unguessable_and_distinct():
    """Each flow gets a long, fresh state."""
    states = {consent.new_state() for _ in range(100)}

    assert len(states) == 100
    assert min(len(s) for s in states) >= 40


def test_parse_redirect_returns_the_code_for_our_state():
    """A redirect (URL or query string) with our state yields the code and selling partner id."""
    url = "http://127.0.0.1:8123/?state=ours&selling_partner_id=A1SELLER&spapi_oauth_code=code-1"

    from_url = consent.parse_redirect(url, expected_state="ours")
    from_query = consent.parse_redirect("?state=ours&spapi_oauth_code=code-1", expected_state="ours")

    assert (from_url.selling_partner_id, from_url.code) == ("A1SELLER", "code-1")
    assert (from_query.selling_partner_id, from_query.code) == (None, "code-1")
    assert "code-1" not in repr(from_url)


@pytest.mark.parametrize(
    "query",
    [
        "state=forged&spapi_oauth_code=c",
        "spapi_oauth_code=c",
        "state=&spapi_oauth_code=c",
        "state=OURS&spapi_oauth_code=c",
    ],
    ids=["forged", "missing", "empty", "wrong-case"],
)
def test_parse_redirect_rejects_any_other_state(query):
    """A missing, empty or different state is a ConsentError, whatever else the redirect carries."""
    with pytest.raises(ConsentError, match="state does not match"):
        consent.parse_redirect(query, expected_state="ours")


def test_parse_redirect_reports_a_refusal_or_a_missing_code():
    """Seller Central's error parameters and a redirect without a code are ConsentErrors."""
    with pytest.raises(ConsentError, match="access_denied"):
        consent.parse_redirect("state=ours&error=access_denied", expected_state="ours")
    with pytest.raises(ConsentError, match="no spapi_oauth_code"):
        consent.parse_redirect("state=ours&selling_partner_id=A1", expected_state="ours")


def _browse(*urls):
    """Fetch the URLs one after the other in a thread; return the thread and the responses list."""
    responses = []

    def run():
        with httpx.Client(timeout=10) as http:
            responses.extend(http.get(url) for url in urls)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, responses


def test_listener_ignores_stray_requests_and_returns_the_redirect():
    """A favicon request gets a 404 and the listener keeps waiting for the real redirect."""
    with consent.RedirectListener(state="ours") as listener:
        base = listener.redirect_uri
        thread, responses = _browse(
            f"{base}favicon.ico", f"{base}?state=ours&spapi_oauth_code=c-1&selling_partner_id=A1"
        )
        result = listener.wait(timeout=10)
        thread.join(timeout=10)

    assert [r.status_code for r in responses] == [404, 200]
    assert (result.code, result.selling_partner_id) == ("c-1", "A1")
    assert base.startswith("http://127.0.0.1:")


def test_listener_refuses_a_forged_redirect():
    """A redirect with another state gets a 400 page and wait() raises ConsentError."""
    with consent.RedirectListener(state="ours") as listener:
        thread, responses = _browse(f"{listener.redirect_uri}?state=forged&spapi_oauth_code=c-1")
        with pytest.raises(ConsentError, match="state does not match"):
            listener.wait(timeout=10)
        thread.join(timeout=10)

    assert responses[0].status_code == 400


def test_listener_gives_up_after_the_timeout():
    """With no redirect before the deadline, wait() raises ConsentError (the clock is injected)."""
    ticks = iter([0.0, 301.0])
    with (
        consent.RedirectListener(state="ours", clock=lambda: next(ticks)) as listener,
        pytest.raises(ConsentError, match="within 300 seconds"),
    ):
        listener.wait(timeout=300)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_listen_for_redirect_serves_the_given_port():
    """listen_for_redirect listens on the port it is given and returns the redirect's contents."""
    port = _free_port()

    def browser():
        # Connect as soon as the listener is up (a loopback refusal is immediate), then send the redirect.
        for _ in range(100_000):
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=10)
                break
            except ConnectionRefusedError:
                continue
        with connection:
            connection.sendall(b"GET /?state=ours&spapi_oauth_code=c-9 HTTP/1.0\r\nHost: x\r\n\r\n")
            connection.recv(1024)

    thread = threading.Thread(target=browser)
    thread.start()
    result = consent.listen_for_redirect(port, "ours", 10)
    thread.join(timeout=10)

    assert result.code == "c-9"


def test_login_keeps_other_profiles_and_settings(tmp_path):
    """login updates the named profile with the new refresh token and keeps other profiles and keys."""
    path = tmp_path / "config.toml"
    config.save_profile("other", {"client_id": "x"}, path=path)
    config.save_profile("shop", {"client_id": "old", "note": "kept"}, path=path)
    lwa = httpx.MockTransport(
        lambda _request: httpx.Response(
            200, json={"access_token": "Atza|a-0123", "refresh_token": "Atzr|new-0123"}
        )
    )
    threads = []

    def show(url):
        query = _query(url)
        thread, _ = _browse(
            f"{query['redirect_uri']}?state={query['state']}&spapi_oauth_code=c&selling_partner_id=A9"
        )
        threads.append(thread)

    result = consent.login(
        client_id="client",
        client_secret="amzn1.oa2-cs.v1.s-0123",
        application_id=APP,
        show=show,
        profile="shop",
        config_path=path,
        region="eu",
        transport=lwa,
        timeout=10,
    )
    for thread in threads:
        thread.join(timeout=10)

    assert result.selling_partner_id == "A9"
    assert config.list_profiles(path) == ["other", "shop"]
    shop = config.load_profile("shop", path=path)
    assert shop["refresh_token"] == "Atzr|new-0123"
    assert (shop["client_id"], shop["note"], shop["region"], shop["selling_partner_id"]) == (
        "client",
        "kept",
        "EU",
        "A9",
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
