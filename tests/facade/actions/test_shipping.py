"""Shipping actions: the request each sends on the wire, what it returns, and the inputs it refuses."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest
from seller_central.errors import BadRequestError, InvalidInputError

SHIPMENTS = "/mfn/v0/shipments"
SHIPMENT_ID = "be7a0a53-00c3-4f6f-a63a-639f76ee9253"
RDT = "Atz.sprdt|test-rdt"
ADDRESS = {
    "Name": "John Doe",
    "AddressLine1": "300 Turnbull Ave",
    "City": "Detroit",
    "StateOrProvinceCode": "MI",
    "PostalCode": "48123",
    "CountryCode": "US",
    "Email": "jdoe@example.com",
    "Phone": "7132341234",
}
ITEMS = [{"OrderItemId": "52986411826454", "Quantity": 1}]
DIMENSIONS = {"Length": 10.25, "Width": 10.25, "Height": 10.25, "Unit": "inches"}
WEIGHT = {"Value": 10.25, "Unit": "oz"}
OPTIONS = {"DeliveryExperience": "NoTracking", "CarrierWillPickUp": False}
PACKAGE: dict[str, Any] = {
    "amazon_order_id": "903-5563053-5647845",
    "item_list": ITEMS,
    "ship_from_address": ADDRESS,
    "package_dimensions": DIMENSIONS,
    "weight": WEIGHT,
    "shipping_service_options": OPTIONS,
}
DETAILS = {
    "AmazonOrderId": "903-5563053-5647845",
    "ItemList": ITEMS,
    "ShipFromAddress": ADDRESS,
    "PackageDimensions": DIMENSIONS,
    "Weight": WEIGHT,
    "ShippingServiceOptions": OPTIONS,
}
SELLER_INPUT = {
    "AdditionalInputFieldName": "SENDER_ADDRESS_TRANSLATED",
    "AdditionalSellerInput": {"DataType": "ADDRESS", "ValueAsAddress": ADDRESS},
}


def example(operation: str, status: int = 200) -> dict[str, Any]:
    """Return the response body of the model's static sandbox example for an MFN operation."""
    text = (
        resources.files("selling_partner_api").joinpath("_sandbox/merchant_fulfillment_v0.json").read_text()
    )
    examples = json.loads(text)["operations"][operation]["examples"]
    return next(e["response"] for e in examples if e["status"] == status)


class TestGetEligibleShipmentServices:
    def test_posts_the_package_and_returns_the_services(self, api, wire):
        """The package inputs become ShipmentRequestDetails; the result lists the service ids."""
        wire.json("POST", "/mfn/v0/eligibleShippingServices", example("getEligibleShipmentServices"))

        result = api.call("get_eligible_shipment_services", **PACKAGE)

        assert (wire.last.method, wire.last.url.path) == ("POST", "/mfn/v0/eligibleShippingServices")
        assert wire.body() == {"ShipmentRequestDetails": DETAILS}
        assert result.payload.shipping_service_list[0].shipping_service_id == "UPS_PTP_2ND_DAY_AIR"

    def test_sends_the_offering_filter_when_set(self, api, wire):
        """The filter inputs build ShippingOfferingFilter, and optional package inputs are added."""
        wire.json("POST", "/mfn/v0/eligibleShippingServices", example("getEligibleShipmentServices"))

        api.call(
            "get_eligible_shipment_services",
            **PACKAGE,
            seller_order_id="SO-1",
            ship_date="2026-11-02T15:00:00Z",
            must_arrive_by_date="2026-11-05T00:00:00+01:00",
            label_customization={"CustomTextForLabel": "Thanks!", "StandardIdForLabel": "AmazonOrderId"},
            include_packing_slip_with_label=True,
            include_complex_shipping_options=False,
            carrier_will_pick_up="ShipperWillDropOff",
            delivery_experience="NoPreference",
        )

        assert wire.body() == {
            "ShipmentRequestDetails": {
                **DETAILS,
                "SellerOrderId": "SO-1",
                "ShipDate": "2026-11-02T15:00:00Z",
                "MustArriveByDate": "2026-11-04T23:00:00Z",
                "LabelCustomization": {
                    "CustomTextForLabel": "Thanks!",
                    "StandardIdForLabel": "AmazonOrderId",
                },
            },
            "ShippingOfferingFilter": {
                "IncludePackingSlipWithLabel": True,
                "IncludeComplexShippingOptions": False,
                "CarrierWillPickUp": "ShipperWillDropOff",
                "DeliveryExperience": "NoPreference",
            },
        }


