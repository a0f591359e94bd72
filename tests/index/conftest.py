"""Fixtures of the index tests: a small library of real UN documents, indexed once.

Files in tests/data used here: ``un_A_RES_78_5.pdf`` and ``un_A_80_L.23.pdf`` (UN General
Assembly resolution 78/5 and draft resolution A/80/L.23, byte-identical copies from
wannli/mandate-pipeline ``data/pdfs/``, a mirror of UN ODS; UN official documents, freely
reproducible; see ../shared/corpus/real/MANIFEST.md) and the seed letter
``un-letter-2025-04-01.md`` (UN document, the project's seed).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index import build

DATA = Path(__file__).parents[1] / "data"
#: The real documents the index tests read (UN documents, freely reproducible; see tests/data).
LIBRARY_FILES = ("un_A_RES_78_5.pdf", "un_A_80_L.23.pdf", "un-letter-2025-04-01.md")


def copy_library(target: Path, names=LIBRARY_FILES) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(DATA / name, target / Path(name).name)
    return target


@pytest.fixture(scope="session")
def indexed_library(tmp_path_factory):
    """(folder, index_dir) of the small library, indexed once for the session (read-only!)."""
    base = tmp_path_factory.mktemp("library")
    folder = copy_library(base / "docs")
    report = build(base / "index", [folder])
    assert not report.skipped, report.skipped
    return folder, base / "index"


@pytest.fixture
def library_copy(tmp_path):
    """A fresh copy of the small library in tmp_path (for tests that change files)."""
    return copy_library(tmp_path / "docs")
