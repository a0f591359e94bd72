"""Tell what a file is from its bytes, not its name.

A PDF renamed ``.epub`` opens as PDF, an HTML error page saved as ``.pdf`` is refused with
a sentence saying so, and a ``.txt`` file written in Markdown is laid out as Markdown.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import DocumentOpenError

#: Formats Ibid opens, by the names used in ``ibid footnotes --json`` ("format").
FORMATS = ("pdf", "epub", "xps", "cbz", "html", "markdown", "text")
REFLOWABLE = frozenset({"html", "markdown", "text"})
EXTENSIONS = {
    ".pdf": "pdf", ".epub": "epub", ".xps": "xps", ".oxps": "xps", ".cbz": "cbz",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".md": "markdown",
    ".markdown": "markdown", ".txt": "text", ".text": "text",
}
#: For file dialogs: "Documents (*.pdf *.epub ...)".
FILE_PATTERNS = " ".join(f"*{ext}" for ext in EXTENSIONS)

_IMAGES = {b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image"}
_MARKDOWN_SIGNS = (
    re.compile(r"^#{1,6} \S", re.M),            # ATX heading
    re.compile(r"\*\*[^*\n]+\*\*"),             # bold
    re.compile(r"<sup>\s*[^<]{1,6}</sup>", re.I),  # raw superscript markers
    re.compile(r"\[[^\]\n]+\]\([^)\s]*\)"),    # [link](target)
    re.compile(r"^(-{3,}|\*{3,})\s*$", re.M),   # thematic break
    re.compile(r"\[\^[^\]\s]+\]"),              # [^1] footnote
    re.compile(r"^\s{0,3}[-*+] \S", re.M),      # bullet list
)


@dataclass(frozen=True)
class Sniffed:
    format: str
    note: str = ""   # said to the user when name and content disagree


def sniff(path: Path) -> Sniffed:
    """Return the format of *path* from its content; raise DocumentOpenError if unusable."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8192)
    except FileNotFoundError:
        raise DocumentOpenError(f"{path.name}: no such file.") from None
    except IsADirectoryError:
        raise DocumentOpenError(f"{path.name} is a folder, not a document.") from None
    except OSError as exc:
        raise DocumentOpenError(f"{path.name} cannot be read: {exc.strerror}.") from exc
    if not head:
        raise DocumentOpenError(f"{path.name} is empty (0 bytes).")
    by_name = EXTENSIONS.get(path.suffix.lower())
    found = _format_of(path, head, by_name)
    note = ""
    if by_name and found != by_name and not (by_name == "text" and found == "markdown"):
        note = f"{path.name} is named .{path.suffix.lower().lstrip('.')} but is {_article(found)}; opened as {found.upper() if found in ('pdf', 'epub', 'xps', 'cbz') else found}."
    return Sniffed(found, note)


def _format_of(path: Path, head: bytes, by_name: str | None) -> str:
    if b"%PDF-" in head[:1024]:
        return "pdf"
    for magic, what in _IMAGES.items():
        if head.startswith(magic):
            raise DocumentOpenError(f"{path.name} is {what}, not a document Ibid can open.")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_format(path, by_name)
    text = _decode_head(head)
    if text is None:
        what = "PDF" if by_name == "pdf" else "document"
        raise DocumentOpenError(f"{path.name} is not a {what}: its content is unrecognisable (damaged or not a document).")
    if re.match(r"\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype html|<html)", text, re.I | re.S):
        if by_name == "pdf":
            raise DocumentOpenError(f"{path.name} is not a PDF but a web page (HTML), perhaps an error page saved by a browser.")
        return "html"
    if by_name == "pdf":
        raise DocumentOpenError(f"{path.name} is not a PDF: it has no PDF header (damaged or another kind of file).")
    if by_name in ("epub", "xps", "cbz"):
        raise DocumentOpenError(f"{path.name} is not a valid {by_name.upper()} (not a ZIP archive).")
    if by_name == "markdown" or looks_like_markdown(text):
        return "markdown"
    return "html" if by_name == "html" else "text"


def _zip_format(path: Path, by_name: str | None) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype")[:64].strip() == b"application/epub+zip":
                return "epub"
            if "META-INF/container.xml" in names:
                return "epub"
            if "[Content_Types].xml" in names or any(n.lower().endswith(".fdseq") for n in names):
                return "xps"
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, EOFError) as exc:
        if by_name in ("epub", "xps", "cbz"):
            raise DocumentOpenError(f"{path.name} is damaged: its ZIP archive cannot be read ({exc}).") from exc
        raise DocumentOpenError(f"{path.name} is a damaged ZIP archive, not a document.") from exc
    if by_name in ("epub", "xps", "cbz"):
        return by_name
    return "cbz"


def _decode_head(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    if b"\x00" in head[:2048] and head.count(b"\x00") > len(head) // 8:
        return None
    text = head.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    if bad > len(text) // 10 or printable < 0.85 * len(text):
        return None
    return text


def looks_like_markdown(text: str) -> bool:
    """True when at least two independent Markdown constructs appear."""
    return sum(1 for sign in _MARKDOWN_SIGNS if sign.search(text)) >= 2


def read_text(path: Path) -> tuple[str, bool]:
    """Decode a text file; return (text, had_invalid_bytes)."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace"), False
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), True


def _article(fmt: str) -> str:
    name = {"pdf": "PDF", "epub": "EPUB", "xps": "XPS", "cbz": "comic book archive",
            "html": "web page (HTML)", "markdown": "Markdown", "text": "plain text"}[fmt]
    return ("an " if name[0] in "AEIOUX" else "a ") + name
