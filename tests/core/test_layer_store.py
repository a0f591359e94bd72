"""The layer's store (reader/core/layer/store.py): kept across runs, follows the file, shared
safely by processes, and a damaged file is kept aside with a sentence for the user."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.app import main
from reader.core import layer
from reader.core.document import content_hash
from reader.core.paths import Paths

ROOT = Path(__file__).resolve().parents[2]
DOC = "layer/missed-and-false.pdf"


def _items() -> list[layer.Item]:
    mark = layer.Highlight(0, ((72.0, 100.0, 300.0, 112.0), (72.0, 114.0, 200.0, 126.0)), "a passage",
                           colour="#00ff00", style="underline")
    return [mark, layer.Comment(0, "why it matters", on=mark.id), layer.Comment(1, "see p. 3", point=(40.0, 50.0)),
            layer.Bookmark(2, "Replies"), layer.Correction("not-a-note", note=layer.NoteKey("7", 2, "Palais")),
            layer.Correction("make-a-note", label="3", block=layer.Place(1, (72, 628, 360, 643)), text="See"),
            layer.Correction("link", note=layer.NoteKey("3", 1, "See"), marker=layer.Place(1, (299, 142, 303, 152)))]


def test_every_kind_of_item_comes_back_in_a_new_run(tmp_path):
    folder = Paths.under(tmp_path).layers
    made = _items()
    store = layer.LayerStore(folder, "a" * 64)
    for item in made:
        store.add(item)
    assert layer.LayerStore(folder, "a" * 64).items() == made
    assert layer.LayerStore(folder, "b" * 64).items() == []   # another document's layer is its own
    stored = json.loads(store.path.read_text(encoding="utf-8"))
    assert (stored["format"], stored["version"]) == (layer.FORMAT, layer.VERSION)
    assert stored["items"][0]["page"] == 1 and stored["items"][0]["kind"] == "highlight"   # 1-based in JSON


def test_deleting_a_highlight_deletes_its_comments_and_renaming_keeps_its_place(tmp_path):
    store = layer.LayerStore(tmp_path, "c" * 64)
    mark, _on_it, elsewhere, bookmark, *_ = [store.add(i) for i in _items()]
    renamed = store.replace(layer.Bookmark(bookmark.page, "Replies of States", id=bookmark.id,
                                           created=bookmark.created))
    assert renamed.modified and renamed.created == bookmark.created
    assert store.remove(mark.id) == mark
    left = store.items()
    assert [i.id for i in left[:2]] == [elsewhere.id, bookmark.id] and left[1].name == "Replies of States"
    assert store.remove(mark.id) is None
    with pytest.raises(KeyError):
        store.replace(mark)   # deleted meanwhile (by another window): not brought back


def ibid(capsys, *args) -> tuple[int, str, str]:
    status = main([str(a) for a in args])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_a_moved_and_renamed_copy_keeps_its_layer(copy_to_tmp, tmp_path, capsys):
    path = copy_to_tmp(DOC, "doc.pdf")
    status, out, _ = ibid(capsys, "annotations", path, "--add-highlight", "2", "replies of the Governments",
                          "--basedir", tmp_path / "base")
    assert status == 0
    added = json.loads(out)
    moved = tmp_path / "elsewhere" / "renamed.pdf"
    moved.parent.mkdir()
    path.rename(moved)
    status, out, _ = ibid(capsys, "annotations", moved, "--json", "--basedir", tmp_path / "base")
    rows = json.loads(out)["annotations"]
    assert [(r["id"], r["kind"], r["page"], r["text"]) for r in rows] == [
        (added["id"], "highlight", 2, "replies of the Governments")]


WRITER = """
import sys
from reader.core import layer
store = layer.LayerStore(sys.argv[1], "d" * 64)
for n in range(int(sys.argv[3])):
    store.add(layer.Bookmark(n % 3, f"{sys.argv[2]}-{n}"))
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    per_process = 25
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), name, str(per_process)], cwd=ROOT)
               for name in ("left", "right", "third")]
    assert [w.wait(timeout=60) for w in writers] == [0, 0, 0]
    names = {i.name for i in layer.LayerStore(tmp_path, "d" * 64).items()}
    assert names == {f"{who}-{n}" for who in ("left", "right", "third") for n in range(per_process)}


@pytest.mark.parametrize("damage", [b"{\"format\": \"ibid-layer\", \"ver", b"\xff\xfe", b"[]",
                                    b'{"format": "ibid-layer", "version": 1, "items": [{"kind": "highlight"}]}'])
