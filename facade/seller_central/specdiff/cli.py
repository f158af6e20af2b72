"""``seller-central-specdiff OLD NEW``: print the API changelog between two folders of Amazon's models.

OLD and NEW each hold ``models/<folder>/<file>.json``: a mirror of Amazon's repository, or our ``specs/``
folder. The changelog goes to stdout (or ``--output FILE``) as Markdown or JSON.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from seller_central.specdiff.diff import diff_models
from seller_central.specdiff.modelset import ModelSetError
from seller_central.specdiff.render import render_json, render_markdown

__all__ = ["main"]

PROG = "seller-central-specdiff"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Compare two sets of SP-API models and list the changes that matter to a client.",
    )
    parser.add_argument("old", type=Path, metavar="OLD", help="folder holding the older models/")
    parser.add_argument("new", type=Path, metavar="NEW", help="folder holding the newer models/")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown", help="output format")
    parser.add_argument("--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return 0 on success and 1 (with a message on stderr) when a folder is unusable."""
    args = _parser().parse_args(argv)
    try:
        changelog = diff_models(args.old, args.new)
    except ModelSetError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)  # noqa: T201 (a command's error report)
        return 1
    text = render_json(changelog) if args.format == "json" else render_markdown(changelog)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"{PROG}: error: cannot write {args.output} ({exc.strerror})", file=sys.stderr)  # noqa: T201
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
