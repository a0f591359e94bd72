"""What every subcommand shares: opening a document under the limits and failing in one line.

Subcommands open files with :func:`open_document` (never ``Document.open`` directly): it
opens the file first in a forked child bounded by ``Limits.open_seconds`` and
``Limits.memory_mb``, so a zip bomb or a 10 MB Markdown line ends in one sentence on
stderr instead of a hang. Wrap whole-document work in :func:`time_limit`.
"""
from __future__ import annotations

import json
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.errors import LimitExceeded, ReaderError
from reader.core.paths import Paths

if TYPE_CHECKING:   # (PyMuPDF only for the commands that open files, the settings (tomllib) only
    import argparse  # for those that read them: ``ibid search`` starts faster)

    from reader.core.document import Document
    from reader.core.settings import Limits, Settings
    from reader.core.textlayout import TextLayout


def fail(subject: object, message: object) -> int:
    """Print ``ibid: SUBJECT: MESSAGE`` on stderr and return exit status 1."""
    text = " ".join(str(message).split())   # one line, whatever the message holds
    print(f"ibid: {subject}: {text}", file=sys.stderr)
    return 1


def load_settings(paths: Paths) -> Settings:
    """The settings; a damaged file (renamed aside by the load) costs one warning line on stderr."""
    from reader.core.settings import Settings
    settings = Settings.load(paths.settings_file)
    if settings.notice:
        print(f"ibid: {paths.settings_file}: warning: {' '.join(settings.notice.split())}", file=sys.stderr)
    return settings


def add_basedir(parser: argparse.ArgumentParser, default=None) -> None:
    parser.add_argument("--basedir", type=Path, default=default, metavar="DIR",
                        help="keep settings, index and cache below DIR (tests, portable use)")


def paths_of(args) -> Paths:
    return Paths.under(args.basedir) if args.basedir else Paths.default()


def cli_limits(basedir: Path | None = None) -> Limits:
    """The limits in the settings file (below *basedir* if given), then ``IBID_LIMITS``."""
    paths = Paths.under(basedir) if basedir else Paths.default()
    limits = load_settings(paths).limits
    from reader.core.child import LIMITS_ENV  # (not at import: ``ibid search`` needs none of it)
    spec = os.environ.get(LIMITS_ENV, "")
    return limits.with_overrides(spec) if spec else limits


def open_document(path: Path, password: str | None = None, *, limits: Limits | None = None,
                  cache_dir: Path | None = None, text: TextLayout | None = None) -> Document:
    """Open *path* for a subcommand under the limits; ReaderError carries the sentence to print.

    LimitExceeded (a ReaderError) when opening takes longer than ``open_seconds`` or needs
    more than ``memory_mb``; PasswordRequired when the file is encrypted. A child whose
    parent watches its clock (``child.watched``: the window, ``child.run``) opens the file
    once, here, under its own memory limit; otherwise a forked probe opens it first.
    """
    from reader.core.child import watched
    limits = limits or cli_limits()
    if watched():
        from reader.core.document import Document
        with time_limit(limits.open_seconds, f"Opening {path.name}"):
            return Document.open(path, password, limits=limits, cache_dir=cache_dir, text=text)
    from reader.core import sandbox
    return sandbox.open_limited(path, password, limits=limits, cache_dir=cache_dir, text=text)


#: After the time limit, how long code may take to let LimitExceeded through (``exit_after``).
GRACE_SECONDS = 2.0


class Deadline:
    """What :func:`time_limit` yields: whether the limit fired, and its sentence."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.expired = False


@contextmanager
def time_limit(seconds: float, what: str, *, exit_after: str | None = None,
               raise_if_swallowed: bool = True) -> Iterator[Deadline]:
    """Raise LimitExceeded("WHAT took longer than N seconds; Ibid stopped.") inside the block.

    SIGALRM, so it interrupts Python code (the loop over pages) but not one long MuPDF
    call; page-level calls are bounded by :func:`reader.core.document.page_text_dict`'s
    flags. A no-op outside the main thread or where SIGALRM does not exist.

    If the block swallows the exception (``except Exception`` per page) and ends normally,
    LimitExceeded is raised on leaving it (its result is incomplete), unless
    *raise_if_swallowed* is False: then look at ``Deadline.expired``. With *exit_after*
    (the ``ibid: FILE`` subject; CLI processes only), a block that keeps going is cut
    short: GRACE_SECONDS later the sentence is printed and the process exits with status 1.
    Inside another limit (the opening within a child's whole time), the enclosing one goes
    on afterwards with the time it had left; if it would fire first, this one stands aside.
    """
    message = f"{what} took longer than {seconds:g} seconds; Ibid stopped."
    deadline = Deadline(message)
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield deadline
        return
    fired = []

    def expired(_signum, _frame):
        if fired and exit_after is not None:
            fail(exit_after, message)
            sys.stderr.flush()
            os._exit(1)
        fired.append(True)
        deadline.expired = True
        if exit_after is not None:
            signal.setitimer(signal.ITIMER_REAL, GRACE_SECONDS)
        raise LimitExceeded(message)

    outer_left = signal.getitimer(signal.ITIMER_REAL)[0]   # inside another limit: it goes on after
    if outer_left and outer_left <= seconds:   # the enclosing limit comes first and says so
        yield deadline
        return
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield deadline
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left:
            signal.setitimer(signal.ITIMER_REAL, max(0.001, outer_left - (time.monotonic() - started)))
    if fired and raise_if_swallowed:   # the block swallowed LimitExceeded and went on
        raise LimitExceeded(message)


def print_json(data: object) -> None:
    sys.stdout.write(json_text(data, indent=1) + "\n")


def json_text(data: object, indent: int | None = None) -> str:
    """JSON that is valid UTF-8 whatever the file names in it: the bytes of a name that is
    not UTF-8 (lone surrogates in Python, PEP 383) are written as ``\\udcXX`` escapes, which
    ``json.loads`` turns back into the same string, so ``os.fsencode`` gives the same bytes."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


__all__ = ["Deadline", "add_basedir", "cli_limits", "fail", "json_text", "open_document", "paths_of", "print_json",
           "time_limit", "ReaderError"]
