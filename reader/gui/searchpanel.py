"""Library search: type a query, see hits grouped by document, open one at its page.

Queries run on the thread pool (Whoosh is pure Python; no PyMuPDF there) and every request
carries an id: results that are not for the latest query are dropped (novelWriter's jobId),
and a query the user typed past before it started is not run at all. The queries are bounded
in index/search.py (too-broad wildcards refused, a time limit), so a pool thread holding the
GIL never starves the GUI thread for long.
The panel also shows indexing progress with a Cancel button.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.errors import ReaderError
from reader.core.paths import readable
from reader.gui import theme

logger = logging.getLogger(__name__)
HIT_ROLE = Qt.ItemDataRole.UserRole
RESULT_LIMIT = 200
HINT = ("Search every document in your library: words, \"exact phrases\", AND / OR / NOT, "
        "prefix*, fuzzy~, in:notes to search only the notes, cites:S/RES/853(1993) for the "
        "documents that cite a symbol.")


class _Dispatcher(QObject):
    #: A query finished (request id, list of DocumentHits, error text or "", a note: the
    #: time limit stopped it, documents not yet analysed; "" when none).
    done = Signal(int, object, str, str)
    #: A "cited by" question finished (request id, symbol or "", list of Citing).
    cited = Signal(int, str, object)


class _CitedByJob(QRunnable):
    """Find the open document's own UN symbol, then the library documents that cite it."""

    def __init__(self, index_dir: Path, first_page: str, path: str, request: int, dispatcher: _Dispatcher) -> None:
        super().__init__()
        self.index_dir, self.first_page, self.path = index_dir, first_page, path
        self.request, self.dispatcher = request, dispatcher

    def run(self) -> None:
        import index
        from reader.core.citations import symbol_of_document
        if not self.index_dir.is_dir():   # no library yet: nothing to say
            return
        symbol = symbol_of_document(self.first_page, Path(self.path).name) or ""
        citing = []
        try:
            if symbol:
                citing = [c for c in index.cited_by(self.index_dir, symbol) if c.path != self.path]
        except Exception as exc:   # an unreadable index only hides the line
            logger.warning("Cited-by lookup failed: %s", exc)
        _emit(self.dispatcher.cited, self.request, symbol, citing)


