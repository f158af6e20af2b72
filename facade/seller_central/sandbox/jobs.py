"""Stateful reports and Data Kiosk queries: jobs that move through their statuses as a client polls.

Amazon's static examples answer ``getReport`` with the same ``IN_PROGRESS`` report for ever, so nothing can
wait for a report against them. The local sandbox therefore runs jobs of its own. **Deviation from Amazon's
static sandbox:** a ``createReport`` (or Data Kiosk ``createQuery``) that no static example matches creates a
job here, and ``getReport``, ``getReportDocument`` and ``cancelReport`` (``getQuery``, ``getDocument``,
``cancelQuery``) answer for its ids (they start with ``LOCAL``). Requests the static examples match are
answered from them as before.

A report is ``IN_QUEUE`` at the first ``getReport``, ``IN_PROGRESS`` at the next ones, and ends at the third
(``DONE`` by default). Options in the request's ``reportOptions`` choose the scenario (the local sandbox
reads them; Amazon would refuse them):

| option | values | default |
|---|---|---|
| ``sandboxOutcome`` | ``DONE``, ``FATAL`` (with an error document), ``CANCELLED`` (no data) | ``DONE`` |
| ``sandboxPolls`` | answers before the final status (at least 1) | ``2`` |
| ``sandboxCharset`` | ``UTF-8``, ``Cp1252``, ``Shift_JIS`` or ``Windows-31J`` (the encoding) | by market |
| ``sandboxDeclare`` | ``false``: the download's Content-Type names no charset | ``true`` |
| ``sandboxCompression`` | ``GZIP`` or ``NONE`` | ``GZIP`` |
| ``sandboxRows`` | the flat file's rows | ``3`` |
| ``sandboxBadByte`` | ``true``: one byte the charset cannot decode, in the second row | ``false`` |

The charset by marketplace: Cp1252 for the European ones, Windows-31J for Japan, UTF-8 otherwise. Flat-file
rows carry characters that tell the charsets apart (``€`` and the en dash exist in Cp1252, not ISO-8859-1;
``①``, ``㈱``, ``≒`` are NEC and ``髙`` IBM extension characters that cp932 has and strict Shift_JIS lacks). A
report type Amazon delivers as JSON (``seller_central.reports.JSON_REPORT_SCHEMAS``) gets a small JSON
document instead, always UTF-8.

A Data Kiosk query reads its scenario from a GraphQL comment line in the query,
``# sandbox: outcome=FATAL pages=2``: ``outcome`` ``DONE`` (3 JSONL records per page), ``FATAL`` (with an
error document), ``CANCELLED`` or ``NO_DATA`` (``DONE`` without a document); ``pages`` the documents the
result spans (each later page is asked for with ``paginationToken``); ``polls`` as for reports.
"""

from __future__ import annotations

import datetime
import gzip
import itertools
import json
import re
import threading
from collections.abc import Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import attrs

from seller_central.sandbox.documents import DOCUMENTS_PREFIX, DocumentStore, StoredDocument
from seller_central.sandbox.exchange import Reply, json_reply, sp_api_error

if TYPE_CHECKING:
    from seller_central.sandbox.matching import Incoming

__all__ = ["Jobs"]

