"""Cold start: import a client, build it, make one getOrders call (100 orders), exit.

``python cold_start.py CLIENT PORT``; ``run.py`` times the whole process (interpreter start included) and
reads its peak RSS. Each branch imports only its own client, the way a small script would.
"""

import sys

CLIENT_ID = "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef"
CLIENT_SECRET = (
    "amzn1.oa2-cs.v1." + "0123456789abcdef" * 4
)  # built, so no secret scanner mistakes it for a real one
REFRESH_TOKEN = "Atzr|IwEBIbenchmark-seller-0000"  # noqa: S105
MARKETPLACE = "ATVPDKIKX0DER"
CREATED_AFTER = "2026-11-01T00:00:00Z"


def ours(base: str) -> int:
    from seller_central import OAuthConnection, SellerCentral  # noqa: PLC0415

    connection = OAuthConnection(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        refresh_token=REFRESH_TOKEN,
        endpoint=base,
        token_url=f"{base}/auth/o2/token",
    )
    with SellerCentral(connection) as api:  # rate limiting on (the default): one call is within the burst
        page = api.list_orders(marketplace_ids=[MARKETPLACE], created_after=CREATED_AFTER)
    return len(page.payload.orders)


def pasp(base: str) -> int:
    from sp_api.api import Orders  # noqa: PLC0415
    from sp_api.auth import AccessTokenClient  # noqa: PLC0415

    class Marketplace:
        endpoint = base
        marketplace_id = MARKETPLACE
        region = "us-east-1"

    class TokenClient(AccessTokenClient):
        scheme = "http://"
        host = base.removeprefix("http://")

    orders = Orders(
        marketplace=Marketplace,
        refresh_token=REFRESH_TOKEN,
        credentials={"lwa_app_id": CLIENT_ID, "lwa_client_secret": CLIENT_SECRET},
        auth_token_client_class=TokenClient,
    )
    page = orders.get_orders(CreatedAfter=CREATED_AFTER, MarketplaceIds=[MARKETPLACE])
    return len(page.payload["Orders"])


def amzn(base: str) -> int:
    from spapi import SPAPIClient, SPAPIConfig  # noqa: PLC0415
    from spapi.api.orders_v0.orders_v0_api import OrdersV0Api  # noqa: PLC0415

    config = SPAPIConfig(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, refresh_token=REFRESH_TOKEN, region="NA"
    )
    client = SPAPIClient(config, oauth_endpoint=f"{base}/auth/o2/token", endpoint=base)
    page = OrdersV0Api(client.api_client).get_orders(
        marketplace_ids=[MARKETPLACE], created_after=CREATED_AFTER
    )
    return len(page.payload.orders)


def bare_httpx(base: str, verify: object = True) -> int:
    import json  # noqa: PLC0415

    import httpx  # noqa: PLC0415

    form = {  # the same grant the clients send (clients.py's _form)
        "grant_type": "refresh_token",
        "refresh_token": REFRESH_TOKEN,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
    }
    with httpx.Client(verify=verify) as client:  # type: ignore[arg-type]  # True or an ssl.SSLContext
        token = json.loads(client.post(f"{base}/auth/o2/token", data=form).content)["access_token"]
        params = {"MarketplaceIds": MARKETPLACE, "CreatedAfter": CREATED_AFTER}
        response = client.get(
            f"{base}/orders/v0/orders", params=params, headers={"x-amz-access-token": token}
        )
        return len(json.loads(response.content)["payload"]["Orders"])


def dependency_floor(base: str) -> int:
    """Bare httpx plus only what seller-central cannot leave out: attrs imported, click importable.

    ``run.py`` runs it with click on the path (httpx then imports its own click-based CLI). The client's TLS
    context has no CA bundle read, as seller-central leaves it until the first TLS handshake: the floor saves
    what seller-central saves, so the gap between the two is seller-central's own code and nothing else.
    """
    import ssl  # noqa: PLC0415

    import attrs  # noqa: PLC0415, F401 (its import is the cost measured)

    return bare_httpx(base, verify=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))


def bare_urllib3(base: str) -> int:
    import json  # noqa: PLC0415

    import urllib3  # noqa: PLC0415

    form = {  # the same grant the clients send (clients.py's _form)
        "grant_type": "refresh_token",
        "refresh_token": REFRESH_TOKEN,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
    }
    pool = urllib3.PoolManager()
    answer = pool.request("POST", f"{base}/auth/o2/token", fields=form, encode_multipart=False)
    token = json.loads(answer.data)["access_token"]
    fields = {"MarketplaceIds": MARKETPLACE, "CreatedAfter": CREATED_AFTER}
    response = pool.request(
        "GET", f"{base}/orders/v0/orders", fields=fields, headers={"x-amz-access-token": token}
    )
    return len(json.loads(response.data)["payload"]["Orders"])


def nothing(_base: str) -> int:
    return 100


if __name__ == "__main__":
    client, port = sys.argv[1], sys.argv[2]
    run = {
        "ours": ours,
        "pasp": pasp,
        "amzn": amzn,
        "httpx": bare_httpx,
        "deps": dependency_floor,
        "urllib3": bare_urllib3,
        "python": nothing,
    }[client]
    if run(f"http://127.0.0.1:{port}") != 100:
        sys.exit(f"{client}: expected a page of 100 orders")
    # Peak RSS of this program (VmHWM starts again at exec; ru_maxrss would include the parent's pages).
    with open("/proc/self/status") as status:  # noqa: PTH123 (pathlib would be one more import to time)
        print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
