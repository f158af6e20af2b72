"""Raw Request on the wire (sync and async clients): paths only, every spec input, nothing leaves the host."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest
from seller_central.errors import BadRequestError, ClientClosedError, InvalidInputError, WrongConnectionError

ORDERS = "/orders/v0/orders"
US = "ATVPDKIKX0DER"


def test_get_with_query(api, wire):
    """A GET goes to the endpoint, merges the URL's query with Query Parameter and comma-joins lists."""
    wire.json("GET", ORDERS, {"payload": {"Orders": []}})
    result = api.call(
        "raw_request",
        url=f"{ORDERS}?CreatedAfter=2026-11-01T00:00:00Z",
        method="get",
        query_parameter={"MarketplaceIds": [US, "A2EUQ1WTGCTBG2"], "MaxResultsPerPage": 5},
    )
    assert (wire.last.method, wire.last.url.host, wire.last.url.path) == (
        "GET",
        "sellingpartnerapi-na.amazon.com",
        ORDERS,
    )
    assert wire.query() == {
        "CreatedAfter": ["2026-11-01T00:00:00Z"],
        "MarketplaceIds": [f"{US},A2EUQ1WTGCTBG2"],
        "MaxResultsPerPage": ["5"],
    }
    assert result == {"payload": {"Orders": []}}
    assert wire.last.headers["x-amz-access-token"] == "Atza|test-access"


def test_query_pairs_repeat_a_key(api, wire):
    """Query Parameter as [key, value] pairs keeps their order and repeats a repeated key."""
    wire.json("GET", "/things", {})
    api.call(
        "raw_request", url="/things", method="GET", query_parameter=[["a", "1"], ["b", True], ["a", "2"]]
    )
    assert wire.last.url.query == b"a=1&a=2&b=true"


def test_post_json_data(api, wire):
    """Data is sent as a JSON body, whether given as an object or as JSON text."""
    wire.json(
        "POST",
        "/feeds/2021-06-30/documents",
        {"feedDocumentId": "d", "url": "https://s3.example/d"},
        status=201,
    )
    body = {"contentType": "text/xml; charset=UTF-8"}
    for data in (body, json.dumps(body)):
        result = api.call("raw_request", url="/feeds/2021-06-30/documents", method="POST", data=data)
        assert wire.body() == body
        assert wire.last.headers["content-type"] == "application/json"
        assert result == {"feedDocumentId": "d", "url": "https://s3.example/d"}


def test_headers_pass_through(api, wire):
    """Header values are sent, while auth still sets the access token."""
    wire.json("GET", "/things", {})
    api.call(
        "raw_request",
        url="/things",
        method="GET",
        header={"x-amzn-shipping-business-id": "AmazonShipping_US"},
    )
    assert wire.last.headers["x-amzn-shipping-business-id"] == "AmazonShipping_US"
    assert wire.last.headers["x-amz-access-token"] == "Atza|test-access"


def test_cookies_an_answer_sets_are_not_sent_back(api, wire):
    """SP-API authenticates with tokens: a Set-Cookie (a load balancer's, say) is never replayed."""
    wire.json("GET", "/things", {}, **{"set-cookie": "AWSALB=sticky; Path=/"})
    wire.json("GET", "/feeds/2021-06-30/feeds/1", {"feedId": "1"})
    api.call_many(("raw_request", {"url": "/things", "method": "GET"}), ("get_feed", {"feed_id": "1"}))
    assert len(wire.requests) == 2
    assert all("cookie" not in request.headers for request in wire.requests)


def test_a_cookie_header_given_as_input_is_sent(api, wire):
    """Not keeping cookies does not stop a caller from sending one on purpose (a Header input)."""
    wire.json("GET", "/things", {})
    api.call("raw_request", url="/things", method="GET", header={"Cookie": "session=abc"})
    assert wire.last.headers["cookie"] == "session=abc"


def test_a_closed_client_refuses_to_send(api, wire):
    """After close() (or the end of its with block), a call raises ClientClosedError and sends nothing."""
    wire.json("GET", "/things", {})
    if api.mode == "sync":
        client = api._sync()
        client.close()
        with pytest.raises(ClientClosedError, match="closed"):
            client.raw_request(url="/things", method="GET")
    else:

        async def run() -> None:
            client = api._async()
            await client.aclose()
            await client.raw_request(url="/things", method="GET")

        with pytest.raises(ClientClosedError, match="closed"):
            asyncio.run(run())
    assert (wire.requests, wire.token_requests) == ([], [])


def test_binary_response_returns_bytes(api, wire):
    """Response Type binary returns the body's exact bytes."""
    pdf = b"%PDF-1.7\n\x00\xff\xfe binary"
    wire.route("GET", "/label", httpx.Response(200, content=pdf, headers={"content-type": "application/pdf"}))
    assert api.call("raw_request", url="/label", method="GET", response_type="binary") == pdf


