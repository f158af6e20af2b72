"""Issue 17: ``-o table`` picks its columns from the result's model, money as ``12.99 USD``, nested values kept.

Against the local sandbox (Amazon's static examples: the order of ``TEST_CASE_200`` totals 11.01 USD, its item
costs 10.00 USD), then ``render`` over every money model the generator wrote.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
import selling_partner_api
from click.testing import CliRunner
from seller_central.cli.app import cli
from seller_central.cli.output import render
from seller_central.sandbox import SandboxServer
from selling_partner_api.types import UNSET

pytestmark = pytest.mark.xdist_group("cli")

ORDER_COLUMNS = [
    "AmazonOrderId", "PurchaseDate", "LastUpdateDate", "OrderStatus", "FulfillmentChannel", "SalesChannel",
    "ShipServiceLevel", "OrderTotal", "NumberOfItemsShipped", "NumberOfItemsUnshipped",
]  # fmt: skip
ITEM_COLUMNS = [
    "ASIN", "OrderItemId", "QuantityOrdered", "SellerSKU", "Title", "QuantityShipped", "ItemPrice", "ItemTax",
    "PromotionDiscount", "IsGift",
]  # fmt: skip


@pytest.fixture(scope="module")
def sandbox():
    with SandboxServer() as server:
        yield server


@pytest.fixture
def env(sandbox):
    return {
        "SP_API_CLIENT_ID": "amzn1.application-oa2-client.table-test",
        "SP_API_CLIENT_SECRET": "table-test-secret",
        "SP_API_REFRESH_TOKEN": "Atzr|table-test-refresh",
        "SP_API_ENDPOINT": sandbox.url,
        "SP_API_TOKEN_URL": sandbox.token_url,
        "SP_API_SANDBOX": "true",
        "SP_API_SCOPES": "",
        "PYTHONWARNINGS": "ignore",
    }


def table(env, *args: str) -> tuple[list[str], list[dict[str, str]]]:
    """Run a command with -o table; return the headers and each row as {header: cell}."""
    result = CliRunner().invoke(cli, ["-o", "table", *args], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return parse(result.stdout)


def parse(text: str) -> tuple[list[str], list[dict[str, str]]]:
    lines = text.rstrip("\n").splitlines()
    # The dashes line gives each column's start and width (cells are left-aligned, two spaces apart).
    spans = [match.span() for match in re.finditer(r"-+", lines[1])]
    headers = [lines[0][start:end].strip() for start, end in spans]
    rows = []
    for line in lines[2:]:
        cells = [
            line[start : spans[i + 1][0] if i + 1 < len(spans) else None].strip()
            for i, (start, _) in enumerate(spans)
        ]
        rows.append(dict(zip(headers, cells, strict=True)))
    return headers, rows


ORDERS = ["orders", "list", "--marketplace-ids", "ATVPDKIKX0DER", "--created-after", "TEST_CASE_200"]


def test_orders_list_shows_the_order_total(env):
    """`orders list`: the model's required fields, then the order total as money, ten columns at most."""
    headers, rows = table(env, *ORDERS)

    assert headers == ORDER_COLUMNS
    assert rows[0]["AmazonOrderId"] == "902-1845936-5435065"
    assert rows[0]["OrderTotal"] == "11.01 USD"


def test_orders_list_all_pages_uses_the_same_columns(env):
    """--all-pages collects the typed items, so the table has the same model-chosen columns."""
    headers, rows = table(env, *ORDERS, "--all-pages")

    assert headers == ORDER_COLUMNS
    assert {row["OrderTotal"] for row in rows} == {"11.01 USD"}


def test_orders_items_shows_the_prices(env):
    """`orders items`: required fields, up to three money columns (the ones set), then scalars."""
    headers, rows = table(env, "orders", "items", "--order-id", "TEST_CASE_200")

    assert headers == ITEM_COLUMNS
    (item,) = rows
    assert (item["ItemPrice"], item["ItemTax"], item["PromotionDiscount"]) == (
        "10.00 USD",
        "1.01 USD",
        "0.00 USD",
    )


def test_call_of_the_operation_shows_the_same_prices(env):
    """`call orders_v0.getOrderItems -o table` finds the rows in the envelope and uses the item model."""
    headers, rows = table(env, "call", "orders_v0.getOrderItems", "-p", "orderId=TEST_CASE_200")

    assert headers == ITEM_COLUMNS
    assert rows[0]["ItemPrice"] == "10.00 USD"


def test_one_order_is_a_key_value_table_with_nested_values_flattened(env):
    """`orders get`: every set field, money as text, a nested address as dotted keys, a list joined."""
    headers, rows = table(env, "orders", "get", "--order-id", "TEST_CASE_200")

    assert headers == ["key", "value"]
    values = {row["key"]: row["value"] for row in rows}
    assert values["OrderTotal"] == "11.01 USD"
    assert values["DefaultShipFromLocationAddress.City"] == "SEATTLE"
    assert values["PaymentMethodDetails"] == "Standard"
    assert "SellerOrderId" not in values  # not set: not shown


def test_raw_request_without_a_model_flattens_money_from_the_data(env):
    """Raw Request has no model: columns come from the data's keys, and money is still `11.01 USD`."""
    url = "/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&CreatedAfter=TEST_CASE_200"

    headers, rows = table(env, "raw", "request", "--url", url, "--method", "GET")

    assert headers[0] == "AmazonOrderId"
    assert len(headers) <= 10
    assert rows[0]["OrderTotal"] == "11.01 USD"


# -- every money model the generator wrote -------------------------------------------------------------------

