"""``ibid layout FILE --cache DIR``: open a file under the limits; lay reflowable ones out into the cache.

Scripts run this in a child process (:func:`reader.core.child.open_in_child`; the window uses
``ibid prepare``, which opens and lays out the same way and goes on to the record), so a
huge or hostile Markdown, HTML, text or EPUB file never blocks the window; the window then
opens the cached PDF. The JSON on stdout says what was found; on failure it carries
``"error"`` (the class: "PasswordRequired", "LimitExceeded" or "DocumentOpenError"),
``"message"`` and ``"wrong_password"``, and stderr has the usual one line.
"""
from __future__ import annotations

from pathlib import Path

from reader.cli.common import cli_limits, fail, print_json
from reader.core import sandbox
from reader.core.document import layout_cache_path
from reader.core.errors import LimitExceeded, PasswordRequired, ReaderError
from reader.core.formats import REFLOWABLE


def register(sub) -> None:
    p = sub.add_parser("layout", help="lay out a Markdown/HTML/text file into the layout cache")
    p.add_argument("file", type=Path)
    p.add_argument("--cache", type=Path, required=True, help="layout cache folder")
    p.add_argument("--basedir", type=Path, help="read the limits from the settings below this folder")
    p.add_argument("--check", action="store_true",
                   help="also draw every page as a thumbnail and read its text; list damaged pages")
    p.set_defaults(func=run)


def run(args) -> int:
    limits = cli_limits(args.basedir)
    seconds = limits.open_seconds + (limits.analysis_seconds if args.check else 0)
    try:
        opened = sandbox.call_forked(sandbox.probe, args.file, None, limits, args.cache, args.check,
                                     limits=limits, seconds=seconds, what=f"Opening {args.file.name}")
    except ReaderError as exc:
        print_json({"file": str(args.file), "error": _kind(exc), "message": str(exc),
                    "wrong_password": getattr(exc, "wrong_password", False)})
        return fail(args.file, exc)
    cached = layout_cache_path(args.file, args.cache) if opened.format in REFLOWABLE else None
    print_json({"file": str(args.file), "format": opened.format, "page_count": opened.page_count,
                "cache": str(cached) if cached else None, "warnings": list(opened.warnings),
                **({"page_problems": list(opened.page_problems)} if args.check else {})})
    return 0


def _kind(exc: ReaderError) -> str:
    if isinstance(exc, PasswordRequired):
        return "PasswordRequired"
    return "LimitExceeded" if isinstance(exc, LimitExceeded) else "DocumentOpenError"