_JAPAN = "A1VC38T7YXB528"
_EUROPE = frozenset(
    {
        "A1F83G8C2ARO7P",
        "A1PA6795UKMFR9",
        "A13V1IB3VIYZZH",
        "APJ6JRA9NG5V4",
        "A1RKKUPIHCS9HS",
        "A1805IZSGTT6HS",
        "A2NODRKZP88ZB9",
        "AMEN7PMS3EDWL",
        "A28R8C7NBKEWEA",
    }
)
#: Java charset name -> the Python codec that writes it.
_CODECS = {"UTF-8": "utf-8", "Cp1252": "cp1252", "Shift_JIS": "cp932", "Windows-31J": "cp932"}
#: A byte each codec cannot decode (sandboxBadByte).
_BAD_BYTE = {"utf-8": b"\xff", "cp1252": b"\x81", "cp932": b"\x81\x7f"}
_TITLES = {
    "utf-8": ("Café mug ☕ 350 ml", "Tea set 茶器 (5 pieces)", 'Poster 24" \u00d7 36"'),
    "cp1252": ("Müsli-Schüssel \u2013 groß, 20 €", "Crème brûlée set «Deluxe»", 'Übertopf 12" \u2013 grün'),
    "cp932": ("①番 ㈱髙島屋 湯呑み", "急須 ≒ 500ml \uff5e 黒", "箸置き ⅰⅱⅲ 5個"),
}
_HEADER = ("seller-sku", "item-name", "asin1", "price", "quantity", "open-date")
_TERMINAL = frozenset({"DONE", "FATAL", "CANCELLED"})
_SCENARIO = re.compile(r"#\s*sandbox:\s*(.*)")
_DEFAULT_POLLS = 2
_DEFAULT_ROWS = 3


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _int(value: Any, default: int, minimum: int) -> int:
    try:
        return max(minimum, int(value))
    except (TypeError, ValueError):
        return default


@attrs.define(kw_only=True)
class _Job:
    """A report or query: its final status and how many answers come before it."""

    job_id: str
    outcome: str
    polls: int
    created: str = attrs.field(factory=_now)
    answered: int = 0
    started: str | None = None
    ended: str | None = None
    cancelled: bool = False

    def advance(self) -> str:
        """Return the status of this answer, moving the job one step on."""
        if self.cancelled:
            return "CANCELLED"
        self.answered += 1
        if self.answered > self.polls:
            self.ended = self.ended or _now()
            self.started = self.started or self.ended
            return self.outcome
        if self.answered > 1:
            self.started = self.started or _now()
            return "IN_PROGRESS"
        return "IN_QUEUE"

    @property
    def status(self) -> str:
        """The status of the last answer (``IN_QUEUE`` before any)."""
        if self.cancelled:
            return "CANCELLED"
        if self.answered > self.polls:
            return self.outcome
        return "IN_PROGRESS" if self.answered > 1 else "IN_QUEUE"


@attrs.define(kw_only=True)
class _Report(_Job):
    report_type: str
    marketplace_ids: list[str]
    body: Mapping[str, Any]
    options: Mapping[str, str]
    document_id: str | None = None


@attrs.define(kw_only=True)
class _Query(_Job):
    query: str
    page: int
    pages: int
    data_document_id: str | None = None
    error_document_id: str | None = None


