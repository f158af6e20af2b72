"""seller-central: a complete, typed client for Amazon's Selling Partner API (SP-API).

Quick start::

    from seller_central import OAuthConnection, SellerCentral

    connection = OAuthConnection.from_env()  # SP_API_CLIENT_ID, SP_API_CLIENT_SECRET, SP_API_REFRESH_TOKEN
    with SellerCentral(connection) as api:
        for order in api.iter_orders(marketplace_ids=["ATVPDKIKX0DER"], created_after="2026-11-01"):
            print(order.amazon_order_id, order.order_status)

Public names are imported on first use, so ``import seller_central`` costs almost nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from seller_central.actions import catalog
    from seller_central.actions.feed_documents import SubmitFeedResult
    from seller_central.backends.memory import MemoryBackend
    from seller_central.backends.redis import RedisBackend
    from seller_central.client import AsyncSellerCentral, SellerCentral
    from seller_central.connection import (
        ClientCredentialsConnection,
        OAuthConnection,
        Region,
        connection_from_env,
        connection_from_profile,
    )
    from seller_central.errors import (
        AmbiguousResponseError,
        AmbiguousResultError,
        APIError,
        AuthError,
        BadRequestError,
        ClientClosedError,
        ConfigurationError,
        ConflictError,
        ConnectError,
        ConsentError,
        DataKioskQueryFailedError,
        DataKioskQueryTimeoutError,
        DocumentDecodeError,
        DocumentError,
        ErrorDetail,
        ForbiddenError,
        InvalidInputError,
        InvalidNotificationError,
        NetworkError,
        NotFoundError,
        OperationFailedError,
        PaginationError,
        ProcessingFailedError,
        ProcessingTimeoutError,
        ReportFailedError,
        ReportTimeoutError,
        RequestTimeoutError,
        SellerCentralError,
        ServerError,
        ThrottledError,
        TokenRequestError,
        UnauthorizedError,
        UnexpectedResponseError,
        WrongConnectionError,
    )
    from seller_central.retry import RetryPolicy

__version__ = "0.1.0"

_ERRORS = (
    "APIError", "AmbiguousResponseError", "AmbiguousResultError", "AuthError", "BadRequestError",
    "ClientClosedError", "ConfigurationError", "ConflictError", "ConnectError", "ConsentError",
    "DocumentError", "ErrorDetail", "ForbiddenError", "InvalidInputError", "NetworkError", "NotFoundError",
    "OperationFailedError", "PaginationError", "InvalidNotificationError", "ProcessingFailedError",
    "ProcessingTimeoutError",
    "ReportFailedError", "ReportTimeoutError", "DataKioskQueryFailedError", "DataKioskQueryTimeoutError",
    "DocumentDecodeError",
    "RequestTimeoutError", "SellerCentralError", "ServerError", "ThrottledError", "TokenRequestError",
    "UnauthorizedError", "UnexpectedResponseError", "WrongConnectionError",
)  # fmt: skip

_EXPORTS: dict[str, str] = {
    "AsyncSellerCentral": "seller_central.client",
    "ClientCredentialsConnection": "seller_central.connection",
    "MemoryBackend": "seller_central.backends.memory",
    "OAuthConnection": "seller_central.connection",
    "RedisBackend": "seller_central.backends.redis",
    "Region": "seller_central.connection",
    "RetryPolicy": "seller_central.retry",
    "SellerCentral": "seller_central.client",
    "SubmitFeedResult": "seller_central.actions.feed_documents",
    "catalog": "seller_central.actions",
    "connection_from_env": "seller_central.connection",
    "connection_from_profile": "seller_central.connection",
    **dict.fromkeys(_ERRORS, "seller_central.errors"),
}

__all__ = [
    "APIError",
    "AmbiguousResponseError",
    "AmbiguousResultError",
    "AsyncSellerCentral",
    "AuthError",
    "BadRequestError",
    "ClientClosedError",
    "ClientCredentialsConnection",
    "ConfigurationError",
    "ConflictError",
    "ConnectError",
    "ConsentError",
    "DataKioskQueryFailedError",
    "DataKioskQueryTimeoutError",
    "DocumentDecodeError",
    "DocumentError",
    "ErrorDetail",
    "ForbiddenError",
    "InvalidInputError",
    "InvalidNotificationError",
    "MemoryBackend",
    "NetworkError",
    "NotFoundError",
    "OAuthConnection",
    "OperationFailedError",
    "PaginationError",
    "ProcessingFailedError",
    "ProcessingTimeoutError",
    "RedisBackend",
    "Region",
    "ReportFailedError",
    "ReportTimeoutError",
    "RequestTimeoutError",
    "RetryPolicy",
    "SellerCentral",
    "SellerCentralError",
    "ServerError",
    "SubmitFeedResult",
    "ThrottledError",
    "TokenRequestError",
    "UnauthorizedError",
    "UnexpectedResponseError",
    "WrongConnectionError",
    "__version__",
    "catalog",
    "connection_from_env",
    "connection_from_profile",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        msg = f"module 'seller_central' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
