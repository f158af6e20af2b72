"""Raw Request against recorded sandbox exchanges: the body comes back parsed per Response Type."""

from __future__ import annotations

import json

import pytest

# Replays may not open a socket; recording (any other record mode) may.
pytestmark = [pytest.mark.vcr, pytest.mark.block_network]

TOKEN = "POST /auth/o2/token"
RDT = "POST /tokens/2021-03-01/restrictedDataToken"


def test_raw_request(api):
    """A raw GET with query parameters returns the sandbox's orders as parsed JSON."""
    body = api.call(
        "raw_request",
        url="/orders/v0/orders",
        method="GET",
        query_parameter={"MarketplaceIds": ["ATVPDKIKX0DER"], "CreatedAfter": "TEST_CASE_200"},
    )

    assert isinstance(body, dict)
    assert [order["AmazonOrderId"] for order in body["payload"]["Orders"]] == [
        "902-1845936-5435065",
        "902-8745147-1934268",
    ]
    assert api.exchanges() == [TOKEN, "GET /orders/v0/orders"]


def test_raw_request_with_restricted_data_token(api):
    """A raw GET with Use Restricted Data Token fetches an RDT for its path and returns the address."""
    body = api.call(
        "raw_request",
        url="/orders/v0/orders/TEST_CASE_200/address",
        method="GET",
        use_restricted_data_token=True,
    )

    assert body["payload"]["ShippingAddress"]["City"] == "SEATTLE"
    assert api.exchanges() == [TOKEN, RDT, "GET /orders/v0/orders/TEST_CASE_200/address"]
    rdt_request = json.loads(api.cassette.requests[1].body)
    assert rdt_request["restrictedResources"] == [
        {"method": "GET", "path": "/orders/v0/orders/TEST_CASE_200/address"}
    ]


def test_raw_request_posts_json_and_returns_text(api):
    """A raw POST sends its Data as JSON and, with Response Type text, returns the body as text."""
    text = api.call(
        "raw_request",
        url="/feeds/2021-06-30/documents",
        method="POST",
        data={"contentType": "text/tab-separated-values; charset=UTF-8"},
        response_type="text",
    )

    assert isinstance(text, str)
    assert json.loads(text)["feedDocumentId"] == "3d4e42b5-1d6e-44e8-a89c-2abfca0625bb"
    assert api.statuses() == [200, 201]
