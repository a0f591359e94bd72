"""``build()``: make the index hold exactly the given files, re-reading only what changed.

A file is unchanged when size and mtime match its file record and its layer (the reader's
note corrections, highlights and comments, :mod:`reader.core.layer`) has the stamp the
record kept; when size or mtime differ but the content hash matches, only the record is
refreshed. A file whose layer changed is read again (its notes as corrected now). Changed and new files are re-read;
files no longer listed leave the index. Work is committed in batches, each atomically with
whole files only, so a crash or kill -9 loses at most the batch in progress and the next
run completes the rest. The first batch is committed after ``commit_seconds`` (the first
documents become searchable soon); the interval then doubles up to ``MAX_COMMIT_SECONDS``,
since every commit makes a segment that each query visits until segments are merged. One more
commit falls when the last files have been handed to the reading processes, so that little is
left to write once they are done.

Two passes (issue 23). The first reads the changed files for their text alone (MuPDF's text
blocks, no footnote engine, no citation finders) and commits it: every page is searchable at
the rate MuPDF and Whoosh allow, its file record marked ``analysed="no"``. The second then
reads every file still marked so (those of this run, and those a killed or cancelled run
left) in full, in the same reading processes: notes, citations, annotations and the prepared
record; it writes the file's pages again with them, and its record ``analysed="yes"``, in
the same atomic batches. A kill at any point loses at most the batch in progress of either
pass; the next run reads no file twice and finishes both.
"""
from __future__ import annotations

import contextlib
import gc
import logging
import os
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from index import store
from index.extract import Extracted
from index.folders import discover
from index.schema import ANALYSED, TEXT_ONLY, Analyzed, file_key, from_index, page_key, to_index
from index.workers import AHEAD, default_workers, read_many
from reader.core import layer
from reader.core.document import content_hash
from reader.core.paths import readable, regular_file
from reader.core.settings import Limits

logger = logging.getLogger(__name__)

#: progress(event): {"file", "file_index" (1-based), "files", "page", "of"} per page read,
#: and {"file", "file_index", "files", "status": "indexed"|"skipped", "reason"?} per file;
#: in the second pass, "pass": 2 and the status "analysed" (file_index counts that pass's files).
Progress = Callable[[dict], None]

#: The longest interval between commits (seconds of work a crash can lose).
MAX_COMMIT_SECONDS = 12.0


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass(frozen=True)
class Offline:
    """A folder that could not be read (unmounted, no permission): its documents stay."""
    folder: str
    reason: str      # "not found", "Permission denied", ...
    documents: int   # indexed files below it, kept in the index


@dataclass
class BuildReport:
    indexed: list[str] = field(default_factory=list)     # new or changed files, read again
    removed: list[str] = field(default_factory=list)     # files that left the index
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)  # could not be read (this run or before)
    offline: list[Offline] = field(default_factory=list)  # folders not read: their documents kept
    pages: int = 0                                        # pages written in this run (first pass)
    analysed: list[str] = field(default_factory=list)    # files whose notes and citations this run added
    unanalysed: int = 0                                   # files left with their text only (not analysed yet)
    messages: list[str] = field(default_factory=list)    # e.g. "the index was damaged; ..."
    cancelled: bool = False
    seconds: float = 0.0

    def to_json(self) -> dict:
        return {"indexed": self.indexed, "removed": self.removed, "unchanged": self.unchanged,
                "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
                "pages": self.pages, "messages": self.messages, "cancelled": self.cancelled,
                "seconds": round(self.seconds, 3), "analysed": self.analysed, "unanalysed": self.unanalysed,
                "offline": [{"folder": o.folder, "reason": o.reason, "documents": o.documents}
                            for o in self.offline]}


class _Cancelled(Exception):
    pass


