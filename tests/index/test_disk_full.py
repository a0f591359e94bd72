"""A disk that fills up while indexing: the index stays as last committed, no partial files
stay behind, the user reads one sentence, and the next update completes the work."""
from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys

import pytest
from whoosh.filedb import filestore

from index import build, search
from index.store import DiskFull
from tests.index.conftest import copy_library
from tests.index.test_cli import ROOT


class _FillingDisk:
    """A file of the index whose writes fail with ENOSPC once *budget* bytes are written."""

    def __init__(self, file, budget: list[int]) -> None:
        self._file, self._budget = file, budget

    def write(self, data):
        self._budget[0] -= len(data)
        if self._budget[0] < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self._file.write(data)

    def __getattr__(self, name):
        return getattr(self._file, name)


def _fill_disk_after(monkeypatch, budget: int) -> None:
    left = [budget]
    create_file = filestore.FileStorage.create_file

    def filling(self, name, *args, **kwargs):
        made = create_file(self, name, *args, **kwargs)
        made.file = _FillingDisk(made.file, left)
        return made

    monkeypatch.setattr(filestore.FileStorage, "create_file", filling)


def _state(index_dir):
    return sorted(os.listdir(index_dir))


@pytest.mark.parametrize("budget", [0, 20_000, 150_000, 400_000])
def test_disk_full_keeps_the_committed_index_and_no_partial_files(tmp_path, monkeypatch, budget):
    docs = copy_library(tmp_path / "docs", ["un-letter-2025-04-01.md"])
    index_dir = tmp_path / "index"
    build(index_dir, [docs], workers=1)
    files_before, letter_hits = _state(index_dir), len(search(index_dir, '"ethnic cleansing"'))
    copy_library(docs, ["un_A_RES_78_5.pdf", "un_A_80_L.23.pdf"])
    _fill_disk_after(monkeypatch, budget)
    with pytest.raises(DiskFull) as failed:
        build(index_dir, [docs], workers=1)
    message = str(failed.value)
    assert "No room is left" in message and "ibid index update" in message and "\n" not in message
    assert _state(index_dir) == files_before                       # nothing half-written left
    assert len(search(index_dir, '"ethnic cleansing"')) == letter_hits
    assert search(index_dir, "tuberculosis") == []
    monkeypatch.undo()                                             # space was freed
    report = build(index_dir, [docs], workers=1)
    assert len(report.indexed) == 2 and report.unchanged == 1
    assert search(index_dir, "tuberculosis")


def _file_size_limit(limit: int):
    def set_limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # writes past the limit fail with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return set_limit


def test_cli_update_on_a_full_disk_says_so_in_one_line_and_the_next_update_works(tmp_path):
    docs = copy_library(tmp_path / "docs", ["un-letter-2025-04-01.md"])
    base = tmp_path / "base"
    ibid = [sys.executable, "-m", "reader", "index"]
    subprocess.run([*ibid, "add", str(docs), "--basedir", str(base)], cwd=ROOT, check=True, capture_output=True,
                   timeout=100)
    index_dir = base / "data" / "index"
    files_before = _state(index_dir)
    copy_library(docs, ["un_A_RES_78_5.pdf", "un_A_80_L.23.pdf"])
    full = subprocess.run([*ibid, "update", "--basedir", str(base)], cwd=ROOT, capture_output=True, text=True,
                          timeout=100, preexec_fn=_file_size_limit(48_000))
    assert full.returncode == 1
    assert full.stderr.count("\n") == 1 and full.stderr.startswith("ibid: index: No room is left"), full.stderr
    assert _state(index_dir) == files_before
    again = subprocess.run([*ibid, "update", "--basedir", str(base)], cwd=ROOT, capture_output=True, text=True,
                           timeout=100)
    assert again.returncode == 0, again.stderr
    assert "Indexed 2 files" in again.stdout
    assert search(index_dir, "tuberculosis")
