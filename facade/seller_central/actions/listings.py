"""Listings: create, read, patch and delete one listings item (Listings Items 2021-08-01).

All four actions address the item by Seller Id and SKU, both path segments; the generated client
percent-encodes them, so a SKU such as ``RED/L 42`` reaches Amazon as ``RED%2FL%2042``.
The spec copies two wrong comments onto these actions (Seller Id "required when identifiersType is SKU",
Marketplace Ids "used to select orders"); the comments below say what the inputs do here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, NotRequired, TypedDict

from selling_partner_api.listings_items_2021_08_01.api import delete_listings_item as delete_listings_item_op
from selling_partner_api.listings_items_2021_08_01.api import get_listings_item as get_listings_item_op
from selling_partner_api.listings_items_2021_08_01.api import patch_listings_item as patch_listings_item_op
from selling_partner_api.listings_items_2021_08_01.api import put_listings_item as put_listings_item_op

from seller_central import validation
from seller_central.actions._inputs import (
    ISSUE_LOCALE,
    LOCALE_PATTERN,
    SELLER_ID,
    SKU,
    Values,
    marketplace_ids,
)
from seller_central.actions._spec import Input, action
from seller_central.calls import Call, Context
from seller_central.errors import InvalidInputError

if TYPE_CHECKING:
    from selling_partner_api.listings_items_2021_08_01.models import Item, ListingsItemSubmissionResponse

__all__ = [
    "CreateListingsItemInputs",
    "DeleteListingsItemInputs",
    "GetListingsItemInputs",
    "UpdateListingsItemInputs",
    "create_listings_item",
    "delete_listings_item",
    "get_listings_item",
    "update_listings_item",
]


REQUIREMENTS = ("LISTING", "LISTING_PRODUCT_ONLY", "LISTING_OFFER_ONLY")
MODES = ("VALIDATION_PREVIEW",)
SUBMISSION_DATA = ("identifiers", "issues")
ITEM_DATA = (
    "summaries", "attributes", "issues", "offers", "fulfillmentAvailability", "procurement",
    "relationships", "productTypes",
)  # fmt: skip
PATCH_OPS = ("add", "replace", "merge", "delete")
#: Locales are written language_COUNTRY (en_US, fr_CA), as the model's examples show.

# -- inputs --------------------------------------------------------------------------------------------------

ONE_MARKETPLACE = marketplace_ids("The one marketplace the listing is in (Amazon accepts exactly one here).")
ITEM_MARKETPLACES = marketplace_ids("The marketplaces the listing is in.")
PRODUCT_TYPE = Input("Product Type", "The Amazon product type of the listing, e.g. LUGGAGE or SHIRT.")
REQUIREMENTS_IN = Input(
    "Requirements",
    "Which data the attributes carry: LISTING (product and offer), LISTING_PRODUCT_ONLY or "
    "LISTING_OFFER_ONLY (Amazon assumes LISTING).",
    choices=REQUIREMENTS,
)
ATTRIBUTES = Input(
    "Attributes", "The listing's attributes as a JSON object keyed by attribute name (the full set)."
)
PATCHES = Input(
    "Patches",
    'JSON Patch operations on top-level attributes, e.g. [{"op": "replace", "path": "/attributes/item_name", '
    '"value": [{...}]}]: op is add, replace, merge or delete; value is any JSON value (usually a list of '
    "objects; Amazon also takes numbers and text), sent as given.",
)
MODE = Input(
    "Mode",
    "VALIDATION_PREVIEW checks the submission and reports its issues without changing the listing.",
    choices=MODES,
)
SUBMISSION_DATA_IN = Input(
    "Included Data",
    "What the submission response carries: identifiers, issues (Amazon's default: issues).",
    choices=SUBMISSION_DATA,
)
ITEM_DATA_IN = Input(
    "Included Data", "The data sets to return for the listing.", default=("summaries",), choices=ITEM_DATA
)


def _arguments(
    ctx: Context, inputs: Mapping[str, Any], *, marketplaces: Input, max_items: int | None = None
) -> dict[str, Any]:
    """Return the arguments every listings action shares: the item's path and the query inputs that are set.

    The generated code percent-encodes Seller Id and SKU, so any text is safe in the path.
    """
    args: dict[str, Any] = {
        "seller_id": validation.string(inputs["seller_id"], label=SELLER_ID.label),
        "sku": validation.string(inputs["sku"], label=SKU.label),
        "marketplace_ids": validation.marketplace_ids(
            inputs["marketplace_ids"], ctx, label=marketplaces.label, max_items=max_items
        ),
    }
    if "issue_locale" in inputs:
        args["issue_locale"] = validation.string(
            inputs["issue_locale"], label=ISSUE_LOCALE.label, pattern=LOCALE_PATTERN
        )
    if "mode" in inputs:
        args["mode"] = validation.choice(inputs["mode"], label=MODE.label, allowed=MODE.choices)
    return args


def _included_data(inputs: Mapping[str, Any], spec: Input) -> dict[str, Any]:
    if "included_data" not in inputs:
        return {}
    return {
        "included_data": validation.choices(inputs["included_data"], label=spec.label, allowed=spec.choices)
    }


def _json_value(value: Any, name: str) -> Any:
    """Return a JSON Patch ``value`` as given: any JSON type (Amazon accepts integers) that JSON carries."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise validation.invalid(name, f"is not a JSON value ({exc})") from None
    return value


