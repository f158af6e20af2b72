"""Every generated module imports; the runtime is shared; one operation loads only what it needs."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import selling_partner_api

ROOT = Path(selling_partner_api.__file__).parent
# One subpackage per API model; ``schemas`` holds the JSON-schema models (tests/generated/test_schema_models.py).
PACKAGES = sorted(path.parent.name for path in ROOT.glob("*/__init__.py") if path.parent.name != "schemas")
RUNTIME = ("client", "types", "errors", "codec")


def module_names(package: str) -> list[str]:
    folder = ROOT / package
    names = []
    for path in sorted(folder.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(("selling_partner_api", *parts)))
    return names


def test_all_66_models_have_a_subpackage():
    """One subpackage per pinned model, and the root package lists each with its model file."""
    assert len(PACKAGES) == 66
    assert sorted(selling_partner_api.PACKAGES) == PACKAGES
    assert all(
        file.startswith("models/") and file.endswith(".json")
        for file in selling_partner_api.PACKAGES.values()
    )


def test_the_root_package_names_the_pinned_commit():
    """The package says which model commit it was generated from, matching the operation table."""
    table = json.loads((ROOT / "_operations.json").read_text(encoding="utf-8"))

    assert selling_partner_api.MODEL_REPOSITORY == "amzn/selling-partner-api-models"
    assert selling_partner_api.MODEL_COMMIT == table["commit"] == "34dc93fe45f37c9a0b2e56823c808f68b4f81754"


@pytest.mark.parametrize("name", RUNTIME)
def test_the_shared_runtime_imports_and_is_not_copied(name):
    """client, types, errors and codec exist once, at the root, and in no subpackage."""
    importlib.import_module(f"selling_partner_api.{name}")

    assert [package for package in PACKAGES if (ROOT / package / f"{name}.py").exists()] == []


@pytest.mark.parametrize("package", PACKAGES)
def test_every_module_of_the_subpackage_imports(package):
    """Each module under the subpackage (package, api, every operation, every model and enum) imports."""
    names = module_names(package)

    for name in names:
        importlib.import_module(name)

    assert f"selling_partner_api.{package}.api" in names
    assert f"selling_partner_api.{package}.models" in names


@pytest.mark.parametrize("package", PACKAGES)
def test_every_lazy_model_name_resolves_to_its_class(package):
    """Each name the lazy ``models`` package lists resolves to the class of that name in its own module."""
    models = importlib.import_module(f"selling_partner_api.{package}.models")

    assert models.__all__
    for name in models.__all__:
        value = getattr(models, name)
        assert isinstance(value, type)
        assert value.__name__ == name
        assert value.__module__.startswith(f"selling_partner_api.{package}.models.")


def loaded_after(code: str) -> set[str]:
    """Run code in a fresh interpreter and return the selling_partner_api modules it loaded."""
    script = (
        f"import sys\n{code}\n"
        "print('\\n'.join(m for m in sys.modules if m.startswith('selling_partner_api')))"
    )
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603 (our own script)
    return set(done.stdout.split())


def test_importing_an_operation_loads_no_model():
    """Importing get_orders loads the runtime and the lazy models package, but no model module."""
    loaded = loaded_after("import selling_partner_api.orders_v0.api.get_orders")

    assert "selling_partner_api.orders_v0.api.get_orders" in loaded
    assert [name for name in loaded if name.startswith("selling_partner_api.orders_v0.models.")] == []
    assert [name for name in loaded if name.startswith("selling_partner_api.feeds_2021_06_30")] == []


def test_parsing_a_response_loads_only_the_models_its_data_uses():
    """Reading an empty getOrders page loads the response models on its path, not the item models."""
    code = (
        "import httpx\n"
        "from selling_partner_api.orders_v0.api import get_orders\n"
        "get_orders.parse_response(httpx.Response(200, json={'payload': {'Orders': []}})).payload.orders"
    )

    loaded = loaded_after(code)

    models = {
        name.rsplit(".", 1)[1] for name in loaded if name.startswith("selling_partner_api.orders_v0.models.")
    }
    assert models == {"get_orders_response", "orders_list"}
