"""Merchant Fulfillment actions against recorded sandbox exchanges: each returns the sandbox example, typed.

All three operations are restricted, so each cassette holds the Restricted Data Token exchange too.
"""

from __future__ import annotations

import pytest
from selling_partner_api.merchant_fulfillment_v0.models import (
    CancelShipmentResponse,
    CreateShipmentResponse,
    GetShipmentResponse,
    ShipmentStatus,
)

# Replays may not open a socket; recording (any other record mode) may.
pytestmark = [pytest.mark.vcr, pytest.mark.block_network]

TOKEN = "POST /auth/o2/token"
RDT = "POST /tokens/2021-03-01/restrictedDataToken"
ORDER_ID = "903-5563053-5647845"
# The offer id of the sandbox's createShipment example, as Get Eligible Shipment Services would list it.
OFFER_ID = (
    "WHgxtyn6qjGGaCzOCog1azF5HLHje5Pz3Lc2Fmt5eKoZAReW8oJ1SMumuBS8lA/Hjuglhyiu0+KRLvyJxFV0PB9YFMDhygs3VyTL0WGYkG"
    "xiuRkmuEvpqldUn9rrkWVodqnR4vx2VtXvtER/Ju6RqYoddJZGy6RS2KLzzhQ2NclN0NYXMZVqpOe5RsRBddXaGuJr7oza3M52+JzChoc"
    "AHzcurIhCRynpbxfmNLzZMQEbgnpGLzuaoSMzfxg90/NaXFR/Ou01du/uKd5AbfMW/AxAKP9ht6Oi9lDHq6WkGqvjkVLW0/jj/fBgblIwcs+t"
)


def test_create_shipment(api):
    """Create Shipment buys the sandbox's UPS label through an RDT and returns the purchased shipment."""
    result = api.call(
        "create_shipment",
        amazon_order_id=ORDER_ID,
        item_list=[{"OrderItemId": "52986411826454", "Quantity": 1}],
        ship_from_address={
            "Name": "John Doe",
            "AddressLine1": "300 Turnbull Ave",
            "City": "Detroit",
            "StateOrProvinceCode": "MI",
            "PostalCode": "48123",
            "CountryCode": "US",
            "Email": "jdoeasdfllkj@yahoo.com",
            "Phone": "7132341234",
        },
        package_dimensions={"Length": 10.25, "Width": 10.25, "Height": 10.25, "Unit": "inches"},
        weight={"Value": 10.25, "Unit": "oz"},
        shipping_service_options={
            "DeliveryExperience": "NoTracking",
            "CarrierWillPickUp": False,
            "CarrierWillPickUpOption": "ShipperWillDropOff",
        },
        shipping_service_id="UPS_PTP_2ND_DAY_AIR",
        shipping_service_offer_id=OFFER_ID,
    )

    assert isinstance(result, CreateShipmentResponse)
    assert result.payload.shipment_id == "be7a0a53-00c3-4f6f-a63a-639f76ee9253"
    assert result.payload.status is ShipmentStatus.PURCHASED
    assert result.payload.tracking_id == "1Z17E2100217295733"
    assert api.exchanges() == [TOKEN, RDT, "POST /mfn/v0/shipments"]


def test_get_shipment(api):
    """Get Shipment fetches an RDT first and returns the purchased shipment with its service."""
    result = api.call("get_shipment", shipment_id="abcddcba-00c3-4f6f-a63a-639f76ee9253")

    assert isinstance(result, GetShipmentResponse)
    assert result.payload.amazon_order_id == ORDER_ID
    assert result.payload.status is ShipmentStatus.PURCHASED
    assert result.payload.shipping_service.shipping_service_id == "UPS_PTP_2ND_DAY_AIR"
    assert api.exchanges() == [TOKEN, RDT, "GET /mfn/v0/shipments/abcddcba-00c3-4f6f-a63a-639f76ee9253"]


def test_cancel_shipment(api):
    """Cancel Shipment fetches an RDT first and returns the shipment awaiting its refund."""
    result = api.call("cancel_shipment", shipment_id="be7a0a53-00c3-4f6f-a63a-639f76ee9253")

    assert isinstance(result, CancelShipmentResponse)
    assert result.payload.shipment_id == "be7a0a53-00c3-4f6f-a63a-639f76ee9253"
    assert result.payload.status is ShipmentStatus.REFUNDPENDING
    assert api.exchanges() == [TOKEN, RDT, "DELETE /mfn/v0/shipments/be7a0a53-00c3-4f6f-a63a-639f76ee9253"]
