"""Flattening a schema into dotted paths: the unit the changelog compares field by field."""

from __future__ import annotations

from seller_central.specdiff.schema import Node, flatten, parent_path

MODEL = {
    "definitions": {
        "Money": {"type": "object", "properties": {"Amount": {"type": "string"}}, "required": ["Amount"]},
        "Priced": {"allOf": [{"$ref": "#/definitions/Money"}, {"properties": {"Code": {"type": "string"}}}]},
        "Tree": {
            "type": "object",
            "properties": {"children": {"type": "array", "items": {"$ref": "#/definitions/Tree"}}},
        },
    }
}


def test_properties_arrays_and_maps_get_their_own_path_syntax():
    """Properties join with dots, array items end in [], free-form map values are *."""
    schema = {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/definitions/Money"}},
            "attributes": {"type": "object", "additionalProperties": {"type": "integer"}},
        },
    }

    assert sorted(flatten(MODEL, schema)) == [
        "",
        "attributes",
        "attributes.*",
        "items",
        "items[]",
        "items[].Amount",
    ]


def test_all_of_parts_are_merged_with_their_required_lists():
    """An allOf schema has the fields of all its parts, and each part's required fields stay required."""
    flat = flatten(MODEL, {"$ref": "#/definitions/Priced"})

    assert flat["Amount"] == Node(type="string", required=True, enum=())
    assert flat["Code"] == Node(type="string", required=False, enum=())


def test_a_recursive_definition_is_unfolded_once_per_branch():
    """The walk stops where a definition reappears inside itself, recording the field without descending."""
    assert sorted(flatten(MODEL, {"$ref": "#/definitions/Tree"})) == ["", "children", "children[]"]


def test_enum_values_are_kept_as_display_strings():
    """String values stay as they are; other values are shown as JSON."""
    flat = flatten(MODEL, {"type": "object", "properties": {"n": {"type": "integer", "enum": [1, 2]}}})

    assert flat["n"].enum == ("1", "2")


def test_no_schema_flattens_to_nothing():
    """An operation without a body has no paths to compare."""
    assert flatten(MODEL, None) == {}


def test_parent_path_climbs_one_level_of_either_syntax():
    """The parent of a.b[] is a.b and of a.b is a; a top-level field's parent is the root."""
    assert [parent_path(p) for p in ("a.b[]", "a.b", "a", "a.*")] == ["a.b", "a", "", "a"]
