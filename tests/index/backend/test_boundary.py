"""Whoosh stays behind its adapter: nothing outside index/backend/ imports it."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from index import backend

ROOT = Path(__file__).parents[3]
#: Test files that may reach Whoosh itself: the adapter's contract tests, and the disk-full
#: test, which makes Whoosh's file storage fail the way a full disk does.
ALLOWED = ("tests/index/backend/", "tests/index/test_disk_full.py")


def whoosh_imports(source: Path) -> list[str]:
    """The Whoosh modules *source* imports, anywhere in it (inside functions too)."""
    found = []
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
        found += [n for n in names if n.split(".")[0] == "whoosh"]
    return found


def test_nothing_outside_the_backend_imports_whoosh():
    sources = [p for folder in ("reader", "index", "benchmarks", "tests") for p in (ROOT / folder).rglob("*.py")]
    outside = [p for p in sources if not p.relative_to(ROOT).as_posix().startswith(("index/backend/", "tests/data/"))
               and not p.relative_to(ROOT).as_posix().startswith(ALLOWED)]
    assert len(outside) > 50
    assert {p.relative_to(ROOT).as_posix(): whoosh_imports(p) for p in outside if whoosh_imports(p)} == {}
    assert whoosh_imports(ROOT / "index" / "backend" / "writer.py")   # (the check sees imports)


def test_importing_the_index_api_loads_no_whoosh_until_the_backend_is_used():
    code = "import sys, index; print(sorted({n.split('.')[0] for n in sys.modules} & {'whoosh'}))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_installed_whoosh_is_a_tested_version():
    import whoosh
    assert backend.version_problem(whoosh.__version__) == ""


@pytest.mark.parametrize("version", [(2, 7, 4), (2, 8, 0), (3, 0, 0)])
def test_an_untested_whoosh_is_refused_with_a_sentence_naming_it(version):
    problem = backend.version_problem(version)
    shown = ".".join(map(str, version))
    assert f"whoosh-reloaded {shown} is installed" in problem and "whoosh-reloaded>=2.7.5,<2.7.6" in problem


def test_the_pins_in_pyproject_are_the_tested_versions():
    import tomllib
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    low, high = (".".join(map(str, v)) for v in backend.TESTED_VERSIONS)
    assert f"whoosh-reloaded>={low},<{high}" in dependencies


UNTESTED = ("import sys, whoosh\n"
            "whoosh.__version__ = (2, 9, 0)   # as if pip had upgraded it\n"
            "from reader.app import main\n"
            "sys.exit(main(sys.argv[1:]))\n")


def test_ibid_with_an_untested_whoosh_says_so_and_leaves_the_index_alone(tmp_path):
    from tests.index.conftest import copy_library
    docs = copy_library(tmp_path / "docs", ["un-letter-2025-04-01.md"])
    base = tmp_path / "base"

    def ibid(*args: str, untested: bool = True) -> subprocess.CompletedProcess:
        code = UNTESTED if untested else UNTESTED.replace("whoosh.__version__ = (2, 9, 0)", "pass")
        return subprocess.run([sys.executable, "-c", code, *args, "--basedir", str(base)], cwd=ROOT,
                              capture_output=True, text=True, timeout=100)

    for args in (("index", "add", str(docs)), ("search", "ethnic cleansing")):
        if args[0] == "search":
            assert ibid("index", "update", untested=False).returncode == 0
            before = sorted(p.name for p in base.rglob("*"))
        out = ibid(*args)
        assert out.returncode == 1, out.stderr
        assert "whoosh-reloaded 2.9.0 is installed" in out.stderr and "Traceback" not in out.stderr
    assert sorted(p.name for p in base.rglob("*")) == before      # nothing moved aside or rebuilt
    assert "ethnic" in ibid("search", "ethnic cleansing", untested=False).stdout.lower()
