"""The CLI's progress display: pages and items of ``--all-pages``, bytes (and an ETA) of a document transfer.

The rule: progress goes to stderr, never to stdout, and only when stderr is a terminal (redrawn in place on
one line) or when ``--progress`` asks for it (then one line per step, for logs: a line per page, and a line
per tenth of a transfer whose size is known, else per MiB). ``--no-progress`` hides it on a terminal too.
Status lines (a feed's status while waiting, the closing ``N item(s) from P page(s)``) are not progress and
are always written to stderr.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Progress", "eta_text", "size_text"]

_MIB = 1024 * 1024
_REDRAW_SECONDS = 0.1  # on a terminal, redraw a byte count at most this often


def size_text(size: int) -> str:
    """Return a byte count for people: ``512 B``, ``3.4 KB``, ``12.0 MB`` (powers of 1024)."""
    if size < 1024:  # noqa: PLR2004
        return f"{size} B"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":  # noqa: PLR2004
            break
    return f"{value:.1f} {unit}"


def eta_text(seconds: float) -> str:
    """Return a remaining time as ``m:ss`` (``h:mm:ss`` from an hour)."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    """One progress display on stderr for one command.

    Args:
        label: What is in progress (``List Orders``, an operation key, ``Download Feed Document``).
        enabled: ``True`` or ``False`` as ``--progress``/``--no-progress`` said; ``None``: only on a terminal.
        stream: Where to write (default: ``sys.stderr`` at the time of the call).
        clock: Monotonic seconds, for the ETA and the redraw pace.
    """

    def __init__(
        self,
        label: str,
        *,
        enabled: bool | None,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream if stream is not None else sys.stderr
        isatty = getattr(self._stream, "isatty", None)
        self._terminal = bool(isatty()) if callable(isatty) else False
        self.enabled = self._terminal if enabled is None else enabled
        self._label = label
        self._clock = clock
        self._start = clock()
        self._drawn = False  # a line is on the terminal, not yet ended
        self._last_draw = -1.0
        self._step = -1  # the last tenth (or MiB) of a download written as a line

    def pages(self, pages: int, items: int | None, total_items: int | None = None) -> None:
        """Show that ``pages`` pages holding ``items`` items have arrived.

        ``items`` is ``None`` when the pages' items are not counted; ``total_items`` the count the listing
        announces, when it does (then the share and an ETA are shown).
        """
        if items is None:
            self._show(f"{self._label}: {pages} page(s)", force=True)
            return
        if not total_items or items > total_items:  # none announced, or fewer than Amazon serves
            self._show(f"{self._label}: {pages} page(s), {items} item(s)", force=True)
            return
        percent = items * 100 // total_items
        text = f"{self._label}: {pages} page(s), {items} of {total_items} item(s) ({percent}%)"
        elapsed = self._clock() - self._start
        if 0 < items < total_items and elapsed > 0:
            text += f", ETA {eta_text((total_items - items) * elapsed / items)}"
        self._show(text, force=True)

    def transfer(self, direction: str, done: int, total: int | None) -> None:
        """Show a document transfer: ``done`` bytes of ``total`` (``None``: not announced).

        ``direction`` is ``upload`` or ``download``; ``done`` 0 starts a transfer (or a retry of one).
        """
        if not self.enabled:
            return
        if done == 0:  # a new transfer: its ETA counts from now
            self._start, self._step = self._clock(), -1
            return
        verb = "uploaded" if direction == "upload" else "downloaded"
        if total:
            done = min(done, total)
            step = done * 10 // total
            text = f"{self._label}: {verb} {size_text(done)} of {size_text(total)} ({done * 100 // total}%)"
            elapsed = self._clock() - self._start
            if done < total and elapsed > 0:
                text += f", ETA {eta_text((total - done) * elapsed / done)}"
        else:
            step = done // _MIB
            text = f"{self._label}: {verb} {size_text(done)}"
        if self._terminal:
            self._show(text, force=bool(total) and done == total)
        elif step != self._step:
            self._step = step
            self._show(text, force=True)

    def _show(self, text: str, *, force: bool) -> None:
        if not self.enabled:
            return
        now = self._clock()
        if self._terminal:
            if not force and now - self._last_draw < _REDRAW_SECONDS:
                return
            self._stream.write(f"\r{text}\x1b[K")
            self._drawn = True
        else:
            self._stream.write(text + "\n")
        self._last_draw = now
        self._stream.flush()

    def close(self) -> None:
        """End the display (the terminal line it redrew is ended, so the next line starts clean)."""
        if self._drawn:
            self._stream.write("\n")
            self._stream.flush()
            self._drawn = False
