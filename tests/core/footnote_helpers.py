"""What the footnote tests of tests/core share: a document's notes, the file opened and closed."""
from __future__ import annotations

from reader.core.document import Document
from reader.core.footnotes import analyze


def notes_of(path, explain=None):
    """The notes ``analyze`` finds in the file at *path* (*explain*: see ``analyze``)."""
    doc = Document.open(path)
    try:
        return analyze(doc, explain=explain)
    finally:
        doc.close()
