"""The Whoosh schema of the library index: one Whoosh document per page, one per file.

Page records (``kind="page"``) carry the text a query looks at: ``body`` (all the text of
the page, notes included), ``notes`` (the footnote text the footnote engine placed on that
page, for ``in:notes``), ``title``, the UN symbols and URLs cited on the page (``cites``,
``urls``) and the document's own UN symbol (``symbol``).

File records (``kind="file"``) remember what was indexed: size, mtime and content hash for
incremental updates, the page count, and why a file was skipped (``error``). A file's page
records and its file record are committed together, so the file record is the proof that
the file's pages are complete.
"""
from __future__ import annotations

import re
import unicodedata

from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

#: Bump when the schema or the analyzer changes: an index of another version is rebuilt.
SCHEMA_VERSION = 3


#: Words so frequent that a phrase query through their positions is slow ("rule of law"
#: reads the positions of "of" on every page). Indexed also as pairs with their neighbours
#: (Lucene's "common grams"), so such phrases become lookups of rare pairs.
COMMON_WORDS = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "its", "not", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were", "which", "with"])


class CommonGramsFilter(Filter):
    """At indexing time, also emit "w1 w2" (at w1's position) when w1 or w2 is common."""

    def __init__(self, words=COMMON_WORDS) -> None:
        self.words = words

    def __eq__(self, other) -> bool:
        return isinstance(other, CommonGramsFilter) and other.words == self.words

    def __call__(self, tokens):
        previous, previous_pos = None, 0
        for token in tokens:
            if token.mode != "index":
                yield token
                continue
            text, pos = token.text, token.pos
            if previous is not None and (previous in self.words or text in self.words):
                token.text, token.pos = f"{previous} {text}", previous_pos
                yield token
                token.text, token.pos = text, pos
            yield token
            previous, previous_pos = text, pos


def text_analyzer():
    """Words, lower-cased, accents folded (é -> e), English-stemmed; no stop list.

    Stop words are kept so that phrases like "rule of law" match word for word; at indexing
    time pairs with common words are added (see :data:`COMMON_WORDS`).
    """
    return (RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
            | StemFilter(lang="en", cachesize=50_000) | CommonGramsFilter())


def with_common_grams(query):
    """Rewrite phrases that contain common words to use the indexed pairs (same matches)."""
    from whoosh import query as wq

    def rewrite(node):
        if not isinstance(node, wq.Phrase) or node.slop != 1 or len(node.words) < 2:
            return node
        words = node.words
        if not any(w in COMMON_WORDS for w in words):
            return node
        elements = []
        for i, word in enumerate(words):
            if i + 1 < len(words) and (word in COMMON_WORDS or words[i + 1] in COMMON_WORDS):
                elements.append(f"{word} {words[i + 1]}")   # word at i and the next at i + 1
            elif i < len(words) - 1 or not (words[i - 1] in COMMON_WORDS or word in COMMON_WORDS):
                elements.append(word)              # (a last word the pair before holds is left out)
        if len(elements) == 1:
            return wq.Term(node.fieldname, elements[0], boost=node.boost)
        return wq.Phrase(node.fieldname, elements, boost=node.boost)

    return query.accept(rewrite)


def make_schema() -> Schema:
    analyzer = text_analyzer()
    return Schema(
        key=ID(unique=True, stored=True),          # "page:<path>#<n>" or "file:<path>"
        kind=ID(stored=True),                      # "page" or "file"
        path=ID(stored=True),                      # absolute path of the file
        folder=ID(stored=True),                    # its parent folder
        page=NUMERIC(int, stored=True),            # 1-based
        title=TEXT(analyzer=analyzer, stored=True, field_boost=2.0),
        body=TEXT(analyzer=analyzer, stored=True),
        notes=TEXT(analyzer=analyzer, stored=True),
        cites=KEYWORD(stored=True, commas=True, scorable=False),   # normalised UN symbols
        urls=KEYWORD(stored=True, scorable=False),                 # space separated
        symbol=ID(stored=True),                    # the document's own UN symbol, normalised
        size=STORED(),
        mtime=STORED(),
        hash=STORED(),                             # sha256 of the file's bytes
        pages=STORED(),                            # page count (file records)
        error=STORED(),                            # why the file was skipped ("" if indexed)
    )


_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")


def normalize_symbol(symbol: str) -> str:
    """The form UN symbols are stored and looked up in: upper case, no spaces.

    >>> normalize_symbol("S/RES/853 (1993)")
    'S/RES/853(1993)'
    >>> normalize_symbol(" a/res/78/229. ")
    'A/RES/78/229'
    """
    text = unicodedata.normalize("NFKC", symbol).translate(_DASHES)
    text = re.sub(r"\s+", "", text).upper()
    return text.rstrip(".,;:")


def page_key(path: str, page: int) -> str:
    return f"page:{path}#{page}"


def file_key(path: str) -> str:
    return f"file:{path}"
