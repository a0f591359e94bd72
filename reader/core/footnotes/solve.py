"""The numbering of a document's notes, chosen jointly rather than line by line.

Every numbered candidate (see :mod:`features`) may open a note or stay a continuation
line. A choice is scored by the candidates' own features plus a step score between each
accepted number and the one before it: the next number is best, a restart at 1 (a new
chapter, the endnotes) is good where a zone begins, a small gap costs a little (a note we
could not read), anything else costs a lot. The best choice is found by dynamic
programming over the candidates in reading order, so "2005 WL 119835" inside note 12 stays
text while a lost note 13 does not derail notes 14, 15 ...
"""
from __future__ import annotations

from reader.core.footnotes.features import WEIGHTS, Candidate

WINDOW = 40        # how many candidates back a step may reach
_FAR = -1.0        # a step from further back than WINDOW: the numbers are unrelated


def step(a: Candidate | None, b: Candidate) -> tuple[float, str]:
    """The score of number *b* coming right after accepted number *a* (None: the first).
    A jump further than a small gap ("step.far") costs less than a raised label, its marker
    in the text and a separator above it earn: an excerpt or a chapter printed apart."""
    v = b.number
    if a is None:
        if v == 1:
            return WEIGHTS["step.first"], f"{v} opens the numbering"
        # a lone full-size number opening nothing is a wrapped line ("13 September 2025).")
        return (0.0 if b.style == "sup" else WEIGHTS["step.first_unraised"]), f"{v} opens the numbering"
    d = v - a.number
    if d == 1:
        return WEIGHTS["step.next"], f"follows {a.number}"
    if v == 1:
        if b.first or b.zone == "endnote section" or b.style != "full":
            return WEIGHTS["step.restart"], f"restarts the numbering after {a.number}"
        return WEIGHTS["step.restart_mid_zone"], f"restarts the numbering after {a.number} mid-zone"
    if 1 < d <= 5:
        return WEIGHTS["step.gap"] * (d - 1), f"follows {a.number} with a gap"
    return WEIGHTS["step.far"], f"out of sequence after {a.number}"


def choose(cands: list[Candidate]) -> None:
    """Mark the numbered candidates that open notes (``accepted``, ``why``)."""
    n = len(cands)
    if not n:
        return
    best = [0.0] * n
    back: list[int] = [-1] * n
    why = [""] * n
    steps = [0.0] * n
    prefix = [0.0] * n          # best total of a choice whose last note is at or before i
    prefix_at = [-1] * n
    for i, b in enumerate(cands):
        score, reason = step(None, b)
        choice, prev, taken = score, -1, score
        lo = max(0, i - WINDOW)
        if lo > 0 and prefix[lo - 1] + _FAR > choice:
            choice, prev, reason = prefix[lo - 1] + _FAR, prefix_at[lo - 1], f"{b.number} after a long gap"
            taken = _FAR
        for j in range(lo, i):
            s, r = step(cands[j], b)
            if best[j] + s > choice:
                choice, prev, reason, taken = best[j] + s, j, r, s
        best[i], back[i], why[i], steps[i] = choice + b.score, prev, reason, taken
        before = prefix[i - 1] if i else 0.0
        prefix[i], prefix_at[i] = (best[i], i) if best[i] > before else (before, prefix_at[i - 1] if i else -1)
    for c, reason, taken in zip(cands, why, steps):
        c.why, c.step = reason, taken   # the best step it could take, also for the rejected (--explain)
    i = prefix_at[-1]
    while i >= 0:
        cands[i].accepted = True
        i = back[i]
