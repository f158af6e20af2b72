"""The local sandbox over HTTP: LWA grants, token rules, unmatched requests, RDTs, documents, the log."""

from __future__ import annotations

import gzip
import http.client
import socket

import httpx
import pytest
from seller_central.sandbox import SandboxServer, main_serve, serve
from seller_central.sandbox.server import SandboxServer as ServerClass

TOKEN = "/auth/o2/token"
RDT = "/tokens/2021-03-01/restrictedDataToken"
DENIED = {
    "errors": [{"code": "Unauthorized", "message": "Access to requested resource is denied.", "details": ""}]
}


def grant(client: httpx.Client, **form: str) -> httpx.Response:
    return client.post(TOKEN, data={"client_id": "app", "client_secret": "secret", **form})


def rdt(client: httpx.Client, seller_token: str, *resources: dict[str, str]) -> httpx.Response:
    body = {"restrictedResources": list(resources)}
    return client.post(RDT, json=body, headers={"x-amz-access-token": seller_token})


def get(client: httpx.Client, path: str, token: str | None, **kwargs) -> httpx.Response:
    headers = {"x-amz-access-token": token} if token else {}
    return client.get(path, headers=headers, **kwargs)


# --- LWA token endpoint ---------------------------------------------------------------------------


def test_refresh_token_grant(client):
    """A refresh-token grant returns a bearer access token for an hour and echoes the refresh token."""
    body = grant(client, grant_type="refresh_token", refresh_token="Atzr|mine").json()
    assert body["access_token"].startswith("Atza|")
    assert body | {"access_token": "x"} == {
        "access_token": "x",
        "refresh_token": "Atzr|mine",
        "token_type": "bearer",
        "expires_in": 3600,
    }


def test_client_credentials_grant(client):
    """A client-credentials grant with a scope returns an access token and no refresh token."""
    body = grant(client, grant_type="client_credentials", scope="sellingpartnerapi::notifications").json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == "sellingpartnerapi::notifications"
    assert "refresh_token" not in body


def test_client_credentials_needs_scope(client):
    """A client-credentials grant without a scope gets LWA's invalid_scope."""
    response = grant(client, grant_type="client_credentials")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_authorization_code_grant_issues_usable_refresh_token():
    """An authorization code yields a refresh token that the sandbox then accepts, even with a fixed list."""
    with SandboxServer(refresh_tokens=["Atzr|known"]) as server, httpx.Client(base_url=server.url) as client:
        issued = grant(client, grant_type="authorization_code", code="ANxyz", redirect_uri="https://x").json()
        assert issued["refresh_token"].startswith("Atzr|")
        again = grant(client, grant_type="refresh_token", refresh_token=issued["refresh_token"])
        assert again.status_code == 200
        unknown = grant(client, grant_type="refresh_token", refresh_token="Atzr|other")
        assert (unknown.status_code, unknown.json()["error"]) == (400, "invalid_grant")


def test_configured_credentials_reject_others():
    """With configured credentials, a wrong secret gets 401 invalid_client and the right one a token."""
    with SandboxServer(credentials={"app": "right"}) as server, httpx.Client(base_url=server.url) as client:
        form = {"grant_type": "refresh_token", "refresh_token": "Atzr|x", "client_id": "app"}
        wrong = client.post(TOKEN, data={**form, "client_secret": "wrong"})
        assert wrong.status_code == 401
        assert wrong.json() == {
            "error": "invalid_client",
            "error_description": "Client authentication failed",
        }
        assert client.post(TOKEN, data={**form, "client_secret": "right"}).status_code == 200


def test_basic_auth_client_credentials():
    """The client id and secret may come in HTTP Basic auth instead of the form."""
    with SandboxServer(credentials={"app": "right"}) as server, httpx.Client(base_url=server.url) as client:
        form = {"grant_type": "refresh_token", "refresh_token": "Atzr|x"}
        assert client.post(TOKEN, data=form, auth=("app", "right")).status_code == 200
        assert client.post(TOKEN, data=form, auth=("app", "wrong")).status_code == 401


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({}, "invalid_request"),
        ({"grant_type": "password"}, "unsupported_grant_type"),
        ({"grant_type": "refresh_token"}, "invalid_request"),
        ({"grant_type": "authorization_code"}, "invalid_request"),
    ],
)
def test_bad_token_requests(client, form, error):
    """Token requests with a missing or unknown grant, or a missing grant value, get LWA's 400 error."""
    response = grant(client, **form)
    assert response.status_code == 400
    assert response.json()["error"] == error


