"""``make specs-update``: moving to other models is one transactional step, and bad input changes nothing."""

from __future__ import annotations

import datetime
import hashlib
import http.server
import json
import os
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import pytest

from generator.__main__ import main as generator_main
from generator.changelog import CHANGELOG_HEADER, updated_changelog
from generator.errors import GeneratorError
from generator.pipeline import Paths
from generator.specs import Lock
from generator.update import update
from generator.upstream import Upstream
from tests.snapshots import snapshots_root

REPO = Path(__file__).resolve().parents[2]
SNAPSHOTS = snapshots_root()
OLD = SNAPSHOTS / "2025-11-17-078c96a"
NEW = SNAPSHOTS / "2026-08-05-34dc93f"
OLD_COMMIT = "078c96a593d99c62cc72a782a5be69c4cb52b5b0"
NEW_COMMIT = "34dc93fe45f37c9a0b2e56823c808f68b4f81754"
REPOSITORY = "amzn/selling-partner-api-models"
# Three small models that changed between the snapshots; services.json is the target of one of our patches.
FILES = (
    "models/notifications-api-model/notifications.json",
    "models/messaging-api-model/messaging.json",
    "models/services-api-model/services.json",
)
TODAY = datetime.date(2026, 11, 27)

pytestmark = pytest.mark.skipif(not (OLD / "models").is_dir(), reason=f"no model snapshots in {SNAPSHOTS}")


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, skipping Python's caches."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and ".venv" not in path.parts
    }


def mirror_of(snapshot: Path, target: Path, files=FILES) -> Path:
    """Copy some model files of a snapshot, with its SOURCE file, into ``target``."""
    for name in files:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(snapshot / name, target / name)
    shutil.copyfile(snapshot / "SOURCE", target / "SOURCE")
    return target


@pytest.fixture
def repo(tmp_path) -> Paths:
    """A small repository pinned to three models of the older snapshot, with our real patches and facts."""
    root = tmp_path / "repo"
    specs = root / "specs"
    mirror_of(OLD, specs)
    (specs / "SOURCE").unlink()
    lock = Lock(
        repository=REPOSITORY,
        commit=OLD_COMMIT,
        committed="2025-11-17T10:14:41-08:00",
        files={name: hashlib.sha256((OLD / name).read_bytes()).hexdigest() for name in FILES},
    )
    lock.write(specs / "lock.json")
    shutil.copytree(REPO / "specs" / "patches", specs / "patches")
    shutil.copyfile(REPO / "specs" / "operation-facts.json", specs / "operation-facts.json")
    package = root / "generated" / "selling_partner_api"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("# generated from the older models\n", encoding="utf-8")
    return Paths(specs=specs, models=specs, output=root / "generated")


def pointed(document, pointer: str):
    """Return the container and key a JSON pointer names."""
    *parents, last = [token.replace("~1", "/").replace("~0", "~") for token in pointer[1:].split("/")]
    for token in parents:
        document = document[token]
    return document, last


def edit_model(mirror: Path, file: str, change) -> None:
    """Rewrite one model of a mirror with ``change(document)``."""
    document = json.loads((mirror / file).read_text(encoding="utf-8"))
    change(document)
    (mirror / file).write_text(json.dumps(document), encoding="utf-8")


SERVICES_PATCH = REPO / "specs" / "patches" / "007-services-204-with-body.json"


def run(paths: Paths, **arguments):
    return update(paths=paths, today=TODAY, **arguments)


class FakeGitHub:
    """A local stand-in for GitHub's API and raw file host: a dict of path -> (status, body)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, bytes]] = {}
        routes = self.routes

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, body = routes.get(self.path, (404, b'{"message": "Not Found"}'))
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    @property
    def upstream(self) -> Upstream:
        return Upstream(api=f"{self.url}/api", raw=f"{self.url}/raw", timeout=5)

    def publish(self, commit: str, committed: str, files: dict[str, bytes]) -> None:
        """Serve ``files`` as the content of ``commit``, the way GitHub's API and raw host would."""
        api = f"/api/repos/{REPOSITORY}"
        info = {"sha": commit, "commit": {"committer": {"date": committed}, "tree": {"sha": "t" + commit}}}
        blobs = [
            {"path": name, "type": "blob", "sha": hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()}  # noqa: S324
            for name, data in files.items()
        ]
        listing = {
            "tree": [*blobs, {"path": "README.md", "type": "blob", "sha": "0" * 40}],
            "truncated": False,
        }
        self.routes[f"{api}/commits/{commit}"] = (200, json.dumps(info).encode())
        self.routes[f"{api}/commits/{commit[:7]}"] = (200, json.dumps(info).encode())
        self.routes[f"{api}/git/trees/t{commit}?recursive=1"] = (200, json.dumps(listing).encode())
        for name, data in files.items():
            self.routes[f"/raw/{REPOSITORY}/{commit}/{name}"] = (200, data)