def test_a_damaged_layer_is_kept_aside_and_the_user_told(damage, copy_to_tmp, tmp_path, capsys):
    path = copy_to_tmp(DOC, "doc.pdf")
    stored = layer.layer_path(Paths.under(tmp_path).layers, content_hash(path))
    stored.parent.mkdir(parents=True)
    stored.write_bytes(damage)
    status, out, err = ibid(capsys, "annotations", path, "--add-bookmark", "1", "Start", "--basedir", tmp_path)
    assert status == 0
    aside = [p for p in stored.parent.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == damage   # nothing the user made is lost
    assert "warning" in err and "damaged" in err and aside[0].name in err
    assert [i.name for i in layer.LayerStore(stored.parent, content_hash(path)).items()] == ["Start"]


def test_a_layer_from_a_newer_ibid_is_neither_read_nor_overwritten(copy_to_tmp, tmp_path, capsys):
    path = copy_to_tmp(DOC, "doc.pdf")
    stored = layer.layer_path(Paths.under(tmp_path).layers, content_hash(path))
    stored.parent.mkdir(parents=True)
    newer = json.dumps({"format": layer.FORMAT, "version": layer.VERSION + 1, "items": [{"kind": "sticker"}]})
    stored.write_text(newer, encoding="utf-8")
    status, _, err = ibid(capsys, "annotations", path, "--add-bookmark", "1", "Start", "--basedir", tmp_path)
    assert status == 1 and "newer version of Ibid" in err and err.count("\n") == 1
    assert stored.read_text(encoding="utf-8") == newer


@pytest.mark.parametrize("item", [
    {"kind": "highlight", "page": 1, "rects": [[0, 0, 1e999, 10]], "text": "x"},          # infinite
    {"kind": "highlight", "page": 1, "rects": [], "text": "x"},                           # nowhere
    {"kind": "comment", "page": 1, "text": "x", "point": ["a", 2]},
    {"kind": "bookmark", "page": 0, "name": "x"},                                          # pages are 1-based
    {"kind": "bookmark", "page": True, "name": "x"},
    {"kind": "correction", "action": "link", "note": {"label": "1", "page": 1}},          # link to nowhere
    {"kind": "correction", "action": "rewrite", "note": {"label": "1", "page": 1}}])
def test_an_item_no_ibid_writes_sets_the_file_aside(item, tmp_path):
    store = layer.LayerStore(tmp_path, "e" * 64)
    store.path.write_text(json.dumps({"format": layer.FORMAT, "version": 1, "items": [item]}), encoding="utf-8")
    assert store.items() == [] and "damaged" in store.notice
    assert len(list(tmp_path.glob("*.damaged-*"))) == 1


def _changed(path: Path) -> None:
    """Edit the document in place as a user would (its last page removed, saved over it)."""
    import pymupdf
    with pymupdf.open(path) as pdf:
        pdf.delete_page(pdf.page_count - 1)
        data = pdf.tobytes(garbage=3)
    path.write_bytes(data)


def test_a_changed_file_keeps_what_still_anchors_and_says_so(copy_to_tmp, tmp_path, capsys):
    path = copy_to_tmp("un_A_RES_78_5.pdf", "resolution.pdf")
    add = ["annotations", path, "--basedir", tmp_path]
    passage = "the global tuberculosis epidemic still is a critical challenge"
    assert ibid(capsys, *add, "--add-highlight", "3", passage, "--comment", "Cite it")[0] == 0
    assert ibid(capsys, *add, "--add-bookmark", "15", "Last page")[0] == 0
    assert ibid(capsys, *add, "--not-a-note", "2", "2")[0] == 0
    before = content_hash(path)
    _changed(path)
    assert content_hash(path) != before
    status, out, err = ibid(capsys, *add, "--json")
    assert status == 0
    assert "changed since you annotated it: 3 of your 4 annotations were found in it and kept" in err
    rows = json.loads(out)["annotations"]
    assert [(r["kind"], r["page"], r["text"], r["comment"]) for r in rows] == [
        ("correction:not-a-note", 2, "note 2 (p. 2) is not a note", ""), ("highlight", 3, passage, "Cite it")]
    status, out, err = ibid(capsys, *add, "--json")   # said once: the new content has its own layer now
    assert err == "" and len(json.loads(out)["annotations"]) == 2
    old = layer.LayerStore(Paths.under(tmp_path).layers, before)
    assert len(old.items()) == 4   # the old content's layer is left as it was


def test_another_file_does_not_take_a_layer_that_is_not_its_own(copy_to_tmp, tmp_path, capsys):
    path = copy_to_tmp("un_A_RES_78_5.pdf", "resolution.pdf")
    assert ibid(capsys, "annotations", path, "--add-bookmark", "1", "Start", "--basedir", tmp_path)[0] == 0
    other = copy_to_tmp("un_A_RES_80_242.pdf")
    status, out, err = ibid(capsys, "annotations", other, "--json", "--basedir", tmp_path)
    assert status == 0 and err == "" and json.loads(out)["annotations"] == []
