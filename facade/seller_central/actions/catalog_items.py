"""Catalog: read one catalog item, or search the catalog (Catalog Items 2022-04-01).

2022-04-01 is the only version with identifier searches, Seller Id and the classification and dimension
data sets the spec's inputs name. A search is by identifiers or by keywords, never both; Brand Names,
Classification Ids and Keywords Locale refine keyword searches only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, NotRequired, TypedDict

from selling_partner_api.catalog_items_2022_04_01.api import get_catalog_item as get_catalog_item_op
from selling_partner_api.catalog_items_2022_04_01.api import search_catalog_items as search_catalog_items_op

from seller_central import validation
from seller_central.actions._inputs import LOCALE_PATTERN, Values, marketplace_ids
from seller_central.actions._spec import Input, action
from seller_central.calls import Call, Context, Pages
from seller_central.errors import InvalidInputError
from seller_central.pagination import Cursor

if TYPE_CHECKING:
    from selling_partner_api.catalog_items_2022_04_01.models import Item, ItemSearchResults

__all__ = [
    "CURSORS",
    "GetCatalogItemInputs",
    "SearchCatalogItemInputs",
    "get_catalog_item",
    "search_catalog_item",
]


INCLUDED_DATA = (
    "attributes", "classifications", "dimensions", "identifiers", "images", "productTypes", "relationships",
    "salesRanks", "summaries", "vendorDetails",
)  # fmt: skip
IDENTIFIER_TYPES = ("ASIN", "EAN", "GTIN", "ISBN", "JAN", "MINSAN", "SKU", "UPC")
#: An ASIN is ten upper-case letters and digits (B07N4M94X4; ISBN-10s for books).
ASIN_PATTERN = r"[0-9A-Z]{10}"

#: How Search Catalog Item finds its next page: ``pageToken`` <- ``pagination.nextToken``.
CURSORS = {
    "search_catalog_item": Cursor(
        token=("pagination", "next_token"), argument="page_token", items=("items",)
    ),
}

# -- inputs --------------------------------------------------------------------------------------------------

ASIN = Input("Amazon Standard Identification Number (ASIN)", "The item's ASIN, e.g. B07N4M94X4.")
ITEM_MARKETPLACES = marketplace_ids("The marketplaces whose catalog data to return.")
SEARCH_MARKETPLACE = marketplace_ids("The one marketplace whose catalog to search.")
INCLUDED_DATA_IN = Input(
    "Included Data", "The data sets to return for each item.", default=("summaries",), choices=INCLUDED_DATA
)
LOCALE = Input("Locale", "Locale of the localized summaries, e.g. en_US (default: the marketplace's).")
IDENTIFIERS = Input(
    "Identifiers", "Up to 20 product identifiers to look up (of one Identifiers Type); not with Keywords."
)
IDENTIFIERS_TYPE = Input(
    "Identifiers Type", "The kind of the Identifiers; required with them.", choices=IDENTIFIER_TYPES
)
SEARCH_SELLER_ID = Input(
    "Seller Id", "The selling partner whose SKUs the Identifiers are; required when Identifiers Type is SKU."
)
KEYWORDS = Input("Keywords", "Up to 20 words to search the catalog for; not with Identifiers.")
BRAND_NAMES = Input("Brand Names", "Only items of these brands (keyword searches only).")
CLASSIFICATION_IDS = Input(
    "Classification Ids", "Only items in these classifications (keyword searches only)."
)
PAGE_SIZE = Input("Page Size", "Items per page, 1 to 20.", default=10)
PAGE_TOKEN = Input(
    "Page Token", "The pagination.nextToken (or previousToken) of another page of this search."
)
KEYWORDS_LOCALE = Input(
    "Keywords Locale",
    "The language of the Keywords, e.g. en_US (default: the marketplace's; keyword searches only).",
)

# -- Get Catalog Item ----------------------------------------------------------------------------------------


class GetCatalogItemInputs(TypedDict):
    """Inputs of Get Catalog Item (Catalog Items 2022-04-01 getCatalogItem)."""

    asin: Annotated[str, ASIN]
    marketplace_ids: Annotated[Values, ITEM_MARKETPLACES]
    included_data: NotRequired[Annotated[Values, INCLUDED_DATA_IN]]
    locale: NotRequired[Annotated[str, LOCALE]]


def _asin(value: Any, ctx: Context) -> str:
    text = validation.string(value, label=ASIN.label).strip()
    if not validation.is_test_case(text, ctx):
        validation.string(text, label=ASIN.label, pattern=ASIN_PATTERN)
    return text


def _data_and_locale(inputs: Mapping[str, Any]) -> dict[str, Any]:
    args: dict[str, Any] = {}
    if "included_data" in inputs:
        args["included_data"] = validation.choices(
            inputs["included_data"], label=INCLUDED_DATA_IN.label, allowed=INCLUDED_DATA_IN.choices
        )
    if "locale" in inputs:
        args["locale"] = validation.string(inputs["locale"], label=LOCALE.label, pattern=LOCALE_PATTERN)
    return args


@action(
    "Get Catalog Item",
    group="catalog",
    command="get",
    operation=get_catalog_item_op,
    inputs=GetCatalogItemInputs,
    doc="Get Catalog Item (Catalog Items getCatalogItem).",
)
def get_catalog_item(ctx: Context, inputs: Mapping[str, Any]) -> Call[Item]:
    """Return one item of the Amazon catalog by ASIN (Catalog Items getCatalogItem)."""
    args = {
        "asin": _asin(inputs["asin"], ctx),
        "marketplace_ids": validation.marketplace_ids(
            inputs["marketplace_ids"], ctx, label=ITEM_MARKETPLACES.label
        ),
    }
    return Call(arguments=args | _data_and_locale(inputs))


# -- Search Catalog Item -------------------------------------------------------------------------------------


class SearchCatalogItemInputs(TypedDict):
    """Inputs of Search Catalog Item (Catalog Items 2022-04-01 searchCatalogItems)."""

    marketplace_ids: Annotated[Values, SEARCH_MARKETPLACE]
    identifiers: NotRequired[Annotated[Values, IDENTIFIERS]]
    identifiers_type: NotRequired[Annotated[str, IDENTIFIERS_TYPE]]
    included_data: NotRequired[Annotated[Values, INCLUDED_DATA_IN]]
    locale: NotRequired[Annotated[str, LOCALE]]
    seller_id: NotRequired[Annotated[str, SEARCH_SELLER_ID]]
    keywords: NotRequired[Annotated[Values, KEYWORDS]]
    brand_names: NotRequired[Annotated[Values, BRAND_NAMES]]
    classification_ids: NotRequired[Annotated[Values, CLASSIFICATION_IDS]]
    page_size: NotRequired[Annotated[int, PAGE_SIZE]]
    page_token: NotRequired[Annotated[str, PAGE_TOKEN]]
    keywords_locale: NotRequired[Annotated[str, KEYWORDS_LOCALE]]


def _identifier_search(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Return the arguments of a search by identifiers, refusing the keyword-only refinements."""
    for key, spec in (
        ("brand_names", BRAND_NAMES),
        ("classification_ids", CLASSIFICATION_IDS),
        ("keywords_locale", KEYWORDS_LOCALE),
    ):
        if key in inputs:
            msg = f"{spec.label} refines keyword searches only; it cannot be used with {IDENTIFIERS.label}"
            raise InvalidInputError(msg, label=spec.label)
    if "identifiers_type" not in inputs:
        msg = f"{IDENTIFIERS_TYPE.label} is required with {IDENTIFIERS.label}"
        raise InvalidInputError(msg, label=IDENTIFIERS_TYPE.label)
    kind = validation.choice(
        inputs["identifiers_type"], label=IDENTIFIERS_TYPE.label, allowed=IDENTIFIERS_TYPE.choices
    )
    if kind == "SKU" and "seller_id" not in inputs:
        msg = f"{SEARCH_SELLER_ID.label} is required when {IDENTIFIERS_TYPE.label} is SKU"
        raise InvalidInputError(msg, label=SEARCH_SELLER_ID.label)
    return {
        "identifiers": validation.string_list(inputs["identifiers"], label=IDENTIFIERS.label, max_items=20),
        "identifiers_type": kind,
    }


