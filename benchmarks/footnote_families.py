"""Per-family precision, recall and F1 of the footnote engine on the generated family matrix.

Run on demand (the same figures gate tests/core/test_footnote_families.py):

    .venv/bin/python benchmarks/footnote_families.py [-v] [FAMILY ...]

Runs ``ibid footnotes --json --no-library`` on every document of tests/data/families (made by
tests/families/generate.py) and scores it against the generator's ground truth with the
corpus metric (tests/families/score.py). Prints one line per family and the overall figures;
exits 1 when a family is below --min-f1 (default 0.98).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from families.score import COUNTS, figures, score_document  # noqa: E402

FAMILIES = ROOT / "tests" / "data" / "families"


def run_engine(doc: Path) -> tuple[list[dict], float, str]:
    argv = [sys.executable, "-m", "reader", "footnotes", "--json", "--no-library", str(doc)]
    start = time.perf_counter()
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=300, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return [], time.perf_counter() - start, "timed out"
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        return [], elapsed, f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}"
    return json.loads(proc.stdout)["footnotes"], elapsed, ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("families", nargs="*", help="only these families")
    ap.add_argument("--min-f1", type=float, default=0.98)
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = ap.parse_args()
    truths = sorted(FAMILIES.glob("*/*.footnotes.json"))
    if args.families:
        truths = [t for t in truths if t.parent.name in args.families]
    total, below = dict.fromkeys(COUNTS, 0), []
    print(f"{'family':34} {'doc':5} {'notes':>5} {'P':>5} {'R':>5} {'F1':>5} {'links':>5} {'urlR':>5} {'s':>5}")
    for truth_file in truths:
        doc = truth_file.with_name(truth_file.name[: -len(".footnotes.json")])
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        predicted, elapsed, error = run_engine(doc)
        result = score_document(truth, predicted)
        for key, value in result["counts"].items():
            total[key] += value
        f = figures(result["counts"])
        if f["f1"] < args.min_f1:
            below.append(truth_file.parent.name)
        print(f"{truth_file.parent.name[:34]:34} {doc.suffix[1:]:5} {len(truth['footnotes']):5d} "
              f"{f['precision']:5.2f} {f['recall']:5.2f} {f['f1']:5.2f} {f['links']:5.2f} {f['url_recall']:5.2f} "
              f"{elapsed:5.1f}")
        if error:
            print(f"    error: {error}")
        if args.verbose:
            for miss in result["misses"]:
                print(f"    {miss}")
    f = figures(total)
    print(f"overall: documents={len(truths)} notes={total['tp'] + total['fn']} P={f['precision']:.3f} "
          f"R={f['recall']:.3f} F1={f['f1']:.3f} links={f['links']:.3f} urlR={f['url_recall']:.3f} "
          f"urlP={f['url_precision']:.3f}")
    print(f"families below F1 {args.min_f1}: {len(set(below))} {' '.join(sorted(set(below)))}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
