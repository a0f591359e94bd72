"""``ibid layout FILE --cache DIR``: lay a reflowable file out into the layout cache.

The GUI runs this in a child process, so a huge or hostile Markdown, HTML or text file
never blocks the window; the window then opens the cached PDF.
"""
from __future__ import annotations

from pathlib import Path

from reader.cli.common import fail, print_json
from reader.core.document import Document, layout_cache_path
from reader.core.errors import ReaderError


def register(sub) -> None:
    p = sub.add_parser("layout", help="lay out a Markdown/HTML/text file into the layout cache")
    p.add_argument("file", type=Path)
    p.add_argument("--cache", type=Path, required=True, help="layout cache folder")
    p.set_defaults(func=run)


def run(args) -> int:
    try:
        doc = Document.open(args.file, cache_dir=args.cache)
    except ReaderError as exc:
        return fail(args.file, exc)
    cached = layout_cache_path(args.file, args.cache) if doc.reflowed else None
    print_json({"file": str(args.file), "format": doc.format, "page_count": doc.page_count,
                "cache": str(cached) if cached else None, "warnings": doc.warnings})
    return 0
