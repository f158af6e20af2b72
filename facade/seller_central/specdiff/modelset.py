"""Read a folder of Amazon's models (``models/<folder>/<file>.json``) as a set keyed by package name.

A model set is what one side of the API changelog compares: a mirror of Amazon's repository (its
``SOURCE`` file names the commit) or our own ``specs/`` folder (its ``lock.json`` does). Models are keyed
by the generated package name (:func:`seller_central.specdiff.facts.package_name`), so a model whose file
moves to another folder is still the same model.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import attrs

from seller_central.errors import SellerCentralError
from seller_central.specdiff.changes import Snapshot
from seller_central.specdiff.facts import OperationFacts, iter_operations, package_name

__all__ = ["Model", "ModelSet", "ModelSetError", "load_model_set"]


class ModelSetError(SellerCentralError, ValueError):
    """Raised when a folder is not a usable model set (no models, unreadable JSON, clashing packages)."""


@attrs.frozen(kw_only=True)
class Model:
    """One parsed model: its file, package, title and operations keyed by operationId."""

    file: str
    package: str
    title: str
    document: dict[str, Any] = attrs.field(repr=False)
    operations: dict[str, OperationFacts] = attrs.field(repr=False)


@attrs.frozen(kw_only=True)
class ModelSet:
    """Every model of one folder, keyed by package, and where the folder came from."""

    snapshot: Snapshot
    models: dict[str, Model]


def _key_value_file(path: Path) -> dict[str, str]:
    pairs = (line.split(":", 1) for line in path.read_text(encoding="utf-8").splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def _snapshot(root: Path) -> Snapshot:
    """Describe ``root``: a mirror names its commit in ``SOURCE``, our ``specs/`` folder in ``lock.json``."""
    source: dict[str, Any] = {}
    if (root / "SOURCE").is_file():
        source = _key_value_file(root / "SOURCE")
    elif (root / "lock.json").is_file():
        try:
            source = json.loads((root / "lock.json").read_text(encoding="utf-8"))
        except ValueError:
            source = {}
    commit = source.get("commit")
    committed = source.get("committed")
    return Snapshot(
        root=str(root),
        commit=str(commit) if commit else None,
        committed=str(committed) if committed else None,
    )


def _operations(file: str, document: dict[str, Any]) -> dict[str, OperationFacts]:
    operations = list(iter_operations(file, document))
    # Amazon has shipped the same operationId twice in one model (shippingV2's linkCarrierAccount on PUT
    # and POST); tell such twins apart by their method rather than losing one.
    counts = Counter(op.operation_id for op in operations)
    return {
        (op.operation_id if counts[op.operation_id] == 1 else f"{op.operation_id} ({op.method})"): op
        for op in operations
    }


def _load_model(root: Path, path: Path) -> Model:
    file = path.relative_to(root).as_posix()
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        msg = f"{path}: cannot read the model as JSON ({exc})"
        raise ModelSetError(msg) from None
    if not isinstance(document, dict) or not isinstance(document.get("paths"), dict):
        msg = f"{path}: not a Swagger model (no 'paths')"
        raise ModelSetError(msg)
    info = document.get("info")
    info = info if isinstance(info, dict) else {}
    package = package_name(file, str(info.get("version", "")))
    return Model(
        file=file,
        package=package,
        title=str(info.get("title", package)).strip(),
        document=document,
        operations=_operations(file, document),
    )


def load_model_set(root: Path) -> ModelSet:
    """Load every ``models/*/*.json`` under ``root``.

    Raises:
        ModelSetError: the folder holds no models, a model cannot be read, or two models map to the same
            package name.
    """
    files = sorted((root / "models").glob("*/*.json")) if (root / "models").is_dir() else []
    if not files:
        msg = f"{root}: no models/<folder>/<file>.json files here (give the folder that holds models/)"
        raise ModelSetError(msg)
    models: dict[str, Model] = {}
    for path in files:
        model = _load_model(root, path)
        if model.package in models:
            msg = f"{root}: {models[model.package].file} and {model.file} both map to package {model.package}"
            raise ModelSetError(msg)
        models[model.package] = model
    return ModelSet(snapshot=_snapshot(root), models=models)
