"""Which changes break a client: the classification table, one row per rule."""

from __future__ import annotations

import pytest
from seller_central.specdiff.changes import Kind, Snapshot, is_breaking


@pytest.mark.parametrize(
    ("kind", "side", "required", "breaking"),
    [
        (Kind.MODEL_ADDED, "none", False, False),
        (Kind.MODEL_REMOVED, "none", False, True),
        (Kind.OPERATION_ADDED, "none", False, False),
        (Kind.OPERATION_REMOVED, "none", False, True),
        (Kind.OPERATION_DEPRECATED, "none", False, False),
        (Kind.PARAMETER_ADDED, "request", False, False),
        (Kind.PARAMETER_ADDED, "request", True, True),
        (Kind.PARAMETER_REMOVED, "request", False, True),
        (Kind.PARAMETER_REQUIRED, "request", True, True),
        (Kind.PARAMETER_OPTIONAL, "request", False, False),
        (Kind.PARAMETER_MOVED, "request", False, True),
        (Kind.FIELD_ADDED, "request", True, True),
        (Kind.FIELD_ADDED, "request", False, False),
        (Kind.FIELD_ADDED, "response", True, False),
        (Kind.FIELD_REMOVED, "response", False, True),
        (Kind.FIELD_REQUIRED, "request", False, True),
        (Kind.FIELD_REQUIRED, "response", False, False),
        (Kind.FIELD_OPTIONAL, "request", False, False),
        (Kind.FIELD_OPTIONAL, "response", False, True),
        (Kind.TYPE_CHANGED, "response", False, True),
        (Kind.ENUM_VALUES_ADDED, "request", False, False),
        (Kind.ENUM_VALUES_ADDED, "response", False, False),
        (Kind.ENUM_VALUES_REMOVED, "request", False, True),
        (Kind.ENUM_VALUES_REMOVED, "response", False, True),
        (Kind.RATE_LIMIT_CHANGED, "none", False, False),
        (Kind.SANDBOX_CHANGED, "none", False, False),
    ],
)
def test_classification(kind, side, required, breaking):
    """Each kind of change on each side is breaking or not as the table in changes.py says."""
    assert is_breaking(kind, side, required=required) is breaking


def test_a_snapshot_without_a_commit_is_labelled_by_its_folder():
    """When no SOURCE or lock.json names a commit, headings name the folder."""
    assert Snapshot(root="models-folder").label == "models-folder"
    assert Snapshot(root="x", commit="34dc93fe45f3", committed="2026-08-05T15:31:54-04:00").label == (
        "34dc93f (2026-08-05)"
    )
