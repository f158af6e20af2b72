"""Fixtures of the cassette tests: the target (replay, local sandbox or Amazon), VCR.py's config, ``api``.

Replay is the default and needs nothing running. ``make record`` passes ``--record-mode=rewrite``, which
starts the local sandbox once for the session; ``make record-live`` also sets
``SELLER_CENTRAL_CASSETTES=live``. See :mod:`tests.cassettes.harness`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from seller_central.sandbox import SandboxServer

from tests.cassettes import harness, scrub


@pytest.fixture(scope="session")
def target(record_mode: str) -> Iterator[harness.Target]:
    """Where this session's requests go: nowhere (replay), the local sandbox, or Amazon's sandbox."""
    if record_mode == "none":
        yield harness.Target(connection=harness.local_connection(), mode="replay")
        return
    if os.environ.get(harness.MODE_VARIABLE) == "live":
        missing = harness.missing_live_credentials(os.environ)
        if missing:
            pytest.exit(f"recording live needs {', '.join(missing)} in the environment", returncode=2)
        yield harness.live_target(os.environ)
        return
    # The sandbox checks the test credentials as LWA would, so a recording proves they were sent.
    sandbox = SandboxServer(
        credentials={harness.CLIENT_ID: harness.CLIENT_SECRET}, refresh_tokens={harness.REFRESH_TOKEN}
    )
    with sandbox as server:
        yield harness.Target(connection=harness.local_connection(), mode="local", proxy=server.url)


@pytest.fixture
def vcr_config(target: harness.Target) -> dict[str, Any]:
    # The test secrets are scrubbed in every mode, the environment's real ones too when recording live.
    return scrub.vcr_config(secrets=(harness.CLIENT_SECRET, harness.REFRESH_TOKEN, *target.secrets))


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    return str(harness.CASSETTES / Path(str(request.node.path)).stem)


@pytest.fixture(params=["sync", "async"])
def api(request: pytest.FixtureRequest, target: harness.Target, vcr: Any) -> harness.Api:
    """Runs an action on ``SellerCentral`` or ``AsyncSellerCentral``, each with its own cassette."""
    return harness.Api(request.param, target, vcr)
