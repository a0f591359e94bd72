"""Exact phrase queries, made cheap: word pairs for common words, a set check for the rest.

Whoosh answers ``"natural disasters"`` by checking word positions on every page holding
both words. Two things make that cheaper, without changing what matches:

- a phrase made only of common words is looked up as the word pairs the index holds for
  them (:class:`index.backend.analysis.WordAnalyzer`): "Member States" is one term;
- any other exact phrase compares the positions of its words as sets
  (:class:`AdjacentPhrase`), where Whoosh's span query built and compared span objects
  pairwise: a third less time at 5,000 pages ("natural disasters" 51 -> 34 ms).

Exact phrases match the words as typed (case and accents aside): "natural disaster" is not
"natural disasters", and a single quoted word is that word: "disaster" is not "disasters"
(the parser keeps it apart from a bare word: :class:`QuotedPhrase`, :class:`QuotedWord`).
Pairs hold the words unstemmed, so common-word phrases are exact as they are looked up.
The positions are of stems, so the hits of other phrases are checked against the page text
(:class:`ExactForms`); their rarer words keep those hits few. Under NOT that check cannot
come after the search (a page left out for holding "natural disasters" would never be
seen again): there every page the stems match is checked first (:class:`ExactOnly`). (A
second set of unstemmed postings would have grown the index by about half.)
"""
from __future__ import annotations

import re
import time

from whoosh import matching
from whoosh import query as wq
from whoosh.qparser.plugins import PhrasePlugin, RegexTagger
from whoosh.query.spans import Span, SpanNear2
from whoosh.searching import TimeLimit

from index.backend.analysis import common_stems, fold, fold_word, index_form, stem
from index.schema import _WORDS, PAIR_MARK, PAIRED_FIELDS, url_terms


def fast_phrases(query: wq.Query, exact: ExactForms | None = None) -> wq.Query:
    """*query* with its exact phrases rewritten to word pairs (of the words as typed, which
    *exact* knows) or :class:`AdjacentPhrase`."""
    def rewrite(node):
        if not isinstance(node, wq.Phrase) or node.slop != 1 or len(node.words) < 2:
            return node
        words = node.words
        typed = exact.paired(node) if exact is not None else None
        if typed:
            words = [f"{PAIR_MARK}{a} {b}" for a, b in zip(typed, typed[1:])]   # pair i at position i
            if len(words) == 1:
                return wq.Term(node.fieldname, words[0], boost=node.boost)
        return AdjacentPhrase(node.fieldname, words, boost=node.boost)

    return query.accept(rewrite)


class QuotedWord(wq.Term):
    """A single word in quotes, in a stemmed text field: matched on its stem like any word,
    then held to the form typed (:class:`ExactForms`)."""

    #: The word as typed (lower case, accents folded), when the parser kept it.
    typed: list[str] | None = None


class QuotedPhrase(wq.Phrase):
    """The parser's phrase (its ``phraseclass``), carrying its words as typed (``typed``,
    lower case, accents folded: :class:`TypedPhrasePlugin` sets them). One that holds a
    single word stays a :class:`QuotedWord` where Whoosh would make it a plain Term and
    forget the quotes."""

    def __init__(self, fieldname, words, slop=1, boost=1.0, char_ranges=None, typed=None) -> None:
        super().__init__(fieldname, words, slop=slop, boost=boost, char_ranges=char_ranges)
        self.typed = typed

    def normalize(self):
        words = [w for w in self.words if w is not None]
        if len(words) == 1 and self.fieldname in _TEXT_FIELDS:
            word = QuotedWord(self.fieldname, words[0], boost=self.boost)
            if self.char_ranges:
                word.startchar, word.endchar = self.char_ranges[0]
            word.typed = self.typed
            return word
        found = super().normalize()
        if isinstance(found, QuotedPhrase):
            found.typed = self.typed
        return found


class TypedPhrasePlugin(PhrasePlugin):
    """Whoosh's quoted phrases, keeping the words as typed on each phrase: the index has only
    their stems, and ``"disaster" NOT "disasters"`` must tell the two apart."""

    class PhraseNode(PhrasePlugin.PhraseNode):
        def query(self, parser):
            found = super().query(parser)
            if isinstance(found, QuotedPhrase):
                found.typed = [fold_word(w) for w in _WORDS.findall(self.text)]
            return found

    class PhraseTagger(RegexTagger):
        def create(self, parser, match):
            slop = match.group("slop")
            return TypedPhrasePlugin.PhraseNode(match.group("text"), match.start("text"), int(slop) if slop else 1)

    def taggers(self, parser):
        return [(self.PhraseTagger(self.expr), 0)]


