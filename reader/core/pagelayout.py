"""How a document's pages are laid out in the view: rotation, facing pages (a book's spreads).

Kept per document in the reading state (``ReadingState.page_layout``), Qt-free: the view
asks :func:`rows` which pages sit side by side and :func:`shown_size` / :func:`to_shown` /
:func:`from_shown` how a rotation maps page space (points, origin top left) to the page as
shown, turned clockwise.
"""
from __future__ import annotations

from dataclasses import dataclass

ROTATIONS = (0, 90, 180, 270)


@dataclass(frozen=True)
class PageLayout:
    rotation: int = 0          # clockwise, one of ROTATIONS
    facing: bool = False       # two pages side by side
    first_alone: bool = True   # with facing: page 1 alone, then 2-3, 4-5 (a book's spreads)

    def rotated(self, degrees: int) -> PageLayout:
        """This layout turned *degrees* more (clockwise; -90 turns left)."""
        return PageLayout((self.rotation + degrees) % 360, self.facing, self.first_alone)

    def to_json(self) -> list:
        return [self.rotation, self.facing, self.first_alone]

    @classmethod
    def from_json(cls, value) -> PageLayout | None:
        """The layout stored as *value*; None when it is not one (a damaged or older file)."""
        try:
            rotation, facing, first_alone = value
        except (TypeError, ValueError):
            return None
        if rotation not in ROTATIONS or not isinstance(facing, bool) or not isinstance(first_alone, bool):
            return None
        return cls(rotation, facing, first_alone)


def rows(count: int, layout: PageLayout) -> list[tuple[int, ...]]:
    """The pages 0..count-1 row by row: one a row, or two (facing; page 1 alone first when
    *first_alone*)."""
    if not layout.facing:
        return [(i,) for i in range(count)]
    found: list[tuple[int, ...]] = [(0,)] if layout.first_alone and count else []
    start = len(found)
    found += [tuple(range(i, min(i + 2, count))) for i in range(start, count, 2)]
    return found


def shown_size(size: tuple[float, float], rotation: int) -> tuple[float, float]:
    """(width, height) of a page of *size* as shown turned *rotation* degrees."""
    width, height = size
    return (height, width) if rotation in (90, 270) else (width, height)


def to_shown(x: float, y: float, size: tuple[float, float], rotation: int) -> tuple[float, float]:
    """A point of the page (points) -> the same point on the page as shown."""
    width, height = size
    if rotation == 90:
        return height - y, x
    if rotation == 180:
        return width - x, height - y
    if rotation == 270:
        return y, width - x
    return x, y


def from_shown(x: float, y: float, size: tuple[float, float], rotation: int) -> tuple[float, float]:
    """A point on the page as shown -> the same point of the page (points)."""
    width, height = size
    if rotation == 90:
        return y, height - x
    if rotation == 180:
        return width - x, height - y
    if rotation == 270:
        return width - y, x
    return x, y
