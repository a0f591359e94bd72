"""Every kind of hostile file through the CLI, with low limits: the outcome its case names.

``ibid layout FILE --check`` is what the GUI runs in a child before showing a file; each
case must end in its outcome (error / password / open / warn / limit), with exactly one
stderr line on failure, no traceback, and within the time limit. The files are made by
our own generator (make_broken.py) in a temporary folder; nothing here needs ../shared.
"""
from __future__ import annotations

import json
import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from make_broken import CASES, TEST_LIMITS, make_all

from reader.core.child import STARTUP_SECONDS, cli_prefix

ENV = dict(os.environ, IBID_LIMITS=",".join(f"{k}={v}" for k, v in TEST_LIMITS.items()))
#: A whole run may take the open and analysis limits, plus starting Python, plus a loaded machine.
DEADLINE = TEST_LIMITS["open_seconds"] + TEST_LIMITS["analysis_seconds"] + STARTUP_SECONDS
#: Files the footnote command also reads (it exists once the footnote engine has landed).
FOOTNOTE_CASES = ("garbage-prefix.pdf", "page-tree-cycle.pdf", "deep-nesting-q.pdf", "huge-image.pdf",
                  "epub-bomb.epub", "epub-huge-padding.epub", "long-line.md", "password-aes.pdf",
                  "html-saved.pdf", "superscripts.pdf")


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def report(self) -> dict:
        try:
            return json.loads(self.stdout)
        except ValueError:
            return {}

    @property
    def outcome(self) -> str:
        report = self.report
        if self.returncode == 0:
            return "warn" if report.get("warnings") or report.get("page_problems") else "open"
        return {"PasswordRequired": "password", "LimitExceeded": "limit"}.get(report.get("error"), "error")


def ibid(*args: object, cwd: Path) -> Run:
    start = time.monotonic()
    done = subprocess.run([*cli_prefix(), *map(str, args)], capture_output=True, text=True, env=ENV,
                          cwd=cwd, timeout=DEADLINE * 3)
    return Run(done.returncode, done.stdout, done.stderr, time.monotonic() - start)


@pytest.fixture(scope="session")
def broken(tmp_path_factory) -> dict[str, Path]:
    return make_all(tmp_path_factory.mktemp("broken"))


@pytest.fixture(scope="session")
def layout_runs(broken, tmp_path_factory) -> dict[str, Run]:
    """``ibid layout --check`` on every case, three at a time (the suite has a time budget)."""
    cache = tmp_path_factory.mktemp("cache")
    with ThreadPoolExecutor(max_workers=3) as pool:
        runs = pool.map(lambda name: ibid("layout", broken[name], "--cache", cache, "--check", cwd=cache), broken)
        return dict(zip(broken, runs))


def assert_fails_well(run: Run, name: str) -> None:
    """No traceback; on failure exactly one ``ibid: FILE: sentence`` line; no error line on success.

    (On success a subcommand may log warnings, e.g. the footnote engine about a bad page.)
    """
    assert "Traceback" not in run.stderr
    lines = [line for line in run.stderr.splitlines() if not line.startswith("{")]   # not progress lines
    if run.returncode == 0:
        assert not [line for line in lines if line.startswith("ibid:")]
    else:
        assert run.returncode == 1
        assert len(lines) == 1 and lines[0].startswith("ibid: ") and name in lines[0], run.stderr
        assert lines[0].endswith("."), "a sentence, not a fragment"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_layout_outcome(case, layout_runs):
    run = layout_runs[case.name]
    assert_fails_well(run, case.name)
    assert run.seconds < DEADLINE
    if case.expect != "clean":
        assert run.outcome == case.expect, run.stdout + run.stderr


def test_outcome_sentences_say_what_happened(layout_runs):
    message = {name: run.report.get("message", "") for name, run in layout_runs.items()}
    assert message["empty.pdf"] == "empty.pdf is empty (0 bytes)."
    assert "web page" in message["html-saved.pdf"]
    assert "PNG image" in message["png-renamed.pdf"]
    assert message["epub-huge-padding.epub"].startswith("This EPUB expands to more than 300 pages")
    assert "MB of text" in message["epub-bomb.epub"]
    assert "500 files" in message["epub-many-entries.epub"]
    assert layout_runs["password-aes.pdf"].report["wrong_password"] is False
    warnings = {name: " ".join(run.report.get("warnings", [])) for name, run in layout_runs.items()}
    assert "is named .epub but is a PDF" in warnings["pdf-renamed.epub"]
    assert "shows only its beginning" in warnings["long-line.md"]
    problems = " ".join(layout_runs["page-tree-cycle.pdf"].report["page_problems"])
    assert "Page 2 cannot be shown" in problems


