"""The config file: named profiles, private permissions, clear errors."""

import stat

import pytest
from seller_central import config
from seller_central.connection import (
    ClientCredentialsConnection,
    OAuthConnection,
    connection_from_env,
    connection_from_profile,
)
from seller_central.errors import ConfigurationError

PROFILE = {
    "client_id": "amzn1.application-oa2-client.abc",
    "client_secret": "amzn1.oa2-cs.v1.secret0123",
    "refresh_token": "Atzr|refresh-0123",
    "region": "EU",
    "is_sandbox": True,
}


def test_saved_profile_loads_back_unchanged(tmp_path):
    """Strings (quotes, backslashes, newlines, accents), booleans, numbers and string lists round-trip."""
    path = tmp_path / "config.toml"
    values = {
        "plain": "value",
        "tricky": 'a "quoted" \\ back\\slash\nnew line\ttab é \x01',
        "flag": False,
        "count": 3,
        "ratio": 0.5,
        "scopes": ["sellingpartnerapi::notifications", "sellingpartnerapi::client_credential:rotation"],
    }

    config.save_profile("default", values, path=path)

    assert config.load_profile("default", path=path) == values


def test_new_file_is_private_in_a_private_directory(tmp_path):
    """A new config file is created with mode 0600 inside a new directory of mode 0700."""
    path = tmp_path / "nested" / "seller-central" / "config.toml"

    config.save_profile("default", PROFILE, path=path)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_saving_makes_an_existing_readable_file_private(tmp_path):
    """Rewriting a file others could read leaves it with mode 0600."""
    path = tmp_path / "config.toml"
    path.write_text("[old]\nclient_id = 'x'\n")
    path.chmod(0o644)

    config.save_profile("default", PROFILE, path=path)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_saving_one_profile_keeps_the_others(tmp_path):
    """Saving a profile replaces that profile only; the other profiles stay as they were."""
    path = tmp_path / "config.toml"
    config.save_profile("eu", PROFILE, path=path)
    config.save_profile("us", {**PROFILE, "region": "NA"}, path=path)

    config.save_profile("eu", {**PROFILE, "region": "FE"}, path=path)

    assert config.list_profiles(path) == ["eu", "us"]
    assert config.load_profile("eu", path=path)["region"] == "FE"
    assert config.load_profile("us", path=path)["region"] == "NA"


def test_profile_names_that_need_quoting_round_trip(tmp_path):
    """Profile names with spaces or dots are quoted in the file and found again by name."""
    path = tmp_path / "config.toml"

    config.save_profile("my shop.eu", PROFILE, path=path)

    assert config.list_profiles(path) == ["my shop.eu"]
    assert config.load_profile("my shop.eu", path=path) == PROFILE


def test_missing_file_error_names_the_profile_and_the_file(tmp_path):
    """Loading from a file that does not exist says which profile and which path."""
    path = tmp_path / "absent.toml"

    with pytest.raises(ConfigurationError) as caught:
        config.load_profile("shop", path=path)

    assert "'shop'" in str(caught.value)
    assert str(path) in str(caught.value)


def test_missing_profile_error_lists_the_profiles_there_are(tmp_path):
    """Asking for an unknown profile names it, the file, and the profiles the file has."""
    path = tmp_path / "config.toml"
    config.save_profile("eu", PROFILE, path=path)

    with pytest.raises(ConfigurationError) as caught:
        config.load_profile("us", path=path)

    message = str(caught.value)
    assert "'us'" in message
    assert "'eu'" in message
    assert str(path) in message


def test_invalid_toml_is_a_configuration_error(tmp_path):
    """A file that is not TOML gives a ConfigurationError naming the file."""
    path = tmp_path / "config.toml"
    path.write_text("[default\nclient_id = \n")

    with pytest.raises(ConfigurationError, match="not valid TOML"):
        config.load_profile("default", path=path)


def test_values_that_are_not_flat_are_refused(tmp_path):
    """A nested value cannot be written, and the error names the key."""
    with pytest.raises(ConfigurationError, match="nested"):
        config.save_profile("default", {"nested": {"a": 1}}, path=tmp_path / "config.toml")


def test_default_path_follows_the_environment_variable(monkeypatch, tmp_path):
    """$SELLER_CENTRAL_CONFIG wins; otherwise the file is ~/.config/seller-central/config.toml."""
    monkeypatch.setenv("SELLER_CENTRAL_CONFIG", str(tmp_path / "elsewhere.toml"))
    assert config.default_path() == tmp_path / "elsewhere.toml"

    monkeypatch.delenv("SELLER_CENTRAL_CONFIG")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert config.default_path() == tmp_path / ".config" / "seller-central" / "config.toml"


def test_list_profiles_of_a_missing_file_is_empty(tmp_path):
    """There are no profiles in a file that does not exist yet."""
    assert config.list_profiles(tmp_path / "none.toml") == []


def test_connections_load_from_a_saved_profile(tmp_path):
    """Both connection kinds build from profiles written by save_profile."""
    path = tmp_path / "config.toml"
    config.save_profile("seller", PROFILE, path=path)
    config.save_profile(
        "app",
        {
            "client_id": "app",
            "client_secret": "amzn1.oa2-cs.v1.x",
            "scopes": ["sellingpartnerapi::notifications"],
        },
        path=path,
    )

    seller = OAuthConnection.from_profile("seller", path=path)
    app = ClientCredentialsConnection.from_profile("app", path=path)

    assert seller.base_url == "https://sandbox.sellingpartnerapi-eu.amazon.com"
    assert seller.refresh_token == "Atzr|refresh-0123"
    assert app.scopes == ("sellingpartnerapi::notifications",)


def test_a_profile_gives_the_connection_of_its_kind(tmp_path):
    """connection_from_profile picks the class: kind, or scopes without a refresh token, mean client credentials."""
    path = tmp_path / "config.toml"
    config.save_profile("seller", PROFILE, path=path)
    config.save_profile(
        "app",
        {"client_id": "app", "client_secret": "s", "scopes": ["sellingpartnerapi::notifications"]},
        path=path,
    )
    config.save_profile(
        "declared", {"kind": "client_credentials", "client_id": "app", "client_secret": "s"}, path=path
    )

    seller = connection_from_profile("seller", path=path)
    app = connection_from_profile("app", path=path, endpoint="http://127.0.0.1:8765")
    declared = connection_from_profile("declared", path=path)

    assert (type(seller), type(app), type(declared)) == (
        OAuthConnection,
        ClientCredentialsConnection,
        ClientCredentialsConnection,
    )
    assert app.base_url == "http://127.0.0.1:8765"


def test_the_environment_gives_the_connection_of_its_kind():
    """connection_from_env: SP_API_SCOPES without SP_API_REFRESH_TOKEN means client credentials."""
    base = {"SP_API_CLIENT_ID": "app", "SP_API_CLIENT_SECRET": "s"}

    seller = connection_from_env({**base, "SP_API_REFRESH_TOKEN": "Atzr|r", "SP_API_SCOPES": "x"})
    app = connection_from_env({**base, "SP_API_SCOPES": "sellingpartnerapi::notifications"})

    assert (type(seller), type(app)) == (OAuthConnection, ClientCredentialsConnection)
