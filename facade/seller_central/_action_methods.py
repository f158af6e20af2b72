"""The action methods of ``SellerCentral`` and ``AsyncSellerCentral``: GENERATED, do not edit.

Written by ``python -m seller_central.actions._render`` from the ``@action`` declarations in
:mod:`seller_central.actions`: declare or change an action there and run it again (``--check`` fails when
this file is stale; ``make check-generated`` runs it).

Each method is one line: the pure action builds the call from the inputs (typed by its ``TypedDict``), and a
primitive of the client sends it. An action's module is imported on its first call, so building a client
imports no action area and no generated API.

The ``iter_*`` methods follow the page token and yield every item once. ``max_pages=N`` stops quietly after N
pages (a limit, like SQL's ``LIMIT``; SP-API may have had more). A page token SP-API sends a second time
raises :class:`~seller_central.errors.PaginationError` after the items received so far were yielded, instead
of fetching the same pages forever.
"""

# ruff: noqa: PLC0415 (each method imports its action area when it is first called)

from __future__ import annotations

import abc
import copy
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any, Self, TypeVar, Unpack

import attrs

if TYPE_CHECKING:
    import httpx
    from selling_partner_api.catalog_items_2022_04_01.models import Item as CatalogItemsItem
    from selling_partner_api.catalog_items_2022_04_01.models import ItemSearchResults
    from selling_partner_api.feeds_2021_06_30.models import (
        CreateFeedDocumentResponse,
        CreateFeedResponse,
        Feed,
        FeedDocument,
        GetFeedsResponse,
    )
    from selling_partner_api.listings_items_2021_08_01.models import Item as ListingsItem
    from selling_partner_api.listings_items_2021_08_01.models import ListingsItemSubmissionResponse
    from selling_partner_api.merchant_fulfillment_v0.models import (
        CancelShipmentResponse,
        CreateShipmentResponse,
        GetAdditionalSellerInputsResponse,
        GetEligibleShipmentServicesResponse,
        GetShipmentResponse,
    )
    from selling_partner_api.notifications_v1.models import (
        CreateDestinationResponse,
        CreateSubscriptionResponse,
        DeleteDestinationResponse,
        DeleteSubscriptionByIdResponse,
        GetDestinationResponse,
        GetDestinationsResponse,
        GetSubscriptionByIdResponse,
        GetSubscriptionResponse,
        GetSubscriptionsResponse,
        Subscription,
    )
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

    from seller_central.actions.catalog_items import GetCatalogItemInputs, SearchCatalogItemInputs
    from seller_central.actions.feed_documents import (
        DownloadFeedDocumentInputs,
        SubmitFeedInputs,
        SubmitFeedResult,
        UploadFeedDocumentInputs,
    )
    from seller_central.actions.feeds import (
        CreateFeedDocumentInputs,
        CreateFeedInputs,
        FeedIdInputs,
        GetFeedDocumentInputs,
        ListFeedsInputs,
    )
    from seller_central.actions.listings import (
        CreateListingsItemInputs,
        DeleteListingsItemInputs,
        GetListingsItemInputs,
        UpdateListingsItemInputs,
    )
    from seller_central.actions.notifications import (
        CreateDestinationInputs,
        CreateSubscriptionInputs,
        DestinationIdInputs,
        ListSubscriptionInputs,
        ListSubscriptionsInputs,
        SubscriptionIdInputs,
    )
    from seller_central.actions.orders import (
        ConfirmOrderShipmentInputs,
        GetOrderDetailsInputs,
        GetOrderInputs,
        GetOrderItemsInputs,
        GetOrderItemsWithPiiInputs,
        ListOrdersInputs,
        OrderIdInputs,
        SearchOrdersInputs,
    )
    from seller_central.actions.raw import RawRequestInputs
    from seller_central.actions.shipping import (
        CreateShipmentInputs,
        GetAdditionalSellerInputsInputs,
        GetEligibleShipmentServicesInputs,
        ShipmentIdInputs,
    )
    from seller_central.calls import Call, Context, Flow, Pages, RawCall


__all__ = ["ActionMethods", "AsyncActionMethods"]

T = TypeVar("T")
R = TypeVar("R")
AnyCall = TypeVar("AnyCall", "Call[Any]", "RawCall")


