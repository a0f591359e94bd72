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


def render(items: list[dict]) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # citeproc-py warns about CSL keys it does not use
        style = CitationStylesStyle(str(STYLE), validate=False)
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
                          "URL": "https://undocs.org/A/RES/73/3", "note": "Cited in note 1"}
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
