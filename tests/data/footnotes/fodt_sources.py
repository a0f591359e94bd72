"""Write the LibreOffice sources (flat ODT) of the footnote fixtures; make_fixtures.py converts them."""
from __future__ import annotations

from pathlib import Path

HEAD = '''<?xml version="1.0" encoding="UTF-8"?>
<!-- Footnote fixture for Ibid: real Writer footnotes (converted with soffice headless). -->
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls>
  <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:paragraph-properties fo:margin-bottom="0.2cm"/>
   <style:text-properties style:font-name="Liberation Serif" fo:font-size="11pt"/>
  </style:default-style>
  <style:style style:name="Footnote" style:family="paragraph" style:class="extra">
   <style:paragraph-properties fo:margin-left="0.5cm" fo:text-indent="-0.5cm" fo:margin-bottom="0cm"/>
   <style:text-properties fo:font-size="9pt"/>
  </style:style>
  <style:style style:name="Table_20_Note" style:display-name="Table Note" style:family="paragraph">
   <style:text-properties fo:font-size="9pt"/>
  </style:style>
  <style:style style:name="Sup" style:family="text">
   <style:text-properties style:text-position="super 58%"/>
  </style:style>
  <text:notes-configuration text:note-class="footnote" style:num-format="1" text:start-value="0"
   text:footnotes-position="page" text:start-numbering-at="NUMBERING"/>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="14.8cm" fo:page-height="21cm" fo:margin-top="1.5cm"
    fo:margin-bottom="1.5cm" fo:margin-left="1.8cm" fo:margin-right="1.8cm">COLUMNS
    <style:footnote-sep style:width="0.018cm" style:distance-before-sep="0.1cm" style:distance-after-sep="0.1cm"
     style:adjustment="left" style:rel-width="25%" style:color="#000000"/>
   </style:page-layout-properties>
  </style:page-layout>
  <style:style style:name="Break" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/></style:style>
 </office:automatic-styles>
 <office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
 <office:body><office:text>
'''
TAIL = ''' </office:text></office:body>
</office:document>
'''
FILLER = "Filler text of the body runs on for a while so that the page fills up with prose. " * 3
SUP = '<text:span text:style-name="Sup">{}</text:span>'


def note(n: int, text: str, label: str | None = None) -> str:
    cite = f'<text:note-citation text:label="{label}">{label}</text:note-citation>' if label else \
        f"<text:note-citation>{n}</text:note-citation>"
    return (f'<text:note text:id="ftn{n}" text:note-class="footnote">{cite}<text:note-body>'
            f'<text:p text:style-name="Footnote">{text}</text:p></text:note-body></text:note>')


def para(text: str, style: str | None = None) -> str:
    s = f' text:style-name="{style}"' if style else ""
    return f"<text:p{s}>{text}</text:p>\n"


def document(body: str, numbering: str = "document", columns: str = "") -> str:
    return HEAD.replace("NUMBERING", numbering).replace("COLUMNS", columns) + body + TAIL


def notes_source() -> str:
    """Numbered notes, a custom '*' mark, a URL, a note continued on the next page, a table's a/b notes."""
    body = para("The resolution was adopted" + note(1, "Resolution 69/283, annex I.") + " after a vote"
                + note(2, "See https://www.example.org/records/2025/plenary-meeting-summary-records.html"
                          " for the vote.") + " in plenary.")
    body += para("A statement was circulated" + note(3, "Circulated at the request of the delegation.", "*")
                 + " by one delegation.")
    body += "".join(para(FILLER) for _ in range(8))
    long = " ".join(["This note is long so that Writer must carry it over to the next page; it recounts the"
                     " negotiations, the votes and the statements made after the adoption."] * 9)
    body += para("The long note is anchored here" + note(4, long) + " near the foot of the page.")
    body += "".join(para(FILLER) for _ in range(3))
    body += para("Posts by grade are shown below" + note(5, "Posts approved for 2026.") + ".")
    rows = [("Grade", "2025", "2026"), ("P-5", "120" + SUP.format("a"), "130"), ("P-4", "98", "97" + SUP.format("b"))]
    table = '<table:table table:name="Posts"><table:table-column table:number-columns-repeated="3"/>'
    for row in rows:
        cells = "".join(f'<table:table-cell office:value-type="string">{para(c)}</table:table-cell>' for c in row)
        table += f"<table:table-row>{cells}</table:table-row>"
    body += table + "</table:table>\n"
    body += para(SUP.format("a") + " Includes one post to be abolished.", "Table_20_Note")
    body += para(SUP.format("b") + " Excludes temporary posts.", "Table_20_Note")
    body += "".join(para(FILLER) for _ in range(2))
    return document(body)


def perpage_columns_source() -> str:
    """Two columns; footnote numbering restarts on every page."""
    body = para("First page" + note(10, "First note of page one.") + " starts here.")
    body += para("It goes on" + note(20, "Second note of page 1.") + " with more.")
    body += "".join(para(FILLER) for _ in range(14))
    body += para("Second page" + note(11, "First note of page two, numbered 1 again.") + " starts here.", "Break")
    body += para("It goes on" + note(21, "Second note of page 2.") + " with more.")
    body += "".join(para(FILLER) for _ in range(6))
    columns = '\n    <style:columns fo:column-count="2" fo:column-gap="0.6cm"/>'
    return document(body, "page", columns)


def write(folder: Path) -> None:
    (folder / "libreoffice-notes.fodt").write_text(notes_source(), encoding="utf-8")
    (folder / "libreoffice-perpage-columns.fodt").write_text(perpage_columns_source(), encoding="utf-8")
