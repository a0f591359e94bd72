"""The footnote engine on the generated family matrix (tests/data/families, issue 12).

Each family is a kind of document made with the real tool (LaTeX classes and note packages,
LibreOffice numberings, pandoc routes, Markdown and plain-text note styles); its ground truth
comes from the generator (tests/families/generate.py), not from the engine. A reader relies
on every family: each must reach F1 0.98 on its own, as scored by the corpus metric.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from families.score import figures, score_document

from reader.core.document import Document
from reader.core.footnotes import analyze, to_json

FAMILIES = Path(__file__).resolve().parent.parent / "data" / "families"
TRUTHS = sorted(FAMILIES.glob("*/*.footnotes.json"))


def test_the_matrix_has_thirty_families_with_ground_truth():
    families = {t.parent.name for t in TRUTHS}
    assert len(families) >= 30, sorted(families)
    for truth_file in TRUTHS:
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        assert 5 <= len(truth["footnotes"]) <= 40, truth_file.name
        assert truth_file.with_name(truth_file.name[: -len(".footnotes.json")]).is_file()


@pytest.mark.parametrize("truth_file", TRUTHS, ids=[t.parent.name for t in TRUTHS])
def test_family_f1(truth_file: Path):
    doc_path = truth_file.with_name(truth_file.name[: -len(".footnotes.json")])
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    doc = Document.open(doc_path)
    try:
        predicted = to_json(doc, analyze(doc))["footnotes"]
    finally:
        doc.close()
    result = score_document(truth, predicted)
    f = figures(result["counts"])
    assert f["f1"] >= 0.98, f"F1 {f['f1']:.3f} (P {f['precision']:.2f}, R {f['recall']:.2f}): " + \
        "; ".join(result["misses"][:8])
