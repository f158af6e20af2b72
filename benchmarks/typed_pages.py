"""Typed pages at dict speed (issue 16): the three largest pages users read, ours (typed) against bare httpx.

Pages (canned by ``fake_server.py`` through :func:`answers`):

- ``getOrders``: 100 orders (``fake_server.orders_body``), about 133 KiB.
- ``searchCatalogItems`` (2022-04-01): 20 items with every ``includedData`` (the sandbox item, attributes
  added), about 170 KiB.
- ``listFinancialEvents`` (finances v0): 100 shipment events of 2 items each, with charges, fees and
  promotions, plus refunds and service fees, about 250 KiB.

For each page: seller-central's typed call (the model as returned, nothing read), the same call with the
page read whole (``to_dict()``: every model built), the page with one field of each item read (an order's
id and total, an item's ASIN and first image, an event's order id and first item's SKU), and the floor
(``httpx`` + ``json.loads``; its "items" reading is the same keys of the dicts). Trees are
compared as in ``compare.py``::

    git worktree add /tmp/before <rev>
    .venv/bin/python benchmarks/typed_pages.py before=/tmp/before after=. --rounds 7

``python benchmarks/typed_pages.py parse`` (PYTHONPATH=facade:generated) times the parse alone in one process.
``run.py --only pages`` runs it for the working tree alone (see :func:`measure` and :func:`section`). One
process per run, runs alternate between trees and the order rotates each round; the median per call of each
run is taken, and the median of the runs is reported with the lowest and highest run.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SANDBOX = HERE.parent / "generated" / "selling_partner_api" / "_sandbox"
MARKETPLACE = "ATVPDKIKX0DER"
CATALOG_PATH = b"/catalog/2022-04-01/items"
FINANCES_PATH = b"/finances/v0/financialEvents"
PAGES = ("getOrders", "searchCatalogItems", "listFinancialEvents")
INCLUDED_DATA = [
    "attributes",
    "classifications",
    "dimensions",
    "identifiers",
    "images",
    "productTypes",
    "relationships",
    "salesRanks",
    "summaries",
    "vendorDetails",
]


# -- the canned pages (stdlib only: fake_server.py imports this) ----------------------------------------


def _sandbox_body(package: str, operation: str) -> Any:
    sandbox = json.loads((SANDBOX / f"{package}.json").read_text(encoding="utf-8"))
    return next(e["response"] for e in sandbox["operations"][operation]["examples"] if e["status"] == 200)


def _attributes(number: int) -> dict[str, Any]:
    """What ``attributes`` holds for a television: about 30 attributes, each a list of marketplace values."""

    def value(text: object) -> list[dict[str, Any]]:
        return [{"value": text, "language_tag": "en_US", "marketplace_id": MARKETPLACE}]

    attributes: dict[str, Any] = {
        "item_name": value(f"Samsung QN82Q60RAFXZA Flat 82-Inch QLED 4K Q60 Series, model {number}"),
        "brand": value("SAMSUNG"),
        "bullet_point": [
            {"value": f"Feature line {line} of item {number}", "language_tag": "en_US"} for line in range(6)
        ],
        "item_weight": [{"unit": "pounds", "value": 107.6, "marketplace_id": MARKETPLACE}],
        "list_price": [{"currency": "USD", "value": 2999.99, "marketplace_id": MARKETPLACE}],
    }
    for index in range(25):
        attributes[f"attribute_{index:02d}"] = value(f"value {index} of item {number}")
    return attributes


@cache
def catalog_body() -> bytes:
    """searchCatalogItems: 20 items (the most a page holds), every includedData."""
    page = _sandbox_body("catalog_items_2022_04_01", "searchCatalogItems")
    template = page["items"][0]
    items = []
    for number in range(20):
        item = copy.deepcopy(template)
        item["asin"] = f"B0{number:08d}"
        item["attributes"] = _attributes(number)
        items.append(item)
    page["items"] = items
    page["numberOfResults"] = 1000
    return json.dumps(page, separators=(",", ":")).encode()


def _money(amount: float) -> dict[str, Any]:
    return {"CurrencyCode": "USD", "CurrencyAmount": round(amount, 2)}


CHARGES = (
    ("Principal", 1.0),
    ("Tax", 0.08),
    ("ShippingCharge", 0.1),
    ("ShippingTax", 0.01),
    ("GiftWrap", 0.0),
)
FEES = (("Commission", 0.15), ("FBAPerUnitFulfillmentFee", 0.2), ("FixedClosingFee", 0.01))


def _shipment_event(number: int) -> dict[str, Any]:
    items = []
    for line in range(2):
        price = 10.0 + number + line
        tax = {"ChargeType": "MarketplaceFacilitatorTax-Principal", "ChargeAmount": _money(-price * 0.08)}
        items.append(
            {
                "SellerSKU": f"SKU-{number:04d}-{line}",
                "OrderItemId": f"{number:08d}{line:06d}",
                "QuantityShipped": 1 + line,
                "ItemChargeList": [
                    {"ChargeType": kind, "ChargeAmount": _money(price * share)} for kind, share in CHARGES
                ],
                "ItemFeeList": [
                    {"FeeType": kind, "FeeAmount": _money(-price * share)} for kind, share in FEES
                ],
                "PromotionList": [
                    {
                        "PromotionType": "Shipping",
                        "PromotionId": f"PR-{number}",
                        "PromotionAmount": _money(-1),
                    }
                ],
                "ItemTaxWithheldList": [
                    {"TaxCollectionModel": "MarketplaceFacilitator", "TaxesWithheld": [tax]}
                ],
            }
        )
    return {
        "AmazonOrderId": f"111-{number:07d}-{number * 7 % 10_000_000:07d}",
        "SellerOrderId": f"SO-{number:06d}",
        "MarketplaceName": "Amazon.com",
        "PostedDate": f"2026-11-{1 + number % 28:02d}T10:{number % 60:02d}:00Z",
        "ShipmentItemList": items,
    }


@cache
def finances_body() -> bytes:
    """listFinancialEvents: 100 shipment events (the most a page holds), some refunds and service fees."""
    refunds = [_shipment_event(1000 + number) for number in range(10)]
    for refund in refunds:
        refund["ShipmentItemAdjustmentList"] = refund.pop("ShipmentItemList")
    page = {
        "payload": {
            "NextToken": "2YgYW55IGNhcm5hbCBwbGVhcw==",
            "FinancialEvents": {
                "ShipmentEventList": [_shipment_event(number) for number in range(100)],
                "RefundEventList": refunds,
                "ServiceFeeEventList": [
                    {
                        "FeeReason": "Storage",
                        "FeeList": [{"FeeType": "FBAStorageFee", "FeeAmount": _money(-3)}],
                    }
                    for _ in range(5)
                ],
                "AdjustmentEventList": [],
            },
        }
    }
    return json.dumps(page, separators=(",", ":")).encode()


def answers(response: Callable[..., bytes]) -> dict[bytes, bytes]:
    """The canned HTTP answers by path, built with fake_server's ``_response``."""
    return {
        CATALOG_PATH: response(200, catalog_body(), rate=b"2.0"),
        FINANCES_PATH: response(200, finances_body(), rate=b"0.5"),
    }


