"""The plain data of citations: what a note cites, and where the user's library keeps it."""
from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

logger = logging.getLogger(__name__)

#: The values of ``Citation.type``.
TYPES = ("url", "doi", "un-symbol", "back-reference", "reference")


@dataclass(frozen=True)
class Citation:
    """One thing a note cites, as printed and in a form a program can follow.

    ``value`` is the normalised URL, DOI (``10.…``), UN symbol, or for a back-reference the
    label of the note it names (``""`` while an Ibid. is not resolved against its notes).
    ``target`` is the label of an earlier note that exists, ``local`` a file in the user's
    library, ``page`` a 0-based page in that file (None: open at the start). ``paragraph``
    is the numbered paragraph a UN symbol is cited at ("A/78/636, para. 12"), ``pinned_page``
    the page a citation is pinned to as printed ("A/RES/78/5, p. 2", "Ibid., p. 4": 2, 4).
    """
    type: str
    text: str
    value: str
    url: str | None = None
    target: str | None = None
    local: str | None = None
    page: int | None = None
    paragraph: int | None = None
    pinned_page: int | None = None

    def to_json(self) -> dict:
        """The public JSON shape: keys whose value is None are left out; ``page`` is 1-based."""
        data: dict = {"type": self.type, "text": self.text, "value": self.value}
        for key in ("url", "target", "local", "paragraph", "pinned_page"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.page is not None:
            data["page"] = self.page + 1
        return data

    @classmethod
    def from_json(cls, data: object) -> Citation | None:
        """The citation :meth:`to_json` wrote (how the window reads the child process's JSON
        back); None when *data* is not one. Odd optional values are left out, not trusted."""
        if not isinstance(data, Mapping) or data.get("type") not in TYPES:
            return None
        text, value = data.get("text", ""), data.get("value", "")
        if not isinstance(text, str) or not isinstance(value, str):
            return None
        labels = {key: data[key] if isinstance(data.get(key), str) else None for key in ("url", "target", "local")}
        return cls(data["type"], text, value, **labels, page=_positive(data.get("page"), 1),
                   paragraph=_positive(data.get("paragraph"), 0), pinned_page=_positive(data.get("pinned_page"), 0))


def _positive(value: object, offset: int) -> int | None:
    """*value* less *offset* when it is a whole number of at least *offset*, else None."""
    if isinstance(value, bool) or not isinstance(value, int) or value < offset:
        return None
    return value - offset


@dataclass(frozen=True)
class LocalDocument:
    """A document of the user's library: its file and, when known, the 0-based page to open."""
    path: str
    page: int | None = None


@runtime_checkable
class Resolver(Protocol):
    """Finds the user's own copy of a UN document by its symbol (the library supplies one)."""

    def resolve(self, symbol: str, paragraph: int | None = None) -> LocalDocument | None:
        """The local copy of *symbol*; at the page where numbered *paragraph* begins, when
        the resolver can tell."""


class DictResolver:
    """A resolver over a plain ``symbol -> path`` mapping (tests, or a library already listed).

    Symbols are compared after normalisation and without regard to case, so ``A/RES/78/5``,
    ``a/res/78/5`` and ``S/RES/853 (1993)`` / ``S/RES/853(1993)`` find the same file.
    """

    def __init__(self, mapping: Mapping[str, str | Path | LocalDocument] | None = None) -> None:
        from reader.core.citations.symbols import symbol_key
        self._key = symbol_key
        self._docs: dict[str, LocalDocument] = {}
        for symbol, where in (mapping or {}).items():
            self.add(symbol, where)

    def add(self, symbol: str, where: str | Path | LocalDocument) -> None:
        doc = where if isinstance(where, LocalDocument) else LocalDocument(str(where))
        self._docs[self._key(symbol)] = doc

    def resolve(self, symbol: str, paragraph: int | None = None) -> LocalDocument | None:
        return self._docs.get(self._key(symbol))   # (a plain mapping knows no paragraphs)

    def __len__(self) -> int:
        return len(self._docs)
