"""An embedded local sandbox: Amazon's static sandbox for all the pinned models, plus an LWA token endpoint.

It answers each SP-API request whose values match a static sandbox example of the models with that
example's status and body, and any other request for a known operation with a 400 error envelope that lists
the values the examples accept. Requests need an ``x-amz-access-token`` the sandbox issued from its own
``POST /auth/o2/token``, so every connection type (refresh token, client credentials, consent flow, RDT)
works against it. Start it with::

    with SandboxServer() as server:
        connection = OAuthConnection(..., endpoint=server.url, token_url=server.token_url)

or from a shell with ``seller-central sandbox serve``. Where it deviates from Amazon's static sandbox
(document URLs, RDTs for any body) is written in :mod:`~seller_central.sandbox.documents` and
:mod:`~seller_central.sandbox.spapi`.
"""

from seller_central.sandbox.log import RecordedRequest
from seller_central.sandbox.server import DEFAULT_PORT, SandboxServer, main_serve, serve

__all__ = ["DEFAULT_PORT", "RecordedRequest", "SandboxServer", "main_serve", "serve"]
