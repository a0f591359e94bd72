"""``ibid prepare FILE [--json-progress]``: read a document once and keep its prepared record.

The record (:mod:`reader.core.record`: text by page, notes with markers and citations,
title, warnings) goes to the cache, where the window, ``ibid footnotes`` and the indexer
read it; a document that has one is not read again. The window runs this in a child process
under the time and memory limits when it opens a document without a record. With
``--json-progress``, one JSON line per page on stderr (``{"page": 12, "of": 340}``). On
stdout, one JSON object: ``file``, ``record`` (where it is stored), ``format``,
``page_count``, ``notes`` (how many, the reader's corrections applied), ``warnings``,
``prepared`` (false when the record was there already), ``sha256`` (the content hash that
keys the record and the reader's layer). When the record cannot be stored (a full disk),
``record`` is null and ``unstored`` holds it without its pages' text, so the window shows
the notes all the same.
With ``--json-progress``, the event ``{"opened": {"format": F, "page_count": N, "record":
false}}`` comes first, as soon as the file is open (a reflowable one laid out into ``--cache``),
or ``"record": true`` when the record was there and nothing was opened: the window opens its
own view then, while this child goes on reading.
"""
from __future__ import annotations

import sys
from pathlib import Path

from reader.cli.common import add_basedir, cli_limits, fail, open_document, paths_of, print_json
from reader.core import record
from reader.core.child import write_event
from reader.core.errors import ReaderError
from reader.core.paths import Paths
from reader.core.textlayout import DEFAULT, TextLayout


def register(sub) -> None:
    p = sub.add_parser("prepare", help="read a document once: its text, notes and title, kept for the "
                                       "window, `ibid footnotes` and the index")
    p.add_argument("file", type=Path)
    p.add_argument("--json-progress", action="store_true",
                   help='write {"page": N, "of": M} lines to stderr while working')
    p.add_argument("--cache", type=Path, metavar="DIR",
                   help="layout cache of Markdown/HTML/text files (the window's, so nothing is laid out twice)")
    p.add_argument("--layout", default="", metavar="KEY",
                   help="text size and margins of an EPUB/Markdown/HTML/text file, e.g. 14-wide (the window's View > "
                        "Text Size); its record is kept apart from the default layout's")
    add_basedir(p)
    p.set_defaults(func=run)


def run(args) -> int:
    paths = paths_of(args)
    try:
        text = TextLayout.from_key(args.layout)
        prepared, stored, made, digest = obtain(args.file, paths, cache_dir=args.cache,
                                                progress=report_progress if args.json_progress else None,
                                                on_open=report_opened if args.json_progress else None, text=text)
    except ReaderError as exc:
        return fail(args.file, exc)
    result = {"file": str(args.file), "record": str(stored) if stored else None, "format": prepared.format,
              "page_count": prepared.page_count, "notes": len(prepared.footnotes),
              "warnings": prepared.warnings_for(args.file), "prepared": made, "sha256": digest}
    if stored is None:   # (a full disk): the window reads the notes from here, without their pages
        result["unstored"] = {k: v for k, v in prepared.to_dict().items() if k != "pages"}
    print_json(result)
    return 0


def obtain(path: Path, paths: Paths, *, cache_dir: Path | None = None,
           progress=None, on_open=None, text: TextLayout = DEFAULT) -> tuple[record.Prepared, Path | None, bool, str]:
    """(the record of *path*, where it is stored or None, whether it was made now, the
    content hash that keys it or "" when the file is not one Ibid hashes).

    Read from ``paths.records`` when there is one; else *path* is opened under the limits,
    prepared and stored (a folder that cannot take it costs a warning line, not the result).
    The record given back has the reader's note corrections applied (:mod:`reader.core.layer`;
    the stored one never has). ReaderError when the file cannot be opened or its notes
    cannot be found. ``on_open(format, page_count, from_record)`` is called once the file is
    open, or when its record was found (and the file not opened). *text*: the layout of a
    reflowable file (its record is the one of that layout).
    """
    from reader.core.record.make import prepare  # (the footnote engine: only when needed)
    digest = _digest(path, paths)
    found = record.load(paths.records, digest, pages=False, layout=text.key) if digest else None
    if found is not None:
        if on_open is not None:
            from_record = not _layout_missing(path, found.format, cache_dir, text)
            if not from_record:   # the window opens it from the layout cache: lay it out there
                open_document(path, cache_dir=cache_dir, text=text).close()
            on_open(found.format, found.page_count, from_record)
        return (_corrected(path, paths, digest, found), record.record_path(paths.records, digest, text.key),
                False, digest)
    doc = open_document(path, cache_dir=cache_dir, text=text)
    if on_open is not None:
        on_open(doc.format, doc.page_count, False)
    try:
        prepared, _complete = prepare(doc, progress=progress)   # (the engine's errors propagate)
    finally:
        doc.close()
    stored = None
    if digest:
        try:
            stored = record.save(paths.records, digest, prepared, text.key)
        except OSError as exc:
            print(f"ibid: {paths.records}: warning: the prepared record was not stored: {exc.strerror or exc}",
                  file=sys.stderr)
    return _corrected(path, paths, digest, prepared), stored, True, digest


def _corrected(path: Path, paths: Paths, digest: str, prepared: record.Prepared) -> record.Prepared:
    """*prepared* with the reader's corrections; what went wrong with them is a warning line."""
    if not digest:
        return prepared
    from reader.core.layer import corrected
    prepared, warnings = corrected(paths.layers, digest, prepared)
    for warning in warnings:
        print(f"ibid: {path}: warning: {' '.join(warning.split())}", file=sys.stderr)
    return prepared


def _layout_missing(path: Path, fmt: str, cache_dir: Path | None, text: TextLayout = DEFAULT) -> bool:
    """A Markdown, HTML or text file that is not in the layout cache *cache_dir*."""
    from reader.core.document import layout_cache_path
    from reader.core.formats import REFLOWABLE
    return cache_dir is not None and fmt in REFLOWABLE and \
        not layout_cache_path(path, cache_dir, text).with_suffix(".json").is_file()


def _digest(path: Path, paths: Paths) -> str:
    """The content hash that keys *path*'s record; "" when it is not a file Ibid would open."""
    from reader.core.document import content_hash
    try:
        if not path.is_file() or path.stat().st_size > cli_limits(paths.base).max_file_mb * 2**20:
            return ""
        return content_hash(path)
    except OSError:
        return ""    # opening it says why, in one sentence


def report_opened(fmt: str, page_count: int, from_record: bool) -> None:
    write_event({"opened": {"format": fmt, "page_count": page_count, "record": from_record}})


def report_progress(done: int, total: int) -> None:
    write_event({"page": done, "of": total})
