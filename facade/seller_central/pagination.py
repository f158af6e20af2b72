"""Following page tokens: the pure "what is the next call" logic every paginated action shares.

SP-API names its page tokens five ways (``NextToken``, ``nextToken``, ``pageToken``, ``paginationToken``,
``nextPageToken``) and returns the next one in different places (``payload.NextToken``,
``pagination.nextToken``, a top-level ``nextToken``). Each paginated action says where in a :class:`Cursor`,
which builds the follow-up call: the same arguments plus the token, or the token alone where the operation
requires that (List Feeds: ``nextToken`` must be the only parameter).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from seller_central.actions._spec import Pages

if TYPE_CHECKING:
    from seller_central.actions._spec import Call

__all__ = ["Cursor"]

T = TypeVar("T")


def attribute(value: Any, path: tuple[str, ...]) -> Any:
    """Follow attribute names through a typed model; ``None`` when any step is missing or unset."""
    for name in path:
        value = getattr(value, name, None)
        if value is None or not value:
            return None
    return value


@attrs.frozen(kw_only=True)
class Cursor:
    """Where one operation's next-page token comes from and goes to.

    Attributes:
        token: The attribute path of the next token in the typed response, e.g. ``("payload", "next_token")``.
        argument: The generated operation's argument that takes it, e.g. ``"next_token"``.
        alone: Send only the token on later pages (and the arguments named in ``keep``).
        keep: Arguments to keep when ``alone`` is set.
        items: The attribute path of the page's items, e.g. ``("payload", "orders")``.
    """

    token: tuple[str, ...]
    argument: str
    items: tuple[str, ...]
    alone: bool = False
    keep: tuple[str, ...] = ()

    def next_call(self, call: Call[T], page: T) -> Call[T] | None:
        """Return the call for the page after ``page``, or ``None`` on the last page."""
        token = attribute(page, self.token)
        if not token:
            return None
        if self.alone:
            arguments = {key: value for key, value in call.arguments.items() if key in self.keep}
        else:
            arguments = dict(call.arguments)
        arguments[self.argument] = token
        return attrs.evolve(call, arguments=arguments)

    def page_items(self, page: Any) -> Iterable[Any]:
        """Return the items of a page (empty when the page has none)."""
        items = attribute(page, self.items)
        return items or ()

    def pages(self, first: Call[T]) -> Pages[T, Any]:
        """Return the pages that start with ``first`` and follow this cursor."""
        return Pages(first=first, items=self.page_items, next_call=self.next_call)
