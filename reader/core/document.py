"""The document model: any supported file, opened as pages PyMuPDF can render.

PDF, EPUB, XPS and CBZ are opened by MuPDF itself. Markdown, HTML and plain text are laid
out by :mod:`reader.core.reflow`; the result can be cached as a PDF plus a JSON sidecar
(element positions and the HTML), so the GUI lays a file out once, in a child process.
"""
from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import logging
import re
import stringprep
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from reader import __version__
from reader.core import cache, formats, reflow, shared
from reader.core.errors import DocumentOpenError, LayoutNotCached, LimitExceeded, PageError, PasswordRequired
from reader.core.paths import readable, regular_file
from reader.core.settings import Limits
from reader.core.textlayout import DEFAULT, DEFAULT_SIZE, EPUB_PAGE, TextLayout

logger = logging.getLogger(__name__)
#: What PyMuPDF raises for a damaged file: MuPDF's own errors do not derive from RuntimeError.
MUPDF_ERRORS = (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase)
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
    #: The text size and margins a reflowable document was laid out with (a PDF keeps its own).
    text: TextLayout = field(default_factory=TextLayout)

    # -- opening -----------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, password: str | None = None, *, limits: Limits | None = None,
             cache_dir: Path | None = None, check_structure: bool = True, cached_only: bool = False,
             text: TextLayout | None = None) -> Document:
        """Open *path*; raise DocumentOpenError (or PasswordRequired) with a sentence.

        With *check_structure*, every page's boxes are checked now (``structure_warnings``,
        0.08 ms a page); the window passes False and checks a few pages at a time once the
        first page is drawn. With *cached_only*, a Markdown/HTML/text file without a usable
        entry in *cache_dir* raises LayoutNotCached instead of being laid out here (the
        window has a child process do it, under the limits). *text*: the text size and margins
        of an EPUB, Markdown, HTML or text file (``textlayout``; default: Ibid's own).
        """
        path = Path(path)
        limits = limits or Limits()
        text = text or TextLayout()
        size = formats.check_file(path).st_size   # before opening: not a pipe, not a device
        if size > limits.max_file_mb * 1024 * 1024:
            raise DocumentOpenError(f"{path.name} is larger than {limits.max_file_mb} MB; Ibid does not open files that big.")
        by_name = formats.EXTENSIONS.get(path.suffix.lower())
        if by_name in formats.REFLOWABLE and size == 0:
            doc = cls._open_reflowable(path, by_name, limits, cache_dir, text=text)   # one blank page
            doc.warnings.append(f"{path.name} is empty.")
            return doc
        sniffed = formats.sniff(path)
        warnings = [sniffed.note] if sniffed.note else []
        pymupdf.TOOLS.reset_mupdf_warnings()
        try:
            if sniffed.format in formats.REFLOWABLE:
                doc = cls._open_reflowable(path, sniffed.format, limits, cache_dir, cached_only, text=text)
            else:
                doc = cls._open_fixed(path, sniffed.format, password, limits, warnings, check_structure, text)
        except MemoryError as exc:
            raise _memory_exceeded(path, limits) from exc
        doc.warnings[:0] = warnings
        return doc

    @classmethod
    def _open_fixed(cls, path: Path, fmt: str, password: str | None, limits: Limits,
                    warnings: list[str], check_structure: bool = True, text: TextLayout = DEFAULT) -> Document:
        """PDF, EPUB, XPS, CBZ: opened by MuPDF, after the ZIP directory was checked; an EPUB
        laid out at the *text* size and margins."""
        stream = None
        if fmt in ("epub", "xps", "cbz"):
            check = formats.check_archive(path, fmt, limits)
            warnings += check.warnings
            if check.replace:
                stream = _with_members(path, check.replace)
        if fmt == "epub":
            # MuPDF's user style sheet is one for the process: set for every EPUB, so each is
            # laid out (and laid out again, on demand) with the margins it was opened with.
            pymupdf.mupdf.fz_set_user_css(text.epub_css)
        pdf = _open_mupdf(path, fmt, limits, stream)
        if fmt == "epub" and text.size != DEFAULT_SIZE:
            pdf.layout(width=EPUB_PAGE[0], height=EPUB_PAGE[1], fontsize=text.size)
        doc = cls(path, fmt, pdf, text=text if fmt == "epub" else TextLayout())
        doc._unlock(password)
        doc._check_pages(limits)
        doc._note_damage()
        if check_structure:
            doc.warnings += doc.structure_warnings()
        return doc

    @classmethod
    def _open_reflowable(cls, path, fmt, limits, cache_dir, cached_only: bool = False, *,
                         text: TextLayout = DEFAULT) -> Document:
        cached = layout_cache_path(path, cache_dir, text) if cache_dir else None
        if cached and cached.with_suffix(".json").is_file():
            try:
                return dataclasses.replace(cls.from_layout_cache(path, fmt, cached), text=text)
            except (OSError, KeyError, TypeError, AttributeError, *MUPDF_ERRORS) as exc:
                logger.warning("Layout cache %s unusable (%s); laying out again", cached, exc)
                _remove_layout_cache(cached)
        if cached_only:
            raise LayoutNotCached(f"{readable(path.name)} is not laid out yet.")
        max_bytes = int(limits.max_text_mb * 2**20)
        source, invalid = formats.read_text(path, max_bytes)
        notes = []
        if path.stat().st_size > max_bytes:
            notes.append(f"{path.name} is larger than {limits.max_text_mb:g} MB; Ibid shows only its beginning.")
        if "\x00" in source:
            notes.append(f"{path.name} contains NUL bytes; they are shown as \ufffd.")
        if fmt == "markdown":
            html = reflow.markdown_to_html(source.replace("\x00", "\ufffd"), notes)
        elif fmt == "html":
            html = reflow.number_superscripts(reflow.declare_utf8(source))
        else:
            html = reflow.text_to_html(source.replace("\x00", "\ufffd"))
        base_dir = str(path.parent)
        if readable(base_dir) != base_dir:     # MuPDF takes UTF-8 folder names only
            base_dir = None
            if re.search(r"<img\b", html, re.I):
                notes.append(f"The name of the folder of {readable(path.name)} is not UTF-8; "
                             "its pictures are not shown.")
        try:
            layout = reflow.layout_html(html, max_pages=limits.max_pages, base_dir=base_dir, text=text)
        except MUPDF_ERRORS as exc:
            raise _mupdf_failure(path, exc, limits) from exc
        doc = cls(path, fmt, layout.pdf, html=html, positions=layout.positions, warnings=notes, text=text)
        if invalid:
            doc.warnings.append(f"{path.name} is not valid UTF-8; unreadable bytes are shown as \ufffd.")
        doc._check_pages(limits)
        if cached:
            doc.save_layout_cache(cached)
        return doc

    @classmethod
    def from_layout_cache(cls, path: Path, fmt: str, cached: Path) -> Document:
        """The laid-out file from the cache; ValueError when the PDF is not the one its
        sidecar describes (truncated by a full disk, half-written by a killed process)."""
        meta = json.loads(cached.with_suffix(".json").read_text(encoding="utf-8"))
        data = cached.read_bytes()   # read once: another process may replace the file meanwhile
        if meta["pdf_sha256"] != _sha256(data).hexdigest():
            raise ValueError("the PDF does not match its sidecar")
        positions = {k: [(p, tuple(r)) for p, r in v] for k, v in meta["positions"].items()}
        pdf = pymupdf.open("pdf", data)
        if pdf.page_count != meta["pages"]:
            pdf.close()
            raise ValueError("the PDF lost pages")
        cache.mark_used(cached, cached.with_suffix(".json"))   # evicted last
        return cls(path, fmt, pdf, html=meta["html"], positions=positions, warnings=list(meta["warnings"]))

    def save_layout_cache(self, cached: Path) -> None:
        """Write the PDF, then its sidecar, each to a temporary file of its own renamed into
        place: processes laying out the same file at once never share a temporary file, and
        a reader sees whole files (a PDF and a sidecar that disagree are laid out again). The
        PDF gets no random /ID, so every process writes the same bytes, and the PDF of one
        process matches the sidecar of another when their writes interleave."""
        cached.parent.mkdir(parents=True, exist_ok=True)
        data = self.pdf.tobytes(garbage=1, deflate=True, no_new_id=True)   # the same bytes in every process
        meta = {"html": self.html, "positions": self.positions, "warnings": self.warnings,
                "pages": self.pdf.page_count, "pdf_sha256": _sha256(data).hexdigest()}
        _write_atomically(cached, data)
        _write_atomically(cached.with_suffix(".json"), json.dumps(meta).encode("utf-8"))
        cache.trim_now_and_then(cached.parent, cache.MAX_LAYOUT_BYTES, keep=cached)

    def _unlock(self, password: str | None) -> None:
        if not self.pdf.needs_pass:
            return
        if password is None:
            raise PasswordRequired(f"{self.path.name} is password-protected.")
        # AES-256 (PDF 2.0) passwords are SASLprep-ed before hashing; MuPDF does not do it.
        for candidate in dict.fromkeys((password, saslprep(password))):
            if self.pdf.authenticate(candidate):
                return
        raise PasswordRequired(f"Wrong password for {self.path.name}.", wrong_password=True)

    def _check_pages(self, limits: Limits | None = None) -> None:
        """Refuse 0 pages; rebuild a PDF page tree that lies or is lost; cap page counts."""
        limits = limits or Limits()
        try:
            count = self.pdf.page_count
        except MemoryError as exc:
            raise _memory_exceeded(self.path, limits) from exc
        except MUPDF_ERRORS as exc:
            if _out_of_memory(exc):
                raise _memory_exceeded(self.path, limits) from exc
            logger.info("Page count of %s failed: %s", self.path, exc)
            count = 0
        if count < 1 and self.format == "pdf":
            count = self._rebuild_page_tree()
        if count < 1:
            what = "incomplete or damaged" if self.format == "pdf" else "damaged"
            if self.format == "epub":
                raise DocumentOpenError(f"{self.path.name} has no readable chapters (its reading order is empty or broken).")
            raise DocumentOpenError(f"{self.path.name} is {what}: no page could be read.")
        if count > limits.max_pages:
            kind = formats._article(self.format).split(" ", 1)[1]
            raise LimitExceeded(f"This {kind} expands to more than {limits.max_pages:,} pages; Ibid stopped laying it out.")
        if self.format == "pdf" and getattr(self.pdf, "is_repaired", False):
            self.warnings.append(_DAMAGED.format(name=self.path.name))

    def _rebuild_page_tree(self) -> int:
        """Find the page objects of a PDF whose page tree is lost; return how many."""
        pdf = self.pdf
        try:
            pages = [x for x in range(1, pdf.xref_length()) if _is_page(pdf, x)]
            if not pages:
                return 0
            kids = " ".join(f"{x} 0 R" for x in pages)
            tree, catalog = pdf.get_new_xref(), pdf.get_new_xref()
            pdf.update_object(tree, f"<</Type/Pages/Kids[{kids}]/Count {len(pages)}>>")
            pdf.update_object(catalog, f"<</Type/Catalog/Pages {tree} 0 R>>")
            for x in pages:
                pdf.xref_set_key(x, "Parent", f"{tree} 0 R")
            pdf.xref_set_key(-1, "Root", f"{catalog} 0 R")
            rebuilt = pymupdf.open("pdf", pdf.tobytes(garbage=0))
            count = rebuilt.page_count
        except MUPDF_ERRORS as exc:
            logger.warning("Could not rebuild the page tree of %s: %s", self.path, exc)
            return 0
        logger.info("Rebuilt the page tree of %s from %d page objects", self.path, len(pages))
        self.pdf = rebuilt
        self.warnings.append(_DAMAGED.format(name=self.path.name))
        return count

    def check_damage(self) -> list[str]:
        """``warnings``, after MuPDF's complaints since opening were looked at: a damaged file
        often shows only when its pages are read (call it after whole-document work)."""
        self._note_damage()
        return self.warnings

    def _note_damage(self) -> None:
        """Turn MuPDF's complaints (since the last look) into one notice for the user; a PDF
        that MuPDF had to repair (its xref rebuilt: truncated, shifted) is damaged too."""
        found = [line for line in pymupdf.TOOLS.mupdf_warnings(reset=True).splitlines() if _DAMAGE_SIGNS.search(line)]
        if self.format == "pdf" and getattr(self.pdf, "is_repaired", False):
            found.append("the PDF was repaired")
        if found:
            logger.info("MuPDF on %s: %s", self.path, "; ".join(found[:5]))
            if not any(w.startswith(f"{self.path.name} is damaged") for w in self.warnings):
                sentence = _DAMAGED if self.format == "pdf" else _PARTS_MISSING
                self.warnings.append(sentence.format(name=self.path.name))

    def structure_warnings(self, pages: range | None = None) -> list[str]:
        """Page boxes (of *pages*, default all) and bookmarks (checked with page 0) that MuPDF
        silently replaced or dropped: one sentence each, [] when all is well.

        Reads only dictionary keys (about 0.08 ms a page); ``ibid layout --check`` lists pages.
        """
        if not self.pdf.is_pdf:
            return []
        pages = range(self.pdf.page_count) if pages is None else pages
        found = []
        try:
            if any(box_problems(self.pdf, index) for index in pages):
                found.append(f"Some pages of {self.path.name} have a broken size, position or rotation; "
                             "Ibid shows them at a default size.")
            damaged = outline_problem(self) if 0 in pages else None
        except MUPDF_ERRORS as exc:
            logger.info("Structure check of %s failed: %s", self.path, exc)
            return found
        return [*found, damaged] if damaged else found

    # -- questions -----------------------------------------------------------------
    @property
    def page_count(self) -> int:
        return self.pdf.page_count

    @property
    def title(self) -> str:
        meta = self.pdf.metadata or {}
        return (meta.get("title") or "").strip() or readable(self.path.stem)

    @property
    def reflowed(self) -> bool:
        return self.format in formats.REFLOWABLE

    def page_size(self, index: int) -> tuple[float, float]:
        rect = self.pdf[index].rect
        return rect.width, rect.height

    def page(self, index: int):
        """Page *index* (0-based) as the window draws and reads it (:class:`reader.core.pages.Page`)."""
        from reader.core.pages import Page  # (pages builds on render and find, which import this module)
        if not 0 <= index < self.page_count:
            raise IndexError(f"page {index + 1} of {self.page_count}")
        return Page(self, index)

    def outline(self) -> list[OutlineEntry]:
        try:
            toc = self.pdf.get_toc(simple=False)
        except MUPDF_ERRORS as exc:
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


