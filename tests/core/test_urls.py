"""find_urls: URLs printed in notes, rejoined across line wraps, without trailing punctuation."""
from __future__ import annotations

import pytest

from reader.core.citations.urls import find_urls, rejoin
from reader.core.document import Document
from reader.core.footnotes import analyze


def test_url_broken_after_a_hyphen_keeps_the_hyphen():
    text = "See https://www.who.int/news/item/17-01-2023-who-announces-a-tb-vaccine-\naccelerator-council. \n"
    assert find_urls(text) == ["https://www.who.int/news/item/17-01-2023-who-announces-a-tb-vaccine-accelerator-council"]


def test_url_broken_after_a_slash_is_rejoined():
    text = "(June 26, 1946), http://www.un.org/documents/sc/res/1946/\nscres46.htm.\n33. H.R. 5005."
    assert find_urls(text) == ["http://www.un.org/documents/sc/res/1946/scres46.htm"]


def test_angle_brackets_and_trailing_punctuation_are_dropped():
    text = "from the source (<https://media.un.org/en/asset/k1g/k1gvc8zwrdr>). Also https://caliber.az/en/post/207092/."
    assert find_urls(text) == ["https://media.un.org/en/asset/k1g/k1gvc8zwrdr", "https://caliber.az/en/post/207092/"]


def test_balanced_parenthesis_stays_in_the_url():
    assert find_urls("(see https://en.wikipedia.org/wiki/Foo_(bar)).") == ["https://en.wikipedia.org/wiki/Foo_(bar)"]


def test_line_break_before_an_ordinary_word_ends_the_url():
    assert find_urls("at https://example.org/report\nand the annex") == ["https://example.org/report"]


def test_text_without_urls():
    assert find_urls("Resolution 69/283, annex I. Ibid., vol. 976, No. 14152.") == []


def test_urls_broken_anywhere_as_latex_xurl_breaks_them():
    """xurl breaks a URL at any character and stretches the glue inside it."""
    assert find_urls("see https://www.un.org/en/ga/search/view_doc.a\nsp?symbol=A/63/905 (accessed 7 July)") == \
        ["https://www.un.org/en/ga/search/view_doc.asp?symbol=A/63/905"]
    assert find_urls("See also https:\n//press.un.org/en/2019/sgsm108717.doc.htm.") == \
        ["https://press.un.org/en/2019/sgsm108717.doc.htm"]
    assert find_urls("https://www.ohchr.org/en/documents/thematic-reports/a74309-report-protection-c\n"
                     "ivilians-armed-conflict. Next sentence.") == \
        ["https://www.ohchr.org/en/documents/thematic-reports/a74309-report-protection-civilians-armed-conflict"]
    assert find_urls("see https://www.un.org/en/ga/search/view _doc.asp?symbol=A/71/544 (accessed)") == \
        ["https://www.un.org/en/ga/search/view_doc.asp?symbol=A/71/544"]


def test_xurl_breaks_in_the_scheme_in_capitals_and_in_the_file_ending():
    """The family matrix's LaTeX notes (tests/data/families): xurl breaks anywhere, also in
    "https", in a word in capitals and just before or inside ".htm"."""
    assert find_urls("See also http\ns://undocs.org/en/S/RES/1897.") == ["https://undocs.org/en/S/RES/1897"]
    assert find_urls("at ht tps://undocs.org/en/S/RES/1897.") == ["https://undocs.org/en/S/RES/1897"]
    assert find_urls("at https://treaties.un.org/pages/ViewDetails.aspx?src=TREAT\nY&mtdsg_no=IV-235&chapter=4.") == \
        ["https://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-235&chapter=4"]
    assert find_urls("See also https://undocs.org/en/S/RE\nS/2108.") == ["https://undocs.org/en/S/RES/2108"]
    assert find_urls("See also https://press.un.org/en/2014/sgsm837840.doc.\nhtm.") == \
        ["https://press.un.org/en/2014/sgsm837840.doc.htm"]
    assert find_urls("at https://press.un.org/en/2015/sgsm220044.doc.ht\nm.") == \
        ["https://press.un.org/en/2015/sgsm220044.doc.htm"]
    assert find_urls("https://www.icj-cij.org/public/files/785-20110722-JUD-01-00-E\nN.pdf.") == \
        ["https://www.icj-cij.org/public/files/785-20110722-JUD-01-00-EN.pdf"]


def test_libreoffice_breaks_after_a_hyphen_or_a_slash_before_capitals():
    assert find_urls("https://www.icj-cij.org/public/files/519-20170722-\nJUD-01-00-EN.pdf (accessed 15 May).") == \
        ["https://www.icj-cij.org/public/files/519-20170722-JUD-01-00-EN.pdf"]
    assert find_urls("https://www.icj-cij.org/public/files/557-20000722-JUD-01-00-\nEN.pdf.") == \
        ["https://www.icj-cij.org/public/files/557-20000722-JUD-01-00-EN.pdf"]
    assert find_urls("See also https://undocs.org/en/S/\nRES/2232.") == ["https://undocs.org/en/S/RES/2232"]


