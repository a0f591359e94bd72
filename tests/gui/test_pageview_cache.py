"""The page view's render cache is bounded, and a page dropped from it is drawn again, the same."""
from __future__ import annotations

from reader.gui.pageview import CACHE_SCREENS


def test_scrolling_through_keeps_few_pages_and_draws_them_the_same_on_the_way_back(open_doc, qtbot, data_file):
    window = open_doc(data_file("un_A_80_L.23.pdf"))
    view = window.page_view
    view.set_zoom(2.0)      # big pages: the cache's bound is reached within this 19-page document
    view.go_to_page(0)
    qtbot.waitUntil(view.all_visible_rendered, timeout=10000)
    before = view.viewport().grab().toImage()
    held = []
    for page in range(view.page_count()):
        view.go_to_page(page)
        qtbot.waitUntil(view.all_visible_rendered, timeout=10000)
        held.append(view.cache_size())
    page, screen = view.page_rect(0), view.viewport().rect()
    # The pages in view (at most 2 at this zoom), plus CACHE_SCREENS screenfuls of pixels.
    allowed = 2 + CACHE_SCREENS * screen.width() * screen.height() / (page.width() * page.height())
    assert max(held) <= allowed < view.page_count() - 2
    view.go_to_page(0)
    qtbot.waitUntil(view.all_visible_rendered, timeout=10000)
    assert view.viewport().grab().toImage() == before
