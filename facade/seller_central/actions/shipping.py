"""Shipping: buy, read and cancel Merchant Fulfillment shipping labels (Merchant Fulfillment v0).

The flow is: Get Eligible Shipment Services (which services can carry this package, with their
``ShippingServiceId``), Get Additional Seller Inputs when a service asks for more data, then Create Shipment.
Create, Get and Cancel Shipment are restricted operations: the client fetches a Restricted Data Token for
them by itself.

The complex inputs (Item List, the address, Package Dimensions, Weight, Shipping Service Options, Label
Customization, seller inputs) are JSON objects written with the model's own keys, e.g.
``{"Name": ..., "AddressLine1": ..., "City": ...}``; every key is checked before sending, and an error names
the input and the field (``Ship From Address.City``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, NotRequired, TypedDict

from selling_partner_api.merchant_fulfillment_v0.api import cancel_shipment as cancel_shipment_op
from selling_partner_api.merchant_fulfillment_v0.api import create_shipment as create_shipment_op
from selling_partner_api.merchant_fulfillment_v0.api import (
    get_additional_seller_inputs as get_additional_seller_inputs_op,
)
from selling_partner_api.merchant_fulfillment_v0.api import (
    get_eligible_shipment_services as get_eligible_shipment_services_op,
)
from selling_partner_api.merchant_fulfillment_v0.api import get_shipment as get_shipment_op

from seller_central import validation
from seller_central.actions._spec import Input, action
from seller_central.calls import Call, Context
from seller_central.errors import InvalidInputError

if TYPE_CHECKING:
    from selling_partner_api.merchant_fulfillment_v0.models import (
        CancelShipmentResponse,
        CreateShipmentResponse,
        GetAdditionalSellerInputsResponse,
        GetEligibleShipmentServicesResponse,
        GetShipmentResponse,
    )

__all__ = [
    "CreateShipmentInputs",
    "GetAdditionalSellerInputsInputs",
    "GetEligibleShipmentServicesInputs",
    "ShipmentDetailsInputs",
    "ShipmentIdInputs",
    "cancel_shipment",
    "create_shipment",
    "get_additional_seller_inputs",
    "get_eligible_shipment_services",
    "get_shipment",
]

Check = validation.FieldCheck
JsonObject = Mapping[str, Any] | str

SHIPMENT_ID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
HAZMAT_TYPES = ("None", "LQHazmat")
DELIVERY_EXPERIENCES = (
    "DeliveryConfirmationWithAdultSignature", "DeliveryConfirmationWithSignature",
    "DeliveryConfirmationWithoutSignature", "NoTracking",
)  # fmt: skip
PICK_UP_OPTIONS = ("CarrierWillPickUp", "ShipperWillDropOff", "NoPreference")
LABEL_FORMATS = ("PDF", "PNG", "ZPL203", "ZPL300", "ShippingServiceDefault")
LENGTH_UNITS = ("inches", "centimeters")
WEIGHT_UNITS = ("oz", "g")
VOLUME_UNITS = ("ML", "L", "FL_OZ", "GAL", "PT", "QT", "C")
PACKING_GROUPS = ("I", "II", "III")
PACKING_INSTRUCTIONS = (
    "PI965_SECTION_IA", "PI965_SECTION_IB", "PI965_SECTION_II", "PI966_SECTION_I", "PI966_SECTION_II",
    "PI967_SECTION_I", "PI967_SECTION_II", "PI968_SECTION_IA", "PI968_SECTION_IB", "PI969_SECTION_I",
    "PI969_SECTION_II", "PI970_SECTION_I", "PI970_SECTION_II",
)  # fmt: skip
PREDEFINED_PACKAGES = (
    "FedEx_Box_10kg", "FedEx_Box_25kg", "FedEx_Box_Extra_Large_1", "FedEx_Box_Extra_Large_2",
    "FedEx_Box_Large_1", "FedEx_Box_Large_2", "FedEx_Box_Medium_1", "FedEx_Box_Medium_2", "FedEx_Box_Small_1",
    "FedEx_Box_Small_2", "FedEx_Envelope", "FedEx_Padded_Pak", "FedEx_Pak_1", "FedEx_Pak_2", "FedEx_Tube",
    "FedEx_XL_Pak", "UPS_Box_10kg", "UPS_Box_25kg", "UPS_Express_Box", "UPS_Express_Box_Large",
    "UPS_Express_Box_Medium", "UPS_Express_Box_Small", "UPS_Express_Envelope", "UPS_Express_Hard_Pak",
    "UPS_Express_Legal_Envelope", "UPS_Express_Pak", "UPS_Express_Tube", "UPS_Laboratory_Pak", "UPS_Pad_Pak",
    "UPS_Pallet", "USPS_Card", "USPS_Flat", "USPS_FlatRateCardboardEnvelope", "USPS_FlatRateEnvelope",
    "USPS_FlatRateGiftCardEnvelope", "USPS_FlatRateLegalEnvelope", "USPS_FlatRatePaddedEnvelope",
    "USPS_FlatRateWindowEnvelope", "USPS_LargeFlatRateBoardGameBox", "USPS_LargeFlatRateBox", "USPS_Letter",
    "USPS_MediumFlatRateBox1", "USPS_MediumFlatRateBox2", "USPS_RegionalRateBoxA1", "USPS_RegionalRateBoxA2",
    "USPS_RegionalRateBoxB1", "USPS_RegionalRateBoxB2", "USPS_RegionalRateBoxC", "USPS_SmallFlatRateBox",
    "USPS_SmallFlatRateEnvelope",
)  # fmt: skip

# -- field checks (the model's JSON shapes) ------------------------------------------------------------------


def _text(max_length: int | None = None, pattern: str | None = None) -> Check:
    return lambda value, name: validation.string(value, label=name, max_length=max_length, pattern=pattern)


def _one_of(allowed: Sequence[str]) -> Check:
    return lambda value, name: validation.choice(value, label=name, allowed=allowed)


def _object(fields: Mapping[str, Check], required: Sequence[str] = ()) -> Check:
    return lambda value, name: validation.record(value, label=name, fields=fields, required=required)


def _objects(fields: Mapping[str, Check], required: Sequence[str] = ()) -> Check:
    return lambda value, name: validation.records(value, label=name, fields=fields, required=required)


def _flag(value: Any, name: str) -> bool:
    return validation.boolean(value, label=name)


def _positive(value: Any, name: str) -> float:
    return validation.positive_number(value, label=name)


def _texts(value: Any, name: str) -> list[str]:
    return validation.string_list(value, label=name)


WEIGHT_FIELDS: dict[str, Check] = {"Value": _positive, "Unit": _one_of(WEIGHT_UNITS)}
CURRENCY_FIELDS: dict[str, Check] = {
    "CurrencyCode": _text(3),
    "Amount": lambda value, name: validation.number(value, label=name, minimum=0),
}
SERVICE_OPTION_FIELDS: dict[str, Check] = {
    "DeliveryExperience": _one_of(DELIVERY_EXPERIENCES),
    "DeclaredValue": _object(CURRENCY_FIELDS, ("CurrencyCode", "Amount")),
    "CarrierWillPickUp": _flag,
    "CarrierWillPickUpOption": _one_of(PICK_UP_OPTIONS),
    "LabelFormat": _one_of(LABEL_FORMATS),
}
LABEL_CUSTOMIZATION_FIELDS: dict[str, Check] = {
    "CustomTextForLabel": _text(14),
    "StandardIdForLabel": _one_of(("AmazonOrderId",)),
}
DIMENSION_FIELDS: dict[str, Check] = {
    "Length": _positive,
    "Width": _positive,
    "Height": _positive,
    "Unit": _one_of(LENGTH_UNITS),
    "PredefinedPackageDimensions": _one_of(PREDEFINED_PACKAGES),
}
DANGEROUS_GOODS_FIELDS: dict[str, Check] = {
    "UnitedNationsRegulatoryId": _text(pattern=r"(UN|ID|NA)[0-9]{4}"),
    "TransportationRegulatoryClass": _text(pattern=r"[1-9](\.[1-9])?"),
    "PackingGroup": _one_of(PACKING_GROUPS),
    "PackingInstruction": _one_of(PACKING_INSTRUCTIONS),
}
ADDRESS_REQUIRED = ("Name", "AddressLine1", "City", "PostalCode", "CountryCode", "Email", "Phone")
SELLER_INPUT_REQUIRED = ("AdditionalInputFieldName", "AdditionalSellerInput")


def _address_fields() -> dict[str, Check]:
    """Return the Address checks; CountryCode is ISO 3166-1 alpha-2, on a sandbox too.

    (The static sandbox's error case sends "USA": it is refused here, as production would refuse it.)
    """
    return {
        "Name": _text(30),
        "AddressLine1": _text(180),
        "AddressLine2": _text(60),
        "AddressLine3": _text(60),
        "DistrictOrCounty": _text(),
        "Email": _text(),
        "City": _text(30),
        "StateOrProvinceCode": _text(30),
        "PostalCode": _text(30),
        "CountryCode": _text(pattern=r"[A-Z]{2}"),
        "Phone": _text(30),
    }


def _seller_input_fields(ctx: Context) -> dict[str, Check]:
    """Return the AdditionalSellerInputs checks: a field name and one typed value."""
    value: dict[str, Check] = {
        "DataType": _text(),
        "ValueAsString": _text(),
        "ValueAsBoolean": _flag,
        "ValueAsInteger": lambda v, name: validation.integer(v, label=name),
        "ValueAsTimestamp": lambda v, name: validation.date_time(v, ctx, label=name),
        "ValueAsAddress": _object(_address_fields(), ADDRESS_REQUIRED),
        "ValueAsWeight": _object(WEIGHT_FIELDS, ("Value", "Unit")),
        "ValueAsDimension": _object({"value": _positive, "unit": _one_of(LENGTH_UNITS)}, ("value", "unit")),
        "ValueAsCurrency": _object(CURRENCY_FIELDS, ("CurrencyCode", "Amount")),
    }
    return {"AdditionalInputFieldName": _text(), "AdditionalSellerInput": _object(value)}


def _item_fields(ctx: Context) -> dict[str, Check]:
    """Return the checks of one Item of the Item List."""
    return {
        "OrderItemId": _text(),
        "Quantity": lambda v, name: validation.integer(v, label=name, minimum=1),
        "ItemWeight": _object(WEIGHT_FIELDS, ("Value", "Unit")),
        "ItemDescription": _text(),
        "TransparencyCodeList": _texts,
        "ItemLevelSellerInputsList": _objects(_seller_input_fields(ctx), SELLER_INPUT_REQUIRED),
        "LiquidVolume": _object({"Unit": _one_of(VOLUME_UNITS), "Value": _positive}, ("Unit", "Value")),
        "IsHazmat": _flag,
        "DangerousGoodsDetails": _object(DANGEROUS_GOODS_FIELDS),
    }


# -- inputs --------------------------------------------------------------------------------------------------

AMAZON_ORDER_ID = Input("Amazon Order Id", "The Amazon order the package belongs to, in 3-7-7 form.")
SELLER_ORDER_ID = Input("Seller Order Id", "Your own id for the order (up to 64 characters).")
ITEM_LIST = Input(
    "Item List",
    'The order items in the package: [{"OrderItemId", "Quantity", and optionally "ItemWeight", '
    '"ItemDescription", "TransparencyCodeList", "ItemLevelSellerInputsList", "LiquidVolume", "IsHazmat", '
    '"DangerousGoodsDetails"}].',
)
SHIP_FROM_ADDRESS = Input(
    "Ship From Address",
    'Where the package ships from: {"Name", "AddressLine1", "City", "PostalCode", "CountryCode" (two '
    'letters), "Email", "Phone", and optionally "AddressLine2", "AddressLine3", "DistrictOrCounty", '
    '"StateOrProvinceCode"}.',
)
PACKAGE_DIMENSIONS = Input(
    "Package Dimensions",
    'The package size: {"Length", "Width", "Height", "Unit": inches or centimeters}, or a carrier box '
    '{"PredefinedPackageDimensions": e.g. "USPS_SmallFlatRateBox"}. (The connector spec mislabels this '
    'input as a second "Ship From Address".)',
)
WEIGHT = Input("Weight", 'The package weight: {"Value", "Unit": oz or g}.')
MUST_ARRIVE_BY_DATE = Input(
    "Must Arrive By Date", "The promised delivery time (ISO 8601): only services that arrive by then qualify."
)
SHIP_DATE = Input("Ship Date", "When you will ship the package (ISO 8601).")
SHIPPING_SERVICE_OPTIONS = Input(
    "Shipping Service Options",
    'Carrier options: {"DeliveryExperience", "CarrierWillPickUp": true or false, and optionally '
    '"CarrierWillPickUpOption", "DeclaredValue": {"CurrencyCode", "Amount"}, "LabelFormat"}.',
)
LABEL_CUSTOMIZATION = Input(
    "Label Customization",
    'Text printed on the label: {"CustomTextForLabel" (up to 14 characters), "StandardIdForLabel": '
    '"AmazonOrderId"}.',
)
SHIPPING_SERVICE_ID = Input(
    "Shipping Service Id", "The service to buy: a ShippingServiceId from Get Eligible Shipment Services."
)
SHIPPING_SERVICE_OFFER_ID = Input(
    "Shipping Service Offer Id", "The offer to buy: the ShippingServiceOfferId listed with that service."
)
HAZMAT_TYPE = Input(
    "Hazmat Type",
    "Hazardous materials in the package: None, or LQHazmat for limited quantities (see the carrier's terms).",
    choices=HAZMAT_TYPES,
)
PACKING_SLIP = Input(
    "Include Packing Slip With Label",
    "True adds a packing slip to the label; when unset, no label format option is sent.",
)
SHIPMENT_SELLER_INPUTS = Input(
    "Shipment Level Seller Inputs List",
    "The shipment-level values the chosen service requires, as Get Additional Seller Inputs lists them: "
    '[{"AdditionalInputFieldName", "AdditionalSellerInput": {"DataType", "ValueAsString" (or another '
    "ValueAs... field)}}].",
)
COMPLEX_OPTIONS = Input("Include Complex Shipping Options", "True also lists the complex shipping options.")
PICK_UP = Input(
    "Carrier Will Pick Up",
    "Only services where the carrier picks up, or you drop off.",
    choices=PICK_UP_OPTIONS,
)
DELIVERY_EXPERIENCE = Input(
    "Delivery Experience",
    "Only services with this delivery confirmation.",
    choices=(*DELIVERY_EXPERIENCES, "NoPreference"),
)
SHIPMENT_ID = Input("Shipment Id", "The shipment's id, a UUID, as Create Shipment returned it.")

# -- the shipment request ------------------------------------------------------------------------------------


class ShipmentDetailsInputs(TypedDict):
    """The inputs that describe the package (the model's ShipmentRequestDetails)."""

    amazon_order_id: Annotated[str, AMAZON_ORDER_ID]
    seller_order_id: NotRequired[Annotated[str, SELLER_ORDER_ID]]
    item_list: Annotated[Sequence[Mapping[str, Any]] | str, ITEM_LIST]
    ship_from_address: Annotated[JsonObject, SHIP_FROM_ADDRESS]
    package_dimensions: Annotated[JsonObject, PACKAGE_DIMENSIONS]
    weight: Annotated[JsonObject, WEIGHT]
    must_arrive_by_date: NotRequired[Annotated[str, MUST_ARRIVE_BY_DATE]]
    ship_date: NotRequired[Annotated[str, SHIP_DATE]]
    shipping_service_options: Annotated[JsonObject, SHIPPING_SERVICE_OPTIONS]
    label_customization: NotRequired[Annotated[JsonObject, LABEL_CUSTOMIZATION]]


def _package_dimensions(value: Any) -> dict[str, Any]:
    """Return the dimensions: a predefined carrier box, or Length, Width, Height and Unit (not both)."""
    label = PACKAGE_DIMENSIONS.label
    dimensions = validation.record(value, label=label, fields=DIMENSION_FIELDS)
    measured = ("Length", "Width", "Height", "Unit")
    if "PredefinedPackageDimensions" in dimensions:
        if any(key in dimensions for key in measured):
            msg = f"{label}: give PredefinedPackageDimensions or Length, Width, Height and Unit, not both"
            raise InvalidInputError(msg, label=label)
        return dimensions
    missing = [key for key in measured if key not in dimensions]
    if missing:
        msg = f"{label}: {missing[0]} is required (or give PredefinedPackageDimensions)"
        raise InvalidInputError(msg, label=label)
    return dimensions


def _details(ctx: Context, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Return ShipmentRequestDetails from the package inputs."""
    details: dict[str, Any] = {
        "AmazonOrderId": validation.order_id(inputs["amazon_order_id"], ctx, label=AMAZON_ORDER_ID.label),
        "ItemList": validation.records(
            inputs["item_list"],
            label=ITEM_LIST.label,
            fields=_item_fields(ctx),
            required=("OrderItemId", "Quantity"),
        ),
        "ShipFromAddress": _address(inputs["ship_from_address"]),
        "PackageDimensions": _package_dimensions(inputs["package_dimensions"]),
        "Weight": validation.record(
            inputs["weight"], label=WEIGHT.label, fields=WEIGHT_FIELDS, required=("Value", "Unit")
        ),
        "ShippingServiceOptions": validation.record(
            inputs["shipping_service_options"],
            label=SHIPPING_SERVICE_OPTIONS.label,
            fields=SERVICE_OPTION_FIELDS,
            required=("DeliveryExperience", "CarrierWillPickUp"),
        ),
    }
    if "seller_order_id" in inputs:
        details["SellerOrderId"] = validation.string(
            inputs["seller_order_id"], label=SELLER_ORDER_ID.label, max_length=64
        )
    for key, field, spec in (
        ("must_arrive_by_date", "MustArriveByDate", MUST_ARRIVE_BY_DATE),
        ("ship_date", "ShipDate", SHIP_DATE),
    ):
        if key in inputs:
            details[field] = validation.date_time(inputs[key], ctx, label=spec.label)
    if "label_customization" in inputs:
        details["LabelCustomization"] = validation.record(
            inputs["label_customization"], label=LABEL_CUSTOMIZATION.label, fields=LABEL_CUSTOMIZATION_FIELDS
        )
    return details


def _address(value: Any) -> dict[str, Any]:
    return validation.record(
        value, label=SHIP_FROM_ADDRESS.label, fields=_address_fields(), required=ADDRESS_REQUIRED
    )


# -- Get Eligible Shipment Services --------------------------------------------------------------------------


class GetEligibleShipmentServicesInputs(ShipmentDetailsInputs):
    """Inputs of Get Eligible Shipment Services (Merchant Fulfillment v0 getEligibleShipmentServices)."""

    include_packing_slip_with_label: NotRequired[Annotated[bool, PACKING_SLIP]]
    include_complex_shipping_options: NotRequired[Annotated[bool, COMPLEX_OPTIONS]]
    carrier_will_pick_up: NotRequired[Annotated[str, PICK_UP]]
    delivery_experience: NotRequired[Annotated[str, DELIVERY_EXPERIENCE]]


def _offering_filter(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Return ShippingOfferingFilter from the filter inputs that are set (empty when none is)."""
    offering: dict[str, Any] = {}
    for key, field, spec in (
        ("include_packing_slip_with_label", "IncludePackingSlipWithLabel", PACKING_SLIP),
        ("include_complex_shipping_options", "IncludeComplexShippingOptions", COMPLEX_OPTIONS),
    ):
        if key in inputs:
            offering[field] = validation.boolean(inputs[key], label=spec.label)
    for key, field, spec in (
        ("carrier_will_pick_up", "CarrierWillPickUp", PICK_UP),
        ("delivery_experience", "DeliveryExperience", DELIVERY_EXPERIENCE),
    ):
        if key in inputs:
            offering[field] = validation.choice(inputs[key], label=spec.label, allowed=spec.choices)
    return offering


@action(
    "Get Eligible Shipment Services",
    group="shipping",
    command="services",
    operation=get_eligible_shipment_services_op,
    inputs=GetEligibleShipmentServicesInputs,
    in_spec=False,
    doc="Get Eligible Shipment Services (Merchant Fulfillment getEligibleShipmentServices).",
)
def get_eligible_shipment_services(
    ctx: Context, inputs: Mapping[str, Any]
) -> Call[GetEligibleShipmentServicesResponse]:
    """List the services that can ship a package (Merchant Fulfillment getEligibleShipmentServices)."""
    body: dict[str, Any] = {"ShipmentRequestDetails": _details(ctx, inputs)}
    offering = _offering_filter(inputs)
    if offering:
        body["ShippingOfferingFilter"] = offering
    return Call(arguments={"body": body})


# -- Get Additional Seller Inputs ----------------------------------------------------------------------------


class GetAdditionalSellerInputsInputs(TypedDict):
    """Inputs of Get Additional Seller Inputs (Merchant Fulfillment v0 getAdditionalSellerInputs)."""

    shipping_service_id: Annotated[str, SHIPPING_SERVICE_ID]
    ship_from_address: Annotated[JsonObject, SHIP_FROM_ADDRESS]
    amazon_order_id: Annotated[str, AMAZON_ORDER_ID]


@action(
    "Get Additional Seller Inputs",
    group="shipping",
    command="seller-inputs",
    operation=get_additional_seller_inputs_op,
    inputs=GetAdditionalSellerInputsInputs,
    in_spec=False,
    doc="Get Additional Seller Inputs (Merchant Fulfillment getAdditionalSellerInputs).",
)
def get_additional_seller_inputs(
    ctx: Context, inputs: Mapping[str, Any]
) -> Call[GetAdditionalSellerInputsResponse]:
    """List the extra values a shipping service needs (Merchant Fulfillment getAdditionalSellerInputs)."""
    body = {
        "ShippingServiceId": validation.string(
            inputs["shipping_service_id"], label=SHIPPING_SERVICE_ID.label
        ),
        "ShipFromAddress": _address(inputs["ship_from_address"]),
        "OrderId": validation.order_id(inputs["amazon_order_id"], ctx, label=AMAZON_ORDER_ID.label),
    }
    return Call(arguments={"body": body})


# -- Create Shipment -----------------------------------------------------------------------------------------


class CreateShipmentInputs(ShipmentDetailsInputs):
    """Inputs of Create Shipment (Merchant Fulfillment v0 createShipment)."""

    shipping_service_id: Annotated[str, SHIPPING_SERVICE_ID]
    shipping_service_offer_id: NotRequired[Annotated[str, SHIPPING_SERVICE_OFFER_ID]]
    hazmat_type: NotRequired[Annotated[str, HAZMAT_TYPE]]
    include_packing_slip_with_label: NotRequired[Annotated[bool, PACKING_SLIP]]
    shipment_level_seller_inputs_list: NotRequired[
        Annotated[Sequence[Mapping[str, Any]] | str, SHIPMENT_SELLER_INPUTS]
    ]


def _purchase(ctx: Context, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Return the optional purchase fields of CreateShipmentRequest that are set."""
    purchase: dict[str, Any] = {}
    if "shipping_service_offer_id" in inputs:
        purchase["ShippingServiceOfferId"] = validation.string(
            inputs["shipping_service_offer_id"], label=SHIPPING_SERVICE_OFFER_ID.label
        )
    if "hazmat_type" in inputs:
        purchase["HazmatType"] = validation.choice(
            inputs["hazmat_type"], label=HAZMAT_TYPE.label, allowed=HAZMAT_TYPE.choices
        )
    if "include_packing_slip_with_label" in inputs:
        slip = validation.boolean(inputs["include_packing_slip_with_label"], label=PACKING_SLIP.label)
        purchase["LabelFormatOption"] = {"IncludePackingSlipWithLabel": slip}
    if "shipment_level_seller_inputs_list" in inputs:
        purchase["ShipmentLevelSellerInputsList"] = validation.records(
            inputs["shipment_level_seller_inputs_list"],
            label=SHIPMENT_SELLER_INPUTS.label,
            fields=_seller_input_fields(ctx),
            required=SELLER_INPUT_REQUIRED,
        )
    return purchase


@action(
    "Create Shipment",
    group="shipping",
    command="create",
    operation=create_shipment_op,
    inputs=CreateShipmentInputs,
    doc="Create Shipment (Merchant Fulfillment createShipment, through a Restricted Data Token).",
)
def create_shipment(ctx: Context, inputs: Mapping[str, Any]) -> Call[CreateShipmentResponse]:
    """Buy a shipping label for a package (Merchant Fulfillment createShipment; restricted)."""
    body = {
        "ShipmentRequestDetails": _details(ctx, inputs),
        "ShippingServiceId": validation.string(
            inputs["shipping_service_id"], label=SHIPPING_SERVICE_ID.label
        ),
        **_purchase(ctx, inputs),
    }
    return Call(arguments={"body": body})


# -- one shipment --------------------------------------------------------------------------------------------


class ShipmentIdInputs(TypedDict):
    """Inputs of Get Shipment and Cancel Shipment."""

    shipment_id: Annotated[str, SHIPMENT_ID]


def _shipment_id(ctx: Context, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Return the shipment id: UUID-shaped, as the model's pattern says (a test value on a sandbox)."""
    text = validation.string(inputs["shipment_id"], label=SHIPMENT_ID.label)
    if validation.is_test_case(text, ctx):
        return {"shipment_id": text}
    return {"shipment_id": validation.string(text, label=SHIPMENT_ID.label, pattern=SHIPMENT_ID_PATTERN)}


@action(
    "Get Shipment",
    group="shipping",
    command="get",
    operation=get_shipment_op,
    inputs=ShipmentIdInputs,
    doc="Get Shipment (Merchant Fulfillment getShipment, through a Restricted Data Token).",
)
def get_shipment(ctx: Context, inputs: Mapping[str, Any]) -> Call[GetShipmentResponse]:
    """Return a shipment and its label (Merchant Fulfillment getShipment; restricted)."""
    return Call(arguments=_shipment_id(ctx, inputs))


@action(
    "Cancel Shipment",
    group="shipping",
    command="cancel",
    operation=cancel_shipment_op,
    inputs=ShipmentIdInputs,
    doc="Cancel Shipment (Merchant Fulfillment cancelShipment, through a Restricted Data Token).",
)
def cancel_shipment(ctx: Context, inputs: Mapping[str, Any]) -> Call[CancelShipmentResponse]:
    """Cancel a shipment and its label (Merchant Fulfillment cancelShipment; restricted)."""
    return Call(arguments=_shipment_id(ctx, inputs))
