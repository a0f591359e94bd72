"""``ibid index …`` and ``ibid search …`` as scripts and the GUI run them, kill -9 included."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index import search, store
from reader.core.errors import ReaderError
from reader.core.paths import Paths
from tests.index.conftest import DATA, copy_library

ROOT = Path(__file__).parents[2]


def ibid(*args, check=True, **kw) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "reader", *map(str, args)], cwd=ROOT,
                            capture_output=True, text=True, timeout=100, **kw)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def progress_lines(stderr: str) -> list[dict]:
    return [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]


def test_index_add_status_search_remove(tmp_path):
    docs = copy_library(tmp_path / "docs")
    base = tmp_path / "base"
    added = ibid("index", "add", docs, "--basedir", base, "--json-progress", "--json")
    report = json.loads(added.stdout)
    assert len(report["indexed"]) == 3 and report["skipped"] == []
    events = progress_lines(added.stderr)
    assert {"page", "of", "file", "file_index", "files"} <= set(events[0])
    assert (base / "data" / "index").is_dir()          # below --basedir, not beside the documents

    status = json.loads(ibid("index", "status", "--json", "--basedir", base).stdout)
    assert status["folders"] == [str(docs)] and status["documents"] == 3 and status["pending"] == 0

    found = json.loads(ibid("search", '"Treaty Series"', "--json", "--basedir", base).stdout)
    assert [(Path(h["path"]).name, h["page"]) for h in found["hits"]] == [("un_A_80_L.23.pdf", 2), ("un_A_80_L.23.pdf", 13)]
    text = ibid("search", "in:notes", '"Treaty Series"', "--basedir", base).stdout
    assert "p. 2 (notes)" in text and "[[Treaty Series]]" in text
    notes = json.loads(ibid("search", "tuberculosis preventive", "--in-notes", "--json", "--basedir", base).stdout)
    assert notes["hits"] == []

    cited = json.loads(ibid("search", "--cited-by", "a/80/390", "--json", "--basedir", base).stdout)
    assert [Path(c["path"]).name for c in cited["cited_by"]] == ["un_A_80_L.23.pdf"]

    ibid("index", "remove", docs, "--basedir", base)
    assert json.loads(ibid("search", "tuberculosis", "--json", "--basedir", base).stdout)["hits"] == []


def test_index_update_sees_changes(tmp_path):
    docs = copy_library(tmp_path / "docs", ["un_A_RES_78_5.pdf"])
    base = tmp_path / "base"
    ibid("index", "add", docs, "--basedir", base)
    shutil.copyfile(DATA / "un_A_80_L.23.pdf", docs / "new.pdf")
    status = json.loads(ibid("index", "status", "--json", "--basedir", base).stdout)
    assert status["pending"] == 1
    out = ibid("index", "update", "--basedir", base).stdout
    assert out.startswith("Indexed 1 files (19 pages), 1 unchanged")


def test_errors_are_one_line_and_exit_1(tmp_path):
    base = tmp_path / "base"
    missing = ibid("index", "add", tmp_path / "nowhere", "--basedir", base, check=False)
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"ibid: {tmp_path / 'nowhere'}: {tmp_path / 'nowhere'} is not a folder."
    assert ibid("search", "--basedir", base, check=False).returncode == 1


def test_busy_index_is_reported_and_can_be_retried(tmp_path):
    docs = copy_library(tmp_path / "docs", ["un_A_RES_78_5.pdf"])
    base = tmp_path / "base"
    ibid("index", "add", docs, "--basedir", base)
    with store.locked(Paths.under(base).index_dir):
        busy = ibid("index", "update", "--wait", "0.2", "--basedir", base, check=False)
    assert busy.returncode == 1
    assert busy.stderr.strip() == ("ibid: index: The library index is busy (another Ibid is indexing); "
                                   "try again in a moment.")
    ibid("index", "update", "--basedir", base)


@pytest.mark.slow
def test_kill_9_halfway_keeps_the_index_usable_and_the_next_run_completes_it(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    copies = 60
    for n in range(copies):
        shutil.copyfile(DATA / "un_A_RES_78_5.pdf", docs / f"copy-{n:02}.pdf")
    base = tmp_path / "base"
    index_dir = Paths.under(base).index_dir
    child = subprocess.Popen([sys.executable, "-m", "reader", "index", "add", str(docs), "--basedir", str(base)],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:   # kill it as soon as a first batch is committed, whatever the speed of the machine
        deadline = time.monotonic() + 100
        while child.poll() is None and time.monotonic() < deadline and not _committed(index_dir):
            time.sleep(0.1)
        assert child.poll() is None, "indexing ended before it could be interrupted halfway"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 10    # the reading worker processes die with their parent
    while _processes_mentioning(str(base)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_mentioning(str(base)) == []

    hits = search(index_dir, "tuberculosis", limit=1000)
    done = {h.path for h in hits}
    assert 0 < len(done) < copies
    status = json.loads(ibid("index", "status", "--json", "--basedir", base).stdout)
    assert status["documents"] == len(done) and status["pages"] == 15 * len(done)   # whole files only

    report = json.loads(ibid("index", "update", "--json", "--basedir", base).stdout)
    assert report["unchanged"] == len(done) and len(report["indexed"]) == copies - len(done)
    status = json.loads(ibid("index", "status", "--json", "--basedir", base).stdout)
    assert status["documents"] == copies and status["pages"] == 15 * copies and status["pending"] == 0
    assert len({h.path for h in search(index_dir, "tuberculosis", limit=5000)}) == copies


def _committed(index_dir: Path) -> bool:
    """Has the indexer committed at least one document (read without taking its lock)?"""
    try:
        return bool(search(index_dir, "tuberculosis", limit=1))
    except ReaderError:
        return False


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and text in (proc / "cmdline").read_bytes().decode(errors="replace"):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def test_a_damaged_settings_file_costs_one_warning_line_and_no_folder(tmp_path):
    docs = copy_library(tmp_path / "docs", ("un_A_80_L.23.pdf",))
    base = tmp_path / "base"
    ibid("index", "add", docs, "--basedir", base)
    settings = Paths.under(base).settings_file
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_bytes(b"zoom = 1.5\n# caf\xe9\n")            # Latin-1, not UTF-8
    status = ibid("index", "status", "--json", "--basedir", base)
    [line] = status.stderr.splitlines()
    assert line.startswith(f"ibid: {settings}: warning: settings.toml was damaged") and ".damaged-" in line
    assert json.loads(status.stdout)["folders"] == [str(docs)] and json.loads(status.stdout)["documents"] == 1
    assert [p.read_bytes() for p in settings.parent.glob("settings.toml.damaged-*")] == [b"zoom = 1.5\n# caf\xe9\n"]
    assert ibid("index", "status", "--basedir", base).stderr == ""     # said once, not every time


@pytest.mark.parametrize(("args", "printed"), [
    (["humanitarian"], "[[humanitarian]]"),
    (["--cited-by", "a/80/390"], "un_a_80_l.23.pdf"),     # the citations' symbol normaliser only
])
def test_search_loads_only_the_searcher(indexed_library, tmp_path, args, printed):
    """A one-shot ``ibid search`` starts fast: neither PyMuPDF, the footnote engine nor the
    indexer is imported (a third of its start-up time), nor what Whoosh imports without
    needing it (urllib.request, asyncio: another quarter), nor the settings' TOML reader."""
    _folder, index_dir = indexed_library
    base = tmp_path / "base"
    shutil.copytree(index_dir, Paths.under(base).index_dir)
    code = ("import sys, runpy; sys.argv = ['ibid', 'search', *sys.argv[2:], '--basedir', sys.argv[1]]\n"
            "try:\n    runpy.run_module('reader', run_name='__main__')\n"
            "except SystemExit as exit:\n    assert exit.code == 0, exit.code\n"
            "loaded = [m for m in ('pymupdf', 'reader.core.footnotes', 'index.build', 'urllib.request', 'asyncio', 'tomllib') "
            "if m in sys.modules]\nprint('loaded:', loaded)")
    result = subprocess.run([sys.executable, "-c", code, str(base), *args], cwd=ROOT, capture_output=True,
                            text=True, timeout=100)
    assert result.returncode == 0, result.stderr
    assert printed in result.stdout.lower()
    assert result.stdout.strip().endswith("loaded: []")


