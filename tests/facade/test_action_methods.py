"""The clients' action methods are generated from the ``@action`` declarations, and stay in sync with them.

- the committed ``seller_central/_action_methods.py`` is exactly what the renderer writes today;
- every declared action is a method of both clients (awaitable on the async one), typed by its inputs
  TypedDict and returning what its function's ``Call``/``Pages``/``Flow``/``RawCall`` annotation says, and a
  paginated action has its declared ``iter_...`` method (``max_pages``, ``Iterator``/``AsyncIterator``);
- a new action is one declaration: declaring one in a new module makes the renderer write working sync and
  async methods for it (and ``--check`` fails until it is rendered).
"""

from __future__ import annotations

import ast
import asyncio
import collections.abc
import inspect
import sys
import textwrap
import typing
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from seller_central import AsyncSellerCentral, SellerCentral, actions
from seller_central import _action_methods as generated
from seller_central.actions import _render
from seller_central.actions._spec import registry
from seller_central.calls import Call, Pages, RawCall

ACTIONS = actions.catalog()


def type_checking_namespace(module: ModuleType) -> dict[str, Any]:
    """The module's globals plus what it imports under ``if TYPE_CHECKING:`` (to resolve its annotations)."""
    namespace = dict(vars(module))
    tree = ast.parse(Path(inspect.getfile(module)).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            code = compile(ast.Module(body=node.body, type_ignores=[]), inspect.getfile(module), "exec")
            exec(code, namespace)  # noqa: S102 (the module's own import statements)
    return namespace


GENERATED = type_checking_namespace(generated)


def declared_types(action) -> tuple[Any, Any]:
    """Return (what the method returns, the item type of its iterator or None), from the action's function."""
    function = inspect.unwrap(action.function)
    namespace = type_checking_namespace(sys.modules[function.__module__])
    returned = typing.get_type_hints(function, globalns=namespace)["return"]
    if returned is RawCall:
        return Any, None
    origin, arguments = typing.get_origin(returned), typing.get_args(returned)
    if origin is Call:
        return arguments[0], None
    if origin is Pages:
        return arguments[0], arguments[1]
    assert origin is collections.abc.Generator, returned  # a Flow
    return arguments[2], None


def hints(method) -> dict[str, Any]:
    return typing.get_type_hints(method, globalns=GENERATED)


def test_the_committed_module_is_a_fresh_render():
    """``_action_methods.py`` is what ``python -m seller_central.actions._render`` writes from the declarations."""
    assert _render.render() == _render.TARGET.read_text(encoding="utf-8")
    assert _render.main(["--check"]) == 0


def test_the_clients_have_no_other_public_action_methods():
    """The generated classes hold one method per action, one per iterator, and ``with_options``: nothing else."""
    expected = {a.name for a in ACTIONS} | {a.iterator for a in ACTIONS if a.iterator} | {"with_options"}
    for base in (generated.ActionMethods, generated.AsyncActionMethods):
        public = {name for cls in base.__mro__ for name in vars(cls) if not name.startswith("_")}
        assert public == expected


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
@pytest.mark.parametrize("client", [SellerCentral, AsyncSellerCentral], ids=["sync", "async"])
def test_every_action_is_a_typed_method_of_both_clients(client, action):
    """The method takes the declared inputs TypedDict and returns the type of the function's annotation."""
    result, item = declared_types(action)
    method = getattr(client, action.name)
    signature = inspect.signature(method)

    assert inspect.iscoroutinefunction(method) is (client is AsyncSellerCentral)
    if action.inputs:
        assert list(signature.parameters) == ["self", "inputs"]
        assert signature.parameters["inputs"].kind is inspect.Parameter.VAR_KEYWORD
        assert hints(method)["inputs"] == typing.Unpack[action.inputs_type]
    else:
        assert list(signature.parameters) == ["self"]
    assert hints(method)["return"] == (type(None) if result is None else result)
    assert method.__doc__ == action.doc
    assert (item is not None) is action.paginated


@pytest.mark.parametrize("action", [a for a in ACTIONS if a.paginated], ids=lambda a: a.name)
@pytest.mark.parametrize("client", [SellerCentral, AsyncSellerCentral], ids=["sync", "async"])
def test_every_paginated_action_has_its_iterator(client, action):
    """``iter_...`` takes ``max_pages`` and the inputs, and yields the declared items (``async for`` on async)."""
    _, item = declared_types(action)
    iterator = getattr(client, action.iterator)
    parameters = inspect.signature(iterator).parameters

    assert list(parameters) == ["self", "max_pages", "inputs"]
    assert parameters["max_pages"].kind is inspect.Parameter.KEYWORD_ONLY
    assert parameters["max_pages"].default is None
    assert hints(iterator)["inputs"] == typing.Unpack[action.inputs_type]
    wanted = Iterator if client is SellerCentral else AsyncIterator
    assert hints(iterator)["return"] == wanted[item]
    assert iterator.__doc__.startswith(action.iterator_doc.removesuffix("."))


NEW_AREA = '''
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, TypedDict

from selling_partner_api.orders_v0.api import get_orders as get_orders_op

from seller_central.actions._spec import Input, action
from seller_central.calls import Call, Context, Pages

if TYPE_CHECKING:
    from selling_partner_api.listings_items_2021_08_01.models import Item
    from selling_partner_api.orders_v0.models import GetOrdersResponse


class WrapGiftInputs(TypedDict):
    """Inputs of Wrap Gift."""

    order_id: Annotated[str, Input("Order Id", "The order.")]


@action(
    "Wrap Gift",
    group="gifts",
    command="wrap",
    operation=get_orders_op,
    inputs=WrapGiftInputs,
    iterator="iter_wrapped_gifts",
)
def wrap_gift(_ctx: Context, inputs: Mapping[str, Any]) -> Pages[GetOrdersResponse, Item]:
    """Wrap the gifts of an order."""
    return Pages(
        first=Call(arguments={"order_id": inputs["order_id"]}),
        items=lambda response: [],
        next_call=lambda call, response: None,
    )
'''


class Recorder:
    """The primitives of a client, recording what the generated methods hand them."""

    _context = None

    def _send(self, call):
        return ("sent", call)

    def _items(self, pages, max_pages=None):
        return ("items", pages, max_pages)

    def _send_raw(self, call):
        return ("raw", call)

    def _drive(self, flow, _on_step=None):
        return ("drive", flow)

    def _pages(self, pages, max_pages=None):
        return ("pages", pages, max_pages)


class AsyncRecorder(Recorder):
    async def _send(self, call):
        return ("sent", call)


@pytest.fixture
def new_area(tmp_path, monkeypatch):
    """A package ``giftshop`` whose module ``gifts`` declares one paginated action, Wrap Gift."""
    (tmp_path / "giftshop").mkdir()
    (tmp_path / "giftshop" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "giftshop" / "gifts.py").write_text(textwrap.dedent(NEW_AREA), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        __import__("giftshop.gifts")
        yield
    finally:
        registry.pop("wrap_gift", None)
        for name in ("giftshop.gifts", "giftshop"):
            sys.modules.pop(name, None)


def test_a_new_action_is_one_declaration(new_area):
    """Declaring an action is enough: the renderer writes its typed sync and async methods, and they work."""
    source = _render.render()

    assert _render.main(["--check"]) == 1  # the committed module lacks it until rendered
    assert "def wrap_gift(self, **inputs: Unpack[WrapGiftInputs]) -> GetOrdersResponse:" in source
    assert "-> Iterator[ListingsItem]:" in source  # Item is also Catalog Items' Item: aliased per area
    assert "from giftshop.gifts import WrapGiftInputs" in source
    module = ModuleType("rendered")
    exec(compile(source, "rendered.py", "exec"), module.__dict__)  # noqa: S102 (the renderer's output)

    sync = type("Client", (Recorder, module.ActionMethods), {})()
    kind, call = sync.wrap_gift(order_id="1")
    assert (kind, call.operation, dict(call.arguments)) == ("sent", "orders_v0.getOrders", {"order_id": "1"})
    kind, pages, max_pages = sync.iter_wrapped_gifts(order_id="2", max_pages=3)
    assert (kind, dict(pages.first.arguments), max_pages) == ("items", {"order_id": "2"}, 3)

    aclient = type("AsyncClient", (AsyncRecorder, module.AsyncActionMethods), {})()
    kind, call = asyncio.run(aclient.wrap_gift(order_id="4"))
    assert (kind, dict(call.arguments)) == ("sent", {"order_id": "4"})
    assert aclient.wrap_gift.__doc__ == sync.wrap_gift.__doc__ == "Wrap the gifts of an order."
    assert aclient.iter_wrapped_gifts.__doc__ == "Wrap Gift across every page (``async for``)."
