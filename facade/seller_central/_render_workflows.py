"""Write both clients' workflow methods from their declarations: :mod:`seller_central._workflow_methods`.

The declarations are the methods of :class:`seller_central._workflows.Workflows`, read from its source with
:mod:`ast` (their annotations are only for the type checker). Each becomes a method of
``WorkflowMethods`` (the synchronous client's, as declared) and of ``AsyncWorkflowMethods`` (``Iterator``
becomes ``AsyncIterator``; a driven flow's method is ``async``), whose body calls the declared body function
with the client's context and the method's arguments (a ``**options`` mapping as it is; ``max_pages`` goes to
``_items``) and hands what it returns to the client primitive ``drive`` names.

``python -m seller_central.actions._render`` writes this module together with the action methods, and its
``--check`` fails when either committed module is stale (``make check-generated`` and the test suite run it).
"""

from __future__ import annotations

import ast
import importlib
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from seller_central import _workflows

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = ["DECLARATIONS", "TARGET", "RenderError", "render"]

#: The module this renders, and the one it is rendered from.
TARGET = Path(__file__).resolve().parent / "_workflow_methods.py"
DECLARATIONS = Path(_workflows.__file__).resolve()

_DRIVES = {"stream": "_stream", "items": "_items", "drive": "_drive"}

_PREAMBLE = '''\
"""The workflow methods of ``SellerCentral`` and ``AsyncSellerCentral``: GENERATED, do not edit.

Written by ``python -m seller_central.actions._render`` from the declarations in
:mod:`seller_central._workflows`: change a workflow method there and run it again (``--check`` fails when
this file is stale; ``make check-generated`` runs it).

Each method is one line over one body, in :mod:`seller_central.reports`, :mod:`seller_central.order_sync`,
:mod:`seller_central.finances` or :mod:`seller_central.notifications` (a :data:`~seller_central.calls.Stream`,
a :class:`~seller_central.calls.Pages` or a :data:`~seller_central.calls.Flow`), driven by the client's
primitives: :class:`WorkflowMethods` with the synchronous client's, :class:`AsyncWorkflowMethods` with the
asyncio client's.
"""

# ruff: noqa: PLC0415 (each method imports its workflow's module when it is first called)

from __future__ import annotations

import abc
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from seller_central.calls import Context, Flow, Pages, Stream
{imports}

__all__ = ["AsyncWorkflowMethods", "WorkflowMethods"]

T = TypeVar("T")
R = TypeVar("R")
{classes}'''

_CLASS = '''

class {name}(abc.ABC):
    """{doc}"""

    _context: Context

    @abc.abstractmethod
    def _stream(self, body: Stream[T]) -> {iterator}[T]:
        """Drive a streaming workflow, yielding what it emits."""

    @abc.abstractmethod
    {define} _drive(self, flow: Flow[T], on_step: Callable[[Any, Any], None] | None = None) -> T:
        """Run a multi-step flow to its result."""

    @abc.abstractmethod
    def _items(self, pages: Pages[T, R], max_pages: int | None = None) -> {iterator}[R]:
        """Yield every item of every page."""
{methods}'''


class RenderError(Exception):
    """A declaration the renderer cannot turn into methods (names the method and what is wrong)."""


@attrs.frozen(kw_only=True)
class _Declared:
    """One declared workflow method, as read from the source of ``Workflows``."""

    node: ast.FunctionDef
    module: str  # the body's module, within seller_central
    function: str  # the body function
    drive: str  # stream, items or drive
    doc: str


def _literal(method: ast.FunctionDef, call: ast.Call, name: str) -> str:
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg == name and isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value.value
    msg = f"{method.name}: @workflow needs {name}= as a string"
    raise RenderError(msg)