_DAMAGED = "{name} is damaged; Ibid repaired what it could, some pages may be missing or partly shown."
_PARTS_MISSING = "{name} is damaged or refers to parts it lacks; some pages may be partly shown."
# MuPDF warnings that mean content was lost (not "unknown epub version" or AES padding chatter).
_DAMAGE_SIGNS = re.compile(r"repair|cannot (find|load)|corrupt|premature end|cycle|stack overflow|"
                           r"failed to find|broken|incorrect|syntax error", re.I)
_OUT_OF_MEMORY = re.compile(r"\b(malloc|calloc|realloc)\b.*fail|out of memory|cannot allocate", re.I)


def _open_mupdf(path: Path, fmt: str, limits: Limits | None = None, stream: bytes | None = None) -> pymupdf.Document:
    try:
        if stream is None and readable(str(path)) != str(path):
            stream = path.read_bytes()   # MuPDF takes UTF-8 names only; Python reads any name
        if stream is not None:
            return pymupdf.open(stream=stream, filetype=fmt)
        return pymupdf.open(path, filetype=fmt)
    except MemoryError as exc:
        raise _memory_exceeded(path, limits or Limits()) from exc
    except pymupdf.FileDataError as exc:
        raise DocumentOpenError(f"{path.name} is damaged and cannot be opened as {formats._article(fmt)}.") from exc
    except (*MUPDF_ERRORS, OSError) as exc:
        raise _mupdf_failure(path, exc, limits or Limits()) from exc