#: Money as the models spell it: the currency's name and the amount's (attribute names).
MONEY_FIELDS = [{"currency_code", "amount"}, {"currency_code", "currency_amount"}, {"currency_code", "value"},
                {"currency", "value"}, {"code", "amount"}]  # fmt: skip
GENERATED = Path(selling_partner_api.__file__).parent


def _money_models() -> list[tuple[str, str, str, str]]:
    """Every generated money model and one model of its package that has a field of it.

    Returns (package, money class, parent class, the parent's field).
    """
    found = []
    for models in sorted(GENERATED.glob("*/models")):
        texts = {path: path.read_text(encoding="utf-8") for path in models.glob("*.py")}
        for text in texts.values():
            match = re.search(
                r"^class (\w+)\(Model\):.*?__slots__ = \(\s*((?:\"\w+\",\s*)+)\)",
                text,
                re.DOTALL | re.MULTILINE,
            )
            if match is None or set(re.findall(r"\"(\w+)\"", match.group(2))) not in MONEY_FIELDS:
                continue
            name = match.group(1)
            use = re.compile(rf"^    (\w+): {name}(?: \| Unset)?$", re.MULTILINE)
            for parent_text in texts.values():
                field = use.search(parent_text)
                if field is not None:
                    parent = re.search(r"^class (\w+)\(Model\)", parent_text, re.MULTILINE)
                    assert parent is not None
                    found.append((models.parent.name, name, parent.group(1), field.group(1)))
                    break
    return found


MONEY_MODELS = _money_models()


def _blank(cls: type) -> object:
    obj = cls.__new__(cls)
    for name in cls.FIELDS:  # type: ignore[attr-defined]
        setattr(obj, name, UNSET)
    obj.additional_properties = {}  # type: ignore[attr-defined]
    return obj


@pytest.mark.parametrize(
    ("package", "name", "parent", "field"), MONEY_MODELS, ids=[f"{p}.{n}" for p, n, _, _ in MONEY_MODELS]
)
def test_every_money_model_is_one_column_of_amount_and_currency(package, name, parent, field):
    """Rows of a model holding money show it as `12.99 USD`, whatever the money model calls its fields."""
    assert len(MONEY_MODELS) >= 25  # the scan found them (Orders' Amount, Finances' CurrencyAmount, Value...)
    models = importlib.import_module(f"selling_partner_api.{package}.models")
    rows = []
    for amount in ("12.99", "7"):
        money = _blank(getattr(models, name))
        currency = next(f for f in ("currency_code", "currency", "code") if f in money.FIELDS)
        setattr(money, currency, "USD")
        setattr(money, next(f for f in money.FIELDS if f != currency), amount)
        row = _blank(getattr(models, parent))
        setattr(row, field, money)
        rows.append(row)
    key = next(iter(rows[0].to_dict()))

    headers, cells = parse(render(rows, "table"))

    assert headers == [key]
    assert [cell[key] for cell in cells] == ["12.99 USD", "7 USD"]


# -- the rule on plain data ----------------------------------------------------------------------------------


def test_small_nested_objects_become_dotted_columns_and_lists_are_summarised():
    """A small nested object becomes dotted columns; short values are joined; a list of objects counted."""
    rows = [
        {"sku": "A", "dimensions": {"length": 10, "unit": "cm"}, "tags": ["red", "big"],
         "offers": [{"id": 1}, {"id": 2}], "price": {"amount": 12.5, "currencyCode": "EUR"}},
        {"sku": "B", "dimensions": {"length": 3, "unit": "cm"}, "tags": [], "offers": [{"id": 3}],
         "price": {"amount": 1, "currencyCode": "EUR"}},
    ]  # fmt: skip

    headers, cells = parse(render({"payload": {"items": rows, "nextToken": "t"}}, "table"))

    assert headers == ["sku", "dimensions.length", "dimensions.unit", "tags", "offers", "price"]
    assert cells[0] == {"sku": "A", "dimensions.length": "10", "dimensions.unit": "cm", "tags": "red, big",
                        "offers": "2 items", "price": "12.5 EUR"}  # fmt: skip
    assert (cells[1]["tags"], cells[1]["offers"]) == ("", "1 item")


def test_at_most_ten_columns_and_long_cells_are_cut():
    """Fifteen keys give ten columns (the first ten with a value); a long value is cut with an ellipsis."""
    rows = [{f"k{n:02d}": ("x" * 50 if n == 1 else str(n)) for n in range(15)}]

    headers, cells = parse(render(rows, "table"))

    assert headers == [f"k{n:02d}" for n in range(10)]
    assert cells[0]["k01"] == "x" * 39 + "…"


def test_an_object_with_many_fields_is_a_record_not_an_envelope():
    """A list inside a record (not an envelope) is not taken for the rows: the record is shown."""
    record = {f"field{n}": n for n in range(6)} | {"lines": [{"a": 1}, {"a": 2}]}

    headers, cells = parse(render({"payload": record}, "table"))

    assert headers == ["key", "value"]
    assert {"key": "lines", "value": "2 items"} in cells


def test_rows_of_only_larger_nested_objects_are_flattened_one_level():
    """Items whose every field is a larger nested object are not an empty table: one level, dotted."""
    rows = [{"resource": {"sqs": {"arn": "arn:1"}, "name": "q1"}}, {"resource": {"sqs": {"arn": "arn:2"}}}]

    headers, cells = parse(render(rows, "table"))

    assert headers == ["resource.sqs", "resource.name"]
    assert cells[1] == {"resource.sqs": '{"arn": "arn:2"}', "resource.name": ""}
