"""Render one page into RGB samples, never larger than ``Limits.max_render_pixels``.

A 14,400 pt page at 100 % is a 622 MB pixmap, and a PDF ``UserUnit`` can make a page
larger still; the zoom is capped so width x height stays under the limit (the GUI scales
the smaller image up, or asks for a clip). A page that fails to render raises
:class:`~reader.core.errors.PageError` with the reason: the GUI paints a placeholder
saying it, and the other pages stay usable.

Qt-free: the GUI turns :class:`Rendered` into a QImage (``Format_RGB888``, ``stride``).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import pymupdf

from reader.core.document import MUPDF_ERRORS
from reader.core.errors import PageError
from reader.core.settings import Limits

#: Night mode: the page colour and the text colour (sRGB), soft rather than black and white.
NIGHT_PAGE = 0x1E1F22
NIGHT_TEXT = 0xD6D6D6
# MuPDF warnings during a render that mean something was left out of the picture.
_LOSSY = re.compile(r"truncated|premature|cannot|corrupt|too many|overflow|broken|error", re.I)


@dataclass(frozen=True)
class Rendered:
    samples: bytes        # RGB, 3 bytes per pixel, rows of *stride* bytes
    width: int
    height: int
    stride: int
    scale: float          # pixels per point actually used (<= zoom * dpr when capped)
    capped: bool = False  # True when max_pixels lowered the scale
    incomplete: bool = False  # MuPDF left something out (a broken image, too deep nesting)


def render_page(pdf: pymupdf.Document, index: int, zoom: float = 1.0, dpr: float = 1.0,
                max_pixels: int | None = None, *, clip: pymupdf.Rect | None = None,
                night: bool = False) -> Rendered:
    """Render page *index* at *zoom* x *dpr* pixels per point, capped at *max_pixels*;
    *night*: light text on a dark page, pictures kept as they are."""
    max_pixels = max_pixels or Limits().max_render_pixels
    try:
        page = pdf.load_page(index)
        area = pymupdf.Rect(clip) & page.rect if clip is not None else page.rect
    except MUPDF_ERRORS as exc:
        raise PageError(f"Page {index + 1} cannot be shown: {_reason(exc)}.", page=index) from exc
    if area.is_empty or area.is_infinite or not all(map(math.isfinite, area)):
        raise PageError(f"Page {index + 1} cannot be shown: it has no usable size (empty or damaged).", page=index)
    scale, capped = fit_scale(area.width, area.height, zoom * dpr, max_pixels)
    pymupdf.TOOLS.reset_mupdf_warnings()
    try:
        pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), clip=area, alpha=False,
                              colorspace=pymupdf.csRGB, annots=True)
    except MemoryError as exc:
        raise PageError(f"Page {index + 1} needs too much memory to be shown.", page=index) from exc
    except MUPDF_ERRORS as exc:
        raise PageError(f"Page {index + 1} cannot be shown: {_reason(exc)}.", page=index) from exc
    if night:
        pix = _night(page, pix, area, scale)
    lossy = bool(_LOSSY.search(pymupdf.TOOLS.mupdf_warnings(reset=True) or ""))
    return Rendered(pix.samples, pix.width, pix.height, pix.stride, scale, capped, lossy)


def _night(page: pymupdf.Page, day: pymupdf.Pixmap, area: pymupdf.Rect, scale: float) -> pymupdf.Pixmap:
    """*day* inverted and softened (black text -> NIGHT_TEXT on NIGHT_PAGE), with the page's
    pictures copied back unchanged: a photo or a scan must not turn into its negative."""
    night = pymupdf.Pixmap(day, 0)   # a copy, without alpha like *day*
    # MuPDF's luminance inversion keeps hues: a blue link stays blue, a red stamp red.
    pymupdf.mupdf.fz_invert_pixmap_luminance(night.this)
    night.tint_with(NIGHT_PAGE, NIGHT_TEXT)   # black -> the dark page, white -> the light text
    try:
        images = [info["bbox"] for info in page.get_image_info()]
    except MUPDF_ERRORS:
        images = []
    for bbox in images:
        box = (pymupdf.Rect(bbox) & area)
        if box.is_empty or box.is_infinite:
            continue
        pixels = pymupdf.IRect(round((box.x0 - area.x0) * scale), round((box.y0 - area.y0) * scale),
                               round((box.x1 - area.x0) * scale), round((box.y1 - area.y0) * scale))
        night.copy(day, pixels & night.irect)
    return night


def fit_scale(width: float, height: float, scale: float, max_pixels: int) -> tuple[float, bool]:
    """(scale, capped): *scale* lowered so ceil(width*s) x ceil(height*s) <= *max_pixels*."""
    if scale <= 0 or not math.isfinite(scale):
        raise ValueError(f"zoom must be a positive number, not {scale!r}")
    if math.ceil(width * scale) * math.ceil(height * scale) <= max_pixels:
        return scale, False
    capped = math.sqrt(max_pixels / (width * height))
    while capped > 0 and math.ceil(width * capped) * math.ceil(height * capped) > max_pixels:
        capped *= 0.999
    return capped, True


def _reason(exc: BaseException) -> str:
    text = re.sub(r"^code=\d+: ", "", str(exc)).rstrip(".")
    return text or type(exc).__name__


def page_words(page: pymupdf.Page) -> list:
    """The words of *page* as the page view selects them: (x0, y0, x1, y1, word, block, line, n)."""
    return page.get_text("words", flags=pymupdf.TEXTFLAGS_TEXT)


def internal_links(page: pymupdf.Page) -> list[dict]:
    """The links of *page* to a place in the same document (``"from"`` the Rect on the page)."""
    return [link for link in page.get_links() if link.get("kind") == pymupdf.LINK_GOTO]


def colour_counts(samples: bytes, width: int, height: int) -> Counter:
    """How many pixels of each colour *samples* hold: 4 bytes a pixel, rows without padding,
    keyed by the pixel read as a little-endian 32-bit number (Qt's RGB32 gives 0xAARRGGBB)."""
    if width <= 0 or height <= 0:
        return Counter()
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, width, height, samples, 1)   # any 4 bytes count alike
    return Counter({int.from_bytes(colour, "little"): n for colour, n in pixmap.color_count(colors=True).items()})
