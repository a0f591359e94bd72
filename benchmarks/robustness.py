"""Wall time, peak memory and outcome of every hostile file, through the sandbox.

    python benchmarks/robustness.py [FOLDER] [--json] [--command layout|footnotes]

FOLDER defaults to ../shared/corpus/broken; its README.md table names the expected
outcome of each file (error / password / open / warn / limit). Each file runs as
``ibid layout FILE --check`` (open, lay out, draw and read every page: what the GUI and
the indexer do) in a child with the default limits; peak memory is the child's
``ru_maxrss``. A result differing from the README is "alt" when the README allows it
("...or a clear error") and "MISMATCH" otherwise.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.core import child  # noqa: E402
from reader.core.errors import LimitExceeded, ReaderError  # noqa: E402
from reader.core.settings import Limits  # noqa: E402

DEFAULT_FOLDER = ROOT.parent / "shared" / "corpus" / "broken"
_ROW = re.compile(r"^\| `(?P<file>[^`]+)` \| (?P<what>.*?) \| \*\*(?P<expect>\w+)\*\* \| (?P<note>.*)\|\s*$")
#: Expected -> results the README's notes accept instead ("or a clear error", "or refuse").
_ALTERNATIVES = {"warn": {"error"}, "limit": {"open", "warn", "error", "ran"}, "error": {"warn"}}


def expectations(folder: Path) -> dict[str, str]:
    readme = folder / "README.md"
    if not readme.is_file():
        return {}
    return {m["file"]: m["expect"] for line in readme.read_text(encoding="utf-8").splitlines()
            if (m := _ROW.match(line))}


def measure(path: Path, command: str, limits: Limits, cache: Path) -> dict:
    args = ["layout", path, "--cache", cache, "--check"] if command == "layout" else [command, path, "--json"]
    seconds = limits.open_seconds + limits.analysis_seconds
    row = {"file": path.name}
    try:
        done = child.run(args, limits=limits, seconds=seconds, what=f"Opening {path.name}", check=False)
    except LimitExceeded as exc:   # the sandbox had to kill it: the child's own limits did not fire
        return {**row, "outcome": "limit", "killed": True, "message": str(exc), "seconds": seconds + child.STARTUP_SECONDS,
                "max_rss_mb": None}
    except ReaderError as exc:
        return {**row, "outcome": "crash", "message": str(exc), "seconds": None, "max_rss_mb": None}
    row.update(seconds=round(done.seconds, 2), max_rss_mb=done.max_rss_mb, killed=False,
               traceback="Traceback" in done.stderr)
    try:
        report = json.loads(done.stdout)
    except ValueError:
        report = {}
    if done.returncode == 0 and command != "layout":   # footnotes JSON has no warnings: it ran, or not
        row.update(outcome="ran", message=f"{len(report.get('footnotes', []))} notes", pages=report.get("page_count"))
    elif done.returncode == 0:
        notes = report.get("warnings", []) + report.get("page_problems", [])
        row.update(outcome="warn" if notes else "open", message=" | ".join(notes[:2]), pages=report.get("page_count"))
    else:
        message = done.error_line.split(": ", 2)[-1]
        kind = report.get("error") or _kind_of(message)
        row.update(outcome={"PasswordRequired": "password", "LimitExceeded": "limit"}.get(kind, "error"),
                   message=message,
                   stderr_lines=len([ln for ln in done.stderr.splitlines() if not ln.startswith("{")]))
    return row


def _kind_of(message: str) -> str:
    """The error class from the sentence, for subcommands that print no JSON on failure."""
    if "password" in message.lower():
        return "PasswordRequired"
    return "LimitExceeded" if _LIMIT_WORDS.search(message) else "DocumentOpenError"


_LIMIT_WORDS = re.compile(r"expands to|took longer than|larger than|more than [\d,.]+ (MB|pages|files)|memory")


def verdict(expected: str | None, got: str) -> str:
    if expected is None:
        return "-"
    if got == expected or (got == "ran" and expected in ("open", "warn")):
        return "ok"
    return "alt" if got in _ALTERNATIVES.get(expected, ()) else "MISMATCH"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--command", choices=("layout", "footnotes"), default="layout")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    expected = expectations(args.folder)
    files = sorted(p for p in args.folder.iterdir()
                   if p.is_file() and p.name not in ("README.md", "results.json") and p.suffix != ".py")
    limits = Limits()
    rows = []
    with tempfile.TemporaryDirectory(prefix="ibid-bench-") as cache:
        for path in files:
            row = measure(path, args.command, limits, Path(cache))
            row["expected"] = expected.get(path.name)
            row["verdict"] = verdict(row["expected"], row["outcome"])
            rows.append(row)
            if not args.json:
                print(_line(row), flush=True)
    times = [r["seconds"] for r in rows if r["seconds"] is not None]
    rss = [r["max_rss_mb"] for r in rows if r["max_rss_mb"] is not None]
    summary = {"files": len(rows), "max_seconds": max(times, default=0), "max_rss_mb": max(rss, default=0),
               "slowest": max(rows, key=lambda r: r["seconds"] or 0)["file"] if rows else None,
               "hungriest": max(rows, key=lambda r: r["max_rss_mb"] or 0)["file"] if rows else None,
               "verdicts": {v: sum(r["verdict"] == v for r in rows) for v in ("ok", "alt", "MISMATCH", "-")},
               "tracebacks": sum(bool(r.get("traceback")) for r in rows),
               "killed": sum(bool(r.get("killed")) for r in rows)}
    if args.json:
        json.dump({"rows": rows, "summary": summary}, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(f"\nmax wall time {summary['max_seconds']} s ({summary['slowest']}), "
              f"max peak RSS {summary['max_rss_mb']} MB ({summary['hungriest']}); verdicts {summary['verdicts']}, "
              f"tracebacks {summary['tracebacks']}, killed by the sandbox {summary['killed']}")
    return 1 if summary["verdicts"]["MISMATCH"] or summary["tracebacks"] else 0


def _line(row: dict) -> str:
    secs = "-" if row["seconds"] is None else f"{row['seconds']:.2f}"
    rss = "-" if row["max_rss_mb"] is None else f"{row['max_rss_mb']:.0f}"
    return (f"{row['file'][:36]:36} {row['expected'] or '-':8} {row['outcome']:8} {row['verdict']:8} "
            f"{secs:>6} s {rss:>5} MB  {row.get('message', '')[:110]}")


if __name__ == "__main__":
    sys.exit(main())
