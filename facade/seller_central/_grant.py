"""AuthorizationGrant: what LWA returns for a consent code (see ``tokens.exchange_authorization_code``).

A module of its own so that the token manager, which every process imports, does not define it (cold start).
"""

from __future__ import annotations

import attrs

__all__ = ["AuthorizationGrant"]


@attrs.frozen(kw_only=True)
class AuthorizationGrant:
    """What LWA returns for a consent code: the seller's refresh token and a first access token."""

    refresh_token: str = attrs.field(repr=False)
    access_token: str = attrs.field(repr=False)
    expires_in: float
