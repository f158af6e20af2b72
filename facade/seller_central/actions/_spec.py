"""How an action is declared, and the values actions hand to the client.

An action is a pure function. It receives the connection's :class:`Context` and its inputs (already checked
for unknown and missing keys, with defaults applied), validates them, maps them onto a generated operation
and returns a :class:`Call`. It never does I/O; :mod:`seller_central.client` sends the call, so one action
body serves both the sync and the async client.

Inputs are declared once, as a ``TypedDict`` whose fields are ``Annotated`` with an :class:`Input` (the
label and comment of the connector spec, the default). The same TypedDict types the client methods
(``**inputs: Unpack[...]``), drives validation of unknown or missing inputs, and feeds the action
catalog and the CLI::

    class GetOrderInputs(TypedDict):
        order_id: Annotated[str, Input("Order Id", "An Amazon order id in 3-7-7 form.")]

    from selling_partner_api.orders_v0.api import get_order as get_order_op

    @action("Get Order", group="orders", operation=get_order_op, inputs=GetOrderInputs)
    def get_order(ctx: Context, inputs: GetOrderInputs) -> Call[GetOrderResponse]:
        order_id = validation.order_id(inputs["order_id"], ctx, label="Order Id")
        return Call(arguments={"order_id": order_id})

The operation is named once, as the generated operation module (a reference the type checker follows, not
a key string): the ``Call`` (or the first call of ``Pages``) that such a body returns without naming an
operation is completed with the declared one. Importing an operation module loads none of its models.

Multi-step actions (submit a feed, follow pages) are generators that yield :class:`Call`, :class:`Upload`,
:class:`Download` and :class:`Sleep` steps and receive each step's result, the way ``httpx.Auth.auth_flow``
does; the client drives them with or without ``await``.
"""

from __future__ import annotations

import collections.abc
import datetime
import functools
import types
import typing
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, NamedTuple, TypeVar

import attrs

from seller_central import operations, validation
from seller_central.calls import Call, Context, Download, Flow, Page, Pages, RawCall, Sleep, Upload
from seller_central.errors import InvalidInputError

__all__ = [
    "NO_DEFAULT",
    "Action",
    "Call",
    "Context",
    "Download",
    "Flow",
    "Input",
    "InputInfo",
    "Page",
    "Pages",
    "RawCall",
    "Sleep",
    "Upload",
    "action",
    "registry",
]

T = TypeVar("T")
R = TypeVar("R")


class _NoDefault:
    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Any = _NoDefault()


class Input(NamedTuple):
    """The connector spec's description of one input: its label, our comment, and its default.

    Attributes:
        label: The label as the spec writes it (``"Marketplace Ids"``); errors name the input by it.
        comment: What the input means, in our words.
        default: The default value.
        default_doc: How to describe the default in the catalog, when its value does not say it.
        choices: Allowed values (enums from the model), for validation and the CLI.
        positional: The CLI takes this input as a positional argument (``feeds submit FILE``).
        max_length: The most characters of a text input (of each value of a list), where the operation's
            model gives none for it (``validation.MAX_TEXT`` when neither does).
        max_items: The most values of a list input, where the model gives none (``validation.MAX_ITEMS``).
    """

    label: str
    comment: str = ""
    default: Any = NO_DEFAULT
    default_doc: str | None = None
    choices: tuple[str, ...] = ()
    positional: bool = False
    max_length: int | None = None
    max_items: int | None = None


# -- declaration and catalog --------------------------------------------------------------------------------


