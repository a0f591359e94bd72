"""``ibid search QUERY [--json] [--limit N] [--in-notes] [--cited-by SYMBOL]``.

Prints the library search results grouped by document, with page numbers (1-based) and
snippets; in the terminal the matched words are shown between ``[[`` and ``]]``. ``--json``
prints ``{"query", "hits": [{path, title, page, snippet (HTML, <b>…</b>), score, terms,
symbol, in_notes, in_annotations}], "partial", "unanalysed"}`` best first (``partial``: the time limit stopped the search,
more pages may match; ``unanalysed``: documents whose notes and citations are not indexed yet); with ``--cited-by`` it prints
``{"symbol", "cited_by": [{path, title, symbol, pages}]}``.
"""
from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

from index.schema import normalize_symbol
from index.search import TIME_LIMIT, cited_by, group_by_document, search, unanalysed_sentence
from reader.cli.common import add_basedir, fail, paths_of, print_json
from reader.core.errors import ReaderError


def register(sub) -> None:
    p = sub.add_parser("search", help="search the library index")
    p.add_argument("query", nargs="*", default=[],
                   help='words, "phrases", AND/OR/NOT, prefix*, fuzzy~, title:/notes:/cites:, in:notes, in:annotations')
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N pages (default 20)")
    p.add_argument("--in-notes", action="store_true", help="search the footnotes only")
    p.add_argument("--cited-by", metavar="SYMBOL", help="list the documents that cite a UN symbol")
    p.add_argument("--path", type=Path, metavar="FILE", help="search this document only")
    p.add_argument("--folder", type=Path, metavar="DIR", help="search the documents below DIR only")
    add_basedir(p)
    p.set_defaults(func=run)


def run(args) -> int:
    index_dir = paths_of(args).index_dir
    args.query = " ".join(args.query).strip()
    if not args.query and not args.cited_by:
        return fail("search", "give a QUERY or --cited-by SYMBOL.")
    try:
        if args.cited_by:
            return _cited_by(index_dir, args)
        hits = search(index_dir, args.query, limit=max(1, args.limit), in_notes=args.in_notes,
                      path=args.path, folder=args.folder)
    except ReaderError as exc:
        return fail("search", exc)
    if args.json:
        print_json({"query": args.query, "hits": [dataclasses.asdict(h) for h in hits],
                    "partial": bool(getattr(hits, "partial", False)),
                    "unanalysed": int(getattr(hits, "unanalysed", 0))})
        return 0
    if not hits:
        print("No matches.")
    if getattr(hits, "partial", False):
        print(f"(The search stopped after {TIME_LIMIT:g} seconds; more pages may match.)")
    if getattr(hits, "unanalysed", 0):
        print(f"({unanalysed_sentence(hits.unanalysed)})")
    for document in group_by_document(hits):
        label = f"{document.symbol} " if document.symbol else ""
        print(f"{label}{document.title} — {document.path}")
        for hit in document.hits:
            where = " (notes)" if hit.in_notes else " (annotations)" if hit.in_annotations else ""
            print(f"  p. {hit.page}{where}: {_plain(hit.snippet)}")
    return 0


def _cited_by(index_dir: Path, args) -> int:
    documents = cited_by(index_dir, args.cited_by)
    if args.json:
        print_json({"symbol": normalize_symbol(args.cited_by), "cited_by": [dataclasses.asdict(d) for d in documents]})
        return 0
    if not documents:
        print(f"No document in the library cites {normalize_symbol(args.cited_by)}.")
    for document in documents:
        pages = ", ".join(str(p) for p in document.pages)
        label = f"{document.symbol} " if document.symbol else ""
        print(f"{label}{document.title} — {document.path} (pages {pages})")
    return 0


def _plain(snippet: str) -> str:
    return html.unescape(re.sub(r"</?b>", lambda m: "]]" if m.group().startswith("</") else "[[", snippet))
