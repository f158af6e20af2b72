"""Compare two sets of Amazon's models and list what changed for a client: the API changelog.

:func:`diff_models` matches models across the two sets by package name, then compares each pair
operation by operation: existence, deprecation, method and path, usage plan, static sandbox examples,
parameters (presence, location, required, type, enum values), and the request body and each response
schema field by field (see :mod:`seller_central.specdiff.fields`). Models that did not change for a client
are left out, so a model whose only change is a reworded description reports nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import attrs

from seller_central.specdiff.catalog import operation_actions
from seller_central.specdiff.changes import Change, Changelog, Kind, ModelChanges, is_breaking
from seller_central.specdiff.fields import (
    Collector,
    diff_parameters,
    diff_request_body,
    diff_responses,
    ordered,
)
from seller_central.specdiff.modelset import Model, load_model_set

if TYPE_CHECKING:
    from pathlib import Path

    from seller_central.specdiff.facts import OperationFacts, UsagePlan

__all__ = ["diff_models"]


def diff_models(
    old_root: Path, new_root: Path, *, actions: Mapping[str, Sequence[str]] | None = None
) -> Changelog:
    """Compare the models under ``old_root`` with those under ``new_root``.

    Args:
        old_root: A folder holding ``models/<folder>/<file>.json`` (a mirror, or our ``specs/``).
        new_root: The same for the newer set.
        actions: Operation key (``orders_v0.getOrders``) -> the facade actions calling it. ``None`` reads
            the action catalog (no names if it cannot be imported).

    Raises:
        ModelSetError: a folder holds no models or an unreadable one.
    """
    old = load_model_set(old_root)
    new = load_model_set(new_root)
    by_operation = (
        operation_actions() if actions is None else {key: list(names) for key, names in actions.items()}
    )
    models = []
    for package in sorted(old.models.keys() | new.models.keys()):
        changes = _diff_model(old.models.get(package), new.models.get(package), by_operation)
        if changes is not None:
            models.append(changes)
    return Changelog(old=old.snapshot, new=new.snapshot, models=tuple(models))


def _diff_model(
    old: Model | None, new: Model | None, actions: Mapping[str, list[str]]
) -> ModelChanges | None:
    either = new or old
    if either is None:
        return None
    package_actions = tuple(
        sorted(
            {name for key, names in actions.items() if key.startswith(f"{either.package}.") for name in names}
        )
    )
    if old is None or new is None:
        kind = Kind.MODEL_ADDED if old is None else Kind.MODEL_REMOVED
        word = "new model" if old is None else "model removed"
        change = Change(
            kind=kind,
            breaking=is_breaking(kind, "none"),
            operation=None,
            location="model",
            subject=either.file,
            summary=f"{word}: {either.title}; operations: {', '.join(either.operations) or 'none'}",
            values=tuple(either.operations),
            actions=package_actions,
        )
        status: Literal["added", "removed"] = "added" if old is None else "removed"
        return ModelChanges(
            package=either.package,
            title=either.title,
            status=status,
            old_file=old.file if old else None,
            new_file=new.file if new else None,
            changes=(change,),
        )
    if old.document == new.document:
        return None
    collected: list[Change] = []
    for operation_id in ordered(old.operations, new.operations):
        # Twins are keyed "linkCarrierAccount (PUT)"; the catalog knows them by operationId.
        collector = Collector(
            operation=operation_id,
            actions=tuple(actions.get(f"{new.package}.{operation_id.split(' ')[0]}", ())),
        )
        _diff_operation(collector, old, new, operation_id)
        collected.extend(collector.changes)
    if not collected:
        return None
    return ModelChanges(
        package=new.package,
        title=new.title,
        status="changed",
        old_file=old.file,
        new_file=new.file,
        changes=tuple(collected),
    )


def _diff_operation(c: Collector, old_model: Model, new_model: Model, operation_id: str) -> None:
    old = old_model.operations.get(operation_id)
    new = new_model.operations.get(operation_id)
    if old is None or new is None:
        present = new or old
        assert present is not None  # noqa: S101 (the id came from one of the two models)
        kind = Kind.OPERATION_ADDED if old is None else Kind.OPERATION_REMOVED
        word = "new operation" if old is None else "operation removed"
        c.add(
            kind,
            side="none",
            location="operation",
            subject=operation_id,
            summary=f"{word}: {_route(present)}",
        )
        return
    if new.deprecated != old.deprecated:
        kind = Kind.OPERATION_DEPRECATED if new.deprecated else Kind.OPERATION_UNDEPRECATED
        word = "deprecated" if new.deprecated else "no longer deprecated"
        c.add(kind, side="none", location="operation", subject=operation_id, summary=word)
    if (old.method, old.path) != (new.method, new.path):
        summary = f"moved from {_route(old)} to {_route(new)}"
        c.add(
            Kind.OPERATION_MOVED,
            side="request",
            location="operation",
            subject=operation_id,
            summary=summary,
            before=_route(old),
            after=_route(new),
        )
    if old.plan != new.plan:
        before, after = _plan(old.plan), _plan(new.plan)
        summary = f"default usage plan changed from {before} to {after}"
        c.add(
            Kind.RATE_LIMIT_CHANGED,
            side="none",
            location="operation",
            subject="usage plan",
            summary=summary,
            before=before,
            after=after,
        )
    _diff_sandbox(c, old, new)
    diff_parameters(c, old, new)
    diff_request_body(c, old_model, old, new_model, new)
    diff_responses(c, old_model, old, new_model, new)


def _route(op: OperationFacts) -> str:
    return f"{op.method} {op.path}"


def _plan(plan: UsagePlan | None) -> str:
    return f"{plan.rate:g}/s burst {plan.burst}" if plan else "none documented"


def _diff_sandbox(c: Collector, old: OperationFacts, new: OperationFacts) -> None:
    def canonical(op: OperationFacts) -> Counter[str]:
        return Counter(json.dumps(attrs.asdict(example), sort_keys=True) for example in op.sandbox)

    before, after = canonical(old), canonical(new)
    if before == after:
        return
    added, removed = sum((after - before).values()), sum((before - after).values())
    summary = f"static sandbox examples changed: {added} added, {removed} removed ({len(new.sandbox)} in all)"
    c.add(
        Kind.SANDBOX_CHANGED,
        side="none",
        location="operation",
        subject="sandbox examples",
        summary=summary,
        before=str(len(old.sandbox)),
        after=str(len(new.sandbox)),
    )