def test_a_number_cut_at_the_end_of_a_note():
    assert find_urls("at https://www.un.org/en/ga/search/view_doc.asp?symbol=A/72/1\n08.") == \
        ["https://www.un.org/en/ga/search/view_doc.asp?symbol=A/72/108"]
    assert find_urls("see https://example.org/report/2019\n10 March 2020.") == ["https://example.org/report/2019"]


def test_a_slug_cut_inside_a_number_and_after_a_letter():
    assert find_urls("https://www.ohchr.org/en/thematic-reports/a7593\n2-report-special-rapporteur-developing-c\n"
                     "ountries.") == ["https://www.ohchr.org/en/thematic-reports/a75932-report-special-rapporteur-"
                                      "developing-countries"]
    assert find_urls("see https://example.org/a-page\nand more.") == ["https://example.org/a-page"]
    assert find_urls("see https://example.org/2019\n2020 figures.") == ["https://example.org/2019"]


def test_a_sentence_after_a_url_at_a_line_end_is_not_joined():
    assert find_urls("see https://example.org/a.\nPdf files are rare.") == ["https://example.org/a"]
    assert find_urls("see https://example.org/report.doc\nhtm is odd.") == ["https://example.org/report.doc"]
    assert find_urls("see https://example.org/en/A/RES\nThe next sentence.") == ["https://example.org/en/A/RES"]
    assert find_urls("see https://example.org/en/\nThe S/2023/960 report.") == ["https://example.org/en/"]
    assert find_urls("Ask the http\nserver: //x is no URL.") == []


def test_a_url_then_ordinary_words_stays_whole():
    assert find_urls("at https://example.org/a-page\nand more-or-less text.") == ["https://example.org/a-page"]
    assert find_urls("at https://example.org/report e.g. here") == ["https://example.org/report"]
    assert find_urls("at https://example.org/x, para. 5") == ["https://example.org/x"]


def test_rejoin_takes_the_line_breaks_out_of_each_url_only():
    text = "See http s://undocs.org/en/S/ RES/2232 and A/ 72 of 2019, or https://example.org/x."
    urls = find_urls(text.replace("S/ RES", "S/\nRES").replace("http s", "http\ns"))
    assert urls == ["https://undocs.org/en/S/RES/2232", "https://example.org/x"]
    assert rejoin(text, urls) == "See https://undocs.org/en/S/RES/2232 and A/ 72 of 2019, or https://example.org/x."


def test_a_pdf_note_shows_its_url_whole(data_file):
    """A/RES/78/5 note 12 breaks its WHO address after "vaccine-": the note reads (and copies)
    the address as one, and its citation is found on it."""
    doc = Document.open(data_file("un_A_RES_78_5.pdf"))
    try:
        [note] = [n for n in analyze(doc) if n.label == "12"]
    finally:
        doc.close()
    url = "https://www.who.int/news/item/17-01-2023-who-announces-plans-to-establish-a-tb-vaccine-accelerator-council"
    assert note.urls == (url,) and note.note_text == f"See {url}."


def test_url_cut_after_a_query_equals_sign_takes_its_value_from_the_next_line():
    """LaTeX's xurl breaks after "=": the value on the next line (a UN symbol, so a capital)
    is still the URL's; a sentence never starts right after a bare "symbol="."""
    text = "See also https://www.un.org/en/ga/search/view_doc.asp?symbol=\nA/72/323. The Council"
    assert find_urls(text) == ["https://www.un.org/en/ga/search/view_doc.asp?symbol=A/72/323"]


@pytest.mark.parametrize("text, urls", [
    ("tex.stackexchange.com/questions/55437", ["tex.stackexchange.com/questions/55437"]),   # printed without a scheme
    ("See dickimaw-books.com/faq.php?category=glossaries.", ["dickimaw-books.com/faq.php?category=glossaries"]),
    ("Available on ctan.org.", ["ctan.org"]),
    ("CTAN://info/l2tabu/english/l2tabuen.pdf", ["CTAN://info/l2tabu/english/l2tabuen.pdf"]),
    ("mathematics,” https://\nctan.org/pkg/mathspec.", ["https://ctan.org/pkg/mathspec"]),   # broken after the scheme
    ("Writing Lab: https://owl.\npurdue.edu/owl/mla.html.", ["https://owl.purdue.edu/owl/mla.html"]),
    ("see http://ssc.univie.ac.at/Richtlinien_für_Exposés.pdf.", ["http://ssc.univie.ac.at/Richtlinien_für_Exposés.pdf"]),
    ("见https://ctan.org/pkg/x中的说明", ["https://ctan.org/pkg/x"]),   # CJK: no space around the address
    ("write to nicola@dickimaw-books.com", []),                        # an e-mail address is no web page
    ("run latexmk.pl on setup.py and main.tex", []),                   # file names are no addresses
])
def test_addresses_without_a_scheme_and_beyond_ascii(text, urls):
    assert find_urls(text) == urls


def test_a_fragment_cut_after_an_underscore_before_a_capital():
    """spelling's manual: "…UCD-4.0.1.html#General_" at a line end, "Category_Values" after it;
    no URL ends with "_", so the capital goes on the URL, not a new sentence."""
    text = "http://www.unicode.org/Public/4.0-Update1/UCD-4.0.1.html#General_\nCategory_Values"
    assert find_urls(text) == ["http://www.unicode.org/Public/4.0-Update1/UCD-4.0.1.html#General_Category_Values"]
