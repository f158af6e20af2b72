"""asyncio, imported on first use.

``import asyncio`` costs a process tens of milliseconds at start-up. A program that only uses the sync client
never needs it, so the modules that serve both clients reach asyncio through :func:`aio` from their async
paths instead of importing it at the top.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import ParamSpec, TypeVar

__all__ = ["aio", "sleep", "to_thread"]

P = ParamSpec("P")
T = TypeVar("T")


def aio() -> ModuleType:
    """Return the asyncio module (imported the first time this is called)."""
    import asyncio  # noqa: PLC0415 (deferred on purpose, see the module docstring)

    return asyncio


async def to_thread(function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run ``function`` in a worker thread (``asyncio.to_thread``, typed)."""
    result: T = await aio().to_thread(function, *args, **kwargs)
    return result


async def sleep(seconds: float) -> None:
    """Wait ``seconds`` (``asyncio.sleep``; naming it as a default imports nothing)."""
    await aio().sleep(seconds)
