"""Following page tokens: the pure "what is the next call" logic every paginated action and operation shares.

SP-API names its page tokens five ways (``NextToken``, ``nextToken``, ``pageToken``, ``paginationToken``,
``nextPageToken``) and returns the next one in different places (``payload.NextToken``,
``pagination.nextToken``, a top-level ``nextToken``). Each paginated action says where in a :class:`Cursor`,
which builds the follow-up call: the same arguments plus the token, or the token alone where the operation
requires that (List Feeds: ``nextToken`` must be the only parameter).

:class:`PageWalk` is how the clients follow a listing (``iter_*``, ``pages``, the CLI's ``--all-pages``):

- **A token seen before ends the walk.** A server that answers with the token it was just sent, or with a
  token from an earlier page, would have the client fetch the same pages forever. The page that carried the
  repeat is still handed out, then :class:`~seller_central.errors.PaginationError` is raised.
- **``max_pages`` is a limit, not an error.** After that many pages the walk stops quietly, as a ``LIMIT``
  would, even when SP-API offers another page (logged at INFO). ``None`` follows every page.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

import attrs

from seller_central._operation_call import operation_call, operation_named
from seller_central.calls import Call, Pages
from seller_central.errors import InvalidInputError, PaginationError

if TYPE_CHECKING:
    from seller_central import operations

__all__ = ["MAX_PAGES_LABEL", "Cursor", "PageWalk", "check_max_pages", "operation_pages"]

#: How errors name the page limit (the CLI's ``--max-pages``, the iterators' ``max_pages``).
MAX_PAGES_LABEL = "Max Pages"

logger = logging.getLogger(__name__)

T = TypeVar("T")


def attribute(value: Any, path: tuple[str, ...]) -> Any:
    """Follow attribute names through a typed model; ``None`` when any step is missing or unset."""
    for name in path:
        value = getattr(value, name, None)
        if value is None or not value:
            return None
    return value


class Cursor(NamedTuple):
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
        return Pages(first=first, items=self.page_items, next_call=self.next_call, argument=self.argument)


def check_max_pages(value: Any) -> int | None:
    """Return ``value`` as a page limit (``None``: no limit).

    Raises:
        InvalidInputError: not a whole number of at least 1 (named "Max Pages"); nothing was sent.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = f"{MAX_PAGES_LABEL} must be a whole number of at least 1, got {value!r}"
        raise InvalidInputError(msg, label=MAX_PAGES_LABEL)
    return value


def _digest(call: Call[Any], argument: str | None) -> bytes:
    """Identify the page a call asks for: its token, or (without a known token argument) the whole call."""
    token = call.arguments.get(argument) if argument else None
    text = str(token) if token is not None else repr(sorted(call.arguments.items()))
    return hashlib.sha256(text.encode()).digest()


class PageWalk(Generic[T]):
    """Follows one listing page by page: stops at ``max_pages``, refuses to loop on a repeated token.

    Use :meth:`after` once per page received, after handing that page out::

        walk = PageWalk(pages, max_pages=10)
        call = pages.first
        while call is not None:
            page = send(call)
            yield page
            call = walk.after(call, page)

    Only a short digest of each token is kept (32 bytes a page), never the tokens themselves.

    Raises:
        InvalidInputError: ``max_pages`` is not a whole number of at least 1.
    """

    def __init__(self, pages: Pages[T, Any], *, max_pages: int | None = None) -> None:
        """Start a walk of ``pages``; see the class docstring."""
        self._pages = pages
        self._max_pages = check_max_pages(max_pages)
        self._seen: dict[bytes, int] = {}  # token digest -> the number of the page it asked for
        self.received = 0
        first = pages.first
        if pages.argument and first.arguments.get(pages.argument) is not None:
            self._seen[_digest(first, pages.argument)] = 1  # the caller started from a token

    def after(self, call: Call[T], page: T) -> Call[T] | None:
        """Return the call for the page after ``page`` (``call``'s answer), or ``None`` when the walk ends.

        Raises:
            PaginationError: ``page`` carries a token that an earlier request already sent.
        """
        self.received += 1
        if not self._seen:
            self._seen[_digest(call, self._pages.argument)] = self.received
        following = self._pages.next_call(call, page)
        if following is None:
            return None
        if self._max_pages is not None and self.received >= self._max_pages:
            logger.info(
                "%s: stopped after %d page(s) (max_pages); SP-API offered more", call.operation, self.received
            )
            return None
        digest = _digest(following, self._pages.argument)
        earlier = self._seen.get(digest)
        if earlier is not None:
            raise PaginationError(
                operation=call.operation,
                pages=self.received,
                token_digest=digest.hex()[:12],
                cycle_length=self.received - earlier + 1,
            )
        self._seen[digest] = self.received + 1
        return following


# -- every paginated operation, from the operation table --------------------------------------------------


def _paginated(key: str) -> operations.Pagination:
    """Return the pagination row of an operation a page iterator can follow.

    Raises:
        InvalidInputError: naming ``key``: no such operation, one that is not paginated, or one whose token
            no iterator can follow (the row's note says what to do instead).
    """
    pagination = operation_named(key).pagination
    if pagination is None:
        msg = f"{key} is not paginated"
        raise InvalidInputError(msg, label=key)
    if not pagination.iterable or pagination.argument is None or pagination.token_attribute is None:
        why = pagination.note or "see its pagination row"
        msg = f"{key} has a page token no page iterator can follow: {why}"
        raise InvalidInputError(msg, label=key)
    return pagination


def _cursor(pagination: operations.Pagination) -> Cursor:
    """Return the :class:`Cursor` of a paginated operation, built from its row of the operation table."""
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
    pagination = _paginated(key)
    cursor = _cursor(pagination)
    if items and not cursor.items:
        msg = f"{key}: the items of a page are not one list the model names; iterate its pages instead"
        raise InvalidInputError(msg, label=key)
    fixed = dict(pagination.set)
    first = operation_call(key, arguments)  # the checks of api.call: parameter names, required ones, body
    if not fixed:
        return cursor.pages(first)

    def next_call(call: Call[Any], page: Any) -> Call[Any] | None:
        following = cursor.next_call(call, page)
        if following is None:
            return None
        return attrs.evolve(following, arguments={**following.arguments, **fixed})

    return Pages(first=first, items=cursor.page_items, next_call=next_call, argument=cursor.argument)
