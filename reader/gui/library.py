"""The library in the window: indexing in a child process, with progress and Cancel, and
the list of library folders.

``ibid index add DIR --json-progress`` runs under QProcess; a kill cancels it, and what it
had committed stays in the index (the next run goes on from there). Adding or removing a
folder changes the folder list (the index's state, ``index/folders.py``) at once, here,
then runs the child that indexes: a Quit while that child waits in the queue loses no
folder, the next start indexes it.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from reader.core.errors import ReaderError
from reader.core.paths import Paths, folder_unreadable, readable, samples_dir
from reader.gui import theme
from reader.gui.searchpanel import SearchPanel

if TYPE_CHECKING:
    from reader.gui.jobs import CliJob

logger = logging.getLogger(__name__)
EMPTY = "No folders yet. Add a folder to search the documents in it."


class LibraryController(QObject):
    #: An indexing child started (Cancel Indexing can stop it now).
    indexing_started = Signal()
    #: Indexing finished (exit code, last message).
    indexing_finished = Signal(int, str)
    #: Something to tell the user in the status bar.
    message = Signal(str)
    #: The library folders, read after each change (list of Path).
    folders_changed = Signal(list)
    #: The folder list cannot be read (the sentence saying which file and what to do).
    folders_unreadable = Signal(str)

    def __init__(self, paths: Paths, panel: SearchPanel, parent: QObject) -> None:
        super().__init__(parent)
        self.paths, self.panel = paths, panel
        self._job: CliJob | None = None
        self._queue: list[list[str]] = []
        self.limits = None   # Limits for the child; set by the window
        self.folders: list[Path] | None = None   # as last read (None: not yet)
        self.folders_problem = ""                # why they could not be read, if so
        self.panel.cancel_requested.connect(self.cancel)

    def start_up(self) -> None:
        """On start: index the bundled samples the first time, then only what changed."""
        folders = self.refresh_folders()
        if folders is None:   # a damaged folder list: updating would fail the same way
            return
        samples = samples_dir()
        if samples.is_dir() and str(samples.resolve()) not in {str(f.resolve()) for f in folders}:
            self.add_folder(samples)
        else:
            self.update()

    def refresh_folders(self) -> list[Path] | None:
        """Read the library folders and announce them; None (and a message) if unreadable."""
        from index.library import library_folders  # loads Whoosh: not needed for the first page
        try:
            folders = library_folders(self.paths)
        except ReaderError as exc:
            self.folders_problem = str(exc)
            self.message.emit(str(exc))
            self.folders_unreadable.emit(str(exc))
            return None
        self.folders, self.folders_problem = folders, ""
        self.folders_changed.emit(folders)
        return folders

    def add_folder(self, folder: Path) -> None:
        """Add *folder* to the library: the list on disk at once (a Quit while indexing
        waits in the queue keeps it; the next start indexes it), then index it."""
        from index.library import add_library_folder
        if self._change_folders(add_library_folder, folder):
            self._run(["index", "add", str(folder)], f"Indexing {readable(folder.name)}…")

    @Slot(Path)
    def remove_folder(self, folder: Path) -> None:
        """Take *folder* out of the library (the list on disk at once) and its documents out
        of the index (files stay)."""
        from index.library import remove_library_folder
        if self._change_folders(remove_library_folder, folder):
            self._run(["index", "update"], f"Removing {readable(folder.name)} from the library…")

    def _change_folders(self, change, folder: Path) -> bool:
        """Apply *change* to the folder list on disk now; False (and the sentence) if it failed."""
        try:
            change(self.paths, folder)
        except (ReaderError, OSError) as exc:
            text = str(exc) if isinstance(exc, ReaderError) else (
                f"The library folders could not be saved ({exc.strerror or exc}); nothing was changed.")
            self.message.emit(text)
            return False
        self.refresh_folders()
        return True

    def update(self) -> None:
        self._run(["index", "update"], "Checking the library for changes…")

    def busy(self) -> bool:
        return self._job is not None

    def _run(self, args: list[str], text: str) -> None:
        if self._job is not None:
            self._queue.append(args)
            return
        from reader.gui.jobs import CliJob  # QProcess and the job machinery: with the first child
        self._job = CliJob([*args, "--json-progress", *self.paths.cli_args()], self, limits=self.limits)
        self._job.event.connect(self._on_event)
        self._job.finished.connect(self._on_finished)
        self.panel.set_indexing(True, text)
        self._job.start()
        self.indexing_started.emit()

    @Slot()
    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None
            self._queue.clear()
            text = "Indexing cancelled; what was indexed so far is kept."
            self.panel.set_indexing(False, text)
            self.message.emit(text)   # the panel goes back to its help or results
            self.panel.index_changed()
            self.refresh_folders()
            self.indexing_finished.emit(1, "cancelled")

    @Slot(int, object)
    def _on_event(self, job_id: int, event: dict) -> None:
        if self._job is None or job_id != self._job.job_id or "files" not in event:
            return
        name = readable(Path(str(event.get("file", ""))).name)
        done, total = int(event.get("file_index", 0)), int(event.get("files", 0))
        if "status" in event:          # a file indexed or skipped
            self.panel.set_index_progress(done, total, name)
        else:                          # a page read: file number *done* is in progress
            self.panel.set_index_progress(done - 1, total, name, int(event.get("page", 0)), int(event.get("of", 0)))

    @Slot(int, int, str, str)
    def _on_finished(self, job_id: int, code: int, out: str, err: str) -> None:
        if self._job is None or job_id != self._job.job_id:
            return
        self._job = None
        summary = out.strip().splitlines()[0] if out.strip() else ""
        text = summary if code == 0 else (err or f"Indexing failed (exit {code}).")
        self.panel.set_indexing(False, text)
        self.message.emit(text)
        if self._queue:
            self._run(self._queue.pop(0), "Indexing…")
        else:
            self.panel.index_changed()
            self.refresh_folders()
            self.indexing_finished.emit(code, text)


class FoldersPanel(QWidget):
    """The library folders, with Add and Remove; the documents below them are searched."""

    #: The user asked to add a folder to the library.
    add_requested = Signal()
    #: The user asked to take a folder (Path) out of the library.
    remove_requested = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Library folders")
        self._folders: list[Path] = []
        self.list = QListWidget(self)
        self.list.setAccessibleName("Library folders")
        self.list.setSpacing(2)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.itemSelectionChanged.connect(self._on_selection_changed)
        self.empty = QLabel(EMPTY, self, wordWrap=True)
        self.note = note = QLabel("Ibid searches the documents in these folders. Removing a folder takes its "
                      "documents out of the search; the files stay where they are.", self, wordWrap=True)
        theme.keep_muted(self, note)
        self.add_button = QPushButton("Add Folder…", self)
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button = QPushButton("Remove", self, enabled=False)
        self.remove_button.setToolTip("Remove the selected folder from the library")
        self.remove_button.clicked.connect(self._on_remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button, 1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        heading = QLabel("Folders", self)
        heading.setStyleSheet("font-weight: 600;")
        layout.addWidget(heading)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addWidget(note)
        layout.addLayout(buttons)
        self.set_folders([])

    @Slot(list)
    def set_folders(self, folders: list[Path]) -> None:
        """Show *folders* (one that cannot be read says so); the selection is kept when it is still there."""
        selected = self.selected()
        self.list.clear()
        # Kept here, not in the items: a Qt string would lose the bytes of a name that is not UTF-8.
        self._folders = list(folders)
        for folder in folders:
            problem = folder_unreadable(folder)   # offline: an unmounted drive, no permission
            name = f"{readable(folder.name or str(folder))}{f'  (offline: {problem})' if problem else ''}"
            item = QListWidgetItem(f"{name}  — {readable(str(folder.parent))}", self.list)
            item.setToolTip(readable(str(folder)) + (f"\nThis folder cannot be read ({problem}); its documents "
                                                     "stay in the index until it can." if problem else ""))
            if folder == selected:
                item.setSelected(True)
        self.empty.setText(EMPTY)
        self.empty.setStyleSheet("")
        self.empty.setVisible(not folders)
        self._on_selection_changed()

    @Slot(str)
    def show_problem(self, text: str) -> None:
        """The folder list cannot be read: say why instead of showing an empty library."""
        self.list.clear()
        self._folders = []
        self.empty.setText(text)
        self.empty.setStyleSheet(f"color: {theme.warning(self)}; font-weight: 600;")
        self.empty.show()
        self._on_selection_changed()

    def folders(self) -> list[Path]:
        return list(self._folders)

    def selected(self) -> Path | None:
        items = self.list.selectedItems()
        return self._folders[self.list.row(items[0])] if items else None

    @Slot()
    def _on_selection_changed(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()))

    @Slot()
    def _on_remove(self) -> None:
        folder = self.selected()
        if folder is not None:
            self.remove_requested.emit(folder)