def _keyword_search(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Return the arguments of a search by keywords and its refinements."""
    if "identifiers_type" in inputs:
        msg = f"{IDENTIFIERS_TYPE.label} applies to {IDENTIFIERS.label} searches, not {KEYWORDS.label}"
        raise InvalidInputError(msg, label=IDENTIFIERS_TYPE.label)
    args: dict[str, Any] = {
        "keywords": validation.string_list(inputs["keywords"], label=KEYWORDS.label, max_items=20)
    }
    for key, spec in (("brand_names", BRAND_NAMES), ("classification_ids", CLASSIFICATION_IDS)):
        if key in inputs:
            args[key] = validation.string_list(inputs[key], label=spec.label)
    if "keywords_locale" in inputs:
        args["keywords_locale"] = validation.string(
            inputs["keywords_locale"], label=KEYWORDS_LOCALE.label, pattern=LOCALE_PATTERN
        )
    return args


def _search_kind(inputs: Mapping[str, Any]) -> dict[str, Any]:
    validation.exclusive(inputs, ("identifiers", IDENTIFIERS.label), ("keywords", KEYWORDS.label))
    if "identifiers" in inputs:
        return _identifier_search(inputs)
    if "keywords" in inputs:
        return _keyword_search(inputs)
    msg = f"{IDENTIFIERS.label} or {KEYWORDS.label} is required to search the catalog"
    raise InvalidInputError(msg, label=KEYWORDS.label)


@action(
    "Search Catalog Item",
    group="catalog",
    command="search",
    operation=search_catalog_items_op,
    inputs=SearchCatalogItemInputs,
    doc="Search Catalog Item: one page (Catalog Items searchCatalogItems); see ``pagination``.",
    iterator="iter_catalog_items",
    iterator_doc="Search Catalog Item across every page, yielding each item.",
)
def search_catalog_item(ctx: Context, inputs: Mapping[str, Any]) -> Pages[ItemSearchResults, Item]:
    """Return a page of catalog items found by identifiers or keywords (Catalog Items searchCatalogItems)."""
    args = _search_kind(inputs) | _data_and_locale(inputs)
    args["marketplace_ids"] = validation.marketplace_ids(
        inputs["marketplace_ids"], ctx, label=SEARCH_MARKETPLACE.label, max_items=1
    )
    args["page_size"] = validation.integer(inputs["page_size"], label=PAGE_SIZE.label, minimum=1, maximum=20)
    if "seller_id" in inputs:
        args["seller_id"] = validation.string(inputs["seller_id"], label=SEARCH_SELLER_ID.label)
    if "page_token" in inputs:
        args["page_token"] = validation.string(inputs["page_token"], label=PAGE_TOKEN.label)
    cursor = CURSORS["search_catalog_item"]
    call: Call[ItemSearchResults] = Call(arguments=args)
    return cursor.pages(call)
