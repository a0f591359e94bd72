"""How well the generated outline (reader/core/outline.py) finds the headings of PDFs that
have a real outline: the outline is left aside, headings are generated from the layout and
compared with it.

    .venv/bin/python benchmarks/outline_measure.py [PDF|FOLDER ...]

A generated heading matches a real entry on the same page whose title it equals or
contains, or which contains it (case, spaces and numbering aside). Precision: matched
generated headings / generated; recall: matched real entries / real entries. Without
arguments it reads every PDF with an outline under tests/data.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from reader.core.document import Document
from reader.core.outline import generate

ROOT = Path(__file__).resolve().parents[1]


def _norm(text: str) -> str:
    text = re.sub(r"^\s*([\dIVXLC]+(\.\d+)*\.?|[A-Z]\.)\s+", "", text.strip())
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def same(real: str, found: str) -> bool:
    a, b = _norm(real), _norm(found)
    return bool(a and b) and (a == b or a in b or b in a)


def measure(path: Path) -> tuple[int, int, int, int] | None:
    """(real entries, generated, generated that match, real entries found) or None without an outline."""
    doc = Document.open(path)
    try:
        real = doc.outline()
        if not real:
            return None
        found = generate(doc)
    finally:
        doc.close()
    hits = sum(any(f.page == r.page and same(r.title, f.title) for r in real) for f in found)
    recalled = sum(any(f.page == r.page and same(r.title, f.title) for f in found) for r in real)
    return len(real), len(found), hits, recalled


def main(args: list[str]) -> int:
    targets = [Path(a) for a in args] or [ROOT / "tests" / "data"]
    files = sorted(p for t in targets for p in ([t] if t.is_file() else t.rglob("*.pdf")))
    totals = [0, 0, 0, 0]
    print(f"{'file':60} real gen prec recall")
    for path in files:
        result = measure(path)
        if result is None:
            continue
        real, gen, hits, recalled = result
        totals = [a + b for a, b in zip(totals, result, strict=True)]
        print(f"{str(path)[-60:]:60} {real:4} {gen:3} {hits / gen if gen else 0:4.2f} {recalled / real:6.2f}")
    real, gen, hits, recalled = totals
    if real:
        print(f"{'all':60} {real:4} {gen:3} {hits / max(gen, 1):4.2f} {recalled / real:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
