"""How long the window freezes while the library search panel runs hard queries (issue 13).

    .venv/bin/python benchmarks/search_stalls.py INDEX_DIR [--json]

INDEX_DIR is a built index (``benchmarks/search.py --keep DIR`` makes one of 5,000 pages).
A real SearchPanel (offscreen) searches each query on its pool thread, as in the window,
while a 5 ms QTimer ticks on the GUI thread; a stall is the longest gap between two ticks
less 5 ms (what the user feels as a frozen window), and the wall time is how long until
the panel shows its answer. ``tuberculosis`` is the baseline of the same run.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from reader.gui.searchpanel import SearchPanel  # noqa: E402

QUERIES = ["tuberculosis", "?*", "*a*", "a*", "*tion", "e~2", "s*", "NOT NOT x", "e~2", "tuberculosis"]
TICK_MS = 5


def measure(panel: SearchPanel, app: QApplication, query: str) -> dict:
    ticks: list[float] = []
    timer = QTimer(interval=TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    panel.status.setText("")
    timer.start()
    started = time.monotonic()
    panel.search(query)
    while panel.status.text() in ("", "Searching…") and time.monotonic() - started < 120:
        app.processEvents()
        time.sleep(0.001)
    wall = time.monotonic() - started
    timer.stop()
    gaps = [b - a for a, b in zip([started, *ticks], ticks)]
    return {"query": query, "wall_s": round(wall, 3),
            "worst_stall_ms": round(max(0.0, max(gaps, default=wall) * 1000 - TICK_MS), 1),
            "answer": panel.status.text()[:70]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    panel = SearchPanel(args.index)
    panel.show()
    measure(panel, app, "tuberculosis")     # opens the index (not measured)
    results = [measure(panel, app, q) for q in QUERIES]
    panel.close_index()
    if args.json:
        json.dump(results, sys.stdout, indent=1)
    else:
        for r in results:
            print(f"{r['query']!r:16} wall {r['wall_s']:6.2f} s  worst stall {r['worst_stall_ms']:7.1f} ms  {r['answer']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
