"""The library list: documents by title and symbol, copies merged, read from a real index."""
from __future__ import annotations

import shutil

import pymupdf

from index import build
from index.catalogue import load
from index.schema import SCHEMA_VERSION
from index.store import VERSION_FILE
from reader.core.catalogue import catalogue


def test_documents_are_listed_by_title_and_symbol_sorted(indexed_library):
    folder, index_dir = indexed_library
    entries = load(index_dir)
    assert [(e.title, e.symbol) for e in entries] == [
        ("International cooperation on humanitarian assistance in the field of natural disasters, "
         "from relief to development", "A/80/L.23"),
        # A Markdown letter, all in one size and with no symbol line: its bold heading.
        ("Letter dated 1 April 2025 from the Permanent Representative of Azerbaijan to the United Nations "
         "addressed to the Secretary-General", ""),
        ("Political declaration of the high-level meeting on the fight against tuberculosis", "A/RES/78/5"),
    ]
    assert [entries[0].pages, entries[2].pages] == [19, 15]
    assert entries[2].paths == (str(folder / "un_A_RES_78_5.pdf"),) and entries[2].names == "un_A_RES_78_5.pdf"


def test_a_copy_in_another_folder_is_one_entry_listing_both_paths(tmp_path, data_file):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    shutil.copyfile(data_file("un_A_RES_78_5.pdf"), one / "un_A_RES_78_5.pdf")
    shutil.copyfile(data_file("un_A_RES_78_5.pdf"), two / "resolution 78-5.pdf")       # same bytes
    resaved = pymupdf.open(data_file("un_A_RES_78_5.pdf"))                             # same symbol and
    resaved.save(two / "downloaded-again.pdf", garbage=3, deflate=True)                # pages, other bytes
    shutil.copyfile(data_file("un_A_80_L.23.pdf"), two / "un_A_80_L.23.pdf")
    assert not build(tmp_path / "index", [one, two]).skipped
    entries = load(tmp_path / "index")
    assert [e.symbol for e in entries] == ["A/80/L.23", "A/RES/78/5"]
    assert entries[1].paths == (str(one / "un_A_RES_78_5.pdf"), str(two / "downloaded-again.pdf"),
                                str(two / "resolution 78-5.pdf"))
    assert entries[1].names == "un_A_RES_78_5.pdf (3 copies)"


def test_an_index_of_the_previous_version_is_rebuilt_with_titles(tmp_path, library_copy):
    index_dir = tmp_path / "index"
    build(index_dir, [library_copy])
    (index_dir / VERSION_FILE).write_text(str(SCHEMA_VERSION - 1), encoding="ascii")
    report = build(index_dir, [library_copy])
    assert len(report.indexed) == 3 and any("another version" in m for m in report.messages)
    assert "Political declaration of the high-level meeting on the fight against tuberculosis" in {
        e.title for e in load(index_dir)}


def test_natural_order_and_skipped_files():
    records = [{"path": "/l/r10.pdf", "title": "Resolution 10", "hash": "b", "pages": 2},
               {"path": "/l/r9.pdf", "title": "Resolution 9", "hash": "a", "pages": 2},
               {"path": "/l/the.pdf", "title": "The Resolution 1", "hash": "c", "pages": 1},
               {"path": "/l/bad.pdf", "title": "bad", "hash": "d", "pages": 0, "error": "damaged"}]
    assert [e.title for e in catalogue(records)] == ["The Resolution 1", "Resolution 9", "Resolution 10"]


def test_language_versions_under_one_symbol_stay_two_entries():
    """The UN issues every language version under one symbol, often with the same page count."""
    records = [{"path": "/l/en.pdf", "title": "Political declaration on tuberculosis", "hash": "e",
                "symbol": "A/RES/78/5", "pages": 15},
               {"path": "/l/fr.pdf", "title": "Déclaration politique sur la tuberculose", "hash": "f",
                "symbol": "A/RES/78/5", "pages": 15},
               {"path": "/l/en-again.pdf", "title": "Political  declaration on Tuberculosis", "hash": "g",
                "symbol": "A/RES/78/5", "pages": 15}]
    entries = catalogue(records)
    assert sorted(len(e.paths) for e in entries) == [1, 2]
    assert {p for e in entries if len(e.paths) == 2 for p in e.paths} == {"/l/en.pdf", "/l/en-again.pdf"}


def test_no_index_yet_lists_nothing(tmp_path):
    assert load(tmp_path / "no-index") == []
