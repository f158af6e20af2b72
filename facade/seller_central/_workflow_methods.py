"""The workflow methods of ``SellerCentral`` and ``AsyncSellerCentral``: GENERATED, do not edit.

Written by ``python -m seller_central.actions._render`` from the declarations in
:mod:`seller_central._workflows`: change a workflow method there and run it again (``--check`` fails when
this file is stale; ``make check-generated`` runs it).

Each method is one line over one body, in :mod:`seller_central.reports`, :mod:`seller_central.order_sync`,
:mod:`seller_central.finances` or :mod:`seller_central.notifications` (a :data:`~seller_central.calls.Stream`,
a :class:`~seller_central.calls.Pages` or a :data:`~seller_central.calls.Flow`), driven by the client's
primitives: :class:`WorkflowMethods` with the synchronous client's, :class:`AsyncWorkflowMethods` with the
asyncio client's.
"""

# ruff: noqa: PLC0415 (each method imports its workflow's module when it is first called)

from __future__ import annotations

import abc
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import datetime
    import os
    from collections.abc import Iterable, Mapping, Sequence
    from typing import TypeAlias, Unpack

    from selling_partner_api.finances_2024_06_19.models import Transaction
    from selling_partner_api.finances_v0.models import FinancialEventGroup, FinancialEvents

    from seller_central.calls import Context, Flow, Pages, Stream
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


__all__ = ["AsyncWorkflowMethods", "WorkflowMethods"]

T = TypeVar("T")
R = TypeVar("R")


class WorkflowMethods(abc.ABC):
    """The synchronous client's workflow methods."""

    _context: Context

    @abc.abstractmethod
    def _stream(self, body: Stream[T]) -> Iterator[T]:
        """Drive a streaming workflow, yielding what it emits."""

    @abc.abstractmethod
    def _drive(self, flow: Flow[T], on_step: Callable[[Any, Any], None] | None = None) -> T:
        """Run a multi-step flow to its result."""

    @abc.abstractmethod
    def _items(self, pages: Pages[T, R], max_pages: int | None = None) -> Iterator[R]:
        """Yield every item of every page."""

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
        from seller_central import order_sync

        return self._stream(
            order_sync.sync_orders(
                self._context,
                marketplace_ids=marketplace_ids,
                state=state,
                since=since,
                enrich=enrich,
                page_size=page_size,
                now=now,
            )
        )

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
        from seller_central import finances

        return self._items(
            finances.event_group_pages(
                self._context,
                started_after=started_after,
                started_before=started_before,
                page_size=page_size,
                now=now,
            ),
            max_pages,
        )

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
        from seller_central import finances

        return self._items(
            finances.event_pages(
                self._context,
                posted_after=posted_after,
                posted_before=posted_before,
                event_group_id=event_group_id,
                order_id=order_id,
                page_size=page_size,
                now=now,
            ),
            max_pages,
        )

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
        from seller_central import finances

        return self._items(
            finances.transaction_pages(
                self._context,
                posted_after=posted_after,
                posted_before=posted_before,
                marketplace_id=marketplace_id,
                transaction_status=transaction_status,
                related_identifier_name=related_identifier_name,
                related_identifier_value=related_identifier_value,
                now=now,
            ),
            max_pages,
        )

    def settlement_totals(self, *, event_group_id: str) -> SettlementTotals:
        """Sum a settlement's (financial event group's) transactions by type and currency, in ``Decimal``."""
        from seller_central import finances

        return self._drive(finances.settlement_totals(self._context, event_group_id=event_group_id))

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
        from seller_central import reports

        return self._drive(reports.run_report(self._context, options))

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
        from seller_central import reports

        return self._drive(reports.run_data_kiosk_query(self._context, options))

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
        from seller_central import notifications

        return self._drive(
            notifications.setup_sqs_flow(
                self._context,
                queue_arn=queue_arn,
                notification_types=notification_types,
                destination_name=destination_name,
                payload_versions=payload_versions,
            )
        )


