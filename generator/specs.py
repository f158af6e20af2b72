"""Pin, fetch and verify Amazon's SP-API models.

``specs/lock.json`` names the upstream repository, the commit and the sha256 of every pinned file: the
API models (``models/<folder>/<file>.json``) and Amazon's JSON schemas for notifications, reports, feeds and
Data Kiosk (``schemas/<kind>/<file>``). :func:`fetch` brings exactly those files into ``specs/models/`` and
``specs/schemas/`` from GitHub's raw file URLs at that commit, or copies them from a local mirror (a folder
holding ``models/...`` and ``schemas/...``), and refuses any file whose checksum differs. Nothing is written
unless every file verifies.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import attrs

from generator.errors import GeneratorError

__all__ = ["Lock", "fetch", "lock_from_folder", "read_source", "verify_folder"]

RAW_URL = "https://raw.githubusercontent.com/{repository}/{commit}/{path}"
DEFAULT_REPOSITORY = "amzn/selling-partner-api-models"


@attrs.frozen(kw_only=True)
class Lock:
    """The pinned set: repository, commit, and a sha256 per file (under ``models/`` and ``schemas/``)."""

    repository: str
    commit: str
    files: dict[str, str]
    committed: str | None = None

    @property
    def models(self) -> dict[str, str]:
        """The API model files (``models/<folder>/<file>.json``), which the generator turns into clients."""
        return {name: digest for name, digest in self.files.items() if name.startswith("models/")}

    @property
    def schemas(self) -> dict[str, str]:
        """Amazon's JSON schemas and Data Kiosk schemas (``schemas/<kind>/<file>``)."""
        return {name: digest for name, digest in self.files.items() if name.startswith("schemas/")}

    @classmethod
    def read(cls, path: Path) -> Lock:
        """Read a lock file, with a clear error when it is missing or malformed."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                repository=data["repository"],
                commit=data["commit"],
                files=dict(data["files"]),
                committed=data.get("committed"),
            )
        except FileNotFoundError:
            raise GeneratorError(str(path), "the lock file is missing") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise GeneratorError(str(path), f"the lock file is malformed ({exc})") from None

    def write(self, path: Path) -> None:
        """Write the lock file in a stable, diff-friendly form."""
        data: dict[str, Any] = {"repository": self.repository, "commit": self.commit}
        if self.committed:
            data["committed"] = self.committed
        data["files"] = dict(sorted(self.files.items()))
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def sha256(path: Path) -> str:
    """Return the hex sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_source(folder: Path) -> dict[str, str]:
    """Read a mirror's SOURCE file (``key: value`` lines), if it has one."""
    source = folder / "SOURCE"
    if not source.is_file():
        return {}
    pairs = (line.split(":", 1) for line in source.read_text(encoding="utf-8").splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def lock_from_folder(folder: Path, *, commit: str | None = None, repository: str | None = None) -> Lock:
    """Build a lock for the models in a mirror folder (its ``SOURCE`` file gives the commit if known).

    Raises:
        GeneratorError: the folder has no ``models/*/*.json``, or no commit is known.
    """
    models = folder / "models"
    files = sorted(models.glob("*/*.json")) if models.is_dir() else []
    if not files:
        raise GeneratorError(str(folder), "no models/*/*.json files in this folder")
    schemas = folder / "schemas"
    files += sorted(path for path in schemas.rglob("*") if path.is_file()) if schemas.is_dir() else []
    source = read_source(folder)
    commit = commit or source.get("commit")
    if not commit:
        raise GeneratorError(str(folder), "no commit given and the folder has no SOURCE file naming one")
    repo = (
        repository or source.get("repository", "").removeprefix("https://github.com/") or DEFAULT_REPOSITORY
    )
    return Lock(
        repository=repo,
        commit=commit,
        committed=source.get("committed"),
        files={str(path.relative_to(folder)): sha256(path) for path in files},
    )


def verify_folder(lock: Lock, folder: Path) -> None:
    """Check that ``folder`` holds exactly the locked files with the locked checksums.

    Raises:
        GeneratorError: naming the first missing file or checksum mismatch.
    """
    if not folder.is_dir():
        raise GeneratorError(str(folder), "the models folder is missing (run `make specs`)")
    for name, expected in sorted(lock.files.items()):
        path = folder / name
        if not path.is_file():
            raise GeneratorError(str(path), "this pinned model file is missing")
        actual = sha256(path)
        if actual != expected:
            msg = f"checksum mismatch: the lock pins sha256 {expected}, the file has {actual}"
            raise GeneratorError(str(path), msg)


def _download(url: str, target: Path, timeout: float) -> None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (fixed https URL)
            target.write_bytes(response.read())
    except urllib.error.HTTPError as exc:
        raise GeneratorError(url, f"download failed with HTTP {exc.code} (is the commit right?)") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        msg = f"download failed ({exc}); offline machines can use SPECS_MIRROR=<folder>"
        raise GeneratorError(url, msg) from None


def fetch(lock: Lock, destination: Path, *, mirror: Path | None = None, timeout: float = 30.0) -> None:
    """Bring the locked model files into ``destination`` (replacing what is there) and verify them.

    ``destination`` is the models folder; the pinned schemas go beside it (``destination.parent/schemas``),
    replacing what is there too. The files are assembled in a temporary folder first, so a failure leaves
    both untouched.

    Raises:
        GeneratorError: a file is missing, fails to download, or does not match its checksum.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".specs-") as tmp:
        staging = Path(tmp) / "models"
        for name in sorted(lock.files):
            target = staging.parent / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if mirror is not None:
                source = mirror / name
                if not source.is_file():
                    raise GeneratorError(str(source), "the mirror lacks this pinned model file")
                shutil.copyfile(source, target)
            else:
                url = RAW_URL.format(repository=lock.repository, commit=lock.commit, path=name)
                _download(url, target, timeout)
        verify_folder(lock, staging.parent)
        for top in sorted({name.split("/", 1)[0] for name in lock.files}):
            target = destination if top == "models" else destination.parent / top
            if target.exists():
                shutil.rmtree(target)
            (staging.parent / top).rename(target)
