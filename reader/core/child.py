"""The one way Ibid starts a child: ``ibid SUBCOMMAND ...`` under the limits, one line protocol.

MuPDF does its heavy lifting in C while holding the GIL, so neither a thread nor a SIGALRM
handler can interrupt it: only killing a process can. Whole-document work therefore runs
as our own command line in a child process, and every child speaks one protocol:

- started as :func:`cli_prefix` + ``SUBCOMMAND ARGS`` in a new process group; the limits go
  in ``IBID_LIMITS`` (:func:`limits_env`), arguments whose bytes are not UTF-8 in
  ``IBID_ARGS`` (:func:`args_env`); the child applies the memory limit and its own time
  limit (``reader.app._run_limited``), and the parent kills it STARTUP_SECONDS past it;
- stderr: one JSON object per line is an event (:func:`event_line` writes them, the
  progress of a page is ``{"page": 12, "of": 340}``; :func:`read_line` reads them); any
  other line is text, the last one ``ibid: FILE: sentence`` when the child failed;
- stdout: the result; exit status 0 when there is one.

:func:`run` runs a child to its end from a plain process (tests, benchmarks, scripts) and
returns its :class:`Finished` or raises a ReaderError (LimitExceeded, ChildFailed, …); the
window's ``reader.gui.jobs.CliJob`` starts the same children under QProcess with the same
helpers and reads their stderr with the same :func:`read_line`. In-process work of the
command line itself is bounded by a forked call (:func:`reader.core.sandbox.call_forked`).
"""
from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import DocumentOpenError, LimitExceeded, ReaderError
from reader.core.settings import Limits

#: Time a child gets on top of its limit to start Python and import PyMuPDF; the
#: child's own limit (it runs the same code) fires first and says what it was doing.
STARTUP_SECONDS = 10.0
#: Environment variable holding limit overrides, e.g. "open_seconds=5,memory_mb=1024".
LIMITS_ENV = "IBID_LIMITS"
#: Environment variable holding a child's whole argument list as JSON, for names that are
#: not UTF-8: QProcess passes arguments as text and would lose their bytes.
ARGS_ENV = "IBID_ARGS"
#: Environment variable holding the process id of a parent that kills the child past its
#: deadline (:func:`limits_env`); such a child opens its file once, in itself (:func:`watched`).
WATCHED_ENV = "IBID_WATCHED"
_POLL_SECONDS = 0.02


class ChildFailed(ReaderError):
    """A child ended with an error; ``str()`` is its sentence (``ibid: FILE: <sentence>``)."""


def event_line(event: dict) -> str:
    """*event* as one line of the protocol (progress: ``{"page": 12, "of": 340}``)."""
    return json.dumps(event) + "\n"


def write_event(event: dict) -> None:
    """Write one event line on stderr now (a child's progress). JSON's ASCII escapes keep the
    bytes of a name that is not UTF-8 (``\\udcXX``)."""
    sys.stderr.write(event_line(event))
    sys.stderr.flush()


def read_line(line: str) -> dict | None:
    """The event a stderr *line* carries, or None for a line of text."""
    line = line.strip()
    if not line.startswith("{"):
        return None
    try:
        event = json.loads(line)
    except ValueError:
        return None
    return event if isinstance(event, dict) else None


def progress_of(event: dict) -> tuple[int, int] | None:
    """(done, total) when *event* reports progress."""
    try:
        return int(event.get("page", event.get("done", 0))), int(event["of"])
    except (KeyError, TypeError, ValueError):
        return None


def deadline_seconds(limits: Limits) -> float:
    """The wall-clock time a child on one document gets before the parent kills it."""
    return limits.open_seconds + limits.analysis_seconds + STARTUP_SECONDS


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
    env[WATCHED_ENV] = str(os.getpid())   # (child.run and CliJob kill a child past its time)
    return env


def watched() -> bool:
    """True in a child whose parent kills it past its deadline (:func:`run`, the window's
    ``CliJob``): its own memory limit and its parent's clock bound the opening of its file,
    so it opens the file once, here, rather than first in a forked probe. A variable left
    over in a shell names another process than our parent and is ignored.

    A PyInstaller bundle runs as two processes on Linux and macOS (its bootloader starts
    Python in a child of its own), so there the parent that watches is the bootloader's."""
    watcher = os.environ.get(WATCHED_ENV, "")
    parent = os.getppid()
    if watcher == str(parent):
        return True
    return bool(watcher) and getattr(sys, "frozen", False) and watcher == str(_parent_of(parent))


