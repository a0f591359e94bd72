"""The one child protocol: ``ibid SUBCOMMAND`` under the limits, events on stderr, one error type."""
from __future__ import annotations

import json
import os

import pytest

from reader.core import child
from reader.core.errors import LimitExceeded, ReaderError
from reader.core.settings import Limits


def test_a_child_that_fails_raises_its_sentence(tmp_path):
    (tmp_path / "empty.pdf").write_bytes(b"")
    with pytest.raises(child.ChildFailed, match=r"^empty\.pdf is empty \(0 bytes\)\.$") as failed:
        child.run(["prepare", tmp_path / "empty.pdf", "--basedir", tmp_path], limits=Limits(), seconds=30,
                  what="Preparing empty.pdf")
    assert isinstance(failed.value, ReaderError)


def test_events_come_while_the_child_works_and_the_result_on_stdout(tmp_path, data_file):
    events = []
    done = child.run(["prepare", data_file("un_A_RES_78_5.pdf"), "--json-progress", "--basedir", tmp_path],
                     limits=Limits(), seconds=60, what="Preparing", on_event=events.append)
    result = json.loads(done.stdout)
    assert result["prepared"] and result["page_count"] == events[-1]["of"] == events[-1]["page"]
    assert events[0] == {"opened": {"format": "pdf", "page_count": result["page_count"], "record": False}}
    pages = events[1:]    # the file is open (the window opens its view then); then its pages
    assert [child.progress_of(e) for e in pages] == [(e["page"], e["of"]) for e in pages]
    again = json.loads(child.run(["prepare", data_file("un_A_RES_78_5.pdf"), "--basedir", tmp_path],
                                 limits=Limits(), seconds=60, what="Preparing").stdout)
    assert not again["prepared"] and again["record"] == result["record"]   # read, not made again


def test_only_json_objects_are_events():
    assert child.read_line(child.event_line({"page": 3, "of": 9})) == {"page": 3, "of": 9}
    assert child.read_line("ibid: x.pdf: x.pdf is damaged.") is None
    assert child.read_line("{not json") is None and child.read_line("[1, 2]") is None


def _count_opens(monkeypatch):
    """(files MuPDF opens in this process, forked probes started)."""
    import pymupdf

    from reader.core import sandbox
    opened, forked = [], []
    real_open, real_fork = pymupdf.open, sandbox.call_forked
    monkeypatch.setattr(pymupdf, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    monkeypatch.setattr(sandbox, "call_forked", lambda *a, **k: forked.append(a) or real_fork(*a, **k))
    return opened, forked


@pytest.mark.parametrize("name", ["un_A_RES_78_5.pdf", "markup/docbook-xsl-demo.epub", "un-letter-2025-04-01.md"])
def test_a_watched_child_opens_its_file_once(name, tmp_path, data_file, monkeypatch):
    """Under a parent that kills it past its time (the window, child.run), ``ibid prepare``
    opens the file once, in itself: no forked probe that opens it first."""
    from reader.app import main
    opened, forked = _count_opens(monkeypatch)
    monkeypatch.setenv(child.WATCHED_ENV, str(os.getppid()))
    assert child.watched()
    assert main(["prepare", str(data_file(name)), "--basedir", str(tmp_path)]) == 0
    assert len(opened) == 1 and forked == []


def test_an_unwatched_command_line_opens_in_a_probe_first(tmp_path, data_file, monkeypatch):
    """From a shell nobody kills ``ibid prepare`` on time: a forked probe meets a hostile file
    first. A variable left over from another parent does not count."""
    from reader.app import main
    opened, forked = _count_opens(monkeypatch)
    monkeypatch.setenv(child.WATCHED_ENV, str(os.getpid()))   # not our parent
    assert not child.watched()
    assert main(["prepare", str(data_file("un_A_RES_78_5.pdf")), "--basedir", str(tmp_path)]) == 0
    assert len(forked) == 1 and len(opened) == 1    # (the probe's own opening is in the forked child)


def test_a_limit_inside_another_leaves_the_outer_one_running():
    import signal
    import time

    from reader.cli.common import time_limit
    around = signal.getitimer(signal.ITIMER_REAL)[0]   # (pytest-timeout's own, when it runs)
    with time_limit(5, "Reading x"):
        with (pytest.raises(LimitExceeded, match=r"^Opening x took longer than 0\.1 seconds; Ibid stopped\.$"),
              time_limit(0.1, "Opening x")):
            time.sleep(2)
        assert 4 < signal.getitimer(signal.ITIMER_REAL)[0] <= 4.95   # the outer limit, less the time spent
        with time_limit(9, "Opening y"):       # longer than what the outer one has left: stands aside
            assert signal.getitimer(signal.ITIMER_REAL)[0] <= 4.95
    left = signal.getitimer(signal.ITIMER_REAL)[0]
    assert (left == 0) if not around else (around - 5 < left < around)   # that one goes on too


def test_a_watched_child_stops_an_opening_that_takes_too_long(tmp_path):
    slow = tmp_path / "slow.md"
    slow.write_text("word word word[^1] " * 12_000 + "\n\n[^1]: note\n", encoding="utf-8")
    with pytest.raises(child.ChildFailed, match=r"^Opening slow\.md took longer than 0\.5 seconds; Ibid stopped\.$"):
        child.run(["prepare", slow, "--basedir", tmp_path], limits=Limits(open_seconds=0.5, max_text_mb=5.0),
                  seconds=30, what="Preparing slow.md")


_BUNDLED_CHILD = "import sys; sys.frozen = True; from reader.core import child; print(child.watched())"


@pytest.mark.parametrize("frozen", [True, False])
def test_a_bundled_child_is_watched_through_its_bootloader(frozen, tmp_path):
    """A PyInstaller bundle on Linux and macOS is two processes: the bootloader, then Python in
    its child. The window's ``ibid prepare`` is then our grandchild and must count as watched
    (else it opens its file twice); outside a bundle, a grandchild is not ours to watch."""
    import subprocess
    import sys
    code = _BUNDLED_CHILD if frozen else _BUNDLED_CHILD.replace("sys.frozen = True; ", "")
    bootloader = f"import subprocess, sys; sys.exit(subprocess.call([sys.executable, '-c', {code!r}]))"
    run = subprocess.run([sys.executable, "-c", bootloader], env=child.limits_env(Limits()),
                         capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == str(frozen), run.stderr
