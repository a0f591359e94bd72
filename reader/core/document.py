"""The document model: any supported file, opened as pages PyMuPDF can render.

PDF, EPUB, XPS and CBZ are opened by MuPDF itself. Markdown, HTML and plain text are laid
out by :mod:`reader.core.reflow`; the result can be cached as a PDF plus a JSON sidecar
(element positions and the HTML), so the GUI lays a file out once, in a child process.
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from reader import __version__
from reader.core import formats, reflow
from reader.core.errors import DocumentOpenError, PasswordRequired
from reader.core.settings import Limits

logger = logging.getLogger(__name__)
pymupdf.TOOLS.mupdf_display_errors(False)   # MuPDF's own chatter goes to our log, not stderr
pymupdf.TOOLS.mupdf_display_warnings(False)


@dataclass(frozen=True)
class OutlineEntry:
    level: int
    title: str
    page: int        # 0-based
    y: float = 0.0   # points from the page top


@dataclass
class Document:
    path: Path
    format: str
    pdf: pymupdf.Document
    html: str | None = None
    positions: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    # -- opening -----------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, password: str | None = None, *,
             limits: Limits | None = None, cache_dir: Path | None = None) -> Document:
        """Open *path*; raise DocumentOpenError (or PasswordRequired) with a sentence."""
        path = Path(path)
        limits = limits or Limits()
        if path.is_file() and path.stat().st_size > limits.max_file_mb * 1024 * 1024:
            raise DocumentOpenError(f"{path.name} is larger than {limits.max_file_mb} MB; Ibid does not open files that big.")
        sniffed = formats.sniff(path)
        warnings = [sniffed.note] if sniffed.note else []
        if sniffed.format in formats.REFLOWABLE:
            doc = cls._open_reflowable(path, sniffed.format, limits, cache_dir)
        else:
            doc = cls(path, sniffed.format, _open_mupdf(path, sniffed.format))
            doc._unlock(password)
            doc._check_pages()
        doc.warnings[:0] = warnings
        return doc

    @classmethod
    def _open_reflowable(cls, path, fmt, limits, cache_dir) -> Document:
        cached = layout_cache_path(path, cache_dir) if cache_dir else None
        if cached and cached.with_suffix(".json").is_file():
            try:
                return cls.from_layout_cache(path, fmt, cached)
            except (OSError, ValueError, RuntimeError) as exc:
                logger.warning("Layout cache %s unusable (%s); laying out again", cached, exc)
        text, invalid = formats.read_text(path)
        if fmt == "markdown":
            html = reflow.markdown_to_html(text.replace("\x00", "\ufffd"))
        elif fmt == "html":
            html = reflow.number_superscripts(text)
        else:
            html = reflow.text_to_html(text.replace("\x00", "\ufffd"))
        layout = reflow.layout_html(html, max_pages=limits.max_pages, base_dir=str(path.parent))
        doc = cls(path, fmt, layout.pdf, html=html, positions=layout.positions)
        if invalid:
            doc.warnings.append(f"{path.name} is not valid UTF-8; unreadable bytes are shown as \ufffd.")
        doc._check_pages()
        if cached:
            doc.save_layout_cache(cached)
        return doc

    @classmethod
    def from_layout_cache(cls, path: Path, fmt: str, cached: Path) -> Document:
        meta = json.loads(cached.with_suffix(".json").read_text(encoding="utf-8"))
        positions = {k: [(p, tuple(r)) for p, r in v] for k, v in meta["positions"].items()}
        pdf = pymupdf.open(cached)
        return cls(path, fmt, pdf, html=meta["html"], positions=positions, warnings=meta.get("warnings", []))

    def save_layout_cache(self, cached: Path) -> None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        self.pdf.save(tmp, garbage=1, deflate=True)
        tmp.replace(cached)
        meta = {"html": self.html, "positions": self.positions, "warnings": self.warnings}
        tmp.write_text(json.dumps(meta), encoding="utf-8")
        tmp.replace(cached.with_suffix(".json"))

    def _unlock(self, password: str | None) -> None:
        if not self.pdf.needs_pass:
            return
        if password is None:
            raise PasswordRequired(f"{self.path.name} is password-protected.")
        if not self.pdf.authenticate(password):
            raise PasswordRequired(f"Wrong password for {self.path.name}.", wrong_password=True)

    def _check_pages(self) -> None:
        try:
            count = self.pdf.page_count
        except (RuntimeError, ValueError) as exc:
            raise DocumentOpenError(f"{self.path.name} is damaged beyond repair: {exc}.") from exc
        if count < 1:
            raise DocumentOpenError(f"{self.path.name} is damaged beyond repair: no page could be read.")
        if self.format == "pdf" and getattr(self.pdf, "is_repaired", False):
            self.warnings.append(f"{self.path.name} is damaged; Ibid repaired what it could, some pages may be missing or partly shown.")

    # -- questions -----------------------------------------------------------------
    @property
    def page_count(self) -> int:
        return self.pdf.page_count

    @property
    def title(self) -> str:
        meta = self.pdf.metadata or {}
        return (meta.get("title") or "").strip() or self.path.stem

    @property
    def reflowed(self) -> bool:
        return self.format in formats.REFLOWABLE

    def page_size(self, index: int) -> tuple[float, float]:
        rect = self.pdf[index].rect
        return rect.width, rect.height

    def outline(self) -> list[OutlineEntry]:
        try:
            toc = self.pdf.get_toc(simple=False)
        except (RuntimeError, ValueError) as exc:
            logger.warning("Outline of %s unreadable: %s", self.path, exc)
            return []
        entries = []
        for level, title, page, dest in toc[:5000]:
            if page < 1:
                continue
            y = dest.get("to").y if isinstance(dest, dict) and dest.get("to") is not None else 0.0
            entries.append(OutlineEntry(level, title.strip(), page - 1, float(y)))
        return entries

    def close(self) -> None:
        self.pdf.close()


def _open_mupdf(path: Path, fmt: str) -> pymupdf.Document:
    try:
        return pymupdf.open(path, filetype=fmt)
    except pymupdf.FileDataError as exc:
        raise DocumentOpenError(f"{path.name} is damaged and cannot be opened ({fmt.upper()}): {exc}.") from exc
    except (RuntimeError, ValueError, OSError) as exc:
        raise DocumentOpenError(f"{path.name} cannot be opened: {exc}.") from exc


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def layout_cache_path(path: Path, cache_dir: Path) -> Path:
    """Where the laid-out PDF of a reflowable *path* is cached (keyed by content and version)."""
    key = hashlib.sha256(f"{content_hash(path)}:{__version__}:{reflow.CSS}".encode()).hexdigest()[:32]
    return Path(cache_dir) / f"{key}.pdf"