@pytest.fixture
def github():
    fake = FakeGitHub()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TestBadInputChangesNothing:
    """Every refusal names the problem and leaves the repository byte-identical."""

    def test_an_unknown_commit_with_no_network(self, repo):
        """With nothing listening, the update says it cannot download and suggests a mirror."""
        before = tree(repo.specs.parent)
        offline = Upstream(api=f"http://127.0.0.1:{closed_port()}", raw="http://127.0.0.1:1", timeout=2)

        with pytest.raises(GeneratorError, match=r"cannot download commit 0123abc .*MIRROR=<folder>"):
            run(repo, commit="0123abc", upstream=offline)

        assert tree(repo.specs.parent) == before

    def test_a_commit_github_does_not_know(self, repo, github):
        """GitHub's 404 or 422 for the commit becomes 'not found', naming the commit."""
        before = tree(repo.specs.parent)

        with pytest.raises(
            GeneratorError, match=r"commit 0123abc of amzn/selling-partner-api-models not found"
        ):
            run(repo, commit="0123abc", upstream=github.upstream)

        assert tree(repo.specs.parent) == before

    def test_something_that_is_not_a_commit(self, repo):
        """A malformed commit is refused before anything is downloaded."""
        with pytest.raises(GeneratorError, match="not a commit SHA"):
            run(repo, commit="main; rm -rf /")

    def test_a_mirror_of_the_pinned_commit_missing_a_file(self, repo, tmp_path):
        """A mirror claiming the pinned commit must hold every pinned file."""
        before = tree(repo.specs.parent)
        partial = mirror_of(OLD, tmp_path / "partial", FILES[:2])

        with pytest.raises(
            GeneratorError, match=r"services.json: the new set lacks this file of commit 078c96a593d9"
        ):
            run(repo, mirror=partial)

        assert tree(repo.specs.parent) == before

    def test_a_newer_mirror_missing_a_pinned_file(self, repo, tmp_path):
        """Moving forward, a vanished pinned model looks like a partial mirror: it needs --allow-removed."""
        before = tree(repo.specs.parent)
        partial = mirror_of(NEW, tmp_path / "partial", FILES[:2])

        with pytest.raises(GeneratorError, match=r"lacks 1 model file\(s\) .*services.json.*--allow-removed"):
            run(repo, mirror=partial)

        assert tree(repo.specs.parent) == before

    def test_a_mirror_without_models(self, repo, tmp_path):
        """An empty folder is not a mirror."""
        (tmp_path / "empty").mkdir()

        with pytest.raises(GeneratorError, match=r"no models/\*/\*\.json files"):
            run(repo, mirror=tmp_path / "empty")

    def test_a_checksum_mismatch_in_a_mirror(self, repo, tmp_path):
        """A mirror claiming the pinned commit whose file differs from the lock is refused."""
        before = tree(repo.specs.parent)
        edited = mirror_of(OLD, tmp_path / "edited")
        (edited / FILES[1]).write_bytes((OLD / FILES[1]).read_bytes() + b"\n")

        with pytest.raises(
            GeneratorError, match=r"messaging.json: checksum mismatch: .* pins sha256 [0-9a-f]{64}"
        ):
            run(repo, mirror=edited)

        assert tree(repo.specs.parent) == before

    def test_a_download_that_does_not_match_the_commits_file_list(self, repo, github):
        """Each downloaded file must be the git blob GitHub's file list names for it."""
        before = tree(repo.specs.parent)
        github.publish(
            NEW_COMMIT, "2026-08-05T19:31:54Z", {name: (NEW / name).read_bytes() for name in FILES}
        )
        github.routes[f"/raw/{REPOSITORY}/{NEW_COMMIT}/{FILES[0]}"] = (200, b"{}")

        with pytest.raises(GeneratorError, match=r"notifications\.json: checksum mismatch"):
            run(repo, commit=NEW_COMMIT, upstream=github.upstream)

        assert tree(repo.specs.parent) == before

    def test_a_mirror_holding_another_commit_than_asked(self, repo, tmp_path):
        """Giving both a commit and a mirror checks that the mirror holds that commit."""
        with pytest.raises(GeneratorError, match=f"the mirror holds commit {NEW_COMMIT}, not 0123abc"):
            run(repo, mirror=mirror_of(NEW, tmp_path / "m"), commit="0123abc")

    def test_a_patch_that_no_longer_matches(self, repo, tmp_path):
        """A patch whose precondition fails in the new models stops the update, naming the patch."""
        before = tree(repo.specs.parent)
        mirror = mirror_of(NEW, tmp_path / "m")
        first_edit = json.loads(SERVICES_PATCH.read_text(encoding="utf-8"))["operations"][0]

        def change_the_patched_schema(services):
            container, key = pointed(services, first_edit["path"])
            container[key] = {"type": "integer"}  # neither what the patch expects nor what it leaves

        edit_model(mirror, FILES[2], change_the_patched_schema)

        with pytest.raises(GeneratorError, match=r"007-services-204-with-body.json: patch no longer matches"):
            run(repo, mirror=mirror)

        assert tree(repo.specs.parent) == before

    def test_current_models_that_do_not_match_the_lock(self, repo):
        """The changelog needs the pinned models, so a missing one asks for `make specs` first."""
        (repo.specs / FILES[0]).unlink()

        with pytest.raises(GeneratorError, match=r"missing; .*run `make specs` first"):
            run(repo, mirror=NEW)


