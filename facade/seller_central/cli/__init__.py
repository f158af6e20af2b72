"""The ``seller-central`` command line (see :mod:`seller_central.cli.app`)."""

from __future__ import annotations

import sys

from seller_central.cli.app import cli
from seller_central.cli.app import main as run

__all__ = ["cli", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``seller-central`` console script."""
    sys.exit(run(argv))