def build(index_dir: Path, paths: Iterable[Path | str], *, progress: Progress | None = None,
          cancel: Callable[[], bool] | None = None, limits: Limits | None = None,
          cache_dir: Path | None = None, wait: float = 10.0,
          commit_seconds: float = 3.0, commit_pages: int = 2000, workers: int | None = None,
          records: Path | None = None, offline: dict[str, str] | None = None,
          layers: Path | None = None, analyse: bool = True) -> BuildReport:
    """Index *paths* (files, or folders searched for supported files) into *index_dir*.

    Files are read in *workers* processes (default: up to 2, one per core; 1 = in this
    process, with per-page progress; pass 1 from a process with threads, e.g. the GUI);
    this process writes the index.
    With *records* (``Paths.records``), each file's prepared record is read when there is
    one and written when there is not, so the window shows its notes without analysing it.
    *offline*: folders that could not be read (path -> reason, as ``discover`` gives them):
    the indexed files below them are not in *paths* but stay in the index (``report.offline``).
    *layers* (``Paths.layers``): the reader's corrections are applied to the notes indexed,
    and highlights and comments indexed (``in:annotations``).
    Without *analyse*, only the first pass runs (the text; ``report.unanalysed`` files are
    left for the next build to analyse).
    Raises IndexBusy when another process keeps the write lock longer than *wait* seconds.
    """
    started = time.monotonic()
    report = BuildReport()
    files = expand(paths)
    try:
        _build(Path(index_dir), files, report, progress, cancel, limits or Limits(), cache_dir, wait,
               commit_seconds, commit_pages, default_workers() if workers is None else workers, records,
               offline or {}, layers, analyse)
    except OSError as exc:
        if not store.is_no_room(exc):
            raise
        logger.info("Indexing stopped: %r", exc)
        failure = store.disk_full(Path(index_dir), exc)
        _drop_frames(exc)
    else:
        report.seconds = time.monotonic() - started
        return report
    with store.locked(Path(index_dir), wait=wait):
        ix = store.open_index(Path(index_dir), create=False, wait=wait)
        if ix is not None:
            store.remove_partial_files(ix)
    raise failure


