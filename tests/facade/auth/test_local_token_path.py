"""A memory backend is read, written and locked on the event loop's thread: no worker thread per token.

Fan-out over many sellers starts with one token request each; sending every cache read, write and lock of a
memory backend through ``asyncio.to_thread`` cost four thread hops per seller, and those threads fought the
loop for the backend's lock. Redis still goes through threads (its calls block).
"""

from __future__ import annotations

import asyncio
import threading

import pytest
from seller_central import tokens as tokens_module
from seller_central.backends.memory import MemoryBackend
from seller_central.tokens import TokenCache


@pytest.fixture
def no_threads(monkeypatch):
    async def refuse(*args, **kwargs):
        msg = "a memory backend needs no worker thread"
        raise AssertionError(msg)

    monkeypatch.setattr(tokens_module, "to_thread", refuse)


def test_a_memory_backed_cache_locks_loads_and_stores_without_worker_threads(no_threads):
    cache = TokenCache(MemoryBackend(), clock=lambda: 1000.0, margin_seconds=60)

    async def run() -> tuple[str | None, str | None]:
        async with cache.alock("seller-1"):
            before = await cache.aload("seller-1")
            await cache.astore("seller-1", "Atza|fresh", 3600)
        return before, await cache.aload("seller-1")

    assert asyncio.run(run()) == (None, "Atza|fresh")


def test_a_lock_a_thread_holds_is_still_waited_for(monkeypatch):
    """The inline path only takes a free lock: one a sync client's thread holds is awaited, not skipped."""
    backend = MemoryBackend()
    cache = TokenCache(backend, clock=lambda: 1000.0, margin_seconds=60)
    holding, release = threading.Event(), threading.Event()
    order: list[str] = []

    def hold() -> None:
        with backend.token_lock("seller-1"):
            holding.set()
            release.wait(timeout=10)
            order.append("thread done")

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(timeout=10)

    async def run() -> None:
        async def take() -> None:
            async with cache.alock("seller-1"):
                order.append("task has the lock")

        task = asyncio.create_task(take())
        await asyncio.sleep(0.05)
        order.append("task still waiting")
        release.set()
        await task

    asyncio.run(run())
    holder.join(timeout=10)
    assert order == ["task still waiting", "thread done", "task has the lock"]
