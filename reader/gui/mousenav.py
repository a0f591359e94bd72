"""The mouse's Back and Forward side buttons (XButton1/XButton2) anywhere in a window.

Qt gives these presses to the widget under the pointer, and a list or a text box takes
them as plain clicks, so they never reach the main window. The window's QWindow sees every
mouse event of the window before any widget does: a filter there triggers the window's
Back / Forward actions, as browsers and Okular do. (Not an application-wide filter: that
runs Python for every event of every object, and wraps each in a Python class.)
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

_MOUSE = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick)


class MouseBackForward(QObject):
    """Triggers *back* / *forward* (when enabled) for side-button presses in *window*."""

    def __init__(self, window: QWidget, back: QAction, forward: QAction) -> None:
        super().__init__(window)
        self._window = window
        self._actions = {Qt.MouseButton.BackButton: back, Qt.MouseButton.ForwardButton: forward}
        self._handle = None
        window.installEventFilter(self)     # its QWindow exists once it is shown
        self._watch_handle()

    def _watch_handle(self) -> None:
        handle = self._window.windowHandle()
        if handle is not None and handle is not self._handle:
            handle.installEventFilter(self)
            self._handle = handle

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if watched is self._window:
            if kind in (QEvent.Type.Show, QEvent.Type.WinIdChange):
                self._watch_handle()
            return False
        if kind not in _MOUSE:
            return False
        action = self._actions.get(event.button())
        if action is None:
            return False
        if kind == QEvent.Type.MouseButtonPress and action.isEnabled():
            action.trigger()
        return True                   # the release too: no widget sees half a click
