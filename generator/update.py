"""Move the repository to another commit of Amazon's models: ``make specs-update COMMIT=<sha>|MIRROR=<dir>``.

One command re-pins ``specs/lock.json`` (commit and checksums), replaces ``specs/models``, re-applies our
patches, regenerates ``generated/selling_partner_api`` and prepends the API changelog to
``specs/CHANGELOG-API.md``. It is transactional: everything is assembled in staging folders first, and
any bad input (an unknown commit, no network, a mirror missing files, a checksum mismatch, a patch that
no longer matches) stops it with a clear message before the repository is touched.

Decisions worth knowing:

- **Patches.** A patch that no longer matches is an error. A patch that is no longer needed (Amazon fixed
  the model) or names a model the new set lacks is reported and left out of this generation, but not
  deleted, so moving back restores everything; ``make generate`` stays strict and asks for its removal.
- **Operation facts.** Entries of ``specs/operation-facts.json`` naming operations the new models lack
  (an older snapshot, or an operation Amazon dropped) are warnings, not errors, and are left out of this
  generation; the file is not edited, for the same reason. ``make check-generated`` keeps rejecting stale
  ``restricted`` and ``idempotent`` entries until someone deletes them or the operations come back.
- **Removed models.** New models are welcome. A model file the current lock pins but the new set lacks
  is expected when moving back in time (by the commits' dates: models added since are absent); moving
  forward it stops the update unless ``--allow-removed`` is given, because that is what a partial mirror
  looks like. A set claiming the pinned commit must match the lock file for file.
- **The changelog.** An update that exactly undoes the newest entry (moving back to where it came from)
  removes that entry instead of adding its mirror image (:mod:`generator.changelog`), so a move and its
  revert leave the repository byte-identical.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import attrs
from seller_central.specdiff import diff_models, render_markdown
from seller_central.specdiff.facts import iter_operations

from generator.changelog import undoes_newest_entry, updated_changelog
from generator.errors import GeneratorError
from generator.patches import PatchState, apply_patches, load_patches
from generator.pipeline import Paths, generate
from generator.render import ROOT_PACKAGE
from generator.schemas import schema_files
from generator.specs import Lock, fetch, lock_from_folder, read_source, verify_folder
from generator.upstream import Upstream, download_commit

__all__ = ["UpdateResult", "update"]

_SHA = re.compile(r"^[0-9a-f]{7,40}$")


@attrs.frozen(kw_only=True)
class UpdateResult:
    """What an update did: the commits, what it reported, and the changelog entry it wrote."""

    old_commit: str
    new_commit: str
    changed: bool
    patches_applied: tuple[str, ...] = ()
    patches_not_needed: tuple[str, ...] = ()
    patches_absent: tuple[str, ...] = ()
    stale_facts: tuple[str, ...] = ()
    changelog: str = ""
    reverted_entry: bool = False


# -- the new model set ----------------------------------------------------------------------------------


def _source_commit(mirror: Path) -> str | None:
    return read_source(mirror).get("commit") or None


def _copy_mirror(mirror: Path, commit: str | None, staging: Path) -> Lock:
    """Copy a mirror's models and schemas into ``staging/models`` and ``staging/schemas`` (verified)."""
    if not mirror.is_dir():
        raise GeneratorError(str(mirror), "the mirror folder does not exist")
    named = _source_commit(mirror)
    if commit and named and not named.startswith(commit):
        raise GeneratorError(str(mirror / "SOURCE"), f"the mirror holds commit {named}, not {commit}")
    if commit and not named and len(commit) != 40:  # noqa: PLR2004 (the length of a full SHA-1)
        raise GeneratorError(str(mirror), "this mirror has no SOURCE file: give the full 40-digit commit")
    lock = lock_from_folder(mirror, commit=named or commit)
    fetch(lock, staging / "models", mirror=mirror)
    return lock


def _committed(lock: Lock) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat(lock.committed) if lock.committed else None
    except ValueError:
        return None
    return moment if moment and moment.tzinfo else None  # a date without an offset cannot be ordered


