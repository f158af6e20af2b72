"""Write the clients' action methods from the ``@action`` declarations: :mod:`seller_central._action_methods`.

Run ``python -m seller_central.actions._render`` after declaring or changing an action; with ``--check`` it
writes nothing and exits 1 when the committed module differs from a fresh render (``make check-generated``
runs that, and so does the test suite). It also writes (and checks) the workflow methods,
:mod:`seller_central._workflow_methods`, from their declarations (:mod:`seller_central._render_workflows`).

Everything is derived from the declarations, so a new action is one ``@action`` and nothing else:

- the method's name (the function's), its docstring (``doc=``) and its inputs,
  ``**inputs: Unpack[<the inputs TypedDict>]`` (no parameters when the TypedDict has no keys);
- what it returns and which client primitive sends it, from the function's return annotation:
  ``Call[R]`` returns ``R`` (``_send``); ``Pages[P, I]`` returns the first page ``P`` (``_send(pages.first)``)
  and adds the ``iterator=`` method yielding every ``I`` (``_items``, with ``max_pages``); a ``Flow[R]``
  returns ``R`` (``_drive``); a ``RawCall`` returns ``Any`` (``_send_raw``);
- the imports of the types named there: each name is looked up among the action module's own imports and
  definitions (read with :mod:`ast`, as the annotations are strings), and imported under ``TYPE_CHECKING``
  only. A name that two areas use for different classes (``Item``) is imported under an alias per area.

The module's fixed part (the primitives the clients implement, and ``with_options``) is :data:`_PREAMBLE`.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import importlib
import importlib.util
import inspect
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from seller_central import _render_workflows, actions
from seller_central.actions._spec import registry

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from seller_central.actions._spec import Action

__all__ = ["TARGET", "main", "render", "render_workflows"]

#: The module this renders.
TARGET = Path(__file__).resolve().parents[1] / "_action_methods.py"

_PREAMBLE = '''\
"""The action methods of ``SellerCentral`` and ``AsyncSellerCentral``: GENERATED, do not edit.

Written by ``python -m seller_central.actions._render`` from the ``@action`` declarations in
:mod:`seller_central.actions`: declare or change an action there and run it again (``--check`` fails when
this file is stale; ``make check-generated`` runs it).

Each method is one line: the pure action builds the call from the inputs (typed by its ``TypedDict``), and a
primitive of the client sends it. An action's module is imported on its first call, so building a client
imports no action area and no generated API.

