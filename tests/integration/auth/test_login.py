"""The whole consent flow: URL shown, loopback redirect, code exchange at the fake LWA, private profile."""

import stat
import threading
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from seller_central import config, consent
from seller_central.connection import OAuthConnection
from seller_central.errors import ConsentError

CODE = "consent-code-0123456789"
GRANTED = "Atzr|from-consent-0123456789"


class Browser:
    """Plays the seller: opens the consent URL and follows Seller Central's redirect back to the listener."""

    def __init__(self, *, state=None, code=CODE):
        self.state = state
        self.code = code
        self.shown = []
        self.threads = []
        self.answers = []

    def __call__(self, url):
        self.shown.append(url)
        query = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
        redirect = (
            query["redirect_uri"]
            + "?"
            + urlencode(
                {
                    "state": self.state or query["state"],
                    "selling_partner_id": "A1SELLER",
                    "spapi_oauth_code": self.code,
                }
            )
        )
        thread = threading.Thread(target=lambda: self.answers.append(httpx.get(redirect, timeout=10)))
        thread.start()
        self.threads.append(thread)

    def join(self):
        for thread in self.threads:
            thread.join(timeout=10)


def _login(amazon, browser, path, **options):
    try:
        return consent.login(
            client_id=amazon.client_id,
            client_secret=amazon.client_secret,
            application_id="amzn1.sp.solution.fake-app",
            show=browser,
            config_path=path,
            token_url=f"{amazon.url}/auth/o2/token",
            endpoint=amazon.url,
            timeout=10,
            **options,
        )
    finally:
        browser.join()


def test_login_stores_the_refresh_token_in_a_private_file(amazon, tmp_path, make_tokens):
    """login shows the URL, takes the redirect, exchanges the code and writes a working 0600 profile."""
    amazon.codes[CODE] = GRANTED
    path = tmp_path / "seller-central" / "config.toml"
    browser = Browser()

    result = _login(amazon, browser, path, profile="shop", beta=True, marketplace_id="A1PA6795UKMFR9")

    (url,) = browser.shown
    assert url.startswith("https://sellercentral-europe.amazon.com/apps/authorize/consent?")
    query = parse_qs(urlsplit(url).query)
    assert query["version"] == ["beta"]
    assert browser.answers[0].status_code == 200
    assert (result.profile, result.path, result.selling_partner_id) == ("shop", path, "A1SELLER")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert config.load_profile("shop", path=path)["refresh_token"] == GRANTED
    (exchange,) = amazon.lwa_requests("authorization_code")
    assert exchange.form["redirect_uri"] == query["redirect_uri"][0]
    connection = OAuthConnection.from_profile("shop", path=path)
    assert amazon.issued[make_tokens(connection).access_token()].kind == "seller"


def test_login_rejects_a_forged_state_and_stores_nothing(amazon, tmp_path):
    """A redirect whose state is not the flow's own is refused; no code is exchanged and no file written."""
    amazon.codes[CODE] = GRANTED
    path = tmp_path / "config.toml"
    browser = Browser(state="forged-state")

    with pytest.raises(ConsentError, match="state does not match"):
        _login(amazon, browser, path)

    assert browser.answers[0].status_code == 400
    assert amazon.lwa_requests() == []
    assert not path.exists()
