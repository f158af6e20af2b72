"""Declarative model patches: their three states, their loud failures, and each real patch's fix."""

from __future__ import annotations

import json
from typing import Any, ClassVar

import pytest

from generator.convert import convert
from generator.errors import GeneratorError
from generator.normalise import normalise
from generator.patches import Operation, Patch, PatchState, apply_patches, load_patches
from generator.render import ModelContext, Renderer

SHIPPING_V2 = "models/shipping-api-model/shippingV2.json"
CARRIER_ACCOUNT = "/shipping/v2/carrierAccounts/{carrierId}"


@pytest.fixture(scope="module")
def patches(specs):
    return load_patches(specs / "patches")


@pytest.fixture(scope="module")
def patch_named(patches):
    """Return the repository patch whose file name starts with the given number."""

    def find(number: str) -> Patch:
        (found,) = [patch for patch in patches if patch.name.startswith(f"{number}-")]
        return found

    return find


@pytest.fixture
def patched(read_model, patch_named):
    """Return the pinned model a repository patch names, with that patch applied."""

    def apply(number: str) -> Any:
        patch = patch_named(number)
        document, _ = apply_patches([patch], patch.file, read_model(patch.file))
        return document

    return apply


def patch(*operations: Operation, file: str = "models/w/widgets.json") -> Patch:
    return Patch(name="900-test.json", file=file, reason="test", operations=operations)


def write_patch(folder, content: Any, name: str = "001-fix.json"):
    path = folder / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def parse(document: Any, file: str):
    context = ModelContext(package="p", file=file, commit="0" * 40, title="t", version="v", operations={})
    return Renderer().parse(normalise(convert(document, source=file)), context)


VALID_PATCH = {
    "file": "models/w/widgets.json",
    "reason": "Widget ids are typed wrongly.",
    "operations": [{"op": "replace", "path": "/definitions/Id/type", "expect": "integer", "value": "string"}],
}


class TestOperationStates:
    DOCUMENT: ClassVar[dict[str, Any]] = {"a": {"b": "old", "list": ["x", "y"]}, "p/q": {"t~n": 1}}

    @pytest.mark.parametrize(
        ("operation", "state"),
        [
            (Operation(op="replace", path="/a/b", expect="old", value="new"), PatchState.APPLIES),
            (Operation(op="replace", path="/a/b", expect="older", value="old"), PatchState.NOT_NEEDED),
            (Operation(op="replace", path="/a/b", expect="other", value="new"), PatchState.BROKEN),
            (Operation(op="replace", path="/a/missing", expect="old", value="new"), PatchState.BROKEN),
            (Operation(op="replace", path="/a/list/1", expect="y", value="z"), PatchState.APPLIES),
            (Operation(op="replace", path="/p~1q/t~0n", expect=1, value=2), PatchState.APPLIES),
            (Operation(op="add", path="/a/c", value="new"), PatchState.APPLIES),
            (Operation(op="add", path="/a/b", value="old"), PatchState.NOT_NEEDED),
            (Operation(op="add", path="/a/b", value="new"), PatchState.BROKEN),
            (Operation(op="add", path="/nowhere/c", value="new"), PatchState.BROKEN),
            (Operation(op="add", path="/a/list/5", value="new"), PatchState.BROKEN),
            (Operation(op="remove", path="/a/b", expect="old"), PatchState.APPLIES),
            (Operation(op="remove", path="/a/c", expect="old"), PatchState.NOT_NEEDED),
            (Operation(op="remove", path="/a/b", expect="other"), PatchState.BROKEN),
        ],
        ids=lambda value: value.value if isinstance(value, PatchState) else f"{value.op} {value.path}",
    )
    def test_state_of_one_operation(self, operation, state):
        """Each edit tells apart applies, already done (Amazon fixed it) and no longer matching."""
        assert operation.state(self.DOCUMENT) is state

    def test_a_patch_applies_only_when_every_operation_applies(self):
        """One edit that cannot apply makes the whole patch BROKEN, and only that edit is named."""
        mixed = patch(
            Operation(op="replace", path="/a/b", expect="old", value="new"),
            Operation(op="remove", path="/a/list/0", expect="z"),
        )

        assert mixed.state(self.DOCUMENT) is PatchState.BROKEN
        assert mixed.broken_operations(self.DOCUMENT) == ["/a/list/0"]

    def test_a_half_applied_patch_is_broken_and_names_the_edits_already_done(self):
        """One edit already done and one still to do is BROKEN, naming the done edit (never a blank)."""
        half = patch(
            Operation(op="replace", path="/a/b", expect="old", value="new"),
            Operation(op="add", path="/a/list/0", value="x"),
        )

        assert half.state(self.DOCUMENT) is PatchState.BROKEN
        assert half.broken_operations(self.DOCUMENT) == ["/a/list/0 (already done)"]

    def test_a_patch_is_not_needed_when_every_operation_is_done(self):
        """A patch whose every edit is already in the model is NOT_NEEDED."""
        done = patch(
            Operation(op="add", path="/a/b", value="old"),
            Operation(op="remove", path="/a/gone", expect=1),
        )

        assert done.state(self.DOCUMENT) is PatchState.NOT_NEEDED


