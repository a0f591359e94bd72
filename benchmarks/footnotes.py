"""Pages per second of the footnote analysis against the floor, bare ``page.get_text("dict")``.

Run on demand (not part of the test suite):

    .venv/bin/python benchmarks/footnotes.py [PDF ...] [--pages 1000]

Without files it uses the PDFs of ../shared/corpus/real (or tests/data). The PDFs are
replicated into one long document of about --pages pages, so both measurements see the
same pages in the same run. Target: analysis time <= 2x the floor.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.document import Document  # noqa: E402
from reader.core.footnotes import analyze  # noqa: E402


def default_inputs() -> list[Path]:
    for folder in (ROOT.parent / "shared" / "corpus" / "real", ROOT / "tests" / "data"):
        found = sorted(folder.glob("*.pdf"))
        if found:
            return found
    return []


def long_pdf(inputs: list[Path], pages: int, out: Path) -> Path:
    merged = pymupdf.open()
    while merged.page_count < pages:
        for path in inputs:
            with pymupdf.open(path) as src:
                merged.insert_pdf(src)
            if merged.page_count >= pages:
                break
    merged.save(out, garbage=1)
    return out


def floor(path: Path) -> float:
    start = time.perf_counter()
    with pymupdf.open(path) as pdf:
        for page in pdf:
            page.get_text("dict")
    return time.perf_counter() - start


def engine(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    doc = Document.open(path)
    notes = analyze(doc)
    doc.close()
    return time.perf_counter() - start, len(notes)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdf", nargs="*", type=Path)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/ibid-bench-footnotes.pdf"))
    args = ap.parse_args()
    inputs = args.pdf or default_inputs()
    if not inputs:
        print("no PDFs to measure", file=sys.stderr)
        return 2
    path = long_pdf(inputs, args.pages, args.out)
    count = pymupdf.open(path).page_count
    floor(path)  # warm the file cache
    t_floor = min(floor(path) for _ in range(2))
    t_engine, notes = min(engine(path) for _ in range(2))
    print(f"{count} pages, {notes} notes")
    print(f"get_text('dict'): {t_floor:6.2f} s  {count / t_floor:8.1f} pages/s")
    print(f"analyze():        {t_engine:6.2f} s  {count / t_engine:8.1f} pages/s")
    print(f"ratio: {t_engine / t_floor:.2f}x the floor (target <= 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
