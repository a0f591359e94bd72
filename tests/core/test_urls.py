"""find_urls: URLs printed in notes, rejoined across line wraps, without trailing punctuation."""
from __future__ import annotations

from reader.core.citations.urls import find_urls


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


def test_a_url_then_ordinary_words_stays_whole():
    assert find_urls("at https://example.org/a-page\nand more-or-less text.") == ["https://example.org/a-page"]
    assert find_urls("at https://example.org/report e.g. here") == ["https://example.org/report"]
    assert find_urls("at https://example.org/x, para. 5") == ["https://example.org/x"]
