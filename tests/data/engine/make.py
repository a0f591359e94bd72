"""Regenerate the small documents of tests/core/test_footnotes_engine.py (one family each).

    .venv/bin/python tests/data/engine/make.py      # needs pdflatex (TeX Live) and soffice

Every document is made by the real tool from the source written here: LaTeX for the
TeX families, LibreOffice Writer (from flat ODF) for the word-processor ones.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILLER = ("The Committee took note of the report on the protection of civilians and decided to "
          "remain actively seized of the matter, recalling its previous resolutions. ")

TEX = r"""\documentclass{article}
\usepackage[paperwidth=5.8in,paperheight=8.3in,margin=0.8in]{geometry}
%(preamble)s
\begin{document}
%(body)s
\end{document}
"""


def tex_families() -> dict[str, str]:
    para = FILLER * 3
    notes = [r"\footnote{Resolution %d/%d, para. %d.}" % (60 + i, i, i) for i in range(8)]
    chicago_body = "\n\n".join(
        f"{para} First claim.\\footnote{{John Smith, \\emph{{The Archive}} (Chicago, 19{80 + i}), {i + 12}.}} "
        f"Second claim.\\footnote{{19{70 + i} was the year of the vote; see A/{i + 30}/PV.{i + 4}.}}"
        for i in range(5))
    long_note = "\\footnote{" + (FILLER * 9) + "}"
    return {
        # Chicago/Turabian: full-size labels "13 " (no dot) at note size; a note may begin with a year
        "chicago-fullsize": TEX % {
            "preamble": r"\makeatletter\renewcommand\@makefntext[1]{\noindent\normalfont\footnotesize"
                        r"\@thefnmark\ #1}\makeatother",
            "body": chicago_body},
        # notes set at body size under the rule, with full-size dotted labels "3."
        "body-size-notes": TEX % {
            "preamble": r"\makeatletter\renewcommand\@makefntext[1]{\noindent\normalsize\@thefnmark.\ #1}"
                        r"\makeatother",
            "body": chicago_body},
        # notes longer than half a page, continued on the next page
        "long-notes": TEX % {"preamble": "", "body": "\n\n".join(
            f"{para} A claim.{long_note} {para}" for _ in range(3))},
        # numbering restarts in every section; three notes glued on one word print as "123"
        "restart-glued": TEX % {
            "preamble": r"\usepackage{chngcntr}\counterwithin*{footnote}{section}",
            "body": "\n".join(
                f"\\section{{Part {k}}}{FILLER}Glued{''.join(notes[:3])} claims. {FILLER}"
                f"A last claim.{notes[3]} {FILLER}" for k in range(1, 4))},
        # bigfoot: a second, lettered series whose markers sit inside numeric notes (notes on notes)
        "notes-on-notes": TEX % {
            "preamble": r"\usepackage{bigfoot}\DeclareNewFootnote{default}\DeclareNewFootnote[para]{B}[alph]",
            "body": "\n\n".join(
                f"{FILLER * 2}Claim {k}.\\footnote{{Resolution {60 + k}/1, para. {k}, as amended"
                f"\\footnoteB{{Amended by resolution {70 + k}/2.}} in {2000 + k}.}} {FILLER * 2}"
                for k in range(1, 5))},
        # endnotes listed under "Notes" after each section, numbering restarting in each
        "section-endnotes": TEX % {
            "preamble": r"\usepackage{endnotes}",
            "body": "\n".join(
                f"\\section{{Part {k}}}{FILLER * 4}"
                + " ".join(f"Claim {j}.\\endnote{{Report of the Secretary-General (A/{70 + k}/{100 + j}), "
                           f"para. {j}.}} {FILLER * 2}" for j in range(1, k + 2))
                + "\n\\theendnotes\n\\setcounter{endnote}{0}" for k in range(1, 4))},
    }


FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:text-properties fo:font-size="11pt"/>
  </style:default-style>
  <style:style style:name="Footnote" style:family="paragraph">
   <style:paragraph-properties fo:margin-left="0.6cm" fo:text-indent="-0.6cm"/>
   <style:text-properties fo:font-size="9pt"/>
  </style:style>
  <style:style style:name="Endnote" style:family="paragraph">
   <style:paragraph-properties fo:margin-left="0.6cm" fo:text-indent="-0.6cm"/>
   <style:text-properties fo:font-size="10pt"/>
  </style:style>
  <text:notes-configuration text:note-class="footnote" style:num-format="%(fmt)s" text:start-value="0"
   text:footnotes-position="page" text:start-numbering-at="document"/>
  <text:notes-configuration text:note-class="endnote" style:num-format="1" text:start-value="0"/>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="14.8cm"
   fo:page-height="21cm" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="1.8cm"
   fo:margin-right="1.8cm"/></style:page-layout>
 </office:automatic-styles>
 <office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/>
 </office:master-styles>
 <office:body><office:text>
%(body)s
 </office:text></office:body>
</office:document>
"""


def note(k: int, cls: str, text: str) -> str:
    style = "Footnote" if cls == "footnote" else "Endnote"
    return (f'<text:note text:id="{cls}{k}" text:note-class="{cls}"><text:note-citation/><text:note-body>'
            f'<text:p text:style-name="{style}"><text:tab/>{text}</text:p></text:note-body></text:note>')


def writer_families() -> dict[str, str]:
    def body(cls: str, count: int) -> str:
        return "\n".join(
            f"<text:p>{FILLER}Claim {k + 1}.{note(k, cls, f'Report of the Secretary-General (A/{70 + k}/{k + 100}), para. {k + 3}.')}"
            f" {FILLER}</text:p>" for k in range(count))
    return {
        # label + tab before the note text, footnotes at the page foot
        "writer-label-tab": FODT % {"fmt": "1", "body": body("footnote", 8)},
        # endnotes on their own page at the end, no heading; every marker links to its note
        "writer-endnotes": FODT % {"fmt": "1", "body": body("endnote", 8)},
        # footnotes numbered i, ii, iii ...
        "writer-roman": FODT % {"fmt": "i", "body": body("footnote", 8)},
    }


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, source in tex_families().items():
            (HERE / f"{name}.tex").write_text(source, encoding="utf-8")
            subprocess.run(["pdflatex", "-interaction=batchmode", "-output-directory", str(work),
                            str(HERE / f"{name}.tex")], check=True, capture_output=True)
            shutil.copy(work / f"{name}.pdf", HERE / f"{name}.pdf")
        for name, source in writer_families().items():
            (HERE / f"{name}.fodt").write_text(source, encoding="utf-8")
            subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless",
                            "--convert-to", "pdf", "--outdir", str(HERE), str(HERE / f"{name}.fodt")],
                           check=True, capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
