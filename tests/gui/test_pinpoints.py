"""Issue 19, defect 18: a citation pinned to a page ("A/RES/78/5, p. 2") opened the
library's copy at page 1. The symbol, an "Ibid., p. 4" and a "supra note 1, p. 3" after
it must open A/RES/78/5 at the page they name; Back returns to the citing memo."""
from __future__ import annotations

from gui_helpers import hover_marker, point_at
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

MEMO = ("# Memo\n\nThe declaration.<sup>1</sup> Its follow-up.<sup>2</sup> A report.<sup>3</sup> "
        "Its preamble.<sup>4</sup>\n\n---\n\n"
        "<sup>1</sup> General Assembly resolution A/RES/78/5, p. 2.\n\n"
        "<sup>2</sup> Ibid., p. 4.\n\n"
        "<sup>3</sup> See the report of the Secretary-General on the follow-up.\n\n"
        "<sup>4</sup> See supra note 1, p. 3.\n")


def _click_citation(window, qtbot, entry, text: str) -> None:
    hover_marker(window, qtbot, entry)
    body = window.footnote_popup.body
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        QTest.mouseClick(body.viewport(), Qt.MouseButton.LeftButton, pos=point_at(body, text))


def test_a_page_pinpoint_opens_the_library_copy_at_that_page(main_window, qtbot, tmp_path, data_file):
    window = main_window
    library = tmp_path / "library"
    library.mkdir()
    (library / "un_A_RES_78_5.pdf").write_bytes(data_file("un_A_RES_78_5.pdf").read_bytes())
    memo = library / "memo.md"
    memo.write_text(MEMO, encoding="utf-8")
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000):
        window.library.add_folder(library)
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_document(memo)
    for label, text, page in (("1", "A/RES/78/5, p. 2", 1), ("2", "Ibid., p. 4", 3), ("4", "supra note 1, p. 3", 2)):
        qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
        notes = {e.label: e for e in window.footnotes.entries}
        _click_citation(window, qtbot, notes[label], text)
        assert window.document.path.name == "un_A_RES_78_5.pdf", text
        qtbot.waitUntil(lambda p=page: window.page_view.current_page() == p, timeout=5000)
        with qtbot.waitSignal(window.document_opened, timeout=30000):
            window.back_action.trigger()                         # Back to the memo
        assert window.document.path == memo
