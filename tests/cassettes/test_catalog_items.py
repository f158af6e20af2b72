"""Catalog Items actions against recorded sandbox exchanges: each returns the sandbox example, typed."""

from __future__ import annotations

import pytest
from selling_partner_api.catalog_items_2022_04_01.models import Item, ItemSearchResults

# Replays may not open a socket; recording (any other record mode) may.
pytestmark = [pytest.mark.vcr, pytest.mark.block_network]

MARKETPLACE = "ATVPDKIKX0DER"
EVERY_DATA_SET = [
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


def test_get_catalog_item(api):
    """Get Catalog Item returns the sandbox TV with the data sets asked for, typed."""
    item = api.call(
        "get_catalog_item", asin="B07N4M94X4", marketplace_ids=[MARKETPLACE], included_data=EVERY_DATA_SET
    )

    assert isinstance(item, Item)
    assert item.asin == "B07N4M94X4"
    assert item.classifications[0].classifications[0].display_name == "QLED TVs"
    assert item.dimensions[0].item.weight.value == 107.6


def test_search_catalog_item(api):
    """Search Catalog Item by keywords returns one page holding the sandbox TV."""
    results = api.call(
        "search_catalog_item",
        marketplace_ids=[MARKETPLACE],
        keywords=["samsung", "tv"],
        included_data=EVERY_DATA_SET,
    )

    assert isinstance(results, ItemSearchResults)
    assert results.number_of_results == 1
    assert [item.asin for item in results.items] == ["B07N4M94X4"]
