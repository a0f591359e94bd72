"""Every panel and popup reads well in a dark desktop theme as in a light one.

The contrast is measured on the pixels the widget actually draws (WCAG's ratio between
its text and its background), so a colour fixed in a stylesheet cannot hide.
"""
from __future__ import annotations

from collections import Counter

import pymupdf
import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from reader.gui import theme


def _luminance(rgb: int) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def drawn_contrast(widget, rect: QRect | None = None) -> tuple[float, float]:
    """(contrast ratio of the drawn text to the background, background luminance), over the
    whole widget or *rect* of it."""
    top = widget.window()   # as drawn in its window, over whatever is behind it
    rect = rect or QRect(QPoint(0, 0), widget.size())
    image = top.grab(QRect(widget.mapTo(top, rect.topLeft()), rect.size())).toImage()
    pixels = Counter(image.pixel(x, y) & 0xFFFFFF for y in range(0, image.height(), 1)
                     for x in range(0, image.width(), 1))
    background = _luminance(pixels.most_common(1)[0][0])
    text = max((_luminance(p) for p in pixels), key=lambda lum: abs(lum - background))
    hi, lo = max(text, background), min(text, background)
    return (hi + 0.05) / (lo + 0.05), background


@pytest.fixture(params=["dark", "light"])
def themed(request):
    """The application in a dark (or light) palette, as a desktop theme would set it."""
    app = QApplication.instance()
    palette, style = QPalette(app.palette()), app.style().name()
    theme.apply_theme(app, request.param)
    yield request.param
    if app.style().name() != style:
        app.setStyle(style)
    app.setPalette(palette)


def _check(widget, dark: bool) -> None:
    ratio, background = drawn_contrast(widget)
    assert ratio >= 4.5, f"{widget.accessibleName() or widget.objectName()}: contrast {ratio:.1f}"
    assert (background < 0.2) == dark, f"{type(widget).__name__}: background luminance {background:.2f}"


def test_panels_and_popup_contrast_in_light_and_dark_themes(themed, main_window, qtbot, seed, tmp_path):
    window, dark = main_window, themed == "dark"
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_document(seed)
    qtbot.waitUntil(lambda: not window.busy() and bool(window.footnotes.entries), timeout=60000)
    panel = window.notes_panel
    panel.all_box.setChecked(True)
    cards = panel._cards()
    assert len(cards) == 8
    for card in cards[:3]:
        _check(card, dark)
    panel.select(cards[1].entry)                 # the selected card too
    _check(panel._cards()[1], dark)
    _check(panel.list.viewport(), dark)          # the list behind the cards

    window.footnote_popup.show_note(cards[2].entry, window.mapToGlobal(QPoint(300, 300)))
    _check(window.footnote_popup, dark)
    window.footnote_popup.hide()

    search = window.search_panel                 # the library panel: its hint, then real results
    window.search_dock.raise_()
    _check(search.status, dark)
    library = tmp_path / "library"
    library.mkdir()
    (library / seed.name).write_bytes(seed.read_bytes())
    with qtbot.waitSignal(window.library.indexing_finished, timeout=90000):
        window.library.add_folder(library)
    search.search("briefing")
    qtbot.waitUntil(lambda: search.result_count() > 0, timeout=10000)
    top = search.results.topLevelItem(0)
    snippet = search.results.itemWidget(top.child(0), 0)
    assert "briefing" in snippet.text()
    _check(snippet, dark)


def test_notes_follow_a_switch_to_dark_while_open(main_window, qtbot, seed):
    window = main_window
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_document(seed)
    qtbot.waitUntil(lambda: not window.busy() and bool(window.footnotes.entries), timeout=60000)
    window.notes_panel.all_box.setChecked(True)
    app = QApplication.instance()
    palette = QPalette(app.palette())
    try:
        app.setPalette(theme.dark_palette())    # the desktop switched to dark meanwhile
        qtbot.waitUntil(lambda: drawn_contrast(window.notes_panel._cards()[0])[1] < 0.2)
        _check(window.notes_panel._cards()[0], True)
        window.footnote_popup.show_note(window.footnotes.entries[1], window.mapToGlobal(QPoint(300, 300)))
        _check(window.footnote_popup, True)
        window.footnote_popup.hide()
        window._add_warning("Page 3 is damaged and only partly shown.")   # the status bar's warning
        _check(window.warning_label, True)
    finally:
        app.setPalette(palette)


def _page_link_contrast(label) -> tuple[float, float]:
    """drawn_contrast of the "p. N" that starts a search result (the link-coloured part): the
    left of the label's first drawn line, as wide as that text."""
    page = label.text().split("</span>")[0].rsplit(">", 1)[1]
    top = label.window()
    image = top.grab(QRect(label.mapTo(top, QPoint(0, 0)), label.size())).toImage()
    background = Counter(image.pixel(x, y) & 0xFFFFFF for y in range(image.height())
                         for x in range(image.width())).most_common(1)[0][0]
    first = next(y for y in range(image.height())
                 if any(image.pixel(x, y) & 0xFFFFFF != background for x in range(image.width())))
    width = label.fontMetrics().horizontalAdvance(page) + label.contentsMargins().left() + label.margin() + 4
    return drawn_contrast(label, QRect(0, first, width, label.fontMetrics().height()))


