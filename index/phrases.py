"""Exact phrase queries, made cheap: word pairs for common words, a set check for the rest.

Whoosh answers ``"natural disasters"`` by checking word positions on every page holding
both words. Two things make that cheaper, without changing what matches:

- a phrase made only of common words is looked up as the word pairs the index holds for
  them (:class:`index.schema.WordAnalyzer`): "Member States" is one term;
- any other exact phrase compares the positions of its words as sets
  (:class:`AdjacentPhrase`), where Whoosh's span query built and compared span objects
  pairwise: a third less time at 5,000 pages ("natural disasters" 51 -> 34 ms).
"""
from __future__ import annotations

from whoosh import matching
from whoosh import query as wq
from whoosh.query.spans import Span, SpanNear2

from index.schema import PAIR_MARK, PAIRED_FIELDS, common_stems


def fast_phrases(query: wq.Query) -> wq.Query:
    """*query* with its exact phrases rewritten to word pairs or :class:`AdjacentPhrase`."""
    common = common_stems()

    def rewrite(node):
        if not isinstance(node, wq.Phrase) or node.slop != 1 or len(node.words) < 2:
            return node
        words = node.words
        if node.fieldname in PAIRED_FIELDS and common.issuperset(words):
            words = [f"{PAIR_MARK}{a} {b}" for a, b in zip(words, words[1:])]   # pair i at position i
            if len(words) == 1:
                return wq.Term(node.fieldname, words[0], boost=node.boost)
        return AdjacentPhrase(node.fieldname, words, boost=node.boost)

    return query.accept(rewrite)


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
