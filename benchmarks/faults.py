"""Fault scenarios of issue 21, replayed: pass/fail per item, then kills of ``ibid index``.

    python benchmarks/faults.py [--kills N] [--quick] [--only 1,2,...]

On demand, not a test (minutes: item 7 waits for the open_seconds limit, 30 s; ``--quick``
sets it to 2 s). Every scenario runs ``ibid`` (``python -m reader``) in a fresh
``--basedir`` below a temporary folder, on generated PDFs (each holds one made-up word, so
"findable" is one search per document); the window items drive the real window offscreen
in a child Python. Item 5 needs an unreadable folder as a user sees it: as root, the
command runs under ``setpriv`` without the capabilities that read any file.

The kill round (``--kills N``, default 100) starts ``ibid index add|update`` on the
library, kills it (SIGKILL) after a random delay (every other round: counted from the start
of the second pass of indexing, which ``--json-progress`` reports), edits or deletes a file now and then,
and runs ``ibid index update`` after every kill; it prints recovered/total (the update
exits 0), how many kills left documents with their text only (a kill in the second pass of
indexing), documents findable/total (every document on disk is found by its word on each of
its pages, each page once) and the updates after which every document was analysed.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: A made-up word per generated document, so that one search finds exactly it.
WORD = "quokka{:03d}zed"
#: The longest a kill waits after starting a child (seconds): an add of the library takes about 3 s.
MAX_KILL_DELAY = 3.0


def ibid(*args, env: dict | None = None, prefix: list[str] | None = None,
         timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([*(prefix or []), sys.executable, "-m", "reader", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, env=env)


def make_library(folder: Path, count: int, pages: int = 4) -> list[Path]:
    import pymupdf
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for n in range(count):
        pdf = pymupdf.open()
        for page in range(pages):
            pdf.new_page().insert_text((72, 72), f"Document {n}, page {page + 1}: {WORD.format(n)} and more.")
        path = folder / f"doc{n:03d}.pdf"
        pdf.save(path)
        made.append(path)
    return made


def remake(path: Path, version: int) -> None:
    """*path* written again: the same word, other content (size and hash change)."""
    import pymupdf
    n = int(path.stem[3:])
    pdf = pymupdf.open()
    pdf.new_page().insert_text((72, 72), f"Document {n}, version {version}: {WORD.format(n)}, " + "more " * version)
    pdf.save(path)


def findable(base: Path, files: list[Path]) -> int:
    """How many of *files* their own word finds on each of their pages, each page once (one
    ``ibid search`` for all words: every page holds its document's word)."""
    import pymupdf
    words = {WORD.format(int(f.stem[3:])): str(f) for f in files}
    found = ibid("search", " OR ".join(words), "--json", "--limit", str(10 * len(words)), "--basedir", base)
    if found.returncode != 0:
        return 0
    hits = [hit["path"] for hit in json.loads(found.stdout)["hits"]]
    pages = {str(f): pymupdf.open(f).page_count for f in files}
    return sum(1 for path in words.values() if hits.count(path) == pages[path])


def status(base: Path, prefix=None) -> dict:
    done = ibid("index", "status", "--json", "--basedir", base, prefix=prefix)
    return json.loads(done.stdout) if done.returncode == 0 else {"error": done.stderr.strip()}


# -- the numbered items ------------------------------------------------------------------

def item_2(work: Path, quick: bool) -> tuple[bool, str]:
    """Upgrade: no library.json, the old settings with the list and one bad byte."""
    docs, base = work / "docs", work / "base"
    make_library(docs, 3)
    ibid("index", "add", docs, "--basedir", base)
    (base / "data" / "library.json").unlink()
    (base / "config" / "settings.toml").write_bytes(
        b'zoom = 1.25\n# Gen\xe8ve\nlibrary_folders = ["' + str(docs).encode() + b'"]\n')
    done = ibid("index", "update", "--json", "--basedir", base)
    report = json.loads(done.stdout) if done.returncode == 0 else {}
    kept = status(base)
    ok = done.returncode == 0 and report.get("removed") == [] and kept.get("documents") == 3
    return ok, f"exit {done.returncode}, removed {len(report.get('removed', []))}, documents {kept.get('documents')}"


def item_5(work: Path, quick: bool) -> tuple[bool, str]:
    """An unreadable folder (chmod 000) and a missing one: offline, documents kept."""
    docs, base = work / "docs", work / "base"
    make_library(docs, 3)
    ibid("index", "add", docs, "--basedir", base)
    prefix = []
    if os.geteuid() == 0:
        caps = "-dac_override,-dac_read_search"
        prefix = ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]
    docs.chmod(0)
    try:
        done = ibid("index", "update", "--json", "--basedir", base, prefix=prefix)
    finally:
        docs.chmod(0o755)
    report = json.loads(done.stdout) if done.returncode == 0 else {}
    docs.rename(work / "unmounted")
    gone = ibid("index", "update", "--json", "--basedir", base)
    missing = json.loads(gone.stdout) if gone.returncode == 0 else {}
    (work / "unmounted").rename(docs)
    ok = (report.get("removed") == [] and len(report.get("offline", [])) == 1 and missing.get("removed") == []
          and findable(base, sorted(docs.iterdir())) == 3)
    return ok, (f"unreadable: removed {len(report.get('removed', []))}, offline {report.get('offline')}; "
                f"missing: removed {len(missing.get('removed', []))}")


