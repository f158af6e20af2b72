"""Following page tokens: the pure "what is the next call" logic every paginated action and operation shares.

SP-API names its page tokens five ways (``NextToken``, ``nextToken``, ``pageToken``, ``paginationToken``,
``nextPageToken``) and returns the next one in different places (``payload.NextToken``,
``pagination.nextToken``, a top-level ``nextToken``). Each paginated action says where in a :class:`Cursor`,
which builds the follow-up call: the same arguments plus the token, or the token alone where the operation
requires that (List Feeds: ``nextToken`` must be the only parameter).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import attrs

from seller_central import operations
from seller_central.actions._spec import Call, Pages
from seller_central.errors import InvalidInputError

__all__ = ["Cursor", "cursor_for", "operation_pages"]

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


# -- every paginated operation, from the operation table --------------------------------------------------


def _paginated(key: str) -> operations.Pagination:
    """Return the pagination row of an operation a page iterator can follow.

    Raises:
        InvalidInputError: naming ``key``: no such operation, one that is not paginated, or one whose token
            no iterator can follow (the row's note says what to do instead).
    """
    try:
        row = operations.get(key)
    except KeyError:
        msg = f"unknown operation {key!r} (keys look like 'reports_2021_06_30.getReports')"
        raise InvalidInputError(msg, label=key) from None
    pagination = row.pagination
    if pagination is None:
        msg = f"{key} is not paginated"
        raise InvalidInputError(msg, label=key)
    if not pagination.iterable or pagination.argument is None or pagination.token_attribute is None:
        why = pagination.note or "see its pagination row"
        msg = f"{key} has a page token no page iterator can follow: {why}"
        raise InvalidInputError(msg, label=key)
    return pagination


def cursor_for(key: str) -> Cursor:
    """Return the :class:`Cursor` of a paginated operation, built from its row of the operation table.

    Raises:
        InvalidInputError: the operation is unknown, not paginated or not iterable.
    """
    pagination = _paginated(key)
    return Cursor(
        token=tuple(pagination.token_attribute.split(".")) if pagination.token_attribute else (),
        argument=pagination.argument or "",
        items=tuple(pagination.items_attribute.split(".")) if pagination.items_attribute else (),
        alone=pagination.rule == "token-only",
        keep=pagination.keep,
    )


def operation_pages(key: str, arguments: Mapping[str, Any], *, items: bool = False) -> Pages[Any, Any]:
    """Return the pages of any paginated operation, starting with ``arguments`` (``request_kwargs`` names).

    Later pages follow the operation's rule in the table: the same arguments and the token, or the token
    alone (with the arguments the rule keeps and the fixed values it sets, e.g. ``QueryType=NEXT_TOKEN``).

    Args:
        key: The operation key, e.g. ``reports_2021_06_30.getReports``.
        arguments: The first page's arguments.
        items: The caller wants the items: refuse an operation whose items the table does not know.

    Raises:
        InvalidInputError: naming the key, before anything is sent.
    """
    cursor = cursor_for(key)
    if items and not cursor.items:
        msg = f"{key}: the items of a page are not one list the model names; iterate its pages instead"
        raise InvalidInputError(msg, label=key)
    fixed = dict(_paginated(key).set)
    first: Call[Any] = Call(operation=key, arguments=dict(arguments))
    if not fixed:
        return cursor.pages(first)

    def next_call(call: Call[Any], page: Any) -> Call[Any] | None:
        following = cursor.next_call(call, page)
        if following is None:
            return None
        return attrs.evolve(following, arguments={**following.arguments, **fixed})

    return Pages(first=first, items=cursor.page_items, next_call=next_call)
