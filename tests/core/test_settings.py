"""Settings and reading state shared by several windows and ``ibid`` commands: no data lost.

Each window saves only what it changed, into the file as it is at that moment; a damaged
file is renamed aside, never overwritten; writes go through unique temp files.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

from reader.core.settings import Settings
from reader.core.state import ReadingState

ROOT = Path(__file__).parents[2]
SETTINGS = b'zoom = 1.25\nfit = "none"\nlibrary_folders = ["/home/me/UN"]\n\n[limits]\nmemory_mb = 1024\n'


def test_a_bad_byte_sets_the_file_aside_and_says_so(tmp_path):
    path = tmp_path / "settings.toml"
    damaged = SETTINGS.replace(b"none", b"n\xffne")
    path.write_bytes(damaged)
    settings = Settings.load(path)
    assert settings.zoom == 1.0 and settings.fit == "width"          # the defaults
    [aside] = tmp_path.glob("settings.toml.damaged-*")
    assert aside.read_bytes() == damaged                              # kept byte for byte
    assert "settings.toml was damaged" in settings.notice and aside.name in settings.notice
    settings.show_all_notes = True
    settings.save(path)                                               # the window quits
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"show_all_notes": True}
    assert aside.read_bytes() == damaged and Settings.load(path).notice == ""


def test_bad_toml_sets_the_file_aside_too(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_bytes(SETTINGS + b"zoom = = 3\n")
    assert "was damaged" in Settings.load(path).notice
    assert not path.exists() and len(list(tmp_path.glob("settings.toml.damaged-*"))) == 1


def test_two_windows_each_save_only_what_they_changed(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_bytes(SETTINGS)
    first, second = Settings.load(path), Settings.load(path)
    first.zoom, first.fit = 2.0, "page"
    first.save(path)
    second.limits.memory_mb = 4096
    second.save(path)                  # knew nothing of the first window's zoom
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    assert (raw["zoom"], raw["fit"], raw["limits"]["memory_mb"]) == (2.0, "page", 4096)
    assert raw["library_folders"] == ["/home/me/UN"]   # a key this version no longer reads stays
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.toml", "settings.toml.lock"]


def test_two_windows_keep_each_others_reading_positions_and_recent_files(tmp_path):
    file = tmp_path / "reading.json"
    first, second = ReadingState(file), ReadingState(file)
    first.set_position("aaa", 3, 100.0, 1.0)
    second.set_position("bbb", 7, 200.0, 1.5, "width")
    first.add_recent(tmp_path / "a.pdf")
    second.add_recent(tmp_path / "b.pdf")
    third = ReadingState(file)
    assert third.position("aaa") == (3, 100.0, 1.0, None)
    assert third.position("bbb") == (7, 200.0, 1.5, "width")
    assert third.recent() == [tmp_path / "b.pdf", tmp_path / "a.pdf"]
    assert first.position("bbb") == (7, 200.0, 1.5, "width")     # a window sees what the other saved


def test_damaged_reading_state_is_set_aside(tmp_path):
    file = tmp_path / "reading.json"
    file.write_bytes(b'{"positions": {"aaa": [3, 1.0, 1.0]')
    state = ReadingState(file)
    assert "reading.json was damaged" in state.notice and state.position("aaa") is None
    state.set_position("bbb", 1, 0.0, 1.0)
    [aside] = tmp_path.glob("reading.json.damaged-*")
    assert aside.read_bytes().startswith(b'{"positions": {"aaa"')


WORKER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from reader.core.settings import Settings
    from reader.core.state import ReadingState
    folder, n, key = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    while not (folder / "go").exists():
        time.sleep(0.005)
    for i in range(10):
        ReadingState(folder / "reading.json").set_position(f"doc{n}-{i}", i, float(n), 1.0)
        settings = Settings.load(folder / "settings.toml")
        owner, _, name = key.rpartition(".")
        target = settings.limits if owner else settings
        setattr(target, name, type(getattr(target, name))(100 * (n + 1) + i))
        settings.save(folder / "settings.toml")
""")
#: One setting per process: the last value each process saved must be in the file.
KEYS = ("zoom", "recent_max", "limits.memory_mb", "limits.max_pages", "limits.max_file_mb",
        "limits.max_archive_mb", "limits.max_archive_entries", "limits.open_seconds")


