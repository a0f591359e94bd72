"""The layout cache of Markdown/HTML/text: damaged entries are laid out again, and processes
laying out one file at once (the window and `ibid layout`) never trip over each other."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from reader.core.document import Document, layout_cache_path

ROOT = Path(__file__).parents[2]


def _text(doc: Document) -> list[str]:
    return [page.get_text() for page in doc.pdf]


def _truncate(cached: Path) -> None:
    data = cached.read_bytes()
    cached.write_bytes(data[: len(data) // 2])


def _other_pdf(cached: Path) -> None:
    other = pymupdf.open()
    other.new_page().insert_text((72, 72), "Something else entirely")
    other.save(cached)


DAMAGE = {
    "pdf truncated (disk full)": _truncate,
    "pdf of another file": _other_pdf,
    "pdf missing": lambda cached: cached.unlink(),
    "sidecar not JSON": lambda cached: cached.with_suffix(".json").write_text("{", encoding="utf-8"),
    "sidecar without positions": lambda cached: cached.with_suffix(".json").write_text("{}", encoding="utf-8"),
    "sidecar of another version": lambda cached: cached.with_suffix(".json").write_text(
        json.dumps({"html": "", "positions": {}, "warnings": []}), encoding="utf-8"),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_damaged_layout_cache_is_laid_out_again(seed, tmp_path, damage):
    fresh = Document.open(seed)
    Document.open(seed, cache_dir=tmp_path).pdf.close()
    cached = layout_cache_path(seed, tmp_path)
    DAMAGE[damage](cached)
    reopened = Document.open(seed, cache_dir=tmp_path)
    assert _text(reopened) == _text(fresh)
    assert reopened.positions == fresh.positions
    again = Document.from_layout_cache(seed, "markdown", cached)    # the cache was rewritten whole
    assert _text(again) == _text(fresh)


def test_parallel_layouts_of_one_file_all_succeed(seed, tmp_path):
    source = tmp_path / "letter.md"
    source.write_bytes(seed.read_bytes() * 12)   # a longer write: more overlap between the processes
    failures = []
    for round_ in range(3):
        cache = tmp_path / f"cache{round_}"
        procs = [subprocess.Popen([sys.executable, "-m", "reader", "layout", str(source), "--cache", str(cache)],
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(4)]
        for proc in procs:
            out, err = proc.communicate(timeout=100)
            if proc.returncode != 0:
                failures.append(err)
        assert not list(cache.glob("*.tmp")), "temporary files left behind"
        doc = Document.from_layout_cache(source, "markdown", layout_cache_path(source, cache))
        assert "Reissued for technical reasons" in "".join(_text(doc))
    assert failures == []

