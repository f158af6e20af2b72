"""Shared fixtures of the generator tests: the repository's pinned models and patches."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SPECS = REPO / "specs"


@pytest.fixture(scope="session")
def specs() -> Path:
    """The repository's specs folder (lock.json, patches/, models/)."""
    return SPECS


@pytest.fixture(scope="session")
def read_model():
    """Return a function reading a pinned model (``models/<folder>/<file>.json``), parsed once per session.

    Callers get a fresh deep copy each time, so a test may modify what it receives.
    """

    @functools.cache
    def text(file: str) -> str:
        return (SPECS / file).read_text(encoding="utf-8")

    def read(file: str) -> Any:
        return json.loads(text(file))

    return read
