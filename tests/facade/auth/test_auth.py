"""SpApiAuth: which token each request carries, where it may go, and the one retry."""

import asyncio

import httpx
import pytest
from seller_central.auth import EXT_CREDENTIAL, TOKEN_HEADER, USER_AGENT, SpApiAuth, token_was_refused
from seller_central.errors import ForbiddenError, UnexpectedResponseError
from selling_partner_api.merchant_fulfillment_v0.api import get_shipment
from selling_partner_api.notifications_v1.api import create_destination, get_destinations
from selling_partner_api.orders_v0.api import get_order, get_order_address, get_order_items

EXPIRED = {
    "errors": [
        {
            "code": "Unauthorized",
            "message": "Access to requested resource is denied.",
            "details": "The access token you provided has expired.",
        }
    ]
}


def _with(kwargs, **extensions):
    kwargs["extensions"] = {**kwargs["extensions"], **extensions}
    return kwargs


def test_seller_operation_carries_the_seller_token_and_credential(wire, seller, client):
    """A plain operation carries the seller's LWA token and, for the limiter, the seller's credential id."""
    response = client(seller).request(**get_order.request_kwargs(order_id="1"))

    assert response.request.headers[TOKEN_HEADER] == "Atza|token-1"
    assert response.request.extensions[EXT_CREDENTIAL] == seller.credential_id
    assert wire.lwa()[0]["grant_type"] == "refresh_token"


def test_user_agent_names_the_library_unless_the_caller_set_one(seller, client):
    """httpx's default user agent is replaced by seller-central's; a caller's own is kept."""
    http = client(seller)

    ours = http.request(**get_order.request_kwargs(order_id="1")).request.headers["user-agent"]
    theirs = http.request(**get_order.request_kwargs(order_id="2"), headers={"user-agent": "my-app/2.0"})

    assert ours == USER_AGENT
    assert ours.startswith("seller-central/")
    assert "Language=Python" in ours
    assert theirs.request.headers["user-agent"] == "my-app/2.0"


def test_grantless_operation_on_oauth_connection_uses_a_scoped_token(wire, seller, client):
    """createDestination on an OAuth connection carries a notifications-scoped grantless token."""
    body = {"name": "queue", "resourceSpecification": {"sqs": {"arn": "arn:aws:sqs:us-east-1:1:q"}}}

    response = client(seller).request(**create_destination.request_kwargs(body=body))

    (form,) = wire.lwa()
    assert form["grant_type"] == "client_credentials"
    assert form["scope"] == "sellingpartnerapi::notifications"
    assert response.request.extensions[EXT_CREDENTIAL] == seller.application_identity()


def test_client_credentials_connection_sends_its_own_token(wire, application, client):
    """On a client-credentials connection every request carries the client-credentials token of its Scopes."""
    response = client(application).request(**get_destinations.request_kwargs())

    (form,) = wire.lwa()
    assert form["scope"] == "sellingpartnerapi::notifications"
    assert response.request.headers[TOKEN_HEADER] == "Atza|token-1"
    assert response.request.extensions[EXT_CREDENTIAL] == application.application_identity()


@pytest.mark.parametrize(
    "url",
    [
        "https://tortuga-prod-na.s3.amazonaws.com/report?X-Amz-Signature=abc",
        "https://sellingpartnerapi-na.amazon.com:8443/orders/v0/orders/1",
        "http://sellingpartnerapi-na.amazon.com/orders/v0/orders/1",
        "https://sellingpartnerapi-eu.amazon.com/orders/v0/orders/1",
    ],
    ids=["presigned", "other-port", "plain-http", "other-region"],
)
def test_no_token_leaves_for_any_other_origin(wire, seller, client, url):
    """Requests to another host, port or scheme than the connection's carry no token and ask for none."""
    response = client(seller).get(url)

    assert TOKEN_HEADER not in response.request.headers
    assert EXT_CREDENTIAL not in response.request.extensions
    assert wire.lwa() == []


def test_always_restricted_operation_uses_one_rdt_for_its_generic_path(wire, seller, client):
    """getShipment fetches one RDT for /mfn/v0/shipments/{shipmentId} and sends it for every shipment."""
    http = client(seller)

    first = http.request(**get_shipment.request_kwargs(shipment_id="S1"))
    second = http.request(**get_shipment.request_kwargs(shipment_id="S2"))

    assert wire.rdt_bodies() == [
        {"restrictedResources": [{"method": "GET", "path": "/mfn/v0/shipments/{shipmentId}"}]}
    ]
    assert first.request.headers[TOKEN_HEADER] == second.request.headers[TOKEN_HEADER]
    assert first.request.headers[TOKEN_HEADER].startswith("Atz.sprdt|")
    rdt_request = next(r for r in wire.requests if r.url.path.endswith("/restrictedDataToken"))
    assert rdt_request.headers[TOKEN_HEADER] == "Atza|token-1"
    assert rdt_request.extensions[EXT_CREDENTIAL] == seller.credential_id


def test_data_elements_rdt_names_the_concrete_path_and_elements(wire, seller, client):
    """getOrderItems with data elements asks for an RDT on that order's path with those elements."""
    kwargs = _with(
        get_order_items.request_kwargs(order_id="902-1"), **{"sp_api.data_elements": ("buyerInfo",)}
    )

    client(seller).request(**kwargs)

    assert wire.rdt_bodies() == [
        {
            "restrictedResources": [
                {"method": "GET", "path": "/orders/v0/orders/902-1/orderItems", "dataElements": ["buyerInfo"]}
            ]
        }
    ]


