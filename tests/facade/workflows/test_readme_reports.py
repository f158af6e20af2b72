"""The README's Reports section runs as written against the local sandbox."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest

README = Path(__file__).resolve().parents[3] / "README.md"


def test_the_readme_reports_example_runs_against_the_local_sandbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    section = README.read_text(encoding="utf-8").split("### Reports and Data Kiosk in one call", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert code is not None
    monkeypatch.chdir(tmp_path)

    exec(compile(code.group(1), "README.md", "exec"), {})  # noqa: S102 (our own README)

    out = capsys.readouterr().out.splitlines()
    assert out[:3] == ["IN_QUEUE", "IN_PROGRESS", "DONE"]
    assert "SKU-00001 ①番 ㈱髙島屋 湯呑み" in out
    assert any(line.startswith("FATAL The report GET_MERCHANT_LISTINGS_ALL_DATA") for line in out)
    assert out[-6:] == ["2026-11-01", "2026-11-02", "2026-11-03"] * 2
    assert (tmp_path / "listings.txt").read_bytes().startswith(b"seller-sku\t")
