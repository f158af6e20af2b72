"""Every operation of the operation table, through ``api.call`` and through ``api.<package>.<operation>``.

One client of each kind for the whole module, over one wire: the local sandbox's request handler
(``SandboxApp``, the logic behind ``seller-central sandbox serve``, called in process) answers LWA, the
Tokens API and every operation whose model gives a static example with a success status; a fake answers the
others with a minimal valid success (``{}``, ``[]`` or no body, as the model documents). Each operation is
sent four times (sync and async, ``call`` and the namespaced method) and each time the test checks the
request on the wire (method, path, query), the token it carried (seller, grantless with the operation's
scope, or a Restricted Data Token for the operation) and the class of the result.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl

import httpx
import pytest
import selling_partner_api
from openapi_python_client.strings import PythonIdentifier
from seller_central import operations
from seller_central.client import AsyncSellerCentral, SellerCentral
from seller_central.connection import OAuthConnection
from seller_central.sandbox import examples
from seller_central.sandbox.app import SandboxApp
from seller_central.sandbox.exchange import Received
from seller_central.specdiff.facts import iter_operations
from selling_partner_api.codec import to_json

from generator.patches import apply_patches, load_patches

REPO = Path(__file__).resolve().parents[3]
ENDPOINT = "http://127.0.0.1:8765"
TOKEN_PATH = "/auth/o2/token"
RDT_PATH = "/tokens/2021-03-01/restrictedDataToken"
ALL = operations.all_operations()


def python_name(name: str) -> str:
    return str(PythonIdentifier(name, prefix="field_"))


def method_name(operation: operations.Operation) -> str:
    return operation.module.rsplit(".", 1)[1]


def annotations(operation: operations.Operation) -> dict[str, str]:
    """The generated ``request_kwargs``' parameters and their annotations (text)."""
    function = operations.module(operation.key).request_kwargs
    return {name: str(value) for name, value in function.__annotations__.items() if name != "return"}


def required(operation: operations.Operation) -> list[str]:
    function = operations.module(operation.key).request_kwargs
    defaults = function.__kwdefaults__ or {}
    return [name for name in annotations(operation) if name not in defaults]


def dummy(annotation: str) -> Any:
    """A value of the type an annotation names (one item for a list, an empty object for a model)."""
    if annotation.startswith("collections.abc.Sequence["):
        inner = annotation.removeprefix("collections.abc.Sequence[").removesuffix("]")
        return [] if "dict[" in inner else [dummy(inner)]
    if "dict[" in annotation or annotation == "typing.Any":
        return {}
    if annotation.startswith("datetime."):
        return "2024-01-01T00:00:00Z"
    simple = {"int": 7, "float": 1.5, "bool": True}
    return simple.get(annotation, "v1")


def wire_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- arguments: from a static sandbox example, or dummies -------------------------------------------------


def _from_example(operation: operations.Operation, example: examples.Example) -> dict[str, Any] | None:
    """The arguments that carry the example's values, or ``None`` when they cannot be expressed."""
    kinds = annotations(operation)
    arguments: dict[str, Any] = {}
    body_fields: dict[str, Any] = {}
    for constraint in example.constraints:
        if constraint.location == "body":
            arguments["body"] = constraint.expected
        elif constraint.location == "body_field":
            body_fields[constraint.name] = constraint.expected
        else:
            name = python_name(constraint.name)
            if name not in kinds:
                return None
            value = constraint.expected
            if kinds[name].startswith("collections.abc.Sequence[") and not isinstance(value, list):
                value = str(value).split(",")
            arguments[name] = value
    if body_fields:
        if "body" in arguments or "body" not in kinds:
            return None
        arguments["body"] = body_fields
    for name in required(operation):
        arguments.setdefault(name, dummy(kinds[name]))
    return arguments


def _sandbox_plan(operation: operations.Operation) -> tuple[dict[str, Any], int] | None:
    """Arguments and status of the first example with a documented success status, if any."""
    found = examples.operation(operation.package, operation.operation_id)
    documented = operations.module(operation.key).SUCCESS_STATUSES
    for example in found.examples if found else ():
        if example.status in documented:
            arguments = _from_example(operation, example)
            if arguments is not None:
                return arguments, example.status
    return None


PLANS = {operation.key: _sandbox_plan(operation) for operation in ALL}
SANDBOXED = {key for key, plan in PLANS.items() if plan is not None}


def dummy_arguments(operation: operations.Operation) -> dict[str, Any]:
    kinds = annotations(operation)
    return {name: dummy(kinds[name]) for name in required(operation)}


def fake_answer(operation: operations.Operation) -> httpx.Response:
    """The first documented success status, with ``{}`` or ``[]`` where it documents a body."""
    status, has_body = next(iter(operations.module(operation.key).SUCCESS_STATUSES.items()))
    if not has_body:
        return httpx.Response(status)
    returns = return_annotation(operation)
    return httpx.Response(status, json=[] if returns.startswith("list[") else {})


