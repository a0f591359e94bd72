"""Queries in Whoosh's terms: parse, rewrite, run with a time limit and a filter.

    Searcher(ix)                  one Whoosh searcher and what it answers:
        .parse(fields, text, max_edits)      the query for words typed, or None (raises
                                             what Whoosh's parser raises: the caller words it)
        .too_broad(query, most)              the first prefix*/wildcard/fuzzy~/[range] term
                                             standing for more than *most* index words
        .with_corrections(query)             fuzzy terms also find their corrections' stems
        .top(query, limit, allowed, seconds) the best hits (Found), and whether time ran out
        .pages(path, folder)                 a filter: the pages of a document / below a folder
        .wanted_words(query)                 the index words a hit of *query* may show
        .documents(**terms), .citing_pages(symbol), .up_to_date(), .close()
    symbol_query(key), citing_query(key), all_of(parts)
    needs_page_filter(query), highlight_words(query)

The query objects are Whoosh's; callers pass them back here (and to
:mod:`index.backend.phrases`) without opening them.
"""
from __future__ import annotations

import itertools
import re
import time
from pathlib import Path
from typing import NamedTuple

from whoosh import query as wq
from whoosh.collectors import FilterCollector, TimeLimitCollector
from whoosh.qparser import AndGroup, FuzzyTermPlugin, MultifieldPlugin, PhrasePlugin, QueryParser
from whoosh.searching import TimeLimit

from index.backend.analysis import stem
from index.backend.phrases import QuotedPhrase, QuotedWord, TypedPhrasePlugin
from index.schema import normalize_symbol, to_index

#: A Whoosh query (the type callers may name).
Query = wq.Query


#: How much more a fuzzy term's exact word weighs than the words one or two edits away: an
#: exact match must outrank its neighbours, though a neighbour is rarer (so weighs more in
#: BM25) or more frequent on its page. Ten times covers an idf ratio of ten (a word on one
#: page in 10^4 against one on every tenth) and a few times the frequency.
EXACT_BOOST = 10.0
#: The text fields indexed with positions, where a word cut in several is matched as a phrase.
_PHRASE_FIELDS = frozenset({"body", "notes", "annotations", "title"})


class Found(NamedTuple):
    """One result: Whoosh's document number, its stored fields and its score."""
    docnum: int
    fields: dict
    score: float


class Searcher:
    """A Whoosh searcher of *ix* (not shared between threads) and the questions it answers."""

    def __init__(self, ix) -> None:
        self._ix = ix
        self._searcher = ix.searcher()
        self._parsers: dict[tuple[str, ...], QueryParser] = {}

    def up_to_date(self) -> bool:
        return self._searcher.up_to_date()

    def close(self) -> None:
        self._searcher.close()

    # -- queries ---------------------------------------------------------------------
    def parse(self, fields: tuple[str, ...], text: str, max_edits: int) -> wq.Query | None:
        """Whoosh's parse of *text* over *fields*, fuzzy terms with :func:`auto_edits` (at
        most *max_edits*), cheaper (:func:`_cheaper_fuzzy`); None when nothing is left.
        Whatever Whoosh's parser raises is raised (it fails on some operator sequences)."""
        parsed = _bounded(_urls_by_term(_auto_fuzziness(self._parser(fields).parse(text))), max_edits)
        cheaper = _cheaper_fuzzy(parsed)
        parsed = parsed if cheaper is wq.NullQuery else cheaper   # (title:word~ alone stays)
        return None if parsed is wq.NullQuery else parsed

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

    def too_broad(self, query: wq.Query, most: int) -> str | None:
        """The first prefix*, wildcard, fuzzy~ or [range] term of *query* that stands for
        more than *most* index words, as the user wrote it; None when there is none."""
        reader = self._searcher.reader()
        for leaf in query.leaves():
            if not isinstance(leaf, wq.MultiTerm):
                continue
            if sum(1 for _ in itertools.islice(leaf.expanded_terms(reader), most + 1)) > most:
                text = getattr(leaf, "text", None)   # (a [range] has none)
                return str(leaf) if text is None else f"{text}~" if isinstance(leaf, wq.FuzzyTerm) else text
        return None

    def with_corrections(self, query: wq.Query) -> wq.Query:
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
            if (node.maxdist not in (1, 2) or node.fieldname not in ("body", "notes", "annotations")
                    or not _PLAIN_WORD.fullmatch(node.text)):
                return _exact_first(node)
            levenshtein = _one_edit(node.text, node.prefixlength)
            edits = levenshtein | _transposed(node.text, node.prefixlength)
            stems = {stem(word) for word in edits} - levenshtein - {node.text}
            found = sorted(s for s in stems if (node.fieldname, s) in reader)
            return wq.Or([_exact_first(node), *(wq.Term(node.fieldname, s, boost=node.boost) for s in found)])

        return query.accept(expand)

    def wanted_words(self, query: wq.Query) -> dict[str, set[str]]:
        return _wanted_words(query, self._searcher.reader())

    # -- running them ----------------------------------------------------------------
    def top(self, query: wq.Query, limit: int, allowed, seconds: float) -> tuple[list[Found], bool, bool]:
        """The best *limit* results (only pages in *allowed*, when given), whether the time
        limit (*seconds*) stopped the search, and whether there were fewer than *limit*.

        No terms=True: recording every match's terms stops Whoosh from skipping the blocks
        that cannot reach the top hits. The filter wraps the time limit: a collector
        wrapping Whoosh's FilterCollector would read the matches around it, unfiltered."""
        collector = _TimeLimit(self._searcher.collector(limit=limit), seconds)
        if allowed:
            collector = FilterCollector(collector, allowed)
        partial = False
        try:
            self._searcher.search_with_collector(query, collector)
        except TimeLimit:
            partial = True
        results = collector.results()
        found = [Found(result.docnum, result.fields(), float(result.score)) for result in results]
        return found, partial, results.scored_length() < limit

    def pages(self, path: str | Path | None, folder: str | Path | None):
        """The pages (of document *path*, below *folder*) as a set of document numbers to
        pass to :meth:`top` as *allowed*; empty when there are none."""
        return self._searcher._filter_to_comb(_filter(path, folder))

    def count(self, field: str, text: str) -> int:
        """How many records (not deleted) hold the term *text* in *field*; no stored field
        is read (``len(documents(...))`` took 5 ms even when there were none)."""
        reader = self._searcher.reader()
        if (field, text) not in reader:
            return 0
        return sum(1 for _ in reader.postings(field, text).all_ids())

    def documents(self, **terms) -> list[dict]:
        """The stored fields of every record matching *terms* (``kind="file"``, ``path=…``)."""
        return [dict(fields) for fields in self._searcher.documents(**terms)]

    def citing_pages(self, wanted: str) -> dict[str, list[int]]:
        """{path as stored: [1-based pages]} of the pages citing the normalised symbol
        *wanted*, read from columns (no stored text is loaded)."""
        docnums = list(self._searcher.docs_for_query(citing_query(wanted)))
        if not docnums:   # (an index with nothing committed yet has no columns to read)
            return {}
        paths = self._searcher.reader().column_reader("path")
        page_numbers = self._searcher.reader().column_reader("page")
        pages: dict[str, list[int]] = {}
        for docnum in docnums:
            pages.setdefault(paths[docnum], []).append(page_numbers[docnum])
        return pages


