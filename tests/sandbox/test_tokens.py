"""The sandbox's token registry with an injected clock: lifetimes and which token may call what."""

from __future__ import annotations

from seller_central import operations
from seller_central.sandbox.tokens import Resource, TokenRegistry


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def check(
    registry: TokenRegistry, token: str, key: str = "orders_v0.getOrder", path: str = "/orders/v0/orders/1"
):
    operation = operations.get(key)
    return registry.check(token, method=operation.method, path=path, operation=operation)


def test_token_expires_after_its_lifetime():
    """A token is valid until its lifetime has passed, then gets the expired message."""
    clock = Clock()
    registry = TokenRegistry(lifetime_seconds=60, clock=clock)
    token = registry.issue_access()
    clock.now += 59
    assert check(registry, token) is None
    clock.now += 1
    denial = check(registry, token)
    assert denial is not None
    assert denial.message == "The access token you provided has expired."


def test_long_expired_tokens_are_forgotten():
    """Tokens a lifetime past expiry are dropped when new ones are issued, and then read as invalid."""
    clock = Clock()
    registry = TokenRegistry(lifetime_seconds=60, clock=clock)
    old = registry.issue_access()
    clock.now += 121
    registry.issue_access()
    denial = check(registry, old)
    assert denial is not None
    assert "invalid" in denial.details


def test_resource_templates_cover_one_segment_per_placeholder():
    """An RDT resource path with a placeholder covers concrete paths of the same shape and method."""
    resource = Resource(method="GET", path="/orders/v0/orders/{orderId}/address")
    assert resource.covers("get", "/orders/v0/orders/123-1234567-1234567/address")
    assert not resource.covers("GET", "/orders/v0/orders/1/2/address")
    assert not resource.covers("POST", "/orders/v0/orders/1/address")


def test_grantless_scope_must_match():
    """A grantless token with another scope cannot call a grantless operation."""
    registry = TokenRegistry()
    token = registry.issue_access(scopes=["sellingpartnerapi::client_credential:rotation"])
    denial = check(registry, token, "notifications_v1.getDestinations", "/notifications/v1/destinations")
    assert denial is not None
    assert "sellingpartnerapi::notifications" in denial.details