def return_annotation(operation: operations.Operation) -> str:
    package = importlib.import_module(f"selling_partner_api.{operation.package}.operations")
    return str(getattr(package.Operations, method_name(operation)).__annotations__["return"])


# -- the wire ---------------------------------------------------------------------------------------------


class Wire:
    """The sandbox's handler plus a fake, recording SP-API requests, replies and which token each carried."""

    def __init__(self) -> None:
        self.app = SandboxApp.create()
        self.kinds: dict[str, str] = {}  # token -> "seller" | "grantless <scope>" | "rdt <method> <path>"
        self.sent: list[tuple[httpx.Request, Any]] = []  # SP-API requests and the JSON replied
        self.rdt_bodies: list[Any] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        content = request.read()
        raw_path, _, query = request.url.raw_path.decode().partition("?")
        operation = operations.find(request.method, raw_path)
        if operation is not None and raw_path != RDT_PATH and operation.key not in SANDBOXED:
            answer = fake_answer(operation)
            self.sent.append((request, json.loads(answer.content) if answer.content else None))
            return answer
        received = Received(
            method=request.method,
            path=raw_path,
            query=tuple(parse_qsl(query, keep_blank_values=True)),
            headers={name.lower(): value for name, value in request.headers.items()},
            body=content,
            base_url=ENDPOINT,
        )
        reply = self.app.handle(received)
        decoded = json.loads(reply.body) if reply.body else None
        if raw_path == TOKEN_PATH and reply.status == 200:
            form = {key: values[0] for key, values in parse_qs(content.decode()).items()}
            kind = "seller" if form["grant_type"] == "refresh_token" else f"grantless {form.get('scope')}"
            self.kinds[decoded["access_token"]] = kind
        elif raw_path == RDT_PATH and reply.status == 200:
            body = json.loads(content)
            self.rdt_bodies.append(body)
            resource = body["restrictedResources"][0]
            self.kinds[decoded["restrictedDataToken"]] = f"rdt {resource['method']} {resource['path']}"
        if raw_path != TOKEN_PATH:
            self.sent.append((request, decoded))
        return httpx.Response(reply.status, headers=dict(reply.headers), content=reply.body)


