"""UN document symbols: as printed (``A/78/636-S/2023/960``), written out in words
("Security Council resolution 853 (1993)", "resolutions 47/62 and 51/241"), and the symbol a
document carries on its own first page or in its file name.

Every symbol found here starts with the symbol of a UN body (``A``, ``S``, ``E``, ``ST``,
``CTOC``, …) and holds a digit, so dates (1/4/2025), ratios, page ranges and "24/7" never match.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterator
from pathlib import PurePath
from urllib.parse import quote

from reader.core.citations.model import Citation

UNDOCS = "https://undocs.org/en/"

#: First components of UN document symbols (main organs, treaty bodies, conferences, agencies
#: that publish under UN symbols). Longest first, so the regex prefers CEDAW to CED.
_PARENTS = sorted(["A", "S", "E", "T", "ST", "DP", "UNEP", "TD", "HRI", "CERD", "CCPR", "CAT", "CRC", "CEDAW", "CMW", "CRPD", "CED", "ICCD", "FCCC", "CTOC", "CAC", "UNW", "SPLOS", "ISBA", "JIU", "CD", "CCW", "APLC", "BWC", "NPT", "ECE", "PBC", "IDB", "ACC", "DP/FPA", "UNDP", "UNICEF"],
                  key=len, reverse=True)
#: One component after a slash: 78, RES, C.3, CN.4, Add.2, Rev.1, PV.49, L.17, ES-11, S-32, 1/CP.21 …
_COMPONENT = r"(?:[A-Z][A-Za-z]{0,9}(?:\.\d+[A-Za-z]?)?(?:-\d+)?|\d+(?:\.\d+)?[A-Z]?)"
_SESSION = r"\s?\((?:\d{4}|(?:E?S-)?[IVXL]{1,7})\)"
SYMBOL_RE = re.compile(
    rf"(?<![\w/.])(?:{'|'.join(re.escape(p) for p in _PARENTS)})(?:/{_COMPONENT})+(?![\w/])"
    rf"(?P<session>{_SESSION})?")
#: The same, as a whole string (file names, user input).
_WHOLE = re.compile(rf"(?:{'|'.join(re.escape(p) for p in _PARENTS)})(?:/{_COMPONENT})+(?:{_SESSION})?")

# Resolutions written out: "General Assembly resolution 48/114", "resolutions 47/62 and 51/241",
# "Security Council resolution 853 (1993)", "resolution ES-10/23", "3499 (XXX)", "G.A. Res. 60/1".
_ORGANS = {
    "general assembly": "A/RES/", "g.a.": "A/RES/", "security council": "S/RES/", "s.c.": "S/RES/",
    "human rights council": "A/HRC/RES/", "economic and social council": "E/RES/",
    "commission on human rights": "E/CN.4/RES/",
}
_ORGAN = r"(?P<organ>Economic and Social Council|Commission on Human Rights|(?:[A-Z][\w.-]*\s+){0,4}" \
         r"(?:Assembly|Council|Commission|Board|Committee|Conference|Organization|Organisation|Agency|Union))"
_ITEM = rf"(?:(?:E?S-)?\d{{1,4}}/\d{{1,4}}(?![/\d])|\d{{1,4}}(?: ?[A-Z](?= ?\())?{_SESSION})"
_SEP = r"(?:\s+of\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4})?(?:\s*,\s*(?:and\s+)?|\s+and\s+)"
RESOLUTION_RE = re.compile(
    rf"(?:\b{_ORGAN}\s+)?(?P<kw>\b[Rr]esolutions?|\bG\.A\.\s?Res\.|\bS\.C\.\s?Res\.)\s+(?P<items>{_ITEM}(?:{_SEP}{_ITEM})*)")
_ITEM_RE = re.compile(_ITEM)
#: A General Assembly resolution of the old numbering, even without the word: "3499 (XXX)".
_OLD_GA_RE = re.compile(r"(?<![\w/])\d{2,4}(?: [A-Z])? ?\((?:E?S-)?[IVXL]{1,7}\)")
_ROMAN_SESSION = re.compile(r"\((?:E?S-)?[IVXL]{1,7}\)")

# "Official Records of the General Assembly, Sixty-third Session, Supplement No. 47"
_ORDINALS = {w: i for i, w in enumerate(
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"], 1)}
_TENS = {"tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
         "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
         "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80,
         "ninetieth": 90}
_DECADES = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90}
_RECORDS_RE = re.compile(
    r"Official Records of the General Assembly,\s+(?P<session>[A-Z][a-z]+(?:-[a-z]+)?)\s+[Ss]ession,\s+"
    r"Supplement No\.\s?(?P<supp>\d{1,3})(?P<symbol>\s*\((?:A/\S+?)\))?")
#: "Security Council Official Records, Third Year, No. 133, 390th Meeting" -> S/PV.390
_MEETING_RE = re.compile(
    r"(?:Security Council,?\s+Official Records|Official Records of the Security Council),[^;()]{0,80}?"
    r"\b(?P<meeting>\d{1,5})(?:st|nd|rd|th)\s+[Mm]eeting")

#: Dashes and spaces that differ only in print; replaced one for one so offsets stay valid.
_PRINT = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                        "\u00a0": " ", "\u2009": " ", "\u202f": " "})


def undocs_url(symbol: str) -> str:
    return UNDOCS + quote(normalise_symbol(symbol), safe="/().-")


def normalise_symbol(symbol: str) -> str:
    """``S/RES/853 (1993)`` -> ``S/RES/853(1993)``: compatibility forms folded (NFKC), print
    dashes made ``-``, spaces removed, case kept (the form shown and put in the JSON). Idempotent."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", symbol).translate(_PRINT).replace("\u2212", "-"))