class InputInfo(NamedTuple):
    """One input of one action, as the catalog and the CLI see it."""

    key: str
    label: str
    type: str
    required: bool
    default: Any
    default_doc: str | None
    comment: str
    choices: tuple[str, ...]
    positional: bool = False
    annotation: Any = None
    max_length: int | None = None
    max_items: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form used by ``seller-central actions --json``."""
        default = self.default_doc or (None if self.default is NO_DEFAULT else self.default)
        return {
            "key": self.key,
            "label": self.label,
            "type": self.type,
            "required": self.required,
            "default": default,
            "comment": self.comment,
            **({"choices": list(self.choices)} if self.choices else {}),
        }


@attrs.frozen(kw_only=True)
class Action:
    """A declared action: its spec label, description, inputs and the operation it calls.

    ``operation`` is the operation key (for the catalog, the CLI and specdiff), read from ``module``, the
    generated operation module the declaration names; both are ``None`` for Raw Request.
    """

    name: str
    label: str
    description: str
    group: str
    command: str
    operation: str | None
    inputs_type: Any = attrs.field(repr=False, eq=False)
    doc: str = ""
    iterator: str | None = None
    iterator_doc: str = ""
    in_spec: bool = True
    function: Callable[[Context, Mapping[str, Any]], Any] | None = attrs.field(
        default=None, repr=False, eq=False
    )
    module: ModuleType | None = attrs.field(default=None, repr=False, eq=False)

    @property
    def paginated(self) -> bool:
        """Whether the action returns :class:`Pages` and so also has an ``iter_...`` method."""
        return self.iterator is not None

    def build(self, context: Context, given: Mapping[str, Any]) -> Any:
        """Run the action's pure body: a ``Call``, ``RawCall``, ``Pages`` or a flow generator."""
        if self.function is None:
            msg = f"action {self.name!r} has no body"
            raise TypeError(msg)
        return self.function(context, given)

    @functools.cached_property
    def inputs(self) -> tuple[InputInfo, ...]:
        """The inputs, in declaration order, read from the TypedDict's annotations."""
        hints = typing.get_type_hints(self.inputs_type, include_extras=True)
        # __required_keys__ is unreliable when annotations are strings (PEP 563), so read NotRequired here.
        total = getattr(self.inputs_type, "__total__", True)
        out = []
        for key, wrapped in hints.items():
            hint = wrapped
            while typing.get_origin(hint) in (typing.NotRequired, typing.Required):
                hint = typing.get_args(hint)[0]
            meta = next((m for m in getattr(hint, "__metadata__", ()) if isinstance(m, Input)), None)
            if meta is None:
                msg = f"{self.name}: input {key!r} has no Input annotation"
                raise TypeError(msg)
            base = typing.get_args(hint)[0] if hasattr(hint, "__metadata__") else hint
            out.append(
                InputInfo(
                    key=key,
                    label=meta.label,
                    type=_type_name(base),
                    required=typing.get_origin(wrapped) is typing.Required
                    or (total and typing.get_origin(wrapped) is not typing.NotRequired),
                    default=meta.default,
                    default_doc=meta.default_doc,
                    comment=meta.comment,
                    choices=meta.choices,
                    positional=meta.positional,
                    annotation=base,
                    max_length=meta.max_length,
                    max_items=meta.max_items,
                )
            )
        return tuple(out)

    @functools.cached_property
    def text_limits(self) -> tuple[tuple[InputInfo, validation.TextLimit], ...]:
        """The text inputs (text, date-time text, lists of text) and the limit each is checked against.

        An input whose key is an argument of the operation's ``request_kwargs`` takes that parameter's
        ``maxLength``/``maxItems`` from Amazon's model and, for a path parameter, the dot-segment check; the
        Input's own ``max_length``/``max_items`` apply where the model gives none; else the ceilings.
        """
        operation = operations.get(self.operation) if self.operation else None
        out = []
        for info in self.inputs:
            kind = _text_kind(info.annotation)
            if kind is None:
                continue
            parameter = operation.parameter(info.key) if operation else None
            max_length = (parameter.max_length if parameter else None) or info.max_length
            max_items = (parameter.max_items if parameter else None) or info.max_items
            out.append(
                (
                    info,
                    validation.TextLimit(
                        max_length=max_length or validation.MAX_TEXT,
                        max_items=(max_items or validation.MAX_ITEMS) if kind == "list" else None,
                        path=parameter is not None and parameter.location == "path",
                    ),
                )
            )
        return tuple(out)

    def check(self, values: Mapping[str, Any]) -> None:
        """Check every text input for control characters, length and dot segments (see :attr:`text_limits`).

        Raises:
            InvalidInputError: naming the input at fault.
        """
        total = 0
        largest: tuple[int, str] = (0, "")
        for info, limit in self.text_limits:
            value = values.get(info.key)
            if value is None:
                continue
            size = validation.text_input(value, label=info.label, limit=limit)
            total += size
            largest = max(largest, (size, info.label))
        if total > validation.MAX_TOTAL_TEXT:
            raise validation.invalid(
                largest[1],
                f"the text inputs of {self.label} come to {total} bytes together, more than one request "
                f"carries (at most {validation.MAX_TOTAL_TEXT}); this one is the longest",
            )

    @functools.cached_property
    def _keys(self) -> frozenset[str]:
        return frozenset(info.key for info in self.inputs)

    def resolve(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Check ``given`` against the declared inputs and apply defaults.

        Raises:
            InvalidInputError: an unknown input, or a required input that is missing.
        """
        unknown = [key for key in given if key not in self._keys]
        if unknown:
            known = ", ".join(sorted(self._keys))
            msg = f"{self.label}: unknown input {unknown[0]!r} (known inputs: {known})"
            raise InvalidInputError(msg)
        values: dict[str, Any] = {}
        for info in self.inputs:
            if info.key in given and given[info.key] is not None:
                values[info.key] = given[info.key]
            elif info.default is not NO_DEFAULT:
                values[info.key] = info.default
            elif info.required:
                msg = f"{info.label} is required for {self.label}"
                raise InvalidInputError(msg, label=info.label)
        return values

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form used by ``seller-central actions --json``."""
        return {
            "name": self.name,
            "label": self.label,
            "description": self.description,
            "group": self.group,
            "command": self.command,
            "operation": self.operation,
            "paginated": self.paginated,
            "inSpec": self.in_spec,
            "inputs": [info.to_dict() for info in self.inputs],
        }


def _text_kind(annotation: Any) -> str | None:
    """Return ``"text"`` for ``str`` (alone or beside ``datetime``), ``"list"`` for ``Values``, else None."""
    if annotation is str:
        return "text"
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return None
    args = typing.get_args(annotation)
    if str not in args:
        return None
    others = [arg for arg in args if arg is not str]
    if all(arg is datetime.datetime for arg in others):
        return "text"
    if all(
        typing.get_origin(arg) is collections.abc.Sequence and typing.get_args(arg) == (str,)
        for arg in others
    ):
        return "list"
    return None


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_type_name(arg) for arg in typing.get_args(annotation))
    if origin is not None:
        args = ", ".join(_type_name(arg) for arg in typing.get_args(annotation))
        return f"{getattr(origin, '__name__', str(origin))}[{args}]"
    return getattr(annotation, "__name__", str(annotation))


