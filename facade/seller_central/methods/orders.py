"""Order actions as client methods (see :mod:`seller_central.actions.orders`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Unpack

from seller_central._engine import AsyncEngine, SyncEngine
from seller_central._lazy import lazy_module

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

    from seller_central.actions import orders
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
else:
    orders = lazy_module("seller_central.actions.orders")

__all__ = ["AsyncOrdersMethods", "OrdersMethods"]


class OrdersMethods(SyncEngine):
    """Orders (v0, deprecated by Amazon for reads) and Orders 2026-01-01."""

    def list_orders(self, **inputs: Unpack[ListOrdersInputs]) -> GetOrdersResponse:
        """List Orders: one page of orders (Orders v0 getOrders); follow ``payload.next_token``."""
        return self._send(orders.list_orders(self._context, inputs).first)

    def iter_orders(
        self, *, max_pages: int | None = None, **inputs: Unpack[ListOrdersInputs]
    ) -> Iterator[Order]:
        """List Orders across every page, yielding each order once."""
        return self._items(orders.list_orders(self._context, inputs), max_pages)

    def get_order(self, **inputs: Unpack[GetOrderInputs]) -> GetOrderResponse:
        """Get Order (Orders v0 getOrder)."""
        return self._send(orders.get_order(self._context, inputs))

    def get_order_address(self, **inputs: Unpack[OrderIdInputs]) -> GetOrderAddressResponse:
        """Get Order Address (Orders v0 getOrderAddress, through a Restricted Data Token)."""
        return self._send(orders.get_order_address(self._context, inputs))

    def get_order_buyer_info(self, **inputs: Unpack[OrderIdInputs]) -> GetOrderBuyerInfoResponse:
        """Get Order Buyer Info (Orders v0 getOrderBuyerInfo, through a Restricted Data Token)."""
        return self._send(orders.get_order_buyer_info(self._context, inputs))

    def get_order_items(self, **inputs: Unpack[GetOrderItemsWithPiiInputs]) -> GetOrderItemsResponse:
        """Get Order Items: one page (Orders v0 getOrderItems)."""
        return self._send(orders.get_order_items(self._context, inputs).first)

    def iter_order_items(
        self, *, max_pages: int | None = None, **inputs: Unpack[GetOrderItemsWithPiiInputs]
    ) -> Iterator[OrderItem]:
        """Get Order Items across every page."""
        return self._items(orders.get_order_items(self._context, inputs), max_pages)

    def get_order_items_buyer_info(
        self, **inputs: Unpack[GetOrderItemsInputs]
    ) -> GetOrderItemsBuyerInfoResponse:
        """Get Order Items Buyer Info: one page (Orders v0 getOrderItemsBuyerInfo)."""
        return self._send(orders.get_order_items_buyer_info(self._context, inputs).first)

    def iter_order_items_buyer_info(
        self, *, max_pages: int | None = None, **inputs: Unpack[GetOrderItemsInputs]
    ) -> Iterator[OrderItemBuyerInfo]:
        """Get Order Items Buyer Info across every page."""
        return self._items(orders.get_order_items_buyer_info(self._context, inputs), max_pages)

    def confirm_order_shipment(self, **inputs: Unpack[ConfirmOrderShipmentInputs]) -> None:
        """Confirm Order Shipment (Orders v0 confirmShipment)."""
        return self._send(orders.confirm_order_shipment(self._context, inputs))

    def search_orders(self, **inputs: Unpack[SearchOrdersInputs]) -> SearchOrdersResponse:
        """Search Orders: one page (Orders 2026-01-01 searchOrders)."""
        return self._send(orders.search_orders(self._context, inputs).first)

    def iter_search_orders(
        self, *, max_pages: int | None = None, **inputs: Unpack[SearchOrdersInputs]
    ) -> Iterator[OrderDetails]:
        """Search Orders across every page."""
        return self._items(orders.search_orders(self._context, inputs), max_pages)

    def get_order_details(self, **inputs: Unpack[GetOrderDetailsInputs]) -> GetOrderDetailsResponse:
        """Get Order Details (Orders 2026-01-01 getOrder)."""
        return self._send(orders.get_order_details(self._context, inputs))


class AsyncOrdersMethods(AsyncEngine):
    """Orders (v0, deprecated by Amazon for reads) and Orders 2026-01-01, awaited."""

    async def list_orders(self, **inputs: Unpack[ListOrdersInputs]) -> GetOrdersResponse:
        """List Orders: one page of orders (Orders v0 getOrders); follow ``payload.next_token``."""
        return await self._send(orders.list_orders(self._context, inputs).first)

    def iter_orders(
        self, *, max_pages: int | None = None, **inputs: Unpack[ListOrdersInputs]
    ) -> AsyncIterator[Order]:
        """List Orders across every page, yielding each order once (``async for``)."""
        return self._items(orders.list_orders(self._context, inputs), max_pages)

    async def get_order(self, **inputs: Unpack[GetOrderInputs]) -> GetOrderResponse:
        """Get Order (Orders v0 getOrder)."""
        return await self._send(orders.get_order(self._context, inputs))

    async def get_order_address(self, **inputs: Unpack[OrderIdInputs]) -> GetOrderAddressResponse:
        """Get Order Address (Orders v0 getOrderAddress, through a Restricted Data Token)."""
        return await self._send(orders.get_order_address(self._context, inputs))

    async def get_order_buyer_info(self, **inputs: Unpack[OrderIdInputs]) -> GetOrderBuyerInfoResponse:
        """Get Order Buyer Info (Orders v0 getOrderBuyerInfo, through a Restricted Data Token)."""
        return await self._send(orders.get_order_buyer_info(self._context, inputs))

    async def get_order_items(self, **inputs: Unpack[GetOrderItemsWithPiiInputs]) -> GetOrderItemsResponse:
        """Get Order Items: one page (Orders v0 getOrderItems)."""
        return await self._send(orders.get_order_items(self._context, inputs).first)

    def iter_order_items(
        self, *, max_pages: int | None = None, **inputs: Unpack[GetOrderItemsWithPiiInputs]
    ) -> AsyncIterator[OrderItem]:
        """Get Order Items across every page."""
        return self._items(orders.get_order_items(self._context, inputs), max_pages)

    async def get_order_items_buyer_info(
        self, **inputs: Unpack[GetOrderItemsInputs]
    ) -> GetOrderItemsBuyerInfoResponse:
        """Get Order Items Buyer Info: one page (Orders v0 getOrderItemsBuyerInfo)."""
        return await self._send(orders.get_order_items_buyer_info(self._context, inputs).first)

    def iter_order_items_buyer_info(
        self, *, max_pages: int | None = None, **inputs: Unpack[GetOrderItemsInputs]
    ) -> AsyncIterator[OrderItemBuyerInfo]:
        """Get Order Items Buyer Info across every page."""
        return self._items(orders.get_order_items_buyer_info(self._context, inputs), max_pages)

    async def confirm_order_shipment(self, **inputs: Unpack[ConfirmOrderShipmentInputs]) -> None:
        """Confirm Order Shipment (Orders v0 confirmShipment)."""
        return await self._send(orders.confirm_order_shipment(self._context, inputs))

    async def search_orders(self, **inputs: Unpack[SearchOrdersInputs]) -> SearchOrdersResponse:
        """Search Orders: one page (Orders 2026-01-01 searchOrders)."""
        return await self._send(orders.search_orders(self._context, inputs).first)

    def iter_search_orders(
        self, *, max_pages: int | None = None, **inputs: Unpack[SearchOrdersInputs]
    ) -> AsyncIterator[OrderDetails]:
        """Search Orders across every page."""
        return self._items(orders.search_orders(self._context, inputs), max_pages)

    async def get_order_details(self, **inputs: Unpack[GetOrderDetailsInputs]) -> GetOrderDetailsResponse:
        """Get Order Details (Orders 2026-01-01 getOrder)."""
        return await self._send(orders.get_order_details(self._context, inputs))
