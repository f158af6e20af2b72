"""The workflow methods of both clients, declared once: what ``_workflow_methods.py`` is rendered from.

Each method of :class:`Workflows` is one client method, written as the synchronous client has it: its
signature, its return type and its docstring. ``@workflow`` names the body (a function of
:mod:`seller_central.reports`, :mod:`seller_central.order_sync`, :mod:`seller_central.finances` or
:mod:`seller_central.notifications`, called with
the client's context and the method's arguments) and how the client drives what the body returns:

- ``stream``: a :data:`~seller_central.calls.Stream`, handed to ``_stream`` (an ``Iterator``; the asyncio
  client's is an ``AsyncIterator``);
- ``items``: a :class:`~seller_central.calls.Pages`, handed to ``_items`` with the method's ``max_pages``;
- ``drive``: a :data:`~seller_central.calls.Flow`, run by ``_drive`` (the asyncio client's method is
  ``async``); a step that fails is thrown into the flow, which may catch what it expects.

``python -m seller_central.actions._render`` writes both clients' classes from these declarations
(``--check`` fails when the committed module is stale). This module is never imported at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

if TYPE_CHECKING:
    import datetime
    import os
    from collections.abc import Iterable, Mapping, Sequence
    from typing import TypeAlias, Unpack

    from selling_partner_api.finances_2024_06_19.models import Transaction
    from selling_partner_api.finances_v0.models import FinancialEventGroup, FinancialEvents

    from seller_central.finances import SettlementTotals
    from seller_central.notifications import NotificationSetup
    from seller_central.order_sync import SyncedOrder, SyncStore
    from seller_central.reports import (
        DataKioskResult,
        ReportResult,
        RunDataKioskQueryOptions,
        RunReportOptions,
    )

    Now: TypeAlias = Callable[[], datetime.datetime]

__all__ = ["Workflows", "workflow"]

F = TypeVar("F", bound=Callable[..., object])


def workflow(*, body: str, drive: Literal["stream", "items", "drive"]) -> Callable[[F], F]:
    """Declare a workflow method: ``body`` is ``<module>.<function>`` of ``seller_central`` (see above)."""

    def declare(method: F) -> F:
        return method

    del body, drive  # read from this module's source by the renderer
    return declare


class Workflows(Protocol):
    """The workflow methods, as the synchronous client has them."""

    @workflow(body="order_sync.sync_orders", drive="stream")
    def sync_orders(
        self,
        *,
        marketplace_ids: Sequence[str],
        state: str | os.PathLike[str] | SyncStore,
        since: datetime.datetime | str | None = None,
        enrich: Iterable[str] = (),
        page_size: int = 100,
        now: Now | None = None,
    ) -> Iterator[SyncedOrder]:
        """Yield every order created or changed since the last completed run, once per change.

        ``state`` is a SQLite file path (created on first use) or a
        :class:`~seller_central.order_sync.SyncStore`;
        ``since`` is where the very first run starts (later runs ignore it). Progress is recorded after the
        caller asked for the order after a page's last one, so an interrupted run repeats, never skips.
        ``enrich=("items", "address")`` adds items and addresses (one RDT per page of orders). ``now`` is the
        clock (tests). See :mod:`seller_central.order_sync`.
        """

    @workflow(body="finances.event_group_pages", drive="items")
    def financial_event_groups(
        self,
        *,
        started_after: datetime.datetime | str | None = None,
        started_before: datetime.datetime | str | None = None,
        page_size: int = 100,
        max_pages: int | None = None,
        now: Now | None = None,
    ) -> Iterator[FinancialEventGroup]:
        """Yield every financial event group (Finances v0), amounts as ``Decimal``.

        See :mod:`seller_central.finances` for the two-minute rule on ``started_before``.
        """

    @workflow(body="finances.event_pages", drive="items")
    def financial_events(
        self,
        *,
        posted_after: datetime.datetime | str | None = None,
        posted_before: datetime.datetime | str | None = None,
        event_group_id: str | None = None,
        order_id: str | None = None,
        page_size: int = 100,
        max_pages: int | None = None,
        now: Now | None = None,
    ) -> Iterator[FinancialEvents]:
        """Yield each page's ``FinancialEvents`` (Finances v0), amounts as ``Decimal``.

        By dates, by event group (``event_group_id``) or by order (``order_id``).
        """

    @workflow(body="finances.transaction_pages", drive="items")
    def transactions(
        self,
        *,
        posted_after: datetime.datetime | str | None = None,
        posted_before: datetime.datetime | str | None = None,
        marketplace_id: str | None = None,
        transaction_status: str | None = None,
        related_identifier_name: str | None = None,
        related_identifier_value: str | None = None,
        max_pages: int | None = None,
        now: Now | None = None,
    ) -> Iterator[Transaction]:
        """Yield every transaction (Finances 2024-06-19 listTransactions), amounts as ``Decimal``."""

    @workflow(body="finances.settlement_totals", drive="drive")
    def settlement_totals(self, *, event_group_id: str) -> SettlementTotals:
        """Sum a settlement's (financial event group's) transactions by type and currency, in ``Decimal``."""

    @workflow(body="reports.run_report", drive="drive")
    def run_report(self, **options: Unpack[RunReportOptions]) -> ReportResult:
        """Create a report, wait until Amazon has written it, and download it: one call for the whole job.

        ``report_type`` and ``marketplace_ids`` (with optional ``data_start_time``, ``data_end_time`` and
        ``report_options``) create the report; ``report_id=`` instead resumes one (e.g. after a timeout).
        getReport is polled from ``poll_interval`` seconds apart (default 5, at least its rate allows),
        backing off to a minute, for at most ``timeout`` seconds of waiting (default 3600); ``progress`` is
        called with a :class:`~seller_central.reports.Progress` after each answer. The document is kept in a
        temporary file (or at ``path``) and read through the :class:`~seller_central.reports.ReportResult`
        (``rows()``, ``json()``, ``text()``, ``open()``, ``save()``) in the charset Amazon declares, else
        ``charset``, else the marketplace's (:data:`~seller_central.reports.MARKETPLACE_CHARSETS`).

        Raises:
            ReportFailedError: the report ended FATAL (``reason``: Amazon's error document) or CANCELLED
                (``no_data`` when Amazon had nothing to report).
            ReportTimeoutError: still processing at the timeout; its ``report_id`` resumes.
            InvalidInputError: a bad argument (nothing was sent).
        """

    @workflow(body="reports.run_data_kiosk_query", drive="drive")
    def run_data_kiosk_query(self, **options: Unpack[RunDataKioskQueryOptions]) -> DataKioskResult:
        """Run a Data Kiosk query (createQuery, getQuery until done, getDocument) and return its records.

        Iterate the result for the records of the JSONL documents (every page's: a query whose result
        spans pages is created again with each ``paginationToken``); a query without data yields none.
        ``query_id=`` resumes a query created earlier; ``poll_interval``, ``timeout`` and ``progress`` as
        for :meth:`run_report`; ``directory`` keeps the documents there instead of in temporary files.

        Raises:
            DataKioskQueryFailedError: the query ended FATAL (``reason``: its error document) or CANCELLED.
            DataKioskQueryTimeoutError: still processing at the timeout; its ``query_id`` resumes.
            InvalidInputError: a bad argument (nothing was sent).
        """

    @workflow(body="notifications.setup_sqs_flow", drive="drive")
    def setup_sqs_notifications(
        self,
        *,
        queue_arn: str,
        notification_types: Sequence[str],
        destination_name: str = "seller-central",
        payload_versions: Mapping[str, str] | None = None,
    ) -> NotificationSetup:
        """Create or reuse the SQS destination for ``queue_arn`` and subscribe it to each notification type.

        Safe to run again, and beside another setup of the same queue: what exists is reused (a destination
        with the same ARN; a subscription of the seller to the type), what another run created meanwhile (a
        409 Conflict) is read and reused. A subscription that delivers to another destination is reported
        (``status="elsewhere"``), not replaced. Each type gets ``payload_versions[type]``, else the newest
        payload version we have a schema for (:func:`~seller_central.notifications.default_payload_version`).
        Destinations are grantless and subscriptions act for the seller: on the seller's ``OAuthConnection``
        the client takes a client-credentials token for the former. The queue's access policy must let
        Amazon's notification principal send to it (Amazon's setup guide); no AWS resource is changed.

        Raises:
            InvalidInputError: no notification type, a type given twice, a version for a type not being set
                up, or a bad ARN (before anything is sent).
            APIError: SP-API refused a call (e.g. 403 when the application lacks the role for a type).
        """
