"""The library in the window: indexing in a child process, with progress and Cancel.

``ibid index add DIR --json-progress`` runs under QProcess; a kill cancels it, and what it
had committed stays in the index (the next run goes on from there).
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from reader.core.paths import Paths, samples_dir
from reader.gui.jobs import CliJob
from reader.gui.searchpanel import SearchPanel

logger = logging.getLogger(__name__)


class LibraryController(QObject):
    #: Indexing finished (exit code, last message).
    indexing_finished = Signal(int, str)
    #: Something to tell the user in the status bar.
    message = Signal(str)

    def __init__(self, paths: Paths, panel: SearchPanel, parent: QObject) -> None:
        super().__init__(parent)
        self.paths, self.panel = paths, panel
        self._job: CliJob | None = None
        self._queue: list[list[str]] = []
        self.limits = None   # Limits for the child; set by the window
        self.panel.cancel_requested.connect(self.cancel)

    def start_up(self) -> None:
        """On start: index the bundled samples the first time, then only what changed."""
        from index.library import Library  # loads Whoosh: not needed for the first page
        library = Library(self.paths)
        samples = samples_dir()
        if samples.is_dir() and str(samples.resolve()) not in {str(f.resolve()) for f in library.folders}:
            self.add_folder(samples)
        else:
            self.update()

    def add_folder(self, folder: Path) -> None:
        self._run(["index", "add", str(folder)], f"Indexing {folder.name}…")

    def update(self) -> None:
        self._run(["index", "update"], "Checking the library for changes…")

    def busy(self) -> bool:
        return self._job is not None

    def _run(self, args: list[str], text: str) -> None:
        if self._job is not None:
            self._queue.append(args)
            return
        self._job = CliJob([*args, "--json-progress", *self.paths.cli_args()], self, limits=self.limits)
        self._job.event.connect(self._on_event)
        self._job.finished.connect(self._on_finished)
        self.panel.set_indexing(True, text)
        self._job.start()

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
            self.indexing_finished.emit(1, "cancelled")

    @Slot(int, object)
    def _on_event(self, job_id: int, event: dict) -> None:
        if self._job is None or job_id != self._job.job_id or "files" not in event:
            return
        name = Path(str(event.get("file", ""))).name
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
            self.indexing_finished.emit(code, text)
