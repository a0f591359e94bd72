"""The LaTeX families: classes, note packages, label styles, layouts."""
from __future__ import annotations

from functools import partial
from pathlib import Path

import labels
import latex
import pymupdf
import variant
from content import Note, Writer, story
from truth import check_labels, locate, write_truth

FOOTNOTE = lambda note: r"\footnote"  # noqa: E731


def draw_notes(w: Writer, n: int, long_every: int = 0, url_every: int = 4, kind: str = "footnote") -> list[Note]:
    return [Note(w.note_text(i, long=bool(long_every) and i % long_every == 0, url=i % url_every == 2), kind=kind)
            for i in range(1, n + 1)]


def make(folder: Path, name: str, *, features: list[str], n: int = 14, cls: str = "article",
         opts: str = "a5paper,11pt", preamble: str = "", sections: int = 2, heading: str = r"\section",
         command=FOOTNOTE, end: str = "", label=labels.number, long_every: int = 5, glued: int = 0,
         engine: str = "pdflatex", setup=None, kind: str = "footnote", paras_per_note: float = 1.0,
         table_every: int = 0) -> None:
    symbols = getattr(label, "keywords", {}).get("style") is labels.symbol
    n, paras_per_note = variant.notes_per_page(name, n, paras_per_note, grow=not symbols)
    long_every = variant.long_every(name, long_every)
    opts, fonts, geometry = variant.latex_options(name, opts, cls, engine, latex.DEFAULT_FONTS)
    preamble = f"{geometry}\n{preamble}" if geometry else preamble
    w = Writer(name)
    notes = draw_notes(w, n, long_every, kind=kind)
    if setup:
        setup(w, notes)
    sections_ = story(w, notes, sections=sections, glued=glued, paras_per_note=paras_per_note,
                      heading="Chapter" if "chapter" in heading else "Section")
    body, anchors = latex.body_tex(sections_, command, heading, table_every)
    pdf = latex.compile_tex(latex.document(cls, opts, preamble, body, end, fonts=fonts), folder / f"{name}.pdf",
                            engine)
    order = [x for x in notes if x.parent is None]
    ordered = []
    for note in order:  # a note on a note is read right after its parent
        ordered.append(note)
        ordered.extend(note.extra.get("children", []))
    locate(pdf, ordered, anchors)
    label(ordered)
    check_labels(pdf, ordered)
    with pymupdf.open(pdf) as doc:
        pages = doc.page_count
    write_truth(pdf, ordered, pages=pages, features=features, source=f"{latex.version(engine)}; {name}.tex")


def _series_b(w: Writer, notes: list[Note], every: int = 3) -> None:
    for i, note in enumerate(notes):
        if i % every == 1:
            note.series = "B"


def _two_series_labels(notes: list[Note]) -> None:
    labels.number(notes, series="")
    labels.number(notes, labels.alph, series="B")


def _nested(w: Writer, notes: list[Note]) -> None:
    """Every fourth note carries a note of the second series in its own text."""
    for i, note in enumerate(list(notes)):
        if i % 4 == 2:
            child = Note(w.note_text(100 + i), series="B", parent=note)
            note.extra["children"] = [child]
            notes.append(child)


def _some_endnotes(w: Writer, notes: list[Note]) -> None:
    for i, note in enumerate(notes):
        if i % 3 == 2:
            note.kind = "endnote"


def _per_kind_labels(notes: list[Note]) -> None:
    labels.number([n for n in notes if n.kind == "footnote"])
    labels.number([n for n in notes if n.kind == "endnote"])


TABLE_CMD = lambda note: r"\tablefootnote" if note.extra.get("in_table") else r"\footnote"  # noqa: E731
MIXED_CMD = lambda note: r"\endnote" if note.kind == "endnote" else r"\footnote"  # noqa: E731
SERIES_CMD = lambda note: r"\footnoteB" if note.series == "B" else r"\footnote"  # noqa: E731
ENDNOTE = lambda note: r"\endnote"  # noqa: E731
CHICAGO = r"""\makeatletter
\renewcommand\@makefntext[1]{\parindent 1em\noindent\hb@xt@1.8em{\hss\normalfont\@thefnmark.\enspace}#1}
\makeatother"""

