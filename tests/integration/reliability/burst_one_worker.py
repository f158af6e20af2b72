"""One worker process of the burst-1 test: send getShipment requests through the real limit and retry layers.

Run as ``python burst_one_worker.py <redis-url> <prefix> <base-url> <rate> <requests> <start-at-epoch>``;
prints one JSON line: the statuses it got (what the caller would see).

The worker builds the stack as ``build_transport`` does, with the plan of getShipment overridden to
``<rate>`` requests per second and a burst of 1 (SP-API's documented plan is 1/s, burst 1; a faster rate
keeps the test short).
"""

from __future__ import annotations

import json
import sys
import time

import httpx
from seller_central.backends.redis import RedisBackend
from seller_central.limits import Limit, RateLimiter
from seller_central.retry import RetryPolicy
from seller_central.transport import LimitTransport, RetryTransport

OPERATION = "merchant_fulfillment_v0.getShipment"


def main() -> None:
    redis_url, prefix, base_url = sys.argv[1], sys.argv[2], sys.argv[3]
    rate, count, start_at = float(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
    backend = RedisBackend(redis_url, prefix=prefix)
    limiter = RateLimiter(backend, overrides={OPERATION: Limit(rate=rate, burst=1)})
    transport = RetryTransport(
        LimitTransport(httpx.HTTPTransport(), limiter=limiter, credential="seller-1"),
        policy=RetryPolicy(),
        limiter=limiter,
        credential="seller-1",
    )
    statuses = []
    with httpx.Client(base_url=base_url, transport=transport, timeout=10.0) as client:
        time.sleep(max(0.0, start_at - time.time()))  # start together, to contend for the bucket
        for number in range(count):
            response = client.get(f"/mfn/v0/shipments/S{number}", extensions={"sp_api.operation": OPERATION})
            statuses.append(response.status_code)
    print(json.dumps({"statuses": statuses}))  # noqa: T201 (the parent reads this line)


if __name__ == "__main__":
    main()
