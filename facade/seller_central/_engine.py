"""What every action method relies on: the client's send, drive and paginate primitives.

The action methods live in one mixin per area (:mod:`seller_central.methods`), written once for the sync
client and once for the async one; these two abstract bases give the mixins (and mypy) the primitives that
``SellerCentral`` and ``AsyncSellerCentral`` implement.
"""

from __future__ import annotations

import abc
import copy
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any, Self, TypeVar

import attrs

if TYPE_CHECKING:
    import httpx

    from seller_central.actions._spec import Call, Context, Flow, Pages, RawCall

__all__ = ["AsyncEngine", "SyncEngine"]

T = TypeVar("T")
R = TypeVar("R")
AnyCall = TypeVar("AnyCall", "Call[Any]", "RawCall")


class _Views:
    """Per-call options, as a view of the client that shares its pools, tokens and limits."""

    _call_timeout: float | httpx.Timeout | None = None

    def with_options(self, *, timeout: float | httpx.Timeout) -> Self:
        """Return a view of this client whose calls use ``timeout`` (seconds or an ``httpx.Timeout``).

        ``client.with_options(timeout=5).get_order(order_id=...)`` sends one call with a 5 s timeout. The view
        shares everything else with the client; close the client, not the view.
        """
        view = copy.copy(self)
        view._call_timeout = timeout  # noqa: SLF001 (a copy of self, the same class)
        return view

    def _with_timeout(self, call: AnyCall) -> AnyCall:
        if self._call_timeout is None or call.timeout is not None:
            return call
        return attrs.evolve(call, timeout=self._call_timeout)


class SyncEngine(_Views, abc.ABC):
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
    def _pages(self, pages: Pages[T, Any], max_pages: int | None = None) -> Iterator[T]:
        """Yield every page (at most ``max_pages``); a repeated page token raises ``PaginationError``."""

    @abc.abstractmethod
    def _items(self, pages: Pages[T, R], max_pages: int | None = None) -> Iterator[R]:
        """Yield every item of every page (of at most ``max_pages`` pages)."""


class AsyncEngine(_Views, abc.ABC):
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
    def _pages(self, pages: Pages[T, Any], max_pages: int | None = None) -> AsyncIterator[T]:
        """Yield every page (at most ``max_pages``); a repeated page token raises ``PaginationError``."""

    @abc.abstractmethod
    def _items(self, pages: Pages[T, R], max_pages: int | None = None) -> AsyncIterator[R]:
        """Yield every item of every page (of at most ``max_pages`` pages)."""
