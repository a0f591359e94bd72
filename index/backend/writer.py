"""The index writer: Whoosh's SegmentWriter, made cheaper, writing the same segment files.

    try_writer(ix) -> Writer | None    a writer holding the index's write lock, None when
                                       another process holds it
    merge_policy                        the ``mergetype`` of ``writer.commit()``
    MAX_SEGMENTS                        segments past which a commit merges

The contract (tests/index/backend/test_writer.py): an index written by :class:`Writer` holds
exactly the terms, statistics and postings Whoosh's own SegmentWriter leaves.
"""
from __future__ import annotations

import heapq
import itertools
from array import array

from whoosh.codec.whoosh3 import W3FieldWriter
from whoosh.reading import SegmentReader
from whoosh.writing import PostingPool, SegmentWriter

from index.schema import Analyzed

#: Segments past which a commit merges; each costs a searcher's opening and every query.
MAX_SEGMENTS = 10


def merge_policy(writer, segments):
    """Whoosh merge policy: past MAX_SEGMENTS, merge the smallest ones into the new segment.

    Whoosh's MERGE_SMALL left 15 segments after a 5,000-page build with a commit every few
    seconds. Merging only the small ones keeps rewrites rare (merging is pure Python).
    """
    if len(segments) < MAX_SEGMENTS:
        return segments
    ordered = sorted(segments, key=lambda s: s.doc_count_all())
    cut = len(ordered) - MAX_SEGMENTS // 2
    for segment in ordered[:cut]:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        if not getattr(writer, "closes_merged_readers", False):   # ours reads the postings later
            reader.close()
    return ordered[cut:]


def try_writer(ix):
    """A :class:`Writer` holding *ix*'s write lock, or None when another process holds it.

    The lock is taken here, not by Whoosh: a writer that fails while it is being made (its
    first files cannot be created on a full disk) would keep it until the process ends.
    """
    lock = ix.lock("WRITELOCK")
    if not lock.acquire(blocking=False):
        return None
    try:
        made = Writer(ix, _lk=False)
    except BaseException:
        lock.release()
        raise
    made.writelock = lock    # released by the writer's commit() or cancel()
    return made


