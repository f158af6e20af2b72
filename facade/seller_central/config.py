"""The config file: named profiles of connection settings, in TOML.

The file lives at ``$SELLER_CENTRAL_CONFIG``, or ``~/.config/seller-central/config.toml``. Each profile is
one table of flat values::

    [default]
    client_id = "amzn1.application-oa2-client.abc"
    client_secret = "..."
    refresh_token = "Atzr|..."
    region = "EU"

The file holds secrets, so :func:`save_profile` creates it readable by its owner only (mode 0600, in a
directory of mode 0700) and replaces it atomically. Reading uses :mod:`tomllib`; writing is done here,
because profiles only hold strings, booleans and numbers.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from seller_central.errors import ConfigurationError

__all__ = ["ENV_VAR", "default_path", "list_profiles", "load_profile", "save_profile"]

ENV_VAR = "SELLER_CENTRAL_CONFIG"
_FILE_MODE = 0o600
_DIR_MODE = 0o700
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def default_path() -> Path:
    """Return the config path: ``$SELLER_CENTRAL_CONFIG`` or ``~/.config/seller-central/config.toml``."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".config" / "seller-central" / "config.toml"


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message gives the line and column, never the value.
        msg = f"The config file {path} is not valid TOML: {exc}"
        raise ConfigurationError(msg) from None
    except OSError as exc:
        msg = f"The config file {path} cannot be read: {exc.strerror}"
        raise ConfigurationError(msg) from None


def _profiles(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: values for name, values in document.items() if isinstance(values, dict)}


def list_profiles(path: Path | None = None) -> list[str]:
    """Return the names of the profiles in the config file (empty when the file does not exist)."""
    return list(_profiles(_read(path or default_path())))


def load_profile(name: str, *, path: Path | None = None) -> dict[str, Any]:
    """Return the values of one profile.

    Raises:
        ConfigurationError: the file does not exist, is not valid TOML, or has no such profile (the
            message names the profile and the file).
    """
    where = path or default_path()
    if not where.exists():
        msg = (
            f"No config file at {where}, so profile {name!r} does not exist: run `seller-central auth login` "
            f"or set {ENV_VAR} to the file's path"
        )
        raise ConfigurationError(msg)
    profiles = _profiles(_read(where))
    if name not in profiles:
        known = ", ".join(repr(p) for p in profiles) or "none"
        msg = f"The config file {where} has no profile {name!r} (profiles: {known})"
        raise ConfigurationError(msg)
    return dict(profiles[name])


# -- writing ----------------------------------------------------------------------------------------------


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else _string(name)


def _string(value: str) -> str:
    escaped = []
    for char in value:
        if char in {'"', "\\"}:
            escaped.append("\\" + char)
        elif char in {"\n", "\t", "\r", "\b", "\f"}:
            escaped.append({"\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f"}[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:  # noqa: PLR2004 (the control characters TOML forbids raw)
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _value(profile: str, key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return "[" + ", ".join(_string(item) for item in value) + "]"
    msg = f"Profile {profile!r}: {key} must be a string, a boolean, a number or a list of strings"
    raise ConfigurationError(msg)


def _render(profiles: dict[str, dict[str, Any]]) -> str:
    blocks = []
    for name, values in profiles.items():
        lines = [f"[{_key(name)}]"]
        lines.extend(
            f"{_key(key)} = {_value(name, key, value)}" for key, value in values.items() if value is not None
        )
        blocks.append("\n".join(lines))
    header = "# seller-central profiles; this file holds secrets: keep it private (mode 0600).\n\n"
    return header + "\n\n".join(blocks) + "\n"


def _make_directory(directory: Path) -> None:
    if directory.exists():
        return
    directory.parent.mkdir(parents=True, exist_ok=True)
    directory.mkdir(mode=_DIR_MODE, exist_ok=True)
    directory.chmod(_DIR_MODE)  # mkdir's mode is reduced by the umask


def save_profile(name: str, values: dict[str, Any], *, path: Path | None = None) -> Path:
    """Write one profile (replacing it if it exists), keep the others, and return the file's path.

    The file is written to a temporary file next to it (mode 0600) and renamed over the old one, so a
    crash never leaves half a file and the secrets are never readable by others, even for a moment.

    Raises:
        ConfigurationError: a value is not a string, boolean, number or list of strings, or the
            existing file is not valid TOML.
    """
    if not name.strip():
        msg = "A profile needs a name"
        raise ConfigurationError(msg)
    where = path or default_path()
    profiles = _profiles(_read(where))
    profiles[name] = dict(values)
    text = _render(profiles)
    _make_directory(where.parent)
    handle, temporary = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=where.parent)
    try:
        os.fchmod(handle, _FILE_MODE)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        Path(temporary).replace(where)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
    return where
