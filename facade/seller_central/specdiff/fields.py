"""Compare what one operation takes and returns, field by field: parameters, request body, responses.

Each function adds its findings to a :class:`Collector`, which stamps every :class:`Change` with the
operation, the facade actions that call it, and whether the change breaks a client
(:func:`~seller_central.specdiff.changes.is_breaking`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from seller_central.specdiff.changes import Change, Kind, Side, is_breaking
from seller_central.specdiff.schema import Node, enum_values, flatten, parent_path

if TYPE_CHECKING:
    from seller_central.specdiff.facts import OperationFacts
    from seller_central.specdiff.modelset import Model

__all__ = ["Collector", "diff_parameters", "diff_request_body", "diff_responses", "ordered"]


def ordered(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """List the keys of both versions: the new version's order, then the keys it dropped."""
    return [*new, *(key for key in old if key not in new)]


@attrs.define
class Collector:
    """Gathers the changes of one operation, filling in what every entry shares."""

    operation: str
    actions: tuple[str, ...]
    changes: list[Change] = attrs.Factory(list)

    def add(
        self,
        kind: Kind,
        *,
        side: Side,
        location: str,
        subject: str,
        summary: str,
        required: bool = False,
        before: str | None = None,
        after: str | None = None,
        values: tuple[str, ...] = (),
    ) -> None:
        """Record one change; ``side`` and ``required`` decide whether it breaks a client."""
        self.changes.append(
            Change(
                kind=kind,
                breaking=is_breaking(kind, side, required=required),
                operation=self.operation,
                location=location,
                subject=subject,
                summary=summary,
                before=before,
                after=after,
                values=values,
                actions=self.actions,
            )
        )


def diff_responses(
    c: Collector, old_model: Model, old: OperationFacts, new_model: Model, new: OperationFacts
) -> None:
    """Compare the schemas of the status codes both versions declare.

    Version 0 models give their error statuses the success schema too; codes whose schemas are the same
    on both sides are compared once, so one change is one entry (``responses 200, 400, 404``).
    """
    by_schema: dict[str, list[str]] = {}  # the same references on both sides: flatten them once
    for code in sorted(old.responses.keys() & new.responses.keys()):
        schemas = [old.responses[code].get("schema"), new.responses[code].get("schema")]
        by_schema.setdefault(json.dumps(schemas, sort_keys=True), []).append(code)
    groups: list[tuple[list[str], dict[str, Node], dict[str, Node]]] = []
    for codes in by_schema.values():
        before = flatten(old_model.document, old.responses[codes[0]].get("schema"))
        after = flatten(new_model.document, new.responses[codes[0]].get("schema"))
        same = next((group for group in groups if (group[1], group[2]) == (before, after)), None)
        if same:
            same[0].extend(codes)
        else:
            groups.append((list(codes), before, after))
    for codes, before, after in groups:
        codes.sort()
        location = f"response {codes[0]}" if len(codes) == 1 else f"responses {', '.join(codes)}"
        diff_schemas(c, before, after, side="response", location=location)


def _parameters(op: OperationFacts) -> dict[str, dict[str, Any]]:
    counts = Counter(str(p.get("name", "")) for p in op.parameters)
    return {
        (name if counts[name] == 1 else f"{name} ({p.get('in', '')})"): p
        for p in op.parameters
        if (name := str(p.get("name", "")))
    }


def _parameter_type(parameter: dict[str, Any]) -> str | None:
    kind = parameter.get("type")
    items = parameter.get("items")
    if kind == "array" and isinstance(items, dict):
        return f"array of {items.get('type', 'any')}"
    return str(kind) if kind else None


def _parameter_enum(parameter: dict[str, Any]) -> tuple[str, ...]:
    return enum_values(parameter) or enum_values(parameter.get("items"))


def diff_parameters(c: Collector, old: OperationFacts, new: OperationFacts) -> None:
    """Compare the parameters of the two versions of an operation (the body is compared on its own)."""
    before, after = _parameters(old), _parameters(new)
    for name in ordered(before, after):
        was, now = before.get(name), after.get(name)
        if was is None or now is None:
            present = now or was
            assert present is not None  # noqa: S101 (the name came from one of the two sides)
            required = bool(present.get("required"))
            where = present.get("in", "")
            if was is None:
                kind, summary = Kind.PARAMETER_ADDED, f"new {_required(required)} {where} parameter `{name}`"
            else:
                kind, summary = Kind.PARAMETER_REMOVED, f"{where} parameter `{name}` removed"
            c.add(
                kind, side="request", location="parameter", subject=name, summary=summary, required=required
            )
            continue
        _diff_parameter(c, name, was, now)


