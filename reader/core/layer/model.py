"""The items of a reader's layer as plain data, and their JSON (docs/LAYER.md).

Every item has an ``id`` (random, 32 hex digits), ``created`` and ``modified`` (ISO 8601,
UTC, seconds). Pages are 0-based here and 1-based in the JSON, as in ``ibid footnotes
--json``; rectangles are PDF points in page space (x0, y0, x1, y1, y down), as MuPDF gives
them. Reading an item that is not one raises ValueError (the store then sets the file aside).
"""
from __future__ import annotations

import math
import time
import uuid
from dataclasses import dataclass, field, fields, replace

Rect = tuple[float, float, float, float]

#: The colour of a highlight when none is given (a soft yellow, as in Okular and Zotero).
DEFAULT_COLOUR = "#ffd400"
#: How a highlight is drawn.
STYLES = ("highlight", "underline")
#: What a note correction does (docs/LAYER.md says what each needs).
ACTIONS = ("not-a-note", "make-a-note", "link", "join-next", "unlink")


def new_id() -> str:
    return uuid.uuid4().hex


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


@dataclass(frozen=True)
class NoteKey:
    """Which note of the engine's a correction is about: its label, the 0-based page where
    its text starts and the first words of its text (labels repeat: 1, 2 on every page)."""
    label: str
    page: int
    start: str = ""

    def to_json(self) -> dict:
        return {"label": self.label, "page": self.page + 1, "start": self.start}

    @classmethod
    def from_json(cls, data: dict) -> NoteKey:
        return cls(_str(data["label"]), _page(data["page"]), _str(data.get("start", "")))


@dataclass(frozen=True)
class Place:
    """A rectangle on a 0-based page (a note marker, a note's text block)."""
    page: int
    rect: Rect

    def to_json(self) -> dict:
        return {"page": self.page + 1, "rect": _rect_json(self.rect)}

    @classmethod
    def from_json(cls, data: dict) -> Place:
        return cls(_page(data["page"]), _rect(data["rect"]))


@dataclass(frozen=True)
class Highlight:
    page: int
    rects: tuple[Rect, ...]          # one per line of the passage
    text: str                        # the passage as quoted
    colour: str = DEFAULT_COLOUR     # "#rrggbb"
    style: str = "highlight"         # one of STYLES
    id: str = field(default_factory=new_id)
    created: str = field(default_factory=now)
    modified: str = ""

    kind = "highlight"


@dataclass(frozen=True)
class Comment:
    page: int
    text: str
    on: str = ""                                # the id of the highlight it comments on, else ""
    point: tuple[float, float] | None = None    # where on the page, when it is not on a highlight
    id: str = field(default_factory=new_id)
    created: str = field(default_factory=now)
    modified: str = ""

    kind = "comment"


@dataclass(frozen=True)
class Bookmark:
    page: int
    name: str
    id: str = field(default_factory=new_id)
    created: str = field(default_factory=now)
    modified: str = ""

    kind = "bookmark"


@dataclass(frozen=True)
class Correction:
    """A note the engine got wrong, put right. ``note`` names the engine's note (all but
    make-a-note); make-a-note gives ``label``, ``block`` and ``text``; link gives ``marker``;
    unlink removes ``marker``, or every marker when it is None."""
    action: str
    note: NoteKey | None = None
    label: str = ""
    block: Place | None = None
    text: str = ""
    marker: Place | None = None
    id: str = field(default_factory=new_id)
    created: str = field(default_factory=now)
    modified: str = ""

    kind = "correction"

    @property
    def page(self) -> int:
        where = self.block or self.marker
        return where.page if where is not None else self.note.page if self.note is not None else 0


Item = Highlight | Comment | Bookmark | Correction
KINDS: dict[str, type] = {cls.kind: cls for cls in (Highlight, Comment, Bookmark, Correction)}


def touched(item: Item, **changes) -> Item:
    """*item* with *changes* and its ``modified`` time now."""
    return replace(item, **changes, modified=now())


# -- JSON ------------------------------------------------------------------------------------
def item_to_json(item: Item) -> dict:
    out: dict = {"kind": item.kind}
    for f in fields(item):
        value = getattr(item, f.name)
        if f.name == "page":
            value += 1
        elif f.name == "rects":
            value = [_rect_json(r) for r in value]
        elif isinstance(value, (NoteKey, Place)):
            value = value.to_json()
        elif isinstance(value, tuple):
            value = [round(v, 2) for v in value]
        out[f.name] = value
    return out


def item_from_json(data: dict) -> Item:
    """The item *data* holds; ValueError when it is not one (KeyError, TypeError included)."""
    try:
        cls = KINDS[data["kind"]]
        values = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            values[f.name] = _READERS.get(f.name, _str)(data[f.name])
        item = cls(**values)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a layer item: {exc!r}") from exc
    _check(item)
    return item


def _check(item: Item) -> None:
    if isinstance(item, Highlight) and (item.style not in STYLES or not item.rects):
        raise ValueError(f"a highlight without its place, or of an unknown style {item.style!r}")
    if isinstance(item, Correction):
        if item.action not in ACTIONS:
            raise ValueError(f"unknown correction {item.action!r}")
        if (item.action == "make-a-note") != (item.note is None):
            raise ValueError(f"a {item.action} correction without the note it is about")
        if item.action == "make-a-note" and (item.block is None or not item.label):
            raise ValueError("make-a-note needs a label and a block")
        if item.action == "link" and item.marker is None:
            raise ValueError("link needs a marker")


def _str(value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def _page(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise TypeError(f"{value!r} is not a page number")
    return value - 1


def _rect(value) -> Rect:
    x0, y0, x1, y1 = (_number(v) for v in value)
    return (x0, y0, x1, y1)


def _number(value) -> float:
    """A coordinate: a finite number of points (no file Ibid wrote holds another)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or abs(value) > MAX_COORDINATE:
        raise TypeError(f"{value!r} is not a coordinate")
    return float(value)


#: PDF pages are at most 14,400 points a side (PDF 1.7, Annex C); anything beyond is not a place.
MAX_COORDINATE = 1e5


def _rect_json(rect: Rect) -> list[float]:
    return [round(v, 2) for v in rect]


def _point(value):
    if value is None:
        return None
    x, y = (_number(v) for v in value)
    return (x, y)


def _optional(reader):
    return lambda value: None if value is None else reader(value)


_READERS = {
    "page": _page, "rects": lambda v: tuple(_rect(r) for r in v), "point": _point,
    "note": _optional(NoteKey.from_json), "block": _optional(Place.from_json),
    "marker": _optional(Place.from_json),
}
