"""``ibid citations TEXT`` (or ``-`` for stdin): the citations found in a text, as JSON.

Prints a list of ``{"type", "text", "value"[, "url"][, "target"][, "local"][, "page"]}``; keys
without a value are left out. With ``--notes``, the input is a JSON list of ``[label, text]``
pairs (a document's notes in order) and back-references are resolved against each other.
"""
from __future__ import annotations

import json
import sys

from reader.cli.common import fail, print_json
from reader.core.citations import find_citations, resolve_notes


def register(sub) -> None:
    p = sub.add_parser("citations", help="list the URLs, DOIs, UN symbols and back-references in a text")
    p.add_argument("text", help="the text of a note, or - to read it from stdin")
    p.add_argument("--notes", action="store_true",
                   help="TEXT is a JSON list of [label, text] pairs: resolve Ibid./supra between them")
    p.set_defaults(func=run)


def run(args) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    if not args.notes:
        print_json([c.to_json() for c in find_citations(text)])
        return 0
    try:
        notes = [(str(label), str(body)) for label, body in json.loads(text)]
    except (ValueError, TypeError) as exc:
        return fail("citations", f"--notes wants a JSON list of [label, text] pairs ({exc})")
    print_json([{"label": label, "citations": [c.to_json() for c in cites]}
                for (label, _), cites in zip(notes, resolve_notes(notes))])
    return 0