@attrs.define
class Jobs:
    """The sandbox's reports and queries, by id; safe to share between the server's threads."""

    _reports: dict[str, _Report] = attrs.field(factory=dict, init=False)
    _queries: dict[str, _Query] = attrs.field(factory=dict, init=False)
    _ids: itertools.count[int] = attrs.field(factory=lambda: itertools.count(1), init=False)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

    def answer(
        self, key: str, request: Incoming, *, base_url: str, store: DocumentStore, matched: bool
    ) -> Reply | None:
        """Return the reply when the request is a job's, else ``None`` (the static examples answer).

        A create request is a job's when no static example matches it (``matched``); any other request when
        it names a job's id, whatever the examples match (some match every request, to answer 400).
        """
        handler = _HANDLERS.get(key)
        if handler is None or (matched and key in _CREATES):
            return None
        with self._lock:
            return handler(self, request, base_url, store)

    def _next_id(self, prefix: str) -> str:
        return f"LOCAL{prefix}{next(self._ids)}"

    # -- reports --------------------------------------------------------------------------------------------

    def _create_report(self, request: Incoming, _base: str, _store: DocumentStore) -> Reply | None:
        body = request.json_body
        if not isinstance(body, dict) or not isinstance(body.get("reportType"), str):
            return None
        marketplaces = body.get("marketplaceIds")
        if not isinstance(marketplaces, list) or not marketplaces:
            return sp_api_error(HTTPStatus.BAD_REQUEST, "InvalidInput", "marketplaceIds is required.")
        options = body.get("reportOptions") or {}
        options = {str(k): str(v) for k, v in options.items()} if isinstance(options, dict) else {}
        report = _Report(
            job_id=self._next_id(""),
            outcome=options.get("sandboxOutcome", "DONE").upper(),
            polls=_int(options.get("sandboxPolls"), _DEFAULT_POLLS, 1),
            report_type=body["reportType"],
            marketplace_ids=[str(m) for m in marketplaces],
            body=body,
            options=options,
        )
        if report.outcome not in _TERMINAL:
            message = f"sandboxOutcome must be DONE, FATAL or CANCELLED, not {report.outcome!r}."
            return sp_api_error(HTTPStatus.BAD_REQUEST, "InvalidInput", message)
        self._reports[report.job_id] = report
        return json_reply(HTTPStatus.ACCEPTED, {"reportId": report.job_id})

    def _get_report(self, request: Incoming, _base: str, store: DocumentStore) -> Reply | None:
        report = self._reports.get(request.path_values.get("reportId", ""))
        if report is None:
            return None
        status = report.advance()
        if status in {"DONE", "FATAL"} and report.document_id is None:
            report.document_id = f"{report.job_id}-DOC"
            store.put(report.document_id, _report_document(report))
        answer: dict[str, Any] = {
            "reportId": report.job_id,
            "reportType": report.report_type,
            "marketplaceIds": report.marketplace_ids,
            "createdTime": report.created,
            "processingStatus": status,
        }
        for field in ("dataStartTime", "dataEndTime"):
            if field in report.body:
                answer[field] = report.body[field]
        if report.started:
            answer["processingStartTime"] = report.started
        if report.ended and status in _TERMINAL:
            answer["processingEndTime"] = report.ended
        if report.document_id and status in {"DONE", "FATAL"}:
            answer["reportDocumentId"] = report.document_id
        return json_reply(HTTPStatus.OK, answer)

    def _cancel_report(self, request: Incoming, _base: str, _store: DocumentStore) -> Reply | None:
        report = self._reports.get(request.path_values.get("reportId", ""))
        if report is None:
            return None
        if report.status != "IN_QUEUE":
            message = f"Report {report.job_id} is {report.status}: only IN_QUEUE reports can be cancelled."
            return sp_api_error(HTTPStatus.BAD_REQUEST, "InvalidInput", message)
        report.cancelled = True
        return json_reply(HTTPStatus.OK, None)

    def _get_report_document(self, request: Incoming, base: str, store: DocumentStore) -> Reply | None:
        document_id = request.path_values.get("reportDocumentId", "")
        report = next((r for r in self._reports.values() if r.document_id == document_id), None)
        if report is None:
            return None
        answer = {"reportDocumentId": document_id, "url": _url(base, document_id)}
        stored = store.get(document_id)
        if stored is not None and stored.content.startswith(b"\x1f\x8b"):
            answer["compressionAlgorithm"] = "GZIP"
        return json_reply(HTTPStatus.OK, answer)

    # -- Data Kiosk -----------------------------------------------------------------------------------------

    def _create_query(self, request: Incoming, _base: str, _store: DocumentStore) -> Reply | None:
        body = request.json_body
        if not isinstance(body, dict) or not isinstance(body.get("query"), str) or not body["query"].strip():
            return None
        scenario = _scenario(body["query"])
        token = body.get("paginationToken")
        page = 1
        if token is not None:
            found = re.fullmatch(r"LOCALPAGE(\d+)", str(token))
            if found is None:
                return sp_api_error(HTTPStatus.BAD_REQUEST, "InvalidInput", "Unknown paginationToken.")
            page = int(found.group(1))
        query = _Query(
            job_id=self._next_id("QUERY"),
            outcome=scenario.get("outcome", "DONE").upper(),
            polls=_int(scenario.get("polls"), _DEFAULT_POLLS, 1),
            query=body["query"],
            page=page,
            pages=_int(scenario.get("pages"), 1, 1),
        )
        self._queries[query.job_id] = query
        return json_reply(HTTPStatus.ACCEPTED, {"queryId": query.job_id})

    def _get_query(self, request: Incoming, _base: str, store: DocumentStore) -> Reply | None:
        query = self._queries.get(request.path_values.get("queryId", ""))
        if query is None:
            return None
        status = query.advance()
        outcome = "DONE" if status == "NO_DATA" else status
        answer: dict[str, Any] = {
            "queryId": query.job_id,
            "query": query.query,
            "createdTime": query.created,
            "processingStatus": outcome,
        }
        if query.started:
            answer["processingStartTime"] = query.started
        if status in _TERMINAL | {"NO_DATA"}:
            answer["processingEndTime"] = query.ended
        if status == "DONE":
            if query.data_document_id is None:
                query.data_document_id = f"{query.job_id}-DATA"
                store.put(query.data_document_id, _query_document(query))
            answer["dataDocumentId"] = query.data_document_id
            if query.page < query.pages:
                answer["pagination"] = {"nextToken": f"LOCALPAGE{query.page + 1}"}
        if status == "FATAL":
            if query.error_document_id is None:
                query.error_document_id = f"{query.job_id}-ERROR"
                message = {"errorMessage": "The query is not valid: Field 'sandbox' is undefined (line 1)."}
                store.put(query.error_document_id, StoredDocument(content=json.dumps(message).encode()))
            answer["errorDocumentId"] = query.error_document_id
        return json_reply(HTTPStatus.OK, answer)

    def _cancel_query(self, request: Incoming, _base: str, _store: DocumentStore) -> Reply | None:
        query = self._queries.get(request.path_values.get("queryId", ""))
        if query is None:
            return None
        if query.status in _TERMINAL | {"NO_DATA"}:
            message = f"Query {query.job_id} is {query.status} and can no longer be cancelled."
            return sp_api_error(HTTPStatus.BAD_REQUEST, "InvalidInput", message)
        query.cancelled = True
        return json_reply(HTTPStatus.NO_CONTENT, None)

    def _get_document(self, request: Incoming, base: str, _store: DocumentStore) -> Reply | None:
        document_id = request.path_values.get("documentId", "")
        ids = {q.data_document_id for q in self._queries.values()}
        ids |= {q.error_document_id for q in self._queries.values()}
        if document_id not in ids:
            return None
        return json_reply(HTTPStatus.OK, {"documentId": document_id, "documentUrl": _url(base, document_id)})


