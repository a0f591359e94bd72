"""Markdown, plain-text, HTML and pandoc families.

Reflowed files have no fixed pages: their ground truth gives the source line (``ref_line``,
``note_line``) or element id (``ref_id``, ``note_id``) and ``note_page: null``, as the corpus
does for its Markdown and XHTML files. pandoc's PDFs (via LaTeX and via docx + LibreOffice)
are paginated and located like the other PDFs.
"""
from __future__ import annotations

import subprocess
import textwrap
from html import escape
from pathlib import Path

import labels
import pymupdf
import variant
from content import URL_RE, Note, Ref, Writer, story
from families_latex import draw_notes
from families_office import convert
from latex import REPRODUCIBLE
from truth import check_labels, locate, write_truth

REFLOW_KEYS = ("ref_line", "note_line", "ref_file", "ref_id", "note_file", "note_id", "source_label")


class Lines:
    """A text file built line by line, so every marker and note knows its line number."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    @property
    def next(self) -> int:
        return len(self.lines) + 1

    def add(self, *lines: str) -> None:
        for line in lines:
            self.lines.extend(line.split("\n"))

    def add_note(self, note: Note, *lines: str) -> None:
        """Add *note*'s lines, remembering the line it starts on."""
        note.extra["note_line"] = self.next
        self.add(*lines)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def md_url(text: str) -> str:
    return URL_RE.sub(lambda m: f"<{m.group(0)}>", text)


def render_para(para, marker, note_line: int) -> str:
    out = []
    for part in para:
        if isinstance(part, Ref):
            part.note.extra["ref_line"] = note_line
            out.append(marker(part.note))
        else:
            out.append(part)
    return "".join(out)


def _draw(name: str, n: int, sections: int = 2, long_every: int = 0, glued: int = 0):
    w = Writer(name)
    notes = draw_notes(w, n, long_every)
    return w, notes, story(w, notes, sections=sections, glued=glued)


def _save_text(path: Path, doc: Lines, notes: list[Note], features: list[str]) -> None:
    """Write a plain-text family document and its ground truth."""
    path.write_text(doc.text(), encoding="utf-8")
    _finish(path, notes, features, "hand-written by the generator")


def _finish(doc: Path, notes: list[Note], features: list[str], source: str) -> None:
    for note in notes:
        note.ref_page = note.note_page = None
    write_truth(doc, notes, pages=None, features=features, source=source, extra_keys=REFLOW_KEYS)


# --- Markdown ---------------------------------------------------------------------------------

def caret_markdown(name: str, n: int = 14, long_every: int = 5) -> tuple[str, list[Note], list]:
    """Pandoc/GFM footnotes: [^1] and named [^un-report] markers, definitions at the end,
    long notes with an indented second paragraph."""
    w, notes, sections = _draw(name, n, long_every=long_every)
    labels.number(notes)
    for i, note in enumerate(notes):
        note.extra["source_label"] = note.label if i % 3 else f"note-{note.label}-{note.text.split()[0].lower()}"
    doc = Lines()
    doc.add("# Notes on the practice of United Nations organs", "")
    for section in sections:
        doc.add(f"## {section.heading}", "")
        for para in section.paras:
            doc.add(render_para(para, lambda nt: f"[^{nt.extra['source_label']}]", doc.next), "")
    for note in notes:
        note.extra["note_line"] = doc.next
        first, _, rest = note.text.partition(" The ") if len(note.text) > 200 else (note.text, "", "")
        doc.add(f"[^{note.extra['source_label']}]: {md_url(first)}" + ("" if rest else ""))
        if rest:
            doc.add("", f"    The {md_url(rest)}")
        doc.add("")
    return doc.text(), notes, sections


def md_caret(folder: Path, name: str = "md-caret") -> None:
    text, notes, _ = caret_markdown(name)
    path = folder / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    _finish(path, notes, ["Markdown footnotes [^1] and named [^labels], rendered as numbers in order of first use",
                          "definitions at the end, long notes with an indented second paragraph", "<URL> autolinks"],
            "hand-written by the generator")