def _mupdf_failure(path: Path, exc: Exception, limits: Limits) -> Exception:
    if _out_of_memory(exc):
        return _memory_exceeded(path, limits)
    reason = re.sub(r"^code=\d+: ", "", str(exc)).replace(str(path), path.name).rstrip(".")
    return DocumentOpenError(f"{path.name} cannot be opened: {reason}.")


def _out_of_memory(exc: BaseException) -> bool:
    return isinstance(exc, MemoryError) or bool(_OUT_OF_MEMORY.search(str(exc)))


def _memory_exceeded(path: Path, limits: Limits) -> LimitExceeded:
    return LimitExceeded(f"Opening {path.name} needed more than {limits.memory_mb:,} MB of memory; Ibid stopped.")


def _is_page(pdf: pymupdf.Document, xref: int) -> bool:
    try:
        return pdf.xref_get_key(xref, "Type") == ("name", "/Page")
    except MUPDF_ERRORS:
        return False


def _with_members(path: Path, replace: dict[str, bytes]) -> bytes:
    """The archive *path* again, in memory, with the members in *replace* replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in replace:
                dst.writestr(info, src.read(info))
        for name, data in replace.items():
            dst.writestr(name, data)
    return out.getvalue()


def saslprep(password: str) -> str:
    """SASLprep-lite (RFC 4013) as PDF 2.0 asks for AES-256 passwords: map, then NFKC."""
    mapped = "".join(" " if stringprep.in_table_c12(ch) else ch
                     for ch in password if not stringprep.in_table_b1(ch))
    return unicodedata.normalize("NFKC", mapped)


def box_problems(pdf: pymupdf.Document, index: int) -> list[str]:
    """A PDF page's own MediaBox/CropBox/Rotate that MuPDF silently replaced."""
    if not pdf.is_pdf:
        return []
    xref, found = pdf.page_xref(index), []
    media = _numbers(pdf.xref_get_key(xref, "MediaBox"))
    if media is not None and (len(media) != 4 or media[2] <= media[0] or media[3] <= media[1]):
        found.append(f"Page {index + 1} has a broken page size; Ibid shows it at a default size.")
    crop = _numbers(pdf.xref_get_key(xref, "CropBox"))
    if media and crop and len(media) == len(crop) == 4 and (
            crop[0] >= media[2] or crop[2] <= media[0] or crop[1] >= media[3] or crop[3] <= media[1]):
        found.append(f"Page {index + 1} has its visible area outside the page; Ibid shows the whole page.")
    kind, rotate = pdf.xref_get_key(xref, "Rotate")
    if kind in ("int", "real") and float(rotate) % 90:
        found.append(f"Page {index + 1} has an invalid rotation ({rotate}); Ibid shows it unrotated.")
    return found


