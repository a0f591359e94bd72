"""Damage or bug (index.backend.storage.is_damage): only an index whose files cannot be read
is moved aside and rebuilt; a failure from Whoosh on an index that reads fine (a Whoosh
that changed, a bug of ours) is reported as a bug and the index is left as it is."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from whoosh import searching

from index import IndexDamaged, build, search
from tests.index.conftest import copy_library

ROOT = Path(__file__).parents[3]


@pytest.fixture
def small_index(tmp_path):
    docs = copy_library(tmp_path / "docs", ["un-letter-2025-04-01.md"])
    build(tmp_path / "ix", [docs], workers=1)
    return tmp_path / "ix"


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir())


def test_an_attribute_error_from_a_changed_whoosh_is_raised_and_the_index_kept(small_index, monkeypatch):
    def changed(*args, **kwargs):
        raise AttributeError("'Searcher' object has no attribute '_filter_to_comb'")   # as after an upgrade

    before = listing(small_index)
    monkeypatch.setattr(searching.Searcher, "search_with_collector", changed)
    with pytest.raises(AttributeError, match="_filter_to_comb"):
        search(small_index, "ethnic cleansing")
    assert listing(small_index) == before                # nothing moved aside, nothing rebuilt
    monkeypatch.undo()
    assert search(small_index, "ethnic cleansing")


def test_a_type_error_while_opening_for_a_build_is_raised_and_the_index_kept(small_index, monkeypatch):
    def changed(self, *args, **kwargs):
        raise TypeError("documents() takes 1 positional argument but 2 were given")

    before, docs = listing(small_index), small_index.parent / "docs"
    monkeypatch.setattr(searching.Searcher, "documents", changed)
    with pytest.raises(TypeError, match="documents"):
        build(small_index, [docs], workers=1)
    assert listing(small_index) == before
    monkeypatch.undo()
    assert build(small_index, [docs], workers=1).unchanged == 1


def test_a_value_error_from_query_code_is_a_bug_not_a_query_error_nor_damage(small_index, monkeypatch):
    """A ValueError is what garbage in a file raises too, but raised outside Whoosh's code
    that reads the files it is a bug: the user is not told to put words in quotes, and the
    index is not rebuilt."""
    def failing(*args, **kwargs):
        raise ValueError("not enough values to unpack")

    before = listing(small_index)
    monkeypatch.setattr(searching.Searcher, "search_with_collector", failing)
    with pytest.raises(ValueError, match="not enough values"):
        search(small_index, "ethnic cleansing")
    assert listing(small_index) == before


def test_garbage_that_unpickles_into_any_error_is_damage(small_index):
    """A table of contents whose pickled segments name a module that does not exist raises
    ModuleNotFoundError inside Whoosh's unpickling: that is damage (seen when fuzzing)."""
    [toc] = small_index.glob("*.toc")
    data = toc.read_bytes()
    assert b"whoosh.codec.whoosh3" in data
    toc.write_bytes(data.replace(b"whoosh.codec.whoosh3", b"whoosh.codec.whoosh9"))
    with pytest.raises(IndexDamaged):
        search(small_index, "ethnic cleansing")
    assert [p.name for p in small_index.parent.glob("ix.damaged-*")]
    assert build(small_index, [small_index.parent / "docs"], workers=1).indexed


def test_a_file_whose_format_tag_is_garbled_is_damage(small_index):
    """A segment's terms table begins with Whoosh's tag "HSH3"; a flipped byte there raises
    Whoosh's FileFormatError while the index is opened (found by the random damage below)."""
    segment = next(p for p in sorted(small_index.glob("*.seg")) if b"HSH3" in p.read_bytes())
    data = segment.read_bytes()
    segment.write_bytes(data.replace(b"HSH3", b"HS'3", 1))
    with pytest.raises(IndexDamaged):
        search(small_index, "ethnic cleansing")
    assert [p.name for p in small_index.parent.glob("ix.damaged-*")]


def test_the_pickled_copy_of_the_schema_is_not_read(small_index):
    """The schema comes from make_schema() (the version file vouches for it), not from the
    copy Whoosh pickles in the table of contents: that copy names our classes by module, and
    those written before index/backend/ existed named index.schema.WordAnalyzer, which no
    longer is. Such an index opens and answers; it is not taken for damaged."""
    [toc] = small_index.glob("*.toc")
    data = toc.read_bytes()
    assert data.count(b"index.backend.analysis") >= 3
    toc.write_bytes(data.replace(b"index.backend.analysis", b"index.backend.nowhere_"))
    assert search(small_index, "ethnic cleansing")
    assert not list(small_index.parent.glob("ix.damaged-*"))


BROKEN_WHOOSH = ("import sys\n"
                 "from whoosh import searching\n"
                 "def changed(*args, **kwargs):\n"
                 "    raise AttributeError(\"'Searcher' object has no attribute '_filter_to_comb'\")\n"
                 "searching.Searcher.search_with_collector = changed\n"
                 "from reader.app import main\n"
                 "sys.exit(main(sys.argv[1:]))\n")


def test_ibid_search_reports_a_bug_in_one_sentence_with_a_log_and_its_own_exit_status(small_index, tmp_path):
    base = tmp_path / "base"
    (base / "data").mkdir(parents=True)
    (base / "data" / "index").symlink_to(small_index)
    out = subprocess.run([sys.executable, "-c", BROKEN_WHOOSH, "search", "ethnic cleansing", "--basedir", str(base)],
                         cwd=ROOT, capture_output=True, text=True, timeout=100)
    assert out.returncode == 70, out.stderr
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("ibid: ethnic cleansing: Ibid hit a bug (AttributeError")
    [log] = (base / "state" / "bugs").glob("bug-*.log")
    assert str(log) in out.stderr and "Traceback" in log.read_text(encoding="utf-8")
    assert not list(tmp_path.glob("ix.damaged-*"))


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(3))
def test_random_damage_to_the_files_is_damage_never_a_bug(small_index, tmp_path, seed):
    """Cut short, overwritten or bit-flipped files (the table of contents and the segment):
    every search answers or says the index was damaged; none reports a bug."""
    import random
    import shutil
    rng = random.Random(seed)
    outcomes = []
    for trial in range(25):
        copy = tmp_path / f"t{trial}" / "ix"
        shutil.copytree(small_index, copy)
        victim = rng.choice(sorted(p for p in copy.iterdir() if p.suffix in (".toc", ".seg")))
        data = bytearray(victim.read_bytes())
        how = rng.choice(["cut", "flip", "overwrite"])
        if how == "cut":
            data = data[:rng.randrange(len(data))]
        elif how == "flip":
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        else:
            start = rng.randrange(len(data))
            data[start:start + 64] = bytes(rng.randrange(256) for _ in range(64))
        victim.write_bytes(bytes(data))
        try:
            for query in ("ethnic cleansing", '"ethnic cleansing"', "cleans*", "clensing~"):
                search(copy, query)
            outcomes.append("answered")
        except IndexDamaged:
            outcomes.append("damaged")
    assert "damaged" in outcomes
