"""Run work on one document in a child process that cannot hang or exhaust the machine.

MuPDF does its heavy lifting (laying out an EPUB to count its pages, parsing a 10 MB
Markdown line) in C while holding the GIL, so neither a thread nor a SIGALRM handler
can interrupt it: only killing a process can. Two ways in, both bounded by
:class:`~reader.core.settings.Limits` (seconds and memory):

- :func:`run_cli` runs ``ibid SUBCOMMAND ...`` (:func:`cli_prefix`) in a new process
  group with ``RLIMIT_AS``, and kills the group when the wall-clock time is up. The GUI
  does the same with QProcess and :func:`cli_prefix`; :func:`limits_env` passes the limits.
- :func:`call_forked` runs a Python function in a forked child (POSIX), for the CLI's
  own in-process work (:func:`open_limited`): cheap, and the child's result comes back pickled.

Either raises :class:`LimitExceeded` with a sentence ("Opening big.md took longer than
30 seconds; Ibid stopped.").
"""
from __future__ import annotations

import dataclasses
import json
import logging
import os
import pickle
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core import errors
from reader.core.errors import DocumentOpenError, LimitExceeded, PasswordRequired, ReaderError
from reader.core.settings import Limits

logger = logging.getLogger(__name__)

#: Time a child gets on top of its limit to start Python and import PyMuPDF; the
#: child's own limit (it runs the same code) fires first and says what it was doing.
STARTUP_SECONDS = 10.0
#: Environment variable holding limit overrides, e.g. "open_seconds=5,memory_mb=1024".
LIMITS_ENV = "IBID_LIMITS"
#: Environment variable holding a child's whole argument list as JSON, for names that are
#: not UTF-8: QProcess passes arguments as text and would lose their bytes.
ARGS_ENV = "IBID_ARGS"
_POLL_SECONDS = 0.02


def cli_prefix() -> list[str]:
    """The command that starts our own CLI: ``ibid`` as a module, or the frozen bundle."""
    if getattr(sys, "frozen", False):   # PyInstaller: the executable takes the subcommand args
        return [sys.executable]
    return [sys.executable, "-m", "reader"]


def args_env(args: list[str]) -> tuple[list[str], dict[str, str]]:
    """(arguments to pass, environment to add) for a child started with *args* through an
    API that takes text (QProcess): a name that is not UTF-8 (lone surrogates, PEP 383) goes
    on the command line readable and, with its bytes, in ARGS_ENV as JSON (whose ``\\udcXX``
    escapes keep them); :func:`args_from_env` in the child takes them back."""
    from reader.core.paths import readable
    shown = [readable(a) for a in args]
    return (shown, {}) if shown == args else (shown, {ARGS_ENV: json.dumps(args)})


def args_from_env(argv: list[str]) -> list[str]:
    """*argv*, or the list :func:`args_env` put in the environment for it (only when its
    readable form is *argv*: a variable left over from elsewhere is ignored)."""
    from reader.core.paths import readable
    carried = os.environ.pop(ARGS_ENV, "")
    try:
        args = json.loads(carried) if carried else None
    except ValueError:
        return argv
    if isinstance(args, list) and all(isinstance(a, str) for a in args) and [readable(a) for a in args] == argv:
        return args
    return argv


def limits_env(limits: Limits, env: dict[str, str] | None = None) -> dict[str, str]:
    """A copy of *env* (default: ours) telling a child CLI to use *limits*."""
    env = dict(os.environ if env is None else env)
    env[LIMITS_ENV] = ",".join(f"{k}={v}" for k, v in dataclasses.asdict(limits).items())
    return env


def set_memory_limit(memory_mb: int) -> None:
    """Cap this process's address space (call in a child only: it cannot be raised again)."""
    try:
        import resource
    except ImportError:   # Windows: no RLIMIT_AS; the time limit still applies
        return
    cap = int(memory_mb) * 2**20
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft == resource.RLIM_INFINITY or cap < soft:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


@dataclass(frozen=True)
class Finished:
    """A child that ran to its end (successfully or not)."""
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float   # peak resident memory of the child and its own children

    @property
    def error_line(self) -> str:
        """The last stderr line that is not a progress line (``ibid: FILE: reason``)."""
        lines = [ln for ln in self.stderr.splitlines() if ln.strip() and not ln.startswith("{")]
        return lines[-1] if lines else ""