def symbol_key(symbol: str) -> str:
    """The form symbols are compared, stored and looked up in (the index, resolvers): the
    normalised symbol in capitals, without trailing punctuation. Idempotent.

    >>> symbol_key(" a/res/78/229. ")
    'A/RES/78/229'
    """
    return normalise_symbol(symbol).upper().rstrip(".,;:")


#: A paragraph pin right after a symbol: ", para. 12", ", paras. 12-14", " paragraph 3".
#: (Pins into an annex, "annex, para. 3", are left alone: annexes number their own.)
_PARAGRAPH_PIN = re.compile(r",?\s*(?:paras?\.|paragraphs?)\s*(\d{1,4})\b")
#: A page pin right after a symbol: ", p. 2", ", pp. 4-5", ", page 3" (the first page is kept).
PAGE_PIN = re.compile(r",?\s*(?:pp?\.|pages?)\s?(\d{1,5})\b(?:\s*[–-]\s*\d{1,5}\b)?")


def find_symbols(text: str) -> Iterator[tuple[int, int, Citation]]:
    """(start, end, citation) for every UN symbol printed or written out in words in *text*;
    a paragraph pin that follows it is its ``paragraph``, a page pin its ``pinned_page``, and
    both are part of its printed text (as "Ibid., para. 3" keeps its pin)."""
    plain = text.translate(_PRINT)
    for source in (_printed, _resolutions, _records):
        for start, end, citation in source(text, plain):
            pin = _PARAGRAPH_PIN.match(plain, end)
            if pin:
                end = pin.end()
                citation = dataclasses.replace(citation, text=text[start:end], paragraph=int(pin.group(1)))
            page = PAGE_PIN.match(plain, end)
            if page and int(page.group(1)) > 0:
                end = page.end()
                citation = dataclasses.replace(citation, text=text[start:end], pinned_page=int(page.group(1)))
            yield start, end, citation


def _citation(printed: str, symbol: str) -> Citation:
    symbol = normalise_symbol(symbol)
    return Citation("un-symbol", printed, symbol, url=undocs_url(symbol))


def _printed(text: str, plain: str) -> Iterator[tuple[int, int, Citation]]:
    if "/" not in plain:   # every symbol has one; the scan costs a tenth of a millisecond a page
        return
    for m in SYMBOL_RE.finditer(plain):
        end = m.end()
        if m.group("session") and "/RES/" not in m.group():
            end = m.start("session")       # "A/80/6 (1993)": the year is not part of it
        symbol = plain[m.start():end]
        if _plausible(symbol):
            yield m.start(), end, _citation(text[m.start():end], symbol)


def _plausible(symbol: str) -> bool:
    """Two components after the body (A/78/636), or one with a dot (S/PV.9049), or the early
    numbering of one body and a number of three digits or more (S/1117, CD/1299)."""
    parts = symbol.split("/")
    if len(parts) == 2 and "." not in parts[1]:
        return re.fullmatch(r"(?:A|S|E|T|CD)/\d{3,5}", symbol) is not None
    return any(ch.isdigit() for ch in symbol)


