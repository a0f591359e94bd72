"""Plain "reference" citations: treaties in the UN Treaty Series, ICJ Reports and ICJ orders,
cases named "X v. Y". They carry their text (whitespace collapsed) and no URL."""
from __future__ import annotations

import re
from collections.abc import Iterator

from reader.core.citations.model import Citation

_REFERENCE_RE = re.compile(
    r"United Nations,\s+Treaty Series,\s+vols?\.\s?\d[\d, and]*?,\s+No\.\s?\d+"          # UNTS
    r"|I\.\s?C\.\s?J\.\s+Reports\s+\d{4}(?:,\s+pp?\.\s?\d+(?:\s?[–-]\s?\d+)?)?"            # I.C.J. Reports 2004, p. 136
    r"|(?:Advisory Opinion|Judgment|Order)\s+of\s+the\s+International\s+Court\s+of\s+Justice"
    r"\s+of\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}"                                               # Order of the ICJ of 7 December 2021
    r"|\((?:[A-Z][\w'’.-]*\s){0,4}[A-Z][\w'’.-]*\s+v\.\s+(?:[A-Z][\w'’.-]*\s?){1,5}\)")    # (Armenia v. Azerbaijan)


def find_references(text: str) -> Iterator[tuple[int, int, Citation]]:
    for m in _REFERENCE_RE.finditer(text):
        printed = m.group()
        yield m.start(), m.end(), Citation("reference", printed, " ".join(printed.strip("()").split()))