FAMILIES = {
    "latex-article": partial(make, name="latex-article", n=16, features=[
        "pdflatex article, a5 paper, no hyperref", "numeric superscript notes", "long notes running over a page break",
        "URLs (\\url with xurl: wrapped anywhere)"]),
    "latex-hyperref": partial(make, name="latex-hyperref", n=16, preamble=r"\usepackage[colorlinks]{hyperref}",
                              features=["pdflatex article + hyperref: markers are link annotations",
                                        "URLs as link annotations"]),
    "latex-report-chapters": partial(
        make, name="latex-report-chapters", n=18, cls="report", sections=3, heading=r"\chapter",
        label=partial(labels.number, group=labels.by_section),
        features=["report class", "numbering restarts at 1 in every chapter"]),
    "latex-book-chapters": partial(
        make, name="latex-book-chapters", n=15, cls="book", opts="a5paper,11pt,openany", sections=3,
        heading=r"\chapter", label=partial(labels.number, group=labels.by_section),
        features=["book class, twoside running heads", "numbering restarts in every chapter"]),
    "latex-memoir": partial(make, name="latex-memoir", n=14, cls="memoir", opts="a5paper,11pt,article",
                            features=["memoir class (its own footnote layout)"]),
    "latex-scrartcl": partial(make, name="latex-scrartcl", n=14, cls="scrartcl", opts="a5paper,11pt",
                              preamble=r"\deffootnote{1.5em}{1em}{\thefootnotemark.\ }",
                              features=["KOMA-Script scrartcl", "\\deffootnote: full-size labels '1.' in a hanging "
                                        "indent"]),
    "latex-scrbook-chapters": partial(
        make, name="latex-scrbook-chapters", n=15, cls="scrbook", opts="a5paper,11pt,open=any", sections=3,
        heading=r"\chapter", label=partial(labels.number, group=labels.by_section),
        features=["KOMA-Script scrbook", "numbering restarts in every chapter"]),
    "latex-footmisc-perpage": partial(
        make, name="latex-footmisc-perpage", n=16, preamble=r"\usepackage[perpage]{footmisc}",
        label=partial(labels.number, group=labels.by_page),
        features=["footmisc [perpage]: numbering restarts at 1 on every page"]),
    "latex-footmisc-para": partial(
        make, name="latex-footmisc-para", n=18, long_every=0, preamble=r"\usepackage[para]{footmisc}",
        features=["footmisc [para]: notes run into one paragraph, several notes share a line"]),
    "latex-footmisc-symbol": partial(
        make, name="latex-footmisc-symbol", n=12, long_every=0,
        preamble=r"\usepackage[symbol*,perpage]{footmisc}",
        label=partial(labels.number, style=labels.symbol, group=labels.by_page),
        features=["footmisc [symbol*,perpage]: * \u2020 \u2021 \u00a7 \u00b6 \u2016 ** restarting per page"]),
    "latex-bigfoot-two-series": partial(
        make, name="latex-bigfoot-two-series", n=18, command=SERIES_CMD,
        preamble="\\usepackage{bigfoot}\n\\DeclareNewFootnote{B}[alph]", setup=_series_b, label=_two_series_labels,
        features=["bigfoot: two series, numeric notes and lettered notes (\\footnoteB), each numbered on its own"]),
    "latex-bigfoot-para-nested": partial(
        make, name="latex-bigfoot-para-nested", n=14, long_every=0, command=SERIES_CMD,
        preamble="\\usepackage{bigfoot}\n\\DeclareNewFootnote{default}\n\\DeclareNewFootnote[para]{B}[alph]",
        setup=_nested, label=_two_series_labels,
        features=["bigfoot: notes on notes (a lettered note whose marker is inside a numeric note)",
                  "lettered series in [para] layout: run-in notes sharing a line"]),
    "latex-manyfoot-para": partial(
        make, name="latex-manyfoot-para", n=16, long_every=0, command=SERIES_CMD,
        preamble="\\usepackage[para]{manyfoot}\n\\DeclareNewFootnote[para]{B}[alph]",
        setup=_series_b, label=_two_series_labels,
        features=["manyfoot: a second series of lettered notes run in as one paragraph under the numeric notes"]),
    "latex-endnotes": partial(
        make, name="latex-endnotes", n=14, command=ENDNOTE, kind="endnote", long_every=4,
        preamble=r"\usepackage{endnotes}", end=r"\theendnotes",
        features=["endnotes package: every note in a 'Notes' section at the end, superscript labels"]),
    "latex-enotez": partial(
        make, name="latex-enotez", n=12, command=ENDNOTE, kind="endnote", long_every=4,
        preamble=r"\usepackage{enotez}", end=r"\printendnotes",
        features=["enotez: endnotes listed at the end under their own heading"]),
    "latex-chicago-fullsize": partial(
        make, name="latex-chicago-fullsize", n=16, preamble=CHICAGO,
        features=["Chicago/Turabian note layout: full-size labels '13.' in the note area (\\@makefntext)"]),
    "latex-twocolumn": partial(
        make, name="latex-twocolumn", n=16, opts="a4paper,10pt,twocolumn", long_every=6,
        features=["two columns: notes at the foot of each column"]),
    "latex-long-notes": partial(
        make, name="latex-long-notes", n=9, long_every=1, paras_per_note=2.5,
        features=["notes filling half the page or more, continued on the next page"]),
    "latex-glued-markers": partial(
        make, name="latex-glued-markers", n=18, glued=1, long_every=0,
        features=["glued marker runs: three notes on one word print as '123'"]),
    "latex-tablefootnote": partial(
        make, name="latex-tablefootnote", n=14, long_every=0, command=TABLE_CMD, table_every=2,
        preamble="\\usepackage{float}\n\\usepackage{tablefootnote}",
        features=["tablefootnote: markers inside table cells, notes at the page foot with the others"]),
    "latex-foot-and-endnotes": partial(
        make, name="latex-foot-and-endnotes", n=18, command=MIXED_CMD, setup=_some_endnotes,
        label=_per_kind_labels, preamble=r"\usepackage{endnotes}", end=r"\theendnotes",
        features=["footnotes and endnotes in one document, each numbered from 1 (labels 1-6 appear twice)",
                  "endnotes in a 'Notes' section at the end"]),
    "latex-lualatex": partial(
        make, name="latex-lualatex", n=14, engine="lualatex", opts="a5paper,11pt",
        features=["LuaLaTeX output (LuaTeX PDF writer, Type 1 Times)"]),
}
