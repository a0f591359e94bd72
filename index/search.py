"""``search()`` and ``cited_by()``: questions to the library index, answered with plain data.

Query syntax (Whoosh's, plus two Ibid words):

- words (all must match), ``"a phrase"``, ``AND`` / ``OR`` / ``NOT``, ``prefix*``,
  ``fuzzy~`` (edits by the word's length, as Lucene's AUTO fuzziness: none for 1-2
  letters, one for 3-5, two for longer words; ``fuzzy~1``, ``fuzzy~2`` say how many),
  ``field:value`` for ``title``, ``body``,
  ``notes``, ``page``; English stemming and accent folding on every text field;
- ``in:notes`` (or ``in:title``, ``in:body``) anywhere in the query limits it to that field;
- a web address or its host and leading path (``undocs.org``, ``www.un.org/en/ga``) also
  finds the pages that print it or link to it (the ``urls`` field);
- ``cites:S/RES/853(1993)`` and ``symbol:A/RES/78/229`` match normalised UN symbols
  (spaces and case do not matter: ``cites:"S/RES/853 (1993)"`` is the same).

A :class:`Hit` is one page. ``Hit.snippet`` is HTML-escaped text of about 200 characters
in which every matched word (and phrase, whole) is wrapped in ``<b>…</b>`` (``…`` marks cut
ends); ``Hit.terms`` are the matched words and phrases as written on the page, for
highlighting the rendered page (whole words only: :func:`reader.core.find.word_rects`).

Every query string gives hits or a :class:`QueryError` (a sentence), never another
exception: a query longer than ``MAX_QUERY_CHARS`` characters or ``MAX_QUERY_WORDS`` words
is refused before it is parsed, a prefix, wildcard or fuzzy term standing for more than ``MAX_EXPANSIONS`` index
words is refused, ``~N`` is capped at ``MAX_EDITS``, and a search stops after
``TIME_LIMIT`` seconds with the hits found so far (``Results.partial``).
"""
from __future__ import annotations

import html
import itertools
import re
import time
from dataclasses import dataclass
from pathlib import Path

from whoosh import query as wq
from whoosh.collectors import FilterCollector, TimeLimitCollector
from whoosh.qparser import AndGroup, FuzzyTermPlugin, MultifieldPlugin, PhrasePlugin, QueryParser
from whoosh.searching import TimeLimit
from whoosh.support.charset import accent_map

from index import store
from index.phrases import ExactForms, QuotedPhrase, QuotedWord, TypedPhrasePlugin, fast_phrases
from index.schema import fold, from_index, index_form, normalize_symbol, stem, to_index
from reader.core.errors import ReaderError

#: Characters of context in a snippet.
SNIPPET_CHARS = 200
#: Index words one prefix*, wildcard or fuzzy~ term may stand for (a union of that many
#: posting lists is searched in pure Python: "?*" on 5,000 pages took 20 s).
MAX_EXPANSIONS = 2000
#: Edits a fuzzy~N term may allow (more matches nearly every short word).
MAX_EDITS = 2
#: How much more a fuzzy term's exact word weighs than the words one or two edits away: an
#: exact match must outrank its neighbours, though a neighbour is rarer (so weighs more in
#: BM25) or more frequent on its page. Ten times covers an idf ratio of ten (a word on one
#: page in 10^4 against one on every tenth) and a few times the frequency.
EXACT_BOOST = 10.0
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

_IN_FIELD = re.compile(r"(?<!\S)in:(notes|body|title|text)(?!\S)", re.I)
_SYMBOL_FILTER = re.compile(r'(?<!\S)(cites|symbol):(?:"([^"]+)"|(\S+?(?:\s?\(\d{4}\))?))(?=\s|$)', re.I)
_WORD = re.compile(r"\w")
#: Letters the accent folding changes (Latin-1 Supplement to Latin Extended-B).
_ACCENTED = re.compile("[\u00c0-\u024f]")
_FIELDS = {"notes": ["notes"], "body": ["body"], "text": ["body"], "title": ["title"]}
#: The text fields indexed with positions, where a word cut in several is matched as a phrase.
_PHRASE_FIELDS = frozenset({"body", "notes", "title"})


