"""Entry point of ``ibid``: the GUI by default, subcommands for scripts and tests.

    ibid                      open the window on the document open at the last quit
                              (the bundled sample library the first time)
    ibid FILE [--page N]      open FILE (at page N)
    ibid FILE --screenshot OUT.png   draw the window, save it as PNG, exit (no display needed)
    ibid FILE --theme dark --night   the window in dark colours, pages light on dark
    ibid footnotes FILE --json       (and the other subcommands in reader/cli/)

Qt is imported only when the GUI starts, so the subcommands start fast and run headless.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import os
import re
import sys
from pathlib import Path

from reader import __version__
from reader.core.errors import LimitExceeded, ReaderError

#: Subcommand name -> module in reader/cli/ with ``register(subparsers)``.
COMMANDS = {
    "footnotes": "reader.cli.footnotes",
    "citations": "reader.cli.citations",
    "index": "reader.cli.index",
    "search": "reader.cli.search",
    "layout": "reader.cli.layout",
    "prepare": "reader.cli.prepare",
    "cache": "reader.cli.cache",
    "annotations": "reader.cli.annotations",
}


def main(argv: list[str] | None = None) -> int:
    if getattr(sys, "frozen", False):   # the packaged app's indexing workers (13 ms: only there)
        import multiprocessing
        multiprocessing.freeze_support()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        return _run_command(argv)
    args = gui_parser().parse_args(argv)
    _setup_logging(args.debug)
    if args.screenshot:   # the picture is drawn offscreen: no display needed, same result everywhere
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    missing = _missing_display()
    if missing:
        print(f"ibid: no display found ({missing}); run it in a desktop session, "
              "or use `ibid FILE --screenshot OUT.png`", file=sys.stderr)
        return 1
    import gc
    gc.disable()   # while the modules load (3 % of the work to page 1); StartUp turns it on again
    from reader.gui.application import run_gui  # Qt only from here on
    return run_gui(args)


def gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ibid", description="Ibid: an offline reader for documents that live in footnotes.",
        epilog="Subcommands: " + ", ".join(COMMANDS) + " (ibid SUBCOMMAND --help).")
    parser.add_argument("file", nargs="?", type=Path, help="document to open (PDF, EPUB, XPS, CBZ, HTML, Markdown, text)")
    parser.add_argument("--page", type=int, metavar="N", help="open at page N (1-based)")
    parser.add_argument("--screenshot", type=Path, metavar="OUT.png",
                        help="draw the window, save it as PNG and exit")
    parser.add_argument("--notes", choices=("show", "hide"), help="show or hide the Notes panel")
    parser.add_argument("--annotations", choices=("show", "hide"),
                        help="show the Annotations panel (in front of Notes) or hide it")
    parser.add_argument("--pages", choices=("show", "hide"),
                        help="show the Pages tab (thumbnails) in front of the Outline, or hide it")
    parser.add_argument("--theme", choices=("system", "light", "dark"), default="system",
                        help="colours of the window: the desktop's (default), or Fusion light or dark")
    parser.add_argument("--night", action="store_true", help="pages light on dark for this run (View > Night Mode)")
    parser.add_argument("--basedir", type=Path, help="keep settings, index and cache below this folder")
    parser.add_argument("--no-err-windows", action="store_true", help="log errors instead of showing dialogs")
    parser.add_argument("--debug", action="store_true", help="verbose log on stderr")
    parser.add_argument("--version", action="version", version=f"ibid {__version__}")
    return parser


def _missing_display() -> str:
    """Why no window can be shown on this Linux/BSD machine ("" when one can).

    Without this, Qt's xcb plugin aborts with a message about plugins that misleads: when
    DISPLAY is not set, and when it names an X server that does not answer (a stale DISPLAY
    after an ssh session or a closed Xvfb).
    """
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return ""
    if os.environ.get("WAYLAND_DISPLAY"):
        return ""
    display = os.environ.get("DISPLAY", "")
    if not display:
        return "DISPLAY is not set"
    return "" if _x_server_answers(display) else f"nothing answers at DISPLAY={display}"


def _x_server_answers(display: str) -> bool:
    """Whether an X server listens where *display* ("[host]:N[.S]") says, as libxcb connects:
    the local socket /tmp/.X11-unix/XN (or its Linux abstract twin) for ":N", TCP port
    6000+N for "host:N". A form this does not know is given the benefit of the doubt."""
    import socket
    match = re.fullmatch(r"(?P<host>[^:]*):(?P<number>\d+)(?:\.\d+)?", display)
    if not match:
        return True
    host, number = match["host"] or "", int(match["number"])
    if host in ("", "unix"):
        addresses = [(socket.AF_UNIX, f"/tmp/.X11-unix/X{number}"),
                     (socket.AF_UNIX, f"\0/tmp/.X11-unix/X{number}")]
    else:
        addresses = [(socket.AF_INET6 if ":" in host else socket.AF_INET, (host, 6000 + number))]
    for family, address in addresses:
        try:
            with socket.socket(family, socket.SOCK_STREAM) as probe:
                probe.settimeout(1.0)
                probe.connect(address)
                return True
        except OSError:
            continue
    return False


def _run_command(argv: list[str]) -> int:
    if os.environ.get("IBID_ARGS"):   # names that are not UTF-8, from the window (the import is 60 ms)
        from reader.core.child import args_from_env
        argv = args_from_env(argv)
    # File names that are not UTF-8 are printed as the bytes they are (as ls does), not a
    # UnicodeEncodeError; JSON output escapes them instead (reader.cli.common.json_text).
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="surrogateescape")
    parser = argparse.ArgumentParser(prog="ibid")
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)
    module = importlib.import_module(COMMANDS[argv[0]])
    module.register(sub)
    # `ibid footnotes FILE --debug`: the command comes first, so --debug may come anywhere.
    debug = "--debug" in argv
    args = parser.parse_args([a for a in argv if a != "--debug"])
    args.debug = debug
    _setup_logging(args.debug)
    try:
        return _run_limited(args)
    except BrokenPipeError:      # `ibid search … | head`
        return 0
    except KeyboardInterrupt:
        return 130
    except ReaderError as exc:   # a subcommand that let a worded error through
        return _fail_line(argv, str(exc), args.debug)
    except MemoryError:
        return _fail_line(argv, "ran out of memory; Ibid stopped.", args.debug)
    except Exception as exc:     # a bug: one line, the traceback in a log file
        from reader.core.errors import no_room
        if no_room(exc):         # a full disk is said as such, not as an unexpected error
            return _fail_line(argv, no_room(exc), args.debug)
        if re.search(r"\b(malloc|calloc|realloc)\b.*fail|out of memory", str(exc), re.I):   # MuPDF under RLIMIT_AS
            return _fail_line(argv, "ran out of memory; Ibid stopped.", args.debug)
        return _report_bug(argv, args, exc)


def _run_limited(args: argparse.Namespace) -> int:
    """Run a subcommand; one on a single FILE gets open_seconds + analysis_seconds in all."""
    file = getattr(args, "file", None)
    if not isinstance(file, Path):
        return int(args.func(args) or 0)
    from reader.cli.common import cli_limits, time_limit  # PyMuPDF only for commands that open files
    from reader.core.child import set_memory_limit
    limits = cli_limits(getattr(args, "basedir", None))
    if _is_cli_process():   # not when a test calls main(): the limit could not be lifted again
        set_memory_limit(limits.memory_mb)
    with time_limit(limits.open_seconds + limits.analysis_seconds, f"Reading {file.name}", exit_after=file,
                    raise_if_swallowed=False) as deadline:
        status = int(args.func(args) or 0)
    if deadline.expired and status == 0:   # the limit was swallowed and a partial result printed
        raise LimitExceeded(deadline.message)
    return status


def _is_cli_process() -> bool:
    """True in ``ibid``, ``python -m reader`` and the frozen bundle, not under pytest."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path()
    return bool(getattr(sys, "frozen", False)) or script.name == "ibid" or (
        script.name == "__main__.py" and script.parent.name == "reader")


