"""Region and endpoint agree wherever they are shown, and a marketplace of another region gets a warning.

Amazon answers a marketplace id sent to another region's endpoint with a 403 Unauthorized or a 400 that does
not name the cause; the client warns first, naming the marketplace's region and the endpoint's.
"""

from __future__ import annotations

import warnings

import httpx
import pytest
from click.testing import CliRunner
from seller_central import SellerCentral, client, tokens, transport
from seller_central.cli.app import cli
from seller_central.connection import ClientCredentialsConnection, OAuthConnection
from seller_central.errors import ConfigurationError
from seller_central.marketplaces import MarketplaceRegionWarning

KEYS = {"client_id": "amzn1.application-oa2-client.region", "client_secret": "region-secret"}
SELLER = {**KEYS, "refresh_token": "Atzr|region-refresh"}
US = "ATVPDKIKX0DER"
DE = "A1PA6795UKMFR9"


@pytest.mark.parametrize(
    ("settings", "endpoint", "region"),
    [
        ({"region": "EU"}, "https://sellingpartnerapi-eu.amazon.com", "EU"),
        ({"region": "fe", "is_sandbox": True}, "https://sandbox.sellingpartnerapi-fe.amazon.com", "FE"),
        ({"endpoint": "sellingpartnerapi-eu.amazon.com"}, "https://sellingpartnerapi-eu.amazon.com", "EU"),
        ({}, "https://sellingpartnerapi-na.amazon.com", "NA"),
    ],
    ids=["region-EU", "region-FE-sandbox", "endpoint-EU", "default"],
)
def test_repr_shows_the_endpoint_requests_go_to_and_its_region(settings, endpoint, region):
    """repr names the resolved endpoint URL and the region it serves, the same pair the client uses."""
    connection = OAuthConnection(**SELLER, **settings)
    text = repr(connection)

    assert f"endpoint={endpoint!r}" in text
    assert f"region={region!r}" in text
    assert connection.base_url == endpoint
    assert "sellingpartnerapi-na" not in text or region == "NA"
    assert "region-secret" not in text
    assert "region-refresh" not in text


def test_client_credentials_repr_agrees_too():
    """The grantless connection's repr follows the same rule."""
    text = repr(ClientCredentialsConnection(**KEYS, region="EU"))

    assert "endpoint='https://sellingpartnerapi-eu.amazon.com'" in text
    assert "region='EU'" in text


def test_a_region_that_contradicts_the_endpoint_is_refused():
    """region=EU with the Far East host is a ConfigurationError naming both, not a silent pick of one."""
    with pytest.raises(ConfigurationError) as raised:
        OAuthConnection(**SELLER, region="EU", endpoint="sellingpartnerapi-fe.amazon.com")

    message = str(raised.value)
    assert "Region EU" in message
    assert "https://sellingpartnerapi-fe.amazon.com" in message
    assert "region FE" in message


def _client(connection):
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path == "/auth/o2/token":
            return httpx.Response(
                200, json={"access_token": "Atza|region", "token_type": "bearer", "expires_in": 3600}
            )
        if request.url.path.endswith("/reports"):
            return httpx.Response(202, json={"reportId": "R1"})
        return httpx.Response(200, json={"payload": {"Orders": []}})

    return SellerCentral(connection, transport=httpx.MockTransport(handler), sleep=lambda _s: None), sent


def _orders(client, marketplace_ids):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.list_orders(marketplace_ids=marketplace_ids, created_after="2026-11-01T00:00:00Z")
    return [w for w in caught if issubclass(w.category, MarketplaceRegionWarning)]


def test_a_marketplace_of_another_region_warns_naming_both():
    """The US marketplace sent to the EU endpoint: one warning naming the marketplace, both regions, the URL."""
    client, sent = _client(OAuthConnection(**SELLER, region="EU"))
    with client:
        caught = _orders(client, [US])

    assert len(caught) == 1
    message = str(caught[0].message)
    assert US in message
    assert "region NA" in message
    assert "https://sellingpartnerapi-eu.amazon.com (region EU)" in message
    assert sent[-1].url.host == "sellingpartnerapi-eu.amazon.com"  # a warning, not a refusal


