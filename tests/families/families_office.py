"""LibreOffice families: flat ODT (.fodt) written here, exported by ``soffice --headless``."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from functools import partial
from html import escape
from pathlib import Path

import labels
import pymupdf
import variant
from content import Note, Ref, Writer, story
from families_latex import draw_notes
from truth import check_labels, locate, write_truth

HEAD = '''<?xml version="1.0" encoding="UTF-8"?>
<!-- Footnote family for Ibid, written by tests/families/families_office.py -->
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls>
  <style:font-face style:name="{font}" svg:font-family="'{font}'"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:paragraph-properties fo:margin-bottom="0.2cm"/>
   <style:text-properties style:font-name="{font}" fo:font-size="{size}" fo:language="en" fo:country="GB"/>
  </style:default-style>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
   style:default-outline-level="1"><style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>
  <style:style style:name="Footnote" style:family="paragraph" style:class="extra">
   <style:paragraph-properties fo:margin-left="{indent}" fo:text-indent="{text_indent}" fo:margin-bottom="{fn_space}"
    fo:text-align="{fn_align}" fo:line-height="{fn_line}"/>
   <style:text-properties fo:font-size="{fn_size}"/>
  </style:style>
  <style:style style:name="Endnote" style:family="paragraph" style:class="extra">
   <style:paragraph-properties fo:margin-left="0.6cm" fo:text-indent="-0.6cm" fo:margin-bottom="0.1cm"/>
   <style:text-properties fo:font-size="10pt"/>
  </style:style>
  <style:style style:name="AreaLabel" style:family="text">
   <style:text-properties style:text-position="{area_pos}"/>
  </style:style>
  <style:style style:name="Anchor" style:family="text">
   <style:text-properties style:text-position="super 58%"/>
  </style:style>
  <text:notes-configuration text:note-class="footnote" text:citation-style-name="AreaLabel"
   text:citation-body-style-name="Anchor" style:num-format="{num_format}" {letter_sync} text:start-value="0"
   text:footnotes-position="page" text:start-numbering-at="{restart}"/>
  <text:notes-configuration text:note-class="endnote" text:citation-body-style-name="Anchor"
   style:num-format="1" text:start-value="0"/>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="{width}" fo:page-height="{height}" fo:margin-top="1.5cm"
    fo:margin-bottom="{margin_v}" fo:margin-left="{margin_h}" fo:margin-right="{margin_h}">{columns}
    <style:footnote-sep style:width="0.018cm" style:distance-before-sep="0.1cm" style:distance-after-sep="0.1cm"
     style:adjustment="left" style:rel-width="25%" style:color="#000000"/>
   </style:page-layout-properties>
   <style:footer-style/>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:footer><text:p text:style-name="Footnote">Page <text:page-number text:select-page="current"/></text:p>
  </style:footer></style:master-page></office:master-styles>
 <office:body><office:text>
'''
TAIL = ''' </office:text></office:body>
</office:document>
'''


def _text(text: str) -> str:
    return escape(text, quote=False)


def note_xml(note: Note, n: int, style: str, tab: bool, custom: bool) -> str:
    cls = note.kind
    cite = (f'<text:note-citation text:label="{escape(note.label)}">{escape(note.label)}</text:note-citation>'
            if custom else "<text:note-citation/>")
    body_style = "Endnote" if cls == "endnote" else style
    lead = "<text:tab/>" if tab else ""
    return (f'<text:note text:id="n{n}" text:note-class="{cls}">{cite}<text:note-body>'
            f'<text:p text:style-name="{body_style}">{lead}{_text(note.text)}</text:p></text:note-body></text:note>')


def body_xml(sections, *, tab: bool, custom: bool, table_every: int) -> tuple[str, dict[int, str]]:
    out, anchors, plain, n = [], {}, "", 0
    for sno, section in enumerate(sections, 1):
        out.append(f'<text:h text:style-name="Heading_20_1" text:outline-level="1">{_text(section.heading)}</text:h>\n')
        for pno, para in enumerate(section.paras):
            parts = []
            for part in para:
                if isinstance(part, Ref):
                    n += 1
                    anchors[id(part.note)] = plain
                    part.note.extra["section"] = sno
                    parts.append(note_xml(part.note, n, "Footnote", tab, custom))
                else:
                    plain = (plain + part)[-200:]
                    parts.append(_text(part))
            if table_every and pno % table_every == 1 and any(isinstance(p, Ref) for p in para):
                out.append(_table(parts))
            else:
                out.append(f"<text:p>{''.join(parts)}</text:p>\n")
    return "".join(out), anchors


def _table(parts: list[str]) -> str:
    """The paragraph with its marker as the second cell of a small table row."""
    cells = ["Item", "".join(parts), "2026"]
    row = "".join(f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>'
                  for c in cells)
    return ('<table:table table:name="T"><table:table-column table:number-columns-repeated="3"/>'
            f"<table:table-row>{row}</table:table-row></table:table>\n")


def convert(fodt: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HOME": tmp}
        proc = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                               "--convert-to", "pdf", "--outdir", tmp, str(fodt)],
                              capture_output=True, text=True, timeout=300, env=env)
        out = Path(tmp) / (fodt.stem + ".pdf")
        if not out.is_file():
            raise RuntimeError(f"soffice failed for {fodt.name}: {proc.stdout} {proc.stderr}")
        shutil.move(out, fodt.with_suffix(".pdf"))
    return fodt.with_suffix(".pdf")


def make(folder: Path, name: str, *, features: list[str], n: int = 14, num_format: str = "1", restart: str = "document",
         label=labels.number, kind: str = "footnote", tab: bool = False, area_pos: str = "super 58%",
         custom=None, table_every: int = 0, columns: str = "", long_every: int = 5, glued: int = 0,
         font: str = "Liberation Serif", indent: str = "0.5cm", sections: int = 2, mixed: bool = False) -> None:
    n, paras_per_note = variant.notes_per_page(name, n, 1.0, grow=custom is None)
    long_every = variant.long_every(name, long_every)
    look = office_look(name, font, indent, area_pos)
    w = Writer(name)
    notes = draw_notes(w, n, long_every, kind=kind)
    for i, note in enumerate(notes):
        if mixed and i % 3 == 2:
            note.kind = "endnote"
    if custom:
        for i, note in enumerate(notes):
            note.label = custom(i)
    sections_ = story(w, notes, sections=sections, glued=glued, paras_per_note=paras_per_note,
                      heading="Chapter" if restart == "chapter" else "Part")
    body, anchors = body_xml(sections_, tab=tab, custom=bool(custom), table_every=table_every)
    letter_sync = 'style:num-letter-sync="true"' if num_format in "aA" else ""
    head = HEAD.format(num_format=num_format, restart=restart, columns=columns, letter_sync=letter_sync, **look)
    fodt = folder / f"{name}.fodt"
    fodt.write_text(head + body + TAIL, encoding="utf-8")
    pdf = convert(fodt)
    locate(pdf, notes, anchors)
    if not custom:
        label([x for x in notes if x.kind == "footnote"])
        label([x for x in notes if x.kind == "endnote"])
    check_labels(pdf, notes)
    with pymupdf.open(pdf) as doc:
        pages = doc.page_count
    version = subprocess.run(["soffice", "--version"], capture_output=True, text=True).stdout.strip()
    write_truth(pdf, notes, pages=pages, features=features, source=f"{version}; soffice --headless --convert-to pdf "
                f"{fodt.name}")


def office_look(name: str, font: str, indent: str, area_pos: str) -> dict[str, str]:
    """Page and note paragraph style: the committed ones, or a held-out variant's."""
    look = {"font": font, "size": "11pt", "width": "14.8cm", "height": "21cm", "margin_h": "1.8cm",
            "margin_v": "1.5cm", "indent": indent, "text_indent": f"-{indent}", "fn_space": "0.05cm",
            "fn_align": "start", "fn_line": "100%", "fn_size": "9pt", "area_pos": area_pos}
    if not variant.active():
        return look
    r = variant.rng(name, "office")
    _, width, height = variant.PAPERS[r.choice(sorted(variant.PAPERS))]
    hanging = r.choice(["0.3cm", "0.5cm", "0.8cm", "1cm"]) if indent == "0.5cm" else indent
    style = r.choice(["hanging", "hanging", "flush", "first-line"])
    look.update(font=font if font != "Liberation Serif" else r.choice(variant.OFFICE_FONTS),
                size=r.choice(["10pt", "11pt", "12pt"]), width=width, height=height,
                margin_h=r.choice(["1.5cm", "2cm", "2.5cm", "3cm"]), margin_v=r.choice(["1.2cm", "2cm", "2.5cm"]),
                fn_space=r.choice(["0cm", "0.05cm", "0.15cm"]), fn_align=r.choice(["start", "justify"]),
                fn_line=r.choice(["100%", "115%"]), fn_size=r.choice(["8pt", "9pt", "10pt"]))
    if style == "hanging" or area_pos != "super 58%":
        look.update(indent=hanging, text_indent=f"-{hanging}")
    elif style == "flush":
        look.update(indent="0cm", text_indent="0cm")
    else:
        look.update(indent="0cm", text_indent="0.5cm")
    if area_pos == "super 58%":
        look["area_pos"] = r.choice(["super 58%", "super 70%", "25% 65%"])   # position, size
    return look


