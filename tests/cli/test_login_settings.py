"""``auth login`` finds its token URL through the settings resolution every command uses.

It used to read ``SP_API_TOKEN_URL``, ``SP_API_ALLOW_CUSTOM_HOST`` and the profile's keys itself: the global
``--profile`` was ignored, ``SP_API_SANDBOX=local`` went unseen (the code went to Amazon's LWA), an
environment variable leaked into a profile that was read, and a typo was named after no variable. Here
``consent.login`` is replaced by a stand-in that records where the code would go, so nothing is sent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from seller_central import config, consent
from seller_central.cli.app import EXIT_API_ERROR, EXIT_BAD_INPUT, cli
from seller_central.errors import ConsentError

LOCAL_TOKEN_URL = "http://127.0.0.1:9/auth/o2/token"
PROXY_TOKEN_URL = "https://lwa-proxy.example/auth/o2/token"
LOGIN = [
    "auth", "login", "--profile", "shop", "--client-id", "amzn1.application-oa2-client.settings",
    "--client-secret", "settings-secret", "--application-id", "amzn1.sp.solution.app", "--paste",
]  # fmt: skip


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    names = ("ENDPOINT", "TOKEN_URL", "SANDBOX", "REGION", "ALLOW_CUSTOM_HOST", "REFRESH_TOKEN", "SCOPES")
    return {**{f"SP_API_{name}": "" for name in names}, "SELLER_CENTRAL_CONFIG": str(tmp_path / "c.toml")}


@pytest.fixture
def logins(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []

    def login(**options: Any) -> Any:
        seen.append(options)
        msg = "stopped before the consent page"
        raise ConsentError(msg)

    monkeypatch.setattr(consent, "login", login)
    return seen


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def test_the_global_profile_names_the_token_url(env, logins, tmp_path):
    config.save_profile(
        "proxied", {"token_url": PROXY_TOKEN_URL, "allow_custom_host": True}, path=tmp_path / "c.toml"
    )

    result = run(env, "--profile", "proxied", *LOGIN)
    overridden = run(env, "--profile", "proxied", "--token-url", LOCAL_TOKEN_URL, *LOGIN)  # options win

    assert (result.exit_code, overridden.exit_code) == (EXIT_API_ERROR, EXIT_API_ERROR), result.output
    assert [(login["token_url"], login["allow_custom_host"]) for login in logins] == [
        (PROXY_TOKEN_URL, True),
        (LOCAL_TOKEN_URL, True),
    ]


def test_sp_api_sandbox_local_needs_a_token_url_and_never_goes_to_amazon(env, logins):
    stopped = run({**env, "SP_API_SANDBOX": "local"}, *LOGIN)
    named = run({**env, "SP_API_SANDBOX": "local", "SP_API_TOKEN_URL": LOCAL_TOKEN_URL}, *LOGIN)

    assert stopped.exit_code == EXIT_BAD_INPUT
    assert "--token-url" in stopped.output
    assert named.exit_code == EXIT_API_ERROR, named.output
    assert [login["token_url"] for login in logins] == [LOCAL_TOKEN_URL]


def test_a_profile_that_is_read_is_read_alone(env, logins, tmp_path):
    """The profile logged into exists: its settings are read, not mixed with SP_API_* (as for every command)."""
    config.save_profile("shop", {"token_url": LOCAL_TOKEN_URL}, path=tmp_path / "c.toml")

    result = run({**env, "SP_API_TOKEN_URL": PROXY_TOKEN_URL, "SP_API_ALLOW_CUSTOM_HOST": "true"}, *LOGIN)

    assert result.exit_code == EXIT_API_ERROR, result.output
    assert (logins[0]["token_url"], logins[0]["allow_custom_host"]) == (LOCAL_TOKEN_URL, False)


def test_a_typo_is_named_after_its_variable(env, logins):
    result = run({**env, "SP_API_ALLOW_CUSTOM_HOST": "maybe"}, *LOGIN)

    assert result.exit_code == EXIT_BAD_INPUT
    assert "SP_API_ALLOW_CUSTOM_HOST must be one of" in result.output
    assert logins == []
