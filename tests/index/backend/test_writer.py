"""The adapter's contract (index.backend.writer): the index writer writes what Whoosh writes.

Ibid's writer reimplements the posting pool and the posting loops of Whoosh's SegmentWriter
with Whoosh's private members: these tests are what a new Whoosh version must pass before
index.backend.TESTED_VERSIONS (and the bounds in pyproject.toml) may admit it.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parents[2] / "data"


def _postings(index_dir: Path) -> list[tuple]:
    """Every term of the index with its statistics and postings (document, weight, positions)."""
    from whoosh import index as whoosh_index
    found = []
    with whoosh_index.open_dir(str(index_dir)).reader() as reader:
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            matcher, postings = reader.postings(fieldname, text), []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            found.append((fieldname, text, info.weight(), info.doc_frequency(), info.min_length(),
                          info.max_length(), info.max_weight(), tuple(postings)))
    return found


@pytest.mark.parametrize("how", ["by term", "spilled to disk", "merging segments"])
def test_the_index_writer_writes_what_whoosh_writes(tmp_path, monkeypatch, how):
    """The writer's own pool and posting loops (index.backend.writer: postings by term, or through
    sorted runs on disk when the pool outgrows its memory, and the postings of merged
    segments, with deleted pages among them) must leave exactly the terms, statistics and
    postings Whoosh's SegmentWriter leaves, or queries and scores drift."""
    import functools

    from whoosh.writing import SegmentWriter

    from index import build
    from index.backend import writer as store
    files = [tmp_path / "un-letter-2025-04-01.md", DATA / "un_A_RES_78_5.pdf", DATA / "un_A_80_L.23.pdf"]
    shutil.copyfile(DATA / files[0].name, files[0])
    options = {"workers": 1}
    if how == "spilled to disk":   # a pool of 20 KB: every few pages go to a run on disk
        monkeypatch.setattr(store, "Writer", functools.partial(store.Writer, limitmb=0.02))
    if how == "merging segments":   # every commit merges all the segments into its own
        monkeypatch.setattr(store, "MAX_SEGMENTS", 1)
    def index(into: Path) -> None:
        build(into, files, **options)
        if how == "merging segments":   # the first file changes twice: the segment merged has
            letter = files[0].read_text(encoding="utf-8")   # its first pages deleted
            files[0].write_text(letter + "\nA line added to the letter.\n", encoding="utf-8")
            build(into, files, **options)
            files[0].write_text(letter, encoding="utf-8")
            build(into, files, **options)

    index(tmp_path / "ours")
    monkeypatch.setattr(store, "Writer", SegmentWriter)
    index(tmp_path / "whoosh")
    ours = _postings(tmp_path / "ours")
    assert len(ours) > 1000 and sum(len(term[-1]) for term in ours) > 3000
    assert ours == _postings(tmp_path / "whoosh")
