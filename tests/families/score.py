"""The footnote metric: a predicted note against the generator's ground truth.

Copied from the project's shared scoring tool (``shared/tools/score_footnotes.py``, the
script that scores the hand-checked corpus), so the family matrix runs in a clone without
``shared/`` and scores exactly as the corpus does. A predicted note matches a true one when
label and note page agree (a true ``note_page`` of null accepts any page) and its text
starts like the true ``note_text_start``. Keep the two in step.
"""
from __future__ import annotations

import difflib
import re

TRAILING = ".,;:)]}>'\"\u201d\u2019"
COUNTS = ("tp", "fn", "fp", "linkable", "linked", "urls", "urls_found", "urls_predicted")


def norm_label(label: object) -> str:
    return str(label).strip().rstrip(".)").strip()


def norm_text(text: str, label: str = "") -> str:
    text = re.sub(r"\s+", " ", text or "").strip().lower()
    if label and text.startswith(label.lower()):
        text = text[len(label):].lstrip(" .)")
    text = text.replace("\u00ad", "")
    return re.sub(r"-\s", "", text)  # undo hyphenation at line ends


def norm_url(url: str) -> str:
    url = (url or "").strip().strip("<>").rstrip(TRAILING).rstrip("/")
    return re.sub(r"^(https?://)(www\.)?", lambda m: m.group(1).lower(), url, flags=re.I)


def similar(truth: str, predicted: str) -> bool:
    if not truth:
        return True
    if truth in predicted[: len(truth) + 5]:
        return True
    return difflib.SequenceMatcher(None, truth, predicted[: len(truth)]).ratio() >= 0.8


def ref_pages(note: dict) -> set[int]:
    pages = set()
    for ref in note.get("refs") or []:
        if isinstance(ref, dict) and "page" in ref:
            pages.add(int(ref["page"]))
        elif isinstance(ref, int):
            pages.add(ref)
    return pages


def _match(true_note: dict, predicted: list[dict], unmatched: list[int]) -> int | None:
    label = norm_label(true_note["label"])
    want = norm_text(true_note.get("note_text_start", ""), label)
    for i in unmatched:
        p = predicted[i]
        if norm_label(p.get("label", "")) != label:
            continue
        if true_note.get("note_page") is not None and int(p.get("note_page") or 0) != int(true_note["note_page"]):
            continue
        if similar(want, norm_text(p.get("note_text", ""), label)):
            return i
    return None


def _linked(true_note: dict, p: dict) -> bool | None:
    """Whether the marker is linked; None when the truth names no marker."""
    wanted = true_note.get("ref_page")
    if wanted is None and (true_note.get("ref_line") or true_note.get("ref_id")):
        wanted = True  # a reflowed document: any marker will do
    if not wanted:
        return None
    if wanted is True:
        return bool(ref_pages(p))
    wanted = set(wanted) if isinstance(wanted, list) else {wanted}
    return bool(wanted & ref_pages(p))


def score_document(truth: dict, predicted: list[dict]) -> dict:
    """Counts and a list of misses for one document."""
    if truth.get("pages"):
        first, last = truth["pages"]
        predicted = [p for p in predicted if first <= int(p.get("note_page") or 0) <= last]
    unmatched = list(range(len(predicted)))
    counts = dict.fromkeys(COUNTS, 0)
    misses = []
    for true_note in truth["footnotes"]:
        label = norm_label(true_note["label"])
        match = _match(true_note, predicted, unmatched)
        true_urls = {norm_url(u) for u in true_note.get("urls") or []}
        counts["urls"] += len(true_urls)
        if match is None:
            counts["fn"] += 1
            misses.append(f"missed note {label} on page {true_note.get('note_page')}")
            continue
        unmatched.remove(match)
        p = predicted[match]
        counts["tp"] += 1
        linked = _linked(true_note, p)
        if linked is not None:
            counts["linkable"] += 1
            counts["linked"] += linked
            if not linked:
                misses.append(f"note {label}: marker not linked (wanted page {true_note.get('ref_page')})")
        got_urls = {norm_url(u) for u in p.get("urls") or []}
        counts["urls_found"] += len(true_urls & got_urls)
        counts["urls_predicted"] += len(got_urls)
        misses += [f"note {label}: URL not found {u}" for u in sorted(true_urls - got_urls)]
    counts["fp"] = len(unmatched)
    for i in unmatched[:5]:
        p = predicted[i]
        misses.append(f"extra note {p.get('label')!r} on page {p.get('note_page')}: "
                      f"{(p.get('note_text') or '')[:50]!r}")
    return {"counts": counts, "misses": misses}


def figures(c: dict) -> dict:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    links = c["linked"] / c["linkable"] if c["linkable"] else 1.0
    url_r = c["urls_found"] / c["urls"] if c["urls"] else 1.0
    url_p = c["urls_found"] / c["urls_predicted"] if c["urls_predicted"] else 1.0
    return dict(precision=p, recall=r, f1=f1, links=links, url_recall=url_r, url_precision=url_p)
