"""The API changelog: what changed between two sets of Amazon's SP-API models, for a client.

:func:`diff_models` compares two folders of models and returns a :class:`Changelog`;
:func:`render_markdown` and :func:`render_json` write it; ``seller-central-specdiff OLD NEW`` is the
command line (:mod:`seller_central.specdiff.cli`). :mod:`seller_central.specdiff.facts` reads a model's
operations and is shared with the generator.
"""

from __future__ import annotations

from seller_central.specdiff.changes import Change, Changelog, Kind, ModelChanges, Snapshot
from seller_central.specdiff.diff import diff_models
from seller_central.specdiff.modelset import ModelSetError
from seller_central.specdiff.render import render_json, render_markdown

__all__ = [
    "Change",
    "Changelog",
    "Kind",
    "ModelChanges",
    "ModelSetError",
    "Snapshot",
    "diff_models",
    "render_json",
    "render_markdown",
]