class ExactOnly(wq.WrappingQuery):
    """*child*, a quoted phrase or word matched on stems, keeping only the pages whose
    stored text holds it as typed (*pattern*). A page is read when the search asks about
    it (under NOT: only the pages the rest of the query matches), so it is used there,
    where checking the top hits afterwards cannot work. Past *deadline* (``time.monotonic``)
    it raises Whoosh's TimeLimit, as the search's own time limit does."""

    def __init__(self, child: wq.Query, pattern: re.Pattern, fieldname: str, deadline: float = float("inf")) -> None:
        super().__init__(child)
        self.pattern, self.fieldname, self.deadline = pattern, fieldname, deadline

    def _rewrap(self, child):
        return self.__class__(child, self.pattern, self.fieldname, self.deadline)

    def __eq__(self, other) -> bool:
        return (type(other) is type(self) and other.child == self.child and other.pattern == self.pattern
                and other.fieldname == self.fieldname)

    __hash__ = wq.WrappingQuery.__hash__

    def matcher(self, searcher, context=None):
        # (per segment: the ids and the stored fields are the segment's own)
        holding = _Holding(searcher, self.fieldname, self.pattern, self.deadline)
        return matching.FilterMatcher(self.child.matcher(searcher, context), holding)


class _Holding:
    """The pages of a segment whose *fieldname* holds *pattern*, as a set FilterMatcher
    asks: each page's stored text is read once, when first asked about."""

    def __init__(self, searcher, fieldname: str, pattern: re.Pattern, deadline: float) -> None:
        self.searcher, self.fieldname, self.pattern, self.deadline = searcher, fieldname, pattern, deadline
        self.known: dict[int, bool] = {}

    def __contains__(self, docnum: int) -> bool:
        if docnum not in self.known:
            if time.monotonic() > self.deadline:
                raise TimeLimit
            text = self.searcher.stored_fields(docnum).get(self.fieldname) or ""
            self.known[docnum] = _found(self.pattern, fold(text))
        return self.known[docnum]


class AdjacentPhrase(wq.Phrase):
    """An exact phrase (the words next to each other, in order: slop 1) matched by set
    arithmetic on the words' positions."""

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        field = searcher.schema[self.fieldname]
        terms = []
        for word in self.words:
            if (self.fieldname, field.to_bytes(word)) not in reader:
                return matching.NullMatcher()   # a word the index lacks: no page has the phrase
            terms.append(wq.Term(self.fieldname, word))
        matcher = _AdjacentWords([t.matcher(searcher, context) for t in terms])
        return matching.WrappingMatcher(matcher, boost=self.boost) if self.boost != 1.0 else matcher


class _AdjacentWords(SpanNear2.SpanNear2Matcher):
    """Whoosh's matcher for words within one position of each other, in order, with the
    check made on sets: the phrase starts where word *i* sits *i* places after word 0."""

    def __init__(self, matchers) -> None:
        super().__init__(matchers, slop=1, ordered=True, mindist=1)

    def copy(self):
        return self.__class__([m.copy() for m in self.ms])

    def _get_spans(self):
        starts = set(self.ms[0].value_as("positions"))
        for offset, other in enumerate(self.ms[1:], start=1):
            starts.intersection_update([p - offset for p in other.value_as("positions")])
            if not starts:
                return []
        last = len(self.ms) - 1
        return [Span(start, start + last) for start in sorted(starts)]


_QUOTED = re.compile(r'"([^"]+)"')
#: Fields whose stored text a phrase is checked against.
_TEXT_FIELDS = frozenset({"body", "notes", "annotations", "title"})


def _pairable(node: wq.Phrase) -> bool:
    return node.fieldname in PAIRED_FIELDS and common_stems().issuperset(node.words)


