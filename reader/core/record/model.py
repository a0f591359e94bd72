"""The prepared record as plain data, and how it turns into the public footnotes JSON."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.core.citations.symbols import symbol_of_document
from reader.core.paths import readable

#: Stands for the file's name in stored warnings ("x.md is empty."): the record is keyed by
#: content, and another copy of the same file has another name.
NAME = "\x00name\x00"


@dataclass(frozen=True)
class PreparedPage:
    text: str                     # the page text the index reads (``text.blocks_text``)
    urls: tuple[str, ...] = ()    # web addresses the page's links point to


@dataclass(frozen=True)
class Prepared:
    format: str                   # "pdf", "epub", "markdown", …
    page_count: int
    pages: tuple[PreparedPage, ...]
    footnotes: tuple[dict, ...]   # ``note_to_dict`` of each note, citations found without the library
    warnings: tuple[str, ...]     # what ``ibid footnotes`` reports, the file's name as NAME
    title: str = ""               # "" when the document is named by its file
    symbol: str = ""              # the UN symbol printed on page 1 (normalise_symbol), "" when none
    #: Headings found from the layout (``outline.headings``): (level, title, 0-based page, y).
    headings: tuple[tuple[int, str, int, float], ...] = ()

    # -- what the readers ask --------------------------------------------------------------
    def warnings_for(self, path: Path) -> list[str]:
        return [w.replace(NAME, path.name) for w in self.warnings]

    def symbol_for(self, path: Path) -> str:
        """The document's own symbol: printed on page 1, else spelled by the file's name."""
        return self.symbol or symbol_of_document("", path.name) or ""

    def title_for(self, path: Path) -> str:
        return self.title or readable(path.stem)

    def outline(self) -> list:
        """The generated outline (``OutlineEntry`` list), for a document without its own."""
        from reader.core.document import OutlineEntry
        return [OutlineEntry(*heading) for heading in self.headings]

    def notes(self) -> list:
        """The notes as the engine's ``Footnote`` (``key`` = position), citations included."""
        from reader.core.footnotes.output import note_from_dict
        return [note_from_dict(note, key) for key, note in enumerate(self.footnotes)]

    def notes_by_page(self) -> dict[int, list[str]]:
        """Note text by 0-based page where it starts, in document order (what the index stores)."""
        by_page: dict[int, list[str]] = {}
        for note in self.footnotes:
            text = str(note.get("note_text", "")).strip()
            page = int(note.get("note_page", 0)) - 1
            if text and page >= 0:
                by_page.setdefault(page, []).append(text)
        return by_page

    def footnotes_json(self, path: Path, notes: list) -> dict:
        """The JSON of ``ibid footnotes PATH --json`` for *notes* (``notes()``, perhaps with
        their citations' local copies looked up)."""
        from reader.core.footnotes import to_json
        return to_json(_Shown(path, self.format, self.page_count, self.warnings_for(path)), notes)

    # -- storing -----------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {"format": self.format, "page_count": self.page_count, "title": self.title,
                "symbol": self.symbol, "headings": [list(h) for h in self.headings], "warnings": list(self.warnings), "footnotes": list(self.footnotes),
                "pages": [[p.text, list(p.urls)] for p in self.pages]}

    @classmethod
    def from_dict(cls, data: dict, *, pages: bool = True) -> Prepared:
        """The record *data* holds; ValueError when it is not one (damaged, another format).
        Without *pages*, *data* has none and the record's ``pages`` are empty."""
        try:
            texts = data["pages"] if pages else ()
            pages_read = tuple(PreparedPage(_text(text), tuple(_text(u) for u in urls)) for text, urls in texts)
            record = cls(_text(data["format"]), int(data["page_count"]), pages_read,
                         tuple(_note(n) for n in data["footnotes"]), tuple(_text(w) for w in data["warnings"]),
                         _text(data["title"]), _text(data["symbol"]),
                         tuple(_heading(h) for h in data.get("headings", ())))
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not a prepared record: {exc!r}") from exc
        if pages and record.page_count != len(record.pages):
            raise ValueError("not a prepared record: its pages are not its page count")
        return record


@dataclass(frozen=True)
class _Shown:
    """What ``to_json`` reads of a document, from a record instead of an open file."""
    path: Path
    format: str
    page_count: int
    warnings: list[str]


def _text(value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def _heading(value) -> tuple[int, str, int, float]:
    level, title, page, y = value
    return int(level), _text(title), int(page), float(y)


def _note(value) -> dict:
    if not isinstance(value, dict) or not isinstance(value.get("refs"), list):
        raise TypeError("a note is not an object with its markers")
    return value
