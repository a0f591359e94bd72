"""The main window: builds the widgets, wires their signals, and opens documents.

``MainWindow`` is the switchboard (STYLE.md): widgets never talk to their siblings, and
``_connect_signals`` does all the wiring. It shows a ``reader.core.session.ReadingSession``
(the open document, its position, Back/Forward, the zoom mode) per tab (``gui/tabs.py``:
one page view and one session each, one pane or two side by side; the panels and the title
follow the current tab) and asks it where to go; opening goes through ``gui/opener.py`` (a file no child has met is opened first by the one
child that prepares its record).
"""
from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QProgressBar,
    QSpinBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from reader import APP_NAME
from reader.core import formats
from reader.core.cite import menu_labels
from reader.core.document import Document
from reader.core.errors import DocumentOpenError, NotSaved
from reader.core.navigation import History, Location
from reader.core.pagelayout import PageLayout
from reader.core.paths import Paths, readable, resource, samples_dir
from reader.core.session import ReadingSession, Start, Step
from reader.core.settings import Settings
from reader.core.state import OpenTab, ReadingState
from reader.core.textlayout import TextLayout
from reader.gui import dialogs, theme
from reader.gui.annotations import HIGHLIGHT_COLOURS, AnnotationController, AnnotationsPanel
from reader.gui.citing import CitationCopier
from reader.gui.findbar import FindBar
from reader.gui.footnotepopup import FootnotePopup
from reader.gui.footnotes import FootnoteController
from reader.gui.library import FoldersPanel, LibraryController
from reader.gui.mousenav import MouseBackForward
from reader.gui.notespanel import NotesPanel
from reader.gui.opener import DocumentOpener, layout_key
from reader.gui.pageview import PageView
from reader.gui.searchpanel import SearchPanel
from reader.gui.tabs import ReaderTab, TabArea
from reader.gui.tabwindow import TabCommands
from reader.gui.textsize import TextSizeController
from reader.gui.thumbnails import ThumbnailPanel
from reader.gui.tocpanel import TocPanel

if TYPE_CHECKING:   # made with the Library tab, once page 1 is drawn
    from reader.gui.documentlist import DocumentList

logger = logging.getLogger(__name__)
#: Pages whose boxes are checked per turn of the event loop (~0.08 ms each).
STRUCTURE_PAGES = 200
#: After the first pages are drawn, the wait before the work that starts threads (who cites the
#: document) or reads every page, so that the drawn page reaches the screen first.
BACKGROUND_DELAY_MS = 50
#: ... and before the notes are read: 1 ms puts them after the events already posted (what
#: waits for page 1, such as a screenshot), where 50 ms made them 1.3x the first page's time.
NOTES_DELAY_MS = 1
#: The Library tab's share of its height for the documents (the folders below get the rest):
#: a library has many documents and few folders; the filter box and choices sit above the list.
LIBRARY_LIST_SHARE = 0.8
#: The left docks' first width (pixels): the names of its four tabs (Outline, Search, Library,
#: Pages) fit whole; at 240 they were cut to "Outl…", "Sea…". The Notes dock gives the 60
#: pixels back, so the pages keep the width they had.
LEFT_DOCK_WIDTH = 300
NOTES_DOCK_WIDTH = 320
ZOOM_STEPS = (0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)


