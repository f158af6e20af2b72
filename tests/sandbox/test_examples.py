"""The local sandbox answers every static sandbox example of all 66 models with its status and body.

Each case builds a request from one example as a client would (path values in the path template, query
values in the query string with arrays comma-joined, headers, the JSON body), sends it with a token of the
right kind, and compares the reply with the example. Requests are built here from the raw sandbox files,
not with the server's own reading of them.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any
from urllib.parse import quote

import pytest
from seller_central import operations

# The sandbox points these operations' document url at itself (a documented deviation).
DOCUMENT_ID_FIELDS = {
    "feeds_2021_06_30.createFeedDocument": "feedDocumentId",
    "feeds_2021_06_30.getFeedDocument": "feedDocumentId",
    "reports_2021_06_30.getReportDocument": "reportDocumentId",
}


def _sandbox_files() -> list[dict[str, Any]]:
    folder = resources.files("selling_partner_api").joinpath("_sandbox")
    names = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".json"))
    return [json.loads(folder.joinpath(name).read_text(encoding="utf-8")) for name in names]


def _cases() -> list[Any]:
    cases = []
    for data in _sandbox_files():
        for operation_id, operation in data["operations"].items():
            for index, example in enumerate(operation["examples"]):
                key = f"{data['package']}.{operation_id}"
                case_id = f"{key}[{index}]-{example['status']}"
                cases.append(pytest.param((key, operation, index), id=case_id))
    return cases


CASES = _cases()


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ",".join(_text(item) for item in value)
    return str(value)


def _request(operation: dict[str, Any], parameters: dict[str, Any]) -> dict[str, Any]:
    """Return httpx.request keyword arguments for one example's parameters."""
    locations = operation["parameters"]
    path = operation["path"]
    query: list[tuple[str, str]] = []
    headers: dict[str, str] = {}
    body: Any = None
    declared = dict(parameters)
    body_spec = declared.pop("body", None)
    if isinstance(body_spec, dict) and "value" in body_spec:
        body = body_spec["value"]
        # One model nests a path parameter inside its body entry.
        declared.update({name: spec for name, spec in body_spec.items() if name in locations})
    elif body_spec:
        body = body_spec  # body fields written without the "value" wrapper
    for name, spec in declared.items():
        value = spec["value"]
        match locations[name]:
            case "path":
                path = path.replace("{" + name + "}", quote(_text(value), safe=""))
            case "query":
                query.append((name, _text(value)))
            case "header":
                headers[name] = _text(value)
    content = None if body is None else json.dumps(body).encode()
    if content is not None:
        headers["content-type"] = "application/json"
    return {
        "method": operation["method"],
        "url": path,
        "params": query,
        "headers": headers,
        "content": content,
    }


def _answering_example(operation: dict[str, Any], index: int) -> dict[str, Any]:
    """Return the example that answers: an earlier one with the very same parameters shadows this one."""
    example = operation["examples"][index]
    for earlier in operation["examples"][:index]:
        if earlier["parameters"] == example["parameters"]:
            return earlier  # e.g. sellers getAccount lists a 200 and a 400 that no request can tell apart
    return example


@pytest.fixture(scope="module")
def token_for(client, seller_token):
    """Return a function giving the token kind an operation needs: grantless, RDT or the seller's."""
    grantless: dict[str, str] = {}

    def token(key: str) -> str:
        row = operations.get(key)
        if row.grantless:
            if row.scope not in grantless:
                form = {
                    "grant_type": "client_credentials",
                    "scope": row.scope,
                    "client_id": "a",
                    "client_secret": "s",
                }
                grantless[row.scope] = client.post("/auth/o2/token", data=form).json()["access_token"]
            return grantless[row.scope]
        if row.restricted == "always":
            resource = {"method": row.method, "path": row.path}
            response = client.post(
                "/tokens/2021-03-01/restrictedDataToken",
                json={"restrictedResources": [resource]},
                headers={"x-amz-access-token": seller_token},
            )
            return str(response.json()["restrictedDataToken"])
        return seller_token

    return token


@pytest.mark.parametrize("case", CASES)
def test_sandbox_answers_example(server, client, token_for, case):
    """A request carrying an example's values gets that example's status and body."""
    key, operation, index = case
    request = _request(operation, operation["examples"][index]["parameters"])
    request["headers"]["x-amz-access-token"] = token_for(key)
    response = client.request(**request)
    expected = _answering_example(operation, index)
    assert response.status_code == expected["status"], response.text
    if expected["status"] == 204 or expected["response"] in (None, ""):
        assert response.content == b""
        return
    body = expected["response"]
    if key in DOCUMENT_ID_FIELDS and isinstance(body, dict) and "url" in body:
        document_id = body[DOCUMENT_ID_FIELDS[key]]
        body = {**body, "url": f"{server.url}/_documents/{document_id}"}
    assert response.json() == body


def test_every_model_has_cases():
    """The parametrised cases cover all 66 sandbox files and every one of their examples."""
    files = _sandbox_files()
    assert len(files) == 66
    assert len(CASES) == sum(len(op["examples"]) for data in files for op in data["operations"].values())
