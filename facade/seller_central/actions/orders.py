"""Orders: the connector spec's order actions (Orders v0) and their Orders 2026-01-01 successors.

Amazon deprecated the v0 read operations (getOrders, getOrder, getOrderAddress, getOrderBuyerInfo,
getOrderItems, getOrderItemsBuyerInfo; migration deadline 2027-03-27). The spec's actions stay on v0 because
their inputs (Buyer Email, Seller Order Id, Payment Methods, Is ISPU, ...) exist only there; each warns with
a ``DeprecationWarning``. ``search_orders`` and ``get_order_details`` use Orders 2026-01-01, which needs no
Restricted Data Token (PII is granted by role and asked for with Included Data).
Confirm Order Shipment is not deprecated and has no 2026 counterpart.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, NotRequired, TypedDict

from selling_partner_api.orders_2026_01_01.api import get_order as get_order_2026_01_01_op
from selling_partner_api.orders_2026_01_01.api import search_orders as search_orders_op
from selling_partner_api.orders_v0.api import confirm_shipment as confirm_shipment_op
from selling_partner_api.orders_v0.api import get_order as get_order_v0_op
from selling_partner_api.orders_v0.api import get_order_address as get_order_address_op
from selling_partner_api.orders_v0.api import get_order_buyer_info as get_order_buyer_info_op
from selling_partner_api.orders_v0.api import get_order_items as get_order_items_op
from selling_partner_api.orders_v0.api import get_order_items_buyer_info as get_order_items_buyer_info_op
from selling_partner_api.orders_v0.api import get_orders as get_orders_op

from seller_central import validation
from seller_central.actions._inputs import (
    DATA_ELEMENTS,
    DEBUG_REQUEST,
    NEXT_TOKEN,
    ORDER_ID,
    DateTime,
    Values,
    marketplace_ids,
)
from seller_central.actions._spec import Input, action
from seller_central.calls import Call, Context, Pages
from seller_central.errors import InvalidInputError
from seller_central.pagination import Cursor

if TYPE_CHECKING:
    from selling_partner_api.orders_2026_01_01.models import GetOrderResponse as GetOrderDetailsResponse
    from selling_partner_api.orders_2026_01_01.models import Order as OrderDetails
    from selling_partner_api.orders_2026_01_01.models import SearchOrdersResponse
    from selling_partner_api.orders_v0.models import (
        GetOrderAddressResponse,
        GetOrderBuyerInfoResponse,
        GetOrderItemsBuyerInfoResponse,
        GetOrderItemsResponse,
        GetOrderResponse,
        GetOrdersResponse,
        Order,
        OrderItem,
        OrderItemBuyerInfo,
    )

__all__ = [
    "CURSORS",
    "ConfirmOrderShipmentInputs",
    "GetOrderDetailsInputs",
    "GetOrderInputs",
    "GetOrderItemsInputs",
    "GetOrderItemsWithPiiInputs",
    "ListOrdersInputs",
    "OrderIdInputs",
    "SearchOrdersInputs",
    "confirm_order_shipment",
    "get_order",
    "get_order_address",
    "get_order_buyer_info",
    "get_order_details",
    "get_order_items",
    "get_order_items_buyer_info",
    "list_orders",
    "search_orders",
]

DEADLINE = "2027-03-27"

ORDER_STATUSES = (
    "PendingAvailability", "Pending", "Unshipped", "PartiallyShipped", "Shipped", "Canceled",
    "Unfulfillable", "InvoiceUnconfirmed",
)  # fmt: skip
FULFILLMENT_CHANNELS = ("AFN", "MFN")
PAYMENT_METHODS = ("COD", "CVS", "Other")
EASY_SHIP_STATUSES = (
    "PendingSchedule", "PendingPickUp", "PendingDropOff", "LabelCanceled", "PickedUp", "DroppedOff",
    "AtOriginFC", "AtDestinationFC", "Delivered", "RejectedByBuyer", "Undeliverable", "ReturningToSeller",
    "ReturnedToSeller", "Lost", "OutForDelivery", "Damaged",
)  # fmt: skip
INVOICE_STATUSES = ("NotRequired", "NotFound", "Processing", "Errored", "Accepted")
COD_COLLECTION_METHODS = ("DirectPayment",)
FULFILLMENT_STATUSES = (
    "PENDING_AVAILABILITY", "PENDING", "UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED", "CANCELLED",
    "UNFULFILLABLE",
)  # fmt: skip
FULFILLED_BY = ("MERCHANT", "AMAZON")
INCLUDED_DATA = (
    "BUYER", "RECIPIENT", "PROCEEDS", "EXPENSE", "PROMOTION", "CANCELLATION", "FULFILLMENT", "PACKAGES",
    "TAX", "PAYMENT", "FULFILLMENT_ORDERS",
)  # fmt: skip

# -- inputs --------------------------------------------------------------------------------------------------

ORDER_MARKETPLACES = marketplace_ids("Marketplaces whose orders to return (up to 50).")
CREATED_AFTER = Input(
    "Created After",
    "Orders created at or after this time (ISO 8601); this or Last Updated After is required.",
)
CREATED_BEFORE = Input(
    "Created Before", "Orders created at or before this time; at least 2 minutes before now."
)
UPDATED_AFTER = Input(
    "Last Updated After", "Orders updated at or after this time; not with the Created filters."
)
UPDATED_BEFORE = Input(
    "Last Updated Before", "Orders updated at or before this time; at least 2 minutes ago."
)
ORDER_STATUSES_IN = Input("Order Statuses", "Only orders in these statuses.", choices=ORDER_STATUSES)
CHANNELS_IN = Input(
    "Fulfillment Channels", "AFN (fulfilled by Amazon) or MFN (by the seller).", choices=FULFILLMENT_CHANNELS
)
PAYMENT_IN = Input("Payment Methods", "COD, CVS or Other.", choices=PAYMENT_METHODS)
BUYER_EMAIL = Input("Buyer Email", "Only orders with this buyer email address.")
SELLER_ORDER_ID = Input(
    "Seller Order Id",
    "Only this seller-defined order id; excludes status, channel, payment, update, email filters.",
)
MAX_RESULTS = Input("Max Results Per Page", "Orders per page, 1 to 100.", default=100)
EASY_SHIP_IN = Input(
    "Easy Ship Shipment Statuses", "Only Easy Ship orders in these statuses.", choices=EASY_SHIP_STATUSES
)
INVOICE_IN = Input(
    "Electronic Invoice Statuses", "Only orders with these e-invoice statuses.", choices=INVOICE_STATUSES
)
ORDER_IDS = Input("Amazon Order Ids", "Only these orders (3-7-7 ids, up to 50).")
SUPPLY_SOURCE = Input(
    "Actual Fulfillment Supply Source Id", "Only orders recommended to ship from this source."
)
IS_ISPU = Input("Is ISPU", "True: only in-store pickup orders; false: only other orders; unset: no filter.")
STORE_ID = Input("Store Chain Store Id", "Only orders for this store of a store chain.")
EARLIEST_BEFORE = Input(
    "Earliest Delivery Date Before", "Orders whose earliest delivery date is before this time."
)
EARLIEST_AFTER = Input(
    "Earliest Delivery Date After", "Orders whose earliest delivery date is after this time."
)
LATEST_BEFORE = Input("Latest Delivery Date Before", "Orders whose latest delivery date is before this time.")
LATEST_AFTER = Input("Latest Delivery Date After", "Orders whose latest delivery date is after this time.")
PII = Input("Data Elements", "PII to include through a Restricted Data Token.", choices=DATA_ELEMENTS)
ITEM_PII = Input("Data Elements", "buyerInfo: item-level buyer info through an RDT.", choices=("buyerInfo",))

#: How each paginated action finds its next page (checked against the operation table by the tests).
CURSORS = {
    "list_orders": Cursor(
        token=("payload", "next_token"), argument="next_token", items=("payload", "orders")
    ),
    "get_order_items": Cursor(
        token=("payload", "next_token"), argument="next_token", items=("payload", "order_items")
    ),
    "get_order_items_buyer_info": Cursor(
        token=("payload", "next_token"), argument="next_token", items=("payload", "order_items")
    ),
    "search_orders": Cursor(
        token=("pagination", "next_token"), argument="pagination_token", items=("orders",)
    ),
}


def _deprecated(label: str, operation: str) -> None:
    msg = (
        f"{label} calls Orders v0 {operation}, which Amazon has deprecated (migration deadline {DEADLINE}); "
        "use search_orders / get_order_details (Orders 2026-01-01) where their inputs suffice"
    )
    # user code -> client method -> action wrapper -> action body -> here
    warnings.warn(msg, DeprecationWarning, stacklevel=5)


def _pages(name: str, call: Call[Any]) -> Pages[Any, Any]:
    return CURSORS[name].pages(call)


def _data_elements(inputs: Mapping[str, Any], allowed: Sequence[str] = DATA_ELEMENTS) -> tuple[str, ...]:
    if "data_elements" not in inputs:
        return ()
    return tuple(validation.choices(inputs["data_elements"], label="Data Elements", allowed=allowed))


def _optional(
    inputs: Mapping[str, Any], args: dict[str, Any], fields: Sequence[tuple[str, Input]], check: Any
) -> None:
    """Validate each optional input that is present with ``check(value, input)`` into ``args``."""
    for key, spec in fields:
        if key in inputs:
            args[key] = check(inputs[key], spec)


# -- List Orders ---------------------------------------------------------------------------------------------


class ListOrdersInputs(TypedDict):
    """Inputs of List Orders (Orders v0 getOrders)."""

    marketplace_ids: Annotated[Values, ORDER_MARKETPLACES]
    created_after: NotRequired[Annotated[DateTime, CREATED_AFTER]]
    created_before: NotRequired[Annotated[DateTime, CREATED_BEFORE]]
    last_updated_after: NotRequired[Annotated[DateTime, UPDATED_AFTER]]
    last_updated_before: NotRequired[Annotated[DateTime, UPDATED_BEFORE]]
    order_statuses: NotRequired[Annotated[Values, ORDER_STATUSES_IN]]
    fulfillment_channels: NotRequired[Annotated[Values, CHANNELS_IN]]
    payment_methods: NotRequired[Annotated[Values, PAYMENT_IN]]
    buyer_email: NotRequired[Annotated[str, BUYER_EMAIL]]
    seller_order_id: NotRequired[Annotated[str, SELLER_ORDER_ID]]
    max_results_per_page: NotRequired[Annotated[int, MAX_RESULTS]]
    easy_ship_shipment_statuses: NotRequired[Annotated[Values, EASY_SHIP_IN]]
    electronic_invoice_statuses: NotRequired[Annotated[Values, INVOICE_IN]]
    next_token: NotRequired[Annotated[str, NEXT_TOKEN]]
    amazon_order_ids: NotRequired[Annotated[Values, ORDER_IDS]]
    actual_fulfillment_supply_source_id: NotRequired[Annotated[str, SUPPLY_SOURCE]]
    is_ispu: NotRequired[Annotated[bool, IS_ISPU]]
    store_chain_store_id: NotRequired[Annotated[str, STORE_ID]]
    earliest_delivery_date_before: NotRequired[Annotated[DateTime, EARLIEST_BEFORE]]
    earliest_delivery_date_after: NotRequired[Annotated[DateTime, EARLIEST_AFTER]]
    latest_delivery_date_before: NotRequired[Annotated[DateTime, LATEST_BEFORE]]
    latest_delivery_date_after: NotRequired[Annotated[DateTime, LATEST_AFTER]]
    data_elements: NotRequired[Annotated[Values, PII]]
    debug_request: NotRequired[Annotated[bool, DEBUG_REQUEST]]


_SELLER_ORDER_ID_EXCLUDES = (
    ("fulfillment_channels", CHANNELS_IN),
    ("order_statuses", ORDER_STATUSES_IN),
    ("payment_methods", PAYMENT_IN),
    ("last_updated_after", UPDATED_AFTER),
    ("last_updated_before", UPDATED_BEFORE),
    ("buyer_email", BUYER_EMAIL),
)
_WINDOW = (
    ("created_after", CREATED_AFTER),
    ("created_before", CREATED_BEFORE),
    ("last_updated_after", UPDATED_AFTER),
    ("last_updated_before", UPDATED_BEFORE),
)
_DELIVERY = (
    ("earliest_delivery_date_before", EARLIEST_BEFORE),
    ("earliest_delivery_date_after", EARLIEST_AFTER),
    ("latest_delivery_date_before", LATEST_BEFORE),
    ("latest_delivery_date_after", LATEST_AFTER),
)
_CHOICES = (
    ("order_statuses", ORDER_STATUSES_IN),
    ("fulfillment_channels", CHANNELS_IN),
    ("payment_methods", PAYMENT_IN),
    ("easy_ship_shipment_statuses", EASY_SHIP_IN),
    ("electronic_invoice_statuses", INVOICE_IN),
)
_TEXT = (
    ("buyer_email", BUYER_EMAIL),
    ("seller_order_id", SELLER_ORDER_ID),
    ("next_token", NEXT_TOKEN),
    ("actual_fulfillment_supply_source_id", SUPPLY_SOURCE),
    ("store_chain_store_id", STORE_ID),
)


def _check_window(values: Mapping[str, Any], *, has_token: bool) -> None:
    """Refuse Created* with LastUpdated*, and require one of the two "after" inputs."""
    created = values.get("created_after") is not None or values.get("created_before") is not None
    updated = values.get("last_updated_after") is not None or values.get("last_updated_before") is not None
    if created and updated:
        msg = "Created After/Before cannot be combined with Last Updated After/Before"
        raise InvalidInputError(msg, label=UPDATED_AFTER.label)
    if not has_token and values.get("created_after") is None and values.get("last_updated_after") is None:
        msg = "one of Created After or Last Updated After is required (both cannot be empty)"
        raise InvalidInputError(msg, label=CREATED_AFTER.label)


def _check_seller_order_id(values: Mapping[str, Any]) -> None:
    if values.get("seller_order_id") is not None:
        for key, spec in _SELLER_ORDER_ID_EXCLUDES:
            validation.exclusive(values, ("seller_order_id", SELLER_ORDER_ID.label), (key, spec.label))


@action(
    "List Orders",
    group="orders",
    command="list",
    operation=get_orders_op,
    inputs=ListOrdersInputs,
    doc="List Orders: one page of orders (Orders v0 getOrders); follow ``payload.next_token``.",
    iterator="iter_orders",
    iterator_doc="List Orders across every page, yielding each order once.",
)
def list_orders(ctx: Context, inputs: Mapping[str, Any]) -> Pages[GetOrdersResponse, Order]:
    """Return one page of orders created or updated in a time window (Orders v0 getOrders)."""
    _deprecated("List Orders", "getOrders")
    _check_window(inputs, has_token="next_token" in inputs)
    _check_seller_order_id(inputs)
    args: dict[str, Any] = {
        "marketplace_ids": validation.marketplace_ids(
            inputs["marketplace_ids"], ctx, label=ORDER_MARKETPLACES.label, max_items=50
        ),
        "max_results_per_page": validation.integer(
            inputs["max_results_per_page"], label=MAX_RESULTS.label, minimum=1, maximum=100
        ),
    }
    _optional(inputs, args, _WINDOW + _DELIVERY, lambda v, s: validation.date_time(v, ctx, label=s.label))
    _optional(inputs, args, _CHOICES, lambda v, s: validation.choices(v, label=s.label, allowed=s.choices))
    _optional(inputs, args, _TEXT, lambda v, s: validation.string(v, label=s.label))
    if "amazon_order_ids" in inputs:
        args["amazon_order_ids"] = validation.order_ids(
            inputs["amazon_order_ids"], ctx, label=ORDER_IDS.label, max_items=50
        )
    if "is_ispu" in inputs:
        args["is_ispu"] = validation.boolean(inputs["is_ispu"], label=IS_ISPU.label)
    call: Call[GetOrdersResponse] = Call(
        arguments=args,
        data_elements=_data_elements(inputs),
        debug=validation.boolean(inputs["debug_request"], label=DEBUG_REQUEST.label),
    )
    return _pages("list_orders", call)


# -- one order -----------------------------------------------------------------------------------------------


class OrderIdInputs(TypedDict):
    """Inputs of the actions that take one order id."""

    order_id: Annotated[str, ORDER_ID]


class GetOrderInputs(TypedDict):
    """Inputs of Get Order (Orders v0 getOrder)."""

    order_id: Annotated[str, ORDER_ID]
    data_elements: NotRequired[Annotated[Values, PII]]


@action(
    "Get Order",
    group="orders",
    command="get",
    operation=get_order_v0_op,
    inputs=GetOrderInputs,
    doc="Get Order (Orders v0 getOrder).",
)
def get_order(ctx: Context, inputs: Mapping[str, Any]) -> Call[GetOrderResponse]:
    """Return the order that you specify (Orders v0 getOrder)."""
    _deprecated("Get Order", "getOrder")
    order_id = validation.order_id(inputs["order_id"], ctx, label=ORDER_ID.label)
    return Call(arguments={"order_id": order_id}, data_elements=_data_elements(inputs))


@action(
    "Get Order Address",
    group="orders",
    command="address",
    operation=get_order_address_op,
    inputs=OrderIdInputs,
    doc="Get Order Address (Orders v0 getOrderAddress, through a Restricted Data Token).",
)
def get_order_address(ctx: Context, inputs: Mapping[str, Any]) -> Call[GetOrderAddressResponse]:
    """Return the shipping address of an order (Orders v0 getOrderAddress; needs a Restricted Data Token)."""
    _deprecated("Get Order Address", "getOrderAddress")
    order_id = validation.order_id(inputs["order_id"], ctx, label=ORDER_ID.label)
    return Call(arguments={"order_id": order_id})


@action(
    "Get Order Buyer Info",
    group="orders",
    command="buyer-info",
    operation=get_order_buyer_info_op,
    inputs=OrderIdInputs,
    doc="Get Order Buyer Info (Orders v0 getOrderBuyerInfo, through a Restricted Data Token).",
)
def get_order_buyer_info(ctx: Context, inputs: Mapping[str, Any]) -> Call[GetOrderBuyerInfoResponse]:
    """Return buyer information for an order (Orders v0 getOrderBuyerInfo; needs a Restricted Data Token)."""
    _deprecated("Get Order Buyer Info", "getOrderBuyerInfo")
    order_id = validation.order_id(inputs["order_id"], ctx, label=ORDER_ID.label)
    return Call(arguments={"order_id": order_id})


class GetOrderItemsInputs(TypedDict):
    """Inputs of Get Order Items Buyer Info (and the base of Get Order Items)."""

    order_id: Annotated[str, ORDER_ID]
    next_token: NotRequired[Annotated[str, NEXT_TOKEN]]


class GetOrderItemsWithPiiInputs(GetOrderItemsInputs):
    """Inputs of Get Order Items (which can ask for item-level buyer info)."""

    data_elements: NotRequired[Annotated[Values, ITEM_PII]]


def _order_items_arguments(ctx: Context, inputs: Mapping[str, Any]) -> dict[str, Any]:
    args: dict[str, Any] = {"order_id": validation.order_id(inputs["order_id"], ctx, label=ORDER_ID.label)}
    if "next_token" in inputs:
        args["next_token"] = validation.string(inputs["next_token"], label=NEXT_TOKEN.label)
    return args


@action(
    "Get Order Items",
    group="orders",
    command="items",
    operation=get_order_items_op,
    inputs=GetOrderItemsWithPiiInputs,
    doc="Get Order Items: one page (Orders v0 getOrderItems).",
    iterator="iter_order_items",
)
def get_order_items(ctx: Context, inputs: Mapping[str, Any]) -> Pages[GetOrderItemsResponse, OrderItem]:
    """Return one page of an order's items (Orders v0 getOrderItems)."""
    _deprecated("Get Order Items", "getOrderItems")
    call: Call[GetOrderItemsResponse] = Call(
        arguments=_order_items_arguments(ctx, inputs),
        data_elements=_data_elements(inputs, ITEM_PII.choices),
    )
    return _pages("get_order_items", call)


