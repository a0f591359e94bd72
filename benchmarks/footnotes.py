"""Pages per second of the footnote analysis against the floor, bare ``page.get_text("dict")``.

Run on demand (not part of the test suite):

    .venv/bin/python benchmarks/footnotes.py [PDF ...] [--pages 1000]

Without files it uses the PDFs of ../shared/corpus/real (or tests/data). The PDFs are
replicated into one long document of about --pages pages, so both measurements see the
same pages in the same run. The floor reads every page's dict with the flags the engine reads
it with (text only, no images: the same work, no more); the two are run interleaved, --runs
pairs, and each pair's ratio is printed with their min / median / max. Target (issue 22):
analysis time <= 1.5x the floor.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.document import Document  # noqa: E402
from reader.core.footnotes import analyze  # noqa: E402
from reader.core.footnotes.lines import FLAGS  # noqa: E402


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
            page.get_text("dict", flags=FLAGS)
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
    ap.add_argument("--runs", type=int, default=5, help="interleaved pairs of runs")
    args = ap.parse_args()
    inputs = args.pdf or default_inputs()
    if not inputs:
        print("no PDFs to measure", file=sys.stderr)
        return 2
    path = long_pdf(inputs, args.pages, args.out)
    count = pymupdf.open(path).page_count
    floor(path)  # warm the file cache
    ratios, floors, engines = [], [], []
    for _ in range(args.runs):
        t_floor = floor(path)
        t_engine, notes = engine(path)
        floors.append(t_floor)
        engines.append(t_engine)
        ratios.append(t_engine / t_floor)
        print(f"  pair {len(ratios)}: floor {t_floor:6.2f} s, analyze() {t_engine:6.2f} s, {ratios[-1]:.2f}x", flush=True)
    print(f"{count} pages, {notes} notes")
    print(f"get_text('dict', engine flags): median {statistics.median(floors):6.2f} s"
          f"  {count / statistics.median(floors):8.1f} pages/s")
    print(f"analyze():                      median {statistics.median(engines):6.2f} s"
          f"  {count / statistics.median(engines):8.1f} pages/s")
    print(f"ratio: min {min(ratios):.2f}x, median {statistics.median(ratios):.2f}x, max {max(ratios):.2f}x"
          " the floor (target <= 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