def _declared(source: str) -> tuple[list[_Declared], str]:
    """Return the declared methods and the source of the ``if TYPE_CHECKING:`` imports they name."""
    tree = ast.parse(source)
    imports = ""
    methods: list[_Declared] = []
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            imports = "".join(textwrap.indent(ast.unparse(line), "    ") + "\n" for line in node.body)
        if not (isinstance(node, ast.ClassDef) and node.name == "Workflows"):
            continue
        for method in node.body:
            if not isinstance(method, ast.FunctionDef):
                continue
            decorators = [d for d in method.decorator_list if isinstance(d, ast.Call)]
            if len(decorators) != 1 or ast.unparse(decorators[0].func) != "workflow":
                msg = f"{method.name}: declare it with one @workflow(body=..., drive=...)"
                raise RenderError(msg)
            module, _, function = _literal(method, decorators[0], "body").rpartition(".")
            drive = _literal(method, decorators[0], "drive")
            if drive not in _DRIVES:
                msg = f"{method.name}: drive={drive!r} is none of {sorted(_DRIVES)}"
                raise RenderError(msg)
            if not hasattr(importlib.import_module(f"seller_central.{module}"), function):
                msg = f"{method.name}: its body seller_central.{module}.{function} does not exist"
                raise RenderError(msg)
            doc = ast.get_docstring(method, clean=True)
            if not doc or '"""' in doc or doc.endswith(('"', "\\")):
                msg = f"{method.name}: it needs a docstring that can be written between triple quotes"
                raise RenderError(msg)
            methods.append(_Declared(node=method, module=module, function=function, drive=drive, doc=doc))
    if not methods:
        msg = "no workflow method is declared (class Workflows in seller_central._workflows)"
        raise RenderError(msg)
    return methods, imports


def _arguments(method: _Declared) -> str:
    """Return the arguments the body is called with: the context, then the method's own."""
    arguments = method.node.args
    if arguments.posonlyargs or arguments.args[1:] or arguments.vararg:
        msg = f"{method.node.name}: take keyword arguments only (after *), or **options"
        raise RenderError(msg)
    names = [argument.arg for argument in arguments.kwonlyargs]
    if method.drive == "items":
        if "max_pages" not in names:
            msg = f"{method.node.name}: a method driven by _items takes max_pages: int | None = None"
            raise RenderError(msg)
        names.remove("max_pages")
    given = [f"{name}={name}" for name in names]
    if arguments.kwarg is not None:
        given.append(arguments.kwarg.arg)
    return ", ".join(["self._context", *given])


def _method(method: _Declared, *, sync: bool) -> str:
    """Return the source of one workflow method, for the sync or the async client."""
    node = method.node
    parameters = ast.unparse(node.args)
    returns = ast.unparse(node.returns) if node.returns is not None else "None"
    body = f"{method.module}.{method.function}({_arguments(method)})"
    primitive = _DRIVES[method.drive]
    extra = ", max_pages" if method.drive == "items" else ""
    define, wait, doc = "def", "", method.doc
    if method.drive != "drive" and not returns.startswith("Iterator["):
        msg = f"{node.name}: a method driven by {primitive} returns Iterator[...]"
        raise RenderError(msg)
    if not sync:
        if method.drive == "drive":
            define, wait, how = "async def", "await ", "await"
        else:
            returns, how = "Async" + returns, "async for"
        # The summary line, then where the rest is: the synchronous client's method.
        summary = doc.partition("\n\n")[0]
        doc = f"{summary}\n\n``{how}`` it; see :meth:`WorkflowMethods.{node.name}`."
    doc = textwrap.indent(doc, "        ").strip() + ("\n        " if "\n" in doc else "")
    return (
        f"\n    {define} {node.name}({parameters}) -> {returns}:\n"
        f'        """{doc}"""\n'
        f"        from seller_central import {method.module}\n\n"
        f"        return {wait}self.{primitive}({body}{extra})\n"
    )


def render(format_source: Callable[[str], str], source: str | None = None) -> str:
    """Return the source of :mod:`seller_central._workflow_methods` (``format_source`` formats it)."""
    methods, imports = _declared(DECLARATIONS.read_text(encoding="utf-8") if source is None else source)

    def classes() -> Iterator[str]:
        for name, doc, sync in (
            ("WorkflowMethods", "The synchronous client's workflow methods.", True),
            ("AsyncWorkflowMethods", "The asyncio client's workflow methods (the same bodies).", False),
        ):
            yield _CLASS.format(
                name=name,
                doc=doc,
                iterator="Iterator" if sync else "AsyncIterator",
                define="def" if sync else "async def",
                methods="".join(_method(method, sync=sync) for method in methods),
            )

    return format_source(_PREAMBLE.format(imports=imports, classes="\n".join(classes())))
