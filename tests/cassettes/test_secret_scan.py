"""The cassette secret scan: clean on the recorded cassettes, failing on every kind of planted secret."""

from __future__ import annotations

import gzip

import pytest
import yaml
from seller_central.actions import catalog

from tests.cassettes import harness, scan, scrub

# It holds all three tokens (LWA form, access token header, RDT response), so planting replaces real spots.
CASSETTE = harness.CASSETTES / "test_orders" / "test_get_order_address[sync].yaml"

PLANTED = [
    pytest.param("LWA access token", "Atza|IwEBIPlantedAccessToken-0123456789", id="access-token"),
    pytest.param("LWA refresh token", "Atzr|IwEBIPlantedRefreshToken-0123456789", id="refresh-token"),
    pytest.param(
        "LWA refresh token", "Atzr%7CIwEBIPlantedRefreshToken-0123", id="refresh-token-form-encoded"
    ),
    pytest.param("Restricted Data Token", "Atz.sprdt|AgEAHPlantedRestrictedDataToken", id="rdt"),
    # Assembled at run time so the repository itself holds no string of a real secret's shape.
    pytest.param("LWA client secret", "amzn1.oa2-cs.v1." + "3f9a0c1b" * 4, id="client-secret"),
    pytest.param(
        "presigned URL credential", "X-Amz-Signature=0a1b2c3d4e5f60718293", id="presigned-signature"
    ),
]


@pytest.fixture
def copy(tmp_path):
    """A copy of a real cassette in an otherwise empty folder, checked clean before anything is planted."""
    path = tmp_path / CASSETTE.name
    path.write_text(CASSETTE.read_text(encoding="utf-8"), encoding="utf-8")
    assert scan.scan_tree(tmp_path) == []
    return path


def plant(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_recorded_cassettes_hold_no_secrets():
    """No recorded cassette holds a token, a client secret, a presigned credential or a test secret."""
    assert len(scan.cassette_files(harness.CASSETTES)) >= 2 * len([a for a in catalog() if a.in_spec])
    findings = scan.scan_tree(harness.CASSETTES)
    assert findings == [], "\n".join(map(str, findings))


def test_every_spec_action_has_sync_and_async_cassettes():
    """Every action of the connector spec (Raw Request included) has a cassette for each client."""
    recorded = {path.name for path in scan.cassette_files(harness.CASSETTES)}
    wanted = [
        f"test_{spec.name}[{mode}].yaml" for spec in catalog() if spec.in_spec for mode in ("sync", "async")
    ]

    assert len(wanted) == 62
    assert [name for name in wanted if name not in recorded] == []


@pytest.mark.parametrize(("kind", "secret"), PLANTED)
def test_scan_fails_on_a_planted_secret(copy, kind, secret):
    """A secret of each shape planted in a cassette's response body is reported, masked, by kind."""
    plant(copy, "SEATTLE", secret)

    findings = scan.scan_tree(copy.parent)

    assert [finding.kind for finding in findings] == [kind]
    assert findings[0].line is not None
    assert secret not in str(findings[0])


def test_scan_fails_on_a_token_in_place_of_a_placeholder(copy):
    """A real token where the scrubber's header placeholder belongs is reported on its line."""
    plant(copy, f"- {scrub.ACCESS_TOKEN}", "- Atza|IwEBIUnfilteredHeaderToken")

    [finding] = scan.scan_tree(copy.parent)

    assert finding.kind == "LWA access token"
    assert copy.read_text(encoding="utf-8").splitlines()[finding.line - 1].endswith("UnfilteredHeaderToken")


def test_scan_fails_on_the_tests_own_secrets(copy):
    """The connection's literal test secrets are reported even where they are not token-shaped."""
    plant(copy, "SEATTLE", harness.CLIENT_SECRET)

    kinds = {finding.kind for finding in scan.scan_tree(copy.parent, literals=[harness.CLIENT_SECRET])}

    assert kinds == {"LWA client secret", "literal test or live secret"}


def test_scan_fails_on_live_credentials_from_the_environment(copy, monkeypatch):
    """A real credential set in the environment is looked for literally, whatever its shape."""
    monkeypatch.setenv("SP_API_CLIENT_SECRET", "plain-live-secret-without-a-prefix")
    plant(copy, "SEATTLE", "plain-live-secret-without-a-prefix")

    [finding] = scan.scan_tree(copy.parent)

    assert finding.kind == "literal test or live secret"


def test_scan_fails_on_a_secret_inside_a_compressed_binary_body(copy):
    """A token inside a gzip body stored as YAML !!binary is found in the decoded value."""
    cassette = yaml.safe_load(copy.read_text(encoding="utf-8"))
    body = b'{"access_token": "Atza|IwEBIHiddenInGzip-0123456789"}'
    cassette["interactions"][0]["response"]["body"]["string"] = gzip.compress(body)
    copy.write_text(yaml.safe_dump(cassette), encoding="utf-8")
    assert "!!binary" in copy.read_text(encoding="utf-8")

    [finding] = scan.scan_tree(copy.parent)

    assert (finding.kind, finding.line) == ("LWA access token", None)


def test_scan_accepts_only_the_exact_placeholders():
    """The scrubber's placeholders pass, and a placeholder with anything appended does not."""
    placeholders = " ".join([*scrub.PLACEHOLDERS, "X-Amz-Signature=REDACTED"])

    assert list(scan.scan_text(placeholders)) == []
    assert [kind for kind, _, _ in scan.scan_text(f"{scrub.ACCESS_TOKEN}x")] == ["LWA access token"]