def test_only_a_marketplace_of_another_region_warns():
    """Germany on the EU endpoint, and the US on the default (NA) endpoint, go quietly; the US on EU warns."""
    eu, _ = _client(OAuthConnection(**SELLER, region="EU"))
    na, _ = _client(OAuthConnection(**SELLER))
    with eu, na:
        assert _orders(eu, [DE]) == []
        assert _orders(na, [US]) == []
        assert len(_orders(eu, [DE, US])) == 1


def test_a_body_marketplace_is_checked_as_well():
    """A marketplace id in a JSON body (createReport's marketplaceIds) is checked like a query parameter."""
    client, _ = _client(OAuthConnection(**SELLER, region="FE"))
    with client, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.call(
            "reports_2021_06_30.createReport",
            body={"reportType": "GET_MERCHANT_LISTINGS_ALL_DATA", "marketplaceIds": [DE]},
        )

    messages = [str(w.message) for w in caught if issubclass(w.category, MarketplaceRegionWarning)]
    assert len(messages) == 1
    assert DE in messages[0]
    assert "(region FE)" in messages[0]


@pytest.mark.parametrize(
    "settings",
    [{"region": "EU", "is_sandbox": True}, {"endpoint": "http://127.0.0.1:8765", "region": "EU"}],
    ids=["amazon-sandbox", "loopback"],
)
def test_sandbox_and_loopback_endpoints_do_not_warn(settings):
    """Amazon's static sandbox and the local one answer any marketplace: no warning there (production does)."""
    client, _ = _client(OAuthConnection(**SELLER, **settings))
    production, _ = _client(OAuthConnection(**SELLER, region="EU"))
    with client, production:
        assert _orders(client, [US]) == []
        assert len(_orders(production, [US])) == 1
    assert client.connection.marketplace_region is None


def test_cli_prints_the_mismatch_warning_on_stderr(monkeypatch):
    """`seller-central --region EU orders list --marketplace-ids <US>`: one `warning:` line naming both regions.

    Amazon's EU host is played by a mock transport under the client's own stack (no network).
    """
    hosts: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        hosts.append(request.url.host)
        if request.url.path == "/auth/o2/token":
            return httpx.Response(
                200, json={"access_token": "Atza|region", "token_type": "bearer", "expires_in": 3600}
            )
        return httpx.Response(200, json={"payload": {"Orders": []}})

    def mocked(proxy=None):
        return httpx.MockTransport(handler)

    monkeypatch.setattr(transport, "default_transport", mocked)
    monkeypatch.setattr(tokens, "default_transport", mocked)
    monkeypatch.setattr(client, "default_transport", mocked)  # the pool a client builds for itself
    env = {"SP_API_CLIENT_ID": SELLER["client_id"], "SP_API_CLIENT_SECRET": SELLER["client_secret"],
           "SP_API_REFRESH_TOKEN": SELLER["refresh_token"], "SP_API_ENDPOINT": "", "SP_API_TOKEN_URL": "",
           "SP_API_SANDBOX": "", "SP_API_REGION": "", "SP_API_SCOPES": ""}  # fmt: skip
    result = CliRunner().invoke(
        cli,
        [
            "--region",
            "EU",
            "orders",
            "list",
            "--marketplace-ids",
            US,
            "--created-after",
            "2026-11-01T00:00:00Z",
        ],
        env=env,
    )

    assert result.exit_code == 0, result.stderr
    assert hosts == ["api.amazon.com", "sellingpartnerapi-eu.amazon.com"]
    warning = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warning) == 1
    assert f"Marketplace {US} (United States) belongs to region NA" in warning[0]
    assert "https://sellingpartnerapi-eu.amazon.com (region EU)" in warning[0]
