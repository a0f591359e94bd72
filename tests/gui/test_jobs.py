"""Children under QProcess speak the protocol of reader.core.child, limits included."""
from __future__ import annotations

import time

from reader.core import child
from reader.core.settings import Limits
from reader.gui.jobs import CliJob


def test_a_child_past_its_time_is_killed_with_one_sentence(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(child, "STARTUP_SECONDS", 0.0)
    slow = tmp_path / "slow.md"
    slow.write_text("word word[^1] " * 20_000 + "\n\n[^1]: note\n", encoding="utf-8")
    job = CliJob(["layout", str(slow), "--cache", str(tmp_path)], limits=Limits(max_text_mb=5.0), seconds=0.5,
                 what="Opening slow.md")
    start = time.monotonic()
    with qtbot.waitSignal(job.finished, timeout=10000) as done:
        job.start()
    assert done.args[1] != 0 and done.args[3] == "Opening slow.md took longer than 0.5 seconds; Ibid stopped."
    assert time.monotonic() - start < 3 and not job.running()


def test_progress_comes_from_the_children_event_lines(qtbot, data_file, tmp_path):
    job = CliJob(["prepare", str(data_file("un_A_RES_78_5.pdf")), "--json-progress", "--basedir", str(tmp_path)])
    seen = []
    job.progressed.connect(lambda _id, done, total: seen.append((done, total)))
    with qtbot.waitSignal(job.finished, timeout=60000) as done:
        job.start()
    assert done.args[1] == 0 and seen and seen[-1][0] == seen[-1][1] > 1
