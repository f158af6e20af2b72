"""Answering an SP-API operation request from the static sandbox examples.

The order is Amazon's: the access token first (403), then the example that matches (its status and body),
else a 400 envelope that lists the values the examples accept. Two operations get more than their examples:

- Tokens API createRestrictedDataToken issues a real RDT for any well-formed body no example matches (the
  facade fetches RDTs for restricted operations with bodies the examples never list), and the RDTs its
  examples return become valid tokens too.
- Document operations get their ``url`` pointed at this server (:mod:`seller_central.sandbox.documents`).
- Reports and Data Kiosk requests no example matches run stateful jobs (:mod:`seller_central.sandbox.jobs`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from seller_central import operations
from seller_central.sandbox import documents, examples
from seller_central.sandbox.exchange import Received, Reply, json_reply, sp_api_error
from seller_central.sandbox.matching import Incoming, best_match, describe, parse_json
from seller_central.sandbox.tokens import Resource, TokenRegistry

if TYPE_CHECKING:
    from seller_central.operations import Operation
    from seller_central.sandbox.jobs import Jobs
    from seller_central.sandbox.scenarios import Scenario

__all__ = ["RDT_OPERATION", "answer", "find_operation"]

RDT_OPERATION = "tokens_2021_03_01.createRestrictedDataToken"

# The envelope's message lists this many accepted value sets; details lists them all.
_LISTED_IN_MESSAGE = 5


def answer(
    operation: Operation,
    received: Received,
    *,
    tokens: TokenRegistry,
    store: documents.DocumentStore,
    scenarios: Sequence[Scenario] = (),
    jobs: Jobs | None = None,
) -> Reply:
    """Return the sandbox's reply to a request for a known operation.

    After the token check, each stateful scenario (:mod:`~seller_central.sandbox.scenarios`) may answer
    first; the static examples answer what none of them plays.
    """
    denial = tokens.check(
        received.headers.get("x-amz-access-token"),
        method=received.method,
        path=unquote(received.path),
        operation=operation,
    )
    if denial is not None:
        return sp_api_error(HTTPStatus.FORBIDDEN, "Unauthorized", denial.message, denial.details)
    for scenario in scenarios:
        played = scenario.answer(operation, received)
        if played is not None:
            return played
    sandbox = examples.operation(operation.package, operation.operation_id)
    request = _incoming(operation.path, received)
    example = best_match(sandbox.examples, request) if sandbox else None
    if operation.key == RDT_OPERATION:
        return _restricted_data_token(example, request.json_body, tokens)
    if jobs is not None:
        job = jobs.answer(
            operation.key, request, base_url=received.base_url, store=store, matched=example is not None
        )
        if job is not None:
            return job
    if example is None:
        return _no_match(operation, sandbox)
    response = documents.rewrite_url(operation.key, example.response, base_url=received.base_url, store=store)
    return json_reply(example.status, response)


def _incoming(template: str, received: Received) -> Incoming:
    pattern, names = _path_pattern(template)
    found = pattern.fullmatch(received.path)
    path_values = (
        {name: unquote(value) for name, value in zip(names, found.groups(), strict=True)} if found else {}
    )
    query: dict[str, tuple[str, ...]] = {}
    for name, value in received.query:
        query[name] = (*query.get(name, ()), *value.split(","))
    return Incoming(
        path_values=path_values,
        query=query,
        headers=received.headers,
        json_body=parse_json(received.body),
    )


def find_operation(method: str, path: str) -> Operation | None:
    """Return the operation of a request, like :func:`operations.find`, but also with an empty path value.

    A few examples send an empty path parameter (catalog getCatalogItem with ``asin=""``, expecting 400), so
    ``/catalog/2022-04-01/items/`` must still reach getCatalogItem.
    """
    found = operations.find(method, path)
    if found is not None:
        return found
    for operation in operations.all_operations():
        if operation.method == method and _path_pattern(operation.path)[0].fullmatch(path):
            return operation
    return None


@functools.cache
def _path_pattern(template: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    parts = re.split(r"\{([^}]+)\}", template)
    # re.split with one group alternates literal text and placeholder names; a value may be empty.
    regex = "".join("([^/]*)" if index % 2 else re.escape(part) for index, part in enumerate(parts))
    return re.compile(regex), tuple(parts[1::2])


def _no_match(operation: Operation, sandbox: examples.SandboxOperation | None) -> Reply:
    if sandbox is None or not sandbox.examples:
        message = (
            f"The models give no static sandbox example for {operation.key}, so the sandbox cannot answer it."
        )
        return sp_api_error(HTTPStatus.BAD_REQUEST, "InvalidInput", message)
    accepted = list(dict.fromkeys(describe(example) for example in sandbox.examples))
    listed = " | ".join(accepted[:_LISTED_IN_MESSAGE])
    more = len(accepted) - _LISTED_IN_MESSAGE
    message = f"No static sandbox example of {operation.key} matches this request. It accepts: {listed}" + (
        f" | ... ({more} more in details)" if more > 0 else ""
    )
    details = "; ".join(f"{describe(example)} -> {example.status}" for example in sandbox.examples)
    return sp_api_error(HTTPStatus.BAD_REQUEST, "InvalidInput", message, details)


def _restricted_data_token(example: examples.Example | None, body: Any, tokens: TokenRegistry) -> Reply:
    resources = _resources(body)
    if example is not None:
        issued = example.response.get("restrictedDataToken") if isinstance(example.response, dict) else None
        if example.status == HTTPStatus.OK and isinstance(issued, str) and resources:
            tokens.issue_rdt(resources, token=issued)
        return json_reply(example.status, example.response)
    if not resources:
        return sp_api_error(
            HTTPStatus.BAD_REQUEST,
            "InvalidInput",
            "Request is missing or has invalid parameters",
            "restrictedResources must be a non-empty list of objects with method and path.",
        )
    token = tokens.issue_rdt(resources)
    return json_reply(HTTPStatus.OK, {"restrictedDataToken": token, "expiresIn": tokens.lifetime_seconds})


def _resources(body: Any) -> list[Resource]:
    listed = body.get("restrictedResources") if isinstance(body, Mapping) else None
    if not isinstance(listed, list):
        return []
    resources = [
        Resource(method=item["method"], path=item["path"])
        for item in listed
        if isinstance(item, Mapping)
        and isinstance(item.get("method"), str)
        and isinstance(item.get("path"), str)
        and item["method"]
        and item["path"]
    ]
    # One malformed entry spoils the request, as on Amazon.
    return resources if len(resources) == len(listed) else []
