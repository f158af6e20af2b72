"""Listings Items actions against recorded sandbox exchanges: each returns the sandbox example, typed."""

from __future__ import annotations

import pytest
from selling_partner_api.listings_items_2021_08_01.models import (
    Item,
    ListingsItemSubmissionResponse,
    ListingsItemSubmissionResponseStatus,
)

# Replays may not open a socket; recording (any other record mode) may.
pytestmark = [pytest.mark.vcr, pytest.mark.block_network]

SELLER_ID = "A3SANDBOXSELLER"
MARKETPLACE = "ATVPDKIKX0DER"


def test_get_listings_item(api):
    """Get Listings Item returns the sandbox listing with its summaries and issues typed."""
    item = api.call(
        "get_listings_item", seller_id=SELLER_ID, sku="GM-ZDPI-9B4E", marketplace_ids=[MARKETPLACE]
    )

    assert isinstance(item, Item)
    assert item.sku == "GM-ZDPI-9B4E"
    assert item.summaries[0].product_type == "LUGGAGE"
    assert item.issues[0].code == "90220"


def test_create_listings_item(api):
    """Create Listings Item in validation preview returns VALID with the matched ASIN."""
    result = api.call(
        "create_listings_item",
        seller_id=SELLER_ID,
        sku="VALIDATION_VALID",
        marketplace_ids=[MARKETPLACE],
        product_type="LUGGAGE",
        attributes={"item_name": [{"value": "Sandbox suitcase", "marketplace_id": MARKETPLACE}]},
        mode="VALIDATION_PREVIEW",
        included_data=["identifiers", "issues"],
    )

    assert isinstance(result, ListingsItemSubmissionResponse)
    assert result.status is ListingsItemSubmissionResponseStatus.VALID
    assert result.identifiers[0].asin == "B07N4M94X4"
    assert result.issues == []


def test_update_listings_item(api):
    """Update Listings Item in validation preview returns VALID for the sandbox's valid SKU."""
    result = api.call(
        "update_listings_item",
        seller_id=SELLER_ID,
        sku="VALIDATION_VALID",
        marketplace_ids=[MARKETPLACE],
        product_type="LUGGAGE",
        patches=[
            {
                "op": "replace",
                "path": "/attributes/item_name",
                "value": [{"value": "Sandbox suitcase", "marketplace_id": MARKETPLACE}],
            }
        ],
        mode="VALIDATION_PREVIEW",
        included_data=["identifiers", "issues"],
    )

    assert isinstance(result, ListingsItemSubmissionResponse)
    assert result.sku == "VALIDATION_VALID"
    assert result.status is ListingsItemSubmissionResponseStatus.VALID
    assert api.exchanges()[-1] == f"PATCH /listings/2021-08-01/items/{SELLER_ID}/VALIDATION_VALID"


def test_delete_listings_item(api):
    """Delete Listings Item returns the ACCEPTED submission."""
    result = api.call(
        "delete_listings_item", seller_id=SELLER_ID, sku="GM-ZDPI-9B4E", marketplace_ids=[MARKETPLACE]
    )

    assert isinstance(result, ListingsItemSubmissionResponse)
    assert result.status is ListingsItemSubmissionResponseStatus.ACCEPTED
    assert result.submission_id == "f1dc2914-75dd-11ea-bc55-0242ac130003"
    assert api.exchanges()[-1] == f"DELETE /listings/2021-08-01/items/{SELLER_ID}/GM-ZDPI-9B4E"
