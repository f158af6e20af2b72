"""The whole generation: small temporary spec sets for its failures, the real models for reproducibility."""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
from pathlib import Path
from typing import Any

import attrs
import pytest

from generator import pipeline
from generator.errors import GeneratorError
from generator.pipeline import Paths, check, generate

WIDGETS = "models/widgets-api-model/widgets_2024-01-01.json"
GADGETS = "models/gadgets-api-model/gadgets_2024-01-01.json"
PACKAGE = "selling_partner_api"


def swagger(api: str, operation_id: str, **operation: Any) -> dict[str, Any]:
    """A one-operation Swagger 2.0 model in Amazon's style (usage-plan table included)."""
    description = "Reads one.\n\n| Rate (requests per second) | Burst |\n| ---- | ---- |\n| 2 | 5 |"
    return {
        "swagger": "2.0",
        "info": {"title": f"{api.title()} API", "version": "2024-01-01"},
        "host": "sellingpartnerapi-na.amazon.com",
        "paths": {
            f"/{api}/2024-01-01/items/{{itemId}}": {
                "get": {
                    "operationId": operation_id,
                    "description": description,
                    "parameters": [{"name": "itemId", "in": "path", "required": True, "type": "string"}],
                    "responses": {"200": {"description": "OK", "schema": {"$ref": "#/definitions/Item"}}},
                    **operation,
                }
            }
        },
        "definitions": {"Item": {"type": "object", "properties": {"itemId": {"type": "string"}}}},
    }


def write_specs(
    root: Path,
    models: dict[str, Any],
    *,
    patches: dict[str, Any] | None = None,
    facts: dict[str, Any] | None = None,
) -> Paths:
    """Write a specs folder (lock, models, patches, facts) and return Paths writing into root/out."""
    specs = root / "specs"
    checksums = {}
    for name, model in models.items():
        path = specs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(model if isinstance(model, str) else json.dumps(model), encoding="utf-8")
        checksums[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    lock = {"repository": "amzn/selling-partner-api-models", "commit": "ab" * 20, "files": checksums}
    (specs / "lock.json").write_text(json.dumps(lock), encoding="utf-8")
    (specs / "patches").mkdir()
    for name, patch in (patches or {}).items():
        (specs / "patches" / name).write_text(json.dumps(patch), encoding="utf-8")
    (specs / "operation-facts.json").write_text(json.dumps(facts or {}), encoding="utf-8")
    return Paths(specs=specs, models=specs, output=root / "out")


def generation_error(paths: Paths, workers: int = 1) -> GeneratorError:
    with pytest.raises(GeneratorError) as caught:
        generate(paths, workers=workers)
    return caught.value


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder (tool caches aside), by relative path."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and ".ruff_cache" not in path.parts
    }


@pytest.fixture
def two_models(tmp_path):
    return write_specs(
        tmp_path, {WIDGETS: swagger("widgets", "getWidget"), GADGETS: swagger("gadgets", "getGadget")}
    )


class TestSmallGeneration:
    def test_writes_one_subpackage_per_model_with_the_operation_table(self, two_models):
        """Two models give two subpackages, a shared runtime, and one table row per operation."""
        target = generate(two_models, workers=1)

        assert target == two_models.output / PACKAGE
        for module in ("widgets_2024_01_01/api/get_widget.py", "gadgets_2024_01_01/api/get_gadget.py"):
            assert (target / module).is_file()
        for runtime in ("client.py", "types.py", "errors.py", "codec.py", "py.typed"):
            assert (target / runtime).is_file()
        rows = json.loads((target / "_operations.json").read_text(encoding="utf-8"))["operations"]
        assert [(row["key"], row["rate"], row["burst"]) for row in rows] == [
            ("gadgets_2024_01_01.getGadget", 2.0, 5),
            ("widgets_2024_01_01.getWidget", 2.0, 5),
        ]

    def test_parallel_and_serial_generation_write_the_same_bytes(self, two_models, tmp_path):
        """One process or two, the output is identical."""
        serial = read_tree(generate(two_models, workers=1))
        parallel = read_tree(generate(attrs.evolve(two_models, output=tmp_path / "parallel"), workers=2))

        assert serial == parallel

    def test_the_output_replaces_the_previous_package(self, two_models):
        """A file left over from an earlier generation does not survive the next one."""
        leftover = two_models.output / PACKAGE / "old_v0" / "gone.py"
        leftover.parent.mkdir(parents=True)
        leftover.write_text("# stale", encoding="utf-8")

        generate(two_models, workers=1)

        assert not leftover.exists()

    def test_no_tool_cache_is_left_in_the_package(self, two_models):
        """Formatting leaves no .ruff_cache behind (it would make check-generated fail)."""
        target = generate(two_models, workers=1)

        assert [path for path in target.rglob("*") if path.name.startswith(".")] == []


