"""Listings actions: the request each sends on the wire, what it returns, and the inputs it refuses."""

from __future__ import annotations

from typing import Any

import pytest
from seller_central.errors import InvalidInputError

SELLER = "A3SELLER0EXAMPLE"
US = "ATVPDKIKX0DER"
CA = "A2EUQ1WTGCTBG2"
ITEM_PATH = f"/listings/2021-08-01/items/{SELLER}/RED/L 42"  # how the wire sees the decoded path
RAW_ITEM_PATH = f"/listings/2021-08-01/items/{SELLER}/RED%2FL%2042"  # what actually travels
SUBMISSION = {"sku": "RED/L 42", "status": "ACCEPTED", "submissionId": "f1dc2914-75dd-11ea-bc55-0242ac130003"}
ATTRIBUTES = {"item_name": [{"value": "Red shirt", "marketplace_id": US}]}
PATCH = {"op": "replace", "path": "/attributes/item_name", "value": [{"value": "Blue shirt"}]}


def raw_path(request) -> str:
    return request.url.raw_path.decode().split("?", 1)[0]


class TestCreateListingsItem:
    def test_puts_the_item_with_an_encoded_sku(self, api, wire):
        """The SKU is percent-encoded in the path; query and body carry the spec's inputs and the extras."""
        wire.json("PUT", ITEM_PATH, {**SUBMISSION, "issues": []})

        result = api.call(
            "create_listings_item",
            seller_id=SELLER,
            sku="RED/L 42",
            marketplace_ids=US,
            product_type="SHIRT",
            requirements="LISTING",
            attributes=ATTRIBUTES,
            issue_locale="en_US",
            mode="VALIDATION_PREVIEW",
            included_data=["identifiers", "issues"],
        )

        assert wire.last.method == "PUT"
        assert raw_path(wire.last) == RAW_ITEM_PATH
        assert wire.query() == {
            "marketplaceIds": [US],
            "issueLocale": ["en_US"],
            "mode": ["VALIDATION_PREVIEW"],
            "includedData": ["identifiers,issues"],
        }
        assert wire.body() == {"productType": "SHIRT", "requirements": "LISTING", "attributes": ATTRIBUTES}
        assert result.status == "ACCEPTED"
        assert result.submission_id == SUBMISSION["submissionId"]

    def test_sends_only_the_inputs_given(self, api, wire):
        """Optional inputs left out stay off the wire, and Attributes may be a JSON string."""
        wire.json("PUT", f"/listings/2021-08-01/items/{SELLER}/SKU-1", {**SUBMISSION, "sku": "SKU-1"})

        api.call(
            "create_listings_item",
            seller_id=SELLER,
            sku="SKU-1",
            marketplace_ids=[US],
            product_type="SHIRT",
            attributes='{"item_name": [{"value": "Red shirt"}]}',
        )

        assert wire.query() == {"marketplaceIds": [US]}
        assert wire.body() == {"productType": "SHIRT", "attributes": {"item_name": [{"value": "Red shirt"}]}}


class TestGetListingsItem:
    def test_gets_the_item_with_summaries_by_default(self, api, wire):
        """Included Data defaults to summaries; several marketplaces go out comma-joined."""
        wire.json(
            "GET", ITEM_PATH, {"sku": "RED/L 42", "summaries": [{"marketplaceId": US, "asin": "B07N4M94X4"}]}
        )

        item = api.call("get_listings_item", seller_id=SELLER, sku="RED/L 42", marketplace_ids=[US, CA])

        assert wire.last.method == "GET"
        assert raw_path(wire.last) == RAW_ITEM_PATH
        assert wire.query() == {"marketplaceIds": [f"{US},{CA}"], "includedData": ["summaries"]}
        assert item.sku == "RED/L 42"
        assert item.summaries[0].asin == "B07N4M94X4"

    def test_sends_the_chosen_data_sets_and_locale(self, api, wire):
        """Included Data and Issue Locale are sent as given."""
        wire.json("GET", ITEM_PATH, {"sku": "RED/L 42"})

        api.call(
            "get_listings_item",
            seller_id=SELLER,
            sku="RED/L 42",
            marketplace_ids=US,
            issue_locale="fr_CA",
            included_data=["attributes", "issues", "offers"],
        )

        assert wire.query() == {
            "marketplaceIds": [US],
            "issueLocale": ["fr_CA"],
            "includedData": ["attributes,issues,offers"],
        }


class TestUpdateListingsItem:
    def test_patches_the_item(self, api, wire):
        """The patches go out as JSON Patch operations with the product type, for several marketplaces."""
        wire.json("PATCH", ITEM_PATH, SUBMISSION)
        delete = {"op": "delete", "path": "/attributes/bullet_point"}

        result = api.call(
            "update_listings_item",
            seller_id=SELLER,
            sku="RED/L 42",
            marketplace_ids=[US, CA],
            product_type="SHIRT",
            patches=[PATCH, delete],
            issue_locale="en_US",
            mode="VALIDATION_PREVIEW",
        )

        assert wire.last.method == "PATCH"
        assert raw_path(wire.last) == RAW_ITEM_PATH
        assert wire.query() == {
            "marketplaceIds": [f"{US},{CA}"],
            "issueLocale": ["en_US"],
            "mode": ["VALIDATION_PREVIEW"],
        }
        assert wire.body() == {"productType": "SHIRT", "patches": [PATCH, delete]}
        assert result.status == "ACCEPTED"