def md_sup_rule(folder: Path, name: str = "md-sup-rule") -> None:
    """<sup>N</sup> markers; after each section a --- rule and the notes as <sup>N</sup> paragraphs."""
    w, notes, sections = _draw(name, 14)
    labels.number(notes)
    doc = Lines()
    doc.add("# Letter dated 1 December 2025 from the Permanent Representative", "")
    for section in sections:
        doc.add(f"## {section.heading}", "")
        here = []
        for para in section.paras:
            doc.add(render_para(para, lambda nt: f"<sup>{nt.label}</sup>", doc.next), "")
            here += [p.note for p in para if isinstance(p, Ref)]
        doc.add("---", "")
        for note in here:
            doc.add_note(note, f"<sup>{note.label}</sup> {md_url(note.text)}", "")
    path = folder / f"{name}.md"
    path.write_text(doc.text(), encoding="utf-8")
    _finish(path, notes, ["Markdown with HTML <sup>N</sup> markers", "notes after a '---' rule at the end of each "
                          "section, each a paragraph starting <sup>N</sup>"], "hand-written by the generator")


def md_link_bullets(folder: Path, name: str = "md-link-bullets") -> None:
    """[1](#f1) link markers; the notes a bullet list of anchored items under '## Notes'."""
    w, notes, sections = _draw(name, 12, long_every=4)
    labels.number(notes)
    doc = Lines()
    doc.add("# Report on the rule of law", "")
    for section in sections:
        doc.add(f"## {section.heading}", "")
        for para in section.paras:
            doc.add(render_para(para, lambda nt: f"<a id=\"r{nt.label}\"></a>[{nt.label}](#f{nt.label})",
                                doc.next), "")
    doc.add("## Notes", "")
    for note in notes:
        doc.add_note(note, f"- <a id=\"f{note.label}\"></a>[{note.label}] {md_url(note.text)} [\u21a9](#r{note.label})")
    path = folder / f"{name}.md"
    path.write_text(doc.text(), encoding="utf-8")
    _finish(path, notes, ["Markdown link markers [1](#f1)", "notes as a bullet list '- <a id=f1></a>[1] text' "
                          "under '## Notes', with \u21a9 back-links"], "hand-written by the generator")


# --- plain text -------------------------------------------------------------------------------

def wrap(text: str, indent: str = "", first: str = "") -> list[str]:
    return textwrap.wrap(text, 70, initial_indent=first, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False)


def txt_brackets(folder: Path, name: str = "txt-brackets") -> None:
    """[1] markers, a NOTES section at the end with '[1] text' paragraphs."""
    w, notes, sections = _draw(name, 15, long_every=5)
    labels.number(notes)
    doc = Lines()
    doc.add("LETTER ON THE PRACTICE OF UNITED NATIONS ORGANS", "")
    for section in sections:
        doc.add(section.heading.upper(), "")
        for para in section.paras:
            _wrapped_para(doc, para, lambda nt: f"[{nt.label}]")
    doc.add("NOTES", "")
    for note in notes:
        doc.add_note(note, *wrap(note.text, "    ", f"[{note.label}] "), "")
    _save_text(folder / f"{name}.txt", doc, notes,
               ["plain text wrapped at 70 columns, markers [1]",
                "a NOTES section at the end, '[1] text' with a hanging indent"])


SUPERSCRIPT = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def txt_unicode_sup(folder: Path, name: str = "txt-unicode-sup") -> None:
    """Unicode superscript markers (text copied out of a word processor), an endnote list
    '1. text' under 'Notes' at the end."""
    w, notes, sections = _draw(name, 16, long_every=6, glued=1)
    labels.number(notes)
    doc = Lines()
    doc.add("Statement by the President of the Security Council", "")
    for section in sections:
        doc.add(section.heading, "")
        for para in section.paras:
            _wrapped_para(doc, para, lambda nt: nt.label.translate(SUPERSCRIPT))
    doc.add("Notes", "")
    for note in notes:
        doc.add_note(note, *wrap(note.text, "   ", f"{note.label}. "), "")
    _save_text(folder / f"{name}.txt", doc, notes,
               ["plain text with Unicode superscript markers \u00b9\u00b2\u00b3, glued runs included",
                "an endnote list '1. text' under 'Notes' at the end"])