@action(
    "Get Order Items Buyer Info",
    group="orders",
    command="items-buyer-info",
    operation=get_order_items_buyer_info_op,
    inputs=GetOrderItemsInputs,
    doc="Get Order Items Buyer Info: one page (Orders v0 getOrderItemsBuyerInfo).",
    iterator="iter_order_items_buyer_info",
)
def get_order_items_buyer_info(
    ctx: Context, inputs: Mapping[str, Any]
) -> Pages[GetOrderItemsBuyerInfoResponse, OrderItemBuyerInfo]:
    """Return one page of buyer information for an order's items (Orders v0 getOrderItemsBuyerInfo)."""
    _deprecated("Get Order Items Buyer Info", "getOrderItemsBuyerInfo")
    call: Call[GetOrderItemsBuyerInfoResponse] = Call(arguments=_order_items_arguments(ctx, inputs))
    return _pages("get_order_items_buyer_info", call)


# -- Confirm Order Shipment ----------------------------------------------------------------------------------

CONFIRM_MARKETPLACE = Input("Marketplace Id", "The marketplace of the order.")
PACKAGE_REFERENCE = Input(
    "Package Reference Id", "Your id for the package within the order; a positive number."
)
CARRIER_CODE = Input("Carrier Code", "The carrier delivering the package ('Other' needs Carrier Name).")
TRACKING_NUMBER = Input("Tracking Number", "The tracking number of the package.")
SHIP_DATE = Input("Ship Date", "When the package shipped (ISO 8601).")
ORDER_ITEMS = Input(
    "Order Items", 'Items in the package: [{"orderItemId", "quantity", "transparencyCodes"?}].'
)
CARRIER_NAME = Input("Carrier Name", "The carrier's name; required when Carrier Code is 'Other'.")
SHIPPING_METHOD = Input("Shipping Method", "The ship method used.")
SUPPLY_SOURCE_ID = Input("Ship From Supply Source Id", "The supply source the package shipped from.")
COD_METHOD = Input(
    "COD Collection Method", "How cash on delivery is collected (Japan only).", choices=COD_COLLECTION_METHODS
)


