"""File > Properties: what Ibid knows of a document, as rows of (what, value) to show. Qt-free.

Read from the file's name and size, a PDF's own metadata (producer, creator), and the
prepared record (:mod:`reader.core.record`: pages, title, symbol, the notes found and what
they cite) when a child or the index has made one. Nothing is laid out or analysed here.
"""
from __future__ import annotations

import logging
from pathlib import Path

import pymupdf

from reader.core import formats, record
from reader.core.document import MUPDF_ERRORS, content_hash
from reader.core.errors import ReaderError
from reader.core.paths import readable

logger = logging.getLogger(__name__)
UNKNOWN = "—"


def document_properties(path: Path, records: Path | None, *, indexed: bool | None) -> list[tuple[str, str]]:
    """Rows for *path*: file, size, format, pages, title, symbol, producer, creator, notes,
    citations, indexed (*indexed* None: the library has not said yet)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        fmt = formats.sniff(path).format
        digest = content_hash(path)
    except (OSError, ReaderError) as exc:
        return [("File", readable(str(path))), ("Problem", str(exc) if isinstance(exc, ReaderError)
                                                  else f"It cannot be read: {exc.strerror or exc}.")]
    prepared = record.load(records, digest, pages=False)
    meta = _pdf_metadata(path) if fmt == "pdf" else {}
    rows = [("File", readable(str(path))), ("Size", human_size(size)), ("Format", fmt.upper()),
            ("Pages", str(prepared.page_count) if prepared else meta.get("pages", UNKNOWN)),
            ("Title", (prepared.title_for(path) if prepared else meta.get("title")) or UNKNOWN),
            ("Symbol", (prepared.symbol_for(path) if prepared else "") or UNKNOWN),
            ("Producer", meta.get("producer") or UNKNOWN), ("Creator", meta.get("creator") or UNKNOWN)]
    if prepared is None:
        rows += [("Notes found", "not analysed yet"), ("Citations", "not analysed yet")]
    else:
        cited = sum(len(n.get("citations") or ()) for n in prepared.footnotes)
        rows += [("Notes found", str(len(prepared.footnotes))), ("Citations", str(cited))]
    rows.append(("In the library index", UNKNOWN if indexed is None else "yes" if indexed else "no"))
    return rows


def human_size(size: int) -> str:
    """"1.4 MB", "310 KB", "812 bytes" (1 KB = 1024 bytes)."""
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}" if size < 10 * scale else f"{size // scale:,} {unit}"
    return f"{size} byte{'s' if size != 1 else ''}"


def _pdf_metadata(path: Path) -> dict[str, str]:
    """A PDF's Info entries and page count (PDF only: other formats are laid out to count)."""
    try:
        with pymupdf.open(path, filetype="pdf") as pdf:
            meta = {k: str(v).strip() for k, v in (pdf.metadata or {}).items() if v}
            meta["pages"] = str(pdf.page_count)
            return meta
    except (*MUPDF_ERRORS, OSError, RuntimeError) as exc:
        logger.info("No metadata read from %s: %s", path, exc)
        return {}