def test_text_response_returns_text(api, wire):
    """Response Type text returns the body as a string, even when it is not JSON."""
    wire.route("GET", "/report", httpx.Response(200, text="sku\tqty\nA\t1\n"))
    assert api.call("raw_request", url="/report", method="GET", response_type="text") == "sku\tqty\nA\t1\n"


def test_json_response_may_be_empty(api, wire):
    """Response Type json returns None for an empty body (a 204, a DELETE)."""
    wire.json("DELETE", "/feeds/2021-06-30/feeds/1", status=200)
    assert api.call("raw_request", url="/feeds/2021-06-30/feeds/1", method="DELETE") is None


def test_error_status_raises(api, wire):
    """An error status raises the matching APIError with SP-API's errors[]."""
    wire.json("GET", "/things", {"errors": [{"code": "InvalidInput", "message": "bad"}]}, status=400)
    with pytest.raises(BadRequestError, match="InvalidInput"):
        api.call("raw_request", url="/things", method="GET")


def test_form_data_is_multipart(api, wire):
    """Form Data alone is sent as multipart/form-data fields."""
    wire.json("POST", "/upload", {})
    api.call("raw_request", url="/upload", method="POST", form_data={"name": "value", "count": 2})
    assert wire.last.headers["content-type"].startswith("multipart/form-data; boundary=")
    content = wire.last.content
    assert b'name="name"\r\n\r\nvalue\r\n' in content
    assert b'name="count"\r\n\r\n2\r\n' in content


def test_file_data_with_names(api, wire):
    """File Data goes out as multipart files named by File Data File Names, beside the Form Data fields."""
    wire.json("POST", "/upload", {})
    api.call(
        "raw_request",
        url="/upload",
        method="POST",
        form_data={"kind": "label"},
        file_data={"document": b"%PDF", "note": "hello"},
        file_data_file_names={"document": "label.pdf"},
    )
    content = wire.last.content
    assert b'name="kind"\r\n\r\nlabel\r\n' in content
    assert (
        b'name="document"; filename="label.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n' in content
    )
    assert b'name="note"; filename="note"' in content


def test_retry_inputs_reach_the_retry_layer(api, wire):
    """The retry inputs travel in the sp_api.retry extension, and Max Retry Count retries an error."""
    wire.route(
        "GET",
        "/things",
        httpx.Response(400, json={"errors": [{"code": "X", "message": "once"}]}),
        httpx.Response(200, json={"ok": True}),
    )
    result = api.call(
        "raw_request",
        url="/things",
        method="GET",
        max_retry_count=2,
        retry_on_all_errors=True,
        retry_delay_ms=10,
    )
    assert result == {"ok": True}
    assert len(wire.requests) == 2
    retry = wire.last.extensions["sp_api.retry"]
    assert (retry["max_retries"], retry["retry_delay_ms"], retry["retry_on_all_errors"]) == (2, 10, True)
    assert retry["exponential_backoff"] is False


def test_defaults_do_not_retry_client_errors(api, wire):
    """By default (Max Retry Count 0, Retry On All Errors false) a 400 is not retried."""
    wire.json("GET", "/things", {"errors": [{"code": "X", "message": "no"}]}, status=400)
    with pytest.raises(BadRequestError):
        api.call("raw_request", url="/things", method="GET")
    assert len(wire.requests) == 1


def test_known_path_is_matched_to_its_operation(api, wire):
    """A path of a known operation carries its operation key, so limits and retries use its usage plan."""
    wire.json("GET", "/feeds/2021-06-30/feeds/42", {"feedId": "42"})
    api.call("raw_request", url="/feeds/2021-06-30/feeds/42", method="GET")
    assert wire.last.extensions["sp_api.operation"] == "feeds_2021_06_30.getFeed"


def test_restricted_data_token_option(api, wire):
    """With Use Restricted Data Token, an RDT is fetched for the method and path and sent instead."""
    path = "/orders/v0/orders/902-3159896-1390916/address"
    wire.json("GET", path, {"payload": {}})
    api.call(
        "raw_request",
        url=path,
        method="GET",
        use_restricted_data_token=True,
        data_elements=["shippingAddress"],
    )
    (rdt_request,) = wire.rdt_requests
    assert rdt_request["restrictedResources"] == [
        {"method": "GET", "path": path, "dataElements": ["shippingAddress"]}
    ]
    assert wire.last.headers["x-amz-access-token"] == "Atz.sprdt|test-rdt"


def test_debug_request_logs_without_the_token(api, wire, caplog):
    """Debug Request logs the method and path, never the access token."""
    wire.json("GET", "/things", {})
    with caplog.at_level(logging.INFO, logger="seller_central"):
        api.call("raw_request", url="/things", method="GET", debug_request=True)
    assert "GET" in caplog.text
    assert "/things" in caplog.text
    assert "Atza|test-access" not in caplog.text


