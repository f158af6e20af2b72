"""The quota figure: 4 worker processes page 10,000 orders under one scaled plan, sharing a Redis limiter.

The fake SP-API (``tests/integration/reliability/fake_spapi.py``) meters getOrders like Amazon does
(``--rate``/``--burst``, 20/s burst 20 by default: Amazon's plan is 0.0167/s, scaled up to take seconds),
sends that rate in ``x-amzn-RateLimit-Limit`` and answers 429 to any request over it. A real ``redis-server``
is started on a free loopback port. Each worker is a fresh process with one ``SellerCentral`` for the same
seller and ``backend=RedisBackend(...)``: they share one bucket and one access token. Each pages through its
share of the orders (``api.items("orders_v0.getOrders", ...)``); all start together once every one has
imported and built its client. The figure is the time from that start to the last worker's last page, against
the plan's minimum, ``(pages - burst) / rate``, and the 429s the server sent.

Usage::

    .venv/bin/python benchmarks/quota.py                 # prints one JSON line
    .venv/bin/python benchmarks/quota.py --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGE = 100
MARKETPLACE = "ATVPDKIKX0DER"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def worker(redis_url: str, prefix: str, base_url: str) -> dict[str, Any]:
    """One worker process: build the client, say it is ready, wait for the word, page through the listing."""
    from seller_central import OAuthConnection, SellerCentral  # noqa: PLC0415
    from seller_central.backends.redis import RedisBackend  # noqa: PLC0415

    connection = OAuthConnection(
        client_id="amzn1.application-oa2-client.quota",
        client_secret="quota-secret",  # noqa: S106 (the fake checks nothing)
        refresh_token="Atzr|quota-seller",  # noqa: S106
        endpoint=base_url,
        token_url=f"{base_url}/auth/o2/token",
    )
    orders = 0
    with SellerCentral(connection, backend=RedisBackend(redis_url, prefix=prefix)) as api:
        print("ready", flush=True)
        sys.stdin.readline()
        began = time.time()
        for _ in api.items(
            "orders_v0.getOrders", marketplace_ids=[MARKETPLACE], created_after="2024-01-01T00:00:00Z"
        ):
            orders += 1
        finished = time.time()
    return {"orders": orders, "began": began, "finished": finished}


class _Redis:
    """A throwaway redis-server on a free loopback port."""

    def __init__(self, folder: str) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.port = _free_port()
        command = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--dir", folder]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
            except OSError:
                time.sleep(0.05)
            else:
                return
        self.process.kill()
        msg = "redis-server did not start"
        raise RuntimeError(msg)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def one_round(args: argparse.Namespace, redis_url: str) -> dict[str, Any]:
    """Run the workers once against a fresh fake; return elapsed, minimum, 429s and the orders read."""
    sys.path.insert(0, str(ROOT))
    from tests.integration.reliability.fake_spapi import FakeSpApi  # noqa: PLC0415

    per_worker = args.orders // args.workers
    pages = args.workers * -(-per_worker // PAGE)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "facade"), str(ROOT / "generated")])}
    with FakeSpApi(
        rate_header=f"{args.rate:g}", plan=(args.rate, args.burst), orders_per_listing=per_worker
    ) as fake:
        command = [sys.executable, __file__, "worker", redis_url, f"quota-{time.time_ns()}", fake.base_url]
        children = [
            subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
            for _ in range(args.workers)
        ]
        for child in children:  # every worker has imported and built its client: start them together
            assert child.stdout is not None  # noqa: S101
            if child.stdout.readline().strip() != b"ready":
                msg = "a quota worker failed to start"
                raise RuntimeError(msg)
        for child in children:
            assert child.stdin is not None  # noqa: S101
            child.stdin.write(b"go\n")
            child.stdin.flush()
        reports = []
        for child in children:
            out, _ = child.communicate(timeout=600)
            if child.returncode != 0:
                msg = f"a quota worker failed ({child.returncode})"
                raise RuntimeError(msg)
            reports.append(json.loads(out.decode().strip().splitlines()[-1]))
        statuses = fake.statuses("/orders")
    # From the first worker's start to the last worker's last page.
    elapsed = max(report["finished"] for report in reports) - min(report["began"] for report in reports)
    minimum = max(0, pages - args.burst) / args.rate
    return {
        "seconds": elapsed,
        "minimum": minimum,
        "throttled": statuses.count(429),
        "requests": len(statuses),
        "pages": pages,
        "orders": sum(report["orders"] for report in reports),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", nargs="?", default="run", choices=["run", "worker"])
    parser.add_argument("rest", nargs="*", help="(worker) redis url, key prefix, base url")
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--burst", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    if args.mode == "worker":
        redis_url, prefix, base_url = args.rest
        print(json.dumps(worker(redis_url, prefix, base_url)), flush=True)
        return
    with tempfile.TemporaryDirectory() as folder:
        redis = _Redis(folder)
        try:
            rounds = [one_round(args, redis.url) for _ in range(args.rounds)]
        finally:
            redis.stop()
    print(json.dumps({"rounds": rounds, "workers": args.workers, "rate": args.rate, "burst": args.burst}))


if __name__ == "__main__":
    main()