class TestMove:
    """A successful move re-pins, regenerates and writes the changelog together."""

    def test_a_commit_is_downloaded_and_pinned_with_new_checksums(self, repo, github):
        """COMMIT mode pins the full SHA and date GitHub reports, and the sha256 of each downloaded file."""
        github.publish(
            NEW_COMMIT, "2026-08-05T19:31:54Z", {name: (NEW / name).read_bytes() for name in FILES}
        )

        result = run(repo, commit=NEW_COMMIT[:7], upstream=github.upstream)

        lock = Lock.read(repo.lock)
        assert (result.changed, lock.commit, lock.committed) == (True, NEW_COMMIT, "2026-08-05T19:31:54Z")
        assert lock.files == {name: hashlib.sha256((NEW / name).read_bytes()).hexdigest() for name in FILES}
        assert tree(repo.specs / "models") == {
            name.removeprefix("models/"): (NEW / name).read_bytes() for name in FILES
        }

    def test_the_package_is_regenerated_and_the_changelog_written(self, repo, tmp_path):
        """The generated package, the lock and specs/CHANGELOG-API.md all move to the new models."""
        result = run(repo, mirror=mirror_of(NEW, tmp_path / "m"))

        package = repo.output / "selling_partner_api"
        operations = json.loads((package / "_operations.json").read_text(encoding="utf-8"))
        assert operations["commit"] == NEW_COMMIT
        assert "notifications_v1.getSubscriptions" in {row["key"] for row in operations["operations"]}
        text = (repo.specs / "CHANGELOG-API.md").read_text(encoding="utf-8")
        assert text.startswith(CHANGELOG_HEADER)
        assert f"<!-- specs-update {OLD_COMMIT}..{NEW_COMMIT} -->\n" in text
        assert "## 2026-11-27: API changes from 078c96a (2025-11-17) to 34dc93f (2026-08-05)\n" in text
        assert "- `getSubscriptions`: new operation: GET /notifications/v1/subscriptions" in result.changelog

    def test_patches_and_facts_for_models_not_pinned_are_reported_not_fatal(self, repo, tmp_path):
        """Patches for absent models and facts about absent operations are warnings; nothing is deleted."""
        patches_before = tree(repo.patches)
        facts_before = repo.facts.read_bytes()

        result = run(repo, mirror=mirror_of(NEW, tmp_path / "m"))

        assert result.patches_applied == ("007-services-204-with-body.json",)
        assert "001-shipping-v2-duplicate-operation-id.json" in result.patches_absent
        assert "restricted: orders_v0.getOrders" in result.stale_facts
        assert "grantless_scopes: notifications_v1" not in result.stale_facts
        assert tree(repo.patches) == patches_before
        assert repo.facts.read_bytes() == facts_before

    def test_a_patch_amazon_made_unnecessary_is_reported(self, repo, tmp_path):
        """When the new model already reads as a patch would leave it, the patch is skipped and named."""
        mirror = mirror_of(NEW, tmp_path / "m")
        edits = json.loads(SERVICES_PATCH.read_text(encoding="utf-8"))["operations"]

        def fix_it_upstream(services):
            for edit in edits:  # the patch only removes
                container, key = pointed(services, edit["path"])
                del container[key]

        edit_model(mirror, FILES[2], fix_it_upstream)

        result = run(repo, mirror=mirror)

        assert result.patches_not_needed == ("007-services-204-with-body.json",)

    def test_a_model_amazon_removed_is_accepted_when_allowed(self, repo, tmp_path):
        """With --allow-removed a newer set may drop a pinned model; the changelog says it is gone."""
        result = run(repo, mirror=mirror_of(NEW, tmp_path / "m", FILES[:2]), allow_removed=True)

        assert FILES[2] not in Lock.read(repo.lock).files
        assert "### `services_v1`: Selling Partner API for Services (removed model)" in result.changelog

    def test_moving_to_the_pinned_commit_again_does_nothing(self, repo, tmp_path):
        """An update to what is already pinned reports so and writes nothing."""
        before = tree(repo.specs.parent)

        result = run(repo, mirror=mirror_of(OLD, tmp_path / "mirror"))

        assert not result.changed
        assert tree(repo.specs.parent) == before


