"""The footnote engine's public types, and the progress/cancel bookkeeping it shares.

:class:`Footnote` is the one note type of Ibid: the engine returns it, ``ibid footnotes
--json`` writes it (:func:`output.note_to_dict`), and the window reads the child process's
JSON back into it (:func:`output.note_from_dict`, as ``reader.core.notes.NoteEntry``).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reader.core.citations.model import Citation
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
    urls: tuple[str, ...] = ()      # every URL printed in the note (or a link in it points to)
    #: what the note cites (``reader.core.citations.cite_notes`` finds them; the engine leaves ())
    citations: tuple[Citation, ...] = field(default=(), compare=False)
    key: int = field(default=-1, compare=False)   # position in the document's note list, once listed
    #: how sure the engine is (0-1): 1 for the file's own markup and links; for a note found
    #: from the layout, the logistic of its evidence (features plus sequence step)
    confidence: float = field(default=1.0, compare=False)

    # The names the reader's panels use (``NoteEntry`` is this type).
    @property
    def page(self) -> int:
        return self.note_page

    @property
    def pages(self) -> tuple[int, ...]:
        return self.note_pages

    @property
    def rect(self) -> Rect:
        return self.note_rect

    @property
    def text(self) -> str:
        return self.note_text

    @property
    def inferred(self) -> bool:
        """True when the note was found from the page layout only (no link, no markup)."""
        return self.source == "layout"

    @property
    def title(self) -> str:
        return f"{'Endnote' if self.kind == 'endnote' else 'Note'} {self.label}"

    def anchor_page(self) -> int:
        """Where the note is read from: its first marker, else the note itself."""
        return self.refs[0].page if self.refs else self.note_page


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
