"""Time to first page, and memory after scrolling 1,000 pages.

    python benchmarks/first_page.py [--runs 5] [--pages 1000]

1. Time from launch until ``ibid FILE --screenshot OUT.png`` has drawn page 1 of a 315-page
   PDF and written the picture, against a minimal PySide6 + PyMuPDF script that does the
   same (``_floor_first_page.py``) in the same run: the ratio is what we report (target
   <= 1.3). Three moments: the PNG begun (its first bytes on disk: the figure reported
   before 2026-12-01), the PNG complete (its IEND chunk written) and the process ended
   (quitting included: Ibid then saves the reading state). "Begun" is uneven: the floor
   starts writing as it compresses, Ibid first picks the palette of its smaller PNG, so
   the floor's compression is left out and Ibid's palette is not; "complete" counts both.
   Runs are interleaved and the median is taken. ``--notes hide`` is passed so
   both programs show the same thing (the page); the time with the Notes panel (which
   waits for the footnote analysis) is also shown. Python writes its bytecode cache as on
   a user's machine (PYTHONDONTWRITEBYTECODE is unset; a first run warms it).
2. CPU time (user + system) and peak RSS of the real main window scrolling through a
   1,000-page PDF page by page, waiting for every visible page to be drawn, against the
   floor viewer (``_floor_scroll.py``: the same view size, zoom, pixmaps and loop, only the
   pages in view kept) in interleaved pairs (``--scroll-runs``; targets <= 1.5x each). The
   scrolling starts once the Notes panel is filled (the issue's case: the panel follows the
   visible pages); ``--profile`` adds the CPU the Notes panel itself took.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "samples" / "un_A_RES_78_5.pdf"


def make_pdf(pages: int, out: Path) -> Path:
    src = pymupdf.open(SOURCE)
    doc = pymupdf.open()
    while doc.page_count < pages:
        doc.insert_pdf(src, to_page=min(src.page_count, pages - doc.page_count) - 1)
    doc.save(out, garbage=3, deflate=True)
    return out


def timed(argv: list[str], env: dict, out: Path) -> tuple[float, float, float]:
    """Seconds until *out* is begun (first bytes), until it is a whole PNG, until the process ends."""
    out.unlink(missing_ok=True)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    begun = complete = None
    while proc.poll() is None:
        if begun is None and out.exists() and out.stat().st_size > 0:
            begun = time.perf_counter() - start
        if begun is not None and complete is None and _png_complete(out):
            complete = time.perf_counter() - start
        time.sleep(0.002)
    ended = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{argv[1:3]} failed ({proc.returncode}): {proc.stderr.read()[-500:]}")
    return (begun if begun is not None else ended), (complete if complete is not None else ended), ended


def _png_complete(out: Path) -> bool:
    """The PNG ends with its IEND chunk (length 0, type, CRC): the writer has finished it."""
    try:
        with open(out, "rb") as png:
            png.seek(-12, os.SEEK_END)
            return png.read() == b"\0\0\0\0IEND\xaeB`\x82"
    except OSError:   # not 12 bytes yet
        return False


def ibid_program() -> list[str]:
    """How a user starts Ibid: the installed ``ibid`` script (Python runs it as it runs the
    floor's script), else ``python -m reader`` from a checkout, which also loads runpy and
    the package's ``__main__`` (8 ms more to the first page, measured here)."""
    script = Path(sys.executable).with_name("ibid")
    return [str(script)] if script.exists() else [sys.executable, "-m", "reader"]


def first_page(pdf: Path, runs: int, tmp: Path, env: dict) -> None:
    floor_cmd = [sys.executable, str(ROOT / "benchmarks" / "_floor_first_page.py"), str(pdf), str(tmp / "floor.png")]
    ibid = [*ibid_program(), str(pdf), "--basedir", str(tmp / "base")]
    ours_cmd = [*ibid, "--screenshot", str(tmp / "ours.png"), "--notes", "hide"]
    notes_cmd = [*ibid, "--screenshot", str(tmp / "notes.png"), "--notes", "show"]
    timed(floor_cmd, env, tmp / "floor.png"), timed(ours_cmd, env, tmp / "ours.png")   # warm the caches
    runs_of = {"floor": [], "ours": [], "notes": []}
    for _ in range(runs):
        runs_of["floor"].append(timed(floor_cmd, env, tmp / "floor.png"))
        runs_of["ours"].append(timed(ours_cmd, env, tmp / "ours.png"))
        runs_of["notes"].append(timed(notes_cmd, env, tmp / "notes.png"))
    floor, ours, notes = ([statistics.median(run[i] for run in r) for i in range(3)] for r in runs_of.values())

    def line(name: str, times: list[float]) -> str:
        text = f"  {name:36s}" + "".join(f"{t:7.3f} s" for t in times)
        return text + ("   ratio " + " / ".join(f"{t / f:4.2f}x" for t, f in zip(times, floor)) if times is not floor else "")

    print(f"first page of a {pymupdf.open(pdf).page_count}-page PDF, median of {runs} runs "
          "(PNG begun / PNG complete / process ended):")
    print(line("floor (PySide6 + PyMuPDF, page 1):", floor))
    print(line("ibid --screenshot --notes hide:", ours) + "  (target <= 1.3x)")
    print(line("ibid --screenshot, notes analysed:", notes))
    for i, moment in enumerate(("begun", "complete")):
        print(f"  spread over the runs, PNG {moment} (lowest-highest): floor {_spread(runs_of['floor'], i)}, "
              f"ibid {_spread(runs_of['ours'], i)}, ratio of each run's pair {_spread(runs_of['ours'], i, runs_of['floor'])}")


def _spread(runs: list[tuple], i: int, floor: list[tuple] | None = None) -> str:
    """Lowest-highest of moment *i* of the runs (s), or of its ratio to the floor's run just before."""
    values = [run[i] for run in runs] if floor is None else [run[i] / f[i] for run, f in zip(runs, floor)]
    return f"{min(values):.3f}-{max(values):.3f}" if floor is None else f"{min(values):.2f}-{max(values):.2f}x"


SCROLL_SCRIPT = r"""
import cProfile, pstats, resource, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from reader.core.paths import Paths
from reader.gui.mainwindow import MainWindow
window = MainWindow(Paths.under(Path(sys.argv[2])))
window.resize(1200, 860)
window.show()
notes = []
window.footnotes.notes_ready.connect(notes.append)
window.open_document(Path(sys.argv[1]))
view = window.page_view
deadline = time.monotonic() + 600
while not notes and time.monotonic() < deadline:   # the Notes panel filled first
    app.processEvents()
    time.sleep(0.005)
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
profile = cProfile.Profile() if len(sys.argv) > 3 else None
start = cpu()
if profile: profile.enable()
for page in range(view.page_count()):
    view.go_to_page(page)
    while not view.all_visible_rendered():
        app.processEvents()
app.processEvents()
if profile: profile.disable()
spent = cpu() - start
panel = 0.0
if profile:
    stats = pstats.Stats(profile)
    panel = sum(v[3] for k, v in stats.stats.items() if k[0].endswith("notespanel.py"))
    stats.sort_stats("tottime").print_stats(12)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, view.cache_size(), len(notes[0]) if notes else -1,
      f"{spent:.2f}", f"{panel:.2f}", view.viewport().width(), view.viewport().height(), round(view.page_rect(0).width()))
window.close()
"""


def scroll_memory(pdf: Path, tmp: Path, env: dict, runs: int, profile: bool = False) -> None:
    """*runs* pairs, interleaved: Ibid's window, then the floor viewer at the size of its page view."""
    pairs = []
    for number in range(runs):
        proc = subprocess.run([sys.executable, "-c", SCROLL_SCRIPT, str(pdf), str(tmp / f"scroll-{number}"),
                               *(["--profile"] if profile else [])],
                              env=env, capture_output=True, text=True, timeout=1800, cwd=ROOT)
        if proc.returncode != 0:
            raise SystemExit(f"scroll run failed: {proc.stderr[-800:]}")
        if profile:
            print(proc.stdout.rsplit("\n", 2)[0])
        rss, cached, notes, cpu, panel, width, height, page_w = proc.stdout.split()[-8:]
        floor = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "_floor_scroll.py"), str(pdf), width, height],
                               env=env, capture_output=True, text=True, timeout=1800, cwd=ROOT)
        if floor.returncode != 0:
            raise SystemExit(f"floor scroll run failed: {floor.stderr[-800:]}")
        floor_rss, floor_cpu, floor_w = floor.stdout.split()[-3:]
        pairs.append((float(cpu), int(rss), float(floor_cpu), int(floor_rss)))
        print(f"  pair {number + 1}: Ibid {cpu} s CPU, {rss} MB peak ({cached} page images cached at the end, "
              f"{notes} notes" + (f", Notes panel {panel} s profiled" if profile else "")
              + f"); floor {floor_cpu} s, {floor_rss} MB; page images {page_w} / {floor_w} px wide "
              f"in a {width}x{height} view")
    pages = pymupdf.open(pdf).page_count
    print(f"scrolling {pages} pages page by page with the Notes panel filled, {runs} interleaved pairs "
          "(median, lowest-highest):")
    for name, i in (("CPU", 0), ("peak RSS", 1)):
        ratios = [p[i] / p[i + 2] for p in pairs]
        ours, floor = [p[i] for p in pairs], [p[i + 2] for p in pairs]
        print(f"  {name}: Ibid {statistics.median(ours):g} ({min(ours):g}-{max(ours):g}), floor "
              f"{statistics.median(floor):g} ({min(floor):g}-{max(floor):g}), ratio {statistics.median(ratios):.2f}x "
              f"({min(ratios):.2f}-{max(ratios):.2f}x)   target <= 1.5x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=1000, help="pages for the scrolling run (0: skip it)")
    parser.add_argument("--scroll-only", action="store_true", help="only the scrolling run")
    parser.add_argument("--scroll-runs", type=int, default=3, help="interleaved pairs of scrolling runs")
    parser.add_argument("--profile", action="store_true", help="profile the scrolling run (slower)")
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)   # as installed: compiled once, then cached
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if not args.scroll_only:
            first_page(make_pdf(315, tmp / "315.pdf"), args.runs, tmp, env)
        if args.pages:
            scroll_memory(make_pdf(args.pages, tmp / "long.pdf"), tmp, env, args.scroll_runs, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
