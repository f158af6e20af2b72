"""Shipping actions as client methods (see :mod:`seller_central.actions.shipping`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from seller_central._engine import AsyncEngine, SyncEngine
from seller_central._lazy import lazy_module

if TYPE_CHECKING:
    from selling_partner_api.merchant_fulfillment_v0.models import (
        CancelShipmentResponse,
        CreateShipmentResponse,
        GetAdditionalSellerInputsResponse,
        GetEligibleShipmentServicesResponse,
        GetShipmentResponse,
    )

    from seller_central.actions import shipping
    from seller_central.actions.shipping import (
        CreateShipmentInputs,
        GetAdditionalSellerInputsInputs,
        GetEligibleShipmentServicesInputs,
        ShipmentIdInputs,
    )
else:
    shipping = lazy_module("seller_central.actions.shipping")

__all__ = ["AsyncShippingMethods", "ShippingMethods"]


class ShippingMethods(SyncEngine):
    """Merchant Fulfillment v0: shipping services, labels and shipments."""

    def get_eligible_shipment_services(
        self, **inputs: Unpack[GetEligibleShipmentServicesInputs]
    ) -> GetEligibleShipmentServicesResponse:
        """Get Eligible Shipment Services (Merchant Fulfillment getEligibleShipmentServices)."""
        return self._send(shipping.get_eligible_shipment_services(self._context, inputs))

    def get_additional_seller_inputs(
        self, **inputs: Unpack[GetAdditionalSellerInputsInputs]
    ) -> GetAdditionalSellerInputsResponse:
        """Get Additional Seller Inputs (Merchant Fulfillment getAdditionalSellerInputs)."""
        return self._send(shipping.get_additional_seller_inputs(self._context, inputs))

    def create_shipment(self, **inputs: Unpack[CreateShipmentInputs]) -> CreateShipmentResponse:
        """Create Shipment (Merchant Fulfillment createShipment, through a Restricted Data Token)."""
        return self._send(shipping.create_shipment(self._context, inputs))

    def get_shipment(self, **inputs: Unpack[ShipmentIdInputs]) -> GetShipmentResponse:
        """Get Shipment (Merchant Fulfillment getShipment, through a Restricted Data Token)."""
        return self._send(shipping.get_shipment(self._context, inputs))

    def cancel_shipment(self, **inputs: Unpack[ShipmentIdInputs]) -> CancelShipmentResponse:
        """Cancel Shipment (Merchant Fulfillment cancelShipment, through a Restricted Data Token)."""
        return self._send(shipping.cancel_shipment(self._context, inputs))


class AsyncShippingMethods(AsyncEngine):
    """Merchant Fulfillment v0: shipping services, labels and shipments, awaited."""

    async def get_eligible_shipment_services(
        self, **inputs: Unpack[GetEligibleShipmentServicesInputs]
    ) -> GetEligibleShipmentServicesResponse:
        """Get Eligible Shipment Services (Merchant Fulfillment getEligibleShipmentServices)."""
        return await self._send(shipping.get_eligible_shipment_services(self._context, inputs))

    async def get_additional_seller_inputs(
        self, **inputs: Unpack[GetAdditionalSellerInputsInputs]
    ) -> GetAdditionalSellerInputsResponse:
        """Get Additional Seller Inputs (Merchant Fulfillment getAdditionalSellerInputs)."""
        return await self._send(shipping.get_additional_seller_inputs(self._context, inputs))

    async def create_shipment(self, **inputs: Unpack[CreateShipmentInputs]) -> CreateShipmentResponse:
        """Create Shipment (Merchant Fulfillment createShipment, through a Restricted Data Token)."""
        return await self._send(shipping.create_shipment(self._context, inputs))

    async def get_shipment(self, **inputs: Unpack[ShipmentIdInputs]) -> GetShipmentResponse:
        """Get Shipment (Merchant Fulfillment getShipment, through a Restricted Data Token)."""
        return await self._send(shipping.get_shipment(self._context, inputs))

    async def cancel_shipment(self, **inputs: Unpack[ShipmentIdInputs]) -> CancelShipmentResponse:
        """Cancel Shipment (Merchant Fulfillment cancelShipment, through a Restricted Data Token)."""
        return await self._send(shipping.cancel_shipment(self._context, inputs))