# --- Access tokens on SP-API requests -------------------------------------------------------------


def test_missing_token_is_denied(client):
    """A request without x-amz-access-token gets Amazon's 403 Unauthorized envelope."""
    response = get(client, "/orders/v0/orders/TEST_CASE_200", None)
    assert response.status_code == 403
    assert response.json() == DENIED


def test_unknown_token_is_denied(client):
    """A token the sandbox did not issue gets 403 Unauthorized."""
    response = get(client, "/orders/v0/orders/TEST_CASE_200", "Atza|made-up")
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "Unauthorized"


def test_expired_token_is_denied_until_refreshed():
    """After expire_tokens a token gets Amazon's expired-token 403; a freshly granted one works."""
    with SandboxServer() as server, httpx.Client(base_url=server.url) as client:
        old = grant(client, grant_type="refresh_token", refresh_token="Atzr|x").json()["access_token"]
        server.expire_tokens()
        expired = get(client, "/orders/v0/orders/TEST_CASE_200", old)
        assert expired.status_code == 403
        assert expired.json()["errors"][0]["message"] == "The access token you provided has expired."
        new = grant(client, grant_type="refresh_token", refresh_token="Atzr|x").json()["access_token"]
        assert get(client, "/orders/v0/orders/TEST_CASE_200", new).status_code == 200


def test_grantless_token_calls_only_grantless_operations(client):
    """A notifications-scoped token calls getDestinations but not a seller operation such as getOrder."""
    token = grant(client, grant_type="client_credentials", scope="sellingpartnerapi::notifications").json()
    assert get(client, "/notifications/v1/destinations", token["access_token"]).status_code == 200
    denied = get(client, "/orders/v0/orders/TEST_CASE_200", token["access_token"])
    assert denied.status_code == 403
    assert "grantless" in denied.json()["errors"][0]["details"]


def test_restricted_operation_needs_rdt(client, seller_token):
    """A seller token on an always-restricted operation (getOrderAddress) gets 403 naming the RDT."""
    response = get(client, "/orders/v0/orders/TEST_CASE_200/address", seller_token)
    assert response.status_code == 403
    assert "Restricted Data Token" in response.json()["errors"][0]["details"]


def test_lenient_server_skips_token_rules():
    """With strict_tokens off any issued token calls any operation."""
    with SandboxServer(strict_tokens=False) as server, httpx.Client(base_url=server.url) as client:
        token = grant(client, grant_type="refresh_token", refresh_token="Atzr|x").json()["access_token"]
        assert get(client, "/orders/v0/orders/TEST_CASE_200/address", token).status_code == 200


# --- Restricted Data Tokens -----------------------------------------------------------------------


def test_rdt_for_any_body_unlocks_its_resource(client, seller_token):
    """A body no example lists still gets an RDT, which then calls the restricted path it names."""
    resource = {"method": "GET", "path": "/orders/v0/orders/{orderId}/address", "dataElements": []}
    response = rdt(client, seller_token, resource)
    assert response.status_code == 200
    body = response.json()
    assert body["expiresIn"] == 3600
    token = body["restrictedDataToken"]
    assert token.startswith("Atz.sprdt|")
    assert get(client, "/orders/v0/orders/TEST_CASE_200/address", token).status_code == 200


def test_rdt_covers_only_its_resources(client, seller_token):
    """An RDT for one path is refused on another operation."""
    token = rdt(client, seller_token, {"method": "GET", "path": "/orders/v0/orders/123/address"}).json()
    denied = get(client, "/orders/v0/orders/TEST_CASE_200/buyerInfo", token["restrictedDataToken"])
    assert denied.status_code == 403
    assert (
        "was not issued for GET /orders/v0/orders/TEST_CASE_200/buyerInfo"
        in denied.json()["errors"][0]["details"]
    )


def test_rdt_from_example_is_usable(client, seller_token):
    """An example's body gets the example's literal RDT, and the sandbox accepts that token."""
    body = {
        "restrictedResources": [{"method": "GET", "path": "/orders/v0/orders/{orderId}/address"}],
        "targetApplication": "amzn1.sellerapps.app.target-application",
    }
    issued = client.post(RDT, json=body, headers={"x-amz-access-token": seller_token}).json()
    token = "Atz.sprdt|IQEBLjAsAhRmHjNgHpi0U-Dme37rR6CuUpSR"
    assert issued == {"expiresIn": 3600, "restrictedDataToken": token}
    assert get(client, "/orders/v0/orders/TEST_CASE_200/address", token).status_code == 200