# -- the clients ------------------------------------------------------------------------------------------


class Ours:
    """``SellerCentral``: each page through its typed method (the generated namespaces for the two
    operations without an action)."""

    def __init__(self, port: int) -> None:
        import clients  # noqa: PLC0415

        self.inner = clients.Ours(port, rate_limit=False)
        api = self.inner.api
        self.calls: dict[str, Callable[[], Any]] = {
            "getOrders": self.inner.get_orders,
            "searchCatalogItems": lambda: api.catalog_items_2022_04_01.search_catalog_items(
                marketplace_ids=[MARKETPLACE], keywords=["samsung", "tv"], included_data=INCLUDED_DATA
            ),
            "listFinancialEvents": lambda: api.finances_v0.list_financial_events(max_results_per_page=100),
        }

    @staticmethod
    def size(page: str, result: Any) -> int:
        if page == "getOrders":
            return len(result.payload.orders)
        if page == "searchCatalogItems":
            return len(result.items)
        return len(result.payload.financial_events.shipment_event_list)

    @staticmethod
    def read_whole(result: Any) -> Any:
        return result.to_dict()

    @staticmethod
    def read_items(page: str, result: Any) -> Any:
        if page == "getOrders":
            return [(order.amazon_order_id, order.order_total.amount) for order in result.payload.orders]
        if page == "searchCatalogItems":
            return [(item.asin, item.images[0].images[0].link) for item in result.items]
        events = result.payload.financial_events.shipment_event_list
        return [(event.amazon_order_id, event.shipment_item_list[0].seller_sku) for event in events]

    def close(self) -> None:
        self.inner.close()


