"""Inputs that several actions share, described once (label and comment as the catalog shows them).

The connector spec copies some comments from action to action even where they are wrong (Marketplace Ids
"used to select orders" on feeds and listings, Page Size "feeds" on catalog search); each action here gets
a comment that is true for it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from seller_central.actions._spec import Input
from seller_central.validation import MAX_URL

__all__ = [
    "DATA_ELEMENTS",
    "DEBUG_REQUEST",
    "ISSUE_LOCALE",
    "LOCALE_PATTERN",
    "NEXT_TOKEN",
    "ORDER_ID",
    "SELLER_ID",
    "SKU",
    "DateTime",
    "Values",
    "marketplace_ids",
]

#: A date-time input accepts an ISO 8601 string or a ``datetime``.
DateTime = str | datetime.datetime
#: A list input accepts a sequence of strings, or one comma-separated string.
Values = Sequence[str] | str
#: Locales such as en_US or fr_CA.
LOCALE_PATTERN = r"[a-z]{2,3}_[A-Z]{2}"
#: The PII data elements a Restricted Data Token can grant on Orders v0.
DATA_ELEMENTS = ("buyerInfo", "shippingAddress", "buyerTaxInformation")

ORDER_ID = Input("Order Id", "An Amazon order id in 3-7-7 form (e.g. 902-3159896-1390916).")
NEXT_TOKEN = Input("Next Token", "The page token the previous page returned.", max_length=MAX_URL)
DEBUG_REQUEST = Input(
    "Debug Request", "Log the request (method, URL, headers, body) with secrets redacted.", default=False
)
SELLER_ID = Input("Seller Id", "The selling partner identifier (merchant account or vendor code).")
SKU = Input("Stock Keeping Unit (SKU)", "The seller's SKU of the listing (sent percent-encoded).")
ISSUE_LOCALE = Input(
    "Issue Locale", "Locale for issue messages, e.g. en_US, fr_CA (default: the marketplace's)."
)


def marketplace_ids(comment: str) -> Input:
    """Return the Marketplace Ids input with a comment that fits the action."""
    return Input("Marketplace Ids", comment)
