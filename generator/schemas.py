"""Typed models for Amazon's JSON schemas of notifications and JSON reports.

Amazon publishes the payloads of notifications (``schemas/notifications/*.json``) and of the JSON reports
(``schemas/reports/*.json``) as JSON Schema (draft-07), not as Swagger. Rather than a second generator, each
schema is wrapped into a synthetic OpenAPI 3.0 document (its definitions become ``components/schemas``, the
root object one more component) and rendered by the same openapi-python-client parser and the same
``model.py.jinja`` as every API model: so these models read, write and tolerate exactly like the rest of
``selling_partner_api`` (``from_dict``/``to_dict``, ``additional_properties``, open enums, dates kept as text
when malformed). Each schema file becomes one subpackage,
``selling_partner_api.schemas.<kind>.<snake_case stem>`` (its models in ``.models``, its root class in
``ROOT``), and ``selling_partner_api.schemas.notifications`` / ``.reports`` hold the registries.

The JSON-Schema features these files use and how they are read (anything else is an error naming the file
and the JSON pointer, never a silent guess):

- ``$ref: "#/definitions/X"`` (also at the root: the root class is then ``X``) -> ``#/components/schemas/X``;
- ``type: [T, "null"]`` -> ``type: T`` with ``nullable: true``;
- ``properties`` beside ``type: array`` is ignored, as JSON Schema ignores it;
- an array without ``items`` -> ``items: {}`` (any value, as JSON Schema reads it);
- ``anyOf`` with a single alternative (the schemas written by a schema-inference tool wrap every array item
  that way) -> that alternative; with several it stays an ``anyOf`` (a union);
- ``items`` given as a one-element list with ``additionalItems: true`` (draft-07 tuple form, used to mean
  "an array of these") -> ``items`` of that schema;
- ``#ref`` at the root (B2bAnyOfferChangedNotification misspells ``$ref`` there, in every snapshot, with
  a target whose case changes between snapshots) is read as ``$ref``;
- documentation-only keywords (``$id``, ``$schema``, ``title``, ``examples``, ``default``, ``$comment``,
  ``additionalItems``, ``x-*``) are dropped: a ``title`` would rename the generated classes, and the
  inferred ``default`` values (``""`` for an object, ``0`` for a date) are not defaults a reader should get.

Defects in a schema are fixed by a patch in ``specs/patches`` (as for the API models), each with a reason.
Which notification type and payload version a schema describes is read from its own ``enum``/``examples``
(one value each), or else from ``specs/schema-facts.json``, which must agree with whatever the schema says.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
from openapi_python_client.parser.properties import ModelProperty
from openapi_python_client.strings import PythonIdentifier, pascal_case

from generator.errors import GeneratorError
from generator.patches import Patch, apply_patches
from generator.render import ModelContext, Renderer, _raw

__all__ = ["SCHEMA_KINDS", "SchemaResult", "build_schema", "load_schema_facts", "schema_files", "wrap"]

JSON = dict[str, Any]

#: The schema folders the generator turns into models (feeds' schemas are messages we send; Data Kiosk's
#: are GraphQL).
SCHEMA_KINDS = ("notifications", "reports")

# Keywords kept (they shape the model), and keywords dropped (documentation or inference leftovers).
_KEPT = {
    "type", "format", "description", "properties", "required", "items", "enum", "additionalProperties",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern",
    "minItems", "maxItems", "uniqueItems", "multipleOf", "anyOf", "$ref",
}  # fmt: skip
_DROPPED = {"$id", "$schema", "title", "examples", "default", "$comment", "additionalItems", "definitions"}


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class _Wrapper:
    def __init__(self, source: str, schema: JSON) -> None:
        self.source = source
        definitions = schema.get("definitions", {})
        if not isinstance(definitions, dict):
            raise self.fail("/definitions", "definitions must be an object")
        self.definitions: JSON = definitions

    def fail(self, pointer: str, problem: str) -> GeneratorError:
        return GeneratorError(self.source, f"{pointer or '/'}: {problem}")

    def ref(self, value: Any, pointer: str) -> str:
        prefix = "#/definitions/"
        if not isinstance(value, str) or not value.startswith(prefix):
            raise self.fail(pointer, f"unsupported $ref {value!r} (only #/definitions/... is supported)")
        name = value[len(prefix) :]
        if name not in self.definitions:
            raise self.fail(pointer, f"$ref {value!r} names no entry of 'definitions'")
        return name

    def schema(self, node: Any, pointer: str) -> JSON:  # noqa: C901, PLR0912 (one branch per keyword)
        if not isinstance(node, dict):
            raise self.fail(pointer, "a schema must be an object")
        if "$ref" in node:
            return {"$ref": "#/components/schemas/" + self.ref(node["$ref"], f"{pointer}/$ref")}
        alternatives = node.get("anyOf")
        if isinstance(alternatives, list) and len(alternatives) == 1:
            inner = self.schema(alternatives[0], f"{pointer}/anyOf/0")
            if "description" in node and "$ref" not in inner:
                inner.setdefault("description", node["description"])
            return inner
        if node.get("type") == "array" and "properties" in node:
            # JSON Schema ignores "properties" on an array (FulfillmentOrderStatusNotification repeats its
            # items there); the generator must too, or it would read the array as an object.
            node = {key: value for key, value in node.items() if key != "properties"}
        out: JSON = {}
        if node.get("type") == "array" and "items" not in node:
            out["items"] = {}  # JSON Schema: no "items" means items of any kind
        for key, value in node.items():
            where = f"{pointer}/{_escape(key)}"
            if key in _DROPPED or key.startswith("x-"):
                continue
            if key not in _KEPT:
                raise self.fail(where, f"unsupported keyword {key!r}")
            if key == "type" and isinstance(value, list):
                kinds = [kind for kind in value if kind != "null"]
                if len(kinds) != 1:
                    raise self.fail(where, f"unsupported type list {value!r}")
                out["type"] = kinds[0]
                if "null" in value:
                    out["nullable"] = True
            elif key == "properties":
                if not isinstance(value, dict):
                    raise self.fail(where, "properties must be an object")
                out[key] = {name: self.schema(sub, f"{where}/{_escape(name)}") for name, sub in value.items()}
            elif key == "items":
                items = value
                if isinstance(items, list):
                    if len(items) != 1 or node.get("additionalItems", True) is not True:
                        raise self.fail(where, "tuple-form items are only supported as one schema")
                    items = items[0]
                out[key] = self.schema(items, where)
            elif key == "anyOf":
                out[key] = [self.schema(sub, f"{where}/{index}") for index, sub in enumerate(value)]
            elif key == "additionalProperties" and isinstance(value, dict):
                out[key] = self.schema(value, where)
            else:
                out[key] = value
        return out


@attrs.frozen(kw_only=True)
class WrappedSchema:
    """A JSON schema as an OpenAPI document, and the component holding its root object."""

    document: JSON
    root: str


def wrap(schema: Any, *, source: str, stem: str) -> WrappedSchema:
    """Wrap one JSON schema into an OpenAPI 3.0.3 document with no paths, for the model renderer.

    The root component is the definition a root ``$ref`` names, else a component named after the file
    (``stem``; ``<stem>Root`` when a definition already takes that class name) holding the root schema.

    Raises:
        GeneratorError: naming the file and pointer of a feature outside the supported subset.
    """
    if not isinstance(schema, dict):
        raise GeneratorError(source, "/: a JSON schema must be an object")
    if "#ref" in schema and "$ref" not in schema:
        schema = {("$ref" if key == "#ref" else key): value for key, value in schema.items()}
    wrapper = _Wrapper(source, schema)
    components = {
        name: wrapper.schema(definition, f"/definitions/{_escape(name)}")
        for name, definition in wrapper.definitions.items()
    }
    if "$ref" in schema:
        root = wrapper.ref(schema["$ref"], "/$ref")
    else:
        root = stem
        if pascal_case(root) in {pascal_case(name) for name in components}:
            # marketplaceAsinPageViewMetrics defines MarketplaceAsinPageViewMetrics: the root takes "Root".
            root = f"{stem}Root"
        if schema.get("type") != "object" or not isinstance(schema.get("properties"), dict):
            raise GeneratorError(source, "/: the root is not an object with properties (patch the schema)")
        components[root] = wrapper.schema(schema, "")
    document = {
        "openapi": "3.0.3",
        "info": {"title": stem, "version": "1"},
        "paths": {},
        "components": {"schemas": components},
    }
    return WrappedSchema(document=document, root=root)


@attrs.frozen(kw_only=True)
class SchemaResult:
    """One rendered schema: its subpackage and what the registries need to know about it."""

    kind: str
    file: str  # the lock's name: schemas/<kind>/<file>.json
    stem: str
    package: str  # relative to selling_partner_api: schemas.<kind>.<module>
    module: str
    root: str  # class name of the root model
    payload: str | None  # class name of the root's ``payload`` property (notifications)
    notification_type: str | None = None
    payload_version: str | None = None
    files: dict[str, str] = attrs.field(factory=dict)


def schema_files(files: dict[str, str]) -> list[str]:
    """Return the locked schema files the generator turns into models, sorted."""
    return sorted(
        name
        for name in files
        if name.endswith(".json") and name.count("/") == 2 and name.split("/")[1] in SCHEMA_KINDS  # noqa: PLR2004
    )


def load_schema_facts(path: Path) -> dict[str, dict[str, str]]:
    """Read ``specs/schema-facts.json``: notification schema file -> its type and payload version."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GeneratorError(str(path), f"cannot read schema facts ({exc})") from None
    notifications = data.get("notifications", {})
    return {name: fact for name, fact in notifications.items() if not name.startswith("_")}


