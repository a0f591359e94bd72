"""Hostile and broken files for the robustness tests, made at test time in a folder.

Each KIND of damage in the shared broken corpus, scaled down so the whole set is made in
about a second and the bombs go off against low limits (see ``TEST_LIMITS``), not against
the machine. Every maker is deterministic except the encryption salts.

    python tests/robustness/make_broken.py OUT     # write them all to OUT, to look at them
"""
from __future__ import annotations

import io
import random
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pymupdf

#: Limits the CLI runs with in these tests (through IBID_LIMITS), so the scaled-down
#: bombs below are over them while ordinary files stay well under.
TEST_LIMITS = {"open_seconds": 6, "analysis_seconds": 10, "memory_mb": 1536, "max_pages": 300,
               "max_text_mb": 0.2, "max_archive_text_mb": 2, "max_archive_entries": 500}

LOREM = ("The General Assembly recalls its resolution and the report of the Secretary-General "
         "on the question, and decides to remain seized of the matter. ")


@dataclass(frozen=True)
class Case:
    name: str            # file name written
    make: Callable[[Path], None]
    expect: str          # error | password | open | warn | limit | clean (any of those, cleanly)
    why: str


# -- PDFs ---------------------------------------------------------------------------

def base_pdf(pages: int = 3, **save) -> bytes:
    """A small text PDF with a classic xref table (so xref damage means something)."""
    doc = pymupdf.open()
    for number in range(pages):
        page = doc.new_page()
        page.insert_text((72, 72), f"Page {number + 1}", fontsize=16)
        page.insert_textbox(pymupdf.Rect(72, 100, 540, 700), LOREM * 12, fontsize=11)
        page.insert_text((72, 740), "1 A/RES/78/5, para. 3.", fontsize=8)
    return doc.tobytes(garbage=3, deflate=True, **save)


