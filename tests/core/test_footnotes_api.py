"""The footnote engine's contract: progress, cancel, the public JSON, the CLI, no Qt."""
from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pymupdf
import pytest

from reader.core.citations import DictResolver, LocalDocument, annotate, cite_notes
from reader.core.citations.model import Citation
from reader.core.document import Document
from reader.core.errors import ReaderError
from reader.core.footnotes import AnalysisCancelled, analyze, to_json
from reader.core.footnotes.lines import FLAGS

KEYS = ["label", "kind", "note_page", "note_pages", "note_rect", "note_text", "refs", "source", "reason", "urls",
        "citations", "found_by", "confidence"]


def test_progress_once_per_page(data_file):
    doc = Document.open(data_file("footnotes/pymupdf-symbols-perpage.pdf"))
    calls = []
    analyze(doc, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_cancel_raises_a_reader_error(data_file):
    doc = Document.open(data_file("un_A_RES_78_5.pdf"))
    polled = []

    def cancel():
        polled.append(1)
        return len(polled) > 2
    with pytest.raises(AnalysisCancelled) as info:
        analyze(doc, cancel=cancel)
    assert isinstance(info.value, ReaderError)
    assert len(polled) == 3   # stopped at once, not after the whole document


def test_public_json_is_one_based_and_exact(data_file):
    doc = Document.open(data_file("footnotes/pymupdf-continuation.pdf"))
    notes = analyze(doc)
    data = to_json(doc, notes)
    assert list(data) == ["file", "format", "page_count", "footnotes", "warnings"]   # add keys, never rename
    assert data["warnings"] == []
    assert data["format"] == "pdf" and data["page_count"] == 2
    first = data["footnotes"][0]
    assert list(first) == KEYS
    assert first["note_page"] == notes[0].note_page + 1 == 1
    assert first["note_pages"] == [1, 2]
    assert first["refs"] == [{"page": 1, "rect": list(notes[0].refs[0].rect)}]
    assert first["kind"] == "footnote" and first["source"] == first["found_by"] == "layout" and first["reason"]
    assert 0.5 < first["confidence"] < 1   # found from the layout: sure, never certain
    json.dumps(data)   # plain data only


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "reader", "footnotes", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def test_cli_json_and_progress(data_file):
    path = data_file("footnotes/pymupdf-symbols-perpage.pdf")
    proc = run_cli(path, "--json", "--progress")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [n["label"] for n in data["footnotes"]][:3] == ["*", "\u2020", "\u2021"]
    lines = [json.loads(line) for line in proc.stderr.splitlines()]
    assert lines == [{"page": 1, "of": 3}, {"page": 2, "of": 3}, {"page": 3, "of": 3}]


def test_explain_says_how_markup_notes_were_found(data_file):
    proc = run_cli(data_file("un-letter-2025-04-01.md"), "--explain")
    assert proc.returncode == 0, proc.stderr
    assert "8 notes from the document's markup:" in proc.stdout
    assert "Note 1 (p.2, 1 marker): paragraph starts with a superscript label" in proc.stdout
    assert "candidate note lines" not in proc.stdout   # the layout engine weighed nothing here


def test_cli_table(data_file):
    proc = run_cli(data_file("un-letter-2025-04-01.md"))
    assert proc.returncode == 0, proc.stderr
    assert "8 notes" in proc.stdout.splitlines()[0]
    assert "Reissued for technical reasons" in proc.stdout


def test_cli_unopenable_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    proc = run_cli(path, "--json")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stderr.startswith(f"ibid: {path}: ")


def test_text_extraction_never_decodes_images():
    assert not FLAGS & pymupdf.TEXT_PRESERVE_IMAGES


def test_page_full_of_markers_without_notes_gives_no_notes(tmp_path):
    path = tmp_path / "markers.pdf"
    doc = pymupdf.open()
    font = pymupdf.Font("helv")
    for _ in range(20):
        page = doc.new_page()
        writer = pymupdf.TextWriter(page.rect)
        for row in range(60):
            writer.append((40, 60 + row * 11), "Body text with markers " + "\u00b9 " * 30, font=font, fontsize=9)
        writer.write_text(page)
    doc.save(path)
    opened = Document.open(path)
    assert analyze(opened) == []


def test_engine_imports_without_qt():
    code = "import sys, reader.core.footnotes, reader.cli.footnotes; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_one_note_type_across_the_child_process(data_file):
    """The window reads the child's JSON back into the engine's own Footnote: the same notes."""
    from reader.core.notes import entries_from_json
    doc = Document.open(data_file("un_A_RES_78_5.pdf"))
    try:
        notes = analyze(doc)
        proc = run_cli(data_file("un_A_RES_78_5.pdf"), "--json", "--no-library")
    finally:
        doc.close()
    entries = entries_from_json(json.loads(proc.stdout))
    assert [type(e) for e in entries] == [type(n) for n in notes]
    for note, entry in zip(notes, entries, strict=True):
        assert entry == note   # citations and the list position do not take part in equality
        assert (entry.page, entry.text, entry.refs[0].page) == (note.note_page, note.note_text, note.refs[0].page)
    assert [e.key for e in entries] == list(range(len(notes)))
    assert any(e.citations for e in entries)   # the CLI adds the citations the panel links
    assert {type(c) for e in entries for c in e.citations} == {Citation}


def test_a_note_with_citations_round_trips_through_the_json(data_file):
    """What the child writes (to_json) the window reads back (note_from_dict) as the same note,
    citations and all: frozen Citation objects, page 0-based again, nothing lost or added."""
    from reader.core.footnotes.output import note_from_dict
    where = "/library/A_RES_70_1.pdf"
    resolver = DictResolver({"A/RES/70/1": LocalDocument(where, page=3)})
    doc = Document.open(data_file("un_A_RES_78_5.pdf"))
    try:
        notes = analyze(doc)
        cited = cite_notes(notes, resolver)
        data = json.loads(json.dumps(to_json(doc, cited)))
        plain = annotate(to_json(doc, notes)["footnotes"], resolver)
    finally:
        doc.close()
    assert {c.type for n in cited for c in n.citations} == {"url", "un-symbol"}
    (local,) = [c for n in cited for c in n.citations if c.local]
    assert (local.value, local.local, local.page) == ("A/RES/70/1", where, 3)
    back = [note_from_dict(d, key) for key, d in enumerate(data["footnotes"])]
    assert back == cited and [n.citations for n in back] == [n.citations for n in cited]
    with pytest.raises(dataclasses.FrozenInstanceError):
        back[0].citations[0].value = "A/RES/1/1"
    # The public JSON is what annotate() writes on the engine's plain dicts: unchanged.
    assert [d["citations"] for d in data["footnotes"]] == [d["citations"] for d in plain]
    assert [d for d in data["footnotes"] if d["label"] == "3"][0]["citations"][0]["page"] == 4   # 1-based


def test_odd_citation_json_is_left_out_not_trusted():
    from reader.core.footnotes.output import note_from_dict
    note = note_from_dict({"label": "1", "citations": [
        {"type": "url", "text": "x", "value": "https://a.example", "page": "7", "local": 3},
        {"type": "javascript", "text": "x", "value": "y"}, "not a dict", {"type": "doi", "value": 5},
        {"type": "un-symbol", "text": "A/1", "value": "A/1", "page": 2, "paragraph": 4}]})
    assert note.citations == (Citation("url", "x", "https://a.example"),
                              Citation("un-symbol", "A/1", "A/1", page=1, paragraph=4))
