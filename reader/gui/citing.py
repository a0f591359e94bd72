"""Citing the open document: notes and passages to the clipboard, cited works to CSL-JSON.

The formats are :mod:`reader.core.cite` and :mod:`reader.core.csl`; this only knows the open
document, the clipboard and the save dialog.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication

from reader.core.cite import Source, describe, note_citation, page_label, passage_citation, vocabulary_of
from reader.core.document import Document
from reader.core.errors import ReaderError
from reader.core.paths import export_path
from reader.gui import dialogs

if TYPE_CHECKING:   # reader.core.notes loads the footnote engine: not before page 1
    from reader.core.notes import NoteEntry

logger = logging.getLogger(__name__)


class CitationCopier(QObject):
    #: Something to tell the user in the status bar (text).
    message = Signal(str)

    def __init__(self, index_dir: Path, parent: QObject) -> None:
        super().__init__(parent)
        self.index_dir = index_dir
        self._doc: Document | None = None
        self._source: Source | None = None

    def set_document(self, doc: Document | None) -> None:
        self._doc, self._source = doc, None

    def source(self) -> Source | None:
        """The open document's title and symbol, read from page 1 the first time it is asked."""
        if self._source is None and self._doc is not None:
            self._source = describe(self._doc)
        return self._source

    @Slot(object)
    def copy_note(self, entry: NoteEntry) -> None:
        source = self.source()
        if source is None:
            return
        text = note_citation(source, page_label(self._doc, entry.page), entry.label, entry.text, entry.kind)
        self._copy(text)

    @Slot(str, object)
    def copy_passage(self, text: str, pages: list) -> None:
        source = self.source()
        if source is None or not text.strip():
            return
        self._copy(passage_citation(source, [page_label(self._doc, p) for p in pages], text,
                                    vocabulary_of(self._doc, pages)))

    def _copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.message.emit(f"Copied: {text[:100]}{'…' if len(text) > 100 else ''}")

    def export_csl(self, entries: list[NoteEntry]) -> None:
        """File > Export Citations…: the works the notes cite, as CSL-JSON."""
        if self._doc is None or not any(e.citations for e in entries):
            self.message.emit("The notes of this document cite no documents, DOIs or web pages to export.")
            return
        suggested = export_path(self._doc.path.stem + "-citations.json")
        target = dialogs.ask_save_path(self.parent(), "Export Citations as CSL-JSON", suggested,
                                       "CSL-JSON (*.json)")
        if target is None:
            return
        export = self._export(entries)
        items = export.items
        try:
            target.write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        except OSError as exc:
            dialogs.show_error(self.parent(), f"Could not write {target.name}: {exc.strerror}.")
            return
        left_out = export.left_out_sentence()
        self.message.emit(f"Exported {len(items)} cited works to {target}." + (f" {left_out}" if left_out else ""))

    def _export(self, notes: list[NoteEntry]):
        """The CSL export (items, references left out), titled from the library's copies where it has them."""
        from reader.core.csl import csl_export
        if self.index_dir.is_dir():
            from index.library import IndexResolver
            try:
                with IndexResolver(self.index_dir) as resolver:
                    return csl_export(notes, resolver.title)
            except ReaderError as exc:   # a busy or damaged index: titles from the symbols
                logger.warning("Library titles not available: %s", exc)
        return csl_export(notes)