def item_6(work: Path, quick: bool) -> tuple[bool, str]:
    """A FIFO named .md in the library: the add returns."""
    docs, base = work / "docs", work / "base"
    make_library(docs, 1)
    os.mkfifo(docs / "pipe.md")
    started = time.monotonic()
    try:
        done = ibid("index", "add", docs, "--json", "--basedir", base, timeout=60)
    except subprocess.TimeoutExpired:
        return False, "still running after 60 s"
    return done.returncode == 0, f"exit {done.returncode} in {time.monotonic() - started:.1f} s"


def item_7(work: Path, quick: bool) -> tuple[bool, str]:
    """300 KB of Markdown on one line (60 KB with --quick): stopped at open_seconds, skipped with a reason."""
    docs, base = work / "docs", work / "base"
    docs.mkdir()
    size = 60_000 if quick else 300_000
    (docs / "one-line.md").write_text("# One line\n\n" + "".join("abcdefghij"[(i * 7919) % 10] for i in range(size)))
    env = {**os.environ, "IBID_LIMITS": "open_seconds=2"} if quick else None
    limit = 2.0 if quick else 30.0
    started = time.monotonic()
    done = ibid("index", "add", docs, "--json", "--basedir", base, env=env)
    seconds = time.monotonic() - started
    report = json.loads(done.stdout) if done.returncode == 0 else {}
    skipped = report.get("skipped", [])
    ok = bool(skipped) and seconds < limit + 15
    return ok, f"{seconds:.1f} s (limit {limit:g} s); {skipped[0]['reason'] if skipped else 'not skipped'}"


def item_8(work: Path, quick: bool) -> tuple[bool, str]:
    """A new index with its table of contents but no version file (a kill between the two
    writes): no false 'made by another version', no index.old-* left."""
    docs, base = work / "docs", work / "base"
    docs.mkdir()
    ibid("index", "add", docs, "--basedir", base)   # an empty library: the index is created, empty
    versions = list((base / "data" / "index").glob("ibid-index-version*"))
    for path in versions:
        path.unlink()
    done = ibid("index", "status", "--basedir", base)
    old = list((base / "data").glob("index.old-*"))
    return done.returncode == 0 and bool(versions) and not old, \
        f"exit {done.returncode}, {len(old)} index.old-*, {done.stderr.strip()[:80]}"


WINDOW = textwrap.dedent("""
    import errno, os, sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from PySide6.QtCore import QThreadPool
    app = QApplication([])
    from reader.core import shared
    from reader.core.paths import Paths
    from reader.gui import dialogs
    from reader.gui.mainwindow import MainWindow
    said = []
    dialogs.show_error = lambda parent, text: said.append(text)
    hooks = []
    sys.excepthook = lambda *exc: hooks.append(repr(exc[1]))
    def wait(condition, seconds=60):
        import time
        end = time.monotonic() + seconds
        while not condition() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)
    paths = Paths.under(Path(sys.argv[2]))
    if sys.argv[1] == "1":
        dialogs.ask_folder = lambda parent, title: Path(sys.argv[3])
        window = MainWindow(paths); window.show()
        window.library.start_up()            # the start-up update runs
        window.add_folder_action.trigger()   # Library > Add Folder... meanwhile
        window.close()                       # and Quit at once
    else:
        def full(path, data, *, durable=False):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        paths.ensure()
        paths.records.write_bytes(b"")      # the child cannot store the record either
        shared.write_atomic_bytes = full
        window = MainWindow(paths); window.show()
        window.open_document(Path(sys.argv[3]))
        wait(lambda: window.document is not None and not window.busy())
        print("notes", len(window.footnotes.entries))
        window.close()
    QThreadPool.globalInstance().waitForDone(5000)
    print("said", said)
    print("hooks", len(hooks))
""")