class QueryError(ReaderError):
    """The query cannot be searched as written; ``str()`` says why and what to change."""


class Results(list):
    """Hits (a list, best first); ``partial`` when the time limit cut the search short."""
    partial: bool = False


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
        self._parsers: dict[tuple[str, ...], QueryParser] = {}
        self._filters: dict[tuple, object] = {}
        self._copies: dict[str, tuple[str, ...]] | None = None
        self._searcher = None
        messages: list[str] = []
        self._ix = store.open_index(self.index_dir, create=False, messages=messages, thorough=False)
        if messages:
            raise store.IndexDamaged(messages[0].replace("is rebuilt", "must be rebuilt (ibid index update)"))
        if self._ix is not None:
            self._searcher, error = store.quietly(self._ix.searcher)
            if error:
                raise self._damaged(error)

    def __enter__(self) -> LibraryIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._filters.clear()
        self._copies = None
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def refresh(self) -> None:
        """See what other processes committed since (cheap when nothing changed)."""
        if self._ix is None:
            self._ix = store.open_index(self.index_dir, create=False, thorough=False)
            self._searcher = self._ix.searcher() if self._ix is not None else None
        elif self._searcher is None or not self._searcher.up_to_date():
            self.close()
            self._searcher = self._ix.searcher()

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
            raise self._damaged_or_query_error(error, query)
        return hits

    def _search(self, parsed: wq.Query, limit: int, path, folder, exact: ExactForms) -> Results:
        allowed = None
        if path is not None or folder is not None or _names_file_fields(parsed):
            allowed = self._filter(path, folder)
            if not allowed:        # (Whoosh takes an empty filter for no filter)
                return Results()
        corrected = self._with_corrections(parsed)
        query = fast_phrases(exact.under_not(corrected, TIME_LIMIT), exact)
        # No terms=True: recording every match's terms stops Whoosh from skipping the blocks
        # that cannot reach the top hits; the words of the top hits are found in their text.
        if exact.needs_check(parsed):
            results, partial = self._exact_results(query, parsed, exact, limit, allowed)
        else:
            results, partial = self._top(query, limit, allowed)
        wanted = _wanted_words(corrected, self._searcher.reader())
        hits = Results(self._hit(result, parsed, wanted, exact) for result in results if "page" in result.fields())
        hits.partial = partial
        return hits

    def _check_expansions(self, parsed: wq.Query) -> None:
        """QueryError when a prefix*, wildcard or fuzzy~ term stands for too many words."""
        reader = self._searcher.reader()
        for leaf in parsed.leaves():
            if not isinstance(leaf, wq.MultiTerm):
                continue
            words, error = store.quietly(lambda leaf=leaf: sum(1 for _ in itertools.islice(
                leaf.expanded_terms(reader), MAX_EXPANSIONS + 1)))
            if error:
                raise self._damaged_or_query_error(error, str(leaf))
            if words > MAX_EXPANSIONS:
                text = getattr(leaf, "text", None)   # (a [range] has none)
                shown = str(leaf) if text is None else f"{text}~" if isinstance(leaf, wq.FuzzyTerm) else text
                raise QueryError(f"“{shown}” stands for more than {MAX_EXPANSIONS:,} words in the library; "
                                 "give more letters before * or ?, fewer edits after ~, or a narrower [range].")

    def _damaged_or_query_error(self, error: str, query: str) -> ReaderError:
        """A search failed: the index is damaged (moved aside) only if a check of it fails
        too; otherwise the query is at fault and the index stays as it is."""
        _ok, damage = store.quietly(store.check, self._ix)
        if damage:
            return self._damaged(damage)
        return QueryError(f"Ibid cannot search for “{shown(query)}” ({error}); put words with special "
                          "characters in quotes.")

    def _exact_results(self, query: wq.Query, parsed: wq.Query, exact: ExactForms, limit: int,
                       allowed) -> tuple[list, bool]:
        """The best *limit* hits that hold the query's phrases as typed (the index holds
        stems: "natural disaster" finds "natural disasters" too); while checks leave too
        few, four times as many are fetched."""
        wanted, checked = limit, {}
        while True:
            results, partial = self._top(query, wanted, allowed)
            kept = []
            for result in results:
                if result.docnum not in checked:
                    checked[result.docnum] = exact.holds(parsed, result.fields())
                if checked[result.docnum]:
                    kept.append(result)
            if partial or len(kept) >= limit or results.scored_length() < wanted:
                return kept[:limit], partial
            wanted *= 4

    def _top(self, query: wq.Query, limit: int, allowed):
        """Whoosh's best *limit* results, and whether the time limit stopped the search.

        The filter wraps the time limit: a collector wrapping Whoosh's FilterCollector
        would read the matches around it, unfiltered."""
        collector = _TimeLimit(self._searcher.collector(limit=limit), TIME_LIMIT)
        if allowed:
            collector = FilterCollector(collector, allowed)
        try:
            self._searcher.search_with_collector(query, collector)
        except TimeLimit:
            return collector.results(), True
        return collector.results(), False

    def _with_corrections(self, query: wq.Query) -> wq.Query:
        """A fuzzy term also finds the stems of its one-edit corrections.

        The index holds stems, and a typo can land two edits from the stem of the word
        meant: "resolutin" is one edit from "resolution" but two from its stem "resolut".
        So the corrections are spelled out (Norvig's edits1, a few hundred strings) and
        stemmed; stems that are not themselves one Levenshtein edit away (the fuzzy term
        finds those; a transposition is two for it) are looked up, and those the index
        holds are added to the fuzzy term.
        """
        reader = self._searcher.reader()

        def expand(node):
            if not isinstance(node, wq.FuzzyTerm):
                return node
            if (node.maxdist not in (1, 2) or node.fieldname not in ("body", "notes")
                    or not _PLAIN_WORD.fullmatch(node.text)):
                return _exact_first(node)
            levenshtein = _one_edit(node.text, node.prefixlength)
            edits = levenshtein | _transposed(node.text, node.prefixlength)
            stems = {stem(word) for word in edits} - levenshtein - {node.text}
            found = sorted(s for s in stems if (node.fieldname, s) in reader)
            return wq.Or([_exact_first(node), *(wq.Term(node.fieldname, s, boost=node.boost) for s in found)])

        return query.accept(expand)

    def parse(self, query: str, *, in_notes: bool = False) -> wq.Query | None:
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
            filters.append(citing_query(symbol) if cites else wq.Term("symbol", normalize_symbol(symbol)))
        query = _SYMBOL_FILTER.sub(" ", query).strip()
        parts = filters
        if query:
            parsed = self._parse_words(tuple(fields), query)
            cheaper = _cheaper_fuzzy(parsed)
            parsed = parsed if cheaper is wq.NullQuery else cheaper   # (title:word~ alone stays)
            if parsed is not wq.NullQuery:
                parts = [parsed, *filters]
        return None if not parts else parts[0] if len(parts) == 1 else wq.And(parts)

    def _parse_words(self, fields: tuple[str, ...], query: str) -> wq.Query:
        """Whoosh's parse of *query*; QueryError (a sentence) where Whoosh's parser fails."""
        try:
            return _bounded(_urls_by_term(_auto_fuzziness(self._parser(fields).parse(query))))
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
        docnums = list(self._searcher.docs_for_query(citing_query(wanted)))
        if not docnums:   # (an index with nothing committed yet has no columns to read)
            return {}, {}
        paths = self._searcher.reader().column_reader("path")
        page_numbers = self._searcher.reader().column_reader("page")
        pages: dict[str, list[int]] = {}
        for docnum in docnums:
            pages.setdefault(paths[docnum], []).append(page_numbers[docnum])
        return pages, {path: self._file_record(path) for path in pages}

    def _file_record(self, path: str) -> dict:
        return self._searcher.document(kind="file", path=path) or {}

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
            self._filters[key] = self._searcher._filter_to_comb(_filter(path, folder))
        return self._filters[key]

    def _damaged(self, error: str) -> store.IndexDamaged:
        """Damage found while searching: move the index aside; the error to raise."""
        self.close()
        moved = store.replace_damaged(self.index_dir)
        return store.IndexDamaged(f"The library index was damaged ({error}); it was moved to "
                                  f"{moved.name} and must be rebuilt (ibid index update).", moved)
    def _parser(self, fields: tuple[str, ...]) -> QueryParser:
        parser = self._parsers.get(fields)
        if parser is None:
            parser = _Parser(None, self._ix.schema, group=AndGroup, phraseclass=QuotedPhrase)
            parser.add_plugin(MultifieldPlugin(list(fields)))   # (as Whoosh's MultifieldParser)
            parser.remove_plugin_class(PhrasePlugin)
            parser.add_plugin(TypedPhrasePlugin())      # (the words as typed, on each phrase)
            parser.add_plugin(_AutoFuzzyPlugin())
            self._parsers[fields] = parser
        return parser

    def _hit(self, result, parsed: wq.Query, wanted: dict[str, set[str]], exact: ExactForms) -> Hit:
        fields = result.fields()
        by_field = self._matched_spans(result, parsed, wanted, exact)
        source = "body" if by_field.get("body") else "notes" if by_field.get("notes") else "body"
        text = fields.get(source) or ""
        spans = sorted(set(by_field.get(source, [])))
        terms = {" ".join(text[a:b].split()) for a, b in spans}
        if source == "body" and by_field.get("notes"):
            terms |= {" ".join(fields.get("notes", "")[a:b].split()) for a, b in by_field["notes"]}
        return Hit(from_index(fields["path"]), fields.get("title", ""), fields["page"], snippet(text, spans),
                   round(float(result.score), 4), tuple(sorted(terms, key=str.lower)),
                   fields.get("symbol", ""), source == "notes")

    def _matched_spans(self, result, parsed: wq.Query, wanted: dict[str, set[str]],
                       exact: ExactForms) -> dict[str, list[tuple[int, int]]]:
        """Character spans of the query's *wanted* words in the hit, per text field.

        Found by re-tokenising the stored text (only tokens that start like a wanted word
        are stemmed), which is much cheaper than reading postings per hit. A word that the
        query has only inside a phrase (or in quotes) counts only where the phrase is, as
        typed (so "rule of law" does not light up every "of" on the page, nor "disaster"
        the "disasters").
        """
        phrases = [leaf for leaf in parsed.leaves() if isinstance(leaf, (wq.Phrase, QuotedWord))]
        in_phrases = {(p.fieldname, w) for p in phrases for w in _words(p)}
        loose = {(leaf.field(), leaf.text) for leaf in parsed.leaves()
                 if not isinstance(leaf, (wq.Phrase, QuotedWord)) and leaf.field()
                 and isinstance(getattr(leaf, "text", None), str)}
        by_field: dict[str, list[tuple[int, int]]] = {}
        for fieldname, words in wanted.items():
            text = result.fields().get(fieldname) or ""
            found = self._tokens(text, words)
            for word, postings in found.items():
                if (fieldname, word) not in in_phrases or (fieldname, word) in loose:
                    by_field.setdefault(fieldname, []).extend((a, b) for _p, a, b in postings)
            for phrase in (p for p in phrases if p.fieldname == fieldname):
                pattern = exact.pattern_of(phrase)
                for spans in _phrase_spans(_words(phrase), found):
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