def _numbers(entry: tuple[str, str]) -> list[float] | None:
    kind, value = entry
    if kind != "array":
        return None
    try:
        return [float(v) for v in value.strip("[] ").split()]
    except ValueError:
        return []


def outline_problem(doc: Document) -> str | None:
    """Bookmarks that exist but cannot be read (a cycle, a broken link); None when fine."""
    pdf = doc.pdf
    if not pdf.is_pdf or doc.outline():
        return None
    kind, value = pdf.xref_get_key(pdf.pdf_catalog(), "Outlines")
    if kind != "xref":
        return None
    if pdf.xref_get_key(int(value.split()[0]), "First")[0] == "null":
        return None
    return "The table of contents (bookmarks) is damaged; Ibid does not show it."


#: Text extraction for analysis: ligatures and whitespace kept, images never decoded.
TEXT_FLAGS = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_IMAGES


def page_text_dict(page: pymupdf.Page, *, clip=None, flags: int = TEXT_FLAGS) -> dict:
    """``page.get_text("dict")`` without decoding images; PageError if the page is unreadable.

    A page with a huge image mask took 35 s and 350 MB with the default "dict" flags and
    7 ms with these. Footnotes, citations and the index should read pages through this.
    """
    try:
        return page.get_text("dict", flags=flags & ~pymupdf.TEXT_PRESERVE_IMAGES, clip=clip)
    except (*MUPDF_ERRORS, MemoryError) as exc:
        raise PageError(f"Page {page.number + 1} cannot be read: {_reason(exc)}.", page=page.number) from exc


