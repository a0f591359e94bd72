"""The prepared record: made once, read by ``ibid footnotes``, the index and the window.

``ibid footnotes`` is a public interface: from the record it must print the very bytes an
analysis prints (``--explain`` still analyses the document in place, so it is the reference).
"""
from __future__ import annotations

import pymupdf
import pytest

from reader.app import main
from reader.core import footnotes, record
from reader.core.document import Document, content_hash
from reader.core.paths import Paths
from reader.core.record.make import prepare

#: Every kind of evidence the engine reads: UN layout, LaTeX, Writer, link annotations, symbols, Markdown.
DOCUMENTS = ["un_A_80_L.23.pdf", "un_A_RES_78_5.pdf", "cms-legal-sample.pdf", "cms-noteref-demo.pdf",
             "endnotes-hy-example.pdf", "un-letter-2025-04-01.md", "footnotes/latex-hyperref.pdf",
             "footnotes/libreoffice-notes.pdf", "footnotes/pymupdf-symbols-perpage.pdf", "engine/writer-roman.pdf"]


def _out(capsys, *args) -> str:
    assert main([str(a) for a in args]) == 0
    return capsys.readouterr().out


def _prepared(path):
    doc = Document.open(path)
    try:
        return prepare(doc)
    finally:
        doc.close()


def _command(path, tmp_path) -> list:
    return ["footnotes", path, "--basedir", tmp_path, "--cache", tmp_path / "layout"]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_footnotes_prints_the_same_bytes_from_the_record_as_from_an_analysis(name, data_file, tmp_path, capsys):
    path = data_file(name)
    command = _command(path, tmp_path)
    analysed = _out(capsys, *command, "--json", "--explain")
    analysed_csl = _out(capsys, *command, "--csl", "--explain")
    stored = record.record_path(Paths.under(tmp_path).records, content_hash(path))
    assert not stored.exists()                                # --explain keeps no record
    assert _out(capsys, *command, "--json") == analysed       # prepared here, and stored
    made = stored.stat().st_mtime_ns
    assert _out(capsys, *command, "--json") == analysed       # read from the record
    assert _out(capsys, *command, "--csl") == analysed_csl
    assert stored.stat().st_mtime_ns == made                  # read, not made again


@pytest.mark.parametrize("damage", [b"", b"not a record", b"x\x9c\x03\x00"])
def test_a_damaged_record_is_made_again_without_a_word(damage, data_file, tmp_path, capsys):
    path = data_file("un_A_RES_78_5.pdf")
    command = [*_command(path, tmp_path), "--json"]
    first = _out(capsys, *command)
    stored = record.record_path(Paths.under(tmp_path).records, content_hash(path))
    stored.write_bytes(damage)
    assert _out(capsys, *command) == first
    assert record.load(stored.parent, content_hash(path)) is not None


def test_a_truncated_record_is_ignored(data_file, tmp_path):
    path = data_file("un_A_80_L.23.pdf")
    made, complete = _prepared(path)
    assert complete and made.page_count == len(made.pages) == pymupdf.open(path).page_count
    assert made.symbol == "A/80/L.23" and made.footnotes and "disasters" in made.title
    stored = record.save(tmp_path, content_hash(path), made)
    assert record.load(tmp_path, content_hash(path)) == made
    stored.write_bytes(stored.read_bytes()[: stored.stat().st_size // 2])
    assert record.load(tmp_path, content_hash(path)) is None
    assert not stored.exists()


def test_a_record_of_another_engine_version_is_never_read(data_file, tmp_path, monkeypatch):
    path = data_file("un_A_RES_78_5.pdf")
    made, _ = _prepared(path)
    record.save(tmp_path, content_hash(path), made)
    assert record.load(tmp_path, content_hash(path)) == made
    monkeypatch.setattr(footnotes, "ENGINE_VERSION", footnotes.ENGINE_VERSION + 1)
    assert record.load(tmp_path, content_hash(path)) is None


def test_a_copy_under_another_name_is_named_by_its_own_name(data_file, tmp_path, capsys):
    original = data_file("un-letter-2025-04-01.md")
    copy = tmp_path / "letter.md"
    copy.write_bytes(original.read_bytes())
    first = _out(capsys, *_command(original, tmp_path), "--json")
    again = _out(capsys, *_command(copy, tmp_path), "--json")   # the same content: the same record
    assert again == first.replace(str(original), str(copy))
