"""One worker process of the shared-Redis test: get the shared token, then send getFeed requests.

Run as ``python redis_worker.py <redis-url> <sp-api-base-url> <requests> <start-at-epoch>``; prints one JSON
line: the access token it used and the statuses it got.
"""

from __future__ import annotations

import json
import sys
import time

import httpx
from seller_central.backends.base import StoredToken
from seller_central.backends.redis import RedisBackend
from seller_central.connection import OAuthConnection
from seller_central.retry import RetryPolicy
from seller_central.transport import build_transport
from selling_partner_api.feeds_2021_06_30.api import get_feed


def shared_token(backend: RedisBackend, base_url: str) -> str:
    """Single-flight: under the lock, use the cached token or fetch and cache one."""
    with backend.token_lock("credential-1"):
        cached = backend.get_token("credential-1")
        if cached is not None and cached.expires_at > time.time() + 60:
            return cached.value
        answer = httpx.post(f"{base_url}/auth/o2/token", data={"grant_type": "refresh_token"}).json()
        token = StoredToken(value=answer["access_token"], expires_at=time.time() + answer["expires_in"])
        backend.put_token("credential-1", token)
        return token.value


def main() -> None:
    redis_url, base_url, count, start_at = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    backend = RedisBackend(redis_url, prefix="test-shared")
    connection = OAuthConnection(client_id="app", client_secret="shh", refresh_token="r", endpoint=base_url)
    transport = build_transport(connection=connection, backend=backend, retry=RetryPolicy(), rate_limit=True)
    time.sleep(max(0.0, start_at - time.time()))  # start together, to contend for the bucket
    token = shared_token(backend, base_url)
    statuses = []
    with httpx.Client(base_url=base_url, transport=transport, timeout=10.0) as client:
        for _ in range(count):
            response = client.request(**get_feed.request_kwargs(feed_id="F1"))
            statuses.append(response.status_code)
    print(json.dumps({"token": token, "statuses": statuses}))  # noqa: T201 (the parent reads this line)


if __name__ == "__main__":
    main()
