"""Shared fixtures. Tests run headless and never touch the user's real files."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# `ibid footnotes` and `ibid prepare` keep prepared records in the user's cache: the tests and
# the children they start use a cache of their own, so no record made by another checkout of
# the footnote engine is read, and no user file is touched.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="ibid-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)

DATA = Path(__file__).parent / "data"
SEED = "un-letter-2025-04-01.md"


@pytest.fixture
def data_file():
    """Path of a file in tests/data (fails clearly when it is missing)."""
    def get(name: str) -> Path:
        path = DATA / name
        assert path.is_file(), f"missing test file {path}"
        return path
    return get


@pytest.fixture
def sample_pdf(data_file):
    return data_file


@pytest.fixture
def seed(data_file) -> Path:
    return data_file(SEED)


@pytest.fixture
def copy_to_tmp(tmp_path, data_file):
    """Copy a test file into tmp_path (for tests that modify or rename it)."""
    def copy(name: str, new_name: str | None = None) -> Path:
        target = tmp_path / (new_name or name)
        shutil.copyfile(data_file(name), target)
        return target
    return copy