def test_each_exchange_is_logged_at_debug_without_secrets(api, wire, caplog):
    """seller_central.http logs one DEBUG line per exchange: method, URL, status, Amazon's request id."""
    wire.json("GET", "/things", {}, **{"x-amzn-RequestId": "req-123"})
    with caplog.at_level(logging.DEBUG, logger="seller_central.http"):
        api.call("raw_request", url="/things", method="GET", query_parameter={"a": "1"})
    lines = [r.getMessage() for r in caplog.records if r.name == "seller_central.http"]
    assert len(lines) == 1
    assert lines[0].startswith("GET https://sellingpartnerapi-na.amazon.com/things?a=1 -> HTTP 200 in ")
    assert lines[0].endswith("(request id req-123)")
    assert "Atza|test-access" not in caplog.text


def test_grantless_connection_refuses_a_seller_path(grantless_api, wire):
    """On a client-credentials connection, a known non-grantless path is refused before sending."""
    with pytest.raises(WrongConnectionError):
        grantless_api.call("raw_request", url=ORDERS, method="GET")
    assert wire.requests == []


# -- refused before anything is sent -------------------------------------------------------------------------

BAD_INPUTS = [
    ({"url": "https://evil.example/orders/v0/orders"}, "URL"),
    ({"url": "//evil.example/orders/v0/orders"}, "URL"),
    ({"url": "http://sellingpartnerapi-na.amazon.com.evil.example/x"}, "URL"),
    ({"url": "orders/v0/orders"}, "URL"),
    ({"url": "/\\evil.example/x"}, "URL"),
    ({"url": "/orders v0"}, "URL"),
    ({"url": ""}, "URL"),
    ({"method": "FETCH"}, "Method"),
    ({"method": 3}, "Method"),
    ({"method": "POST", "data": "{not json"}, "Data"),
    ({"method": "POST", "data": 42}, "Data"),
    ({"method": "GET", "data": {"a": 1}}, "Data"),
    ({"method": "POST", "data": {"a": 1}, "form_data": {"b": "2"}}, "Data"),
    ({"method": "POST", "form_data": {"b": object()}}, "Form Data"),
    ({"method": "POST", "file_data": {"f": 12}}, "File Data"),
    (
        {"method": "POST", "file_data": {"f": b"x"}, "file_data_file_names": {"g": "g.txt"}},
        "File Data File Names",
    ),
    ({"method": "POST", "file_data_file_names": {"f": "f.txt"}}, "File Data File Names"),
    ({"query_parameter": 7}, "Query Parameter"),
    ({"query_parameter": [["only-key"]]}, "Query Parameter"),
    ({"query_parameter": {"": "x"}}, "Query Parameter"),
    ({"header": {"x-amz-access-token": "Atza|stolen"}}, "Header"),
    ({"header": {"Authorization": "Bearer x"}}, "Header"),
    ({"header": [["Host", "evil.example"]]}, "Header"),
    ({"header": {"x-a": None}}, "Header"),
    ({"response_type": "xml"}, "Response Type"),
    ({"timeout": 0}, "Timeout"),
    ({"timeout": "soon"}, "Timeout"),
    ({"debug_request": "loud"}, "Debug Request"),
    ({"retry_delay_ms": -1}, "Retry Delay (ms)"),
    ({"retry_on_all_errors": "sometimes"}, "Retry On All Errors"),
    ({"max_retry_count": -1}, "Max Retry Count"),
    ({"max_retry_count": 11}, "Max Retry Count"),
    ({"use_exponential_backoff": 2}, "Use Exponential Backoff"),
    ({"data_elements": ["buyerInfo"]}, "Data Elements"),
    ({"use_restricted_data_token": True, "data_elements": ["creditCard"]}, "Data Elements"),
]


@pytest.mark.parametrize(("inputs", "label"), BAD_INPUTS)
def test_bad_input_is_refused_before_sending(api, wire, inputs, label):
    """Each invalid input raises InvalidInputError naming its label; no request (not even a token) is sent."""
    given = {"url": "/things", "method": "GET", **inputs}
    with pytest.raises(InvalidInputError) as caught:
        api.call("raw_request", **given)
    assert caught.value.label == label
    assert label in str(caught.value)
    assert (wire.requests, wire.token_requests, wire.rdt_requests) == ([], [], [])


def test_refusal_does_not_echo_the_url(api, wire):
    """Refusing an absolute URL does not repeat it (it may carry a signature) in the message."""
    with pytest.raises(InvalidInputError) as caught:
        api.call("raw_request", url="https://evil.example/x?X-Amz-Signature=secret", method="GET")
    assert "secret" not in str(caught.value)
    assert "evil.example" not in str(caught.value)
