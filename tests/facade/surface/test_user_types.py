"""A user's ``mypy --strict`` sees every operation's parameters and success model through the clients.

The program below is type-checked in a subprocess, with both packages on ``mypy_path`` and their own
modules' errors silenced, as mypy treats installed packages (``py.typed``). Its cache lives under the
repository's ``.mypy_cache`` so that only the first run pays for reading the generated models.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]

PROGRAM = """\
from typing import Any, assert_type

from seller_central import AsyncSellerCentral, SellerCentral
from selling_partner_api.catalog_items_2022_04_01.models import Item as CatalogItem
from selling_partner_api.fba_inventory_v1.models import GetInventorySummariesResponse
from selling_partner_api.orders_v0.models import GetOrderResponse, GetOrdersResponse, Order
from selling_partner_api.reports_2021_06_30.models import (
    CreateReportResponse,
    CreateReportSpecification,
    Report,
)


def reports(api: SellerCentral) -> str:
    spec = CreateReportSpecification(report_type="GET_FLAT_FILE_OPEN_LISTINGS_DATA", marketplace_ids=["A"])
    created = api.reports_2021_06_30.create_report(body=spec)
    assert_type(created, CreateReportResponse)
    from_dict = api.reports_2021_06_30.create_report(body={"reportType": "GET_X", "marketplaceIds": ["A"]})
    assert_type(from_dict, CreateReportResponse)
    orders = api.orders_v0.get_orders(marketplace_ids=["ATVPDKIKX0DER"], data_elements=["buyerInfo"])
    assert_type(orders, GetOrdersResponse)
    stock = api.fba_inventory_v1.get_inventory_summaries(
        granularity_type="Marketplace", granularity_id="ATVPDKIKX0DER", marketplace_ids=["ATVPDKIKX0DER"]
    )
    assert_type(stock, GetInventorySummariesResponse)
    anything = api.call("reports_2021_06_30.getReport", report_id=created.report_id)
    assert_type(anything, Any)
    reveal_type(api.reports_2021_06_30.cancel_report)
    for page in api.pages("reports_2021_06_30.getReports", report_types=["GET_X"]):
        assert_type(page, Any)
    return created.report_id


async def areports(aapi: AsyncSellerCentral) -> Report:
    report = await aapi.reports_2021_06_30.get_report(report_id="R1")
    assert_type(report, Report)
    created = await aapi.call("reports_2021_06_30.createReport", body={})
    assert_type(created, Any)
    return report


def action_methods(api: SellerCentral) -> None:
    assert_type(api.get_order(order_id="902-3159896-1390916"), GetOrderResponse)
    assert_type(api.list_orders(marketplace_ids=["ATVPDKIKX0DER"]), GetOrdersResponse)
    for order in api.iter_orders(marketplace_ids=["ATVPDKIKX0DER"], max_pages=2):
        assert_type(order, Order)
    item = api.with_options(timeout=5).get_catalog_item(asin="B0", marketplace_ids=["ATVPDKIKX0DER"])
    assert_type(item, CatalogItem)


async def aaction_methods(aapi: AsyncSellerCentral) -> None:
    assert_type(await aapi.get_order(order_id="902-3159896-1390916"), GetOrderResponse)
    async for order in aapi.iter_orders(marketplace_ids=["ATVPDKIKX0DER"]):
        assert_type(order, Order)


def mistakes(api: SellerCentral) -> None:
    api.reports_2021_06_30.create_report(bdy={})
    api.reports_2021_06_30.get_report()
    count: int = api.orders_v0.get_orders(marketplace_ids=["A"])
    api.reports_2021_06_30.get_repot(report_id="R1")
    api.orders_v0.get_order_address(order_id="1", data_elements=["buyerInfo"])
    api.get_order(order_id=1)
"""

CONFIG = """\
[mypy]
strict = True
python_version = 3.11
mypy_path = {facade}:{generated}
show_error_codes = True
no_error_summary = True

# The packages as installed: mypy reports nothing inside them, and reads their types.
[mypy-seller_central.*,selling_partner_api.*]
ignore_errors = True
"""


@pytest.mark.xdist_group("mypy")
def test_a_users_mypy_sees_the_operations_and_their_models(tmp_path):
    """assert_type holds for sync and awaited methods (operations and the generated action methods alike);
    a misspelt operation or parameter is an error."""
    (tmp_path / "user.py").write_text(PROGRAM, encoding="utf-8")
    config = tmp_path / "mypy.ini"
    config.write_text(CONFIG.format(facade=REPO / "facade", generated=REPO / "generated"), encoding="utf-8")
    done = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(config),
            "--cache-dir",
            str(REPO / ".mypy_cache" / "user-program"),
            "user.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [re.sub(r"^user\.py:(\d+): ", r"\1: ", line) for line in done.stdout.splitlines()]
    mistakes = PROGRAM.splitlines().index("def mistakes(api: SellerCentral) -> None:") + 1

    assert done.returncode == 1, done.stdout + done.stderr
    revealed = next(n for n, line in enumerate(PROGRAM.splitlines(), 1) if "reveal_type(" in line)
    assert lines[0] == f'{revealed}: note: Revealed type is "def (*, report_id: str)"'
    errors = lines[1:]
    assert [int(line.split(":")[0]) - mistakes for line in errors if ": error:" in line] == [1, 2, 3, 4, 5, 6]
    assert any('Unexpected keyword argument "bdy"' in line for line in errors)
    assert any('Missing named argument "report_id"' in line for line in errors)
    assert any('"GetOrdersResponse", variable has type "int"' in line for line in errors)
    assert any('has no attribute "get_repot"' in line and "get_report" in line for line in errors)
    assert any('Unexpected keyword argument "data_elements"' in line for line in errors)
    assert any(
        '"order_id" to "get_order"' in line and 'type "int"; expected "str"' in line for line in errors
    )
