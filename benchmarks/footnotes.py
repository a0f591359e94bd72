"""Pages per second of the footnote analysis against the floor, bare ``page.get_text("dict")``.

Run on demand (not part of the test suite):

    .venv/bin/python benchmarks/footnotes.py [PDF ...] [--pages 1000]

Without files it uses the PDFs of ../shared/corpus/real (or tests/data). The PDFs are
replicated into one long document of about --pages pages, so both measurements see the
same pages in the same run. The floor reads every page's dict with the flags the engine reads
it with (text only, no images: the same work, no more); the two are run interleaved, --runs
pairs, in this one process, and each pair's ratio is printed with their min / median / max.
The headline is CPU time (``time.process_time``): on a machine other work keeps busy, wall
time follows the share of the cores each run happens to get, CPU time does not; wall ratios
are printed beside it. Target (issue 22): analysis time <= 1.5x the floor.
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


def floor(path: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of reading every page's dict."""
    cpu, wall = time.process_time(), time.perf_counter()
    with pymupdf.open(path) as pdf:
        for page in pdf:
            page.get_text("dict", flags=FLAGS)
    return time.process_time() - cpu, time.perf_counter() - wall


def engine(path: Path) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, notes found) of opening the file and analysing it."""
    cpu, wall = time.process_time(), time.perf_counter()
    doc = Document.open(path)
    notes = analyze(doc)
    doc.close()
    return time.process_time() - cpu, time.perf_counter() - wall, len(notes)


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
    ratios, walls, floors, engines = [], [], [], []
    for _ in range(args.runs):
        f_cpu, f_wall = floor(path)
        e_cpu, e_wall, notes = engine(path)
        floors.append(f_cpu)
        engines.append(e_cpu)
        ratios.append(e_cpu / f_cpu)
        walls.append(e_wall / f_wall)
        print(f"  pair {len(ratios)}: floor {f_cpu:6.2f} s CPU, analyze() {e_cpu:6.2f} s CPU, {ratios[-1]:.2f}x"
              f"  (wall {walls[-1]:.2f}x)", flush=True)
    print(f"{count} pages, {notes} notes")
    print(f"get_text('dict', engine flags): median {statistics.median(floors):6.2f} s CPU"
          f"  {count / statistics.median(floors):8.1f} pages/s")
    print(f"analyze():                      median {statistics.median(engines):6.2f} s CPU"
          f"  {count / statistics.median(engines):8.1f} pages/s")
    print(f"wall ratio: min {min(walls):.2f}x, median {statistics.median(walls):.2f}x, max {max(walls):.2f}x")
    print(f"CPU ratio: min {min(ratios):.2f}x, median {statistics.median(ratios):.2f}x, max {max(ratios):.2f}x"
          " the floor (target <= 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
