"""The API changelog between two model sets: what it reports, how it classifies it, what it leaves out."""

from __future__ import annotations

import shutil

import pytest
from seller_central.specdiff import Kind, ModelSetError, diff_models


def model_changes(changelog, package):
    return next(model for model in changelog.models if model.package == package)


def changes(changelog, package, *, operation=None, kind=None):
    return [
        change
        for change in model_changes(changelog, package).changes
        if (operation is None or change.operation == operation) and (kind is None or change.kind is kind)
    ]


class TestSnapshots:
    """Real differences between Amazon's 2025-11-17 and 2026-08-05 models."""

    def test_orders_2026_01_01_appears_as_a_new_model_with_its_operations(self, changelog):
        """Orders 2026-01-01 is new: one non-breaking entry listing its operations and the actions on it."""
        model = model_changes(changelog, "orders_2026_01_01")

        assert model.status == "added"
        assert model.new_file == "models/orders-api-model/orders_2026-01-01.json"
        [change] = model.changes
        assert change.kind is Kind.MODEL_ADDED
        assert not change.breaking
        assert change.values == ("searchOrders", "getOrder")
        assert change.actions == ("get_order_details", "search_orders")

    def test_every_model_added_since_the_older_snapshot_is_listed(self, changelog):
        """The five models Amazon added are exactly the added ones, and none was removed."""
        added = {model.package for model in changelog.models if model.status == "added"}

        assert added == {
            "orders_2026_01_01",
            "tracking_2026_01_30",
            "delivery_shipment_invoice_2022_07_01",
            "finances_invoices_2026_06_25",
            "fulfillment_outbound_2026_07_04",
        }
        assert changelog.count("removed") == 0

    def test_get_subscriptions_appears_in_notifications(self, changelog):
        """Notifications gains getSubscriptions (and sendTestNotification) as non-breaking additions."""
        added = changes(changelog, "notifications_v1", kind=Kind.OPERATION_ADDED)

        assert {change.operation for change in added} == {"getSubscriptions", "sendTestNotification"}
        assert not any(change.breaking for change in added)
        assert added[0].summary == "new operation: GET /notifications/v1/subscriptions"

    def test_orders_v0_read_operations_become_deprecated(self, changelog):
        """The six Orders v0 read operations are deprecated (non-breaking), naming the actions on them."""
        deprecated = changes(changelog, "orders_v0", kind=Kind.OPERATION_DEPRECATED)

        assert {change.operation for change in deprecated} == {
            "getOrders",
            "getOrder",
            "getOrderItems",
            "getOrderAddress",
            "getOrderBuyerInfo",
            "getOrderItemsBuyerInfo",
        }
        assert not any(change.breaking for change in deprecated)
        assert next(c for c in deprecated if c.operation == "getOrders").actions == ("list_orders",)

    def test_a_removed_operation_is_breaking(self, changelog):
        """Messaging's CreateAmazonMotors is gone: a breaking change naming the action that called it."""
        [removed] = changes(changelog, "messaging_v1", kind=Kind.OPERATION_REMOVED)

        assert removed.operation == "CreateAmazonMotors"
        assert removed.breaking
        assert removed.actions == ("send_motors_message",)

    def test_parameter_removed_and_made_required_are_breaking(self, changelog):
        """getPackageTrackingDetails now requires packageNumber and no longer takes the tracking number."""
        found = changes(changelog, "fulfillment_outbound_2020_07_01", operation="getPackageTrackingDetails")
        by_kind = {change.kind: change for change in found}

        assert by_kind[Kind.PARAMETER_REQUIRED].subject == "packageNumber"
        assert by_kind[Kind.PARAMETER_REMOVED].subject == "amazonFulfillmentTrackingNumber"
        assert by_kind[Kind.PARAMETER_REQUIRED].breaking
        assert by_kind[Kind.PARAMETER_REMOVED].breaking

    def test_a_new_optional_query_parameter_is_not_breaking(self, changelog):
        """Product Type Definitions gains the optional query parameter parentageLevel."""
        [added] = changes(changelog, "definitions_product_types_2020_09_01", kind=Kind.PARAMETER_ADDED)

        assert added.subject == "parentageLevel"
        assert added.summary == "new optional query parameter `parentageLevel`"
        assert not added.breaking

    def test_response_fields_are_reported_by_dotted_path(self, changelog):
        """Pricing v0 renamed MarketplaceID to marketplaceId: the removal breaks, the addition does not."""
        found = changes(changelog, "product_pricing_v0", operation="getItemOffersBatch")
        summary = {(change.kind, change.subject): change.breaking for change in found}

        assert summary[Kind.FIELD_REMOVED, "responses[].body.payload.MarketplaceID"] is True
        assert summary[Kind.FIELD_ADDED, "responses[].body.payload.marketplaceId"] is False

    def test_request_body_fields_are_compared_too(self, changelog):
        """createSubscription's body gains an optional filterExpression under processingDirective."""
        found = changes(changelog, "notifications_v1", operation="createSubscription", kind=Kind.FIELD_ADDED)
        request = [change for change in found if change.location == "request body"]

        assert "processingDirective.filterExpression" in {change.subject for change in request}
        assert not any(change.breaking for change in request)

    def test_status_codes_sharing_a_schema_give_one_entry(self, changelog):
        """Orders v0 reuses the success schema for its errors, so one new field is one entry, not seven."""
        found = [
            change
            for change in changes(changelog, "orders_v0", operation="getOrders", kind=Kind.FIELD_ADDED)
            if change.subject == "payload.Orders[].ShippingAddress.ExtendedFields.GeoCoordinates"
        ]

        assert [change.location for change in found] == ["responses 200, 400, 403, 404, 429, 500, 503"]

    def test_enum_values_added_and_removed(self, changelog):
        """New event filter types are non-breaking; label page types dropped from a parameter are breaking."""
        [added] = [
            change
            for change in changes(changelog, "notifications_v1", operation="createSubscription")
            if change.kind is Kind.ENUM_VALUES_ADDED and change.location == "request body"
            if change.subject == "processingDirective.eventFilter.eventFilterType"
        ]
        [removed] = changes(changelog, "awd_2024_05_09", kind=Kind.ENUM_VALUES_REMOVED)

        assert added.values == ("SHIPMENT_TRACKING_MILESTONE_CHANGED",)
        assert not added.breaking
        assert (removed.location, removed.subject, removed.values) == (
            "parameter",
            "pageType",
            ("THERMAL_NONPCP", "LETTER_6"),
        )
        assert removed.breaking

    def test_a_response_field_becoming_optional_is_breaking(self, changelog):
        """Seller Wallet's routingNumber may now be absent from an account: code reading it must change."""
        [change] = [
            change
            for change in changes(changelog, "seller_wallet_2024_03_01", operation="getAccount")
            if change.kind is Kind.FIELD_OPTIONAL
            if change.subject == "routingNumber"
        ]

        assert change.breaking

    def test_rate_limit_changes(self, changelog):
        """A usage plan newly documented and one no longer documented both show before and after."""
        [inbound] = changes(changelog, "fulfillment_inbound_2024_03_20", kind=Kind.RATE_LIMIT_CHANGED)
        invoices = changes(
            changelog, "invoices_2024_06_19", operation="getInvoice", kind=Kind.RATE_LIMIT_CHANGED
        )

        assert (inbound.operation, inbound.before, inbound.after) == (
            "listItemComplianceDetails",
            "none documented",
            "2/s burst 6",
        )
        assert (invoices[0].before, invoices[0].after) == ("2/s burst 15", "none documented")
        assert not inbound.breaking

    def test_sandbox_example_changes(self, changelog):
        """updateVerificationStatus gained three static sandbox examples."""
        [change] = changes(
            changelog, "orders_v0", operation="updateVerificationStatus", kind=Kind.SANDBOX_CHANGED
        )

        assert change.summary == "static sandbox examples changed: 3 added, 0 removed (9 in all)"
        assert not change.breaking

    @pytest.mark.parametrize(
        "package",
        [
            "shipping_v2",  # the same bytes in both snapshots
            "catalog_items_2022_04_01",  # only descriptions changed
            "vendor_orders_v1",  # only an internal x-amzn flag changed
        ],
    )
    def test_unchanged_models_report_nothing(self, changelog, package):
        """A model that is the same for a client does not appear at all."""
        assert package not in {model.package for model in changelog.models}

    def test_a_model_set_compared_with_itself_is_empty(self, new_root):
        """Comparing a snapshot with itself gives an empty changelog."""
        changelog = diff_models(new_root, new_root, actions={})

        assert changelog.is_empty
        assert changelog.breaking_count == changelog.non_breaking_count == 0

    def test_the_snapshots_are_named_by_their_source_files(self, changelog):
        """Each side carries the commit and date from the mirror's SOURCE file."""
        assert changelog.old.commit == "078c96a593d99c62cc72a782a5be69c4cb52b5b0"
        assert changelog.old.label == "078c96a (2025-11-17)"
        assert changelog.new.label == "34dc93f (2026-08-05)"


