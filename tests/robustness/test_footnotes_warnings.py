"""`ibid footnotes` on a damaged file says so: the JSON's "warnings" and a line on stderr."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from make_broken import make_all

ROOT = Path(__file__).parents[2]
DATA = ROOT / "tests" / "data"


def footnotes(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reader", "footnotes", *map(str, args), "--no-library"], cwd=ROOT,
                          capture_output=True, text=True, timeout=100)


def test_truncated_real_pdf_is_reported_damaged(tmp_path):
    data = (DATA / "un_A_RES_78_5.pdf").read_bytes()
    truncated = tmp_path / "resolution-download-cut.pdf"
    truncated.write_bytes(data[: len(data) * 6 // 10])      # a download cut off at 60 %
    as_json = footnotes(truncated, "--json")
    assert as_json.returncode == 0
    warnings = json.loads(as_json.stdout)["warnings"]
    assert any("damaged" in w for w in warnings), warnings
    table = footnotes(truncated)
    assert table.returncode == 0
    lines = table.stderr.splitlines()
    assert lines and all(line.startswith(f"ibid: {truncated}: ") for line in lines)
    assert any("damaged" in line for line in lines)


def test_sound_file_has_an_empty_warnings_list(tmp_path):
    result = footnotes(DATA / "un_A_RES_78_5.pdf", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["warnings"] == []
    assert footnotes(DATA / "un_A_RES_78_5.pdf").stderr == ""


def test_generated_broken_pdfs_are_reported_damaged(tmp_path):
    made = make_all(tmp_path)
    for name in ("trunc-60pct.pdf", "trunc-no-xref.pdf", "xref-shifted.pdf"):
        result = footnotes(made[name], "--json")
        assert result.returncode == 0, result.stderr
        assert any("damaged" in w for w in json.loads(result.stdout)["warnings"]), name
