"""The window's tab commands: new and close tab, the side-by-side split, restoring the tabs.

``TabCommands`` is part of ``MainWindow`` (a base class, kept in its own module: the window
module was past 1200 lines). It uses the window's ``tab_area`` (:mod:`reader.gui.tabs`),
``opener``, ``state`` and ``split_action`` and its private helpers ``_open_in``,
``_new_tab``, ``_add_tab``, ``_wire``, ``_show_tab``, ``_on_current_tab_changed`` and
``_not_saved``; what a tab shows when it comes to the front stays in ``mainwindow.py``.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer, Slot

from reader.core.errors import NotSaved
from reader.core.paths import readable
from reader.core.state import OpenTab
from reader.gui.tabs import ReaderTab


class TabCommands:
    """Methods of ``MainWindow`` (see the module's docstring)."""

    @Slot()
    def _on_new_tab(self) -> None:
        """Ctrl+T: an empty tab; File > Open (or the Library, a search hit) fills it."""
        self._add_tab().view.setFocus()

    @Slot()
    def close_tab(self) -> None:
        """Ctrl+W: close the current tab (the last one is emptied, not closed)."""
        self._close_tab(self.tab_area.current())

    @Slot(object)
    def _close_tab(self, tab: ReaderTab) -> None:
        pane = self.tab_area.pane_of(tab)
        alone = len(self.tab_area.pane_tabs(pane)) == 1
        if alone and self.tab_area.is_split():
            if pane == 1:   # the split closes with it
                self.tab_area.make_current(self.tab_area.pane_current(0))
                self._discard(tab)
                self._end_split()
                return
            for other in self.tab_area.pane_tabs(1):   # the right pane's tabs take the left one's place
                self.tab_area.move_to_first_pane(other)
            self._end_split()
        elif alone:   # the window keeps one (empty) tab
            self._close_session(tab)
            if tab is self.tab_area.current():
                self._show_tab(tab)
            return
        self._discard(tab)
        self.tab_area.current().view.setFocus()

    def _close_session(self, tab: ReaderTab) -> None:
        if self._open_request is not None and self._open_request[0] is tab:
            self.opener.cancel()   # (a child still opening a file for it)
            self._open_request = None
        here = tab.view.location() if tab.session.document is not None else None
        tab.view.set_document(None)   # (before the document closes: it reads page sizes in turns)
        try:
            tab.session.close(here)
        except NotSaved as exc:
            self._not_saved(exc)

    def _discard(self, tab: ReaderTab) -> None:
        """Close *tab*'s document and take the tab away (another tab comes to the front)."""
        self._close_session(tab)
        if tab is self._current_tab:
            self._wire(None)
        self.tab_area.remove(tab)
        if self._current_tab is None:   # (the tab area had nothing new to say: the same pane, the same tab)
            self._on_current_tab_changed(self.tab_area.current())

    @Slot(bool)
    def _on_split_toggled(self, on: bool) -> None:
        """View > Split Side by Side: a second view, on the same document at the same place
        (open another into it); again: back to one view."""
        if on == self.tab_area.is_split():
            return
        if not on:
            self._unsplit()
            return
        here = self.tab_area.current()
        self.tab_area.split()
        tab = self._add_tab(pane=1)
        tab.view.setFocus()
        if here.session.document is not None:
            self._open_in(tab, here.session.document.path, where=here.view.location())

    def _unsplit(self) -> None:
        """Back to one view: the right pane's documents not open on the left move there (the
        one in front stays in front)."""
        front = self.tab_area.current()
        self.tab_area.make_current(self.tab_area.pane_current(0))
        left = self.tab_area.pane_tabs(0)
        for tab in self.tab_area.pane_tabs(1):
            doc = tab.session.document
            if doc is None or any(t.is_open(doc.path) for t in left):
                self._discard(tab)
            else:
                self.tab_area.move_to_first_pane(tab)
        self._end_split(front)

    def _end_split(self, front: ReaderTab | None = None) -> None:
        self.tab_area.unsplit()
        self.split_action.setChecked(False)
        if front is not None and front in self.tab_area.tabs():
            self.tab_area.make_current(front)
        self.tab_area.current().view.setFocus()

    # -- session restore ---------------------------------------------------------------------
    def restore_tabs(self) -> bool:
        """Reopen the tabs open at the last quit (files, places, zoom, the split) once this
        start is done: the tabs are laid out at once, the one in front is opened first (page 1
        first), the others behind it; a file that is gone is left out, and the status bar says
        so. False when there is nothing to reopen."""
        tabs, front = self.state.open_tabs()
        there = [t for t in tabs if t.path.is_file()]
        self._restore_gone = [readable(t.path.name) for t in tabs if not t.path.is_file()]
        if not there:
            self._say_restore_gone()
            return False
        if any(t.pane == 1 for t in there) and any(t.pane == 0 for t in there):
            self.tab_area.split()
            self.split_action.setChecked(True)
        front_item = tabs[front] if tabs[front] in there else there[0]
        split = self.tab_area.is_split()
        spare = self.tab_area.current()   # the window's one empty tab: the front one (its page 1 first)
        placed = [(spare, front_item)]
        for item in there:
            if item is not front_item:
                tab = self._new_tab()
                self.tab_area.add(tab, item.pane if split else 0, current=False)
                placed.append((tab, item))
        front_pane = front_item.pane if split else 0
        ahead = next(i for i, t in enumerate(there) if t is front_item)
        self.tab_area.place(spare, front_pane, sum(1 for t in there[:ahead] if (t.pane if split else 0) == front_pane))
        self.tab_area.make_current(spare)
        spare.view.setFocus()
        self._restore_queue = placed
        QTimer.singleShot(0, self._restore_next)
        return True

    @Slot()
    def _restore_next(self) -> None:
        while self._restore_queue:
            tab, item = self._restore_queue.pop(0)
            if tab in self.tab_area.tabs():    # (not closed meanwhile)
                self._open_in(tab, item.path, where=item.where, behind=tab is not self.tab_area.current())
                return
        self._restore_queue = None
        self._say_restore_gone()

    @Slot()
    def _on_restore_step(self) -> None:
        if self._restore_queue is not None:
            QTimer.singleShot(0, self._restore_next)

    def _say_restore_gone(self) -> None:
        gone, self._restore_gone = self._restore_gone, []
        if gone:
            names = ", ".join(gone[:3]) + (f" and {len(gone) - 3} more" if len(gone) > 3 else "")
            self.statusBar().showMessage(f"Not reopened, no longer there: {names}.", 15000)

    def _open_tabs(self) -> tuple[list[OpenTab], int]:
        """The tabs to reopen next time (those with a document), and which is in front."""
        tabs, front = [], 0
        for tab in self.tab_area.tabs():
            if tab.session.document is not None:
                if tab is self.tab_area.current():
                    front = len(tabs)
                tabs.append(OpenTab(tab.session.document.path, tab.view.location(), self.tab_area.pane_of(tab)))
        return tabs, front