def operation(parameters=(), body=None, response=None, **extra):
    return {
        "operationId": "getThing",
        "parameters": [*parameters, *([{"in": "body", "name": "body", "schema": body}] if body else [])],
        "responses": {"200": {"description": "ok", "schema": response or {"type": "object"}}},
        **extra,
    }


class TestSyntheticModels:
    """Small hand-written models, one rule at a time."""

    def test_models_are_matched_by_package_even_when_their_file_moves(self, tmp_path, write_model):
        """The same model in another folder is the same model: nothing to report."""
        paths = {"/things": {"get": operation()}}
        old = write_model(tmp_path / "old", paths, file="models/things-api-model/thingsV0.json")
        new = write_model(tmp_path / "new", paths, file="models/things-model-renamed/thingsV0.json")

        assert diff_models(old, new, actions={}).is_empty

    def test_a_parameter_moving_from_query_to_header_is_breaking(self, tmp_path, write_model):
        """A parameter that changes location is reported once, with both locations."""
        old = write_model(
            tmp_path / "old", {"/t": {"get": operation([{"in": "query", "name": "id", "type": "string"}])}}
        )
        new = write_model(
            tmp_path / "new", {"/t": {"get": operation([{"in": "header", "name": "id", "type": "string"}])}}
        )

        [change] = diff_models(old, new, actions={}).models[0].changes

        assert (change.kind, change.before, change.after, change.breaking) == (
            Kind.PARAMETER_MOVED,
            "query",
            "header",
            True,
        )

    def test_a_new_required_body_field_is_breaking(self, tmp_path, write_model):
        """Callers must now send the field, so adding it as required breaks them."""
        before = {"type": "object", "properties": {"a": {"type": "string"}}}
        after = {**before, "properties": {**before["properties"], "b": {"type": "string"}}, "required": ["b"]}
        old = write_model(tmp_path / "old", {"/t": {"post": operation(body=before)}})
        new = write_model(tmp_path / "new", {"/t": {"post": operation(body=after)}})

        [change] = diff_models(old, new, actions={}).models[0].changes

        assert (change.kind, change.location, change.subject, change.breaking) == (
            Kind.FIELD_ADDED,
            "request body",
            "b",
            True,
        )

    def test_a_new_subtree_is_reported_once_at_its_top(self, tmp_path, write_model):
        """A new object field is one entry, not one per field inside it."""
        definitions = {
            "Inner": {"type": "object", "properties": {"x": {"type": "string"}, "y": {"type": "string"}}}
        }
        before = {"type": "object", "properties": {"a": {"type": "string"}}}
        after = {
            "type": "object",
            "properties": {"a": {"type": "string"}, "inner": {"$ref": "#/definitions/Inner"}},
        }
        old = write_model(tmp_path / "old", {"/t": {"get": operation(response=before)}}, definitions)
        new = write_model(tmp_path / "new", {"/t": {"get": operation(response=after)}}, definitions)

        [change] = diff_models(old, new, actions={}).models[0].changes

        assert (change.kind, change.subject, change.breaking) == (Kind.FIELD_ADDED, "inner", False)

    def test_a_field_type_change_is_breaking(self, tmp_path, write_model):
        """A response field turning from string to integer breaks code that reads it."""
        old = write_model(
            tmp_path / "old", {"/t": {"get": operation(response={"properties": {"n": {"type": "string"}}})}}
        )
        new = write_model(
            tmp_path / "new", {"/t": {"get": operation(response={"properties": {"n": {"type": "integer"}}})}}
        )

        [change] = diff_models(old, new, actions={}).models[0].changes

        assert (change.kind, change.before, change.after, change.breaking) == (
            Kind.TYPE_CHANGED,
            "string",
            "integer",
            True,
        )

    def test_a_moved_operation_is_breaking(self, tmp_path, write_model):
        """The same operationId on another path is reported as moved."""
        old = write_model(tmp_path / "old", {"/things": {"get": operation()}})
        new = write_model(tmp_path / "new", {"/v2/things": {"get": operation()}})

        [change] = diff_models(old, new, actions={}).models[0].changes

        assert change.kind is Kind.OPERATION_MOVED
        assert change.summary == "moved from GET /things to GET /v2/things"

    def test_a_removed_model_names_every_action_of_its_package(self, tmp_path, write_model):
        """Removing a model breaks every action that calls one of its operations."""
        old = write_model(tmp_path / "old", {"/t": {"get": operation()}})
        write_model(
            tmp_path / "old",
            {"/u": {"get": {**operation(), "operationId": "getOther"}}},
            file="models/o/otherV0.json",
        )
        new = tmp_path / "new"
        shutil.copytree(old / "models" / "o", new / "models" / "o")
        actions = {"test_v0.getThing": ["get_thing"], "other_v0.getOther": ["get_other"]}

        [model] = diff_models(old, new, actions=actions).models

        assert (model.package, model.status) == ("test_v0", "removed")
        assert model.changes[0].breaking
        assert model.changes[0].actions == ("get_thing",)

    def test_recursive_definitions_terminate(self, tmp_path, write_model):
        """A definition that contains itself is walked once along each branch."""
        node = {
            "type": "object",
            "properties": {"children": {"type": "array", "items": {"$ref": "#/definitions/Node"}}},
        }
        bigger = {"type": "object", "properties": {**node["properties"], "name": {"type": "string"}}}
        response = {"$ref": "#/definitions/Node"}
        old = write_model(tmp_path / "old", {"/t": {"get": operation(response=response)}}, {"Node": node})
        new = write_model(tmp_path / "new", {"/t": {"get": operation(response=response)}}, {"Node": bigger})

        found = {change.subject for change in diff_models(old, new, actions={}).models[0].changes}

        assert "name" in found

    def test_a_folder_without_models_is_an_error(self, tmp_path, write_model):
        """Pointing at the wrong folder says what was expected there."""
        new = write_model(tmp_path / "new", {"/t": {"get": operation()}})

        with pytest.raises(ModelSetError, match=r"no models/<folder>/<file>\.json"):
            diff_models(tmp_path / "nothing-here", new)

    def test_two_files_with_one_package_name_are_an_error(self, tmp_path, write_model):
        """Two models mapping to the same package cannot be matched, so the set is refused."""
        root = write_model(tmp_path / "set", {"/t": {"get": operation()}}, file="models/a/testV0.json")
        write_model(root, {"/t": {"get": operation()}}, file="models/b/testV0.json")

        with pytest.raises(ModelSetError, match="both map to package test_v0"):
            diff_models(root, root, actions={})
