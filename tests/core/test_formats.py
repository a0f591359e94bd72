"""Only regular files are read: a named pipe or a device is refused before it is opened."""
from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

import pytest

from reader.core import formats
from reader.core.document import Document, content_hash
from reader.core.errors import DocumentOpenError

#: Seconds after which a test opens the pipe's other end, so that a reader that blocked on
#: it (the fault under test) is released and the test fails instead of hanging.
RELEASE_AFTER = 5.0


@contextlib.contextmanager
def released_after(fifo: Path):
    """Open *fifo* for writing (and close it) after RELEASE_AFTER seconds, if anyone reads."""
    stop = threading.Event()

    def release() -> None:
        if stop.wait(RELEASE_AFTER):
            return
        with contextlib.suppress(OSError):     # ENXIO: nobody is reading it, which is right
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    thread = threading.Thread(target=release, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "pipe.md"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("opener", [formats.sniff, Document.open])
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(fifo, opener):
    started = time.monotonic()
    with released_after(fifo), pytest.raises(DocumentOpenError, match=r"^pipe\.md is a named pipe \(FIFO\), not a document\.$"):
        opener(fifo)
    assert time.monotonic() - started < RELEASE_AFTER


def test_content_hash_of_a_pipe_is_an_os_error(fifo):
    with released_after(fifo), pytest.raises(OSError, match="named pipe"):
        content_hash(fifo)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_link_to_a_device_is_refused(tmp_path, device):
    link = tmp_path / "notes.txt"
    link.symlink_to(device)
    with pytest.raises(DocumentOpenError, match=r"^notes\.txt is a device, not a document\.$"):
        Document.open(link)
    with pytest.raises(DocumentOpenError, match="is a device"):
        formats.read_text(link)


def test_a_link_to_a_regular_file_is_read(tmp_path, seed):
    link = tmp_path / "letter.md"
    link.symlink_to(seed)
    assert formats.check_file(link).st_size == Path(seed).stat().st_size
    assert formats.sniff(link).format == "markdown"


def _spans(page):
    return [s for b in page.get_text("dict")["blocks"] for line in b.get("lines", ()) for s in line["spans"]]


def test_a_standard_ebooks_epub_opens_whole_with_its_note_markers_raised(data_file):
    """Issue 19, defect 10: MuPDF rejects the "[epub|type~=noteref]" selectors of Standard
    Ebooks' stylesheets; the file was called damaged and its markers printed on the line."""
    from reader.core.document import Document
    doc = Document.open(data_file("se-wollstonecraft-excerpt.epub"))
    assert doc.warnings == []
    spans = [s for page in doc.pdf for s in _spans(page)]
    # "… when the short lived bloom of beauty is over,<a epub:type="noteref">1</a> I presume …"
    over = next(i for i, s in enumerate(spans) if s["text"].endswith("over,") and spans[i + 1]["text"] == "1")
    marker, body = spans[over + 1], spans[over]
    assert marker["size"] < body["size"] and marker["origin"][1] < body["origin"][1]    # smaller, raised


def test_the_footnote_engine_reads_the_mended_epub_as_written(data_file):
    """The engine reads the file itself (attributes "epub:type" as written): every note keeps its marker."""
    from reader.core.document import Document
    from reader.core.footnotes import analyze
    notes = analyze(Document.open(data_file("se-wollstonecraft-excerpt.epub")))
    assert [(n.label, len(n.refs)) for n in notes] == [("1", 1), ("2", 1), ("3", 1), ("32", 1)]
