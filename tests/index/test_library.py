"""The library: its folders (owned by index/), discovery, and the resolver the citations module uses."""
from __future__ import annotations

import json

import pytest

from index.folders import FoldersDamaged
from index.library import Library, discover
from reader.core.citations.model import LocalDocument, Resolver
from reader.core.errors import ReaderError
from reader.core.paths import Paths
from reader.core.settings import Settings


@pytest.fixture
def library(tmp_path, library_copy):
    lib = Library(Paths.under(tmp_path / "base"))
    lib.add_folder(library_copy)
    lib.update()
    return lib


def test_folders_are_kept_beside_the_index_not_in_the_settings(tmp_path, library_copy):
    paths = Paths.under(tmp_path / "base")
    Library(paths).add_folder(library_copy)
    assert Library(paths).folders == [library_copy]
    assert json.loads(paths.library_file.read_text(encoding="utf-8")) == {"folders": [str(library_copy)]}
    assert not paths.settings_file.exists()
    assert Library(paths).remove_folder(library_copy) is True
    assert Library(paths).folders == [] and Library(paths).remove_folder(library_copy) is False
    with pytest.raises(ReaderError, match="is not a folder"):
        Library(paths).add_folder(tmp_path / "missing")


def test_a_window_saving_its_settings_keeps_a_folder_added_meanwhile(tmp_path, library_copy):
    paths = Paths.under(tmp_path / "base")
    window_settings = Settings.load(paths.settings_file)   # the window starts
    Library(paths).add_folder(library_copy)                # its child: ibid index add
    window_settings.zoom = 1.5
    window_settings.save(paths.settings_file)              # the window quits
    assert Library(paths).folders == [library_copy]
    assert Settings.load(paths.settings_file).zoom == 1.5


def test_the_folder_list_of_older_settings_moves_once(tmp_path, library_copy):
    paths = Paths.under(tmp_path / "base")
    paths.config.mkdir(parents=True)
    paths.settings_file.write_text(f'zoom = 1.25\nlibrary_folders = ["{library_copy}"]\n', encoding="utf-8")
    assert Library(paths).folders == [library_copy]
    assert paths.library_file.is_file()
    assert Library(paths).remove_folder(library_copy) is True
    assert Library(paths).folders == []       # the old key is not read again
    assert Settings.load(paths.settings_file).zoom == 1.25


def test_a_damaged_folder_list_stops_updates_instead_of_emptying_the_index(library, library_copy):
    library.paths.library_file.write_bytes(b'{"folders": ["\xff')
    with pytest.raises(FoldersDamaged, match="library.json"):
        library.update()
    assert library.search("tuberculosis")     # every document still indexed


def test_discover_finds_supported_files_only(tmp_path):
    for name in ("a.pdf", "b.MD", "c.epub", "notes.txt", "d.docx", "e.png", ".hidden.pdf",
                 ".git/x.pdf", "sub/deeper/f.html"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    assert [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])] == [
        "a.pdf", "b.MD", "c.epub", "notes.txt", "sub/deeper/f.html"]


def test_resolve_finds_a_document_by_its_own_symbol(library, library_copy):
    assert isinstance(library, Resolver)
    found = library.resolve("a/80/l.23")
    assert found == LocalDocument(str(library_copy / "un_A_80_L.23.pdf"), None)
    assert library.resolve("A/RES/78/5") == LocalDocument(str(library_copy / "un_A_RES_78_5.pdf"), None)
    assert library.resolve("S/RES/853 (1993)") is None


def test_resolve_opens_at_the_page_of_a_numbered_paragraph(library, library_copy):
    resolution = str(library_copy / "un_A_RES_78_5.pdf")
    assert library.resolve("A/RES/78/5", paragraph=12) == LocalDocument(resolution, 2)   # "12. Recognize …", p. 3
    assert library.resolve("A/RES/78/5", paragraph=20) == LocalDocument(resolution, 4)
    assert library.resolve("A/RES/78/5", paragraph=900) == LocalDocument(resolution, None)


def test_status_counts_documents_and_pending_changes(library, library_copy):
    status = library.status()
    assert status["documents"] == 3 and status["pending"] == 0 and status["size_bytes"] > 0
    (library_copy / "un_A_RES_78_5.pdf").unlink()
    assert library.status()["pending"] == 1
    assert library.update().removed == [str(library_copy / "un_A_RES_78_5.pdf")]


def test_cited_by_normalises_the_symbol(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "letter.md").write_text(
        "# A letter\n\nThe Council acted.<sup>1</sup>\n\n---\n\n"
        "<sup>1</sup> Security Council resolution S/RES/853 (1993), para. 3.\n", encoding="utf-8")
    lib = Library(Paths.under(tmp_path / "base"))
    lib.add_folder(docs)
    lib.update()
    for spelling in ("S/RES/853(1993)", "S/RES/853 (1993)", "s/res/853(1993)"):
        assert [c.path for c in lib.cited_by(spelling)] == [str(docs / "letter.md")]
    assert lib.search("cites:S/RES/853(1993)")[0].path == str(docs / "letter.md")
    assert lib.search('cites:"S/RES/853 (1993)" council')
    letter = docs / "letter.md"
    letter.write_text(letter.read_text(encoding="utf-8") + "\nSee also S/RES/853 (1993) again.\n", encoding="utf-8")
    assert lib.update().indexed == [str(letter)]
    [citing] = lib.cited_by("S/RES/853(1993)")      # the old pages left with the old version
    assert citing.path == str(letter) and len(citing.pages) == len(set(citing.pages)) >= 1


def test_a_dangling_link_is_not_pending_for_ever(library, library_copy):
    """Issue 21, "Also": every update skips a link to nothing, so status must not count it as to do."""
    (library_copy / "gone.pdf").symlink_to(library_copy / "moved-away.pdf")
    report = library.update()
    assert [s.path for s in report.skipped] == [str(library_copy / "gone.pdf")]
    assert library.status()["pending"] == 0
