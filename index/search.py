"""``search()`` and ``cited_by()``: questions to the library index, answered with plain data.

Query syntax (Whoosh's, plus two Ibid words):

- words (all must match), ``"a phrase"``, ``AND`` / ``OR`` / ``NOT``, ``prefix*``,
  ``fuzzy~`` (edits by the word's length, as Lucene's AUTO fuzziness: none for 1-2
  letters, one for 3-5, two for longer words; ``fuzzy~1``, ``fuzzy~2`` say how many),
  ``field:value`` for ``title``, ``body``,
  ``notes``, ``page``; English stemming and accent folding on every text field;
- ``in:notes`` (or ``in:title``, ``in:body``) anywhere in the query limits it to that field;
  ``in:annotations`` to the reader's highlights (their quoted text) and comments on each page;
- a web address or its host and leading path (``undocs.org``, ``www.un.org/en/ga``) also
  finds the pages that print it or link to it (the ``urls`` field);
- ``cites:S/RES/853(1993)`` and ``symbol:A/RES/78/229`` match normalised UN symbols
  (spaces and case do not matter: ``cites:"S/RES/853 (1993)"`` is the same).

A :class:`Hit` is one page. ``Hit.snippet`` is HTML-escaped text of about 200 characters
in which every matched word (and phrase, whole) is wrapped in ``<b>…</b>`` (``…`` marks cut
ends); ``Hit.terms`` are the matched words and phrases as written on the page, for
highlighting the rendered page (whole words only: :func:`reader.core.find.word_rects`).

Every query string gives hits or a :class:`QueryError` (a sentence), never another
exception (but ``IndexDamaged`` when the index's files cannot be read, and a bug, ours or
a Whoosh that changed, which is raised as it is and leaves the index alone): a query
longer than ``MAX_QUERY_CHARS`` characters or ``MAX_QUERY_WORDS`` words is refused before it is parsed, a prefix, wildcard or fuzzy term standing for more than ``MAX_EXPANSIONS`` index
words is refused, ``~N`` is capped at ``MAX_EDITS``, and a search stops after
``TIME_LIMIT`` seconds with the hits found so far (``Results.partial``).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from index import store
from index.backend import query as backend
from index.backend.analysis import accent_map, fold, index_form
from index.backend.phrases import ExactForms, fast_phrases
from index.schema import TEXT_ONLY, from_index, normalize_symbol, to_index
from reader.core.errors import ReaderError

#: Characters of context in a snippet.
SNIPPET_CHARS = 200
#: Index words one prefix*, wildcard or fuzzy~ term may stand for (a union of that many
#: posting lists is searched in pure Python: "?*" on 5,000 pages took 20 s).
MAX_EXPANSIONS = 2000
#: Edits a fuzzy~N term may allow (more matches nearly every short word).
MAX_EDITS = 2
#: Seconds a search may take; then it stops with the hits found so far (Results.partial).
TIME_LIMIT = 3.0
#: Characters a query may have. Whoosh's parser tries each of its taggers at every
#: character, some scanning ahead to the end: 20,000 unbroken characters took 2.5-6.5 s to
#: parse, 50,000 16 s, all before the time limit starts; 2,000 take 0.03 s. A pasted
#: sentence or two fits.
MAX_QUERY_CHARS = 2000
#: Words (operators included) a query may have: each is a clause of the query tree,
#: 5,000 words took 3-25 s and 1,000 "NOT x" overflowed Python's stack, while 100 words
#: (Lucene's default is 1,024 clauses, Google's 32 words) parse and search in under 0.2 s.
MAX_QUERY_WORDS = 100
#: Characters of the query quoted back in an error message.
SHOWN_QUERY_CHARS = 60

_IN_FIELD = re.compile(r"(?<!\S)in:(notes|annotations|body|title|text)(?!\S)", re.I)
_SYMBOL_FILTER = re.compile(r'(?<!\S)(cites|symbol):(?:"([^"]+)"|(\S+?(?:\s?\(\d{4}\))?))(?=\s|$)', re.I)
_WORD = re.compile(r"\w")
#: Letters the accent folding changes (Latin-1 Supplement to Latin Extended-B).
_ACCENTED = re.compile("[\u00c0-\u024f]")
_FIELDS = {"notes": ["notes"], "annotations": ["annotations"], "body": ["body"], "text": ["body"],
           "title": ["title"]}
#: The stored text fields a hit's snippet may come from, in order of preference.
_SNIPPET_FIELDS = ("body", "notes", "annotations")


class QueryError(ReaderError):
    """The query cannot be searched as written; ``str()`` says why and what to change."""


class Results(list):
    """Hits (a list, best first); ``partial`` when the time limit cut the search short;
    ``unanalysed``: documents whose notes and citations are not indexed yet (the second
    pass of :mod:`index.build` has not read them), which ``in:notes`` and ``cites:`` miss."""
    partial: bool = False
    unanalysed: int = 0


def unanalysed_sentence(count: int) -> str:
    """What to tell a searcher about *count* documents not yet analysed ("" when none)."""
    if not count:
        return ""
    if count == 1:
        return "1 document not yet analysed: in:notes and cites: may miss it."
    return f"{count} documents not yet analysed: in:notes and cites: may miss them."


@dataclass(frozen=True)
class Hit:
    path: str
    title: str
    page: int                 # 1-based
    snippet: str              # HTML-escaped, matches in <b>…</b>
    score: float
    terms: tuple[str, ...]    # matched words and phrases as written on the page
    symbol: str = ""          # the document's own UN symbol
    in_notes: bool = False    # the snippet is taken from the page's footnotes
    in_annotations: bool = False   # the snippet is taken from the reader's highlights and comments


@dataclass(frozen=True)
class DocumentHits:
    path: str
    title: str
    symbol: str
    score: float              # best page score
    hits: tuple[Hit, ...]     # by page
    copies: tuple[str, ...] = ()   # every copy of the document in the library (paths)


@dataclass(frozen=True)
class Citing:
    """A document that cites a symbol, and the pages (1-based) where it does."""
    path: str
    title: str
    symbol: str
    pages: tuple[int, ...]


def search(index_dir: Path, query: str, *, limit: int = 20, in_notes: bool = False,
           path: str | Path | None = None, folder: str | Path | None = None) -> list[Hit]:
    """The best *limit* pages for *query*, best first; [] when there is no index yet.

    *path* limits the search to one document, *folder* to the documents below a folder.
    Raises QueryError (the query cannot be searched), IndexDamaged (the index was moved
    aside; rebuild it) or ReaderError.
    """
    with LibraryIndex(index_dir) as library:
        return library.search(query, limit=limit, in_notes=in_notes, path=path, folder=folder)


def cited_by(index_dir: Path, symbol: str) -> list[Citing]:
    """Documents citing *symbol* (a UN symbol, in any spacing or case), most citing pages first."""
    with LibraryIndex(index_dir) as library:
        return library.cited_by(symbol)


def group_by_document(hits: list[Hit], copies: dict[str, tuple[str, ...]] | None = None) -> list[DocumentHits]:
    """Hits grouped per document: documents by best score, pages in page order.

    *copies* (:meth:`LibraryIndex.copies`) maps a path to every copy of its document: the
    copies are one document, as in the Library, each page once (its best hit)."""
    copies = copies or {}
    groups: dict[tuple[str, ...], dict[int, Hit]] = {}
    for hit in hits:                      # best first: a page's first hit is its best
        groups.setdefault(copies.get(hit.path, (hit.path,)), {}).setdefault(hit.page, hit)
    result = []
    for paths, pages in groups.items():
        g = list(pages.values())
        result.append(DocumentHits(g[0].path, g[0].title, g[0].symbol, max(h.score for h in g),
                                   tuple(sorted(g, key=lambda h: h.page)), paths))
    return sorted(result, key=lambda d: -d.score)


class LibraryIndex:
    """An open index for several questions (the GUI keeps one; ``refresh()`` sees new commits).

    Not thread-safe: use one per thread (Whoosh searchers are not shared between threads).
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._filters: dict[tuple, object] = {}
        self._copies: dict[str, tuple[str, ...]] | None = None
        self._unanalysed: int | None = None
        self._searcher = None
        messages: list[str] = []
        self._ix = store.open_index(self.index_dir, create=False, messages=messages, thorough=False)
        if messages:
            raise store.IndexDamaged(messages[0].replace("is rebuilt", "must be rebuilt (ibid index update)"))
        if self._ix is not None:
            self._searcher, error = store.quietly(backend.Searcher, self._ix)
            if error:
                raise self._damaged(error)

    def __enter__(self) -> LibraryIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._filters.clear()
        self._copies = None
        self._unanalysed = None
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def refresh(self) -> None:
        """See what other processes committed since (cheap when nothing changed)."""
        if self._ix is None:
            self._ix = store.open_index(self.index_dir, create=False, thorough=False)
            self._searcher = backend.Searcher(self._ix) if self._ix is not None else None
        elif self._searcher is None or not self._searcher.up_to_date():
            self.close()
            self._searcher = backend.Searcher(self._ix)

    # -- questions -------------------------------------------------------------------
    def search(self, query: str, *, limit: int = 20, in_notes: bool = False,
               path: str | Path | None = None, folder: str | Path | None = None) -> list[Hit]:
        if self._searcher is None:
            return Results()
        parsed = self.parse(query, in_notes=in_notes)
        if parsed is None:
            return Results()
        self._check_expansions(parsed)
        hits, error = store.quietly(self._search, parsed, limit, path, folder, ExactForms(query))
        if error:
            raise self._damaged(error)
        hits.unanalysed = self.unanalysed()
        return hits

    def unanalysed(self) -> int:
        """How many documents hold their text only, their notes and citations not yet indexed."""
        if self._searcher is None:
            return 0
        if self._unanalysed is None:   # (a skipped file's record says analysed: it has no pages)
            self._unanalysed = self._searcher.count("analysed", TEXT_ONLY)
        return self._unanalysed

    def _search(self, parsed: backend.Query, limit: int, path, folder, exact: ExactForms) -> Results:
        allowed = None
        if path is not None or folder is not None or backend.needs_page_filter(parsed):
            allowed = self._filter(path, folder)
            if not allowed:        # (Whoosh takes an empty filter for no filter)
                return Results()
        corrected = self._searcher.with_corrections(parsed)
        query = fast_phrases(exact.under_not(corrected, TIME_LIMIT), exact)
        # The words of the top hits are found in their text (not recorded while searching).
        if exact.needs_check(parsed):
            results, partial = self._exact_results(query, parsed, exact, limit, allowed)
        else:
            results, partial, _fewer = self._searcher.top(query, limit, allowed, TIME_LIMIT)
        wanted = self._searcher.wanted_words(corrected)
        hits = Results(self._hit(result, parsed, wanted, exact) for result in results if "page" in result.fields)
        hits.partial = partial
        return hits

    def _check_expansions(self, parsed: backend.Query) -> None:
        """QueryError when a prefix*, wildcard or fuzzy~ term stands for too many words."""
        broad, error = store.quietly(self._searcher.too_broad, parsed, MAX_EXPANSIONS)
        if error:
            raise self._damaged(error)
        if broad is not None:
            raise QueryError(f"“{broad}” stands for more than {MAX_EXPANSIONS:,} words in the library; "
                             "give more letters before * or ?, fewer edits after ~, or a narrower [range].")

    def _exact_results(self, query: backend.Query, parsed: backend.Query, exact: ExactForms, limit: int,
                       allowed) -> tuple[list, bool]:
        """The best *limit* hits that hold the query's phrases as typed (the index holds
        stems: "natural disaster" finds "natural disasters" too); while checks leave too
        few, four times as many are fetched."""
        wanted, checked = limit, {}
        while True:
            results, partial, fewer = self._searcher.top(query, wanted, allowed, TIME_LIMIT)
            kept = []
            for result in results:
                if result.docnum not in checked:
                    checked[result.docnum] = exact.holds(parsed, result.fields)
                if checked[result.docnum]:
                    kept.append(result)
            if partial or len(kept) >= limit or fewer:
                return kept[:limit], partial
            wanted *= 4

    def parse(self, query: str, *, in_notes: bool = False) -> backend.Query | None:
        """The Whoosh query for *query*, or None when nothing is left to search for;
        QueryError when it is too long (:func:`check_length`) or cannot be read."""
        check_length(query)
        fields = ["notes"] if in_notes else ["body", "title", "urls"]
        match = _IN_FIELD.search(query)
        if match:
            fields = _FIELDS[match.group(1).lower()]
            query = _IN_FIELD.sub(" ", query)
        filters = []
        for found in _SYMBOL_FILTER.finditer(query):
            symbol = found.group(2) or found.group(3)
            cites = found.group(1).lower() == "cites"
            wanted = normalize_symbol(symbol)
            filters.append(backend.citing_query(wanted) if cites else backend.symbol_query(wanted))
        query = _SYMBOL_FILTER.sub(" ", query).strip()
        parts = filters
        if query:
            parsed = self._parse_words(tuple(fields), query)
            if parsed is not None:
                parts = [parsed, *filters]
        return backend.all_of(parts)

    def _parse_words(self, fields: tuple[str, ...], query: str) -> backend.Query | None:
        """Whoosh's parse of *query*; QueryError (a sentence) where Whoosh's parser fails."""
        try:
            return self._searcher.parse(fields, query, MAX_EDITS)
        except Exception as exc:   # Whoosh's parser fails on some operator sequences ("NOT NOT x")
            raise QueryError(f"Ibid cannot read the query “{shown(query)}”: {_what_is_wrong(query, exc)}") from exc

    def cited_by(self, symbol: str) -> list[Citing]:
        """Every document citing *symbol*, read from columns (no stored text is loaded)."""
        if self._searcher is None:
            return []
        wanted = normalize_symbol(symbol)
        found, error = store.quietly(self._citing_pages, wanted)
        if error:
            raise self._damaged(error)
        pages, records = found
        citing = [Citing(from_index(path), records[path].get("title", ""), records[path].get("symbol", ""),
                         tuple(sorted(p)))
                  for path, p in pages.items()]
        return sorted(citing, key=lambda c: (-len(c.pages), c.path))

    def _citing_pages(self, wanted: str) -> tuple[dict[str, list[int]], dict[str, dict]]:
        pages = self._searcher.citing_pages(wanted)
        return pages, {path: self._file_record(path) for path in pages}

    def _file_record(self, path: str) -> dict:
        return next(iter(self._searcher.documents(kind="file", path=path)), {})

    def documents_with_symbol(self, symbol: str) -> list[dict]:
        """File records of the documents whose own symbol is *symbol*."""
        if self._searcher is None:
            return []
        return [_record(f) for f in self._searcher.documents(kind="file", symbol=normalize_symbol(symbol))]

    def paragraph_page(self, path: str, number: int) -> int | None:
        """The 0-based page of *path* where its numbered paragraph *number* begins (a line
        starting "12." as in UN reports and resolutions), or None."""
        if self._searcher is None:
            return None
        starts = re.compile(rf"(?m)^[ \t]*{int(number)}\.(?:[ \t]|$)")
        pages = self._searcher.documents(kind="page", path=to_index(str(path)))
        for fields in sorted(pages, key=lambda f: f["page"]):
            if starts.search(fields.get("body") or ""):
                return fields["page"] - 1
        return None

    def copies(self) -> dict[str, tuple[str, ...]]:
        """{path: every copy of its document}, for the documents the library holds more than
        once, grouped as the Library groups them (:func:`reader.core.catalogue.catalogue`)."""
        if self._copies is None:
            from reader.core.catalogue import catalogue
            entries = catalogue(self.files())
            self._copies = {path: e.paths for e in entries if len(e.paths) > 1 for path in e.paths}
        return self._copies

    def files(self) -> list[dict]:
        """Every file record: path, size, mtime, hash, pages, error, title, symbol."""
        if self._searcher is None:
            return []
        return [_record(fields) for fields in self._searcher.documents(kind="file")]

    # -- helpers ----------------------------------------------------------------------
    def _filter(self, path, folder):
        """The pages (of a document, below a folder) as a bit set, once per searcher:
        Whoosh would otherwise run the filter query for every search."""
        key = (path and str(path), folder and str(folder))
        if key not in self._filters:
            if len(self._filters) > 16:
                self._filters.clear()
            self._filters[key] = self._searcher.pages(path, folder)
        return self._filters[key]

    def _damaged(self, error: str) -> store.IndexDamaged:
        """Damage found while searching: move the index aside; the error to raise."""
        self.close()
        moved = store.replace_damaged(self.index_dir)
        return store.IndexDamaged(f"The library index was damaged ({error}); it was moved to "
                                  f"{moved.name} and must be rebuilt (ibid index update).", moved)
    def _hit(self, result: backend.Found, parsed: backend.Query, wanted: dict[str, set[str]],
             exact: ExactForms) -> Hit:
        fields = result.fields
        by_field = self._matched_spans(result, parsed, wanted, exact)
        source = next((f for f in _SNIPPET_FIELDS if by_field.get(f)), "body")
        text = fields.get(source) or ""
        spans = sorted(set(by_field.get(source, [])))
        terms = {" ".join(text[a:b].split()) for a, b in spans}
        if source == "body" and by_field.get("notes"):
            terms |= {" ".join(fields.get("notes", "")[a:b].split()) for a, b in by_field["notes"]}
        return Hit(from_index(fields["path"]), fields.get("title", ""), fields["page"], snippet(text, spans),
                   round(result.score, 4), tuple(sorted(terms, key=str.lower)),
                   fields.get("symbol", ""), source == "notes", source == "annotations")

    def _matched_spans(self, result: backend.Found, parsed: backend.Query, wanted: dict[str, set[str]],
                       exact: ExactForms) -> dict[str, list[tuple[int, int]]]:
        """Character spans of the query's *wanted* words in the hit, per text field.

        Found by re-tokenising the stored text (only tokens that start like a wanted word
        are stemmed), which is much cheaper than reading postings per hit. A word that the
        query has only inside a phrase (or in quotes) counts only where the phrase is, as
        typed (so "rule of law" does not light up every "of" on the page, nor "disaster"
        the "disasters").
        """
        phrases, loose = backend.highlight_words(parsed)
        in_phrases = {(field, w) for field, words, _node in phrases for w in words}
        by_field: dict[str, list[tuple[int, int]]] = {}
        for fieldname, words in wanted.items():
            text = result.fields.get(fieldname) or ""
            found = self._tokens(text, words)
            for word, postings in found.items():
                if (fieldname, word) not in in_phrases or (fieldname, word) in loose:
                    by_field.setdefault(fieldname, []).extend((a, b) for _p, a, b in postings)
            for phrase_words, phrase in ((w, node) for field, w, node in phrases if field == fieldname):
                pattern = exact.pattern_of(phrase)
                for spans in _phrase_spans(phrase_words, found):
                    if pattern is None or pattern.fullmatch(fold(text[spans[0][0]:spans[-1][1]])):
                        # one span: the phrase is shown and lit up whole, not word by word
                        by_field.setdefault(fieldname, []).append((spans[0][0], spans[-1][1]))
        return by_field

    def _tokens(self, text: str, wanted: set[str]) -> dict[str, list[tuple[int, int, int]]]:
        """{indexed term: [(sequence, start, end)]} for the *wanted* terms in *text*.

        A regex finds the tokens that begin like a wanted term (in C); only those are
        stemmed. ``sequence`` numbers these tokens so that tokens adjacent in the text get
        consecutive numbers (enough to check phrases without counting every token).
        """
        lowered = text.lower()
        folded = lowered.translate(accent_map) if _ACCENTED.search(lowered) else lowered
        if len(folded) != len(text):      # folding changed lengths (æ -> ae): offsets would drift
            folded = lowered
        heads = "|".join(sorted({re.escape(w[:2]) for w in wanted}, key=len, reverse=True))
        found: dict[str, list[tuple[int, int, int]]] = {}
        sequence, previous_end = 0, 0
        for match in re.finditer(rf"\b(?:{heads})\w*(?:\.?\w+)*", folded):
            word = match.group()
            term = index_form(word)
            sequence += 2 if _WORD.search(folded, previous_end, match.start()) else 1
            previous_end = match.end()
            if term in wanted:
                found.setdefault(term, []).append((sequence, match.start(), match.end()))
        return found


