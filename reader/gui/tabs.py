"""Tabs and the side-by-side split: where the window's page views live.

A :class:`ReaderTab` is one page view with its own :class:`~reader.core.session.ReadingSession`
(document, position, Back/Forward). :class:`TabArea` holds one pane of tabs, or two side by
side (View > Split Side by Side); the *current* tab is the current tab of the pane that last
had the keyboard focus, and the window's panels (Notes, Annotations, Outline) and title follow
it. A pane's tab bar is hidden while it holds one tab, so a single document looks as it did
before tabs. The area only arranges views: opening documents and what a tab shows is
``MainWindow``'s (STYLE.md: the window is the switchboard).

:class:`OpenInNewTab` gives an item view (the Library list, the search results) a middle
click and an "Open in New Tab" context action, as browsers do for links.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMenu, QSplitter, QTabWidget, QWidget

from reader.core.session import ReadingSession
from reader.gui import theme
from reader.gui.pageview import PageView

#: The title of a tab with no document yet (Ctrl+T: File > Open fills it).
EMPTY_TITLE = "New Tab"
#: Characters of a document's name shown on its tab (the whole name is its tooltip).
TITLE_CHARS = 28


@dataclass(eq=False)
class ReaderTab:
    """One page view and the reading session it shows."""
    view: PageView
    session: ReadingSession

    def is_open(self, path: Path | str) -> bool:
        return self.session.is_open(path)


class TabArea(QSplitter):
    """One pane of tabs, or two side by side; knows which tab is current."""

    #: The current tab changed: another tab was chosen, or focus moved to the other pane (ReaderTab).
    current_changed = Signal(object)
    #: The user clicked a tab's close button (ReaderTab).
    close_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setChildrenCollapsible(False)
        self._panes: list[QTabWidget] = []
        self._tabs: dict[PageView, ReaderTab] = {}
        self._active = 0
        self._add_pane()
        QApplication.instance().focusChanged.connect(self._on_focus_changed)

    # -- panes ------------------------------------------------------------------------------
    def _add_pane(self) -> QTabWidget:
        pane = QTabWidget(self)
        pane.setDocumentMode(True)
        pane.setTabsClosable(True)
        pane.setMovable(True)
        pane.setTabBarAutoHide(True)     # one tab: today's look
        pane.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        pane.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        pane.currentChanged.connect(self._on_pane_tab_changed)
        pane.tabCloseRequested.connect(self._on_close_clicked)
        self.addWidget(pane)
        self._panes.append(pane)
        return pane

    def is_split(self) -> bool:
        return len(self._panes) > 1

    def split(self) -> None:
        """Add the second pane (empty: the window puts a tab in it)."""
        if not self.is_split():
            self._add_pane()
            total = self.width()
            self.setSizes([total // 2, total - total // 2])   # two equal halves
            for pane in self._panes:   # each view names its document; the other one's name muted
                pane.setTabBarAutoHide(False)

    def unsplit(self) -> None:
        """Remove the second pane; its tabs must have been closed or moved first."""
        if self.is_split():
            pane = self._panes.pop()
            self._active = 0
            pane.hide()
            pane.deleteLater()
            self._panes[0].setTabBarAutoHide(True)
            self._emit_current()

    def pane_count(self) -> int:
        return len(self._panes)

    def active_pane(self) -> int:
        return self._active

    def pane_of(self, tab: ReaderTab) -> int:
        return next(i for i, pane in enumerate(self._panes) if pane.indexOf(tab.view) >= 0)

    def pane_tabs(self, pane: int) -> list[ReaderTab]:
        widget = self._panes[pane]
        return [self._tabs[widget.widget(i)] for i in range(widget.count())]

    # -- tabs ---------------------------------------------------------------------------------
    def tabs(self) -> list[ReaderTab]:
        """Every tab, pane by pane, left to right."""
        return [tab for pane in range(len(self._panes)) for tab in self.pane_tabs(pane)]

    def current(self) -> ReaderTab:
        return self.pane_current(self._active)

    def pane_current(self, pane: int) -> ReaderTab:
        """The tab in front in *pane*."""
        return self._tabs[self._panes[pane].currentWidget()]

    def find(self, path: Path | str) -> ReaderTab | None:
        """The tab showing *path* (the current one first), if any."""
        current = self.current()
        return current if current.is_open(path) else next((t for t in self.tabs() if t.is_open(path)), None)

    def add(self, tab: ReaderTab, pane: int | None = None, *, current: bool = True) -> None:
        """Put *tab* after the current tab of *pane* (the active pane) and make it current;
        not *current*: last in the pane, behind its current tab."""
        pane = self._active if pane is None else pane
        widget = self._panes[pane]
        self._tabs[tab.view] = tab
        if current:
            widget.insertTab(widget.currentIndex() + 1, tab.view, EMPTY_TITLE)
            self.make_current(tab)
        else:
            widget.addTab(tab.view, EMPTY_TITLE)
            self._mark_active()

    def remove(self, tab: ReaderTab) -> None:
        """Take *tab* out (its view is deleted later); the window closed its document."""
        widget = self._panes[self.pane_of(tab)]
        widget.removeTab(widget.indexOf(tab.view))
        del self._tabs[tab.view]
        tab.view.deleteLater()

    def place(self, tab: ReaderTab, pane: int, index: int) -> None:
        """Move *tab* to position *index* of *pane* (its title and tooltip go with it)."""
        source = self._panes[self.pane_of(tab)]
        at = source.indexOf(tab.view)
        text, tip = source.tabText(at), source.tabToolTip(at)
        source.removeTab(at)
        target = self._panes[pane]
        target.setTabToolTip(target.insertTab(index, tab.view, text), tip)
        self._mark_active()

    def move_to_first_pane(self, tab: ReaderTab) -> None:
        self.place(tab, 0, self._panes[0].count())

    def make_current(self, tab: ReaderTab) -> None:
        """Show *tab* in its pane and make that pane the active one."""
        pane = self.pane_of(tab)
        pane_changed, self._active = pane != self._active, pane
        if self._panes[pane].currentWidget() is not tab.view:
            self._panes[pane].setCurrentWidget(tab.view)   # (said by _on_pane_tab_changed)
        elif pane_changed:
            self._emit_current()

    def cycle(self, delta: int) -> None:
        """Ctrl+Tab / Ctrl+Shift+Tab: the next or previous tab of the active pane, round."""
        pane = self._panes[self._active]
        if pane.count() > 1:
            pane.setCurrentIndex((pane.currentIndex() + delta) % pane.count())
            pane.currentWidget().setFocus()

    def focus_other_pane(self) -> None:
        """F6: the keyboard goes to the view of the other pane."""
        if self.is_split():
            self._panes[1 - self._active].currentWidget().setFocus()

    def set_title(self, tab: ReaderTab, text: str, tip: str = "") -> None:
        widget = self._panes[self.pane_of(tab)]
        index = widget.indexOf(tab.view)
        shown = text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS - 1] + "\u2026"
        widget.setTabText(index, shown.replace("&", "&&") or EMPTY_TITLE)
        widget.setTabToolTip(index, tip or text)

    def tab_text(self, tab: ReaderTab) -> str:
        """What the tab bar says for *tab* (for tests and the accessibility tree)."""
        widget = self._panes[self.pane_of(tab)]
        return widget.tabText(widget.indexOf(tab.view)).replace("&&", "&")

    def tab_bar_shown(self, pane: int = 0) -> bool:
        return self._panes[pane].tabBar().isVisible()

    # -- following the user ----------------------------------------------------------------------
    def _mark_active(self) -> None:
        """In the split the titles of the other pane's tabs are muted: the panels follow the view
        whose title is not."""
        muted = QColor(theme.muted(self))
        for i, pane in enumerate(self._panes):
            colour = muted if self.is_split() and i != self._active else QColor()
            for index in range(pane.count()):
                pane.tabBar().setTabTextColor(index, colour)

    def _emit_current(self) -> None:
        self._mark_active()
        widget = self._panes[self._active].currentWidget()
        if widget is not None and widget in self._tabs:
            self.current_changed.emit(self._tabs[widget])

    @Slot(int)
    def _on_pane_tab_changed(self, _index: int) -> None:
        pane = self.sender()
        if pane in self._panes and self._panes.index(pane) == self._active:
            self._emit_current()

    @Slot(int)
    def _on_close_clicked(self, index: int) -> None:
        widget = self.sender().widget(index)
        if widget in self._tabs:
            self.close_requested.emit(self._tabs[widget])

    @Slot(QWidget, QWidget)
    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The panels follow the view that has the keyboard focus (a click on it gives it)."""
        while new is not None and new not in self._tabs:
            new = new.parentWidget()
        if new is None:
            return
        pane = self.pane_of(self._tabs[new])
        if pane != self._active:
            self._active = pane
            self._emit_current()