def _parent_of(pid: int) -> int | None:
    """The parent process of *pid*, or None where it cannot be read."""
    try:   # Linux: "pid (name) state ppid ...", the name may hold spaces and parentheses
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return int(stat.read().rsplit(b")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        pass
    if sys.platform == "win32":   # one-folder bundles are one process there
        return None
    try:   # macOS, BSD
        out = subprocess.run(["ps", "-o", "ppid=", "-p", str(pid)], capture_output=True, text=True, timeout=5)
        return int(out.stdout.strip())
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


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
        lines = [ln for ln in self.stderr.splitlines() if ln.strip() and read_line(ln) is None]
        return lines[-1].strip() if lines else ""


def run(args: list, *, limits: Limits, seconds: float, what: str,
        on_event: Callable[[dict], None] | None = None, check: bool = True) -> Finished:
    """Run ``ibid ARGS`` with *limits*; LimitExceeded after *seconds* (plus startup).

    *what* starts the sentence: "Opening big.md" -> "Opening big.md took longer than 30
    seconds; Ibid stopped." *on_event* receives each event line (:func:`read_line`) as it
    comes, from a thread. With *check*, a child that ends with an error raises ChildFailed
    with its sentence; else its Finished says how it ended.
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
               threading.Thread(target=_drain, args=(proc.stderr, err, on_event), daemon=True)]
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
        raise died(what, -proc.returncode, limits)
    if check and proc.returncode != 0:
        raise ChildFailed(done.error_line.split(": ", 2)[-1] or f"{what} failed (exit status {proc.returncode}).")
    return done


def _drain(pipe, chunks: list[bytes], on_event: Callable[[dict], None] | None) -> None:
    for line in iter(pipe.readline, b""):
        chunks.append(line)
        event = read_line(line.decode("utf-8", "replace")) if on_event else None
        if event is not None:
            on_event(event)


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


def died(what: str, signum: int, limits: Limits) -> ReaderError:
    if signum == signal.SIGKILL:   # the kernel's OOM killer, or someone else
        return LimitExceeded(f"{what} ran out of memory (limit {limits.memory_mb:,} MB); Ibid stopped.")
    try:
        name = signal.Signals(signum).name
    except ValueError:
        name = f"signal {signum}"
    return DocumentOpenError(f"{what} crashed ({name}); Ibid stopped.")


def open_in_child(path: Path | str, *, limits: Limits, cache_dir: Path, check: bool = False):
    """Open *path* with ``ibid layout`` in a child (the GUI's way, blocking); raise its error
    (``sandbox.Opened``: format, page count, warnings, page problems).

    Reflowable files land in *cache_dir*; afterwards ``Document.open(path,
    cache_dir=cache_dir)`` is quick. Password-protected files raise PasswordRequired:
    ask, then open them in-process with the password (PDF opening is cheap). With
    *check*, every page is also drawn small and read (``Opened.page_problems``), within
    ``analysis_seconds`` more.
    """
    path = Path(path)
    args = ["layout", path, "--cache", cache_dir, *(["--check"] if check else [])]
    seconds = limits.open_seconds + (limits.analysis_seconds if check else 0)
    from reader.core.sandbox import Opened, unpack
    done = run(args, limits=limits, seconds=seconds, what=f"Opening {path.name}", check=False)
    try:
        report = json.loads(done.stdout or "{}")
    except ValueError:
        report = {}
    if done.returncode == 0 and "page_count" in report:
        return Opened(report["format"], report["page_count"], tuple(report.get("warnings", ())),
                      tuple(report.get("page_problems", ())))
    message = report.get("message") or done.error_line.split(": ", 2)[-1] or f"{path.name} cannot be opened."
    unpack(("error", report.get("error", "DocumentOpenError"), message, report.get("wrong_password", False)))
    raise AssertionError("unreachable")   # pragma: no cover