class TestChangelogFile:
    """specs/CHANGELOG-API.md: newest entry first, and a revert removes the entry it undoes."""

    def test_the_first_entry_creates_the_file_under_the_header(self):
        """With no file yet, the header comes first, then the marked entry."""
        text = updated_changelog(None, old="aaa1111", new="bbb2222", entry="## moved\n")

        assert text == f"{CHANGELOG_HEADER}\n<!-- specs-update aaa1111..bbb2222 -->\n## moved\n"

    def test_a_later_entry_goes_above_the_earlier_ones(self):
        """Entries are newest first."""
        first = updated_changelog(None, old="aaa1111", new="bbb2222", entry="## first\n")
        second = updated_changelog(first, old="bbb2222", new="ccc3333", entry="## second\n")

        assert second.index("## second") < second.index("## first")

    def test_undoing_the_newest_move_restores_the_previous_text(self):
        """Moving back from where the newest entry went removes that entry, byte for byte."""
        first = updated_changelog(None, old="aaa1111", new="bbb2222", entry="## first\n")
        second = updated_changelog(first, old="bbb2222", new="ccc3333", entry="## second\n")

        assert updated_changelog(second, old="ccc3333", new="bbb2222", entry="## back\n") == first
        assert updated_changelog(first, old="bbb2222", new="aaa1111", entry="## back\n") is None

    def test_moving_elsewhere_is_not_a_revert(self):
        """Only the exact reverse of the newest entry removes it."""
        first = updated_changelog(None, old="aaa1111", new="bbb2222", entry="## first\n")

        text = updated_changelog(first, old="bbb2222", new="ddd4444", entry="## elsewhere\n")

        assert "## first" in text
        assert "## elsewhere" in text


@pytest.mark.slow
def test_a_move_to_the_older_snapshot_and_back_leaves_the_repository_byte_identical(tmp_path):
    """`make specs-update MIRROR=<older>` then `MIRROR=<current>` in a copy of the repository is a no-op."""
    if not (REPO / "specs" / "models").is_dir() or not (REPO / ".venv" / "bin" / "python").exists():
        pytest.skip("needs the fetched models and the virtualenv (make venv specs)")
    copy = tmp_path / "repo"
    ignore = shutil.ignore_patterns(
        ".venv", ".git", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"
    )
    shutil.copytree(REPO, copy, ignore=ignore, symlinks=True)
    (copy / ".venv").symlink_to(REPO / ".venv")
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAKE")}
    # The virtualenv's editable install points at the original checkout: put the copy's code first.
    env["PYTHONPATH"] = os.pathsep.join(str(copy / part) for part in (".", "facade", "generated"))
    where = "import generator.update as g, seller_central.specdiff as s; print(g.__file__, s.__file__)"
    imported = subprocess.run(  # noqa: S603 (our own interpreter and a fixed script)
        [str(copy / ".venv" / "bin" / "python"), "-c", where],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert all(Path(path).is_relative_to(copy) for path in imported), imported
    before = tree(copy)

    def make(mirror: Path) -> subprocess.CompletedProcess[str]:
        # -o: never rebuild the shared virtualenv from the copy, whatever the timestamps say.
        # S603: a fixed make command, run in our own temporary copy.
        command = ["make", "-o", ".venv/.installed", "specs-update", f"MIRROR={mirror}"]
        return subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, check=False)  # noqa: S603

    there = make(OLD)
    assert there.returncode == 0, there.stderr
    assert Lock.read(copy / "specs" / "lock.json").commit == OLD_COMMIT
    assert "operation removed" in there.stdout
    back = make(NEW)
    assert back.returncode == 0, back.stderr
    assert "this move undoes the newest entry of specs/CHANGELOG-API.md" in back.stdout

    after = tree(copy)
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    # A generated/ that is stale against the generator also shows here: `make check-generated` tells.
    assert changed == []


def test_the_command_asks_for_a_commit_or_a_mirror(capsys):
    """`python -m generator update` with neither option says what to give and changes nothing."""
    assert generator_main(["update"]) == 1
    assert "give a commit (COMMIT=<sha>) or a mirror folder (MIRROR=<dir>)" in capsys.readouterr().err
