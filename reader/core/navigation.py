"""Back / forward history of reading positions, like a browser's."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """A reading position: page (0-based), y (points from the page top), zoom, zoom mode."""
    page: int
    y: float = 0.0
    zoom: float | None = None
    path: str | None = None   # set when the jump crossed documents
    fit: str | None = None    # "width" or "page": the zoom follows the window; None: *zoom* as is


class History:
    """Positions left by jumps. ``push(here)`` before a jump; ``back(here)`` returns where to go."""

    def __init__(self, limit: int = 200) -> None:
        self._back: list[Location] = []
        self._forward: list[Location] = []
        self._limit = limit

    def push(self, here: Location) -> None:
        if self._back and self._back[-1] == here:
            return
        self._back.append(here)
        del self._back[:-self._limit]
        self._forward.clear()

    def back(self, here: Location) -> Location | None:
        if not self._back:
            return None
        self._forward.append(here)
        return self._back.pop()

    def forward(self, here: Location) -> Location | None:
        if not self._forward:
            return None
        self._back.append(here)
        return self._forward.pop()

    def can_go_back(self) -> bool:
        return bool(self._back)

    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def clear(self) -> None:
        self._back.clear()
        self._forward.clear()