class TestApplyPatches:
    DOCUMENT: ClassVar[dict[str, Any]] = {
        "definitions": {"Id": {"type": "integer"}, "Old": {"type": "string"}}
    }

    def test_applies_edits_to_a_copy(self):
        """The patched copy carries every edit; the document given is left unchanged."""
        edits = patch(
            Operation(op="replace", path="/definitions/Id/type", expect="integer", value="string"),
            Operation(op="add", path="/definitions/Id/title", value="WidgetId"),
            Operation(op="remove", path="/definitions/Old", expect={"type": "string"}),
        )

        result, report = apply_patches([edits], edits.file, self.DOCUMENT)

        assert result == {"definitions": {"Id": {"type": "string", "title": "WidgetId"}}}
        assert self.DOCUMENT["definitions"]["Id"] == {"type": "integer"}
        assert report == [(edits, PatchState.APPLIES)]

    def test_patches_for_other_files_are_ignored(self):
        """Only the patches naming the model's file are applied or reported."""
        elsewhere = patch(
            Operation(op="remove", path="/definitions/Id", expect=1), file="models/o/other.json"
        )

        result, report = apply_patches([elsewhere], "models/w/widgets.json", self.DOCUMENT)

        assert result == self.DOCUMENT
        assert report == []

    def test_a_broken_patch_is_one_error_naming_the_patch_file_and_pointer(self):
        """A patch that no longer matches raises GeneratorError naming specs/patches/<file> and the edit."""
        stale = patch(Operation(op="replace", path="/definitions/Id/type", expect="number", value="string"))

        with pytest.raises(GeneratorError) as caught:
            apply_patches([stale], stale.file, self.DOCUMENT)

        assert caught.value.where == "specs/patches/900-test.json"
        assert "no longer matches" in caught.value.problem
        assert "/definitions/Id/type" in caught.value.problem

    def test_a_patch_no_longer_needed_is_an_error_by_default(self):
        """A patch Amazon made redundant fails, asking for it to be deleted."""
        redundant = patch(Operation(op="add", path="/definitions/Id/type", value="integer"))

        with pytest.raises(GeneratorError, match="no longer needed") as caught:
            apply_patches([redundant], redundant.file, self.DOCUMENT)

        assert caught.value.where == "specs/patches/900-test.json"

    def test_a_patch_no_longer_needed_is_reported_when_allowed(self):
        """With allow_not_needed the spec-update workflow gets the state instead of an error."""
        redundant = patch(Operation(op="add", path="/definitions/Id/type", value="integer"))

        result, report = apply_patches([redundant], redundant.file, self.DOCUMENT, allow_not_needed=True)

        assert result == self.DOCUMENT
        assert report == [(redundant, PatchState.NOT_NEEDED)]


