"""Following page tokens: the pure "what is the next call" logic every paginated action shares.

SP-API names its page tokens five ways (``NextToken``, ``nextToken``, ``pageToken``, ``paginationToken``,
``nextPageToken``) and returns the next one in different places (``payload.NextToken``,
``pagination.nextToken``, a top-level ``nextToken``). Each paginated action says where, and
:func:`next_call` builds the follow-up call: the same arguments plus the token, or the token alone where the
operation requires that (List Feeds: ``nextToken`` must be the only parameter).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

if TYPE_CHECKING:
    from seller_central.actions._spec import Call

__all__ = ["Cursor", "attribute", "next_call"]

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
        return next_call(self, call, page)

    def page_items(self, page: Any) -> Iterable[Any]:
        """Return the items of a page (empty when the page has none)."""
        items = attribute(page, self.items)
        return items or ()


def next_call(cursor: Cursor, call: Call[T], page: T) -> Call[T] | None:
    """Return the follow-up call for ``page`` according to ``cursor``, or ``None`` when there is no token."""
    token = attribute(page, cursor.token)
    if not token:
        return None
    if cursor.alone:
        arguments = {key: value for key, value in call.arguments.items() if key in cursor.keep}
    else:
        arguments = dict(call.arguments)
    arguments[cursor.argument] = token
    return attrs.evolve(call, arguments=arguments)
