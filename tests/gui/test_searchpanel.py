"""Library search in the real window: index the samples, query, open a hit at its page."""
from __future__ import annotations

from PySide6.QtCore import Qt

from reader.core.paths import samples_dir


def _index_samples(window, qtbot):
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000) as done:
        window.library.add_folder(samples_dir())
    assert done.args[0] == 0, done.args[1]


def test_search_opens_the_hit_at_its_page_highlighted(main_window, qtbot):
    window = main_window
    _index_samples(window, qtbot)
    panel = window.search_panel
    qtbot.keyClicks(panel.edit, '"Moscow Declaration to End TB"')
    qtbot.waitUntil(lambda: panel.result_count() > 0, timeout=10000)
    top = panel.results.topLevelItem(0)
    assert "78/5" in top.text(0) or "78_5" in top.text(0)
    hit_item = top.child(0)
    hit = hit_item.data(0, Qt.ItemDataRole.UserRole)
    assert hit.page == 2
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        panel.results.itemActivated.emit(hit_item, 0)
    assert window.page_view.current_page() == hit.page - 1
    highlighted = window.page_view._hits.get(hit.page - 1, [])
    assert highlighted, "the hit is not highlighted on the page"


def test_in_notes_finds_a_phrase_only_in_a_note(main_window, qtbot):
    window = main_window
    _index_samples(window, qtbot)
    panel = window.search_panel
    panel.notes_only.setChecked(True)
    panel.search('"biweekly press briefing"')
    qtbot.waitUntil(lambda: panel.result_count() > 0, timeout=10000)
    assert panel.results.topLevelItemCount() == 1
    assert "un-letter" in panel.results.topLevelItem(0).toolTip(0)


def test_stale_results_are_dropped(main_window, qtbot):
    window = main_window
    _index_samples(window, qtbot)
    panel = window.search_panel
    panel.search("tuberculosis")
    panel.search("Karabakh")            # typed on before the first answer came
    qtbot.waitUntil(lambda: panel.result_count() > 0, timeout=10000)
    titles = [panel.results.topLevelItem(i).toolTip(0) for i in range(panel.results.topLevelItemCount())]
    assert all("un-letter" in t for t in titles)


def test_cited_by_lists_documents_citing_the_open_one(main_window, qtbot, tmp_path, data_file):
    import pymupdf

    # A small memo that cites resolution 78/5, in a library folder with the resolution itself.
    library = tmp_path / "library"
    library.mkdir()
    (library / "un_A_RES_78_5.pdf").write_bytes(data_file("un_A_RES_78_5.pdf").read_bytes())
    memo = pymupdf.open()
    memo.new_page().insert_text((72, 72), "Memo on tuberculosis: see General Assembly resolution 78/5, para. 3.")
    memo.save(library / "memo.pdf")
    window = main_window
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000):
        window.library.add_folder(library)
    with qtbot.waitSignal(window.document_opened, timeout=10000):
        window.open_document(library / "un_A_RES_78_5.pdf")
    panel = window.search_panel
    qtbot.waitUntil(panel.cited_by.isVisible, timeout=10000)
    assert "A/RES/78/5" in panel.cited_by.text() and "show where" in panel.cited_by.text()
    panel.cited_by.linkActivated.emit("cites")
    qtbot.waitUntil(lambda: panel.result_count() > 0, timeout=10000)
    assert "memo.pdf" in panel.results.topLevelItem(0).toolTip(0)


def test_first_start_indexes_the_samples_then_only_checks(main_window, qtbot):
    from index.library import Library
    window = main_window
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000) as first:
        window.library.start_up()
    assert first.args[0] == 0
    assert str(samples_dir()) in [str(f) for f in Library(window.paths).folders]
    assert "Indexed 3 files" in first.args[1]
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000) as second:
        window.library.start_up()
    assert "0 removed" in second.args[1] and "3 unchanged" in second.args[1]


