"""Keep httpx's command-line tool out of a library import.

``import httpx`` also tries ``httpx._main``, its own command-line client, which imports click (a dependency
of ours, so always installed next to us) and, when they happen to be installed, rich and pygments: 7 ms of
start-up, or 40 ms with rich, for a tool no library user runs. :func:`skip_httpx_cli` makes that one
attempt fail fast, as if the CLI's extras were missing, so httpx falls back to its stub ``httpx.main``.

It acts only while httpx's own ``__init__`` is running and removes itself afterwards: an explicit
``import httpx._main`` later in the process works as usual. When httpx was imported before us it does
nothing.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.machinery import ModuleSpec
    from types import ModuleType

__all__ = ["skip_httpx_cli"]


class _SkipHttpxCli:
    """Refuse ``httpx._main`` while httpx itself is being imported, once.

    A meta path finder is any object with ``find_spec``; not deriving from ``importlib.abc.MetaPathFinder``
    spares the import of ``importlib.abc`` (1.5 ms).
    """

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        del path, target
        if fullname == "httpx._main":
            _remove(self)
            msg = "httpx's command-line client is not loaded by seller-central"
            raise ModuleNotFoundError(msg, name=fullname)
        if fullname.startswith("httpx.") or fullname == "httpx":
            return None
        if "httpx" in sys.modules and not _initializing(sys.modules["httpx"]):
            _remove(self)  # httpx finished without reaching _main (a future httpx): nothing left to do
        return None


def _initializing(module: ModuleType) -> bool:
    return bool(getattr(module.__spec__, "_initializing", False))


def _remove(finder: _SkipHttpxCli) -> None:
    if finder in sys.meta_path:
        sys.meta_path.remove(finder)


def skip_httpx_cli() -> None:
    """Install the one-shot finder, unless httpx is already imported."""
    if "httpx" not in sys.modules and not any(isinstance(f, _SkipHttpxCli) for f in sys.meta_path):
        sys.meta_path.insert(0, _SkipHttpxCli())
