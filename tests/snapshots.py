"""Where Amazon's model snapshots are on this machine (read-only test data, never committed).

They sit beside the repository (``../shared/sp-api-models``), as the Makefile's mirror lookup expects;
``SELLER_CENTRAL_SNAPSHOTS`` points elsewhere, and ``/work/shared/sp-api-models`` is the workplace default.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def snapshots_root() -> Path:
    """Return the folder holding one folder per snapshot (the first candidate that exists)."""
    candidates = [
        os.environ.get("SELLER_CENTRAL_SNAPSHOTS", ""),
        str(REPO.parent / "shared" / "sp-api-models"),
        "/work/shared/sp-api-models",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return REPO.parent / "shared" / "sp-api-models"
