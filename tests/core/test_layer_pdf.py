"""The layer and PDF annotations (reader/core/layer/pdf.py, export.py): Markdown for a paper,
and a copy with the highlights that another reader (MuPDF, in its own process) shows."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from reader.app import main
from reader.core.document import content_hash

UN = "un_A_RES_78_5.pdf"
PASSAGE = "the global tuberculosis epidemic still is a critical challenge"   # p. 3, over two lines


def ibid(capsys, *args) -> tuple[int, str, str]:
    status = main([str(a) for a in args])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_markdown_quotes_each_passage_with_the_symbol_and_page(data_file, tmp_path, capsys):
    path = data_file(UN)
    add = ["annotations", path, "--basedir", tmp_path]
    assert ibid(capsys, *add, "--add-highlight", "3", PASSAGE, "--comment", "Cite in ch. 2")[0] == 0
    assert ibid(capsys, *add, "--add-bookmark", "1", "Start")[0] == 0
    assert ibid(capsys, *add, "--add-comment", "5", "Compare A/RES/73/3")[0] == 0
    status, out, _ = ibid(capsys, *add, "--markdown")
    assert status == 0
    assert out == (f"> {PASSAGE} (A/RES/78/5, p. 3)\n\nCite in ch. 2\n\n"
                   "Compare A/RES/73/3 (A/RES/78/5, p. 5)\n")


READER = """
import json, sys, pymupdf
out = []
with pymupdf.open(sys.argv[1]) as pdf:
    for page in pdf:
        for a in page.annots():
            v = a.vertices or []
            quads = [list(pymupdf.Quad(v[i:i + 4]).rect) for i in range(0, len(v), 4)]
            out.append({"page": page.number, "type": a.type[1], "quads": quads, "rect": list(a.rect),
                        "stroke": a.colors["stroke"], "content": a.info["content"]})
print(json.dumps(out))
"""


def _close(a, b, tolerance=0.5) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b))


def test_a_copy_saved_with_annotations_shows_the_same_highlights_in_another_reader(copy_to_tmp, tmp_path, capsys):
    path = copy_to_tmp(UN)
    before = content_hash(path)
    add = ["annotations", path, "--basedir", tmp_path]
    marks = [json.loads(ibid(capsys, *add, "--add-highlight", "3", PASSAGE)[1]),
             json.loads(ibid(capsys, *add, "--add-highlight", "2", "World Health Organization", "--underline",
                             "--colour", "#3366cc")[1])]
    on_it = json.loads(ibid(capsys, *add, "--add-highlight", "4", "tuberculosis", "--comment", "Key term")[1])
    marks.append(next(r["item"] for r in json.loads(ibid(capsys, *add, "--json")[1])["annotations"]
                      if r["id"] == on_it["on"]))
    copy = tmp_path / "with-annotations.pdf"
    status, out, _ = ibid(capsys, *add, "--save-copy", copy)
    assert status == 0 and "3 annotations" in out
    assert content_hash(path) == before   # the document itself is never written

    found = json.loads(subprocess.run([sys.executable, "-c", READER, str(copy)], capture_output=True, text=True,
                                      check=True).stdout)
    assert len(found) == 3
    for mark in marks:
        shown = [f for f in found if f["page"] == mark["page"] - 1 and all(
            any(_close(q, r) for q in f["quads"]) for r in mark["rects"])]
        assert len(shown) == 1, mark
        assert shown[0]["type"] == ("Underline" if mark["style"] == "underline" else "Highlight")
        assert _close(shown[0]["stroke"], [int(mark["colour"][i:i + 2], 16) / 255 for i in (1, 3, 5)], 0.01)
    assert [f["content"] for f in found if f["page"] == 3] == ["Key term"]

    # Read back as the file's own annotations, with the passages they cover.
    rows = json.loads(ibid(capsys, "annotations", copy, "--json", "--basedir", tmp_path / "other")[1])["annotations"]
    assert [(r["origin"], r["kind"], r["page"], r["text"], r["comment"]) for r in rows] == [
        ("file", "underline", 2, "World Health Organization", ""), ("file", "highlight", 3, PASSAGE, ""),
        ("file", "highlight", 4, "tuberculosis", "Key term")]
    assert [r["created"] for r in rows] == [marks[1]["created"], marks[0]["created"], marks[2]["created"]]


@pytest.mark.parametrize("target", ["same", "link"])
def test_saving_the_copy_over_the_document_is_refused(target, copy_to_tmp, tmp_path, capsys):
    path = copy_to_tmp(UN)
    before = content_hash(path)
    out = path
    if target == "link":
        out = tmp_path / "link.pdf"
        out.symlink_to(path)
    status, _, err = ibid(capsys, "annotations", path, "--save-copy", out, "--basedir", tmp_path)
    assert status == 1 and "is the document itself" in err
    assert content_hash(path) == before


def test_a_selection_becomes_one_rectangle_per_line_and_its_words(data_file):
    import pymupdf

    from reader.core.layer.pdf import find_passage, line_rects, text_in
    with pymupdf.open(data_file(UN)) as pdf:
        page = pdf[2]
        rects, text = find_passage(page, PASSAGE)
        words = [tuple(w[:4]) for w in page.get_text("words") if any(
            pymupdf.Rect(w[:4]).intersects(pymupdf.Rect(r)) for r in rects)]
        lines = line_rects(words)
        assert len(lines) == 2 and text == PASSAGE
        assert all(_close(a, b, 1.0) for a, b in zip(lines, rects))
        assert text_in(page, lines) == PASSAGE


def test_a_passage_of_a_markdown_letter_is_found_and_quoted_with_its_ligature_spelled_out(data_file, tmp_path, capsys):
    path = data_file("un-letter-2025-04-01.md")   # laid out by Ibid; "conflict" is set with an fl ligature
    status, out, _ = ibid(capsys, "annotations", path, "--add-highlight", "1", "Prevention of armed conflict",
                          "--basedir", tmp_path)
    assert status == 0 and json.loads(out)["text"] == "Prevention of armed conflict"
    status, out, _ = ibid(capsys, "annotations", path, "--save-copy", tmp_path / "copy.pdf", "--basedir", tmp_path)
    assert status == 0 and "1 annotations written" in out