class TestLoadPatches:
    def test_loads_every_json_file_in_name_order(self, tmp_path):
        """Patches are read in file-name order, with their reason and operations."""
        write_patch(tmp_path, VALID_PATCH, "002-second.json")
        write_patch(tmp_path, VALID_PATCH, "001-first.json")
        (tmp_path / "README.md").write_text("not a patch", encoding="utf-8")

        loaded = load_patches(tmp_path)

        assert [p.name for p in loaded] == ["001-first.json", "002-second.json"]
        assert loaded[0].reason == "Widget ids are typed wrongly."
        assert loaded[0].operations == (
            Operation(op="replace", path="/definitions/Id/type", expect="integer", value="string"),
        )

    @pytest.mark.parametrize(
        ("content", "detail"),
        [
            ("{not json", "malformed patch"),
            ({**VALID_PATCH, "operations": []}, "at least one operation"),
            ({key: value for key, value in VALID_PATCH.items() if key != "file"}, "file"),
            ({**VALID_PATCH, "reason": ""}, "reason"),
            ({**VALID_PATCH, "reason": "first line\nsecond line"}, "reason"),
            ({**VALID_PATCH, "operations": [{"op": "move", "path": "/a", "value": 1}]}, "unknown op"),
            ({**VALID_PATCH, "operations": [{"op": "replace", "path": "/a", "value": 1}]}, "needs 'expect'"),
            ({**VALID_PATCH, "operations": [{"op": "remove", "path": "/a"}]}, "needs 'expect'"),
            ({**VALID_PATCH, "operations": [{"op": "add", "path": "/a"}]}, "needs 'value'"),
            (
                {**VALID_PATCH, "operations": [{"op": "add", "path": "a/b", "value": 1}]},
                "must start with '/'",
            ),
        ],
        ids=[
            "invalid-json",
            "no-operations",
            "no-file",
            "empty-reason",
            "two-line-reason",
            "unknown-op",
            "replace-without-expect",
            "remove-without-expect",
            "add-without-value",
            "relative-pointer",
        ],
    )
    def test_a_malformed_patch_file_is_rejected_naming_it(self, tmp_path, content, detail):
        """Each kind of malformed patch file is one GeneratorError naming that file and what is wrong."""
        path = write_patch(tmp_path, content)

        with pytest.raises(GeneratorError) as caught:
            load_patches(tmp_path)

        assert caught.value.where == str(path)
        assert detail in caught.value.problem


