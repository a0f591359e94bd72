"""Held-out variants of the family matrix: what a real author changes, drawn from a seed.

The committed matrix (tests/data/families/) is made with ``SEED = None``: every family's
documents come out as they always did. ``generate.py --variant SEED --out DIR`` sets SEED,
and every family then draws, from ``Random(f"{SEED}:{family}")``, its own note texts (with
extra humanities and legal styles: "See", "Cf.", long quotations, several URLs, bare
"Ibid."), note lengths, paper size, font size, font, margins, notes per page, markers
before or after the punctuation and the LibreOffice note paragraph style. The footnote
engine's weights were set looking at the committed matrix; a variant scores how far they
generalise to documents nobody looked at.
"""
from __future__ import annotations

import random

SEED: str | None = None


def active() -> bool:
    return SEED is not None


def rng(name: str, what: str) -> random.Random:
    """The generator of one choice of one family (each choice on its own, so adding a knob
    does not move the others)."""
    return random.Random(f"{SEED}:{name}:{what}")


def choice(name: str, what: str, options: list, default):
    return rng(name, what).choice(options) if active() else default


def writer_seed(name: str) -> str:
    return f"{name}#{SEED}" if active() else name


#: LaTeX text fonts an author picks (package lines; Type 1 fonts, for lualatex too: luaotfload
#: is not part of the TeX Live packages the matrix needs).
LATEX_FONTS = {
    "times": "\\usepackage[T1]{fontenc}\n\\usepackage{mathptmx}",
    "latin-modern": "\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}",
    "charter": "\\usepackage[T1]{fontenc}\n\\usepackage{charter}",
    "palatino": "\\usepackage[T1]{fontenc}\n\\usepackage{mathpazo}",
    "helvetica": "\\usepackage[T1]{fontenc}\n\\usepackage[scaled]{helvet}\n\\renewcommand\\familydefault{\\sfdefault}",
}
OFFICE_FONTS = ["Liberation Serif", "Liberation Sans", "DejaVu Serif", "DejaVu Sans", "TeX Gyre Pagella",
                "C059"]
PAPERS = {"a4": ("a4paper", "21cm", "29.7cm"), "letter": ("letterpaper", "21.59cm", "27.94cm"),
          "a5": ("a5paper", "14.8cm", "21cm")}


def latex_options(name: str, opts: str, cls: str, engine: str, fonts: str) -> tuple[str, str, str]:
    """(class options, font lines, extra preamble) for a LaTeX family."""
    if not active():
        return opts, fonts, ""
    keep = [o for o in opts.split(",") if not o.endswith(("paper", "pt"))]
    paper = choice(name, "paper", ["a4", "letter", "a5"], "a5")
    size = choice(name, "size", ["10pt", "11pt", "12pt"], "11pt")
    if "twocolumn" in keep:
        paper = "a4" if paper == "a5" else paper
    new_opts = ",".join([PAPERS[paper][0], size, *keep])
    font = LATEX_FONTS[choice(name, "font", sorted(LATEX_FONTS), "")]
    extra = ""
    if cls in ("article", "report", "book"):
        margin = choice(name, "margin", ["1.8cm", "2.5cm", "3cm", "3.5cm"], "")
        extra = f"\\usepackage[margin={margin}]{{geometry}}"
    return new_opts, font, extra


def notes_per_page(name: str, n: int, paras_per_note: float, grow: bool = True) -> tuple[int, float]:
    """Note count and body paragraphs per note: 1.0 crowds up to ~8 notes on a page, 3.0
    leaves one or two. Not *grow*: no more notes than the family's (its marks run out)."""
    if not active():
        return n, paras_per_note
    r = rng(name, "density")
    more = n + r.randint(-4, 6)
    return max(6, more if grow else min(n, more)), max(paras_per_note, r.choice([1.0, 1.0, 1.5, 2.2, 3.0]))


def marker_before_punctuation(name: str) -> bool:
    return choice(name, "punctuation", [False, True], False)


def long_every(name: str, default: int) -> int:
    return choice(name, "long", [0, 3, 4, 6, 8], default) if default else default
