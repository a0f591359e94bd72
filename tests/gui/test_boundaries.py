"""The widgets draw through the core: no module of reader/gui imports PyMuPDF or reaches a
Document's PyMuPDF object (read from the source, so an import inside a function counts too)."""
from __future__ import annotations

import ast
from pathlib import Path

GUI = Path(__file__).resolve().parents[2] / "reader" / "gui"
MUPDF = {"fitz", "pymupdf"}


def _mupdf_uses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.split(".")[0] in MUPDF]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in MUPDF:
            found.append(f"from {node.module} import …")
        elif isinstance(node, ast.Attribute) and node.attr == "pdf":   # Document.pdf, a pymupdf.Document
            found.append(f"….pdf on line {node.lineno}")
    return found


def test_the_gui_never_touches_pymupdf():
    modules = sorted(GUI.rglob("*.py"))
    assert len(modules) > 10     # the folder was found
    used = {p.name: _mupdf_uses(p) for p in modules}
    assert {name: uses for name, uses in used.items() if uses} == {}


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    sample = tmp_path / "widget.py"
    sample.write_text("def draw(doc):\n    import pymupdf\n    return doc.pdf[0]\n", encoding="utf-8")
    assert _mupdf_uses(sample) == ["import pymupdf", "….pdf on line 3"]
