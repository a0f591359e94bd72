"""``ibid footnotes FILE [--json | --csl] [--progress]``: every footnote of a document and its
markers; with ``--csl``, the works its notes cite as CSL-JSON (:mod:`reader.core.csl`).

The notes come from the document's prepared record (:mod:`reader.core.record`) when the
cache holds one (made by the window, ``ibid prepare`` or the indexer); else the document is
prepared here and its record stored. The output is the same either way. ``--explain`` and
``--password`` analyse the document here without a record.

With ``--progress``, one JSON line per page read on
stderr (``{"page": 12, "of": 340}``), the result on stdout. What is wrong with a file that
could still be read (damaged and repaired, parts missing) is in the JSON's ``"warnings"``
and, without ``--json``, one ``ibid: FILE: <warning>`` line each on stderr; the exit status
stays 0.
"""
from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from index.library import IndexResolver
from reader.cli.common import fail, open_document, print_json
from reader.cli.explain import print_explain
from reader.cli.prepare import obtain, report_progress
from reader.core.citations import cite_notes, localise_notes
from reader.core.csl import csl_export
from reader.core.errors import ReaderError
from reader.core.footnotes import analyze, to_json
from reader.core.paths import Paths


def register(sub) -> None:
    p = sub.add_parser("footnotes", help="list the footnotes and endnotes of a document")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print the public JSON instead of a table")
    p.add_argument("--csl", action="store_true",
                   help="print the works the notes cite as CSL-JSON (for Zotero, pandoc, citeproc)")
    p.add_argument("--progress", action="store_true",
                   help='write {"page": N, "of": M} lines to stderr while working')
    p.add_argument("--explain", action="store_true",
                   help="also say how each note was found, and print the rejected candidate note lines with their features")
    p.add_argument("--password", help="password of an encrypted PDF")
    p.add_argument("--basedir", type=Path, metavar="DIR",
                   help="the library (for cited documents you have) lives below DIR")
    p.add_argument("--cache", type=Path, metavar="DIR",
                   help="layout cache of Markdown/HTML/text files (the window's, so nothing is laid out twice)")
    p.add_argument("--no-library", action="store_true", help="do not look cited documents up in the library")
    p.set_defaults(func=run)


def run(args) -> int:
    if args.explain or args.password:
        return _analyse(args)
    try:
        prepared, _stored, _made, _digest = obtain(args.file, _paths(args), cache_dir=args.cache,
                                          progress=report_progress if args.progress else None)
    except ReaderError as exc:
        return fail(args.file, exc)
    with _resolver(args) as resolver:   # the record's citations, with the library's copies looked up now
        notes = localise_notes(prepared.notes(), resolver)
        if args.csl:
            _print_csl(args, notes, resolver)
            return 0
    _print(args, prepared.footnotes_json(args.file, notes))
    return 0


def _analyse(args) -> int:
    """Analyse the document here, without its record: the weighed candidates of ``--explain``
    come from the analysis only, and a password-protected file is never kept in the cache."""
    try:
        doc = open_document(args.file, args.password, cache_dir=args.cache)
        weighed: list | None = [] if args.explain else None
        notes = analyze(doc, progress=report_progress if args.progress else None, explain=weighed)
    except ReaderError as exc:
        return fail(args.file, exc)
    doc.check_damage()   # a damaged file may show only once its pages were read
    with _resolver(args) as resolver:   # back-references need every earlier note
        notes = cite_notes(notes, resolver)
        if args.csl:
            _print_csl(args, notes, resolver)
            return 0
    _print(args, _corrected(args, to_json(doc, notes)))
    if weighed is not None:   # beside --json, on stderr, so stdout stays one JSON document
        print_explain(weighed, notes=notes, file=sys.stderr if args.json else sys.stdout)
    return 0


def _print_csl(args, notes, resolver) -> None:
    """The CSL-JSON on stdout; the references it leaves out said in one line on stderr."""
    export = csl_export(notes, resolver.title if resolver is not None else None)
    print_json(export.items)
    if export.left_out:
        print(f"ibid: {args.file}: {export.left_out_sentence()}", file=sys.stderr)


def _corrected(args, data: dict) -> dict:
    """*data* (the JSON of an analysis made here) with the reader's note corrections, as
    :func:`reader.cli.prepare.obtain` gives them for a record."""
    from reader.core.document import content_hash
    from reader.core.layer import LayerError, LayerStore
    from reader.core.layer.corrections import apply
    try:
        items = LayerStore(_paths(args).layers, content_hash(args.file)).items()
    except (LayerError, OSError) as exc:
        print(f"ibid: {args.file}: warning: your note corrections were not read: {exc}", file=sys.stderr)
        return data
    data["footnotes"], _lost = apply(data["footnotes"], items)   # (obtain reports the lost ones)
    return data


def _print(args, data: dict) -> None:
    if args.json:
        print_json(data)
    else:
        for warning in data["warnings"]:
            print(f"ibid: {args.file}: {' '.join(warning.split())}", file=sys.stderr)
        print_table(data)


def _paths(args) -> Paths:
    return Paths.under(args.basedir) if args.basedir else Paths.default()


def _resolver(args):
    """The library index as a resolver of cited UN symbols, or nothing when there is none."""
    paths = _paths(args)
    if args.no_library or not paths.index_dir.is_dir():
        return contextlib.nullcontext(None)
    try:
        return IndexResolver(paths.index_dir)
    except ReaderError as exc:    # a busy or damaged index: cite without local copies
        print(f"ibid: library: {exc}", file=sys.stderr)
        return contextlib.nullcontext(None)


def print_table(data: dict) -> None:
    notes = data["footnotes"]
    print(f"{data['file']}: {len(notes)} notes, {data['page_count']} pages")
    print(f"{'label':>6} {'kind':8} {'page':>5} {'refs':12} {'source':7} text")
    for note in notes:
        refs = ",".join(str(r["page"]) for r in note["refs"]) or "-"
        text = note["note_text"].replace("\n", " ")
        if len(text) > 70:
            text = text[:69] + "\u2026"
        print(f"{note['label']:>6} {note['kind']:8} {note['note_page']:>5} {refs:12} {note['source']:7} {text}")
