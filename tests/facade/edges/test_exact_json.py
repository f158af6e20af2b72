"""Exact JSON numbers, written in one place (``seller_central.exact_json``) for the CLI and the sandbox.

A ``Decimal`` goes out as the JSON number it is, digit for digit; a NaN or infinity (no JSON number holds one)
as text; and no string of the data is ever taken for a number, whatever it holds.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from seller_central import operations
from seller_central.cli.workflows import json_line
from seller_central.sandbox.exchange import Received, json_reply
from seller_central.sandbox.scenarios import FinancesScenario

NOW = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)
#: The text the CLI and the sandbox each used as a Decimal's placeholder before it became a number.
PLACEHOLDER_LOOKALIKE = "\x00number:5"


def _read(text: str | bytes) -> Any:
    return json.loads(text, parse_float=Decimal)


def _writers() -> list[Any]:
    return [json_line, lambda value: json_reply(200, value).body.decode()]


@pytest.mark.parametrize("write", _writers(), ids=["cli json_line", "sandbox json_reply"])
def test_decimals_keep_every_digit_and_a_lookalike_string_stays_text(write: Any):
    value = {
        "amount": Decimal("12.30"),
        "tiny": Decimal("-0.000001"),
        "big": Decimal("1234567890123456.78"),
        "exponent": Decimal("1E+3"),
        "note": PLACEHOLDER_LOOKALIKE,
        "notes": [PLACEHOLDER_LOOKALIKE, f'"{PLACEHOLDER_LOOKALIKE}"'],
    }

    text = write(value)

    assert _read(text) == value
    assert "12.30" in text
    assert "1234567890123456.78" in text


@pytest.mark.parametrize("write", _writers(), ids=["cli json_line", "sandbox json_reply"])
def test_a_decimal_no_json_number_holds_is_written_as_text(write: Any):
    assert _read(write({"a": Decimal("NaN"), "b": Decimal("-Infinity")})) == {"a": "NaN", "b": "-Infinity"}


@given(
    st.recursive(
        st.decimals(allow_nan=False, allow_infinity=False) | st.text() | st.integers() | st.booleans(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=12,
    )
)
def test_any_data_reads_back_exactly_from_both_writers(value: Any):
    for write in _writers():  # in an object: the sandbox writes no body for a bare None or ""
        assert _read(write({"value": value})) == {"value": value}


def test_the_finances_scenario_writes_amounts_exactly_and_leaves_text_alone():
    """A scenario's reply goes through the same writer: amounts as numbers, a lookalike memo as text."""
    transaction = {
        "transactionId": "T1",
        "postedDate": "2026-11-30T12:00:00Z",
        "description": PLACEHOLDER_LOOKALIKE,
        "totalAmount": {"currencyCode": "USD", "currencyAmount": Decimal("0.10")},
    }
    scenario = FinancesScenario(clock=lambda: NOW, transactions=[transaction])
    received = Received(
        method="GET",
        path="/finances/2024-06-19/transactions",
        query=(("postedAfter", "2026-11-01T00:00:00Z"),),
    )

    reply = scenario.answer(operations.get("finances_2024_06_19.listTransactions"), received)

    assert reply is not None
    assert reply.status == 200
    assert b'"currencyAmount": 0.10' in reply.body
    assert _read(reply.body)["payload"]["transactions"] == [transaction]