class AsyncWorkflowMethods(abc.ABC):
    """The asyncio client's workflow methods (the same bodies)."""

    _context: Context

    @abc.abstractmethod
    def _stream(self, body: Stream[T]) -> AsyncIterator[T]:
        """Drive a streaming workflow, yielding what it emits."""

    @abc.abstractmethod
    async def _drive(self, flow: Flow[T], on_step: Callable[[Any, Any], None] | None = None) -> T:
        """Run a multi-step flow to its result."""

    @abc.abstractmethod
    def _items(self, pages: Pages[T, R], max_pages: int | None = None) -> AsyncIterator[R]:
        """Yield every item of every page."""

    def sync_orders(
        self,
        *,
        marketplace_ids: Sequence[str],
        state: str | os.PathLike[str] | SyncStore,
        since: datetime.datetime | str | None = None,
        enrich: Iterable[str] = (),
        page_size: int = 100,
        now: Now | None = None,
    ) -> AsyncIterator[SyncedOrder]:
        """Yield every order created or changed since the last completed run, once per change.

        ``async for`` it; see :meth:`WorkflowMethods.sync_orders`.
        """
        from seller_central import order_sync

        return self._stream(
            order_sync.sync_orders(
                self._context,
                marketplace_ids=marketplace_ids,
                state=state,
                since=since,
                enrich=enrich,
                page_size=page_size,
                now=now,
            )
        )

    def financial_event_groups(
        self,
        *,
        started_after: datetime.datetime | str | None = None,
        started_before: datetime.datetime | str | None = None,
        page_size: int = 100,
        max_pages: int | None = None,
        now: Now | None = None,
    ) -> AsyncIterator[FinancialEventGroup]:
        """Yield every financial event group (Finances v0), amounts as ``Decimal``.

        ``async for`` it; see :meth:`WorkflowMethods.financial_event_groups`.
        """
        from seller_central import finances

        return self._items(
            finances.event_group_pages(
                self._context,
                started_after=started_after,
                started_before=started_before,
                page_size=page_size,
                now=now,
            ),
            max_pages,
        )

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
    ) -> AsyncIterator[FinancialEvents]:
        """Yield each page's ``FinancialEvents`` (Finances v0), amounts as ``Decimal``.

        ``async for`` it; see :meth:`WorkflowMethods.financial_events`.
        """
        from seller_central import finances

        return self._items(
            finances.event_pages(
                self._context,
                posted_after=posted_after,
                posted_before=posted_before,
                event_group_id=event_group_id,
                order_id=order_id,
                page_size=page_size,
                now=now,
            ),
            max_pages,
        )

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
    ) -> AsyncIterator[Transaction]:
        """Yield every transaction (Finances 2024-06-19 listTransactions), amounts as ``Decimal``.

        ``async for`` it; see :meth:`WorkflowMethods.transactions`.
        """
        from seller_central import finances

        return self._items(
            finances.transaction_pages(
                self._context,
                posted_after=posted_after,
                posted_before=posted_before,
                marketplace_id=marketplace_id,
                transaction_status=transaction_status,
                related_identifier_name=related_identifier_name,
                related_identifier_value=related_identifier_value,
                now=now,
            ),
            max_pages,
        )

    async def settlement_totals(self, *, event_group_id: str) -> SettlementTotals:
        """Sum a settlement's (financial event group's) transactions by type and currency, in ``Decimal``.

        ``await`` it; see :meth:`WorkflowMethods.settlement_totals`.
        """
        from seller_central import finances

        return await self._drive(finances.settlement_totals(self._context, event_group_id=event_group_id))

    async def run_report(self, **options: Unpack[RunReportOptions]) -> ReportResult:
        """Create a report, wait until Amazon has written it, and download it: one call for the whole job.

        ``await`` it; see :meth:`WorkflowMethods.run_report`.
        """
        from seller_central import reports

        return await self._drive(reports.run_report(self._context, options))

    async def run_data_kiosk_query(self, **options: Unpack[RunDataKioskQueryOptions]) -> DataKioskResult:
        """Run a Data Kiosk query (createQuery, getQuery until done, getDocument) and return its records.

        ``await`` it; see :meth:`WorkflowMethods.run_data_kiosk_query`.
        """
        from seller_central import reports

        return await self._drive(reports.run_data_kiosk_query(self._context, options))

    async def setup_sqs_notifications(
        self,
        *,
        queue_arn: str,
        notification_types: Sequence[str],
        destination_name: str = "seller-central",
        payload_versions: Mapping[str, str] | None = None,
    ) -> NotificationSetup:
        """Create or reuse the SQS destination for ``queue_arn`` and subscribe it to each notification type.

        ``await`` it; see :meth:`WorkflowMethods.setup_sqs_notifications`.
        """
        from seller_central import notifications

        return await self._drive(
            notifications.setup_sqs_flow(
                self._context,
                queue_arn=queue_arn,
                notification_types=notification_types,
                destination_name=destination_name,
                payload_versions=payload_versions,
            )
        )