The ``iter_*`` methods follow the page token and yield every item once. ``max_pages=N`` stops quietly after N
pages (a limit, like SQL's ``LIMIT``; SP-API may have had more). A page token SP-API sends a second time
raises :class:`~seller_central.errors.PaginationError` after the items received so far were yielded, instead
of fetching the same pages forever.
"""

# ruff: noqa: PLC0415 (each method imports its action area when it is first called)

from __future__ import annotations

import abc
import copy
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any, Self, TypeVar, Unpack

import attrs

if TYPE_CHECKING:
    import httpx

    from seller_central.calls import Call, Context, Flow, Pages, RawCall
{imports}

__all__ = ["ActionMethods", "AsyncActionMethods"]

T = TypeVar("T")
R = TypeVar("R")
AnyCall = TypeVar("AnyCall", "Call[Any]", "RawCall")


class _Views:
    """Per-call options, as a view of the client that shares its pools, tokens and limits."""

    _call_timeout: float | httpx.Timeout | None = None

    def with_options(self, *, timeout: float | httpx.Timeout) -> Self:
        """Return a view of this client whose calls use ``timeout`` (seconds or an ``httpx.Timeout``).

        ``client.with_options(timeout=5).get_order(order_id=...)`` sends one call with a 5 s timeout. The view
        shares everything else with the client; close the client, not the view.
        """
        view = copy.copy(self)
        view._call_timeout = timeout  # noqa: SLF001 (a copy of self, the same class)
        return view

    def _with_timeout(self, call: AnyCall) -> AnyCall:
        if self._call_timeout is None or call.timeout is not None:
            return call
        return attrs.evolve(call, timeout=self._call_timeout)


{classes}'''


_CLASS = '''

class {name}(_Views, abc.ABC):
    """The {flavour} client's action methods, over the primitives ``{client}`` implements."""

    _context: Context
{methods}'''

#: The primitives the clients implement, as the sync client declares them: name, parameters, result, whether
#: the async client's is awaited (its iterators are ``AsyncIterator``), docstring.
_PRIMITIVES = (
    ("_send", "call: Call[T]", "T", True, "Send one call and return its result."),
    ("_send_raw", "call: RawCall", "Any", True, "Send a raw request and return its body."),
    (
        "_drive",
        "flow: Flow[T], on_step: Callable[[Any, Any], None] | None = None",
        "T",
        True,
        "Run a multi-step flow to its result.",
    ),
    (
        "_pages",
        "pages: Pages[T, Any], max_pages: int | None = None",
        "Iterator[T]",
        False,
        "Yield every page (at most ``max_pages``); a repeated page token raises ``PaginationError``.",
    ),
    (
        "_items",
        "pages: Pages[T, R], max_pages: int | None = None",
        "Iterator[R]",
        False,
        "Yield every item of every page (of at most ``max_pages`` pages).",
    ),
)

_KINDS = "Call[R], Pages[P, I], Flow[R] or RawCall"


class RenderError(Exception):
    """A declaration the renderer cannot turn into methods (names the action and what is wrong)."""


@attrs.frozen
class _Symbol:
    """A class or alias a method's signature names: where it is defined, and what it is called there."""

    module: str
    name: str


@attrs.frozen(kw_only=True)
class _Method:
    """What one action contributes: its kind, its types (over the names its module uses) and its inputs."""

    action: Action
    package: str
    area: str  # the action's module within ``package``
    kind: str  # Call, Pages, Flow or RawCall
    result: ast.expr | None  # R, or P for Pages; None for RawCall (Any)
    item: ast.expr | None  # I for Pages
    inputs: _Symbol | None  # None when the action takes no inputs
    names: dict[str, _Symbol]  # the local names the expressions use


def _module_names(module_name: str) -> dict[str, _Symbol]:
    """Return what each top-level name of a module refers to: its imports (any ``if`` too) and definitions."""
    module = importlib.import_module(module_name)
    tree = ast.parse(Path(inspect.getfile(module)).read_text(encoding="utf-8"))
    names: dict[str, _Symbol] = {}

    def visit(body: Iterable[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.ImportFrom):
                source = node.module or ""
                if node.level:
                    source = importlib.util.resolve_name("." * node.level + source, module.__package__)
                for alias in node.names:
                    names[alias.asname or alias.name] = _Symbol(source, alias.name)
            elif isinstance(node, ast.ClassDef):
                names[node.name] = _Symbol(module_name, node.name)
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        names[target.id] = _Symbol(module_name, target.id)
            elif isinstance(node, ast.If):
                visit(node.body)
                visit(node.orelse)

    visit(tree.body)
    return names


def _type_names(action: Action, expression: ast.expr, known: dict[str, _Symbol]) -> dict[str, _Symbol]:
    """Return the symbols of the names ``expression`` uses (builtins and ``None`` need no import)."""
    used: dict[str, _Symbol] = {}
    for node in ast.walk(expression):
        if isinstance(node, ast.Attribute):
            msg = f"{action.name}: name the type directly (imported by name), not {ast.unparse(node)}"
            raise RenderError(msg)
        if not isinstance(node, ast.Name):
            continue
        if node.id in known:
            used[node.id] = known[node.id]
        elif not hasattr(builtins, node.id):
            msg = f"{action.name}: {node.id!r} in its return annotation is neither imported nor defined"
            raise RenderError(msg)
    return used


def _method(action: Action) -> _Method:
    """Read one action's kind, types and inputs from its function and its module."""
    function = inspect.unwrap(action.function) if action.function else None
    if function is None:
        msg = f"{action.name}: no function"
        raise RenderError(msg)
    annotation = inspect.get_annotations(function).get("return")
    if not isinstance(annotation, str):
        msg = f"{action.name}: the function needs a return annotation ({_KINDS})"
        raise RenderError(msg)
    package, _, area = function.__module__.rpartition(".")
    if not package:
        msg = f"{action.name}: declare it in a package's module (seller_central.actions.<area>)"
        raise RenderError(msg)
    known = _module_names(function.__module__)
    tree = ast.parse(annotation, mode="eval").body
    kind, arguments = None, []
    if isinstance(tree, ast.Name) and tree.id == "RawCall":
        kind = "RawCall"
    elif isinstance(tree, ast.Subscript) and isinstance(tree.value, ast.Name):
        kind = tree.value.id
        arguments = list(tree.slice.elts) if isinstance(tree.slice, ast.Tuple) else [tree.slice]
    expected = {"RawCall": 0, "Call": 1, "Flow": 1, "Pages": 2}
    if kind not in expected or len(arguments) != expected[kind]:
        msg = f"{action.name}: return annotation {annotation!r} is none of {_KINDS}"
        raise RenderError(msg)
    if (kind == "Pages") != (action.iterator is not None):
        msg = f"{action.name}: an action returning Pages declares iterator='iter_...' (and no other does)"
        raise RenderError(msg)
    names: dict[str, _Symbol] = {}
    for argument in arguments:
        names |= _type_names(action, argument, known)
    inputs_type = action.inputs_type
    return _Method(
        action=action,
        package=package,
        area=area,
        kind=kind,
        result=arguments[0] if arguments else None,
        item=arguments[1] if kind == "Pages" else None,
        inputs=_Symbol(inputs_type.__module__, inputs_type.__qualname__) if action.inputs else None,
        names=names,
    )


def _camel(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


def _aliases(methods: list[_Method]) -> dict[_Symbol, str]:
    """Return the name each symbol is imported as.

    That is the name its first area uses for it, unless another symbol goes by the same name; then both are
    imported as ``<Area><Name>`` (``CatalogItemsItem``, ``ListingsItem``).
    """
    first: dict[_Symbol, tuple[str, str]] = {}  # symbol -> (area, local name)
    for method in methods:
        for local, symbol in method.names.items():
            first.setdefault(symbol, (method.area, local))
        if method.inputs is not None:
            first.setdefault(method.inputs, (method.area, method.inputs.name))
    sharing: dict[str, int] = {}
    for _, local in first.values():
        sharing[local] = sharing.get(local, 0) + 1
    aliases = {
        symbol: local if sharing[local] == 1 else _camel(area) + local
        for symbol, (area, local) in first.items()
    }
    if len(set(aliases.values())) != len(aliases):
        msg = f"two types would be imported under one name: {sorted(aliases.values())}"
        raise RenderError(msg)
    return aliases


def _expression(method: _Method, expression: ast.expr | None, aliases: dict[_Symbol, str]) -> str:
    """Return ``expression`` as source, each name replaced by the name it is imported as."""
    if expression is None:
        return "Any"
    renamed = {local: aliases[symbol] for local, symbol in method.names.items()}

    class Rename(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.Name:
            return ast.Name(id=renamed.get(node.id, node.id), ctx=node.ctx)

    return ast.unparse(Rename().visit(ast.parse(ast.unparse(expression), mode="eval")))


def _docstring(action: Action, text: str) -> str:
    if '"""' in text or text.endswith(('"', "\\")):
        msg = f"{action.name}: its docstring {text!r} cannot be written between triple quotes"
        raise RenderError(msg)
    return f'"""{text}"""'


def _methods(method: _Method, aliases: dict[_Symbol, str], *, sync: bool) -> Iterator[str]:
    """Yield the source of the method (and the iterator) of one action, for the sync or the async client."""
    action, area = method.action, method.area
    inputs = "" if method.inputs is None else f"**inputs: Unpack[{aliases[method.inputs]}]"
    given = "inputs" if method.inputs is not None else "{}"
    built = f"{area}.{action.name}(self._context, {given})"
    load = f"from {method.package} import {area}"
    primitive = {"Call": "_send", "Pages": "_send", "Flow": "_drive", "RawCall": "_send_raw"}[method.kind]
    first = ".first" if method.kind == "Pages" else ""
    result = _expression(method, method.result, aliases)
    define, wait = ("def", "") if sync else ("async def", "await ")
    yield (
        f"    {define} {action.name}(self{', ' if inputs else ''}{inputs}) -> {result}:\n"
        f"        {_docstring(action, action.doc)}\n"
        f"        {load}\n\n"
        f"        return {wait}self.{primitive}({built}{first})\n"
    )
    if method.kind == "Pages":
        item = _expression(method, method.item, aliases)
        iterator = "Iterator" if sync else "AsyncIterator"
        doc = action.iterator_doc if sync else action.iterator_doc.removesuffix(".") + " (``async for``)."
        yield (
            f"    def {action.iterator}(self, *, max_pages: int | None = None{', ' if inputs else ''}"
            f"{inputs}) -> {iterator}[{item}]:\n"
            f"        {_docstring(action, doc)}\n"
            f"        {load}\n\n"
            f"        return self._items({built}, max_pages)\n"
        )


def _imports(aliases: dict[_Symbol, str]) -> str:
    by_module: dict[str, set[str]] = {}
    for symbol, local in aliases.items():
        by_module.setdefault(symbol.module, set()).add(
            symbol.name if local == symbol.name else f"{symbol.name} as {local}"
        )
    return "".join(
        f"    from {module} import {', '.join(sorted(names))}\n"
        for module, names in sorted(by_module.items())
    )


def _declared() -> list[Action]:
    """Return every action, by area (in ``AREAS`` order, then any other module), then in declaration order."""
    actions.catalog()  # imports every area

    def place(action: Action) -> tuple[int, str, int]:
        function = inspect.unwrap(action.function) if action.function else None
        if function is None:
            return (len(actions.AREAS), "", 0)
        module = function.__module__
        area = module.rpartition(".")[2]
        order = actions.AREAS.index(area) if module == f"{actions.__name__}.{area}" else len(actions.AREAS)
        return (order, module, function.__code__.co_firstlineno)

    return sorted(registry.values(), key=place)


def _ruff(source: str, *arguments: str, target: Path = TARGET) -> str:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        msg = "ruff is not installed (make venv installs the pinned version)"
        raise RenderError(msg)
    done = subprocess.run(  # noqa: S603 (ruff, with fixed arguments)
        [ruff, *arguments, "--stdin-filename", str(target), "-"],
        input=source,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        msg = f"ruff {arguments[0]} failed on the rendered module:\n{done.stderr}"
        raise RenderError(msg)
    return done.stdout


def _primitives(*, sync: bool) -> Iterator[str]:
    """Yield the abstract declaration of each primitive, for the sync or the async client."""
    for name, parameters, result, awaited, doc in _PRIMITIVES:
        define = "async def" if awaited and not sync else "def"
        returned = result if sync else result.replace("Iterator[", "AsyncIterator[")
        yield (
            f"    @abc.abstractmethod\n"
            f"    {define} {name}(self, {parameters}) -> {returned}:\n"
            f'        """{doc}"""\n'
        )


def render() -> str:
    """Return the source of :mod:`seller_central._action_methods`, formatted by ruff."""
    methods = [_method(action) for action in _declared()]
    aliases = _aliases(methods)
    sync: list[str] = []
    asynchronous: list[str] = []
    area = None
    for method in methods:
        if method.area != area:
            area = method.area
            rule = f"    # -- {area} " + "-" * (100 - len(area)) + "\n"
            sync.append(rule)
            asynchronous.append(rule)
        sync.extend(_methods(method, aliases, sync=True))
        asynchronous.extend(_methods(method, aliases, sync=False))
    classes = [
        _CLASS.format(
            name=name,
            flavour=flavour,
            client=client,
            methods="\n" + "\n".join([*_primitives(sync=flavour == "synchronous"), *methods]),
        )
        for name, flavour, client, methods in (
            ("ActionMethods", "synchronous", "SellerCentral", sync),
            ("AsyncActionMethods", "asyncio", "AsyncSellerCentral", asynchronous),
        )
    ]
    return _formatted(_PREAMBLE.format(imports=_imports(aliases), classes="\n".join(classes)), TARGET)


def _formatted(source: str, target: Path) -> str:
    """Return ``source`` with its imports sorted and formatted by ruff (configured as for ``target``)."""
    source = _ruff(source, "check", "--select", "I", "--fix", "--exit-zero", "--quiet", target=target)
    return _ruff(source, "format", target=target)


def render_workflows() -> str:
    """Return the source of :mod:`seller_central._workflow_methods` (see ``_render_workflows``)."""
    return _render_workflows.render(lambda source: _formatted(source, _render_workflows.TARGET))


def main(argv: list[str] | None = None) -> int:
    """Write the modules, or with ``--check`` tell whether the committed ones are current (exit 1 if not)."""
    parser = argparse.ArgumentParser(prog="python -m seller_central.actions._render", description=__doc__)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a module is stale")
    options = parser.parse_args(argv)
    stale = False
    for target, fresh in ((TARGET, render()), (_render_workflows.TARGET, render_workflows())):
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if fresh == current:
            continue
        if options.check:
            sys.stderr.write(f"{target} is stale: run python -m seller_central.actions._render\n")
            stale = True
        else:
            target.write_text(fresh, encoding="utf-8")
            sys.stdout.write(f"wrote {target}\n")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
