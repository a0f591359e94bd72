"""Footnotes in the window: notes from the prepared record, live markers, popup, panel, citations.

``FootnoteController`` reads the open document's prepared record (:mod:`reader.core.record`,
made by the indexer or an earlier opening); when there is none it runs ``ibid prepare FILE
--json-progress`` in a child process (PyMuPDF work never runs on the GUI thread for a whole
document) and reads the record it stored. The notes become markers on the page view; the
controller routes what the user does with a marker, a note or a citation.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QCursor, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from reader.core.errors import ReaderError
from reader.core.navigation import Location
from reader.core.paths import Paths, export_path
from reader.gui import dialogs
from reader.gui.footnotepopup import FootnotePopup
from reader.gui.notespanel import NotesPanel
from reader.gui.opener import HASH_HERE_BYTES  # (one threshold for both: see there)
from reader.gui.pageview import Marker, PageView

if TYPE_CHECKING:   # reader.core.notes loads the footnote engine: not before page 1
    from reader.core.citations.model import Citation
    from reader.core.notes import NoteEntry
    from reader.gui.jobs import CliJob

logger = logging.getLogger(__name__)



class FootnoteController(QObject):
    #: The notes of the open document are known (list of NoteEntry).
    notes_ready = Signal(list)
    #: A citation asks to open another document (path, 0-based page or -1).
    document_requested = Signal(Path, int)
    #: Something to tell the user in the status bar (text).
    message = Signal(str)
    #: The reader corrected a note: the layer changed (the Annotations panel lists corrections).
    layer_changed = Signal()
    #: The headings found from the layout of the open document are known (list of OutlineEntry).
    headings_ready = Signal(list)

    def __init__(self, view: PageView, panel: NotesPanel, popup: FootnotePopup, parent: QWidget) -> None:
        super().__init__(parent)
        self.view, self.panel, self.popup = view, panel, popup
        self.entries: list[NoteEntry] = []
        self._job: CliJob | None = None
        self._path: Path | None = None
        self._menu: QMenu | None = None
        self.limits = None          # Limits for the child; set by the window
        self.cli_args: list[str] = []   # e.g. --basedir, so the child finds the same library
        self.paths: Paths | None = None   # where the records and the library's index are; set by the window
        self._local_for: Path | None = None   # the document whose cited symbols are looked up next
        self._digest = ""   # the content hash of the open document, when known: its layer's key
        self._prepared = None   # the open document's record as the engine made it (before corrections)
        self._waiting = False    # for the opener's child to finish the record of _path

    # -- analysis -------------------------------------------------------------------------
    def analyse(self, path: Path, *, child_running: bool = False, layout: str = "") -> None:
        """Show the notes of *path*: from its prepared record, else once a child has made it.
        *layout*: the ``TextLayout.key`` a reflowable *path* is shown at (its record is that layout's).

        *child_running*: the child that opened the file for the window is making the record;
        its end comes to :meth:`on_prepared` and no second child is started.
        """
        self.cancel()
        self._path = path
        self._digest = ""
        self._prepared = None
        self.entries = []
        self.view.set_markers([])
        self.panel.set_notes([])
        prepared = self._record_here(path, layout)
        if prepared is not None:
            self._show(prepared)
            return
        self.panel.set_state("busy")
        self._waiting = child_running
        if child_running:
            return
        from reader.gui.jobs import CliJob  # QProcess and the job machinery: with the first child
        seconds = self.limits.open_seconds + self.limits.analysis_seconds if self.limits is not None else None
        self._job = CliJob(["prepare", str(path), "--json-progress", *(["--layout", layout] if layout else []),
                            *self.cli_args], self, limits=self.limits,
                           seconds=seconds, what=f"Finding the notes of {path.name}")
        self._job.progressed.connect(self._on_progress)
        self._job.finished.connect(self._on_finished)
        self._job.start()

    def clear(self) -> None:
        """No document (an empty tab is in front): no notes in the panel."""
        self.cancel()
        self._path, self._digest, self._prepared, self.entries = None, "", None, []
        self.panel.set_notes([])
        self.panel.set_state("idle")

    def _record_here(self, path: Path, layout: str):
        """The prepared record of *path* when it is small enough to hash here and has one."""
        from reader.core import record  # the footnote engine's types: not before page 1
        from reader.core.document import content_hash
        try:
            if self.paths is None or path.stat().st_size > HASH_HERE_BYTES:
                return None
            self._digest = content_hash(path)
            return record.load(self.paths.records, self._digest, pages=False, layout=layout)
        except OSError:
            return None    # the child says why in one sentence

    def cancel(self) -> None:
        self._local_for = None
        self._waiting = False
        if self._job is not None:
            self._job.cancel()
            self._job = None

    @Slot()
    def stop(self) -> None:
        """The user stopped the analysis: say so in the panel."""
        if self._job is not None or self._waiting:   # (the opener's child: stopped by its own slot)
            self.cancel()
            self.panel.set_state("failed", "Finding the notes was stopped. Reopen the document to try again.")

    def busy(self) -> bool:
        return self._job is not None or self._local_for is not None or self._waiting

    @Slot(Path, int, str, str)
    def on_prepared(self, path: Path, code: int, out: str, err: str) -> None:
        """The child that opened *path* for the window finished its record."""
        if self._waiting and path == self._path:
            self._waiting = False
            self._read_result(code, out, err)

    @Slot(int, int)
    def on_prepare_progress(self, done: int, total: int) -> None:
        if self._waiting:
            self.panel.set_progress(done, total)

    @Slot(int, int, int)
    def _on_progress(self, job_id: int, done: int, total: int) -> None:
        if self._job is not None and job_id == self._job.job_id:
            self.panel.set_progress(done, total)

    @Slot(int, int, str, str)
    def _on_finished(self, job_id: int, code: int, out: str, err: str) -> None:
        if self._job is None or job_id != self._job.job_id:
            return           # a stale job (another document was opened meanwhile)
        self._job = None
        self._read_result(code, out, err)

    def _read_result(self, code: int, out: str, err: str) -> None:
        prepared, self._digest = _stored_record(out) if code == 0 else (None, "")
        if prepared is None:
            reason = err.split(": ", 2)[-1] if err else f"exit status {code}"
            logger.warning("Footnote analysis failed: %s", reason)
            self.panel.set_state("failed", f"Ibid could not read the notes of this document: {reason}")
            return
        self._show(prepared)

    def _show(self, prepared) -> None:
        """Markers and the panel from *prepared*; then, on the next turn of the event loop (the
        index's code takes a tenth of a second to load), the library's copies of cited symbols.
        The reader's corrections (:mod:`reader.core.layer`) are applied first."""
        self._prepared = prepared
        self.headings_ready.emit(prepared.outline())
        if self._digest and self.paths is not None:
            from reader.core.layer import corrected
            prepared, warnings = corrected(self.paths.layers, self._digest, prepared)
            for warning in warnings:
                self.message.emit(warning)
        self.entries = prepared.notes()
        self.view.set_markers([Marker(r.page, r.rect, e.key) for e in self.entries for r in e.refs])
        self.panel.set_state("ready")
        self.panel.set_notes(self.entries)
        self.notes_ready.emit(self.entries)
        index_dir = self.paths.index_dir if self.paths is not None else None
        if index_dir is not None and index_dir.is_dir() and any(
                c.type == "un-symbol" for note in self.entries for c in note.citations):
            self._local_for = self._path
            QTimer.singleShot(0, self._look_up_local_copies)

    # -- corrections (reader.core.layer) ----------------------------------------------------
    @Slot()
    def reapply(self) -> None:
        """The layer changed (a correction deleted or restored): show the notes again."""
        if self._prepared is not None:
            self._show(self._prepared)

    @Slot(object, str)
    def correct(self, entry: NoteEntry, action: str) -> None:
        """Not a note, join with the next, unlink: remembered in the layer, shown at once."""
        from reader.core.footnotes.output import note_to_dict
        from reader.core.layer import Correction, key_of
        self._add_correction(Correction(action, note=key_of(note_to_dict(entry))))

    @Slot()
    def make_note_from_selection(self) -> None:
        """Notes > Make Selection a Note…: ask for its label."""
        areas, text = self.view.selected_areas(), self.view.selected_text()
        if not areas:
            self.message.emit("Select the text of the note on the page first.")
            return
        guess = re.match(r"\s*(\S{1,4}?)[.)]?\s", text)
        label = dialogs.ask_text(self.view, "Make a Note", "Label of the note:", guess.group(1) if guess else "")
        if label:
            self.make_note(areas, text, label)

    @Slot()
    def link_selection(self) -> None:
        """Notes > Link Selection to Note…: the selected marker refers to the note the user names."""
        areas = self.view.selected_areas()
        if not areas:
            self.message.emit("Select the note marker on the page first.")
            return
        glued = re.search(r"(\d+|[*\u2020\u2021\u00a7]+)$", self.view.selected_text().strip())   # "Special3"
        label = dialogs.ask_text(self.view, "Link to a Note", "Label of the note this marker refers to:",
                                 glued.group(1) if glued else "")
        if label:
            self.link_marker(areas, label)

    def make_note(self, areas: list[tuple[int, tuple]], text: str, label: str) -> None:
        """The selected *areas* (page, rect), reading *text*, are note *label*."""
        from reader.core.layer import Correction, Place
        page = areas[0][0]
        rects = [r for p, r in areas if p == page]
        block = (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects))
        body = re.sub(rf"^\s*{re.escape(label)}[.)]?\s+", "", text)   # the label is the note's, not its text
        self._add_correction(Correction("make-a-note", label=label, block=Place(page, block), text=body))

    def link_marker(self, areas: list[tuple[int, tuple]], label: str) -> None:
        """The selected marker (*areas*) refers to note *label*: the first such note from its page on."""
        from reader.core.footnotes.output import note_to_dict
        from reader.core.layer import Correction, Place, key_of
        page = areas[0][0]
        rects = [r for p, r in areas if p == page]
        marker = (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects))
        candidates = [e for e in self.entries if e.label == label]
        target = next((e for e in candidates if e.page >= page), candidates[-1] if candidates else None)
        if target is None:
            self.message.emit(f"There is no note {label} to link to.")
            return
        self._add_correction(Correction("link", note=key_of(note_to_dict(target)), marker=Place(page, marker)))

    def _add_correction(self, correction) -> None:
        from reader.core.layer import LayerStore
        if not self._digest or self.paths is None or self._prepared is None:
            self.message.emit("The notes of this document cannot be corrected yet.")
            return
        try:
            LayerStore(self.paths.layers, self._digest, self._path).add(correction)
        except (ReaderError, OSError) as exc:
            self.message.emit(f"Your correction could not be saved: {exc}")
            return
        self._show(self._prepared)
        self.layer_changed.emit()

    @Slot()
    def _look_up_local_copies(self) -> None:
        """Give each cited UN symbol that the library holds its file and page."""
        wanted, self._local_for = self._local_for, None
        if wanted is None or wanted != self._path or self._job is not None:
            return    # another document was opened meanwhile
        from index.library import IndexResolver
        from reader.core.citations import localise_notes
        try:
            with IndexResolver(self.paths.index_dir) as resolver:
                found = localise_notes(self.entries, resolver)
        except ReaderError as exc:   # a busy or damaged index: the notes without local copies
            logger.warning("Library copies of cited documents not looked up: %s", exc)
            return
        if [e.citations for e in found] != [e.citations for e in self.entries]:   # (not in Footnote's ==)
            self.entries = found
            self.panel.set_notes(self.entries)

    def entry(self, key: object) -> NoteEntry | None:
        return self.entries[key] if isinstance(key, int) and 0 <= key < len(self.entries) else None

    # -- markers ---------------------------------------------------------------------------
    @Slot(object, QPoint)
    def on_marker_hovered(self, key: object, at: QPoint) -> None:
        entry = self.entry(key)
        if entry is not None:
            self.popup.show_note(entry, at)

    @Slot(object)
    def on_marker_activated(self, key: object) -> None:
        entry = self.entry(key)
        if entry is None:
            return
        self.popup.hide()
        self.panel.select(entry)
        self._flash(entry)

    def _flash(self, entry: NoteEntry) -> None:
        areas = [(r.page, r.rect) for r in entry.refs[:1]] + [(entry.page, entry.rect)]
        self.view.flash(areas)

    # -- the panel ----------------------------------------------------------------------------
    @Slot(object)
    def show_marker(self, entry: NoteEntry) -> None:
        """Scroll to the note's first marker (a recorded jump unless it is already visible)."""
        if entry.refs:
            ref = entry.refs[0]
            self.view.reveal(ref.page, ref.rect)
        else:
            self.view.reveal(entry.page, entry.rect)
        self._flash(entry)

    @Slot(object)
    def show_note_place(self, entry: NoteEntry) -> None:
        """Jump to where the note itself is printed (the page foot, or the endnotes)."""
        self.popup.hide()
        self.view.go_to(Location(entry.page, max(0.0, entry.rect[1] - 60)))
        self.panel.select(entry)
        self.view.flash([(entry.page, entry.rect)])

    def step(self, delta: int) -> None:
        entry = self.panel.step(delta)
        if entry is not None:
            self.show_marker(entry)

    # -- citations -------------------------------------------------------------------------------
    @Slot(object, int)
    def on_citation(self, entry: NoteEntry, index: int) -> None:
        if not 0 <= index < len(entry.citations):
            return
        cit = entry.citations[index]
        if cit.type == "back-reference":
            self._follow_back_reference(entry, cit)
        elif cit.type == "un-symbol":
            self._follow_symbol(cit)
        else:
            self.open_url(cit.url or cit.value)

    @Slot(object, int, QPoint)
    def citation_menu(self, entry: NoteEntry, index: int, at: QPoint) -> None:
        """Right-click on a citation: follow it, or copy its link."""
        cit = entry.citations[index]
        menu = QMenu(self.parent())
        menu.addAction("Follow", lambda: self.on_citation(entry, index))
        url = cit.url
        if url:
            menu.addAction(f"Copy link ({dialogs.clip(url, 60)})", lambda: QGuiApplication.clipboard().setText(url))
        menu.addAction("Copy citation text", lambda: QGuiApplication.clipboard().setText(cit.text))
        self._menu = menu
        menu.popup(at)

    def _follow_back_reference(self, entry: NoteEntry, cit: Citation) -> None:
        from reader.core.notes import find_by_label
        label = cit.target or cit.value
        target = find_by_label(self.entries, str(label), before=entry) if label else None
        if target is None:
            printed = cit.text or "This back-reference"
            self.message.emit(f"Note {label} is not in this document." if label
                              else f"{printed}: Ibid could not tell which earlier note this refers to.")
            return
        cited = _library_copy(target) if cit.pinned_page is not None else None
        if cited is not None:          # "Ibid., p. 4", "supra note 3, p. 2": that work, at that page
            self.document_requested.emit(Path(cited.local), cit.pinned_page - 1)
            return
        self.panel.show_inline(entry, f"<b>{target.label}</b> {_escape(target.text)}")
        self.panel.select(target)
        self.view.flash([(target.page, target.rect)])
        self.message.emit(f"{cit.text or 'Back-reference'} refers to note {target.label}.")

    def _follow_symbol(self, cit: Citation) -> None:
        if cit.local and Path(cit.local).is_file():
            self.document_requested.emit(Path(cit.local), cit.page if cit.page is not None else -1)
            return
        url = cit.url
        if not url:
            return
        menu = QMenu(self.parent())
        menu.setAccessibleName(f"{cit.value} is not in your library")
        menu.addAction(f"Open {url}", lambda: self.open_url(url))
        menu.addAction("Copy link", lambda: QGuiApplication.clipboard().setText(url))
        self._menu = menu
        menu.popup(QCursor.pos())

    def open_url(self, url: str) -> bool:
        """Open *url* in the system browser, but only http, https and mailto; True if one started."""
        from reader.core.citations import is_openable  # imported on first use: faster start
        if not is_openable(url):
            self.message.emit(f"Ibid does not open links like \u201c{dialogs.clip(url, 60)}\u201d "
                              "(only web and mail links).")
            return False
        if QDesktopServices.openUrl(QUrl(url, QUrl.ParsingMode.StrictMode)):
            self.message.emit(f"Opened {url} in your browser.")
            return True
        # No browser started (none installed, or no desktop session): the address is not lost.
        QGuiApplication.clipboard().setText(url)
        self.message.emit(f"Could not open a browser for {url}; the address was copied to the clipboard.")
        return False

    # -- export ------------------------------------------------------------------------------------
    def export(self, kind: str, document) -> None:
        """Notes > Export as Markdown / CSV / JSON: ask where, write, say what was written."""
        from reader.core import notes as notes_core
        if document is None or not self.entries:
            self.message.emit("There are no notes to export.")
            return
        suffix = {"Markdown": ".md", "CSV": ".csv", "JSON": ".json"}[kind]
        suggested = export_path(document.path.stem + "-notes" + suffix)
        target = dialogs.ask_save_path(self.parent(), f"Export notes as {kind}", suggested, f"{kind} (*{suffix})")
        if target is None:
            return
        text = {"Markdown": lambda: notes_core.export_markdown(self.entries, document.title),
                "CSV": lambda: notes_core.export_csv(self.entries),
                "JSON": lambda: notes_core.export_json(self.entries)}[kind]()
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            dialogs.show_error(self.parent(), f"Could not write {target.name}: {exc.strerror}.")
            return
        self.message.emit(f"Exported {len(self.entries)} notes to {target}.")


def _stored_record(out: str):
    """(the record ``ibid prepare`` names on stdout (``{"record": PATH, "sha256": …}``) or
    None, the document's content hash or "")."""
    import json

    from reader.core import record
    try:
        said = json.loads(out)
        where, digest = said.get("record"), said.get("sha256")
        digest = digest if isinstance(digest, str) else ""
        if isinstance(said.get("unstored"), dict):   # not stored (a full disk): the record itself
            return record.Prepared.from_dict(said["unstored"], pages=False), digest
    except (ValueError, AttributeError):
        return None, ""
    found = record.load_file(Path(where), pages=False) if isinstance(where, str) else None
    return found, digest


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _library_copy(entry: NoteEntry) -> Citation | None:
    """The first UN document *entry* cites that the library holds (a file still there), or None."""
    return next((c for c in entry.citations
                 if c.type == "un-symbol" and c.local and Path(c.local).is_file()), None)
