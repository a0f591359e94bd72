"""Library > Add Folder: a folder picker that shows every folder, whatever bytes its name has.

Qt's file dialog reads names as UTF-8 and leaves out a folder whose name is not (made on
another system, unpacked from an old archive): the reader could not pick it. This one lists
folders with ``os.scandir`` (Python keeps such bytes, PEP 383), shows their names readable
(a bad byte as �) and answers with the folder itself, byte for byte.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from reader.core.paths import readable

#: The item role holding a folder's path (a Path, kept as the Python object: a str would become
#: a Qt string and lose the bytes that are not UTF-8).
PATH_ROLE = Qt.ItemDataRole.UserRole


class FolderDialog(QDialog):
    """Browse folders from *start*: double-click (or Enter) opens one, "Up" goes to the
    parent; "Add" answers the selected folder, or the open one when none is selected."""

    def __init__(self, parent, title: str, start: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 460)
        self.where = QLabel(self, wordWrap=True)
        self.up_button = QPushButton("Up", self)
        self.up_button.clicked.connect(self._on_up)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Folders")
        self.list.itemActivated.connect(self._on_activated)
        self.problem = QLabel(self, wordWrap=True, visible=False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.add_button = buttons.addButton("Add", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(self.up_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.folder = Path(start)
        self.open_folder(Path(start))

    def open_folder(self, folder: Path) -> None:
        """Show the folders inside *folder* (hidden ones left out)."""
        self.folder = folder
        self.where.setText(readable(str(folder)))
        self.up_button.setEnabled(folder.parent != folder)
        self.list.clear()
        try:
            with os.scandir(folder) as entries:
                names = sorted((e.name for e in entries if not e.name.startswith(".") and _is_dir(e)),
                               key=lambda n: shown_name(n).casefold())
        except OSError as exc:
            self.problem.setText(f"{readable(folder.name) or folder} cannot be read: {exc.strerror}.")
            self.problem.setVisible(True)
            return
        self.problem.setVisible(False)
        for name in names:
            item = QListWidgetItem(shown_name(name), self.list)
            item.setData(PATH_ROLE, folder / name)
            item.setToolTip(readable(str(folder / name)))

    def chosen(self) -> Path:
        """The folder to add: the selected one, else the one shown."""
        item = self.list.currentItem()
        return Path(item.data(PATH_ROLE)) if item is not None and item.isSelected() else self.folder

    @Slot(QListWidgetItem)
    def _on_activated(self, item: QListWidgetItem) -> None:
        self.open_folder(Path(item.data(PATH_ROLE)))

    @Slot()
    def _on_up(self) -> None:
        self.open_folder(self.folder.parent)


def shown_name(name: str) -> str:
    """*name* as the list shows it: as it is when UTF-8; otherwise read as Windows-1252 (what
    such names mostly are: "caf\\xe9" is "café"), marked, so that two names Qt would both
    show as "caf" stay apart."""
    if readable(name) == name:
        return name
    return os.fsencode(name).decode("cp1252", "replace") + " (not UTF-8)"


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
