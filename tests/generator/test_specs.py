"""Pinning, fetching and verifying the models: every failure is one error naming the file."""

from __future__ import annotations

import hashlib
import io
import json
import urllib.error
import urllib.request

import pytest

from generator.errors import GeneratorError
from generator.specs import Lock, fetch, lock_from_folder, verify_folder

COMMIT = "34dc93fe45f37c9a0b2e56823c808f68b4f81754"
RAW = f"https://raw.githubusercontent.com/amzn/selling-partner-api-models/{COMMIT}"
FILES = {
    "models/orders-api-model/ordersV0.json": b'{"swagger": "2.0"}',
    "models/feeds-api-model/feeds_2021-06-30.json": b'{"swagger": "2.0", "paths": {}}',
}


def lock_for(files: dict[str, bytes]) -> Lock:
    checksums = {name: hashlib.sha256(content).hexdigest() for name, content in files.items()}
    return Lock(repository="amzn/selling-partner-api-models", commit=COMMIT, files=checksums)


def write_tree(root, files: dict[str, bytes]):
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


def tree(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def lock():
    return lock_for(FILES)


@pytest.fixture
def mirror(tmp_path):
    return write_tree(tmp_path / "mirror", FILES)


class TestLock:
    def test_write_then_read_gives_the_same_lock_with_sorted_files(self, tmp_path, lock):
        """The lock file round-trips and lists its files sorted, for stable diffs."""
        path = tmp_path / "lock.json"

        lock.write(path)

        assert Lock.read(path) == lock
        assert list(json.loads(path.read_text(encoding="utf-8"))["files"]) == sorted(FILES)

    def test_a_missing_lock_file_is_named(self, tmp_path):
        """Reading a lock that does not exist is one error naming its path."""
        path = tmp_path / "lock.json"

        with pytest.raises(GeneratorError, match="missing") as caught:
            Lock.read(path)

        assert caught.value.where == str(path)

    def test_a_malformed_lock_file_is_named(self, tmp_path):
        """A lock without its commit is one error naming its path."""
        path = tmp_path / "lock.json"
        path.write_text('{"repository": "a/b", "files": {}}', encoding="utf-8")

        with pytest.raises(GeneratorError, match="malformed") as caught:
            Lock.read(path)

        assert caught.value.where == str(path)

    def test_the_repository_lock_pins_66_models_at_the_agreed_commit(self, specs):
        """specs/lock.json pins amzn/selling-partner-api-models at the issue's commit, 66 files."""
        pinned = Lock.read(specs / "lock.json")

        assert pinned.repository == "amzn/selling-partner-api-models"
        assert pinned.commit == COMMIT
        assert len(pinned.models) == 66

    def test_the_repository_lock_pins_every_json_schema_of_the_commit(self, specs):
        """Amazon's schemas for notifications, reports, feeds and Data Kiosk are pinned like the models."""
        pinned = Lock.read(specs / "lock.json")
        kinds = {name.split("/")[1] for name in pinned.schemas}

        assert kinds == {"data-kiosk", "feeds", "notifications", "reports"}
        assert "schemas/notifications/OrderChangeNotification.json" in pinned.schemas
        assert len(pinned.schemas) == 53
        assert pinned.models.keys() | pinned.schemas.keys() == pinned.files.keys()


class TestVerifyFolder:
    def test_a_complete_folder_verifies(self, mirror, lock):
        """A folder holding exactly the locked bytes passes."""
        verify_folder(lock, mirror)

    def test_a_missing_models_folder_is_named(self, tmp_path, lock):
        """No models folder at all gives one error naming it and saying how to get the models."""
        folder = tmp_path / "absent"

        with pytest.raises(GeneratorError, match="make specs") as caught:
            verify_folder(lock, folder)

        assert caught.value.where == str(folder)

    def test_a_missing_model_file_is_named(self, mirror, lock):
        """A pinned file that is absent gives one error naming that file."""
        missing = mirror / "models/orders-api-model/ordersV0.json"
        missing.unlink()

        with pytest.raises(GeneratorError, match="missing") as caught:
            verify_folder(lock, mirror)

        assert caught.value.where == str(missing)

    def test_a_checksum_mismatch_is_named_with_both_checksums(self, mirror, lock):
        """A file whose bytes changed gives one error naming it, the pinned and the actual sha256."""
        changed = mirror / "models/feeds-api-model/feeds_2021-06-30.json"
        changed.write_bytes(b'{"swagger": "2.0", "paths": {"/x": {}}}')

        with pytest.raises(GeneratorError, match="checksum mismatch") as caught:
            verify_folder(lock, mirror)

        assert caught.value.where == str(changed)
        assert lock.files["models/feeds-api-model/feeds_2021-06-30.json"] in caught.value.problem
        assert hashlib.sha256(changed.read_bytes()).hexdigest() in caught.value.problem

    def test_the_repository_models_match_the_lock(self, specs):
        """The fetched specs/models hold exactly what specs/lock.json pins."""
        verify_folder(Lock.read(specs / "lock.json"), specs)


class TestFetch:
    def test_fetch_from_a_mirror_assembles_and_verifies_every_file(self, tmp_path, mirror, lock):
        """Copying from a mirror brings exactly the locked files, replacing whatever was there."""
        destination = write_tree(tmp_path / "specs" / "models", {"stale.json": b"old"})

        fetch(lock, destination, mirror=mirror)

        assert tree(destination) == {name.removeprefix("models/"): content for name, content in FILES.items()}

    def test_pinned_schemas_are_fetched_beside_the_models(self, tmp_path):
        """A lock naming ``schemas/...`` files fills ``specs/schemas`` next to ``specs/models``."""
        files = {**FILES, "schemas/notifications/AnyOfferChangedNotification.json": b'{"type": "object"}'}
        source = write_tree(tmp_path / "mirror", files)
        destination = write_tree(tmp_path / "specs" / "models", {"stale.json": b"old"})
        write_tree(tmp_path / "specs" / "schemas", {"stale.json": b"old"})

        fetch(lock_for(files), destination, mirror=source)

        assert tree(tmp_path / "specs" / "schemas") == {
            "notifications/AnyOfferChangedNotification.json": b'{"type": "object"}'
        }
        assert len(tree(destination)) == len(FILES)

    def test_a_tampered_schema_is_refused_and_nothing_is_replaced(self, tmp_path):
        """A schema is checked like a model: a mismatch names it and leaves models and schemas as they were."""
        files = {**FILES, "schemas/reports/sellerSalesAndTrafficReport.json": b"{}"}
        source = write_tree(tmp_path / "mirror", files)
        (source / "schemas/reports/sellerSalesAndTrafficReport.json").write_bytes(b"[]")
        destination = write_tree(tmp_path / "specs" / "models", {"keep.json": b"before"})

        with pytest.raises(GeneratorError, match="checksum mismatch") as caught:
            fetch(lock_for(files), destination, mirror=source)

        assert caught.value.where.endswith("schemas/reports/sellerSalesAndTrafficReport.json")
        assert tree(destination) == {"keep.json": b"before"}
        assert not (tmp_path / "specs" / "schemas").exists()

    def test_a_mirror_lacking_a_file_fails_and_leaves_the_destination_untouched(self, tmp_path, mirror, lock):
        """A missing mirror file is named, and the previous models stay exactly as they were."""
        destination = write_tree(tmp_path / "specs" / "models", {"orders-api-model/ordersV0.json": b"before"})
        absent = mirror / "models/orders-api-model/ordersV0.json"
        absent.unlink()

        with pytest.raises(GeneratorError) as caught:
            fetch(lock, destination, mirror=mirror)

        assert caught.value.where == str(absent)
        assert tree(destination) == {"orders-api-model/ordersV0.json": b"before"}

    def test_a_checksum_mismatch_in_the_mirror_fails_and_leaves_the_destination_untouched(
        self, tmp_path, mirror, lock
    ):
        """A mirror file with other bytes is refused before anything is written."""
        destination = write_tree(tmp_path / "specs" / "models", {"keep.json": b"before"})
        (mirror / "models/orders-api-model/ordersV0.json").write_bytes(b"tampered")

        with pytest.raises(GeneratorError, match="checksum mismatch") as caught:
            fetch(lock, destination, mirror=mirror)

        assert caught.value.where.endswith("models/orders-api-model/ordersV0.json")
        assert tree(destination) == {"keep.json": b"before"}
        assert sorted(p.name for p in destination.parent.iterdir()) == ["models"]

    def test_download_reads_raw_files_at_the_pinned_commit(self, tmp_path, lock, monkeypatch):
        """Without a mirror each file comes from its raw URL at the locked commit (no real network here)."""
        requested = []

        def fake_urlopen(url, timeout):
            requested.append(url)
            name = url.split(f"/{COMMIT}/", 1)[1]
            return io.BytesIO(FILES[name])

        monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
        destination = tmp_path / "specs" / "models"

        fetch(lock, destination)

        assert sorted(requested) == sorted(f"{RAW}/{name}" for name in FILES)
        assert len(tree(destination)) == len(FILES)

    def test_a_failed_download_names_the_url_and_leaves_the_destination_untouched(
        self, tmp_path, lock, monkeypatch
    ):
        """An HTTP error is one error naming the URL; the previous models are kept."""

        def not_found(url, timeout):
            raise urllib.error.HTTPError(url, 404, "Not Found", None, None)

        monkeypatch.setattr(urllib.request, "urlopen", not_found)
        destination = write_tree(tmp_path / "specs" / "models", {"keep.json": b"before"})

        with pytest.raises(GeneratorError, match="HTTP 404") as caught:
            fetch(lock, destination)

        assert caught.value.where == f"{RAW}/models/feeds-api-model/feeds_2021-06-30.json"
        assert tree(destination) == {"keep.json": b"before"}


class TestLockFromFolder:
    def test_reads_commit_and_repository_from_the_mirrors_source_file(self, mirror):
        """A mirror's SOURCE file supplies the commit; every model gets its checksum."""
        (mirror / "SOURCE").write_text(
            f"repository: https://github.com/amzn/selling-partner-api-models\ncommit: {COMMIT}\n",
            encoding="utf-8",
        )

        built = lock_from_folder(mirror)

        assert built == lock_for(FILES)

    def test_the_schemas_folder_is_pinned_too(self, mirror):
        """Every file under ``schemas/`` (JSON and Data Kiosk GraphQL alike) gets a checksum in the lock."""
        extra = {"schemas/data-kiosk/analytics_economics_2024_03_15.graphql": b"type Query { x: Int }"}
        write_tree(mirror, extra)

        built = lock_from_folder(mirror, commit=COMMIT)

        assert built == lock_for({**FILES, **extra})
        assert list(built.schemas) == list(extra)

    def test_a_folder_without_models_is_refused(self, tmp_path):
        """A folder with no models/*/*.json is one error naming the folder."""
        with pytest.raises(GeneratorError, match="no models") as caught:
            lock_from_folder(tmp_path, commit=COMMIT)

        assert caught.value.where == str(tmp_path)

    def test_a_folder_without_a_known_commit_is_refused(self, mirror):
        """Without SOURCE and without a commit argument the lock cannot be built."""
        with pytest.raises(GeneratorError, match="no commit"):
            lock_from_folder(mirror)
