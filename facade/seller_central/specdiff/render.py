"""Write a :class:`~seller_central.specdiff.changes.Changelog` as Markdown or JSON.

The Markdown is meant to be pasted into a pull request or prepended to ``specs/CHANGELOG-API.md``: a
heading, the counts, the models with breaking changes, then one section per model with its breaking
changes first. The JSON is the changelog's ``to_dict()``, for tools.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seller_central.specdiff.changes import Change, Changelog, ModelChanges

__all__ = ["render_json", "render_markdown"]

_STATUS = {"added": "new model", "removed": "removed model", "changed": "changed"}


def render_json(changelog: Changelog) -> str:
    """Return the changelog as indented JSON (ending with a newline)."""
    return json.dumps(changelog.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _summary(changelog: Changelog) -> list[str]:
    models = ", ".join(
        [
            f"{changelog.count('added')} added",
            f"{changelog.count('removed')} removed",
            f"{changelog.count('changed')} changed",
        ]
    )
    counts = (
        f"Models: {models}. Changes: {changelog.breaking_count} breaking, "
        f"{changelog.non_breaking_count} non-breaking."
    )
    lines = [counts]
    breaking = [model.package for model in changelog.models if model.breaking]
    if breaking:
        lines += ["", "Breaking changes in: " + ", ".join(f"`{package}`" for package in breaking) + "."]
    return lines


def _entry(change: Change) -> str:
    subject = f"`{change.operation}`: " if change.operation else ""
    text = f"- {subject}{change.summary}"
    if change.actions:
        text += f" (actions: {', '.join(f'`{name}`' for name in change.actions)})"
    return text


def _model(model: ModelChanges, level: int) -> list[str]:
    files = model.new_file or model.old_file or ""
    if model.old_file and model.new_file and model.old_file != model.new_file:
        files = f"{model.old_file} -> {model.new_file}"
    heading = "#" * (level + 1)
    lines = ["", f"{heading} `{model.package}`: {model.title} ({_STATUS[model.status]})", "", f"`{files}`"]
    for title, changes in (("Breaking", model.breaking), ("Non-breaking", model.non_breaking)):
        if changes:
            lines += ["", f"{title} ({len(changes)}):", "", *(_entry(change) for change in changes)]
    return lines


def render_markdown(changelog: Changelog, *, title: str | None = None, level: int = 2) -> str:
    """Return the changelog as Markdown (ending with a newline).

    Args:
        changelog: What to render.
        title: The heading; by default ``API changes from <old> to <new>``.
        level: The heading level of the title; each model's section is one level below.
    """
    heading = title or f"API changes from {changelog.old.label} to {changelog.new.label}"
    lines = ["#" * level + " " + heading, ""]
    if changelog.is_empty:
        lines.append("No changes for a client: the two model sets are equivalent.")
    else:
        lines += _summary(changelog)
        for model in changelog.models:
            lines += _model(model, level)
    return "\n".join(lines) + "\n"
