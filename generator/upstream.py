"""Download one commit of Amazon's models from GitHub, checking each file against the commit's file list.

GitHub's API names the commit's tree (and its date); the tree lists every file with its git blob id, the
sha1 of the file's content, so each file fetched from GitHub's raw host is checked before it is used.
Offline machines cannot do this: every failure says so and points at ``MIRROR=<folder>`` instead.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any

import attrs

from generator.errors import GeneratorError
from generator.specs import Lock, sha256

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Upstream", "download_commit"]

# The API models, and the JSON schemas Amazon publishes beside them (notifications, reports, ...).
_MODEL_FILE = re.compile(r"^(models/[^/]+/[^/]+\.json|schemas/.+)$")


@attrs.frozen(kw_only=True)
class Upstream:
    """Where a commit's models are downloaded from (GitHub; tests point it at a local server)."""

    api: str = "https://api.github.com"
    raw: str = "https://raw.githubusercontent.com"
    timeout: float = 30.0


def _get(url: str, upstream: Upstream, *, what: str) -> bytes:
    # S310: the URL is GitHub's (or a test's local server), built from a checked commit SHA.
    request = urllib.request.Request(url, headers={"User-Agent": "seller-central-generator"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=upstream.timeout) as response:  # noqa: S310
            return bytes(response.read())
    except urllib.error.HTTPError as exc:
        if exc.code in (404, 422):
            msg = f"{what} not found (HTTP {exc.code}): is the commit right, and is it in this repository?"
            raise GeneratorError(url, msg) from None
        # 403 is usually GitHub's limit of 60 unauthenticated API requests an hour.
        msg = f"{what}: download failed with HTTP {exc.code}; try MIRROR=<folder>"
        raise GeneratorError(url, msg) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        msg = f"cannot download {what} ({reason}); offline machines can use MIRROR=<folder>"
        raise GeneratorError(url, msg) from None


def _get_json(url: str, upstream: Upstream, *, what: str) -> Any:
    try:
        return json.loads(_get(url, upstream, what=what))
    except ValueError:
        raise GeneratorError(url, f"{what}: the answer is not JSON") from None


def _git_blob_sha(data: bytes) -> str:
    # Git names a file by the sha1 of "blob <size>\0<content>"; the tree listing gives that name.
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def download_commit(repository: str, commit: str, staging: Path, upstream: Upstream) -> Lock:
    """Download the model and schema files of ``commit`` into ``staging/models`` and ``staging/schemas``."""
    base = f"{upstream.api}/repos/{repository}"
    info = _get_json(f"{base}/commits/{commit}", upstream, what=f"commit {commit} of {repository}")
    try:
        full, tree = str(info["sha"]), str(info["commit"]["tree"]["sha"])
        committed = info["commit"]["committer"].get("date")
    except (KeyError, TypeError):
        raise GeneratorError(f"{base}/commits/{commit}", "unexpected answer (no sha or tree)") from None
    listing = _get_json(f"{base}/git/trees/{tree}?recursive=1", upstream, what=f"the file list of {full}")
    if listing.get("truncated"):
        msg = "GitHub truncated the file list; use MIRROR=<folder>"
        raise GeneratorError(f"{base}/git/trees/{tree}", msg)
    blobs = {
        entry["path"]: entry["sha"]
        for entry in listing.get("tree", [])
        if entry.get("type") == "blob" and _MODEL_FILE.match(entry.get("path", ""))
    }
    if not blobs:
        msg = f"commit {full} holds no models/<folder>/<file>.json"
        raise GeneratorError(f"{base}/git/trees/{tree}", msg)
    files = {}
    for name, blob in sorted(blobs.items()):
        url = f"{upstream.raw}/{repository}/{full}/{name}"
        data = _get(url, upstream, what=name)
        if _git_blob_sha(data) != blob:
            msg = f"checksum mismatch: the commit's file list names git blob {blob}, the download is not it"
            raise GeneratorError(url, msg)
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        files[name] = sha256(target)
    return Lock(repository=repository, commit=full, committed=committed, files=files)
