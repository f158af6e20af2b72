"""``api.call(key, /, **params)`` and ``api.<package>``: what is checked before sending, and what comes back.

Every mistake is an ``InvalidInputError`` naming the key or the parameter, raised before any request; every
call goes through the client's stack (tokens, retry by idempotency, limits, per-call options, errors).
"""

from __future__ import annotations

import asyncio
import inspect
import json
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
import selling_partner_api
from seller_central.client import AsyncSellerCentral, SellerCentral
from seller_central.connection import OAuthConnection
from seller_central.errors import (
    AmbiguousResultError,
    InvalidInputError,
    NotFoundError,
    ServerError,
    UnexpectedResponseError,
)
from selling_partner_api.namespaces import AsyncNamespaces, Namespaces
from selling_partner_api.reports_2021_06_30.models import CreateReportResponse, CreateReportSpecification
from selling_partner_api.reports_2021_06_30.models import Report as ReportModel

HOST = "https://sellingpartnerapi-na.amazon.com"
TOKEN_URL = "https://api.amazon.com/auth/o2/token"
RDT_PATH = "/tokens/2021-03-01/restrictedDataToken"
REPORT = {
    "reportId": "R1",
    "reportType": "GET_X",
    "createdTime": "2024-01-01T00:00:00Z",
    "processingStatus": "DONE",
}


class Wire:
    """Answers LWA and the Tokens API; SP-API requests get the queued answers of their path (else 404)."""

    def __init__(self) -> None:
        self.sent: list[httpx.Request] = []
        self.rdt: list[Any] = []
        self.lwa: list[dict[str, list[str]]] = []
        self.answers: dict[str, list[httpx.Response]] = {}
        self.timeouts: list[Any] = []

    def on(self, path: str, *responses: httpx.Response) -> None:
        self.answers[path] = list(responses)

    def handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        if str(request.url).startswith(TOKEN_URL):
            self.lwa.append(parse_qs(request.content.decode()))
            return httpx.Response(200, json={"access_token": "Atza|seller", "expires_in": 3600})
        if request.url.path == RDT_PATH:
            self.rdt.append(json.loads(request.content))
            return httpx.Response(200, json={"restrictedDataToken": "Atz.sprdt|rdt", "expiresIn": 3600})
        self.sent.append(request)
        self.timeouts.append(request.extensions.get("timeout"))
        queue = self.answers.get(request.url.path)
        if not queue:
            return httpx.Response(404, json={"errors": [{"code": "NotFound", "message": "no such thing"}]})
        return queue.pop(0) if len(queue) > 1 else queue[0]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


def connection() -> OAuthConnection:
    return OAuthConnection(
        client_id="amzn1.application-oa2-client.call",
        client_secret="amzn1.oa2-cs.v1.call-secret-0123456789",
        refresh_token="Atzr|call-refresh",
    )


@pytest.fixture
def wire() -> Wire:
    return Wire()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def api(wire, clock):
    with SellerCentral(
        connection(), transport=httpx.MockTransport(wire.handle), clock=clock, sleep=clock.sleep
    ) as client:
        yield client


# -- checked before sending -------------------------------------------------------------------------------


def test_an_unknown_key_names_itself_and_the_close_keys(api, wire):
    """A misspelt key raises InvalidInputError (label "key") with the keys it may have meant; nothing is sent."""
    with pytest.raises(InvalidInputError) as caught:
        api.call("reports_2021_06_30.createReprt", body={})

    assert caught.value.label == "key"
    assert "'reports_2021_06_30.createReprt'" in str(caught.value)
    assert "'reports_2021_06_30.createReport'" in str(caught.value)
    assert wire.sent == []
    assert wire.lwa == []


def test_a_key_that_is_not_text_is_refused(api, wire):
    """The key is positional text; anything else is an InvalidInputError."""
    with pytest.raises(InvalidInputError, match="not int"):
        api.call(3)  # type: ignore[arg-type]
    assert wire.sent == []


def test_an_unknown_parameter_names_itself_and_the_close_one(api, wire):
    """marketplace_id for getOrders: the error names it, suggests marketplace_ids and lists the parameters."""
    with pytest.raises(InvalidInputError) as caught:
        api.call("orders_v0.getOrders", marketplace_id=["ATVPDKIKX0DER"])

    assert caught.value.label == "marketplace_id"
    assert "did you mean 'marketplace_ids'?" in str(caught.value)
    assert "created_after" in str(caught.value)
    assert wire.sent == []


def test_the_wire_names_are_not_the_parameters(api, wire):
    """Parameters are the generated request_kwargs' snake_case names, not the model's (MarketplaceIds)."""
    with pytest.raises(InvalidInputError) as caught:
        api.call("orders_v0.getOrders", MarketplaceIds=["ATVPDKIKX0DER"])

    assert caught.value.label == "MarketplaceIds"
    assert wire.sent == []