class ConfirmOrderShipmentInputs(TypedDict):
    """Inputs of Confirm Order Shipment (Orders v0 confirmShipment)."""

    order_id: Annotated[str, ORDER_ID]
    marketplace_id: Annotated[str, CONFIRM_MARKETPLACE]
    package_reference_id: Annotated[str, PACKAGE_REFERENCE]
    carrier_code: Annotated[str, CARRIER_CODE]
    tracking_number: Annotated[str, TRACKING_NUMBER]
    ship_date: Annotated[DateTime, SHIP_DATE]
    order_items: Annotated[Sequence[dict[str, Any]], ORDER_ITEMS]
    carrier_name: NotRequired[Annotated[str, CARRIER_NAME]]
    shipping_method: NotRequired[Annotated[str, SHIPPING_METHOD]]
    ship_from_supply_source_id: NotRequired[Annotated[str, SUPPLY_SOURCE_ID]]
    cod_collection_method: NotRequired[Annotated[str, COD_METHOD]]


#: The fields of one Order Items entry (ConfirmShipmentOrderItem); an unknown field is refused, not dropped.
_CONFIRM_ITEM_FIELDS: dict[str, validation.FieldCheck] = {
    "orderItemId": lambda value, name: validation.string(value, label=name),
    "quantity": lambda value, name: validation.integer(value, label=name, minimum=1),
    "transparencyCodes": lambda value, name: validation.string_list(value, label=name),
}


