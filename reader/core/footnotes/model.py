"""The footnote engine's public types, and the progress/cancel bookkeeping it shares."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reader.core.errors import ReaderError

Rect = tuple[float, float, float, float]


class AnalysisCancelled(ReaderError):
    """The caller's ``cancel()`` returned True; no partial result is returned."""


@dataclass(frozen=True)
class Marker:
    """A note marker in the body text."""
    page: int    # 0-based
    rect: Rect   # PDF points, page space


@dataclass(frozen=True)
class Footnote:
    """One footnote or endnote with every marker that refers to it."""
    label: str                      # "12", "*", "†"
    kind: str                       # "footnote" | "endnote"
    note_page: int                  # 0-based page where the note text starts
    note_pages: tuple[int, ...]     # every page the note text runs over
    note_rect: Rect                 # on note_page
    note_text: str                  # whole text, label removed, line-end hyphens undone
    refs: tuple[Marker, ...]        # every marker; () if none
    source: str                     # "markup" | "link" | "layout"
    reason: str                     # why it was accepted, e.g. "superscript matches note label"
    urls: tuple[str, ...] = ()      # every URL printed in the note


class Ticker:
    """Calls ``progress(done, total)`` per page and raises AnalysisCancelled when asked."""

    def __init__(self, total: int, progress: Callable[[int, int], None] | None,
                 cancel: Callable[[], bool] | None) -> None:
        self.total = total
        self._progress = progress
        self._cancel = cancel

    def check(self) -> None:
        if self._cancel is not None and self._cancel():
            raise AnalysisCancelled("Footnote analysis was cancelled.")

    def tick(self, done: int) -> None:
        self.check()
        if self._progress is not None:
            self._progress(done, self.total)
