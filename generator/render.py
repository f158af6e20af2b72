"""Render one converted model into a subpackage of ``selling_partner_api``, using our own templates.

openapi-python-client does the hard part, reading an OpenAPI document into typed descriptions of models,
enums and endpoints (:class:`openapi_python_client.parser.GeneratorData`). We do not use its templates or
its file layout: this module renders that data with the templates in ``generator/templates`` so that

- every subpackage shares one runtime (``selling_partner_api.client``, ``types``, ``errors``, ``codec``);
- array query parameters follow the model's style (comma-joined for csv, repeated keys for ``multi``);
- reading is tolerant (unknown enum values, missing required keys and malformed dates are kept as they
  are and written back unchanged);
- ``models/__init__.py`` is lazy, so importing one operation loads only the models that operation uses;
- every operation module names its operation (``OPERATION``) for the facade's limiter and retry layers.

The expression helpers below (:func:`read_expr`, :func:`write_expr`, :func:`json_expr`, ...) turn a parsed
property into Python source; the templates call them. Anything the helpers do not know raises
:class:`GeneratorError` instead of producing code that might be wrong.
"""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path
from typing import Any

import attrs
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from openapi_python_client import TEMPLATE_FILTERS
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import GeneratorError as OpcError
from openapi_python_client.parser.properties import (
    AnyProperty,
    BooleanProperty,
    ConstProperty,
    DateProperty,
    DateTimeProperty,
    EnumProperty,
    FloatProperty,
    IntProperty,
    ListProperty,
    LiteralEnumProperty,
    ModelProperty,
    NoneProperty,
    StringProperty,
    UnionProperty,
)
from openapi_python_client.strings import safe_for_docstring

from generator.errors import GeneratorError

__all__ = ["ModelContext", "Renderer", "SwaggerOperation"]

TEMPLATES = Path(__file__).parent / "templates"
ROOT_PACKAGE = "selling_partner_api"

_IDENTITY_TYPES = (AnyProperty, BooleanProperty, FloatProperty, IntProperty, StringProperty, ConstProperty)


@attrs.define(kw_only=True)
class ModelContext:
    """What the templates need to know about the model being rendered."""

    package: str
    file: str
    commit: str
    title: str
    version: str
    # generated operation name (snake_case operationId) -> the Swagger operation's facts
    operations: dict[str, SwaggerOperation]


@attrs.frozen(kw_only=True)
class SwaggerOperation:
    """What the templates need from the Swagger operation behind a parsed endpoint."""

    operation_id: str
    method: str
    path: str  # with the model's own placeholder names
    parameters: dict[tuple[str, str], dict[str, Any]]  # (name, location) -> Swagger parameter
    # The operation table's facts, for the docstrings of the client surface (``operations.py``).
    rate: float | None = None
    burst: int | None = None
    grantless: bool = False
    scope: str | None = None
    restricted: str = "never"


class _Imports:
    """Collects what one generated module must import, split into run time and type-checking time.

    Models and enums are never imported at run time by name: code refers to them as ``_models.Name``, an
    attribute of the subpackage's lazy ``models`` package. So importing an operation loads no model at
    all, the first parse loads exactly the models its data contains, and import cycles cannot happen.
    Names used in annotations are imported under ``TYPE_CHECKING`` only.
    """

    def __init__(self, package: str) -> None:
        self.package = package
        self.typing_classes: dict[str, str] = {}  # class -> module, for annotations
        self.codec: set[str] = set()
        self.typing_modules: set[str] = set()
        self.plain: set[str] = set()  # standard-library and third-party import lines
        self.typing_plain: set[str] = set()  # other import lines needed only by annotations
        self.own_class: str | None = None
        self.uses_models = False

    def use_class(self, name: str, module: str) -> None:
        """Note a model or enum used in an annotation."""
        if name != self.own_class:
            self.typing_classes.setdefault(name, module)

    def lazy_class(self, prop: Any) -> str:
        """Return the run-time expression for a model or enum class (its own name inside its module)."""
        name = prop.class_info.name
        if name == self.own_class:
            return name
        self.uses_models = True
        return f"_models.{name}"

    def runtime_lines(self) -> list[str]:
        lines = sorted(self.plain)
        if self.uses_models:
            lines.append(f"from {ROOT_PACKAGE}.{self.package} import models as _models")
        if self.codec:
            lines.append(f"from {ROOT_PACKAGE}.codec import {', '.join(sorted(self.codec))}")
        return lines

    def typing_lines(self) -> list[str]:
        lines = [f"import {module}" for module in sorted(self.typing_modules)]
        lines += sorted(self.typing_plain)
        lines += [
            f"from {ROOT_PACKAGE}.{self.package}.models.{module} import {name}"
            for name, module in sorted(self.typing_classes.items())
        ]
        return lines