def _write(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _pdf_variant(change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(change(base_pdf()))


def _truncate(fraction: float) -> Callable[[bytes], bytes]:
    return lambda data: data[: int(len(data) * fraction)]


def _bitflip(count: int, seed: int) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        rnd, out = random.Random(seed), bytearray(data)
        for _ in range(count):
            at = rnd.randrange(16, len(out))
            out[at] ^= 1 << rnd.randrange(8)
        return bytes(out)
    return change


def _zero_middle(data: bytes) -> bytes:
    mid, size = len(data) // 2, min(2048, len(data) // 8)
    return data[:mid] + bytes(size) + data[mid + size:]


def _shift_xref(data: bytes) -> bytes:
    head, sep, table = data.rpartition(b"\nxref\n")
    lines = table.split(b"\n")
    for i, line in enumerate(lines):
        if len(line) >= 18 and line[10:11] == b" " and line.rstrip().endswith(b"n"):
            lines[i] = b"%010d" % (int(line[:10]) + 7) + line[10:]
    return head + sep + b"\n".join(lines)


def _no_xref(data: bytes) -> bytes:
    return data[: data.rindex(b"\nxref\n")]


def _encrypted(method: int, user: str, owner: str, permissions: int = -1) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        doc = pymupdf.open("pdf", base_pdf(1))
        doc.save(path, encryption=method, user_pw=user, owner_pw=owner, permissions=permissions)
    return make


def _raw_pdf(objects: list[str], root: int = 1) -> bytes:
    """A PDF from object bodies (object N is objects[N-1]), with a correct xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body.encode("latin-1") + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<</Size {len(objects) + 1}/Root {root} 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _stream(data: bytes | str, extra: str = "") -> str:
    raw = data.encode("latin-1") if isinstance(data, str) else data
    return f"<</Length {len(raw)}{extra}>>\nstream\n" + raw.decode("latin-1") + "\nendstream"


_FONT = "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"
_TEXT = "BT /F1 12 Tf 72 720 Td (Hello from a hostile file) Tj ET"


def _page_pdf(page_extra: str = "", content: str = _TEXT, pages_extra: str = "", kids: str = "3 0 R",
              count: int = 1, more: list[str] | None = None) -> bytes:
    return _raw_pdf([
        "<</Type/Catalog/Pages 2 0 R>>",
        f"<</Type/Pages/Kids[{kids}]/Count {count}{pages_extra}>>",
        f"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R"
        f"/Resources<</Font<</F1 5 0 R>>{'/XObject<</Im1 6 0 R>>' if more else ''}>>{page_extra}>>",
        _stream(content), _FONT, *(more or [])])


def bad_boxes(path: Path) -> None:
    """Pages with a zero-size MediaBox, an inverted one, /Rotate 45, a CropBox off the page."""
    extras = ["/MediaBox[0 0 0 0]", "/MediaBox[612 792 0 0]", "/MediaBox[0 0 612 792]/Rotate 45",
              "/MediaBox[0 0 612 792]/CropBox[5000 5000 6000 6000]/UserUnit 1000"]
    pages = [f"<</Type/Page/Parent 2 0 R{extra}/Contents 3 0 R/Resources<</Font<</F1 4 0 R>>>>>>" for extra in extras]
    kids = " ".join(f"{5 + i} 0 R" for i in range(len(pages)))
    path.write_bytes(_raw_pdf(["<</Type/Catalog/Pages 2 0 R>>", f"<</Type/Pages/Kids[{kids}]/Count {len(pages)}>>",
                               _stream(_TEXT), _FONT, *pages]))


def outline_cycle(path: Path) -> None:
    """Bookmarks A and B whose /Next links point at each other (and /First back up)."""
    path.write_bytes(_raw_pdf([
        "<</Type/Catalog/Pages 2 0 R/Outlines 6 0 R>>", "<</Type/Pages/Kids[3 0 R]/Count 1>>",
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
        _stream(_TEXT), _FONT, "<</Type/Outlines/First 7 0 R/Last 8 0 R/Count 2>>",
        "<</Title(A)/Parent 6 0 R/Next 8 0 R/First 6 0 R/Dest[3 0 R/Fit]>>",
        "<</Title(B)/Parent 6 0 R/Prev 7 0 R/Next 7 0 R/Dest[3 0 R/Fit]>>"]))


def huge_page(path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=14400, height=14400)
    page.insert_text((72, 144), "A 200 x 200 inch page", fontsize=96)
    doc.save(path)


def huge_image(path: Path) -> None:
    data = zlib.compress(bytes(1 << 20))
    image = _stream(data.decode("latin-1"), "/Type/XObject/Subtype/Image/Width 60000/Height 60000"
                                            "/ColorSpace/DeviceRGB/BitsPerComponent 8/Filter/FlateDecode")
    path.write_bytes(_page_pdf(content=_TEXT + " q 500 0 0 500 50 50 cm /Im1 Do Q", more=[image]))


def deep_q(path: Path) -> None:
    path.write_bytes(_page_pdf(content=_TEXT + " " + "q " * 100_000))


def deep_arrays(path: Path) -> None:
    path.write_bytes(_page_pdf(page_extra="/Junk " + "[" * 50_000 + "]" * 50_000))


def many_links(path: Path) -> None:
    """10,000 URI links on one page (written directly: ``insert_link`` is quadratic)."""
    links = []
    for i in range(10_000):
        x, y = 36 + (i % 100) * 5.4, 100 + (i // 100) * 6.5
        links.append(f"<</Type/Annot/Subtype/Link/Border[0 0 0]/Rect[{x:.1f} {y:.1f} {x + 5:.1f} {y + 6:.1f}]"
                     f"/A<</S/URI/URI(https://example.org/{i})>>>>")
    annots = " ".join(f"{7 + i} 0 R" for i in range(len(links)))
    path.write_bytes(_page_pdf(page_extra=f"/Annots[{annots}]", more=["<<>>", *links]))


def superscript_flood(path: Path) -> None:
    doc = pymupdf.open()
    for _ in range(5):
        page = doc.new_page()
        writer = pymupdf.TextWriter(page.rect)
        font = pymupdf.Font("helv")
        for row in range(60):
            y = 40 + row * 12
            x = 36.0
            while x < 540:
                writer.append((x, y), "word", font=font, fontsize=9)
                writer.append((x + 18, y - 3), "1", font=font, fontsize=5)
                x += 24
        writer.write_text(page)
    doc.save(path)


def png_bytes() -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 32, 32), False)
    pix.set_rect(pix.irect, (200, 30, 30))
    return pix.tobytes("png")


# -- EPUB and other archives ---------------------------------------------------------

_CONTAINER = ('<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
              '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
              '</rootfiles></container>')


def _opf(chapters: list[str], spine: bool = True) -> str:
    items = "".join(f'<item id="c{i}" href="{c}" media-type="application/xhtml+xml"/>' for i, c in enumerate(chapters))
    spine = "".join(f'<itemref idref="c{i}"/>' for i in range(len(chapters))) if spine else ""
    return ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Test</dc:title>'
            '<dc:identifier id="id">x</dc:identifier><dc:language>en</dc:language></metadata>'
            f"<manifest>{items}</manifest><spine>{spine}</spine></package>")


def _xhtml(body: str, doctype: str = "") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>{doctype}<html xmlns="http://www.w3.org/1999/xhtml">'
            f"<head><title>t</title></head><body>{body}</body></html>")


def _epub(members: dict[str, str | bytes], *, chapters: list[str] | None = None,
          container: bool = True, spine: bool = True) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
            if container:
                z.writestr("META-INF/container.xml", _CONTAINER)
            names = chapters if chapters is not None else [n for n in members if n.endswith(".xhtml")]
            z.writestr("OEBPS/content.opf", _opf(names, spine))
            for name, data in members.items():
                z.writestr(name if name.startswith(("/", "..")) else f"OEBPS/{name}", data)
    return make


_CHAPTER = _xhtml("<h1>Chapter</h1><p>" + LOREM * 4 + "</p>")


def epub_bomb(path: Path) -> None:   # ~3 MB of paragraphs in ~20 KB
    _epub({"chapter1.xhtml": _xhtml("<p>" + "lol " * 200 + "</p>" * 1 + ("<p>lol lol lol</p>" * 200_000))})(path)


def epub_many_entries(path: Path) -> None:
    _epub({"chapter1.xhtml": _CHAPTER, **{f"img/{i}.png": b"" for i in range(1000)}})(path)


_LAUGHS = ('<!DOCTYPE html [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
           + "]>")
_XXE = '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def epub_traversal(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("META-INF/container.xml", _CONTAINER)
        z.writestr("OEBPS/content.opf", _opf(["chapter1.xhtml", "../../../../tmp/ibid-evil.xhtml"]))
        z.writestr("OEBPS/chapter1.xhtml", _CHAPTER)
        z.writestr("../../../../tmp/ibid-evil.xhtml", _xhtml("<p>evil</p>"))


def epub_truncated(path: Path) -> None:
    _epub({"chapter1.xhtml": _CHAPTER})(path)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.6)])


def cbz_corrupt(path: Path) -> None:
    good = png_bytes()
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("01.png", good)
        z.writestr("02.png", good[:40])
        z.writestr("03.png", good)


# -- reflowable text -------------------------------------------------------------------

def long_line(path: Path) -> None:   # over max_text_mb (0.2 MB in the tests), one line
    path.write_text("word word word word word word word word word[^1] " * 6_000 + "\n\n[^1]: The note.",
                    encoding="utf-8")


def nested_quotes(path: Path) -> None:
    path.write_text(">" * 5000 + " deep\n\n" + "".join("  " * i + "- item\n" for i in range(300)), encoding="utf-8")


_INVALID = (b"# Heading \xff\n\n- caf\xe9\n- item \xc0\xaf\n\nText.[^1]\n\n[^1]: Note \xed\xa0\x80.\n"
            b"Lone \x80\x81\xbf, overlong \xe0\x80\xaf, beyond \xf4\x90\x80\x80, cut \xe2\x82")

CASES: list[Case] = [
    Case("empty.pdf", _write(b""), "error", "a failed download"),
    Case("random.pdf", lambda p: p.write_bytes(random.Random(7).randbytes(8192)), "error", "not a PDF"),
    Case("html-saved.pdf", _write(b"<!DOCTYPE html><html><head><title>Session expired</title></head>"
                                  b"<body><p>Please log in again.</p></body></html>"), "error", "web page"),
    Case("png-renamed.pdf", lambda p: p.write_bytes(png_bytes()), "error", "an image"),
    Case("pdf-renamed.epub", lambda p: p.write_bytes(base_pdf(1)), "warn", "sniffed as PDF, noted"),
    Case("garbage-prefix.pdf", _pdf_variant(lambda d: random.Random(3).randbytes(2048) + d), "warn", "repaired"),
    Case("trunc-header.pdf", _pdf_variant(lambda d: d[:9]), "error", "nothing left"),
    Case("trunc-60pct.pdf", _pdf_variant(_truncate(0.6)), "clean", "repair may recover some pages"),
    Case("trunc-no-xref.pdf", _pdf_variant(_no_xref), "warn", "repaired"),
    Case("bitflip.pdf", _pdf_variant(_bitflip(40, 11)), "clean", "damage is random"),
    Case("zeroed-middle.pdf", _pdf_variant(_zero_middle), "warn", "a stream is broken"),
    Case("xref-shifted.pdf", _pdf_variant(_shift_xref), "warn", "xref repaired"),
    Case("password-aes.pdf", _encrypted(pymupdf.PDF_ENCRYPT_AES_256, "secret", "owner-secret"), "password", ""),
    Case("password-rc4.pdf", _encrypted(pymupdf.PDF_ENCRYPT_RC4_40, "secret", "owner-secret"), "password", ""),
    Case("owner-only.pdf", _encrypted(pymupdf.PDF_ENCRYPT_AES_256, "", "owner-secret",
                                      pymupdf.PDF_PERM_ACCESSIBILITY), "open", "no prompt"),
    Case("huge-page.pdf", huge_page, "open", "rendered at a capped zoom"),
    Case("huge-image.pdf", huge_image, "warn", "image left out, page shown"),
    Case("page-tree-cycle.pdf", _write(_page_pdf(kids="3 0 R 2 0 R", count=2)), "warn", "one real page"),
    Case("page-count-lie.pdf", _write(_page_pdf(count=2_147_483_647)), "warn", "page tree rebuilt"),
    Case("deep-nesting-q.pdf", deep_q, "warn", "page fails to render, placeholder"),
    Case("deep-nesting-arrays.pdf", deep_arrays, "clean", "parser stack bounded"),
    Case("bad-page-boxes.pdf", bad_boxes, "warn", "default sizes, said per page"),
    Case("outline-cycle.pdf", outline_cycle, "warn", "bookmarks end, said to be damaged"),
    Case("many-links.pdf", many_links, "open", "10,000 links"),
    Case("superscripts.pdf", superscript_flood, "open", "thousands of markers"),
    Case("epub-bomb.epub", epub_bomb, "limit", "inflates past max_archive_text_mb"),
    Case("epub-many-entries.epub", epub_many_entries, "limit", "more entries than max_archive_entries"),
    Case("epub-huge-padding.epub", _epub({"chapter1.xhtml": _xhtml(
        '<table><tr><td style="padding:2147483647px">cell</td></tr></table>')}), "limit", "millions of pages"),
    Case("epub-billion-laughs.epub", _epub({"chapter1.xhtml": _xhtml("<p>&lol9;</p>", _LAUGHS)}), "open",
         "entities not expanded"),
    Case("epub-xxe.epub", _epub({"chapter1.xhtml": _xhtml("<p>[&xxe;]</p>", _XXE)}), "open", "no file read"),
    Case("epub-local-refs.epub", _epub({"chapter1.xhtml": _xhtml(
        '<p>x</p><img src="file:///etc/passwd"/><img src="../../../../etc/passwd"/>')},
        chapters=["chapter1.xhtml", "/etc/passwd"]), "clean", "nothing read outside"),
    Case("epub-traversal.epub", epub_traversal, "warn", "unsafe names noted"),
    Case("epub-missing-chapter.epub", _epub({"chapter2.xhtml": _CHAPTER},
                                            chapters=["chapter1.xhtml", "chapter2.xhtml"]), "clean", ""),
    Case("epub-no-container.epub", _epub({"chapter1.xhtml": _CHAPTER}, container=False), "warn", "OPF found"),
    Case("epub-empty-spine.epub", _epub({"chapter1.xhtml": _CHAPTER}, spine=False), "warn", "manifest order"),
    Case("epub-no-chapters.epub", _epub({"chapter1.xhtml": _CHAPTER}, chapters=[]), "error", "nothing to show"),
    Case("epub-truncated.epub", epub_truncated, "error", "no central directory"),
    Case("epub-not-zip.epub", _write(b"This is plain text, not an EPUB.\n" * 20), "error", ""),
    Case("comic-corrupt.cbz", cbz_corrupt, "warn", "a bad page among good ones"),
    Case("empty.md", _write(b""), "warn", "an empty document with a notice"),
    Case("md-huge-padding.md", _write(b'Text.\n\n<table><tr><td style="padding:2147483647px">cell</td></tr>'
                                      b"</table>\n\nAfter.\n"), "clean", "bounded by max_pages"),
    Case("long-line.md", long_line, "warn", "truncated at max_text_mb"),
    Case("deep-divs.html", _write(b"<html><body>" + b"<div>" * 10_000 + b"deep" + b"</div>" * 10_000 + b"</body></html>"),
         "error", "MuPDF refuses too deep nesting, in words"),
    Case("huge-margin.html", _write(b'<html><body><p style="margin-top:99999999px">y</p></body></html>'),
         "limit", "lays out past max_pages"),
    Case("nested-quotes.md", nested_quotes, "warn", "no stack overflow; deeper text said to be hidden"),
    Case("nul-bytes.txt", _write(b"Text with NUL\x00 bytes\x00\x00 and \x01\x02\x1b[31m controls.\n" * 40), "warn", ""),
    Case("invalid-utf8.md", _write(_INVALID), "warn", "replacement characters"),
    Case("utf16-bom.txt", lambda p: p.write_bytes("\ufeffUTF-16 text: caf\u00e9, \u5831\u544a.\n".encode("utf-16-le")),
         "open", "BOM detected"),
]


def make_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for case in CASES:
        path = folder / case.name
        case.make(path)
        made[case.name] = path
    return made


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "broken-out")
    for name in make_all(out):
        print(out / name)