def test_indexing_shows_pages_of_a_long_file_and_can_be_cancelled(main_window, qtbot, tmp_path, data_file, errors):
    import pymupdf
    window = main_window
    panel = window.search_panel
    library = tmp_path / "library"
    library.mkdir()
    source = pymupdf.open(data_file("un_A_RES_78_5.pdf"))
    for n in range(3):
        long = pymupdf.open()
        for _ in range(30):
            long.insert_pdf(source)
        long.save(library / f"long-{n}.pdf")
    finished = []
    window.library.indexing_finished.connect(lambda code, text: finished.append(text))
    window.library.add_folder(library)
    qtbot.waitUntil(lambda: " · page " in panel.progress.format(), timeout=60000)
    assert panel.progress.format().endswith(" of 450")          # a narrow dock shortens the name,
    assert panel.progress.toolTip().startswith("long-")          # the tooltip has it whole
    assert panel.cancel_button.isVisible()
    panel.cancel_button.click()
    assert finished == ["cancelled"] and not panel.progress.isVisible()
    assert "cancelled" in window.statusBar().currentMessage()
    panel.search("tuberculosis")     # the index still opens and answers, without an error
    qtbot.wait(500)
    assert errors == []


def test_too_broad_wildcard_is_a_sentence_and_the_next_query_works(main_window, qtbot):
    window = main_window
    _index_samples(window, qtbot)
    panel = window.search_panel
    panel.search("?*")
    qtbot.waitUntil(lambda: "stands for more than" in panel.status.text(), timeout=10000)
    assert panel.result_count() == 0
    panel.search("NOT NOT tuberculosis")
    qtbot.waitUntil(lambda: "cannot read the query" in panel.status.text(), timeout=10000)
    panel.search("tuberculosis")
    qtbot.waitUntil(lambda: panel.result_count() > 0, timeout=10000)


def test_queries_typed_past_before_they_start_are_not_run(main_window, qtbot, monkeypatch):
    import threading

    from PySide6.QtCore import QRunnable

    window = main_window
    _index_samples(window, qtbot)
    panel = window.search_panel
    run, search = [], panel._library.search
    monkeypatch.setattr(panel._library, "search", lambda query, in_notes: run.append(query) or search(query, in_notes))
    gate = threading.Event()

    class Busy(QRunnable):          # the pool's one thread is busy with an earlier query
        def run(self):
            gate.wait(10)

    panel._pool.start(Busy())
    for query in ("t", "tu", "tub", "tuberculosis"):
        panel.search(query)
    gate.set()
    qtbot.waitUntil(lambda: panel.result_count() > 0, timeout=10000)
    panel._pool.waitForDone(5000)
    assert run == ["tuberculosis"]


def test_hit_in_a_file_whose_name_is_not_utf8_opens(main_window, qtbot, tmp_path, data_file):
    import os
    import shutil

    folder = tmp_path / "odd"
    folder.mkdir()
    name = os.path.join(os.fsencode(folder), b"r\xe9solution 78-5.pdf")   # Latin-1, not UTF-8
    shutil.copyfile(data_file("un_A_RES_78_5.pdf"), name)
    window = main_window
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000) as done:
        window.library.add_folder(folder)
    assert done.args[0] == 0, done.args[1]
    panel = window.search_panel
    panel.search('"Moscow Declaration to End TB"')
    qtbot.waitUntil(lambda: panel.result_count() > 0, timeout=10000)
    hit_item = panel.results.topLevelItem(0).child(0)
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        panel.results.itemActivated.emit(hit_item, 0)
    assert os.fsencode(window.document.path) == name
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    assert window.footnotes.entries, "the footnote analysis (a child process) did not find the file's notes"


def _library_of(window, qtbot, tmp_path, data_file, *names):
    library = tmp_path / "library"
    library.mkdir()
    for name in names:
        (library / name).write_bytes(data_file(name).read_bytes())
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000):
        window.library.add_folder(library)
    return library