def _wrapped_para(doc: Lines, para, marker) -> list[Note]:
    """Write a wrapped paragraph; set each marker's line. Returns the notes it cites."""
    text, cited = "", []
    for part in para:
        if isinstance(part, Ref):
            text += "\x00" + marker(part.note) + "\x01"
            cited.append(part.note)
        else:
            text += part
    start = doc.next
    lines = wrap(text)
    k = 0
    for i, line in enumerate(lines):
        for _ in range(line.count("\x00")):
            cited[k].extra["ref_line"] = start + i
            k += 1
    doc.add(*(line.replace("\x00", "").replace("\x01", "") for line in lines), "")
    return cited


def gutenberg_footnote(folder: Path, name: str = "gutenberg-txt-footnote") -> None:
    """Project Gutenberg text: [1] markers and a '[Footnote 1: ...]' block after the paragraph."""
    w, notes, sections = _draw(name, 14, long_every=4)
    labels.number(notes)
    doc = Lines()
    doc.add("The Project Gutenberg eBook of Notes on the Practice of Organs", "", "")
    for section in sections:
        doc.add(section.heading.upper(), "")
        for para in section.paras:
            for note in _wrapped_para(doc, para, lambda nt: f"[{nt.label}]"):
                doc.add_note(note, *wrap(f"[Footnote {note.label}: {note.text}]", "    "), "")
    _save_text(folder / f"{name}.txt", doc, notes,
               ["Project Gutenberg plain text: [1] markers",
                "'[Footnote 1: text]' blocks right after the paragraph that cites them"])


def gutenberg_letters(folder: Path, name: str = "gutenberg-txt-letters") -> None:
    """Gutenberg text with [A] markers restarting per chapter and a FOOTNOTES: block at its end."""
    w, notes, sections = _draw(name, 15, sections=3, long_every=5)
    doc = Lines()
    doc.add("The Project Gutenberg eBook of a Collection of Opinions", "", "")
    for cno, section in enumerate(sections, 1):
        doc.add(f"CHAPTER {labels.roman(cno).upper()}.", "")
        here = [p.note for para in section.paras for p in para if isinstance(p, Ref)]
        for i, note in enumerate(here, 1):
            note.label = labels.alph(i).upper()
        for para in section.paras:
            _wrapped_para(doc, para, lambda nt: f"[{nt.label}]")
        doc.add("FOOTNOTES:", "")
        for note in here:
            doc.add_note(note, *wrap(note.text, "    ", f"[{note.label}] "), "")
    _save_text(folder / f"{name}.txt", doc, notes,
               ["Project Gutenberg plain text: letter markers [A], [B] restarting in each chapter",
                "a 'FOOTNOTES:' block at the end of each chapter"])


