"""Facts read straight from Amazon's Swagger 2.0 SP-API models.

This module is the one place that knows how to read a model file for things that are not plain schema:
the generated package's name for a model, each operation's usage plan (rate and burst live only in a
markdown table inside the description), grantless and sandbox-only flags, pagination tokens, and the
static sandbox examples. The generator uses it to write the operation table, and the API changelog uses
it to compare two model sets. It depends on nothing but the standard library.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

import attrs

__all__ = [
    "HTTP_METHODS",
    "OperationFacts",
    "Pagination",
    "SandboxExample",
    "UsagePlan",
    "iter_operations",
    "package_name",
    "resolve",
    "usage_plan",
]

JSON = dict[str, Any]
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")

# Model files whose derived package name would read badly.
_PACKAGE_OVERRIDES = {
    "InvoicesApiModel": "invoices",
    "fbaInbound": "fba_inbound_eligibility",
}
_VERSION_SUFFIX = re.compile(r"(?:[_-]?V?(\d{4}-\d{2}-\d{2})|V(\d+))$")
_USAGE_ROW = re.compile(r"\|\s*(\d+(?:\.\d+)?)\s*\|\s*(\d+(?:\.\d+)?)\s*\|")
_REQUEST_TOKENS = (
    "NextToken",
    "nextToken",
    "pageToken",
    "paginationToken",
    "nextPageToken",
    "nextTokenForLineItems",
)
_RESPONSE_TOKEN = re.compile(r"^next\w*token\w*$", re.IGNORECASE)
_MAX_DEPTH = 4


def _snake(name: str) -> str:
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return re.sub(r"[^0-9A-Za-z]+", "_", name).strip("_").lower()


def package_name(file: str, info_version: str) -> str:
    """Return the generated subpackage name for a model file: ``<api>_<version>``.

    ``ordersV0.json`` -> ``orders_v0``, ``orders_2026-01-01.json`` -> ``orders_2026_01_01``,
    ``notifications.json`` (info.version ``v1``) -> ``notifications_v1``.
    """
    stem = PurePosixPath(file).stem
    match = _VERSION_SUFFIX.search(stem)
    base = stem[: match.start()] if match else stem
    base = _PACKAGE_OVERRIDES.get(base, _snake(base))
    if match and match.group(1):
        version = match.group(1).replace("-", "_")
    elif match:
        version = f"v{match.group(2)}"
    else:
        version = _snake(info_version) if info_version else "v1"
        version = version if version.startswith("v") or version[:1].isdigit() else f"v_{version}"
    return f"{base}_{version}"


@attrs.frozen(kw_only=True)
class UsagePlan:
    """The default usage plan from an operation's description: requests per second and burst."""

    rate: float
    burst: int


def usage_plan(description: str) -> UsagePlan | None:
    """Parse the ``| Rate (requests per second) | Burst |`` table of a description, if it has one.

    Some models print a placeholder row (``| n | n |``) or no table at all; those give ``None``.
    """
    text = description.replace("\\n", "\n")
    start = text.find("Rate (requests per second)")
    if start < 0:
        return None
    for line in text[start:].splitlines()[1:4]:
        match = _USAGE_ROW.search(line)
        if match:
            return UsagePlan(rate=float(match.group(1)), burst=int(float(match.group(2))))
    return None


def resolve(model: JSON, schema: Any) -> Any:
    """Follow ``$ref`` links (to ``#/definitions/...``) until a schema that is not a reference."""
    seen: set[str] = set()
    while isinstance(schema, dict) and "$ref" in schema:
        ref = schema["$ref"]
        if ref in seen or not ref.startswith("#/definitions/"):
            return {}
        seen.add(ref)
        schema = model.get("definitions", {}).get(ref.split("/")[-1], {})
    return schema


def _properties(model: JSON, schema: Any, depth: int = 0) -> Iterator[tuple[str, Any]]:
    schema = resolve(model, schema)
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return
    for part in schema.get("allOf", []):
        yield from _properties(model, part, depth + 1)
    yield from (schema.get("properties") or {}).items()


def _find_response_token(model: JSON, schema: Any, prefix: str = "", depth: int = 0) -> str | None:
    if depth > _MAX_DEPTH:
        return None
    nested = []
    for name, sub in _properties(model, schema):
        if _RESPONSE_TOKEN.match(name):
            return prefix + name
        nested.append((name, sub))
    for name, sub in nested:
        resolved = resolve(model, sub)
        if isinstance(resolved, dict) and resolved.get("type") != "array":
            found = _find_response_token(model, resolved, f"{prefix}{name}.", depth + 1)
            if found:
                return found
    return None


@attrs.frozen(kw_only=True)
class Pagination:
    """Where an operation takes its page token and where its response returns the next one.

    An operation whose response carries a next token but that takes no token parameter (Data Kiosk
    getQuery) has ``request_token`` and ``request_location`` ``None``.
    """

    request_token: str | None
    request_location: str | None  # "query" or "body"
    response_token: str | None  # dotted path in the response body, e.g. "payload.NextToken"
    #: The dotted path of the page's items: the one array beside the token (beside ``pagination`` when the
    #: token sits in a ``pagination`` object); ``None`` when there is none or more than one.
    items: str | None = None
    #: The token parameter's description says to send the token as the only parameter on later pages.
    token_only: bool = False


