"""Regenerate the footnote test PDFs in this folder (run by hand; the PDFs are committed).

    python tests/data/footnotes/make_fixtures.py [--pymupdf] [--libreoffice] [--latex]

- PyMuPDF: exact edge cases drawn span by span (symbols, per-page renumbering, running
  header and page numbers, a margin note, a continuation, two columns, a table's own notes).
- LibreOffice (``soffice --headless``): the ``*.fodt`` sources, real Writer footnotes.
- LaTeX (``pdflatex``): the ``*.tex`` sources, with and without hyperref.
Without options it does all three; a missing tool is reported and skipped.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pymupdf

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fodt_sources  # noqa: E402

HERE = Path(__file__).resolve().parent
BODY, SUP, NOTE = 10.0, 6.0, 8.0
LEFT, RIGHT = 72.0, 523.0
#: A font with the dagger signs; any TrueType font with them will do.
FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


class Sheet:
    """Draws lines of body text with raised markers, and notes, on a PyMuPDF page."""

    def __init__(self, doc: pymupdf.Document) -> None:
        self.page = doc.new_page(width=595, height=842)
        self.page.insert_font(fontname="F0", fontfile=FONT_FILE)
        self.font = pymupdf.Font(fontfile=FONT_FILE)

    def line(self, x: float, y: float, parts: list, size: float = BODY) -> None:
        """*parts*: strings, or ("^", label) for a raised marker."""
        for part in parts:
            if isinstance(part, tuple):
                self.page.insert_text((x, y - size * 0.35), part[1], fontsize=size * 0.6, fontname="F0")
                x += self.font.text_length(part[1], size * 0.6)
            else:
                self.page.insert_text((x, y), part, fontsize=size, fontname="F0")
                x += self.font.text_length(part, size)

    def note(self, x: float, y: float, label: str, text: str) -> None:
        self.line(x, y, [("^", label), " " + text], NOTE)

    def rule(self, y: float, x0: float = LEFT, width: float = 140) -> None:
        self.page.draw_line((x0, y), (x0 + width, y), width=0.5)


def symbols_and_perpage(out: Path) -> None:
    """3 pages: symbols *, †, ‡; then numbers restarting at 1 on each page; header, page
    numbers and a margin note that are not footnotes."""
    doc = pymupdf.open()
    pages = [[("*", "Circulated at the request of the author."), ("\u2020", "Dagger note, second symbol."),
              ("\u2021", "Double dagger note, third symbol.")],
             [("1", "First numbered note on page two."), ("2", "Second numbered note on page two.")],
             [("1", "Numbering restarts: first note on page three."), ("2", "Second note on page three.")]]
    for pno, notes in enumerate(pages):
        s = Sheet(doc)
        s.line(LEFT, 40, ["Journal of Footnote Tests, vol. 1"], 9)
        y = 90
        for i, (label, _text) in enumerate(notes):
            s.line(LEFT, y, [f"Body sentence number {i + 1} on this page carries a marker", ("^", label),
                             " and goes on."])
            y += 14
        for i in range(20):
            s.line(LEFT, y, [f"Filler line {i} of body text that runs across the page for a while."])
            y += 14
        s.line(535, 120, ["Margin"], 7)
        s.line(535, 129, ["remark 3"], 7)
        s.rule(700)
        y = 714
        for label, text in notes:
            s.note(LEFT, y, label, text)
            y += 11
        s.line(290, 810, [str(pno + 1)])
    save(doc, out)


def continuation(out: Path) -> None:
    """Note 1 starts on page 1 and continues under the separator of page 2; note 2 follows."""
    doc = pymupdf.open()
    s = Sheet(doc)
    s.line(LEFT, 90, ["The first page has a marker here", ("^", "1"), " in its body text."])
    for i in range(30):
        s.line(LEFT, 104 + 14 * i, [f"Body line {i} of the first page, long enough to look like prose."])
    s.rule(730)
    s.note(LEFT, 744, "1", "This long note begins on the first page and is contin-")
    s.line(LEFT, 755, ["ued on the next page, where it says more about the matter at"], NOTE)
    s.line(LEFT, 766, ["hand and cites https://example.org/reports/2024/annual-"], NOTE)
    s = Sheet(doc)
    s.line(LEFT, 90, ["The second page has another marker", ("^", "2"), " in its body."])
    for i in range(30):
        s.line(LEFT, 104 + 14 * i, [f"Body line {i} of the second page, long enough to look like prose."])
    s.rule(730)
    s.line(LEFT, 744, ["report.pdf and ends here."], NOTE)
    s.note(LEFT, 755, "2", "The second note, short.")
    save(doc, out)


def two_columns(out: Path) -> None:
    """Two columns, each with its own notes at its foot (1-2 left, 3-4 right)."""
    doc = pymupdf.open()
    s = Sheet(doc)
    cols = [(LEFT, ["1", "2"]), (310.0, ["3", "4"])]
    for x, labels in cols:
        y = 90
        for label in labels:
            s.line(x, y, ["A column sentence with", ("^", label), " a marker."])
            y += 14
        for i in range(35):
            s.line(x, y, [f"Column text line {i} runs on here."])
            y += 14
        s.rule(700, x, 80)
        y = 714
        for label in labels:
            s.note(x, y, label, f"Note {label} at the foot of its column.")
            y += 11
    save(doc, out)


def table_notes(out: Path) -> None:
    """A table with its own a/b notes right under it, and one real footnote under a rule."""
    doc = pymupdf.open()
    s = Sheet(doc)
    s.line(LEFT, 90, ["The table below shows the posts", ("^", "1"), " by grade."])
    y = 120
    for row in (["Grade", "2025", "2026"], ["P-5", "120", ("^", "a"), "130"], ["P-4", "98", "97", ("^", "b")]):
        x = LEFT
        for cell in row:
            if isinstance(cell, tuple):
                s.line(x - 40, y, [cell], 9)
                continue
            s.line(x, y, [cell], 9)
            x += 120
        for x0 in (LEFT, LEFT + 120, LEFT + 240):
            s.page.draw_line((x0, y + 4), (x0 + 118, y + 4), width=0.5)
        y += 16
    s.note(LEFT, y + 8, "a", "Includes one post to be abolished.")
    s.note(LEFT, y + 19, "b", "Excludes temporary posts.")
    y += 50
    for i in range(25):
        s.line(LEFT, y, [f"Body line {i} after the table, long enough to look like running prose."])
        y += 14
    s.rule(730)
    s.note(LEFT, 744, "1", "Posts approved in resolution 80/242.")
    save(doc, out)


def save(doc: pymupdf.Document, out: Path) -> None:
    doc.subset_fonts()
    doc.save(out, garbage=3, deflate=True)


def para_notes(out: Path) -> None:
    """Several markers on one body line, and several short notes run into one note line."""
    doc = pymupdf.open()
    s = Sheet(doc)
    s.line(LEFT, 90, ["Claims", ("^", "1"), " upon claims", ("^", "2"), " upon claims", ("^", "3"), " on one line."])
    for i in range(30):
        s.line(LEFT, 104 + 14 * i, [f"Body line {i} of the page, long enough to look like running prose."])
    s.rule(730)
    s.line(LEFT, 744, [("^", "1"), " Ibid., p. 25.   ", ("^", "2"), " Idem, op. cit.   ", ("^", "3"), " Ibid."], NOTE)
    save(doc, out)


def make_pymupdf() -> None:
    para_notes(HERE / "pymupdf-para-notes.pdf")
    symbols_and_perpage(HERE / "pymupdf-symbols-perpage.pdf")
    continuation(HERE / "pymupdf-continuation.pdf")
    two_columns(HERE / "pymupdf-two-columns.pdf")
    table_notes(HERE / "pymupdf-table-notes.pdf")


def make_with(tool: str, sources: list[Path], argv) -> None:
    if shutil.which(tool) is None:
        print(f"{tool} not found: skipped {', '.join(p.name for p in sources)}", file=sys.stderr)
        return
    for src in sources:
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(2 if tool == "pdflatex" else 1):   # LaTeX: twice, for hyperref
                subprocess.run(argv(src, tmp), cwd=tmp, check=True, capture_output=True, timeout=180)
            shutil.copyfile(Path(tmp) / (src.stem + ".pdf"), HERE / (src.stem + ".pdf"))
        print("made", src.stem + ".pdf")


def main(argv: list[str]) -> int:
    every = not argv
    if every or "--pymupdf" in argv:
        make_pymupdf()
    if every or "--libreoffice" in argv:
        fodt_sources.write(HERE)
        make_with("soffice", sorted(HERE.glob("*.fodt")),
                  lambda src, tmp: ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)])
    if every or "--latex" in argv:
        make_with("pdflatex", sorted(HERE.glob("*.tex")),
                  lambda src, tmp: ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", str(src)])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
