"""Plain "reference" citations: treaties by name and in the UN Treaty Series, ICJ Reports and
ICJ orders, cases ("X v. Y, 222 F.3d 141", "(Armenia v. Azerbaijan)"). They carry their text
(``value``: whitespace collapsed, outer brackets dropped) and no URL: nothing to open, but the
GUI can offer them for search in the library."""
from __future__ import annotations

import re
from collections.abc import Iterator

from reader.core.citations.model import Citation

_WORD = r"[A-Z][\w'’.&-]*"
_LINK = r"(?:of|on|the|and|in|for|against|to|relating|between|concerning|with|de|du|des|la|le)"
_NAME = rf"{_WORD}(?:\s+(?:{_WORD}|{_LINK}|\([\w ]{{1,30}}\))){{0,10}}?"     # bounded: linear on hostile text
_TWORD = r"[A-Z][\w'’-]*"
_TREATY = rf"(?:International\s+|Optional\s+|European\s+|American\s+)?" \
          rf"(?:Convention|Covenant|Treaty|Protocol|Charter|Agreement)\s+(?:{_LINK}|Banning)" \
          rf"(?:\s+(?!and\s+the\s)(?:{_TWORD}|{_LINK})){{0,16}}\s+{_TWORD}"
#: Where a case name may start: the start of the note or a clause, or after "See" / "Cf.".
_CASE_START = r"(?:\A|(?<=[.;:,(*\[\n]\s)|(?<=[(*\[\n])|(?<=\b[Ss]ee\s)|(?<=\b[Cc]f\.\s))"
_REFERENCE_RE = re.compile(
    r"United Nations,\s+Treaty Series,\s+vols?\.\s?\d[\d, and]*?,\s+No\.\s?\d+"          # UNTS
    r"|I\.\s?C\.\s?J\.\s+Reports\s+\d{4}(?:,\s+pp?\.\s?\d+(?:\s?[–-]\s?\d+)?)?"            # I.C.J. Reports 2004, p. 136
    r"|(?:Advisory Opinion|Judgment|Order)\s+of\s+the\s+International\s+Court\s+of\s+Justice"
    r"\s+of\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}"                                               # Order of the ICJ of 7 December 2021
    r"|\((?:[A-Z][\w'’.-]*\s){0,4}[A-Z][\w'’.-]*\s+v\.\s+(?:[A-Z][\w'’.-]*\s?){1,5}\)"     # (Armenia v. Azerbaijan)
    rf"|{_CASE_START}(?![Ss]ee\s|[Cc]f\.\s){_NAME}\s+v\.?\s+{_NAME}(?:,\s+(?:Inc|Ltd|Corp|Co|LLC|plc)\.?)?,\s+"
    r"(?:\[\d{4}\]\s+|\(\d{4}\)\s+)?"
    r"\d{1,4}\s+[A-Z][A-Za-z.\d ]{0,14}?\s\d{1,5}"                                        # Horn v. X, 222 F.3d 141
    rf"|(?<![\w]){_TREATY}")                                                   # treaty names


def find_references(text: str) -> Iterator[tuple[int, int, Citation]]:
    for m in _REFERENCE_RE.finditer(text):
        printed = m.group()
        yield m.start(), m.end(), Citation("reference", printed, " ".join(printed.strip("()").split()))
