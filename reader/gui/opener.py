"""Opening a document for the window: sniff, let a child try first, ask for passwords.

PDFs open here directly: MuPDF reads them lazily. EPUB, XPS and CBZ are laid out by MuPDF
when opened, and Markdown, HTML and text by Story; a hostile file can make that take
minutes and gigabytes, so a child process (``ibid layout``) with the time and memory
limits opens them first. Errors become one sentence in ``failed``; nothing is raised.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from reader.core import formats
from reader.core.document import Document, layout_cache_path
from reader.core.errors import LayoutNotCached, PasswordRequired, ReaderError
from reader.core.paths import Paths
from reader.core.settings import Limits
from reader.gui import dialogs

if TYPE_CHECKING:
    from reader.gui.jobs import CliJob


class DocumentOpener(QObject):
    #: The document is open (Document, 0-based page asked for or None).
    opened = Signal(object, object)
    #: It could not be opened (a sentence for the user).
    failed = Signal(str)
    #: A child is laying the file out (file name).
    started = Signal(str)

    def __init__(self, paths: Paths, limits: Limits, parent: QWidget) -> None:
        super().__init__(parent)
        self.paths, self.limits = paths, limits
        self._job: CliJob | None = None
        self._pending: tuple[Path, int | None] | None = None
        self._probed: set[tuple] = set()
        self._laid_out: Path | None = None    # the file a child has just laid out

    def open(self, path: Path, page: int | None = None, password: str | None = None) -> None:
        try:
            sniffed = formats.sniff(path)
            if sniffed.format != "pdf" and not self._opened_before(path, sniffed.format):
                self._start_child(path, page)
                return
            doc = Document.open(path, password, limits=self.limits, cache_dir=self.paths.layout_cache,
                                check_structure=False,   # checked once page 1 is drawn
                                cached_only=sniffed.format in formats.REFLOWABLE)
        except LayoutNotCached:   # the cache entry was damaged (and removed): lay out again
            if self._laid_out == path:
                self.failed.emit(f"{path.name} was laid out, but the layout could not be read back from "
                                 f"{self.paths.layout_cache}.")   # no second round
            else:
                self._start_child(path, page)
            return
        except PasswordRequired as exc:
            again = dialogs.ask_password(self.parent(), path.name, exc.wrong_password)
            if again is not None:
                self.open(path, page, again)
            else:
                self.failed.emit(str(exc))
            return
        except ReaderError as exc:
            self.failed.emit(str(exc))
            return
        self.opened.emit(doc, page)

    def busy(self) -> bool:
        return self._job is not None

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def _opened_before(self, path: Path, fmt: str) -> bool:
        """Did a child open *path*, as it is now, within the limits?"""
        if fmt in formats.REFLOWABLE:
            return layout_cache_path(path, self.paths.layout_cache).with_suffix(".json").is_file()
        return _file_key(path) in self._probed

    def _start_child(self, path: Path, page: int | None) -> None:
        self.cancel()
        self._pending = (path, page)
        from reader.gui.jobs import CliJob  # QProcess and the job machinery: with the first child
        self._job = CliJob(["layout", str(path), "--cache", str(self.paths.layout_cache)], self, limits=self.limits,
                           seconds=self.limits.open_seconds, what=f"Opening {path.name}")
        self._job.finished.connect(self._on_child_finished)
        self.started.emit(path.name)
        self._job.start()

    @Slot(int, int, str, str)
    def _on_child_finished(self, job_id: int, code: int, _out: str, err: str) -> None:
        if self._job is None or job_id != self._job.job_id or self._pending is None:
            return
        path, page = self._pending
        self._job, self._pending = None, None
        if code != 0:
            self.failed.emit(err.split(": ", 2)[-1] if err.startswith("ibid: ") else
                             (err or f"{path.name} could not be opened (exit status {code})."))
            return
        self._probed.add(_file_key(path))
        self._laid_out = path
        try:
            self.open(path, page)
        finally:
            self._laid_out = None


def _file_key(path: Path) -> tuple:
    try:
        stat = path.stat()
        return (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    except OSError:
        return (str(path),)