def _drop_frames(exc: BaseException) -> None:
    """Free the frames of a failed build (with them the files of the writer that failed,
    which Whoosh could not close) now, without their ResourceWarnings."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        while exc is not None:
            exc.__traceback__ = None
            exc = exc.__context__
        gc.collect()


def _build(index_dir: Path, files: list[Path], report: BuildReport, *job_args) -> None:
    ix = store.open_index(index_dir, messages=report.messages, wait=job_args[4])
    with store.locked(index_dir, wait=job_args[4]):
        store.remove_partial_files(ix)   # left by a run that failed (disk full) or was killed
    job = _Job(ix, report, *job_args)
    try:
        job.run(files)
    except BaseException:
        job.abort()   # the batch in progress may hold half a file: drop it, keep what is committed
        raise
    try:
        job.close()
    except BaseException:
        job.abort()   # a commit that failed (disk full) is not in the table of contents
        raise
    if not report.cancelled:
        store.remove_old_indexes(index_dir)   # the new index is complete: the old one served its turn


def expand(paths: Iterable[Path | str]) -> list[Path]:
    """Absolute file paths (symlinks kept as named), folders replaced by their documents."""
    files: dict[str, Path] = {}
    for item in paths:
        path = Path(os.path.abspath(item))
        for found in discover([path]) if path.is_dir() else [path]:
            files.setdefault(str(found), found)
    return list(files.values())


def _below(path: str, folders) -> str | None:
    """The one of *folders* that holds *path*, if any."""
    return next((f for f in folders if path.startswith(f.rstrip(os.sep) + os.sep)), None)


class _Job:
    def __init__(self, ix, report, progress, cancel, limits, cache_dir, wait, commit_seconds, commit_pages,
                 workers, records, offline, layers, analyse=True):
        self.offline = offline
        self.analyse = analyse
        self.layers = layers
        self.ix, self.report, self.progress, self.cancel = ix, report, progress, cancel
        self.limits, self.cache_dir, self.wait = limits, cache_dir, wait
        self.commit_seconds, self.commit_pages = commit_seconds, commit_pages
        self.writer = store.writer(ix, wait=wait)
        self.pending = 0            # pages + records written since the last commit
        self.last_commit = time.monotonic()
        self.workers = workers
        self.records = records
        self.checked: dict[Path, tuple] = {}     # path -> (stat, digest, layer stamp) of files to read
        self.numbers: dict[Path, int] = {}
        self.total = 0
        self.second = False         # in the second pass

    def run(self, files: list[Path]) -> None:
        known = self._known_files()
        wanted = {str(p) for p in files}
        kept = {folder: 0 for folder in self.offline}
        for path in sorted(set(known) - wanted):
            folder = _below(path, kept)
            if folder is not None:   # not read, not gone: the drive may come back
                kept[folder] += 1
                continue
            self.writer.delete_by_term("path", to_index(path))
            self.report.removed.append(path)
            self.pending += 1
        self.report.offline = [Offline(f, self.offline[f], n) for f, n in kept.items()]
        self.numbers = {path: number for number, path in enumerate(files, start=1)}
        self.total = len(files)
        try:
            self._read_and_store(self._changed_files(files, known))
            self._commit()   # the text of every file is searchable before the second pass starts
            todo = self._unanalysed(files)
            self.report.unanalysed = len(todo)
            if self.analyse:
                self._analyse(todo)
        except _Cancelled:
            self.report.cancelled = True

    # -- the second pass -----------------------------------------------------------------------
    def _unanalysed(self, files: list[Path]) -> list[tuple[Path, dict]]:
        """(path, file record) of the files of *files* whose pages hold their text only."""
        wanted = {str(path): path for path in files}
        with self.ix.searcher() as searcher:
            found = [(wanted.get(from_index(r["path"])), r) for r in searcher.documents(kind="file", analysed=TEXT_ONLY)]
        return [(path, record) for path, record in found if path is not None and not record.get("error")]

    def _analyse(self, todo: list[tuple[Path, dict]]) -> None:
        """The second pass: read *todo* in full and write their pages again, analysed."""
        known = dict(todo)
        paths = [path for path, _record in todo]
        self.numbers = {path: number for number, path in enumerate(paths, start=1)}
        self.total, self.second = len(paths), True
        outcomes = read_many(paths, limits=self.limits, cache_dir=self.cache_dir, workers=self.workers,
                             on_page=self._on_page, records=self.records, layers=self.layers)
        tail = len(paths) - self.workers * AHEAD if self.workers > 1 else -1
        with contextlib.closing(outcomes):
            for done, (path, outcome) in enumerate(outcomes, start=1):
                if self.cancel and self.cancel():
                    raise _Cancelled
                if self._store_analysed(path, known[path], outcome):
                    self.report.unanalysed -= 1
                self._maybe_commit(now=done == tail)

    def _store_analysed(self, path: Path, record: dict, outcome) -> bool:
        """Write *outcome* as the analysed pages of *path*; False when the file changed since."""
        try:
            stat = regular_file(path)
        except OSError:
            stat = None
        if stat is None or (stat.st_size, stat.st_mtime) != (record.get("size"), record.get("mtime")):
            return False   # changed (or gone) since its text was read: the next update reads it again
        checked = (stat, record.get("hash", ""), record.get("layer", ""))
        if isinstance(outcome, str):   # the full reading failed (time limit, crash): skipped, as before
            if str(path) in self.report.indexed:
                self.report.indexed.remove(str(path))
            self._skip(path, outcome, checked, self._number(path))
            return True
        self.writer.delete_by_term("path", to_index(str(path)))
        self._write_pages(path, outcome)
        self._write_file_record(path, stat, checked[1], outcome.page_count, "", outcome.title, outcome.symbol,
                                checked[2], analysed=ANALYSED)
        self.report.analysed.append(str(path))
        self.pending += len(outcome.pages) + 1
        if self.progress:
            self.progress({"file": str(path), "file_index": self._number(path), "files": self.total,
                           "status": "analysed", "pass": 2, "page": outcome.page_count, "of": outcome.page_count})
        return True

    def _changed_files(self, files: list[Path], known: dict[str, dict]) -> list[Path]:
        """The files to read; unchanged ones are counted (and their records refreshed)."""
        todo = []
        for path in files:
            if self.cancel and self.cancel():
                raise _Cancelled
            checked = self._check_file(path, known.get(str(path)))
            if checked:
                todo.append(path)
                self.checked[path] = checked
            self._maybe_commit()
        return todo

    def _read_and_store(self, todo: list[Path]) -> None:
        outcomes = read_many(todo, limits=self.limits, cache_dir=self.cache_dir, workers=self.workers,
                             on_page=self._on_page, records=self.records, layers=self.layers, text_only=True)
        # The last commit runs after the reading processes have finished: with the interval
        # doubling it held up to 12 s of pages, a sixth of a build in which one core idled.
        # Commit once more when the files left are those already handed to the workers, so
        # that this commit overlaps their reading and the last one is small.
        tail = len(todo) - self.workers * AHEAD if self.workers > 1 else -1
        with contextlib.closing(outcomes):
            for stored, (path, outcome) in enumerate(outcomes, start=1):
                if self.cancel and self.cancel():
                    raise _Cancelled
                self._store(path, self.numbers[path], outcome)
                self._maybe_commit(now=stored == tail)

    def close(self) -> None:
        """Commit the last batch (also after cancel: only whole files are in it)."""
        if self.writer is None:
            return
        if self.pending:
            self.writer.commit(mergetype=store.merge_policy)
        else:
            self.writer.cancel()
        self.writer = None

    def abort(self) -> None:
        writer, self.writer = self.writer, None
        if writer is None:
            return
        try:
            writer.cancel()
        except Exception as exc:   # closing its files flushes them, which fails on a full disk too
            logger.info("Cancelling the index writer: %r", exc)
            with contextlib.suppress(Exception):
                writer.writelock.release()

    def _known_files(self) -> dict[str, dict]:
        with self.ix.searcher() as searcher:
            return {from_index(fields["path"]): fields for fields in searcher.documents(kind="file")}

    def _check_file(self, path: Path, record: dict | None):
        """(stat, digest, layer stamp) when *path* must be read; None when it is unchanged or
        unreadable."""
        try:
            stat = regular_file(path)   # NotAFile for a pipe or a device: hashing one never ends
            if record and record.get("size") == stat.st_size and record.get("mtime") == stat.st_mtime:
                stamp = self._layer_stamp(record.get("hash", ""))
                if stamp != record.get("layer", ""):
                    return stat, record.get("hash", ""), stamp   # the reader changed its layer: read again
                self._unchanged(path, record)
                return None
            if stat.st_size > self.limits.max_file_mb * 2**20:
                self._skip(path, f"{path.name} is larger than {self.limits.max_file_mb} MB; Ibid does not "
                                 "open files that big.", None)
                return None
            digest = content_hash(path)
        except OSError as exc:
            self._skip(path, f"{path.name} cannot be read: {exc.strerror}.", None)
            return None
        stamp = self._layer_stamp(digest)
        if record and record.get("hash") == digest and record.get("layer", "") == stamp:
            self._write_file_record(path, stat, digest, record.get("pages", 0), record.get("error", ""),
                                    record.get("title", ""), record.get("symbol", ""), stamp,
                                    analysed=record.get("analysed") or ANALYSED)
            self._unchanged(path, record)
            return None
        return stat, digest, stamp

    def _layer_stamp(self, digest: str) -> str:
        """The stamp of the layer of the content *digest* ("" without layers)."""
        return layer.stamp(self.layers, digest) if self.layers is not None and digest else ""

    def _unchanged(self, path: Path, record: dict) -> None:
        self.report.unchanged += 1
        if record.get("error"):
            self.report.skipped.append(Skipped(str(path), record["error"]))

    def _on_page(self, path: Path, page: int, of: int) -> None:
        """Per-page progress when reading in this process (workers report per file)."""
        if self.progress:
            event = {"file": str(path), "file_index": self._number(path), "files": self.total, "page": page, "of": of}
            self.progress({**event, "pass": 2} if self.second else event)
        if self.cancel and page % 8 == 0 and self.cancel():
            raise _Cancelled

    def _store(self, path: Path, number: int, outcome) -> None:
        stat, digest, stamp = self.checked.pop(path)
        if isinstance(outcome, str):
            self._skip(path, outcome, (stat, digest, stamp), number)
            return
        self.writer.delete_by_term("path", to_index(str(path)))
        self._write_pages(path, outcome)
        self._write_file_record(path, stat, digest, outcome.page_count, "", outcome.title, outcome.symbol, stamp,
                                analysed=ANALYSED if outcome.analysed else TEXT_ONLY)
        self.report.indexed.append(str(path))
        self.report.pages += len(outcome.pages)
        self.pending += len(outcome.pages) + 1
        if self.progress:
            event = {"file": str(path), "file_index": number, "files": self.total, "status": "indexed",
                     "page": outcome.page_count, "of": outcome.page_count}
            self.progress(event)

    def _write_pages(self, path: Path, extracted: Extracted) -> None:
        common = {"kind": "page", "path": to_index(str(path)), "folder": to_index(str(path.parent)),
                  "symbol": extracted.symbol,
                  "title": extracted.title_analyzed or extracted.title, "_stored_title": extracted.title}
        for page in extracted.pages:
            texts = page.analyzed or {"body": page.body, "notes": page.notes, "annotations": page.annotations}
            self.writer.add_document(key=page_key(str(path), page.page), page=page.page,
                                     body=texts["body"], _stored_body=page.body,
                                     notes=texts["notes"], _stored_notes=page.notes,
                                     annotations=texts["annotations"], _stored_annotations=page.annotations,
                                     cites=",".join(page.cites), urls=" ".join(page.urls), **common)

    def _write_file_record(self, path: Path, stat, digest: str, pages: int, error: str,
                           title: str = "", symbol: str = "", stamp: str = "", analysed: str = ANALYSED) -> None:
        self.writer.update_document(key=file_key(str(path)), kind="file", path=to_index(str(path)),
                                    folder=to_index(str(path.parent)), size=stat.st_size, mtime=stat.st_mtime,
                                    hash=digest, pages=pages, error=error, symbol=symbol, layer=stamp,
                                    analysed=analysed,
                                    title=Analyzed(), _stored_title=title or readable(path.stem))   # stored, not searched
        self.pending += 1

    def _skip(self, path: Path, reason: str, stat_digest, number: int | None = None) -> None:
        self.report.skipped.append(Skipped(str(path), reason))
        self.writer.delete_by_term("path", to_index(str(path)))
        self.pending += 1
        if stat_digest:   # remember the failure until the file (or its layer) changes
            stat, digest, stamp = stat_digest
            self._write_file_record(path, stat, digest, 0, reason, stamp=stamp)
        if self.progress:
            self.progress({"file": str(path), "file_index": number or self._number(path), "files": self.total,
                           "status": "skipped", "reason": reason})

    def _number(self, path: Path) -> int:
        return self.numbers.get(path, 0)

    def _commit(self) -> None:
        """Commit what is pending now (the end of the first pass)."""
        if self.pending:
            self._maybe_commit(now=True)

    def _maybe_commit(self, now: bool = False) -> None:
        due = now or time.monotonic() - self.last_commit >= self.commit_seconds
        if self.pending and (due or self.pending >= self.commit_pages):
            self.writer.commit(mergetype=store.merge_policy)
            self.pending = 0
            self.last_commit = time.monotonic()
            self.commit_seconds = min(2 * self.commit_seconds, max(self.commit_seconds, MAX_COMMIT_SECONDS))
            self.writer = store.writer(self.ix, wait=self.wait)
