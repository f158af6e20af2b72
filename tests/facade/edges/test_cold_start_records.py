"""The call-description records made cheaper for the cold start keep their behaviour (issue 16)."""

from __future__ import annotations

import pickle

import pytest
from seller_central.calls import Call, Context, Download, Emit, Page, Pages, Sleep, Upload

PRESIGNED = "https://s3.example/doc?X-Amz-Signature=abcdef0123456789&X-Amz-Credential=AKIAEXAMPLE"


def test_presigned_urls_stay_out_of_step_reprs() -> None:
    upload = Upload(url=PRESIGNED, content_type="text/tab-separated-values", source=b"x")
    download = Download(url=PRESIGNED, compression="GZIP")

    assert "s3.example" not in repr(upload)
    assert "Signature" not in repr(download)
    assert "GZIP" in repr(download)
    assert "text/tab-separated-values" in repr(upload)


def test_records_compare_by_value_and_are_immutable() -> None:
    assert Sleep(seconds=2.0) == Sleep(seconds=2.0)
    assert Download(url="u", compression="GZIP") != Download(url="u")
    with pytest.raises(AttributeError):
        Sleep(seconds=1.0).seconds = 2.0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        Emit("value").value = "other"  # type: ignore[misc]


def test_records_pickle() -> None:
    for record in (Sleep(seconds=1.5), Emit(value={"a": 1}), Download(url="u", with_content_type=True)):
        assert pickle.loads(pickle.dumps(record)) == record  # noqa: S301 (our own bytes)


def test_pages_keep_their_fields_and_defaults() -> None:
    pages: Pages[dict[str, object], int] = Pages(
        first=Call(arguments={"a": 1}), items=list, next_call=lambda _call, _page: None
    )

    assert pages.argument is None
    assert pages.first.arguments == {"a": 1}
    assert Page(response={"x": 1}, items=[1]).items == [1]


def test_context_reads_the_connection() -> None:
    class Connection:
        is_sandbox_endpoint = True
        kind = "client_credentials"

    context = Context(connection=Connection())  # type: ignore[arg-type]

    assert context.is_sandbox
    assert context.is_grantless


def test_rdt_resource_compares_and_renders_as_before() -> None:
    from seller_central.auth import RdtResource  # noqa: PLC0415

    resource = RdtResource(method="GET", path="/orders/v0/orders", data_elements=("buyerInfo",))

    assert resource == RdtResource(method="GET", path="/orders/v0/orders", data_elements=("buyerInfo",))
    assert hash(resource) == hash(
        RdtResource(method="GET", path="/orders/v0/orders", data_elements=("buyerInfo",))
    )
    assert resource.to_json() == {"method": "GET", "path": "/orders/v0/orders", "dataElements": ["buyerInfo"]}
    assert RdtResource(method="GET", path="/x").to_json() == {"method": "GET", "path": "/x"}


COLD_PATH = (
    "from seller_central import OAuthConnection, SellerCentral\n"
    "import seller_central.actions.orders, seller_central.marketplaces, attrs, sys\n"
    "print(sorted(f'{c.__module__}.{c.__qualname__}' for m in list(sys.modules.values())\n"
    "    if m and m.__name__.startswith('seller_central') for c in vars(m).values()\n"
    "    if isinstance(c, type) and c.__module__ == m.__name__ and attrs.has(c)))\n"
)


def test_the_cold_path_defines_no_more_attrs_classes_than_these() -> None:
    """Cold start: each attrs class defined on import costs about 3 M instructions (a NamedTuple 0.7 M)."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    command = [sys.executable, "-c", COLD_PATH]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    assert eval(out) == [  # noqa: S307 (our own printed list)
        "seller_central.actions._spec.Action",
        "seller_central.calls.Call",
        "seller_central.calls.RawCall",
        "seller_central.connection.ClientCredentialsConnection",
        "seller_central.connection.OAuthConnection",
        "seller_central.connection._Connection",
        "seller_central.limits.Limit",
        "seller_central.marketplaces.Marketplace",
        "seller_central.retry.RetryPolicy",
    ]


def test_the_classes_defined_on_first_use_keep_their_public_names() -> None:
    """ErrorDetail and AuthorizationGrant live in private modules but are imported where they always were."""
    import seller_central  # noqa: PLC0415
    from seller_central import errors, tokens  # noqa: PLC0415
    from seller_central.errors import ErrorDetail  # noqa: PLC0415
    from seller_central.tokens import AuthorizationGrant  # noqa: PLC0415

    assert seller_central.ErrorDetail is errors.ErrorDetail is ErrorDetail
    assert tokens.AuthorizationGrant is AuthorizationGrant
    assert "Atzr|" not in repr(
        AuthorizationGrant(refresh_token="Atzr|x", access_token="Atza|y", expires_in=1.0)
    )
    assert ErrorDetail(code="InvalidInput", message="m") == ErrorDetail(code="InvalidInput", message="m")
    with pytest.raises(AttributeError, match="NoSuchName"):
        _ = errors.NoSuchName  # type: ignore[attr-defined]
    with pytest.raises(AttributeError, match="NoSuchName"):
        _ = tokens.NoSuchName  # type: ignore[attr-defined]
