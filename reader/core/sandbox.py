"""Work of the command line on one document in a forked child that cannot hang or exhaust the machine.

MuPDF does its heavy lifting (laying out an EPUB to count its pages, parsing a 10 MB
Markdown line) in C while holding the GIL, so neither a thread nor a SIGALRM handler
can interrupt it: only killing a process can. :func:`call_forked` runs a Python function
in a forked child (POSIX) with :class:`~reader.core.settings.Limits`' memory and a
wall-clock time, for the CLI's own in-process work (:func:`open_limited`): cheap, and the
child's result comes back pickled; it raises :class:`LimitExceeded` with a sentence
("Opening big.md took longer than 30 seconds; Ibid stopped."). Child processes running
``ibid SUBCOMMAND`` are started by :mod:`reader.core.child` only.
"""
from __future__ import annotations

import logging
import os
import pickle
import select
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core import errors
from reader.core.child import died, set_memory_limit
from reader.core.errors import DocumentOpenError, LimitExceeded, PasswordRequired, ReaderError
from reader.core.settings import Limits

logger = logging.getLogger(__name__)


# -- forked children (CLI, POSIX) ---------------------------------------------------------

def call_forked(fn: Callable, *args, limits: Limits, seconds: float, what: str):
    """Return ``fn(*args)`` computed in a forked child with *limits*' memory and *seconds*.

    A ReaderError raised in the child is raised again here, same class and sentence. The
    result must pickle. Without ``os.fork`` (Windows) this calls *fn* directly.
    """
    if not hasattr(os, "fork"):
        return fn(*args)
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:   # pragma: no cover - runs in the child, which leaves through os._exit
        os.close(read_end)
        _child(write_end, fn, args, limits)
    os.close(write_end)
    start = time.monotonic()
    try:
        data, timed_out = _read_until(read_end, start + seconds)
    except BaseException:   # interrupted here (SIGALRM, Ctrl-C): never leave the child running
        _kill_group_member(pid)
        os.waitpid(pid, 0)
        raise
    if timed_out:
        _kill_group_member(pid)
    _, status, _usage = os.wait4(pid, 0)
    if timed_out:
        raise LimitExceeded(f"{what} took longer than {seconds:g} seconds; Ibid stopped.")
    if not data:
        code = os.waitstatus_to_exitcode(status)
        raise died(what, -code, limits) if code < 0 else DocumentOpenError(f"{what} failed; Ibid stopped.")
    return unpack(pickle.loads(data))


def _child(write_end: int, fn: Callable, args: tuple, limits: Limits) -> None:  # pragma: no cover
    code = 0
    try:
        set_memory_limit(limits.memory_mb)
        try:
            payload = ("ok", fn(*args))
        except ReaderError as exc:
            payload = ("error", type(exc).__name__, str(exc), getattr(exc, "wrong_password", False))
        except MemoryError:
            payload = ("error", "LimitExceeded", f"More than {limits.memory_mb:,} MB of memory was needed; Ibid stopped.", False)
        except Exception as exc:   # the parent reports it in one line; the log keeps the details
            logger.debug("Child failed", exc_info=True)
            payload = ("error", "DocumentOpenError",
                       errors.no_room(exc) or f"Unexpected error: {type(exc).__name__}: {exc}", False)
        data = pickle.dumps(payload)
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view):]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _read_until(fd: int, deadline: float) -> tuple[bytes, bool]:
    chunks = []
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return b"", True
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    return b"".join(chunks), False
                chunks.append(chunk)
    finally:
        os.close(fd)


def _kill_group_member(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def unpack(payload: tuple):
    if payload[0] == "ok":
        return payload[1]
    _, name, message, wrong = payload
    if name == "PasswordRequired":
        raise PasswordRequired(message, wrong_password=wrong)
    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, ReaderError)) or name == "PageError":
        cls = DocumentOpenError
    raise cls(message)


# -- opening a document under the limits ------------------------------------------------