def _diff_parameter(c: Collector, name: str, was: dict[str, Any], now: dict[str, Any]) -> None:
    if was.get("in") != now.get("in"):
        summary = f"parameter `{name}` moved from {was.get('in')} to {now.get('in')}"
        after = str(now.get("in"))
        c.add(
            Kind.PARAMETER_MOVED,
            side="request",
            location="parameter",
            subject=name,
            summary=summary,
            before=str(was.get("in")),
            after=after,
        )
    if bool(was.get("required")) != bool(now.get("required")):
        required = bool(now.get("required"))
        kind = Kind.PARAMETER_REQUIRED if required else Kind.PARAMETER_OPTIONAL
        summary = f"{now.get('in', '')} parameter `{name}` is now {_required(required)}"
        c.add(kind, side="request", location="parameter", subject=name, summary=summary, required=required)
    old_node = Node(type=_parameter_type(was), required=True, enum=_parameter_enum(was))
    new_node = Node(type=_parameter_type(now), required=True, enum=_parameter_enum(now))
    _diff_node(c, old_node, new_node, side="request", location="parameter", subject=name)


def _required(required: bool) -> str:
    return "required" if required else "optional"


def diff_schemas(
    c: Collector, old: dict[str, Node], new: dict[str, Node], *, side: Side, location: str
) -> None:
    if ("" in old) != ("" in new):
        # The whole body appeared or disappeared: one entry, not one per field.
        kind = Kind.FIELD_ADDED if "" in new else Kind.FIELD_REMOVED
        summary = f"{location} {'added' if '' in new else 'removed'}"
        c.add(kind, side=side, location=location, subject="", summary=summary, required=True)
        return
    for path in sorted(new.keys() - old.keys()):
        if parent_path(path) in old:  # report the top of a new subtree, not every field inside it
            required = new[path].required
            summary = f"{location}: new {_required(required)} field `{path}`"
            c.add(
                Kind.FIELD_ADDED,
                side=side,
                location=location,
                subject=path,
                summary=summary,
                required=required,
            )
    for path in sorted(old.keys() - new.keys()):
        if parent_path(path) in new:
            summary = f"{location}: field `{path}` removed"
            c.add(Kind.FIELD_REMOVED, side=side, location=location, subject=path, summary=summary)
    for path in sorted(old.keys() & new.keys()):
        was, now = old[path], new[path]
        is_property = path != "" and not path.endswith(("[]", ".*"))
        if is_property and was.required != now.required:
            kind = Kind.FIELD_REQUIRED if now.required else Kind.FIELD_OPTIONAL
            summary = f"{location}: field `{path}` is now {_required(now.required)}"
            c.add(kind, side=side, location=location, subject=path, summary=summary)
        _diff_node(c, was, now, side=side, location=location, subject=path)


def _type_label(node: Node) -> str | None:
    # An enum turning into a free string (or back) changes the generated type as much as string -> integer.
    return "enum" if node.enum else node.type


def _diff_node(c: Collector, was: Node, now: Node, *, side: Side, location: str, subject: str) -> None:
    where = f"{location} `{subject}`" if subject else location
    before, after = _type_label(was), _type_label(now)
    if before and after and before != after:
        summary = f"{where}: type changed from {before} to {after}"
        c.add(
            Kind.TYPE_CHANGED,
            side=side,
            location=location,
            subject=subject,
            summary=summary,
            before=before,
            after=after,
        )
        return
    if not (was.enum and now.enum):
        return
    added = tuple(value for value in now.enum if value not in was.enum)
    removed = tuple(value for value in was.enum if value not in now.enum)
    if added:
        summary = f"{where}: new enum values {', '.join(added)}"
        c.add(
            Kind.ENUM_VALUES_ADDED,
            side=side,
            location=location,
            subject=subject,
            summary=summary,
            values=added,
        )
    if removed:
        summary = f"{where}: enum values removed: {', '.join(removed)}"
        c.add(
            Kind.ENUM_VALUES_REMOVED,
            side=side,
            location=location,
            subject=subject,
            summary=summary,
            values=removed,
        )


def diff_request_body(
    c: Collector, old_model: Model, old: OperationFacts, new_model: Model, new: OperationFacts
) -> None:
    """Compare the request bodies of the two versions of an operation."""
    before = flatten(old_model.document, old.body_schema)
    after = flatten(new_model.document, new.body_schema)
    diff_schemas(c, before, after, side="request", location="request body")