def _patches(value: Any) -> list[dict[str, Any]]:
    """Return the JSON Patch operations, each ``{op, path, value?}``; ``value`` is sent as given."""
    label = PATCHES.label
    fields: dict[str, validation.FieldCheck] = {
        "op": lambda v, name: validation.choice(v, label=name, allowed=PATCH_OPS),
        "path": lambda v, name: validation.string(v, label=name, pattern=r"/\S+"),
        "value": _json_value,
    }
    patches = validation.records(value, label=label, fields=fields, required=("op", "path"))
    for index, patch in enumerate(patches):
        if patch["op"] != "delete" and "value" not in patch:
            msg = f"{label}[{index}]: {patch['op']!r} needs a value"
            raise InvalidInputError(msg, label=label)
    return patches


# -- Create Listings Item ------------------------------------------------------------------------------------


class CreateListingsItemInputs(TypedDict):
    """Inputs of Create Listings Item (Listings Items 2021-08-01 putListingsItem)."""

    seller_id: Annotated[str, SELLER_ID]
    sku: Annotated[str, SKU]
    marketplace_ids: Annotated[Values, ONE_MARKETPLACE]
    product_type: Annotated[str, PRODUCT_TYPE]
    requirements: NotRequired[Annotated[str, REQUIREMENTS_IN]]
    attributes: Annotated[dict[str, Any] | str, ATTRIBUTES]
    issue_locale: NotRequired[Annotated[str, ISSUE_LOCALE]]
    mode: NotRequired[Annotated[str, MODE]]
    included_data: NotRequired[Annotated[Values, SUBMISSION_DATA_IN]]


@action(
    "Create Listings Item",
    group="listings",
    command="create",
    operation=put_listings_item_op,
    inputs=CreateListingsItemInputs,
    doc="Create Listings Item (Listings Items putListingsItem).",
)
def create_listings_item(ctx: Context, inputs: Mapping[str, Any]) -> Call[ListingsItemSubmissionResponse]:
    """Create a listings item, or replace all of an existing one's data (Listings Items putListingsItem)."""
    body: dict[str, Any] = {
        "productType": validation.string(inputs["product_type"], label=PRODUCT_TYPE.label),
        "attributes": validation.json_object(inputs["attributes"], label=ATTRIBUTES.label),
    }
    if "requirements" in inputs:
        body["requirements"] = validation.choice(
            inputs["requirements"], label=REQUIREMENTS_IN.label, allowed=REQUIREMENTS_IN.choices
        )
    args = _arguments(ctx, inputs, marketplaces=ONE_MARKETPLACE, max_items=1)
    args |= _included_data(inputs, SUBMISSION_DATA_IN)
    return Call(arguments={**args, "body": body})


