"""Where tokens go and where they never show: other hosts, logs, reprs, error messages."""

import logging

import attrs
import httpx
import pytest
from seller_central import _send, redact
from seller_central.auth import EXT_CREDENTIAL, TOKEN_HEADER, SpApiAuth
from seller_central.backends.base import StoredToken
from seller_central.backends.memory import MemoryBackend
from seller_central.calls import Call, Context
from seller_central.consent import ConsentResult
from seller_central.errors import TokenRequestError, WrongConnectionError, api_error_from_response
from seller_central.tokens import exchange_authorization_code
from selling_partner_api.notifications_v1.api import get_destinations
from selling_partner_api.orders_v0.api import get_order, get_order_address


def test_token_is_never_sent_to_another_host(amazon, elsewhere, seller, sp_api):
    """A request from the same client to another host (a presigned URL) leaves without any token."""
    client = sp_api(seller)
    client.request(**get_order.request_kwargs(order_id="1"))

    response = client.get(f"{elsewhere.url}/report.gz?X-Amz-Signature=abc&X-Amz-Credential=def")

    (received,) = elsewhere.requests
    assert TOKEN_HEADER not in received.headers
    assert EXT_CREDENTIAL not in response.request.extensions
    assert elsewhere.leaked(str(received.headers)) == []
    assert amazon.leaked(str(received.headers)) == []


def test_client_credentials_connection_refuses_a_seller_operation_before_sending(amazon, application):
    """getOrder on a client-credentials connection fails naming the connection it needs; nothing is sent."""
    with pytest.raises(WrongConnectionError) as caught:
        _send.prepare_call(Context(connection=application), Call(operation="orders_v0.getOrder"))

    assert "OAuthConnection" in str(caught.value)
    assert amazon.requests == []


def test_client_credentials_connection_calls_a_grantless_operation(amazon, application, sp_api):
    """A grantless operation on a client-credentials connection goes out with its client-credentials token."""
    kwargs = _send.prepare_call(
        Context(connection=application), Call(operation="notifications_v1.getDestinations")
    )

    response = sp_api(application).request(**kwargs)

    assert response.status_code == 200
    (grant,) = amazon.lwa_requests()
    assert grant.form["grant_type"] == "client_credentials"
    assert response.request.extensions[EXT_CREDENTIAL] == application.application_identity()


def _full_run(amazon, seller, application, sp_api):
    """Exercise every path that touches a secret: grants, RDTs, retries, refusals, the code exchange."""
    client = sp_api(seller)
    client.request(**get_order.request_kwargs(order_id="1"))
    client.request(**get_order_address.request_kwargs(order_id="1"))
    client.request(**get_destinations.request_kwargs())
    amazon.expire_all()
    client.request(**get_order.request_kwargs(order_id="2"))
    sp_api(application).request(**get_destinations.request_kwargs())
    amazon.codes["consent-code-0123456789"] = "Atzr|from-consent-0123456789"
    exchange_authorization_code(
        client_id=amazon.client_id,
        client_secret=amazon.client_secret,
        code="consent-code-0123456789",
        token_url=f"{amazon.url}/auth/o2/token",
    )
    with pytest.raises(TokenRequestError):
        sp_api(attrs.evolve(seller, refresh_token="Atzr|revoked-0123456789")).request(
            **get_order.request_kwargs(order_id="3")
        )
    logging.getLogger("seller_central").info(
        "Debug Request: %s",
        redact.describe_request(
            {**get_order.request_kwargs(order_id="4"), "headers": {TOKEN_HEADER: amazon.history[0]}},
            base_url=seller.base_url,
        ),
    )


def test_debug_logs_of_a_full_run_hold_no_secret(amazon, seller, application, sp_api, caplog):
    """Every log record of every logger, at DEBUG, over a run touching every secret, contains none of them."""
    caplog.set_level(logging.DEBUG)

    _full_run(amazon, seller, application, sp_api)

    logged = "\n".join(f"{r.name} {r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records)
    assert "Requesting an LWA access token" in logged  # the run was really logged
    assert "Requesting a Restricted Data Token" in logged
    assert amazon.leaked(logged) == []
    assert "Atzr|revoked-0123456789" not in logged


def test_repr_and_str_of_connections_tokens_and_errors_hold_no_secret(
    amazon, seller, application, make_tokens
):
    """repr() and str() of connections, token holders and errors never show a secret."""
    tokens = make_tokens(seller)
    token = tokens.access_token()
    wrong = attrs.evolve(seller, client_secret="amzn1.oa2-cs.v1.wrong0123456789")
    with pytest.raises(TokenRequestError) as refused:
        make_tokens(wrong, backend=MemoryBackend()).access_token()
    amazon.always_expired = True
    forbidden = _forbidden(seller, tokens)
    shown = [
        seller,
        application,
        tokens,
        tokens.cache,
        SpApiAuth(seller, tokens=tokens),
        StoredToken(value=token, expires_at=1.0),
        ConsentResult(selling_partner_id="A1SELLER", state="state-0123456789", code="code-0123456789"),
        refused.value,
        forbidden,
    ]

    for thing in shown:
        text = f"{thing!r} {thing!s}"
        assert amazon.leaked(text) == [], type(thing).__name__
        assert "wrong0123456789" not in text
        assert "code-0123456789" not in text


def _forbidden(seller, tokens):
    with httpx.Client(base_url=seller.base_url, auth=SpApiAuth(seller, tokens=tokens)) as client:
        response = client.request(**get_order.request_kwargs(order_id="1"))
    return api_error_from_response(response, operation="orders_v0.getOrder")
