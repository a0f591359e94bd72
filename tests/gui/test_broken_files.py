"""Every kind of hostile or broken file, opened in the real window.

The files come from our own generator (tests/robustness/make_broken.py), scaled down and
opened with low limits. For each: the outcome its case names (an error in words, a
password prompt, a document shown with or without a "damaged" notice, a limit), never a
crash or a hang, and the window still answers afterwards.
"""
from __future__ import annotations

import dataclasses
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.document import layout_cache_path
from reader.core.paths import Paths
from reader.core.settings import Settings
from reader.gui import dialogs

_spec = importlib.util.spec_from_file_location(
    "make_broken", Path(__file__).resolve().parents[1] / "robustness" / "make_broken.py")
make_broken = importlib.util.module_from_spec(_spec)
sys.modules["make_broken"] = make_broken   # dataclasses look their module up there
_spec.loader.exec_module(make_broken)


@pytest.fixture
def limited_window(qtbot, tmp_path, errors):
    from reader.gui.mainwindow import MainWindow
    settings = Settings()
    settings.limits = dataclasses.replace(settings.limits, **make_broken.TEST_LIMITS)
    window = MainWindow(Paths.under(tmp_path / "ibid"), settings)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    yield window
    window.close()


@pytest.mark.parametrize("case", make_broken.CASES, ids=lambda c: c.name)
def test_broken_file_in_the_window(case, limited_window, qtbot, tmp_path, errors, monkeypatch, seed):
    window = limited_window
    asked = []
    monkeypatch.setattr(dialogs, "ask_password", lambda parent, name, wrong: asked.append(name))
    path = tmp_path / case.name
    case.make(path)
    outcome: list[str] = []
    window.document_opened.connect(lambda _path: outcome.append("opened"))
    window.open_failed.connect(lambda text: outcome.append("failed"))
    window.open_document(path)
    if case.expect != "password":
        qtbot.waitUntil(lambda: bool(outcome), timeout=40000)
    opened = outcome == ["opened"] and window.document.path == path
    if case.expect in ("error", "limit"):
        assert not opened and errors, f"{case.name}: expected a message"
        assert case.name.split(".")[0][:6] in errors[-1] or "Ibid" in errors[-1] or "." in errors[-1]
        assert "Traceback" not in errors[-1]
    elif case.expect == "password":
        assert asked == [case.name] and not opened
    elif case.expect == "warn":
        assert opened or errors, f"{case.name}: neither shown nor refused"
    elif case.expect == "open":
        assert opened and errors == [], f"{case.name}: {errors}"
    else:   # "clean": any of the above, cleanly
        assert opened or errors
    if opened:
        qtbot.waitUntil(window.page_view.all_visible_rendered, timeout=20000)
        if case.expect == "warn":   # shown, with a visible "damaged / partly shown" notice
            # (page boxes and bookmarks are checked just after the first page is drawn)
            qtbot.waitUntil(lambda: window.warning_label.text().startswith("⚠"), timeout=5000)
    # The window still works: a normal document opens and draws.
    errors.clear()
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_document(seed)
    qtbot.waitUntil(window.page_view.all_visible_rendered, timeout=10000)


def test_a_broken_page_far_into_a_long_document_is_still_reported(main_window, qtbot, tmp_path):
    import pymupdf
    doc = pymupdf.open()
    for _ in range(450):
        doc.new_page()
    doc.xref_set_key(doc.page_xref(420), "Rotate", "45")   # no multiple of 90: MuPDF ignores it
    path = tmp_path / "long.pdf"
    doc.save(path)
    with qtbot.waitSignal(main_window.document_opened, timeout=30000):
        main_window.open_document(path)
    assert main_window.warning_label.text() == ""          # page 1 first; the check follows
    qtbot.waitUntil(lambda: "broken size, position or rotation" in main_window.warning_label.toolTip(),
                    timeout=10000)


def test_window_has_a_damaged_cache_entry_laid_out_again_by_the_child(main_window, qtbot, seed, tmp_path):
    source = tmp_path / "letter.md"
    source.write_bytes(seed.read_bytes())
    with qtbot.waitSignal(main_window.document_opened, timeout=60000):
        main_window.open_document(source)
    pages = main_window.document.page_count
    cached = layout_cache_path(source, main_window.paths.layout_cache)
    data = cached.read_bytes()
    cached.write_bytes(data[: len(data) // 2])   # a full disk cut the cached PDF short
    started = []
    main_window.opener.started.connect(started.append)
    with qtbot.waitSignal(main_window.document_opened, timeout=60000):
        main_window.open_document(source)
    assert started == ["letter.md"]        # laid out again in a child, not on the GUI thread
    assert main_window.document.page_count == pages
    assert "Reissued for technical reasons" in "".join(page.get_text() for page in main_window.document.pdf)


def test_a_named_pipe_is_refused_in_words_and_the_window_keeps_answering(main_window, qtbot, tmp_path, errors, seed):
    """Opening a FIFO froze the window: the file was opened (and waited on) on the GUI thread."""
    from tests.core.test_formats import RELEASE_AFTER, released_after
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    started = time.monotonic()
    with released_after(fifo), qtbot.waitSignal(main_window.open_failed, timeout=30000) as failed:
        main_window.open_document(fifo)
    assert time.monotonic() - started < RELEASE_AFTER
    assert failed.args == ["pipe.md is a named pipe (FIFO), not a document."]
    assert errors == failed.args
    errors.clear()
    with qtbot.waitSignal(main_window.document_opened, timeout=30000):
        main_window.open_document(seed)


def test_screenshot_of_a_named_pipe_exits_with_a_sentence(tmp_path):
    """``ibid pipe.md --screenshot OUT.png`` never exited."""
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    run = subprocess.run([sys.executable, "-m", "reader", str(fifo), "--basedir", str(tmp_path / "base"),
                          "--screenshot", str(tmp_path / "shot.png")], cwd=Path(__file__).parents[2],
                         capture_output=True, text=True, timeout=30, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 1
    assert run.stderr.strip().endswith("pipe.md is a named pipe (FIFO), not a document.")
    assert "Traceback" not in run.stderr
