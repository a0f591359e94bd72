"""What the library index holds: one record per page, one per file (the fields themselves,
in Whoosh's terms, are :func:`index.backend.analysis.make_schema`).

Page records (``kind="page"``) carry the text a query looks at: ``body`` (all the text of
the page, notes included), ``notes`` (the footnote text the footnote engine placed on that
page, for ``in:notes``, with the reader's corrections applied: :mod:`reader.core.layer`),
``annotations`` (the quoted text of the reader's highlights on that page and the text of
the comments there, for ``in:annotations``), ``title``, the UN symbols and URLs cited on the page (``cites``,
``urls``: the URLs printed on the page and those its links point to, searchable by host
and path, :class:`index.backend.analysis.UrlAnalyzer`) and the document's own UN symbol (``symbol``).

File records (``kind="file"``) remember what was indexed: size, mtime and content hash for
incremental updates, the stamp of the document's layer when it was read (``layer``:
:func:`reader.core.layer.stamp`; a changed layer makes the file be read again), the page count, and why a file was skipped (``error``). A file's page
records and its file record are committed together, so the file record is the proof that
the file's pages are complete. Indexing runs in two passes (:mod:`index.build`): the first
writes the page text only and marks the file record ``analysed="no"``; the second writes
the pages again with their notes, citations and annotations and marks it ``"yes"``.
"""
from __future__ import annotations

import re

from reader.core.paths import escape_bytes, unescape_bytes

#: Bump when the schema or the analyzer changes: an index of another version is rebuilt.
SCHEMA_VERSION = 16   # 12: titles from page 1, for the library list; 13: urls by host and path;
#                       14: word pairs unstemmed (exact phrases); 15: annotations, corrected notes;
#                       16: two passes (``analysed`` on file records)

#: ``analysed`` of a file record: its pages hold their notes, citations and annotations
#: (pass 2 done), or only their text (pass 1: ``in:notes`` and ``cites:`` miss them).
ANALYSED, TEXT_ONLY = "yes", "no"


#: Starts every pair term, so pairs sort before all words: prefix* and fuzzy~ queries scan
#: the words starting with their first letter and never wade through pairs.
PAIR_MARK = "\x1f"


#: Words, with inner dots kept ("U.N", "A.1"): Whoosh 2.7's RegexTokenizer expression.
#: (whoosh-reloaded's also takes "*" into words: "States*" with its note marker would
#: be indexed as "states*" and never found.)
_WORDS = re.compile(r"\w+(?:\.?\w+)*")


#: A URL's scheme ("https://", "mailto:") and its end ("/", "#fragment", punctuation after it).
_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|mailto:)", re.I)
_URL_END = re.compile(r"(?:#.*|[/.,;:)]+)$")


def url_form(url: str) -> str:
    """A URL as the ``urls`` field holds it: lower case, no scheme, no trailing "/" or
    fragment. ``https://www.UN.org/en/ga/`` -> ``www.un.org/en/ga``."""
    return _URL_END.sub("", _SCHEME.sub("", url.strip().lower()))


def url_terms(url: str) -> list[str]:
    """The terms one URL is found by: its host and the host's parent domains, each alone
    and followed by every leading part of the path, and the whole URL (no scheme).

    >>> url_terms("https://www.un.org/en/ga/")
    ['www.un.org', 'www.un.org/en', 'www.un.org/en/ga', 'un.org', 'un.org/en', 'un.org/en/ga']
    """
    form = url_form(url)
    host, _, path = form.partition("/")
    host = host.rsplit("@", 1)[-1]
    labels = host.split(".")
    parts = [p for p in path.split("?", 1)[0].split("/") if p][:8]
    terms = []
    for i in range(max(1, len(labels) - 1)):
        domain = ".".join(labels[i:])
        terms.append(domain)
        for j in range(1, len(parts) + 1):
            terms.append(domain + "/" + "/".join(parts[:j]))
    terms.append(host + ("/" + path if path else ""))
    return list(dict.fromkeys(t for t in terms if t))


#: Fields indexed with word pairs (see :mod:`index.backend.phrases`).
PAIRED_FIELDS = frozenset({"body"})


class Analyzed(list):
    """A field's postings computed beforehand, in a worker process: Whoosh's
    ``(term bytes, frequency, weight, value bytes)`` tuples. Pass the text itself as
    ``_stored_<field>``."""


def normalize_symbol(symbol: str) -> str:
    """The form UN symbols are stored and looked up in. There is one normaliser, in the
    core's citations (index/ may import the core's pure functions); this name stays for
    callers. Imported when first needed: the citations package brings the footnote engine
    and PyMuPDF, which a one-shot ``ibid search`` for words never needs."""
    from reader.core.citations.symbols import symbol_key
    return symbol_key(symbol)


def to_index(path: str) -> str:
    """*path* as the index stores it: bytes that are not UTF-8 as NUL + two hex digits
    (:func:`reader.core.paths.escape_bytes`); other paths are unchanged."""
    return escape_bytes(path)


def from_index(text: str) -> str:
    """The path (as ``os.fsdecode`` gives it) that :func:`to_index` stored as *text*."""
    return unescape_bytes(text)


def page_key(path: str, page: int) -> str:
    return f"page:{to_index(path)}#{page}"


def file_key(path: str) -> str:
    return f"file:{to_index(path)}"