def _compare_with_current(old: Lock, new: Lock, *, allow_removed: bool) -> None:
    """Refuse a new set that contradicts the current lock or looks like a partial copy of its commit."""
    if new.commit == old.commit:
        for name in sorted(old.files.keys() | new.files.keys()):
            pinned, found = old.files.get(name), new.files.get(name)
            if found is None:
                msg = f"the new set lacks this file of commit {old.commit[:12]}, which specs/lock.json pins"
                raise GeneratorError(name, f"{msg} (a partial mirror?)")
            if pinned != found:
                msg = (
                    f"checksum mismatch: the new set claims commit {old.commit[:12]}, for which "
                    f"specs/lock.json pins sha256 {pinned or '(no such file)'}, but its file has {found}"
                )
                raise GeneratorError(name, msg)
    # Only a vanished API model breaks clients; a schema Amazon drops (a retired notification) just goes.
    removed = sorted(old.models.keys() - new.models.keys())
    before, after = _committed(old), _committed(new)
    # Going back in time, the models Amazon added since are naturally absent. Going forward, a model file
    # vanishing is rare (Amazon deprecates, then deletes), and a partial mirror looks exactly like it.
    if removed and not allow_removed and not (before and after and after < before):
        listed = ", ".join(removed[:5]) + (" ..." if len(removed) > 5 else "")  # noqa: PLR2004 (a short list)
        msg = (
            f"the new model set lacks {len(removed)} model file(s) that specs/lock.json pins: {listed}. "
            "A partial mirror? If Amazon really removed them, run again with --allow-removed "
            "(make specs-update ... ALLOW_REMOVED=1)"
        )
        raise GeneratorError(new.commit, msg)


# -- patches and operation facts ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Checked:
    applied: tuple[str, ...]
    not_needed: tuple[str, ...]
    absent: tuple[str, ...]
    operations: frozenset[str]
    packages: frozenset[str]


def _check_patches(paths: Paths, lock: Lock, root: Path, specs: Path) -> _Checked:
    """Check every patch against the new models and copy the ones that apply into ``specs/patches``."""
    patches = load_patches(paths.patches)
    applicable = [patch for patch in patches if patch.file in lock.files]
    applied: list[str] = []
    not_needed: list[str] = []
    operations: set[str] = set()
    packages: set[str] = set()
    for name in sorted(lock.models) + schema_files(lock.files):
        try:
            document = json.loads((root / name).read_bytes())
        except ValueError as exc:
            raise GeneratorError(name, f"the new model is not JSON ({exc})") from None
        patched, report = apply_patches(applicable, name, document, allow_not_needed=True)
        for patch, state in report:
            (not_needed if state is PatchState.NOT_NEEDED else applied).append(patch.name)
        if name not in lock.models:
            continue  # a JSON schema (patched like the models; it has no operations)
        for operation in iter_operations(name, patched):
            operations.add(operation.key)
            packages.add(operation.package)
    (specs / "patches").mkdir(parents=True)
    for name in applied:
        shutil.copyfile(paths.patches / name, specs / "patches" / name)
    return _Checked(
        applied=tuple(sorted(applied)),
        not_needed=tuple(sorted(not_needed)),
        absent=tuple(patch.name for patch in patches if patch.file not in lock.files),
        operations=frozenset(operations),
        packages=frozenset(packages),
    )


def _filter_schema_facts(source: Path, target: Path, lock: Lock) -> None:
    """Copy ``schema-facts.json`` without the entries for schemas the new set lacks (kept in the source)."""
    if not source.is_file():
        return
    data = json.loads(source.read_text(encoding="utf-8"))
    data["notifications"] = {
        name: fact
        for name, fact in data.get("notifications", {}).items()
        if name.startswith("_") or name in lock.files
    }
    target.write_text(json.dumps(data), encoding="utf-8")


def _filter_facts(source: Path, target: Path, checked: _Checked) -> tuple[str, ...]:
    """Copy the operation facts, leaving out entries that name nothing in the new models."""
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GeneratorError(str(source), f"cannot read operation facts ({exc})") from None
    stale = []
    for section, entries in data.items():
        if section.startswith("_") or not isinstance(entries, dict):
            continue
        for key in list(entries):
            if not key.startswith("_") and key not in checked.operations and key not in checked.packages:
                stale.append(f"{section}: {key}")
                del entries[key]
    target.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return tuple(stale)


# -- the transaction ------------------------------------------------------------------------------------


def _write_atomically(path: Path, text: str | None) -> None:
    if text is None:
        path.unlink(missing_ok=True)
        return
    temporary = path.with_name(f".{path.name}.update")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def _swap_in(replacements: list[tuple[Path, Path]], files: dict[Path, str | None]) -> None:
    """Move each staged folder over its live one and write ``files``; on any failure, undo everything.

    The live folders are renamed into their staging folder's parent (the same file system, so every move
    is a rename), where they are deleted with the staging folders.
    """
    moved: list[tuple[Path, Path | None]] = []
    originals = {path: path.read_bytes() if path.is_file() else None for path in files}
    try:
        for staged, live in replacements:
            backup = None
            if live.exists():
                backup = staged.parent / f"previous-{live.name}"
                live.rename(backup)
            moved.append((live, backup))
            staged.rename(live)
        for path, text in files.items():
            _write_atomically(path, text)
    except BaseException:
        for live, backup in reversed(moved):
            if live.exists():
                shutil.rmtree(live)
            if backup is not None:
                backup.rename(live)
        for path, data in originals.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)
        raise