def gutenberg_html(folder: Path, name: str = "gutenberg-html-fnanchor") -> None:
    """Gutenberg HTML: <a class="fnanchor">[N]</a> markers, div.footnote notes per chapter."""
    w, notes, sections = _draw(name, 16, sections=2, long_every=5)
    labels.number(notes)
    out = ['<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Opinions</title>\n'
           "<style>.fnanchor{vertical-align:super;font-size:.8em;text-decoration:none}"
           ".footnote{margin-left:10%;font-size:.9em}.label{position:absolute;left:5%}</style></head><body>\n"
           "<h1>The Project Gutenberg eBook of a Collection of Opinions</h1>\n"]
    for cno, section in enumerate(sections, 1):
        out.append(f'<div class="chapter"><h2><a id="CHAPTER_{cno}"></a>CHAPTER {labels.roman(cno).upper()}.</h2>\n')
        here = []
        for para in section.paras:
            html = ""
            for part in para:
                if isinstance(part, Ref):
                    k = part.note.label
                    part.note.extra.update(ref_id=f"FNanchor_{k}_{k}", note_id=f"Footnote_{k}_{k}")
                    html += (f'<a id="FNanchor_{k}_{k}"></a><a href="#Footnote_{k}_{k}" class="fnanchor">[{k}]</a>')
                    here.append(part.note)
                else:
                    html += escape(part)
            out.append(f"<p>{html}</p>\n")
        out.append('<div class="footnotes"><h3>FOOTNOTES:</h3>\n')
        for note in here:
            k = note.label
            text = URL_RE.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escape(note.text, quote=False))
            out.append(f'<div class="footnote"><p><a id="Footnote_{k}_{k}"></a><a href="#FNanchor_{k}_{k}">'
                       f'<span class="label">[{k}]</span></a> {text}</p></div>\n')
        out.append("</div></div>\n")
    out.append("</body></html>\n")
    path = folder / f"{name}.html"
    path.write_text("".join(out), encoding="utf-8")
    _finish(path, notes, ["Project Gutenberg HTML: <a class=\"fnanchor\" href=\"#Footnote_N_N\">[N]</a> markers",
                          "notes in div.footnote blocks after each chapter, '[N]' labels linking back"],
            "hand-written by the generator")


# --- pandoc -----------------------------------------------------------------------------------

def pandoc(src: Path, out: Path, *args: str) -> None:
    proc = subprocess.run(["pandoc", str(src), "-o", str(out), *args], capture_output=True, text=True,
                          timeout=300, env=REPRODUCIBLE, cwd=src.parent)
    if proc.returncode != 0 or not out.is_file():
        raise RuntimeError(f"pandoc failed for {out.name}: {proc.stderr[-1500:]}")


def _pandoc_source(folder: Path, name: str, n: int = 14, long_every: int = 5):
    n, _ = variant.notes_per_page(name, n, 1.0)
    long_every = variant.long_every(name, long_every)
    text, notes, sections = caret_markdown(name, n, long_every)
    src = folder / f"{name}.md"
    src.write_text(text, encoding="utf-8")
    return src, notes, sections


def _anchors(sections) -> dict[int, str]:
    anchors, plain = {}, ""
    for section in sections:
        for para in section.paras:
            for part in para:
                if isinstance(part, Ref):
                    anchors[id(part.note)] = plain
                else:
                    plain = (plain + part)[-200:]
    return anchors


def _paged(pdf: Path, notes: list[Note], sections, features: list[str], source: str) -> None:
    for note in notes:
        note.extra.pop("ref_line", None), note.extra.pop("note_line", None)
    locate(pdf, notes, _anchors(sections))
    check_labels(pdf, notes)
    with pymupdf.open(pdf) as doc:
        pages = doc.page_count
    write_truth(pdf, notes, pages=pages, features=features, source=source)


def _pandoc_version() -> str:
    return subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.splitlines()[0]


def pandoc_html(folder: Path, name: str = "pandoc-md-html") -> None:
    src, notes, _ = _pandoc_source(folder, name)
    out = folder / f"{name}.html"
    pandoc(src, out, "-s", "--metadata", "title=Notes on the practice of United Nations organs")
    for note in notes:
        note.extra.update(ref_id=f"fnref{note.label}", note_id=f"fn{note.label}")
        note.extra.pop("ref_line"), note.extra.pop("note_line")
    _finish(out, notes, ["pandoc Markdown -> standalone HTML5: <a class=\"footnote-ref\"><sup>N</sup></a> markers",
                         "section.footnotes with an <ol> and \u21a9 back-links"], f"{_pandoc_version()}; {src.name}")