def _claimed(schema: JSON, root: JSON, names: tuple[str, ...]) -> set[str]:
    """Return every value the schema itself gives a root property (its enum, examples, the examples)."""
    values: set[str] = set()
    properties = root.get("properties", {})
    for name in names:
        prop = properties.get(name, {})
        values.update(str(v) for v in prop.get("enum", []) + prop.get("examples", []))
        for example in schema.get("examples", []):
            if isinstance(example, dict) and name in example:
                values.add(str(example[name]))
    return values


def _check_fact(source: str, schema: JSON, fact: dict[str, str] | None, facts_file: str) -> tuple[str, str]:
    """Return the schema's (notification type, payload version): its own enum/examples, or the facts."""
    root = schema
    ref = schema.get("$ref", schema.get("#ref"))
    if isinstance(ref, str):
        root = schema.get("definitions", {}).get(ref.rsplit("/", 1)[-1], {})
    found: list[str] = []
    for key, names in (
        ("notification_type", ("NotificationType", "notificationType")),
        ("payload_version", ("PayloadVersion", "payloadVersion")),
    ):
        claimed = _claimed(schema, root, names)
        if fact and fact.get(key):
            if claimed and fact[key] not in claimed:
                msg = f"notifications: {source}: {key} {fact[key]!r}, but the schema says {sorted(claimed)}"
                raise GeneratorError(facts_file, msg)
            found.append(fact[key])
        elif len(claimed) == 1:
            found.append(claimed.pop())
        else:
            said = f"the schema says {sorted(claimed)}" if claimed else "the schema does not say"
            raise GeneratorError(facts_file, f"notifications: {source} needs its {key} ({said})")
    return found[0], found[1]