@attrs.frozen(kw_only=True)
class SandboxExample:
    """One static sandbox case: the request values it matches and the response it returns."""

    status: int
    parameters: dict[str, Any]
    response: Any


@attrs.frozen(kw_only=True)
class OperationFacts:
    """What one operation of one model says about itself."""

    file: str
    package: str
    operation_id: str
    method: str
    path: str
    description: str
    deprecated: bool
    plan: UsagePlan | None
    grantless: bool
    sandbox_only: bool
    parameters: tuple[JSON, ...]
    body_schema: Any
    responses: dict[str, Any]
    pagination: Pagination | None
    sandbox: tuple[SandboxExample, ...]

    @property
    def key(self) -> str:
        """The operation's unique key: ``<package>.<operationId>``."""
        return f"{self.package}.{self.operation_id}"


def _schema_at(model: JSON, schema: Any, path: list[str]) -> Any:
    """Return the (resolved) schema of the property at ``path`` below ``schema``, or ``None``."""
    for part in path:
        schema = next((sub for name, sub in _properties(model, schema) if name == part), None)
        if schema is None:
            return None
    return resolve(model, schema)


def _find_items(model: JSON, schema: Any, token: str) -> str | None:
    """Return the dotted path of the one array beside the next token, if exactly one is there.

    ``errors`` and ``warnings`` arrays report on the call and are not counted.
    """
    container = token.split(".")[:-1]
    if container and container[-1] == "pagination":
        container = container[:-1]  # {"items": [...], "pagination": {"nextToken": ...}}
    holder = _schema_at(model, schema, container)
    if not isinstance(holder, dict):
        return None
    arrays = [
        name
        for name, sub in _properties(model, holder)
        if name not in _NOT_ITEMS and resolve(model, sub).get("type") == "array"
    ]
    return ".".join([*container, arrays[0]]) if len(arrays) == 1 else None


#: Arrays beside a token that report on the call, not list its results.
_NOT_ITEMS = frozenset({"errors", "warnings"})
_TOKEN_ONLY = re.compile(r"as the only parameter", re.IGNORECASE)


def _pagination(model: JSON, params: list[JSON], responses: JSON) -> Pagination | None:
    request: tuple[str, str] | None = None
    token_only = False
    for param in params:
        if param.get("in") == "query" and param.get("name") in _REQUEST_TOKENS:
            request = (param["name"], "query")
            token_only = bool(_TOKEN_ONLY.search(str(param.get("description", ""))))
        elif param.get("in") == "body":
            for name, _ in _properties(model, param.get("schema", {})):
                if name == "paginationToken":
                    request = (name, "body")
    success: JSON = next((responses[code] for code in ("200", "201") if code in responses), {})
    schema = success.get("schema", {})
    token = _find_response_token(model, schema) if "schema" in success else None
    if request is None and token is None:
        return None
    return Pagination(
        request_token=request[0] if request else None,
        request_location=request[1] if request else None,
        response_token=token,
        items=_find_items(model, schema, token) if token else None,
        token_only=token_only,
    )


def _sandbox(responses: JSON) -> tuple[SandboxExample, ...]:
    examples = []
    for code, response in responses.items():
        if not str(code).isdigit():
            continue
        for case in (response.get("x-amzn-api-sandbox") or {}).get("static", []):
            parameters = (case.get("request") or {}).get("parameters") or {}
            examples.append(
                SandboxExample(status=int(code), parameters=dict(parameters), response=case.get("response"))
            )
    return tuple(examples)


def iter_operations(file: str, model: JSON) -> Iterator[OperationFacts]:
    """Yield the facts of every operation in one parsed Swagger model, in file order.

    Args:
        file: The model's path under the models root, e.g. ``models/orders-api-model/ordersV0.json``.
        model: The parsed model.
    """
    package = package_name(file, str(model.get("info", {}).get("version", "")))
    shared_parameters = model.get("parameters", {})
    for path, item in model.get("paths", {}).items():
        item_sandbox_only = bool(item.get("x-amzn-api-sandbox-only"))
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue  # `parameters` and vendor `x-*` keys beside the methods
            params: list[JSON] = []
            for param in [*item.get("parameters", []), *operation.get("parameters", [])]:
                if "$ref" in param:
                    param = shared_parameters.get(param["$ref"].split("/")[-1], {})  # noqa: PLW2901
                params = [
                    p for p in params if (p.get("name"), p.get("in")) != (param.get("name"), param.get("in"))
                ]
                params.append(param)
            body = next((p.get("schema") for p in params if p.get("in") == "body"), None)
            responses = {str(code): value for code, value in operation.get("responses", {}).items()}
            description = operation.get("description", "")
            yield OperationFacts(
                file=file,
                package=package,
                operation_id=operation["operationId"],
                method=method.upper(),
                path=path,
                description=description,
                deprecated=bool(operation.get("deprecated", False)),
                plan=usage_plan(description),
                grantless=bool(re.search(r"\bis grantless\b", description)),
                sandbox_only=item_sandbox_only or bool(operation.get("x-amzn-api-sandbox-only")),
                parameters=tuple(p for p in params if p.get("in") != "body"),
                body_schema=body,
                responses=responses,
                pagination=_pagination(model, params, responses),
                sandbox=_sandbox(responses),
            )
