"""The main job for a newcomer: start the local sandbox and run the connector's actions through the CLI.

``seller-central sandbox tour`` (``make demo``) starts the local sandbox on a free port in this process, then
runs one ``seller-central`` command per step, exactly as a user would type it, against that sandbox. The
inputs are the values Amazon's static sandbox examples answer (``TEST_CASE_200``, the example ASIN, ...).
Each step prints a short readable result; the tour ends with a one-line summary of how many succeeded.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

from seller_central.cli.output import render
from seller_central.sandbox.scenarios import OrdersScenario
from seller_central.sandbox.server import SandboxServer

__all__ = ["Step", "run_tour", "steps"]

Context = dict[str, Any]
_STARTUP_SECONDS = 15.0
_PREVIEW_LINES = 8
_SHOWN_ARGUMENT = 60

_SHIP_FROM = {
    "Name": "John Doe",
    "AddressLine1": "300 Turnbull Ave",
    "City": "Detroit",
    "StateOrProvinceCode": "MI",
    "PostalCode": "48123",
    "CountryCode": "US",
    "Email": "jdoeasdfllkj@yahoo.com",
    "Phone": "7132341234",
}
_PACKAGE = {
    "--amazon-order-id": "903-5563053-5647845",
    "--item-list": json.dumps([{"OrderItemId": "52986411826454", "Quantity": 1}]),
    "--ship-from-address": json.dumps(_SHIP_FROM),
    "--package-dimensions": json.dumps({"Length": 10.25, "Width": 10.25, "Height": 10.25, "Unit": "inches"}),
    "--weight": json.dumps({"Value": 10.25, "Unit": "oz"}),
    "--shipping-service-options": json.dumps(
        {
            "DeliveryExperience": "NoTracking",
            "CarrierWillPickUp": False,
            "CarrierWillPickUpOption": "ShipperWillDropOff",
        }
    ),
}
_OFFER_ID = (
    "WHgxtyn6qjGGaCzOCog1azF5HLHje5Pz3Lc2Fmt5eKoZAReW8oJ1SMumuBS8lA/Hjuglhyiu0+KRLvyJxFV0PB9YFMDhygs3VyTL0WGYkGxiuRk"
    "muEvpqldUn9rrkWVodqnR4vx2VtXvtER/Ju6RqYoddJZGy6RS2KLzzhQ2NclN0NYXMZVqpOe5RsRBddXaGuJr7oza3M52+JzChocAHzcurIhC"
    "RynpbxfmNLzZMQEbgnpGLzuaoSMzfxg90/NaXFR/Ou01du/uKd5AbfMW/AxAKP9ht6Oi9lDHq6WkGqvjkVLW0/jj/fBgblIwcs+t"
)
_CATALOG_DATA = (
    "classifications,dimensions,identifiers,images,productTypes,relationships,salesRanks,summaries,"
    "vendorDetails"
)
_ORDER_DATA = "BUYER,RECIPIENT,PROCEEDS,EXPENSE,PROMOTION,CANCELLATION,FULFILLMENT,PACKAGES"


def _flatten(options: dict[str, str]) -> list[str]:
    return [part for pair in options.items() for part in pair]


@attrs.frozen(kw_only=True)
class Step:
    """One CLI command of the tour.

    Attributes:
        title: What the step shows.
        argv: The arguments after ``seller-central`` (or a function of what earlier steps returned).
        keep: Store a value of this step's JSON result for later steps (name -> function of the result).
    """

    title: str
    argv: list[str] | Callable[[Context], list[str]]
    keep: dict[str, Callable[[Any], Any]] = attrs.field(factory=dict)


def steps(workdir: Path) -> list[Step]:
    """Return the tour: every action of the connector spec plus the helpers beside them."""
    feed_file = workdir / "feed.tsv"
    feed_file.write_text("sku\tprice\tquantity\nDEMO-SKU-1\t19.99\t5\n", encoding="utf-8")
    tsv = "text/tab-separated-values; charset=UTF-8"
    state = str(workdir / "orders.sqlite")
    sync_argv = ["orders", "sync", "--state", state, "--marketplace", "ATVPDKIKX0DER"]
    since = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    return [
        Step(
            title="List Orders, following every page (--all-pages)",
            argv=[
                "orders",
                "list",
                "--marketplace-ids",
                "ATVPDKIKX0DER",
                "--created-after",
                "TEST_CASE_200_NEXT_TOKEN",
                "--all-pages",
                "--max-results-per-page",
                "100",
            ],
        ),
        Step(title="Get Order", argv=["orders", "get", "--order-id", "TEST_CASE_200"]),
        Step(title="Get Order Items", argv=["orders", "items", "--order-id", "TEST_CASE_200"]),
        Step(
            title="Get Order Address (through a Restricted Data Token)",
            argv=["orders", "address", "--order-id", "TEST_CASE_200"],
        ),
        Step(
            title="Get Order Buyer Info (RDT)", argv=["orders", "buyer-info", "--order-id", "TEST_CASE_200"]
        ),
        Step(
            title="Get Order Items Buyer Info (RDT)",
            argv=["orders", "items-buyer-info", "--order-id", "TEST_CASE_200"],
        ),
        Step(
            title="Confirm Order Shipment",
            argv=[
                "orders",
                "confirm-shipment",
                "--order-id",
                "902-1106328-1059050",
                "--marketplace-id",
                "ATVPDKIKX0DER",
                "--package-reference-id",
                "1",
                "--carrier-code",
                "FedEx",
                "--carrier-name",
                "FedEx",
                "--tracking-number",
                "112345678",
                "--ship-date",
                "2022-02-11T01:00:00.000Z",
                "--shipping-method",
                "FedEx Ground",
                "--ship-from-supply-source-id",
                "057d3fcc-b750-419f-bbcd-4d340c60c430",
                "--order-items",
                json.dumps(
                    [
                        {
                            "orderItemId": "79039765272157",
                            "quantity": 1,
                            "transparencyCodes": ["09876543211234567890"],
                        }
                    ]
                ),
            ],
        ),
        Step(
            title="Search Orders (Orders 2026-01-01)",
            argv=[
                "orders",
                "search",
                "--created-after",
                "2024-12-25T00:00:00Z",
                "--marketplace-ids",
                "A1VC38T7YXB528",
                "--included-data",
                _ORDER_DATA,
            ],
        ),
        Step(
            title="Get Order Details (Orders 2026-01-01)",
            argv=["orders", "details", "--order-id", "171-9876543-2109876", "--included-data", _ORDER_DATA],
        ),
        Step(
            title="Search Catalog Item",
            argv=[
                "catalog",
                "search",
                "--marketplace-ids",
                "ATVPDKIKX0DER",
                "--keywords",
                "samsung,tv",
                "--included-data",
                _CATALOG_DATA,
            ],
        ),
        Step(
            title="Get Catalog Item",
            argv=[
                "catalog",
                "get",
                "--asin",
                "B07N4M94X4",
                "--marketplace-ids",
                "ATVPDKIKX0DER",
                "--included-data",
                _CATALOG_DATA,
            ],
        ),
        Step(
            title="Create Listings Item",
            argv=[
                "listings",
                "create",
                "--seller-id",
                "A3SELLER0DEMO",
                "--sku",
                "DEMO-SKU-1",
                "--marketplace-ids",
                "ATVPDKIKX0DER",
                "--product-type",
                "PRODUCT",
                "--requirements",
                "LISTING",
                "--attributes",
                json.dumps({"condition_type": [{"value": "new_new", "marketplace_id": "ATVPDKIKX0DER"}]}),
            ],
        ),
        Step(
            title="Get Listings Item",
            argv=[
                "listings",
                "get",
                "--seller-id",
                "A3SELLER0DEMO",
                "--sku",
                "DEMO-SKU-1",
                "--marketplace-ids",
                "ATVPDKIKX0DER",
                "--included-data",
                "summaries,issues",
            ],
        ),
        Step(
            title="Update Listings Item",
            argv=[
                "listings",
                "update",
                "--seller-id",
                "A3SELLER0DEMO",
                "--sku",
                "DEMO-SKU-1",
                "--marketplace-ids",
                "ATVPDKIKX0DER",
                "--product-type",
                "PRODUCT",
                "--patches",
                json.dumps(
                    [
                        {
                            "op": "replace",
                            "path": "/attributes/item_name",
                            "value": [{"value": "Demo item", "marketplace_id": "ATVPDKIKX0DER"}],
                        }
                    ]
                ),
            ],
        ),
        Step(
            title="Delete Listings Item",
            argv=[
                "listings",
                "delete",
                "--seller-id",
                "A3SELLER0DEMO",
                "--sku",
                "DEMO-SKU-1",
                "--marketplace-ids",
                "ATVPDKIKX0DER",
            ],
        ),
        Step(
            title="Create Feed Document",
            argv=["feeds", "create-document", "--content-type", tsv],
            keep={"upload_url": lambda result: result["url"]},
        ),
        Step(
            title="Upload the feed document (presigned URL, no SP-API token)",
            argv=lambda ctx: [
                "feeds",
                "upload",
                "--url",
                ctx["upload_url"],
                "--content-type",
                tsv,
                "--path",
                str(feed_file),
            ],
        ),
        Step(
            title="Create Feed",
            argv=[
                "feeds",
                "create",
                "--feed-type",
                "POST_PRODUCT_DATA",
                "--marketplace-ids",
                "ATVPDKIKX0DER,A1F83G8C2ARO7P",
                "--input-feed-document-id",
                "3d4e42b5-1d6e-44e8-a89c-2abfca0625bb",
            ],
        ),
        Step(
            title="Submit Feed (document + upload + feed in one command)",
            argv=[
                "feeds",
                "submit",
                str(feed_file),
                "--feed-type",
                "POST_PRODUCT_DATA",
                "--marketplace-ids",
                "ATVPDKIKX0DER,A1F83G8C2ARO7P",
                "--content-type",
                tsv,
            ],
        ),
        Step(title="Get Feed", argv=["feeds", "get", "--feed-id", "feedId1"]),
        Step(
            title="Run Report (create, wait IN_QUEUE -> IN_PROGRESS -> DONE, download GZIP, decode Cp1252)",
            argv=[
                "reports",
                "run",
                "GET_MERCHANT_LISTINGS_ALL_DATA",
                "--marketplace",
                "A1PA6795UKMFR9",
                "--poll-interval",
                "0.5",
            ],
        ),
        Step(
            title="List Feeds",
            argv=[
                "feeds",
                "list",
                "--feed-types",
                "POST_PRODUCT_DATA",
                "--processing-statuses",
                "CANCELLED,DONE",
            ],
        ),
        Step(title="Cancel Feed", argv=["feeds", "cancel", "--feed-id", "ID1"]),
        Step(
            title="Get Feed Document",
            argv=["feeds", "get-document", "--feed-document-id", "0356cf79-b8b0-4226-b4b9-0ee058ea5760"],
        ),
        Step(
            title="Create Destination (SQS)",
            argv=[
                "notifications",
                "create-destination",
                "--name",
                "SQSDestination",
                "--arn",
                "arn:aws:sqs:us-east-2:444455556666:queue1",
            ],
            keep={"destination_id": lambda result: result["payload"]["destinationId"]},
        ),
        Step(title="List Destinations", argv=["notifications", "list-destinations"]),
        Step(
            title="Get Destination",
            argv=lambda ctx: ["notifications", "get-destination", "--destination-id", ctx["destination_id"]],
        ),
        Step(
            title="Create Subscription",
            argv=lambda ctx: [
                "notifications",
                "create-subscription",
                "--notification-type",
                "ANY_OFFER_CHANGED",
                "--payload-version",
                "1.0",
                "--destination-id",
                ctx["destination_id"],
            ],
            keep={"subscription_id": lambda result: result["payload"]["subscriptionId"]},
        ),
        Step(
            title="List Subscription",
            argv=["notifications", "list-subscription", "--notification-type", "ANY_OFFER_CHANGED"],
        ),
        Step(
            title="Get Subscription By ID",
            argv=lambda ctx: [
                "notifications",
                "get-subscription",
                "--subscription-id",
                ctx["subscription_id"],
                "--notification-type",
                "ANY_OFFER_CHANGED",
            ],
        ),
        Step(
            title="Delete Subscription By ID",
            argv=lambda ctx: [
                "notifications",
                "delete-subscription",
                "--subscription-id",
                ctx["subscription_id"],
                "--notification-type",
                "ANY_OFFER_CHANGED",
            ],
        ),
        Step(
            title="Delete Destination",
            argv=lambda ctx: [
                "notifications",
                "delete-destination",
                "--destination-id",
                ctx["destination_id"],
            ],
        ),
        Step(title="Get Eligible Shipment Services", argv=["shipping", "services", *_flatten(_PACKAGE)]),
        Step(
            title="Create Shipment (RDT)",
            argv=[
                "shipping",
                "create",
                *_flatten(_PACKAGE),
                "--shipping-service-id",
                "UPS_PTP_2ND_DAY_AIR",
                "--shipping-service-offer-id",
                _OFFER_ID,
            ],
        ),
        Step(
            title="Get Shipment (RDT)",
            argv=["shipping", "get", "--shipment-id", "abcddcba-00c3-4f6f-a63a-639f76ee9253"],
        ),
        Step(
            title="Cancel Shipment (RDT)",
            argv=["shipping", "cancel", "--shipment-id", "be7a0a53-00c3-4f6f-a63a-639f76ee9253"],
        ),
        Step(
            title="Raw Request (any path, same auth, limits and retries)",
            argv=["raw", "request", "--url", "/orders/v0/orders/TEST_CASE_200", "--method", "GET"],
        ),
        Step(
            title="Order sync, first run: every order changed since --since (JSON lines; state in SQLite)",
            argv=[*sync_argv, "--since", since.strftime("%Y-%m-%dT%H:%M:%SZ")],
        ),
        Step(title="Order sync again: only what changed since the last run (here nothing)", argv=sync_argv),
    ]


def _result(stdout: str) -> Any:
    """Return a command's JSON output: one document, or a list of JSON lines (``orders sync``)."""
    if not stdout.strip():
        return None
    try:
        return json.loads(stdout)
    except ValueError:
        return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def _preview(text: str) -> str:
    lines = text.splitlines()
    more = f"\n    ... ({len(lines) - _PREVIEW_LINES} more lines)" if len(lines) > _PREVIEW_LINES else ""
    return "\n".join(f"    {line}" for line in lines[:_PREVIEW_LINES]) + more