def _package_reference(value: Any, ctx: Context) -> str:
    reference = validation.string(value, label=PACKAGE_REFERENCE.label).strip()
    if not (reference.isdigit() and int(reference) > 0) and not validation.is_test_case(reference, ctx):
        msg = f"{PACKAGE_REFERENCE.label}: must be a positive number (got {reference!r})"
        raise InvalidInputError(msg, label=PACKAGE_REFERENCE.label)
    return reference


@action(
    "Confirm Order Shipment",
    group="orders",
    command="confirm-shipment",
    operation=confirm_shipment_op,
    inputs=ConfirmOrderShipmentInputs,
    doc="Confirm Order Shipment (Orders v0 confirmShipment).",
)
def confirm_order_shipment(ctx: Context, inputs: Mapping[str, Any]) -> Call[None]:
    """Confirm the shipment of an order's package (Orders v0 confirmShipment; returns nothing on success)."""
    carrier_code = validation.string(inputs["carrier_code"], label=CARRIER_CODE.label)
    if carrier_code == "Other" and not inputs.get("carrier_name"):
        msg = f"{CARRIER_NAME.label} is required when {CARRIER_CODE.label} is 'Other'"
        raise InvalidInputError(msg, label=CARRIER_NAME.label)
    package: dict[str, Any] = {
        "packageReferenceId": _package_reference(inputs["package_reference_id"], ctx),
        "carrierCode": carrier_code,
        "trackingNumber": validation.string(inputs["tracking_number"], label=TRACKING_NUMBER.label),
        "shipDate": validation.date_time(inputs["ship_date"], ctx, label=SHIP_DATE.label),
        "orderItems": validation.records(
            inputs["order_items"],
            label=ORDER_ITEMS.label,
            fields=_CONFIRM_ITEM_FIELDS,
            required=("orderItemId", "quantity"),
        ),
    }
    for key, field, spec in (
        ("carrier_name", "carrierName", CARRIER_NAME),
        ("shipping_method", "shippingMethod", SHIPPING_METHOD),
        ("ship_from_supply_source_id", "shipFromSupplySourceId", SUPPLY_SOURCE_ID),
    ):
        if key in inputs:
            package[field] = validation.string(inputs[key], label=spec.label)
    body: dict[str, Any] = {
        "packageDetail": package,
        "marketplaceId": validation.string(inputs["marketplace_id"], label=CONFIRM_MARKETPLACE.label),
    }
    if "cod_collection_method" in inputs:
        body["codCollectionMethod"] = validation.choice(
            inputs["cod_collection_method"], label=COD_METHOD.label, allowed=COD_METHOD.choices
        )
    order_id = validation.order_id(inputs["order_id"], ctx, label=ORDER_ID.label)
    return Call(arguments={"order_id": order_id, "body": body})


