"""Regenerate tests/data/layer/missed-and-false.pdf (PyMuPDF, Base-14 Times and Helvetica).

Three pages of a UN-style report, two footnotes a page (1-6) under a short rule. Two things
a reader must correct by hand: note 3 is set as a body-size paragraph above the rule of
page 2 (the engine does not take it for a note), and the printer's address on page 3 is set
under the notes like a note labelled 7 (the engine takes it for one). The truth beside it
(``missed-and-false.pdf.footnotes.json``) is written by hand from this script.

    .venv/bin/python tests/data/layer/make.py
"""
from pathlib import Path

import pymupdf

HERE = Path(__file__).resolve().parent
BODY = ("The Committee considered the report of the Special Rapporteur on the situation of human "
        "rights defenders and the replies of the Governments concerned to its questions.").split() * 2


def paragraph(page, y: float, marker: str = "") -> float:
    x = 72
    for i, word in enumerate(BODY):
        page.insert_text((x, y), word, fontsize=11, fontname="tiro")
        x += pymupdf.get_text_length(word + " ", "tiro", 11)
        if marker and i == 7:
            page.insert_text((x - 3, y - 4), marker, fontsize=7, fontname="tiro")
            x += 6
        if x > 500:
            x, y = 72, y + 14
    return y + 22


def notes(page, y: float, items) -> None:
    page.draw_line((72, y - 10), (216, y - 10), width=0.5)
    for label, text in items:
        page.insert_text((72, y), label, fontsize=6.8, fontname="tiro")
        page.insert_text((80, y + 1), text, fontsize=8.5, fontname="tiro")
        y += 12.5


def note_text(n: int) -> str:
    return (f"See the report of the Special Rapporteur, A/HRC/{40 + n}/5, para. {n * 3}." if n % 2
            else f"Replies received by {10 + n} March; see A/{70 + n}/123.")


def main() -> None:
    doc = pymupdf.open()
    for pno in range(3):
        page = doc.new_page(width=595, height=842)
        first, second = pno * 2 + 1, pno * 2 + 2
        y = 90
        for k in range(6):
            y = paragraph(page, y, str(first) if k == 1 else str(second) if k == 4 else "")
        if pno == 1:   # note 3 overflowed into the body, at body size with a full-size label
            page.insert_text((72, 640), f"{first}. {note_text(first)}", fontsize=11, fontname="tiro")
            notes(page, 720, [(str(second), note_text(second))])
        else:
            notes(page, 720, [(str(first), note_text(first)), (str(second), note_text(second))])
        if pno == 2:   # the printer's address, set like a note
            page.insert_text((72, 760), "7", fontsize=6.8, fontname="tiro")
            page.insert_text((80, 761), "Palais des Nations, 1211 Geneva 10, Switzerland.", fontsize=8.5,
                             fontname="tiro")
        page.insert_text((72, 800), "GE.25-0412", fontsize=8, fontname="helv")
    doc.set_metadata({"title": "Missed and false notes (Ibid test document)", "creator": "tests/data/layer/make.py"})
    doc.save(HERE / "missed-and-false.pdf", garbage=4, deflate=True, no_new_id=True)


if __name__ == "__main__":
    main()
