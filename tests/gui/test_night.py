"""Night mode: pages light on dark, search hits still visible, remembered across runs."""
from __future__ import annotations

from PySide6.QtCore import QRectF

from reader.core.find import search_rects
from reader.core.paths import Paths


def _mean_lightness(view, rect: QRectF) -> float:
    """Mean lightness (0..1) of what the view draws in *rect* (viewport coordinates)."""
    image = view.viewport().grab(rect.toAlignedRect()).toImage()
    step = max(1, min(image.width(), image.height()) // 60)
    values = [image.pixelColor(x, y).lightnessF() for y in range(0, image.height(), step)
              for x in range(0, image.width(), step)]
    return sum(values) / len(values)


def _mean_rgb(view, rect: QRectF) -> tuple[float, float, float]:
    image = view.viewport().grab(rect.toAlignedRect()).toImage()
    colours = [image.pixelColor(x, y) for y in range(image.height()) for x in range(image.width())]
    return tuple(sum(getattr(c, k)() for c in colours) / len(colours) for k in ("red", "green", "blue"))


def test_night_mode_darkens_pages_keeps_hits_visible_and_is_remembered(qtbot, tmp_path, start_window, data_file):
    pdf = data_file("un_A_RES_78_5.pdf")
    paths = Paths.under(tmp_path / "ibid")
    window = start_window(paths, pdf)
    view = window.page_view
    qtbot.waitUntil(view.all_visible_rendered)
    page = view.page_rect(0).intersected(QRectF(view.viewport().rect()))
    day = _mean_lightness(view, page)
    assert day > 0.85
    assert window.night_action in window.view_menu.actions()
    window.night_action.trigger()
    qtbot.waitUntil(view.all_visible_rendered)
    night = _mean_lightness(view, page)
    assert night < 0.25, f"page lightness {night:.2f} in night mode"

    # A search hit stands out on the dark page.
    rects = search_rects(window.document.pdf, 0, ["tuberculosis"])
    assert rects
    hit = view.to_view(0, rects[0])
    plain = _mean_rgb(view, hit)
    view.set_hits({0: rects}, (0, rects[0]))
    marked = _mean_rgb(view, hit)
    assert sum(abs(a - b) for a, b in zip(marked, plain, strict=True)) > 120   # a clear change of colour
    assert marked[0] > marked[2] + 60           # to the hit colour (orange), not to another grey

    window.close()                              # remembered for the next run
    again = start_window(paths, size=None)
    assert again.night_action.isChecked() and again.page_view.night()
    with qtbot.waitSignal(again.document_opened, timeout=30000):
        again.open_document(pdf)
    qtbot.waitUntil(again.page_view.all_visible_rendered)
    page = again.page_view.page_rect(again.page_view.current_page()).intersected(
        QRectF(again.page_view.viewport().rect()))
    assert _mean_lightness(again.page_view, page) < 0.25
    again.night_action.trigger()                 # and back to pages as printed
    qtbot.waitUntil(again.page_view.all_visible_rendered)
    assert _mean_lightness(again.page_view, page) > 0.85
    again.close()
