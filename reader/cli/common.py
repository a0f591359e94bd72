"""What every subcommand shares: opening a document and failing in one line."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from reader.core.document import Document
from reader.core.errors import ReaderError


def fail(subject: object, message: object) -> int:
    """Print ``ibid: SUBJECT: MESSAGE`` on stderr and return exit status 1."""
    print(f"ibid: {subject}: {message}", file=sys.stderr)
    return 1


def open_document(path: Path, password: str | None = None) -> Document:
    """Open *path* for a subcommand; ReaderError carries the sentence to print."""
    return Document.open(path, password)


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


__all__ = ["fail", "open_document", "print_json", "ReaderError"]
