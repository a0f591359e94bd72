"""packaging/linux/install and uninstall, run for real against a stub bundle in a temporary
HOME or prefix whose names hold spaces, & and |: the menu entry must start the installed
program, and a user's own ``ibid`` command is never replaced or deleted."""
from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
INSTALL, UNINSTALL = ROOT / "packaging/linux/install", ROOT / "packaging/linux/uninstall"
APP_ID = "org.ibid.Ibid"
#: Folder names that broke the installer: a space (the menu's Exec), & and | (sed).
ODD = 'my docs & notes | "v2"'


@pytest.fixture
def bundle(tmp_path) -> Path:
    """A stand-in for dist/ibid: an ``ibid`` that prints its version, the desktop file, icons."""
    folder = tmp_path / "dist" / "ibid"
    icons = folder / "_internal/reader/resources/icons"
    icons.mkdir(parents=True)
    program = folder / "ibid"
    program.write_text('#!/bin/sh\necho "ibid 0.0-stub $*"\n', encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    (folder / f"{APP_ID}.desktop").write_bytes((ROOT / f"packaging/linux/{APP_ID}.desktop").read_bytes())
    (icons / "ibid.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (icons / "ibid-48.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return folder


def run(script: Path, *args, home: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home)}
    return subprocess.run(["bash", str(script), *map(str, args)], env=env, capture_output=True, text=True, timeout=60)


def exec_argv(desktop_file: Path) -> list[str]:
    """The Exec line's arguments, unquoted as the Desktop Entry spec (1.4) says a launcher does."""
    line = next(v for v in desktop_file.read_text(encoding="utf-8").splitlines() if v.startswith("Exec="))
    value = re.sub(r"\\(.)", lambda m: {"s": " ", "n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)),
                   line[len("Exec="):])                     # string escapes first: \\ -> \
    args, current, quoted, i = [], None, False, 0
    while i < len(value):
        c = value[i]
        if quoted and c == "\\" and i + 1 < len(value) and value[i + 1] in '"`$\\':
            current, i = (current or "") + value[i + 1], i + 2
            continue
        if c == '"':
            quoted, current = not quoted, current or ""
        elif c == " " and not quoted:
            if current is not None:
                args.append(current)
            current = None
        else:
            assert quoted or c not in "\"'\\><~|&;$*?#()`", f"reserved {c!r} outside quotes in {line!r}"
            current = (current or "") + c
        i += 1
    assert not quoted, f"unbalanced quotes in {line!r}"
    if current is not None:
        args.append(current)
    return [a.replace("%%", "%") for a in args]


def test_home_with_spaces_and_sed_characters_gives_a_working_menu_entry(bundle, tmp_path):
    home = tmp_path / ODD / "home"
    home.mkdir(parents=True)
    result = run(INSTALL, bundle, home=home)
    assert result.returncode == 0, result.stderr
    desktop = home / ".local/share/applications" / f"{APP_ID}.desktop"
    argv = exec_argv(desktop)
    assert argv == [str(home / ".local/bin/ibid"), "%F"]
    started = subprocess.run([argv[0], "--version"], capture_output=True, text=True, timeout=30)
    assert started.stdout.startswith("ibid 0.0-stub")
    assert os.readlink(home / ".local/bin/ibid") == str(home / ".local/opt/ibid/ibid")
    gone = run(home / ".local/opt/ibid/uninstall", home=home)
    assert gone.returncode == 0, gone.stderr
    assert not (home / ".local/bin/ibid").is_symlink() and not desktop.exists()
    assert not (home / ".local/opt/ibid").exists()


def test_prefix_with_ampersand_and_bar_is_copied_as_it_is(bundle, tmp_path):
    home, prefix = tmp_path / "home", tmp_path / "a&b|c" / ODD
    home.mkdir()
    result = run(INSTALL, "--prefix", prefix, bundle, home=home)
    assert result.returncode == 0, result.stderr
    argv = exec_argv(prefix / "share/applications" / f"{APP_ID}.desktop")
    assert argv == [str(prefix / "bin/ibid"), "%F"]
    assert subprocess.run([argv[0], "--version"], capture_output=True, text=True, timeout=30).returncode == 0
    assert run(prefix / "opt/ibid/uninstall", home=home).returncode == 0
    assert not (prefix / "bin/ibid").is_symlink() and not (prefix / "opt/ibid").exists()


@pytest.mark.parametrize("own", ["script", "link elsewhere"])
def test_a_users_own_ibid_command_is_kept_by_install_and_uninstall(bundle, tmp_path, own):
    home = tmp_path / "home"
    command = home / ".local/bin/ibid"
    command.parent.mkdir(parents=True)
    if own == "script":
        command.write_text("#!/bin/sh\necho my own ibid\n", encoding="utf-8")
    else:
        command.symlink_to("/usr/bin/true")
    before = os.readlink(command) if command.is_symlink() else command.read_text(encoding="utf-8")
    result = run(INSTALL, bundle, home=home)
    assert result.returncode == 0, result.stderr
    assert f"keeping {command}" in result.stderr
    after = os.readlink(command) if command.is_symlink() else command.read_text(encoding="utf-8")
    assert after == before
    # the menu entry runs the bundle itself, not the user's command
    assert exec_argv(home / ".local/share/applications" / f"{APP_ID}.desktop")[0] == str(home / ".local/opt/ibid/ibid")
    assert run(home / ".local/opt/ibid/uninstall", home=home).returncode == 0
    assert (os.readlink(command) if command.is_symlink() else command.read_text(encoding="utf-8")) == before
    assert not (home / ".local/opt/ibid").exists()


def test_installing_again_keeps_our_own_link(bundle, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    assert run(INSTALL, bundle, home=home).returncode == 0
    again = run(INSTALL, bundle, home=home)
    assert again.returncode == 0 and "keeping" not in again.stderr
    assert os.readlink(home / ".local/bin/ibid") == str(home / ".local/opt/ibid/ibid")