class FakeClock:
    """Time that passes only when the client waits (the sandbox host's 5/s limit costs nothing)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="module")
def wire() -> Wire:
    return Wire()


def _connection() -> OAuthConnection:
    return OAuthConnection(
        client_id="amzn1.application-oa2-client.every",
        client_secret="amzn1.oa2-cs.v1.every-operation-secret",
        refresh_token="Atzr|every-operation",
        endpoint=ENDPOINT,
        token_url=ENDPOINT + TOKEN_PATH,
    )


@pytest.fixture(scope="module")
def api(wire: Wire) -> Iterator[SellerCentral]:
    clock = FakeClock()
    with SellerCentral(
        _connection(), transport=httpx.MockTransport(wire.handle), clock=clock, sleep=clock.sleep
    ) as client:
        yield client


@pytest.fixture(scope="module")
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    running = asyncio.new_event_loop()
    yield running
    running.close()


@pytest.fixture(scope="module")
def aapi(wire: Wire, loop: asyncio.AbstractEventLoop) -> Iterator[AsyncSellerCentral]:
    clock = FakeClock()
    client = AsyncSellerCentral(
        _connection(), transport=httpx.MockTransport(wire.handle), clock=clock, sleep=clock.async_sleep
    )
    yield client
    loop.run_until_complete(client.aclose())


# -- checks -----------------------------------------------------------------------------------------------


def _members(operation: operations.Operation) -> list[str]:
    return [part.strip() for part in return_annotation(operation).split("|")]


def check_result(operation: operations.Operation, result: Any, replied: Any, status: int) -> None:
    """The result is the documented success type for the status, holding what the wire carried."""
    module = operations.module(operation.key)
    members = _members(operation)
    if not module.SUCCESS_STATUSES[status]:
        assert result is None
        assert "None" in members
        return
    models = importlib.import_module(f"selling_partner_api.{operation.package}.models")
    if isinstance(result, list):
        (member,) = [m for m in members if m.startswith("list[")]
        item = getattr(models, member.removeprefix("list[").removesuffix("]"))
        assert all(isinstance(value, item) for value in result)
    else:
        assert type(result).__name__ in members
        assert isinstance(result, getattr(models, type(result).__name__))
    if isinstance(replied, dict):
        assert to_json(result) == replied  # the model holds what the wire carried


@functools.cache
def _parameters(package: str) -> dict[str, dict[str, tuple[str, str]]]:
    """operationId -> python name -> (name, location), read from the pinned model itself."""
    file = selling_partner_api.PACKAGES[package]
    model = json.loads((REPO / "specs" / file).read_text(encoding="utf-8"))
    model, _ = apply_patches(load_patches(REPO / "specs" / "patches"), file, model)
    return {
        facts.operation_id: {python_name(p["name"]): (p["name"], p["in"]) for p in facts.parameters}
        for facts in iter_operations(file, model)
    }


def check_request(
    request: httpx.Request,
    operation: operations.Operation,
    arguments: dict[str, Any],
    *,
    wire: Wire,
    elements: bool = False,
) -> None:
    """The request is the operation's, with the arguments' values and the right token."""
    raw_path, _, query = request.url.raw_path.decode().partition("?")
    assert request.method == operation.method
    assert operation.path_pattern().match(raw_path), (raw_path, operation.path)
    if operation.key not in SANDBOXED:
        # The fake matches any values, so the values are checked here: each one where the model puts it.
        expected_path = re.sub(
            r"\{([^}]+)\}", lambda m: wire_text(arguments[python_name(m.group(1))]), operation.path
        )
        assert raw_path == expected_path
        declared = _parameters(operation.package)[operation.operation_id]
        expected_query = {
            declared[name][0]: wire_text(value[0] if isinstance(value, list) else value)
            for name, value in arguments.items()
            if name in declared and declared[name][1] == "query"
        }
        assert dict(parse_qsl(query, keep_blank_values=True)) == expected_query
        for name, value in arguments.items():
            if name in declared and declared[name][1] == "header":
                assert request.headers[declared[name][0]] == wire_text(value)
        if "body" in arguments:
            assert json.loads(request.content) == arguments["body"]
    kind = wire.kinds[request.headers["x-amz-access-token"]]
    if operation.restricted == "always" or (operation.restricted == "data-elements" and elements):
        method, path = kind.removeprefix("rdt ").split(" ")
        assert method == operation.method
        # The generic path for an always-restricted operation; the concrete one for data elements.
        assert path == operation.path or operation.path_pattern().match(path)
    elif operation.grantless and operation.scope:
        assert kind == f"grantless {operation.scope}"
    else:
        assert kind == "seller"


# -- the walk -----------------------------------------------------------------------------------------------


def _plan(operation: operations.Operation) -> tuple[dict[str, Any], int]:
    plan = PLANS[operation.key]
    if plan is not None:
        return plan
    return dummy_arguments(operation), next(iter(operations.module(operation.key).SUCCESS_STATUSES))


@pytest.mark.parametrize("operation", ALL, ids=[operation.key for operation in ALL])
def test_every_operation_through_call_and_its_method(operation, wire, api, aapi, loop):
    """call(key, **params) and api.<package>.<operation>(**params), sync and async: wire, token, result."""
    arguments, status = _plan(operation)
    # getOrders, getOrder, getOrderItems: the method form asks for buyer data, so it goes with an RDT.
    extra = {"data_elements": ["buyerInfo"]} if operation.restricted == "data-elements" else {}
    sends = [
        (lambda: api.call(operation.key, **arguments), False),
        (
            lambda: getattr(getattr(api, operation.package), method_name(operation))(**arguments, **extra),
            True,
        ),
        (lambda: loop.run_until_complete(aapi.call(operation.key, **arguments)), False),
        (
            lambda: loop.run_until_complete(
                getattr(getattr(aapi, operation.package), method_name(operation))(**arguments, **extra)
            ),
            True,
        ),
    ]
    for send, with_extra in sends:
        before = len(wire.sent)
        result = send()
        (sent,) = [  # one request of this operation (and, before it, a Tokens API one where it needs an RDT)
            (request, replied)
            for request, replied in wire.sent[before:]
            if operations.find(request.method, request.url.raw_path.decode().partition("?")[0]) == operation
        ]
        check_request(sent[0], operation, arguments, wire=wire, elements=with_extra and bool(extra))
        check_result(operation, result, sent[1], status)


def test_the_walk_covers_every_operation_and_the_sandbox_wherever_a_model_gives_a_success_example():
    """370 operations; the 288 whose model gives an example with a success status go to the sandbox.

    Of the 290 operations with static examples, rotateApplicationClientSecret and confirmReplenishmentOrder
    give only a 400 example.
    """
    assert len({operation.key for operation in ALL}) == len(ALL) == 370
    with_examples = {
        operation.key: found
        for operation in ALL
        if (found := examples.operation(operation.package, operation.operation_id))
    }
    assert len(with_examples) == 290
    only_errors = {
        key
        for key, found in with_examples.items()
        if not any(e.status in operations.module(key).SUCCESS_STATUSES for e in found.examples)
    }
    assert only_errors == {
        "application_2023_11_30.rotateApplicationClientSecret",
        "awd_2024_05_09.confirmReplenishmentOrder",
    }
    assert with_examples.keys() - only_errors == SANDBOXED
