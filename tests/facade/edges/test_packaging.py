"""Packaging and the newcomer's first commands: metadata, `python -m seller_central`, the Makefile's checks.

Building a wheel needs setuptools>=77 from the registry (the suite runs offline), so the build itself is not
run here; the metadata it reads is checked instead.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_license_is_an_spdx_expression_with_a_setuptools_that_reads_it():
    """`license` is the SPDX string (no deprecation warning), which setuptools reads from version 77 on."""
    project = PYPROJECT["project"]
    requires = PYPROJECT["build-system"]["requires"]

    assert project["license"] == "Apache-2.0"
    assert not [
        c for c in project.get("classifiers", []) if c.startswith("License ::")
    ]  # PEP 639 forbids both
    (setuptools,) = [r for r in requires if r.startswith("setuptools")]
    minimum = re.fullmatch(r"setuptools>=(\d+)(?:\.\d+)*", setuptools)
    assert minimum is not None
    assert int(minimum[1]) >= 77


def _python_m(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "facade"), str(ROOT / "generated")])}
    return subprocess.run(  # noqa: S603 (our own module, fixed arguments)
        [sys.executable, "-m", "seller_central", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_python_m_seller_central_runs_the_cli():
    """`python -m seller_central --version` and `completion bash` work as the console script does."""
    version = _python_m("--version")
    completion = _python_m("completion", "bash")

    assert version.returncode == 0, version.stderr
    assert re.fullmatch(r"seller-central, version \S+\n", version.stdout)
    assert completion.returncode == 0, completion.stderr
    assert "_SELLER_CENTRAL_COMPLETE" in completion.stdout


def test_importing_the_main_module_runs_nothing():
    """`import seller_central.__main__` (a tool walking the package) neither runs the CLI nor exits."""
    module = importlib.import_module("seller_central.__main__")

    assert module.__doc__


# -- the Makefile ------------------------------------------------------------------------------------------


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A folder holding the Makefile and no fetched models, outside any git checkout; its own venv stamp.

    The stamp is newer than pyproject.toml, so make never builds a virtual environment here (and the shared
    .venv is never touched: VENV is this folder's).
    """
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    (tmp_path / ".venv").mkdir()
    stamp = tmp_path / ".venv" / ".installed"
    stamp.write_text("", encoding="utf-8")
    os.utime(tmp_path / "pyproject.toml", (1_000_000_000, 1_000_000_000))
    return tmp_path


def _make(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    make = shutil.which("make")
    assert make is not None, "make is needed (the README's commands are make targets)"
    return subprocess.run(  # noqa: S603 (make with fixed arguments, in a temporary folder)
        [make, "--no-print-directory", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_make_test_fast_without_models_stops_with_the_hint(checkout):
    """`make test-fast` before `make specs`: one line saying to run make specs, status 2, no pytest run."""
    done = _make(checkout, "test-fast")

    assert done.returncode == 2
    assert "run make specs" in done.stderr
    assert "pytest" not in done.stdout


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"MODELS_MIRROR": "{snapshot}"}, "--mirror {snapshot}"),
        ({"SPECS_MIRROR": "{root}/old", "MODELS_MIRROR": "{snapshot}"}, "--mirror {snapshot}"),
        ({"MODELS_MIRROR": "{root}"}, "--mirror-root {root}"),
        ({}, ""),
    ],
    ids=[
        "models-mirror-snapshot",
        "models-mirror-wins-over-the-alias",
        "models-mirror-root",
        "none-download",
    ],
)
def test_make_specs_takes_the_mirror_it_is_given(checkout, tmp_path_factory, variables, expected):
    """MODELS_MIRROR names a snapshot or a folder of them (and wins over the older SPECS_MIRROR, which alone
    still works: make's variables are read as before); outside a checkout with a shared mirror beside it,
    nothing is assumed (the models are downloaded): no hard-coded fallback path.
    """
    root = tmp_path_factory.mktemp("mirrors")
    snapshot = root / "2026-08-05-34dc93f"
    snapshot.mkdir()
    (snapshot / "SOURCE").write_text("34dc93f\n", encoding="utf-8")
    values = {key: value.format(snapshot=snapshot, root=root) for key, value in variables.items()}

    done = _make(checkout, "-n", "specs", *(f"{key}={value}" for key, value in values.items()))

    (command,) = [line for line in done.stdout.splitlines() if "-m generator specs" in line]
    assert command.split("-m generator specs", 1)[1].strip() == expected.format(snapshot=snapshot, root=root)
    assert "/work/shared" not in done.stdout


def test_the_test_suite_stops_at_once_without_models(tmp_path):
    """A pytest run without the models stops before any test with the hint, instead of ~200 failures."""
    (tmp_path / "tests").mkdir()
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "tests" / "conftest.py")
    (tmp_path / "tests" / "test_one.py").write_text("def test_one():\n    assert True\n", encoding="utf-8")
    (tmp_path / "specs" / "models").mkdir(parents=True)

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "tests"],
            cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip

    missing = run()
    (tmp_path / "specs" / "models" / "orders-api-model").mkdir()
    (tmp_path / "specs" / "models" / "orders-api-model" / "ordersV0.json").write_text("{}", encoding="utf-8")
    present = run()

    assert missing.returncode == pytest.ExitCode.USAGE_ERROR
    assert "run `make specs` first" in missing.stdout + missing.stderr
    assert "1 passed" not in missing.stdout
    assert present.returncode == 0, present.stdout
    assert "1 passed" in present.stdout
