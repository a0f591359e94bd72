"""The layout cache and the prepared records stay within their caps (reader/core/cache.py)."""
from __future__ import annotations

import os
import time

import pytest

from reader.app import main
from reader.core import cache, record
from reader.core.document import Document, layout_cache_path
from reader.core.paths import Paths
from reader.core.record.make import prepare


@pytest.fixture(autouse=True)
def trim_on_every_write(monkeypatch):
    monkeypatch.setattr(cache, "TRIM_INTERVAL_SECONDS", 0)   # (else once per 10 minutes)


@pytest.fixture
def texts(tmp_path, seed):
    """Four different Markdown files: the seed letter, each with a line of its own."""
    made = []
    for n in range(4):
        path = tmp_path / "docs" / f"letter-{n}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(seed.read_bytes() + f"\nCopy {n}.\n".encode())
        made.append(path)
    return made


def lay_out(path, folder):
    Document.open(path, cache_dir=folder).close()
    return layout_cache_path(path, folder)


def last_used(cached, seconds_ago: float) -> None:
    when = time.time() - seconds_ago
    for file in (cached, cached.with_suffix(".json")):
        os.utime(file, (when, when))


def test_layout_cache_over_its_cap_drops_the_least_recently_used(texts, tmp_path, monkeypatch):
    folder = tmp_path / "layout"
    a, b, c = (lay_out(path, folder) for path in texts[:3])
    for cached, ago in ((a, 300), (b, 200), (c, 100)):
        last_used(cached, ago)
    monkeypatch.setattr(cache, "MAX_LAYOUT_BYTES", int(cache.size(folder) * 1.1))   # room for three
    assert lay_out(texts[0], folder) == a                     # read from the cache: used now
    d = lay_out(texts[3], folder)
    assert [p.exists() for p in (a, b, c, d)] == [True, False, True, True]
    assert not b.with_suffix(".json").exists()
    assert cache.size(folder) <= cache.MAX_LAYOUT_BYTES


def test_entries_unused_too_long_are_removed_under_the_cap(texts, tmp_path):
    folder = tmp_path / "layout"
    old, recent = lay_out(texts[0], folder), lay_out(texts[1], folder)
    last_used(old, cache.MAX_AGE_SECONDS + 3600)
    new = lay_out(texts[2], folder)
    assert (old.exists(), recent.exists(), new.exists()) == (False, True, True)


def test_prepared_records_over_their_cap_drop_the_least_recently_used(data_file, tmp_path, monkeypatch):
    doc = Document.open(data_file("un_A_RES_78_5.pdf"))
    prepared, _complete = prepare(doc)
    doc.close()
    folder = tmp_path / "prepared"
    saved = [record.save(folder, digest * 64, prepared) for digest in "abc"]
    for path, ago in zip(saved, (300, 200, 100), strict=True):
        os.utime(path, (time.time() - ago,) * 2)
    monkeypatch.setattr(cache, "MAX_RECORDS_BYTES", int(cache.size(folder) * 1.1))
    assert record.load(folder, "a" * 64) is not None            # used now
    newest = record.save(folder, "d" * 64, prepared)
    assert [p.exists() for p in (*saved, newest)] == [True, False, True, True]


def test_cache_clear_empties_both_caches(seed, tmp_path, capsys):
    base = tmp_path / "base"
    paths = Paths.under(base)
    assert main(["prepare", str(seed), "--basedir", str(base), "--cache", str(paths.layout_cache)]) == 0
    assert any(paths.records.iterdir()) and any(paths.layout_cache.iterdir())
    capsys.readouterr()
    assert main(["cache", "clear", "--basedir", str(base)]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Removed ") and "cached files" in said
    assert cache.size(paths.records) == 0 and cache.size(paths.layout_cache) == 0
    assert main(["cache", "status", "--json", "--basedir", str(base)]) == 0
    assert '"bytes": 0' in capsys.readouterr().out
