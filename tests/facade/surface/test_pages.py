"""``pages``/``items`` for every paginated operation, walked over two pages of a fake SP-API.

The fake answers page 1 with a next token at the place the operation table says the response carries it, and
page 2 without one; each test then checks that page 2's request carried the token in the operation's token
parameter and followed its page-2 rule (the first page's arguments again, or the token alone with the
arguments the rule keeps and the values it sets). Every entry of the table is covered, the exceptions too.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
import selling_partner_api
from seller_central import operations
from seller_central.client import AsyncSellerCentral, SellerCentral
from seller_central.errors import InvalidInputError

from tests.facade.actions.conftest import TOKEN_URL, oauth_connection

ROOT = Path(selling_partner_api.__file__).parent
PAGINATED = [op for op in operations.all_operations() if op.pagination is not None]
ITERABLE = [op for op in PAGINATED if op.pagination is not None and op.pagination.iterable]
NOT_ITERABLE = [op for op in PAGINATED if op.pagination is not None and not op.pagination.iterable]
TOKEN = "page-2-token"


def _described(key: str) -> dict[str, Any]:
    package, operation_id = key.split(".")
    data = json.loads((ROOT / "_describe" / f"{package}.json").read_text(encoding="utf-8"))
    return data["operations"][operation_id]  # type: ignore[no-any-return]


def _value(parameter: dict[str, Any]) -> Any:
    """A valid value for a parameter of the model's type (the first enum value where there is one)."""
    kind = parameter["type"]
    enum = parameter.get("enum")
    if kind.startswith("array of"):
        return [enum[0] if enum else "A1"]
    if enum:
        return enum[0]
    return {
        "date-time": "2026-01-01T00:00:00Z",
        "date": "2026-01-01",
        "integer": 10,
        "int32": 10,
        "int64": 10,
        "number": 1.5,
        "double": 1.5,
        "float": 1.5,
        "boolean": True,
    }.get(kind, "v1")


def first_page_arguments(op: operations.Operation) -> dict[str, Any]:
    """Every parameter of the operation but its page token (so a dropped one shows), and a body if it takes one."""
    assert op.pagination is not None
    arguments = {
        p["python_name"]: _value(p)
        for p in _described(op.key)["parameters"]
        if p["python_name"] != op.pagination.argument
    }
    if _described(op.key)["body"]:
        arguments["body"] = {}
    return arguments


def nested(path: str, value: Any) -> dict[str, Any]:
    """``nested("payload.NextToken", "t")`` -> ``{"payload": {"NextToken": "t"}}``."""
    body: Any = value
    for part in reversed(path.split(".")):
        body = {part: body}
    return body  # type: ignore[no-any-return]


