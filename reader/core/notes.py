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
from dataclasses import dataclass, field

Rect = tuple[float, float, float, float]

#: Link schemes used inside rendered notes; the GUI routes them (never opened as URLs).
CITE_SCHEME = "ibid-cite"


@dataclass(frozen=True)
class NoteRef:
    page: int          # 0-based
    rect: Rect


@dataclass(frozen=True)
class NoteEntry:
    key: int                     # position in the document's note list
    label: str
    kind: str                    # "footnote" or "endnote"
    page: int                    # 0-based page where the note text starts
    pages: tuple[int, ...]       # 0-based pages the note runs over
    rect: Rect                   # note area on `page`, PDF points
    text: str
    refs: tuple[NoteRef, ...]
    source: str                  # "markup", "link" or "layout"
    reason: str
    urls: tuple[str, ...] = ()
    citations: tuple[dict, ...] = field(default_factory=tuple)

    @property
    def inferred(self) -> bool:
        """True when the note was found from the page layout only (no link, no markup)."""
        return self.source == "layout"

    @property
    def title(self) -> str:
        return f"{'Endnote' if self.kind == 'endnote' else 'Note'} {self.label}"

    def anchor_page(self) -> int:
        """Where the note is read from: its first marker, else the note itself."""
        return self.refs[0].page if self.refs else self.page


def entries_from_json(data: dict) -> list[NoteEntry]:
    """Build entries from the public ``ibid footnotes --json`` output (pages 1-based there)."""
    entries = []
    for key, note in enumerate(data.get("footnotes", [])):
        page = int(note.get("note_page") or 1) - 1
        pages = tuple(int(p) - 1 for p in note.get("note_pages") or [page + 1])
        refs = tuple(NoteRef(int(r["page"]) - 1, _rect(r.get("rect"))) for r in note.get("refs") or [])
        entries.append(NoteEntry(
            key=key, label=str(note.get("label", "")), kind=note.get("kind", "footnote"),
            page=page, pages=pages, rect=_rect(note.get("note_rect")), text=note.get("note_text", ""),
            refs=refs, source=note.get("source", ""), reason=note.get("reason", ""),
            urls=tuple(note.get("urls") or ()), citations=tuple(note.get("citations") or ())))
    return entries


def _rect(value) -> Rect:
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
        return (x0, y0, x1, y1)
    except (TypeError, ValueError):
        return (0.0, 0.0, 0.0, 0.0)


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
    """The note's text as HTML with every citation turned into a link ``ibid-cite:<i>``."""
    text = entry.text
    spans = _citation_spans(text, entry.citations)
    out, pos = [], 0
    for start, end, index in spans:
        out.append(html.escape(text[pos:start]))
        cit = entry.citations[index]
        tip = html.escape(_citation_tip(cit), quote=True)
        out.append(f'<a href="{CITE_SCHEME}:{index}" title="{tip}">{html.escape(text[start:end])}</a>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _citation_spans(text: str, citations: tuple[dict, ...]) -> list[tuple[int, int, int]]:
    spans: list[tuple[int, int, int]] = []
    lowered = text.lower()
    for index, cit in enumerate(citations):
        printed = (cit.get("text") or "").strip()
        if not printed:
            continue
        start = lowered.find(printed.lower())
        while start >= 0 and any(s < start + len(printed) and start < e for s, e, _ in spans):
            start = lowered.find(printed.lower(), start + 1)
        if start >= 0:
            spans.append((start, start + len(printed), index))
    return sorted(spans)


def _citation_tip(cit: dict) -> str:
    kind = cit.get("type", "")
    if kind == "back-reference":
        return f"Go to note {cit.get('target') or cit.get('value')}"
    if cit.get("local"):
        where = f", paragraph {cit['paragraph']}" if cit.get("paragraph") and cit.get("page") else ""
        where += f" (page {cit['page']})" if cit.get("page") else ""
        return f"Open {cit.get('value')} from your library{where}"
    return cit.get("url") or cit.get("value") or ""


# -- export ----------------------------------------------------------------------------------
def _pages_text(entry: NoteEntry) -> str:
    return ", ".join(str(p + 1) for p in entry.pages)


def _citation_values(entry: NoteEntry) -> list[str]:
    return [c.get("url") or c.get("value") or c.get("text", "") for c in entry.citations]


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
             "citations": list(e.citations)} for e in entries]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