def _draws(widget, colour: str) -> bool:
    """Whether *colour* (the palette's, e.g. its link colour) is among the drawn pixels."""
    top = widget.window()
    image = top.grab(QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())).toImage()
    wanted = QColor(colour).rgb() & 0xFFFFFF
    return any(image.pixel(x, y) & 0xFFFFFF == wanted for y in range(image.height()) for x in range(image.width()))


def test_search_and_library_panels_follow_a_switch_to_dark(main_window, qtbot, data_file, tmp_path):
    """Results, the "cited by" link and the Library tab's notes on screen when the desktop
    switches from light to dark take the dark colours (they kept the light ones)."""
    app = QApplication.instance()
    palette, style = QPalette(app.palette()), app.style().name()
    try:
        theme.apply_theme(app, "light")
        window, search = main_window, main_window.search_panel
        library = tmp_path / "library"
        library.mkdir()
        memo = pymupdf.open()                            # a memo citing the resolution opened below
        memo.new_page().insert_text((72, 72), "Recalling resolution A/RES/78/5 on tuberculosis.")
        memo.save(library / "memo.pdf")
        with qtbot.waitSignal(window.library.indexing_finished, timeout=90000):
            window.library.add_folder(library)
        with qtbot.waitSignal(window.document_opened, timeout=30000):
            window.open_document(data_file("un_A_RES_78_5.pdf"))
        window.search_dock.raise_()
        qtbot.waitUntil(search.cited_by.isVisible, timeout=20000)
        assert "show where" in search.cited_by.text()
        search.search("tuberculosis")
        qtbot.waitUntil(lambda: search.result_count() > 0, timeout=10000)
        snippet = lambda: search.results.itemWidget(search.results.topLevelItem(0).child(0), 0)  # noqa: E731
        ratio, background = _page_link_contrast(snippet())
        assert ratio >= 4.5 and background > 0.2, (ratio, background)

        theme.apply_theme(app, "dark")                  # switched while all this is on screen
        qtbot.waitUntil(lambda: drawn_contrast(snippet())[1] < 0.2)
        ratio, background = _page_link_contrast(snippet())
        assert ratio >= 4.5, f"the page link on the dark list: contrast {ratio:.1f}"
        _check(snippet(), True)
        link = app.palette().color(QPalette.ColorRole.Link).name()
        assert _draws(search.cited_by, link), "the cited-by link keeps the light theme's colour"
        window.library_dock.raise_()
        qtbot.waitUntil(window.folders_panel.note.isVisible)
        _check(window.folders_panel.note, True)          # muted text, mixed from the dark palette
        _check(window.document_list.status, True)
    finally:
        if app.style().name() != style:
            app.setStyle(style)
        app.setPalette(palette)


def test_the_back_and_forward_arrows_follow_a_switch_to_dark(main_window):
    """The toolbar's arrows are drawn, in the palette's button text: readable on the toolbar
    in the light palette and after a live switch to dark."""
    app = QApplication.instance()
    palette = QPalette(app.palette())

    def contrast(action) -> float:   # the arrow's strokes against the toolbar's background
        image = action.icon().pixmap(24, QIcon.Mode.Normal).toImage()
        strokes = [image.pixel(x, y) & 0xFFFFFF for y in range(image.height()) for x in range(image.width())
                   if image.pixelColor(x, y).alpha() > 200]
        background = _luminance(main_window.palette().color(QPalette.ColorRole.Window).rgb() & 0xFFFFFF)
        arrow = max((_luminance(p) for p in strokes), key=lambda lum: abs(lum - background))
        return (max(arrow, background) + 0.05) / (min(arrow, background) + 0.05)

    try:
        for palette_now in (palette, theme.dark_palette()):
            app.setPalette(palette_now)
            for action in (main_window.back_action, main_window.forward_action):
                assert contrast(action) >= 4.5, f"{action.text()}: contrast {contrast(action):.1f}"
    finally:
        app.setPalette(palette)


def test_the_note_picked_with_the_bracket_key_stays_readable(themed, main_window, qtbot, seed):
    """Issue 19, defect 2: the third `]` left the picked card near-black with black text in a
    light theme (its tint was mixed from the card's own palette, whose Base is transparent
    once the card is styled)."""
    from PySide6.QtCore import Qt

    from reader.gui.notespanel import NoteCard
    window, dark = main_window, themed == "dark"
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_document(seed)
    qtbot.waitUntil(lambda: not window.busy() and bool(window.footnotes.entries), timeout=60000)
    panel, view = window.notes_panel, window.page_view
    view.setFocus()

    def picked() -> list[NoteCard]:   # (cards of an earlier page range linger until deleted)
        return [card for card in panel.findChildren(NoteCard) if card.selected and card.isVisible()]
    for _ in range(3):                # as a reader presses it: each time the page and list drawn
        qtbot.keyClick(view, Qt.Key.Key_BracketRight)
        qtbot.waitUntil(view.all_visible_rendered)
        qtbot.waitUntil(lambda: [card.entry for card in picked()] == [panel.current()])
        qtbot.waitUntil(lambda: all(card.testAttribute(Qt.WidgetAttribute.WA_WState_Polished)
                                    for card in panel.findChildren(NoteCard) if card.isVisible()))
    _check(picked()[0], dark)