def citing_query(symbol: str) -> wq.Query:
    """The pages citing the UN *symbol* (any spacing or case), for ``cites:`` and
    ``cited_by()`` alike. A document never cites itself: the pages of the document whose own
    symbol it is (:func:`reader.core.citations.symbol_of_document`) are left out, though
    their running header names it on every page."""
    wanted = normalize_symbol(symbol)
    return wq.AndNot(wq.Term("cites", wanted), wq.Term("symbol", wanted))


class _TimeLimit(TimeLimitCollector):
    """Whoosh's TimeLimitCollector reading the clock after each match instead of starting a
    timer thread (and SIGALRM, which needs the main thread: the GUI searches on a pool
    thread). TimeLimit is raised after the first match past the limit."""

    def __init__(self, child, seconds: float) -> None:
        super().__init__(child, seconds, use_alarm=False)
        self.ends = 0.0

    def prepare(self, top_searcher, q, context) -> None:
        self.child.prepare(top_searcher, q, context)
        self.timedout = False
        self.ends = time.monotonic() + self.timelimit

    def collect_matches(self) -> None:
        for sub_docnum in self.child.matches():
            self.collect(sub_docnum)

    def collect(self, sub_docnum: int):
        result = self.child.collect(sub_docnum)
        if time.monotonic() > self.ends:
            self.timedout = True
            raise TimeLimit
        return result

    def finish(self) -> None:
        self.child.finish()


