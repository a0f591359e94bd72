"""Prepared records on disk: compressed JSON, one file per document content and engine version.

A record file holds two zlib-compressed JSON parts: the notes, title and warnings first
(behind their length, 4 bytes), then the page text, which only the indexer reads: the window
decompresses the first part alone (300 pages: a tenth of the time). It is written to a
temporary file in the same folder and renamed over its name (``os.replace``), so a reader
sees a whole record or none. One that does not read back
(truncated, damaged, written by another format) is logged, removed and made again: never
an error the user sees.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import struct
import zlib
from pathlib import Path

from reader import __version__
from reader.core import cache, shared
from reader.core.record.model import Prepared

logger = logging.getLogger(__name__)

#: The layout of the stored record; bump it when :meth:`Prepared.to_dict` or the file's parts change.
RECORD_FORMAT = 3   # 3: the generated outline (headings)
#: zlib level of stored records: 6 (zlib's default) gives a 300-page UN PDF's record in
#: ~250 KB instead of ~1 MB at a few ms; higher levels save little more.
COMPRESSION_LEVEL = 6
_SUFFIX = ".json.z"


def record_path(folder: Path, digest: str, layout: str = "") -> Path:
    """Where the record of the file whose content hash is *digest* lives below *folder*;
    *layout*, a reflowable file's ``TextLayout.key`` when not the default (its pages differ).

    The name changes with the engine's ENGINE_VERSION, Ibid's ``__version__``, the
    record's format and the layout's revision (the notes of Markdown/HTML are read from their
    layout): a record made by another engine is never read, only left for the cache's owner
    to clear.
    """
    from reader.core.footnotes import ENGINE_VERSION
    from reader.core.reflow import LAYOUT_REVISION
    laid_out = f":{layout}" if layout else ""   # (the default's names are the ones they always were)
    key = hashlib.sha256(f"{digest}:{ENGINE_VERSION}:{engine_fingerprint()}:{__version__}:{RECORD_FORMAT}"
                         f":{LAYOUT_REVISION}{laid_out}"
                         .encode()).hexdigest()[:40]
    return Path(folder) / f"{key}{_SUFFIX}"


@functools.cache
def engine_fingerprint() -> str:
    """A hash of the sources of what makes a record (the footnote engine, the citation
    finders, this package, the EPUB mending of formats.py), when they can be read: a change to the engine that forgot to raise
    ENGINE_VERSION still reads no old record (a checkout, a wheel). A packaged app, whose
    sources are compiled into its archive, relies on ENGINE_VERSION and ``__version__``."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent   # reader/core
    # The headings (outline.py) are in the record too; formats.py mends EPUBs before MuPDF lays
    # them out: their pages and warnings change with it.
    sources = [s for package in ("footnotes", "citations", "record") for s in sorted((root / package).glob("*.py"))]
    for source in [*sources, root / "outline.py", root / "formats.py"]:
        try:
            digest.update(source.read_bytes())
        except OSError:
            return ""
    return digest.hexdigest()[:16]


def load(folder: Path | None, digest: str, *, pages: bool = True, layout: str = "") -> Prepared | None:
    """The record of *digest* (laid out as *layout* says) below *folder*, or None when there
    is none or it is damaged. Without *pages*, its ``pages`` are left unread (empty): what the window needs."""
    return None if folder is None else load_file(record_path(folder, digest, layout), pages=pages)


def load_file(path: Path, *, pages: bool = True) -> Prepared | None:
    """The record stored in *path* (as ``ibid prepare`` names it), or None as for :func:`load`."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        logger.warning("Prepared record %s unreadable: %s", path, exc)
        return None
    try:
        (size,) = _LENGTH.unpack_from(data)
        head = json.loads(zlib.decompress(data[_LENGTH.size:_LENGTH.size + size]))
        if pages:
            head["pages"] = json.loads(zlib.decompress(data[_LENGTH.size + size:]))
        record = Prepared.from_dict(head, pages=pages)
    except (zlib.error, ValueError, RecursionError, struct.error) as exc:   # (json's errors are ValueErrors)
        logger.warning("Prepared record %s is damaged (%s); the document will be read again", path, exc)
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    cache.mark_used(path)   # evicted last
    return record


def save(folder: Path, digest: str, record: Prepared, layout: str = "") -> Path:
    """Store *record* as the one of *digest* (laid out as *layout*); OSError when the folder cannot take it."""
    target = record_path(folder, digest, layout)
    target.parent.mkdir(parents=True, exist_ok=True)
    whole = record.to_dict()
    body = _packed(whole.pop("pages"))
    head = _packed(whole)
    shared.write_atomic_bytes(target, _LENGTH.pack(len(head)) + head + body)
    cache.trim_now_and_then(target.parent, cache.MAX_RECORDS_BYTES, keep=target)
    return target


_LENGTH = struct.Struct(">I")


def _packed(data) -> bytes:
    # ASCII JSON: a lone surrogate in a text (PEP 383) is escaped and reads back the same.
    return zlib.compress(json.dumps(data, separators=(",", ":")).encode("ascii"), COMPRESSION_LEVEL)