# -- Get Listings Item ---------------------------------------------------------------------------------------


class GetListingsItemInputs(TypedDict):
    """Inputs of Get Listings Item (Listings Items 2021-08-01 getListingsItem)."""

    seller_id: Annotated[str, SELLER_ID]
    sku: Annotated[str, SKU]
    marketplace_ids: Annotated[Values, ITEM_MARKETPLACES]
    issue_locale: NotRequired[Annotated[str, ISSUE_LOCALE]]
    included_data: NotRequired[Annotated[Values, ITEM_DATA_IN]]


@action(
    "Get Listings Item",
    group="listings",
    command="get",
    operation=get_listings_item_op,
    inputs=GetListingsItemInputs,
    doc="Get Listings Item (Listings Items getListingsItem).",
)
def get_listings_item(ctx: Context, inputs: Mapping[str, Any]) -> Call[Item]:
    """Return one listings item with the data sets asked for (Listings Items getListingsItem)."""
    args = _arguments(ctx, inputs, marketplaces=ITEM_MARKETPLACES) | _included_data(inputs, ITEM_DATA_IN)
    return Call(arguments=args)


# -- Update Listings Item ------------------------------------------------------------------------------------


class UpdateListingsItemInputs(TypedDict):
    """Inputs of Update Listings Item (Listings Items 2021-08-01 patchListingsItem)."""

    seller_id: Annotated[str, SELLER_ID]
    sku: Annotated[str, SKU]
    marketplace_ids: Annotated[Values, ITEM_MARKETPLACES]
    product_type: Annotated[str, PRODUCT_TYPE]
    issue_locale: NotRequired[Annotated[str, ISSUE_LOCALE]]
    patches: Annotated[Sequence[dict[str, Any]] | str, PATCHES]
    mode: NotRequired[Annotated[str, MODE]]
    included_data: NotRequired[Annotated[Values, SUBMISSION_DATA_IN]]


@action(
    "Update Listings Item",
    group="listings",
    command="update",
    operation=patch_listings_item_op,
    inputs=UpdateListingsItemInputs,
    doc="Update Listings Item (Listings Items patchListingsItem).",
)
def update_listings_item(ctx: Context, inputs: Mapping[str, Any]) -> Call[ListingsItemSubmissionResponse]:
    """Change some attributes of a listings item with JSON Patch (Listings Items patchListingsItem)."""
    body = {
        "productType": validation.string(inputs["product_type"], label=PRODUCT_TYPE.label),
        "patches": _patches(inputs["patches"]),
    }
    args = _arguments(ctx, inputs, marketplaces=ITEM_MARKETPLACES) | _included_data(
        inputs, SUBMISSION_DATA_IN
    )
    return Call(arguments={**args, "body": body})


# -- Delete Listings Item ------------------------------------------------------------------------------------


class DeleteListingsItemInputs(TypedDict):
    """Inputs of Delete Listings Item (Listings Items 2021-08-01 deleteListingsItem)."""

    seller_id: Annotated[str, SELLER_ID]
    sku: Annotated[str, SKU]
    marketplace_ids: Annotated[Values, ONE_MARKETPLACE]
    issue_locale: NotRequired[Annotated[str, ISSUE_LOCALE]]


@action(
    "Delete Listings Item",
    group="listings",
    command="delete",
    operation=delete_listings_item_op,
    inputs=DeleteListingsItemInputs,
    doc="Delete Listings Item (Listings Items deleteListingsItem).",
)
def delete_listings_item(ctx: Context, inputs: Mapping[str, Any]) -> Call[ListingsItemSubmissionResponse]:
    """Delete a listings item in one marketplace (Listings Items deleteListingsItem)."""
    args = _arguments(ctx, inputs, marketplaces=ONE_MARKETPLACE, max_items=1)
    return Call(arguments=args)