class OpenInNewTab(QObject):
    """Middle-click, or the context menu's "Open in New Tab", on an entry of *view* (without
    *menu*, middle-click only: the view has a context menu of its own that offers it).

    (Signals, not an event filter: a Python filter on the view sees every event, and made
    PySide6 build the dialog classes before page 1 was drawn, tests/gui/test_startup.py.)
    """

    #: The user asked to open this entry in a new tab (the view's item: QListWidgetItem, QTreeWidgetItem).
    requested = Signal(object)

    def __init__(self, view: QAbstractItemView, wanted=lambda item: True, *, menu: bool = True) -> None:
        super().__init__(view)
        self._view, self._wanted = view, wanted
        self._menu: QMenu | None = None
        view.pressed.connect(self._on_pressed)
        if menu:
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(self._on_menu)

    @Slot(QModelIndex)
    def _on_pressed(self, index: QModelIndex) -> None:
        if QApplication.mouseButtons() & Qt.MouseButton.MiddleButton:
            item = self._item(index)
            if item is not None:
                self.requested.emit(item)

    @Slot(QPoint)
    def _on_menu(self, pos: QPoint) -> None:
        item = self._item(self._view.indexAt(pos))
        if item is not None:
            self._menu = QMenu(self._view)
            self._menu.addAction("Open in New Tab", lambda: self.requested.emit(item))
            self._menu.popup(self._view.viewport().mapToGlobal(pos))

    def _item(self, index: QModelIndex):
        item = self._view.itemFromIndex(index) if index.isValid() else None
        return item if item is not None and self._wanted(item) else None