def test_processes_saving_at_once_lose_nothing(tmp_path):
    processes = [subprocess.Popen([sys.executable, "-c", WORKER, str(tmp_path), str(n), key], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for n, key in enumerate(KEYS)]
    (tmp_path / "go").touch()
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0 and err == "", err
    positions = json.loads((tmp_path / "reading.json").read_text(encoding="utf-8"))["positions"]
    assert sorted(positions) == sorted(f"doc{n}-{i}" for n in range(len(KEYS)) for i in range(10))
    raw = tomllib.loads((tmp_path / "settings.toml").read_text(encoding="utf-8"))
    saved = {key: raw[key] if "." not in key else raw["limits"][key.split(".")[1]] for key in KEYS}
    assert saved == {key: 100 * (n + 1) + 9 for n, key in enumerate(KEYS)}
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob("*.damaged-*"))


def test_core_does_not_import_the_index():
    code = ("import importlib, pkgutil, sys, reader.core\n"
            "for m in pkgutil.walk_packages(reader.core.__path__, 'reader.core.'):\n"
            "    importlib.import_module(m.name)\n"
            "print(sorted(n for n in sys.modules if n.split('.')[0] in ('index', 'whoosh', 'PySide6')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_core_source_names_no_index_and_no_qt():
    """Read, not run: an import inside a function (loaded only when called) counts too."""
    import ast
    found = []
    for source in sorted((ROOT / "reader" / "core").rglob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            found += [f"{source.name}: {n}" for n in names if n.split(".")[0] in ("index", "whoosh", "PySide6")]
    assert found == []


def test_reading_positions_keep_their_keys(tmp_path):
    """A document's reading position is stored under a fingerprint of its size and first and
    last 64 KiB (SHA-256). However it is computed, the key must stay the one older versions
    wrote, or every saved position is lost."""
    import hashlib
    import os

    from reader.core.state import fingerprint
    big = tmp_path / "big.pdf"
    big.write_bytes(os.urandom(300_000))
    data = big.read_bytes()
    expected = hashlib.sha256(str(len(data)).encode() + data[:65536] + data[-65536:]).hexdigest()[:32]
    assert fingerprint(big) == expected
    small = tmp_path / "small.pdf"
    small.write_bytes(b"%PDF-1.7 tiny")
    assert fingerprint(small) == hashlib.sha256(b"13%PDF-1.7 tiny").hexdigest()[:32]


def test_every_setting_survives_a_save_and_a_load(tmp_path):
    path = tmp_path / "settings.toml"
    settings = Settings.load(path)
    settings.zoom, settings.fit, settings.show_all_notes, settings.night = 1.75, "page", True, True
    settings.recent_max = 30
    settings.limits.memory_mb, settings.limits.open_seconds = 3072, 12.5
    settings.save(path)
    again = Settings.load(path)
    assert again == settings and again.notice == ""
    assert tomllib.loads(path.read_text(encoding="utf-8"))["limits"] == {"memory_mb": 3072, "open_seconds": 12.5}


HAND_EDITED = '''# my settings
zoom = 1.5
"odd key" = "tab\\there, quote \\" and é"
when = 2026-12-01T03:15:00Z
sizes = [1, 2.5, true]

[limits]
max_pages = 500

[[plugins]]
name = "first"

[[plugins]]
name = "second"
options = { level = 3, tags = ["a", "b"] }

[extra.deeper]
flag = false
'''


def test_a_save_keeps_every_value_of_a_hand_edited_file(tmp_path):
    """Keys this version does not read (tables, arrays of tables, dates, escaped strings)
    come back from a save as they were: only the changed key differs."""
    path = tmp_path / "settings.toml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    before = tomllib.loads(HAND_EDITED)
    settings = Settings.load(path)
    assert (settings.zoom, settings.limits.max_pages) == (1.5, 500)
    settings.night = True
    settings.save(path)
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {**before, "night": True}
    assert Settings.load(path).night is True
