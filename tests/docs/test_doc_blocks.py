"""Every code block of README.md and docs/*.md runs as written against the local sandbox.

Each ```python block runs in a fresh interpreter, in an empty directory, with no ``SP_API_*`` variable set: the
blocks reach the local sandbox through ``SellerCentral.local_sandbox()`` (found, or started in the process) or
``sandbox="local"``, as a newcomer's copy would. Each ```sh block runs the same way through bash (``set -eu``),
with ``seller-central`` and ``python`` being this checkout's. A block that cannot run here (it needs the network, a browser
or Amazon) says so on its first line, ``# not run: <reason>``, and is listed in ``NOT_RUN`` below: a new
exception fails this test until it is added there, so they stay few and visible.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# A fence may be indented (a block inside a list item); the body is dedented by the fence's indent.
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<lang>[a-z]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```", re.MULTILINE | re.DOTALL
)
NOT_RUN_LINE = re.compile(r"^# not run: (?P<reason>.+)$")
RUN = ("python", "sh")

#: (page, first words of the reason): every block that is not run, and why.
NOT_RUN = {
    ("README.md", "installs"),
    ("docs/install.md", "installs"),
    ("docs/credentials.md", "needs a browser"),
}

SECONDS = 120


def _blocks() -> list[tuple[str, int, str, str]]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            if match["lang"] in RUN:
                line = text.count("\n", 0, match.start()) + 1
                body = textwrap.dedent(match["body"]) if match["indent"] else match["body"]
                found.append((page.relative_to(ROOT).as_posix(), line, match["lang"], body))
    return found


BLOCKS = _blocks()


def _reason(body: str) -> str | None:
    first = body.lstrip().splitlines()[0] if body.strip() else ""
    match = NOT_RUN_LINE.match(first)
    return match["reason"] if match else None


RUNNABLE = [block for block in BLOCKS if _reason(block[3]) is None]


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SP_API_", "SELLER_CENTRAL_"))}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "facade"), str(ROOT / "generated"), env.get("PYTHONPATH", "")]
    )
    env["PYTHONWARNINGS"] = "ignore::DeprecationWarning"  # Orders v0 warns on every call; not a failure here
    return env


def _commands(folder: Path) -> Path:
    """Put this checkout's ``seller-central`` and ``python`` in ``folder`` (real programs: ``&`` and ``kill`` work)."""
    folder.mkdir()
    for name, run in (
        ("seller-central", f'"{sys.executable}" -m seller_central.cli'),
        ("python", f'"{sys.executable}"'),
    ):
        script = folder / name
        script.write_text(f'#!/bin/sh\nexec {run} "$@"\n', encoding="utf-8")
        script.chmod(0o755)
    return folder


def test_the_pages_have_blocks() -> None:
    pages = {page for page, *_ in BLOCKS}
    assert "README.md" in pages
    assert len(pages) >= 8  # the README and the user guide's pages


def test_not_run_blocks_are_exactly_the_listed_ones() -> None:
    marked = {(page, reason) for page, _, _, body in BLOCKS if (reason := _reason(body)) is not None}
    listed = {
        (page, reason)
        for page, start in NOT_RUN
        for p, reason in marked
        if p == page and reason.startswith(start)
    }
    assert marked == listed, f"blocks marked not run: {sorted(marked)}; NOT_RUN lists {sorted(NOT_RUN)}"
    assert {
        (page, start)
        for page, start in NOT_RUN
        if not any(p == page and r.startswith(start) for p, r in marked)
    } == set()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("page", "line", "lang", "body"), RUNNABLE, ids=[f"{p}:{n}" for p, n, _, _ in RUNNABLE]
)
def test_block_runs_against_the_local_sandbox(
    page: str, line: int, lang: str, body: str, tmp_path: Path
) -> None:
    env = _environment()
    if lang == "python":
        command = [sys.executable, "-c", body]
    else:
        env["PATH"] = f"{_commands(tmp_path / 'bin')}{os.pathsep}{env.get('PATH', '')}"
        command = ["bash", "-c", "set -eu\n" + body]
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run(  # noqa: S603 (the repository's own documentation)
        command, cwd=work, env=env, capture_output=True, text=True, timeout=SECONDS, check=False
    )
    assert result.returncode == 0, (
        f"{page}:{line} ({lang}) failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    )