class _Views:
    """Per-call options, as a view of the client that shares its pools, tokens and limits."""

    _call_timeout: float | httpx.Timeout | None = None

    def with_options(self, *, timeout: float | httpx.Timeout) -> Self:
        """Return a view of this client whose calls use ``timeout`` (seconds or an ``httpx.Timeout``).

        ``client.with_options(timeout=5).get_order(order_id=...)`` sends one call with a 5 s timeout. The view
        shares everything else with the client; close the client, not the view.
        """
        view = copy.copy(self)
        view._call_timeout = timeout  # noqa: SLF001 (a copy of self, the same class)
        return view

    def _with_timeout(self, call: AnyCall) -> AnyCall:
        if self._call_timeout is None or call.timeout is not None:
            return call
        return attrs.evolve(call, timeout=self._call_timeout)


class ActionMethods(_Views, abc.ABC):
    """The synchronous client's action methods, over the primitives ``SellerCentral`` implements."""

    _context: Context

    @abc.abstractmethod
    def _send(self, call: Call[T]) -> T:
        """Send one call and return its result."""

    @abc.abstractmethod
    def _send_raw(self, call: RawCall) -> Any:
        """Send a raw request and return its body."""

    @abc.abstractmethod
    def _drive(self, flow: Flow[T], on_step: Callable[[Any, Any], None] | None = None) -> T:
        """Run a multi-step flow to its result."""

    @abc.abstractmethod
    def _pages(self, pages: Pages[T, Any], max_pages: int | None = None) -> Iterator[T]:
        """Yield every page (at most ``max_pages``); a repeated page token raises ``PaginationError``."""

    @abc.abstractmethod
    def _items(self, pages: Pages[T, R], max_pages: int | None = None) -> Iterator[R]:
        """Yield every item of every page (of at most ``max_pages`` pages)."""

    # -- orders ----------------------------------------------------------------------------------------------

    def list_orders(self, **inputs: Unpack[ListOrdersInputs]) -> GetOrdersResponse:
        """List Orders: one page of orders (Orders v0 getOrders); follow ``payload.next_token``."""
        from seller_central.actions import orders

        return self._send(orders.list_orders(self._context, inputs).first)

    def iter_orders(
        self, *, max_pages: int | None = None, **inputs: Unpack[ListOrdersInputs]
    ) -> Iterator[Order]:
        """List Orders across every page, yielding each order once."""
        from seller_central.actions import orders

        return self._items(orders.list_orders(self._context, inputs), max_pages)

    def get_order(self, **inputs: Unpack[GetOrderInputs]) -> GetOrderResponse:
        """Get Order (Orders v0 getOrder)."""
        from seller_central.actions import orders

        return self._send(orders.get_order(self._context, inputs))

    def get_order_address(self, **inputs: Unpack[OrderIdInputs]) -> GetOrderAddressResponse:
        """Get Order Address (Orders v0 getOrderAddress, through a Restricted Data Token)."""
        from seller_central.actions import orders

        return self._send(orders.get_order_address(self._context, inputs))

    def get_order_buyer_info(self, **inputs: Unpack[OrderIdInputs]) -> GetOrderBuyerInfoResponse:
        """Get Order Buyer Info (Orders v0 getOrderBuyerInfo, through a Restricted Data Token)."""
        from seller_central.actions import orders

        return self._send(orders.get_order_buyer_info(self._context, inputs))

    def get_order_items(self, **inputs: Unpack[GetOrderItemsWithPiiInputs]) -> GetOrderItemsResponse:
        """Get Order Items: one page (Orders v0 getOrderItems)."""
        from seller_central.actions import orders

        return self._send(orders.get_order_items(self._context, inputs).first)

    def iter_order_items(
        self, *, max_pages: int | None = None, **inputs: Unpack[GetOrderItemsWithPiiInputs]
    ) -> Iterator[OrderItem]:
        """Get Order Items across every page."""
        from seller_central.actions import orders

        return self._items(orders.get_order_items(self._context, inputs), max_pages)

    def get_order_items_buyer_info(
        self, **inputs: Unpack[GetOrderItemsInputs]
    ) -> GetOrderItemsBuyerInfoResponse:
        """Get Order Items Buyer Info: one page (Orders v0 getOrderItemsBuyerInfo)."""
        from seller_central.actions import orders

        return self._send(orders.get_order_items_buyer_info(self._context, inputs).first)

    def iter_order_items_buyer_info(
        self, *, max_pages: int | None = None, **inputs: Unpack[GetOrderItemsInputs]
    ) -> Iterator[OrderItemBuyerInfo]:
        """Get Order Items Buyer Info across every page."""
        from seller_central.actions import orders

        return self._items(orders.get_order_items_buyer_info(self._context, inputs), max_pages)

    def confirm_order_shipment(self, **inputs: Unpack[ConfirmOrderShipmentInputs]) -> None:
        """Confirm Order Shipment (Orders v0 confirmShipment)."""
        from seller_central.actions import orders

        return self._send(orders.confirm_order_shipment(self._context, inputs))

    def search_orders(self, **inputs: Unpack[SearchOrdersInputs]) -> SearchOrdersResponse:
        """Search Orders: one page (Orders 2026-01-01 searchOrders)."""
        from seller_central.actions import orders

        return self._send(orders.search_orders(self._context, inputs).first)

    def iter_search_orders(
        self, *, max_pages: int | None = None, **inputs: Unpack[SearchOrdersInputs]
    ) -> Iterator[OrderDetails]:
        """Search Orders across every page."""
        from seller_central.actions import orders

        return self._items(orders.search_orders(self._context, inputs), max_pages)

    def get_order_details(self, **inputs: Unpack[GetOrderDetailsInputs]) -> GetOrderDetailsResponse:
        """Get Order Details (Orders 2026-01-01 getOrder)."""
        from seller_central.actions import orders

        return self._send(orders.get_order_details(self._context, inputs))

    # -- feeds -----------------------------------------------------------------------------------------------

    def cancel_feed(self, **inputs: Unpack[FeedIdInputs]) -> None:
        """Cancel Feed (Feeds 2021-06-30 cancelFeed)."""
        from seller_central.actions import feeds

        return self._send(feeds.cancel_feed(self._context, inputs))

    def get_feed(self, **inputs: Unpack[FeedIdInputs]) -> Feed:
        """Get Feed (Feeds 2021-06-30 getFeed)."""
        from seller_central.actions import feeds

        return self._send(feeds.get_feed(self._context, inputs))

    def create_feed(self, **inputs: Unpack[CreateFeedInputs]) -> CreateFeedResponse:
        """Create Feed (Feeds 2021-06-30 createFeed); upload the document first."""
        from seller_central.actions import feeds

        return self._send(feeds.create_feed(self._context, inputs))

    def create_feed_document(self, **inputs: Unpack[CreateFeedDocumentInputs]) -> CreateFeedDocumentResponse:
        """Create Feed Document (Feeds 2021-06-30 createFeedDocument): an id and an upload URL."""
        from seller_central.actions import feeds

        return self._send(feeds.create_feed_document(self._context, inputs))

    def get_feed_document(self, **inputs: Unpack[GetFeedDocumentInputs]) -> FeedDocument:
        """Get Feed Document (Feeds 2021-06-30 getFeedDocument): a download URL and its compression."""
        from seller_central.actions import feeds

        return self._send(feeds.get_feed_document(self._context, inputs))

    def list_feeds(self, **inputs: Unpack[ListFeedsInputs]) -> GetFeedsResponse:
        """List Feeds: one page (Feeds 2021-06-30 getFeeds); pass its ``next_token`` alone for the next."""
        from seller_central.actions import feeds

        return self._send(feeds.list_feeds(self._context, inputs).first)

    def iter_feeds(
        self, *, max_pages: int | None = None, **inputs: Unpack[ListFeedsInputs]
    ) -> Iterator[Feed]:
        """List Feeds across every page, yielding each feed once."""
        from seller_central.actions import feeds

        return self._items(feeds.list_feeds(self._context, inputs), max_pages)

    # -- feed_documents --------------------------------------------------------------------------------------

    def upload_feed_document(self, **inputs: Unpack[UploadFeedDocumentInputs]) -> None:
        """Upload feed content to a Create Feed Document URL (no SP-API token is sent)."""
        from seller_central.actions import feed_documents

        return self._drive(feed_documents.upload_feed_document(self._context, inputs))

    def download_feed_document(self, **inputs: Unpack[DownloadFeedDocumentInputs]) -> bytes | None:
        """Download a feed document (GZIP inflated): its bytes, or ``None`` once streamed to ``target``."""
        from seller_central.actions import feed_documents

        return self._drive(feed_documents.download_feed_document(self._context, inputs))

    def submit_feed(self, **inputs: Unpack[SubmitFeedInputs]) -> SubmitFeedResult:
        """Submit Feed: document, upload, createFeed, and with ``wait`` the outcome and processing report."""
        from seller_central.actions import feed_documents

        return self._drive(feed_documents.submit_feed(self._context, inputs))

    # -- raw -------------------------------------------------------------------------------------------------

    def raw_request(self, **inputs: Unpack[RawRequestInputs]) -> Any:
        """Raw Request: the body as parsed JSON, text or bytes, per Response Type."""
        from seller_central.actions import raw

        return self._send_raw(raw.raw_request(self._context, inputs))

    # -- listings --------------------------------------------------------------------------------------------

    def create_listings_item(
        self, **inputs: Unpack[CreateListingsItemInputs]
    ) -> ListingsItemSubmissionResponse:
        """Create Listings Item (Listings Items putListingsItem)."""
        from seller_central.actions import listings

        return self._send(listings.create_listings_item(self._context, inputs))

    def get_listings_item(self, **inputs: Unpack[GetListingsItemInputs]) -> ListingsItem:
        """Get Listings Item (Listings Items getListingsItem)."""
        from seller_central.actions import listings

        return self._send(listings.get_listings_item(self._context, inputs))

    def update_listings_item(
        self, **inputs: Unpack[UpdateListingsItemInputs]
    ) -> ListingsItemSubmissionResponse:
        """Update Listings Item (Listings Items patchListingsItem)."""
        from seller_central.actions import listings

        return self._send(listings.update_listings_item(self._context, inputs))

    def delete_listings_item(
        self, **inputs: Unpack[DeleteListingsItemInputs]
    ) -> ListingsItemSubmissionResponse:
        """Delete Listings Item (Listings Items deleteListingsItem)."""
        from seller_central.actions import listings

        return self._send(listings.delete_listings_item(self._context, inputs))

    # -- catalog_items ---------------------------------------------------------------------------------------

    def get_catalog_item(self, **inputs: Unpack[GetCatalogItemInputs]) -> CatalogItemsItem:
        """Get Catalog Item (Catalog Items getCatalogItem)."""
        from seller_central.actions import catalog_items

        return self._send(catalog_items.get_catalog_item(self._context, inputs))

    def search_catalog_item(self, **inputs: Unpack[SearchCatalogItemInputs]) -> ItemSearchResults:
        """Search Catalog Item: one page (Catalog Items searchCatalogItems); see ``pagination``."""
        from seller_central.actions import catalog_items

        return self._send(catalog_items.search_catalog_item(self._context, inputs).first)

    def iter_catalog_items(
        self, *, max_pages: int | None = None, **inputs: Unpack[SearchCatalogItemInputs]
    ) -> Iterator[CatalogItemsItem]:
        """Search Catalog Item across every page, yielding each item."""
        from seller_central.actions import catalog_items

        return self._items(catalog_items.search_catalog_item(self._context, inputs), max_pages)

    # -- notifications ---------------------------------------------------------------------------------------

    def create_destination(self, **inputs: Unpack[CreateDestinationInputs]) -> CreateDestinationResponse:
        """Create Destination, SQS or EventBridge (Notifications createDestination; grantless)."""
        from seller_central.actions import notifications

        return self._send(notifications.create_destination(self._context, inputs))

    def get_destination(self, **inputs: Unpack[DestinationIdInputs]) -> GetDestinationResponse:
        """Get Destination (Notifications getDestination; grantless)."""
        from seller_central.actions import notifications

        return self._send(notifications.get_destination(self._context, inputs))

    def delete_destination(self, **inputs: Unpack[DestinationIdInputs]) -> DeleteDestinationResponse:
        """Delete Destination (Notifications deleteDestination; grantless)."""
        from seller_central.actions import notifications

        return self._send(notifications.delete_destination(self._context, inputs))

    def list_destinations(self) -> GetDestinationsResponse:
        """List Destinations (Notifications getDestinations; grantless)."""
        from seller_central.actions import notifications

        return self._send(notifications.list_destinations(self._context, {}))

    def create_subscription(self, **inputs: Unpack[CreateSubscriptionInputs]) -> CreateSubscriptionResponse:
        """Create Subscription (Notifications createSubscription; needs a seller's authorization)."""
        from seller_central.actions import notifications

        return self._send(notifications.create_subscription(self._context, inputs))

    def get_subscription_by_id(self, **inputs: Unpack[SubscriptionIdInputs]) -> GetSubscriptionByIdResponse:
        """Get Subscription By ID (Notifications getSubscriptionById; grantless)."""
        from seller_central.actions import notifications

        return self._send(notifications.get_subscription_by_id(self._context, inputs))

    def delete_subscription_by_id(
        self, **inputs: Unpack[SubscriptionIdInputs]
    ) -> DeleteSubscriptionByIdResponse:
        """Delete Subscription By ID (Notifications deleteSubscriptionById; grantless)."""
        from seller_central.actions import notifications

        return self._send(notifications.delete_subscription_by_id(self._context, inputs))

    def list_subscription(self, **inputs: Unpack[ListSubscriptionInputs]) -> GetSubscriptionResponse:
        """List Subscription: the subscription to one notification type (Notifications getSubscription)."""
        from seller_central.actions import notifications

        return self._send(notifications.list_subscription(self._context, inputs))

    def list_subscriptions(self, **inputs: Unpack[ListSubscriptionsInputs]) -> GetSubscriptionsResponse:
        """List Subscriptions: one page (Notifications getSubscriptions); follow ``payload.next_token``."""
        from seller_central.actions import notifications

        return self._send(notifications.list_subscriptions(self._context, inputs).first)

    def iter_subscriptions(
        self, *, max_pages: int | None = None, **inputs: Unpack[ListSubscriptionsInputs]
    ) -> Iterator[Subscription]:
        """List Subscriptions across every page, yielding each subscription."""
        from seller_central.actions import notifications

        return self._items(notifications.list_subscriptions(self._context, inputs), max_pages)

    # -- shipping --------------------------------------------------------------------------------------------

    def get_eligible_shipment_services(
        self, **inputs: Unpack[GetEligibleShipmentServicesInputs]
    ) -> GetEligibleShipmentServicesResponse:
        """Get Eligible Shipment Services (Merchant Fulfillment getEligibleShipmentServices)."""
        from seller_central.actions import shipping

        return self._send(shipping.get_eligible_shipment_services(self._context, inputs))

    def get_additional_seller_inputs(
        self, **inputs: Unpack[GetAdditionalSellerInputsInputs]
    ) -> GetAdditionalSellerInputsResponse:
        """Get Additional Seller Inputs (Merchant Fulfillment getAdditionalSellerInputs)."""
        from seller_central.actions import shipping

        return self._send(shipping.get_additional_seller_inputs(self._context, inputs))

    def create_shipment(self, **inputs: Unpack[CreateShipmentInputs]) -> CreateShipmentResponse:
        """Create Shipment (Merchant Fulfillment createShipment, through a Restricted Data Token)."""
        from seller_central.actions import shipping

        return self._send(shipping.create_shipment(self._context, inputs))

    def get_shipment(self, **inputs: Unpack[ShipmentIdInputs]) -> GetShipmentResponse:
        """Get Shipment (Merchant Fulfillment getShipment, through a Restricted Data Token)."""
        from seller_central.actions import shipping

        return self._send(shipping.get_shipment(self._context, inputs))

    def cancel_shipment(self, **inputs: Unpack[ShipmentIdInputs]) -> CancelShipmentResponse:
        """Cancel Shipment (Merchant Fulfillment cancelShipment, through a Restricted Data Token)."""
        from seller_central.actions import shipping

        return self._send(shipping.cancel_shipment(self._context, inputs))


