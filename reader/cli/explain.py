"""``ibid footnotes FILE --explain``: how each note was found, and what was weighed and left.

Notes the document's own markup or links give (HTML, EPUB, Markdown, text, linked PDFs) are
printed with the evidence that made them a note. For the layout engine the rejected
candidate note lines are the interesting ones (a missed note is among them): each is
printed with its page, label, text and every named feature's score and reason.
"""
from __future__ import annotations

import sys


def print_explain(candidates: list, *, notes: list | None = None, everything: bool = False, file=None) -> None:
    file = file or sys.stdout
    found = [n for n in notes or () if n.source != "layout"]
    if found:
        print(f"{len(found)} notes from the document's {' and '.join(sorted({n.source for n in found}))}:", file=file)
        for n in found:
            print(f"{n.title} (p.{n.note_page + 1}, {len(n.refs)} marker{'s' * (len(n.refs) != 1)}): "
                  f"{n.reason}", file=file)
        if not candidates:   # markup only: the layout engine weighed nothing
            return
    rejected = [c for c in candidates if not c.accepted]
    print(f"{len(candidates)} candidate note lines, {len(candidates) - len(rejected)} accepted, "
          f"{len(rejected)} rejected", file=file)
    for c in candidates if everything else rejected:
        verdict = "accepted" if c.accepted else "rejected"
        text = c.line.body_text.replace("\n", " ")
        if len(text) > 60:
            text = text[:59] + "\u2026"
        print(f"p.{c.page + 1} {verdict} {c.label!r} ({c.zone}): {text}", file=file)
        total = c.score
        parts = "; ".join(f"{name} {score:+.1f} {reason}" for name, score, reason in c.features)
        print(f"    features {total:+.1f}: {parts}", file=file)
        if c.why:
            print(f"    sequence: {c.why}", file=file)