class TestFailures:
    @pytest.mark.parametrize("workers", [1, 2], ids=["serial", "parallel"])
    def test_an_unparseable_model_is_one_error_naming_the_file(self, tmp_path, workers):
        """Invalid JSON in one model stops generation with one error naming that model, in either mode."""
        paths = write_specs(
            tmp_path, {WIDGETS: swagger("widgets", "getWidget"), GADGETS: '{"swagger": "2.0",'}
        )

        error = generation_error(paths, workers)

        assert error.where == GADGETS
        assert "cannot read the model as JSON" in error.problem

    def test_a_model_with_an_unsupported_feature_is_one_error_naming_file_and_pointer(self, tmp_path):
        """A formData parameter stops generation with the model's name and the parameter's pointer."""
        upload = {"name": "file", "in": "formData", "type": "string"}
        model = swagger("widgets", "getWidget")
        model["paths"]["/widgets/2024-01-01/items/{itemId}"]["get"]["parameters"].append(upload)
        paths = write_specs(tmp_path, {WIDGETS: model})

        error = generation_error(paths)

        assert error.where == WIDGETS
        assert error.problem.startswith("/paths/~1widgets~12024-01-01~1items~1{itemId}/get/parameters/1/in: ")
        assert "formData" in error.problem

    def test_a_model_the_templates_cannot_express_is_one_error_naming_the_file(self, tmp_path):
        """A render-time failure (a 2XX status range) names the model file and then the path at fault."""
        model = swagger("widgets", "getWidget", responses={"2XX": {"description": "OK"}})
        paths = write_specs(tmp_path, {WIDGETS: model})

        error = generation_error(paths)

        assert error.where == WIDGETS
        assert error.problem.startswith("/widgets/2024-01-01/items/{item_id}: status ranges")

    def test_a_missing_models_folder_is_one_error_naming_it(self, tmp_path):
        """Generating before the models are fetched names the folder and says how to fetch them."""
        paths = write_specs(tmp_path, {WIDGETS: swagger("widgets", "getWidget")})
        shutil.rmtree(paths.models / "models")
        paths = attrs.evolve(paths, models=tmp_path / "nowhere")

        error = generation_error(paths)

        assert error.where == str(tmp_path / "nowhere")
        assert "make specs" in error.problem

    def test_a_model_changed_after_locking_is_one_error_naming_it(self, tmp_path):
        """A model whose bytes differ from the lock is refused before anything is generated."""
        paths = write_specs(tmp_path, {WIDGETS: swagger("widgets", "getWidget")})
        (paths.models / WIDGETS).write_text("{}", encoding="utf-8")

        error = generation_error(paths)

        assert error.where == str(paths.models / WIDGETS)
        assert "checksum mismatch" in error.problem
        assert not paths.output.exists()

    def test_a_stale_patch_is_one_error_naming_the_patch(self, tmp_path):
        """A patch whose expectation no longer holds stops generation, naming the patch file."""
        stale = {
            "file": WIDGETS,
            "reason": "Renames a duplicate id.",
            "operations": [{"op": "replace", "path": "/info/title", "expect": "Old API", "value": "New API"}],
        }
        paths = write_specs(
            tmp_path, {WIDGETS: swagger("widgets", "getWidget")}, patches={"001-x.json": stale}
        )

        error = generation_error(paths)

        assert error.where == "specs/patches/001-x.json"
        assert "no longer matches" in error.problem

    def test_a_patch_for_a_model_the_lock_does_not_pin_is_an_error(self, tmp_path):
        """A patch naming an unknown model file is an error, not silently skipped."""
        orphan = {
            "file": "models/gone/gone.json",
            "reason": "Fixes a model that was removed.",
            "operations": [{"op": "add", "path": "/x", "value": 1}],
        }
        paths = write_specs(
            tmp_path, {WIDGETS: swagger("widgets", "getWidget")}, patches={"002-y.json": orphan}
        )

        error = generation_error(paths)

        assert error.where == "specs/patches/002-y.json"
        assert "models/gone/gone.json" in error.problem

    def test_an_operation_fact_naming_no_operation_is_an_error(self, tmp_path):
        """A restricted-operation fact for an unknown key names the facts file and the key."""
        facts = {"restricted": {"widgets_2024_01_01.getWidgets": "always"}}
        paths = write_specs(tmp_path, {WIDGETS: swagger("widgets", "getWidget")}, facts=facts)

        error = generation_error(paths)

        assert error.where == str(paths.facts)
        assert "widgets_2024_01_01.getWidgets" in error.problem

    def test_a_failed_generation_leaves_the_previous_output_untouched(self, tmp_path):
        """When a model fails, the package written before stays exactly as it was."""
        paths = write_specs(tmp_path, {WIDGETS: swagger("widgets", "getWidget")})
        before = read_tree(generate(paths, workers=1))
        broken = write_specs(tmp_path / "broken", {WIDGETS: '{"swagger": '})

        generation_error(attrs.evolve(broken, output=paths.output))

        assert read_tree(paths.output / PACKAGE) == before

    def test_a_generator_error_survives_the_trip_from_a_worker_process(self):
        """Errors are pickled from worker to parent; both fields come back (else the pool would hang)."""
        error = GeneratorError("models/a/b.json", "cannot read the model as JSON")

        copy = pickle.loads(pickle.dumps(error))  # noqa: S301 (our own bytes, made one line above)

        assert (copy.where, copy.problem, str(copy)) == (error.where, error.problem, str(error))