class ExactForms:
    """The quoted phrases of a query as typed, to check that a hit holds them word for word.

    ``holds(query, fields)`` is False only when the hit cannot match *query* with the
    phrases' exact words: a phrase the query needs (alone, or with AND) is missing from the
    field's stored text in the form typed. Under OR it is False only when no alternative
    may match; a bare word there is looked up among the stems of the field's text, so
    ``"disaster" OR floods`` keeps a page only for "disaster" or a form of "flood". Phrases
    under NOT are made exact before the search instead (:meth:`under_not`). A quoted single
    word counts as a phrase of one word.
    """

    def __init__(self, query_text: str) -> None:
        #: The quoted words by their stems, for phrases that do not carry them (``typed``).
        self.typed: dict[tuple[str, ...], list[str]] = {}
        self._patterns: dict[tuple[str, ...], re.Pattern] = {}
        for quoted in _QUOTED.finditer(query_text):
            words = [fold_word(w) for w in _WORDS.findall(quoted.group(1))]
            if words:
                self.typed[tuple(index_form(w) for w in words)] = words

    def __bool__(self) -> bool:
        return bool(self.typed)

    def typed_words(self, node) -> list[str] | None:
        """The words of a quoted phrase or word as typed; None for any other node."""
        words = list(node.words) if isinstance(node, wq.Phrase) else [node.text] if isinstance(node, QuotedWord) else None
        if words is None:
            return None
        typed = getattr(node, "typed", None)
        return typed if typed and len(typed) == len(words) else self.typed.get(tuple(words))

    def paired(self, node: wq.Phrase) -> list[str] | None:
        """The words of *node* as typed when the index answers it from pairs (exactly)."""
        return self.typed_words(node) if _pairable(node) else None

    def pattern_of(self, node) -> re.Pattern | None:
        """The pattern a quoted phrase or word must match in the text, None for any other
        node (and for phrases the pairs answer exactly, or with words between: "a b"~3)."""
        words = self.typed_words(node)
        if (not words or node.fieldname not in _TEXT_FIELDS
                or (isinstance(node, wq.Phrase) and (node.slop != 1 or self.paired(node)))):
            return None
        key = tuple(words)
        if key not in self._patterns:
            # Words as the tokenizer cuts them: no word character (nor "x.") after;
            # before, checked in _found (a look-behind here would slow every search).
            self._patterns[key] = re.compile(r"\W+".join(re.escape(w) for w in words) + r"(?!\w|\.\w)")
        return self._patterns[key]

    def needs_check(self, query: wq.Query) -> bool:
        """Whether some phrase of *query* is matched on stems (not from pairs)."""
        return any(self.pattern_of(leaf) is not None for leaf in query.leaves())

    def under_not(self, query: wq.Query, seconds: float = float("inf")) -> wq.Query:
        """*query* with its quoted phrases and words under NOT held to the form typed (the
        checks stop the search after *seconds* from now)."""
        deadline = time.monotonic() + seconds

        def exact(node):
            pattern = self.pattern_of(node)
            if pattern is not None:
                return ExactOnly(node, pattern, node.fieldname, deadline)
            return node if node.is_leaf() else node.apply(exact)

        def walk(node):
            if isinstance(node, wq.Not):
                return node.apply(exact)
            if isinstance(node, wq.AndNot):
                return wq.AndNot(walk(node.a), exact(node.b))
            return node if node.is_leaf() else node.apply(walk)

        return walk(query) if self else query

    def holds(self, query: wq.Query, fields: dict) -> bool:
        folded: dict[str, str] = {}
        stems: dict[str, set[str]] = {}

        def check(node) -> bool | None:   # None: cannot tell (not a checked phrase)
            pattern = self.pattern_of(node)
            if pattern is not None:
                if node.fieldname not in folded:
                    folded[node.fieldname] = fold(fields.get(node.fieldname) or "")
                return _found(pattern, folded[node.fieldname])
            if isinstance(node, wq.Term) and node.fieldname == "urls":   # unstemmed: exact as it is
                return node.text in {t for url in str(fields.get("urls") or "").split() for t in url_terms(url)}
            if type(node) is wq.Term and node.fieldname in _TEXT_FIELDS:   # a bare word: the field's terms
                if node.fieldname not in stems:   # (made as the analyzer makes them)
                    stems[node.fieldname] = {stem(fold_word(w)) for w in _WORDS.findall(fields.get(node.fieldname) or "")}
                return node.text in stems[node.fieldname]
            if isinstance(node, (wq.AndNot, wq.AndMaybe, wq.Require)):
                return check(node.children()[0])
            if isinstance(node, wq.Not) or node.is_leaf():
                return None
            if isinstance(node, wq.And):   # the hit matched every part: only quoted ones can fail
                found = [check(child) for child in node.children() if self.needs_check(child)]
                return False if False in found else True if True in found else None
            found = [check(child) for child in node.children()]
            if isinstance(node, (wq.Or, wq.DisjunctionMax)):
                return None if None in found else any(found)
            return None

        return check(query) is not False


def _found(pattern: re.Pattern, text: str) -> bool:
    for match in pattern.finditer(text):
        start = match.start()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"
                              or (text[start - 1] == "." and start > 1 and _WORDS.match(text, start - 2))):
            return True
    return False