def _reason(exc: BaseException) -> str:
    return re.sub(r"^code=\d+: ", "", str(exc)).rstrip(".") or type(exc).__name__


def _sha256(data: bytes = b""):
    """hashlib.sha256, imported when first needed: hashlib loads OpenSSL (2.5 ms), which the
    window does not need before page 1."""
    import hashlib
    return hashlib.sha256(data)


def content_hash(path: Path) -> str:
    digest = _sha256()
    regular_file(path)      # NotAFile (an OSError) for a pipe or a device, which never end
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_atomically(target: Path, data: bytes) -> None:
    """Write *data* to a unique temporary file next to *target*, then rename it over."""
    shared.write_atomic_bytes(target, data)


def _remove_layout_cache(cached: Path) -> None:
    for stale in (cached, cached.with_suffix(".json")):
        with contextlib.suppress(OSError):
            stale.unlink()


def layout_cache_path(path: Path, cache_dir: Path, text: TextLayout = DEFAULT) -> Path:
    """Where the laid-out PDF of a reflowable *path* is cached (keyed by content, version and
    the *text* layout; the default's key is the one it always was)."""
    layout = f":{text.key}" if text.key else ""
    key = _sha256(f"{content_hash(path)}:{__version__}:{reflow.LAYOUT_REVISION}:{reflow.CSS}{layout}".encode()
                  ).hexdigest()[:32]
    return Path(cache_dir) / f"{key}.pdf"
