"""The zoom mode (fit width, fit page, a fixed %) survives Back/Forward and a restart."""
from __future__ import annotations

from reader.core.paths import Paths
from reader.gui.pageview import GAP


def _fits_width(view) -> bool:
    return abs(view.page_rect(view.current_page()).width() - (view.viewport().width() - 2 * GAP)) < 3


def test_back_returns_to_fit_width_that_follows_the_window(open_doc, qtbot, data_file):
    window = open_doc(data_file("un_A_RES_78_5.pdf"))
    view = window.page_view
    window.fit_width_action.trigger()
    view.go_to_page(5, record=True)            # a jump, as a link or the page box makes
    window.zoom_in_action.trigger()             # a fixed zoom at the place jumped to
    assert view.fit_mode() == "none"
    fixed = view.zoom()
    window.back_action.trigger()
    assert view.current_page() == 0
    assert view.fit_mode() == "width" and window.zoom_box.currentText() == "Fit width"
    assert _fits_width(view)
    window.resize(window.width() - 250, window.height())
    qtbot.waitUntil(lambda: _fits_width(view))     # the page width follows the window
    window.forward_action.trigger()
    assert view.current_page() == 5
    assert view.fit_mode() == "none" and abs(view.zoom() - fixed) < 1e-3


def test_fit_width_is_saved_as_fit_width_not_as_a_percentage(tmp_path, start_window, data_file):
    pdf = data_file("un_A_RES_78_5.pdf")
    paths = Paths.under(tmp_path / "ibid")
    first = start_window(paths, pdf)
    first.fit_width_action.trigger()
    first.page_view.go_to_page(3)
    first.close()
    second = start_window(paths, pdf, size=(800, 700))   # another window size: another zoom, still fit width
    view = second.page_view
    assert view.current_page() == 3
    assert view.fit_mode() == "width" and _fits_width(view)
    second.page_view.set_zoom(1.5)              # and a fixed zoom stays that zoom
    second.close()
    third = start_window(paths, pdf, size=None)
    assert third.page_view.fit_mode() == "none" and abs(third.page_view.zoom() - 1.5) < 1e-3
    third.close()