# -- Orders 2026-01-01 ---------------------------------------------------------------------------------------

SEARCH_MARKETPLACES = marketplace_ids("Only orders from these marketplaces (up to 50; optional here).")
FULFILLMENT_STATUSES_IN = Input(
    "Fulfillment Statuses", "Only orders in these statuses.", choices=FULFILLMENT_STATUSES
)
FULFILLED_BY_IN = Input("Fulfilled By", "MERCHANT or AMAZON.", choices=FULFILLED_BY)
PAGINATION_TOKEN = Input("Pagination Token", "The previous page's pagination.nextToken (valid for 24 hours).")
INCLUDED_DATA_IN = Input(
    "Included Data", "Extra data sets (BUYER and RECIPIENT need the PII roles).", choices=INCLUDED_DATA
)


class SearchOrdersInputs(TypedDict):
    """Inputs of Search Orders (Orders 2026-01-01 searchOrders)."""

    created_after: NotRequired[Annotated[DateTime, CREATED_AFTER]]
    created_before: NotRequired[Annotated[DateTime, CREATED_BEFORE]]
    last_updated_after: NotRequired[Annotated[DateTime, UPDATED_AFTER]]
    last_updated_before: NotRequired[Annotated[DateTime, UPDATED_BEFORE]]
    fulfillment_statuses: NotRequired[Annotated[Values, FULFILLMENT_STATUSES_IN]]
    marketplace_ids: NotRequired[Annotated[Values, SEARCH_MARKETPLACES]]
    fulfilled_by: NotRequired[Annotated[Values, FULFILLED_BY_IN]]
    max_results_per_page: NotRequired[Annotated[int, MAX_RESULTS]]
    pagination_token: NotRequired[Annotated[str, PAGINATION_TOKEN]]
    included_data: NotRequired[Annotated[Values, INCLUDED_DATA_IN]]


