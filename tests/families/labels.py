"""Note numbering schemes, applied after the notes have been placed on pages."""
from __future__ import annotations

from collections.abc import Callable

from content import Note

SYMBOLS = ["*", "\u2020", "\u2021", "\u00a7", "\u00b6", "\u2016", "**", "\u2020\u2020", "\u2021\u2021"]


def arabic(i: int) -> str:
    return str(i)


def alph(i: int) -> str:
    out = ""
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(97 + r) + out
    return out


def roman(i: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while i >= value:
            out += letters
            i -= value
    return out


def symbol(i: int) -> str:
    return SYMBOLS[i - 1]


def number(notes: list[Note], style: Callable[[int], str] = arabic, group=None, series: str | None = None,
           start: int = 1) -> None:
    """Label *notes* (in marker order) 1, 2, 3 ... in *style*, restarting whenever
    group(note) changes (a chapter, a page). Only notes of *series* when given."""
    count, last = start - 1, object()
    for note in notes:
        if series is not None and note.series != series:
            continue
        g = group(note) if group else None
        if g != last:
            count, last = start - 1, g
        count += 1
        note.label = style(count)


def by_page(note: Note) -> object:
    return note.ref_page


def by_section(note: Note) -> object:
    return note.extra.get("section")