def _unsupported(prop: Any) -> GeneratorError:
    return GeneratorError(str(getattr(prop, "name", "?")), f"unsupported property kind {type(prop).__name__}")


def type_annotation(prop: Any, imports: _Imports) -> str:
    """Return the Python annotation for a property's value (without ``Unset``)."""
    if isinstance(prop, StringProperty):
        return "str"
    if isinstance(prop, BooleanProperty):
        return "bool"
    if isinstance(prop, IntProperty):
        return "int"
    if isinstance(prop, FloatProperty):
        return "float"
    if isinstance(prop, AnyProperty):
        imports.typing_modules.add("typing")
        return "typing.Any"
    if isinstance(prop, NoneProperty):
        return "None"
    if isinstance(prop, ConstProperty | LiteralEnumProperty):
        return prop.get_type_string(no_optional=True).as_unembedded_code()
    if isinstance(prop, DateTimeProperty):
        imports.typing_modules.add("datetime")
        return "datetime.datetime"
    if isinstance(prop, DateProperty):
        imports.typing_modules.add("datetime")
        return "datetime.date"
    if isinstance(prop, EnumProperty | ModelProperty):
        imports.use_class(prop.class_info.name, prop.class_info.module_name)
        return prop.class_info.name
    if isinstance(prop, ListProperty):
        return f"list[{type_annotation(prop.inner_property, imports)}]"
    if isinstance(prop, UnionProperty):
        return " | ".join(type_annotation(inner, imports) for inner in prop.inner_properties)
    raise _unsupported(prop)


def is_identity(prop: Any) -> bool:
    """Say whether a JSON value of this property needs no conversion in either direction."""
    if isinstance(prop, (*_IDENTITY_TYPES, NoneProperty, LiteralEnumProperty)):
        return True
    if isinstance(prop, ListProperty):
        return is_identity(prop.inner_property)
    if isinstance(prop, UnionProperty):
        # ``type: [string, "null"]`` in a JSON schema: str | None, read and written as it is.
        return all(is_identity(inner) for inner in prop.inner_properties)
    return False


def read_expr(prop: Any, source: str, imports: _Imports, reader: str | None = None) -> str:
    """Return an expression turning the JSON value ``source`` (not missing, not null) into Python.

    A model is made by ``reader(cls, value)`` when given (a model's ``_fill`` passes its ``read``: now or
    lazily), by ``cls.from_dict(value)`` otherwise. Union members are always built now: ``read_union``
    tries each member and needs the wrong ones to fail at once.
    """
    if is_identity(prop):
        return source
    if isinstance(prop, DateTimeProperty):
        imports.codec.add("parse_datetime")
        return f"parse_datetime({source})"
    if isinstance(prop, DateProperty):
        imports.codec.add("parse_date")
        return f"parse_date({source})"
    if isinstance(prop, EnumProperty):
        imports.codec.add("read_enum")
        return f"read_enum({imports.lazy_class(prop)}, {source})"
    if isinstance(prop, ModelProperty):
        if reader is not None:
            return f"{reader}({imports.lazy_class(prop)}, {source})"
        return f"{imports.lazy_class(prop)}.from_dict({source})"
    if isinstance(prop, ListProperty):
        item = f"_{prop.python_name}_item"
        return f"[{read_expr(prop.inner_property, item, imports, reader)} for {item} in {source}]"
    if isinstance(prop, UnionProperty):
        imports.codec.add("read_union")
        readers = ", ".join(
            f"lambda _v: {read_expr(inner, '_v', imports)}"
            for inner in prop.inner_properties
            if not is_identity(inner)
        )
        return f"read_union({source}, ({readers},))"
    raise _unsupported(prop)