@action(
    "Search Orders",
    group="orders",
    command="search",
    operation=search_orders_op,
    inputs=SearchOrdersInputs,
    in_spec=False,
    doc="Search Orders: one page (Orders 2026-01-01 searchOrders).",
    iterator="iter_search_orders",
)
def search_orders(ctx: Context, inputs: Mapping[str, Any]) -> Pages[SearchOrdersResponse, OrderDetails]:
    """Return one page of orders from Orders 2026-01-01 searchOrders (the successor of List Orders)."""
    _check_window(inputs, has_token="pagination_token" in inputs)
    args: dict[str, Any] = {
        "max_results_per_page": validation.integer(
            inputs["max_results_per_page"], label=MAX_RESULTS.label, minimum=1, maximum=100
        ),
    }
    _optional(inputs, args, _WINDOW, lambda v, s: validation.date_time(v, ctx, label=s.label))
    choice_inputs = (
        ("fulfillment_statuses", FULFILLMENT_STATUSES_IN),
        ("fulfilled_by", FULFILLED_BY_IN),
        ("included_data", INCLUDED_DATA_IN),
    )
    _optional(
        inputs, args, choice_inputs, lambda v, s: validation.choices(v, label=s.label, allowed=s.choices)
    )
    if "marketplace_ids" in inputs:
        args["marketplace_ids"] = validation.marketplace_ids(
            inputs["marketplace_ids"], ctx, label=SEARCH_MARKETPLACES.label, max_items=50
        )
    if "pagination_token" in inputs:
        args["pagination_token"] = validation.string(inputs["pagination_token"], label=PAGINATION_TOKEN.label)
    call: Call[SearchOrdersResponse] = Call(arguments=args)
    return _pages("search_orders", call)


class GetOrderDetailsInputs(TypedDict):
    """Inputs of Get Order Details (Orders 2026-01-01 getOrder)."""

    order_id: Annotated[str, ORDER_ID]
    included_data: NotRequired[Annotated[Values, INCLUDED_DATA_IN]]


@action(
    "Get Order Details",
    group="orders",
    command="details",
    operation=get_order_2026_01_01_op,
    inputs=GetOrderDetailsInputs,
    in_spec=False,
    doc="Get Order Details (Orders 2026-01-01 getOrder).",
)
def get_order_details(ctx: Context, inputs: Mapping[str, Any]) -> Call[GetOrderDetailsResponse]:
    """Return one order with its items (Orders 2026-01-01 getOrder, the successor of the v0 order reads)."""
    args: dict[str, Any] = {"order_id": validation.order_id(inputs["order_id"], ctx, label=ORDER_ID.label)}
    if "included_data" in inputs:
        args["included_data"] = validation.choices(
            inputs["included_data"], label=INCLUDED_DATA_IN.label, allowed=INCLUDED_DATA_IN.choices
        )
    return Call(arguments=args)