def _upgraded(tmp_path, settings: bytes) -> tuple[Path, Path]:
    """A library indexed by the previous version: its index, no library.json, and its
    folder list in *settings* (the previous version's settings.toml)."""
    docs = copy_library(tmp_path / "docs", names=("un-letter-2025-04-01.md",))
    base = tmp_path / "base"
    ibid("index", "add", docs, "--basedir", base)
    paths = Paths.under(base)
    paths.library_file.unlink()
    paths.settings_file.write_bytes(settings.replace(b"DIR", str(docs).encode()))
    return docs, base


def test_an_upgrade_from_settings_with_a_bad_byte_keeps_the_library(tmp_path):
    """Issue 21, item 2: the folder list is read from the damaged file's readable lines."""
    docs, base = _upgraded(tmp_path, b'zoom = 1.25\n# Gen\xe8ve\nlibrary_folders = [\n  "DIR",\n]\n')
    report = json.loads(ibid("index", "update", "--json", "--basedir", base).stdout)
    assert report["removed"] == [] and report["unchanged"] == 1
    status = json.loads(ibid("index", "status", "--json", "--basedir", base).stdout)
    assert status["folders"] == [str(docs)] and status["documents"] == 1
    assert list(Paths.under(base).config.glob("settings.toml.damaged-*"))   # the damaged file kept aside