def write_expr(prop: Any, source: str, imports: _Imports) -> str:
    """Return an expression turning the Python value ``source`` (not UNSET, not None) into JSON."""
    if is_identity(prop) or isinstance(prop, EnumProperty):
        # Enum members are str subclasses: json and httpx write their value as they are.
        return source
    if isinstance(prop, DateTimeProperty):
        imports.codec.add("format_datetime")
        return f"format_datetime({source})"
    if isinstance(prop, DateProperty):
        imports.codec.add("format_date")
        return f"format_date({source})"
    if isinstance(prop, ModelProperty):
        imports.codec.add("to_json")
        return f"to_json({source})"
    if isinstance(prop, ListProperty) and isinstance(prop.inner_property, ModelProperty):
        imports.codec.add("to_json")
        return f"[to_json(_item) for _item in {source}]"
    if isinstance(prop, ListProperty):
        item = f"_{prop.python_name}_item"
        return f"[{write_expr(prop.inner_property, item, imports)} for {item} in {source}]"
    if isinstance(prop, UnionProperty):
        imports.codec.add("to_json")
        return f"to_json({source})"
    raise _unsupported(prop)


#: Property kinds whose JSON value is, in data that fits the model, a scalar of one type (named as in Python).
_JSON_SCALARS = (
    ((StringProperty, DateTimeProperty, DateProperty), "str"),
    ((BooleanProperty,), "bool"),
    ((IntProperty,), "int"),
    ((FloatProperty,), "float"),
)


def json_expr(prop: Any, source: str, imports: _Imports) -> str:
    """Return an expression writing the JSON value ``source`` as the model's ``to_dict()`` would write it.

    That is what ``write_expr`` gives for ``read_expr``'s value, without building any model (a model's
    ``_dict_from``); ``source`` is a plain name, its value neither missing nor null. It reads ``source`` as
    ``read_expr`` does, so data that breaks its model raises what ``from_dict`` raises. Every dict and list in
    the result is new: changing it changes nothing in ``source``. (``copy_json`` comes with the model
    template's import of ``types``.)
    """
    # A date read from JSON keeps its text and is written back as it came: the round trip is the identity.
    # A scalar of the expected type is written as it is, without a call (getOrders read whole: 13 per order).
    for kinds, expected in _JSON_SCALARS:
        if isinstance(prop, kinds):
            return f"({source} if type({source}) is {expected} else copy_json({source}))"
    if is_identity(prop):
        return f"copy_json({source})"
    if isinstance(prop, EnumProperty):
        imports.codec.add("enum_json")
        return f"enum_json({imports.lazy_class(prop)}, {source})"
    if isinstance(prop, ModelProperty):
        return f"{imports.lazy_class(prop)}._dict_from({source})"
    if isinstance(prop, ListProperty):
        item = f"_{prop.python_name}_item"
        return f"[{json_expr(prop.inner_property, item, imports)} for {item} in {source}]"
    if isinstance(prop, UnionProperty):
        # Each member is tried as from_dict tries it; the few unions are not worth a shortcut.
        return f"copy_json({write_expr(prop, read_expr(prop, source, imports), imports)})"
    raise _unsupported(prop)


def _raw(value: Any) -> str:
    return value.get_untrusted_value() if hasattr(value, "get_untrusted_value") else str(value)


