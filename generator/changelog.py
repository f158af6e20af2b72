"""The API changelog file, ``specs/CHANGELOG-API.md``: one entry per move of the pinned commit, newest first.

Each entry starts with a marker naming the two commits (``<!-- specs-update OLD..NEW -->``). A move that
exactly undoes the newest entry removes that entry instead of adding its mirror image, so a move and its
revert leave the file (or its absence) byte-identical.
"""

from __future__ import annotations

import re

__all__ = ["CHANGELOG_HEADER", "undoes_newest_entry", "updated_changelog"]

CHANGELOG_HEADER = (
    "# API changelog\n\n"
    "What changed in Amazon's SP-API models each time `make specs-update` moved the pinned commit, newest\n"
    "first. Written by `python -m generator update`; in each model, breaking changes come first.\n"
)
_MARKER = re.compile(r"^<!-- specs-update ([0-9a-f]+)\.\.([0-9a-f]+) -->$", re.MULTILINE)


def undoes_newest_entry(existing: str | None, *, old: str, new: str) -> bool:
    """Say whether a move from ``old`` to ``new`` exactly undoes the changelog's newest entry."""
    first = _MARKER.search(existing or "")
    return first is not None and (first.group(1), first.group(2)) == (new, old)


def updated_changelog(existing: str | None, *, old: str, new: str, entry: str) -> str | None:
    """Return the changelog file's new text after a move from ``old`` to ``new`` (``None``: delete it).

    The entry goes first, under the header. If the move undoes the newest entry
    (:func:`undoes_newest_entry`), that entry is removed instead, and the file too once only our header
    is left, so a move and its revert leave the file as it was.
    """
    text = existing or CHANGELOG_HEADER
    first = _MARKER.search(text)
    header, entries = (text[: first.start()], text[first.start() :]) if first else (text, "")
    head = header.rstrip("\n")
    if first and undoes_newest_entry(text, old=old, new=new):
        following = _MARKER.search(entries, 1)
        entries = entries[following.start() :] if following else ""
        if entries:
            return f"{head}\n\n{entries}"
        return None if head == CHANGELOG_HEADER.rstrip("\n") else header
    marker = f"<!-- specs-update {old}..{new} -->"
    earlier = f"\n{entries}" if entries else ""
    return f"{head}\n\n{marker}\n{entry.rstrip()}\n{earlier}"
