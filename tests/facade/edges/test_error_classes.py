"""Every exception class of ``seller_central.errors``: no secret in any field or message, and it pickles.

Each class is built with the fields its ``__init__`` takes, every text one carrying a secret (a value the
process registered as one, and token-shaped strings nobody registered). The error must show none of them
(``str``, ``repr``, ``args``, fields, pickled bytes) and must come back from ``pickle`` with its type,
message and fields, which is what a ``ProcessPoolExecutor`` does with an error a worker raises.
"""

from __future__ import annotations

import concurrent.futures
import inspect
import multiprocessing
import pickle
from typing import Any

import pytest
from seller_central import errors
from seller_central.redact import register_secret

REGISTERED = "edge-registered-client-secret-0c4d"
SHAPED = (
    "Atza|edge-access-token",
    "Atzr|edge-refresh-token",
    "Atz.sprdt|edge-rdt",
    "amzn1.oa2-cs.v1.0a1b2c3d4e",
)
SECRETS = (REGISTERED, *SHAPED)
ECHO = " ".join(SECRETS)

#: A value for every parameter an error's __init__ may take; every text field echoes the secrets.
SAMPLES: dict[str, Any] = {
    "message": f"failed: {ECHO}",
    "label": "Client Secret",
    "error": "invalid_grant",
    "status_code": 400,
    "errors": (errors.ErrorDetail(code="InvalidInput", message=f"echo {ECHO}", details=f"({ECHO})"),),
    "request_id": "edge-request-1",
    "rate_limit": 0.5,
    "operation": "feeds_2021_06_30.createFeed",
    "body": f"<html>{ECHO}</html>",
    "result": {"feedId": "F1", "note": ECHO, "client_secret": "not-shaped-but-named"},
    "pages": 3,
    "token_digest": "0123456789ab",
    "cycle_length": 2,
    "job_id": f"job {ECHO}",
    "report_id": f"report {ECHO}",
    "query_id": f"query {ECHO}",
    "processing_status": "FATAL",
    "reason": f"error document: {ECHO}",
    "no_data": True,
    "waited_seconds": 12.5,
    "document": f"report {ECHO}",
    "encoding": "cp1252",
    "offset": 1234,
    "line": 7,
}

CLASSES = sorted(
    (
        obj
        for obj in vars(errors).values()
        if isinstance(obj, type) and issubclass(obj, BaseException) and obj.__name__ in errors.__all__
    ),
    key=lambda cls: cls.__name__,
)


def test_every_exported_exception_class_is_checked():
    """The classes below are every exception exported by seller_central.errors (a new one joins them)."""
    exported = {
        name for name in errors.__all__ if name.endswith("Error") and name != "api_error_from_response"
    }
    assert {cls.__name__ for cls in CLASSES} == exported


def build(cls: type[errors.SellerCentralError]) -> tuple[errors.SellerCentralError, set[str]]:
    """Build ``cls`` from SAMPLES; return it and the names of the fields given."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for parameter in inspect.signature(cls.__init__).parameters.values():
        if parameter.name == "self":
            continue
        if parameter.kind is parameter.VAR_POSITIONAL:
            args.append(SAMPLES["message"])
        elif parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            args.append(SAMPLES[parameter.name])
        elif parameter.kind is parameter.KEYWORD_ONLY:
            assert parameter.name in SAMPLES or parameter.default is not parameter.empty, parameter.name
            if parameter.name in SAMPLES:
                kwargs[parameter.name] = SAMPLES[parameter.name]
    return cls(*args, **kwargs), set(kwargs) - {"message"}


@pytest.fixture(autouse=True)
def _registered() -> None:
    register_secret(REGISTERED)  # as the token manager does with the client secret


def shown(error: BaseException) -> list[str]:
    texts = [str(error), repr(error), repr(error.args), repr(vars(error))]
    if isinstance(error, errors.APIError):
        texts.append(repr(error.to_dict()))
    return texts


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_no_secret_in_any_field_or_message(cls):
    """Whatever text reaches an error (message, body, Amazon's errors[], a result) shows no secret."""
    error, _ = build(cls)

    for text in shown(error):
        for secret in SECRETS:
            assert secret not in text, text
    assert "not-shaped-but-named" not in repr(vars(error))  # a secret by its key's name (client_secret)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_error_pickles_with_its_type_message_and_fields(cls):
    """pickle round-trips every error: same type, message and fields, and no secret in the bytes."""
    error, fields = build(cls)

    data = pickle.dumps(error)
    restored = pickle.loads(data)  # noqa: S301 (our own bytes)

    assert type(restored) is cls
    assert str(restored) == str(error)
    assert restored.args == error.args
    for name in fields:
        assert getattr(restored, name) == getattr(error, name), name
    for secret in SECRETS:
        assert secret.encode() not in data


def test_an_unpicklable_field_does_not_break_pickling():
    """A field that cannot be pickled (a lock, say) travels as its redacted repr instead of failing."""
    error = errors.OperationFailedError("feed failed", result=multiprocessing.Lock())

    restored = pickle.loads(pickle.dumps(error))  # noqa: S301 (our own bytes)

    assert isinstance(restored, errors.OperationFailedError)
    assert str(restored) == "feed failed"
    assert "Lock" in restored.result


def _raise_throttled(operation: str) -> None:
    raise errors.ThrottledError(
        status_code=429,
        errors=(errors.ErrorDetail(code="QuotaExceeded", message=f"You exceeded your quota {SHAPED[0]}"),),
        request_id="edge-request-2",
        rate_limit=0.0167,
        operation=operation,
    )


def test_an_api_error_raised_in_a_worker_process_reaches_the_caller():
    """A ProcessPoolExecutor hands back the worker's ThrottledError (not BrokenProcessPool)."""
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        future = pool.submit(_raise_throttled, "orders_v0.getOrders")
        with pytest.raises(errors.ThrottledError) as caught:
            future.result(timeout=60)
        assert pool.submit(int, "7").result(timeout=60) == 7  # the pool still works

    error = caught.value
    assert (error.status_code, error.operation, error.request_id, error.rate_limit) == (
        429,
        "orders_v0.getOrders",
        "edge-request-2",
        0.0167,
    )
    assert error.errors[0].code == "QuotaExceeded"
    assert SHAPED[0] not in str(error)