def param_annotation(prop: Any, imports: _Imports) -> str:
    """Return the annotation of an operation argument (more permissive than the model's own type).

    Date-times also take ISO strings (the static sandbox sends values such as ``TEST_CASE_400``), enums
    also take plain strings, lists take any sequence, and request bodies also take plain dicts.
    """
    if isinstance(prop, DateTimeProperty | DateProperty):
        return f"{type_annotation(prop, imports)} | str"
    if isinstance(prop, EnumProperty):
        return f"{type_annotation(prop, imports)} | str"
    if isinstance(prop, ModelProperty):
        return f"{type_annotation(prop, imports)} | dict[str, typing.Any]"
    if isinstance(prop, ListProperty):
        imports.typing_modules.add("collections.abc")
        return f"collections.abc.Sequence[{param_annotation(prop.inner_property, imports)}]"
    return type_annotation(prop, imports)


def _ordered(endpoint: Any) -> list[Any]:
    params = [*endpoint.path_parameters, *endpoint.query_parameters, *endpoint.header_parameters]
    required = [p for p in params if p.required]
    optional = [p for p in params if not p.required]
    body = [b.prop for b in endpoint.bodies[:1]]
    return required + [b for b in body if b.required] + optional + [b for b in body if not b.required]


def signature(endpoint: Any, imports: _Imports) -> list[str]:
    """Return the keyword-only arguments of an operation: required ones first."""
    imports.typing_modules.add("typing")
    if len(endpoint.bodies) > 1:
        raise GeneratorError(_raw(endpoint.path), "operations with more than one body type are not supported")
    out = []
    for prop in _ordered(endpoint):
        annotation = param_annotation(prop, imports)
        out.append(
            f"{prop.python_name}: {annotation}"
            if prop.required
            else f"{prop.python_name}: {annotation} | Unset = UNSET"
        )
    return out


def argument_names(endpoint: Any) -> list[str]:
    """Return the operation's argument names, in signature order."""
    return [str(prop.python_name) for prop in _ordered(endpoint)]


def url_expr(endpoint: Any, swagger: SwaggerOperation, imports: _Imports) -> str:
    """Return the source of the request path: a literal, or an f-string with percent-encoded values."""
    path = swagger.path
    swagger_params = swagger.parameters
    if "{" in path and not endpoint.path_parameters:
        raise GeneratorError(path, "the path has placeholders but the operation has no path parameters")
    if not endpoint.path_parameters:
        return repr(path)
    imports.plain.add(f"from {ROOT_PACKAGE}.types import path_segment")
    for prop in endpoint.path_parameters:
        name = _raw(prop.name)
        greedy = swagger_params.get((name, "path"), {}).get("x-amazon-spds-greedy-path-parameter")
        # One checked, percent-encoded segment (never "." or ".."); a greedy parameter is itself a path
        # (uploads' {resource}), whose slashes stay slashes.
        flag = ", greedy=True" if greedy else ""
        path = path.replace("{" + name + "}", "{path_segment(" + f"{prop.python_name}, {name!r}{flag}" + ")}")
    return "f" + repr(path)


def query_statement(
    prop: Any, swagger_params: dict[tuple[str, str], dict[str, Any]], imports: _Imports
) -> str:
    """Return the statement that puts one query parameter into ``params``."""
    name = _raw(prop.name)
    source = str(prop.python_name)
    if isinstance(prop, ListProperty):
        inner = prop.inner_property
        if swagger_params.get((name, "query"), {}).get("collectionFormat") == "multi":
            value = f"[str({write_expr(inner, '_item', imports)}) for _item in {source}]"
        elif isinstance(inner, StringProperty | EnumProperty):
            value = f'",".join({source})'
        else:
            value = f'",".join(str({write_expr(inner, "_item", imports)}) for _item in {source})'
    else:
        value = write_expr(prop, source, imports)
    statement = f"params[{name!r}] = {value}"
    if prop.required:
        return statement
    return f"if {source} is not UNSET:\n    {statement}"


def header_statement(prop: Any, imports: _Imports) -> str:
    """Return the statement that puts one header parameter into ``headers``."""
    statement = f"headers[{_raw(prop.name)!r}] = str({write_expr(prop, str(prop.python_name), imports)})"
    if prop.required:
        return statement
    return f"if {prop.python_name} is not UNSET:\n    {statement}"


