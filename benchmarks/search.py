"""Library index benchmark (issue 6): indexing speed against bare PyMuPDF, index size, query latency.

    .venv/bin/python benchmarks/search.py [--pages 5000] [--corpus DIR] [--workers N] [--json]

Replicates the corpus PDFs (``../shared/corpus/real`` when present, else ``tests/data``)
into a temporary folder until it holds at least ``--pages`` pages, then measures in the
same run:

- the floor: bare PyMuPDF text extraction of every page (one process, same text flags);
- ``index.build()`` of the whole folder (text + footnote engine + citations + Whoosh);
- an update with nothing changed (size + mtime check only);
- the index size on disk;
- p50/p95 latency of term, phrase, fuzzy and in:notes queries (20 hits with snippets and
  terms), both as one-shot ``search()`` calls (open the index, search, close: what
  ``ibid search`` does) and on an open ``LibraryIndex`` (what the GUI keeps).

Targets: p95 < 50 ms at 5,000 pages; indexing >= 100 pages/s on a 2-core machine.
Copies of the same files make identical pages, so term statistics are flatter than in a
real library; the latency of common terms is, if anything, overstated (more equal hits).
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pymupdf
from whoosh import index as whoosh_index

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import LibraryIndex, build, search  # noqa: E402

QUERIES = {
    "term": ["tuberculosis", "humanitarian", "resolution", "refugees", "sovereignty", "budget",
             "disasters", "vaccine"],
    "phrase": ['"rule of law"', '"human rights"', '"Treaty Series"', '"natural disasters"',
               '"General Assembly"', '"Member States"'],
    "fuzzy": ["tuberculoss~", "humanitaran~", "disastres~", "resolutin~", "vacine~", "budgt~"],
    "in:notes": ['in:notes "Treaty Series"', "in:notes resolution", 'in:notes "World Health Organization"',
                 "in:notes annex", "in:notes https*", 'in:notes "Official Records"'],
}
REPEATS = 5
#: The floor's extraction: plain text, no images decoded, ligatures expanded, words joined.
TEXT_FLAGS = ((pymupdf.TEXTFLAGS_TEXT | pymupdf.TEXT_DEHYPHENATE)
              & ~pymupdf.TEXT_PRESERVE_IMAGES & ~pymupdf.TEXT_PRESERVE_LIGATURES)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--workers", type=int, help="reading processes (default: build()'s own)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="copy the built index to DIR")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    corpus = args.corpus or next(p for p in (ROOT.parent / "shared/corpus/real", ROOT / "tests/data") if p.is_dir())
    with tempfile.TemporaryDirectory(prefix="ibid-bench-") as tmp:
        library = Path(tmp) / "library"
        pages = replicate(corpus, library, args.pages)
        result = {"corpus": str(corpus), "files": len(list(library.iterdir())), "pages": pages,
                  "cpus": os.cpu_count(), "load_before": os.getloadavg()[0]}
        result["floor"] = floor(library)
        result["index"] = index(library, Path(tmp) / "index", args.workers)
        result["index"]["ratio_to_floor"] = round(result["index"]["pages_per_s"] / result["floor"]["pages_per_s"], 3)
        result["queries"] = queries(Path(tmp) / "index")
        if args.keep:
            shutil.copytree(Path(tmp) / "index", args.keep, dirs_exist_ok=True)
        result["load_after"] = os.getloadavg()[0]
    if args.json:
        json.dump(result, sys.stdout, indent=1)
        print()
    else:
        report(result)
    return 0


def replicate(corpus: Path, target: Path, min_pages: int) -> int:
    sources = []
    for pdf in sorted(corpus.glob("*.pdf")):
        with pymupdf.open(pdf) as doc:
            sources.append((pdf, doc.page_count))
    target.mkdir(parents=True)
    pages, copy = 0, 0
    while pages < min_pages:
        for pdf, count in sources:
            shutil.copyfile(pdf, target / f"{copy:04}-{pdf.name}")
            pages += count
        copy += 1
    return pages


def floor(library: Path) -> dict:
    started, pages = time.perf_counter(), 0
    for pdf in sorted(library.iterdir()):
        with pymupdf.open(pdf) as doc:
            for page in doc:
                page.get_text("text", flags=TEXT_FLAGS)
                pages += 1
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "pages_per_s": round(pages / seconds, 1)}


def index(library: Path, index_dir: Path, workers: int | None) -> dict:
    started = time.perf_counter()
    report = build(index_dir, [library], workers=workers)
    seconds = time.perf_counter() - started
    assert not report.skipped, report.skipped
    again = time.perf_counter()
    unchanged = build(index_dir, [library], workers=workers)
    assert unchanged.indexed == [] and unchanged.unchanged == len(report.indexed)
    size = sum(p.stat().st_size for p in index_dir.iterdir() if p.is_file())
    segments = len(whoosh_index.open_dir(str(index_dir))._segments())
    return {"seconds": round(seconds, 2), "pages_per_s": round(report.pages / seconds, 1),
            "update_unchanged_s": round(time.perf_counter() - again, 2), "size_mb": round(size / 1e6, 1),
            "bytes_per_page": round(size / report.pages), "segments": segments}


def queries(index_dir: Path) -> dict:
    results = {}
    search(index_dir, "warm up the page cache")
    with LibraryIndex(index_dir) as warm:
        for kind, texts in QUERIES.items():
            cold_ms, warm_ms, hits = [], [], []
            for _ in range(REPEATS):
                for text in texts:
                    started = time.perf_counter()
                    found = search(index_dir, text, limit=20)
                    cold_ms.append((time.perf_counter() - started) * 1000)
                    started = time.perf_counter()
                    warm.search(text, limit=20)
                    warm_ms.append((time.perf_counter() - started) * 1000)
                    hits.append(len(found))
            results[kind] = {"one_shot_p50_ms": _pct(cold_ms, 50), "one_shot_p95_ms": _pct(cold_ms, 95),
                             "open_index_p50_ms": _pct(warm_ms, 50), "open_index_p95_ms": _pct(warm_ms, 95),
                             "mean_hits": round(statistics.mean(hits), 1)}
    return results


def _pct(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))], 1)


def report(r: dict) -> None:
    f, i = r["floor"], r["index"]
    print(f"Library: {r['files']} files, {r['pages']} pages (copies of {r['corpus']}); {r['cpus']} CPUs, "
          f"load {r['load_before']:.1f} before, {r['load_after']:.1f} after")
    print(f"Floor (bare PyMuPDF text, 1 process): {f['pages_per_s']} pages/s ({f['seconds']} s)")
    print(f"Indexing (text + notes + citations + Whoosh): {i['pages_per_s']} pages/s ({i['seconds']} s), "
          f"{i['ratio_to_floor']:.2f} x the floor")
    print(f"Update with nothing changed: {i['update_unchanged_s']} s")
    print(f"Index size: {i['size_mb']} MB ({i['bytes_per_page']} bytes/page, {i['segments']} segments)")
    print(f"{'query (20 hits, snippets)':28} {'one-shot p50':>12} {'p95':>7} {'open p50':>9} {'p95':>7} {'hits':>5}")
    for kind, q in r["queries"].items():
        print(f"{kind:28} {q['one_shot_p50_ms']:>10} ms {q['one_shot_p95_ms']:>4} ms "
              f"{q['open_index_p50_ms']:>6} ms {q['open_index_p95_ms']:>4} ms {q['mean_hits']:>5}")


if __name__ == "__main__":
    sys.exit(main())