def check_length(query: str) -> None:
    """QueryError when *query* has more than MAX_QUERY_CHARS characters or MAX_QUERY_WORDS
    words (checked before any parsing, which grows faster than the query)."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"The query is too long ({len(query):,} characters; at most {MAX_QUERY_CHARS:,}): "
                         "search for a few distinctive words or a short phrase.")
    words = len(query.split())
    if words > MAX_QUERY_WORDS:
        raise QueryError(f"The query has too many words ({words:,}; at most {MAX_QUERY_WORDS:,}): "
                         "search for a few distinctive words or a short phrase.")


def shown(query: str) -> str:
    """*query* as quoted back in a message: on one line, cut after SHOWN_QUERY_CHARS."""
    query = " ".join(query.split())
    return query if len(query) <= SHOWN_QUERY_CHARS else query[:SHOWN_QUERY_CHARS] + "…"


_OPERATORS = r"(?:AND|OR|NOT|ANDNOT|ANDMAYBE)"
_TWO_OPERATORS = re.compile(rf"(?<!\S)({_OPERATORS})\s+(?!NOT(?!\S)){_OPERATORS}(?!\S)|(?<!\S)(NOT)\s+NOT(?!\S)")


def _what_is_wrong(query: str, exc: Exception) -> str:
    """What the parser could not read in *query* (it raised *exc*), as a sentence."""
    if isinstance(exc, RecursionError):
        return "it nests too deeply; use fewer brackets."
    two = _TWO_OPERATORS.search(query)
    if two:
        return (f"“{' '.join(two.group().split())}” puts two operators in a row; "
                "write each AND / OR / NOT once, between or before words.")
    if query.count('"') % 2:
        return "a quotation mark is not closed."
    if query.count("(") != query.count(")") or query.count("[") != query.count("]"):
        return "its brackets are not balanced."
    return "check its AND / OR / NOT, quotes and brackets."


def _phrase_spans(words: list[str], found: dict) -> list[list[tuple[int, int]]]:
    """The spans of each place the phrase's *words* follow each other (one list per place)."""
    postings = [{p: (a, b) for p, a, b in found.get(w, [])} for w in words]
    if not postings or not all(postings):
        return []
    return [[postings[i][first + i] for i in range(len(words))] for first in postings[0]
            if all(first + i in postings[i] for i in range(1, len(words)))]