def merge(left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    out = dict(left)
    for key, value in right.items():
        out[key] = (
            merge(out[key], value) if isinstance(out.get(key), dict) and isinstance(value, dict) else value
        )
    return out


class TwoPages:
    """A fake SP-API that answers one operation: page 1 with a next token, page 2 without."""

    def __init__(self, op: operations.Operation) -> None:
        assert op.pagination is not None
        assert op.pagination.response_token is not None
        self.pagination = op.pagination
        self.requests: list[httpx.Request] = []

    def page(self, *, last: bool) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if self.pagination.items:
            body = nested(self.pagination.items, [{}])
        if not last:
            assert self.pagination.response_token is not None
            body = merge(body, nested(self.pagination.response_token, TOKEN))
        return body

    def handler(self, request: httpx.Request) -> httpx.Response:
        if str(request.url).startswith(TOKEN_URL):
            return httpx.Response(
                200, json={"access_token": "Atza|t", "token_type": "bearer", "expires_in": 3600}
            )
        self.requests.append(request)
        return httpx.Response(200, json=self.page(last=len(self.requests) > 1))

    def query(self, index: int) -> dict[str, list[str]]:
        return parse_qs(self.requests[index].url.query.decode(), keep_blank_values=True)


def walk(fake: TwoPages, mode: str, method: str, key: str, arguments: dict[str, Any]) -> list[Any]:
    """Drain ``client.<method>(key, **arguments)`` on the sync or the async client."""
    transport = httpx.MockTransport(fake.handler)
    connection = oauth_connection()
    if mode == "sync":
        with SellerCentral(
            connection, transport=transport, rate_limit=False, restricted_data_tokens=False
        ) as api:
            return list(getattr(api, method)(key, **arguments))

    async def run() -> list[Any]:
        async with AsyncSellerCentral(
            connection, transport=transport, rate_limit=False, restricted_data_tokens=False
        ) as api:
            return [page async for page in getattr(api, method)(key, **arguments)]

    return asyncio.run(run())


def test_the_table_has_the_paginated_operations_of_the_models():
    """73 operations take a page token in their query (6 names, the next one in 8 places); 3 more are listed."""
    iterable = {op.key for op in ITERABLE}
    pagination = [op.pagination for op in ITERABLE if op.pagination is not None]

    assert len(iterable) == 73
    assert all(p.request_location == "query" for p in pagination)
    assert len({p.request_token for p in pagination}) == 6
    assert len({p.response_token for p in pagination}) == 8
    assert {op.key for op in NOT_ITERABLE} == {
        "data_kiosk_2023_11_15.createQuery",
        "data_kiosk_2023_11_15.getQuery",
        "fulfillment_inbound_v0.getShipmentItemsByShipmentId",
    }


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("op", ITERABLE, ids=lambda op: op.key)
def test_pages_walks_two_pages_with_the_token_and_the_page_2_rule(op: operations.Operation, mode: str):
    """Page 2 carries page 1's next token in the token parameter and follows the operation's rule."""
    pagination = op.pagination
    assert pagination is not None
    fake = TwoPages(op)
    arguments = first_page_arguments(op)

    pages = walk(fake, mode, "pages", op.key, arguments)

    assert len(pages) == 2
    assert type(pages[0]) is type(pages[1])
    assert type(pages[0]).__module__.startswith(f"selling_partner_api.{op.package}.models.")
    assert len(fake.requests) == 2
    first, second = fake.query(0), fake.query(1)
    assert pagination.request_token not in first
    assert second[pagination.request_token or ""] == [TOKEN]
    assert fake.requests[1].url.path == fake.requests[0].url.path
    assert fake.requests[1].method == op.method
    del second[pagination.request_token or ""]
    if pagination.rule == "same":
        assert second == first
    else:
        names = {p["python_name"]: p["name"] for p in _described(op.key)["parameters"]}
        kept = {names[argument]: first[names[argument]] for argument in pagination.keep}
        fixed = {names[argument]: [value] for argument, value in pagination.set}
        assert second == {**kept, **fixed}
        assert second != first


@pytest.mark.parametrize(
    "op", [op for op in ITERABLE if op.pagination and op.pagination.items], ids=lambda op: op.key
)
def test_items_yields_the_items_of_every_page(op: operations.Operation):
    """Where the table names the items list, ``items`` yields each page's items (one per page here)."""
    fake = TwoPages(op)

    items = walk(fake, "sync", "items", op.key, first_page_arguments(op))

    assert len(items) == 2
    assert len(fake.requests) == 2


class TestTheRules:
    """The page-2 rules the issue names, pinned by operation (the parametrised test checks them generally)."""

    @pytest.mark.parametrize("key", ["reports_2021_06_30.getReports", "feeds_2021_06_30.getFeeds"])
    def test_reports_and_feeds_send_the_token_alone(self, key: str):
        """getReports and getFeeds: nextToken must be the only parameter."""
        op = operations.get(key)
        fake = TwoPages(op)

        walk(fake, "sync", "pages", key, {"report_types" if "reports" in key else "feed_types": ["X"]})

        assert "reportTypes" in fake.query(0) or "feedTypes" in fake.query(0)
        assert fake.query(1) == {"nextToken": [TOKEN]}

    @pytest.mark.parametrize(
        "key", ["fulfillment_inbound_v0.getShipments", "fulfillment_inbound_v0.getShipmentItems"]
    )
    def test_fba_inbound_v0_asks_for_next_token_query_type(self, key: str):
        """FBA Inbound v0: QueryType=NEXT_TOKEN, the token and MarketplaceId; the date range is dropped."""
        op = operations.get(key)
        fake = TwoPages(op)
        arguments = {
            "query_type": "DATE_RANGE",
            "marketplace_id": "ATVPDKIKX0DER",
            "last_updated_after": "2026-01-01T00:00:00Z",
            "last_updated_before": "2026-01-02T00:00:00Z",
        }

        walk(fake, "sync", "pages", key, arguments)

        assert fake.query(0)["QueryType"] == ["DATE_RANGE"]
        assert fake.query(1) == {
            "QueryType": ["NEXT_TOKEN"],
            "NextToken": [TOKEN],
            "MarketplaceId": ["ATVPDKIKX0DER"],
        }

    def test_data_kiosk_get_queries_keeps_its_other_parameters(self):
        """getQueries: every other parameter again, with paginationToken."""
        key = "data_kiosk_2023_11_15.getQueries"
        fake = TwoPages(operations.get(key))

        walk(fake, "sync", "pages", key, {"processing_statuses": ["DONE"], "page_size": 5})

        assert fake.query(1) == {
            "processingStatuses": ["DONE"],
            "pageSize": ["5"],
            "paginationToken": [TOKEN],
        }


class TestTheExceptions:
    """The operations with a page token no iterator can follow are listed in the table, and refused by name."""

    def test_create_query_takes_get_querys_next_token_in_its_body(self):
        """createQuery's paginationToken is a body field, fed from getQuery's pagination.nextToken."""
        create = operations.get("data_kiosk_2023_11_15.createQuery").pagination
        get = operations.get("data_kiosk_2023_11_15.getQuery").pagination

        assert create is not None
        assert get is not None
        assert (create.request_token, create.request_location) == ("paginationToken", "body")
        assert create.token_from == "data_kiosk_2023_11_15.getQuery"
        assert (get.request_token, get.response_token) == (None, "pagination.nextToken")
        assert get.token_to == "data_kiosk_2023_11_15.createQuery"

    def test_get_shipment_items_by_shipment_id_returns_a_token_it_cannot_take(self):
        """FBA Inbound v0 getShipmentItemsByShipmentId: payload.NextToken, but no token parameter."""
        pagination = operations.get("fulfillment_inbound_v0.getShipmentItemsByShipmentId").pagination

        assert pagination is not None
        assert (pagination.request_token, pagination.response_token) == (None, "payload.NextToken")
        assert pagination.note

    @pytest.mark.parametrize("method", ["pages", "items"])
    @pytest.mark.parametrize("op", NOT_ITERABLE, ids=lambda op: op.key)
    def test_pages_refuses_them_by_name_before_sending(self, op: operations.Operation, method: str):
        """A non-iterable operation raises InvalidInputError naming it, and nothing is sent."""
        sent: list[httpx.Request] = []
        transport = httpx.MockTransport(lambda request: sent.append(request) or httpx.Response(500))
        with (
            SellerCentral(oauth_connection(), transport=transport) as api,
            pytest.raises(InvalidInputError, match=op.key.replace(".", r"\.")),
        ):
            getattr(api, method)(op.key)
        assert sent == []


def failing(request: httpx.Request) -> httpx.Response:
    """A transport handler for tests that must send nothing."""
    raise AssertionError(f"sent {request.method} {request.url}")


class TestBadKeys:
    """Unknown and non-paginated keys are refused by name, on both clients, before anything is sent."""

    @pytest.mark.parametrize(
        ("key", "message"),
        [
            ("reports_2021_06_30.getReport", "reports_2021_06_30.getReport is not paginated"),
            ("reports_2021_06_30.getReprots", "unknown operation 'reports_2021_06_30.getReprots'"),
            ("getReports", "unknown operation 'getReports'"),
        ],
    )
    def test_pages_refuses_the_key(self, key: str, message: str):
        with (
            SellerCentral(oauth_connection(), transport=httpx.MockTransport(failing)) as api,
            pytest.raises(InvalidInputError, match=message),
        ):
            api.pages(key)

    def test_the_async_client_refuses_it_when_called(self):
        async def run() -> None:
            transport = httpx.MockTransport(failing)
            async with AsyncSellerCentral(oauth_connection(), transport=transport) as api:
                api.pages("reports_2021_06_30.getReport")

        with pytest.raises(InvalidInputError, match="not paginated"):
            asyncio.run(run())

    def test_items_refuses_an_operation_without_one_items_list(self):
        """listFinancialEvents' events are in several lists: items() says so, pages() works."""
        with (
            SellerCentral(oauth_connection(), transport=httpx.MockTransport(failing)) as api,
            pytest.raises(InvalidInputError, match="iterate its pages"),
        ):
            api.items("finances_v0.listFinancialEvents")

    def test_a_wrong_argument_is_refused_by_name_before_sending(self):
        sent: list[httpx.Request] = []
        transport = httpx.MockTransport(lambda request: sent.append(request) or httpx.Response(500))
        with (
            SellerCentral(oauth_connection(), transport=transport) as api,
            pytest.raises(InvalidInputError, match="report_typo"),
        ):
            list(api.pages("reports_2021_06_30.getReports", report_typo=["X"]))
        assert sent == []
