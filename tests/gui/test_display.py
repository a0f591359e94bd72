"""Starting without a display: one clear line for the window, and screenshots drawn offscreen."""
from __future__ import annotations

import os
import socket
import subprocess
import sys

from PySide6.QtGui import QImage

from reader.core.paths import Paths
from reader.core.settings import Settings


def _no_display_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}


def test_window_without_display_says_so_in_one_line(tmp_path, data_file):
    run = subprocess.run([sys.executable, "-m", "reader", str(data_file("un_A_RES_78_5.pdf")),
                          "--basedir", str(tmp_path)],
                         capture_output=True, text=True, env=_no_display_env(), timeout=60)
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("ibid: no display found (DISPLAY is not set)")
    assert "--screenshot" in lines[0] and "xcb" not in run.stderr


def test_window_with_a_display_nothing_answers_at_says_so_in_one_line(tmp_path, data_file):
    env = {**_no_display_env(), "DISPLAY": ":987"}        # a stale DISPLAY: no X server there
    run = subprocess.run([sys.executable, "-m", "reader", str(data_file("un_A_RES_78_5.pdf")),
                          "--basedir", str(tmp_path)],
                         capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("ibid: no display found (nothing answers at DISPLAY=:987)")
    assert "xcb" not in run.stderr


def test_a_display_that_answers_is_taken(monkeypatch):
    """An X server listening on the local socket (here the Linux abstract one) is enough."""
    from reader.app import _missing_display
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind("\0/tmp/.X11-unix/X986")
        server.listen(1)
        monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
        monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
        monkeypatch.setenv("DISPLAY", ":986.0")
        assert _missing_display() == ""
    monkeypatch.setenv("DISPLAY", ":986")
    assert _missing_display() == "nothing answers at DISPLAY=:986"


def test_screenshot_draws_offscreen_without_display_and_in_dark_colours(tmp_path, data_file):
    out = tmp_path / "shot.png"
    run = subprocess.run([sys.executable, "-m", "reader", str(data_file("un_A_RES_78_5.pdf")), "--notes", "hide",
                          "--theme", "dark", "--night", "--screenshot", str(out), "--basedir", str(tmp_path / "ibid")],
                         capture_output=True, text=True, env=_no_display_env(), timeout=90)
    assert run.returncode == 0, run.stderr
    image = QImage(str(out))
    assert image.width() >= 1000 and image.height() >= 700
    step = 7
    lightness = [image.pixelColor(x, y).lightnessF() for y in range(0, image.height(), step)
                 for x in range(0, image.width(), step)]
    assert sum(lightness) / len(lightness) < 0.3          # dark panels and a night page, not white
    assert out.stat().st_size < 250_000                    # small enough for the README
    settings = Settings.load(Paths.under(tmp_path / "ibid").settings_file)
    assert settings.night is False                         # --night was for that run only


def test_screenshot_into_a_folder_that_cannot_be_made_is_one_line_not_a_hang(tmp_path, data_file):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    out = blocker / "shots" / "shot.png"
    run = subprocess.run([sys.executable, "-m", "reader", str(data_file("un_A_RES_78_5.pdf")), "--notes", "hide",
                          "--screenshot", str(out), "--basedir", str(tmp_path / "ibid")],
                         capture_output=True, text=True, env=_no_display_env(), timeout=60)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [f"ibid: {out}: could not write the screenshot (Not a directory)"]
