"""A cold call does only the work it needs (issue 16): one package's rows, no Decimal reader, no regexes.

Each test reads a behaviour the cold-start figure depends on; the instructions and wall times themselves are
measured in ``benchmarks/`` (``instructions.sh``, ``make bench``), never here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest
from seller_central import exact_json, operations, redact

# One getOrders call in a fresh interpreter, answered by an httpx.MockTransport: prints what the call loaded.
COLD_CALL = """
import json, sys
import httpx
from seller_central import OAuthConnection, SellerCentral, operations

def answer(request):
    if request.url.path == "/auth/o2/token":
        return httpx.Response(200, json={"access_token": "Atza|cold", "expires_in": 3600})
    return httpx.Response(200, json={"payload": {"Orders": []}})

connection = OAuthConnection(client_id="id", client_secret="secret", refresh_token="Atzr|refresh",
    endpoint="https://sellingpartnerapi-na.amazon.com")
with SellerCentral(connection, transport=httpx.MockTransport(answer)) as api:
    api.call("orders_v0.getOrders", marketplace_ids=["ATVPDKIKX0DER"], created_after="2026-01-01T00:00:00Z")
print(json.dumps({
    "exact_json": "seller_central.exact_json" in sys.modules,
    "whole_table_read": operations._rows.cache_info().currsize,
    "packages_read": operations._package_rows.cache_info().currsize,
    "patterns_compiled": sys.modules["seller_central.redact"]._patterns.cache_info().currsize,
}))
"""


@pytest.fixture(scope="module")
def cold_call() -> dict[str, object]:
    run = subprocess.run([sys.executable, "-c", COLD_CALL], capture_output=True, text=True, check=True)  # noqa: S603
    loaded: dict[str, object] = json.loads(run.stdout.strip().splitlines()[-1])
    return loaded


def test_a_cold_call_reads_its_own_packages_rows_not_the_whole_table(cold_call: dict[str, object]) -> None:
    assert cold_call["whole_table_read"] == 0
    assert cold_call["packages_read"] == 1


def test_a_cold_call_without_exact_numbers_loads_no_decimal_reader(cold_call: dict[str, object]) -> None:
    # (httpx may import decimal itself, through rich where it is installed: only our reader is ours to spare.)
    assert cold_call["exact_json"] is False


def test_a_cold_call_that_redacts_nothing_compiles_no_redaction_patterns(
    cold_call: dict[str, object],
) -> None:
    assert cold_call["patterns_compiled"] == 0


def test_an_operation_from_its_package_file_is_the_row_of_the_whole_table() -> None:
    operations.get.cache_clear()
    for key in ("orders_v0.getOrders", "reports_2021_06_30.createReport", "data_kiosk_2023_11_15.getQuery"):
        whole = operations._row(operations._rows()[key])  # the whole table, as all_operations reads it
        assert operations.get(key) == whole


@pytest.mark.parametrize(
    "key", ["orders_v0.noSuchOperation", "no_such_package.getOrders", "../orders_v0.getOrders", ""]
)
def test_an_unknown_key_is_a_key_error(key: str) -> None:
    with pytest.raises(KeyError):
        operations.get(key)


def test_exact_numbers_decode_every_fraction_as_decimal() -> None:
    assert exact_json.loads(b'{"Amount": 12.30, "Count": 3, "Rate": 1e-2}') == {
        "Amount": Decimal("12.30"),
        "Count": 3,
        "Rate": Decimal("0.01"),
    }
    assert str(exact_json.loads("[0.1]")[0]) == "0.1"


def test_redaction_compiles_its_patterns_once_and_still_hides_token_shapes() -> None:
    text = "Authorization: Bearer Atza|abc refresh_token=Atzr|xyz https://s3.example/d?X-Amz-Signature=f00"

    hidden = redact.redact_text(text)

    assert "Atza|abc" not in hidden
    assert "Atzr|xyz" not in hidden
    assert "f00" not in hidden
    assert redact._patterns() is redact._patterns()
