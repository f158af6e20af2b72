"""Issue 17: a single-choice input says "must be one of", a list input "each value must be one of".

Errors come before anything is sent, so the endpoint (a loopback port nobody listens on) is never reached.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from seller_central.cli.app import EXIT_BAD_INPUT, cli

pytestmark = pytest.mark.xdist_group("cli")

ENV = {
    "SP_API_CLIENT_ID": "amzn1.application-oa2-client.choice-test",
    "SP_API_CLIENT_SECRET": "choice-test-secret",
    "SP_API_REFRESH_TOKEN": "Atzr|choice-test-refresh",
    "SP_API_ENDPOINT": "http://127.0.0.1:9",
    "SP_API_TOKEN_URL": "http://127.0.0.1:9/auth/o2/token",
    "PYTHONWARNINGS": "ignore",
}


def run(*args: str):
    return CliRunner().invoke(cli, list(args), env=ENV, catch_exceptions=False)


def one_line(text: str) -> str:
    return " ".join(text.split())  # click wraps help text


def test_a_single_choice_error_says_must_be_one_of():
    """Raw Request's Method takes one value: the error says so, naming the input and the value."""
    result = run("raw", "request", "--url", "/sellers/v1/marketplaceParticipations", "--method", "FETCH")

    assert result.exit_code == EXIT_BAD_INPUT
    assert "error: Method: must be one of GET, " in result.stderr
    assert "(got 'FETCH')" in result.stderr
    assert "each" not in result.stderr


def test_a_multi_choice_error_says_each_value_must_be_one_of():
    """Order Statuses takes several values: the error says each must be one of the allowed ones."""
    result = run(
        "orders", "list", "--marketplace-ids", "ATVPDKIKX0DER", "--created-after", "2026-11-01",
        "--order-statuses", "Shipped,Lost",
    )  # fmt: skip

    assert result.exit_code == EXIT_BAD_INPUT
    assert "error: Order Statuses: each value must be one of " in result.stderr
    assert "(got 'Lost')" in result.stderr


def test_help_says_one_of_for_a_single_choice_and_one_or_more_for_a_list():
    """`--help` words the choices by the input's kind, not "One or more of" for every input."""
    raw = one_line(run("raw", "request", "--help").stdout)
    orders = one_line(run("orders", "list", "--help").stdout)

    assert "Method: The HTTP method. One of: GET, " in raw
    assert "Response Type: How to return the body: parsed JSON, text, or bytes. One of: json, " in raw
    assert (
        "Data Elements: PII to ask for in the Restricted Data Token (Orders v0 only). One or more of: " in raw
    )
    assert "Order Statuses: Only orders in these statuses. One or more of: " in orders


def test_call_help_says_each_one_of_for_an_array_parameter():
    """`call KEY --help` marks an array parameter's enum "each one of" and a single one "one of"."""
    reports = run("call", "reports_2021_06_30.getReports", "--help").stdout
    awd = run("call", "awd_2024_05_09.listInventory", "--help").stdout

    statuses = next(line for line in reports.splitlines() if "processingStatuses" in line)
    sort_order = next(line for line in awd.splitlines() if "sortOrder" in line)
    assert "each one of: CANCELLED, DONE" in statuses
    assert "  one of: ASCENDING, DESCENDING" in sort_order
    assert "each" not in sort_order