_HANDLERS = {
    "reports_2021_06_30.createReport": Jobs._create_report,  # noqa: SLF001 (the class's own table)
    "reports_2021_06_30.getReport": Jobs._get_report,  # noqa: SLF001
    "reports_2021_06_30.cancelReport": Jobs._cancel_report,  # noqa: SLF001
    "reports_2021_06_30.getReportDocument": Jobs._get_report_document,  # noqa: SLF001
    "data_kiosk_2023_11_15.createQuery": Jobs._create_query,  # noqa: SLF001
    "data_kiosk_2023_11_15.getQuery": Jobs._get_query,  # noqa: SLF001
    "data_kiosk_2023_11_15.cancelQuery": Jobs._cancel_query,  # noqa: SLF001
    "data_kiosk_2023_11_15.getDocument": Jobs._get_document,  # noqa: SLF001
}


_CREATES = frozenset({"reports_2021_06_30.createReport", "data_kiosk_2023_11_15.createQuery"})


def _url(base: str, document_id: str) -> str:
    return f"{base}{DOCUMENTS_PREFIX}{quote(document_id, safe='')}"


def _scenario(query: str) -> dict[str, str]:
    found = _SCENARIO.search(query)
    if found is None:
        return {}
    pairs = (part.split("=", 1) for part in found.group(1).split() if "=" in part)
    return {key.strip().lower(): value.strip() for key, value in pairs}


