"""The API changelog's value objects: one :class:`Change`, the changes of one model, the whole changelog.

Whether a change breaks a client is decided here, in one table (:func:`is_breaking`), so the rules can be
read in one place. "Breaking" means code that worked against the old models may fail against the new
ones: a request Amazon now rejects, an argument the generated function no longer takes, a response field
the caller reads that is gone, an enum member that no longer exists.
"""

from __future__ import annotations

import enum
from typing import Any, Literal

import attrs

__all__ = ["Change", "Changelog", "Kind", "ModelChanges", "Side", "Snapshot", "is_breaking"]

#: Which half of the exchange a schema change is on.
Side = Literal["request", "response", "none"]


class Kind(enum.StrEnum):
    """What kind of change an entry reports."""

    MODEL_ADDED = "model-added"
    MODEL_REMOVED = "model-removed"
    OPERATION_ADDED = "operation-added"
    OPERATION_REMOVED = "operation-removed"
    OPERATION_DEPRECATED = "operation-deprecated"
    OPERATION_UNDEPRECATED = "operation-undeprecated"
    OPERATION_MOVED = "operation-moved"
    PARAMETER_ADDED = "parameter-added"
    PARAMETER_REMOVED = "parameter-removed"
    PARAMETER_REQUIRED = "parameter-required"
    PARAMETER_OPTIONAL = "parameter-optional"
    PARAMETER_MOVED = "parameter-moved"
    FIELD_ADDED = "field-added"
    FIELD_REMOVED = "field-removed"
    FIELD_REQUIRED = "field-required"
    FIELD_OPTIONAL = "field-optional"
    TYPE_CHANGED = "type-changed"
    ENUM_VALUES_ADDED = "enum-values-added"
    ENUM_VALUES_REMOVED = "enum-values-removed"
    RATE_LIMIT_CHANGED = "rate-limit-changed"
    SANDBOX_CHANGED = "sandbox-changed"


# Kinds that break a client whichever side they are on.
_ALWAYS_BREAKING = {
    Kind.MODEL_REMOVED,
    Kind.OPERATION_REMOVED,
    # The generated client follows a new method or path, but raw requests and recorded cassettes do not.
    Kind.OPERATION_MOVED,
    Kind.PARAMETER_REMOVED,
    Kind.PARAMETER_REQUIRED,
    Kind.PARAMETER_MOVED,
    Kind.FIELD_REMOVED,
    Kind.TYPE_CHANGED,
    Kind.ENUM_VALUES_REMOVED,
}


def is_breaking(kind: Kind, side: Side, *, required: bool = False) -> bool:
    """Say whether a change of ``kind`` on ``side`` can break a client's existing code.

    Args:
        kind: The kind of change.
        side: ``request`` (parameters, request bodies), ``response`` or ``none``.
        required: For additions, whether the new parameter or field is required.
    """
    if kind in _ALWAYS_BREAKING:
        return True
    if kind in (Kind.PARAMETER_ADDED, Kind.FIELD_ADDED):
        # A new required input must be supplied; a new response field is just more data.
        return side == "request" and required
    if kind is Kind.FIELD_REQUIRED:
        return side == "request"
    if kind is Kind.FIELD_OPTIONAL:
        # A response field that may now be absent breaks code that reads it unconditionally.
        return side == "response"
    return False


@attrs.frozen(kw_only=True)
class Change:
    """One difference between the old and the new version of a model.

    Attributes:
        kind: What kind of change this is.
        breaking: Whether it can break a client's existing code (see :func:`is_breaking`).
        operation: The operationId it concerns, or ``None`` for the model as a whole.
        location: Where: ``model``, ``operation``, ``parameter``, ``request body`` or ``response <code>``.
        subject: What: a parameter name or a dotted field path (``payload.Orders[].OrderStatus``).
        summary: One human sentence describing the change.
        before: The old value, when a value changed (a location, a type, a rate limit).
        after: The new value.
        values: The enum values added or removed, or the operations of an added or removed model.
        actions: The facade actions that call the operation (or any operation of the model).
    """

    kind: Kind
    breaking: bool
    operation: str | None
    location: str
    subject: str
    summary: str
    before: str | None = None
    after: str | None = None
    values: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this change."""
        return {
            "kind": str(self.kind),
            "breaking": self.breaking,
            "operation": self.operation,
            "location": self.location,
            "subject": self.subject,
            "summary": self.summary,
            "before": self.before,
            "after": self.after,
            "values": list(self.values),
            "actions": list(self.actions),
        }


@attrs.frozen(kw_only=True)
class ModelChanges:
    """Every change to one model (matched across the two sets by its generated package name)."""

    package: str
    title: str
    status: Literal["added", "removed", "changed"]
    old_file: str | None
    new_file: str | None
    changes: tuple[Change, ...]

    @property
    def breaking(self) -> tuple[Change, ...]:
        """The changes that can break a client."""
        return tuple(change for change in self.changes if change.breaking)

    @property
    def non_breaking(self) -> tuple[Change, ...]:
        """The changes that cannot."""
        return tuple(change for change in self.changes if not change.breaking)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this model's changes, breaking ones first."""
        return {
            "package": self.package,
            "title": self.title,
            "status": self.status,
            "old_file": self.old_file,
            "new_file": self.new_file,
            "changes": [change.to_dict() for change in (*self.breaking, *self.non_breaking)],
        }


@attrs.frozen(kw_only=True)
class Snapshot:
    """Which model set one side of the comparison is: its folder and, when known, its commit."""

    root: str
    commit: str | None = None
    committed: str | None = None

    @property
    def label(self) -> str:
        """A short name for headings: ``078c96a (2025-11-17)``, or the folder when no commit is known."""
        if not self.commit:
            return self.root
        date = f" ({self.committed[:10]})" if self.committed else ""
        return f"{self.commit[:7]}{date}"

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this snapshot."""
        return {"root": self.root, "commit": self.commit, "committed": self.committed}


@attrs.frozen(kw_only=True)
class Changelog:
    """The differences between two model sets; unchanged models are not listed."""

    old: Snapshot
    new: Snapshot
    models: tuple[ModelChanges, ...]

    def count(self, status: str) -> int:
        """Count the models with ``status`` (``added``, ``removed`` or ``changed``)."""
        return sum(1 for model in self.models if model.status == status)

    @property
    def breaking_count(self) -> int:
        """How many changes can break a client."""
        return sum(len(model.breaking) for model in self.models)

    @property
    def non_breaking_count(self) -> int:
        """How many changes cannot."""
        return sum(len(model.non_breaking) for model in self.models)

    @property
    def is_empty(self) -> bool:
        """True when the two sets are equivalent for a client."""
        return not self.models

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the whole changelog."""
        return {
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "summary": {
                "models_added": self.count("added"),
                "models_removed": self.count("removed"),
                "models_changed": self.count("changed"),
                "breaking": self.breaking_count,
                "non_breaking": self.non_breaking_count,
            },
            "models": [model.to_dict() for model in self.models],
        }
