"""Finances against the local sandbox's FinancesScenario: every page, exact money, the two-minute rule."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from seller_central import AsyncSellerCentral, SellerCentral
from seller_central.connection import OAuthConnection
from seller_central.errors import InvalidInputError
from seller_central.finances import amount, money, totals_by_type
from seller_central.sandbox import SandboxServer
from seller_central.sandbox.scenarios import FinancesScenario
from seller_central.windows import latest_window_end, parse_instant

pytestmark = pytest.mark.xdist_group("finances")

NOW = datetime.datetime(2026, 12, 1, 12, 0, 7, 250000, tzinfo=datetime.UTC)
BIG = Decimal("1234567890123456.78")  # 18 digits: a float keeps 17 at most (1234567890123456.8)


def clock() -> datetime.datetime:
    return NOW


def at(minutes_ago: int) -> str:
    return (NOW - datetime.timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")


def transaction(
    number: int, kind: str, value: Any, currency: str = "USD", group: str = "G1"
) -> dict[str, Any]:
    return {
        "transactionId": f"T{number}",
        "transactionType": kind,
        "postedDate": at(100 - number),
        "totalAmount": {"currencyCode": currency, "currencyAmount": value},
        "relatedIdentifiers": [
            {"relatedIdentifierName": "FINANCIAL_EVENT_GROUP_ID", "relatedIdentifierValue": group}
        ],
        "marketplaceDetails": {"marketplaceId": "ATVPDKIKX0DER"},
    }


TRANSACTIONS = [
    transaction(1, "Shipment", Decimal("0.1")),  # JSON numbers, written digit for digit
    transaction(2, "Shipment", Decimal("0.2")),
    transaction(3, "Refund", "-0.05"),  # a string, as some answers carry it
    transaction(4, "Shipment", BIG, "EUR"),
    transaction(5, "ServiceFee", Decimal("-1.10")),
    transaction(6, "Shipment", Decimal("9.99"), group="G2"),
    transaction(7, "Shipment", "0.01", "EUR"),
]


def group(number: int, value: Any) -> dict[str, Any]:
    return {
        "FinancialEventGroupId": f"G{number}",
        "ProcessingStatus": "Closed",
        "OriginalTotal": {"CurrencyCode": "USD", "CurrencyAmount": value},
        "FinancialEventGroupStart": at(1000 - number),
    }


def shipment(number: int, value: Any) -> dict[str, Any]:
    charge = {"ChargeType": "Principal", "ChargeAmount": {"CurrencyCode": "USD", "CurrencyAmount": value}}
    return {
        "AmazonOrderId": f"902-{number:07d}-0000001",
        "PostedDate": at(50 - number),
        "ShipmentItemList": [{"SellerSKU": f"SKU{number}", "ItemChargeList": [charge]}],
    }


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    scenario = FinancesScenario(
        clock=clock,
        groups=[
            group(1, Decimal("0.1")),
            group(2, Decimal("0.2")),
            group(3, "10.05"),
            group(4, BIG),
            group(5, 0),
        ],
        events=[
            ("G1", f"902-{n:07d}-0000001", "ShipmentEventList", shipment(n, Decimal(n) / 10))
            for n in range(1, 6)
        ]
        + [("G2", "902-0000009-0000001", "RefundEventList", shipment(9, "-3.30"))],
        transactions=TRANSACTIONS,
    )
    with SandboxServer(scenarios=[scenario]) as running:
        yield running


@pytest.fixture
def api(server: SandboxServer) -> Iterator[SellerCentral]:
    server.clear_requests()
    with SellerCentral(connection(server), rate_limit=False) as client:
        yield client


def connection(server: SandboxServer) -> OAuthConnection:
    return OAuthConnection(
        client_id="app",
        client_secret="finances-test-secret",
        refresh_token="Atzr|finances-test",
        endpoint=server.url,
        token_url=server.token_url,
        is_sandbox=True,
    )


def queries(server: SandboxServer, operation: str) -> list[dict[str, tuple[str, ...]]]:
    return [dict(r.query) for r in server.requests if r.operation == operation]


# -- transactions ------------------------------------------------------------------------------------------


def test_transactions_come_from_every_page_with_exact_decimal_amounts(api, server):
    listed = list(api.transactions(posted_after=at(200), now=clock))
    assert [t.transaction_id for t in listed] == [f"T{n}" for n in range(1, 8)]
    assert len(queries(server, "finances_2024_06_19.listTransactions")) == 4  # pages of 2
    amounts = [money(t.total_amount).amount for t in listed]
    assert all(type(value) is Decimal for value in amounts)
    assert amounts[0] + amounts[1] == Decimal("0.3")  # as floats: 0.30000000000000004
    assert amounts[3] == BIG  # read from the JSON text, not through a float
    assert type(listed[0].total_amount.currency_amount) is Decimal  # the model holds the exact number
    assert listed[2].total_amount.currency_amount == "-0.05"  # a string stays the text Amazon sent


def test_every_page_carries_the_same_explicit_end_two_minutes_and_a_margin_before_now(api, server):
    list(api.transactions(posted_after=at(200), now=clock))
    sent = queries(server, "finances_2024_06_19.listTransactions")
    ends = {query["postedBefore"] for query in sent}
    assert len(sent) > 1
    assert len(ends) == 1
    (end,) = ends
    assert parse_instant(end[0]) == latest_window_end(NOW)
    assert parse_instant(end[0]) <= NOW - datetime.timedelta(minutes=2, seconds=30)
    assert all(r.status == 200 for r in server.requests if r.operation)


@pytest.mark.parametrize(
    ("options", "label"),
    [
        ({"posted_after": at(200), "posted_before": at(2)}, "posted_before"),  # later than the bound
        ({"posted_after": at(1)}, "posted_after"),  # no window left before the bound
        ({"posted_after": at(10), "posted_before": at(20)}, "posted_after"),  # ends before it starts
        ({}, "posted_after"),  # neither a start nor a related identifier
        ({"related_identifier_name": "FINANCIAL_EVENT_GROUP_ID"}, "related_identifier_value"),
    ],
)
def test_a_window_amazon_would_refuse_is_refused_by_name_before_anything_is_sent(api, server, options, label):
    with pytest.raises(InvalidInputError) as caught:
        api.transactions(now=clock, **options)
    assert caught.value.label == label
    assert server.requests == []


def test_a_window_end_within_the_bound_is_sent_as_given(api, server):
    listed = list(api.transactions(posted_after=at(200), posted_before=at(97), now=clock))
    assert [t.transaction_id for t in listed] == ["T1", "T2"]  # postedBefore is exclusive: T3 is at 97
    assert {q["postedBefore"] for q in queries(server, "finances_2024_06_19.listTransactions")} == {(at(97),)}


def test_a_settlement_is_summed_by_type_and_currency_exactly(api, server):
    totals = api.settlement_totals(event_group_id="G1")
    assert totals.transactions == 6
    assert totals.by_type == {
        "Shipment": {"USD": Decimal("0.3"), "EUR": BIG + Decimal("0.01")},
        "Refund": {"USD": Decimal("-0.05")},
        "ServiceFee": {"USD": Decimal("-1.10")},
    }
    assert totals.total() == {"USD": Decimal("-0.85"), "EUR": Decimal("1234567890123456.79")}
    assert totals.to_dict()["total"] == {"USD": "-0.85", "EUR": "1234567890123456.79"}
    sent = queries(server, "finances_2024_06_19.listTransactions")
    assert len(sent) == 3
    assert all(q["relatedIdentifierValue"] == ("G1",) for q in sent)
    assert all("postedBefore" not in q for q in sent)  # a settlement needs no dates


def test_the_async_client_lists_and_sums_the_same(server):
    async def run() -> tuple[list[Any], Any]:
        async with AsyncSellerCentral(connection(server), rate_limit=False) as client:
            listed = [t async for t in client.transactions(posted_after=at(200), now=clock)]
            return listed, await client.settlement_totals(event_group_id="G2")

    listed, totals = asyncio.run(run())
    assert [money(t.total_amount).amount for t in listed][:2] == [Decimal("0.1"), Decimal("0.2")]
    assert totals.by_type == {"Shipment": {"USD": Decimal("9.99")}}


# -- v0: event groups and events ---------------------------------------------------------------------------


def test_event_groups_come_from_every_page_with_decimal_totals(api, server):
    groups = list(api.financial_event_groups(started_after=at(2000), now=clock))
    assert [g.financial_event_group_id for g in groups] == ["G1", "G2", "G3", "G4", "G5"]
    totals = [money(g.original_total) for g in groups]
    assert [t.amount for t in totals if t] == [
        Decimal("0.1"),
        Decimal("0.2"),
        Decimal("10.05"),
        BIG,
        Decimal(0),
    ]
    sent = queries(server, "finances_v0.listFinancialEventGroups")
    assert len(sent) == 3
    assert {q["FinancialEventGroupStartedBefore"] for q in sent} == {
        (latest_window_end(NOW).strftime("%Y-%m-%dT%H:%M:%SZ"),)
    }


def test_events_by_date_by_group_and_by_order(api, server):
    pages = list(api.financial_events(posted_after=at(100), now=clock))
    shipments = [event for page in pages for event in (page.shipment_event_list or [])]
    assert [event.amazon_order_id for event in shipments] == [f"902-{n:07d}-0000001" for n in range(1, 6)]
    charges = [e.shipment_item_list[0].item_charge_list[0].charge_amount for e in shipments]
    assert sum((money(c).amount for c in charges), Decimal(0)) == Decimal("1.5")
    assert len(pages) == 3
    by_group = list(api.financial_events(event_group_id="G2", posted_after=at(100), now=clock))
    assert [e.amazon_order_id for p in by_group for e in (p.refund_event_list or [])] == [
        "902-0000009-0000001"
    ]
    by_order = list(api.financial_events(order_id="902-0000003-0000001"))
    assert [e.amazon_order_id for p in by_order for e in (p.shipment_event_list or [])] == [
        "902-0000003-0000001"
    ]
    sent = queries(server, "finances_v0.listFinancialEvents")
    assert {q["PostedBefore"] for q in sent} == {(latest_window_end(NOW).strftime("%Y-%m-%dT%H:%M:%SZ"),)}


def test_event_windows_are_checked_like_transactions(api, server):
    with pytest.raises(InvalidInputError) as caught:
        api.financial_events(posted_after=at(100), posted_before=at(1), now=clock)
    assert caught.value.label == "posted_before"
    with pytest.raises(InvalidInputError) as caught:
        api.financial_event_groups(started_after=at(100), started_before=at(0), now=clock)
    assert caught.value.label == "started_before"
    with pytest.raises(InvalidInputError) as caught:
        api.financial_events(order_id="902-0000003-0000001", event_group_id="G1")
    assert caught.value.label == "event_group_id"
    assert server.requests == []


# -- the money helpers -------------------------------------------------------------------------------------


def test_amount_is_exact_or_refused():
    assert amount(Decimal("0.1")) + amount("0.2") == Decimal("0.3")
    assert amount(3) == Decimal(3)
    with pytest.raises(TypeError, match="exact"):
        amount(0.1)
    with pytest.raises(TypeError):
        amount(True)  # noqa: FBT003 (a bool is not an amount)
    with pytest.raises(ValueError, match="not an amount"):
        amount("NaN")


def test_totals_by_type_skips_transactions_without_an_amount(api):
    listed = list(api.transactions(posted_after=at(200), now=clock))
    listed[0].total_amount = None
    assert totals_by_type(listed)["Shipment"]["USD"] == Decimal("0.2") + Decimal("9.99")  # T2 and T6
