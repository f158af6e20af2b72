"""The public surface: every exported name resolves, and the list is sorted and complete."""

from __future__ import annotations

import subprocess
import sys

import seller_central
from seller_central import errors


def test_all_is_sorted():
    """__all__ is one sorted list, so additions land in one obvious place."""
    assert seller_central.__all__ == sorted(seller_central.__all__)


def test_every_exported_name_resolves():
    """Each name in __all__ is importable from the package root."""
    for name in seller_central.__all__:
        assert getattr(seller_central, name) is not None, name


def test_errors_are_all_exported():
    """Every public exception of seller_central.errors is reachable from the package root."""
    exported = set(seller_central.__all__)
    for name in errors.__all__:
        if name.endswith("Error") or name == "ErrorDetail":
            assert name in exported, name


def test_importing_the_package_loads_no_generated_model():
    """`import seller_central` is cheap: it loads neither the client stack nor any generated code."""
    code = "import sys, seller_central; print(sorted(m for m in sys.modules if m.startswith(('selling_partner_api', 'httpx'))))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603 (our own interpreter, fixed code)

    assert done.stdout.strip() == "[]"


def test_both_packages_declare_inline_types():
    """PEP 561: a user's mypy reads our annotations only when each package ships a py.typed marker."""
    from importlib.resources import files  # noqa: PLC0415

    for package in ("seller_central", "selling_partner_api"):
        assert files(package).joinpath("py.typed").is_file(), package
