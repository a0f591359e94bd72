"""The shared corpus (when present) and the bundled samples, indexed whole.

Every hand-checked note of the corpus ground truth is looked up with ``in:notes`` and a
phrase of its first words: it must be found on its page. The shared corpus lives outside
the project (``../shared/corpus``); without it those tests are skipped.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from index import build, search
from reader.core.paths import samples_dir

CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory):
    if not (CORPUS / "real").is_dir():
        pytest.skip("the shared corpus is not here")
    index_dir = tmp_path_factory.mktemp("corpus") / "index"
    report = build(index_dir, [CORPUS / "real", CORPUS / "seed"])
    return index_dir, report


def _phrase(text: str, words: int = 6) -> str:
    """A phrase query of the first words of a note (the ground truth cuts notes at 40 chars)."""
    found = re.findall(r"\w+(?:\.?\w+)*", text)
    if len(text) >= 40:
        found = found[:-1]    # perhaps cut in the middle
    return '"' + " ".join(found[:words]) + '"' if len(found) >= 2 else ""


@pytest.mark.slow
def test_corpus_indexes_without_skipping(corpus_index):
    _index_dir, report = corpus_index
    assert report.skipped == [] and len(report.indexed) >= 10


@pytest.mark.slow
def test_corpus_notes_are_found_on_their_page(corpus_index):
    index_dir, _report = corpus_index
    checked, found, missed = 0, 0, []
    for truth in sorted((CORPUS / "real").glob("un_*.pdf.footnotes.json")):
        pdf = str(truth.with_name(truth.name.removesuffix(".footnotes.json")))
        for note in json.loads(truth.read_text(encoding="utf-8"))["footnotes"]:
            phrase = _phrase(note["note_text_start"])
            if not phrase or not isinstance(note.get("note_page"), int):
                continue
            checked += 1
            pages = {h.page for h in search(index_dir, "in:notes " + phrase, path=pdf, limit=200)}
            if note["note_page"] in pages:
                found += 1
            else:
                missed.append((Path(pdf).name, note["label"], phrase))
    assert checked > 50
    # The notes field is as good as the footnote engine; the body field must find them all.
    assert found / checked >= 0.8, missed[:10]


@pytest.mark.slow
def test_corpus_note_text_is_found_in_the_body_on_its_page(corpus_index):
    index_dir, _report = corpus_index
    truth = CORPUS / "real" / "un_A_RES_78_229.pdf.footnotes.json"
    pdf = str(truth.with_name("un_A_RES_78_229.pdf"))
    for note in json.loads(truth.read_text(encoding="utf-8"))["footnotes"]:
        phrase = _phrase(note["note_text_start"])
        if phrase:
            assert note["note_page"] in {h.page for h in search(index_dir, phrase, path=pdf, limit=200)}, phrase


def test_bundled_samples_index_and_answer(tmp_path):
    samples = samples_dir()
    report = build(tmp_path / "index", [samples])
    assert report.skipped == [] and len(report.indexed) >= 3
    hits = search(tmp_path / "index", '"ethnic cleansing"')
    assert any(h.path.endswith("un-letter-2025-04-01.md") for h in hits)
    assert search(tmp_path / "index", "tuberculosis", limit=1)
