"""The Library's filter: organs and years read from UN symbols, and what a filter lets through."""
from __future__ import annotations

import pytest

from reader.core.catalogue import CatalogueEntry
from reader.core.facets import LibraryFilter, facets, organ_of, year_of


@pytest.mark.parametrize(("symbol", "organ", "year"), [
    ("A/RES/78/5", "General Assembly (GA)", 2023),            # the 78th session opened in 2023
    ("A/C.3/80/L.3", "General Assembly (GA)", 2025),          # a Main Committee's draft
    ("A/HRC/43/5", "Human Rights Council (HRC)", None),       # HRC sessions are not years
    ("S/2023/960", "Security Council (SC)", 2023),
    ("S/RES/2000 (2011)", "Security Council (SC)", 2011),     # the year printed, not the number
    ("S/RES/1973", "Security Council (SC)", None),            # resolution 1973, of 2011
    ("E/2023/10", "Economic and Social Council (ECOSOC)", 2023),
    ("ST/SGB/2019/8", "Secretariat (ST)", 2019),
    ("UNW/2020/1", "UNW", 2020),                               # another series: its first part
    ("", "", None),
])
def test_organ_and_year_of_a_symbol(symbol, organ, year):
    assert (organ_of(symbol), year_of(symbol)) == (organ, year)


def _entry(title, symbol, *paths):
    return CatalogueEntry(title, symbol, 3, tuple(paths))


ENTRIES = [_entry("Political declaration on tuberculosis", "A/RES/78/5", "/lib/un/78_5.pdf"),
           _entry("Natural disasters", "A/80/L.23", "/lib/un/L23.pdf", "/lib/mail/L23 (1).pdf"),
           _entry("Ukraine", "S/2023/960", "/lib/mail/s-2023-960.pdf"),
           _entry("A thesis", "", "/lib/theses/thesis.pdf")]


@pytest.mark.parametrize(("wanted", "titles"), [
    (LibraryFilter(), ["Political declaration on tuberculosis", "Natural disasters", "Ukraine", "A thesis"]),
    (LibraryFilter(text="a/res/78"), ["Political declaration on tuberculosis"]),
    (LibraryFilter(text="Tuberculosis declaration"), ["Political declaration on tuberculosis"]),   # words, any order
    (LibraryFilter(text="thesis.pdf"), ["A thesis"]),                                             # a file name
    (LibraryFilter(organ="Security Council (SC)"), ["Ukraine"]),
    (LibraryFilter(organ="General Assembly (GA)", year=2025), ["Natural disasters"]),
    (LibraryFilter(folder="/lib/mail"), ["Natural disasters", "Ukraine"]),                        # any copy
    (LibraryFilter(folder="/lib/ma"), []),                                                         # a folder, not a prefix
])
def test_a_filter_lets_through_what_it_names(wanted, titles):
    assert [e.title for e in ENTRIES if wanted.matches(e)] == titles


def test_the_choices_are_the_organs_and_years_the_library_holds():
    assert facets(ENTRIES) == (["General Assembly (GA)", "Security Council (SC)"], [2025, 2023])
