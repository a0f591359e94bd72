"""Two-pass indexing (issue 23): the text is searchable first, notes and citations follow,
search says which documents are not analysed yet, and kill -9 in the second pass resumes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pymupdf

from index import LibraryIndex, build, search
from index.backend import storage
from reader.core.paths import Paths
from tests.index.conftest import DATA, copy_library
from tests.index.test_cli import ROOT, ibid

#: Citations and notes of the small library (tests/data/README.md): a note of draft
#: A/80/L.23 (pages 2 and 13) cite the Treaty Series; its page 1 cites resolution 69/283.
NOTE_QUERY, CITES_QUERY = 'in:notes "Treaty Series"', "cites:a/res/69/283"
#: Words of the body text of all three documents.
TEXT_QUERY = "united OR nations"


def test_first_pass_makes_text_findable_before_the_second_pass_adds_notes_and_citations(library_copy, tmp_path):
    index_dir = tmp_path / "ix"
    seen = {}

    def progress(event: dict) -> None:
        if event.get("pass") == 2 and not seen:   # the second pass has begun: what can a searcher find?
            seen["text"] = {(h.path, h.page) for h in search(index_dir, TEXT_QUERY, limit=100)}
            seen["notes"], seen["cites"] = search(index_dir, NOTE_QUERY), search(index_dir, CITES_QUERY)
            seen["unanalysed"] = search(index_dir, "tuberculosis").unanalysed

    report = build(index_dir, [library_copy], progress=progress)
    final = {(h.path, h.page) for h in search(index_dir, TEXT_QUERY, limit=100)}
    assert len({path for path, _page in final}) == 3 and seen["text"] == final   # every page found already
    assert seen["notes"] == [] and seen["cites"] == [] and seen["unanalysed"] == 3
    assert len(report.analysed) == 3 and report.unanalysed == 0
    assert sorted((h.path.rsplit("/", 1)[1], h.page, h.in_notes) for h in search(index_dir, NOTE_QUERY)) == [
        ("un_A_80_L.23.pdf", 2, True), ("un_A_80_L.23.pdf", 13, True)]
    assert [(h.path.rsplit("/", 1)[1], h.page) for h in search(index_dir, CITES_QUERY)] == [("un_A_80_L.23.pdf", 1)]
    assert search(index_dir, "tuberculosis").unanalysed == 0


def test_first_pass_alone_leaves_documents_reported_as_not_analysed(tmp_path):
    base = tmp_path / "base"
    docs = tmp_path / "docs"
    docs.mkdir()
    ibid("index", "add", docs, "--basedir", base)   # an empty library folder
    copy_library(docs)
    paths = Paths.under(base)
    report = build(paths.index_dir, [docs], records=paths.records, analyse=False)
    assert len(report.indexed) == 3 and report.analysed == [] and report.unanalysed == 3

    found = ibid("search", "tuberculosis", "--basedir", base).stdout
    assert "3 documents not yet analysed: in:notes and cites: may miss them." in found
    assert json.loads(ibid("search", NOTE_QUERY, "--json", "--basedir", base).stdout)["unanalysed"] == 3
    status = json.loads(ibid("index", "status", "--json", "--basedir", base).stdout)
    assert status["documents"] == 3 and status["pending"] == 0 and status["unanalysed"] == 3
    assert "3 documents not yet analysed" in ibid("index", "status", "--basedir", base).stdout

    report = json.loads(ibid("index", "update", "--json", "--basedir", base).stdout)
    assert report["indexed"] == [] and len(report["analysed"]) == 3 and report["unanalysed"] == 0
    found = ibid("search", NOTE_QUERY, "--basedir", base).stdout
    assert "p. 2 (notes)" in found and "not yet analysed" not in found
    assert json.loads(ibid("index", "status", "--json", "--basedir", base).stdout)["unanalysed"] == 0


#: Builds in a child process, committing after every file (so a kill lands between commits).
BUILD_SCRIPT = "import sys; from index import build; build(sys.argv[1], [sys.argv[2]], commit_seconds=0)"


def test_kill_9_during_the_second_pass_resumes_it_with_nothing_lost_or_duplicated(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    copies = 30
    for n in range(copies):   # the same pages in files of different content: each is analysed
        with pymupdf.open(DATA / "un_A_RES_78_5.pdf") as pdf:
            pdf.set_metadata({**pdf.metadata, "subject": f"copy {n}"})
            pdf.save(docs / f"copy-{n:02}.pdf")
    index_dir = tmp_path / "ix"
    child = subprocess.Popen([sys.executable, "-c", BUILD_SCRIPT, str(index_dir), str(docs)], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:   # kill it once some files are analysed and others not, whatever the speed of the machine
        deadline = time.monotonic() + 100
        while child.poll() is None and time.monotonic() < deadline and not _halfway_analysed(index_dir, copies):
            time.sleep(0.05)
        assert child.poll() is None, "indexing ended before it could be interrupted in its second pass"
        os.killpg(child.pid, signal.SIGKILL)   # the reading workers too
    finally:
        child.wait(timeout=30)
    with LibraryIndex(index_dir) as library:
        left = library.unanalysed()
    assert 0 < left < copies

    report = build(index_dir, [docs])
    assert report.indexed == [] and report.unchanged == copies   # no text read again
    assert len(report.analysed) == left and report.unanalysed == 0
    assert len(storage.stored_records(index_dir, kind="page")) == 15 * copies   # no page twice
    noted = search(index_dir, 'in:notes "World Health Organization"', limit=1000)
    assert len({h.path for h in noted}) == copies and len(noted) == len({(h.path, h.page) for h in noted})


def _halfway_analysed(index_dir, copies: int) -> bool:
    """All the text is in, and some (not all) files are analysed (read without the lock)."""
    try:
        with LibraryIndex(index_dir) as library:
            texts = {h.path for h in library.search("tuberculosis", limit=1000)}
            return len(texts) == copies and 0 < library.unanalysed() < copies
    except Exception:   # not created yet, or caught between two files of a commit
        return False