def response_cases(endpoint: Any, imports: _Imports) -> tuple[list[tuple[list[int], str, bool]], str]:
    """Group documented statuses by how their body is read; return the cases and the return type.

    Each case is (statuses, expression over the decoded JSON ``data`` or ``None``, is_success).
    """
    cases: dict[tuple[str, bool], list[int]] = {}
    types: list[str] = []
    for response in endpoint.responses.patterns:
        low, high = response.status_code.range
        if low != high:
            raise GeneratorError(_raw(endpoint.path), f"status ranges are not supported ({low}-{high})")
        prop = response.prop
        if response.source["attribute"] == "None":
            expr, annotation = "None", "None"
        elif response.source["attribute"] != "response.json()":
            raise GeneratorError(_raw(endpoint.path), f"non-JSON response body for status {low}")
        else:
            # A response's models are read lazily (warm getOrders: the page is parsed as its fields are read).
            expr = read_expr(prop, "data", imports, "read_lazily")
            if "read_lazily(" in expr:
                imports.plain.add(f"from {ROOT_PACKAGE}.types import read_lazily")
            annotation = type_annotation(prop, imports)
        if annotation not in types:
            types.append(annotation)
        cases.setdefault((expr, HTTPStatus.OK <= low < HTTPStatus.MULTIPLE_CHOICES), []).append(low)
    grouped = [(codes, expr, success) for (expr, success), codes in cases.items()]
    types = [t for t in types if t != "None"]
    return_type = " | ".join([*types, "None"])
    return grouped, return_type


def success_type(endpoint: Any, imports: _Imports) -> str:
    """Return the type a success of the operation parses to: its documented model(s), ``None`` for none.

    ``None`` is part of the type only when some documented success status has no body; a status with a body
    never parses to ``None`` in the facade (a null or empty body where one is documented raises there).
    """
    types: list[str] = []
    for response in endpoint.responses.patterns:
        low, _ = response.status_code.range
        if not HTTPStatus.OK <= low < HTTPStatus.MULTIPLE_CHOICES:
            continue
        if response.source["attribute"] == "None":
            annotation = "None"
        else:
            annotation = type_annotation(response.prop, imports)
        if annotation not in types:
            types.append(annotation)
    if not types:
        raise GeneratorError(_raw(endpoint.path), "the operation documents no success status")
    return " | ".join([*(t for t in types if t != "None"), *(["None"] if "None" in types else [])])


def first_paragraph(endpoint: Any) -> str:
    """Return the summary of an operation, or else the first paragraph of its description."""
    text = _raw(endpoint.summary) if endpoint.summary else ""
    if not text.strip():
        text = _raw(endpoint.description or "").strip().split("\n\n", 1)[0]
    return " ".join(text.split())


def operation_notes(swagger: SwaggerOperation) -> list[str]:
    """Return the docstring sentences on an operation's usage plan, token and Restricted Data Token."""
    notes = []
    if swagger.rate is not None:
        notes.append(f"Usage plan: {swagger.rate:g} requests per second, burst {swagger.burst}.")
    if swagger.grantless:
        scope = f" (scope ``{swagger.scope}``)" if swagger.scope else ""
        notes.append(f"Grantless: sent with a client-credentials token{scope}, no seller authorization.")
    if swagger.restricted == "always":
        notes.append("Restricted: sent with a Restricted Data Token, which the client fetches.")
    elif swagger.restricted == "data-elements":
        notes.append(
            "Restricted for some data: with ``data_elements`` the client fetches a Restricted Data Token "
            "for them and the response includes that data."
        )
    return notes


def _package_header(context: ModelContext) -> str:
    return (
        f"# Generated by seller-central's generator from {context.file} at {context.commit[:12]}; "
        "do not edit."
    )


def _fail(message: str) -> str:
    raise GeneratorError("template", message)


def _docstring(text: Any) -> str:
    value = text.get_untrusted_value() if hasattr(text, "get_untrusted_value") else str(text or "")
    return safe_for_docstring(value.strip())