def symbol_query(wanted: str) -> wq.Query:
    """The records whose own UN symbol is the normalised *wanted*."""
    return wq.Term("symbol", wanted)


def all_of(parts: list) -> wq.Query | None:
    return None if not parts else parts[0] if len(parts) == 1 else wq.And(parts)


def highlight_words(query: wq.Query) -> tuple[list[tuple[str, list[str], wq.Query]], set[tuple[str, str]]]:
    """The phrases (and quoted words) of *query* as (field, indexed words, node), and the
    (field, word) of its other leaves: the words a hit shows lit wherever they are."""
    phrases = [leaf for leaf in query.leaves() if isinstance(leaf, (wq.Phrase, QuotedWord))]
    loose = {(leaf.field(), leaf.text) for leaf in query.leaves()
             if not isinstance(leaf, (wq.Phrase, QuotedWord)) and leaf.field()
             and isinstance(getattr(leaf, "text", None), str)}
    return [(p.fieldname, _words(p), p) for p in phrases], loose


def needs_page_filter(query: wq.Query) -> bool:
    """Whether *query* names a field that file records have indexed too (then only pages
    may be kept: :meth:`Searcher.pages`)."""
    return _names_file_fields(query)


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
                if fieldname in ("body", "notes", "annotations"):
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


def _exact_first(node: wq.FuzzyTerm) -> wq.Query:
    """*node*, with the word as typed weighing EXACT_BOOST times more than its neighbours:
    BM25 alone ranks a rarer neighbour first ("Sendai~" put "sending" above every "Sendai")."""
    if node.maxdist == 0:
        return node
    return wq.Or([node, wq.Term(node.fieldname, node.text, boost=node.boost * EXACT_BOOST)])


class _AutoFuzzyPlugin(FuzzyTermPlugin):
    """``word~`` without a number of edits gets :func:`auto_edits` of them."""

    class FuzzyTermNode(FuzzyTermPlugin.FuzzyTermNode):
        qclass = _FuzzyOnce

    def create(self, parser, match):
        node = super().create(parser, match)
        if not match.group("maxdist"):
            node.maxdist = _AUTO
        return node


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
            if node.fieldname == "title" or not node.text:   # ("'~0": nothing left to look for)
                return wq.NullQuery
            if not node.prefixlength:
                node.prefixlength = 2 if len(node.text) >= 6 else 1
            node.prefixlength = min(node.prefixlength, len(node.text))
        return node

    return query.accept(cheaper).normalize()


def _bounded(query: wq.Query, max_edits: int) -> wq.Query:
    """*query* with fuzzy terms allowing at most *max_edits* edits."""
    def bound(node):
        if isinstance(node, wq.FuzzyTerm) and node.maxdist > max_edits:
            node.maxdist = max_edits
        return node

    return query.accept(bound)


def _names_file_fields(query: wq.Query) -> bool:
    return any(leaf.field() in _FILE_FIELDS for leaf in query.leaves())


def _filter(path, folder) -> wq.Query:
    parts: list[wq.Query] = [wq.Term("kind", "page")]
    if path is not None:
        parts.append(wq.Term("path", to_index(str(Path(path).absolute()))))
    if folder is not None:
        parts.append(wq.Prefix("path", to_index(str(Path(folder).absolute())).rstrip("/") + "/"))
    return parts[0] if len(parts) == 1 else wq.And(parts)