def pandoc_epub(folder: Path, name: str = "pandoc-md-epub") -> None:
    src, notes, sections = _pandoc_source(folder, name)
    out = folder / f"{name}.epub"
    pandoc(src, out, "--epub-chapter-level=2", "--metadata", "title=Notes on the practice of United Nations organs",
           "--metadata", "date=2025-12-01", "--metadata", "identifier=urn:uuid:00000000-0000-4000-8000-000000000012")
    for cno, section in enumerate(sections, 2):  # ch001 is the title; notes restart in every chapter file
        here = [p.note for para in section.paras for p in para if isinstance(p, Ref)]
        for i, note in enumerate(here, 1):
            note.label = str(i)
            note.extra.update(ref_file=f"EPUB/text/ch{cno:03d}.xhtml", ref_id=f"fnref{i}",
                              note_file=f"EPUB/text/ch{cno:03d}.xhtml", note_id=f"fn{i}")
            note.extra.pop("ref_line"), note.extra.pop("note_line")
    _finish(out, notes, ["pandoc Markdown -> EPUB 3 (--epub-chapter-level=2): noteref markers, notes at the end "
                         "of each chapter file", "numbering restarts at 1 in every chapter file"],
            f"{_pandoc_version()}; {src.name}")


def pandoc_pdf(folder: Path, name: str = "pandoc-md-pdf") -> None:
    src, notes, sections = _pandoc_source(folder, name)
    out = folder / f"{name}.pdf"
    paper = variant.PAPERS[variant.choice(name, "paper", sorted(variant.PAPERS), "a5")][0]
    margin = variant.choice(name, "margin", ["1.8cm", "2.5cm", "3cm"], "2cm")
    font = variant.choice(name, "font", ["mathptmx", "lmodern", "charter", "mathpazo"], "mathptmx")
    size = variant.choice(name, "size", [["-V", f"fontsize={pt}"] for pt in ("10pt", "11pt", "12pt")], [])
    pandoc(src, out, "--pdf-engine=pdflatex", "-V", f"geometry:{paper}", "-V", f"geometry:margin={margin}",
           "-V", f"fontfamily={font}", *size, "--metadata", "title=Notes on the practice of United Nations organs")
    _paged(out, notes, sections, ["pandoc Markdown -> PDF through pdflatex (pandoc's LaTeX template, xurl, "
                                  "hyperref links)"], f"{_pandoc_version()}; {src.name}")


def pandoc_docx(folder: Path, name: str = "pandoc-md-docx-pdf") -> None:
    src, notes, sections = _pandoc_source(folder, name)
    docx = folder / f"{name}.docx"
    pandoc(src, docx)
    pdf = convert(docx)
    docx.unlink()  # the source is the .md; the .docx is an intermediate
    _paged(pdf, notes, sections, ["pandoc Markdown -> .docx (Word 'Footnote Text' / 'Footnote Reference' styles)"
                                  " -> PDF by LibreOffice", "a Word-made document's note layout"],
           f"{_pandoc_version()}; LibreOffice soffice --convert-to pdf; {src.name}")


def pandoc_odt(folder: Path, name: str = "pandoc-md-odt-pdf") -> None:
    src, notes, sections = _pandoc_source(folder, name, n=16, long_every=3)
    odt = folder / f"{name}.odt"
    pandoc(src, odt)
    pdf = convert(odt)
    odt.unlink()
    _paged(pdf, notes, sections, ["pandoc Markdown -> .odt -> PDF by LibreOffice", "long notes every third note"],
           f"{_pandoc_version()}; LibreOffice soffice --convert-to pdf; {src.name}")


FAMILIES = {
    "md-caret": md_caret,
    "md-sup-rule": md_sup_rule,
    "md-link-bullets": md_link_bullets,
    "txt-brackets": txt_brackets,
    "txt-unicode-sup": txt_unicode_sup,
    "gutenberg-txt-footnote": gutenberg_footnote,
    "gutenberg-txt-letters": gutenberg_letters,
    "gutenberg-html-fnanchor": gutenberg_html,
    "pandoc-md-html": pandoc_html,
    "pandoc-md-epub": pandoc_epub,
    "pandoc-md-pdf": pandoc_pdf,
    "pandoc-md-docx-pdf": pandoc_docx,
    "pandoc-md-odt-pdf": pandoc_odt,
}