def snippet(text: str, spans: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> str:
    """HTML-escaped window of *text* around the densest group of *spans*, matches in <b>…</b>."""
    if not spans:
        start, end = 0, _word_end(text, min(len(text), width))
    else:
        start, end = _window(text, spans, width)
    out, cursor = [], start
    for a, b in _merge_adjacent(text, spans):
        if a < cursor or b > end:
            continue
        out.append(html.escape(text[cursor:a]))
        out.append("<b>" + html.escape(text[a:b]) + "</b>")
        cursor = b
    out.append(html.escape(text[cursor:end]))
    body = re.sub(r"\s+", " ", "".join(out)).strip()
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def _merge_adjacent(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans separated only by spaces become one: <b>rule of law</b>."""
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and merged[-1][1] <= a and not text[merged[-1][1]:a].strip():
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """The window of about *width* characters holding the most spans, cut at word edges."""
    best, best_count = spans[0][0], 0
    for i, (a, _b) in enumerate(spans):
        count = sum(1 for _x, y in spans[i:] if y <= a + width * 2 // 3)
        if count > best_count:
            best, best_count = a, count
    start = max(0, best - width // 3)
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    while start > 0 and not text[start - 1].isspace() and best - start < width // 2:
        start -= 1
    return start, _word_end(text, end)


def _word_end(text: str, end: int) -> int:
    limit = min(len(text), end + 20)
    while end < limit and not text[end].isspace():
        end += 1
    return end


def _record(fields: dict) -> dict:
    """A file record with its paths as Python spells them (see schema.to_index)."""
    return {**fields, "path": from_index(fields["path"]), "folder": from_index(fields.get("folder", ""))}
