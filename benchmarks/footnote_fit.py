"""Fit the footnote engine's feature weights on real documents, and score both halves.

Run on demand (not part of the test suite):

    .venv/bin/python benchmarks/footnote_fit.py ../shared/corpus/linked ../shared/corpus/real
    .venv/bin/python benchmarks/footnote_fit.py CORPUS... --fit [--rounds 2] [-v]

Every document of the corpora falls in one half by a fixed rule: the first byte of the SHA-1
of its file name, even -> "tune", odd -> "check". Weights are fitted on the tune half only
(coordinate search over ``reader.core.footnotes.features.WEIGHTS``, keeping a change only when
the tune half's F1 rises); the check half is scored before and after and never looked at for
fitting. Only paged documents (PDF) use the weights; the others are scored but not refitted.

Scoring is ``score_footnotes.py``'s own (``--scorer``; default ``../shared/tools``), run in this
process on the engine's notes. Each page is read once (MuPDF's dict is where the time goes);
every set of weights then runs the rest of the engine on a copy of what was read.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.citations.urls import find_urls  # noqa: E402,F401  (loads before the engine)
from reader.core.document import Document  # noqa: E402
from reader.core.footnotes import analyze, features, note_to_dict  # noqa: E402
from reader.core.footnotes.model import Ticker  # noqa: E402
from reader.core.footnotes.pdf import notes_from_pages, read_pages  # noqa: E402

#: How far each weight is moved in one try of the coordinate search.
STEPS = (-1.0, -0.5, -0.25, 0.25, 0.5, 1.0)


def half(name: str) -> str:
    return "tune" if hashlib.sha1(name.encode()).digest()[0] % 2 == 0 else "check"


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score_footnotes", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Corpus:
    """The documents of some folders, read once; ``notes(doc)`` runs the engine's rest."""

    def __init__(self, folders: list[Path], extra: list[Path] = ()) -> None:
        self.docs: list[tuple[Path, dict]] = []
        self.always_tune: set[Path] = set()
        for folder in [*folders, *extra]:
            for truth in sorted(folder.glob("*.footnotes.json")):
                doc = truth.with_name(truth.name[: -len(".footnotes.json")])
                if doc.exists():
                    self.docs.append((doc, json.loads(truth.read_text(encoding="utf-8"))))
                    if folder in extra:
                        self.always_tune.add(doc)
        self._read: dict[Path, tuple[Document, bytes]] = {}
        self._fixed: dict[Path, list[dict]] = {}

    def notes(self, path: Path) -> list[dict]:
        if path in self._fixed:
            return self._fixed[path]
        if path not in self._read:
            doc = Document.open(path)
            if doc.format != "pdf":   # markup documents do not use the weights: score once
                self._fixed[path] = [note_to_dict(n) for n in analyze(doc)]
                return self._fixed[path]
            read = read_pages(doc.pdf, Ticker(doc.page_count, None, None))
            self._read[path] = (doc, pickle.dumps(read))
        doc, blob = self._read[path]
        found = notes_from_pages(*pickle.loads(blob), Ticker(doc.page_count, None, None))
        return [note_to_dict(n) for n in found]


def score(corpus: Corpus, scorer, which: str) -> tuple[dict, list[tuple[str, dict]]]:
    total: dict[str, int] = {}
    rows = []
    for path, truth in corpus.docs:
        side = "tune" if path in corpus.always_tune else half(path.name)
        if which != "all" and side != which:
            continue
        counts = scorer.score_document(truth, corpus.notes(path))["counts"]
        for key, value in counts.items():
            total[key] = total.get(key, 0) + value
        rows.append((path.name, counts))
    return total, rows


def figures(c: dict) -> dict[str, float]:
    tp, fp, fn = c.get("tp", 0), c.get("fp", 0), c.get("fn", 0)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"notes": tp + fn, "P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0,
            "urlR": c["urls_found"] / c["urls"] if c.get("urls") else 1.0}


def line(name: str, c: dict) -> str:
    f = figures(c)
    return f"{name:44.44s} {f['notes']:5d}  P {f['P']:.3f}  R {f['R']:.3f}  F1 {f['F1']:.3f}  urlR {f['urlR']:.3f}"


def report(corpus: Corpus, scorer, title: str, verbose: bool) -> float:
    print(f"== {title}")
    f1 = 0.0
    for which in ("tune", "check", "all"):
        total, rows = score(corpus, scorer, which)
        if verbose and which == "tune":   # the check half is only ever counted
            for name, counts in rows:
                if figures(counts)["F1"] < 1.0:
                    print("   " + line(name, counts))
        print(line(which + " half" if which != "all" else "all", total))
        f1 = figures(total)["F1"] if which == "tune" else f1
    return f1


def fit(corpus: Corpus, scorer, rounds: int) -> None:
    def tune_f1() -> float:
        return figures(score(corpus, scorer, "tune")[0])["F1"]

    best = tune_f1()
    for r in range(rounds):
        changed = False
        for key in list(features.WEIGHTS):
            start = features.WEIGHTS[key]
            for step in STEPS:
                features.WEIGHTS[key] = start + step
                f1 = tune_f1()
                if f1 > best + 1e-9:
                    best, start, changed = f1, start + step, True
                    print(f"  round {r + 1}: {key} -> {start:+.2f}  tune F1 {best:.4f}", flush=True)
            features.WEIGHTS[key] = start
        if not changed:
            break


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, nargs="+")
    ap.add_argument("--scorer", type=Path, default=ROOT.parent / "shared" / "tools" / "score_footnotes.py")
    ap.add_argument("--extra", type=Path, nargs="*", default=[],
                    help="more folders of documents and truth that are all tuned on (none in the check half)")
    ap.add_argument("--fit", action="store_true", help="refit the weights on the tune half")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("-v", "--verbose", action="store_true", help="list the documents below F1 1.000")
    args = ap.parse_args(argv)
    scorer = load_scorer(args.scorer)
    corpus = Corpus(args.corpus, args.extra)
    report(corpus, scorer, "weights as shipped", args.verbose)
    if args.fit:
        fit(corpus, scorer, args.rounds)
        report(corpus, scorer, "weights fitted on the tune half", args.verbose)
        print("WEIGHTS = " + json.dumps({k: round(v, 2) for k, v in features.WEIGHTS.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