def _wanted_words(query: wq.Query, reader) -> dict[str, set[str]]:
    """The indexed words a hit of *query* may show, per text field: its terms, phrase words
    and the index words its prefixes and fuzzy terms stand for; not the words under NOT."""
    wanted: dict[str, set[str]] = {}

    def visit(node: wq.Query) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            visit(node.a)
        elif node.is_leaf():
            for fieldname, term in node.existing_terms(reader, phrases=True, expand=True):
                if fieldname in ("body", "notes"):
                    word = term.decode("utf-8") if isinstance(term, bytes) else term
                    wanted.setdefault(fieldname, set()).add(word)
        else:
            for child in node.children():
                visit(child)

    visit(query)
    return wanted


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_PLAIN_WORD = re.compile(f"[{_LETTERS}]+")


def _one_edit(word: str, keep: int = 0) -> set[str]:
    """Every string one deletion, replacement or insertion away from *word* (one Levenshtein
    edit), its first *keep* letters untouched."""
    head, tail = word[:keep], word[keep:]
    splits = [(tail[:i], tail[i:]) for i in range(len(tail) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    edits |= {a + c + b for a, b in splits for c in _LETTERS}
    return {head + e for e in edits if head + e}


def _transposed(word: str, keep: int = 0) -> set[str]:
    """*word* with two neighbouring letters swapped, its first *keep* letters untouched."""
    head, tail = word[:keep], word[keep:]
    return {head + tail[:i] + tail[i + 1] + tail[i] + tail[i + 2:] for i in range(len(tail) - 1)}


def _words(node: wq.Query) -> list[str]:
    """The indexed words of a phrase, or of a quoted word."""
    return list(node.words) if isinstance(node, wq.Phrase) else [node.text]


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


#: Fields file records have indexed too: a query naming one needs the kind:page filter.
#: (Text fields are indexed for pages only, so plain queries run unfiltered, which lets
#: Whoosh skip blocks that cannot reach the top hits.)
_FILE_FIELDS = frozenset({"kind", "path", "folder", "symbol", "key"})


#: Stands for "as many edits as the word's length allows" until :func:`_auto_fuzziness`.
_AUTO = -1


class _FuzzyOnce(wq.FuzzyTerm):
    """A fuzzy term that looks up its index words once per segment: Whoosh looks them up
    for estimate_size(), for matcher() and for the words of the hits, each a walk of the
    edit automaton over the terms that share the prefix."""

    def _btexts(self, ixreader):
        found = self.__dict__.setdefault("_found", {})
        if id(ixreader) not in found:
            found[id(ixreader)] = (ixreader, list(super()._btexts(ixreader)))
        return iter(found[id(ixreader)][1])


class _Parser(QueryParser):
    """Whoosh's parser, but one typed word the analyser cuts into several (``A/RES/78/5``,
    ``e-mail``) is those words in a row, as Lucene's autoGeneratePhraseQueries: not each of
    them anywhere on the page (every "a" and "5" matched, and lit up)."""

    def multitoken_query(self, spec, texts, fieldname, termclass, boost):
        if spec == "default" and fieldname in _PHRASE_FIELDS:
            return wq.Phrase(fieldname, texts, boost=boost)
        return super().multitoken_query(spec, texts, fieldname, termclass, boost)


class _AutoFuzzyPlugin(FuzzyTermPlugin):
    """``word~`` without a number of edits gets :func:`auto_edits` of them."""

    class FuzzyTermNode(FuzzyTermPlugin.FuzzyTermNode):
        qclass = _FuzzyOnce

    def create(self, parser, match):
        node = super().create(parser, match)
        if not match.group("maxdist"):
            node.maxdist = _AUTO
        return node


def _exact_first(node: wq.FuzzyTerm) -> wq.Query:
    """*node*, with the word as typed weighing EXACT_BOOST times more than its neighbours:
    BM25 alone ranks a rarer neighbour first ("Sendai~" put "sending" above every "Sendai")."""
    if node.maxdist == 0:
        return node
    return wq.Or([node, wq.Term(node.fieldname, node.text, boost=node.boost * EXACT_BOOST)])


def auto_edits(term: str) -> int:
    """Lucene's AUTO fuzziness: 0 edits for terms of 1-2 letters, 1 for 3-5, 2 for longer ones
    (the term as indexed: "geografic" is "geograf", two edits from "geograph")."""
    return 0 if len(term) <= 2 else 1 if len(term) <= 5 else 2


def _auto_fuzziness(query: wq.Query) -> wq.Query:
    def resolve(node):
        if isinstance(node, wq.FuzzyTerm) and node.maxdist == _AUTO:
            node.maxdist = auto_edits(node.text)
            if not node.maxdist:
                return wq.Term(node.fieldname, node.text, boost=node.boost)
        return node

    return query.accept(resolve)


def _urls_by_term(query: wq.Query) -> wq.Query:
    """The ``urls`` field answers whole terms and prefixes only (it has no positions for
    phrases, and fuzzy URLs would only add noise)."""
    def keep(node):
        if node.is_leaf() and node.field() == "urls" and type(node) not in (wq.Term, wq.Prefix):
            return wq.NullQuery
        return node

    return query.accept(keep).normalize()


def _cheaper_fuzzy(query: wq.Query) -> wq.Query:
    """Fuzzy terms keep their first letter (their first two in words of 6+ letters), where
    typos are rare, and look in the body only: each segment and field scanned costs an
    automaton walk over the terms with that prefix (fuzzy p95 59 -> ~30 ms at 5,000 pages)."""
    def cheaper(node):
        if isinstance(node, wq.FuzzyTerm):
            if node.fieldname == "title":
                return wq.NullQuery
            if not node.prefixlength:
                node.prefixlength = 2 if len(node.text) >= 6 else 1
        return node

    return query.accept(cheaper).normalize()


def _bounded(query: wq.Query) -> wq.Query:
    """*query* with fuzzy terms allowing at most MAX_EDITS edits."""
    def bound(node):
        if isinstance(node, wq.FuzzyTerm) and node.maxdist > MAX_EDITS:
            node.maxdist = MAX_EDITS
        return node

    return query.accept(bound)


def _record(fields: dict) -> dict:
    """A file record with its paths as Python spells them (see schema.to_index)."""
    return {**fields, "path": from_index(fields["path"]), "folder": from_index(fields.get("folder", ""))}


def _names_file_fields(query: wq.Query) -> bool:
    return any(leaf.field() in _FILE_FIELDS for leaf in query.leaves())


def _filter(path, folder) -> wq.Query:
    parts: list[wq.Query] = [wq.Term("kind", "page")]
    if path is not None:
        parts.append(wq.Term("path", to_index(str(Path(path).absolute()))))
    if folder is not None:
        parts.append(wq.Prefix("path", to_index(str(Path(folder).absolute())).rstrip("/") + "/"))
    return parts[0] if len(parts) == 1 else wq.And(parts)
