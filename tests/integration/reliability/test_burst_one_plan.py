"""Issue 14, item 13: on a burst-1 plan, workers sharing Redis never send a request the plan forbids.

Four processes share one bucket in a real redis-server and call getShipment (plan: burst 1) against a fake
SP-API that meters like SP-API does, strictly: a token bucket of ``RATE`` per second and a burst of 1,
measured when each request *arrives*, answering 429 to a request that comes too early. The limiter must
leave enough room between requests (the time between its grant and the arrival varies from one request to
the next) that the server never refuses one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytestmark = [pytest.mark.redis, pytest.mark.slow, pytest.mark.xdist_group("redis")]

WORKER = Path(__file__).with_name("burst_one_worker.py")
RATE = 4.0  # requests per second, burst 1
WORKERS = 4
PER_WORKER = 4


class StrictServer(ThreadingHTTPServer):
    """SP-API's meter for one operation: burst 1, refilled at ``RATE``, read at each request's arrival."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), StrictHandler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self.lock = threading.Lock()
        self.tokens = 1.0
        self.updated = time.monotonic()
        self.arrivals: list[tuple[float, int]] = []

    def admit(self, arrived: float) -> int:
        with self.lock:
            self.tokens = min(1.0, self.tokens + (arrived - self.updated) * RATE)
            self.updated = arrived
            status = 200 if self.tokens >= 1.0 else 429
            if status == 200:
                self.tokens -= 1.0
            self.arrivals.append((arrived, status))
            return status


class StrictHandler(BaseHTTPRequestHandler):
    server: StrictServer
    protocol_version = "HTTP/1.1"  # keep-alive, as SP-API's endpoints do

    def do_GET(self) -> None:
        status = self.server.admit(time.monotonic())
        body = (
            {"payload": {"ShipmentId": self.path.rsplit("/", 1)[-1]}}
            if status == 200
            else {"errors": [{"code": "QuotaExceeded", "message": "You exceeded your quota."}]}
        )
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RateLimit-Limit", f"{RATE:g}")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        del args


def test_four_processes_on_a_burst_one_plan_draw_no_429(redis_url):
    """16 getShipment calls from 4 processes sharing Redis: the strict server answers none of them 429."""
    server = StrictServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        start_at = time.time() + 2.0  # after every worker has imported and connected
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        prefix = f"burst-one-{time.time_ns()}"
        argv = [redis_url, prefix, server.url, str(RATE), str(PER_WORKER), str(start_at)]
        workers = [
            subprocess.Popen([sys.executable, str(WORKER), *argv], stdout=subprocess.PIPE, env=env)  # noqa: S603
            for _ in range(WORKERS)
        ]
        results = [json.loads(worker.communicate(timeout=60)[0]) for worker in workers]
    finally:
        server.shutdown()
        server.server_close()

    seen = [status for _at, status in server.arrivals]
    assert [status for result in results for status in result["statuses"]] == [200] * WORKERS * PER_WORKER
    assert seen.count(429) == 0, f"the server refused {seen.count(429)} of {len(seen)} requests"
    assert len(seen) == WORKERS * PER_WORKER