def _mixed_custom(i: int) -> str:
    return labels.SYMBOLS[i // 4] if i % 4 == 0 else ""


FAMILIES = {
    "lo-footnotes": partial(make, name="lo-footnotes", n=16, features=[
        "LibreOffice Writer footnotes, PDF export", "superscript labels in the note area, hanging indent",
        "long notes continued on the next page", "page numbers in the footer"]),
    "lo-endnotes": partial(make, name="lo-endnotes", n=14, kind="endnote", label=labels.number, features=[
        "LibreOffice Writer endnotes: all notes on a page of their own after the text"]),
    "lo-roman": partial(make, name="lo-roman", n=14, num_format="i", label=partial(labels.number, style=labels.roman),
                        features=["LibreOffice footnotes numbered i, ii, iii (roman)"]),
    "lo-letters": partial(make, name="lo-letters", n=14, num_format="a", label=partial(labels.number, style=labels.alph),
                          features=["LibreOffice footnotes lettered a, b, c"]),
    "lo-symbols-custom": partial(
        make, name="lo-symbols-custom", n=8, long_every=0, custom=lambda i: labels.SYMBOLS[i],
        features=["LibreOffice footnotes with custom marks * \u2020 \u2021 \u00a7 \u00b6 \u2016 (text:label)"]),
    "lo-perpage": partial(make, name="lo-perpage", n=18, restart="page",
                          label=partial(labels.number, group=labels.by_page),
                          features=["LibreOffice footnote numbering restarting on every page"]),
    "lo-chapter-restart": partial(make, name="lo-chapter-restart", n=15, restart="chapter", sections=3,
                                  label=partial(labels.number, group=labels.by_section),
                                  features=["LibreOffice footnote numbering restarting at every Heading 1"]),
    "lo-label-tab": partial(
        make, name="lo-label-tab", n=16, tab=True, area_pos="0% 100%", indent="0.8cm",
        features=["word-processor layout: full-size label, a tab, then the note text (Word's 'Footnote Text' "
                  "habit)"]),
    "lo-table-cells": partial(make, name="lo-table-cells", n=14, table_every=2, long_every=0, features=[
        "LibreOffice: markers inside table cells as well as in paragraphs"]),
    "lo-two-columns": partial(
        make, name="lo-two-columns", n=16, long_every=4,
        columns='\n    <style:columns fo:column-count="2" fo:column-gap="0.6cm"/>',
        features=["LibreOffice two-column page, notes across the page foot"]),
    "lo-foot-and-endnotes": partial(
        make, name="lo-foot-and-endnotes", n=18, mixed=True,
        features=["LibreOffice footnotes and endnotes in one document, each numbered from 1",
                  "endnotes on a page of their own after the text"]),
    "lo-glued-sans": partial(make, name="lo-glued-sans", n=15, glued=1, font="DejaVu Sans", long_every=0,
                             features=["LibreOffice, DejaVu Sans: glued marker runs ('123') on one word"]),
}
