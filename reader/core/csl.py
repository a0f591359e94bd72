"""The works a document's notes cite, as CSL-JSON (what Zotero, pandoc and citeproc read).

    csl_items(notes, titles=None) -> list[dict]
    csl_export(notes, titles=None) -> CslExport (the items, and the references left out)

*notes* are the document's notes with their citations (``Footnote`` after
``reader.core.citations.cite_notes``, the window's ``NoteEntry``: anything with ``label`` and
``citations``, a tuple of :class:`~reader.core.citations.model.Citation`).
Each cited UN document becomes a ``report`` (``number`` = its symbol, the organ as author,
publisher "United Nations", URL on undocs.org: styles print the number of a report, not of
``legislation``), each DOI an
``article`` with its DOI, each other URL a ``webpage``. Works cited many times appear once,
in the order first cited; ids are derived from the symbol, DOI or URL, so they stay the same
from one export to the next. Titles of UN documents come from *titles* (symbol -> title, e.g.
the library's), else from the note, where it prints one in quotation marks just before the
symbol or web address, else one is made from the symbol ("General Assembly resolution 78/5").
Dates (``issued``) come from the note around the citation ("adopted on 29 July 1993", "2 October
2023"), else from a year in the symbol (``S/RES/853(1993)``, ``S/2023/960``). A document issued
under two symbols (``A/78/636-S/2023/960``) is one item. An order of the International Court of
Justice is a ``legal_case``. Back-references name no work of their own and are left out; other
plain references (a convention's name, a book) are listed in ``CslExport.left_out`` so the
user is told. Qt-free.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import quote, unquote, urlsplit

from reader.core.citations.model import Citation

UN_PUBLISHER = "United Nations"
_UNDOCS = re.compile(r"^https?://(?:www\.)?undocs\.org/(?:(?:en|fr|es|ar|ru|zh)/)?(?P<symbol>[^?#\s]+)$", re.I)

TitleLookup = Callable[[str], "str | None"]


class CitingNote(Protocol):
    """What :func:`csl_items` reads of a note (``Footnote`` has it; ``text``, the note's
    text, is optional: without it no title or date is read from the note)."""
    label: str
    citations: tuple[Citation, ...]


@dataclass
class CslExport:
    items: list[dict]
    #: (note label, reference as printed) of the plain references no item was made for.
    left_out: list[tuple[str, str]] = field(default_factory=list)

    def left_out_sentence(self) -> str:
        """"Not exported (Ibid cannot tell what kind of work they are): note 5 “…”." or ""."""
        if not self.left_out:
            return ""
        shown = "; ".join(f"note {label} \u201c{text[:60]}\u201d" for label, text in self.left_out[:5])
        more = f" and {len(self.left_out) - 5} more" if len(self.left_out) > 5 else ""
        return f"Not exported (Ibid cannot tell what kind of work they are): {shown}{more}."


def csl_items(notes: Iterable[CitingNote], titles: TitleLookup | None = None) -> list[dict]:
    """CSL-JSON items for every work cited in *notes*, each once (see the module doc)."""
    return csl_export(notes, titles).items


def csl_export(notes: Iterable[CitingNote], titles: TitleLookup | None = None) -> CslExport:
    """The items of :func:`csl_items`, and the plain references left out."""
    items: dict[str, dict] = {}
    left_out: list[tuple[str, str]] = []
    cases = _Cases()
    for note in notes:
        text = getattr(note, "text", "") or ""
        for _cit, item in _note_items(note.citations, text, titles, cases, left_out, note.label):
            if item is not None:
                first = items.setdefault(item["id"], item)
                first.setdefault("note", "")   # where the document cites it: "notes 1, 4"
                labels = first.setdefault("_labels", [])
                if note.label not in labels:
                    labels.append(note.label)
    result = []
    for item in items.values():
        labels = [label for label in item.pop("_labels") if label]
        item["note"] = f"Cited in note{'s' if len(labels) > 1 else ''} {', '.join(labels)}" if labels else ""
        if not item["note"]:
            del item["note"]
        result.append(item)
    return CslExport(result, left_out)


def _note_items(citations: tuple[Citation, ...], text: str, titles: TitleLookup | None, cases: _Cases,
                left_out: list, label: str):
    """(citation, item or None) for one note's citations, read in the note's *text*."""
    places = _places(citations, text)
    decisions = cases.in_note(text)
    skip: set[int] = set()
    for i, cit in enumerate(citations):
        if i in skip:
            continue
        start, end = places[i]
        if cit.type == "un-symbol" and i + 1 < len(citations) and citations[i + 1].type == "un-symbol" \
                and start >= 0 and places[i + 1][0] >= 0 and text[end:places[i + 1][0]] == "-":
            joint = f"{cit.value}-{citations[i + 1].value}"           # A/78/636-S/2023/960: one document
            skip.add(i + 1)
            end = places[i + 1][1]
            item = un_item(joint, titles)
        else:
            item = _item(cit, titles)
        if item is None and cit.type == "reference":
            item = next((d for a, b, d in decisions if a <= start < b), None)
            if item is None:
                left_out.append((label, cit.text))
            yield cit, item
            continue
        if item is not None and start >= 0:
            _from_note(item, text, start, end, [p for j, p in enumerate(places) if j != i], cit.text)
        if item is not None:
            item.pop("_made_title", None)
        yield cit, item


def _places(citations: tuple[Citation, ...], text: str) -> list[tuple[int, int]]:
    """Where each citation is printed in *text*, in order ((-1, -1) when it cannot be found)."""
    places, cursor = [], 0
    for cit in citations:
        at = text.find(cit.text, cursor) if cit.text else -1
        if at < 0 and cit.text:
            at = text.find(cit.text)
        places.append((at, at + len(cit.text)) if at >= 0 else (-1, -1))
        if at >= 0:
            cursor = at + len(cit.text)
    return places


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_MONTH = "(?:" + "|".join(m.capitalize() for m in _MONTHS) + ")"
#: "29 July 1993", "11–15 November 2024" (the last day), "July 29, 1993", "September 2003".
_DATE = re.compile(rf"(?:\b(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})\s+(?P<y1>\d{{4}})"
                   rf"|\b(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}}),\s+(?P<y2>\d{{4}})"
                   rf"|\b(?P<m3>{_MONTH})\s+(?P<y3>\d{{4}}))\b")
#: A year as one part of a UN symbol ("S/2023/960", "E/CN.4/1999/79", "853(1993)").
_SYMBOL_YEAR = re.compile(r"(?:^|[/(])((?:19|20)\d\d)(?=[/)]|$)")
#: A title printed in quotation marks, then only punctuation or an opening bracket before
#: the citation ("“Profiles in displacement: Azerbaijan” (E/CN.4/…)").
_QUOTED = re.compile(r"[“\"](?P<title>[^”\"]{3,300})[”\"][\s,.:;(]*(?:available\s+at\s+|at\s+)?$|"
                     r"[“\"](?P<far>[^”\"]{3,300})[”\"],?\s+(?:\d{1,2}\s+)?(?:" + _MONTH + r"\s+)?\d{4},?\s+"
                     r"(?:available\s+at|at)\s*:?\s*$")
_CLAUSE = re.compile(r";\s")


#: A body named just before a quoted title ("United Nations, “…”"): a few capitalised words.
_AUTHOR_BEFORE = re.compile(r"(?:^|[;.]\s)\s*(?P<name>(?:[A-Z][\w’'&.-]*\s+(?:(?:of|the|for|and|on)\s+)*){0,6}"
                            r"[A-Z][\w’'&.-]*),\s*$")
#: Unquoted words naming a web page or article just before "available at" (the clause's
#: "See" / "See, for example," left out).
_NAMED_BEFORE = re.compile(r"^(?:\s*(?:see(?:\s+also)?|cf\.)(?:,?\s+for\s+example)?,?\s+)?"
                           r"(?P<title>[^,;()]{3,200}?),?\s+(?:available\s+(?:at|from)|at)\s*:?\s*$", re.I)
#: A citation printed as a named decision ("Commission on Human Rights resolution 1998/50").
_NAMED_DECISION = re.compile(r"^[A-Z][\w ,'’-]+ (?:resolution|decision) \S+", re.I)


def _from_note(item: dict, text: str, start: int, end: int, others: list[tuple[int, int]],
               printed: str = "") -> None:
    """*item* given the title and date the note prints around its citation at *start*:*end*
    (within its clause, between the citations before and after it)."""
    low = max([0, *(m.end() for m in _CLAUSE.finditer(text, 0, start)), *(b for a, b in others if 0 <= b <= start)])
    high_cuts = [m.start() for m in _CLAUSE.finditer(text, end)] + [a for a, b in others if a >= end]
    high = min([len(text), *high_cuts])
    before, after = text[low:start], text[end:high]
    if item.pop("_made_title", False):     # a title of the library's copy stays
        quoted = _QUOTED.search(before)
        if quoted:
            item["title"] = " ".join((quoted.group("title") or quoted.group("far")).split()).rstrip(",.")
            author = _AUTHOR_BEFORE.search(before[:quoted.start()])
            if author and item.get("type") == "webpage":          # United Nations, “UN team completes …”
                item["author"] = [{"literal": " ".join(author.group("name").split())}]
        elif item.get("type") != "report" and (named := _NAMED_BEFORE.search(before)):
            item["title"] = " ".join(named.group("title").split())   # "World Health Organization guidance, available at"
        elif printed and _NAMED_DECISION.search(printed) and item.get("type") == "report":
            item["title"] = " ".join(printed.split())    # "Commission on Human Rights resolution 1998/50"
    # Last, for a UN document, the clause's last date before it ("letters dated 5 December
    # 2023 and 8 February 2024 … (A/78/636-S/2023/960 and A/78/764)"); a web address cited
    # after other works is not dated by them.
    clause = text[max([0, *(m.end() for m in _CLAUSE.finditer(text, 0, start))]):start] if "number" in item else ""
    date = _first_date(after) or _symbol_year(item.get("number", "")) or _last_date(before)
    if date:
        item["issued"] = {"date-parts": [date]}
        return
    session = _session_years(item.get("number", ""))
    guess = _last_date(clause)
    if guess and (session is None or session[0][0] <= guess[0] <= session[1][0]):
        item["issued"] = {"date-parts": [guess]}
    elif session:
        item["issued"] = {"date-parts": session}


def _date_parts(match: re.Match) -> list[int]:
    year = int(match.group("y1") or match.group("y2") or match.group("y3"))
    month = _MONTHS.index((match.group("m1") or match.group("m2") or match.group("m3")).lower()) + 1
    day = match.group("d1") or match.group("d2")
    return [year, month, int(day)] if day else [year, month]


def _first_date(text: str) -> list[int] | None:
    match = _DATE.search(text)
    return _date_parts(match) if match else None


def _last_date(text: str) -> list[int] | None:
    matches = list(_DATE.finditer(text))
    return _date_parts(matches[-1]) if matches else None


def _symbol_year(symbol: str) -> list[int] | None:
    years = [int(y) for part in symbol.split("-") for y in _SYMBOL_YEAR.findall(part)]
    return [years[0]] if years else None


#: The General Assembly's regular session N opens in September of 1945 + N (the first in 1946);
#: its symbols carry N from the thirty-first session (1976: A/RES/31/1, A/31/100).
GA_FIRST_YEAR = 1945
GA_NUMBERED_FROM = 31
_GA_SESSION = re.compile(r"^A/(?:RES/)?(\d{2,3})/")


def _session_years(symbol: str) -> list[list[int]] | None:
    """[[first year], [last year]] of the General Assembly session a symbol names (a
    resolution of session 69 was adopted in 2014 or 2015), or None."""
    match = _GA_SESSION.match(symbol)
    if not match or int(match.group(1)) < GA_NUMBERED_FROM:
        return None
    first = GA_FIRST_YEAR + int(match.group(1))
    return [[first], [first + 1]]


#: "Order of the International Court of Justice of 7 December 2021" (and "Judgment", "Advisory Opinion").
_ICJ = re.compile(rf"\b(?P<kind>Order|Judgment|Advisory Opinion)\s+of\s+the\s+International\s+Court\s+of\s+Justice"
                  rf"\s+of\s+(?P<date>\d{{1,2}}\s+{_MONTH}\s+\d{{4}})")
_IBID_LEAD = re.compile(r"^\s*(?:ibid|id)\.?,?\s*", re.I)


class _Cases:
    """Decisions of the International Court of Justice cited in the notes, as ``legal_case``
    items titled by the case the note names ("Ibid." names the case of the decision before)."""

    def __init__(self) -> None:
        self.last_case = ""

    def in_note(self, text: str) -> list[tuple[int, int, dict]]:
        """(start, end, item) of each decision *text* cites: from the start of its clause (the
        case's name, the phase) to the end of its date."""
        found = []
        for match in _ICJ.finditer(text):
            start = max([0, *(m.end() for m in _CLAUSE.finditer(text, 0, match.start())),
                         *(b for _a, b, _i in found)])
            head = text[start:match.start()]
            ibid = _IBID_LEAD.match(head)
            if ibid and ibid.group():
                head = head[ibid.end():]
            parts = [p.strip(" ,.;") for p in _CASE_PARTS.split(head) if p.strip(" ,.;")]
            case = next((p for p in parts if " v. " in p or "(" in p), "")
            if not case:
                case = self.last_case if ibid and ibid.group() else (parts[0] if parts else "")
            self.last_case = case or self.last_case
            date = _first_date(match.group("date")) or []
            title = ", ".join([*([case] if case else []), *(p for p in parts if p != case),
                               f"{match.group('kind')} of {match.group('date')}"])
            item = {"id": "icj-" + _slug(f"{case[:48]} {' '.join(map(str, date))}").lower(), "type": "legal_case",
                    "title": title, "authority": "International Court of Justice"}
            if date:
                item["issued"] = {"date-parts": [date]}
            found.append((start, match.end(), item))
        return found


#: Where a case citation's parts meet: ". " (not the "v. " of "Armenia v. Azerbaijan") or ", ".
_CASE_PARTS = re.compile(r"(?<!\bv)\.\s+|,\s+")


def _item(cit: Citation, titles: TitleLookup | None) -> dict | None:
    kind, value = cit.type, cit.value
    if kind == "url":
        match = _UNDOCS.match(value)
        return un_item(unquote(match.group("symbol")), titles) if match else url_item(value)
    if kind == "un-symbol" and value:
        return un_item(value, titles)
    if kind == "doi" and value:
        return doi_item(value)
    return None


def un_item(symbol: str, titles: TitleLookup | None = None) -> dict:
    """The ``report`` of a UN document; *symbol* may be a joint one ("A/78/636-S/2023/960",
    one document issued to two organs: both are its authors, the first symbol its address)."""
    symbol = re.sub(r"\s+", "", symbol)
    parts = [p for p in _JOINT.split(symbol) if p] or [symbol]
    organs = list(dict.fromkeys(_ORGANS.get(p.split("/", 1)[0].upper(), "") for p in parts))
    organ = organs[0]
    found = titles(symbol) if titles else None
    title = found or _title_from_symbol(symbol, organ)
    authors = [{"literal": f"{UN_PUBLISHER} {o}" if o else UN_PUBLISHER} for o in organs]
    item = {"id": "un-" + _slug(symbol), "type": "report", "title": title, "number": symbol,
            "publisher": UN_PUBLISHER, "author": authors,
            "URL": "https://undocs.org/" + quote(parts[0], safe="/().-")}
    if not found:
        item["_made_title"] = True
    return item


#: The join of a document's two symbols ("A/78/636-S/2023/960"): a hyphen before an organ's letter and "/".
_JOINT = re.compile(r"-(?=[A-Z]+/)")


#: The first part of a UN symbol -> the organ that issued it.
_ORGANS = {"A": "General Assembly", "S": "Security Council", "E": "Economic and Social Council",
           "T": "Trusteeship Council", "ST": "Secretariat"}


def _title_from_symbol(symbol: str, organ: str) -> str:
    """"General Assembly resolution 78/5", "Security Council resolution 853 (1993)", or
    "United Nations document A/78/636"."""
    match = re.fullmatch(r"[A-Z]+/RES/(.+)", symbol, re.I)
    if match and organ:
        number = re.sub(r"(\d)\(", r"\1 (", match.group(1))   # 853(1993) -> 853 (1993)
        return f"{organ} resolution {number}"
    return f"{UN_PUBLISHER} document {symbol}"


def doi_item(doi: str) -> dict:
    return {"id": "doi-" + _slug(doi.lower()), "type": "article", "title": f"doi:{doi}", "DOI": doi,
            "URL": "https://doi.org/" + quote(doi, safe="/:;()._-~+=,<>[]"), "_made_title": True}


def url_item(url: str) -> dict:
    parts = urlsplit(url)
    title = (parts.netloc + parts.path).rstrip("/") or url
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:10]
    return {"id": f"url-{_slug(parts.netloc)[:40]}-{digest}", "type": "webpage", "title": title, "URL": url,
            "_made_title": True}


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-") or "item"