class Floor:
    """Bare ``httpx.Client`` and ``json.loads``: the same requests."""

    def __init__(self, port: int) -> None:
        import clients  # noqa: PLC0415

        self.inner = clients.HttpxFloor(port)
        client, base, headers = self.inner._client, self.inner._base, self.inner._headers  # noqa: SLF001
        catalog = {"marketplaceIds": MARKETPLACE, "keywords": "samsung,tv", "includedData": INCLUDED_DATA}

        def get(path: bytes, params: dict[str, Any]) -> Any:
            return json.loads(client.get(base + path.decode(), params=params, headers=headers).content)

        self.calls: dict[str, Callable[[], Any]] = {
            "getOrders": self.inner.get_orders,
            "searchCatalogItems": lambda: get(CATALOG_PATH, catalog),
            "listFinancialEvents": lambda: get(FINANCES_PATH, {"MaxResultsPerPage": 100}),
        }

    @staticmethod
    def size(page: str, result: Any) -> int:
        if page == "getOrders":
            return len(result["payload"]["Orders"])
        if page == "searchCatalogItems":
            return len(result["items"])
        return len(result["payload"]["FinancialEvents"]["ShipmentEventList"])

    @staticmethod
    def read_whole(result: Any) -> Any:
        return result

    @staticmethod
    def read_items(page: str, result: Any) -> Any:
        if page == "getOrders":
            return [
                (order["AmazonOrderId"], order["OrderTotal"]["Amount"])
                for order in result["payload"]["Orders"]
            ]
        if page == "searchCatalogItems":
            return [(item["asin"], item["images"][0]["images"][0]["link"]) for item in result["items"]]
        events = result["payload"]["FinancialEvents"]["ShipmentEventList"]
        return [(event["AmazonOrderId"], event["ShipmentItemList"][0]["SellerSKU"]) for event in events]

    def close(self) -> None:
        self.inner.close()


EXPECTED = {"getOrders": 100, "searchCatalogItems": 20, "listFinancialEvents": 100}


def warm(client_name: str, page: str, *, port: int, calls: int, read_mode: str) -> dict[str, Any]:
    """Time ``calls`` warm calls of one page in this process; ``read_mode`` ``whole`` also reads the result
    whole, ``items`` a field or two of each item, ``none`` nothing."""
    client = {"ours": Ours, "httpx": Floor}[client_name](port)
    call = client.calls[page]
    for _ in range(20):
        result = call()
    if client.size(page, result) != EXPECTED[page]:
        msg = f"{client_name} read {client.size(page, result)} entries of {page}, expected {EXPECTED[page]}"
        raise RuntimeError(msg)
    reads = {"whole": client.read_whole, "items": lambda result: client.read_items(page, result)}
    read = reads.get(read_mode, lambda result: result)
    clock, times = time.perf_counter_ns, []
    cpu_start = time.process_time_ns()
    for _ in range(calls):
        start = clock()
        read(call())
        times.append(clock() - start)
    cpu = time.process_time_ns() - cpu_start
    client.close()
    return {"median_ns": statistics.median(times), "cpu_ns": cpu / calls}


# -- the comparison ---------------------------------------------------------------------------------------


def _env(tree: Path | None, cache_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}
    env["PYTHONPYCACHEPREFIX"] = str(cache_dir)
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(tree / "facade"), str(tree / "generated")])
    return env


