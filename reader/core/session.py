"""The reading session: the open document, where the reader is in it, Back/Forward, zoom mode.

Qt-free: ``MainWindow`` shows a :class:`ReadingSession` and asks it where to go; the page view
says where the reader is (a :class:`~reader.core.navigation.Location`) and goes where it is
told. Positions are kept per document in :class:`~reader.core.state.ReadingState` (keyed by
content fingerprint, so a moved file opens where it was left); the zoom mode the reader last
chose is a preference (``Settings.fit`` / ``Settings.zoom``) that a document without a saved
position opens in. Back and Forward cross documents: a step into another document says which
file to open, and the session goes to the remembered place once that file is shown.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.navigation import History, Location
from reader.core.state import ReadingState, fingerprint

if TYPE_CHECKING:
    from reader.core.document import Document
    from reader.core.settings import Settings

#: Zoom modes that follow the window's size; any other mode is a fixed zoom factor.
FIT_MODES = ("width", "page")


@dataclass(frozen=True)
class Start:
    """Where a document just shown starts: exactly at *where* (its saved position, or a place
    Back/Forward returns to), else at the top of *page* in the zoom mode (*fit*, else *zoom*)."""
    where: Location | None
    page: int = 0
    fit: str | None = None
    zoom: float = 1.0


@dataclass(frozen=True)
class Step:
    """Where Back or Forward leads: *where* in the open document, or first open *open_path*."""
    where: Location
    open_path: Path | None = None


class ReadingSession:
    def __init__(self, state: ReadingState, settings: Settings, history_limit: int = 200) -> None:
        self.state, self.settings = state, settings
        self.history = History(history_limit)
        self.document: Document | None = None
        self.key: str | None = None           # the open document's fingerprint (its saved position)
        self._arrive_at: Location | None = None   # a Back/Forward step into a document being opened

    # -- the open document -----------------------------------------------------------------
    def is_open(self, path: Path | str) -> bool:
        return self.document is not None and str(self.document.path) == str(path)

    def show(self, doc: Document, page: int | None = None, leaving: Location | None = None) -> Start:
        """*doc* becomes the open document (the one before is left at *leaving* and closed);
        where the view starts: a Back/Forward step into *doc*, else its saved position (unless
        *page* is asked for), else *page* (or the first) in the zoom mode last chosen."""
        if leaving is not None:
            self.leave(leaving)
        if self.document is not None and self.document is not doc:
            self.document.close()
        self.document = doc
        try:
            self.key = fingerprint(doc.path)
        except OSError:   # (gone or unreadable since it was opened: no saved position)
            self.key = None
        arrive, self._arrive_at = self._arrive_at, None
        if arrive is not None and arrive.path == str(doc.path):
            return Start(arrive)
        saved = self.state.position(self.key) if self.key else None
        if saved and page is None:
            page0, y, zoom, fit = saved
            return Start(Location(page0, y, zoom, fit=fit))
        fit = self.settings.fit if self.settings.fit in FIT_MODES else None
        return Start(None, page or 0, fit, self.settings.zoom)

    def close(self, here: Location | None = None) -> None:
        """The tab showing this session closes: keep *here* as the position, close the document."""
        try:
            if here is not None:
                self.leave(here)
        finally:
            if self.document is not None:
                self.document.close()
            self.document, self.key = None, None

    def leave(self, here: Location) -> None:
        """Keep *here* as the open document's position (before another is shown, at quit)."""
        if self.document is not None and self.key:
            self.state.set_position(self.key, here.page, here.y, here.zoom or 1.0, here.fit)

    def here(self, view: Location) -> Location:
        """*view* (where the page view is) tagged with the open document."""
        return dataclasses.replace(view, path=str(self.document.path) if self.document else None)

    # -- Back / Forward ----------------------------------------------------------------------
    def record_jump(self, view: Location) -> None:
        """The reader is about to jump away from *view* (a link, a note, another document)."""
        self.history.push(self.here(view))

    def back(self, view: Location) -> Step | None:
        return self._step(self.history.back(self.here(view)))

    def forward(self, view: Location) -> Step | None:
        return self._step(self.history.forward(self.here(view)))

    def can_go_back(self) -> bool:
        return self.history.can_go_back()

    def can_go_forward(self) -> bool:
        return self.history.can_go_forward()

    def _step(self, where: Location | None) -> Step | None:
        if where is None:
            return None
        if where.path and self.document is not None and where.path != str(self.document.path):
            self._arrive_at = where          # taken by show() when that document is shown
            return Step(where, Path(where.path))
        return Step(where)

    # -- zoom mode -----------------------------------------------------------------------------
    def set_zoom(self, zoom: float, fit: str | None) -> None:
        """The reader chose *zoom* / *fit* ("width", "page" or a fixed zoom): new documents open so."""
        self.settings.fit = fit if fit in FIT_MODES else "none"
        self.settings.zoom = zoom
