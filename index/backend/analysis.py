"""The analysis and the fields of the library index, in Whoosh's terms (see :mod:`index.schema`
for what is indexed).

The text fields' analyzer makes the tokens of Whoosh's standard chain in one loop, plus
pairs of common words (:class:`WordAnalyzer`); :func:`fold`, :func:`stem` and
:func:`index_form` are that analysis for one word or one text, for the code that finds the
matched words in a hit's text; :func:`analyze` computes a field's postings beside the
writer (in a worker process); :func:`make_schema` is the index's schema.
"""
from __future__ import annotations

import functools
import re

from whoosh.analysis import Analyzer, Token
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Positions
from whoosh.lang import stemmer_for_language
from whoosh.support.charset import accent_map

from index.common_words import COMMON_WORDS
from index.schema import _WORDS, PAIR_MARK, Analyzed, url_form, url_terms

__all__ = ["Analyzed", "WordAnalyzer", "UrlAnalyzer", "AnalyzedText", "accent_map", "analyze", "common_stems",
           "fold", "fold_word", "index_form", "make_schema", "stem", "text_analyzer"]


class WordAnalyzer(Analyzer):
    """Words, lower-cased, accents folded (é -> e), English-stemmed; no stop list.

    The same tokens as Whoosh's ``RegexTokenizer(_WORDS) | LowercaseFilter() |
    CharsetFilter(accent_map) | StemFilter(lang="en")``, made in one loop instead of five
    chained generators (2x faster; analysis was a fifth of indexing). Stop words are kept
    so that phrases like "rule of law" match word for word.

    With *pairs*, at indexing time the pair "w1 w2" is also emitted at w1's position when
    both neighbours are common words (:mod:`index.common_words`): phrase queries made only
    of common words then look up pairs (:mod:`index.phrases`) instead of checking the
    positions of every page that holds all the words. Pairs hold the words as written
    (lower-cased, unaccented, not stemmed), so that such a phrase matches word for word:
    "member state" is not "Member States".
    """

    is_morph = True

    def __init__(self, pairs: bool = False) -> None:
        self.pairs = pairs

    def __call__(self, value: str, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original, token.text, token.boost = value, index_form(value), 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        common = common_stems() if self.pairs and mode == "index" else frozenset()
        previous, previous_pos = None, 0
        for pos, match in enumerate(_WORDS.finditer(value), start_pos):
            surface = fold_word(match.group())
            text = stem(surface)
            if keeporiginal:
                token.original = match.group()
            if chars:
                token.startchar, token.endchar = start_char + match.start(), start_char + match.end()
            if text in common:
                if previous is not None:
                    token.text, token.boost, token.stopped = f"{PAIR_MARK}{previous} {surface}", 1.0, False
                    if positions:
                        token.pos = previous_pos
                    yield token
                previous, previous_pos = surface, pos
            else:
                previous = None
            token.text, token.boost, token.stopped = text, 1.0, False
            if positions:
                token.pos = pos
            yield token

    def postings(self, value: str, fmt: Positions) -> list[tuple[bytes, int, float, bytes]]:
        """What ``TEXT.index()`` makes of *value* with this analyzer and the Positions
        format (term bytes, frequency, weight, encoded positions), without a Token per
        word: the same terms as ``self(value, mode="index")``, in the same order; twice as
        fast (analysis was a fifth of indexing)."""
        common = common_stems() if self.pairs else frozenset()
        positions: dict[str, list[int]] = {}
        previous, previous_pos = None, 0
        for pos, word in enumerate(_WORDS.findall(value)):
            surface = fold_word(word)
            text = stem(surface)
            if text in common:
                if previous is not None:
                    positions.setdefault(f"{PAIR_MARK}{previous} {surface}", []).append(previous_pos)
                previous, previous_pos = surface, pos
            else:
                previous = None
            positions.setdefault(text, []).append(pos)
        boost, encode = fmt.field_boost, fmt.encode
        return [(term.encode("utf-8"), len(found), len(found) * boost,
                 _one_position(found[0]) if len(found) == 1 else encode(found))
                for term, found in positions.items()]


@functools.lru_cache(maxsize=8192)
def _one_position(pos: int) -> bytes:
    """``Positions().encode([pos])``, made once: most words occur once on a page."""
    return Positions().encode([pos])


#: Any character the accent folding changes, after lower-casing (ASCII ones it leaves alone).
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(accent_map) if c > 127) + "]")