def _demo_orders() -> OrdersScenario:
    """Three orders changed in the last half hour, for the order sync steps."""
    orders = OrdersScenario()
    now = datetime.datetime.now(datetime.UTC)
    for number, minutes in ((1, 30), (2, 20), (3, 10)):
        orders.put(f"902-{number:07d}-{number:07d}", updated=now - datetime.timedelta(minutes=minutes))
    return orders


@contextlib.contextmanager
def _sandbox(port: int) -> Iterator[SandboxServer]:
    try:
        server = SandboxServer(port=port, scenarios=[_demo_orders()]).start()
    except (OSError, OverflowError) as error:
        # Most often the port is taken; say so in one line (as `sandbox serve` does) rather than a traceback.
        msg = f"cannot listen on 127.0.0.1:{port}: {getattr(error, 'strerror', None) or error}"
        raise SystemExit(msg) from error
    try:
        yield server
    finally:
        server.stop()


def run_tour(*, port: int | None = None, out: Callable[[str], None] = print) -> int:
    """Run the tour against a fresh local sandbox; return 0 when every step succeeded.

    Raises:
        SystemExit: with a one-line message when the sandbox cannot listen on ``port``.
    """
    command = [sys.executable, "-m", "seller_central.cli"]
    passed = 0
    tour: list[Step] = []
    with _sandbox(port or 0) as server:
        env = {
            **os.environ,
            "SP_API_CLIENT_ID": "amzn1.application-oa2-client.demo",
            "SP_API_CLIENT_SECRET": "demo-client-secret",
            "SP_API_REFRESH_TOKEN": "Atzr|demo-refresh-token",
            "SP_API_ENDPOINT": server.url,
            "SP_API_TOKEN_URL": server.token_url,
            "SP_API_SANDBOX": "true",
            "PYTHONWARNINGS": "ignore::DeprecationWarning",
        }
        out(f"Local sandbox running at {server.url}\n")
        context: Context = {}
        with tempfile.TemporaryDirectory(prefix="seller-central-tour-") as tmp:
            tour = steps(Path(tmp))
            for number, step in enumerate(tour, start=1):
                argv = step.argv(context) if callable(step.argv) else step.argv
                shown = " ".join(arg if len(arg) < _SHOWN_ARGUMENT else arg[:57] + "..." for arg in argv)
                out(f"[{number:2}/{len(tour)}] {step.title}\n    $ seller-central {shown}")
                done = subprocess.run([*command, *argv], env=env, capture_output=True, text=True, check=False)  # noqa: S603
                if done.returncode != 0:
                    out(f"    FAILED (exit {done.returncode}): {done.stderr.strip()[-500:]}\n")
                    continue
                result = _result(done.stdout)
                for name, pick in step.keep.items():
                    context[name] = pick(result)
                out(_preview(render(result, "table") or "(no content: success)") + "\n")
                passed += 1
    out(f"Tour finished: {passed} of {len(tour)} actions succeeded against the local sandbox.")
    return 0 if tour and passed == len(tour) else 1