#: Pixels of the thumbnail each page is drawn at by ``probe(check=True)``: enough for
#: MuPDF to interpret everything the page draws, small enough to be quick.
CHECK_PIXELS = 100_000
_MAX_PROBLEMS = 20


@dataclass(frozen=True)
class Opened:
    """What a child found when it opened a file (plain data, crosses process boundaries)."""
    format: str
    page_count: int
    warnings: tuple[str, ...]
    page_problems: tuple[str, ...] = ()   # with check=True: "Page 2 cannot be shown: ..."


def probe(path: Path, password: str | None, limits: Limits, cache_dir: Path | None,
          check: bool = False) -> Opened:
    """Open *path* as the GUI would (laying reflowable files out into *cache_dir*).

    With *check*, also draw every page as a thumbnail and read its text, as a thumbnail
    strip or an index would, and say which pages fail or are partly shown.
    """
    from reader.core.document import Document  # PyMuPDF only where needed
    doc = Document.open(path, password, limits=limits, cache_dir=cache_dir)
    try:
        problems = tuple(check_pages(doc)) if check else ()
        return Opened(doc.format, doc.page_count, tuple(doc.warnings), problems)
    finally:
        doc.close()


def _missing_chapter(text: dict) -> bool:
    """MuPDF draws a missing EPUB chapter as a page reading 'ERROR: cannot find chapter ...'."""
    for block in text.get("blocks", [])[:1]:
        for line in block.get("lines", [])[:1]:
            return "".join(span["text"] for span in line["spans"]).startswith("ERROR: cannot find")
    return False


def _quietly(check: Callable, *args):
    """Run a secondary check; a file too broken for it is reported by the main checks."""
    try:
        return check(*args)
    except Exception as exc:
        logger.info("%s failed: %s", check.__name__, exc)
        return None


def check_pages(doc) -> list[str]:
    """Problems found drawing and reading each page of *doc* (at most a few dozen)."""
    from reader.core.document import box_problems, outline_problem, page_text_dict
    from reader.core.render import render_page
    problems: list[str] = [p for p in [_quietly(outline_problem, doc)] if p]
    for index in range(doc.page_count):
        problems += _quietly(box_problems, doc.pdf, index) or []
        try:
            if render_page(doc.pdf, index, max_pixels=CHECK_PIXELS).incomplete:
                problems.append(f"Page {index + 1} is partly shown: MuPDF left out damaged parts.")
            if _missing_chapter(page_text_dict(doc.pdf[index])):
                problems.append(f"Page {index + 1}: a chapter of this {doc.format.upper()} is missing from the file.")
        except ReaderError as exc:
            problems.append(str(exc))
        except Exception as exc:   # load_page itself; keep going with the other pages
            problems.append(f"Page {index + 1} cannot be read: {exc}.")
        if len(problems) >= _MAX_PROBLEMS:
            problems.append("Ibid stopped listing damaged pages.")
            break
    return problems


def open_limited(path: Path | str, password: str | None = None, *, limits: Limits,
                 cache_dir: Path | None = None, text=None):
    """``Document.open`` for the CLI and the indexer: first in a forked child with the limits.

    If the child opens the file within ``limits.open_seconds`` and ``limits.memory_mb``,
    this process opens it too (a reflowable file from the layout cache the child
    filled: a private temporary one when *cache_dir* is None). Otherwise the child's
    sentence is raised: DocumentOpenError, PasswordRequired or LimitExceeded.
    """
    from reader.core.document import Document
    path = Path(path)
    cache = Path(cache_dir) if cache_dir else _private_cache()
    call_forked(probe, path, password, limits, cache, limits=limits,
                seconds=limits.open_seconds, what=f"Opening {path.name}")
    return Document.open(path, password, limits=limits, cache_dir=cache, text=text)   # (*text*: a TextLayout)


_cache: tempfile.TemporaryDirectory | None = None


def _private_cache() -> Path:
    global _cache
    if _cache is None:
        _cache = tempfile.TemporaryDirectory(prefix="ibid-layout-")
    return Path(_cache.name)