def _resolutions(text: str, plain: str) -> Iterator[tuple[int, int, Citation]]:
    seen = set()
    # Each expression is tried at every position of the text: run it only on text holding
    # the words it needs (most pages have none; the library indexer runs this on every page).
    keyword = "esolution" in plain or "Res." in plain
    for m in RESOLUTION_RE.finditer(plain) if keyword else ():
        organ = (m.group("organ") or "").lower()
        if m.group("kw").startswith(("G.A.", "S.C.")):
            organ = m.group("kw")[:4].lower()
        for item in _ITEM_RE.finditer(m.group("items")):
            symbol = resolution_symbol(item.group(), organ)
            start, end = m.start("items") + item.start(), m.start("items") + item.end()
            if symbol:
                seen.add(start)
                head = m.start() if item.start() == 0 else start
                yield head, end, _citation(text[head:end], symbol)
    for m in _OLD_GA_RE.finditer(plain) if _ROMAN_SESSION.search(plain) else ():
        if m.start() not in seen:
            yield m.start(), m.end(), _citation(text[m.start():m.end()], resolution_symbol(m.group(), ""))


def resolution_symbol(number: str, organ: str = "") -> str | None:
    """The symbol of a resolution named by *number* ("48/114", "853 (1993)", "3499 (XXX)")
    and the body that adopted it (lower-case name, "" when the text does not say)."""
    number = normalise_symbol(number)
    organ = " ".join(organ.lower().split())
    prefix = next((p for name, p in _ORGANS.items() if organ == name or organ.endswith(" " + name)), None)
    session = re.fullmatch(r"(\d+)(?:[A-Z])?\(((?:E?S-)?[IVXL]+|\d{4})\)", number)
    if session:
        num, when = session.groups()
        if when.isdigit():
            return f"S/RES/{num}({when})" if prefix in (None, "S/RES/") else None
        return f"{prefix or 'A/RES/'}{num}({when})" if prefix in (None, "A/RES/", "E/RES/") else None
    first = number.split("/")[0]
    if prefix is None and organ and not first.startswith(("ES-", "S-")):
        return None                       # "World Health Assembly resolution 67/1": not a UN symbol
    if prefix is None or prefix == "S/RES/":
        if prefix == "S/RES/" or not (first.startswith(("ES-", "S-")) or int(first) < 100):
            return None                   # "resolution 1998/50" without a body: cannot tell whose
        prefix = "A/RES/"
    return prefix + number


def _records(text: str, plain: str) -> Iterator[tuple[int, int, Citation]]:
    if "Official Records" not in plain:   # both expressions need it
        return
    for m in _RECORDS_RE.finditer(plain):
        session = _session_number(m.group("session"))
        if session and not m.group("symbol"):
            yield m.start(), m.end(), _citation(text[m.start():m.end()], f"A/{session}/{m.group('supp')}")
    for m in _MEETING_RE.finditer(plain):
        yield m.start(), m.end(), _citation(text[m.start():m.end()], f"S/PV.{m.group('meeting')}")


def _session_number(words: str) -> int | None:
    words = words.lower()
    if words in _TENS:
        return _TENS[words]
    if words in _ORDINALS:
        return _ORDINALS[words]
    tens, _, unit = words.partition("-")
    if tens in _DECADES and unit in _ORDINALS:
        return _DECADES[tens] + _ORDINALS[unit]
    return None


def symbol_of_document(first_page_text: str, filename: str) -> str | None:
    """The UN symbol a document carries: the symbol printed alone on a line near the top of its
    first page (``A/RES/78/253``; the first half of a joint symbol), else one spelled out by the
    file name (``A_RES_78_253.pdf``, ``un_A_C.3_80_L.3.pdf``), else None."""
    for line in (first_page_text or "").translate(_PRINT).splitlines()[:25]:
        line = line.strip().rstrip("*").strip()
        m = SYMBOL_RE.match(line)
        if m and _plausible(m.group()) and not line[m.end():].strip(" -*"):
            return normalise_symbol(m.group())
        if m and _plausible(m.group()) and SYMBOL_RE.fullmatch(line[m.end():].strip(" -*")):
            return normalise_symbol(m.group())           # A/79/843-S/2025/210
    parts = PurePath(filename or "").stem.replace(" ", "_").split("_")
    for i in range(len(parts)):
        candidate = "/".join(parts[i:])
        if _WHOLE.fullmatch(candidate) and _plausible(candidate):
            return normalise_symbol(candidate)
    return None