def _child(env: dict[str, str], *args: str) -> tuple[float, float]:
    command = [sys.executable, str(Path(__file__)), "worker", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        msg = f"{' '.join(args)} failed:\n{done.stderr[-3000:]}"
        raise RuntimeError(msg)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return float(out["median_ns"]) / 1e9, float(out["cpu_ns"]) / 1e9


def measure(
    trees: dict[str, Path], *, port: int, rounds: int, calls: int, log: Callable[[str], None] | None = None
) -> dict[tuple[str, str], list[float]]:
    """Seconds per call, by (row, page), each run a fresh process; rows are ``<tree>``, ``<tree> read items``,
    ``<tree> read whole``, ``httpx + json.loads`` and ``httpx + json.loads read items`` (wall-clock median of
    the run's calls), and each again with `` (CPU)`` (the run's CPU time per call: steadier on a busy
    machine)."""
    scratch = Path(tempfile.mkdtemp(prefix="sc-pages-"))
    envs: dict[str, tuple[dict[str, str], str, str]] = {}
    for name, tree in trees.items():
        env = _env(tree, scratch / name)
        envs[name] = (env, "ours", "none")
        envs[f"{name} read items"] = (env, "ours", "items")
        envs[f"{name} read whole"] = (env, "ours", "whole")
    envs["httpx + json.loads"] = (_env(None, scratch / "httpx"), "httpx", "none")
    envs["httpx + json.loads read items"] = (_env(None, scratch / "httpx"), "httpx", "items")
    runs: dict[tuple[str, str], list[float]] = {}
    for number in range(rounds):
        rows = list(envs)
        rows = rows[number % len(rows) :] + rows[: number % len(rows)]
        for row in rows:
            env, client, read_mode = envs[row]
            for page in PAGES:
                args = [client, page, "--port", str(port), "--calls", str(calls)]
                seconds, cpu = _child(env, *args, "--read", read_mode)
                runs.setdefault((row, page), []).append(seconds)
                runs.setdefault((f"{row} (CPU)", page), []).append(cpu)
        if log is not None:
            log(f"pages: round {number + 1}/{rounds} done")
    return runs


def _cell(values: list[float], floor: float | None) -> str:
    median = statistics.median(values)
    text = f"{median * 1e3:.2f} ms ({min(values) * 1e3:.2f}-{max(values) * 1e3:.2f})"
    return text if floor is None else f"{text}, {median / floor:.2f}x"


def section(runs: dict[tuple[str, str], list[float]]) -> list[str]:
    """Two Markdown tables (wall clock, CPU): one row per tree (and read-whole variant) and the floor; each
    cell is the median per call with the lowest and highest run, and the ratio to the floor's median."""
    lines = []
    for cpu in (False, True):
        rows = [row for row in dict.fromkeys(row for row, _ in runs) if row.endswith(" (CPU)") == cpu]
        floor_row = "httpx + json.loads" + (" (CPU)" if cpu else "")
        floor = {page: statistics.median(runs[floor_row, page]) for page in PAGES}
        lines += ["| | " + " | ".join(PAGES) + " |", "|---|" + "---|" * len(PAGES)]
        items_row = "httpx + json.loads read items" + (" (CPU)" if cpu else "")
        floor_items = {page: statistics.median(runs[items_row, page]) for page in PAGES}
        for row in rows:
            base = floor_items if " read items" in row else floor
            cells = [
                _cell(runs[row, page], None if row.startswith("httpx") else base[page]) for page in PAGES
            ]
            lines.append(f"| {row} | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


# -- the parse alone, in process ----------------------------------------------------------------------------


def parse_table(repeat: int = 40, number: int = 5) -> list[str]:
    """The decode and parse of each page in this process (no HTTP), best of ``repeat`` batches:
    ``json.loads``, ``from_dict`` (what a response cost before) and ``read_lazily`` (what it costs now), each
    read not at all, by items and whole. On a busy machine the best batch is steadier than a median of
    processes."""
    import timeit  # noqa: PLC0415

    import fake_server  # noqa: PLC0415
    from selling_partner_api.catalog_items_2022_04_01.models import ItemSearchResults  # noqa: PLC0415
    from selling_partner_api.finances_v0.models import ListFinancialEventsResponse  # noqa: PLC0415
    from selling_partner_api.orders_v0.models import GetOrdersResponse  # noqa: PLC0415
    from selling_partner_api.types import read_lazily  # noqa: PLC0415

    pages = {
        "getOrders": (fake_server.orders_body(), GetOrdersResponse),
        "searchCatalogItems": (catalog_body(), ItemSearchResults),
        "listFinancialEvents": (finances_body(), ListFinancialEventsResponse),
    }
    builders = {"from_dict": lambda cls, data: cls.from_dict(data), "read_lazily": read_lazily}
    reads: dict[str, Callable[[str, Any], Any]] = {
        "nothing read": lambda page, model: model,  # noqa: ARG005
        "items read": Ours.read_items,
        "read whole": lambda page, model: model.to_dict(),  # noqa: ARG005
    }

    def best(call: Callable[[], Any]) -> float:
        return min(timeit.repeat(call, number=number, repeat=repeat)) / number

    cells: dict[str, list[str]] = {}
    for page, (body, cls) in pages.items():
        data = json.loads(body)
        cells.setdefault("json.loads", []).append(f"{best(lambda body=body: json.loads(body)) * 1e6:.0f} us")
        for build_name, build in builders.items():
            for read_name, read in reads.items():

                def run(build=build, read=read, cls=cls, data=data, page=page) -> Any:
                    return read(page, build(cls, data))

                cells.setdefault(f"{build_name}, {read_name}", []).append(f"{best(run) * 1e6:.0f} us")
    lines = ["| parse only (best batch) | " + " | ".join(PAGES) + " |", "|---|" + "---|" * len(PAGES)]
    lines += [f"| {row} | " + " | ".join(values) + " |" for row, values in cells.items()]
    return lines


# -- the hook for run.py ----------------------------------------------------------------------------------

_LAST: dict[tuple[str, str], list[float]] = {}


def run_section(plan: Any, server: Any, results: Any) -> None:  # noqa: ARG001 (run.py's measure signature)
    """``run.py --only pages``: the working tree (and ``--baseline``) against the floor, on run.py's fake."""
    run = sys.modules["__main__"]  # run.py, which imported this module; its --baseline is set by now
    trees = {"seller-central": HERE.parent}
    baseline = getattr(run, "_baseline_root", None)
    if baseline is not None:
        trees["seller-central baseline"] = baseline
    log = getattr(run, "log", print)
    _LAST.update(measure(trees, port=server.port, rounds=plan.warm_rounds, calls=100, log=log))


def report_lines() -> list[str]:
    """The section run.py writes into RESULTS.md (nothing when ``pages`` was not measured)."""
    if not _LAST:
        return []
    return [
        "## Typed pages (issue 16)",
        "",
        (
            "Warm calls of the largest pages, typed (the model as returned; `read items`: a field or two of "
            "each item, against the floor reading the same keys; `read whole`: then `to_dict()`), "
            "against bare httpx + `json.loads` (see `typed_pages.py`). Median per call (lowest-highest run), "
            "ratio to the floor."
        ),
        "",
        *section(_LAST),
    ]


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        parser = argparse.ArgumentParser()
        parser.add_argument("client", choices=["ours", "httpx"])
        parser.add_argument("page", choices=PAGES)
        parser.add_argument("--port", type=int, required=True)
        parser.add_argument("--calls", type=int, default=100)
        parser.add_argument("--read", choices=["none", "items", "whole"], default="none")
        args = parser.parse_args(sys.argv[2:])
        sys.path.insert(0, str(HERE))
        print(json.dumps(warm(args.client, args.page, port=args.port, calls=args.calls, read_mode=args.read)))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "parse":
        sys.path.insert(0, str(HERE))
        print("\n".join(parse_table()))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="*", default=["ours=."], help="NAME=PATH of a checkout")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=100, help="timed calls per run")
    args = parser.parse_args()
    trees = {name: Path(path).resolve() for name, path in (t.split("=", 1) for t in args.trees)}
    server = subprocess.Popen(
        [sys.executable, str(HERE / "fake_server.py")], stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None  # noqa: S101
    port = int(server.stdout.readline().split()[1])
    try:
        runs = measure(
            trees, port=port, rounds=args.rounds, calls=args.calls, log=lambda m: print(m, file=sys.stderr)
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    print("\n".join(section(runs)))


if __name__ == "__main__":
    main()
