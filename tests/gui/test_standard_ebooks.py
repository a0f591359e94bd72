"""Issue 19, defect 10: a Standard Ebooks EPUB was flagged "damaged or refers to parts it
lacks" (MuPDF rejected its stylesheets' "[epub|type~=…]" selectors) and its note markers sat
on the line. It opens without a warning, markers raised, every note in the Notes panel."""
from __future__ import annotations


def test_a_standard_ebooks_epub_opens_without_a_warning_and_its_notes_fill_the_panel(open_doc, data_file, qtbot):
    window = open_doc(data_file("se-wollstonecraft-excerpt.epub"))
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    assert window.warning_label.text() == "" and "damaged" not in window.warning_label.toolTip()
    notes = window.notes_panel.entries()
    assert [n.label for n in notes] == ["1", "2", "3", "32"]
    one = notes[0]
    marker = one.refs[0]
    line = [w for w in window.document.page(marker.page).words()
            if w[1] < marker.rect[3] and marker.rect[1] < w[3] and w[4].startswith("over,")]
    assert line and marker.rect[1] < line[0][1]          # the marker stands above the words of its line
