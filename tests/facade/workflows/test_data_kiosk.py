"""``run_data_kiosk_query`` end to end against the local sandbox, sync and async.

The sandbox's Data Kiosk jobs take their scenario from a ``# sandbox:`` comment in the query.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from seller_central import SellerCentral
from seller_central.errors import (
    DataKioskQueryFailedError,
    DataKioskQueryTimeoutError,
    InvalidInputError,
    ProcessingFailedError,
)

if TYPE_CHECKING:
    from seller_central.reports import DataKioskResult, Progress

pytestmark = pytest.mark.xdist_group("reports")

QUERY = 'query { analytics_salesAndTraffic_2024_04_24 { salesAndTrafficByDate(startDate: "2026-11-01") { startDate } } }'


def query(scenario: str = "") -> str:
    return f"{QUERY}\n# sandbox: {scenario}" if scenario else QUERY


def test_a_query_is_created_waited_for_and_its_jsonl_records_yielded(run: Any):
    seen: list[Progress] = []

    result = run("run_data_kiosk_query", query=query(), poll_interval=0.5, progress=seen.append)

    assert [p.processing_status for p in seen] == ["IN_QUEUE", "IN_PROGRESS", "DONE"]
    assert run.sleeps == [0.5, 0.75]
    records = list(result)
    assert [r["startDate"] for r in records] == ["2026-11-01", "2026-11-02", "2026-11-03"]
    assert records[1]["sales"]["orderedProductSales"] == {"amount": 39.98, "currencyCode": "USD"}
    assert str(result.query.processing_status) == "DONE"


def test_a_result_spanning_pages_is_followed_with_the_pagination_token(run: Any, tmp_path: Path):
    result = run("run_data_kiosk_query", query=query("pages=3"), poll_interval=0.5)

    assert [r["page"] for r in result.records()] == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert len(result.queries) == 3
    saved = result.save(tmp_path / "all.jsonl")
    assert len(saved.read_text().splitlines()) == 9


def test_no_data_is_an_empty_result_not_an_error(run: Any):
    result = run("run_data_kiosk_query", query=query("outcome=NO_DATA"), poll_interval=0.5)

    assert list(result) == []
    assert result.paths == ()


def test_fatal_raises_with_the_error_documents_message(run: Any):
    with pytest.raises(DataKioskQueryFailedError) as caught:
        run("run_data_kiosk_query", query=query("outcome=FATAL"), poll_interval=0.5)

    error = caught.value
    assert error.processing_status == "FATAL"
    assert error.reason == "The query is not valid: Field 'sandbox' is undefined (line 1)."
    assert error.query_id.startswith("LOCALQUERY")
    assert isinstance(error, ProcessingFailedError)  # the base it shares with ReportFailedError


def test_a_cancelled_query_raises_cancelled(run: Any):
    with SellerCentral(run.connection) as api:
        created = api.data_kiosk_2023_11_15.create_query(body={"query": query("polls=5")})
        api.data_kiosk_2023_11_15.cancel_query(query_id=created.query_id)

    with pytest.raises(DataKioskQueryFailedError) as caught:
        run("run_data_kiosk_query", query_id=created.query_id, poll_interval=0.5)

    assert (caught.value.processing_status, caught.value.reason) == ("CANCELLED", None)


def test_a_timeout_carries_the_query_id_and_the_query_resumes(run: Any):
    with pytest.raises(DataKioskQueryTimeoutError) as caught:
        run("run_data_kiosk_query", query=query("polls=4"), poll_interval=0.5, timeout=1)

    result = run("run_data_kiosk_query", query_id=caught.value.query_id, poll_interval=0.5)

    assert len(list(result)) == 3


def test_documents_go_with_the_result_unless_a_directory_keeps_them(run: Any, tmp_path: Path):
    temporary: DataKioskResult = run("run_data_kiosk_query", query=query(), poll_interval=0.5)
    kept: DataKioskResult = run("run_data_kiosk_query", query=query(), poll_interval=0.5, directory=tmp_path)
    paths = temporary.paths

    temporary.close()
    kept.close()

    assert paths
    assert not any(path.exists() for path in paths)
    assert all(path.parent == tmp_path and path.exists() for path in kept.paths)


@pytest.mark.parametrize(
    ("options", "label"),
    [
        ({}, "query"),
        ({"query": QUERY, "query_id": "Q1"}, "query_id"),
        ({"query": QUERY, "poll_interval": 0.01}, "poll_interval"),
        ({"query": QUERY, "directory": "/no/such/folder"}, "directory"),
        ({"query": QUERY, "pages": 2}, "pages"),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_sent(run: Any, options: dict, label: str):
    before = len(run.server.requests)

    with pytest.raises(InvalidInputError) as caught:
        run("run_data_kiosk_query", **options)

    assert caught.value.label == label
    assert len(run.server.requests) == before