class TestGetAdditionalSellerInputs:
    def test_posts_the_service_address_and_order(self, api, wire):
        """The body names the service, the ship-from address and the order; the result lists the fields."""
        wire.json("POST", "/mfn/v0/additionalSellerInputs", example("getAdditionalSellerInputs"))

        result = api.call(
            "get_additional_seller_inputs",
            shipping_service_id="UPS_PTP_GND",
            ship_from_address=ADDRESS,
            amazon_order_id="903-5563053-5647845",
        )

        assert (wire.last.method, wire.last.url.path) == ("POST", "/mfn/v0/additionalSellerInputs")
        assert wire.body() == {
            "ShippingServiceId": "UPS_PTP_GND",
            "ShipFromAddress": ADDRESS,
            "OrderId": "903-5563053-5647845",
        }
        assert result.payload.shipment_level_fields[0].additional_input_field_name == "John Doe"


class TestCreateShipment:
    def test_posts_every_input_through_a_restricted_data_token(self, api, wire):
        """All inputs map onto CreateShipmentRequest; the request carries a Restricted Data Token."""
        answer = example("createShipment")
        wire.json("POST", SHIPMENTS, answer)

        result = api.call(
            "create_shipment",
            **PACKAGE,
            shipping_service_id="UPS_PTP_2ND_DAY_AIR",
            shipping_service_offer_id="offer-1",
            hazmat_type="None",
            include_packing_slip_with_label=False,
            shipment_level_seller_inputs_list=[SELLER_INPUT],
        )

        assert (wire.last.method, wire.last.url.path) == ("POST", SHIPMENTS)
        assert wire.body() == {
            "ShipmentRequestDetails": DETAILS,
            "ShippingServiceId": "UPS_PTP_2ND_DAY_AIR",
            "ShippingServiceOfferId": "offer-1",
            "HazmatType": "None",
            "LabelFormatOption": {"IncludePackingSlipWithLabel": False},
            "ShipmentLevelSellerInputsList": [SELLER_INPUT],
        }
        assert wire.last.headers["x-amz-access-token"] == RDT
        assert result.payload.shipment_id == answer["payload"]["ShipmentId"]
        assert result.payload.tracking_id == answer["payload"]["TrackingId"]
        assert (
            result.payload.label.file_contents.contents
            == answer["payload"]["Label"]["FileContents"]["Contents"]
        )

    def test_leaves_label_format_option_out_unless_set(self, api, wire):
        """Unless Include Packing Slip With Label is set, no LabelFormatOption is sent."""
        wire.json("POST", SHIPMENTS, example("createShipment"))

        api.call("create_shipment", **PACKAGE, shipping_service_id="UPS_PTP_2ND_DAY_AIR")

        assert wire.body() == {"ShipmentRequestDetails": DETAILS, "ShippingServiceId": "UPS_PTP_2ND_DAY_AIR"}

    def test_accepts_predefined_dimensions_and_item_details(self, api, wire):
        """A predefined carrier box replaces measured dimensions, and items keep their optional fields."""
        wire.json("POST", SHIPMENTS, example("createShipment"))
        item = {
            **ITEMS[0],
            "ItemWeight": {"Value": 4, "Unit": "g"},
            "IsHazmat": True,
            "LiquidVolume": {"Unit": "ML", "Value": 250},
            "DangerousGoodsDetails": {"UnitedNationsRegulatoryId": "UN1993", "PackingGroup": "III"},
            "TransparencyCodeList": ["AZ123"],
        }

        api.call(
            "create_shipment",
            **{
                **PACKAGE,
                "item_list": [item],
                "package_dimensions": {"PredefinedPackageDimensions": "USPS_Letter"},
            },
            shipping_service_id="UPS_PTP_2ND_DAY_AIR",
        )

        details = wire.body()["ShipmentRequestDetails"]
        assert details["PackageDimensions"] == {"PredefinedPackageDimensions": "USPS_Letter"}
        assert details["ItemList"] == [item]


