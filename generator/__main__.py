"""Command line of the generator: ``python -m generator <command>`` (the Makefile's targets call it).

Commands:
    specs [--mirror DIR]   fetch the pinned models into specs/models (from GitHub, or copy from DIR) and verify
    verify                 verify specs/models against the lock
    generate               regenerate generated/selling_partner_api
    check                  regenerate into a temporary folder; fail on any difference from generated/
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator.errors import GeneratorError
from generator.pipeline import Paths, check, generate
from generator.specs import Lock, fetch, verify_folder


def main(argv: list[str] | None = None) -> int:
    """Run one generator command; print a clear error and return 1 on failure."""
    parser = argparse.ArgumentParser(prog="python -m generator")
    sub = parser.add_subparsers(dest="command", required=True)
    specs = sub.add_parser("specs", help="fetch and verify the pinned models")
    specs.add_argument("--mirror", type=Path, help="copy from this local mirror instead of downloading")
    sub.add_parser("verify", help="verify specs/models against the lock")
    gen = sub.add_parser("generate", help="regenerate generated/selling_partner_api")
    gen.add_argument("--workers", type=int, default=None)
    chk = sub.add_parser("check", help="fail if generated/ differs from a fresh generation")
    chk.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    paths = Paths()
    try:
        if args.command == "specs":
            lock = Lock.read(paths.lock)
            fetch(lock, paths.models / "models", mirror=args.mirror)
            print(f"specs: {len(lock.files)} model files at {lock.commit[:12]} verified")
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
    except GeneratorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
