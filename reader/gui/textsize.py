"""View > Text Size and View > Margins for EPUB, Markdown, HTML and text files.

A new size or margin lays the document out again (the opener opens it with the new
``TextLayout``: its own layout cache entry and prepared record) and comes back to the same
text: the words at the top of the view are found on the new pages. The choice is a setting
(``Settings.text_size`` / ``margins``), for every reflowable document.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from reader.core import formats
from reader.core.navigation import Location
from reader.core.textlayout import MARGINS, TextLayout, anchor_phrase, find_phrase

#: Points above the anchor's line left showing when the view comes back to it.
ABOVE_ANCHOR = 6.0


def reflowable(fmt: str) -> bool:
    return fmt == "epub" or fmt in formats.REFLOWABLE


class TextSizeController(QObject):
    """The actions of the two submenus and the re-layout they ask for."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._anchor: tuple[Path, str, float] | None = None   # (file, phrase, where it was, 0-1)
        #: The phrase the view was last brought back to, and where: while the view stays there,
        #: the next layout keeps that phrase (a new one, read at the top, would drift a line each time).
        self._kept: tuple[Path, str, Location] | None = None
        self.larger_action = self._action("&Larger", lambda: self.step(1), "Ctrl+Alt+=")
        self.smaller_action = self._action("&Smaller", lambda: self.step(-1), "Ctrl+Alt+-")
        self.reset_action = self._action("&Reset", lambda: self.step(0), "Ctrl+Alt+0")
        self.margin_actions = QActionGroup(self)
        for name in MARGINS:
            action = self._action(name.capitalize(), lambda _=False, n=name: self.set_margins(n))
            action.setCheckable(True)
            action.setChecked(name == self.text().margins)
            self.margin_actions.addAction(action)
        self.update_enabled()

    def _action(self, text: str, slot, shortcut: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def fill(self, view_menu: QMenu) -> None:
        size = view_menu.addMenu("Te&xt Size")
        for action in (self.larger_action, self.smaller_action, self.reset_action):
            size.addAction(action)
            self.window.addAction(action)      # the keys work with the menu closed
        margins = view_menu.addMenu("&Margins")
        for action in self.margin_actions.actions():
            margins.addAction(action)

    def text(self) -> TextLayout:
        return self.window.opener.text

    def step(self, steps: int) -> None:
        self.apply(self.text().step(steps))

    def set_margins(self, name: str) -> None:
        self.apply(TextLayout(self.text().size, name))

    def apply(self, text: TextLayout) -> None:
        """Use *text* from now on; lay the open document out again if it is reflowable."""
        window = self.window
        if text == self.text():
            return
        window.opener.text = text
        window.settings.text_size, window.settings.margins = text.size, text.margins
        doc = window.document
        if doc is None or not reflowable(doc.format):
            return
        view = window.page_view
        here = view.location()
        kept = self._kept
        if kept is not None and kept[0] == doc.path and (kept[2].page, kept[2].y) == (here.page, here.y):
            phrase = kept[1]
        else:
            phrase = anchor_phrase(doc.page(here.page).words(), here.y)
        self._anchor = (doc.path, phrase, (here.page + 0.5) / max(1, doc.page_count))
        window.statusBar().showMessage(f"Laying out {doc.path.name} at {text.size:g} pt, {text.margins} margins…")
        window.open_document(doc.path)

    @Slot(Path)
    def on_document_opened(self, path: Path) -> None:
        """Back to the text that was at the top before the new layout; the actions follow the document."""
        self.update_enabled()
        anchor, self._anchor = self._anchor, None
        doc = self.window.document
        if anchor is None or doc is None or anchor[0] != path:
            return
        _path, phrase, fraction = anchor
        found = find_phrase(doc, phrase, int(fraction * doc.page_count))
        if found is not None:
            page, y = found
            view = self.window.page_view
            view.go_to(Location(page, max(0.0, y - ABOVE_ANCHOR)), record=False)
            self._kept = (path, phrase, view.location())

    def update_enabled(self) -> None:
        doc = self.window.document
        on = doc is not None and reflowable(doc.format)
        for action in (self.larger_action, self.smaller_action, self.reset_action, *self.margin_actions.actions()):
            action.setEnabled(on)