class AsyncActionMethods(_Views, abc.ABC):
    """The asyncio client's action methods, over the primitives ``AsyncSellerCentral`` implements."""

    _context: Context

    @abc.abstractmethod
    async def _send(self, call: Call[T]) -> T:
        """Send one call and return its result."""

    @abc.abstractmethod
    async def _send_raw(self, call: RawCall) -> Any:
        """Send a raw request and return its body."""

    @abc.abstractmethod
    async def _drive(self, flow: Flow[T], on_step: Callable[[Any, Any], None] | None = None) -> T:
        """Run a multi-step flow to its result."""

    @abc.abstractmethod
    def _pages(self, pages: Pages[T, Any], max_pages: int | None = None) -> AsyncIterator[T]:
        """Yield every page (at most ``max_pages``); a repeated page token raises ``PaginationError``."""

    @abc.abstractmethod
    def _items(self, pages: Pages[T, R], max_pages: int | None = None) -> AsyncIterator[R]:
        """Yield every item of every page (of at most ``max_pages`` pages)."""

    # -- orders ----------------------------------------------------------------------------------------------

    async def list_orders(self, **inputs: Unpack[ListOrdersInputs]) -> GetOrdersResponse:
        """List Orders: one page of orders (Orders v0 getOrders); follow ``payload.next_token``."""
        from seller_central.actions import orders

        return await self._send(orders.list_orders(self._context, inputs).first)

    def iter_orders(
        self, *, max_pages: int | None = None, **inputs: Unpack[ListOrdersInputs]
    ) -> AsyncIterator[Order]:
        """List Orders across every page, yielding each order once (``async for``)."""
        from seller_central.actions import orders

        return self._items(orders.list_orders(self._context, inputs), max_pages)

    async def get_order(self, **inputs: Unpack[GetOrderInputs]) -> GetOrderResponse:
        """Get Order (Orders v0 getOrder)."""
        from seller_central.actions import orders

        return await self._send(orders.get_order(self._context, inputs))

    async def get_order_address(self, **inputs: Unpack[OrderIdInputs]) -> GetOrderAddressResponse:
        """Get Order Address (Orders v0 getOrderAddress, through a Restricted Data Token)."""
        from seller_central.actions import orders

        return await self._send(orders.get_order_address(self._context, inputs))

    async def get_order_buyer_info(self, **inputs: Unpack[OrderIdInputs]) -> GetOrderBuyerInfoResponse:
        """Get Order Buyer Info (Orders v0 getOrderBuyerInfo, through a Restricted Data Token)."""
        from seller_central.actions import orders

        return await self._send(orders.get_order_buyer_info(self._context, inputs))

    async def get_order_items(self, **inputs: Unpack[GetOrderItemsWithPiiInputs]) -> GetOrderItemsResponse:
        """Get Order Items: one page (Orders v0 getOrderItems)."""
        from seller_central.actions import orders

        return await self._send(orders.get_order_items(self._context, inputs).first)

    def iter_order_items(
        self, *, max_pages: int | None = None, **inputs: Unpack[GetOrderItemsWithPiiInputs]
    ) -> AsyncIterator[OrderItem]:
        """Get Order Items across every page (``async for``)."""
        from seller_central.actions import orders

        return self._items(orders.get_order_items(self._context, inputs), max_pages)

    async def get_order_items_buyer_info(
        self, **inputs: Unpack[GetOrderItemsInputs]
    ) -> GetOrderItemsBuyerInfoResponse:
        """Get Order Items Buyer Info: one page (Orders v0 getOrderItemsBuyerInfo)."""
        from seller_central.actions import orders

        return await self._send(orders.get_order_items_buyer_info(self._context, inputs).first)

    def iter_order_items_buyer_info(
        self, *, max_pages: int | None = None, **inputs: Unpack[GetOrderItemsInputs]
    ) -> AsyncIterator[OrderItemBuyerInfo]:
        """Get Order Items Buyer Info across every page (``async for``)."""
        from seller_central.actions import orders

        return self._items(orders.get_order_items_buyer_info(self._context, inputs), max_pages)

    async def confirm_order_shipment(self, **inputs: Unpack[ConfirmOrderShipmentInputs]) -> None:
        """Confirm Order Shipment (Orders v0 confirmShipment)."""
        from seller_central.actions import orders

        return await self._send(orders.confirm_order_shipment(self._context, inputs))

    async def search_orders(self, **inputs: Unpack[SearchOrdersInputs]) -> SearchOrdersResponse:
        """Search Orders: one page (Orders 2026-01-01 searchOrders)."""
        from seller_central.actions import orders

        return await self._send(orders.search_orders(self._context, inputs).first)

    def iter_search_orders(
        self, *, max_pages: int | None = None, **inputs: Unpack[SearchOrdersInputs]
    ) -> AsyncIterator[OrderDetails]:
        """Search Orders across every page (``async for``)."""
        from seller_central.actions import orders

        return self._items(orders.search_orders(self._context, inputs), max_pages)

    async def get_order_details(self, **inputs: Unpack[GetOrderDetailsInputs]) -> GetOrderDetailsResponse:
        """Get Order Details (Orders 2026-01-01 getOrder)."""
        from seller_central.actions import orders

        return await self._send(orders.get_order_details(self._context, inputs))

    # -- feeds -----------------------------------------------------------------------------------------------

    async def cancel_feed(self, **inputs: Unpack[FeedIdInputs]) -> None:
        """Cancel Feed (Feeds 2021-06-30 cancelFeed)."""
        from seller_central.actions import feeds

        return await self._send(feeds.cancel_feed(self._context, inputs))

    async def get_feed(self, **inputs: Unpack[FeedIdInputs]) -> Feed:
        """Get Feed (Feeds 2021-06-30 getFeed)."""
        from seller_central.actions import feeds

        return await self._send(feeds.get_feed(self._context, inputs))

    async def create_feed(self, **inputs: Unpack[CreateFeedInputs]) -> CreateFeedResponse:
        """Create Feed (Feeds 2021-06-30 createFeed); upload the document first."""
        from seller_central.actions import feeds

        return await self._send(feeds.create_feed(self._context, inputs))

    async def create_feed_document(
        self, **inputs: Unpack[CreateFeedDocumentInputs]
    ) -> CreateFeedDocumentResponse:
        """Create Feed Document (Feeds 2021-06-30 createFeedDocument): an id and an upload URL."""
        from seller_central.actions import feeds

        return await self._send(feeds.create_feed_document(self._context, inputs))

    async def get_feed_document(self, **inputs: Unpack[GetFeedDocumentInputs]) -> FeedDocument:
        """Get Feed Document (Feeds 2021-06-30 getFeedDocument): a download URL and its compression."""
        from seller_central.actions import feeds

        return await self._send(feeds.get_feed_document(self._context, inputs))

    async def list_feeds(self, **inputs: Unpack[ListFeedsInputs]) -> GetFeedsResponse:
        """List Feeds: one page (Feeds 2021-06-30 getFeeds); pass its ``next_token`` alone for the next."""
        from seller_central.actions import feeds

        return await self._send(feeds.list_feeds(self._context, inputs).first)

    def iter_feeds(
        self, *, max_pages: int | None = None, **inputs: Unpack[ListFeedsInputs]
    ) -> AsyncIterator[Feed]:
        """List Feeds across every page, yielding each feed once (``async for``)."""
        from seller_central.actions import feeds

        return self._items(feeds.list_feeds(self._context, inputs), max_pages)

    # -- feed_documents --------------------------------------------------------------------------------------

    async def upload_feed_document(self, **inputs: Unpack[UploadFeedDocumentInputs]) -> None:
        """Upload feed content to a Create Feed Document URL (no SP-API token is sent)."""
        from seller_central.actions import feed_documents

        return await self._drive(feed_documents.upload_feed_document(self._context, inputs))

    async def download_feed_document(self, **inputs: Unpack[DownloadFeedDocumentInputs]) -> bytes | None:
        """Download a feed document (GZIP inflated): its bytes, or ``None`` once streamed to ``target``."""
        from seller_central.actions import feed_documents

        return await self._drive(feed_documents.download_feed_document(self._context, inputs))

    async def submit_feed(self, **inputs: Unpack[SubmitFeedInputs]) -> SubmitFeedResult:
        """Submit Feed: document, upload, createFeed, and with ``wait`` the outcome and processing report."""
        from seller_central.actions import feed_documents

        return await self._drive(feed_documents.submit_feed(self._context, inputs))

    # -- raw -------------------------------------------------------------------------------------------------

    async def raw_request(self, **inputs: Unpack[RawRequestInputs]) -> Any:
        """Raw Request: the body as parsed JSON, text or bytes, per Response Type."""
        from seller_central.actions import raw

        return await self._send_raw(raw.raw_request(self._context, inputs))

    # -- listings --------------------------------------------------------------------------------------------

    async def create_listings_item(
        self, **inputs: Unpack[CreateListingsItemInputs]
    ) -> ListingsItemSubmissionResponse:
        """Create Listings Item (Listings Items putListingsItem)."""
        from seller_central.actions import listings

        return await self._send(listings.create_listings_item(self._context, inputs))

    async def get_listings_item(self, **inputs: Unpack[GetListingsItemInputs]) -> ListingsItem:
        """Get Listings Item (Listings Items getListingsItem)."""
        from seller_central.actions import listings

        return await self._send(listings.get_listings_item(self._context, inputs))

    async def update_listings_item(
        self, **inputs: Unpack[UpdateListingsItemInputs]
    ) -> ListingsItemSubmissionResponse:
        """Update Listings Item (Listings Items patchListingsItem)."""
        from seller_central.actions import listings

        return await self._send(listings.update_listings_item(self._context, inputs))

    async def delete_listings_item(
        self, **inputs: Unpack[DeleteListingsItemInputs]
    ) -> ListingsItemSubmissionResponse:
        """Delete Listings Item (Listings Items deleteListingsItem)."""
        from seller_central.actions import listings

        return await self._send(listings.delete_listings_item(self._context, inputs))

    # -- catalog_items ---------------------------------------------------------------------------------------

    async def get_catalog_item(self, **inputs: Unpack[GetCatalogItemInputs]) -> CatalogItemsItem:
        """Get Catalog Item (Catalog Items getCatalogItem)."""
        from seller_central.actions import catalog_items

        return await self._send(catalog_items.get_catalog_item(self._context, inputs))

    async def search_catalog_item(self, **inputs: Unpack[SearchCatalogItemInputs]) -> ItemSearchResults:
        """Search Catalog Item: one page (Catalog Items searchCatalogItems); see ``pagination``."""
        from seller_central.actions import catalog_items

        return await self._send(catalog_items.search_catalog_item(self._context, inputs).first)

    def iter_catalog_items(
        self, *, max_pages: int | None = None, **inputs: Unpack[SearchCatalogItemInputs]
    ) -> AsyncIterator[CatalogItemsItem]:
        """Search Catalog Item across every page, yielding each item (``async for``)."""
        from seller_central.actions import catalog_items

        return self._items(catalog_items.search_catalog_item(self._context, inputs), max_pages)

    # -- notifications ---------------------------------------------------------------------------------------

    async def create_destination(
        self, **inputs: Unpack[CreateDestinationInputs]
    ) -> CreateDestinationResponse:
        """Create Destination, SQS or EventBridge (Notifications createDestination; grantless)."""
        from seller_central.actions import notifications

        return await self._send(notifications.create_destination(self._context, inputs))

    async def get_destination(self, **inputs: Unpack[DestinationIdInputs]) -> GetDestinationResponse:
        """Get Destination (Notifications getDestination; grantless)."""
        from seller_central.actions import notifications

        return await self._send(notifications.get_destination(self._context, inputs))

    async def delete_destination(self, **inputs: Unpack[DestinationIdInputs]) -> DeleteDestinationResponse:
        """Delete Destination (Notifications deleteDestination; grantless)."""
        from seller_central.actions import notifications

        return await self._send(notifications.delete_destination(self._context, inputs))

    async def list_destinations(self) -> GetDestinationsResponse:
        """List Destinations (Notifications getDestinations; grantless)."""
        from seller_central.actions import notifications

        return await self._send(notifications.list_destinations(self._context, {}))

    async def create_subscription(
        self, **inputs: Unpack[CreateSubscriptionInputs]
    ) -> CreateSubscriptionResponse:
        """Create Subscription (Notifications createSubscription; needs a seller's authorization)."""
        from seller_central.actions import notifications

        return await self._send(notifications.create_subscription(self._context, inputs))

    async def get_subscription_by_id(
        self, **inputs: Unpack[SubscriptionIdInputs]
    ) -> GetSubscriptionByIdResponse:
        """Get Subscription By ID (Notifications getSubscriptionById; grantless)."""
        from seller_central.actions import notifications

        return await self._send(notifications.get_subscription_by_id(self._context, inputs))

    async def delete_subscription_by_id(
        self, **inputs: Unpack[SubscriptionIdInputs]
    ) -> DeleteSubscriptionByIdResponse:
        """Delete Subscription By ID (Notifications deleteSubscriptionById; grantless)."""
        from seller_central.actions import notifications

        return await self._send(notifications.delete_subscription_by_id(self._context, inputs))

    async def list_subscription(self, **inputs: Unpack[ListSubscriptionInputs]) -> GetSubscriptionResponse:
        """List Subscription: the subscription to one notification type (Notifications getSubscription)."""
        from seller_central.actions import notifications

        return await self._send(notifications.list_subscription(self._context, inputs))

    async def list_subscriptions(self, **inputs: Unpack[ListSubscriptionsInputs]) -> GetSubscriptionsResponse:
        """List Subscriptions: one page (Notifications getSubscriptions); follow ``payload.next_token``."""
        from seller_central.actions import notifications

        return await self._send(notifications.list_subscriptions(self._context, inputs).first)

    def iter_subscriptions(
        self, *, max_pages: int | None = None, **inputs: Unpack[ListSubscriptionsInputs]
    ) -> AsyncIterator[Subscription]:
        """List Subscriptions across every page, yielding each subscription (``async for``)."""
        from seller_central.actions import notifications

        return self._items(notifications.list_subscriptions(self._context, inputs), max_pages)

    # -- shipping --------------------------------------------------------------------------------------------

    async def get_eligible_shipment_services(
        self, **inputs: Unpack[GetEligibleShipmentServicesInputs]
    ) -> GetEligibleShipmentServicesResponse:
        """Get Eligible Shipment Services (Merchant Fulfillment getEligibleShipmentServices)."""
        from seller_central.actions import shipping

        return await self._send(shipping.get_eligible_shipment_services(self._context, inputs))

    async def get_additional_seller_inputs(
        self, **inputs: Unpack[GetAdditionalSellerInputsInputs]
    ) -> GetAdditionalSellerInputsResponse:
        """Get Additional Seller Inputs (Merchant Fulfillment getAdditionalSellerInputs)."""
        from seller_central.actions import shipping

        return await self._send(shipping.get_additional_seller_inputs(self._context, inputs))

    async def create_shipment(self, **inputs: Unpack[CreateShipmentInputs]) -> CreateShipmentResponse:
        """Create Shipment (Merchant Fulfillment createShipment, through a Restricted Data Token)."""
        from seller_central.actions import shipping

        return await self._send(shipping.create_shipment(self._context, inputs))

    async def get_shipment(self, **inputs: Unpack[ShipmentIdInputs]) -> GetShipmentResponse:
        """Get Shipment (Merchant Fulfillment getShipment, through a Restricted Data Token)."""
        from seller_central.actions import shipping

        return await self._send(shipping.get_shipment(self._context, inputs))

    async def cancel_shipment(self, **inputs: Unpack[ShipmentIdInputs]) -> CancelShipmentResponse:
        """Cancel Shipment (Merchant Fulfillment cancelShipment, through a Restricted Data Token)."""
        from seller_central.actions import shipping

        return await self._send(shipping.cancel_shipment(self._context, inputs))
