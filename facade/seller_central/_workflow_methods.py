"""The workflow methods of both clients: ``run_report`` and ``run_data_kiosk_query``.

Each is one line over one flow in :mod:`seller_central.reports`, driven by the client's ``_drive`` (awaited on
the asyncio client), so the sync and the async method share their whole body. The module of the flows is
imported on the first call, so building a client loads neither the Reports nor the Data Kiosk operations.
"""

# ruff: noqa: PLC0415 (each method imports the reports module when it is first called)

from __future__ import annotations

import abc
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, Unpack

if TYPE_CHECKING:
    from seller_central.calls import Context, Flow
    from seller_central.reports import (
        DataKioskResult,
        ReportResult,
        RunDataKioskQueryOptions,
        RunReportOptions,
    )

__all__ = ["AsyncWorkflowMethods", "WorkflowMethods"]

T = TypeVar("T")


class WorkflowMethods(abc.ABC):
    """``run_report`` and ``run_data_kiosk_query`` of :class:`~seller_central.SellerCentral`."""

    _context: Context

    @abc.abstractmethod
    def _drive(self, flow: Flow[T], on_step: Callable[[Any, Any], None] | None = None) -> T:
        """Run a multi-step flow to its result."""

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


class AsyncWorkflowMethods(abc.ABC):
    """``run_report`` and ``run_data_kiosk_query`` of :class:`~seller_central.AsyncSellerCentral`, awaited."""

    _context: Context

    @abc.abstractmethod
    async def _drive(self, flow: Flow[T], on_step: Callable[[Any, Any], None] | None = None) -> T:
        """Run a multi-step flow to its result."""

    async def run_report(self, **options: Unpack[RunReportOptions]) -> ReportResult:
        """Create a report, wait for it and download it (see :meth:`WorkflowMethods.run_report`)."""
        from seller_central import reports

        return await self._drive(reports.run_report(self._context, options))

    async def run_data_kiosk_query(self, **options: Unpack[RunDataKioskQueryOptions]) -> DataKioskResult:
        """Run a Data Kiosk query; return its records (see :meth:`WorkflowMethods.run_data_kiosk_query`)."""
        from seller_central import reports

        return await self._drive(reports.run_data_kiosk_query(self._context, options))
