"""Opening the index directory safely: busy (locked), damaged and outdated indexes.

Whoosh commits atomically: segment files get new names and the table of contents is
written to a temporary file and renamed over, so a process killed mid-commit leaves the
previous generation intact (plus orphan files that the next commit deletes). Only one
writer at a time holds the lock (``fcntl.flock`` on Unix, released by the kernel when a
process dies, so a killed indexer never leaves a stale lock); readers need no lock.
"""
from __future__ import annotations

import contextlib
import errno
import gc
import heapq
import itertools
import logging
import os
import pickle
import shutil
import struct
import time
import warnings
import zlib
from array import array
from datetime import datetime
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3FieldWriter
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import PostingPool, SegmentWriter

from index.schema import SCHEMA_VERSION, Analyzed, make_schema
from reader.core import shared
from reader.core.errors import ReaderError

logger = logging.getLogger(__name__)

VERSION_FILE = "ibid-index-version"
BUSY_MESSAGE = "The library index is busy (another Ibid is indexing); try again in a moment."

#: What a damaged Whoosh index raises while being opened or read.
CORRUPTION_ERRORS = (whoosh_index.IndexError, EOFError, struct.error, pickle.UnpicklingError,
                     zlib.error, ValueError, KeyError, IndexError, TypeError, AttributeError,
                     ImportError, NameError)


class IndexBusy(ReaderError):
    """Another process holds the index's write lock."""


class DiskFull(ReaderError):
    """Writing the index failed for want of room (disk full, quota, file size limit)."""


