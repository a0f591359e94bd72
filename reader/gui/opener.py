"""Opening a document for the window: sniff, let a child try first, ask for passwords.

PDFs open here directly: MuPDF reads them lazily. EPUB, XPS and CBZ are laid out by MuPDF
when opened, and Markdown, HTML and text by Story; a hostile file can make that take
minutes and gigabytes, so unless its prepared record says a child read it within the
limits before (or the layout cache holds it), the child that prepares the record (``ibid
prepare FILE --cache DIR --json-progress``, the time and memory limits) opens it first.
Its ``{"opened": ...}`` event says the file is safe (and laid out into the cache): the
window opens its own view then, while the same child goes on reading the notes; what it
finishes with is handed on as ``prepare_finished``. One opening in the window, one in
the child, none twice. Errors become one sentence in ``failed``; nothing is raised.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from reader.core import formats
from reader.core.document import Document, layout_cache_path
from reader.core.errors import LayoutNotCached, PasswordRequired, ReaderError
from reader.core.paths import Paths
from reader.core.settings import Limits
from reader.core.textlayout import DEFAULT, TextLayout
from reader.gui import dialogs

#: Files up to this size are hashed here, on the GUI thread, to find their prepared record
#: (64 MB: about 0.1 s); a bigger one is left to the child, which finds its record or makes it.
HASH_HERE_BYTES = 64 << 20

if TYPE_CHECKING:
    from reader.gui.jobs import CliJob


class DocumentOpener(QObject):
    #: The document is open (Document, 0-based page asked for or None).
    opened = Signal(object, object)
    #: It could not be opened (a sentence for the user).
    failed = Signal(str)
    #: A child is opening (and preparing) the file (file name).
    started = Signal(str)
    #: The child that opened a file went on to prepare its record and ended (path, exit
    #: code, stdout, its last line of text): the notes of that view.
    prepare_finished = Signal(Path, int, str, str)
    #: Progress of that child's reading (done, total pages).
    prepare_progressed = Signal(int, int)

    def __init__(self, paths: Paths, limits: Limits, parent: QWidget) -> None:
        super().__init__(parent)
        self.paths, self.limits = paths, limits
        self._job: CliJob | None = None
        self._pending: tuple[Path, int | None] | None = None
        self._probed: set[tuple] = set()
        self._laid_out: Path | None = None    # the file a child has just laid out
        self._opened_by_child = False          # the child's "opened" event came
        self._open_timer = None                # the child's time to open the file (QTimer)
        self._result: tuple[Path, int, str, str] | None = None   # how that child ended, till handed over
        self.cli_args: list[str] = []          # e.g. --basedir, so the child finds the same records
        #: The text size and margins EPUB, Markdown, HTML and text files are laid out with (the window's setting).
        self.text = DEFAULT

    def open(self, path: Path, page: int | None = None, password: str | None = None) -> None:
        self._result = None      # (a new view: the end of an earlier child is no news)
        if self._pending is not None and self._pending[0] != path:
            self.cancel()    # the child still reading the document shown before
        try:
            sniffed = formats.sniff(path)
            if sniffed.format != "pdf" and not self._opened_before(path, sniffed.format):
                self._start_child(path, page)
                return
            doc = Document.open(path, password, limits=self.limits, cache_dir=self.paths.layout_cache,
                                check_structure=False,   # checked once page 1 is drawn
                                cached_only=sniffed.format in formats.REFLOWABLE, text=self.text)
        except LayoutNotCached:   # the cache entry was damaged (and removed): lay out again
            if self._laid_out == path:
                self._fail(path, f"{path.name} was laid out, but the layout could not be read back from "
                                 f"{self.paths.layout_cache}.")   # no second round
            else:
                self._start_child(path, page)
            return
        except PasswordRequired as exc:
            again = dialogs.ask_password(self.parent(), path.name, exc.wrong_password)
            if again is not None:
                self.open(path, page, again)
            else:
                self._fail(path, str(exc))
            return
        except ReaderError as exc:
            self._fail(path, str(exc))
            return
        self.opened.emit(doc, page)

    def _fail(self, path: Path, text: str) -> None:
        """*path* is not shown: say why, and end the child still reading it."""
        if self._pending is not None and self._pending[0] == path:
            self.cancel()
        self.failed.emit(text)

    def busy(self) -> bool:
        return self._job is not None

    def preparing(self, path: Path) -> bool:
        """True while the child that opened *path* is still making its record, or has ended
        and its end was not handed over yet (:meth:`hand_over`)."""
        if self._result is not None:
            return self._result[0] == path
        return self._job is not None and self._opened_by_child and self._pending is not None \
            and self._pending[0] == path

    def hand_over(self, path: Path) -> None:
        """Say again how the child that opened *path* ended (``prepare_finished``), for whoever
        started waiting for it after it ended."""
        result, self._result = self._result, None
        if result is not None and result[0] == path:
            self.prepare_finished.emit(*result)

    def cancel(self) -> None:
        self._stop_open_timer()
        self._result = None
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self._pending = None

    def _opened_before(self, path: Path, fmt: str) -> bool:
        """Did a child open *path*, as it is now, within the limits?"""
        if fmt in formats.REFLOWABLE:
            return layout_cache_path(path, self.paths.layout_cache, self.text).with_suffix(".json").is_file()
        return _file_key(path) in self._probed or self._has_record(path, layout_key(fmt, self.text))

    def _has_record(self, path: Path, layout: str) -> bool:
        """A prepared record exists: a child (or the indexer) opened this content within the limits."""
        from reader.core import record  # (hashlib: never for a PDF, which needs no child)
        from reader.core.document import content_hash
        try:
            return path.stat().st_size <= HASH_HERE_BYTES and \
                record.record_path(self.paths.records, content_hash(path), layout).is_file()
        except OSError:
            return False

    def _start_child(self, path: Path, page: int | None) -> None:
        self.cancel()
        self._pending = (path, page)
        self._opened_by_child = False
        from reader.core.child import STARTUP_SECONDS
        from reader.gui.jobs import CliJob  # QProcess and the job machinery: with the first child
        layout = layout_key(_format_of(path), self.text)
        self._job = CliJob(["prepare", str(path), "--cache", str(self.paths.layout_cache), "--json-progress",
                            *(["--layout", layout] if layout else []), *self.cli_args], self, limits=self.limits,
                           seconds=self.limits.open_seconds + self.limits.analysis_seconds,
                           what=f"Reading {path.name}")
        self._job.event.connect(self._on_child_event)
        self._job.progressed.connect(self._on_child_progress)
        self._job.finished.connect(self._on_child_finished)
        self._open_timer = QTimer(self)   # opening alone has open_seconds, as in every child
        self._open_timer.setSingleShot(True)
        self._open_timer.timeout.connect(self._on_open_time_up)
        self._open_timer.start(int((self.limits.open_seconds + STARTUP_SECONDS) * 1000))
        self.started.emit(path.name)
        self._job.start()

    @Slot()
    def stop_preparing(self) -> None:
        """The user stopped the reading of the notes: end the child if the view is already open."""
        if self._job is not None and self._opened_by_child:
            self.cancel()

    def _stop_open_timer(self) -> None:
        if self._open_timer is not None:
            self._open_timer.stop()
            self._open_timer = None

    @Slot()
    def _on_open_time_up(self) -> None:
        if self._job is None or self._opened_by_child or self._pending is None:
            return
        name = self._pending[0].name
        self.cancel()
        self.failed.emit(f"Opening {name} took longer than {self.limits.open_seconds:g} seconds; Ibid stopped.")

    @Slot(int, object)
    def _on_child_event(self, job_id: int, event: dict) -> None:
        """``{"opened": ...}``: the child opened the file within the limits; open the view here."""
        if self._job is None or job_id != self._job.job_id or self._pending is None or "opened" not in event:
            return
        self._stop_open_timer()
        self._opened_by_child = True
        path, page = self._pending
        self._probed.add(_file_key(path))
        self._laid_out = path
        try:
            self.open(path, page)
        finally:
            self._laid_out = None

    @Slot(int, int)
    def _on_child_progress(self, job_id: int, done: int, total: int) -> None:
        if self._job is not None and job_id == self._job.job_id and self._opened_by_child:
            self.prepare_progressed.emit(done, total)

    @Slot(int, int, str, str)
    def _on_child_finished(self, job_id: int, code: int, out: str, err: str) -> None:
        if self._job is None or job_id != self._job.job_id or self._pending is None:
            return
        path, _page = self._pending
        self._stop_open_timer()
        self._job, self._pending = None, None
        if self._opened_by_child:     # the view is open: the rest was the record
            self._result = (path, code, out, err)
            self.prepare_finished.emit(path, code, out, err)
            return
        self.failed.emit(err.split(": ", 2)[-1] if err.startswith("ibid: ") else
                         (err or f"{path.name} could not be opened (exit status {code})."))


def _file_key(path: Path) -> tuple:
    try:
        stat = path.stat()
        return (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    except OSError:
        return (str(path),)


def layout_key(fmt: str, text: TextLayout) -> str:
    """The layout part of a record's name: *text*'s key for a file Ibid or MuPDF lays out, else ""."""
    return text.key if fmt == "epub" or fmt in formats.REFLOWABLE else ""


def _format_of(path: Path) -> str:
    try:
        return formats.sniff(path).format
    except (ReaderError, OSError):
        return ""        # the child says why
