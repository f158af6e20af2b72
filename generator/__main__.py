"""Command line of the generator: ``python -m generator <command>`` (the Makefile's targets call it).

Commands:
    specs [--mirror DIR | --mirror-root DIR]
                           fetch the pinned models into specs/models (GitHub, or copy a mirror) and verify
    verify                 verify specs/models against the lock
    generate               regenerate generated/selling_partner_api
    check                  regenerate into a temporary folder; fail on any difference from generated/
    update --commit SHA | --mirror DIR [--allow-removed]
                           move to other models: re-pin, re-patch, regenerate, write specs/CHANGELOG-API.md
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator.errors import GeneratorError
from generator.pipeline import Paths, check, generate
from generator.specs import Lock, fetch, read_source, verify_folder
from generator.update import UpdateResult, update


def main(argv: list[str] | None = None) -> int:
    """Run one generator command; print a clear error and return 1 on failure."""
    parser = argparse.ArgumentParser(prog="python -m generator")
    sub = parser.add_subparsers(dest="command", required=True)
    specs = sub.add_parser("specs", help="fetch and verify the pinned models")
    specs.add_argument("--mirror", type=Path, help="copy from this local mirror instead of downloading")
    specs.add_argument(
        "--mirror-root",
        type=Path,
        help="a folder of mirrors, one per snapshot with a SOURCE file: use the pinned commit's",
    )
    sub.add_parser("verify", help="verify specs/models against the lock")
    gen = sub.add_parser("generate", help="regenerate generated/selling_partner_api")
    gen.add_argument("--workers", type=int, default=None)
    chk = sub.add_parser("check", help="fail if generated/ differs from a fresh generation")
    chk.add_argument("--workers", type=int, default=None)
    upd = sub.add_parser("update", help="move to other models, regenerate and write the API changelog")
    upd.add_argument(
        "--commit", help="the commit to move to (downloaded from GitHub unless --mirror is given)"
    )
    upd.add_argument(
        "--mirror", type=Path, help="a local folder holding models/ (and SOURCE naming its commit)"
    )
    upd.add_argument(
        "--allow-removed", action="store_true", help="accept a model set that drops pinned files"
    )
    args = parser.parse_args(argv)
    paths = Paths()
    try:
        if args.command == "specs":
            lock = Lock.read(paths.lock)
            mirror = args.mirror or (_mirror_of(lock, args.mirror_root) if args.mirror_root else None)
            fetch(lock, paths.models / "models", mirror=mirror)
            print(
                f"specs: {len(lock.models)} model and {len(lock.schemas)} schema files "
                f"at {lock.commit[:12]} verified"
            )
        elif args.command == "verify":
            verify_folder(Lock.read(paths.lock), paths.models)
            print("specs: every model file matches the lock")
        elif args.command == "generate":
            started = time.perf_counter()
            target = generate(paths, workers=args.workers)
            print(f"generate: wrote {target} in {time.perf_counter() - started:.1f} s")
        elif args.command == "check":
            differences = check(paths, workers=args.workers)
            if differences:
                print("check-generated: generated/ differs from a fresh generation:", file=sys.stderr)
                for line in differences[:50]:
                    print(f"  {line}", file=sys.stderr)
                return 1
            print("check-generated: generated/ matches a fresh generation")
        elif args.command == "update":
            result = update(
                commit=args.commit, mirror=args.mirror, allow_removed=args.allow_removed, progress=print
            )
            _report_update(result)
    except GeneratorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _mirror_of(lock: Lock, root: Path) -> Path | None:
    """Return the mirror under ``root`` whose SOURCE names the locked commit (None: download instead)."""
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        if folder.is_dir() and read_source(folder).get("commit") == lock.commit:
            return folder
    return None


def _report_update(result: UpdateResult) -> None:
    """Print what an update did, its warnings, and the changelog entry it wrote."""
    if not result.changed:
        print(f"specs-update: already pinned at {result.new_commit[:12]}; nothing to do")
        return
    print(f"specs-update: moved from {result.old_commit[:12]} to {result.new_commit[:12]}")
    print(f"specs-update: {len(result.patches_applied)} patches applied")
    for name in result.patches_not_needed:
        print(f"warning: specs/patches/{name} is no longer needed (the model already reads as it would")
        print("  leave it); it was skipped; delete it (make generate refuses it until then)")
    for name in result.patches_absent:
        print(f"warning: specs/patches/{name} patches a model the new set lacks; it was skipped;")
        print("  delete it if the model is gone for good (make generate refuses it until then)")
    for entry in result.stale_facts:
        print(f"warning: specs/operation-facts.json {entry} names no operation of the new models;")
        print("  it was left out of this generation; delete it if the operation is gone for good")
    if result.reverted_entry:
        print("specs-update: this move undoes the newest entry of specs/CHANGELOG-API.md, so that entry")
        print("  was removed; the changes of this move:")
    else:
        print("specs-update: prepended this entry to specs/CHANGELOG-API.md:")
    print()
    print(result.changelog, end="")


if __name__ == "__main__":
    sys.exit(main())
