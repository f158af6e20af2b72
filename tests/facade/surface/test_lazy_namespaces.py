"""Nothing generated is imported until it is used: ``api.orders_v0`` loads that package's operations alone."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = """
import json, sys
from seller_central import {client}, OAuthConnection

api = {client}(OAuthConnection(client_id="a", client_secret="b", refresh_token="Atzr|c"))
def loaded():
    return sorted(m for m in sys.modules if m.startswith("selling_partner_api."))
steps = {{"built": loaded()}}
namespace = api.orders_v0
steps["namespace"] = loaded()
namespace.get_orders
steps["method"] = loaded()
print(json.dumps(steps))
"""


def run(client: str) -> dict[str, list[str]]:
    done = subprocess.run(  # noqa: S603 (our own interpreter, fixed code)
        [sys.executable, "-c", SCRIPT.format(client=client)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_reading_a_namespace_imports_its_operations_module_and_no_model():
    """Both clients: building loads no API; api.orders_v0 adds orders_v0 and its operations module only."""
    for client in ("SellerCentral", "AsyncSellerCentral"):
        steps = run(client)

        runtime = ["selling_partner_api.namespaces", "selling_partner_api.types"]
        assert steps["built"] == runtime
        assert steps["namespace"] == sorted(
            [*runtime, "selling_partner_api.orders_v0", "selling_partner_api.orders_v0.operations"]
        )
        assert steps["method"] == steps["namespace"]