def _fail_line(argv: list[str], message: str, debug: bool) -> int:
    if debug:
        logging.getLogger("reader").exception("ibid %s failed", argv[0])
    subject = next((a for a in argv[1:] if not a.startswith("-")), argv[0])
    print(f"ibid: {subject}: {' '.join(message.split())}", file=sys.stderr)
    return 1


#: Exit status of a bug (an exception no ReaderError words): sysexits.h's EX_SOFTWARE, so
#: that scripts tell it from 1, a document or a request at fault.
EXIT_BUG = 70


def _report_bug(argv: list[str], args: argparse.Namespace, exc: Exception) -> int:
    """One sentence on stderr naming a log file that holds the traceback; EXIT_BUG."""
    import time
    import traceback
    text = "".join(traceback.format_exception(exc))
    if args.debug:
        logging.getLogger("reader").error("ibid %s hit a bug:\n%s", argv[0], text)
    where = "run it again with --debug to see the details"
    try:
        from reader.core.paths import Paths
        base = getattr(args, "basedir", None)
        paths = Paths.under(base) if base else Paths.default()
        log = paths.state / "bugs" / f"bug-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(f"ibid {__version__}: {' '.join(argv)}\n\n{text}", encoding="utf-8", errors="replace")
        where = f"the details are in {log}"
    except OSError as error:
        logging.getLogger("reader").warning("Could not write the bug report: %s", error)
    subject = next((a for a in argv[1:] if not a.startswith("-")), argv[0])
    message = " ".join(f"Ibid hit a bug ({type(exc).__name__}: {exc}); please report it: {where}.".split())
    print(f"ibid: {subject}: {message}", file=sys.stderr)
    return EXIT_BUG


def _setup_logging(debug: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
