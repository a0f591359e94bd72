"""The lock of files several Ibid processes share (reader.core.shared.locked)."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from reader.core import shared

ROOT = Path(__file__).parents[2]

HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from reader.core import shared
    with shared.locked(Path(sys.argv[1])):
        print("held", flush=True)
        sys.stdin.readline()          # until the test says so
    print("released", flush=True)
""")


def test_a_second_process_waits_for_the_lock_until_the_first_lets_go(tmp_path):
    path = tmp_path / "settings.toml"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], cwd=ROOT, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "held"
        entered = threading.Event()

        def take() -> None:
            with shared.locked(path):
                entered.set()

        taker = threading.Thread(target=take, daemon=True)
        taker.start()
        assert not entered.wait(0.5)           # the other process holds it
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert entered.wait(10)                # ... and lets it go
        taker.join(10)
        assert holder.stdout.readline().strip() == "released"
    finally:
        holder.kill()
        holder.communicate(timeout=10)


KILLED = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from reader.core import shared
    with shared.locked(Path(sys.argv[1])):
        print("held", flush=True)
        os._exit(9)                   # dies holding it (a crash, kill -9)
""")


def test_a_process_that_dies_holding_the_lock_leaves_it_free(tmp_path):
    path = tmp_path / "reading.json"
    out = subprocess.run([sys.executable, "-c", KILLED, str(path)], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.strip() == "held" and out.returncode == 9
    entered = threading.Event()

    def take() -> None:
        with shared.locked(path):
            entered.set()

    threading.Thread(target=take, daemon=True).start()
    assert entered.wait(10)
