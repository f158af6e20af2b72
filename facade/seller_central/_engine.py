"""What every action method relies on: the client's send, drive and paginate primitives.

The action methods live in one mixin per area (:mod:`seller_central.methods`), written once for the sync
client and once for the async one; these two abstract bases give the mixins (and mypy) the primitives that
``SellerCentral`` and ``AsyncSellerCentral`` implement.
"""

from __future__ import annotations

import abc
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from seller_central.actions._spec import Call, Context, Flow, Pages, RawCall

__all__ = ["AsyncEngine", "SyncEngine"]

T = TypeVar("T")
R = TypeVar("R")


class SyncEngine(abc.ABC):
    """The primitives of the synchronous client."""

    _context: Context

    @abc.abstractmethod
    def _send(self, call: Call[T]) -> T:
        """Send one call and return its result."""

    @abc.abstractmethod
    def _send_raw(self, call: RawCall) -> Any:
        """Send a raw request and return its body."""

    @abc.abstractmethod
    def _drive(self, flow: Flow[T], on_step: Callable[[Any, Any], None] | None = None) -> T:
        """Run a multi-step flow to its result."""

    @abc.abstractmethod
    def _pages(self, pages: Pages[T, Any]) -> Iterator[T]:
        """Yield every page."""

    @abc.abstractmethod
    def _items(self, pages: Pages[T, R]) -> Iterator[R]:
        """Yield every item of every page."""


class AsyncEngine(abc.ABC):
    """The primitives of the asyncio client."""

    _context: Context

    @abc.abstractmethod
    async def _send(self, call: Call[T]) -> T:
        """Send one call and return its result."""

    @abc.abstractmethod
    async def _send_raw(self, call: RawCall) -> Any:
        """Send a raw request and return its body."""

    @abc.abstractmethod
    async def _drive(self, flow: Flow[T], on_step: Callable[[Any, Any], None] | None = None) -> T:
        """Run a multi-step flow to its result."""

    @abc.abstractmethod
    def _pages(self, pages: Pages[T, Any]) -> AsyncIterator[T]:
        """Yield every page."""

    @abc.abstractmethod
    def _items(self, pages: Pages[T, R]) -> AsyncIterator[R]:
        """Yield every item of every page."""