class TestDeleteListingsItem:
    def test_deletes_the_item(self, api, wire):
        """DELETE goes to the encoded item path with one marketplace and the issue locale."""
        wire.json("DELETE", ITEM_PATH, SUBMISSION)

        result = api.call(
            "delete_listings_item", seller_id=SELLER, sku="RED/L 42", marketplace_ids=US, issue_locale="de_DE"
        )

        assert wire.last.method == "DELETE"
        assert raw_path(wire.last) == RAW_ITEM_PATH
        assert wire.query() == {"marketplaceIds": [US], "issueLocale": ["de_DE"]}
        assert wire.last.content == b""
        assert result.submission_id == SUBMISSION["submissionId"]


CREATE: dict[str, Any] = {
    "seller_id": SELLER,
    "sku": "SKU-1",
    "marketplace_ids": US,
    "product_type": "SHIRT",
    "attributes": ATTRIBUTES,
}
UPDATE: dict[str, Any] = {
    "seller_id": SELLER,
    "sku": "SKU-1",
    "marketplace_ids": US,
    "product_type": "SHIRT",
    "patches": [PATCH],
}
GET: dict[str, Any] = {"seller_id": SELLER, "sku": "SKU-1", "marketplace_ids": US}


@pytest.mark.parametrize(
    ("action", "inputs", "label"),
    [
        ("create_listings_item", {**CREATE, "seller_id": ""}, "Seller Id"),
        ("create_listings_item", {**CREATE, "sku": 42}, "Stock Keeping Unit (SKU)"),
        ("create_listings_item", {**CREATE, "marketplace_ids": [US, CA]}, "Marketplace Ids"),
        ("create_listings_item", {**CREATE, "marketplace_ids": "XX"}, "Marketplace Ids"),
        ("create_listings_item", {**CREATE, "product_type": " "}, "Product Type"),
        ("create_listings_item", {k: v for k, v in CREATE.items() if k != "product_type"}, "Product Type"),
        ("create_listings_item", {**CREATE, "requirements": "OFFER"}, "Requirements"),
        ("create_listings_item", {**CREATE, "attributes": [ATTRIBUTES]}, "Attributes"),
        ("create_listings_item", {**CREATE, "attributes": "{not json"}, "Attributes"),
        ("create_listings_item", {**CREATE, "issue_locale": "en-US"}, "Issue Locale"),
        ("create_listings_item", {**CREATE, "mode": "DRY_RUN"}, "Mode"),
        ("create_listings_item", {**CREATE, "included_data": ["summaries"]}, "Included Data"),
        ("get_listings_item", {**GET, "sku": ""}, "Stock Keeping Unit (SKU)"),
        ("get_listings_item", {**GET, "marketplace_ids": []}, "Marketplace Ids"),
        ("get_listings_item", {**GET, "included_data": "summaries,offer"}, "Included Data"),
        ("get_listings_item", {**GET, "issue_locale": "english"}, "Issue Locale"),
        ("update_listings_item", {**UPDATE, "patches": []}, "Patches"),
        ("update_listings_item", {**UPDATE, "patches": {"op": "add"}}, "Patches"),
        ("update_listings_item", {**UPDATE, "patches": [{**PATCH, "op": "remove"}]}, "Patches"),
        (
            "update_listings_item",
            {**UPDATE, "patches": [{**PATCH, "path": "attributes/item_name"}]},
            "Patches",
        ),
        (
            "update_listings_item",
            {**UPDATE, "patches": [{"op": "replace", "path": "/attributes/x"}]},
            "Patches",
        ),
        ("update_listings_item", {**UPDATE, "patches": [{**PATCH, "value": {"not", "json"}}]}, "Patches"),
        ("update_listings_item", {**UPDATE, "patches": [{**PATCH, "Value": [{}]}]}, "Patches"),
        ("update_listings_item", {**UPDATE, "product_type": ""}, "Product Type"),
        ("update_listings_item", {**UPDATE, "mode": "preview"}, "Mode"),
        ("delete_listings_item", {**GET, "marketplace_ids": [US, CA]}, "Marketplace Ids"),
        ("delete_listings_item", {**GET, "seller_id": None}, "Seller Id"),
    ],
)
def test_refuses_bad_input_before_sending(api, wire, action, inputs, label):
    """A bad input raises InvalidInputError naming its label, and nothing is sent."""
    with pytest.raises(InvalidInputError) as caught:
        api.call(action, **inputs)

    assert caught.value.label == label
    assert label in str(caught.value)
    assert wire.requests == []


def test_patch_errors_name_the_operation(api, wire):
    """A bad field inside a patch is named by its index and key."""
    with pytest.raises(
        InvalidInputError,
        match=r"Patches\[1\]\.op: must be one of add, replace, merge, delete \(got 'remove'\)",
    ):
        api.call("update_listings_item", **{**UPDATE, "patches": [PATCH, {**PATCH, "op": "remove"}]})

    assert wire.requests == []
