"""The generated surface mirrors the generated operations: same parameters, success model alone."""

from __future__ import annotations

import importlib
import inspect

import pytest
from seller_central import operations

ALL = operations.all_operations()


def _method(operation: operations.Operation, class_name: str) -> inspect.Signature:
    module = importlib.import_module(f"selling_partner_api.{operation.package}.operations")
    return inspect.signature(getattr(getattr(module, class_name), operation.module.rsplit(".", 1)[1]))


@pytest.mark.parametrize("class_name", ["Operations", "AsyncOperations"])
def test_each_method_takes_exactly_the_request_kwargs_parameters(class_name):
    """Names, order, kinds, defaults and annotations as request_kwargs; data_elements where RDTs are optional."""
    for operation in ALL:
        wanted = inspect.signature(operations.module(operation.key).request_kwargs)
        got = _method(operation, class_name)
        parameters = list(got.parameters.values())
        assert parameters[0].name == "self"
        expected = list(wanted.parameters.values())
        if operation.restricted == "data-elements":
            expected.append(
                inspect.Parameter(
                    "data_elements",
                    inspect.Parameter.KEYWORD_ONLY,
                    default=None,
                    annotation="collections.abc.Sequence[str] | None",
                )
            )
        assert parameters[1:] == expected, operation.key


def test_each_method_returns_the_success_model_alone():
    """The return type names no error model, and is None exactly where no documented success has a body."""
    for operation in ALL:
        module = operations.module(operation.key)
        returns = str(_method(operation, "Operations").return_annotation)
        assert returns == str(_method(operation, "AsyncOperations").return_annotation)
        members = [part.strip() for part in returns.split("|")]
        bodies = set(module.SUCCESS_STATUSES.values())
        assert ("None" in members) == (False in bodies), operation.key
        assert (members == ["None"]) == (bodies == {False}), operation.key
        assert not any("Error" in member for member in members), operation.key


def test_31_operations_return_nothing():
    """The operations whose documented successes have no body: 31 of them."""
    empty = [op for op in ALL if not any(operations.module(op.key).SUCCESS_STATUSES.values())]

    assert len(empty) == 31