class _OpenIndex:
    """One LibraryIndex kept open for the panel's queries (opening costs more than a query).

    Used by one query thread at a time (the panel's pool has one thread); ``stale`` makes
    the next query see what an indexing run committed meanwhile.
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.stale = False
        #: The id of the panel's latest query (set on the GUI thread): older ones are not run.
        self.latest = 0
        self._library = None
        self._lock = threading.Lock()

    def search(self, query: str, in_notes: bool) -> tuple[list, str]:
        """The hits of *query* grouped per document (copies of one document merged, as the
        Library lists them), and what to say beside them ("" or sentences: the time limit
        cut the search short; documents not yet analysed)."""
        import index  # Whoosh is loaded with the first query, not at start-up
        from index.search import unanalysed_sentence
        with self._lock:
            try:
                if self._library is None:
                    self._library = index.LibraryIndex(self.index_dir)
                elif self.stale:
                    self._library.refresh()
                self.stale = False
                hits = self._library.search(query, limit=RESULT_LIMIT, in_notes=in_notes)
                partial = f"The search stopped after {_time_limit():g} seconds; more pages may match." if hits.partial else ""
                note = " ".join(filter(None, [partial, unanalysed_sentence(hits.unanalysed)]))
                return index.group_by_document(hits, self._library.copies()), note
            except index.QueryError:
                raise               # the query's fault: the open index is fine
            except Exception:
                self._close()       # reopened by the next query (the index may have been rebuilt)
                raise

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._library is not None:
            self._library.close()
            self._library = None


class _QueryJob(QRunnable):
    def __init__(self, request: int, library: _OpenIndex, query: str, in_notes: bool, dispatcher: _Dispatcher) -> None:
        super().__init__()
        self.request, self.library, self.query, self.in_notes = request, library, query, in_notes
        self.dispatcher = dispatcher

    def run(self) -> None:
        if self.request != self.library.latest:
            return                 # the user typed on while it waited: its result would be dropped
        try:
            groups, note = self.library.search(self.query, self.in_notes)
            _emit(self.dispatcher.done, self.request, groups, "", note)
        except ReaderError as exc:
            _emit(self.dispatcher.done, self.request, [], str(exc), "")
        except Exception as exc:   # a query must never take the window down
            logger.exception("Search failed")
            _emit(self.dispatcher.done, self.request, [], f"The search failed: {exc}", "")


def _time_limit() -> float:
    from index.search import TIME_LIMIT
    return TIME_LIMIT


def _emit(signal, *args) -> None:
    """Report to the panel unless it was closed meanwhile (its dispatcher is gone)."""
    try:
        signal.emit(*args)
    except RuntimeError:
        logger.debug("Result dropped: the panel was closed")


class SearchPanel(QWidget):
    #: A result was activated (path: str, 1-based page, terms to highlight). The path is an
    #: object: a QString would drop the bytes of a file name that is not UTF-8.
    result_activated = Signal(object, int, object)
    #: A result is wanted in a new tab: middle-click, or "Open in New Tab" (as result_activated).
    new_tab_requested = Signal(object, int, object)
    #: The user asked to stop indexing.
    cancel_requested = Signal()
    #: The user asked to add a folder to the library.
    add_folder_requested = Signal()
    #: The user asked a new question (the query text, "" when cleared): the page's
    #: highlights of the last one no longer answer it.
    query_changed = Signal(str)

    def __init__(self, index_dir: Path, parent=None) -> None:
        super().__init__(parent)
        self.index_dir = index_dir
        self._request = 0
        self._dispatcher = _Dispatcher(self)
        self._dispatcher.done.connect(self._on_results)
        self._dispatcher.cited.connect(self._on_cited)
        self._library = _OpenIndex(index_dir)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)     # queries one after another, on the one open index
        self._symbol = ""
        self._cited_request = 0
        self._last_query = ""
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.run_query)
        self.setAccessibleName("Library search")
        self.edit = QLineEdit(self, placeholderText='Search the library: words, "phrases", fuzzy~, prefix*')
        self.edit.setAccessibleName("Search the library")
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self._debounce.start)
        self.edit.returnPressed.connect(self.run_query)
        self.notes_only = QCheckBox("Only in notes", self)
        self.notes_only.toggled.connect(self.run_query)
        self.cited_by = QLabel(self, wordWrap=True, visible=False)
        self.cited_by.setAccessibleName("Cited by")
        self.cited_by.linkActivated.connect(self._on_cited_link)
        self.status = QLabel(HINT, self, wordWrap=True)
        self.results = QTreeWidget(self)
        self.results.setHeaderHidden(True)
        self.results.setAccessibleName("Search results")
        self.results.setWordWrap(True)
        self.results.itemActivated.connect(self._on_activated)
        self.results.itemClicked.connect(self._on_activated)
        from reader.gui.tabs import OpenInNewTab
        self._new_tab = OpenInNewTab(self.results, lambda item: item.data(0, HIT_ROLE) is not None)
        self._new_tab.requested.connect(self._on_new_tab)
        self.progress = QProgressBar(self, visible=False)
        self.cancel_button = QPushButton("Cancel", self, visible=False)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.add_button = QPushButton("Add Folder…", self)
        self.add_button.clicked.connect(self.add_folder_requested)
        bottom = QHBoxLayout()
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.add_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(self.cited_by)
        layout.addWidget(self.edit)
        layout.addWidget(self.notes_only)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.progress)   # the whole width: it names the file and page being read
        layout.addLayout(bottom)

    # -- queries ---------------------------------------------------------------------
    @Slot()
    def run_query(self) -> None:
        self._debounce.stop()
        query = self.edit.text().strip()
        self._request += 1
        self._library.latest = self._request
        if query != self._last_query:   # (the same query run again after indexing is not new)
            self._last_query = query
            self.query_changed.emit(query)
        if not query:
            self.results.clear()
            self.status.setText(HINT)
            return
        self.status.setText("Searching…")
        self._pool.start(_QueryJob(self._request, self._library, query, self.notes_only.isChecked(), self._dispatcher))

    def search(self, query: str) -> None:
        self.edit.setText(query)
        self.run_query()

    def index_changed(self) -> None:
        """Indexing committed something: the next query reads the index anew."""
        self._library.stale = True
        self.run_query()

    def close_index(self) -> None:
        self._pool.waitForDone(5000)
        self._library.close()

    def latest_request(self) -> int:
        return self._request

    @Slot(int, object, str, str)
    def _on_results(self, request: int, groups: list, error: str, note: str = "") -> None:
        if request != self._request:
            return            # stale: the user typed on
        self.results.clear()
        if error:
            self.status.setText(error)
            return
        pages = sum(len(g.hits) for g in groups)
        found = f"{pages} pages in {len(groups)} documents" if groups else "No matches."
        self.status.setText(f"{found} {note}" if note else found)
        for group in groups:
            top = QTreeWidgetItem([f"{group.title}" + (f"  ·  {group.symbol}" if group.symbol else "")
                                   + f"  ({len(group.hits)})"])
            top.setToolTip(0, readable(group.path))
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setData(0, HIT_ROLE, group.hits[0])
            self.results.addTopLevelItem(top)
            for hit in group.hits:
                child = QTreeWidgetItem(top)
                label = QLabel(self._hit_text(hit), self.results)
                label.setWordWrap(True)
                label.setTextFormat(Qt.TextFormat.RichText)
                label.setForegroundRole(QPalette.ColorRole.Text)   # on the list's Base, like its items
                child.setData(0, HIT_ROLE, hit)
                child.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"page {hit.page}")
                self.results.setItemWidget(child, 0, label)
            top.setExpanded(True)

    def _hit_text(self, hit) -> str:
        """A result's line: its page in the palette's link colour, then the snippet."""
        return (f"<span style='color:{theme.link(self)}'>p. {hit.page}{' · note' if hit.in_notes else ''}</span>"
                f"&nbsp; {hit.snippet}")

    def changeEvent(self, event) -> None:
        """The theme switched (light/dark): the results on screen and the "cited by" link take
        the new link colour; the rest of their text follows the palette by itself."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            cited = self.cited_by.text()   # its link: drawn in the colour of when it was set
            self.cited_by.clear()
            self.cited_by.setText(cited)
            for i in range(self.results.topLevelItemCount()):
                top = self.results.topLevelItem(i)
                for j in range(top.childCount()):
                    label = self.results.itemWidget(top.child(j), 0)
                    if label is not None:
                        label.setText(self._hit_text(top.child(j).data(0, HIT_ROLE)))

    def result_count(self) -> int:
        return sum(self.results.topLevelItem(i).childCount() for i in range(self.results.topLevelItemCount()))

    @Slot(QTreeWidgetItem, int)
    def _on_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        hit = item.data(0, HIT_ROLE)
        if hit is not None:
            self.result_activated.emit(hit.path, hit.page, list(hit.terms))

    @Slot(object)
    def _on_new_tab(self, item: QTreeWidgetItem) -> None:
        hit = item.data(0, HIT_ROLE)
        self.new_tab_requested.emit(hit.path, hit.page, list(hit.terms))

    # -- cited by ----------------------------------------------------------------------------
    def show_cited_by(self, first_page: str, path: str) -> None:
        """Say which library documents cite the open document (by its own UN symbol)."""
        self.forget_cited_by()
        QThreadPool.globalInstance().start(
            _CitedByJob(self.index_dir, first_page, path, self._cited_request, self._dispatcher))

    def forget_cited_by(self) -> None:
        """Another document is shown: hide the line about the last one (a late answer about
        it is dropped)."""
        self._cited_request += 1
        self._symbol = ""
        self.cited_by.setVisible(False)

    @Slot(int, str, object)
    def _on_cited(self, request: int, symbol: str, citing: list) -> None:
        if request != self._cited_request or not symbol:
            return
        self._symbol = symbol
        if citing:
            names = ", ".join(c.symbol or Path(c.path).stem for c in citing[:3])
            more = f" and {len(citing) - 3} more" if len(citing) > 3 else ""
            self.cited_by.setText(f"<b>{symbol}</b> is cited by {names}{more} — "
                                  f'<a href="cites">show where</a>')
        else:
            self.cited_by.setText(f"<b>{symbol}</b>: no other document in your library cites it.")
        self.cited_by.setVisible(True)

    @Slot(str)
    def _on_cited_link(self, _href: str) -> None:
        self.notes_only.setChecked(False)
        self.search(f'cites:"{self._symbol}"')

    # -- indexing -------------------------------------------------------------------------
    def set_indexing(self, active: bool, text: str = "") -> None:
        self.progress.setVisible(active)
        self.cancel_button.setVisible(active)
        if active:
            self.progress.setRange(0, 0)
        if text:
            self.status.setText(text)

    def set_index_progress(self, done: int, total: int, name: str, page: int = 0, of: int = 0) -> None:
        """*done* of *total* files indexed; *name* is being read (at *page* of *of*) or was."""
        self.progress.setRange(0, max(1, total) * 1000)   # the file being read fills its share
        self.progress.setValue(done * 1000 + (1000 * page // of if page and of else 0))
        where = f" · page {page} of {of}" if page else ""
        count = f"{done}/{total} "
        shown = name
        if self.progress.isVisible():   # (a hidden bar's width is not laid out yet)
            metrics = self.progress.fontMetrics()
            room = max(40, self.progress.width() - 16 - metrics.horizontalAdvance(count + where))
            shown = metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, room)   # the name gives way
        self.progress.setFormat(f"{count}{shown}{where}")
        self.progress.setToolTip(f"{name}{where} ({done} of {total} files indexed)")
