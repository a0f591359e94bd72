"""Whole-document work in a child process: our own command line under QProcess.

The child speaks the one protocol of :mod:`reader.core.child`: it opens its own copy of
the document (PyMuPDF is not thread-safe), applies the time and memory limits, prints
events as JSON lines on stderr (``{"page": 12, "of": 340}``, read with ``child.read_line``)
and its result on stdout. Given *seconds*, the job kills a child that outlives them by
``child.STARTUP_SECONDS`` (MuPDF's C code can keep the child's own time limit from firing),
as ``child.run`` does. A hostile file can take the child down, never the window.
Cancelling is ``kill()``. Results carry the job id; a stale job's results are dropped.
"""
from __future__ import annotations

import atexit
import functools
import hashlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal, Slot

from reader.core.paths import readable
from reader.core.settings import Limits

logger = logging.getLogger(__name__)


class CliJob(QObject):
    #: Progress of the child (job id, done, total).
    progressed = Signal(int, int, int)
    #: The child reported something as a JSON object on stderr (job id, dict).
    event = Signal(int, object)
    #: The child finished (job id, exit code, stdout text, last stderr line that is not progress).
    finished = Signal(int, int, str, str)

    _next_id = 0

    def __init__(self, args: list[str], parent: QObject | None = None, *, limits: Limits | None = None,
                 seconds: float | None = None, what: str = "") -> None:
        super().__init__(parent)
        CliJob._next_id += 1
        self.job_id = CliJob._next_id
        self.args = args
        self._stdout = bytearray()
        self._stderr_tail = ""
        self._partial = b""
        self._proc = QProcess(self)
        self._proc.readyReadStandardOutput.connect(self._on_stdout)
        self._proc.readyReadStandardError.connect(self._on_stderr)
        self._proc.finished.connect(self._on_finished)
        self._proc.errorOccurred.connect(self._on_error)
        self._limits = limits
        self._done = False
        self._seconds, self._what = seconds, what or f"ibid {args[0] if args else ''}".strip()
        self._timer: QTimer | None = None

    def start(self) -> None:
        from reader.core import child  # (after page 1)
        from reader.core.child import LIMITS_ENV, STARTUP_SECONDS, args_env, cli_prefix, limits_env
        prefix = cli_prefix()
        # A file whose name is not UTF-8 gets a link; any other such name (a folder) its bytes in the environment.
        args, extra = args_env([_passable(arg) for arg in self.args])
        if self._limits is not None:   # the child applies the same time and memory limits
            extra[LIMITS_ENV] = limits_env(self._limits, {})[LIMITS_ENV]
        if self._seconds is not None:   # killed past its time: the child opens its file once, in itself
            extra[child.WATCHED_ENV] = str(os.getpid())
        if extra:
            env = QProcessEnvironment.systemEnvironment()
            for key, value in extra.items():
                env.insert(key, value)
            self._proc.setProcessEnvironment(env)
        logger.debug("Starting %s", [*prefix, *args])
        self._proc.start(prefix[0], [*prefix[1:], *args])
        if self._seconds is not None:
            self._timer = QTimer(self)
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(self._on_time_up)
            self._timer.start(int((self._seconds + STARTUP_SECONDS) * 1000))

    @Slot()
    def _on_time_up(self) -> None:
        """The child outlived its limit: kill it and say so, as ``child.run`` would."""
        if self._done or not self.running():
            return
        self._done = True
        self._proc.kill()
        self._proc.waitForFinished(2000)
        self.finished.emit(self.job_id, 1, "", f"{self._what} took longer than {self._seconds:g} seconds; Ibid stopped.")

    def cancel(self) -> None:
        if self._proc.state() != QProcess.ProcessState.NotRunning:
            self._done = True      # a cancelled job reports nothing
            self._proc.kill()
            self._proc.waitForFinished(2000)

    def running(self) -> bool:
        return self._proc.state() != QProcess.ProcessState.NotRunning

    @Slot()
    def _on_stdout(self) -> None:
        self._stdout += bytes(self._proc.readAllStandardOutput())

    @Slot()
    def _on_stderr(self) -> None:
        data = self._partial + bytes(self._proc.readAllStandardError())
        *lines, self._partial = data.split(b"\n")
        for raw in lines:
            self._handle_stderr_line(raw.decode("utf-8", "replace").strip())

    def _handle_stderr_line(self, line: str) -> None:
        from reader.core.child import progress_of, read_line
        if not line:
            return
        event = read_line(line)
        if event is None:
            self._stderr_tail = line
            return
        self.event.emit(self.job_id, event)
        progress = progress_of(event)
        if progress is not None:
            self.progressed.emit(self.job_id, *progress)

    @Slot(int, QProcess.ExitStatus)
    def _on_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        if self._done:
            return
        self._done = True
        self._on_stdout()
        self._on_stderr()
        self._handle_stderr_line(self._partial.decode("utf-8", "replace").strip())
        if status == QProcess.ExitStatus.CrashExit and not self._stderr_tail:
            self._stderr_tail = "the worker process stopped unexpectedly (it may have run out of memory)"
            code = code or 1
        self.finished.emit(self.job_id, code, self._stdout.decode("utf-8", "replace"), self._stderr_tail)

    @Slot(QProcess.ProcessError)
    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and not self._done:
            self._done = True
            self.finished.emit(self.job_id, 127, "", "could not start the worker process")


def _passable(arg: str) -> str:
    """*arg*, or for a file whose name is not UTF-8, a link to it with a UTF-8 name.

    QProcess takes its arguments as Unicode text: the bytes that are not UTF-8 (kept by
    Python as lone surrogates) would be lost and the child would look for another file.
    The link lives in a private temporary folder of this process, removed when it ends.
    """
    if readable(arg) == arg or not os.path.isfile(arg):
        return arg
    suffix = Path(arg).suffix if readable(Path(arg).suffix) == Path(arg).suffix else ""
    link = _links_folder() / (hashlib.sha256(os.fsencode(arg)).hexdigest()[:24] + suffix)
    if not link.is_symlink():
        link.symlink_to(arg)
    return str(link)


@functools.cache
def _links_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="ibid-names-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder
