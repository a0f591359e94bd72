"""Reading files for the index, in worker processes when there is more than one core.

Both passes of :mod:`index.build` read here: the first for the text alone (``text_only``),
the second for the notes, citations and prepared records.

Reading a page (its text, the footnote engine, the citation finder, the analysis of its
words) takes about four times the CPU of writing it into Whoosh (9.6 and 2.6 ms per page
at 5,000 pages), so reading runs in up to ``MAX_WORKERS`` processes while the calling
process writes. A worker that dies (MuPDF crashing on a hostile file, the memory limit)
breaks the pool: the files in flight are then read again one per fresh process, so only
the culprit is skipped. Results come back in submission order. On Linux the workers also
report each page they read (:class:`_PageReports`), so progress moves within a big file.
"""
from __future__ import annotations

import functools
import gc
import json
import logging
import multiprocessing
import os
import select
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from index.backend.analysis import make_schema
from index.extract import Extracted, extract
from index.store import NO_ROOM
from reader.core.errors import ReaderError
from reader.core.settings import Limits

logger = logging.getLogger(__name__)

MAX_WORKERS = 2
#: Files submitted ahead per worker, and their bytes on disk in all: the workers keep
#: reading while this process commits (a commit writes the batch's postings: seconds in
#: which two files ahead per worker left the workers idle), and bound the memory of
#: finished but unwritten files.
AHEAD = 12
AHEAD_BYTES = 64 << 20

#: Outcome of reading one file: its pages, or the sentence saying why it was skipped.
Outcome = Extracted | str


def default_workers() -> int:
    return max(1, min(MAX_WORKERS, (os.cpu_count() or 1)))


def read_file(path: Path, limits: Limits, cache_dir: Path | None,
              on_page: Callable[[int, int], None] | None = None, records: Path | None = None,
              layers: Path | None = None, text_only: bool = False) -> Outcome:
    """extract(), with every failure turned into a skip reason (runs in a worker, too)."""
    if on_page is None and _report_fd is not None:   # in a worker: tell the parent
        on_page = functools.partial(_report_page, _report_fd, str(path))
    try:
        return extract(path, limits=limits, cache_dir=cache_dir, progress=on_page, records=records,
                       layers=layers, text_only=text_only).analyze(_schema())
    except ReaderError as exc:
        return str(exc)
    except OSError as exc:
        if exc.errno in NO_ROOM:
            raise    # a full disk (the layout cache) is no fault of the file: stop, skip nothing
        logger.warning("Indexing %s failed", path, exc_info=True)
        return f"{path.name} could not be indexed: {exc}"
    except Exception as exc:  # MuPDF can fail in many ways on hostile files; go on
        logger.warning("Indexing %s failed", path, exc_info=True)
        return f"{path.name} could not be indexed: {exc}"


@functools.cache
def _schema():
    return make_schema()


def read_many(paths: Sequence[Path], *, limits: Limits, cache_dir: Path | None, workers: int,
              on_page: Callable[[Path, int, int], None] | None = None,
              records: Path | None = None, layers: Path | None = None,
              text_only: bool = False) -> Iterator[tuple[Path, Outcome]]:
    """(path, outcome) for each of *paths*, in order. Close the iterator to stop early.
    *records*: the prepared records' folder, read and written; *layers*: the reader's
    layers' folder, read; *text_only*: the first pass (``extract``)."""
    if workers <= 1 or len(paths) < 2:
        for path in paths:
            progress = (lambda page, of, path=path: on_page(path, page, of)) if on_page else None
            yield path, read_file(path, limits, cache_dir, progress, records, layers, text_only)
        return
    pending = deque(paths)
    inflight: deque = deque()
    reports = _PageReports() if on_page is not None and sys.platform.startswith("linux") else None
    pool = _pool(workers, reports)
    finished = False
    try:
        while pending or inflight:
            while pending and _room(inflight, workers):
                path = pending.popleft()
                inflight.append((path, pool.submit(read_file, path, limits, cache_dir, None, records, layers, text_only),
                                 _size(path)))
            path, future, _bytes = inflight.popleft()
            try:
                yield path, _result(future, path, reports, on_page)
            except BrokenProcessPool:
                suspects = [path, *(p for p, _, _ in inflight)]
                inflight.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                for suspect in suspects:
                    yield suspect, _read_alone(suspect, limits, cache_dir, records, layers, text_only)
                pool = _pool(workers, reports)
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=False, cancel_futures=True)
        else:
            _stop(pool)
        if reports is not None:
            reports.close()


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool whose results are no longer wanted (the caller stopped early: cancelled,
    a full disk): end its workers and wait for its manager thread. Left running, the
    thread may close its wake-up pipe just as Python's exit hook writes to it, which
    prints a traceback (OSError: Bad file descriptor, CPython 3.11) after our one line."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _room(inflight: deque, workers: int) -> bool:
    """Whether another file may be submitted: always up to one per worker, then up to
    AHEAD per worker as long as their files hold AHEAD_BYTES in all."""
    if len(inflight) < workers:
        return True
    return len(inflight) < workers * AHEAD and sum(size for _, _, size in inflight) < AHEAD_BYTES


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _result(future, path: Path, reports: _PageReports | None, on_page) -> Outcome:
    """The future's outcome; meanwhile the pages the workers report for *path* (the file
    the caller waits for: the others' turn comes) go to *on_page*."""
    if reports is None:
        return future.result()
    while True:
        try:
            return future.result(timeout=0.1)
        except TimeoutError:
            for name, page, of in reports.take():
                if name == str(path):
                    on_page(path, page, of)


class _PageReports:
    """A pipe the forked workers write their pages to: one JSON line per page, written
    whole by one os.write (POSIX keeps writes below PIPE_BUF whole on a pipe, so workers
    need no lock a killed worker could leave held); a full pipe drops reports rather than
    blocking a worker."""

    def __init__(self) -> None:
        self.read_fd, self.write_fd = os.pipe()
        os.set_blocking(self.read_fd, False)
        os.set_blocking(self.write_fd, False)
        self._rest = b""

    def take(self) -> list[tuple[str, int, int]]:
        chunks = [self._rest]
        while True:
            try:
                chunk = os.read(self.read_fd, 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        *lines, self._rest = b"".join(chunks).split(b"\n")
        return [tuple(json.loads(line)) for line in lines if line]

    def close(self) -> None:
        os.close(self.read_fd)
        os.close(self.write_fd)


#: In a worker: the write end of the parent's _PageReports pipe (None elsewhere).
_report_fd: int | None = None


def _report_page(fd: int, path: str, page: int, of: int) -> None:
    line = (json.dumps([path, page, of]) + "\n").encode()
    if len(line) <= select.PIPE_BUF:
        try:
            os.write(fd, line)
        except OSError:   # full (the parent is busy writing the index) or gone: skip it
            pass


def _read_alone(path: Path, limits: Limits, cache_dir: Path | None, records: Path | None,
                layers: Path | None, text_only: bool = False) -> Outcome:
    with _pool(1, None) as pool:
        try:
            return pool.submit(read_file, path, limits, cache_dir, None, records, layers, text_only).result()
        except BrokenProcessPool:
            logger.warning("Reading %s crashed its process", path)
            return f"{path.name} made Ibid's reader crash; it is left out of the index."


def _pool(workers: int, reports: _PageReports | None) -> ProcessPoolExecutor:
    # fork starts fast and needs no importable __main__. It is safe here because indexing
    # runs in a process of its own (``ibid index``); a threaded caller passes workers=1.
    linux = sys.platform.startswith("linux")
    context = multiprocessing.get_context("fork" if linux else "spawn")
    report_fd = reports.write_fd if reports is not None else None
    return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_start_worker if linux else None, initargs=(os.getpid(), report_fd))


def _start_worker(parent: int, report_fd: int | None) -> None:
    global _report_fd
    _report_fd = report_fd
    _die_with_parent(parent)
    # The objects inherited from the parent are never garbage: keep the collector off
    # them, and collect the young generation less often (a page's text dict makes
    # thousands of short-lived objects; 3-5% of a worker's CPU went to the collector).
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def _die_with_parent(parent: int) -> None:
    """A forked worker keeps the pool's pipes open and would wait forever for work once its
    parent is killed (the GUI cancels indexing with kill): ask Linux to kill it too."""
    import ctypes
    import signal
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:   # the parent died before prctl
        os._exit(1)