def test_an_upgrade_whose_folder_list_has_the_bad_byte_stops_and_says_so(tmp_path):
    docs, base = _upgraded(tmp_path, b'zoom = 1.25\nlibrary_folders = ["DIR", "/media/Gen\xe8ve"]\n')
    for _ in range(2):   # the second run reads the copy kept aside: the same answer
        refused = ibid("index", "update", "--basedir", base, check=False)
        assert refused.returncode != 0 and "library_folders" in refused.stderr and "cannot be read" in refused.stderr
    status = ibid("index", "status", "--json", "--basedir", base, check=False)
    assert status.returncode != 0 and "cannot be read" in status.stderr
    assert json.loads(ibid("search", "letter", "--json", "--basedir", base).stdout)["hits"]   # nothing dropped


def as_unprivileged() -> list[str]:
    """A command prefix without the power to read every file that root has: a folder of mode
    000 is then unreadable, as it is to any other user (util-linux's setpriv; [] when not root)."""
    if os.geteuid() != 0:
        return []
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_an_unreadable_library_folder_is_offline_and_its_documents_stay(tmp_path):
    """Issue 21, item 5: chmod 000 made `ibid index update` remove the folder's documents."""
    docs = copy_library(tmp_path / "docs", names=("un-letter-2025-04-01.md",))
    base = tmp_path / "base"
    ibid("index", "add", docs, "--basedir", base)
    docs.chmod(0)
    try:
        command = [*as_unprivileged(), sys.executable, "-m", "reader", "index"]
        updated = subprocess.run([*command, "update", "--json", "--basedir", base], cwd=ROOT, capture_output=True,
                                 text=True, timeout=100)
        status = subprocess.run([*command, "status", "--json", "--basedir", base], cwd=ROOT, capture_output=True,
                                text=True, timeout=100)
    finally:
        docs.chmod(0o755)
    assert updated.returncode == 0, updated.stderr
    report = json.loads(updated.stdout)
    assert report["removed"] == []
    assert report["offline"] == [{"folder": str(docs), "reason": "Permission denied", "documents": 1}]
    assert f"{docs} cannot be read (Permission denied)" in updated.stderr
    listed = json.loads(status.stdout)
    assert listed["documents"] == 1 and listed["pending"] == 0 and listed["offline"][0]["folder"] == str(docs)
    assert json.loads(ibid("search", "letter", "--json", "--basedir", base).stdout)["hits"]
    back = json.loads(ibid("index", "update", "--json", "--basedir", base).stdout)   # readable again
    assert back["offline"] == [] and back["unchanged"] == 1 and back["indexed"] == []


def test_a_missing_library_folder_is_offline_until_it_comes_back(tmp_path):
    docs = copy_library(tmp_path / "docs", names=("un-letter-2025-04-01.md",))
    base = tmp_path / "base"
    ibid("index", "add", docs, "--basedir", base)
    docs.rename(tmp_path / "elsewhere")                      # the drive is unmounted
    updated = ibid("index", "update", "--basedir", base)
    assert "0 removed" in updated.stdout and "1 folder could not be read (offline)" in updated.stdout
    assert f"{docs} cannot be read (not found)" in updated.stderr
    (tmp_path / "elsewhere").rename(docs)
    back = json.loads(ibid("index", "update", "--json", "--basedir", base).stdout)
    assert back["offline"] == [] and back["unchanged"] == 1 and back["removed"] == []


def test_a_long_unbroken_line_stops_the_indexer_where_it_stops_ibid_layout(tmp_path):
    """Issue 21, item 7: 300 KB of Markdown on one line kept `ibid index add` busy for 84 s;
    `ibid layout` stopped it at open_seconds. The indexer now keeps the same limit."""
    docs = tmp_path / "docs"
    docs.mkdir()
    words = "".join("abcdefghij"[(i * 7919) % 10] for i in range(200_000))   # no space, no break
    (docs / "one-line.md").write_text(f"# One line\n\n{words}\n", encoding="utf-8")
    env = {**os.environ, "IBID_LIMITS": "open_seconds=1"}
    laid_out = ibid("layout", docs / "one-line.md", "--cache", tmp_path / "cache", check=False, env=env)
    assert laid_out.returncode != 0 and "took longer than 1 seconds" in laid_out.stderr
    started = time.monotonic()
    report = json.loads(ibid("index", "add", docs, "--json", "--basedir", tmp_path / "base", env=env).stdout)
    assert report["indexed"] == [] and [s["path"] for s in report["skipped"]] == [str(docs / "one-line.md")]
    assert "Opening one-line.md took longer than 1 seconds" in report["skipped"][0]["reason"]
    assert time.monotonic() - started < 20      # (was minutes; the layout alone takes about 10 s here)
    again = json.loads(ibid("index", "update", "--json", "--basedir", tmp_path / "base", env=env).stdout)
    assert again["unchanged"] == 1 and len(again["skipped"]) == 1   # the skip is remembered, not retried