class TestOneShipment:
    def test_get_shipment(self, api, wire):
        """Get Shipment reads the shipment through a Restricted Data Token."""
        wire.json("GET", f"{SHIPMENTS}/{SHIPMENT_ID}", example("cancelShipment"))

        result = api.call("get_shipment", shipment_id=SHIPMENT_ID)

        assert (wire.last.method, wire.last.url.path) == ("GET", f"{SHIPMENTS}/{SHIPMENT_ID}")
        assert wire.last.headers["x-amz-access-token"] == RDT
        assert result.payload.shipment_id == SHIPMENT_ID

    def test_cancel_shipment(self, api, wire):
        """Cancel Shipment sends DELETE through a Restricted Data Token and returns the cancelled shipment."""
        wire.json("DELETE", f"{SHIPMENTS}/{SHIPMENT_ID}", example("cancelShipment"))

        result = api.call("cancel_shipment", shipment_id=SHIPMENT_ID)

        assert (wire.last.method, wire.last.url.path) == ("DELETE", f"{SHIPMENTS}/{SHIPMENT_ID}")
        assert wire.last.headers["x-amz-access-token"] == RDT
        assert result.payload.status == "RefundPending"

    def test_sandbox_accepts_test_case_shipment_ids(self, sandbox_api, wire):
        """On a sandbox connection the static sandbox's TEST_CASE values pass the UUID-shape check."""
        wire.json("DELETE", f"{SHIPMENTS}/TEST_CASE_400", example("cancelShipment", 400), status=400)

        with pytest.raises(BadRequestError, match="InvalidInput"):
            sandbox_api.call("cancel_shipment", shipment_id="TEST_CASE_400")

        assert wire.last.url.path == f"{SHIPMENTS}/TEST_CASE_400"

    def test_sandbox_refuses_a_bad_country_code_as_production_does(self, sandbox_api, wire):
        """The sandbox's error example sends CountryCode USA: a sandbox connection refuses it as production
        would (validation is the same on both; only TEST_CASE values are a sandbox's own)."""
        with pytest.raises(InvalidInputError, match="CountryCode") as caught:
            sandbox_api.call(
                "get_additional_seller_inputs",
                shipping_service_id="UPS_PTP_GND",
                ship_from_address={**ADDRESS, "CountryCode": "USA"},
                amazon_order_id="TEST_CASE_400",
            )
        assert caught.value.label == "Ship From Address"
        assert wire.requests == []


CREATE: dict[str, Any] = {**PACKAGE, "shipping_service_id": "UPS_PTP_2ND_DAY_AIR"}
WITHOUT = object()


def replace(**changes: Any) -> dict[str, Any]:
    return {k: v for k, v in {**CREATE, **changes}.items() if v is not WITHOUT}