def test_rdt_request_keeps_the_calls_timeout(wire, seller, client):
    """The RDT request is sent with the timeout of the call that needed it."""
    client(seller).request(**get_order_address.request_kwargs(order_id="1"), timeout=7.5)

    rdt_request = next(r for r in wire.requests if r.url.path.endswith("/restrictedDataToken"))
    assert rdt_request.extensions["timeout"]["read"] == 7.5


def test_refused_rdt_request_raises_an_api_error_and_skips_the_call(wire, seller, client):
    """A Tokens API refusal (missing role) raises a ForbiddenError naming it; the call is not sent."""
    denied = {"errors": [{"code": "Unauthorized", "message": "Access to requested resource is denied."}]}
    wire.on("POST", "/tokens/2021-03-01/restrictedDataToken", httpx.Response(403, json=denied))

    with pytest.raises(ForbiddenError) as caught:
        client(seller).request(**get_order_address.request_kwargs(order_id="1"))

    assert caught.value.operation == "tokens_2021_03_01.createRestrictedDataToken"
    assert wire.sp_api() == []


def test_rdt_answer_without_a_token_is_an_unexpected_response(wire, seller, client):
    """A Tokens API 200 without restrictedDataToken raises UnexpectedResponseError."""
    wire.on("POST", "/tokens/2021-03-01/restrictedDataToken", httpx.Response(200, json={"expiresIn": 3600}))

    with pytest.raises(UnexpectedResponseError):
        client(seller).request(**get_order_address.request_kwargs(order_id="1"))


def test_expired_token_401_is_retried_once_with_a_new_token_and_the_same_body(wire, seller, client):
    """A 401 saying the token expired drops it, fetches a new one and sends the same request body again."""
    answers = iter([httpx.Response(401, json=EXPIRED), httpx.Response(200, json={"payload": {}})])
    wire.on("POST", "/notifications/v1/destinations", lambda _request: next(answers))
    body = {"name": "queue", "resourceSpecification": {"sqs": {"arn": "arn:aws:sqs:us-east-1:1:q"}}}

    response = client(seller).request(**create_destination.request_kwargs(body=body))

    assert response.status_code == 200
    first, second = wire.sp_api()
    assert first.content == second.content
    assert first.headers[TOKEN_HEADER] != second.headers[TOKEN_HEADER]


def test_callers_own_rdt_is_not_retried(wire, seller, client):
    """A caller's RDT refused as expired comes back at once: there is nothing to refresh."""
    wire.on("GET", "/orders/v0/orders/1/address", httpx.Response(403, json=EXPIRED))
    kwargs = _with(
        get_order_address.request_kwargs(order_id="1"), **{"sp_api.rdt": {"token": "Atz.sprdt|own-01234"}}
    )

    response = client(seller).request(**kwargs)

    assert response.status_code == 403
    assert len(wire.sp_api()) == 1
    assert wire.lwa() == []


def test_async_client_gets_the_same_tokens_and_retry(wire, seller, manager):
    """Through httpx.AsyncClient the RDT is fetched, cached, and a refused token is retried once."""
    answers = iter([httpx.Response(403, json=EXPIRED), httpx.Response(200, json={"payload": {}})])
    wire.on("GET", "/orders/v0/orders/1", lambda _request: next(answers))
    tokens = manager(seller)

    async def run():
        auth = SpApiAuth(seller, tokens=tokens)
        async with httpx.AsyncClient(base_url=seller.base_url, auth=auth, transport=wire.transport) as http:
            retried = await http.request(**get_order.request_kwargs(order_id="1"))
            restricted = [
                await http.request(**get_shipment.request_kwargs(shipment_id=s)) for s in ("S1", "S2")
            ]
        await tokens.aclose()
        return retried, restricted

    retried, restricted = asyncio.run(run())

    assert retried.status_code == 200
    assert len(wire.sp_api()) == 4  # two attempts of getOrder, two getShipment
    assert len(wire.rdt_bodies()) == 1
    assert {r.request.headers[TOKEN_HEADER] for r in restricted} == {"Atz.sprdt|rdt-3"}


@pytest.mark.parametrize(
    ("status", "body", "refused"),
    [
        (403, EXPIRED, True),
        (
            401,
            {"errors": [{"code": "Unauthorized", "message": "The access token you provided has expired"}]},
            True,
        ),
        (
            403,
            {
                "errors": [
                    {
                        "code": "Unauthorized",
                        "message": "Access to requested resource is denied.",
                        "details": "The access token you provided is revoked, malformed or invalid.",
                    }
                ]
            },
            True,
        ),
        (
            403,
            {"errors": [{"code": "Unauthorized", "message": "Access to requested resource is denied."}]},
            False,
        ),
        (
            403,
            {
                "errors": [
                    {"code": "AccessDenied", "message": "Access token is missing in the request header"}
                ]
            },
            False,
        ),
        (400, EXPIRED, False),
        (403, "not json at all", False),
    ],
    ids=[
        "expired-details",
        "expired-message",
        "invalid",
        "missing-role",
        "missing-token",
        "not-401-403",
        "html",
    ],
)
def test_token_was_refused_tells_expiry_from_other_denials(status, body, refused):
    """Only a 401/403 whose text says the access token expired or is invalid counts as a refused token."""
    kwargs = {"json": body} if isinstance(body, dict) else {"text": body}

    assert token_was_refused(httpx.Response(status, **kwargs)) is refused


def test_repr_shows_the_host_and_no_secret(seller, manager):
    """The auth's repr names where tokens go and nothing secret."""
    text = repr(SpApiAuth(seller, tokens=manager(seller)))

    assert "sellingpartnerapi-na.amazon.com" in text
    assert seller.client_secret not in text
    assert seller.refresh_token not in text