# -- the real models ------------------------------------------------------------------------------------
# One test, two full generations: xdist would run separate tests sharing a fixture on both workers.

EDITED = "orders_v0/api/get_orders.py"
ADDED = "orders_v0/api/hand_written.py"
REMOVED = "_sandbox/orders_v0.json"


def hand_edited_copy(committed: Path, root: Path) -> Path:
    """Copy the committed package under root, then edit one file, add one and delete one."""
    edited = root / PACKAGE
    shutil.copytree(committed, edited, ignore=shutil.ignore_patterns("__pycache__", ".ruff_cache"))
    with (edited / EDITED).open("a", encoding="utf-8") as handle:
        handle.write("# a hand edit\n")
    (edited / ADDED).write_text("# not generated\n", encoding="utf-8")
    (edited / REMOVED).unlink()
    return root


@pytest.mark.slow
def test_check_generated_passes_on_main_and_names_every_hand_edit(tmp_path, monkeypatch):
    """check() passes on the committed package, names each hand edit; its two generations are identical."""
    fresh_trees: list[dict[str, bytes]] = []
    real_generate = pipeline.generate

    def recording_generate(*args: Any, **kwargs: Any) -> Path:
        target = real_generate(*args, **kwargs)
        fresh_trees.append(read_tree(target))
        return target

    monkeypatch.setattr(pipeline, "generate", recording_generate)
    committed = Paths().output / PACKAGE
    edited_root = hand_edited_copy(committed, tmp_path / "edited")

    clean = check(Paths())
    dirty = check(Paths(output=edited_root))

    assert clean == []
    assert dirty == [
        f"missing from generated/: {REMOVED}",
        f"differs from a fresh generation: {EDITED}",
        f"not produced by the generator: {ADDED}",
    ]
    first, second = fresh_trees
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert {"_operations.json", "__init__.py", "py.typed"} <= first.keys()
    assert sum(name.startswith("_sandbox/") for name in first) == 66
