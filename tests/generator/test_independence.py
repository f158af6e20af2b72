"""The generator reads Amazon's models and writes code; it does not run on the client it generates for."""

from __future__ import annotations

import subprocess
import sys

from seller_central import retry

from generator import pipeline

# The model tooling the generator shares with `seller-central-specdiff`, and the one error hierarchy it raises
# from (with the vocabulary module that hierarchy reads headers from).
ALLOWED = ("seller_central.specdiff", "seller_central.errors", "seller_central.calls")


def test_importing_the_generator_loads_no_client_module():
    """No module of the client stack (retry, limits, auth, operations, client...) is imported by the generator."""
    code = (
        "import sys, generator.pipeline, generator.convert, generator.update, generator.changelog;"
        "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('seller_central.'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603 (our own interpreter, fixed code)

    loaded = done.stdout.split()
    assert loaded, "the generator reads the models through seller_central.specdiff.facts"
    assert [name for name in loaded if not name.startswith(ALLOWED)] == []


def test_the_generator_and_the_retry_layer_agree_on_idempotent_methods():
    """The table's `idempotent` (generator) and raw requests' fallback (retry) use the same methods."""
    assert pipeline.IDEMPOTENT_METHODS == retry.IDEMPOTENT_METHODS
