"""Web addresses and DOIs in note text, and the one check before anything is opened.

URL finding itself is shared with the footnote engine (``reader.core.citations.urls.find_urls``);
this module only maps each URL back to the text as printed and turns doi.org links into DOIs.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator, Sequence
from urllib.parse import quote, unquote, urlsplit

from reader.core.citations.model import Citation
from reader.core.citations.urls import find_urls

logger = logging.getLogger(__name__)

_DOI_URL = re.compile(r"(?:https?://)?(?:dx\.)?doi\.org/", re.I)
_DOI_PREFIX = re.compile(r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*|DOI\s+)", re.I)
_DOI_RE = re.compile(r"(?:\bdoi:\s?|\bDOI:?\s)?(?<![\w.])10\.\d{4,9}/[^\s\"<>]+", re.I)
_TRAILING = ".,;:!?'\"\u201d\u2019"
_MAX_URL = 4000


def find_links(text: str, known: Sequence[str] | None = None) -> Iterator[tuple[int, int, Citation]]:
    """(start, end, citation) for every URL and DOI in *text*; doi.org links count as DOIs.

    *known* are URLs already found in the note (the footnote engine finds them before its
    lines are joined with spaces, so it still sees the line breaks inside them); each is then
    looked up in *text*, across the spaces that replaced those breaks.
    """
    try:
        urls = [u for u in known if isinstance(u, str) and u] if known is not None else find_urls(text)
    except Exception:                      # shared code must not break the note's other citations
        logger.exception("find_urls failed on a note of %d characters", len(text))
        urls = []
    pos = 0
    for url in urls:
        span = _printed_span(text, url, pos)
        if span is None and known is not None:
            continue
        start, end = span if span else (pos, pos)
        printed = text[start:end] if span else url
        pos = max(pos, end)
        if _DOI_URL.match(url):
            doi = normalise_doi(url)
            if doi:
                yield start, end, Citation("doi", printed, doi, url=doi_url(doi))
                continue
        value = normalise_url(url)           # a malformed one ("http://00[") stays text only
        yield start, end, Citation("url", printed, value, url=value if is_openable(value) else None)
    for m in _DOI_RE.finditer(text) if "10." in text else ():   # every DOI starts "10."
        doi = normalise_doi(m.group())
        if doi:
            yield m.start(), m.start() + len(m.group().rstrip(_TRAILING + ")]")), \
                Citation("doi", m.group().rstrip(_TRAILING), doi, url=doi_url(doi))


def _printed_span(text: str, url: str, pos: int) -> tuple[int, int] | None:
    """Where *url* is printed in *text* from *pos* on, allowing the line breaks it was rejoined over."""
    if len(url) > _MAX_URL:
        return None
    found = text.find(url, pos)
    if found >= 0:
        return found, found + len(url)
    m = re.compile(r"\s*".join(map(re.escape, url))).search(text, pos)
    return (m.start(), m.end()) if m else None


def normalise_url(url: str) -> str:
    """A URL ready to open: forms without a scheme (``www.un.org``, ``ctan.org/pkg/x``) get
    ``http://``; whitespace is dropped. Idempotent."""
    url = re.sub(r"\s+", "", url)
    return url if re.match(r"[a-z][a-z0-9+\-]*:(?!\d)", url, re.I) else "http://" + url


def normalise_doi(doi: str) -> str | None:
    """``doi:10.1000/x``, ``https://doi.org/10.1000/x`` -> ``10.1000/x`` (None if not a DOI). Idempotent."""
    doi = _DOI_PREFIX.sub("", re.sub(r"\s+", "", doi))
    doi = doi.rstrip(_TRAILING)
    while doi.endswith((")", "]")) and doi.count(doi[-1]) > doi.count("(" if doi[-1] == ")" else "["):
        doi = doi[:-1].rstrip(_TRAILING)
    return doi if re.fullmatch(r"10\.\d{4,9}/\S+", doi) else None


def doi_url(doi: str) -> str:
    return "https://doi.org/" + quote(doi, safe="/:;()._-~+=,<>[]")


#: The fields a mailto: link may fill in (RFC 6068); others, such as "attach=" (which some mail
#: programs honour by attaching a local file to the message), are never passed on.
MAILTO_FIELDS = frozenset({"to", "cc", "bcc", "subject", "body", "in-reply-to"})


def _safe_mailto(rest: str) -> bool:
    """A mailto: link with an address, or an address in its fields, and no other field."""
    to, _question, query = rest.partition("?")
    if to.startswith("/"):
        return False
    names = [unquote(part.partition("=")[0]).lower() for part in query.split("&") if part] if query else []
    if any(name not in MAILTO_FIELDS for name in names):
        return False
    return "@" in unquote(to) or "to" in names


def is_openable(url: object) -> bool:
    """True only for a well-formed http, https or mailto URL: everything else (javascript:,
    file:, data:, vbscript:, schemes hidden by case, whitespace or control characters) is shown
    as text and never handed to the system browser."""
    if not isinstance(url, str) or not url or len(url) > 32768:
        return False
    if "\\" in url or any(unicodedata.category(ch)[0] in "CZ" for ch in url):
        return False                        # control, format, private, unassigned, any space
    scheme, colon, rest = url.partition(":")
    scheme = scheme.lower()
    if not colon or not scheme.isascii():
        return False
    if scheme == "mailto":
        return _safe_mailto(rest)
    if scheme not in ("http", "https") or not rest.startswith("//"):
        return False
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:                      # "http://[::1" and the like
        return False
