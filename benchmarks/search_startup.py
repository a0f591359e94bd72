"""Start-up of a one-shot ``ibid search``, against ``python -c pass`` and ``recollq``.

    python benchmarks/search_startup.py [--rounds 40] [--before DIR] [--importtime]

The real PDFs of tests/data are copied into a library, indexed by ``ibid index add`` and, when
Recoll is installed, by ``recollindex`` (its own configuration in the temporary folder). Each
round then runs, in an order that rotates from round to round, ``python -c pass`` (the floor
of any Python program), ``ibid search QUERY --limit 20`` (as the installed ``ibid`` script
starts it: ``from reader.app import main``) and ``recollq -n 20 -A QUERY``; the wall time of
each process is reported as median and p95, with the part of Ibid's above ``python -c pass``.
Python writes its bytecode cache as on a user's machine. ``--before DIR`` adds, in the same
rounds, the Ibid of another source tree (``git archive COMMIT reader index resources | tar -x
-C DIR``) searching the same index, for before/after figures; ``--importtime`` prints the slowest imports of one run (``-X importtime``).
The full-size comparison with Recoll (5,000 and 20,000 pages) is ``benchmarks/search.py``.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ("humanitarian", "general assembly", "resolution", "sustainable development")
IBID = "import sys; from reader.app import main; sys.exit(main())"   # what the ``ibid`` script runs


def run_ms(command: list[str], env: dict) -> tuple[float, float]:
    """(wall, CPU) milliseconds of one process; CPU (user + system) is what a loaded machine
    changes least."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env)
    elapsed = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{command[:3]} failed: {done.stderr.decode(errors='replace')[-500:]}")
    return elapsed, 1000 * (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--before", type=Path, action="append", default=[],
                        help="source tree of another Ibid to run beside this one (may be repeated)")
    parser.add_argument("--importtime", action="store_true", help="print the slowest imports of one run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        library = tmp / "library"
        library.mkdir()
        for pdf in (ROOT / "tests" / "data").glob("*.pdf"):
            shutil.copy(pdf, library)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(tmp / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        envs = {f"ibid search ({tree.name})": {**env, "PYTHONPATH": str(tree.resolve())} for tree in args.before}
        base = tmp / "base"
        subprocess.run([sys.executable, "-c", IBID, "index", "add", str(library), "--basedir", str(base)],
                       env=env, check=True, capture_output=True, cwd=tmp)
        sides = {"python -c pass": lambda q: [sys.executable, "-c", "pass"],
                 "ibid search": lambda q: [sys.executable, "-c", IBID, "search", q, "--limit", "20",
                                           "--basedir", str(base)]}
        for name in envs:
            sides[name] = sides["ibid search"]
        if shutil.which("recollq") and shutil.which("recollindex"):
            conf = tmp / "recoll"
            conf.mkdir()
            (conf / "recoll.conf").write_text(f"topdirs = {library}\nloglevel = 1\n", encoding="utf-8")
            subprocess.run(["recollindex", "-c", str(conf), "-z"], check=True, capture_output=True)
            sides["recollq"] = lambda q: ["recollq", "-c", str(conf), "-n", "20", "-A", q]
        if args.importtime:
            done = subprocess.run([sys.executable, "-X", "importtime", *sides["ibid search"](QUERIES[0])[1:]],
                                  env=env, capture_output=True, text=True, cwd=tmp)
            rows = [line.split("|") for line in done.stderr.splitlines() if line.startswith("import time:")][1:]
            for row in sorted(rows, key=lambda r: -int(r[1]))[:25]:
                print(f"  {int(row[1]) / 1000:7.1f} ms cumulative {int(row[0].split(':')[1]) / 1000:7.1f} ms self  {row[2]}")
        for command in sides.values():   # warm: caches, bytecode
            run_ms(command(QUERIES[0]), env)
        for name in envs:
            run_ms(sides[name](QUERIES[0]), envs[name])
        times: dict[str, list[float]] = {name: [] for name in sides}
        names = list(sides)
        for round_ in range(args.rounds):
            query = QUERIES[round_ % len(QUERIES)]
            for name in names[round_ % len(names):] + names[:round_ % len(names)]:
                times[name].append(run_ms(sides[name](query), envs.get(name, env)))
    print(f"one-shot start-up, {args.rounds} interleaved rounds (ms; median / p95 of wall time, median CPU):")
    floor = [statistics.median(t[k] for t in times["python -c pass"]) for k in (0, 1)]
    for name, values in times.items():
        wall, cpu = [t[0] for t in values], [t[1] for t in values]
        extra = "" if name == "python -c pass" else \
            f"   over python -c pass: {statistics.median(wall) - floor[0]:6.1f} wall, {statistics.median(cpu) - floor[1]:6.1f} CPU"
        print(f"  {name:28s} {statistics.median(wall):7.1f} / {p95(wall):7.1f}   CPU {statistics.median(cpu):6.1f}{extra}")
    if "recollq" in times:
        ours, theirs = [t[0] for t in times["ibid search"]], [t[0] for t in times["recollq"]]
        ratios = [i / r for i, r in zip(ours, theirs)]
        print(f"  ibid search / recollq (wall): median {statistics.median(ratios):.2f}x, p95 "
              f"{p95(ours) / p95(theirs):.2f}x (pairs {min(ratios):.2f}-{max(ratios):.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
