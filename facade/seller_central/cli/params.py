"""Turning catalog inputs into command-line options, and option values back into action inputs.

Each input of an action becomes ``--<key-with-dashes>``. How the value is read follows the input's type:
text and numbers as they are; booleans as ``--flag/--no-flag`` (unset unless given); lists as a repeatable
option that also splits on commas; JSON objects and lists of objects as JSON text or ``@file.json``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import types
import typing
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from seller_central.actions._spec import NO_DEFAULT
from seller_central.errors import InvalidInputError

if typing.TYPE_CHECKING:
    from seller_central.actions._spec import Action, InputInfo

__all__ = ["input_values", "options_for"]


def _kind(annotation: Any) -> str:
    """Classify an input annotation as text, int, float, bool, list, json, bytes or path."""
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    members = args if origin in (typing.Union, types.UnionType) else (annotation,)
    kinds = set()
    for member in members:
        member_origin = typing.get_origin(member) or member
        if member is bool:
            kinds.add("bool")
        elif member is int:
            kinds.add("int")
        elif member is float:
            kinds.add("float")
        elif member is bytes:
            kinds.add("bytes")
        elif getattr(member, "__name__", "") in ("IO", "BinaryIO"):
            kinds.add("stream")  # a source reads it, a target writes it: the other members decide
        elif member is Path or member_origin is os.PathLike or member is os.PathLike:
            kinds.add("path")
        elif member_origin in (dict, Mapping) or member is Any:
            kinds.add("json")
        elif member_origin in (list, Sequence, tuple):
            inner = typing.get_args(member)
            kinds.add("json" if inner and typing.get_origin(inner[0]) in (dict, Mapping) else "list")
        else:
            kinds.add("text")
    if {"path", "stream"} <= kinds and "bytes" not in kinds:
        return "target"  # a path or an open file to write into
    for kind in ("bytes", "path", "json", "list", "bool", "int", "float"):
        if kind in kinds:
            return kind
    return "bytes" if "stream" in kinds else "text"


def _help(info: InputInfo) -> str:
    parts = [f"{info.label}: {info.comment}".strip()]
    if info.choices:  # a list input takes several values, any other input one
        many = _kind(info.annotation) == "list"
        parts.append(f"{'One or more of' if many else 'One of'}: {', '.join(info.choices)}.")
    if info.default_doc:
        parts.append(f"Default: {info.default_doc}.")
    elif info.default is not None and info.default is not NO_DEFAULT:
        parts.append(f"Default: {info.default}.")
    if info.required:
        parts.append("Required.")
    return " ".join(parts)


def options_for(action: Action) -> list[click.Parameter]:
    """Return the click options of an action's inputs."""
    params: list[click.Parameter] = []
    for info in action.inputs:
        flag = "--" + info.key.replace("_", "-")
        kind = _kind(info.annotation)
        if kind == "bool":
            params.append(click.Option([f"{flag}/--no-{flag[2:]}", info.key], default=None, help=_help(info)))
        elif kind == "list":
            params.append(
                click.Option([flag, info.key], multiple=True, metavar="VALUE[,VALUE...]", help=_help(info))
            )
        elif kind == "int":
            params.append(click.Option([flag, info.key], type=int, help=_help(info)))
        elif kind == "float":
            params.append(click.Option([flag, info.key], type=float, help=_help(info)))
        elif kind == "json":
            params.append(click.Option([flag, info.key], metavar="JSON|@FILE", help=_help(info)))
        elif kind == "bytes":
            params.append(click.Option([flag, info.key], metavar="@FILE|TEXT", help=_help(info)))
        elif kind == "path":
            params.append(click.Option([flag, info.key], metavar="FILE", help=_help(info)))
        elif kind == "target":
            help_text = _help(info) + " '-' streams it to standard output."
            params.append(click.Option([flag, info.key], metavar="FILE|-", help=help_text))
        else:
            params.append(click.Option([flag, info.key], help=_help(info)))
    return params


def read_json(value: str, *, label: str, what: str = "the value", where: str | None = None) -> Any:
    """Return the JSON in ``value``: the text itself, or the file it names as ``@FILE``.

    Raises:
        InvalidInputError: naming ``label`` (messages start with ``where``, by default the label): the file
            cannot be read, or the text is not JSON.
    """
    prefix = where or label
    text = value
    if value.startswith("@"):
        try:
            text = Path(value[1:]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            msg = f"{prefix}: cannot read {what} from {value[1:]!r} ({reason})"
            raise InvalidInputError(msg, label=label) from None
    try:
        return json.loads(text)
    except ValueError as exc:
        msg = f"{prefix}: {what} is not valid JSON ({exc.args[0]})"
        raise InvalidInputError(msg, label=label) from None


def _target(value: str, info: InputInfo) -> Path:
    """Return the file a download goes to, refusing now (before any request) one that cannot be written."""
    path = Path(value)
    if path.is_dir():
        msg = f"{info.label}: {value!r} is a folder; name the file to write"
        raise InvalidInputError(msg, label=info.label)
    folder = path.parent
    if folder.is_dir():  # a missing folder is the action's own check
        try:
            # The download is written beside the target and renamed, so the folder must take a new file.
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as exc:
            msg = f"{info.label}: cannot write in the folder {str(folder)!r} ({exc.strerror or exc})"
            raise InvalidInputError(msg, label=info.label) from None
    return path


def input_values(action: Action, options: Mapping[str, Any]) -> dict[str, Any]:
    """Turn parsed option values into the action's inputs (unset options are left out)."""
    values: dict[str, Any] = {}
    for info in action.inputs:
        value = options.get(info.key)
        if value is None or value == ():
            continue
        kind = _kind(info.annotation)
        if kind == "list":
            values[info.key] = [part for item in value for part in str(item).split(",") if part]
        elif kind == "json":
            values[info.key] = read_json(value, label=info.label)
        elif kind == "bytes":
            values[info.key] = Path(value[1:]) if value.startswith("@") else value.encode()
        elif kind == "path":
            values[info.key] = Path(value.removeprefix("@"))
        elif kind == "target":
            values[info.key] = sys.stdout.buffer if value == "-" else _target(value, info)
        else:
            values[info.key] = value
    return values
