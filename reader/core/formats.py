"""Tell what a file is from its bytes, not its name.

A PDF renamed ``.epub`` opens as PDF, an HTML error page saved as ``.pdf`` is refused with
a sentence saying so, and a ``.txt`` file written in Markdown is laid out as Markdown.
"""
from __future__ import annotations

import codecs
import logging
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from reader.core.errors import DocumentOpenError, LimitExceeded
from reader.core.paths import NotAFile, regular_file
from reader.core.settings import Limits

logger = logging.getLogger(__name__)

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


def check_file(path: Path) -> os.stat_result:
    """``os.stat`` of *path* (links followed) when it is a regular file; DocumentOpenError
    with a sentence when it is missing, a folder, a named pipe, a device or unreadable.
    Call it before opening: a FIFO blocks the opener until a writer comes, and a device
    such as /dev/zero never ends."""
    try:
        return regular_file(path)
    except NotAFile as exc:
        raise DocumentOpenError(f"{path.name} is {exc.kind}, not a document.") from None
    except FileNotFoundError:
        raise DocumentOpenError(f"{path.name} does not exist (moved, renamed or deleted?).") from None
    except OSError as exc:
        raise DocumentOpenError(f"{path.name} cannot be read: {exc.strerror}.") from exc


def sniff(path: Path) -> Sniffed:
    """Return the format of *path* from its content; raise DocumentOpenError if unusable."""
    check_file(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(8192)
    except FileNotFoundError:
        raise DocumentOpenError(f"{path.name} does not exist (moved, renamed or deleted?).") from None
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
    if head.startswith(b"%PDF-"):
        return "pdf"
    if b"%PDF-" in head and by_name not in REFLOWABLE:
        return "pdf"   # junk before the header (mail gateways add some): MuPDF repairs it
    for magic, what in _IMAGES.items():
        if head.startswith(magic):
            raise DocumentOpenError(f"{path.name} is {what}, not a document Ibid can open.")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_format(path, by_name)
    text = _decode_head(head, lenient=by_name in REFLOWABLE)
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


def _decode_head(head: bytes, *, lenient: bool = False) -> str | None:
    """Decode the first bytes as text, or None when they look binary.

    *lenient* (the name says text, Markdown or HTML) accepts more invalid UTF-8: a file
    mixing Latin-1 and UTF-8 is still text, shown with replacement characters.
    """
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    if b"\x00" in head[:2048] and head.count(b"\x00") > len(head) // 8:
        return None
    text = head.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    max_bad, min_printable = (0.3, 0.7) if lenient else (0.1, 0.85)
    if bad > max_bad * len(text) or printable < min_printable * len(text):
        return None
    return text


def looks_like_markdown(text: str) -> bool:
    """True when at least two independent Markdown constructs appear."""
    return sum(1 for sign in _MARKDOWN_SIGNS if sign.search(text)) >= 2


def read_text(path: Path, max_bytes: int | None = None) -> tuple[str, bool]:
    """Decode a text file; return (text, had_invalid_bytes).

    A byte-order mark wins; then bytes that are valid UTF-8; then the charset the file
    declares (``<meta charset>``, ``<?xml encoding?>``, an Emacs/Python ``coding:`` line,
    Project Gutenberg's "Character set encoding:"). UTF-8 bytes under another label are a
    mislabelled export, and reading them as Latin-1 would garble every accent.
    With *max_bytes*, read at most that much, cut after the last line break or space.
    """
    check_file(path)
    if max_bytes is None:
        raw = path.read_bytes()
    else:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raw = raw[:max_bytes]
            cut = max(raw.rfind(b"\n"), raw.rfind(b" "))
            raw = raw[:cut] if cut > max_bytes // 2 else raw
    return decode_bytes(raw)


def decode_bytes(raw: bytes) -> tuple[str, bool]:
    """Text of *raw* as :func:`read_text` decodes a file; return (text, had_invalid_bytes)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace"), False
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    declared = declared_charset(raw)
    if declared is not None:
        return raw.decode(declared, errors="replace"), False
    return raw.decode("utf-8", errors="replace"), True


_DECLARATIONS = (
    re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{2,40})", re.I),
    re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._:-]{2,40})", re.I),
    re.compile(rb"^[^\n]{0,200}?-\*-[^\n]{0,100}?coding[:=]\s*([A-Za-z0-9._-]{2,40})", re.I | re.M),
    re.compile(rb"^[^\n]{0,80}?\bcoding[:=]\s*([A-Za-z0-9._-]{2,40})", re.I),
    re.compile(rb"^\s*character set encoding:\s*([A-Za-z0-9._-]{2,40})", re.I | re.M),
)


def declared_charset(raw: bytes) -> str | None:
    """The Python codec a file's first 8 KB declare it is written in, if any (and known)."""
    head = raw[:8192]
    for pattern in _DECLARATIONS:
        match = pattern.search(head)
        if match is None:
            continue
        name = match.group(1).decode("ascii", "replace")
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        if codec.startswith(("utf-16", "utf-32", "utf-8")):
            continue   # a declaration legible as ASCII is no UTF-16; invalid UTF-8 stays invalid
        if codec in ("latin-1", "iso8859-1"):
            codec = "cp1252"   # as browsers do: "ISO-8859-1" pages are written in Windows-1252
        return codec
    return None


def _article(fmt: str) -> str:
    name = {"pdf": "PDF", "epub": "EPUB", "xps": "XPS", "cbz": "comic book archive",
            "html": "web page (HTML)", "markdown": "Markdown", "text": "plain text"}[fmt]
    return ("an " if name[0] in "AEIOUX" else "a ") + name


# Members whose uncompressed size counts against Limits.max_archive_text_mb: what MuPDF lays out.
_LAID_OUT = frozenset({".xhtml", ".html", ".htm", ".xml", ".css", ".opf", ".ncx", ".svg",
                       ".fpage", ".fdoc", ".fdseq", ".rels", ".txt", ""})


@dataclass
class ArchiveCheck:
    """What :func:`check_archive` found in an EPUB/CBZ/XPS before MuPDF sees it."""
    warnings: list[str] = field(default_factory=list)
    #: Members to replace (or add) before MuPDF opens the archive: a missing
    #: container.xml, a package document whose reading order (spine) is empty.
    replace: dict[str, bytes] = field(default_factory=dict)


def check_archive(path: Path, fmt: str, limits: Limits) -> ArchiveCheck:
    """Refuse zip bombs and note unsafe names, reading only the ZIP directory.

    MuPDF lays out a whole EPUB to count its pages, so a 700 KB file inflating to
    200 MB of XHTML would take minutes and gigabytes; the directory tells us first.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError) as exc:
        raise DocumentOpenError(f"{path.name} is damaged or incomplete: its ZIP archive cannot be read.") from exc
    kind = fmt.upper() if fmt != "cbz" else "comic book archive"
    if len(infos) > limits.max_archive_entries:
        raise LimitExceeded(f"This {kind} holds more than {limits.max_archive_entries:,} files; Ibid does not open it.")
    total = sum(info.file_size for info in infos)
    text = sum(info.file_size for info in infos if PurePosixPath(info.filename).suffix.lower() in _LAID_OUT)
    if total > limits.max_archive_mb * 2**20:
        raise LimitExceeded(f"This {kind} expands to more than {limits.max_archive_mb:,} MB; Ibid does not open it.")
    if fmt != "cbz" and text > limits.max_archive_text_mb * 2**20:
        raise LimitExceeded(f"This {kind} expands to {text / 2**20:,.0f} MB of text, more than the "
                            f"{limits.max_archive_text_mb:,} MB Ibid lays out; Ibid does not open it.")
    check = ArchiveCheck()
    names = [info.filename for info in infos]
    if any(_unsafe_member(name) for name in names):
        check.warnings.append(f"{path.name} contains files named outside the archive (like ../ or /); "
                              "Ibid reads only what is inside it.")
    if fmt == "epub":
        try:
            _repair_epub(path, names, check)
            _plain_attribute_selectors(path, names, check)
        except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError, RuntimeError, zlib.error) as exc:
            check.replace.clear()   # too damaged to mend: MuPDF decides, and says so
            logger.info("Cannot mend %s: %s", path, exc)
    return check


_CONTAINER = ('<?xml version="1.0"?><container version="1.0" '
              'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
              '<rootfile full-path="{opf}" media-type="application/oebps-package+xml"/></rootfiles></container>')
_ROOTFILE = re.compile(r"""<rootfile\b[^>]*\bfull-path\s*=\s*["']([^"']+)["']""", re.I)
_SPINE = re.compile(r"<spine\b([^>]*?)(/>|>(.*?)</spine\s*>)", re.I | re.S)
_ITEM = re.compile(r"<item\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _repair_epub(path: Path, names: list[str], check: ArchiveCheck) -> None:
    """Find the package document without container.xml; read an empty spine in manifest order.

    Regular expressions, not an XML parser: nothing here may expand entities or fetch
    anything, and a broken package document is left for MuPDF to refuse.
    """
    with zipfile.ZipFile(path) as archive:
        opf = None
        if "META-INF/container.xml" in names:
            found = _ROOTFILE.search(archive.read("META-INF/container.xml")[:65536].decode("utf-8", "replace"))
            opf = found.group(1) if found and found.group(1) in names else None
        else:
            opf = next((n for n in names if n.lower().endswith(".opf") and not _unsafe_member(n)), None)
            if opf:
                check.replace["META-INF/container.xml"] = _CONTAINER.format(opf=opf).encode()
                check.warnings.append(f"{path.name} lacks its table of contents file (container.xml); "
                                      f"Ibid used {opf} instead.")
        if opf is None:
            return
        package = archive.read(opf).decode("utf-8", "replace")
    spine = _SPINE.search(package)
    if spine is None or "itemref" in (spine.group(3) or "").lower():
        return
    items = [dict((m[0].lower(), m[1] or m[2]) for m in _ATTR.findall(item)) for item in _ITEM.findall(package)]
    chapters = [item["id"] for item in items if "id" in item and "html" in item.get("media-type", "")]
    if chapters:
        refs = "".join(f'<itemref idref="{ident}"/>' for ident in chapters)
        fixed = package[:spine.start()] + f"<spine{spine.group(1)}>{refs}</spine>" + package[spine.end():]
        check.replace[opf] = fixed.encode("utf-8")
        check.warnings.append(f"{path.name} has no reading order; Ibid shows its chapters in the order they are listed.")


#: An attribute selector with a namespace prefix, "[epub|type~=...]" (CSS Namespaces): EPUB 3
#: stylesheets (Standard Ebooks', for one) style notes and title pages with them. MuPDF's CSS
#: parser rejects them, drops the rule (note markers are no longer superscript) and reports a
#: syntax error, which read as a damaged file.
_PREFIXED_SELECTOR = re.compile(r"\[\s*([A-Za-z_][\w-]*)\|(?=[A-Za-z_])")
_STYLED = (".xhtml", ".html", ".htm")


def _plain_attribute_selectors(path: Path, names: list[str], check: ArchiveCheck) -> None:
    """Give MuPDF stylesheets it can read: "[epub|type" becomes "[epub-type" in the CSS, and
    the attribute "epub:type" becomes "epub-type" in the XHTML, so the rules still apply.
    (The footnote engine reads the file itself, with its attributes as written.)"""
    with zipfile.ZipFile(path) as archive:
        sheets = {}
        for name in names:
            if name.lower().endswith(".css") and not _unsafe_member(name):
                css = archive.read(name).decode("utf-8", "replace")
                if _PREFIXED_SELECTOR.search(css):
                    sheets[name] = css
        prefixes = {m.group(1) for css in sheets.values() for m in _PREFIXED_SELECTOR.finditer(css)}
        if not prefixes:
            return
        for name, css in sheets.items():
            check.replace[name] = _PREFIXED_SELECTOR.sub(r"[\1-", css).encode("utf-8")
        attribute = re.compile(rf"(\s)({'|'.join(map(re.escape, sorted(prefixes)))}):([A-Za-z_][\w.-]*\s*=)")
        for name in names:
            if name.lower().endswith(_STYLED) and not _unsafe_member(name) and name not in check.replace:
                markup = archive.read(name)
                fixed = attribute.sub(r"\1\2-\3", markup.decode("utf-8", "surrogateescape"))
                if fixed.encode("utf-8", "surrogateescape") != markup:
                    check.replace[name] = fixed.encode("utf-8", "surrogateescape")


def _unsafe_member(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return name.startswith(("/", "\\")) or ".." in parts or (bool(parts) and ":" in parts[0])