class Writer(SegmentWriter):
    """Whoosh's SegmentWriter with its postings kept by term (:class:`_TermPool`), each
    term's postings written in whole blocks (:func:`_write_terms`), and the segments it
    merges read term by term as the new one is written (:func:`_merged_terms`), instead of
    one tuple per posting, all sorted when the segment is written: Whoosh's pool took 190
    bytes a posting and spilled to disk past 128 MB (every merge at 20,000 pages did), and
    the sort and the per-posting loops were most of the writing process's CPU. Same
    segment files."""

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        self.pool = _TermPool(self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", 128))
        self.closes_merged_readers = True   # (merge_policy leaves them open for us)
        #: Segments merged into this one: (reader, its first new document number, docmap).
        #: Their postings are read term by term while the segment is written, after the
        #: pool's (all numbered lower), instead of passing through the pool one by one.
        self._merged: list[tuple] = []

    def add_reader(self, reader) -> None:
        """Merge *reader*'s segment into this one: its documents now, its postings when the
        segment is written (:func:`_merged_terms`). Takes over closing *reader*."""
        self._check_state()
        basedoc = self.docnum
        fieldnames = set(self.schema.names()) | {name for name in reader.indexed_field_names() if name in self.schema}
        docmap = self.write_per_doc(fieldnames, reader)
        self._merged.append((reader, basedoc, docmap))
        self._added = True

    def _pool_merged(self) -> None:
        """Put the merged segments' postings in the pool after all (Whoosh's way)."""
        for reader, basedoc, docmap in self._merged:
            self.add_postings_to_pool(reader, basedoc, docmap)
        self._close_merged()

    def _close_merged(self) -> None:
        merged, self._merged = self._merged, []
        for reader, _basedoc, _docmap in merged:
            reader.close()

    def cancel(self) -> None:
        try:
            super().cancel()
        finally:
            self._close_merged()

    def add_document(self, **fields) -> None:
        """SegmentWriter.add_document, with the postings of an :class:`Analyzed` value handed
        to the pool a field at a time (:meth:`_TermPool.add_field`) instead of one call and one
        tuple each. Fields with a spelling list or term vectors (none in our schema) go through
        Whoosh's own code."""
        schema = self.schema
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        if any(schema[name].separate_spelling() or schema[name].vector for name in names):
            return super().add_document(**fields)
        self._check_state()
        if self._merged:   # documents after merged ones: their postings would come out of order
            self._pool_merged()
        perdocwriter, pool, docnum = self.perdocwriter, self.pool, self.docnum
        docboost = self._doc_boost(fields)
        perdocwriter.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field, length = schema[name], 0
                if field.indexed:
                    boost = self._field_boost(fields, name, docboost)
                    if isinstance(value, Analyzed):
                        length = pool.add_field(name, docnum, value, boost)
                    else:
                        for btext, freq, weight, vbytes in field.index(value):
                            length += freq
                            pool.add((name, btext, docnum, weight * boost, vbytes))
                    if not field.scorable:
                        length = 0
                stored = fields.get(f"_stored_{name}", value)
                perdocwriter.add_field(name, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdocwriter.add_column_value(name, field.column_type, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(pdr) if pdr else None
        try:
            if type(self.fieldwriter) is W3FieldWriter and self.pool.in_order():
                terms = [self.pool.sorted_terms()]
                terms += [_merged_terms(self.schema, *merged) for merged in self._merged]
                _write_terms(self.fieldwriter, self.schema, lengths, _joined(terms))
            else:
                self._pool_merged()
                if type(self.fieldwriter) is W3FieldWriter:
                    _add_postings(self.fieldwriter, self.schema, lengths, self.pool.iter_postings())
                else:
                    self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
            self.fieldwriter.close()
        finally:
            self._close_merged()
            if pdr:
                pdr.close()


class _TermPool(PostingPool):
    """The postings of a segment being written, by field and term: per term its document
    numbers, weights and values in three lists, in the order they come.

    Documents come in document-number order (added ones, then those of merged segments,
    numbered after them), so each term's postings need no sorting: writing the segment sorts
    the terms only. Should a posting ever come out of order, or the pool outgrow *limitmb*
    (about 50 bytes a posting plus its value), the postings go through Whoosh's sorted runs
    on disk as before (``PostingPool.save``/``items``).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields: dict[str, dict[bytes, list]] = {}   # field -> term -> [docnums, weights, values, last docnum]
        self._ordered = True

    def add(self, item) -> None:
        fieldname, btext, docnum, weight, value = item
        self.add_field(fieldname, docnum, ((btext, 0, weight, value),))

    def add_field(self, fieldname: str, docnum: int, postings, boost: float = 1.0) -> int:
        """add() for each of one field's *postings* of document *docnum* (Whoosh's (term,
        frequency, weight, value) tuples, weights times *boost*); returns the field's length."""
        terms = self.fields.setdefault(fieldname, {})
        length = size = 0
        for btext, freq, weight, value in postings:
            length += freq
            weight *= boost
            entry = terms.get(btext)
            if entry is None:
                terms[btext] = [array("i", (docnum,)), array("f", (weight,)), [value], docnum]
                size += 300 + len(btext) + len(value or b"")
            else:
                if docnum <= entry[3]:
                    self._ordered = False
                entry[0].append(docnum)
                entry[1].append(weight)
                entry[2].append(value)
                entry[3] = docnum
                size += 50 + len(value or b"")
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()
        return length

    def in_order(self) -> bool:
        """Whether the postings are all here, each term's in document order."""
        return self._ordered and not self.runs

    def sorted_terms(self):
        """(field, term, docnums, weights, values) for every term, in field and term order."""
        fields, self.fields = self.fields, {}
        for fieldname in sorted(fields):
            terms = fields[fieldname]
            for btext in sorted(terms):
                docnums, weights, values, _last = terms[btext]
                yield fieldname, btext, docnums, weights, values

    def _tuples(self):
        """The postings as Whoosh's (field, term, docnum, weight, value) tuples, taken out of
        the pool (Whoosh's runs sort them)."""
        for fieldname, btext, docnums, weights, values in self.sorted_terms():
            yield from zip([fieldname] * len(docnums), [btext] * len(docnums), docnums, weights, values)

    def save(self) -> None:
        self.current.extend(self._tuples())
        super().save()

    def iter_postings(self):
        self.current.extend(self._tuples())
        return super().iter_postings()


def _merged_terms(schema, reader, basedoc: int, docmap: dict | None):
    """The postings of a merged segment as (field, term, docnums, weights, values), in field
    and term order, numbered as in the new segment (deleted documents left out, as Whoosh's
    ``_process_posts`` does)."""
    for fieldname, btext in reader.all_terms():
        if fieldname not in schema:
            continue
        matcher = reader.postings(fieldname, btext)
        docnums, weights, values = array("i"), array("f"), []
        while matcher.is_active():
            docnum = matcher.id()
            docnums.append(docmap[docnum] if docmap is not None else basedoc + docnum)
            weights.append(matcher.weight())
            values.append(matcher.value())
            matcher.next()
        yield fieldname, btext, docnums, weights, values


def _joined(sources: list):
    """Term groups of several sorted *sources* (each in field and term order, their
    documents numbered in source order) as one: a term's lists joined in source order."""
    groups = heapq.merge(*sources, key=lambda group: (group[0], group[1]))   # stable: source order
    for (fieldname, btext), same in itertools.groupby(groups, key=lambda group: (group[0], group[1])):
        parts = list(same)
        if len(parts) == 1:
            yield parts[0]
        else:
            yield (fieldname, btext, array("i", itertools.chain.from_iterable(p[2] for p in parts)),
                   array("f", itertools.chain.from_iterable(p[3] for p in parts)),
                   [value for p in parts for value in p[4]])


def _write_terms(fw: W3FieldWriter, schema, lengths: _Lengths | None, terms) -> None:
    """What ``_add_postings`` writes for the same postings, a term at a time: *terms* gives
    (field, term, docnums, weights, values) in field and term order; each block's document
    numbers, weights and values are slices of the term's lists, its statistics their max and
    min. Document -1 (Whoosh's spelling entries) is skipped, as Whoosh does."""
    lastfield = column = None
    for fieldname, btext, docnums, weights, values in terms:
        if not docnums:   # every posting of a merged term was deleted
            continue
        if fieldname != lastfield:
            if lastfield is not None:
                fw.finish_field()
            fw.start_field(fieldname, schema[fieldname])
            column = lengths.column(fieldname) if lengths is not None else None
            lastfield = fieldname
        if docnums[0] == -1:   # sorted first: the term's spelling entries
            kept = [i for i, d in enumerate(docnums) if d != -1]
            if not kept:
                continue
            docnums = array("i", (docnums[i] for i in kept))
            weights = array("f", (weights[i] for i in kept))
            values = [values[i] for i in kept]
        fw.start_term(btext)
        pw = fw._postwriter
        limit = pw._blocklimit
        for start in range(0, len(docnums), limit):
            if start:
                pw._write_block()
            pw._ids = ids = docnums[start:start + limit]
            pw._weights = weights[start:start + limit]
            pw._values = [v for v in values[start:start + limit] if v]
            pw._maxweight = max(0, max(pw._weights))
            if column is not None:
                found = [n for n in map(column.__getitem__, ids) if n]
                if found:
                    pw._minlength, pw._maxlength = min(found), max(found)
        fw.finish_term()
    if lastfield is not None:
        fw.finish_field()


class _Lengths:
    """The per-document reader's field lengths, read once per field into a list."""

    def __init__(self, reader) -> None:
        self.reader = reader
        self.columns: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        return self.column(fieldname, default)[docnum]

    def column(self, fieldname: str, default: int = 0) -> list[int]:
        column = self.columns.get(fieldname)
        if column is None:
            reader = self.reader
            column = self.columns[fieldname] = [reader.doc_field_length(d, fieldname, default)
                                                for d in range(reader.doc_count_all())]
        return column


def _add_postings(fw: W3FieldWriter, schema, lengths: _Lengths | None, items) -> None:
    """``FieldWriter.add_postings()`` for Whoosh's W3 codec, with the four calls it makes per
    posting (``add``, ``add_posting`` and its type checks, the length lookup) done inline:
    the loop runs for every word of every page, a quarter of the writing process's CPU.
    Same calls per term and field, same blocks and statistics, so the same files."""
    lastfn = lasttext = None
    column = pw = None
    ids = weights = values = None
    limit = 0
    for fieldname, btext, docnum, weight, value in items:
        if fieldname != lastfn:
            if lasttext is not None:
                fw.finish_term()
            if lastfn is not None:
                fw.finish_field()
            fw.start_field(fieldname, schema[fieldname])
            lastfn, lasttext = fieldname, None
            column = lengths.column(fieldname) if lengths is not None else None
        if docnum == -1:   # Whoosh's spelling entries, which it skips too
            continue
        if btext != lasttext:
            if lasttext is not None:
                fw.finish_term()
            fw.start_term(btext)
            lasttext = btext
            pw = fw._postwriter
            ids, weights, values, limit = pw._ids, pw._weights, pw._values, pw._blocklimit
        if len(ids) >= limit:
            pw._write_block()
            ids, weights, values = pw._ids, pw._weights, pw._values
        ids.append(docnum)
        weights.append(weight)
        if weight > pw._maxweight:
            pw._maxweight = weight
        if value:
            values.append(value)
        length = column[docnum] if column is not None else 0
        if length:
            if pw._minlength is None or length < pw._minlength:
                pw._minlength = length
            if length > pw._maxlength:
                pw._maxlength = length
    if lasttext is not None:
        fw.finish_term()
    if lastfn is not None:
        fw.finish_field()
