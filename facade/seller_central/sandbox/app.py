"""Routing: which part of the sandbox answers a request, and the headers every reply carries."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING

import attrs

from seller_central.sandbox import spapi
from seller_central.sandbox.documents import DOCUMENTS_PREFIX, DocumentStore
from seller_central.sandbox.exchange import Received, Reply, request_id, sp_api_error
from seller_central.sandbox.jobs import Jobs
from seller_central.sandbox.log import RequestLog
from seller_central.sandbox.lwa import TOKEN_PATH, LwaEndpoint
from seller_central.sandbox.tokens import DEFAULT_LIFETIME_SECONDS, TokenRegistry

if TYPE_CHECKING:
    from seller_central.operations import Operation
    from seller_central.sandbox.scenarios import Scenario

__all__ = ["SandboxApp"]

# Amazon's sandbox plan is 5 requests per second whatever the production plan (ACTION_MAP section 0.1).
RATE_LIMIT = "5.0"


@attrs.define(kw_only=True)
class SandboxApp:
    """The sandbox's state (tokens, documents, request log) and its request-to-reply function."""

    tokens: TokenRegistry
    lwa: LwaEndpoint
    documents: DocumentStore = attrs.field(factory=DocumentStore)
    jobs: Jobs = attrs.field(factory=Jobs)
    log: RequestLog = attrs.field(factory=RequestLog)
    scenarios: Sequence[Scenario] = ()

    @classmethod
    def create(
        cls,
        *,
        credentials: Mapping[str, str] | None = None,
        refresh_tokens: Collection[str] | None = None,
        strict_tokens: bool = True,
        token_lifetime_seconds: int = DEFAULT_LIFETIME_SECONDS,
        scenarios: Sequence[Scenario] = (),
    ) -> SandboxApp:
        """Build an app whose token endpoint and SP-API routes share one token registry."""
        tokens = TokenRegistry(lifetime_seconds=token_lifetime_seconds, strict=strict_tokens)
        return cls(
            tokens=tokens,
            lwa=LwaEndpoint(tokens=tokens, credentials=credentials, refresh_tokens=refresh_tokens),
            scenarios=tuple(scenarios),
        )

    def handle(self, received: Received) -> Reply:
        """Return the reply to one request and record the request."""
        operation: Operation | None = None
        is_token_request = received.path == TOKEN_PATH
        headers = {"x-amzn-RequestId": request_id()}
        if is_token_request:
            reply = self.lwa.answer(received)
        elif received.path.startswith(DOCUMENTS_PREFIX):
            reply = self.documents.answer(received)
        else:
            headers["x-amzn-RateLimit-Limit"] = RATE_LIMIT
            operation = spapi.find_operation(received.method, received.path)
            if operation is None:
                message = f"No SP-API operation matches {received.method} {received.path}."
                reply = sp_api_error(HTTPStatus.NOT_FOUND, "NotFound", message)
            else:
                reply = spapi.answer(
                    operation,
                    received,
                    tokens=self.tokens,
                    store=self.documents,
                    scenarios=self.scenarios,
                    jobs=self.jobs,
                )
        self.log.record(
            received,
            operation=operation.key if operation else None,
            status=reply.status,
            is_token_request=is_token_request,
        )
        return reply.with_headers(headers)

    def internal_error(self) -> Reply:
        """Return the reply sent when answering a request raised (logged by the handler)."""
        reply = sp_api_error(HTTPStatus.INTERNAL_SERVER_ERROR, "InternalFailure", "The local sandbox failed.")
        return reply.with_headers({"x-amzn-RequestId": request_id()})
