"""LaTeX families: a .tex written from the story, compiled with pdflatex/lualatex."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from content import URL_RE, Note, Ref, Section

SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
           "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


#: The same PDF bytes on every run (no dates or random ids), so regenerating changes nothing.
REPRODUCIBLE = {**os.environ, "SOURCE_DATE_EPOCH": "1764547200", "FORCE_SOURCE_DATE": "1"}


def escape(text: str) -> str:
    out, pos = [], 0
    for m in URL_RE.finditer(text):
        out.append(_plain(text[pos:m.start()]))
        out.append(r"\url{" + m.group(0) + "}")
        pos = m.end()
    out.append(_plain(text[pos:]))
    return "".join(out)


def _plain(text: str) -> str:
    return re.sub(r"[&%$#_{}~^\\]", lambda m: SPECIAL[m.group(0)], text)


def note_tex(note: Note, command) -> str:
    children = "".join(note_tex(c, command) for c in note.extra.get("children", []))
    text = escape(note.text) + children  # a note on a note: its marker ends the parent's text
    return f"{command(note)}{{{text}}}"


def body_tex(sections: list[Section], command, heading: str = r"\section",
             table_every: int = 0) -> tuple[str, dict[int, str]]:
    """The body and, per note, the plain text printed just before its marker. With
    *table_every*, every so many paragraphs with a marker become a table cell."""
    out, anchors, plain = [], {}, ""
    for sno, section in enumerate(sections, 1):
        out.append(f"{heading}{{{section.heading}}}\n")
        for pno, para in enumerate(section.paras):
            in_table = bool(table_every) and pno % table_every == 1 and any(isinstance(p, Ref) for p in para)
            for part in para:
                if isinstance(part, Ref):
                    part.note.extra["in_table"] = in_table
            line = []
            for part in para:
                if isinstance(part, Ref):
                    anchors[id(part.note)] = plain
                    part.note.extra["section"] = sno
                    line.append(note_tex(part.note, command))
                else:
                    plain = (plain + part)[-200:]
                    line.append(escape(part))
            text = "".join(line)
            if in_table:
                text = ("\\begin{table}[H]\\begin{center}\\begin{tabular}{|l|p{0.62\\linewidth}|}\\hline\n"
                        f"Item {pno} & {text} \\\\ \\hline\n\\end{{tabular}}\\end{{center}}\\end{{table}}")
            out.append(text + "\n\n")
    return "".join(out), anchors


DEFAULT_FONTS = "\\usepackage[T1]{fontenc}\n\\usepackage{mathptmx}"


def document(cls: str, opts: str, preamble: str, body: str, end: str = "", title: str = "",
             fonts: str = DEFAULT_FONTS) -> str:
    title = title or "Notes on the practice of United Nations organs"
    return (f"\\documentclass[{opts}]{{{cls}}}\n{fonts}\n"
            f"\\usepackage{{xurl}}\n{preamble}\n\\begin{{document}}\n"
            f"\\title{{{title}}}\\author{{Ibid test family}}\\date{{1 December 2025}}\\maketitle\n"
            f"{body}\n{end}\n\\end{{document}}\n")


def compile_tex(tex: str, out: Path, engine: str = "pdflatex", runs: int = 3) -> Path:
    """Compile *tex* to out (.pdf), keeping the source beside it as .tex."""
    out.with_suffix(".tex").write_text(tex, encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.tex"
        src.write_text(tex, encoding="utf-8")
        for _ in range(runs):
            proc = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=tmp,
                                  capture_output=True, text=True, timeout=300, env=REPRODUCIBLE)
            if proc.returncode != 0:
                raise RuntimeError(f"{engine} failed for {out.name}:\n{proc.stdout[-2000:]}")
        shutil.copy(Path(tmp) / "doc.pdf", out)
    return out


def version(engine: str = "pdflatex") -> str:
    return subprocess.run([engine, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