registry: dict[str, Action] = {}


def _complete(built: Any, op: ModuleType) -> Any:
    """Name the declared operation in a ``Call`` (or the first call of ``Pages``) whose body left it out."""
    if isinstance(built, Call):
        return built.completed(op)
    if isinstance(built, Pages):
        return built._replace(first=built.first.completed(op))
    return built  # a flow names the operation of each of its calls


F = TypeVar("F", bound=Callable[..., Any])


def action(
    label: str,
    *,
    group: str,
    command: str,
    operation: ModuleType | None,
    inputs: Any,
    doc: str | None = None,
    iterator: str | None = None,
    iterator_doc: str | None = None,
    in_spec: bool = True,
) -> Callable[[F], F]:
    """Declare an action: register it in the catalog and check/default its inputs before the body runs.

    The declaration is also the source of the clients' methods: ``python -m seller_central.actions._render``
    writes a sync and an async method for it (and an ``iter_...`` pair for a paginated one) into
    :mod:`seller_central._action_methods`, typed by ``inputs`` and the function's return annotation.

    Args:
        label: The action's label in the connector spec ("List Orders").
        group: The CLI group (``orders``).
        command: The CLI command within the group (``list``).
        operation: The generated operation module it calls (``selling_partner_api.orders_v0.api.get_order``),
            or ``None`` (Raw Request). A ``Call`` the body returns without an operation (alone, or as the
            first call of ``Pages``) is completed with it.
        inputs: The TypedDict declaring the inputs.
        doc: The client method's docstring (default: the first line of the function's docstring).
        iterator: For an action returning :class:`Pages`, the name of the method that yields every item of
            every page (``iter_orders``).
        iterator_doc: That method's docstring (default: "<label> across every page.").
        in_spec: ``False`` for actions we add beyond the connector spec.
    """

    def decorate(function: F) -> F:
        description = (function.__doc__ or "").strip().splitlines()[0] if function.__doc__ else label
        declared = Action(
            name=function.__name__,
            label=label,
            description=description,
            group=group,
            command=command,
            operation=str(operation.OPERATION) if operation is not None else None,
            module=operation,
            inputs_type=inputs,
            doc=doc or description,
            iterator=iterator,
            iterator_doc=iterator_doc or f"{label} across every page.",
            in_spec=in_spec,
        )
        if declared.name in registry:
            msg = f"action {declared.name!r} is declared twice"
            raise ValueError(msg)

        @functools.wraps(function)
        def run(context: Context, given: Mapping[str, Any]) -> Any:
            values = registered.resolve(given)  # the registered action's inputs, read once
            registered.check(values)
            built = function(context, values)
            return built if operation is None else _complete(built, operation)

        registered = registry[declared.name] = attrs.evolve(declared, function=run)
        return typing.cast("F", run)

    return decorate
