"""Start-up: a library import of the client does not load httpx's command-line tool (click, rich)."""

from __future__ import annotations

import subprocess
import sys


def python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603 (our own interpreter, fixed code)
    return done.stdout.strip()


def test_the_client_imports_httpx_without_its_cli():
    """Importing the client loads httpx but not httpx._main, click or rich, and leaves no finder behind."""
    out = python(
        "import sys, seller_central.client\n"
        "print(sorted(m for m in ('httpx', 'httpx._main', 'click', 'rich') if m in sys.modules))\n"
        "print(any(type(f).__name__ == '_SkipHttpxCli' for f in sys.meta_path))"
    )

    assert out.splitlines() == ["['httpx']", "False"]


def test_httpx_cli_can_still_be_imported_on_purpose():
    """The finder refuses httpx._main only once, during httpx's own import."""
    out = python("import seller_central.client, httpx._main, sys; print('httpx._main' in sys.modules)")

    assert out == "True"


def test_nothing_is_changed_when_httpx_was_imported_first():
    """With httpx already imported, seller_central installs nothing."""
    out = python(
        "import sys, httpx, seller_central\n"
        "print(any(type(f).__name__ == '_SkipHttpxCli' for f in sys.meta_path))"
    )

    assert out == "False"


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
