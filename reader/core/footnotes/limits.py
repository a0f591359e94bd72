"""The thresholds of the markup path (HTML, XHTML, EPUB, Markdown, text), in one place.

Each is a measure of how producers write notes, not a value fitted to one file; the comment
says what it bounds. The paged (PDF) engine keeps its own.
"""
from __future__ import annotations

#: Longest label a link marked as a note or citation reference may print ("CIT2002",
#: "Smith1999a"); longer link text is a cross-reference, not a marker.
MAX_REF_LABEL = 24
#: A numbered run of plain "N Text" paragraphs is a note run only from this many notes on ...
MIN_RUN = 2
#: ... and when at least this share of its labels has a marker before the note.
MARKED_SHARE = 0.5
#: Characters of the word printed before a marker, kept to find the marker in its block.
LEAD_CHARS = 12
#: Characters of running text read before a marker (to find it on a page).
CONTEXT_CHARS = 200
#: Siblings read back from a marker for that text at most (100,000 links in one block stay linear).
SCAN_SIBLINGS = 64
#: Elements carrying one repeated id looked at, on each side of a link, to pick its target.
SCAN_IDS = 64
#: Words of that text searched for on MuPDF's pages to place an EPUB marker.
CONTEXT_WORDS = 5
#: Shortest text searched for on a page: shorter is found everywhere.
MIN_SNIPPET = 4
#: Longest text searched for on a page to place a note (its start).
SNIPPET_CHARS = 60
#: Bytes of one EPUB XHTML file, and of all of them, read for the scan (a zip bomb costs nothing).
MAX_FILE = 8 * 1024 * 1024
MAX_TOTAL = 64 * 1024 * 1024