#: One schema to build: the folder holding schemas/..., the lock name, commit, patches, its facts entry.
SchemaJob = tuple[Path, str, str, list[Patch], dict[str, str] | None, str]


def build_schema(job: SchemaJob, renderer: Renderer) -> SchemaResult:
    """Patch, wrap and render one schema file into its subpackage."""
    root_folder, name, commit, patches, fact, facts_file = job
    try:
        schema = json.loads((root_folder / name).read_bytes())
    except (OSError, ValueError) as exc:
        raise GeneratorError(name, f"cannot read the schema as JSON ({exc})") from None
    patched, _ = apply_patches(patches, name, schema)
    _, kind, file = name.split("/")
    stem = file.removesuffix(".json")
    module = str(PythonIdentifier(stem, prefix="schema_"))
    wrapped = wrap(patched, source=name, stem=stem)
    notification: tuple[str, str] | tuple[None, None] = (None, None)
    if kind == "notifications":
        notification = _check_fact(name, patched, fact, facts_file)
    package = f"schemas.{kind}.{module}"
    description = str(patched.get("description") or patched.get("title") or stem).strip()
    context = ModelContext(
        package=package, file=name, commit=commit, title=description, version="JSON schema", operations={}
    )
    data = renderer.parse(wrapped.document, context)
    root = _root_model(data.models, wrapped.root, name)
    payload = next(
        (
            prop.class_info.name
            for prop in root.required_properties + root.optional_properties
            if _raw(prop.name).lower() == "payload" and isinstance(prop, ModelProperty)
        ),
        None,
    )
    if kind == "notifications" and payload is None:
        raise GeneratorError(name, "the root has no payload object (patch the schema)")
    files = renderer.schema_package(data, context, root=root.class_info.name)
    return SchemaResult(
        kind=kind,
        file=name,
        stem=stem,
        package=package,
        module=module,
        root=root.class_info.name,
        payload=payload,
        notification_type=notification[0],
        payload_version=notification[1],
        files=files,
    )


def _root_model(models: Any, component: str, source: str) -> ModelProperty:
    expected = pascal_case(component)
    for model in models:
        if _raw(model.name) == component or model.class_info.name == expected:
            return model  # type: ignore[no-any-return]
    raise GeneratorError(source, f"no model was generated for the root component {component!r}")