def test_no_file_outside_the_archive_is_read(broken, layout_runs, tmp_path):
    assert not Path("/tmp/ibid-evil.xhtml").exists()
    from reader.cli.common import open_document
    for name in ("epub-xxe.epub", "epub-local-refs.epub", "epub-traversal.epub"):
        doc = open_document(broken[name], cache_dir=tmp_path)
        text = "".join(page.get_text() for page in doc.pdf)
        assert "root:" not in text and "evil" not in text.replace("ibid-evil", "")
        doc.close()


def test_billion_laughs_are_not_expanded(broken, tmp_path):
    from reader.cli.common import open_document
    doc = open_document(broken["epub-billion-laughs.epub"], cache_dir=tmp_path)
    assert doc.page_count <= 2
    assert "lollollol" not in "".join(page.get_text() for page in doc.pdf)


@pytest.mark.parametrize("name", FOOTNOTE_CASES)
def test_footnotes_cli_fails_well(name, broken, tmp_path):
    run = ibid("footnotes", broken[name], "--json", cwd=tmp_path)
    assert_fails_well(run, name)
    assert run.seconds < DEADLINE
    case = next(c for c in CASES if c.name == name)
    if case.expect in ("error", "password", "limit"):
        assert run.returncode == 1
    else:
        assert run.returncode == 0 and json.loads(run.stdout)["page_count"] >= 1


def test_a_hang_is_cut_at_the_time_limit(tmp_path):
    """A file that takes longer than open_seconds ends in one sentence, not a wait."""
    slow = tmp_path / "slow.md"
    slow.write_text("word word word[^1] " * 12_000 + "\n\n[^1]: note\n", encoding="utf-8")
    env = dict(ENV, IBID_LIMITS="open_seconds=0.5,max_text_mb=5")
    start = time.monotonic()
    done = subprocess.run([*cli_prefix(), "layout", str(slow), "--cache", str(tmp_path)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert time.monotonic() - start < 0.5 + STARTUP_SECONDS
    assert done.returncode == 1
    assert done.stderr.strip().endswith("Opening slow.md took longer than 0.5 seconds; Ibid stopped.")
    assert json.loads(done.stdout)["error"] == "LimitExceeded"


def test_settings_file_limits_apply_with_basedir(tmp_path):
    from reader.core.paths import Paths
    from reader.core.settings import Settings
    settings = Settings()
    settings.limits.max_pages = 1
    settings.save(Paths.under(tmp_path).settings_file)
    two_pages = tmp_path / "two.txt"
    two_pages.write_text("para\n\n" * 400, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "IBID_LIMITS"}
    done = subprocess.run([*cli_prefix(), "layout", str(two_pages), "--cache", str(tmp_path / "c"),
                           "--basedir", str(tmp_path)], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1 and "more than 1 pages" in done.stderr


def test_a_full_disk_is_said_as_such_not_as_an_unexpected_error(tmp_path):
    """Issue 21, "Also": laying a Markdown file out with no room to write said "Unexpected
    error: OSError". A file size limit (RLIMIT_FSIZE) makes every write past 4 KB fail with
    EFBIG, as a full disk fails with ENOSPC, root or not."""
    import resource
    import sys
    source = Path(__file__).parents[1] / "data" / "un-letter-2025-04-01.md"

    def no_room() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    done = subprocess.run([sys.executable, "-m", "reader", "layout", str(source), "--cache", str(tmp_path / "cache")],
                          cwd=Path(__file__).parents[2], capture_output=True, text=True, timeout=60,
                          preexec_fn=no_room)
    [line] = [ln for ln in done.stderr.splitlines() if ln.startswith("ibid: ")]
    assert done.returncode == 1 and "Unexpected" not in line
    assert line.endswith("There is no room to write a file (File too large): free some disk space, then try again.")
