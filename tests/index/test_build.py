"""Incremental builds, skipped files, damaged and busy indexes."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from index import IndexBusy, IndexDamaged, build, search, store
from index.backend import storage
from tests.index.test_cli import ROOT


def file_records(index_dir):
    return {r["path"]: r for r in storage.stored_records(index_dir, kind="file")}


def page_count(index_dir, path=None):
    terms = {"kind": "page", **({"path": str(path)} if path else {})}
    return len(storage.stored_records(index_dir, **terms))


def test_second_build_reads_nothing_again(library_copy, tmp_path):
    first = build(tmp_path / "ix", [library_copy])
    assert len(first.indexed) == 3 and first.pages > 15 + 19   # + the laid-out pages of the letter
    second = build(tmp_path / "ix", [library_copy])
    assert second.indexed == [] and second.unchanged == 3 and second.pages == 0


def test_touched_file_is_not_read_again_but_modified_file_is(library_copy, tmp_path):
    build(tmp_path / "ix", [library_copy])
    touched = library_copy / "un_A_RES_78_5.pdf"
    os.utime(touched, (1_000_000, 1_000_000))
    report = build(tmp_path / "ix", [library_copy])
    assert report.indexed == [] and report.unchanged == 3
    assert file_records(tmp_path / "ix")[str(touched)]["mtime"] == 1_000_000

    changed = library_copy / "un-letter-2025-04-01.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nA postscript about zanzibarian giraffes.\n",
                       encoding="utf-8")
    report = build(tmp_path / "ix", [library_copy])
    assert report.indexed == [str(changed)]
    hits = search(tmp_path / "ix", "zanzibarian giraffes")
    assert [h.path for h in hits] == [str(changed)]
    assert page_count(tmp_path / "ix", changed) == file_records(tmp_path / "ix")[str(changed)]["pages"]


def test_removed_file_leaves_the_index(library_copy, tmp_path):
    build(tmp_path / "ix", [library_copy])
    gone = library_copy / "un_A_80_L.23.pdf"
    gone.unlink()
    report = build(tmp_path / "ix", [library_copy])
    assert report.removed == [str(gone)]
    assert str(gone) not in file_records(tmp_path / "ix")
    assert page_count(tmp_path / "ix", gone) == 0
    assert search(tmp_path / "ix", "disasters", path=gone) == []


def test_unreadable_file_is_skipped_with_its_reason_and_indexing_goes_on(library_copy, tmp_path):
    (library_copy / "saved.pdf").write_bytes(b"<!DOCTYPE html><html><body>Not found</body></html>")
    (library_copy / "empty.pdf").write_bytes(b"")
    (library_copy / "picture.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    report = build(tmp_path / "ix", [library_copy])
    reasons = {os.path.basename(s.path): s.reason for s in report.skipped}
    assert set(reasons) == {"saved.pdf", "empty.pdf", "picture.pdf"}
    assert "empty" in reasons["empty.pdf"] and "PNG" in reasons["picture.pdf"] and "web page" in reasons["saved.pdf"]
    assert len(report.indexed) == 3
    again = build(tmp_path / "ix", [library_copy])     # still listed, not read again
    assert {os.path.basename(s.path) for s in again.skipped} == set(reasons)
    assert again.indexed == []


def test_progress_reports_pages_and_files(library_copy, tmp_path):
    events = []
    build(tmp_path / "ix", [library_copy / "un_A_RES_78_5.pdf"], progress=events.append)
    first = [e for e in events if "pass" not in e]
    pages = [e for e in first if "status" not in e]
    assert [e["page"] for e in pages] == list(range(1, 16)) and {e["of"] for e in pages} == {15}
    assert first[-1]["status"] == "indexed" and first[-1]["files"] == 1
    # then the second pass: the file's notes and citations
    assert events[-1]["status"] == "analysed" and events[-1]["pass"] == 2 and events[-1]["files"] == 1


def test_worker_processes_read_files_in_order(library_copy, tmp_path):
    events = []
    report = build(tmp_path / "ix", [library_copy], progress=events.append, workers=2)
    assert len(report.indexed) == 3
    files = [(e["file_index"], e["status"]) for e in events if "status" in e]
    assert files == [(1, "indexed"), (2, "indexed"), (3, "indexed"), (1, "analysed"), (2, "analysed"), (3, "analysed")]
    assert search(tmp_path / "ix", '"Treaty Series"')


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers report pages through a forked pipe")
def test_worker_processes_report_the_pages_of_a_long_file(library_copy, tmp_path):
    import pymupdf
    source = pymupdf.open(library_copy / "un_A_RES_78_5.pdf")
    long = pymupdf.open()
    for _ in range(20):
        long.insert_pdf(source)
    long.save(library_copy / "long.pdf")
    events = []
    build(tmp_path / "ix", [library_copy], progress=events.append, workers=2)
    for second in (False, True):   # in both passes
        found = [e for e in events if ("pass" in e) == second]
        number = next(e["file_index"] for e in found if e["file"].endswith("long.pdf"))
        pages = [e["page"] for e in found if e["file_index"] == number and "status" not in e]
        assert len(pages) > 10 and pages == sorted(pages) and max(pages) <= 300   # while it was read
        assert [e for e in found if e["file_index"] == number][-1]["status"] == ("analysed" if second else "indexed")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the crash is injected through fork")
def test_a_file_that_crashes_its_reader_is_skipped_alone(library_copy, tmp_path, monkeypatch):
    from index import extract, workers
    real = extract.extract

    def crash_on_letter(path, **kw):
        if str(path).endswith(".md"):
            os._exit(3)
        return real(path, **kw)

    monkeypatch.setattr(workers, "extract", crash_on_letter)
    report = build(tmp_path / "ix", [library_copy], workers=2)
    assert [os.path.basename(s.path) for s in report.skipped] == ["un-letter-2025-04-01.md"]
    assert "crash" in report.skipped[0].reason and len(report.indexed) == 2


def test_cancel_keeps_whole_files_only(library_copy, tmp_path):
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 3

    report = build(tmp_path / "ix", [library_copy], cancel=cancel)
    assert report.cancelled
    records = file_records(tmp_path / "ix")
    for path, record in records.items():
        assert page_count(tmp_path / "ix", path) == record["pages"]
    report = build(tmp_path / "ix", [library_copy])
    assert len(report.indexed) + report.unchanged == 3 and not report.cancelled


def test_damaged_index_is_moved_aside_and_rebuilt(library_copy, tmp_path):
    index_dir = tmp_path / "ix"
    build(index_dir, [library_copy])
    for segment in index_dir.glob("*.seg"):
        segment.write_bytes(b"\0garbage" * 100)
    with pytest.raises(IndexDamaged) as info:
        search(index_dir, "tuberculosis")
    assert "damaged" in str(info.value) and "ibid index update" in str(info.value)
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("ix.damaged-")]
    assert len(aside) == 1
    report = build(index_dir, [library_copy])
    assert len(report.indexed) == 3
    assert search(index_dir, "tuberculosis")


def test_damaged_toc_is_detected_by_build(library_copy, tmp_path):
    index_dir = tmp_path / "ix"
    build(index_dir, [library_copy])
    for toc in index_dir.glob("*.toc"):
        toc.write_bytes(toc.read_bytes()[:40])
    report = build(index_dir, [library_copy])
    assert report.messages and "moved to ix.damaged-" in report.messages[0]
    assert len(report.indexed) == 3 and search(index_dir, "tuberculosis")


def test_index_of_another_version_is_rebuilt(library_copy, tmp_path):
    index_dir = tmp_path / "ix"
    build(index_dir, [library_copy])
    (index_dir / store.VERSION_FILE).write_text("0", encoding="ascii")
    report = build(index_dir, [library_copy])
    assert "another version" in report.messages[0] and len(report.indexed) == 3


def test_busy_index_gives_a_clear_error(library_copy, tmp_path):
    index_dir = tmp_path / "ix"
    build(index_dir, [library_copy / "un_A_RES_78_5.pdf"])
    with store.locked(index_dir), pytest.raises(IndexBusy) as info:
        build(index_dir, [library_copy], wait=0.3)
    assert str(info.value) == "The library index is busy (another Ibid is indexing); try again in a moment."
    assert search(index_dir, "tuberculosis")        # readers need no lock
    assert len(build(index_dir, [library_copy]).indexed) == 2   # the lock was released


def test_missing_file_in_the_list_is_skipped(tmp_path, library_copy):
    missing = library_copy / "not-there.pdf"
    report = build(tmp_path / "ix", [missing, library_copy / "un_A_RES_78_5.pdf"])
    assert [s.path for s in report.skipped] == [str(missing)]


def test_index_never_goes_beside_the_documents(library_copy, tmp_path):
    before = sorted(p.name for p in library_copy.iterdir())
    build(tmp_path / "ix", [library_copy])
    assert sorted(p.name for p in library_copy.iterdir()) == before
    shutil.rmtree(tmp_path / "ix")


def test_pipes_and_devices_in_a_library_folder_are_skipped_and_release_the_lock(library_copy, tmp_path):
    """``mkfifo LIB/pipe.md; ibid index add LIB`` never returned and held the write lock; a
    /dev/zero link named .txt hashed forever. (A child with a timeout: no hang here.)"""
    os.mkfifo(library_copy / "pipe.md")
    (library_copy / "zero.txt").symlink_to("/dev/zero")
    base = tmp_path / "base"
    added = subprocess.run([sys.executable, "-m", "reader", "index", "add", str(library_copy), "--basedir", str(base),
                            "--json"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    report = json.loads(added.stdout)
    assert {os.path.basename(s["path"]): s["reason"] for s in report["skipped"]} == {
        "pipe.md": "pipe.md cannot be read: it is a named pipe (FIFO), not a document.",
        "zero.txt": "zero.txt cannot be read: it is a device, not a document."}
    assert len(report["indexed"]) == 3
    with store.locked(base / "data" / "index", wait=0):   # the lock is free again
        pass

