"""The notes of a document as the reader shows them: from the public footnotes JSON.

The GUI receives ``ibid footnotes FILE --json`` from a child process; this module turns it
into plain entries, answers "which notes are on these pages", renders a note's text with
its citations as links, and exports the notes (Markdown, CSV, JSON). No Qt here.
"""
from __future__ import annotations

import csv
import html
import io
import json

from reader.core.citations.model import Citation
from reader.core.footnotes.model import Footnote, Marker
from reader.core.footnotes.output import note_from_dict

Rect = tuple[float, float, float, float]

#: Link schemes used inside rendered notes; the GUI routes them (never opened as URLs).
CITE_SCHEME = "ibid-cite"


#: A note as the reader shows it: the engine's own frozen type, read back from the JSON.
NoteEntry = Footnote
#: A marker of a note (page 0-based, rect in PDF points).
NoteRef = Marker


def entries_from_json(data: dict) -> list[NoteEntry]:
    """Build entries from the public ``ibid footnotes --json`` output (pages 1-based there)."""
    return [note_from_dict(note, key) for key, note in enumerate(data.get("footnotes", []))]


def notes_for_pages(entries: list[NoteEntry], pages: range) -> list[NoteEntry]:
    """Notes whose marker or text is on one of *pages*, in reading order."""
    wanted = set(pages)
    hits = [e for e in entries if wanted & ({r.page for r in e.refs} | set(e.pages))]
    return sorted(hits, key=lambda e: (min([r.page for r in e.refs if r.page in wanted] or [e.page]), e.key))


def find_by_label(entries: list[NoteEntry], label: str, before: NoteEntry | None = None) -> NoteEntry | None:
    """The note called *label*: the nearest one before *before* when labels repeat."""
    matches = [e for e in entries if e.label == label and (before is None or e.key < before.key)]
    if matches:
        return matches[-1]
    return next((e for e in entries if e.label == label), None)


def note_html(entry: NoteEntry) -> str:
    """The note's text as HTML with every citation a click can follow turned into a link
    ``ibid-cite:<i>``; a plain reference (a treaty's name, an ICJ order) stays text."""
    text = entry.text
    spans = [s for s in _citation_spans(text, entry.citations) if actionable(entry.citations[s[2]])]
    out, pos = [], 0
    for start, end, index in spans:
        out.append(html.escape(text[pos:start]))
        cit = entry.citations[index]
        tip = html.escape(_citation_tip(cit), quote=True)
        out.append(f'<a href="{CITE_SCHEME}:{index}" title="{tip}">{html.escape(text[start:end])}</a>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def actionable(cit: Citation) -> bool:
    """True when following *cit* goes somewhere: its note (Ibid.), its local copy, its web page."""
    return cit.type == "back-reference" or bool(cit.local or cit.url)


def _citation_spans(text: str, citations: tuple[Citation, ...]) -> list[tuple[int, int, int]]:
    spans: list[tuple[int, int, int]] = []
    lowered = text.lower()
    for index, cit in enumerate(citations):
        printed = cit.text.strip()
        if not printed:
            continue
        start = lowered.find(printed.lower())
        while start >= 0 and any(s < start + len(printed) and start < e for s, e, _ in spans):
            start = lowered.find(printed.lower(), start + 1)
        if start >= 0:
            spans.append((start, start + len(printed), index))
    return sorted(spans)


def _citation_tip(cit: Citation) -> str:
    if cit.type == "back-reference":
        return f"Go to note {cit.target or cit.value}"
    if cit.local:
        where = f", paragraph {cit.paragraph}" if cit.paragraph and cit.page is not None else ""
        where += f" (page {cit.page + 1})" if cit.page is not None else ""
        return f"Open {cit.value} from your library{where}"
    return cit.url or cit.value


# -- export ----------------------------------------------------------------------------------
def _pages_text(entry: NoteEntry) -> str:
    return ", ".join(str(p + 1) for p in entry.pages)


def _citation_values(entry: NoteEntry) -> list[str]:
    return [c.url or c.value or c.text for c in entry.citations]


def export_markdown(entries: list[NoteEntry], title: str) -> str:
    lines = [f"# Notes of {title}", ""]
    for e in entries:
        lines.append(f"{e.label}. {e.text} (p. {_pages_text(e)})")
        lines.extend(f"   - {v}" for v in _citation_values(e))
    return "\n".join(lines) + "\n"


def export_csv(entries: list[NoteEntry]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["label", "kind", "pages", "text", "citations"])
    for e in entries:
        writer.writerow([e.label, e.kind, _pages_text(e), e.text, " | ".join(_citation_values(e))])
    return buffer.getvalue()


def export_json(entries: list[NoteEntry]) -> str:
    rows = [{"label": e.label, "kind": e.kind, "pages": [p + 1 for p in e.pages], "text": e.text,
             "citations": [c.to_json() for c in e.citations]} for e in entries]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
