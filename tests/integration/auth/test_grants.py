"""Each LWA grant against the local fake, and how LWA's refusals reach the caller."""

import socket

import attrs
import pytest
from seller_central.auth import EXT_CREDENTIAL
from seller_central.connection import ClientCredentialsConnection
from seller_central.errors import TokenRequestError
from seller_central.tokens import exchange_authorization_code
from selling_partner_api.notifications_v1.api import get_destinations


def test_refresh_token_grant_gets_the_seller_token(amazon, seller, make_tokens):
    """An OAuth connection posts a form-encoded refresh_token grant with its client credentials."""
    token = make_tokens(seller).access_token()

    (request,) = amazon.lwa_requests()
    assert request.method == "POST"
    assert request.headers["content-type"].startswith("application/x-www-form-urlencoded")
    assert request.form == {
        "grant_type": "refresh_token",
        "refresh_token": amazon.refresh_token,
        "client_id": amazon.client_id,
        "client_secret": amazon.client_secret,
    }
    assert amazon.issued[token].kind == "seller"


def test_client_credentials_grant_asks_for_every_scope_of_the_connection(amazon, make_tokens):
    """A client-credentials connection posts a client_credentials grant with its space-delimited Scopes."""
    connection = ClientCredentialsConnection(
        client_id=amazon.client_id,
        client_secret=amazon.client_secret,
        scopes="sellingpartnerapi::notifications sellingpartnerapi::client_credential:rotation",
        endpoint=amazon.url,
        token_url=f"{amazon.url}/auth/o2/token",
    )

    token = make_tokens(connection).access_token()

    (request,) = amazon.lwa_requests()
    assert request.form == {
        "grant_type": "client_credentials",
        "scope": "sellingpartnerapi::notifications sellingpartnerapi::client_credential:rotation",
        "client_id": amazon.client_id,
        "client_secret": amazon.client_secret,
    }
    assert amazon.issued[token].kind == "grantless"


def test_grantless_operation_on_an_oauth_connection_gets_a_token_for_its_scope(amazon, seller, sp_api):
    """getDestinations on an OAuth connection carries a client_credentials token for notifications."""
    response = sp_api(seller).request(**get_destinations.request_kwargs())

    assert response.status_code == 200
    (grant,) = amazon.lwa_requests()
    assert grant.form["grant_type"] == "client_credentials"
    assert grant.form["scope"] == "sellingpartnerapi::notifications"
    assert response.request.extensions[EXT_CREDENTIAL] == seller.application_identity()


def test_grantless_and_seller_tokens_are_cached_apart(amazon, seller, make_tokens):
    """The seller's token and a grantless token are two cache entries; each is requested once."""
    tokens = make_tokens(seller)

    seller_token = tokens.access_token()
    grantless = tokens.access_token(scope="sellingpartnerapi::notifications")

    assert seller_token != grantless
    assert tokens.access_token() == seller_token
    assert tokens.access_token(scope="sellingpartnerapi::notifications") == grantless
    assert [r.form["grant_type"] for r in amazon.lwa_requests()] == ["refresh_token", "client_credentials"]


def test_authorization_code_grant_returns_the_sellers_refresh_token(amazon):
    """A consent code is exchanged with an authorization_code grant naming the redirect URI."""
    amazon.codes["consent-code-0123456789"] = "Atzr|granted-by-consent-0123456789"

    grant = exchange_authorization_code(
        client_id=amazon.client_id,
        client_secret=amazon.client_secret,
        code="consent-code-0123456789",
        redirect_uri="http://127.0.0.1:8123/",
        token_url=f"{amazon.url}/auth/o2/token",
    )

    assert grant.refresh_token == "Atzr|granted-by-consent-0123456789"
    assert grant.expires_in == 3600
    (request,) = amazon.lwa_requests()
    assert request.form == {
        "grant_type": "authorization_code",
        "code": "consent-code-0123456789",
        "redirect_uri": "http://127.0.0.1:8123/",
        "client_id": amazon.client_id,
        "client_secret": amazon.client_secret,
    }


def test_used_consent_code_is_refused_clearly(amazon):
    """A consent code LWA does not know gives invalid_grant with advice to start the consent again."""
    with pytest.raises(TokenRequestError) as caught:
        exchange_authorization_code(
            client_id=amazon.client_id,
            client_secret=amazon.client_secret,
            code="stale-code-0123456789",
            token_url=f"{amazon.url}/auth/o2/token",
        )

    assert caught.value.error == "invalid_grant"
    assert "start the consent again" in str(caught.value)
    assert "stale-code-0123456789" not in str(caught.value)


def test_wrong_client_secret_is_a_clear_invalid_client_error(amazon, seller, make_tokens):
    """LWA's 401 invalid_client becomes a TokenRequestError naming the problem, without the secret."""
    wrong = attrs.evolve(seller, client_secret="amzn1.oa2-cs.v1.wrongsecret0123456789")

    with pytest.raises(TokenRequestError) as caught:
        make_tokens(wrong).access_token()

    error = caught.value
    assert (error.error, error.status_code) == ("invalid_client", 401)
    assert "Client authentication failed" in str(error)
    assert "Client Secret" in str(error)
    assert "wrongsecret" not in str(error)
    assert amazon.leaked(str(error)) == []


def test_revoked_refresh_token_is_a_clear_invalid_grant_error(amazon, seller, make_tokens):
    """LWA's 400 invalid_grant for a refresh token says to authorize again, without the token."""
    revoked = attrs.evolve(seller, refresh_token="Atzr|revoked-0123456789")

    with pytest.raises(TokenRequestError) as caught:
        make_tokens(revoked).access_token()

    error = caught.value
    assert (error.error, error.status_code) == ("invalid_grant", 400)
    assert "authorize the application again" in str(error)
    assert "revoked-0123456789" not in str(error)


def test_lwa_error_without_json_still_names_the_status(amazon, seller, make_tokens):
    """An LWA answer that is not an OAuth error (a 503 page) gives a TokenRequestError with the status."""
    amazon.lwa_answer = (503, "Service Unavailable")

    with pytest.raises(TokenRequestError) as caught:
        make_tokens(seller).access_token()

    assert caught.value.status_code == 503
    assert caught.value.error is None
    assert "HTTP 503" in str(caught.value)


def test_unreachable_lwa_is_a_token_request_error_without_status(seller, make_tokens):
    """A token URL nobody listens on gives a TokenRequestError that says LWA could not be reached."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    unreachable = attrs.evolve(seller, token_url=f"http://127.0.0.1:{closed}/auth/o2/token")

    with pytest.raises(TokenRequestError) as caught:
        make_tokens(unreachable).access_token()

    assert caught.value.status_code is None
    assert "Could not reach Login with Amazon" in str(caught.value)


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "ALL_PROXY"])
def test_token_requests_ignore_proxy_environment_variables(
    amazon, seller, make_tokens, monkeypatch, variable
):
    """As for SP-API calls, a proxy comes only from proxy=: a proxy variable in the environment is not used."""
    monkeypatch.setenv(variable, "http://127.0.0.1:9")  # nothing listens there

    token = make_tokens(seller).access_token()

    assert amazon.issued[token].kind == "seller"
