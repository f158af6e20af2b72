"""The whole generation: pinned models in, the ``selling_partner_api`` package out.

For every model named in ``specs/lock.json`` (in parallel, one process per core): load -> patch -> convert
-> normalise -> render. Then the shared runtime, the operation table (``_operations.json``) and the static
sandbox examples (``_sandbox/<package>.json``) are written, ``ruff format`` runs once over the tree, and the
result replaces the output folder. Everything is assembled in a temporary folder first, so a failure
leaves the committed package untouched, and two runs produce the same bytes.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import attrs
from seller_central.specdiff.facts import OperationFacts, iter_operations

from generator.convert import ConversionError, convert
from generator.errors import GeneratorError
from generator.normalise import normalise
from generator.patches import Patch, apply_patches, load_patches
from generator.render import ROOT_PACKAGE, ModelContext, Renderer, SwaggerOperation
from generator.schemas import SchemaJob, SchemaResult, build_schema, load_schema_facts, schema_files
from generator.specs import Lock, verify_folder

__all__ = ["Paths", "check", "generate", "operation_rows"]

REPO = Path(__file__).resolve().parent.parent
#: The HTTP methods RFC 9110 calls idempotent: an operation is idempotent when its method is, unless
#: specs/operation-facts.json says otherwise. The generator imports no module of the client (a test keeps this
#: set equal to the one ``seller_central.retry`` applies to requests outside the operation table).
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
# Tool caches that may sit in a working copy of generated/ (git ignores them); check() ignores them too.
_IGNORED_PARTS = frozenset({"__pycache__", ".ruff_cache", ".mypy_cache", ".pytest_cache"})


@attrs.frozen(kw_only=True)
class Paths:
    """Where the generator reads and writes (all overridable for tests and the spec-update workflow)."""

    specs: Path = REPO / "specs"
    models: Path = REPO / "specs"  # the folder holding models/<folder>/<file>.json
    output: Path = REPO / "generated"

    @property
    def lock(self) -> Path:
        """The lock file."""
        return self.specs / "lock.json"

    @property
    def patches(self) -> Path:
        """The folder of declarative patches."""
        return self.specs / "patches"

    @property
    def facts(self) -> Path:
        """Operation facts the models lack (restricted, grantless scopes, idempotent POSTs)."""
        return self.specs / "operation-facts.json"

    @property
    def schema_facts(self) -> Path:
        """What the JSON schemas do not say readably (each notification schema's type and payload version)."""
        return self.specs / "schema-facts.json"


@attrs.frozen(kw_only=True)
class _ModelResult:
    package: str
    file: str
    title: str
    files: dict[str, str]
    operations: list[OperationFacts]


def _load_model(path: Path, name: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise GeneratorError(name, f"cannot read the model as JSON ({exc})") from None
    if not isinstance(data, dict) or "paths" not in data:
        raise GeneratorError(name, "not a Swagger model (no 'paths')")
    return data


@functools.cache
def _renderer() -> Renderer:
    """Return the renderer of this process: its templates are compiled once, not once per model."""
    return Renderer()


#: One model to build: models folder, model file, commit, patches and the operation facts.
_Job = tuple[Path, str, str, list[Patch], dict[str, dict[str, Any]]]


def _build_model(job: _Job) -> _ModelResult:
    models_root, name, commit, patches, facts = job
    model = _load_model(models_root / name, name)
    patched, _ = apply_patches(patches, name, model)
    try:
        document = normalise(convert(patched, source=name))
    except ConversionError as exc:
        raise GeneratorError(name, f"{exc.pointer}: {exc.problem}") from None
    operations = list(iter_operations(name, patched))
    if not operations:
        raise GeneratorError(name, "the model has no operations")
    package = operations[0].package
    swagger_operations = {
        _snake_operation(op.operation_id): SwaggerOperation(
            operation_id=op.operation_id,
            method=op.method,
            path=op.path,
            parameters={(p.get("name", ""), p.get("in", "")): p for p in op.parameters},
            **_table_facts(op, facts),
        )
        for op in operations
    }
    info = patched.get("info", {})
    context = ModelContext(
        package=package,
        file=name,
        commit=commit,
        title=str(info.get("title", package)).strip(),
        version=str(info.get("version", "")),
        operations=swagger_operations,
    )
    try:
        files = _renderer().package(document, context)
    except GeneratorError as exc:
        if exc.where == name:
            raise
        # The renderer names the path or property at fault; the message must also name the model.
        raise GeneratorError(name, f"{exc.where}: {exc.problem}") from None
    return _ModelResult(package=package, file=name, title=context.title, files=files, operations=operations)


def _load_facts(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GeneratorError(str(path), f"cannot read operation facts ({exc})") from None
    return {
        section: {key: value for key, value in entries.items() if not key.startswith("_")}
        for section, entries in data.items()
        if not section.startswith("_")
    }


def _table_facts(op: OperationFacts, facts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Return an operation's usage plan, grantless scope and restriction, as the operation table has them."""
    scopes = facts.get("grantless_scopes", {})
    grantless = op.grantless or op.key in scopes
    return {
        "rate": op.plan.rate if op.plan else None,
        "burst": op.plan.burst if op.plan else None,
        "grantless": grantless,
        "scope": scopes.get(op.key) or (scopes.get(op.package) if grantless else None),
        "restricted": facts.get("restricted", {}).get(op.key, "never"),
    }


def operation_rows(
    results: list[_ModelResult], facts: dict[str, dict[str, Any]], facts_file: str
) -> list[dict[str, Any]]:
    """Build the operation table: one row per operation, the facade's source of truth."""
    known = {op.key for result in results for op in result.operations}
    for section in ("restricted", "idempotent", "pagination"):
        for key in facts.get(section, {}):
            if key not in known:
                raise GeneratorError(facts_file, f"{section}: {key} names no operation in the pinned models")
    for key, fact in facts.get("pagination", {}).items():
        for link in ("token_from", "token_to"):
            if fact.get(link) is not None and fact[link] not in known:
                raise GeneratorError(facts_file, f"pagination: {key}: {link} names no operation")
    rows = []
    for result in sorted(results, key=lambda r: r.package):
        modules = {
            path.removeprefix("api/").removesuffix(".py") for path in result.files if path.startswith("api/")
        }
        for op in result.operations:
            module = _snake_operation(op.operation_id)
            if module not in modules:
                raise GeneratorError(
                    result.file, f"no generated module for {op.operation_id} (expected {module})"
                )
            table = _table_facts(op, facts)
            idempotent = facts.get("idempotent", {}).get(op.key, op.method in IDEMPOTENT_METHODS)
            rows.append(
                {
                    "key": op.key,
                    "package": op.package,
                    "operation_id": op.operation_id,
                    "module": f"{ROOT_PACKAGE}.{op.package}.api.{module}",
                    "method": op.method,
                    "path": op.path,
                    "rate": table["rate"],
                    "burst": table["burst"],
                    "grantless": table["grantless"],
                    "scope": table["scope"],
                    "restricted": table["restricted"],
                    "deprecated": op.deprecated,
                    "sandbox_only": op.sandbox_only,
                    "idempotent": bool(idempotent),
                    "pagination": _pagination_row(
                        op, facts.get("pagination", {}).get(op.key, {}), facts_file
                    ),
                    "parameters": _parameter_rows(op.parameters),
                }
            )
    return rows


def _attribute_path(path: str | None) -> str | None:
    """Return a dotted JSON path (``payload.NextToken``) as model attributes (``payload.next_token``)."""
    if path is None:
        return None
    return ".".join(_snake_operation(part) for part in path.split("."))


def _pagination_row(op: OperationFacts, fact: dict[str, Any], facts_file: str) -> dict[str, Any] | None:
    """Return the operation's row of the pagination table, from its model and its ``pagination`` fact.

    ``request_token``/``request_location``/``response_token`` as the model names them (the response token as
    a dotted JSON path); ``token_attribute``/``items_attribute`` the same paths on the typed model;
    ``argument`` is the ``request_kwargs`` argument that takes the token; ``rule`` says what a later page
    sends: ``same`` (every argument of the first page, and the token), ``token-only`` (the token, the
    arguments in ``keep`` and the fixed values in ``set``), or ``not-iterable`` (a token no page iterator can
    follow: see ``note``, ``token_from`` and ``token_to``).
    """
    pagination = op.pagination
    if pagination is None:
        if fact:
            raise GeneratorError(facts_file, f"pagination: {op.key} has no page token in its model")
        return None
    by_name = {p.get("name"): p for p in op.parameters}
    for name in [*fact.get("keep", ()), *fact.get("set", {})]:
        if name not in by_name:
            raise GeneratorError(facts_file, f"pagination: {op.key} has no parameter {name!r}")
    query = pagination.request_location == "query"
    iterable = bool(fact.get("iterable", query and pagination.response_token is not None))
    token_only = pagination.token_only or "keep" in fact or "set" in fact
    items = fact.get("items", pagination.items)
    row = {
        "request_token": pagination.request_token,
        "request_location": pagination.request_location,
        "argument": _snake_operation(pagination.request_token)
        if query and pagination.request_token
        else None,
        "response_token": pagination.response_token,
        "token_attribute": _attribute_path(pagination.response_token),
        "items": items,
        "items_attribute": _attribute_path(items),
        "rule": ("token-only" if token_only else "same") if iterable else "not-iterable",
        "keep": sorted(_snake_operation(name) for name in fact.get("keep", ())),
        "set": {_snake_operation(name): value for name, value in sorted(fact.get("set", {}).items())},
        "token_from": fact.get("token_from"),
        "token_to": fact.get("token_to"),
        "note": fact.get("note"),
    }
    # Every process reads the table: what is empty is left out (the reader's default).
    return {key: value for key, value in row.items() if value not in (None, [], {})}


def _parameter_rows(parameters: Any) -> list[dict[str, Any]]:
    """Return the operation's path parameters, and the query and header ones the model limits.

    The facade checks inputs against these before sending: ``maxLength`` of a string (or of an array's
    items) and ``maxItems`` of an array; ``python_name`` is the generated ``request_kwargs`` argument.
    Parameters with neither a path location nor a limit are left out: every process reads this table.
    """
    rows = []
    for parameter in parameters:
        items = parameter.get("items") if isinstance(parameter.get("items"), dict) else {}
        row: dict[str, Any] = {
            "name": parameter["name"],
            "in": parameter["in"],
            "python_name": _snake_operation(parameter["name"]),
        }
        max_length = parameter.get("maxLength", items.get("maxLength"))
        if max_length is not None:
            row["max_length"] = max_length
        if parameter.get("maxItems") is not None:
            row["max_items"] = parameter["maxItems"]
        if parameter["in"] == "path" or len(row) > 3:  # noqa: PLR2004 (name, in, python_name)
            rows.append(row)
    return rows


def _snake_operation(operation_id: str) -> str:
    """Return a model name (an operationId, a parameter, a JSON field) as the generated code names it."""
    from openapi_python_client.strings import PythonIdentifier  # noqa: PLC0415 (keeps start-up light)

    return str(PythonIdentifier(operation_id, prefix="field_"))


def _sandbox(result: _ModelResult) -> dict[str, Any]:
    operations = {}
    for op in result.operations:
        if not op.sandbox:
            continue
        operations[op.operation_id] = {
            "method": op.method,
            "path": op.path,
            # where each parameter travels, so a sandbox can match a request against the examples
            "parameters": {p.get("name", ""): p.get("in", "") for p in op.parameters},
            "has_body": op.body_schema is not None,
            "sandbox_only": op.sandbox_only,
            "examples": [attrs.asdict(example) for example in op.sandbox],
        }
    return {"package": result.package, "file": result.file, "operations": operations}


def _type_name(schema: dict[str, Any]) -> str:
    """Return a parameter's Swagger type in a few words (``string``, ``date-time``, ``array of string``)."""
    kind = str(schema.get("format") or schema.get("type") or "string")
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        return f"array of {_type_name(schema['items'])}"
    return kind


def _enum(schema: dict[str, Any]) -> list[Any]:
    items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
    return list(schema.get("enum") or items.get("enum") or [])


def _describe(result: _ModelResult) -> dict[str, Any]:
    """Return what ``seller-central call KEY --help`` shows of each operation: summary and parameters."""
    operations = {}
    for op in result.operations:
        text = op.description.replace("\\n", "\n").strip()
        summary = " ".join(text.split("\n\n", 1)[0].split()) if text else ""
        operations[op.operation_id] = {
            "summary": summary,
            "parameters": [
                {
                    "name": p.get("name", ""),
                    "in": p.get("in", ""),
                    "python_name": _snake_operation(p.get("name", "")),
                    "type": _type_name(p),
                    "required": bool(p.get("required", False)),
                    **({"enum": [str(v) for v in enum]} if (enum := _enum(p)) else {}),
                }
                for p in op.parameters
            ],
            "body": op.body_schema is not None,
        }
    return {"package": result.package, "file": result.file, "operations": operations}


def _dump(data: Any) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _ruff_format(folder: Path) -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        raise GeneratorError("ruff", "ruff is not installed (make venv installs the pinned version)")
    config = REPO / "generator" / "ruff-generated.toml"
    # Sort imports and drop the unused ones (templates import generously), then format.
    # --no-cache: ruff's cache folder (keyed by the absolute path) must not land in the package.
    for command in (["check", "--fix", "--quiet", "--exit-zero"], ["format", "--quiet"]):
        done = subprocess.run(
            [ruff, *command, "--no-cache", "--config", str(config), "."],
            cwd=folder,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            detail = done.stderr.decode(errors="replace")[:2000]
            raise GeneratorError(str(folder), f"ruff {command[0]} failed: {detail}")


def _build_schema(job: SchemaJob) -> SchemaResult:
    return build_schema(job, _renderer())


def _run_jobs(
    jobs: list[_Job], schema_jobs: list[SchemaJob], workers: int
) -> tuple[list[_ModelResult], list[SchemaResult]]:
    # The schemas are small (about 50 ms each): they are built here, not in the pool.
    schemas = [_build_schema(job) for job in schema_jobs]
    if workers <= 1:
        return [_build_model(job) for job in jobs], schemas
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with context.Pool(workers) as pool:
        return pool.map(_build_model, jobs, chunksize=1), schemas


def _schema_files(renderer: Renderer, header: str, schemas: list[SchemaResult]) -> dict[str, str]:
    """Return the files of ``selling_partner_api/schemas``: every schema's subpackage and the registries."""
    files: dict[str, str] = {}
    if not schemas:
        return files
    files["schemas/__init__.py"] = renderer.env.get_template("schemas_init.py.jinja").render(header=header)
    seen: dict[tuple[str, str], str] = {}
    for kind in sorted({result.kind for result in schemas}):
        entries = sorted((r for r in schemas if r.kind == kind), key=lambda r: r.stem)
        for result in entries:
            if result.notification_type is not None and result.payload_version is not None:
                key = (result.notification_type, result.payload_version)
                if key in seen:
                    msg = f"{result.file} and {seen[key]} both describe {key[0]} version {key[1]}"
                    raise GeneratorError("specs/schema-facts.json", msg)
                seen[key] = result.file
            for relative, text in result.files.items():
                files[f"schemas/{kind}/{result.module}/{relative}"] = text
        rows = [attrs.asdict(r, filter=lambda a, _: a.name != "files") for r in entries]
        if kind == "notifications":
            rows.sort(key=lambda r: (r["notification_type"], r["payload_version"]))
        files[f"schemas/{kind}/__init__.py"] = renderer.schema_registry(header, kind, rows)
    return files


def generate(paths: Paths | None = None, *, workers: int | None = None, output: Path | None = None) -> Path:
    """Regenerate the package from the pinned models; return the package folder written.

    Raises:
        GeneratorError: a model is missing or fails its checksum, a patch no longer matches, a model uses an
            unsupported feature, or openapi-python-client would drop part of a model.
    """
    paths = paths or Paths()
    lock = Lock.read(paths.lock)
    verify_folder(lock, paths.models)
    patches = load_patches(paths.patches)
    for patch in patches:
        if patch.file not in lock.files:
            raise GeneratorError(
                f"specs/patches/{patch.name}", f"patches {patch.file}, which the lock does not pin"
            )
    facts = _load_facts(paths.facts)
    jobs = [(paths.models, name, lock.commit, patches, facts) for name in sorted(lock.models)]
    schema_facts = load_schema_facts(paths.schema_facts)
    schema_jobs: list[SchemaJob] = [
        (paths.models, name, lock.commit, patches, schema_facts.get(name), str(paths.schema_facts))
        for name in schema_files(lock.files)
    ]
    unpinned = sorted(set(schema_facts) - {job[1] for job in schema_jobs})
    if unpinned:
        raise GeneratorError(str(paths.schema_facts), f"notifications: {unpinned[0]} names no pinned schema")
    results, schema_results = _run_jobs(jobs, schema_jobs, workers or min(len(jobs), os.cpu_count() or 1))

    packages = [r.package for r in results]
    duplicates = {p for p in packages if packages.count(p) > 1}
    if duplicates:
        raise GeneratorError(
            str(paths.lock), f"two models map to the same package name: {sorted(duplicates)}"
        )

    source = f"{lock.repository} at {lock.commit[:12]}"
    header = f"# Generated by seller-central's generator from {source}; do not edit."
    renderer = _renderer()
    target = (output or paths.output) / ROOT_PACKAGE
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".generate-") as tmp:
        staging = Path(tmp) / ROOT_PACKAGE
        staging.mkdir()
        files: dict[str, str] = dict(renderer.runtime(header))
        files["__init__.py"] = renderer.root(
            header,
            [{"package": r.package, "file": r.file} for r in sorted(results, key=lambda r: r.package)],
            repository=lock.repository,
            commit=lock.commit,
        )
        files["namespaces.py"] = renderer.namespaces(
            header,
            [{"package": r.package, "title": r.title} for r in sorted(results, key=lambda r: r.package)],
        )
        files["py.typed"] = ""
        rows = operation_rows(results, facts, str(paths.facts))
        files["_operations.json"] = _dump({"commit": lock.commit, "operations": rows})
        # The same rows split by package: a process that calls one operation reads its package's rows only
        # (issue 13/16 cold start: parsing the whole table costs every first call about 3 ms).
        by_package: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by_package.setdefault(row["package"], []).append(row)
        for package, own in sorted(by_package.items()):
            files[f"_operations/{package}.json"] = _dump({"commit": lock.commit, "operations": own})
        for result in results:
            for relative, text in result.files.items():
                files[f"{result.package}/{relative}"] = text
            files[f"_sandbox/{result.package}.json"] = _dump(_sandbox(result))
            files[f"_describe/{result.package}.json"] = _dump(_describe(result))
        files.update(_schema_files(renderer, header, schema_results))
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        _ruff_format(staging)
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    return target


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not _IGNORED_PARTS.intersection(path.parts)
    }


def check(paths: Paths | None = None, *, workers: int | None = None) -> list[str]:
    """Regenerate into a temporary folder and list every file that differs from the committed package."""
    paths = paths or Paths()
    with tempfile.TemporaryDirectory(prefix="check-generated-") as tmp:
        fresh = generate(paths, workers=workers, output=Path(tmp))
        committed_tree = _tree(paths.output / ROOT_PACKAGE)
        fresh_tree = _tree(fresh)
    differences = []
    for name in sorted(set(committed_tree) | set(fresh_tree)):
        if name not in committed_tree:
            differences.append(f"missing from generated/: {name}")
        elif name not in fresh_tree:
            differences.append(f"not produced by the generator: {name}")
        elif committed_tree[name] != fresh_tree[name]:
            differences.append(f"differs from a fresh generation: {name}")
    return differences
