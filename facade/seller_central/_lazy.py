"""Modules imported on first use, for the paths a process may never take.

A client imports one mixin per action area, and each mixin needs its area's actions. Importing all of them
would make every process pay for every area at start-up; :func:`lazy_module` returns a stand-in that imports
the real module the first time one of its attributes is read. Type checkers see the real import (under
``TYPE_CHECKING``), so nothing is lost in typing.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

__all__ = ["lazy_module"]


class _LazyModule(ModuleType):
    """A module that imports itself on first attribute access."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.__loaded: ModuleType | None = None

    def __getattr__(self, attribute: str) -> Any:
        loaded = self.__loaded
        if loaded is None:
            loaded = self.__loaded = importlib.import_module(self.__name__)
        return getattr(loaded, attribute)


def lazy_module(name: str) -> ModuleType:
    """Return a stand-in for the module ``name`` that imports it when first used."""
    return _LazyModule(name)
