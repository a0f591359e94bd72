"""The mouse's Back and Forward side buttons (XButton1/XButton2) anywhere in a window.

Qt gives these presses to the widget under the pointer, and a list or a text box takes
them as plain clicks, so they never reach the window: an application event filter sees
them first and triggers the window's Back / Forward actions, as browsers and Okular do.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget


class MouseBackForward(QObject):
    """Triggers *back* / *forward* (when enabled) for side-button presses in *window*."""

    def __init__(self, window: QWidget, back: QAction, forward: QAction) -> None:
        super().__init__(window)
        self._window = window
        self._actions = {Qt.MouseButton.BackButton: back, Qt.MouseButton.ForwardButton: forward}
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            return False
        action = self._actions.get(event.button())
        if action is None or not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False
        if event.type() == QEvent.Type.MouseButtonPress and action.isEnabled():
            action.trigger()
        return True                   # the release too: no widget sees half a click
