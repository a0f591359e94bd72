"""The index folder in Whoosh's terms: create, open, check, lock, tidy.

    create_index(index_dir)        a new empty index (the schema of :mod:`index.backend.analysis`)
    open_index(index_dir, checked=)  the index; :func:`is_damage` tells damage from a bug
    check(ix)                      read the segments, file records and a term list: damage shows here
    is_empty(ix)                   whether nothing was ever committed
    remove_partial_files(ix)       delete what no committed generation uses
    try_lock(index_dir)            the folder's write lock (``release()``), or None when held elsewhere
    segment_count(index_dir), stored_records(index_dir, **terms)   for tests and benchmarks

Whoosh commits atomically: segment files get new names and the table of contents is
written to a temporary file and renamed over, so a process killed mid-commit leaves the
previous generation intact (plus orphan files that the next commit deletes). Only one
writer at a time holds the lock (``fcntl.flock`` on Unix, released by the kernel when a
process dies, so a killed indexer never leaves a stale lock); readers need no lock.
"""
from __future__ import annotations

import linecache
import logging
import pickle
import re
import shutil
import struct
import time
import zlib
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import FileFormatError

from index.backend import require_tested_version
from index.backend.analysis import make_schema

logger = logging.getLogger(__name__)

#: What reading an index whose files are cut short or overwritten raises from Whoosh's code
#: that reads them: a truncated stream or pickle, struct or zlib data that does not
#: decode, bytes that are not UTF-8, offsets and keys that lead nowhere, a file whose format
#: tag is not Whoosh's (FileFormatError: "Unknown file header").
DATA_ERRORS = (EOFError, struct.error, pickle.UnpicklingError, zlib.error, ValueError, KeyError, IndexError,
               FileFormatError)
#: Whoosh's modules that read the files (codecs, file structures, readers, columns, posting
#: formats): an error raised there is about what the files hold.
READING_MODULES = ("whoosh.codec", "whoosh.filedb", "whoosh.reading", "whoosh.columns", "whoosh.formats",
                   "whoosh.system", "whoosh.util.varints", "whoosh.util.numlists", "whoosh.idsets",
                   "whoosh.index")
#: A line of Whoosh's that unpickles or unmarshals what it read (the table of contents, the
#: segments, stored fields, term infos).
_UNPICKLING = re.compile(r"\b(?:loads?|mloads|depickle|demarshal|read_pickle)\(")


class DamagedFiles(Exception):
    """What the files hold is not what Whoosh wrote (found by the checks here)."""


def is_damage(exc: BaseException) -> bool:
    """Whether *exc*, raised while the index was opened or read, says its files are damaged.

    A file missing or unreadable (OSError: also mmap or seek at a garbage offset, EINVAL;
    Whoosh's IndexError) is damage, and so is what the checks here find (DamagedFiles); so
    is any exception raised while Whoosh read the table of contents or unpickled what it read
    (a garbled pickle can name any class or module and make any object: TypeError,
    AttributeError, ModuleNotFoundError, all seen when fuzzing the index), bytes of Whoosh's
    that do not decode (UnicodeDecodeError), and a DATA_ERROR or the bare Exception of
    Whoosh's own checks ("Block tag error") raised in its code that reads the files
    (READING_MODULES). Anything else is a bug, ours or a Whoosh that changed (an
    AttributeError, a TypeError, a ValueError in query code): rebuilding the index would
    hide it, not cure it.
    """
    if isinstance(exc, (OSError, whoosh_index.IndexError, DamagedFiles)):
        return True
    tb, origin = exc.__traceback__, ""
    while tb is not None:
        frame = tb.tb_frame
        module = frame.f_globals.get("__name__", "")
        if frame.f_code.co_qualname == "TOC.read" and module == "whoosh.index":   # (reading the table of contents)
            return True
        if module.startswith("whoosh.") and _UNPICKLING.search(linecache.getline(frame.f_code.co_filename,
                                                                                   tb.tb_lineno)):
            return True
        if module.startswith(("whoosh.", "index.")):   # (not the standard library's frames)
            origin = module
        tb = tb.tb_next
    # origin: the innermost frame of Whoosh or ours, where it was raised or called the
    # standard library or C code that raised it. Bytes that do not decode were read.
    if isinstance(exc, UnicodeDecodeError) and origin.startswith("whoosh."):
        return True
    return (isinstance(exc, DATA_ERRORS) or type(exc) is Exception) and origin.startswith(READING_MODULES)


