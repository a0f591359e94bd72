"""Back-references: "Ibid.", "Id.", "Idem", "op. cit." and "supra note 32", "(n 7)",
"see note 4 above", and the notes they point to.

Finding works on one note; resolving needs the notes before it (``resolve``).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from reader.core.citations.model import Citation

_PIN = r"(?:,?\s+(?:at\s+\*?\d+(?:\s*[–-]\s*\d+)?|pp?\.\s?\d+(?:\s*[–-]\s*\d+)?|paras?\.\s?\d+(?:\s*[–-]\s*\d+)?" \
       r"|¶+\s?\d+(?:\([a-z]\))?))?"
#: The page of a pin ("p. 4", "pp. 4-5", "at 4") at the end of a back-reference's text.
_PAGE_IN_PIN = re.compile(r"(?:\bpp?\.|\bat)\s?\*?(\d+)(?:\s*[–-]\s*\d+)?\s*$")
_NOTE_RE = re.compile(
    rf"\b(?:supra|infra|above)\s*,?\s+(?:notes?|nn?\.?)\s+(?P<n1>\d{{1,4}})\b{_PIN}"       # supra note 32, above n 7
    rf"|\((?:see\s+)?(?:(?:§\s?\d+|intro\.|[a-z]+\.),\s+)?nn?\.?\s+(?P<n2>\d{{1,4}})\b[^()\n]{{0,20}}\)"  # (n 7) (see § 1, n. 6)
    rf"|\bsee\s+(?:notes?|n\.)\s+(?P<n3>\d{{1,4}})\b(?:\s+(?:above|supra|below|infra))?"   # see note 4 above
    rf"|\b(?:notes?|n\.)\s+(?P<n4>\d{{1,4}})\s+(?:above|supra)\b",                       # note 4 above
    re.I)
_IBID_RE = re.compile(rf"(?<![\w.])(?:ibid(?:em)?\.?|Id\.|id\.(?=\s+at\b))(?!\w){_PIN}", re.I)
_IDEM_RE = re.compile(r"(?<![\w.])idem\b", re.I)
_OPCIT_RE = re.compile(r"(?<![\w.])(?:op|loc)\.\s?cit\.?" + _PIN, re.I)
_CLAUSE_END = re.compile(r";\s*|(?<=[a-z]{4})\.\s+(?=[A-Z])")
_LEAD = re.compile(r"^[\s*_\"“‘'(\[]*(?:(?:see(?: also)?|cf\.|e\.g\.,?)\s+)?", re.I)


@dataclass(frozen=True)
class BackRef:
    """A back-reference found in one note, before it is resolved."""
    start: int
    end: int
    kind: str               # "ibid" (also Id.), "idem", "op-cit", "note"
    text: str
    number: str = ""        # the label a "note" reference names
    author: str = ""        # op. cit.: the author named before it ("idem" for the previous one)
    title: str = ""         # op. cit.: the short title named before it


def find_backrefs(text: str) -> list[BackRef]:
    """Every back-reference in one note's text, in order (op. cit. swallows its "Idem")."""
    refs = [BackRef(m.start(), m.end(), "note", m.group(), number=next(g for g in m.groups() if g))
            for m in _NOTE_RE.finditer(text)]
    for m in _OPCIT_RE.finditer(text):
        start = _clause_start(text, m.start())
        author, title = _author_title(text[start:m.start()])
        refs.append(BackRef(start, m.end(), "op-cit", text[start:m.end()].strip(), author=author, title=title))
    taken = [(r.start, r.end) for r in refs]
    for kind, regex in (("ibid", _IBID_RE), ("idem", _IDEM_RE)):
        for m in regex.finditer(text):
            if not any(s <= m.start() < e for s, e in taken):
                refs.append(BackRef(m.start(), m.end(), kind, m.group()))
    return sorted(refs, key=lambda r: r.start)


def _clause_start(text: str, pos: int) -> int:
    """Start of the citation that ends in "op. cit." at *pos*: after the last ";" or sentence end
    (a full stop after a word of four letters or more, before a capital: not "Ed. By", "p. 5")."""
    cuts = [m.end() for m in _CLAUSE_END.finditer(text, 0, pos)]
    return cuts[-1] if cuts else 0


def _author_title(before: str) -> tuple[str, str]:
    before = _LEAD.sub("", before)
    chunks = [c.strip(" *_\"“”‘’'") for c in before.split(",")]
    chunks = [c for c in chunks if c]
    author = chunks[0] if chunks else ""
    return author, (chunks[1] if len(chunks) > 1 else "")


def starts_with_ibid(text: str, refs: Sequence[BackRef]) -> bool:
    """Does the note consist of an Ibid./Id. pointing back (so a later Ibid. leans through it)?"""
    lead = len(_LEAD.match(text).group()) if text else 0
    return bool(refs) and refs[0].kind == "ibid" and refs[0].start <= lead + 1


def resolve(ref: BackRef, index: int, notes: Sequence[tuple[str, str]],
            leans: Sequence[str], refs_of: Sequence[list[BackRef]]) -> Citation:
    """The citation for *ref* in note *index*; *leans* gives, for each earlier note, the label of
    the note it leans on (itself, or for an Ibid. note the note its chain of Ibid. leans on)."""
    target = None
    if ref.kind == "note":
        target = _label_near(ref.number, index, notes)
    elif ref.kind in ("ibid", "idem") and index > 0:
        target = leans[index - 1]
    elif ref.kind == "op-cit" and ref.author:
        author = ref.author
        if author.lower() in ("idem", "id.", "eadem", "ibid.", "ibid") and index > 0:
            author = _author_of(index - 1, notes, refs_of)
        target = _work_of(author, ref.title, index, notes, refs_of) if author else None
    value = ref.number if ref.kind == "note" else (target or "")
    page = _PAGE_IN_PIN.search(ref.text)
    return Citation("back-reference", ref.text, value, target=target,
                    pinned_page=int(page.group(1)) if page and int(page.group(1)) > 0 else None)


def _label_near(label: str, index: int, notes: Sequence[tuple[str, str]]) -> str | None:
    earlier = [n for n, _ in notes[:index]]
    if label in earlier:
        return label
    return label if any(n == label for n, _ in notes[index + 1:]) else None


def _author_of(index: int, notes: Sequence[tuple[str, str]], refs_of: Sequence[list[BackRef]]) -> str:
    """The author a note names first ("Aristotle. Physics." -> "Aristotle"), through "Idem"."""
    for i in range(index, max(index - 20, -1), -1):
        head = _LEAD.sub("", notes[i][1])
        author = re.split(r"[.,:]\s", head + " ", maxsplit=1)[0].strip(" *_")
        if author.lower() not in ("idem", "id", "eadem", "ibid"):
            return author
    return ""


@lru_cache(maxsize=4096)
def _flat(text: str) -> str:
    return " ".join(text.lower().split())


def _work_of(author: str, title: str, index: int, notes: Sequence[tuple[str, str]],
             refs_of: Sequence[list[BackRef]]) -> str | None:
    """The nearest earlier note naming *author* (and *title*), preferring one that is not itself
    a back-reference (the note with the full citation): not an "Ibid.", an "op. cit." nor a
    short form ("Smith, supra note 3")."""
    author, title = _flat(author), _flat(title)

    def names(text: str) -> bool:
        flat = _flat(text)
        return author in flat and (not title or title in flat)
    fallback = None
    for i in range(index - 1, -1, -1):
        label, text = notes[i]
        if names(text):
            if not any(r.kind in ("op-cit", "ibid", "idem", "note") for r in refs_of[i]):
                return label
            fallback = fallback or label
    return fallback