def update(
    *,
    commit: str | None = None,
    mirror: Path | None = None,
    allow_removed: bool = False,
    paths: Paths | None = None,
    upstream: Upstream | None = None,
    today: datetime.date | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> UpdateResult:
    """Move the repository to another commit of the models (see the module docstring).

    Args:
        commit: The commit to move to; downloaded from GitHub unless ``mirror`` is given.
        mirror: A local folder holding ``models/`` (and a ``SOURCE`` file naming its commit).
        allow_removed: Accept a new set that lacks model files the current lock pins.
        paths: Where the repository's specs, models and generated package are.
        upstream: Where commits are downloaded from.
        today: The date of the changelog entry.
        progress: Called with a line for each step.

    Raises:
        GeneratorError: bad input or a failed step; the repository is then unchanged.
    """
    if commit is None and mirror is None:
        raise GeneratorError("specs-update", "give a commit (COMMIT=<sha>) or a mirror folder (MIRROR=<dir>)")
    if commit is not None and not _SHA.match(commit):
        raise GeneratorError(commit, "not a commit SHA (7 to 40 lowercase hex digits)")
    paths = paths or Paths()
    old = Lock.read(paths.lock)
    paths.output.mkdir(parents=True, exist_ok=True)
    try:
        verify_folder(old, paths.models)
    except GeneratorError as exc:
        msg = f"{exc.problem}; the changelog compares against the current models, so run `make specs` first"
        raise GeneratorError(exc.where, msg) from None
    with (
        tempfile.TemporaryDirectory(dir=paths.models, prefix=".update-") as specs_work,
        tempfile.TemporaryDirectory(dir=paths.output, prefix=".update-") as output_work,
    ):
        root, specs = Path(specs_work) / "new", Path(specs_work) / "specs"
        if mirror is not None:
            progress(f"specs-update: copying the models from {mirror}")
            new = _copy_mirror(mirror, commit, root)
        else:
            assert commit is not None  # noqa: S101 (checked above)
            progress(f"specs-update: downloading the models of {commit} from {old.repository}")
            new = download_commit(old.repository, commit, root, upstream or Upstream())
        _compare_with_current(old, new, allow_removed=allow_removed)
        if (new.commit, new.files) == (old.commit, old.files):
            return UpdateResult(old_commit=old.commit, new_commit=new.commit, changed=False)
        checked = _check_patches(paths, new, root, specs)
        stale = _filter_facts(paths.facts, specs / "operation-facts.json", checked)
        _filter_schema_facts(paths.schema_facts, specs / "schema-facts.json", new)
        new.write(specs / "lock.json")
        shutil.copyfile(specs / "lock.json", root / "lock.json")  # names the commit in the changelog
        progress(f"specs-update: regenerating {ROOT_PACKAGE} from {new.commit[:12]}")
        generate(Paths(specs=specs, models=root, output=Path(output_work)))
        changelog = diff_models(paths.models, root)
        date = (today or datetime.datetime.now(tz=datetime.UTC).date()).isoformat()
        title = f"{date}: API changes from {changelog.old.label} to {changelog.new.label}"
        entry = render_markdown(changelog, title=title)
        changelog_path = paths.specs / "CHANGELOG-API.md"
        existing = changelog_path.read_text(encoding="utf-8") if changelog_path.is_file() else None
        new_lock_text = (specs / "lock.json").read_text(encoding="utf-8")
        _swap_in(
            [
                (root / "models", paths.models / "models"),
                *([(root / "schemas", paths.models / "schemas")] if (root / "schemas").is_dir() else []),
                (Path(output_work) / ROOT_PACKAGE, paths.output / ROOT_PACKAGE),
            ],
            {
                paths.lock: new_lock_text,
                changelog_path: updated_changelog(existing, old=old.commit, new=new.commit, entry=entry),
            },
        )
    return UpdateResult(
        old_commit=old.commit,
        new_commit=new.commit,
        changed=True,
        patches_applied=checked.applied,
        patches_not_needed=checked.not_needed,
        patches_absent=checked.absent,
        stale_facts=stale,
        changelog=entry,
        reverted_entry=undoes_newest_entry(existing, old=old.commit, new=new.commit),
    )
