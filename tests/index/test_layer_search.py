"""The reader's layer in the library search: corrected notes in ``in:notes``, highlights and
comments in ``in:annotations``, through ``ibid annotations``, ``ibid index`` and ``ibid search``.

``layer/missed-and-false.pdf`` (tests/data/README.md): the footnote engine misses note 3
(set at body size above the rule of page 2) and takes the printer's address under the notes
of page 3 for a note 7.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from index import build, search
from reader.app import main
from reader.core import layer
from reader.core.document import content_hash
from tests.index.conftest import DATA

NOTE_3 = "See the report of the Special Rapporteur, A/HRC/43/5, para. 9."
PASSAGE = "human rights defenders and the replies of the Governments"


def ibid(capsys, *args) -> str:
    status = main([str(a) for a in args])
    out = capsys.readouterr()
    assert status == 0, out.err
    return out.out


@pytest.fixture
def library(tmp_path, capsys):
    """(ibid, the document): the test document alone in a library folder, indexed."""
    docs = tmp_path / "docs"
    docs.mkdir()
    path = docs / "missed-and-false.pdf"
    shutil.copyfile(DATA / "layer" / "missed-and-false.pdf", path)
    base = tmp_path / "base"

    def run(*args) -> str:
        return ibid(capsys, *args, "--basedir", base)

    run("index", "add", docs)
    return run, path


def pages(run, *query) -> list[tuple[int, bool, bool]]:
    hits = json.loads(run("search", *query, "--json"))["hits"]
    return [(h["page"], h["in_notes"], h["in_annotations"]) for h in hits]


def test_corrected_notes_are_searched_after_an_update(library):
    run, path = library
    assert pages(run, "in:notes", "Palais") == [(3, True, False)]    # the engine's false note 7
    assert pages(run, "in:notes", '"A/HRC/43/5"') == []              # its missed note 3

    run("annotations", path, "--not-a-note", "7", "3")
    run("annotations", path, "--make-note", "3", "2", NOTE_3)
    assert json.loads(run("index", "status", "--json"))["pending"] == 1   # the document did not change; its layer did
    report = json.loads(run("index", "update", "--json"))
    assert report["indexed"] == [str(path)]

    assert pages(run, "in:notes", "Palais") == []
    hits = json.loads(run("search", "in:notes", '"A/HRC/43/5"', "--json"))["hits"]
    assert [(h["page"], h["in_notes"]) for h in hits] == [(2, True)]
    assert "<b>A/HRC/43/5</b>, para. 9." in hits[0]["snippet"]
    assert pages(run, "Palais") == [(3, False, False)]   # still printed on the page: the body keeps it

    again = json.loads(run("index", "update", "--json"))
    assert again["indexed"] == [] and again["unchanged"] == 1
    assert json.loads(run("index", "status", "--json"))["pending"] == 0


def test_highlights_and_comments_are_searched_in_annotations(library):
    run, path = library
    assert pages(run, "in:annotations", "reprisals") == []
    run("annotations", path, "--add-highlight", "3", PASSAGE, "--comment", "Quote in chapter two on reprisals")
    run("annotations", path, "--add-comment", "1", "Ask the secretariat for the annexes")
    run("index", "update")

    hits = json.loads(run("search", "in:annotations", "reprisals", "--json"))["hits"]
    assert [(h["page"], h["in_annotations"], h["terms"]) for h in hits] == [(3, True, ["reprisals"])]
    assert "on <b>reprisals</b>" in hits[0]["snippet"]
    # The phrase is printed on every page; only page 3 has it highlighted.
    assert pages(run, '"human rights defenders"') == [(1, False, False), (2, False, False), (3, False, False)]
    assert pages(run, "in:annotations", '"human rights defenders"') == [(3, False, True)]
    assert pages(run, "in:annotations", "secretariat annexes") == [(1, False, True)]
    assert "p. 1 (annotations): Ask the secretariat for the [[annexes]]" in run("search", "in:annotations", "annexes")
    assert pages(run, "reprisals") == []   # the reader's words are not the document's

    rows = json.loads(run("annotations", path, "--json"))["annotations"]
    highlight = next(r["id"] for r in rows if r["kind"] == "highlight")
    run("annotations", path, "--delete", highlight)   # and the comment on it
    run("index", "update")
    assert pages(run, "in:annotations", "reprisals") == []
    assert pages(run, "in:annotations", '"human rights defenders"') == []
    assert pages(run, "in:annotations", "annexes") == [(1, False, True)]


def test_a_damaged_layer_leaves_the_notes_uncorrected_and_the_file_indexed(library, tmp_path):
    run, path = library
    run("annotations", path, "--not-a-note", "7", "3")
    layer_file = next((tmp_path / "base" / "data" / "layers").glob("*.json"))
    layer_file.write_text("{not json", encoding="utf-8")
    report = json.loads(run("index", "update", "--json"))
    assert report["indexed"] == [str(path)] and report["skipped"] == []
    assert pages(run, "in:notes", "Palais") == [(3, True, False)]
    assert list(Path(layer_file.parent).glob("*.json.damaged-*"))   # set aside, as everywhere else


def test_a_touched_file_is_read_again_only_when_its_layer_changed(tmp_path):
    path = tmp_path / "docs" / "copy.pdf"
    path.parent.mkdir()
    shutil.copyfile(DATA / "layer" / "missed-and-false.pdf", path)
    index_dir, layers = tmp_path / "index", tmp_path / "layers"
    assert build(index_dir, [path.parent], layers=layers, workers=1).indexed == [str(path)]

    def touched_and_updated():
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))   # same content, new mtime
        return build(index_dir, [path.parent], layers=layers, workers=1)

    assert touched_and_updated().unchanged == 1
    store = layer.LayerStore(layers, content_hash(path))
    store.add(layer.Correction("not-a-note", note=layer.NoteKey("7", 2, "Palais des Nations")))
    assert touched_and_updated().indexed == [str(path)]
    assert search(index_dir, "in:notes Palais") == []
    assert [h.page for h in search(index_dir, "Palais")] == [3]
