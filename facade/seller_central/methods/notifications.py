"""Notification actions as client methods (see :mod:`seller_central.actions.notifications`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Unpack

from seller_central._engine import AsyncEngine, SyncEngine
from seller_central._lazy import lazy_module

if TYPE_CHECKING:
    from selling_partner_api.notifications_v1.models import (
        CreateDestinationResponse,
        CreateSubscriptionResponse,
        DeleteDestinationResponse,
        DeleteSubscriptionByIdResponse,
        GetDestinationResponse,
        GetDestinationsResponse,
        GetSubscriptionByIdResponse,
        GetSubscriptionResponse,
        GetSubscriptionsResponse,
        Subscription,
    )

    from seller_central.actions import notifications
    from seller_central.actions.notifications import (
        CreateDestinationInputs,
        CreateSubscriptionInputs,
        DestinationIdInputs,
        ListSubscriptionInputs,
        ListSubscriptionsInputs,
        SubscriptionIdInputs,
    )
else:
    notifications = lazy_module("seller_central.actions.notifications")

__all__ = ["AsyncNotificationsMethods", "NotificationsMethods"]


class NotificationsMethods(SyncEngine):
    """Notifications v1: destinations and subscriptions."""

    def create_destination(self, **inputs: Unpack[CreateDestinationInputs]) -> CreateDestinationResponse:
        """Create Destination, SQS or EventBridge (Notifications createDestination; grantless)."""
        return self._send(notifications.create_destination(self._context, inputs))

    def get_destination(self, **inputs: Unpack[DestinationIdInputs]) -> GetDestinationResponse:
        """Get Destination (Notifications getDestination; grantless)."""
        return self._send(notifications.get_destination(self._context, inputs))

    def delete_destination(self, **inputs: Unpack[DestinationIdInputs]) -> DeleteDestinationResponse:
        """Delete Destination (Notifications deleteDestination; grantless)."""
        return self._send(notifications.delete_destination(self._context, inputs))

    def list_destinations(self) -> GetDestinationsResponse:
        """List Destinations (Notifications getDestinations; grantless)."""
        return self._send(notifications.list_destinations(self._context, {}))

    def create_subscription(self, **inputs: Unpack[CreateSubscriptionInputs]) -> CreateSubscriptionResponse:
        """Create Subscription (Notifications createSubscription; needs a seller's authorization)."""
        return self._send(notifications.create_subscription(self._context, inputs))

    def get_subscription_by_id(self, **inputs: Unpack[SubscriptionIdInputs]) -> GetSubscriptionByIdResponse:
        """Get Subscription By ID (Notifications getSubscriptionById; grantless)."""
        return self._send(notifications.get_subscription_by_id(self._context, inputs))

    def delete_subscription_by_id(
        self, **inputs: Unpack[SubscriptionIdInputs]
    ) -> DeleteSubscriptionByIdResponse:
        """Delete Subscription By ID (Notifications deleteSubscriptionById; grantless)."""
        return self._send(notifications.delete_subscription_by_id(self._context, inputs))

    def list_subscription(self, **inputs: Unpack[ListSubscriptionInputs]) -> GetSubscriptionResponse:
        """List Subscription: the subscription to one notification type (Notifications getSubscription)."""
        return self._send(notifications.list_subscription(self._context, inputs))

    def list_subscriptions(self, **inputs: Unpack[ListSubscriptionsInputs]) -> GetSubscriptionsResponse:
        """List Subscriptions: one page (Notifications getSubscriptions); follow ``payload.next_token``."""
        return self._send(notifications.list_subscriptions(self._context, inputs).first)

    def iter_subscriptions(
        self, *, max_pages: int | None = None, **inputs: Unpack[ListSubscriptionsInputs]
    ) -> Iterator[Subscription]:
        """List Subscriptions across every page, yielding each subscription."""
        return self._items(notifications.list_subscriptions(self._context, inputs), max_pages)


class AsyncNotificationsMethods(AsyncEngine):
    """Notifications v1: destinations and subscriptions, awaited."""

    async def create_destination(
        self, **inputs: Unpack[CreateDestinationInputs]
    ) -> CreateDestinationResponse:
        """Create Destination, SQS or EventBridge (Notifications createDestination; grantless)."""
        return await self._send(notifications.create_destination(self._context, inputs))

    async def get_destination(self, **inputs: Unpack[DestinationIdInputs]) -> GetDestinationResponse:
        """Get Destination (Notifications getDestination; grantless)."""
        return await self._send(notifications.get_destination(self._context, inputs))

    async def delete_destination(self, **inputs: Unpack[DestinationIdInputs]) -> DeleteDestinationResponse:
        """Delete Destination (Notifications deleteDestination; grantless)."""
        return await self._send(notifications.delete_destination(self._context, inputs))

    async def list_destinations(self) -> GetDestinationsResponse:
        """List Destinations (Notifications getDestinations; grantless)."""
        return await self._send(notifications.list_destinations(self._context, {}))

    async def create_subscription(
        self, **inputs: Unpack[CreateSubscriptionInputs]
    ) -> CreateSubscriptionResponse:
        """Create Subscription (Notifications createSubscription; needs a seller's authorization)."""
        return await self._send(notifications.create_subscription(self._context, inputs))

    async def get_subscription_by_id(
        self, **inputs: Unpack[SubscriptionIdInputs]
    ) -> GetSubscriptionByIdResponse:
        """Get Subscription By ID (Notifications getSubscriptionById; grantless)."""
        return await self._send(notifications.get_subscription_by_id(self._context, inputs))

    async def delete_subscription_by_id(
        self, **inputs: Unpack[SubscriptionIdInputs]
    ) -> DeleteSubscriptionByIdResponse:
        """Delete Subscription By ID (Notifications deleteSubscriptionById; grantless)."""
        return await self._send(notifications.delete_subscription_by_id(self._context, inputs))

    async def list_subscription(self, **inputs: Unpack[ListSubscriptionInputs]) -> GetSubscriptionResponse:
        """List Subscription: the subscription to one notification type (Notifications getSubscription)."""
        return await self._send(notifications.list_subscription(self._context, inputs))

    async def list_subscriptions(self, **inputs: Unpack[ListSubscriptionsInputs]) -> GetSubscriptionsResponse:
        """List Subscriptions: one page (Notifications getSubscriptions); follow ``payload.next_token``."""
        return await self._send(notifications.list_subscriptions(self._context, inputs).first)

    def iter_subscriptions(
        self, *, max_pages: int | None = None, **inputs: Unpack[ListSubscriptionsInputs]
    ) -> AsyncIterator[Subscription]:
        """List Subscriptions across every page, yielding each subscription."""
        return self._items(notifications.list_subscriptions(self._context, inputs), max_pages)