@pytest.mark.parametrize(
    "body",
    [{}, {"restrictedResources": []}, {"restrictedResources": [{"method": "GET"}]}, ["not", "an", "object"]],
)
def test_rdt_rejects_malformed_body(client, seller_token, body):
    """An RDT request without a usable restrictedResources list gets a 400 envelope."""
    response = client.post(RDT, json=body, headers={"x-amz-access-token": seller_token})
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "InvalidInput"


def test_rdt_request_needs_token(client):
    """createRestrictedDataToken itself needs an access token."""
    response = client.post(RDT, json={"restrictedResources": [{"method": "GET", "path": "/x"}]})
    assert response.status_code == 403


# --- Matching and errors --------------------------------------------------------------------------


def test_unmatched_request_lists_accepted_values(client, seller_token):
    """A request no example matches gets a 400 envelope naming the values the examples accept."""
    response = get(client, "/orders/v0/orders/902-0000000-0000000", seller_token)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["code"] == "InvalidInput"
    assert "orderId=TEST_CASE_200" in error["message"]
    assert "orderId=TEST_CASE_400 -> 400" in error["details"]


def test_operation_without_examples(client, seller_token):
    """An operation whose model has no static example gets a 400 envelope saying so."""
    response = get(client, "/fba/inventory/v1/summaries", seller_token)
    assert response.status_code == 400
    assert "no static sandbox example" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/not/an/operation"), ("PUT", "/orders/v0/orders/TEST_CASE_200")]
)
def test_unknown_path_is_not_found(client, seller_token, method, path):
    """A method and path of no operation gets 404 with an envelope."""
    response = client.request(method, path, headers={"x-amz-access-token": seller_token})
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "NotFound"


@pytest.mark.parametrize(
    "query",
    [
        "feedTypes=POST_PRODUCT_DATA&pageSize=10&processingStatuses=DONE,CANCELLED",
        "feedTypes=POST_PRODUCT_DATA&pageSize=10&processingStatuses=CANCELLED&processingStatuses=DONE",
        "feedTypes=POST_PRODUCT_DATA&pageSize=10.0&processingStatuses=CANCELLED%2CDONE&createdSince=2024-01-01",
    ],
)
def test_array_query_spellings_match(client, seller_token, query):
    """Array values match in any order, comma-joined or repeated, and numbers match by value."""
    response = get(client, f"/feeds/2021-06-30/feeds?{query}", seller_token)
    assert response.status_code == 200
    assert response.json()["feeds"][0]["processingStatus"] == "CANCELLED"


def test_sp_api_reply_headers(client, seller_token):
    """SP-API replies carry a fresh request id, the sandbox rate limit and a JSON content type."""
    first = get(client, "/orders/v0/orders/TEST_CASE_200", seller_token)
    second = get(client, "/orders/v0/orders/TEST_CASE_400", seller_token)
    assert first.headers["x-amzn-RateLimit-Limit"] == "5.0"
    assert first.headers["content-type"] == "application/json"
    assert first.headers["x-amzn-RequestId"] != second.headers["x-amzn-RequestId"]
    assert int(first.headers["content-length"]) == len(first.content)


def test_keep_alive_serves_several_requests_on_one_connection(server, seller_token):
    """Two requests on one HTTP/1.1 connection both get complete replies."""
    host, port = server.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        for order_id in ("TEST_CASE_200", "TEST_CASE_400"):
            connection.request(
                "GET", f"/orders/v0/orders/{order_id}", headers={"x-amz-access-token": seller_token}
            )
            reply = connection.getresponse()
            assert reply.read()
            assert not reply.will_close
    finally:
        connection.close()


# --- Documents ------------------------------------------------------------------------------------


def test_document_round_trip_keeps_gzip_bytes(client):
    """PUT then GET of a document returns the stored bytes, compressed as stored, with no token needed."""
    stored = gzip.compress(b"sku\tprice\nA\t1\n")
    assert (
        client.put("/_documents/doc-1", content=stored, headers={"content-type": "text/tsv"}).status_code
        == 200
    )
    response = client.get("/_documents/doc-1")
    assert response.status_code == 200
    assert response.content == stored
    assert response.headers["content-type"] == "text/tsv"