def run_cli(args: list[str], *, limits: Limits, seconds: float, what: str,
            on_stderr_line: Callable[[str], None] | None = None) -> Finished:
    """Run ``ibid ARGS`` with *limits*; LimitExceeded after *seconds* (plus startup).

    *what* starts the sentence: "Opening big.md" -> "Opening big.md took longer than 30
    seconds; Ibid stopped." *on_stderr_line* sees progress lines as they come (from a thread).
    """
    start = time.monotonic()
    # preexec_fn is unsafe once other threads run (a Qt process); then the child's own
    # CLI sets the same RLIMIT_AS from IBID_LIMITS (see reader.app._run_limited).
    alone = threading.active_count() == 1
    proc = subprocess.Popen(
        [*cli_prefix(), *map(str, args)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env=limits_env(limits), start_new_session=True,
        preexec_fn=(lambda: set_memory_limit(limits.memory_mb)) if alone else None)
    out: list[bytes] = []
    err: list[bytes] = []
    readers = [threading.Thread(target=_drain, args=(proc.stdout, out, None), daemon=True),
               threading.Thread(target=_drain, args=(proc.stderr, err, on_stderr_line), daemon=True)]
    for reader in readers:
        reader.start()
    status, usage, timed_out = _wait(proc.pid, start + seconds + STARTUP_SECONDS)
    proc.returncode = os.waitstatus_to_exitcode(status)   # reaped here, so Popen must not wait
    for reader in readers:
        reader.join()
    proc.stdout.close()
    proc.stderr.close()
    elapsed = time.monotonic() - start
    if timed_out:
        raise LimitExceeded(f"{what} took longer than {seconds:g} seconds; Ibid stopped.")
    done = Finished(proc.returncode, b"".join(out).decode("utf-8", "replace"),
                    b"".join(err).decode("utf-8", "replace"), elapsed, _rss_mb(usage))
    if proc.returncode < 0:
        raise _died(what, -proc.returncode, limits)
    return done


def _drain(pipe, chunks: list[bytes], on_line: Callable[[str], None] | None) -> None:
    for line in iter(pipe.readline, b""):
        chunks.append(line)
        if on_line:
            on_line(line.decode("utf-8", "replace").rstrip("\n"))


def _wait(pid: int, deadline: float):
    """Wait for *pid* until *deadline*; kill its process group past it. (status, rusage, timed_out)."""
    while True:
        got, status, usage = os.wait4(pid, os.WNOHANG)
        if got:
            return status, usage, False
        if time.monotonic() > deadline:
            _kill_group(pid)
            _, status, usage = os.wait4(pid, 0)
            return status, usage, True
        time.sleep(_POLL_SECONDS)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _rss_mb(usage) -> float:
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return round(usage.ru_maxrss * scale / 2**20, 1)


def _died(what: str, signum: int, limits: Limits) -> ReaderError:
    if signum == signal.SIGKILL:   # the kernel's OOM killer, or someone else
        return LimitExceeded(f"{what} ran out of memory (limit {limits.memory_mb:,} MB); Ibid stopped.")
    try:
        name = signal.Signals(signum).name
    except ValueError:
        name = f"signal {signum}"
    return DocumentOpenError(f"{what} crashed ({name}); Ibid stopped.")


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
        raise _died(what, -code, limits) if code < 0 else DocumentOpenError(f"{what} failed; Ibid stopped.")
    return _unpack(pickle.loads(data))


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
            payload = ("error", "DocumentOpenError", f"Unexpected error: {type(exc).__name__}: {exc}", False)
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


def _unpack(payload: tuple):
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
                 cache_dir: Path | None = None):
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
    return Document.open(path, password, limits=limits, cache_dir=cache)


_cache: tempfile.TemporaryDirectory | None = None


def _private_cache() -> Path:
    global _cache
    if _cache is None:
        _cache = tempfile.TemporaryDirectory(prefix="ibid-layout-")
    return Path(_cache.name)


def open_in_child(path: Path | str, *, limits: Limits, cache_dir: Path, check: bool = False) -> Opened:
    """Open *path* with ``ibid layout`` in a child (the GUI's way, blocking); raise its error.

    Reflowable files land in *cache_dir*; afterwards ``Document.open(path,
    cache_dir=cache_dir)`` is quick. Password-protected files raise PasswordRequired:
    ask, then open them in-process with the password (PDF opening is cheap). With
    *check*, every page is also drawn small and read (``Opened.page_problems``), within
    ``analysis_seconds`` more.
    """
    path = Path(path)
    args = ["layout", path, "--cache", cache_dir, *(["--check"] if check else [])]
    seconds = limits.open_seconds + (limits.analysis_seconds if check else 0)
    done = run_cli(args, limits=limits, seconds=seconds, what=f"Opening {path.name}")
    try:
        report = json.loads(done.stdout or "{}")
    except ValueError:
        report = {}
    if done.returncode == 0 and "page_count" in report:
        return Opened(report["format"], report["page_count"], tuple(report.get("warnings", ())),
                      tuple(report.get("page_problems", ())))
    message = report.get("message") or done.error_line.split(": ", 2)[-1] or f"{path.name} cannot be opened."
    _unpack(("error", report.get("error", "DocumentOpenError"), message, report.get("wrong_password", False)))
    raise AssertionError("unreachable")   # pragma: no cover