class TestRepositoryPatches:
    def test_every_patch_has_a_one_line_reason_and_pins_a_locked_model(self, patches, specs):
        """Each patch in specs/patches names a model the lock pins and says why in one line."""
        locked = json.loads((specs / "lock.json").read_text(encoding="utf-8"))["files"]

        assert len(patches) >= 11
        for each in patches:
            assert each.file in locked, each.name
            assert each.reason.strip()
            assert "\n" not in each.reason

    def test_every_patch_applies_to_its_pinned_model(self, patches, read_model):
        """Against the pinned commit every patch is in the APPLIES state (none stale, none redundant)."""
        states = {each.name: each.state(read_model(each.file)) for each in patches}

        assert states == dict.fromkeys(states, PatchState.APPLIES)

    def test_a_patched_model_reads_as_the_patch_leaves_it(self, patches, read_model):
        """After applying, each patch is NOT_NEEDED: the state logic recognises its own result."""
        for each in patches:
            document, _ = apply_patches([each], each.file, read_model(each.file))

            assert each.state(document) is PatchState.NOT_NEEDED, each.name

    def test_a_stale_repository_patch_fails_naming_its_file(self, patch_named, read_model):
        """If Amazon changes what patch 001 edits, generation stops with one error naming that patch."""
        stale = patch_named("001")
        model = read_model(SHIPPING_V2)
        model["paths"][CARRIER_ACCOUNT]["put"]["operationId"] = "linkCarrierAccountV2"

        with pytest.raises(GeneratorError) as caught:
            apply_patches([stale], SHIPPING_V2, model)

        assert caught.value.where == f"specs/patches/{stale.name}"
        assert f"{CARRIER_ACCOUNT.replace('/', '~1')}/put/operationId" in caught.value.problem

    def test_001_gives_the_two_link_carrier_account_operations_distinct_ids(self, read_model, patched):
        """PUT and POST on the carrier-account path share linkCarrierAccount; patched, they differ."""
        upstream = read_model(SHIPPING_V2)["paths"][CARRIER_ACCOUNT]
        fixed = patched("001")["paths"][CARRIER_ACCOUNT]

        assert upstream["put"]["operationId"] == upstream["post"]["operationId"] == "linkCarrierAccount"
        assert fixed["post"]["operationId"] == "linkCarrierAccount"
        assert fixed["put"]["operationId"] == "linkCarrierAccountPut"

    @pytest.mark.parametrize(
        ("number", "enum"),
        [
            ("002", "PackageCurrentStatus"),
            ("003", "TransactionProcessingStatus"),
            ("004", "TransactionProcessingStatus"),
            ("005", "TransactionProcessingStatus"),
            ("006", "TransactionProcessingStatus"),
        ],
    )
    def test_enum_title_patches_stop_the_parser_dropping_schemas(
        self, number, enum, patch_named, read_model, patched
    ):
        """Unpatched, the parser drops clashing schemas (an error); patched, the enum gets its own class."""
        file = patch_named(number).file

        with pytest.raises(GeneratorError, match="conflicting enums"):
            parse(read_model(file), file)
        data = parse(patched(number), file)

        assert enum in [each.class_info.name for each in data.enums]

    @pytest.mark.parametrize("number", ["007", "008"])
    def test_204_patches_leave_no_content_on_no_content_responses(
        self, number, patch_named, read_model, patched
    ):
        """After 007/008 no 204 response of the model declares a body; upstream some did."""

        def no_content_bodies(document):
            paths = convert(document, source=patch_named(number).file)["paths"]
            return [
                (path, method)
                for path, item in paths.items()
                for method, operation in item.items()
                if "content" in operation["responses"].get("204", {})
            ]

        assert no_content_bodies(read_model(patch_named(number).file))
        assert no_content_bodies(patched(number)) == []

    def test_009_makes_the_array_default_an_array(self, patch_named, patched):
        """catalogItems' includedData default becomes ["summaries"], in both operations."""
        converted = convert(patched("009"), source=patch_named("009").file)

        for path in ("/catalog/2020-12-01/items", "/catalog/2020-12-01/items/{asin}"):
            (included,) = [
                p for p in converted["paths"][path]["get"]["parameters"] if p["name"] == "includedData"
            ]
            assert included["schema"]["default"] == ["summaries"]

    def test_010_leaves_no_invalid_format_in_shipping_v2(self, read_model, patched):
        """After 010 shippingV2 has no 'dateTime' or media-type format left anywhere."""
        upstream = json.dumps(read_model(SHIPPING_V2))
        fixed = json.dumps(patched("010"))

        assert '"format": "dateTime"' in upstream
        assert '"format": "dateTime"' not in fixed
        assert '"format": "application/pdf"' not in fixed

    def test_011_turns_the_regex_format_into_a_pattern(self, patch_named, patched):
        """ShipToCountryCode validates with the pattern ^[A-Z]{2}$ instead of carrying it as a format."""
        converted = convert(patched("011"), source=patch_named("011").file)

        parameter = converted["paths"]["/fba/inbound/v0/prepInstructions"]["get"]["parameters"][0]
        assert parameter["name"] == "ShipToCountryCode"
        assert parameter["schema"] == {"type": "string", "pattern": "^[A-Z]{2}$"}