def _window(*args) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", WINDOW, *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env=env)
    return done.stdout


def item_1(work: Path, quick: bool) -> tuple[bool, str]:
    """A folder added while the start-up update runs, then Quit: still in the library."""
    docs, base = work / "docs", work / "base"
    make_library(docs, 1)
    out = _window("1", base, docs)
    folders = status(base).get("folders", [])
    return str(docs) in folders, f"folders after the quit: {len(folders)}; {out.strip().splitlines()[-1:]}"


def item_3(work: Path, quick: bool) -> tuple[bool, str]:
    """Full disk under Ibid's folders (the write layer): notes fill, Quit says what was not saved."""
    out = _window("3", work / "base", ROOT / "tests" / "data" / "un_A_80_L.23.pdf")
    lines = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
    notes, hooks = int(lines.get("notes", "0")), int(lines.get("hooks", "-1"))
    said = lines.get("said", "")
    return notes > 0 and hooks == 0 and "could not save" in said, f"{notes} notes, {hooks} unexpected errors, {said}"


ITEMS = {1: item_1, 2: item_2, 3: item_3, 5: item_5, 6: item_6, 7: item_7, 8: item_8}


# -- kills -------------------------------------------------------------------------------

def kills(work: Path, rounds: int, seed: int = 21) -> None:
    rng = random.Random(seed)
    docs, base = work / "docs", work / "base"
    files = make_library(docs, 40)
    ibid("index", "add", docs, "--basedir", base)
    recovered = found = total = second = analysed = 0
    for n in range(rounds):
        action = rng.choice(["add", "update", "update"])
        in_second = n % 2 == 1   # every other round: killed once the second pass has begun
        if in_second or rng.random() < 0.3:   # a change for the update to find: a file rewritten or deleted
            victim = rng.choice(files)
            if in_second or rng.random() < 0.7:   # (the second pass has work only when a file changed)
                remake(victim, n)
            else:
                victim.unlink()
                files.remove(victim)
        args = [sys.executable, "-m", "reader", "index", action, *([docs] if action == "add" else []),
                "--basedir", base, "--json-progress"]
        proc = subprocess.Popen(list(map(str, args)), cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, start_new_session=True, text=True)
        if in_second:   # as soon as the second pass reports its first file ("pass": 2), uncommitted
            for line in proc.stderr:
                if '"pass": 2' in line:
                    break
        else:
            time.sleep(rng.uniform(0, MAX_KILL_DELAY))
        os.killpg(proc.pid, signal.SIGKILL)   # the reading workers too
        proc.communicate()
        second += status(base).get("unanalysed", 0) > 0   # killed in the second pass (text in, notes not)
        done = ibid("index", "update", "--basedir", base)
        recovered += done.returncode == 0
        analysed += status(base).get("unanalysed", -1) == 0
        on_disk = sorted(p for p in docs.iterdir() if p.suffix == ".pdf")
        found += findable(base, on_disk)
        total += len(on_disk)
        if done.returncode != 0:
            print(f"  round {n + 1}: update after the kill failed: {done.stderr.strip()[:200]}")
    print(f"kills: recovered {recovered}/{rounds} ({second} in the second pass); documents findable "
          f"{found}/{total}; analysed after the update {analysed}/{rounds}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100, help="kill rounds (0: none)")
    parser.add_argument("--quick", action="store_true", help="item 7 with a 2 s limit and a shorter line")
    parser.add_argument("--only", default="", help="items to run, e.g. 1,5 (default: all)")
    args = parser.parse_args()
    chosen = [int(i) for i in args.only.split(",") if i] or list(ITEMS)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="ibid-faults-") as tmp:
        for number in chosen:
            work = Path(tmp) / f"item{number}"
            work.mkdir()
            started = time.monotonic()
            try:
                ok, detail = ITEMS[number](work, args.quick)
            except Exception as exc:   # a scenario that breaks is a failure, reported, not a crash
                ok, detail = False, f"{type(exc).__name__}: {exc}"
            failed += not ok
            print(f"item {number}: {'pass' if ok else 'FAIL'} ({time.monotonic() - started:.1f} s) {detail}")
            shutil.rmtree(work, ignore_errors=True)
        if args.kills and not args.only:
            work = Path(tmp) / "kills"
            work.mkdir()
            kills(work, args.kills)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
