"""Note corrections (reader/core/layer/corrections.py) applied wherever notes are read.

The document is one where the engine misses a note (note 3, set at body size above the rule)
and takes the printer's address for note 7; after the reader's corrections, made through the
command line as a user would, ``ibid footnotes --json`` scores 1.0 against the truth with
the corpus metric (tests/families/score.py, a copy of shared/tools/score_footnotes.py).
"""
from __future__ import annotations

import json

import pymupdf
import pytest
from families.score import figures, score_document

from reader.app import main
from reader.core import layer, record
from reader.core.document import content_hash
from reader.core.layer.corrections import apply, key_of
from reader.core.paths import Paths

DOC = "layer/missed-and-false.pdf"


def ibid(capsys, *args) -> tuple[int, str, str]:
    status = main([str(a) for a in args])
    out = capsys.readouterr()
    return status, out.out, out.err


def _notes(capsys, path, base) -> list[dict]:
    status, out, _ = ibid(capsys, "footnotes", path, "--json", "--no-library", "--basedir", base)
    assert status == 0
    return json.loads(out)["footnotes"]


def _marker(path, page: int, label: str) -> tuple[float, float, float, float]:
    """Where the superscript *label* is printed on 0-based *page* (the smallest text there)."""
    with pymupdf.open(path) as pdf:
        spans = [s for b in pdf[page].get_text("dict")["blocks"] for line in b.get("lines", ())
                 for s in line["spans"] if s["text"].strip() == label]
    return tuple(min(spans, key=lambda s: s["size"])["bbox"])


def test_corrected_notes_score_one_against_the_truth(data_file, tmp_path, capsys):
    path = data_file(DOC)
    truth = json.loads(data_file(DOC + ".footnotes.json").read_text(encoding="utf-8"))
    before = score_document(truth, _notes(capsys, path, tmp_path))["counts"]
    assert (before["fn"], before["fp"]) == (1, 1), "the engine now reads this document right: pick another"

    assert ibid(capsys, "annotations", path, "--not-a-note", "7", "3", "--basedir", tmp_path)[0] == 0
    assert ibid(capsys, "annotations", path, "--make-note", "3", "2",
                "See the report of the Special Rapporteur, A/HRC/43/5, para. 9.", "--basedir", tmp_path)[0] == 0
    made = next(n for n in _notes(capsys, path, tmp_path) if n["label"] == "3")
    store = layer.LayerStore(Paths.under(tmp_path).layers, content_hash(path))
    store.add(layer.Correction("link", note=key_of(made), marker=layer.Place(1, _marker(path, 1, "3"))))

    notes = _notes(capsys, path, tmp_path)
    result = figures(score_document(truth, notes)["counts"])
    assert (result["f1"], result["links"]) == (1.0, 1.0), result
    corrected = [n for n in notes if n["found_by"] == "corrected"]
    assert [(n["label"], n["source"], [r["page"] for r in n["refs"]]) for n in corrected] == [("3", "corrected", [2])]
    assert [c["value"] for c in corrected[0]["citations"]] == ["A/HRC/43/5"]   # a made note cites too
    # the cache keeps the engine's own notes: the corrections are applied when they are read
    stored = record.load(Paths.under(tmp_path).records, content_hash(path), pages=False)
    assert [n["label"] for n in stored.footnotes] == ["1", "2", "4", "5", "6", "7"]


def _note(label: str, page: int, text: str, refs=()) -> dict:
    return {"label": label, "kind": "footnote", "note_page": page, "note_pages": [page], "note_rect": [72, 700, 500, 710],
            "note_text": text, "refs": [{"page": page, "rect": list(r)} for r in refs], "source": "layout",
            "reason": "r", "urls": [], "citations": [], "found_by": "layout", "confidence": 0.9}


ENGINE = [_note("1", 1, "See A/78/1.", [(300, 140, 304, 150)]), _note("2", 1, "It was said", [(200, 300, 204, 310)]),
          _note("3", 2, "in the debate; see A/78/2.", []), _note("3", 3, "Ibid.", [(100, 100, 104, 110)])]


def test_join_with_the_next_note_and_unlink():
    join = layer.Correction("join-next", note=key_of(ENGINE[1]))
    unlink = layer.Correction("unlink", note=key_of(ENGINE[0]))
    notes, lost = apply(ENGINE, [join, unlink])
    assert lost == []
    assert [(n["label"], n["note_text"], n["note_pages"], len(n["refs"])) for n in notes] == [
        ("1", "See A/78/1.", [1], 0), ("2", "It was said in the debate; see A/78/2.", [1, 2], 1),
        ("3", "Ibid.", [3], 1)]
    assert [c["value"] for c in notes[1]["citations"]] == ["A/78/2"]
    assert notes[2]["citations"][0]["target"] == "2"   # Ibid. now leans on the joined note
    assert ENGINE[1]["note_text"] == "It was said"     # the engine's notes are left as they were


def test_a_correction_whose_note_is_gone_is_kept_and_reported(copy_to_tmp, tmp_path, capsys):
    path = copy_to_tmp(DOC, "doc.pdf")
    store = layer.LayerStore(Paths.under(tmp_path).layers, content_hash(path))
    gone = store.add(layer.Correction("not-a-note", note=layer.NoteKey("9", 0, "Nothing like it")))
    status, out, err = ibid(capsys, "footnotes", path, "--json", "--no-library", "--basedir", tmp_path)
    assert status == 0 and len(json.loads(out)["footnotes"]) == 6
    assert "no longer finds its note" in err and "note 9 (p. 1) is not a note" in err
    assert store.items() == [gone]


@pytest.mark.parametrize("args, said", [(["--not-a-note", "8", "1"], "no note 8 on page 1"),
                                        (["--make-note", "3", "2", "Not printed anywhere"], "is not printed on page 2"),
                                        (["--add-bookmark", "9", "x"], "no page 9")])
def test_a_correction_that_cannot_be_made_says_why(args, said, data_file, tmp_path, capsys):
    status, _, err = ibid(capsys, "annotations", data_file(DOC), *args, "--basedir", tmp_path)
    assert status == 1 and said in err and err.count("\n") == 1


def test_explain_shows_the_corrected_notes_too(data_file, tmp_path, capsys):
    path = data_file(DOC)
    assert ibid(capsys, "annotations", path, "--not-a-note", "7", "3", "--basedir", tmp_path)[0] == 0
    status, out, _ = ibid(capsys, "footnotes", path, "--json", "--explain", "--no-library", "--basedir", tmp_path)
    assert status == 0 and [n["label"] for n in json.loads(out)["footnotes"]] == ["1", "2", "4", "5", "6"]
