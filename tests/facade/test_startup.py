"""Start-up: building a client imports no generated API until an action needs it."""

from __future__ import annotations

import subprocess
import sys


def python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603 (our own interpreter, fixed code)
    return done.stdout.strip()


def test_no_generated_api_is_imported_until_an_action_needs_it():
    """Building a client loads only the generated package's shared runtime, not one API (nor the RDT one).

    ``namespaces`` is the clients' base (one property per API); it imports no API until one is read.
    """
    out = python(
        "import sys\n"
        "from seller_central import OAuthConnection, SellerCentral\n"
        "SellerCentral(OAuthConnection(client_id='a', client_secret='b', refresh_token='Atzr|c')).close()\n"
        "print(sorted(m for m in sys.modules if m.startswith('selling_partner_api')))"
    )

    assert out == "['selling_partner_api', 'selling_partner_api.namespaces', 'selling_partner_api.types']"
