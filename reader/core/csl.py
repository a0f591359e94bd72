"""The works a document's notes cite, as CSL-JSON (what Zotero, pandoc and citeproc read).

    csl_items(notes, titles=None) -> list[dict]

*notes* are the document's notes with their citations (``Footnote`` after
``reader.core.citations.cite_notes``, the window's ``NoteEntry``: anything with ``label`` and
``citations``, a tuple of :class:`~reader.core.citations.model.Citation`).
Each cited UN document becomes a ``report`` (``number`` = its symbol, the organ as author,
publisher "United Nations", URL on undocs.org: styles print the number of a report, not of
``legislation``), each DOI an
``article`` with its DOI, each other URL a ``webpage``. Works cited many times appear once,
in the order first cited; ids are derived from the symbol, DOI or URL, so they stay the same
from one export to the next. Titles of UN documents come from *titles* (symbol -> title, e.g.
the library's), else one is made from the symbol ("General Assembly resolution 78/5"). Back-references and plain references name no
work of their own and are left out. Qt-free.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from typing import Protocol
from urllib.parse import quote, unquote, urlsplit

from reader.core.citations.model import Citation

UN_PUBLISHER = "United Nations"
_UNDOCS = re.compile(r"^https?://(?:www\.)?undocs\.org/(?:(?:en|fr|es|ar|ru|zh)/)?(?P<symbol>[^?#\s]+)$", re.I)

TitleLookup = Callable[[str], "str | None"]


class CitingNote(Protocol):
    """What :func:`csl_items` reads of a note (``Footnote`` has it)."""
    label: str
    citations: tuple[Citation, ...]


def csl_items(notes: Iterable[CitingNote], titles: TitleLookup | None = None) -> list[dict]:
    """CSL-JSON items for every work cited in *notes*, each once (see the module doc)."""
    items: dict[str, dict] = {}
    for note in notes:
        for cit in note.citations:
            item = _item(cit, titles)
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
    return result


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
    symbol = re.sub(r"\s+", "", symbol)
    organ = _ORGANS.get(symbol.split("/", 1)[0].upper(), "")
    title = (titles(symbol) if titles else None) or _title_from_symbol(symbol, organ)
    author = f"{UN_PUBLISHER} {organ}" if organ else UN_PUBLISHER
    return {"id": "un-" + _slug(symbol), "type": "report", "title": title, "number": symbol,
            "publisher": UN_PUBLISHER, "author": [{"literal": author}],
            "URL": "https://undocs.org/" + quote(symbol, safe="/().-")}


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
            "URL": "https://doi.org/" + quote(doi, safe="/:;()._-~+=,<>[]")}


def url_item(url: str) -> dict:
    parts = urlsplit(url)
    title = (parts.netloc + parts.path).rstrip("/") or url
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:10]
    return {"id": f"url-{_slug(parts.netloc)[:40]}-{digest}", "type": "webpage", "title": title, "URL": url}


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-") or "item"
