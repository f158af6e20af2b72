"""The call-description records made cheaper for the cold start keep their behaviour (issue 16)."""

from __future__ import annotations

import pickle

import pytest

from seller_central.calls import Call, Context, Download, Emit, Page, Pages, Sleep, Upload

PRESIGNED = "https://s3.example/doc?X-Amz-Signature=abcdef0123456789&X-Amz-Credential=AKIAEXAMPLE"


def test_presigned_urls_stay_out_of_step_reprs() -> None:
    upload = Upload(url=PRESIGNED, content_type="text/tab-separated-values", source=b"x")
    download = Download(url=PRESIGNED, compression="GZIP")

    assert "s3.example" not in repr(upload)
    assert "Signature" not in repr(download)
    assert "GZIP" in repr(download)
    assert "text/tab-separated-values" in repr(upload)


def test_records_compare_by_value_and_are_immutable() -> None:
    assert Sleep(seconds=2.0) == Sleep(seconds=2.0)
    assert Download(url="u", compression="GZIP") != Download(url="u")
    with pytest.raises(AttributeError):
        Sleep(seconds=1.0).seconds = 2.0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        Emit("value").value = "other"  # type: ignore[misc]


def test_records_pickle() -> None:
    for record in (Sleep(seconds=1.5), Emit(value={"a": 1}), Download(url="u", with_content_type=True)):
        assert pickle.loads(pickle.dumps(record)) == record  # noqa: S301 (our own bytes)


def test_pages_keep_their_fields_and_defaults() -> None:
    pages: Pages[dict[str, object], int] = Pages(first=Call(arguments={"a": 1}), items=list, next_call=lambda c, r: None)

    assert pages.argument is None
    assert pages.first.arguments == {"a": 1}
    assert Page(response={"x": 1}, items=[1]).items == [1]


def test_context_reads_the_connection() -> None:
    class Connection:
        is_sandbox_endpoint = True
        kind = "client_credentials"

    context = Context(connection=Connection())  # type: ignore[arg-type]

    assert context.is_sandbox
    assert context.is_grantless
