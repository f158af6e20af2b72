"""Restricted Data Tokens: fetched through the Tokens API once per resource, reused until near expiry."""

import asyncio

import attrs
import httpx
from seller_central.auth import TOKEN_HEADER, SpApiAuth
from selling_partner_api.merchant_fulfillment_v0.api import get_shipment
from selling_partner_api.orders_v0.api import get_order, get_order_address

PII = ("buyerInfo", "shippingAddress")


def _with(kwargs, **extensions):
    kwargs["extensions"] = {**kwargs["extensions"], **extensions}
    return kwargs


def test_one_rdt_serves_every_order_of_an_always_restricted_operation(amazon, seller, sp_api):
    """getOrderAddress for three orders costs one RDT, for the generic path, asked with the seller token."""
    client = sp_api(seller)

    responses = [client.request(**get_order_address.request_kwargs(order_id=o)) for o in ("A", "B", "C")]

    assert {r.status_code for r in responses} == {200}
    (rdt_request,) = amazon.rdt_requests()
    assert rdt_request.json == {
        "restrictedResources": [{"method": "GET", "path": "/orders/v0/orders/{orderId}/address"}]
    }
    assert amazon.issued[rdt_request.headers[TOKEN_HEADER]].kind == "seller"
    sent = {r.headers[TOKEN_HEADER] for r in amazon.sp_requests("/orders/")}
    assert len(sent) == 1
    assert sent.pop().startswith("Atz.sprdt|")


def test_rdt_is_reused_until_a_minute_before_it_expires(amazon, seller, sp_api, clock):
    """The RDT is sent again while it has more than 60 s left, and a new one is fetched after that."""
    client = sp_api(seller)
    first = client.request(**get_shipment.request_kwargs(shipment_id="S1")).request.headers[TOKEN_HEADER]

    clock.advance(3600 - 61)
    still = client.request(**get_shipment.request_kwargs(shipment_id="S2")).request.headers[TOKEN_HEADER]
    clock.advance(2)
    renewed = client.request(**get_shipment.request_kwargs(shipment_id="S3"))

    assert still == first
    assert renewed.status_code == 200
    assert renewed.request.headers[TOKEN_HEADER] != first
    assert len(amazon.rdt_requests()) == 2


def test_data_elements_get_one_rdt_per_order_and_elements(amazon, seller, sp_api):
    """getOrder with PII data elements gets an RDT for that order's path, reused for the same order only."""
    client = sp_api(seller)

    for order in ("A", "A", "B"):
        response = client.request(
            **_with(get_order.request_kwargs(order_id=order), **{"sp_api.data_elements": PII})
        )
        assert response.status_code == 200

    bodies = [r.json["restrictedResources"] for r in amazon.rdt_requests()]
    assert bodies == [
        [{"method": "GET", "path": "/orders/v0/orders/A", "dataElements": ["buyerInfo", "shippingAddress"]}],
        [{"method": "GET", "path": "/orders/v0/orders/B", "dataElements": ["buyerInfo", "shippingAddress"]}],
    ]


def test_get_order_without_data_elements_uses_the_seller_token(amazon, seller, sp_api):
    """getOrder without data elements needs no RDT: the seller's token is sent."""
    response = sp_api(seller).request(**get_order.request_kwargs(order_id="A"))

    assert response.status_code == 200
    assert amazon.rdt_requests() == []
    assert amazon.issued[response.request.headers[TOKEN_HEADER]].kind == "seller"


def test_turning_rdts_off_sends_the_seller_token_to_restricted_operations(amazon, seller, sp_api):
    """With restricted_data_tokens=False no RDT is fetched; the call carries the seller token."""
    response = sp_api(seller, restricted_data_tokens=False).request(
        **get_order_address.request_kwargs(order_id="A")
    )

    assert response.status_code == 403
    assert amazon.rdt_requests() == []
    assert response.request.headers[TOKEN_HEADER].startswith("Atza|")


def test_callers_own_rdt_is_sent_as_it_is(amazon, seller, sp_api):
    """An RDT the caller supplies is sent unchanged, with no LWA or Tokens API request."""
    kwargs = _with(
        get_order_address.request_kwargs(order_id="A"), **{"sp_api.rdt": {"token": "Atz.sprdt|mine-0123"}}
    )

    response = sp_api(seller).request(**kwargs)

    assert response.request.headers[TOKEN_HEADER] == "Atz.sprdt|mine-0123"
    assert amazon.requests[0].headers[TOKEN_HEADER] == "Atz.sprdt|mine-0123"
    assert amazon.lwa_requests() == []
    assert amazon.rdt_requests() == []


def test_raw_request_asks_for_an_rdt_for_its_own_path(amazon, seller, sp_api):
    """A raw request flagged for an RDT gets one for exactly its method and path."""
    kwargs = {
        "method": "GET",
        "url": "/orders/v0/orders/RAW-1/address",
        "extensions": {"sp_api.rdt": {"method": "GET", "path": "/orders/v0/orders/RAW-1/address"}},
    }

    response = sp_api(seller).request(**kwargs)

    assert response.status_code == 200
    (rdt_request,) = amazon.rdt_requests()
    assert rdt_request.json == {
        "restrictedResources": [{"method": "GET", "path": "/orders/v0/orders/RAW-1/address"}]
    }


def test_expired_rdt_is_replaced_and_the_call_retried(amazon, seller, sp_api):
    """An RDT refused as expired is fetched anew (with a new seller token) and the call sent again."""
    client = sp_api(seller)
    client.request(**get_shipment.request_kwargs(shipment_id="S1"))
    amazon.expire_all()

    response = client.request(**get_shipment.request_kwargs(shipment_id="S2"))

    assert response.status_code == 200
    assert len(amazon.sp_requests("/mfn/v0/shipments/S2")) == 2
    assert len(amazon.rdt_requests()) == 3  # the first, one refused with the dead seller token, the new one
    assert len(amazon.lwa_requests()) == 2


def test_fifty_tasks_share_one_rdt(amazon, seller, make_tokens):
    """Fifty concurrent restricted calls from asyncio tasks cause one LWA and one RDT request."""
    tokens = make_tokens(seller)

    async def run():
        auth = SpApiAuth(seller, tokens=tokens)
        async with httpx.AsyncClient(base_url=seller.base_url, auth=auth) as client:
            calls = (client.request(**get_shipment.request_kwargs(shipment_id=f"S{i}")) for i in range(50))
            responses = await asyncio.gather(*calls)
        await tokens.aclose()
        return responses

    responses = asyncio.run(run())

    assert {r.status_code for r in responses} == {200}
    assert len(amazon.rdt_requests()) == 1
    assert len(amazon.lwa_requests()) == 1


def test_sandbox_connection_still_fetches_rdts(amazon, seller, sp_api):
    """A restricted operation on a sandbox connection still goes through the Tokens API first."""
    sandbox = attrs.evolve(seller, is_sandbox=True)

    response = sp_api(sandbox).request(**get_order_address.request_kwargs(order_id="TEST_CASE_200"))

    assert response.status_code == 200
    assert len(amazon.rdt_requests()) == 1