def test_a_missing_required_parameter_is_named(api, wire):
    """getReport without report_id (or with None) raises, naming report_id; nothing is sent."""
    for given in ({}, {"report_id": None}):
        with pytest.raises(InvalidInputError) as caught:
            api.call("reports_2021_06_30.getReport", **given)
        assert caught.value.label == "report_id"
        assert "required" in str(caught.value)
    assert wire.sent == []


def test_a_body_that_is_neither_a_model_nor_a_dict_is_refused(api, wire):
    """body="..." for createReport: InvalidInputError labelled body."""
    with pytest.raises(InvalidInputError) as caught:
        api.call("reports_2021_06_30.createReport", body='{"reportType": "GET_X"}')

    assert caught.value.label == "body"
    assert wire.sent == []


def test_data_elements_only_where_the_operation_takes_them(api, wire):
    """getOrderAddress is always restricted: data_elements is no parameter of it."""
    with pytest.raises(InvalidInputError) as caught:
        api.call("orders_v0.getOrderAddress", order_id="111-1111111-1111111", data_elements=["buyerInfo"])

    assert caught.value.label == "data_elements"
    assert wire.sent == []


def test_data_elements_must_be_text(api, wire):
    """An empty data element is refused before the RDT request."""
    with pytest.raises(InvalidInputError) as caught:
        api.orders_v0.get_order(order_id="111-1111111-1111111", data_elements=[""])

    assert caught.value.label == "data_elements"
    assert wire.sent == []
    assert wire.rdt == []


def test_a_path_parameter_that_would_address_another_resource_is_refused(api, wire):
    """report_id=".." raises InvalidInputError naming reportId, before sending."""
    with pytest.raises(InvalidInputError) as caught:
        api.reports_2021_06_30.get_report(report_id="..")

    assert caught.value.label == "reportId"
    assert wire.sent == []


# -- bodies -----------------------------------------------------------------------------------------------


def test_a_dict_body_is_sent_as_json_unchanged(api, wire):
    """A dict body goes out as the JSON it is, keys the model does not declare included; the answer is typed."""
    wire.on("/reports/2021-06-30/reports", httpx.Response(202, json={"reportId": "R1"}))
    body = {"reportType": "GET_X", "marketplaceIds": ["ATVPDKIKX0DER"], "someNewField": {"a": 1}}

    result = api.call("reports_2021_06_30.createReport", body=body)

    assert json.loads(wire.sent[-1].content) == body
    assert isinstance(result, CreateReportResponse)
    assert result.report_id == "R1"


def test_a_model_body_is_sent_as_its_json(api, wire):
    """A model body goes out as its to_dict(), through the namespaced method and through call alike."""
    wire.on("/reports/2021-06-30/reports", httpx.Response(202, json={"reportId": "R2"}))
    spec = CreateReportSpecification(report_type="GET_X", marketplace_ids=["ATVPDKIKX0DER"])

    first = api.reports_2021_06_30.create_report(body=spec)
    second = api.call("reports_2021_06_30.createReport", body=spec)

    assert [json.loads(r.content) for r in wire.sent] == [
        {"reportType": "GET_X", "marketplaceIds": ["ATVPDKIKX0DER"]}
    ] * 2
    assert first == second == CreateReportResponse(report_id="R2")


# -- what comes back --------------------------------------------------------------------------------------


def test_the_success_model_alone_and_none_without_a_body(api, wire):
    """getReport returns the Report model; cancelReport (200, no body documented) returns None."""
    wire.on("/reports/2021-06-30/reports/R1", httpx.Response(200, json=REPORT))

    report = api.reports_2021_06_30.get_report(report_id="R1")
    cancelled = api.call("reports_2021_06_30.cancelReport", report_id="R1")

    assert isinstance(report, ReportModel)
    assert report.report_id == "R1"
    assert cancelled is None
    assert [(r.method, r.url.path) for r in wire.sent] == [
        ("GET", "/reports/2021-06-30/reports/R1"),
        ("DELETE", "/reports/2021-06-30/reports/R1"),
    ]


def test_an_error_status_raises_the_api_error(api, wire):
    """A 404 raises NotFoundError naming the operation, through call and through the method."""
    for send in (
        lambda: api.call("reports_2021_06_30.getReport", report_id="R9"),
        lambda: api.reports_2021_06_30.get_report(report_id="R9"),
    ):
        with pytest.raises(NotFoundError) as caught:
            send()
        assert caught.value.operation == "reports_2021_06_30.getReport"


def test_a_null_body_where_a_model_is_documented_raises(api, wire):
    """HTTP 200 with null for getReport is not a success: UnexpectedResponseError, not None."""
    wire.on("/reports/2021-06-30/reports/R1", httpx.Response(200, content=b"null"))

    with pytest.raises(UnexpectedResponseError):
        api.call("reports_2021_06_30.getReport", report_id="R1")


# -- the same stack as the actions -----------------------------------------------------------------------


