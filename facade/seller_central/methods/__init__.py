"""The action methods of the two clients, one mixin per area (sync and async side by side).

Each method is one line: the pure action (in :mod:`seller_central.actions`) builds the call from the
inputs, and the client's engine sends it. Inputs are typed by the action's ``TypedDict``.

The ``iter_*`` methods follow the page token and yield every item once. ``max_pages=N`` stops quietly
after N pages (a limit, like SQL's ``LIMIT``; SP-API may have had more). A page token SP-API sends a second
time raises :class:`~seller_central.errors.PaginationError` after the items received so far were yielded,
instead of fetching the same pages forever.
"""