def _open_first_hit(window, qtbot, query: str):
    """Type *query* in the search box, then press Enter on its first page hit."""
    panel = window.search_panel
    qtbot.keyClicks(panel.edit, query)
    qtbot.waitUntil(lambda: panel.result_count() > 0, timeout=10000)
    item = panel.results.topLevelItem(0).child(0)
    panel.results.setCurrentItem(item)
    panel.results.setFocus()
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    hit = item.data(0, Qt.ItemDataRole.UserRole)
    snippet = panel.results.itemWidget(item, 0).text()
    qtbot.waitUntil(lambda: bool(window.page_view.hits()))
    return hit, snippet


def _highlighted_words(window, page: int) -> list[str]:
    """The printed words under each highlight of *page* (punctuation around them dropped)."""
    words = window.document.pdf[page].get_text("words")
    out = []
    for x0, y0, x1, y1 in window.page_view.hits()[page]:
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        word = next(w[4] for w in words if w[0] <= cx <= w[2] and w[1] <= cy <= w[3])
        out.append(word.strip("()[],.;:"))
    return out


def test_a_symbol_query_highlights_the_symbol(main_window, qtbot, tmp_path, data_file):
    """Issue 19, defect 1: `A/RES/78/5` lit up every "a", "5" and "res" on the page."""
    window = main_window
    _library_of(window, qtbot, tmp_path, data_file, "un_A_RES_78_5.pdf")
    hit, snippet = _open_first_hit(window, qtbot, "A/RES/78/5")
    words = _highlighted_words(window, hit.page - 1)
    assert words and set(words) == {"A/RES/78/5"}, words
    assert "<b>A/RES/78/5</b>" in snippet and "<b>a</b>" not in snippet.lower()


def test_a_quoted_word_highlights_only_that_word(main_window, qtbot, tmp_path, data_file):
    """Issue 19, defect 4: `"disaster"` lit up "disasters" on the page (MuPDF finds substrings)."""
    window = main_window
    _library_of(window, qtbot, tmp_path, data_file, "un_A_80_L.23.pdf")
    hit, snippet = _open_first_hit(window, qtbot, '"disaster"')
    page = window.document.pdf[hit.page - 1]
    assert "disasters" in page.get_text().lower()        # the plural is printed on that page
    words = _highlighted_words(window, hit.page - 1)
    assert words and {w.lower() for w in words} == {"disaster"}, words
    assert "disasters</b>" not in snippet.lower()


def test_two_copies_of_a_document_are_one_result_as_in_the_library(main_window, qtbot, tmp_path, data_file):
    """Issue 19, defect 7: the search listed each copy of a document apart; the Library
    lists them as one document with two copies."""
    window = main_window
    library = tmp_path / "library"
    (library / "downloads").mkdir(parents=True)
    for target in (library / "un_A_RES_78_5.pdf", library / "downloads" / "A_RES_78_5 (1).pdf"):
        target.write_bytes(data_file("un_A_RES_78_5.pdf").read_bytes())
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000):
        window.library.add_folder(library)
    qtbot.waitUntil(lambda: len(window.document_list.entries()) == 1, timeout=10000)
    assert len(window.document_list.entries()[0].paths) == 2      # the Library: one document, two copies
    panel = window.search_panel
    qtbot.keyClicks(panel.edit, "tuberculosis")
    qtbot.waitUntil(lambda: panel.result_count() > 0, timeout=10000)
    assert panel.results.topLevelItemCount() == 1
    top = panel.results.topLevelItem(0)
    pages = [top.child(i).data(0, Qt.ItemDataRole.UserRole).page for i in range(top.childCount())]
    assert pages == sorted(set(pages)), pages                    # each page once


def test_search_says_which_documents_are_not_yet_analysed(main_window, qtbot, tmp_path, data_file):
    import shutil

    from index import build
    library = tmp_path / "library"
    library.mkdir()
    shutil.copyfile(data_file("un_A_RES_78_5.pdf"), library / "un_A_RES_78_5.pdf")
    panel = main_window.search_panel
    build(panel.index_dir, [library], analyse=False)   # the first pass alone: text, no notes yet
    panel.search("tuberculosis")
    qtbot.waitUntil(lambda: panel.result_count() > 0, timeout=10000)
    assert "1 document not yet analysed: in:notes and cites: may miss it." in panel.status.text()
