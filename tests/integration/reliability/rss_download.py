"""Download a GZIP document to a file in a fresh process and report its peak memory (for RSS checks).

Run as ``python rss_download.py <url> <target> [sync|async]``; prints one JSON line with the peak resident
set size before and after the download, in KiB (Linux's ``ru_maxrss`` unit).
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from pathlib import Path

from seller_central.calls import Download
from seller_central.documents import AsyncDocumentClient, DocumentClient


def peak_kib() -> int:
    """Return this process's peak resident set size in KiB.

    Linux's ``ru_maxrss`` survives ``exec`` (a child forked from a large pytest worker reports the worker's
    peak), so read the memory map's own high-water mark, ``VmHWM``, which starts afresh with the new program.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    url, target, mode = sys.argv[1], Path(sys.argv[2]), (sys.argv[3] if len(sys.argv) > 3 else "sync")
    step = Download(url=url, compression="GZIP", target=target)
    before = peak_kib()
    started = time.perf_counter()
    if mode == "async":

        async def run() -> None:
            async with AsyncDocumentClient(timeout=60.0) as client:
                await client.download(step)

        asyncio.run(run())
    else:
        with DocumentClient(timeout=60.0) as client:
            client.download(step)
    seconds = time.perf_counter() - started
    print(json.dumps({"before_kib": before, "peak_kib": peak_kib(), "seconds": seconds}))  # noqa: T201


if __name__ == "__main__":
    main()