def _compression(report: _Report) -> str:
    return "NONE" if report.options.get("sandboxCompression", "GZIP").upper() == "NONE" else "GZIP"


def _charset(report: _Report) -> str:
    chosen = report.options.get("sandboxCharset")
    if chosen in _CODECS:
        return chosen
    first = report.marketplace_ids[0]
    return "Windows-31J" if first == _JAPAN else "Cp1252" if first in _EUROPE else "UTF-8"


def _report_document(report: _Report) -> StoredDocument:
    """Return the document of a finished report: its data (DONE) or its error document (FATAL)."""
    if report.outcome == "FATAL":
        error = {
            "errorDetails": (
                f"The report {report.report_type} could not be generated: the requested date range is "
                "more than 30 days long. Request a shorter range."
            )
        }
        return StoredDocument(content=json.dumps(error).encode(), content_type="application/json")
    from seller_central.reports import JSON_REPORT_SCHEMAS  # noqa: PLC0415 (the facade's table)

    if report.report_type in JSON_REPORT_SCHEMAS:
        content = json.dumps(_json_report(report), ensure_ascii=False).encode()
        content_type = "application/json"
    else:
        charset = _charset(report)
        content = _flat_file(report, _CODECS[charset])
        declare = report.options.get("sandboxDeclare", "true").lower() != "false"
        content_type = f"text/plain;charset={charset}" if declare else "text/plain"
    if _compression(report) == "GZIP":
        content = gzip.compress(content, mtime=0)
    return StoredDocument(content=content, content_type=content_type)


def _flat_file(report: _Report, codec: str) -> bytes:
    rows = _int(report.options.get("sandboxRows"), _DEFAULT_ROWS, 0)
    titles = _TITLES[codec]
    lines = ["\t".join(_HEADER).encode(codec)]
    for number in range(1, rows + 1):
        title = titles[(number - 1) % len(titles)]
        price = f"{number % 97 + 0.99:.2f}"
        fields = (f"SKU-{number:05d}", title, f"B0{number:08d}", price, str(number % 50), "2026-11-01")
        line = "\t".join(fields).encode(codec)
        if number == 2 and report.options.get("sandboxBadByte", "").lower() == "true":  # noqa: PLR2004
            line = line.replace(b"\t", b"\t" + _BAD_BYTE[codec], 1)
        lines.append(line)
    return b"\r\n".join(lines) + b"\r\n" if codec == "cp1252" else b"\n".join(lines) + b"\n"


def _json_report(report: _Report) -> dict[str, Any]:
    specification = {
        "reportType": report.report_type,
        "marketplaceIds": report.marketplace_ids,
        "dataStartTime": report.body.get("dataStartTime", "2026-11-01"),
        "dataEndTime": report.body.get("dataEndTime", "2026-11-01"),
    }
    if report.report_type != "GET_SALES_AND_TRAFFIC_REPORT":
        return {"reportSpecification": specification}
    sales = {"orderedProductSales": {"amount": 129.95, "currencyCode": "USD"}, "unitsOrdered": 5}
    return {
        "reportSpecification": specification,
        "salesAndTrafficByDate": [{"date": "2026-11-01", "salesByDate": sales, "trafficByDate": {}}],
        "salesAndTrafficByAsin": [{"parentAsin": "B000000001", "salesByAsin": {"unitsOrdered": 5}}],
    }


def _query_document(query: _Query) -> StoredDocument:
    lines = []
    for number in range(1, 4):
        record = {
            "page": query.page,
            "startDate": f"2026-11-{number:02d}",
            "sales": {"orderedProductSales": {"amount": round(19.99 * number, 2), "currencyCode": "USD"}},
            "traffic": {"pageViews": 100 * number},
        }
        lines.append(json.dumps(record))
    return StoredDocument(content=("\n".join(lines) + "\n").encode(), content_type="application/x-ndjson")