def test_a_read_is_retried_and_a_state_change_is_not(api, wire):
    """503 then 200: getReport (idempotent) is sent again; createReport is sent once and raises."""
    wire.on("/reports/2021-06-30/reports/R1", httpx.Response(503), httpx.Response(200, json=REPORT))
    wire.on("/reports/2021-06-30/reports", httpx.Response(503), httpx.Response(202, json={"reportId": "R1"}))

    report = api.call("reports_2021_06_30.getReport", report_id="R1")
    with pytest.raises((ServerError, AmbiguousResultError)):
        api.call("reports_2021_06_30.createReport", body={"reportType": "GET_X", "marketplaceIds": ["A"]})

    assert report.report_id == "R1"
    assert [r.method for r in wire.sent] == ["GET", "GET", "POST"]


def test_the_usage_plan_paces_calls(api, wire, clock):
    """createReport's plan is 0.0167/s, burst 15 (one kept spare): the 15th call waits about a minute first."""
    wire.on("/reports/2021-06-30/reports", httpx.Response(202, json={"reportId": "R1"}))
    for _ in range(14):
        api.reports_2021_06_30.create_report(body={"reportType": "GET_X", "marketplaceIds": ["A"]})
    assert sum(clock.waits) == 0

    api.call("reports_2021_06_30.createReport", body={"reportType": "GET_X", "marketplaceIds": ["A"]})

    assert 55 < sum(clock.waits) < 65


def test_a_restricted_operation_asks_for_its_rdt_and_data_elements_for_theirs(api, wire):
    """getOrderAddress fetches an RDT for its generic path; getOrder asks for the data elements given."""
    wire.on("/orders/v0/orders/111-1111111-1111111/address", httpx.Response(200, json={"payload": {}}))
    wire.on("/orders/v0/orders/111-1111111-1111111", httpx.Response(200, json={"payload": {}}))

    api.orders_v0.get_order_address(order_id="111-1111111-1111111")
    api.call("orders_v0.getOrder", order_id="111-1111111-1111111")
    api.call(
        "orders_v0.getOrder", order_id="111-1111111-1111111", data_elements=["buyerInfo", "shippingAddress"]
    )

    assert [body["restrictedResources"] for body in wire.rdt] == [
        [{"method": "GET", "path": "/orders/v0/orders/{orderId}/address"}],
        [
            {
                "method": "GET",
                "path": "/orders/v0/orders/111-1111111-1111111",
                "dataElements": ["buyerInfo", "shippingAddress"],
            }
        ],
    ]
    tokens = [r.headers["x-amz-access-token"] for r in wire.sent]
    assert tokens == ["Atz.sprdt|rdt", "Atza|seller", "Atz.sprdt|rdt"]


def test_per_call_options_reach_the_namespaced_methods(api, wire):
    """api.with_options(timeout=5).<package>.<operation>() and .call() send with that timeout."""
    wire.on("/reports/2021-06-30/reports/R1", httpx.Response(200, json=REPORT))
    view = api.with_options(timeout=5)

    view.reports_2021_06_30.get_report(report_id="R1")
    view.call("reports_2021_06_30.getReport", report_id="R1")
    api.reports_2021_06_30.get_report(report_id="R1")

    assert [t["read"] for t in wire.timeouts] == [5, 5, 60.0]


def test_the_async_client_sends_the_same(wire):
    """await aapi.call(...) and await aapi.<package>.<operation>(...) return the same typed model."""
    wire.on("/reports/2021-06-30/reports/R1", httpx.Response(200, json=REPORT))

    async def run() -> list[Any]:
        async with AsyncSellerCentral(connection(), transport=httpx.MockTransport(wire.handle)) as aapi:
            return [
                await aapi.call("reports_2021_06_30.getReport", report_id="R1"),
                await aapi.reports_2021_06_30.get_report(report_id="R1"),
            ]

    first, second = asyncio.run(run())

    assert isinstance(first, ReportModel)
    assert first == second
    assert len(wire.sent) == 2


def test_every_package_is_a_namespace_of_both_clients_and_shadows_nothing():
    """Each subpackage name resolves to the generated property on both clients (no method of ours clashes)."""
    for package in selling_partner_api.PACKAGES:
        assert inspect.getattr_static(SellerCentral, package) is Namespaces.__dict__[package]
        assert inspect.getattr_static(AsyncSellerCentral, package) is AsyncNamespaces.__dict__[package]
    assert len(selling_partner_api.PACKAGES) == 66


def test_pages_by_key_check_the_parameters_as_call_does(api, wire):
    """api.pages(key, ...) refuses a misspelt parameter (report_type for report_types) before sending."""
    with pytest.raises(InvalidInputError) as caught:
        api.pages("reports_2021_06_30.getReports", report_type=["GET_X"])

    assert caught.value.label == "report_type"
    assert "did you mean 'report_types'?" in str(caught.value)
    assert wire.sent == []
