"""A secret scanner for cassette files: LWA token shapes, client secrets, presigned credentials, literals.

It reads each file twice: as text (what a reviewer sees in a diff) and as parsed YAML, whose strings and
``!!binary`` bodies are decoded (gzip inflated) and scanned too, so a secret hidden in base64 or split by
YAML line folding is still found. Only the scrubber's fixed placeholders are accepted. The patterns are
written here again rather than imported from :mod:`scrub`, so a mistake in one is caught by the other.
"""

from __future__ import annotations

import gzip
import os
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from tests.cassettes import harness, scrub

# Characters that may follow a token prefix: anything up to a value's end in JSON, forms, URLs or YAML.
_TOKEN = r"[^\s\"'&<>,;\\]+"
_BAR = r"(?:\||%7[Cc])"
SHAPES: Mapping[str, re.Pattern[str]] = {
    "LWA access token": re.compile(rf"Atza{_BAR}{_TOKEN}"),
    "LWA refresh token": re.compile(rf"Atzr{_BAR}{_TOKEN}"),
    "Restricted Data Token": re.compile(rf"Atz\.sprdt{_BAR}{_TOKEN}"),
    "LWA client secret": re.compile(rf"amzn1\.oa2-cs\.v1\.{_TOKEN}"),
    "presigned URL credential": re.compile(
        r"X-Amz-(?:Signature|Credential|Security-Token)=[^&\s\"'<>\\]+", re.IGNORECASE
    ),
}
#: What the scrubber writes in place of a secret; nothing else with a secret's shape is allowed.
ALLOWED = frozenset(
    {*scrub.PLACEHOLDERS, *(f"{name}={scrub.REDACTED}" for name in scrub.PRESIGNED_PARAMETERS)}
)
CASSETTE_SUFFIXES = (".yaml", ".yml", ".json")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: about ten times faster


@attrs.frozen(kw_only=True)
class Finding:
    """One suspected secret: where it is, what it looks like, and its first characters only."""

    path: Path
    kind: str
    line: int | None  # None when found in a decoded (parsed) value rather than the raw text
    excerpt: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else f"{self.path} (decoded value)"
        return f"{where}: {self.kind} {self.excerpt}"


def default_literals(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The literal secrets to look for: the tests' own, and the environment's real credentials if set."""
    environ = os.environ if environ is None else environ
    return (harness.CLIENT_SECRET, harness.REFRESH_TOKEN, *harness.live_secrets(environ))


def _mask(value: str) -> str:
    # Enough to find it again, not enough to use it.
    return f"{value[:12]}..." if len(value) > 12 else value


def scan_text(text: str, *, literals: Iterable[str] = ()) -> Iterator[tuple[str, int, str]]:
    """Yield ``(kind, offset, excerpt)`` for every suspected secret in ``text``."""
    for kind, pattern in SHAPES.items():
        for match in pattern.finditer(text):
            if match.group() not in ALLOWED:
                yield kind, match.start(), _mask(match.group())
    for literal in {value for value in literals if value}:
        start = text.find(literal)
        while start != -1:
            yield "literal test or live secret", start, _mask(literal)
            start = text.find(literal, start + 1)


def _strings(value: Any) -> Iterator[str]:
    """Every string in a parsed cassette, bytes decoded (and inflated when gzip or zlib)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, bytes | bytearray):
        data = bytes(value)
        for inflate in (gzip.decompress, zlib.decompress):
            try:
                data = inflate(data)
                break
            except (OSError, zlib.error, EOFError):
                continue
        yield data.decode("utf-8", errors="replace")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def scan_file(path: Path, *, literals: Iterable[str] = ()) -> list[Finding]:
    """Return the suspected secrets in one cassette file."""
    literals = tuple(literals)
    text = path.read_text(encoding="utf-8", errors="replace")
    findings = [
        Finding(path=path, kind=kind, line=text.count("\n", 0, offset) + 1, excerpt=excerpt)
        for kind, offset, excerpt in scan_text(text, literals=literals)
    ]
    try:
        parsed = yaml.load(text, Loader=_LOADER)  # noqa: S506 (a safe loader; JSON is YAML too)
    except yaml.YAMLError:
        return findings
    seen = {(finding.kind, finding.excerpt) for finding in findings}
    for value in _strings(parsed):
        for kind, _offset, excerpt in scan_text(value, literals=literals):
            if (kind, excerpt) not in seen:
                seen.add((kind, excerpt))
                findings.append(Finding(path=path, kind=kind, line=None, excerpt=excerpt))
    return findings


def cassette_files(root: Path) -> list[Path]:
    """Every cassette file under ``root``, sorted."""
    return sorted(path for path in root.rglob("*") if path.is_file() and path.suffix in CASSETTE_SUFFIXES)


def scan_tree(root: Path, *, literals: Iterable[str] | None = None) -> list[Finding]:
    """Return the suspected secrets in every cassette under ``root`` (default literals when ``None``)."""
    literals = default_literals() if literals is None else tuple(literals)
    return [finding for path in cassette_files(root) for finding in scan_file(path, literals=literals)]