@pytest.mark.parametrize(
    "case",
    [
        ("create_shipment", replace(amazon_order_id="903-556305"), "Amazon Order Id", "3-7-7"),
        ("create_shipment", replace(seller_order_id="x" * 65), "Seller Order Id", "at most 64"),
        ("create_shipment", replace(item_list=[]), "Item List", "at least 1"),
        ("create_shipment", replace(item_list=[{"OrderItemId": "1"}]), "Item List", "Quantity is required"),
        (
            "create_shipment",
            replace(item_list=[{"OrderItemId": "1", "Quantity": 0}]),
            "Item List",
            "Item List[0].Quantity",
        ),
        (
            "create_shipment",
            replace(item_list=[{"orderItemId": "1", "quantity": 1}]),
            "Item List",
            "unknown field 'orderItemId'",
        ),
        (
            "create_shipment",
            replace(item_list=[{**ITEMS[0], "ItemWeight": {"Value": 1, "Unit": "kg"}}]),
            "Item List",
            "Item List[0].ItemWeight.Unit",
        ),
        (
            "create_shipment",
            replace(item_list=[{**ITEMS[0], "DangerousGoodsDetails": {"UnitedNationsRegulatoryId": "1993"}}]),
            "Item List",
            "UnitedNationsRegulatoryId",
        ),
        ("create_shipment", replace(item_list="not json"), "Item List", "not valid JSON"),
        (
            "create_shipment",
            replace(ship_from_address={**ADDRESS, "City": None}),
            "Ship From Address",
            "City is required",
        ),
        (
            "create_shipment",
            replace(ship_from_address={**ADDRESS, "Name": "x" * 31}),
            "Ship From Address",
            "Ship From Address.Name",
        ),
        (
            "create_shipment",
            replace(ship_from_address={**ADDRESS, "CountryCode": "USA"}),
            "Ship From Address",
            "CountryCode",
        ),
        ("create_shipment", replace(ship_from_address=WITHOUT), "Ship From Address", "required"),
        (
            "create_shipment",
            replace(package_dimensions={"Length": 1, "Width": 1, "Unit": "inches"}),
            "Package Dimensions",
            "Height",
        ),
        (
            "create_shipment",
            replace(package_dimensions={**DIMENSIONS, "PredefinedPackageDimensions": "USPS_Letter"}),
            "Package Dimensions",
            "not both",
        ),
        (
            "create_shipment",
            replace(package_dimensions={"PredefinedPackageDimensions": "Box"}),
            "Package Dimensions",
            "Box",
        ),
        (
            "create_shipment",
            replace(package_dimensions={**DIMENSIONS, "Unit": "feet"}),
            "Package Dimensions",
            "Unit",
        ),
        ("create_shipment", replace(package_dimensions=WITHOUT), "Package Dimensions", "required"),
        ("create_shipment", replace(weight={"Value": 1, "Unit": "kg"}), "Weight", "Weight.Unit"),
        ("create_shipment", replace(weight={"Value": 0, "Unit": "oz"}), "Weight", "greater than zero"),
        ("create_shipment", replace(weight={"Unit": "oz"}), "Weight", "Value is required"),
        ("create_shipment", replace(must_arrive_by_date="next week"), "Must Arrive By Date", "ISO 8601"),
        ("create_shipment", replace(ship_date="tomorrow"), "Ship Date", "ISO 8601"),
        (
            "create_shipment",
            replace(shipping_service_options={"DeliveryExperience": "NoTracking"}),
            "Shipping Service Options",
            "CarrierWillPickUp",
        ),
        (
            "create_shipment",
            replace(shipping_service_options={**OPTIONS, "DeliveryExperience": "Fast"}),
            "Shipping Service Options",
            "Fast",
        ),
        (
            "create_shipment",
            replace(shipping_service_options={**OPTIONS, "DeclaredValue": {"Amount": 5}}),
            "Shipping Service Options",
            "CurrencyCode is required",
        ),
        (
            "create_shipment",
            replace(label_customization={"CustomTextForLabel": "x" * 15}),
            "Label Customization",
            "14",
        ),
        ("create_shipment", replace(shipping_service_id=""), "Shipping Service Id", "empty"),
        ("create_shipment", replace(shipping_service_offer_id=""), "Shipping Service Offer Id", "empty"),
        ("create_shipment", replace(hazmat_type="Flammable"), "Hazmat Type", "Flammable"),
        (
            "create_shipment",
            replace(include_packing_slip_with_label="maybe"),
            "Include Packing Slip With Label",
            "true or false",
        ),
        (
            "create_shipment",
            replace(shipment_level_seller_inputs_list=[{"AdditionalInputFieldName": "X"}]),
            "Shipment Level Seller Inputs List",
            "AdditionalSellerInput is required",
        ),
        (
            "create_shipment",
            replace(
                shipment_level_seller_inputs_list=[
                    {"AdditionalInputFieldName": "X", "AdditionalSellerInput": {"ValueAsTimestamp": "soon"}}
                ]
            ),
            "Shipment Level Seller Inputs List",
            "ValueAsTimestamp",
        ),
        (
            "get_eligible_shipment_services",
            {**PACKAGE, "carrier_will_pick_up": "Yes"},
            "Carrier Will Pick Up",
            "Yes",
        ),
        (
            "get_eligible_shipment_services",
            {**PACKAGE, "delivery_experience": "Fast"},
            "Delivery Experience",
            "Fast",
        ),
        (
            "get_eligible_shipment_services",
            {**PACKAGE, "include_complex_shipping_options": 1},
            "Include Complex Shipping Options",
            "true or false",
        ),
        (
            "get_additional_seller_inputs",
            {"shipping_service_id": "UPS_PTP_GND", "ship_from_address": ADDRESS, "amazon_order_id": "1"},
            "Amazon Order Id",
            "3-7-7",
        ),
        (
            "get_additional_seller_inputs",
            {
                "shipping_service_id": "UPS_PTP_GND",
                "ship_from_address": {},
                "amazon_order_id": "903-5563053-5647845",
            },
            "Ship From Address",
            "Name is required",
        ),
        ("get_shipment", {"shipment_id": "903-5563053-5647845"}, "Shipment Id", "does not match"),
        ("cancel_shipment", {"shipment_id": ""}, "Shipment Id", "empty"),
    ],
)
def test_refuses_bad_input_before_sending(api, wire, case):
    """A bad input raises InvalidInputError naming its label (and the faulty field), and nothing is sent."""
    action, inputs, label, problem = case
    with pytest.raises(InvalidInputError) as caught:
        api.call(action, **inputs)

    assert caught.value.label == label
    assert label in str(caught.value)
    assert problem in str(caught.value)
    assert wire.requests == []
    assert wire.rdt_requests == []
