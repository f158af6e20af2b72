"""Streaming downloads keep memory flat: a 64 MiB GZIP document, in a fresh process, measured by its peak RSS.

CI runs this size; ``benchmarks/limiter_bench.py --download-gib 1`` runs the same check on 1 GiB.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.reliability.fake_spapi import document_digest

SCRIPT = Path(__file__).with_name("rss_download.py")
SIZE = 64 * 1024 * 1024
MIB = 1024  # ru_maxrss is in KiB on Linux


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_64_mib_gzip_document_streams_to_disk_in_flat_memory(fake, tmp_path, mode):
    """The decompressed document lands on disk intact while the process grows by far less than its size."""
    target = tmp_path / "report.tsv"
    url = f"{fake.base_url}/documents/report.gz?size={SIZE}&X-Amz-Signature=secret"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}

    done = subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, str(SCRIPT), url, str(target), mode],
        capture_output=True,
        check=True,
        env=env,
        timeout=120,
    )
    report = json.loads(done.stdout)

    assert target.stat().st_size == SIZE
    assert file_digest(target) == document_digest(SIZE)
    assert report["peak_kib"] < 100 * MIB
    assert report["peak_kib"] - report["before_kib"] < 16 * MIB
