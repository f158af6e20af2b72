"""Declarative fixes for known defects in Amazon's models.

Each file in ``specs/patches/`` fixes one defect in one model::

    {
      "file": "models/shipping-api-model/shippingV2.json",
      "reason": "one line saying what is wrong upstream and why it matters",
      "operations": [
        {"op": "replace", "path": "/paths/~1shipping~1v2~1carrierAccounts~1{carrierId}/put/operationId",
         "expect": "linkCarrierAccount", "value": "linkCarrierAccountPut"}
      ]
    }

``path`` is a JSON Pointer (RFC 6901). The operations are ``replace`` (``expect`` is the current value),
``add`` (the key must not exist yet) and ``remove`` (``expect`` is the value being removed). Every
operation states what it expects to find, so a patch can tell three states apart:

- it **applies**: every precondition holds, and applying it changes the model;
- it is **no longer needed**: the model already reads as the patch would leave it (Amazon fixed it);
- it **no longer matches**: anything else. That is an error naming the patch file, never a silent no-op.
"""

from __future__ import annotations

import copy
import enum
import json
from pathlib import Path
from typing import Any

import attrs

from generator.errors import GeneratorError

__all__ = ["Patch", "PatchState", "apply_patches", "load_patches"]

_MISSING = object()


class PatchState(enum.Enum):
    """What a patch would do to the model it names."""

    APPLIES = "applies"
    NOT_NEEDED = "no longer needed"
    BROKEN = "no longer matches"


def _tokens(pointer: str) -> list[str]:
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        msg = f"JSON pointer {pointer!r} must start with '/'"
        raise ValueError(msg)
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer[1:].split("/")]


def _container(document: Any, tokens: list[str]) -> Any:
    node = document
    for token in tokens:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return _MISSING
    return node


def _get(document: Any, pointer: str) -> Any:
    return _container(document, _tokens(pointer))


@attrs.frozen(kw_only=True)
class Operation:
    """One edit: ``op`` at ``path``, expecting ``expect`` there, leaving ``value``."""

    op: str
    path: str
    expect: Any = _MISSING
    value: Any = _MISSING

    def state(self, document: Any) -> PatchState:
        """Say whether this edit applies to ``document``, is already done, or cannot apply."""
        current = _get(document, self.path)
        if self.op == "replace":
            if current is not _MISSING and current == self.expect:
                return PatchState.APPLIES
            if current is not _MISSING and current == self.value:
                return PatchState.NOT_NEEDED
        elif self.op == "add":
            parent = _container(document, _tokens(self.path)[:-1])
            if current is _MISSING and isinstance(parent, dict):
                return PatchState.APPLIES
            if current is not _MISSING and current == self.value:
                return PatchState.NOT_NEEDED
        elif self.op == "remove":
            if current is not _MISSING and current == self.expect:
                return PatchState.APPLIES
            if current is _MISSING:
                return PatchState.NOT_NEEDED
        return PatchState.BROKEN

    def apply(self, document: Any) -> None:
        """Make the edit (the caller has checked that it applies)."""
        tokens = _tokens(self.path)
        parent = _container(document, tokens[:-1])
        key: Any = tokens[-1]
        if isinstance(parent, list):
            key = int(key)
        if self.op == "remove":
            del parent[key]
        else:
            parent[key] = copy.deepcopy(self.value)


@attrs.frozen(kw_only=True)
class Patch:
    """One declarative fix: the model file it edits, why, and the edits."""

    name: str
    file: str
    reason: str
    operations: tuple[Operation, ...]

    def state(self, document: Any) -> PatchState:
        """Return the patch's state against ``document`` (see the module docstring)."""
        states = {operation.state(document) for operation in self.operations}
        if states == {PatchState.APPLIES}:
            return PatchState.APPLIES
        if states == {PatchState.NOT_NEEDED}:
            return PatchState.NOT_NEEDED
        return PatchState.BROKEN

    def broken_operations(self, document: Any) -> list[str]:
        """Name the edits that stop the patch applying (in a half-applied patch, those already done)."""
        states = [(op, op.state(document)) for op in self.operations]
        broken = [op.path for op, state in states if state is PatchState.BROKEN]
        done = [f"{op.path} (already done)" for op, state in states if state is PatchState.NOT_NEEDED]
        return broken or done


def _operation(item: Any) -> Operation:
    """Check one operation of a patch file; raise ValueError saying what is wrong."""
    if item["op"] not in ("replace", "add", "remove"):
        msg = f"unknown op {item['op']!r}"
        raise ValueError(msg)
    if item["op"] in ("replace", "remove") and "expect" not in item:
        msg = f"{item['op']} at {item['path']} needs 'expect'"
        raise ValueError(msg)
    if item["op"] in ("replace", "add") and "value" not in item:
        msg = f"{item['op']} at {item['path']} needs 'value'"
        raise ValueError(msg)
    _tokens(item["path"])
    return Operation(
        op=item["op"],
        path=item["path"],
        expect=item.get("expect", _MISSING),
        value=item.get("value", _MISSING),
    )


def _patch(name: str, data: Any) -> Patch:
    """Check a parsed patch file; raise ValueError saying what is wrong."""
    operations = tuple(_operation(item) for item in data["operations"])
    reason = data["reason"]
    if not isinstance(reason, str) or not reason.strip() or "\n" in reason.strip():
        msg = "'reason' must be one non-empty line"
        raise ValueError(msg)
    if not operations:
        msg = "a patch needs at least one operation"
        raise ValueError(msg)
    return Patch(name=name, file=data["file"], reason=reason, operations=operations)


def _load_one(path: Path) -> Patch:
    try:
        return _patch(path.name, json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError) as exc:
        raise GeneratorError(str(path), f"malformed patch ({exc})") from None


def load_patches(folder: Path) -> list[Patch]:
    """Load every ``*.json`` patch in ``folder``, in file-name order."""
    return [_load_one(path) for path in sorted(folder.glob("*.json"))]


def apply_patches(
    patches: list[Patch], file: str, document: Any, *, allow_not_needed: bool = False
) -> tuple[Any, list[tuple[Patch, PatchState]]]:
    """Apply every patch for ``file`` to a copy of ``document``.

    Args:
        patches: All loaded patches; only those naming ``file`` are used.
        file: The model's path under the models root (``models/<folder>/<name>.json``).
        document: The parsed model (not modified).
        allow_not_needed: Report patches that are no longer needed instead of failing on them (the
            spec-update workflow uses this to tell the user which patches to delete).

    Returns:
        The patched copy and each relevant patch with its state.

    Raises:
        GeneratorError: a patch no longer matches the model (or is no longer needed, unless allowed).
    """
    patched = copy.deepcopy(document)
    report: list[tuple[Patch, PatchState]] = []
    for patch in patches:
        if patch.file != file:
            continue
        state = patch.state(patched)
        report.append((patch, state))
        if state is PatchState.BROKEN:
            where = ", ".join(patch.broken_operations(patched))
            msg = f"patch no longer matches {file} at {where} ({patch.reason})"
            raise GeneratorError(f"specs/patches/{patch.name}", msg)
        if state is PatchState.NOT_NEEDED:
            if not allow_not_needed:
                msg = f"patch is no longer needed: {file} already reads as it would leave it; delete it"
                raise GeneratorError(f"specs/patches/{patch.name}", msg)
            continue
        for operation in patch.operations:
            operation.apply(patched)
    return patched, report