def test_document_content_encoding_is_kept(client):
    """A document uploaded with Content-Encoding gzip is served with it, so HTTP clients decompress it."""
    client.put("/_documents/doc-2", content=gzip.compress(b"hello"), headers={"content-encoding": "gzip"})
    response = client.get("/_documents/doc-2")
    assert response.headers["content-encoding"] == "gzip"
    assert response.content == b"hello"


def test_unknown_document_is_not_found(client):
    """GET of a document nobody stored gets 404."""
    assert client.get("/_documents/never-stored").status_code == 404


def test_feed_document_urls_point_at_the_sandbox(server, client, seller_token):
    """createFeedDocument's url takes an upload that getFeedDocument-style downloads read back."""
    created = client.post(
        "/feeds/2021-06-30/documents",
        json={"contentType": "text/tab-separated-values; charset=UTF-8"},
        headers={"x-amz-access-token": seller_token},
    ).json()
    assert created["url"] == f"{server.url}/_documents/{created['feedDocumentId']}"
    assert httpx.put(created["url"], content=b"feed body").status_code == 200
    assert httpx.get(created["url"]).content == b"feed body"


def test_feed_result_document_has_placeholder(client, seller_token):
    """getFeedDocument's url serves a placeholder processing report before anything is uploaded."""
    document = get(
        client, "/feeds/2021-06-30/documents/0356cf79-b8b0-4226-b4b9-0ee058ea5760", seller_token
    ).json()
    report = httpx.get(document["url"]).json()
    assert report["summary"]["messagesAccepted"] == 1


# --- Request log and lifecycle --------------------------------------------------------------------


def test_request_log_redacts_secrets():
    """The request log keeps method, path, query and body, with tokens and client secrets redacted."""
    with SandboxServer() as server, httpx.Client(base_url=server.url) as client:
        token = grant(client, grant_type="refresh_token", refresh_token="Atzr|secret-rt").json()[
            "access_token"
        ]
        get(client, "/orders/v0/orders", token, params={"MarketplaceIds": "A,B"})
        token_request, orders_request = server.requests
    assert b"secret-rt" not in token_request.body
    assert b"client_secret=%3Credacted%3E" in token_request.body
    assert b"grant_type=refresh_token" in token_request.body
    assert orders_request.operation == "orders_v0.getOrders"
    assert orders_request.query == {"MarketplaceIds": ("A,B",)}
    assert orders_request.headers["x-amz-access-token"] == "<redacted>"
    assert orders_request.status == 400


def test_clear_requests(server, client):
    """clear_requests empties the log."""
    client.get("/_documents/anything")
    server.clear_requests()
    assert server.requests == []


def test_stop_releases_the_port():
    """After stop the port can be bound again, and url is unavailable."""
    server = SandboxServer().start()
    port = int(server.url.rsplit(":", 1)[1])
    server.stop()
    server.stop()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
    with pytest.raises(RuntimeError):
        _ = server.url


def test_serve_runs_until_stopped():
    """serve() listens, calls on_ready with the running server, and returns once it is stopped."""
    seen = []

    def ready(server):
        seen.append(httpx.get(f"{server.url}/_documents/x").status_code)
        server.stop()

    serve(0, "127.0.0.1", on_ready=ready)
    assert seen == [404]


def test_main_serve_prints_urls_and_stops_on_ctrl_c(monkeypatch, capsys):
    """main_serve prints the endpoint and token URL, and Ctrl-C stops it quietly."""

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(ServerClass, "wait", interrupted)
    main_serve(0, "127.0.0.1")
    out = capsys.readouterr().out
    assert "SP-API endpoint: http://127.0.0.1:" in out
    assert "/auth/o2/token" in out
    assert "sandbox stopped" in out


def test_main_serve_reports_a_taken_port():
    """main_serve exits with a one-line message when the port is already in use."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit, match=f"cannot listen on 127.0.0.1:{port}"):
            main_serve(port, "127.0.0.1")


def test_malformed_content_length_gets_400(server):
    """A request whose Content-Length is not a number gets a 400 envelope instead of a dropped connection."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(b"POST /auth/o2/token HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n")
        reply = sock.recv(65536)
    assert reply.startswith(b"HTTP/1.1 400")
    assert b"InvalidInput" in reply
