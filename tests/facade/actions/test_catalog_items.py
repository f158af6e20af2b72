"""Catalog actions: the request each sends on the wire, what it returns, and the inputs it refuses."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from seller_central.errors import InvalidInputError

US = "ATVPDKIKX0DER"
CA = "A2EUQ1WTGCTBG2"
SEARCH_PATH = "/catalog/2022-04-01/items"


def item(asin: str) -> dict[str, Any]:
    return {"asin": asin, "summaries": [{"marketplaceId": US, "itemName": f"Item {asin}"}]}


def results(*asins: str, next_token: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"numberOfResults": 42, "items": [item(a) for a in asins]}
    if next_token:
        body["pagination"] = {"nextToken": next_token}
    return body


class TestGetCatalogItem:
    def test_gets_the_item_with_summaries_by_default(self, api, wire):
        """The ASIN is the path; marketplaces go out comma-joined and Included Data defaults to summaries."""
        wire.json("GET", f"{SEARCH_PATH}/B07N4M94X4", item("B07N4M94X4"))

        found = api.call("get_catalog_item", asin="B07N4M94X4", marketplace_ids=[US, CA])

        assert wire.last.method == "GET"
        assert wire.last.url.path == f"{SEARCH_PATH}/B07N4M94X4"
        assert wire.query() == {"marketplaceIds": [f"{US},{CA}"], "includedData": ["summaries"]}
        assert found.asin == "B07N4M94X4"
        assert found.summaries[0].item_name == "Item B07N4M94X4"

    def test_sends_the_chosen_data_sets_and_locale(self, api, wire):
        """Included Data and Locale are sent as given."""
        wire.json("GET", f"{SEARCH_PATH}/B07N4M94X4", item("B07N4M94X4"))

        api.call(
            "get_catalog_item",
            asin="B07N4M94X4",
            marketplace_ids=US,
            included_data=["attributes", "images", "salesRanks"],
            locale="en_US",
        )

        assert wire.query() == {
            "marketplaceIds": [US],
            "includedData": ["attributes,images,salesRanks"],
            "locale": ["en_US"],
        }


class TestSearchCatalogItem:
    def test_searches_by_keywords(self, api, wire):
        """A keyword search sends the keywords and its refinements comma-joined, with a page size of 10."""
        wire.json("GET", SEARCH_PATH, results("B07N4M94X4", next_token="page-2"))

        page = api.call(
            "search_catalog_item",
            marketplace_ids=US,
            keywords=["samsung", "tv"],
            brand_names="Samsung,LG",
            classification_ids=["172659"],
            keywords_locale="en_US",
            locale="en_US",
        )

        assert wire.last.method == "GET"
        assert wire.last.url.path == SEARCH_PATH
        assert wire.query() == {
            "marketplaceIds": [US],
            "keywords": ["samsung,tv"],
            "brandNames": ["Samsung,LG"],
            "classificationIds": ["172659"],
            "keywordsLocale": ["en_US"],
            "includedData": ["summaries"],
            "locale": ["en_US"],
            "pageSize": ["10"],
        }
        assert page.number_of_results == 42
        assert page.items[0].asin == "B07N4M94X4"
        assert page.pagination.next_token == "page-2"

    def test_searches_by_seller_skus(self, api, wire):
        """An identifier search sends the identifiers, their type and, for SKUs, the seller id."""
        wire.json("GET", SEARCH_PATH, results("B07N4M94X4"))

        api.call(
            "search_catalog_item",
            marketplace_ids=[US],
            identifiers=["SKU-1", "SKU-2"],
            identifiers_type="SKU",
            seller_id="A3SELLER0EXAMPLE",
            page_size=20,
            page_token="page-2",
        )

        assert wire.query() == {
            "marketplaceIds": [US],
            "identifiers": ["SKU-1,SKU-2"],
            "identifiersType": ["SKU"],
            "sellerId": ["A3SELLER0EXAMPLE"],
            "includedData": ["summaries"],
            "pageSize": ["20"],
            "pageToken": ["page-2"],
        }

    def test_iter_catalog_items_follows_the_page_token(self, api, wire):
        """iter_catalog_items sends pagination.nextToken back as pageToken and yields every item once."""
        wire.route(
            "GET",
            SEARCH_PATH,
            httpx.Response(200, json=results("B000000001", "B000000002", next_token="t2")),
            httpx.Response(200, json=results("B000000003", next_token="t3")),
            httpx.Response(200, json=results("B000000004")),
        )

        items = api.collect("iter_catalog_items", marketplace_ids=US, keywords="tv")

        assert [i.asin for i in items] == ["B000000001", "B000000002", "B000000003", "B000000004"]
        assert [wire.query(r).get("pageToken") for r in wire.requests] == [None, ["t2"], ["t3"]]
        assert all(wire.query(r)["keywords"] == ["tv"] for r in wire.requests)


SEARCH: dict[str, Any] = {"marketplace_ids": US, "keywords": "tv"}
BY_ID: dict[str, Any] = {"marketplace_ids": US, "identifiers": "4006381333931", "identifiers_type": "EAN"}


@pytest.mark.parametrize(
    ("action", "inputs", "label"),
    [
        (
            "get_catalog_item",
            {"asin": "b07n4m94x4", "marketplace_ids": US},
            "Amazon Standard Identification Number (ASIN)",
        ),
        (
            "get_catalog_item",
            {"asin": "B07N4M94", "marketplace_ids": US},
            "Amazon Standard Identification Number (ASIN)",
        ),
        ("get_catalog_item", {"asin": "B07N4M94X4", "marketplace_ids": "XX"}, "Marketplace Ids"),
        ("get_catalog_item", {"asin": "B07N4M94X4"}, "Marketplace Ids"),
        (
            "get_catalog_item",
            {"asin": "B07N4M94X4", "marketplace_ids": US, "included_data": "offers"},
            "Included Data",
        ),
        ("get_catalog_item", {"asin": "B07N4M94X4", "marketplace_ids": US, "locale": "en"}, "Locale"),
        ("search_catalog_item", {"marketplace_ids": US}, "Keywords"),
        ("search_catalog_item", {**SEARCH, "identifiers": "B07N4M94X4"}, "Keywords"),
        ("search_catalog_item", {**SEARCH, "marketplace_ids": [US, CA]}, "Marketplace Ids"),
        ("search_catalog_item", {**SEARCH, "keywords": [f"w{i}" for i in range(21)]}, "Keywords"),
        ("search_catalog_item", {**SEARCH, "identifiers_type": "ASIN"}, "Identifiers Type"),
        ("search_catalog_item", {**SEARCH, "page_size": 21}, "Page Size"),
        ("search_catalog_item", {**SEARCH, "page_size": 0}, "Page Size"),
        ("search_catalog_item", {**SEARCH, "page_token": ""}, "Page Token"),
        ("search_catalog_item", {**SEARCH, "keywords_locale": "english"}, "Keywords Locale"),
        ("search_catalog_item", {**SEARCH, "included_data": ["summary"]}, "Included Data"),
        ("search_catalog_item", {**SEARCH, "brand_names": []}, "Brand Names"),
        ("search_catalog_item", {**SEARCH, "classification_ids": [""]}, "Classification Ids"),
        ("search_catalog_item", {**SEARCH, "locale": "EN_us"}, "Locale"),
        (
            "search_catalog_item",
            {k: v for k, v in BY_ID.items() if k != "identifiers_type"},
            "Identifiers Type",
        ),
        ("search_catalog_item", {**BY_ID, "identifiers_type": "FNSKU"}, "Identifiers Type"),
        ("search_catalog_item", {**BY_ID, "identifiers_type": "SKU"}, "Seller Id"),
        ("search_catalog_item", {**BY_ID, "identifiers": ["x"] * 21}, "Identifiers"),
        ("search_catalog_item", {**BY_ID, "brand_names": "Samsung"}, "Brand Names"),
        ("search_catalog_item", {**BY_ID, "classification_ids": "172659"}, "Classification Ids"),
        ("search_catalog_item", {**BY_ID, "keywords_locale": "en_US"}, "Keywords Locale"),
        ("search_catalog_item", {**BY_ID, "seller_id": ""}, "Seller Id"),
    ],
)
def test_refuses_bad_input_before_sending(api, wire, action, inputs, label):
    """A bad input raises InvalidInputError naming its label, and nothing is sent."""
    with pytest.raises(InvalidInputError) as caught:
        api.call(action, **inputs)

    assert caught.value.label == label
    assert label in str(caught.value)
    assert wire.requests == []


def test_identifiers_and_keywords_are_exclusive(api, wire):
    """Searching by identifiers and keywords at once is refused, naming both inputs."""
    with pytest.raises(InvalidInputError, match="Identifiers and Keywords cannot be used together"):
        api.call("search_catalog_item", **{**SEARCH, "identifiers": "B07N4M94X4", "identifiers_type": "ASIN"})

    assert wire.requests == []


def test_sandbox_accepts_test_case_asins_only(sandbox_api, wire):
    """On a sandbox the static sandbox's TEST_CASE values pass the ASIN check; other bad ASINs are refused
    there as in production."""
    wire.json("GET", f"{SEARCH_PATH}/TEST_CASE_200", item("TEST_CASE_200"))

    found = sandbox_api.call("get_catalog_item", asin="TEST_CASE_200", marketplace_ids=US)

    assert wire.last.url.path == f"{SEARCH_PATH}/TEST_CASE_200"
    assert found.asin == "TEST_CASE_200"
    with pytest.raises(InvalidInputError, match="ASIN") as caught:
        sandbox_api.call("get_catalog_item", asin="TEST_ASIN", marketplace_ids=US)
    assert caught.value.label == "Amazon Standard Identification Number (ASIN)"
    assert len(wire.requests) == 1
