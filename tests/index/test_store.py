"""The index directory across interrupted creation and version changes (index/store.py)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from index import build, search
from index.backend import storage
from index.store import VERSION_FILE
from tests.index.conftest import copy_library

ROOT = Path(__file__).parents[2]


def test_kill_between_toc_and_version_file_is_no_other_version(tmp_path):
    base = tmp_path / "base"
    index_dir = base / "data" / "index"
    index_dir.mkdir(parents=True)
    storage.create_index(index_dir)          # the table of contents, then the kill
    assert not (index_dir / VERSION_FILE).exists()
    result = subprocess.run([sys.executable, "-m", "reader", "index", "status", "--basedir", str(base)],
                            cwd=ROOT, capture_output=True, text=True, timeout=100)
    assert result.returncode == 0, result.stderr
    assert "another version" not in result.stdout + result.stderr
    assert not list(index_dir.parent.glob("index.old-*"))
    assert "Documents: 0" in result.stdout


def test_index_of_another_version_is_rebuilt_and_its_folder_removed(tmp_path):
    docs = copy_library(tmp_path / "docs")
    index_dir = tmp_path / "index"
    build(index_dir, [docs])
    (index_dir / VERSION_FILE).write_text("1", encoding="ascii")   # made by an older Ibid
    report = build(index_dir, [docs])
    assert any("another version" in m for m in report.messages)
    assert len(report.indexed) == 3
    assert not list(tmp_path.glob("index.old-*"))
    assert search(index_dir, "tuberculosis")