class Renderer:
    """Renders subpackages and the shared runtime from our templates."""

    def __init__(self, templates: Path = TEMPLATES) -> None:
        self.config = Config.from_sources(
            ConfigFile(), MetaType.NONE, Path("model.json"), "utf-8", overwrite=True, output_path=None
        )
        self.env = Environment(
            loader=FileSystemLoader(str(templates)),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=StrictUndefined,
            extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"],
            autoescape=False,  # noqa: S701 (we render Python source, not HTML)
        )
        self.env.filters.update(TEMPLATE_FILTERS)
        self.env.filters["doc"] = _docstring
        self.env.filters["pyrepr"] = repr
        self.env.globals.update(
            read_expr=read_expr,
            json_expr=json_expr,
            write_expr=write_expr,
            type_annotation=type_annotation,
            is_identity=is_identity,
            signature=signature,
            argument_names=argument_names,
            url_expr=url_expr,
            query_statement=query_statement,
            header_statement=header_statement,
            response_cases=response_cases,
            success_type=success_type,
            first_paragraph=first_paragraph,
            operation_notes=operation_notes,
            raw=_raw,
            fail=_fail,
            ROOT_PACKAGE=ROOT_PACKAGE,
        )

    def runtime(self, header: str) -> dict[str, str]:
        """Render the shared runtime modules (one copy for every subpackage)."""
        files = {}
        for name in ("client", "types", "errors", "codec"):
            files[f"{name}.py"] = self.env.get_template(f"runtime/{name}.py.jinja").render(header=header)
        return files

    def root(self, header: str, packages: list[dict[str, str]], *, repository: str, commit: str) -> str:
        """Render ``selling_partner_api/__init__.py``."""
        return self.env.get_template("root_init.py.jinja").render(
            header=header, packages=packages, repository=repository, commit=commit
        )

    def operations(self, header: str, endpoints: list[Any], context: ModelContext) -> str:
        """Render ``<package>/operations.py``: the typed client surface of every operation of one model."""
        imports = _Imports(context.package)
        imports.plain.add("from typing import TYPE_CHECKING, cast")
        imports.plain.add(f"from {ROOT_PACKAGE}.types import UNSET, Unset")
        imports.typing_plain.add(f"from {ROOT_PACKAGE}.types import AsyncRunner, Runner")
        methods = []
        for endpoint in endpoints:
            swagger = context.operations[str(endpoint.name)]
            args = signature(endpoint, imports)
            if swagger.restricted == "data-elements":
                if "data_elements" in argument_names(endpoint):
                    raise GeneratorError(_raw(endpoint.path), "a parameter is named data_elements")
                imports.typing_modules.add("collections.abc")
                args.append("data_elements: collections.abc.Sequence[str] | None = None")
            methods.append(
                {
                    "endpoint": endpoint,
                    "swagger": swagger,
                    "key": f"{context.package}.{swagger.operation_id}",
                    "args": args,
                    "names": argument_names(endpoint),
                    "returns": success_type(endpoint, imports),
                }
            )
        body = self.env.get_template("operations.py.jinja").render(
            methods=methods, context=context, imports=imports
        )
        return self.env.get_template("module.py.jinja").render(header=header, imports=imports, body=body)

    def namespaces(self, header: str, packages: list[dict[str, str]]) -> str:
        """Render ``selling_partner_api/namespaces.py``: one lazily imported attribute per subpackage."""
        return self.env.get_template("namespaces.py.jinja").render(header=header, packages=packages)

    def parse(self, document: dict[str, Any], context: ModelContext) -> GeneratorData:
        """Parse a converted model with openapi-python-client; any error or dropped schema is fatal."""
        data = GeneratorData.from_dict(document, config=self.config)
        if isinstance(data, OpcError):
            raise GeneratorError(context.file, f"{data.header}: {data.detail}")
        problems = list(data.errors)
        for collection in data.endpoint_collections_by_tag.values():
            problems.extend(collection.parse_errors)
        if problems:
            first = problems[0]
            detail = " ".join(f"{first.header or ''} {first.detail or ''}".split())
            msg = f"openapi-python-client reported {len(problems)} problem(s); the first: {detail}"
            raise GeneratorError(context.file, msg)
        return data

    def package(self, document: dict[str, Any], context: ModelContext) -> dict[str, str]:
        """Render one model as a subpackage: ``{relative path: source}``."""
        data = self.parse(document, context)
        header = _package_header(context)
        files = self.models(data, context, header)
        files.update(self.package_rest(data, context, header))
        return files

    def models(self, data: GeneratorData, context: ModelContext, header: str) -> dict[str, str]:
        """Render every model and enum of a parsed document, and the lazy ``models/__init__.py``."""
        files: dict[str, str] = {}
        model_names: dict[str, str] = {}
        for model in data.models:
            imports = _Imports(context.package)
            imports.own_class = model.class_info.name
            body = self.env.get_template("model.py.jinja").render(model=model, imports=imports)
            files[f"models/{model.class_info.module_name}.py"] = self.env.get_template(
                "module.py.jinja"
            ).render(header=header, imports=imports, body=body)
            model_names[model.class_info.name] = model.class_info.module_name
        for enum in data.enums:
            if not isinstance(enum, EnumProperty) or enum.value_type is not str:
                raise GeneratorError(context.file, f"unsupported enum {enum.class_info.name}")
            files[f"models/{enum.class_info.module_name}.py"] = self.env.get_template("enum.py.jinja").render(
                header=header, enum=enum
            )
            model_names[enum.class_info.name] = enum.class_info.module_name
        files["models/__init__.py"] = self.env.get_template("models_init.py.jinja").render(
            header=header, names=dict(sorted(model_names.items())), context=context
        )
        return files

    def schema_package(self, data: GeneratorData, context: ModelContext, *, root: str) -> dict[str, str]:
        """Render the models of one JSON schema (no operations) as a subpackage naming its root class."""
        header = _package_header(context)
        files = self.models(data, context, header)
        files["__init__.py"] = self.env.get_template("schema_init.py.jinja").render(
            header=header, context=context, root=root
        )
        return files

    def schema_registry(self, header: str, kind: str, entries: list[dict[str, Any]]) -> str:
        """Render ``selling_partner_api/schemas/<kind>/__init__.py``: the registry of one schema folder."""
        return self.env.get_template("schema_registry.py.jinja").render(
            header=header, kind=kind, entries=entries
        )

    def package_rest(self, data: GeneratorData, context: ModelContext, header: str) -> dict[str, str]:
        """Render the operations of one model: ``api/``, ``operations.py`` and the package ``__init__``."""
        files: dict[str, str] = {}
        seen: set[tuple[str, str]] = set()
        operations = []
        for collection in data.endpoint_collections_by_tag.values():
            for endpoint in collection.endpoints:
                key = (endpoint.method, _raw(endpoint.path))
                if key in seen:
                    continue
                seen.add(key)
                imports = _Imports(context.package)
                swagger = context.operations.get(str(endpoint.name))
                if swagger is None:
                    raise GeneratorError(context.file, f"no Swagger operation behind {endpoint.name}")
                body = self.env.get_template("endpoint.py.jinja").render(
                    endpoint=endpoint,
                    imports=imports,
                    context=context,
                    swagger=swagger,
                    swagger_params=swagger.parameters,
                    swagger_operation_id=swagger.operation_id,
                )
                files[f"api/{endpoint.name}.py"] = self.env.get_template("module.py.jinja").render(
                    header=header, imports=imports, body=body
                )
                operations.append(endpoint)
        operations.sort(key=lambda e: str(e.name))
        files["operations.py"] = self.operations(header, operations, context)
        files["api/__init__.py"] = self.env.get_template("api_init.py.jinja").render(
            header=header, operations=operations, context=context
        )
        files["__init__.py"] = self.env.get_template("package_init.py.jinja").render(
            header=header, context=context
        )
        return files
