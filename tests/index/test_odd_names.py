"""File names that are not UTF-8 (a Latin-1 name from an old archive or another system):
indexed like any other, and the same bytes come back from the index, the JSON and the hits."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index import LibraryIndex, build, search
from tests.index.conftest import DATA
from tests.index.test_cli import ROOT

LATIN1_PDF = b"r\xe9sum\xe9 A-80-L.23.pdf"       # "résumé" in Latin-1: not UTF-8
LATIN1_MD = b"lettre \xe0 l'ONU.md"
#: Strict UTF-8 on stdout, as a terminal with a UTF-8 locale has it.
ENV = dict(os.environ, PYTHONIOENCODING="utf-8:strict")


@pytest.fixture
def odd_library(tmp_path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    try:
        shutil.copyfile(DATA / "un_A_80_L.23.pdf", os.path.join(os.fsencode(folder), LATIN1_PDF))
        shutil.copyfile(DATA / "un-letter-2025-04-01.md", os.path.join(os.fsencode(folder), LATIN1_MD))
    except OSError as exc:   # a file system that takes UTF-8 names only (macOS): nothing to test
        pytest.skip(f"this file system refuses non-UTF-8 names: {exc}")
    shutil.copyfile(DATA / "un_A_RES_78_5.pdf", folder / "un_A_RES_78_5.pdf")
    return folder


def _bytes_of(path: str) -> bytes:
    return os.path.basename(os.fsencode(path))


def test_non_utf8_names_are_indexed_and_found_with_their_own_bytes(odd_library, tmp_path):
    index_dir = tmp_path / "index"
    report = build(index_dir, [odd_library], workers=1)
    assert report.skipped == [] and len(report.indexed) == 3
    hits = search(index_dir, '"Sendai Framework"')
    assert {_bytes_of(h.path) for h in hits} == {LATIN1_PDF}
    assert all(Path(h.path).is_file() and h.title.encode("utf-8") for h in hits)  # a title Qt can show
    assert {_bytes_of(h.path) for h in search(index_dir, '"ethnic cleansing"')} == {LATIN1_MD}
    only = search(index_dir, "disaster", path=hits[0].path)
    assert only and {h.path for h in only} == {hits[0].path}
    assert search(index_dir, "disaster", folder=odd_library)
    with LibraryIndex(index_dir) as library:
        assert {_bytes_of(r["path"]) for r in library.files()} == {LATIN1_PDF, LATIN1_MD, b"un_A_RES_78_5.pdf"}
    again = build(index_dir, [odd_library], workers=1)
    assert again.unchanged == 3 and again.indexed == []      # recognised, not read again
    os.unlink(os.path.join(os.fsencode(odd_library), LATIN1_PDF))
    assert [_bytes_of(p) for p in build(index_dir, [odd_library], workers=1).removed] == [LATIN1_PDF]
    assert search(index_dir, '"Sendai Framework"') == []


def _ibid(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reader", *map(str, args)], cwd=ROOT, env=ENV,
                          capture_output=True, timeout=100)


def test_cli_index_search_and_footnotes_round_trip_the_name(odd_library, tmp_path):
    base = tmp_path / "base"
    added = _ibid("index", "add", odd_library, "--basedir", base, "--json", "--json-progress")
    assert added.returncode == 0, added.stderr
    report = json.loads(added.stdout.decode("utf-8"))      # valid UTF-8 JSON
    assert {_bytes_of(p) for p in report["indexed"]} >= {LATIN1_PDF, LATIN1_MD}
    found = _ibid("search", '"Sendai Framework"', "--json", "--basedir", base)
    assert found.returncode == 0, found.stderr
    hit_path = json.loads(found.stdout.decode("utf-8"))["hits"][0]["path"]
    assert _bytes_of(hit_path) == LATIN1_PDF and Path(hit_path).is_file()
    table = _ibid("search", '"Sendai Framework"', "--basedir", base)
    assert table.returncode == 0 and LATIN1_PDF in table.stdout     # printed as the bytes it is, like ls
    notes = _ibid("footnotes", Path(hit_path), "--json", "--no-library")
    assert notes.returncode == 0, notes.stderr
    assert _bytes_of(json.loads(notes.stdout.decode("utf-8"))["file"]) == LATIN1_PDF


def test_cli_library_folder_whose_name_is_not_utf8(tmp_path):
    folder = os.path.join(os.fsencode(tmp_path), b"d\xe9p\xf4t")      # "dépôt" in Latin-1
    try:
        os.mkdir(folder)
    except OSError as exc:
        pytest.skip(f"this file system refuses non-UTF-8 names: {exc}")
    shutil.copyfile(DATA / "un-letter-2025-04-01.md", os.path.join(folder, b"letter.md"))
    base = tmp_path / "base"
    added = _ibid("index", "add", os.fsdecode(folder), "--basedir", base, "--json")
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout.decode("utf-8"))["skipped"] == []
    status = json.loads(_ibid("index", "status", "--basedir", base, "--json").stdout.decode("utf-8"))
    assert [os.fsencode(f) for f in status["folders"]] == [folder]     # the settings file kept the bytes
    found = _ibid("search", "cleansing", "--folder", os.fsdecode(folder), "--json", "--basedir", base)
    assert json.loads(found.stdout.decode("utf-8"))["hits"]
    removed = _ibid("index", "remove", os.fsdecode(folder), "--basedir", base, "--json")
    assert removed.returncode == 0 and len(json.loads(removed.stdout.decode("utf-8"))["removed"]) == 1


def test_a_folder_named_as_qt_shows_it_is_found_unless_two_read_the_same(tmp_path):
    """Qt gives back b"caf\\xe9" as "caf" or "caf\\ufffd"; the window must find the real folder."""
    from reader.core.paths import on_disk
    try:
        os.makedirs(os.path.join(os.fsencode(tmp_path), b"caf\xe9", b"2024"))
    except OSError as exc:
        pytest.skip(f"this file system refuses non-UTF-8 names: {exc}")
    real = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"caf\xe9", b"2024")))
    assert on_disk(tmp_path / "caf\ufffd" / "2024") == real
    assert on_disk(str(tmp_path / "caf" / "2024")) == real
    assert on_disk(tmp_path / "caf\ufffd" / "2025") is None
    os.mkdir(os.path.join(os.fsencode(tmp_path), b"caf\xe8"))          # now two read "caf\ufffd"
    assert on_disk(tmp_path / "caf\ufffd" / "2024") is None


def test_a_name_that_is_not_utf8_crosses_to_a_child_through_text_only_arguments(odd_library, tmp_path):
    """What the window does for `ibid index add`: QProcess takes text, so the name's bytes go
    in the environment (reader.core.child.args_env) and the child takes them back."""
    from reader.core.child import args_env
    folder = os.path.join(os.fsencode(tmp_path), b"caf\xe9")
    os.mkdir(folder)
    shutil.copyfile(DATA / "un_A_80_L.23.pdf", os.path.join(folder, b"draft.pdf"))
    base = tmp_path / "base"
    args, extra = args_env(["index", "add", os.fsdecode(folder), "--basedir", str(base), "--json"])
    assert all(a.encode("utf-8") for a in args)                       # text a QString can hold
    env = dict(ENV, **extra)
    added = subprocess.run([sys.executable, "-m", "reader", *args], cwd=ROOT, env=env, capture_output=True, timeout=100)
    assert added.returncode == 0, added.stderr
    status = _ibid("index", "status", "--json", "--basedir", base)
    assert [os.fsencode(p) for p in json.loads(status.stdout.decode("utf-8"))["folders"]] == [folder]
    stray = subprocess.run([sys.executable, "-m", "reader", "index", "add", str(odd_library), "--basedir", str(base)],
                           cwd=ROOT, env=env, capture_output=True, timeout=100)   # a variable left over: ignored
    assert stray.returncode == 0, stray.stderr
