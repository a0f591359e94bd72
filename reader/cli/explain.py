"""``ibid footnotes FILE --explain``: the candidate note lines the layout engine weighed.

Rejected candidates are the interesting ones (a missed note is among them): each is
printed with its page, label, text and every named feature's score and reason.
"""
from __future__ import annotations

import sys


def print_explain(candidates: list, *, everything: bool = False, file=None) -> None:
    file = file or sys.stdout
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
