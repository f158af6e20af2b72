"""Benchmarks of the reliability layer against the local fake SP-API (not a test; prints numbers).

1. Pagination under a shared rate limit: N concurrent iterators page through getOrders (100 orders per page)
   sharing one bucket, against a fake that meters like SP-API (scaled-up plan, rate 20/s, burst 20) and
   reports its rate in ``x-amzn-RateLimit-Limit``. Prints the total time against the theoretical minimum
   the plan allows, the 429s on the wire and the 429s surfaced to the caller.
2. ``--download-gib N``: stream an N GiB (decompressed) GZIP document to disk in a fresh process and print
   its peak RSS.

Usage::

    .venv/bin/python benchmarks/limiter_bench.py                      # 10,000 orders, 4 iterators
    .venv/bin/python benchmarks/limiter_bench.py --redis redis://127.0.0.1:6379/0
    .venv/bin/python benchmarks/limiter_bench.py --download-gib 1
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from seller_central.backends.memory import MemoryBackend  # noqa: E402 (after the path set-up)
from seller_central.backends.redis import RedisBackend  # noqa: E402
from seller_central.connection import OAuthConnection  # noqa: E402
from seller_central.retry import RetryPolicy  # noqa: E402
from seller_central.transport import build_transport  # noqa: E402
from selling_partner_api.orders_v0.api import get_orders  # noqa: E402

from tests.integration.reliability.fake_spapi import FakeSpApi  # noqa: E402

PAGE = 100


def iterate_orders(client: httpx.Client, surfaced: list[int]) -> int:
    """Page through one getOrders listing; return how many orders it held."""
    count = 0
    token: str | None = None
    while True:
        arguments: dict[str, object] = {"marketplace_ids": ["ATVPDKIKX0DER"], "created_after": "2024-01-01"}
        if token:
            arguments["next_token"] = token
        response = client.request(**get_orders.request_kwargs(**arguments))
        if response.status_code != 200:
            surfaced.append(response.status_code)
            return count
        page = get_orders.parse_response(response)
        count += len(page.payload.orders)
        token = page.payload.next_token or None
        if token is None:
            return count


def pagination(args: argparse.Namespace) -> None:
    """Run the shared-bucket pagination benchmark and print its numbers."""
    listings = args.iterators
    per_listing = args.orders // listings
    requests = listings * -(-per_listing // PAGE)
    with FakeSpApi(
        rate_header=f"{args.rate:g}", plan=(args.rate, args.burst), orders_per_listing=per_listing
    ) as fake:
        connection = OAuthConnection(
            client_id="app",
            client_secret="fake-secret",  # noqa: S106 (the fake server checks nothing)
            refresh_token="fake-refresh-token",  # noqa: S106
            endpoint=fake.base_url,
        )
        if args.redis:
            backend = RedisBackend(args.redis, prefix=f"bench-{time.time_ns()}")
        else:
            backend = MemoryBackend()
        surfaced: list[int] = []
        totals: list[int] = []
        # Clients are built before the clock starts: creating one (its TLS context) is not iteration time.
        clients = [
            httpx.Client(
                base_url=fake.base_url,
                transport=build_transport(
                    connection=connection, backend=backend, retry=RetryPolicy(), rate_limit=True
                ),
                timeout=30.0,
            )
            for _ in range(listings)
        ]
        go = threading.Barrier(listings + 1)

        def worker(client: httpx.Client) -> None:
            go.wait()
            totals.append(iterate_orders(client, surfaced))

        threads = [threading.Thread(target=worker, args=(client,)) for client in clients]
        for thread in threads:
            thread.start()
        go.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        wire = fake.statuses("/orders")
        for client in clients:
            client.close()

    minimum = max(0, requests - args.burst) / args.rate
    print(f"backend            {'redis' if args.redis else 'memory'}")
    print(f"orders iterated    {sum(totals):,} ({listings} iterators x {per_listing:,}, {PAGE} per page)")
    print(f"requests           {len(wire)} on the wire for {requests} pages")
    print(f"plan               rate {args.rate:g}/s, burst {args.burst}")
    print(f"total time         {elapsed:.3f} s")
    print(f"theoretical min    {minimum:.3f} s  ((pages - burst) / rate)")
    print(f"over the minimum   {(elapsed / minimum - 1) * 100 if minimum else 0.0:+.1f} %")
    print(f"429s on the wire   {wire.count(429)}")
    others = len(surfaced) - surfaced.count(429)
    print(f"429s surfaced      {surfaced.count(429)} (other errors surfaced: {others})")


def download(args: argparse.Namespace) -> None:
    """Stream a large GZIP document to disk in a fresh process and print its peak RSS."""
    size = int(args.download_gib * 1024**3)
    script = ROOT / "tests" / "integration" / "reliability" / "rss_download.py"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    with FakeSpApi() as fake, tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "report.tsv"
        for mode in ("sync", "async"):
            url = f"{fake.base_url}/documents/report.gz?size={size}"
            done = subprocess.run(
                [sys.executable, str(script), url, str(target), mode],
                capture_output=True,
                check=True,
                env=env,
            )
            report = json.loads(done.stdout)
            written = target.stat().st_size
            peak, before = report["peak_kib"] / 1024, report["before_kib"] / 1024
            print(
                f"{mode:5}  {written / 1024**3:.2f} GiB written in {report['seconds']:.1f} s, "
                f"peak RSS {peak:.1f} MiB (after imports {before:.1f} MiB)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orders", type=int, default=10_000, help="orders in total (default 10,000)")
    parser.add_argument("--iterators", type=int, default=4, help="concurrent iterators (default 4)")
    parser.add_argument(
        "--rate", type=float, default=20.0, help="the fake's plan rate per second (default 20)"
    )
    parser.add_argument("--burst", type=int, default=20, help="the fake's plan burst (default 20)")
    parser.add_argument("--redis", help="share the bucket through this Redis URL instead of memory")
    parser.add_argument("--download-gib", type=float, help="run the download benchmark with this many GiB")
    args = parser.parse_args()
    if args.download_gib:
        download(args)
    else:
        pagination(args)


if __name__ == "__main__":
    main()