#: errno values of a write that failed for want of room.
NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def is_no_room(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in NO_ROOM


def disk_full(index_dir: Path, exc: OSError) -> DiskFull:
    return DiskFull(f"No room is left to write the library index in {index_dir} ({exc.strerror or exc}: the disk "
                    "is full); the index keeps what was committed before. Free some space, then run ibid index update.")


def remove_partial_files(ix) -> list[str]:
    """Delete what no committed generation uses: the segment files and the temporary folder
    of a writer that failed (a full disk) or was killed. Call it holding the write lock.

    Whoosh removes such files only when a later commit succeeds, and an update with nothing
    to commit never does; meanwhile they hold the space the user needs to recover.
    """
    storage, name = ix.storage, ix.indexname
    before = set(storage.list())
    toc = ix._read_toc()
    whoosh_index.clean_files(storage, name, toc.generation, toc.segments)
    temp = Path(storage.folder) / f"{name}.tmp"     # the writer's posting pool (SegmentWriter)
    if temp.is_dir():
        shutil.rmtree(temp, ignore_errors=True)
    removed = sorted(before - set(storage.list()))
    if removed:
        logger.info("Removed %d partial index files from %s", len(removed), storage.folder)
    return removed


class IndexDamaged(ReaderError):
    """The index could not be read; it was moved aside."""

    def __init__(self, message: str, moved_to: Path | None = None) -> None:
        super().__init__(message)
        self.moved_to = moved_to


def open_index(index_dir: Path, *, create: bool = True, messages: list[str] | None = None,
               wait: float = 10.0, thorough: bool = True):
    """Open the Whoosh index in *index_dir*, creating it when missing.

    A damaged index is renamed ``<dir>.damaged-<timestamp>`` and an empty one created in its
    place; the sentence saying so is appended to *messages*. An index written by another
    schema version is replaced the same way (``<dir>.old-<timestamp>``). Without *create*,
    a missing index gives None. Creating and replacing happen under the write lock.
    *thorough* also reads every file record (for building; searching skips that cost).
    """
    index_dir = Path(index_dir)
    messages = messages if messages is not None else []
    ix, problem = _try_open(index_dir, thorough)
    if ix is not None or (problem is None and not create):
        return ix
    with locked(index_dir, wait=wait):
        ix, problem = _try_open(index_dir, thorough)   # another process may have repaired it meanwhile
        if ix is not None:
            return ix
        if problem is not None and problem[0] == UNFINISHED:
            return _create(index_dir)      # nothing in it: finish creating it, silently
        if problem is not None:
            why, sentence = problem
            moved = move_aside(index_dir, why)
            messages.append(sentence.format(moved=moved.name))
        return _create(index_dir)


def _try_open(index_dir: Path, thorough: bool = True):
    """(index, None), or (None, None) when there is none, or (None, (why, sentence))."""
    if not _exists(index_dir):
        return None, None
    version = _read_version(index_dir)
    if not version and _is_empty(index_dir):
        # A table of contents without a version file: creation was interrupted between the
        # two writes (versions before this one wrote the table first). Nothing was indexed.
        return None, (UNFINISHED, "")
    if version != str(SCHEMA_VERSION):
        return None, ("old", "The library index was made by another version of Ibid; "
                             "it was moved to {moved} and is rebuilt.")
    with warnings.catch_warnings():
        # Whoosh drops the files of a half-opened index unclosed; their ResourceWarning
        # says nothing the user can act on. Collect them here, while it is ignored.
        warnings.simplefilter("ignore", ResourceWarning)
        ix, problem = _open_or_problem(index_dir, thorough)
        if ix is None:
            gc.collect()
    return ix, problem


def _open_or_problem(index_dir: Path, thorough: bool):
    try:
        return _open_checked(index_dir, thorough), None
    except PermissionError as exc:
        raise ReaderError(f"The library index in {index_dir} cannot be read: {exc.strerror or exc}.") from exc
    except (OSError, *CORRUPTION_ERRORS) as exc:   # OSError too: mmap/seek on garbage offsets (EINVAL)
        logger.warning("Index %s is damaged: %s", index_dir, repr(exc))  # a string: the record must not keep the files alive
        return None, ("damaged", f"The library index was damaged ({type(exc).__name__}); "
                                 "it was moved to {moved} and is rebuilt.")


def _open_checked(index_dir: Path, thorough: bool, attempts: int = 3):
    """open_dir + check; a file deleted under us by another process's commit is retried."""
    for attempt in range(attempts):
        try:
            ix = storage_of(index_dir).open_index()
            check(ix, thorough)
            return ix
        except FileNotFoundError as exc:
            if attempt == attempts - 1:
                raise whoosh_index.IndexError(f"missing file {exc.filename}") from exc
            time.sleep(0.05)
    raise AssertionError("unreachable")


def check(ix, thorough: bool = True) -> None:
    """Read the segments, the file records and a term list: damage shows here.

    Searches skip this (open_dir has read the table of contents; opening the searcher
    would be paid twice): they report damage when their searcher fails.
    """
    if not thorough:
        return
    with ix.searcher() as searcher:
        if thorough:
            for _ in searcher.documents(kind="file"):
                pass
        for _ in zip(range(50), searcher.lexicon("body")):
            pass
        searcher.doc_frequency("kind", "page")


def quietly(function, *args):
    """(function(*args), None), or (None, "ErrorName") when it fails the way a damaged index
    fails. Whoosh's files left open by the failure are collected here, with their
    ResourceWarning ignored; the exception itself is not returned, as its traceback would
    keep them alive."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        result, error = _call(function, args)
        if error is not None:
            gc.collect()
    return result, error


def _call(function, args):
    try:
        return function(*args), None
    except PermissionError:
        raise
    except (OSError, *CORRUPTION_ERRORS) as exc:
        logger.warning("Library index damaged: %s", repr(exc))
        return None, type(exc).__name__


def replace_damaged(index_dir: Path, *, wait: float = 10.0) -> Path:
    """Move a damaged index aside and put an empty one in its place; the new folder name."""
    with locked(index_dir, wait=wait):
        moved = move_aside(index_dir, "damaged")
        _create(index_dir)
    return moved


def move_aside(index_dir: Path, why: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = index_dir.with_name(f"{index_dir.name}.{why}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = index_dir.with_name(f"{index_dir.name}.{why}-{stamp}-{n}")
    os.replace(index_dir, target)
    logger.warning("Moved the library index %s aside to %s", index_dir, target)
    return target


#: Segments past which a commit merges; each costs a searcher's opening and every query.
MAX_SEGMENTS = 10


def merge_policy(writer, segments):
    """Whoosh merge policy: past MAX_SEGMENTS, merge the smallest ones into the new segment.

    Whoosh's MERGE_SMALL left 15 segments after a 5,000-page build with a commit every few
    seconds. Merging only the small ones keeps rewrites rare (merging is pure Python).
    """
    from whoosh.reading import SegmentReader
    if len(segments) < MAX_SEGMENTS:
        return segments
    ordered = sorted(segments, key=lambda s: s.doc_count_all())
    cut = len(ordered) - MAX_SEGMENTS // 2
    for segment in ordered[:cut]:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        if not getattr(writer, "closes_merged_readers", False):   # ours reads the postings later
            reader.close()
    return ordered[cut:]


def writer(ix, *, wait: float = 10.0):
    """A Whoosh writer, waiting up to *wait* seconds for another process's lock.

    The lock is taken here, not by Whoosh: a writer that fails while it is being made (its
    first files cannot be created on a full disk) would keep it until the process ends.
    """
    deadline = time.monotonic() + wait
    lock = ix.lock("WRITELOCK")
    while not lock.acquire(blocking=False):
        if time.monotonic() >= deadline:
            raise IndexBusy(BUSY_MESSAGE)
        time.sleep(0.1)
    try:
        made = Writer(ix, _lk=False)
    except BaseException:
        lock.release()
        raise
    made.writelock = lock    # released by the writer's commit() or cancel()
    return made


@contextlib.contextmanager
def locked(index_dir: Path, *, wait: float = 10.0):
    """Hold the index's write lock without writing (to create or replace the directory)."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileStorage(str(index_dir)).lock("MAIN_WRITELOCK")
    deadline = time.monotonic() + wait
    while not lock.acquire(blocking=False):
        if time.monotonic() >= deadline:
            raise IndexBusy(BUSY_MESSAGE)
        time.sleep(0.1)
    try:
        yield
    finally:
        lock.release()


def storage_of(index_dir: Path) -> FileStorage:
    """The index folder as Whoosh storage, read with seek and read rather than mmap.

    Whoosh wraps each part of an mmapped segment file in ``io.BytesIO(memoryview)``, which
    copies it: every searcher opened (each one-shot ``ibid search``, the GUI after every
    commit, each merge while indexing) copied the whole index into memory, 61 MB and 20-50 ms
    for the 34 MB index of 5,000 pages, growing with the library. Read in place, opening takes
    2 ms, copies nothing, and queries read only the blocks they need.
    """
    return FileStorage(str(index_dir), supports_mmap=False)


def _exists(index_dir: Path) -> bool:
    return index_dir.is_dir() and any(p.name.endswith(".toc") for p in index_dir.iterdir())


#: The problem of an index whose creation was interrupted (empty, no version file).
UNFINISHED = "unfinished"


def _is_empty(index_dir: Path) -> bool:
    """Whether the index in *index_dir* holds no segment (False when it cannot be read)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            ix = storage_of(index_dir).open_index()
            try:
                return not ix._segments()
            finally:
                ix.close()
        except CORRUPTION_ERRORS + (OSError,):
            return False


def _read_version(index_dir: Path) -> str:
    try:
        return (index_dir / VERSION_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _create(index_dir: Path):
    """A new empty index. The version file is written before the table of contents, so a
    process killed in between leaves no index at all rather than one of "another version"."""
    index_dir.mkdir(parents=True, exist_ok=True)
    shared.write_atomic(index_dir / VERSION_FILE, str(SCHEMA_VERSION))   # a unique temp file
    return storage_of(index_dir).create_index(make_schema())


def remove_old_indexes(index_dir: Path) -> list[Path]:
    """Delete the indexes of other versions moved aside from *index_dir* (``<dir>.old-*``).
    Call it once the new index is complete: they only mattered until it was rebuilt.
    Damaged indexes (``<dir>.damaged-*``) are kept for diagnosis."""
    index_dir = Path(index_dir)
    removed = sorted(index_dir.parent.glob(f"{index_dir.name}.old-*"))
    for old in removed:
        shutil.rmtree(old, ignore_errors=True)
        logger.info("Removed the index of another version %s", old)
    return removed


class Writer(SegmentWriter):
    """Whoosh's SegmentWriter with its postings kept by term (:class:`_TermPool`), each
    term's postings written in whole blocks (:func:`_write_terms`), and the segments it
    merges read term by term as the new one is written (:func:`_merged_terms`), instead of
    one tuple per posting, all sorted when the segment is written: Whoosh's pool took 190
    bytes a posting and spilled to disk past 128 MB (every merge at 20,000 pages did), and
    the sort and the per-posting loops were most of the writing process's CPU. Same
    segment files."""

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        self.pool = _TermPool(self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", 128))
        self.closes_merged_readers = True   # (merge_policy leaves them open for us)
        #: Segments merged into this one: (reader, its first new document number, docmap).
        #: Their postings are read term by term while the segment is written, after the
        #: pool's (all numbered lower), instead of passing through the pool one by one.
        self._merged: list[tuple] = []

    def add_reader(self, reader) -> None:
        """Merge *reader*'s segment into this one: its documents now, its postings when the
        segment is written (:func:`_merged_terms`). Takes over closing *reader*."""
        self._check_state()
        basedoc = self.docnum
        fieldnames = set(self.schema.names()) | {name for name in reader.indexed_field_names() if name in self.schema}
        docmap = self.write_per_doc(fieldnames, reader)
        self._merged.append((reader, basedoc, docmap))
        self._added = True

    def _pool_merged(self) -> None:
        """Put the merged segments' postings in the pool after all (Whoosh's way)."""
        for reader, basedoc, docmap in self._merged:
            self.add_postings_to_pool(reader, basedoc, docmap)
        self._close_merged()

    def _close_merged(self) -> None:
        merged, self._merged = self._merged, []
        for reader, _basedoc, _docmap in merged:
            reader.close()

    def cancel(self) -> None:
        try:
            super().cancel()
        finally:
            self._close_merged()

    def add_document(self, **fields) -> None:
        """SegmentWriter.add_document, with the postings of an :class:`Analyzed` value handed
        to the pool a field at a time (:meth:`_TermPool.add_field`) instead of one call and one
        tuple each. Fields with a spelling list or term vectors (none in our schema) go through
        Whoosh's own code."""
        schema = self.schema
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        if any(schema[name].separate_spelling() or schema[name].vector for name in names):
            return super().add_document(**fields)
        self._check_state()
        if self._merged:   # documents after merged ones: their postings would come out of order
            self._pool_merged()
        perdocwriter, pool, docnum = self.perdocwriter, self.pool, self.docnum
        docboost = self._doc_boost(fields)
        perdocwriter.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field, length = schema[name], 0
                if field.indexed:
                    boost = self._field_boost(fields, name, docboost)
                    if isinstance(value, Analyzed):
                        length = pool.add_field(name, docnum, value, boost)
                    else:
                        for btext, freq, weight, vbytes in field.index(value):
                            length += freq
                            pool.add((name, btext, docnum, weight * boost, vbytes))
                    if not field.scorable:
                        length = 0
                stored = fields.get(f"_stored_{name}", value)
                perdocwriter.add_field(name, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdocwriter.add_column_value(name, field.column_type, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(pdr) if pdr else None
        try:
            if type(self.fieldwriter) is W3FieldWriter and self.pool.in_order():
                terms = [self.pool.sorted_terms()]
                terms += [_merged_terms(self.schema, *merged) for merged in self._merged]
                _write_terms(self.fieldwriter, self.schema, lengths, _joined(terms))
            else:
                self._pool_merged()
                if type(self.fieldwriter) is W3FieldWriter:
                    _add_postings(self.fieldwriter, self.schema, lengths, self.pool.iter_postings())
                else:
                    self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
            self.fieldwriter.close()
        finally:
            self._close_merged()
            if pdr:
                pdr.close()


class _TermPool(PostingPool):
    """The postings of a segment being written, by field and term: per term its document
    numbers, weights and values in three lists, in the order they come.

    Documents come in document-number order (added ones, then those of merged segments,
    numbered after them), so each term's postings need no sorting: writing the segment sorts
    the terms only. Should a posting ever come out of order, or the pool outgrow *limitmb*
    (about 50 bytes a posting plus its value), the postings go through Whoosh's sorted runs
    on disk as before (``PostingPool.save``/``items``).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields: dict[str, dict[bytes, list]] = {}   # field -> term -> [docnums, weights, values, last docnum]
        self._ordered = True

    def add(self, item) -> None:
        fieldname, btext, docnum, weight, value = item
        self.add_field(fieldname, docnum, ((btext, 0, weight, value),))

    def add_field(self, fieldname: str, docnum: int, postings, boost: float = 1.0) -> int:
        """add() for each of one field's *postings* of document *docnum* (Whoosh's (term,
        frequency, weight, value) tuples, weights times *boost*); returns the field's length."""
        terms = self.fields.setdefault(fieldname, {})
        length = size = 0
        for btext, freq, weight, value in postings:
            length += freq
            weight *= boost
            entry = terms.get(btext)
            if entry is None:
                terms[btext] = [array("i", (docnum,)), array("f", (weight,)), [value], docnum]
                size += 300 + len(btext) + len(value or b"")
            else:
                if docnum <= entry[3]:
                    self._ordered = False
                entry[0].append(docnum)
                entry[1].append(weight)
                entry[2].append(value)
                entry[3] = docnum
                size += 50 + len(value or b"")
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()
        return length

    def in_order(self) -> bool:
        """Whether the postings are all here, each term's in document order."""
        return self._ordered and not self.runs

    def sorted_terms(self):
        """(field, term, docnums, weights, values) for every term, in field and term order."""
        fields, self.fields = self.fields, {}
        for fieldname in sorted(fields):
            terms = fields[fieldname]
            for btext in sorted(terms):
                docnums, weights, values, _last = terms[btext]
                yield fieldname, btext, docnums, weights, values

    def _tuples(self):
        """The postings as Whoosh's (field, term, docnum, weight, value) tuples, taken out of
        the pool (Whoosh's runs sort them)."""
        for fieldname, btext, docnums, weights, values in self.sorted_terms():
            yield from zip([fieldname] * len(docnums), [btext] * len(docnums), docnums, weights, values)

    def save(self) -> None:
        self.current.extend(self._tuples())
        super().save()

    def iter_postings(self):
        self.current.extend(self._tuples())
        return super().iter_postings()


def _merged_terms(schema, reader, basedoc: int, docmap: dict | None):
    """The postings of a merged segment as (field, term, docnums, weights, values), in field
    and term order, numbered as in the new segment (deleted documents left out, as Whoosh's
    ``_process_posts`` does)."""
    for fieldname, btext in reader.all_terms():
        if fieldname not in schema:
            continue
        matcher = reader.postings(fieldname, btext)
        docnums, weights, values = array("i"), array("f"), []
        while matcher.is_active():
            docnum = matcher.id()
            docnums.append(docmap[docnum] if docmap is not None else basedoc + docnum)
            weights.append(matcher.weight())
            values.append(matcher.value())
            matcher.next()
        yield fieldname, btext, docnums, weights, values


def _joined(sources: list):
    """Term groups of several sorted *sources* (each in field and term order, their
    documents numbered in source order) as one: a term's lists joined in source order."""
    groups = heapq.merge(*sources, key=lambda group: (group[0], group[1]))   # stable: source order
    for (fieldname, btext), same in itertools.groupby(groups, key=lambda group: (group[0], group[1])):
        parts = list(same)
        if len(parts) == 1:
            yield parts[0]
        else:
            yield (fieldname, btext, array("i", itertools.chain.from_iterable(p[2] for p in parts)),
                   array("f", itertools.chain.from_iterable(p[3] for p in parts)),
                   [value for p in parts for value in p[4]])


def _write_terms(fw: W3FieldWriter, schema, lengths: _Lengths | None, terms) -> None:
    """What ``_add_postings`` writes for the same postings, a term at a time: *terms* gives
    (field, term, docnums, weights, values) in field and term order; each block's document
    numbers, weights and values are slices of the term's lists, its statistics their max and
    min. Document -1 (Whoosh's spelling entries) is skipped, as Whoosh does."""
    lastfield = column = None
    for fieldname, btext, docnums, weights, values in terms:
        if not docnums:   # every posting of a merged term was deleted
            continue
        if fieldname != lastfield:
            if lastfield is not None:
                fw.finish_field()
            fw.start_field(fieldname, schema[fieldname])
            column = lengths.column(fieldname) if lengths is not None else None
            lastfield = fieldname
        if docnums[0] == -1:   # sorted first: the term's spelling entries
            kept = [i for i, d in enumerate(docnums) if d != -1]
            if not kept:
                continue
            docnums = array("i", (docnums[i] for i in kept))
            weights = array("f", (weights[i] for i in kept))
            values = [values[i] for i in kept]
        fw.start_term(btext)
        pw = fw._postwriter
        limit = pw._blocklimit
        for start in range(0, len(docnums), limit):
            if start:
                pw._write_block()
            pw._ids = ids = docnums[start:start + limit]
            pw._weights = weights[start:start + limit]
            pw._values = [v for v in values[start:start + limit] if v]
            pw._maxweight = max(0, max(pw._weights))
            if column is not None:
                found = [n for n in map(column.__getitem__, ids) if n]
                if found:
                    pw._minlength, pw._maxlength = min(found), max(found)
        fw.finish_term()
    if lastfield is not None:
        fw.finish_field()


class _Lengths:
    """The per-document reader's field lengths, read once per field into a list."""

    def __init__(self, reader) -> None:
        self.reader = reader
        self.columns: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        return self.column(fieldname, default)[docnum]

    def column(self, fieldname: str, default: int = 0) -> list[int]:
        column = self.columns.get(fieldname)
        if column is None:
            reader = self.reader
            column = self.columns[fieldname] = [reader.doc_field_length(d, fieldname, default)
                                                for d in range(reader.doc_count_all())]
        return column


def _add_postings(fw: W3FieldWriter, schema, lengths: _Lengths | None, items) -> None:
    """``FieldWriter.add_postings()`` for Whoosh's W3 codec, with the four calls it makes per
    posting (``add``, ``add_posting`` and its type checks, the length lookup) done inline:
    the loop runs for every word of every page, a quarter of the writing process's CPU.
    Same calls per term and field, same blocks and statistics, so the same files."""
    lastfn = lasttext = None
    column = pw = None
    ids = weights = values = None
    limit = 0
    for fieldname, btext, docnum, weight, value in items:
        if fieldname != lastfn:
            if lasttext is not None:
                fw.finish_term()
            if lastfn is not None:
                fw.finish_field()
            fw.start_field(fieldname, schema[fieldname])
            lastfn, lasttext = fieldname, None
            column = lengths.column(fieldname) if lengths is not None else None
        if docnum == -1:   # Whoosh's spelling entries, which it skips too
            continue
        if btext != lasttext:
            if lasttext is not None:
                fw.finish_term()
            fw.start_term(btext)
            lasttext = btext
            pw = fw._postwriter
            ids, weights, values, limit = pw._ids, pw._weights, pw._values, pw._blocklimit
        if len(ids) >= limit:
            pw._write_block()
            ids, weights, values = pw._ids, pw._weights, pw._values
        ids.append(docnum)
        weights.append(weight)
        if weight > pw._maxweight:
            pw._maxweight = weight
        if value:
            values.append(value)
        length = column[docnum] if column is not None else 0
        if length:
            if pw._minlength is None or length < pw._minlength:
                pw._minlength = length
            if length > pw._maxlength:
                pw._maxlength = length
    if lasttext is not None:
        fw.finish_term()
    if lastfn is not None:
        fw.finish_field()
