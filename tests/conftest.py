"""Checks that run before any test: the suite needs Amazon's pinned models, fetched by ``make specs``."""

from __future__ import annotations

from pathlib import Path

import pytest

MODELS = Path(__file__).resolve().parents[1] / "specs" / "models"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop at once, with the fix, when the models are missing (else ~200 tests fail one by one)."""
    if next(MODELS.glob("*/*.json"), None) is None:
        pytest.exit(
            f"Amazon's pinned models are not in {MODELS}: run `make specs` first (it copies a local "
            "mirror, MODELS_MIRROR=<folder>, or downloads them), then run the tests again.",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )
