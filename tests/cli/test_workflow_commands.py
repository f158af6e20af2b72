"""``seller-central orders sync`` and ``seller-central finances ...`` against the local sandbox's scenarios."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from click.testing import CliRunner, Result
from seller_central.cli.app import EXIT_BAD_INPUT, cli
from seller_central.sandbox import SandboxServer
from seller_central.sandbox.scenarios import FinancesScenario, OrdersScenario

pytestmark = pytest.mark.xdist_group("cli")

NOW = datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def at(minutes_ago: int) -> str:
    return (NOW - datetime.timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    orders = OrdersScenario()  # the real clock: the CLI reads it too
    for number in range(1, 4):
        orders.put(f"902-{number:07d}-0000001", updated=NOW - datetime.timedelta(minutes=10 + number))
    transactions = [
        {
            "transactionId": f"T{number}",
            "transactionType": kind,
            "postedDate": at(60 - number),
            "totalAmount": {"currencyCode": "USD", "currencyAmount": value},
            "relatedIdentifiers": [
                {"relatedIdentifierName": "FINANCIAL_EVENT_GROUP_ID", "relatedIdentifierValue": "G1"}
            ],
        }
        for number, kind, value in [
            (1, "Shipment", Decimal("0.1")),
            (2, "Shipment", Decimal("0.2")),
            (3, "Refund", "-0.05"),
            (4, "Shipment", Decimal("1234567890123456.78")),
        ]
    ]
    finances = FinancesScenario(transactions=transactions)
    with SandboxServer(scenarios=[orders, finances]) as server:
        yield server


@pytest.fixture
def env(sandbox: SandboxServer) -> dict[str, str]:
    return {
        "SP_API_CLIENT_ID": "amzn1.application-oa2-client.cli-test",
        "SP_API_CLIENT_SECRET": "cli-test-secret",
        "SP_API_REFRESH_TOKEN": "Atzr|cli-test-refresh",
        "SP_API_ENDPOINT": sandbox.url,
        "SP_API_TOKEN_URL": sandbox.token_url,
        "SP_API_SANDBOX": "true",
        "SP_API_SCOPES": "",
        "PYTHONWARNINGS": "ignore",
    }


def invoke(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def lines(result: Result) -> list[Any]:
    return [json.loads(line, parse_float=Decimal) for line in result.stdout.splitlines()]


def test_orders_sync_prints_json_lines_and_continues_from_its_state(env, tmp_path):
    state = str(tmp_path / "orders.sqlite")
    arguments = ["orders", "sync", "--state", state, "--marketplace", "ATVPDKIKX0DER", "--page-size", "2"]
    first = invoke(env, *arguments, "--since", at(60))
    assert first.exit_code == 0, first.stderr
    assert [line["order"]["AmazonOrderId"] for line in lines(first)] == [
        f"902-{n:07d}-0000001" for n in (3, 2, 1)
    ]
    assert "3 order change(s)" in first.stderr
    again = invoke(env, *arguments)  # no --since: the state knows where to go on
    assert again.exit_code == 0, again.stderr
    assert again.stdout == ""
    assert "0 order change(s)" in again.stderr


def test_orders_sync_without_state_or_since_is_a_user_mistake(env, tmp_path):
    result = invoke(
        env, "orders", "sync", "--state", str(tmp_path / "new.sqlite"), "--marketplace", "ATVPDKIKX0DER"
    )
    assert result.exit_code == EXIT_BAD_INPUT
    assert "since" in result.stderr


def test_finances_transactions_print_exact_amounts(env):
    result = invoke(env, "finances", "transactions", "--posted-after", at(120))
    assert result.exit_code == 0, result.stderr
    assert '"currencyAmount":1234567890123456.78' in result.stdout  # the number's own digits
    amounts = [line["totalAmount"]["currencyAmount"] for line in lines(result)]
    assert amounts == [Decimal("0.1"), Decimal("0.2"), "-0.05", Decimal("1234567890123456.78")]


def test_finances_settlement_prints_totals_by_type(env):
    result = invoke(env, "finances", "settlement", "G1")
    assert result.exit_code == 0, result.stderr
    (totals,) = lines(result)
    assert totals["by_type"] == {"Shipment": {"USD": "1234567890123457.08"}, "Refund": {"USD": "-0.05"}}


def test_finances_refuse_an_end_amazon_would_refuse(env):
    result = invoke(env, "finances", "transactions", "--posted-after", at(120), "--posted-before", at(1))
    assert result.exit_code == EXIT_BAD_INPUT
    assert "posted_before" in result.stderr
