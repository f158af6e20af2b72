"""Readable enum member names for values that start with a digit."""

from __future__ import annotations

import pytest

from generator.normalise import enum_member_name, normalise, spell_number


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("2D_BARCODE", "TWO_D_BARCODE"),
        ("4x6", "FOUR_X6"),
        ("3P", "THREE_P"),
        ("12", "TWELVE"),
        ("45DAYS", "FORTY_FIVE_DAYS"),
        ("100ml", "ONE_ZERO_ZERO_ML"),
        ("Pending", "PENDING"),
        ("in-transit", "IN_TRANSIT"),
        ("", "EMPTY"),
    ],
)
def test_enum_member_name(value, name):
    """A leading number is spelled out and the rest upper-cased, separators becoming underscores."""
    assert enum_member_name(value) == name


@pytest.mark.parametrize(
    ("number", "words"), [(0, "ZERO"), (19, "NINETEEN"), (40, "FORTY"), (99, "NINETY_NINE")]
)
def test_spell_number(number, words):
    """Numbers below 100 are spelled as words."""
    assert spell_number(number) == words


def test_an_enum_with_a_digit_leading_value_gets_names_for_every_value():
    """x-enum-varnames is added, one readable name per value, in the enum's order."""
    document = {"components": {"schemas": {"Size": {"type": "string", "enum": ["4x6", "A4", "2D_BARCODE"]}}}}

    normalise(document)

    assert document["components"]["schemas"]["Size"]["x-enum-varnames"] == ["FOUR_X6", "A4", "TWO_D_BARCODE"]


def test_nested_inline_enums_are_named_too():
    """An inline enum deep inside properties and items is found and named."""
    items = {"type": "string", "enum": ["3P", "1P"]}
    document = {"paths": {"/a": {"get": {"parameters": [{"schema": {"type": "array", "items": items}}]}}}}

    normalise(document)

    assert items["x-enum-varnames"] == ["THREE_P", "ONE_P"]


def test_enums_without_digit_leading_values_are_left_alone():
    """An ordinary enum keeps the parser's default naming (no x-enum-varnames)."""
    schema = {"type": "string", "enum": ["Pending", "Shipped"]}

    normalise({"components": {"schemas": {"Status": schema}}})

    assert "x-enum-varnames" not in schema


def test_explicit_names_are_kept():
    """An enum that already has x-enum-varnames is not renamed."""
    schema = {"type": "string", "enum": ["3P"], "x-enum-varnames": ["THIRD_PARTY"]}

    normalise({"components": {"schemas": {"Party": schema}}})

    assert schema["x-enum-varnames"] == ["THIRD_PARTY"]