def fold_word(word: str) -> str:
    """One word lower-cased and accents folded, as the analyzer does it."""
    word = word.lower()
    return word if word.isascii() else word.translate(accent_map)


def fold(text: str) -> str:
    """*text* lower-cased and accents folded as the index does it, fast on long texts
    (``str.translate`` with Whoosh's table takes 0.5 ms a page: only the few characters
    that change are translated here)."""
    text = text.lower()
    return text if text.isascii() else _FOLDABLE.sub(_fold_match, text)


def _fold_match(match: re.Match) -> str:
    return match.group().translate(accent_map)


def index_form(word: str) -> str:
    """The term one word is indexed as: lower-cased, accents folded, stemmed."""
    return stem(fold_word(word))


def text_analyzer(pairs: bool = False) -> WordAnalyzer:
    """The analyzer of the text fields; *pairs* for the body (notes and titles are short,
    their phrases are cheap anyway)."""
    return WordAnalyzer(pairs)


#: The English stemmer of the text fields (StemFilter(lang="en") uses the same), for words
#: already lower-cased and unaccented.
stem = functools.lru_cache(maxsize=65_536)(stemmer_for_language("en"))


@functools.cache
def common_stems() -> frozenset[str]:
    """The stems of :data:`index.common_words.COMMON_WORDS`, as the index writes them."""
    return frozenset(index_form(word) for word in COMMON_WORDS)


class UrlAnalyzer(Analyzer):
    """The ``urls`` field: at indexing time :func:`url_terms` of each space-separated URL;
    in a query, the word as one term in :func:`url_form`, so ``undocs.org``,
    ``www.un.org/en/ga`` and a whole URL each find the pages citing or linking to it."""

    def __call__(self, value: str, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if mode == "index":
            terms = [t for url in value.split() for t in url_terms(url)]
        else:
            terms = [url_form(value)] if value.strip() and len(value.split()) == 1 else []
        for pos, term in enumerate(terms, start_pos):
            token.text, token.original, token.boost, token.stopped = term, term, 1.0, False
            if positions:
                token.pos = pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token


class AnalyzedText(TEXT):
    """TEXT that also takes :class:`Analyzed` values, so the analysis (tokenising, stemming,
    pairs: half of Whoosh's work) runs beside the writer instead of in it."""

    def index(self, value, **kwargs):
        if isinstance(value, Analyzed):
            return iter(value)
        return super().index(value, **kwargs)


def analyze(schema: Schema, fieldname: str, text: str) -> Analyzed:
    field = schema[fieldname]
    if isinstance(field.analyzer, WordAnalyzer) and type(field.format) is Positions:
        return Analyzed(field.analyzer.postings(text, field.format))
    return Analyzed(field.index(text))


def make_schema() -> Schema:
    analyzer, paired = text_analyzer(), text_analyzer(pairs=True)
    return Schema(
        key=ID(unique=True, stored=True),          # "page:<path>#<n>" or "file:<path>"
        kind=ID(stored=True),                      # "page" or "file"
        path=ID(stored=True, sortable=True),       # absolute path of the file (+ a column: cited_by)
        folder=ID(stored=True),                    # its parent folder
        page=NUMERIC(int, stored=True, sortable=True),   # 1-based
        title=AnalyzedText(analyzer=analyzer, stored=True, field_boost=2.0),
        body=AnalyzedText(analyzer=paired, stored=True),
        notes=AnalyzedText(analyzer=analyzer, stored=True),
        annotations=AnalyzedText(analyzer=analyzer, stored=True),   # the reader's highlights and comments
        cites=KEYWORD(stored=True, commas=True, scorable=False),   # normalised UN symbols
        urls=TEXT(analyzer=UrlAnalyzer(), stored=True, phrase=False),   # space separated (UrlAnalyzer)
        symbol=ID(stored=True),                    # the document's own UN symbol, normalised
        size=STORED(),
        mtime=STORED(),
        hash=STORED(),                             # sha256 of the file's bytes
        pages=STORED(),                            # page count (file records)
        error=STORED(),                            # why the file was skipped ("" if indexed)
        layer=STORED(),                            # the layer's stamp when the file was read ("" if none)
        analysed=ID(stored=True),                  # file records: "yes" once notes and citations are in
    )