def storage_of(index_dir: Path) -> FileStorage:
    """The index folder as Whoosh storage, read with seek and read rather than mmap.

    Whoosh wraps each part of an mmapped segment file in ``io.BytesIO(memoryview)``, which
    copies it: every searcher opened (each one-shot ``ibid search``, the GUI after every
    commit, each merge while indexing) copied the whole index into memory, 61 MB and 20-50 ms
    for the 34 MB index of 5,000 pages, growing with the library. Read in place, opening takes
    2 ms, copies nothing, and queries read only the blocks they need.
    """
    return FileStorage(str(index_dir), supports_mmap=False)


def create_index(index_dir: Path):
    """A new empty index in *index_dir* (which exists)."""
    require_tested_version()
    return storage_of(index_dir).create_index(make_schema())


def open_index(index_dir: Path, *, checked: bool = False, attempts: int = 3):
    """The index in *index_dir* (*checked*: and :func:`check` passed). A file deleted under
    us by another process's commit is retried, then reported as damage (Whoosh's IndexError).

    The schema is ours (:func:`make_schema`), not the copy pickled in the table of contents:
    the version file says the index was written with it, and a garbled copy could make any
    field fail anywhere later (a query "that cannot be read", seen fuzzing)."""
    require_tested_version()
    for attempt in range(attempts):
        try:
            ix = storage_of(index_dir).open_index(schema=make_schema())
            _check_segments(ix)
            if checked:
                check(ix)
            return ix
        except FileNotFoundError as exc:
            if attempt == attempts - 1:
                raise whoosh_index.IndexError(f"missing file {exc.filename}") from exc
            time.sleep(0.05)
    raise AssertionError("unreachable")


#: What a segment Whoosh committed holds (W3Segment, and _fieldlengths set by the writer).
_SEGMENT_ATTRIBUTES = frozenset({"indexname", "segid", "_codec", "_doccount", "_deleted", "compound", "_fieldlengths"})


def _check_segments(ix) -> None:
    """DamagedFiles unless each segment the table of contents unpickled answers what Whoosh
    asks of it: a garbled pickle may leave out or retype any attribute, which would fail
    later, far from the unpickling, as an AttributeError or TypeError (seen fuzzing)."""
    try:
        for segment in ix._segments():
            missing = _SEGMENT_ATTRIBUTES - set(vars(segment))
            if missing or not isinstance(segment._fieldlengths, dict):
                raise TypeError(f"segment without {sorted(missing) or '_fieldlengths as a dict'}")
            numbers = (segment.doc_count_all(), segment.deleted_count())
            if not all(isinstance(n, int) for n in numbers) or not isinstance(segment.segment_id(), str):
                raise TypeError(f"segment numbers {numbers!r}")
            segment.codec()
            segment.is_compound()
            for docnum in segment.deleted_docs():
                if not isinstance(docnum, int):
                    raise TypeError(f"deleted document {docnum!r}")
    except (AttributeError, TypeError) as exc:
        raise DamagedFiles(f"a segment in the table of contents is damaged ({exc})") from exc


def check(ix) -> None:
    """Read the segments, every file record and a term list: damage shows here.

    Searches skip this (opening the index has read the table of contents; opening the
    searcher would be paid twice): they report damage when their searcher fails.
    """
    with ix.searcher() as searcher:
        for _ in searcher.documents(kind="file"):
            pass
        for _ in zip(range(50), searcher.lexicon("body")):
            pass
        searcher.doc_frequency("kind", "page")


def is_empty(ix) -> bool:
    """Whether *ix* holds no segment (nothing was ever committed)."""
    return not ix._segments()


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


def try_lock(index_dir: Path):
    """The write lock of the index folder (an object with ``release()``), or None when
    another process holds it. Whoosh's writers take the same lock."""
    lock = FileStorage(str(index_dir)).lock("MAIN_WRITELOCK")
    return lock if lock.acquire(blocking=False) else None


# -- for tests and benchmarks: what the index holds --------------------------------------
def segment_count(index_dir: Path) -> int:
    return len(storage_of(index_dir).open_index()._segments())


def stored_records(index_dir: Path, **terms) -> list[dict]:
    """The stored fields of every record matching *terms* (``kind="file"``, ``path=…``)."""
    with storage_of(index_dir).open_index().searcher() as searcher:
        return [dict(fields) for fields in searcher.documents(**terms)]
