"""``ibid index add DIR | update | remove DIR | status``: keep the library index up to date.

Indexing runs in this process. With ``--json-progress`` every page read prints one JSON line
on stderr (``{"file": …, "file_index": 3, "files": 12, "page": 5, "of": 19}``) and every
file one more (``{"file": …, "status": "indexed"|"skipped", "reason": …}``); the second pass
(notes and citations, after every file's text is searchable) reports the same with ``"pass": 2``
and the status ``"analysed"``; the GUI runs
this as a child process and kills it to cancel: work already committed stays in the index
and the next run goes on from there.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from index import BuildReport
from index.library import Library
from index.search import unanalysed_sentence
from reader.cli.common import add_basedir, fail, load_settings, paths_of, print_json
from reader.core.child import LIMITS_ENV
from reader.core.errors import ReaderError


def register(sub) -> None:
    p = sub.add_parser("index", help="add folders to the library and keep its search index up to date")
    add_basedir(p, argparse.SUPPRESS)
    actions = p.add_subparsers(dest="action", required=True)
    a = actions.add_parser("add", help="add a folder to the library and index it")
    a.add_argument("folder", type=Path)
    u = actions.add_parser("update", help="index what changed in the library folders")
    r = actions.add_parser("remove", help="remove a folder from the library and its documents from the index")
    r.add_argument("folder", type=Path)
    s = actions.add_parser("status", help="library folders, indexed documents, skipped files")
    for q in (a, u, r):
        q.add_argument("--json-progress", action="store_true", help="JSON progress lines on stderr")
        q.add_argument("--wait", type=float, default=10.0, metavar="SECONDS",
                       help="how long to wait for another Ibid that is indexing (default 10)")
    for q in (a, u, r, s):
        q.add_argument("--json", action="store_true", help="print the result as JSON")
        add_basedir(q, argparse.SUPPRESS)
    p.set_defaults(func=run, basedir=None)


def run(args) -> int:
    paths = paths_of(args)
    settings = load_settings(paths)
    spec = os.environ.get(LIMITS_ENV, "")   # the window's limits, as every other child takes them
    if spec:
        settings.limits = settings.limits.with_overrides(spec)
    library = Library(paths, settings)
    try:
        if args.action == "status":
            return _status(library, args)
        if args.action == "add":
            library.add_folder(args.folder)
        elif args.action == "remove" and not library.remove_folder(args.folder):
            return fail(args.folder, "is not a library folder (see ibid index status).")
        report = library.update(progress=_json_progress if args.json_progress else None, wait=args.wait)
    except ReaderError as exc:
        return fail(getattr(args, "folder", None) or "index", exc)
    _print_report(report, args.json)
    return 0


def _json_progress(event: dict) -> None:
    from reader.core.child import write_event
    write_event(event)


def _print_report(report: BuildReport, as_json: bool) -> None:
    for message in report.messages:
        print(f"ibid: index: {message}", file=sys.stderr)
    for offline in report.offline:
        print(f"ibid: index: {offline.folder} cannot be read ({offline.reason}): it is offline, and its "
              f"{offline.documents} documents stay in the index.", file=sys.stderr)
    if as_json:
        print_json(report.to_json())
        return
    print(f"Indexed {len(report.indexed)} files ({report.pages} pages), {report.unchanged} unchanged, "
          f"{len(report.removed)} removed, {len(report.skipped)} skipped, in {report.seconds:.1f} s."
          + _offline_sentence(len(report.offline)))
    for skipped in report.skipped:
        print(f"  skipped {skipped.path}: {skipped.reason}")


def _offline_sentence(count: int) -> str:
    """For the summary line (the window shows it): the folders offline, if any."""
    if not count:
        return ""
    folders = "1 folder" if count == 1 else f"{count} folders"
    return f" {folders} could not be read (offline); their documents are kept."


def _status(library: Library, args) -> int:
    status = library.status()
    if args.json:
        print_json(status)
        return 0
    print(f"Index: {status['index']} ({status['size_bytes'] / 1e6:.1f} MB)")
    print(f"Folders: {', '.join(status['folders']) or '(none: ibid index add DIR)'}")
    print(f"Documents: {status['documents']} ({status['pages']} pages); "
          f"{status['pending']} to update (ibid index update)")
    if status["unanalysed"]:
        print(f"  {unanalysed_sentence(status['unanalysed'])} (ibid index update analyses them)")
    for skipped in status["skipped"]:
        print(f"  skipped {skipped['path']}: {skipped['reason']}")
    for offline in status["offline"]:
        print(f"  offline {offline['folder']} ({offline['reason']}): {offline['documents']} documents kept")
    return 0
