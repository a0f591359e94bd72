"""Time to the complete Notes panel of a ~300-page indexed PDF, against the time to its first page.

    python benchmarks/notes_panel.py [--runs 5] [--pages 300]

The PDF is made here by putting the real UN and LaTeX PDFs of tests/data one after the
other (PyMuPDF's ``insert_pdf``) until it has ``--pages`` pages. It is indexed once with
``ibid index add`` (which stores its prepared record), then each run starts a fresh Python
process that builds the real main window, opens the PDF and reports, in seconds since the
process was launched, when the visible pages were first all drawn and when the Notes panel
was filled (``FootnoteController.notes_ready``). Runs alternate between the indexed library
(the record is read: target <= 1.1x the first page) and an empty one (the window runs
``ibid prepare`` in a child after page 1, as before the record existed); the median of each
is reported with the lowest-highest spread. Python writes its bytecode cache as on a user's
machine (PYTHONDONTWRITEBYTECODE is unset; the warm-up run fills it).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SOURCES = ["un_A_80_L.23.pdf", "un_A_RES_78_5.pdf", "un_A_RES_80_242.pdf", "footnotes/latex-notes.pdf",
           "footnotes/latex-twocolumn.pdf", "cms-legal-sample.pdf"]

RUN_SCRIPT = r"""
import sys, time
start = float(sys.argv[3])
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from reader.core.paths import Paths
from reader.gui.mainwindow import MainWindow
window = MainWindow(Paths.under(Path(sys.argv[2])))
window.resize(1200, 860)
window.show()
filled = []
window.footnotes.notes_ready.connect(lambda entries: filled.append((time.time() - start, len(entries))))
window.open_document(Path(sys.argv[1]))
first = None
deadline = time.time() + 600
while (first is None or not filled) and time.time() < deadline:
    app.processEvents()
    if first is None and window.document is not None and window.page_view.all_visible_rendered():
        first = time.time() - start
    time.sleep(0.001)
print(first, *(filled[0] if filled else (None, 0)))
window.close()
"""


def make_pdf(pages: int, out: Path) -> Path:
    """A *pages*-page PDF of the real documents in tests/data, one after the other."""
    doc = pymupdf.open()
    while doc.page_count < pages:
        for name in SOURCES:
            src = pymupdf.open(DATA / name)
            doc.insert_pdf(src, to_page=min(src.page_count, pages - doc.page_count) - 1)
            if doc.page_count >= pages:
                break
    doc.save(out, garbage=3, deflate=True)
    return out


def one_run(pdf: Path, base: Path, env: dict) -> tuple[float, float, int]:
    """(first page, Notes panel filled, notes) in seconds since launch, for one fresh window."""
    start = time.time()
    proc = subprocess.run([sys.executable, "-c", RUN_SCRIPT, str(pdf), str(base), repr(start)], env=env,
                          capture_output=True, text=True, timeout=900, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"run failed: {proc.stderr[-800:]}")
    first, filled, notes = proc.stdout.split()[-3:]
    if filled == "None":
        raise SystemExit(f"the Notes panel was not filled: {proc.stderr[-800:]}")
    return float(first), float(filled), int(notes)


def index(pdf: Path, base: Path, env: dict) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reader", "index", "add", str(pdf.parent), "--basedir", str(base)],
                   env=env, check=True, capture_output=True, cwd=ROOT, timeout=1800)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)   # as installed: compiled once (the warm-up run), then cached
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        (tmp / "library").mkdir()
        pdf = make_pdf(args.pages, tmp / "library" / "book.pdf")
        seconds = index(pdf, tmp / "indexed", env)
        print(f"{pymupdf.open(pdf).page_count}-page PDF indexed (its record stored) in {seconds:.1f} s")
        one_run(pdf, tmp / "indexed", env)   # warm the caches
        runs: dict[str, list[tuple[float, float, int]]] = {"indexed": [], "not indexed": []}
        for number in range(args.runs):
            runs["indexed"].append(one_run(pdf, tmp / "indexed", env))
            runs["not indexed"].append(one_run(pdf, tmp / f"fresh-{number}", env))
        print(f"seconds since launch, median of {args.runs} runs (lowest-highest):")
        for kind, results in runs.items():
            first = [r[0] for r in results]
            filled = [r[1] for r in results]
            ratios = [f / p for p, f in zip(first, filled)]
            print(f"  {kind:12s} first page {statistics.median(first):6.3f} s ({min(first):.3f}-{max(first):.3f}), "
                  f"Notes panel ({results[0][2]} notes) {statistics.median(filled):6.3f} s "
                  f"({min(filled):.3f}-{max(filled):.3f}): {statistics.median(ratios):.2f}x "
                  f"({min(ratios):.2f}-{max(ratios):.2f})" + ("   target <= 1.1x" if kind == "indexed" else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