class MainWindow(TabCommands, QMainWindow):
    #: A document was opened and shown (path).
    document_opened = Signal(Path)
    #: Opening a document failed (the sentence shown to the user).
    open_failed = Signal(str)

    def __init__(self, paths: Paths, settings: Settings | None = None) -> None:
        super().__init__()
        self.paths = paths.ensure()
        self.settings = settings or Settings.load(paths.settings_file)
        self.state = ReadingState(paths.state / "reading.json", self.settings.recent_max)
        self._view_actions: list[QAction] = []   # shortcuts every page view carries (the notes' keys)
        self._current_tab: ReaderTab | None = None   # the tab whose view the window is wired to
        #: (tab: None = a new one, where, behind: shown behind the current tab)
        self._open_request: tuple[ReaderTab | None, Location | None, bool] | None = None
        self._opening = False          # a document is being shown: the tab it goes to is made current
        self._restore_queue: list[tuple[ReaderTab, OpenTab]] | None = None   # tabs of the last run to fill
        self._restore_gone: list[str] = []
        self._after_open_terms: tuple[int, list[str]] | None = None
        self._warnings: list[str] = []
        #: Damaged settings or reading state, set aside at start: said for the whole session.
        self._notices = [n for n in (self.settings.notice, self.state.notice) if n]
        self._background_for: Document | None = None
        self._notes_for: Document | None = None   # whose notes _read_notes has asked for
        self._recent_pending: Path | None = None   # the open document, for Open Recent once page 1 is drawn
        self._structure_check: tuple[Document, int] | None = None   # (document, next page)
        self._unsaved: list[NotSaved] = []   # what could not be saved (a full disk), for closeEvent
        self.shortcuts_dialog = None    # Help > Keyboard Shortcuts, made when first asked for
        self.properties_dialog = None   # File > Properties… (the last one shown)
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._connect_signals()
        self.mouse_back_forward = MouseBackForward(self, self.back_action, self.forward_action)
        self._restore_window_state()
        for notice in self._notices:
            self._add_warning(notice)

    @property
    def session(self) -> ReadingSession:
        """The current tab's reading session: its document, position, Back/Forward, zoom mode."""
        return self.tab_area.current().session

    @property
    def page_view(self) -> PageView:
        """The current tab's page view (of the pane that last had the keyboard focus)."""
        return self.tab_area.current().view

    @property
    def document(self) -> Document | None:
        """The open document (the session's)."""
        return self.session.document

    @property
    def history(self) -> History:
        """Back/Forward (the session's)."""
        return self.session.history

    # -- construction ------------------------------------------------------------
    @property
    def document_list(self) -> DocumentList:
        """The Library tab's list of documents (made on first use)."""
        if self._document_list is None:
            self._build_library_tab()
        return self._document_list

    @property
    def folders_panel(self) -> FoldersPanel:
        """The Library tab's folders (made on first use)."""
        if self._folders_panel is None:
            self._build_library_tab()
        return self._folders_panel

    def _build_library_tab(self) -> None:
        from reader.gui.documentlist import DocumentList
        self._document_list = DocumentList(self.paths.index_dir, self)
        self._folders_panel = FoldersPanel(self)
        self._library_split.addWidget(self._document_list)
        self._library_split.addWidget(self._folders_panel)
        self._library_split.setStretchFactor(0, 3)
        self._library_split.setStretchFactor(1, 1)
        # (the folders' own size wish would take half the tab; the splitter scales these to fit)
        self._library_split.setSizes([round(1000 * LIBRARY_LIST_SHARE), round(1000 * (1 - LIBRARY_LIST_SHARE))])
        self._document_list.set_open_path(self._open_path)
        self.library.indexing_finished.connect(self._document_list.refresh)
        self._document_list.document_activated.connect(self._open_from_library)
        self._document_list.properties_requested.connect(self._show_properties)
        self._document_list.new_tab_requested.connect(self._open_from_library_in_new_tab)
        self.library.folders_changed.connect(self._document_list.set_folders)
        self.library.folders_changed.connect(self._folders_panel.set_folders)
        self.library.folders_unreadable.connect(self._folders_panel.show_problem)
        self._folders_panel.add_requested.connect(self._on_add_folder)
        self._folders_panel.remove_requested.connect(self.library.remove_folder)
        if self.library.folders_problem:   # read before the tab was made
            self._folders_panel.show_problem(self.library.folders_problem)
        elif self.library.folders is not None:
            self._folders_panel.set_folders(self.library.folders)
            self._document_list.set_folders(self.library.folders)
        self._document_list.refresh()   # read on the thread pool

    def library_tab_made(self) -> bool:
        return self._document_list is not None

    def refresh_library_list(self) -> None:
        """Read the Library tab's documents from the index again (making the tab if need be)."""
        if self._document_list is None:
            self._build_library_tab()
        else:
            self._document_list.refresh()

    @Slot(bool)
    def _on_library_tab_shown(self, visible: bool) -> None:
        self._library_in_front = visible
        if visible and self._document_list is None:
            self._build_library_tab()
            if self.library.folders is None:
                self.library.refresh_folders()

    def _build_widgets(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.tab_area = TabArea(central)
        self.tab_area.add(self._new_tab())
        self.find_bar = FindBar(central)
        self.find_bar.hide()
        layout.addWidget(self.find_bar)
        layout.addWidget(self.tab_area)
        self.setCentralWidget(central)
        self.toc_panel = TocPanel(self)
        self.toc_dock = self._dock("Outline", self.toc_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.search_panel = SearchPanel(self.paths.index_dir, self)
        self.search_dock = self._dock("Search", self.search_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.toc_dock, self.search_dock)
        # The Library tab: the documents (most of the height) above the folders they come from,
        # made once page 1 is drawn or the tab is shown (its module costs 7 ms of start-up).
        self._library_split = QSplitter(Qt.Orientation.Vertical, self)
        self._library_split.setChildrenCollapsible(False)
        self._document_list: DocumentList | None = None
        self._folders_panel: FoldersPanel | None = None
        self._open_path = ""
        self._library_in_front = False   # a document opened from the Library keeps the tab in front
        self.library_dock = self._dock("Library", self._library_split, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.library_dock.visibilityChanged.connect(self._on_library_tab_shown)
        self.tabifyDockWidget(self.search_dock, self.library_dock)
        self._build_pages_tab()
        self.toc_dock.raise_()
        self.library = LibraryController(self.paths, self.search_panel, self)
        self.library.limits = self.settings.limits
        self.notes_panel = NotesPanel(self)
        self.notes_dock = self._dock("Notes", self.notes_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.notes_panel.all_box.setChecked(self.settings.show_all_notes)
        self.annotations_panel = AnnotationsPanel(self)
        self.annotations_dock = self._dock("Annotations", self.annotations_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.notes_dock, self.annotations_dock)
        self.notes_dock.raise_()
        self.annotations = AnnotationController(self.page_view, self.annotations_panel, self.paths, self)
        self.footnote_popup = FootnotePopup(self)
        self.footnotes = FootnoteController(self.page_view, self.notes_panel, self.footnote_popup, self)
        self.footnotes.limits = self.settings.limits
        self.opener = DocumentOpener(self.paths, self.settings.limits, self)
        self.citing = CitationCopier(self.paths.index_dir, self)
        # The child resolves citations in our library and reads the layout the opener made.
        self.footnotes.cli_args = [*self.paths.cli_args(), "--cache", str(self.paths.layout_cache)]
        self.footnotes.paths = self.paths
        self.opener.cli_args = self.paths.cli_args()   # (and its own --cache)
        self.opener.text = TextLayout.from_settings(self.settings.text_size, self.settings.margins)
        self.page_box = QSpinBox(self, minimum=1, maximum=1, keyboardTracking=False)
        self.page_box.setAccessibleName("Page number")
        self.page_total = QLabel(" of 0 ", self)
        self.zoom_box = QComboBox(self, editable=True)
        self.zoom_box.setAccessibleName("Zoom")
        self.zoom_box.addItems(["Fit width", "Fit page", *[f"{round(z * 100)}%" for z in ZOOM_STEPS]])
        self.zoom_box.setMinimumContentsLength(8)
        self.progress = QProgressBar(self, maximumWidth=180, visible=False)
        self.statusBar().addPermanentWidget(self.progress)
        self.warning_label = QLabel(self)
        self._style_warning_label()
        self.statusBar().addPermanentWidget(self.warning_label)

    def _build_pages_tab(self) -> None:
        """The Pages tab (thumbnails), beside Outline, Search and Library."""
        self.thumbnails = ThumbnailPanel(self)
        self.pages_dock = self._dock("Pages", self.thumbnails, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.library_dock, self.pages_dock)
        self._pages_in_front = False   # a document opened keeps the thumbnails in front
        self.pages_dock.visibilityChanged.connect(self._on_pages_tab_shown)

    def _connect_pages(self) -> None:
        """Thumbnails follow the view; a click on one is a jump (Back returns)."""
        self.thumbnails.page_requested.connect(self._go_to_page_recorded)   # (the view's: _view_links)
        self.footnotes.headings_ready.connect(self.toc_panel.set_generated)

    @Slot(bool)
    def _on_pages_tab_shown(self, visible: bool) -> None:
        self._pages_in_front = visible

    def show_pages_tab(self) -> None:
        """Bring the Pages tab (thumbnails) to the front."""
        self.pages_dock.show()
        self.pages_dock.raise_()

    # -- page layout (kept per document in the reading state) ----------------------------------
    @Slot()
    def _on_layout_changed(self) -> None:
        layout = self.page_view.page_layout()
        self._set_page_layout(PageLayout(layout.rotation, self.facing_action.isChecked(),
                                         self.first_alone_action.isChecked()))

    def _rotate(self, degrees: int) -> None:
        self._set_page_layout(self.page_view.page_layout().rotated(degrees))

    def _set_page_layout(self, layout: PageLayout, *, keep: bool = True) -> None:
        self.page_view.set_page_layout(layout)
        self._show_layout_actions(layout)
        if keep and self.session.key is not None:
            try:
                self.state.set_page_layout(self.session.key, layout)
            except NotSaved as exc:
                self._not_saved(exc)

    def _show_layout_actions(self, layout: PageLayout) -> None:
        """View > Facing Pages and First Page Alone as the current view has them."""
        self.facing_action.setChecked(layout.facing)
        self.first_alone_action.setChecked(layout.first_alone)
        self.first_alone_action.setEnabled(layout.facing)

    @Slot()
    def _print(self) -> None:
        """Ctrl+P: Qt's print dialog, then the pages chosen (QtPrintSupport loads here)."""
        if self.printing is None:
            from reader.gui.printing import Printer
            self.printing = Printer(self)
            self.printing.message.connect(self._show_message)
        self.printing.ask_and_print(self.document, self.page_view.current_page())

    @Slot(int)
    def _go_to_page_recorded(self, page: int) -> None:
        self.page_view.go_to_page(page, record=True)

    def _new_tab(self) -> ReaderTab:
        """A page view and its own reading session, not shown yet."""
        view = PageView(self)
        view.setMinimumWidth(320)   # on a small window the docks give way, not the pages
        view.max_page_pixels = self.settings.limits.max_render_pixels
        view.set_night(self.night_action.isChecked() if hasattr(self, "night_action") else self.settings.night)
        for action in self._view_actions:
            view.addAction(action)
        return ReaderTab(view, ReadingSession(self.state, self.settings))

    def _add_tab(self, pane: int | None = None) -> ReaderTab:
        """A new empty tab after the current one of *pane* (the active pane), made current."""
        tab = self._new_tab()
        self.tab_area.add(tab, pane)
        return tab

    def _view_links(self, view: PageView) -> list[tuple]:
        """(signal, slot) of the current page view: connected while its tab is current."""
        return [(view.page_changed, self._on_page_changed), (view.page_changed, self.toc_panel.select_page),
                (view.zoom_changed, self._on_zoom_changed), (view.jump_started, self._record_jump),
                (view.page_problem, self._add_warning), (view.rendering_finished, self._on_rendering_finished),
                (view.visible_pages_changed, self.notes_panel.set_visible_pages),
                (view.marker_hovered, self.footnotes.on_marker_hovered),
                (view.marker_left, self.footnote_popup.close_soon),
                (view.marker_activated, self.footnotes.on_marker_activated),
                (view.copy_with_citation_requested, self.citing.copy_passage),
                (view.highlight_requested, self.annotations.highlight_selection),
                (view.underline_requested, self.annotations.underline_selection),
                (view.page_changed, self.thumbnails.select_page), (view.rendering_finished, self.thumbnails.resume)]

    def _wire(self, tab: ReaderTab | None) -> None:
        """Route *tab*'s page view to the panels and controllers (and the tab before away)."""
        if self._current_tab is not None:
            try:
                for signal, slot in self._view_links(self._current_tab.view):
                    signal.disconnect(slot)
            except RuntimeError:   # (its view is gone with its tab)
                pass
        self._current_tab = tab
        if tab is not None:
            for signal, slot in self._view_links(tab.view):
                signal.connect(slot)
            self.footnotes.view = self.annotations.view = tab.view

    def _style_warning_label(self) -> None:
        self.warning_label.setStyleSheet(f"color: {theme.warning(self)}; font-weight: 600;")

    def changeEvent(self, event) -> None:
        """The desktop switched between light and dark: the warning's amber and the arrows follow."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._style_warning_label()
            self._set_arrow_icons()

    def _set_arrow_icons(self) -> None:
        if hasattr(self, "forward_action"):   # (a palette may change before the actions are made)
            self.back_action.setIcon(theme.arrow_icon(self, back=True))
            self.forward_action.setIcon(theme.arrow_icon(self, back=False))

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{title.lower()}_dock")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        if tip:
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.open_action = self._action("&Open…", self._on_open_triggered, K.Open)
        self.quit_action = self._action("&Quit", self.close, K.Quit)
        self.print_action = self._action("&Print…", self._print, K.Print, "Print pages: all, the current one or a range")
        self.printing = None   # reader.gui.printing.Printer, made at the first Print
        self.back_action = self._action("Back", self.go_back, [QKeySequence("Alt+Left"), QKeySequence(Qt.Key.Key_Back)],
                                        "Back to where you were (Alt+Left)")
        self.forward_action = self._action("Forward", self.go_forward,
                                           [QKeySequence("Alt+Right"), QKeySequence(Qt.Key.Key_Forward)],
                                           "Forward (Alt+Right)")
        self._set_arrow_icons()
        self.find_action = self._action("&Find…", self._open_find, K.Find)
        self.find_next_action = self._action("Find &Next", self.find_bar.find_next, [QKeySequence("F3")])
        self.find_prev_action = self._action("Find &Previous", self.find_bar.find_previous, [QKeySequence("Shift+F3")])
        self.zoom_in_action = self._action("Zoom &In", self._zoom_in, [QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.zoom_out_action = self._action("Zoom &Out", self._zoom_out, [QKeySequence("Ctrl+-")])
        self.fit_width_action = self._action("Fit &Width", lambda: self.page_view.set_fit("width"), "Ctrl+1")
        self.fit_page_action = self._action("Fit &Page", lambda: self.page_view.set_fit("page"), "Ctrl+2")
        self.actual_size_action = self._action("&Actual Size", lambda: self.page_view.set_zoom(1.0), "Ctrl+0")
        self.facing_action = self._action("&Facing Pages", self._on_layout_changed, "Ctrl+3",
                                          "Two pages side by side")
        self.first_alone_action = self._action("First Page &Alone", self._on_layout_changed,
                                               tip="With facing pages: page 1 alone, then 2-3, 4-5, as a book opens")
        for action in (self.facing_action, self.first_alone_action):
            action.setCheckable(True)
        self.first_alone_action.setChecked(True)
        self.first_alone_action.setEnabled(False)   # (a choice of facing pages)
        self.rotate_left_action = self._action("Rotate &Left", lambda: self._rotate(-90), "Ctrl+[")
        self.rotate_right_action = self._action("Rotate &Right", lambda: self._rotate(90), "Ctrl+]")
        self.night_action = self._action("&Night Mode", self._on_night_toggled, "Ctrl+Shift+N",
                                         "Pages light on dark, pictures unchanged")
        self.night_action.setCheckable(True)
        self.text_size = TextSizeController(self)   # View > Text Size, View > Margins (reflowable files)
        self.night_action.setChecked(self.settings.night)
        self.page_view.set_night(self.settings.night)
        self.about_action = self._action(f"&About {APP_NAME}", lambda: dialogs.show_about(self))
        self.shortcuts_action = self._action("&Keyboard Shortcuts", self._show_shortcuts, K.HelpContents)
        self.go_to_page_action = self._action("&Go to Page…", self._focus_page_box, "Ctrl+G",
                                              "Type a page number, then Enter (Ctrl+G)")
        self.next_note_action = self._action("&Next Note", lambda: self.footnotes.step(1), "]")
        self.prev_note_action = self._action("&Previous Note", lambda: self.footnotes.step(-1), "[")
        self.close_popup_action = self._action("Close Note Popup", self.footnote_popup.hide, "Esc")
        self.open_note_action = self._action("&Open Note's Citation", self.notes_panel.open_current,
                                             [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        for action in (self.next_note_action, self.prev_note_action, self.close_popup_action, self.open_note_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self._view_actions.append(action)
            self.page_view.addAction(action)
            self.notes_panel.addAction(action)
        self.search_action = self._action("Search &Library…", self._focus_search, "Ctrl+Shift+F")
        self.add_folder_action = self._action("&Add Folder…", self._on_add_folder)
        self.update_index_action = self._action("&Update Index", self.library.update)
        self.cancel_index_action = self._action("&Cancel Indexing", self.library.cancel)
        self.cancel_index_action.setEnabled(False)   # while an indexing child runs
        self.copy_citation_action = self._action("Copy with &Citation", lambda: self.page_view.copy_with_citation(),
                                                 "Ctrl+Shift+C", "Copy the selected text with the document's symbol and page")
        self.highlight_action = self._action("&Highlight Selection", self.annotations.highlight_selection,
                                             "Ctrl+Shift+H", "Highlight the selected text (Annotations panel)")
        self.underline_action = self._action("&Underline Selection", self.annotations.underline_selection,
                                             "Ctrl+Shift+U", "Underline the selected text (Annotations panel)")
        self.colour_actions = QActionGroup(self)
        for name, colour in HIGHLIGHT_COLOURS.items():
            action = self._action(name, lambda _=False, c=colour: self.annotations.set_colour(c))
            action.setCheckable(True)
            action.setChecked(not self.colour_actions.actions())
            self.colour_actions.addAction(action)
        self.undo_delete_action = self._action("&Undo Delete Annotation", self.annotations.undo_delete, "Ctrl+Z")
        self.bookmark_action = self._action("&Bookmark This Page…", self.annotations.bookmark_page, "Ctrl+D")
        self.save_copy_action = self._action("Save a Copy with &Annotations…", self.annotations.save_copy,
                                             tip="A copy of the PDF with your highlights and comments as PDF annotations")
        self.export_annotations_action = self._action("Export Annotations as &Markdown…",
                                                      self.annotations.export_markdown,
                                                      tip="Each quotation with the document's symbol and page")
        self.make_note_action = self._action("&Make Selection a Note…", self.footnotes.make_note_from_selection,
                                             tip="The selected text is a note the analysis missed")
        self.link_note_action = self._action("&Link Selection to Note…", self.footnotes.link_selection,
                                             tip="The selected marker refers to a note")
        self.properties_action = self._action("P&roperties…", self._show_open_properties,
                                              tip="File, size, pages, producer, notes found, indexed or not")
        self.export_citations_action = self._action("Export &Citations…", lambda: self.citing.export_csl(self.footnotes.entries),
                                                    tip="The documents, DOIs and web pages the notes cite, as CSL-JSON")
        self.export_actions = [self._action(f"Export as {kind}…", lambda _=False, k=kind: self.footnotes.export(k, self.document))
                               for kind in ("Markdown", "CSV", "JSON")]
        self.new_tab_action = self._action("New &Tab", self._on_new_tab, [QKeySequence("Ctrl+T")],
                                           "A new tab: File > Open fills it (Ctrl+T)")
        self.close_tab_action = self._action("&Close Tab", self.close_tab, [QKeySequence("Ctrl+W"), QKeySequence("Ctrl+F4")])
        self.next_tab_action = self._action("Next Tab", lambda: self.tab_area.cycle(1),
                                            [QKeySequence("Ctrl+Tab"), QKeySequence("Ctrl+PgDown")])
        self.prev_tab_action = self._action("Previous Tab", lambda: self.tab_area.cycle(-1),
                                            [QKeySequence("Ctrl+Shift+Tab"), QKeySequence("Ctrl+PgUp")])
        self.split_action = self._action("Split Side by &Side", self._on_split_toggled, "Ctrl+Shift+S",
                                         "Two views next to each other: two documents, or two places in one")
        self.split_action.setCheckable(True)
        self.switch_view_action = self._action("S&witch View", self.tab_area.focus_other_pane, "F6",
                                               "The keyboard goes to the other view of the split (F6)")
        for action in (self.back_action, self.forward_action, self.find_next_action, self.find_prev_action,
                       self.zoom_in_action, self.zoom_out_action, self.next_tab_action, self.prev_tab_action):
            self.addAction(action)
        self._update_history_actions()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.new_tab_action)
        file_menu.addAction(self.close_tab_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.setToolTipsVisible(True)   # the path of an entry named by its title
        self.samples_menu = file_menu.addMenu("&Samples")
        file_menu.addSeparator()
        file_menu.addAction(self.export_citations_action)
        file_menu.addAction(self.save_copy_action)
        file_menu.addAction(self.export_annotations_action)
        file_menu.addSeparator()
        file_menu.addAction(self.print_action)
        file_menu.addAction(self.properties_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self._action("&Copy", lambda: self.page_view.copy_selection(), QKeySequence.StandardKey.Copy))
        edit_menu.addAction(self._action("Select &All", lambda: self.page_view.select_all(),
                                         QKeySequence.StandardKey.SelectAll, "Select the text of the page in view"))
        edit_menu.addAction(self.copy_citation_action)
        edit_menu.addAction(self.highlight_action)
        edit_menu.addAction(self.underline_action)
        colour_menu = edit_menu.addMenu("Highlight &Colour")
        for action in self.colour_actions.actions():
            colour_menu.addAction(action)
        edit_menu.addAction(self.undo_delete_action)
        edit_menu.addAction(self.bookmark_action)
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.find_next_action)
        edit_menu.addAction(self.find_prev_action)
        self.view_menu = bar.addMenu("&View")
        for action in (self.zoom_in_action, self.zoom_out_action, self.actual_size_action,
                       self.fit_width_action, self.fit_page_action):
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        for action in (self.facing_action, self.first_alone_action, self.rotate_left_action, self.rotate_right_action):
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        for action in (self.split_action, self.switch_view_action, self.next_tab_action, self.prev_tab_action):
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.night_action)
        self.text_size.fill(self.view_menu)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.toc_dock.toggleViewAction())
        self.view_menu.addAction(self.notes_dock.toggleViewAction())
        self.view_menu.addAction(self.annotations_dock.toggleViewAction())
        notes_menu = bar.addMenu("&Notes")
        notes_menu.addAction(self.next_note_action)
        notes_menu.addAction(self.prev_note_action)
        notes_menu.addAction(self.open_note_action)
        notes_menu.addSeparator()
        notes_menu.addAction(self.make_note_action)
        notes_menu.addAction(self.link_note_action)
        notes_menu.addSeparator()
        for action in self.export_actions:
            notes_menu.addAction(action)
        self.view_menu.addAction(self.search_dock.toggleViewAction())
        self.view_menu.addAction(self.library_dock.toggleViewAction())
        self.view_menu.addAction(self.pages_dock.toggleViewAction())
        library_menu = bar.addMenu("&Library")
        for action in (self.search_action, self.add_folder_action, self.update_index_action, self.cancel_index_action):
            library_menu.addAction(action)
        go_menu = bar.addMenu("&Go")
        go_menu.addAction(self.back_action)
        go_menu.addAction(self.forward_action)
        go_menu.addAction(self.go_to_page_action)
        self.help_menu = bar.addMenu("&Help")
        self.help_menu.addAction(self.shortcuts_action)
        self.help_menu.addAction(self.about_action)
        self._fill_recent_menu()
        self._fill_samples_menu()
        self.toolbar = QToolBar("Navigation", self)
        self.toolbar.setObjectName("navigation_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.addAction(self.back_action)
        self.toolbar.addAction(self.forward_action)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(QLabel(" Page ", self))
        self.toolbar.addWidget(self.page_box)
        self.toolbar.addWidget(self.page_total)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.zoom_box)
        self.addToolBar(self.toolbar)

    def _connect_signals(self) -> None:
        self._wire(self.tab_area.current())   # (the page view's signals: _view_links)
        self.tab_area.current_changed.connect(self._on_current_tab_changed)
        self.tab_area.close_requested.connect(self._close_tab)
        self.toc_panel.location_requested.connect(self.jump_to)
        self.page_box.valueChanged.connect(self._on_page_box_changed)
        self.zoom_box.textActivated.connect(self._on_zoom_text)
        self.find_bar.hits_changed.connect(self._on_find_hits)
        self.find_bar.hit_requested.connect(self._show_find_hit)
        self.find_bar.closed.connect(self._focus_view)
        self.notes_panel.note_activated.connect(self.footnotes.show_marker)
        self.notes_panel.note_place_requested.connect(self.footnotes.show_note_place)
        self.notes_panel.citation_activated.connect(self.footnotes.on_citation)
        self.notes_panel.cancel_requested.connect(self.footnotes.stop)
        self.notes_panel.cancel_requested.connect(self.opener.stop_preparing)
        self.notes_panel.show_all_changed.connect(self._on_show_all_notes)
        self.notes_panel.citation_menu_requested.connect(self.footnotes.citation_menu)
        self.footnote_popup.citation_activated.connect(self.footnotes.on_citation)
        self.footnote_popup.jump_requested.connect(self.footnotes.show_note_place)
        self.footnotes.document_requested.connect(self._open_cited_document)
        self.footnotes.message.connect(self._show_message)
        self.search_panel.result_activated.connect(self._open_search_hit)
        self.search_panel.new_tab_requested.connect(self._open_search_hit_in_new_tab)
        self.document_opened.connect(self._on_restore_step)
        self.open_failed.connect(self._on_restore_step)
        self.search_panel.query_changed.connect(self._on_query_changed)
        self.search_panel.add_folder_requested.connect(self._on_add_folder)
        self.library.message.connect(self._show_message)
        self.library.indexing_started.connect(self._on_indexing_started)
        self.library.indexing_finished.connect(self._on_indexing_finished)
        self.notes_panel.citation_copy_requested.connect(self.citing.copy_note)
        self.footnote_popup.citation_copy_requested.connect(self.citing.copy_note)
        self.annotations_panel.place_requested.connect(self.annotations.show_place)
        self.annotations_panel.delete_requested.connect(self.annotations.delete)
        self.annotations_panel.comment_requested.connect(self.annotations.comment)
        self.annotations.message.connect(self._show_message)
        self.annotations.warning.connect(self._add_warning)
        self.annotations.layer_changed.connect(self.footnotes.reapply)
        self.footnotes.layer_changed.connect(self.annotations.refresh)
        self.notes_panel.correction_requested.connect(self.footnotes.correct)
        self.citing.message.connect(self._show_message)
        self.opener.started.connect(self._on_open_started)
        self.opener.opened.connect(self._on_opened)
        self.document_opened.connect(self.text_size.on_document_opened)
        self.opener.failed.connect(self._report_open_error)
        self.opener.prepare_finished.connect(self.footnotes.on_prepared)
        self.opener.prepare_progressed.connect(self.footnotes.on_prepare_progress)
        self._connect_pages()

    # -- opening ------------------------------------------------------------------
    def open_document(self, path: Path | str, page: int | None = None, *, new_tab: bool = False) -> None:
        """Open *path* (at 0-based *page*), as in a browser: another tab that shows it already
        is switched to; else it opens in a new tab (*new_tab*, or the current tab is empty),
        else in place of the current tab's document (read again if it is that one). Errors are
        shown, never raised."""
        path = Path(path)
        current, shown = self.tab_area.current(), self.tab_area.find(path)
        if shown is not None and shown is not current:
            self._switch_to(shown, page)
            return
        self._open_in(None if new_tab and current.session.document is not None else current, path, page)

    def _open_in(self, tab: ReaderTab | None, path: Path, page: int | None = None,
                 where: Location | None = None, *, behind: bool = False) -> None:
        """Open *path* in *tab* (None: a new tab once it is open), at *page* or exactly *where*;
        *behind*: the tab stays behind the current one."""
        self._open_request = (tab, where, behind)
        self.opener.open(path, page)

    def _switch_to(self, tab: ReaderTab, page: int | None = None) -> None:
        """Bring *tab* to the front (the keyboard goes to its view), at *page* if asked (Back returns)."""
        self.tab_area.make_current(tab)
        tab.view.setFocus()
        if page is not None and page != tab.view.current_page():
            tab.view.go_to_page(page, record=True)

    @Slot(str)
    def _on_open_started(self, name: str) -> None:
        self.statusBar().showMessage(f"Opening {name}…")

    @Slot(object, object)
    def _on_opened(self, doc: Document, page: int | None) -> None:
        tab, where, behind = self._open_request or (self.tab_area.current(), None, False)
        self._open_request = None
        if tab is None or tab not in self.tab_area.tabs():   # a new tab, or its tab was closed meanwhile
            tab = self._add_tab()
        if behind and tab is not self.tab_area.current():
            self._show_behind(doc, page, tab, where)
        else:
            self._show_document(doc, page, tab, where)

    def _show_behind(self, doc: Document, page: int | None, tab: ReaderTab, where: Location | None) -> None:
        """Show *doc* in *tab*, behind the current tab (tabs reopened at start): its panels
        are filled when it comes to the front."""
        start = tab.session.show(doc, page)
        tab.view.set_document(doc)
        self._go_to_start(Start(where) if where is not None else start, tab.view)
        known = self.state.recent_labels().get(str(doc.path.resolve()))
        self.tab_area.set_title(tab, known or readable(doc.path.name), readable(str(doc.path)))
        self.document_opened.emit(doc.path)

    @Slot(str)
    def _report_open_error(self, text: str) -> None:
        request, self._open_request = self._open_request, None
        tab = request[0] if request is not None and request[2] else None
        if tab is not None and tab in self.tab_area.tabs() and tab.session.document is None:
            self._close_tab(tab)   # (a tab of the last run waiting behind for a file that failed)
        self.statusBar().showMessage(text, 10000)
        self.open_failed.emit(text)
        dialogs.show_error(self, text)

    def _show_document(self, doc: Document, page: int | None, tab: ReaderTab, where: Location | None = None) -> None:
        """Show *doc* in *tab*, made current: at *where* if given, else where its session says."""
        self._opening = True
        try:
            self.tab_area.make_current(tab)   # (its panels are filled below, for the new document)
        finally:
            self._opening = False
        leaving = self.page_view.location() if self.document is not None else None
        self._record_recent()
        start = self.session.show(doc, page, leaving)
        self.page_view.set_document(doc)
        self._set_page_layout(self.state.page_layout(self.session.key) if self.session.key else PageLayout(), keep=False)
        outline = self._show_chrome(doc)
        if not (self._library_in_front or self._pages_in_front):
            (self.toc_dock if outline else self.search_dock).raise_()
        self.annotations.clear()
        self._go_to_start(Start(where) if where is not None else start)
        if self._after_open_terms is not None:
            self._highlight_terms(*self._after_open_terms)
            self._after_open_terms = None
        self._background_for = doc      # started once the first pages are drawn
        QTimer.singleShot(1000, self._start_background_work)
        self._recent_pending = doc.path   # written then too: two fsyncs, 10-15 ms before page 1
        self.statusBar().showMessage(f"{doc.path.name}: {doc.page_count} pages, {doc.format.upper()}", 5000)
        self.document_opened.emit(doc.path)

    def _show_chrome(self, doc: Document) -> list:
        """Panels, title and status of the current tab's *doc* (just opened, or its tab chosen);
        gives its outline."""
        self.citing.set_document(doc)
        self.search_panel.forget_cited_by()   # said again for this document once page 1 is drawn
        self._open_path = str(doc.path)
        if self._document_list is not None:
            self._document_list.set_open_path(self._open_path)
        self._update_history_actions()
        self.find_bar.set_document(doc)
        self.thumbnails.set_document(doc, self.page_view.night())
        self.thumbnails.select_page(self.page_view.current_page())
        outline = doc.outline()
        self.toc_panel.set_outline(outline)
        self.page_box.setMaximum(doc.page_count)
        self.page_total.setText(f" of {doc.page_count} ")
        # Named as the Library names it once page 1 is drawn; till then as Open Recent last did.
        known = self.state.recent_labels().get(str(doc.path.resolve()))
        self._set_titles(known or readable(doc.path.name), doc)
        self._warnings = [*self._notices, *doc.warnings]
        self._show_warnings()
        return outline

    def _set_titles(self, name: str, doc: Document) -> None:
        self.setWindowTitle(f"{name} — {APP_NAME}")
        self.tab_area.set_title(self.tab_area.current(), name, readable(str(doc.path)))

    # -- tabs and the split ----------------------------------------------------------------
    @Slot(object)
    def _on_current_tab_changed(self, tab: ReaderTab) -> None:
        """Another tab came to the front, or the focus moved to the other view: everything follows it."""
        if tab is self._current_tab:
            return
        self._wire(tab)
        if not self._opening:
            self._show_tab(tab)

    def _show_tab(self, tab: ReaderTab) -> None:
        self.footnote_popup.hide()
        doc = tab.session.document
        self._update_history_actions()
        if doc is None:
            self._show_no_document()
            return
        self._show_chrome(doc)
        self.thumbnails.resume()   # (its view drew its pages when the tab opened: no drawing to wait for)
        self._show_layout_actions(tab.view.page_layout())
        self._on_page_changed(tab.view.current_page())
        self.notes_panel.set_visible_pages(tab.view.visible_pages())
        self._show_zoom(tab.view.zoom(), tab.view.fit_mode())
        self.annotations.clear()
        self._background_for = doc   # notes, layer, cited by: at once, page 1 was drawn when it opened
        self._start_background_work()

    def _show_no_document(self) -> None:
        """An empty tab (Ctrl+T): nothing in the panels, the application's name as title."""
        self._background_for = self._structure_check = None
        self.footnotes.clear()
        self.annotations.clear()
        self.citing.set_document(None)
        self.search_panel.forget_cited_by()
        self.find_bar.set_document(None)
        self.toc_panel.set_outline([])
        self.page_box.setMaximum(1)
        self.page_total.setText(" of 0 ")
        self.setWindowTitle(APP_NAME)
        self._warnings = list(self._notices)
        self._show_warnings()

    def _go_to_start(self, start: Start, view: PageView | None = None) -> None:
        """Show where the session says a document just shown starts (in *view*, else the current)."""
        view = view or self.page_view
        if start.where is not None:
            view.go_to(start.where, record=False)
            return
        if start.fit is not None:   # the zoom mode the user last chose
            view.set_fit(start.fit)
        else:
            view.set_zoom_within_width(start.zoom)
        view.go_to_page(start.page)

    def _save_position(self) -> None:
        """Keep each tab's place (the last tab left on a document keeps its position)."""
        for tab in self.tab_area.tabs():
            if tab.session.document is not None:
                try:
                    tab.session.leave(tab.view.location())
                except NotSaved as exc:   # (a full disk: reading goes on)
                    self._not_saved(exc)
                    return

    # -- navigation ----------------------------------------------------------------
    @Slot(object)
    def jump_to(self, where: Location) -> None:
        """Go to *where*, leaving the current view in the back history."""
        self.page_view.go_to(where, record=True)

    def here(self) -> Location:
        """The current view, tagged with the open document."""
        return self.session.here(self.page_view.location())

    @Slot(object)
    def _record_jump(self, here: Location) -> None:
        self.session.record_jump(here)
        self._update_history_actions()

    @Slot()
    def go_back(self) -> None:
        self._return_to(self.session.back(self.page_view.location()))

    @Slot()
    def go_forward(self) -> None:
        self._return_to(self.session.forward(self.page_view.location()))

    def _return_to(self, step: Step | None) -> None:
        self._update_history_actions()
        if step is None:
            return
        if step.open_path is not None:   # the session goes to step.where once it is shown (in this tab)
            self._open_in(self.tab_area.current(), step.open_path)
        else:
            self.page_view.go_to(step.where, record=False)

    @Slot(Path, int)
    def _open_cited_document(self, path: Path, page: int) -> None:
        """Open a document a citation names, keeping this place in the back history."""
        if self.tab_area.find(path) is None:   # (else its tab comes to the front)
            self._record_jump(self.page_view.location())
        self.open_document(path, page if page >= 0 else None)

    @Slot(object, int, object)
    def _open_search_hit(self, path: str, page: int, terms: list, new_tab: bool = False) -> None:
        """Open a search result at its page with every hit highlighted (in its tab if one shows it)."""
        shown = self.tab_area.find(path)
        if shown is not None:
            self._switch_to(shown, page - 1)
            self._highlight_terms(page - 1, terms)
            return
        if self.document is not None and not new_tab:
            self._record_jump(self.page_view.location())
        self._after_open_terms = (page - 1, terms)
        self.open_document(Path(path), page - 1, new_tab=new_tab)

    @Slot(object, int, object)
    def _open_search_hit_in_new_tab(self, path: str, page: int, terms: list) -> None:
        self._open_search_hit(path, page, terms, new_tab=True)

    @Slot(str)
    def _on_query_changed(self, _query: str) -> None:
        """A new search: the last one's highlights go from the page (the find bar keeps its own)."""
        if not self.find_bar.isVisible():
            self.page_view.set_hits({})

    def _highlight_terms(self, page: int, terms: list[str]) -> None:
        rects = self.document.page(page).search(*terms) if self.document and 0 <= page < self.document.page_count else []
        self.page_view.set_hits({page: rects} if rects else {}, (page, rects[0]) if rects else None)
        if rects:
            self.page_view.reveal(page, rects[0], record=False)

    @Slot(object)
    def _open_from_library(self, path: str, new_tab: bool = False) -> None:
        """Open a document picked in the library list, keeping this place in the back history
        (a document already open in a tab: that tab comes to the front)."""
        if self.session.is_open(path):
            return
        if self.tab_area.find(path) is None and self.document is not None and not new_tab:
            self._record_jump(self.page_view.location())
        self.open_document(Path(path), new_tab=new_tab)

    @Slot(object)
    def _open_from_library_in_new_tab(self, path: str) -> None:
        self._open_from_library(path, new_tab=True)

    @Slot()
    def _show_open_properties(self) -> None:
        if self.document is not None:
            self._show_properties(self.document.path)

    @Slot(object)
    def _show_properties(self, path) -> None:
        """The Properties dialog of *path* (the open document, or one picked in the Library)."""
        from reader.core.properties import document_properties
        from reader.gui.properties import PropertiesDialog
        listed = self._document_list
        indexed = None if listed is None or listed.loading() else any(str(path) in e.paths for e in listed.entries())
        rows = document_properties(Path(path), self.paths.records, indexed=indexed)
        self.properties_dialog = PropertiesDialog(self, readable(Path(path).name), rows)
        self.properties_dialog.show()

    def reopen_target(self) -> Path | None:
        """The document open at the last quit, when it still exists (start without a file)."""
        path = self.state.last_open()
        return path if path is not None and path.is_file() else None

    @Slot()
    def _focus_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_panel.edit.setFocus()
        self.search_panel.edit.selectAll()

    @Slot()
    def _on_indexing_started(self) -> None:
        self.cancel_index_action.setEnabled(True)

    @Slot(int, str)
    def _on_indexing_finished(self, _code: int, _text: str) -> None:
        self.cancel_index_action.setEnabled(self.library.busy())
        doc = self.document
        if doc is not None and self._background_for is None:   # who cites it may have changed
            self.search_panel.show_cited_by(_first_page_text(doc), str(doc.path))

    @Slot()
    def _on_add_folder(self) -> None:
        folder = dialogs.ask_folder(self, "Add a Folder to the Library")
        if folder is not None:
            self.library.add_folder(folder)

    @Slot()
    def _on_rendering_finished(self) -> None:
        if self._background_for is not None:   # the notes at once; the rest once the page is on screen
            QTimer.singleShot(NOTES_DELAY_MS, self._read_notes)
            QTimer.singleShot(BACKGROUND_DELAY_MS, self._start_background_work)

    @Slot()
    def _read_notes(self) -> None:
        """Show the notes once the first pages are drawn: read from the prepared record when the
        index made one (30-60 ms for a 300-page book), else a child makes it. First, because
        the panel is what the reader waits for next (before the title, 20 ms)."""
        doc = self._background_for
        if doc is None or doc is not self.document or self._notes_for is doc:
            return
        self._notes_for = doc
        self.footnotes.analyse(doc.path, child_running=self.opener.preparing(doc.path),
                               layout=layout_key(doc.format, doc.text))
        self.opener.hand_over(doc.path)   # (when that child has already ended)

    @Slot()
    def _start_background_work(self) -> None:
        """Find who cites this document, name it, and check its page boxes, after the first
        page is on screen (and its notes, :meth:`_read_notes`, if that has not run).

        Who cites it is a query on a thread that would compete with drawing page 1; the check
        reads every page's dictionary (25 ms for 315 pages).
        """
        self._record_recent()
        self._read_notes()
        doc, self._background_for, self._notes_for = self._background_for, None, None
        if doc is None or doc is not self.document:
            return
        self._set_titles(self._document_label() or readable(doc.path.name), doc)
        self.annotations.set_document(doc)
        self.search_panel.show_cited_by(_first_page_text(doc), str(doc.path))
        self._structure_check = (doc, 0)
        self._check_structure()

    @Slot()
    def _check_structure(self) -> None:
        """Check STRUCTURE_PAGES more pages of the document per turn of the event loop, and
        say what is broken; stops when another document is opened or the window closes."""
        if self._structure_check is None:
            return
        doc, start = self._structure_check
        if doc is not self.document:
            self._structure_check = None
            return
        pages = range(start, min(start + STRUCTURE_PAGES, doc.page_count))
        for sentence in doc.structure_warnings(pages):
            self._add_warning(sentence)
        self._structure_check = (doc, pages.stop) if pages.stop < doc.page_count else None
        if self._structure_check is not None:
            QTimer.singleShot(0, self._check_structure)

    @Slot(bool)
    def _on_night_toggled(self, on: bool) -> None:
        for tab in self.tab_area.tabs():
            tab.view.set_night(on)
        self.thumbnails.set_night(on)
        self.settings.night = on

    @Slot(bool)
    def _on_show_all_notes(self, on: bool) -> None:
        self.settings.show_all_notes = on

    @Slot(str)
    def _add_warning(self, text: str) -> None:
        """A damaged page was met: say so where it stays visible (the status bar's right)."""
        if text not in self._warnings:
            self._warnings.append(text)
            self._show_warnings()

    def _show_warnings(self) -> None:
        first = self._warnings[0] if self._warnings else ""
        more = f" (+{len(self._warnings) - 1} more)" if len(self._warnings) > 1 else ""
        self.warning_label.setText(f"⚠ {dialogs.clip(first, 90)}{more}" if first else "")
        self.warning_label.setToolTip("\n".join(self._warnings))

    @Slot(str)
    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def busy(self) -> bool:
        """True while a layout or the footnote analysis still runs."""
        return self.opener.busy() or self._background_for is not None or self.footnotes.busy()

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self.session.can_go_back())
        self.forward_action.setEnabled(self.session.can_go_forward())

    @Slot(int)
    def _on_page_changed(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)

    @Slot(int)
    def _on_page_box_changed(self, value: int) -> None:
        if self.document is not None and value - 1 != self.page_view.current_page():
            self.page_view.go_to_page(value - 1, record=True)
            self.page_view.setFocus()

    @Slot()
    def _focus_page_box(self) -> None:
        """Ctrl+G: type the page number into the page box; Enter goes there (Back returns)."""
        self.page_box.setFocus()
        self.page_box.selectAll()

    @Slot()
    def _show_shortcuts(self) -> None:
        from reader.gui.shortcuts import ShortcutsDialog
        if self.shortcuts_dialog is None:
            self.shortcuts_dialog = ShortcutsDialog(self)
        self.shortcuts_dialog.show()
        self.shortcuts_dialog.raise_()

    @Slot(object, object)
    def _on_find_hits(self, hits: dict, current) -> None:
        self.page_view.set_hits(hits, current)

    @Slot()
    def _focus_view(self) -> None:
        self.page_view.setFocus()

    @Slot(int, object)
    def _show_find_hit(self, page: int, rect: tuple) -> None:
        self.page_view.reveal(page, rect, record=False)

    @Slot()
    def _open_find(self) -> None:
        self.find_bar.open_bar(self.page_view.current_page())

    # -- zoom --------------------------------------------------------------------------
    @Slot()
    def _zoom_in(self) -> None:
        bigger = [z for z in ZOOM_STEPS if z > self.page_view.zoom() + 1e-3]
        self.page_view.set_zoom(bigger[0] if bigger else ZOOM_STEPS[-1])

    @Slot()
    def _zoom_out(self) -> None:
        smaller = [z for z in ZOOM_STEPS if z < self.page_view.zoom() - 1e-3]
        self.page_view.set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    @Slot(float)
    def _on_zoom_changed(self, zoom: float) -> None:
        fit = self.page_view.fit_mode()
        self.session.set_zoom(zoom, fit)
        self._show_zoom(zoom, fit)

    def _show_zoom(self, zoom: float, fit: str) -> None:
        label = {"width": "Fit width", "page": "Fit page"}.get(fit, f"{round(zoom * 100)}%")
        self.zoom_box.setCurrentText(label)

    @Slot(str)
    def _on_zoom_text(self, text: str) -> None:
        if text.lower().startswith("fit w"):
            self.page_view.set_fit("width")
        elif text.lower().startswith("fit p"):
            self.page_view.set_fit("page")
        else:
            try:
                self.page_view.set_zoom(float(text.strip().rstrip("%")) / 100)
            except ValueError:
                self._on_zoom_changed(self.page_view.zoom())
        self.page_view.setFocus()

    # -- menus ----------------------------------------------------------------------------
    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in self.state.recent() if p.exists()]
        labels = self.state.recent_labels()
        texts = menu_labels([labels.get(str(p), "") for p in recent], [readable(p.name) for p in recent])
        for path, text in zip(recent, texts, strict=True):
            action = self.recent_menu.addAction(text)
            action.setToolTip("\n".join(filter(None, (labels.get(str(path)), readable(str(path))))))
            action.setData(str(path))
            action.triggered.connect(self._on_recent_triggered)
        if not recent:
            self.recent_menu.addAction("(none)").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear Menu", self._clear_recent)

    def _record_recent(self) -> None:
        """Put the document opened last at the top of Open Recent (in the shared reading state)."""
        if self._recent_pending is not None:
            is_open = self.document is not None and self.document.path == self._recent_pending
            try:
                self.state.add_recent(self._recent_pending, self._document_label() if is_open else "")
            except NotSaved as exc:
                self._not_saved(exc)
            self._recent_pending = None
            self._fill_recent_menu()

    def _document_label(self) -> str:
        """The open document as the Library names it ("A/RES/78/5 — Title"); reads page 1
        the first time (10-40 ms), so only once it is drawn."""
        source = self.citing.source()
        return source.label if source else ""

    @Slot()
    def _clear_recent(self) -> None:
        try:
            self.state.clear_recent()
        except NotSaved as exc:
            self._not_saved(exc)
        self._fill_recent_menu()

    @Slot()
    def _on_recent_triggered(self) -> None:
        self.open_document(Path(self.sender().data()))

    def _fill_samples_menu(self) -> None:
        for path in sample_files():
            action = self.samples_menu.addAction(path.name)
            action.setData(str(path))
            action.triggered.connect(self._on_recent_triggered)

    @Slot()
    def _on_open_triggered(self) -> None:
        start = str(self.document.path.parent) if self.document else str(Path.home())
        from PySide6.QtWidgets import QFileDialog  # (see dialogs: not loaded before it is needed)
        name, _ = QFileDialog.getOpenFileName(self, "Open Document", start,
                                              f"Documents ({formats.FILE_PATTERNS});;All files (*)")
        if name:
            self.open_document(Path(name))

    # -- drag and drop -------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_document(files[0]))

    # -- window state -----------------------------------------------------------------------------
    def _qsettings(self) -> QSettings:
        return QSettings(str(self.paths.state / "window.ini"), QSettings.Format.IniFormat)

    def _restore_window_state(self) -> None:
        stored = self._qsettings()
        geometry, layout = stored.value("geometry"), stored.value("state")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1200, 860)
        if layout is None or not self.restoreState(layout):
            self.resizeDocks([self.toc_dock, self.notes_dock], [LEFT_DOCK_WIDTH, NOTES_DOCK_WIDTH], Qt.Orientation.Horizontal)

    def _not_saved(self, exc: NotSaved) -> None:
        """Something could not be saved (a full disk): say so in the status bar; a window
        that is closing says it once more, in one sentence, when it has closed."""
        self._unsaved.append(exc)
        self._show_message(str(exc))

    def closeEvent(self, event) -> None:
        self._unsaved = []
        self._save_position()
        self._record_recent()
        try:
            self.state.set_last_open(self.document.path if self.document is not None else None)
            self.state.set_open_tabs(*self._open_tabs())
        except NotSaved as exc:
            self._unsaved.append(exc)
        self.opener.cancel()
        self._background_for = self._structure_check = None
        self.footnotes.cancel()
        self.library.cancel()
        self.footnote_popup.hide()
        QThreadPool.globalInstance().waitForDone(5000)   # queries in flight report to this window
        self.search_panel.close_index()
        stored = self._qsettings()
        stored.setValue("geometry", self.saveGeometry())
        stored.setValue("state", self.saveState())
        stored.sync()
        if stored.status() != QSettings.Status.NoError:
            self._unsaved.append(NotSaved("the window layout", self.paths.state, "the file could not be written"))
        try:
            self.settings.save(self.paths.settings_file)
        except NotSaved as exc:
            self._unsaved.append(exc)
        if self._unsaved:
            dialogs.show_error(self, unsaved_sentence(self._unsaved))
        super().closeEvent(event)


def unsaved_sentence(failures: list[NotSaved]) -> str:
    """One sentence for what a closing window could not save ("the reading position and the
    settings"), with the first reason."""
    whats = list(dict.fromkeys(f.what for f in failures))
    listed = whats[0] if len(whats) == 1 else f"{', '.join(whats[:-1])} and {whats[-1]}"
    return f"Ibid could not save {listed} ({failures[0].reason}); your documents are unchanged."


@functools.cache   # the application's and the window's: one SVG read
def app_icon() -> QIcon:
    for name in ("ibid.svg", "ibid-256.png"):
        path = resource("icons", name)
        if path.is_file():
            return QIcon(str(path))
    return QIcon()


def sample_files() -> list[Path]:
    folder = samples_dir()
    return sorted((p for p in folder.iterdir() if p.suffix.lower() in formats.EXTENSIONS),
                  key=lambda p: (p.suffix != ".md", p.name)) if folder.is_dir() else []


def _first_page_text(doc: Document) -> str:
    """The top of page 1, where a UN document prints its own symbol."""
    try:
        return doc.page(0).text()[:3000]
    except Exception:   # a damaged first page: the file name may still say it
        return ""


__all__ = ["MainWindow", "DocumentOpenError", "sample_files"]
