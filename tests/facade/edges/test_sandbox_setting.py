"""``SP_API_SANDBOX=local`` and a profile's ``is_sandbox = "local"`` are one setting, read by one rule.

The environment and a profile said ``local`` through two separate special cases, which disagreed on what a
keyword argument given beside it does: ``is_sandbox=True`` (the CLI's ``--sandbox``) lost to the variable but
won over the profile, and ``sandbox="amazon"`` won over the variable but lost to the profile. Keyword
arguments win over both sources, whatever the setting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from seller_central import config
from seller_central.connection import (
    DEFAULT_TOKEN_URL,
    OAuthConnection,
    connection_from_env,
    connection_from_profile,
)

LOOPBACK = "http://127.0.0.1:9"  # given, so sandbox="local" never looks for (or starts) a sandbox
CREDENTIALS = {
    "client_id": "amzn1.application-oa2-client.setting",
    "client_secret": "setting-secret",
    "refresh_token": "Atzr|setting",
    "endpoint": LOOPBACK,
}
ENV = {
    "SP_API_CLIENT_ID": CREDENTIALS["client_id"],
    "SP_API_CLIENT_SECRET": CREDENTIALS["client_secret"],
    "SP_API_REFRESH_TOKEN": CREDENTIALS["refresh_token"],
    "SP_API_ENDPOINT": LOOPBACK,
}


def from_environment(word: str, **overrides: Any) -> Any:
    return connection_from_env({**ENV, "SP_API_SANDBOX": word}, **overrides)


def from_oauth_environment(word: str, **overrides: Any) -> Any:
    return OAuthConnection.from_env({**ENV, "SP_API_SANDBOX": word}, **overrides)


def from_profile(word: str, tmp_path: Path, **overrides: Any) -> Any:
    path = tmp_path / "config.toml"
    config.save_profile("p", {**CREDENTIALS, "is_sandbox": word}, path=path)
    return connection_from_profile("p", path=path, **overrides)


def from_oauth_profile(word: str, tmp_path: Path, **overrides: Any) -> Any:
    path = tmp_path / "config.toml"
    config.save_profile("p", {**CREDENTIALS, "is_sandbox": word}, path=path)
    return OAuthConnection.from_profile("p", path=path, **overrides)


SOURCES = {
    "connection_from_env": lambda word, _tmp, **o: from_environment(word, **o),
    "OAuthConnection.from_env": lambda word, _tmp, **o: from_oauth_environment(word, **o),
    "connection_from_profile": from_profile,
    "OAuthConnection.from_profile": from_oauth_profile,
}


def where(connection: Any) -> tuple[str | None, bool, str]:
    """Which sandbox a connection uses: its sandbox choice, the sandbox flag, and its token URL."""
    return connection.sandbox, connection.is_sandbox, connection.token_url


LOCAL = ("local", True, f"{LOOPBACK}/auth/o2/token")
AMAZON = (None, True, DEFAULT_TOKEN_URL)


@pytest.mark.parametrize("source", sorted(SOURCES))
@pytest.mark.parametrize(
    ("word", "overrides", "expected"),
    [
        ("local", {}, LOCAL),
        (" LOCAL ", {}, LOCAL),
        ("true", {}, AMAZON),
        ("local", {"is_sandbox": True}, AMAZON),  # --sandbox beside SP_API_SANDBOX=local: the argument wins
        ("local", {"sandbox": "amazon"}, ("amazon", True, DEFAULT_TOKEN_URL)),
        ("true", {"sandbox": "local"}, LOCAL),
    ],
)
def test_every_source_reads_the_sandbox_setting_alike(
    source: str, word: str, overrides: dict[str, Any], expected: tuple[Any, ...], tmp_path: Path
):
    assert where(SOURCES[source](word, tmp_path, **overrides)) == expected
