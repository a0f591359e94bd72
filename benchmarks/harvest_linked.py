#!/usr/bin/env python3
# ruff: noqa: SIM102, SIM115, B007 - a one-off harvesting tool, kept as it was run
"""Harvest a footnote corpus from hyperref-linked LaTeX PDFs (Debian TeX Live doc packages).

    harvest.py scan  ROOT OUT.jsonl        # analyse every PDF, one JSON line per usable document
    harvest.py build OUT.jsonl CORPUSDIR   # cut, strip links, write PDF + truth
    harvest.py verify CORPUSDIR PNGDIR N   # render N random notes (marker line + note line)

Run on demand, never by the tests; it made the harvested tune set of docs/FOOTNOTES.md (from
Debian's texlive-*-doc packages: `apt-get download PKG` and `dpkg-deb -x PKG.deb ROOT`). The PDFs
it writes are modified copies of others' documents: keep them out of this repository.

Truth rules follow ../shared/corpus/linked/README.md: a note is the target of a link to the
named destination Hfootnote.N; the label is the text under the link rectangle; the note text is
the text right of the destination point on the note's first line.
"""
from __future__ import annotations

import gzip
import json
import multiprocessing
import random
import re
import sys
from collections import Counter
from pathlib import Path

import pymupdf

DOCROOT = "usr/share/doc/texlive-doc"
SECRET = {"biblatex-chicago", "oscola", "footmisc", "bigfoot", "jurabib", "memoir", "memdesign",
          "biblatex-historian", "biblatex-dw", "biblatex", "biblatex-ms", "writer2latex",
          "endnotes-hy", "translation-biblatex-de"}
MANIFEST = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "linked" / "MANIFEST.md"
MAX_PAGES = 15          # pages per cut
MAX_NOTES = 60          # notes per cut (about)
MIN_NOTES = 5           # a document with fewer kept notes is not used
NOTE_GAP = 1.2         # a gap of this many line sizes ends a note's region
TEXT_CHARS = 60         # note_text_start length
SHORT_FIRST = 25        # add the next line when the first is shorter
SMALL = 0.88            # a char group is "smaller" below this share of its line's size
RAISE = 0.8             # pt: a group is "raised" when its baseline is this much above the line's
BODY_TOL = 0.95         # a line is body-size at this share of the document's body size
DEBUG = False
MONO = re.compile(r"mono|typewriter|courier|consol|code|cmtt|lmtt|tt\d|txtt|sfmono|inconsolata|cousine|menlo|dejavusansm", re.I)
URL_RE = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"]+", re.I)
JOIN_ENDS = "/-._=?&#~%"
TRAIL = ".,;:]}>'\"\u201d\u2019"


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- text geometry

class Line:
    __slots__ = ("chars", "x0", "x1", "y0", "y1", "size", "base")

    def __init__(self, chars):
        self.chars = sorted(chars, key=lambda c: c[0])
        self.x0 = min(c[0] for c in chars)
        self.x1 = max(c[2] for c in chars)
        self.y0 = min(c[1] for c in chars)
        self.y1 = max(c[3] for c in chars)
        sizes = Counter(round(c[5], 1) for c in chars if not c[4].isspace())
        self.size = sizes.most_common(1)[0][0] if sizes else chars[0][5]
        bases = Counter(round(c[6], 1) for c in chars if round(c[5], 1) == self.size)
        self.base = bases.most_common(1)[0][0] if bases else chars[0][6]

    def text(self, chars=None):
        return join_chars(self.chars if chars is None else chars)


def join_chars(chars):
    out, prev = [], None
    for c in chars:
        if prev is not None and c[0] - prev[2] > 0.22 * max(c[5], 1) and not c[4].isspace() \
                and out and not out[-1].isspace():
            out.append(" ")
        out.append(c[4])
        prev = c
    return re.sub(r"\s+", " ", "".join(out)).strip()


def page_chars(page):
    chars = []
    d = page.get_text("rawdict")
    for b in d["blocks"]:
        for ln in b.get("lines", []):
            if ln["dir"] != (1.0, 0.0):
                continue
            for s in ln["spans"]:
                for ch in s["chars"]:
                    x0, y0, x1, y1 = ch["bbox"]
                    if x1 < x0 or y1 < y0:
                        continue
                    chars.append((x0, y0, x1, y1, ch["c"], s["size"], ch["origin"][1], s["font"]))
    return chars


def make_lines(chars):
    """Group chars into visual lines: cluster baselines, then attach raised/lowered small chars."""
    real = [c for c in chars if not c[4].isspace()]
    if not real:
        return []
    real.sort(key=lambda c: (round(c[6], 1), c[0]))
    rows = []
    for c in real:
        if rows and abs(rows[-1][-1][6] - c[6]) <= 0.6:
            rows[-1].append(c)
        else:
            rows.append([c])
    # merge rows of small chars into the overlapping row with the largest size
    rows.sort(key=lambda r: -max(c[5] for c in r) * len(r))
    merged = []
    for r in rows:
        size = Counter(round(c[5], 1) for c in r).most_common(1)[0][0]
        top, bot = min(c[1] for c in r), max(c[3] for c in r)
        home = None
        for m in merged:
            if m["size"] <= size * 1.02 and not (len(r) <= 3 and len(m["chars"]) > 3 * len(r)):
                continue
            ov = min(bot, m["y1"]) - max(top, m["y0"])
            if ov > 0.3 * (bot - top):
                # must also be horizontally close to the row
                if min(abs(c[0] - mc[2]) for c in r[:3] for mc in m["chars"]) < 3 * size or \
                        any(m["x0"] - 2 <= c[0] <= m["x1"] + 2 for c in r):
                    home = m
                    break
        if home is None:
            merged.append({"chars": list(r), "size": size, "y0": top, "y1": bot,
                           "x0": min(c[0] for c in r), "x1": max(c[2] for c in r)})
        else:
            home["chars"].extend(r)
    spaces = [c for c in chars if c[4].isspace()]
    lines = []
    for m in merged:
        cs = sorted(m["chars"], key=lambda c: c[0])
        # split at large horizontal gaps (columns)
        cur = [cs[0]]
        for c in cs[1:]:
            if c[0] - cur[-1][2] > 3.0 * max(m["size"], 5):
                lines.append(Line(cur))
                cur = [c]
            else:
                cur.append(c)
        lines.append(Line(cur))
    for ln in lines:  # give each line back its own space chars (helps word breaks)
        sp = [s for s in spaces if ln.x0 <= s[0] <= ln.x1 and abs(s[6] - ln.base) < 0.8]
        if sp:
            ln.chars = sorted(ln.chars + sp, key=lambda c: c[0])
    lines.sort(key=lambda ln: (ln.y0, ln.x0))
    return lines


def group_is_marklike(group, line):
    size = max(c[5] for c in group)
    base = Counter(round(c[6], 1) for c in group).most_common(1)[0][0]
    return size < SMALL * line.size or base < line.base - RAISE


def first_token(chars):
    """Leading non-space chars up to the first space or a jump in size/baseline."""
    cs = [c for c in chars]
    while cs and cs[0][4].isspace():
        cs.pop(0)
    if not cs:
        return [], []
    tok = [cs[0]]
    for c in cs[1:]:
        if c[4].isspace() or abs(c[5] - tok[0][5]) > 0.3 or abs(c[6] - tok[0][6]) > 0.6 \
                or c[0] - tok[-1][2] > 0.22 * c[5]:
            break
        tok.append(c)
    return tok, cs[len(tok):]


def last_token(chars):
    cs = list(chars)
    while cs and cs[-1][4].isspace():
        cs.pop()
    if not cs:
        return [], []
    tok = [cs[-1]]
    for c in reversed(cs[:-1]):
        if c[4].isspace() or abs(c[5] - tok[0][5]) > 0.3 or abs(c[6] - tok[0][6]) > 0.6 \
                or tok[0][0] - c[2] > 0.22 * c[5]:
            break
        tok.insert(0, c)
    return tok, cs[: len(cs) - len(tok)]


def norm_label(s):
    return s.strip().strip(".)(").strip()


def clip_text(t):
    if len(t) <= TEXT_CHARS:
        return t
    cut = t[:TEXT_CHARS]
    if " " in cut[TEXT_CHARS - 20:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip()


def read_note_line(lines, dx, dy, body, label, others, mode):
    """The note's first line for a destination point, its text chars and the printed label.

    Most hyperref destinations sit just above the note's first line ("below"); some classes put
    them on the line's baseline ("on"); a destination without x (dx == 0) means the line start."""
    no_x = dx < 1
    if mode == "below":
        cand = [ln for ln in lines if ln.base > dy + 1.5 and ln.y0 < dy + 2.2 * body
                and (no_x or ln.x0 - 25 <= dx <= ln.x1 + 1)]
    else:
        cand = [ln for ln in lines if dy - 4 <= ln.base <= dy + 1.5
                and (no_x or ln.x0 - 25 <= dx <= ln.x1 + 1)]
    cand.sort(key=lambda ln: (ln.base, ln.x0))
    if not cand:
        return None, [], False, None
    line = cand[0]
    if no_x:
        dx = line.x0 - 0.1
    cut_by_next = False
    right = [c for c in line.chars if (c[0] + c[2]) / 2 >= dx - 0.5]
    # another note starting later on the same line (notes set as a paragraph)
    stops = [o.x for o in others if o.x > dx + 3 and line.y0 - 1 <= o.y + 2 <= line.y1 + 1
             and abs(o.y - dy) < 3]
    if stops:
        xs = min(stops)
        right = [c for c in right if (c[0] + c[2]) / 2 < xs - 0.5]
        tail, head = last_token(right)
        if tail and re.fullmatch(r"[\w*†‡§¶∗⋆]{1,3}[.)]?", join_chars(tail)):
            right = head
        cut_by_next = True
    left = [c for c in line.chars if (c[0] + c[2]) / 2 < dx - 0.5]
    tok, rest = first_token(right)
    ltok, _ = last_token(left)
    if tok and norm_label(join_chars(tok)) == norm_label(label) and \
            (group_is_marklike(tok, line) or (rest and rest[0][4].isspace()) or
             (rest and rest[0][0] - tok[-1][2] > 0.22 * line.size)):
        return line, rest, cut_by_next, join_chars(tok)
    if ltok and dx - ltok[-1][2] < 2.5 * line.size and norm_label(join_chars(ltok)) == norm_label(label):
        return line, right, cut_by_next, join_chars(ltok)
    return line, [], cut_by_next, None


def bad_unicode(s):
    return "\ufffd" in s or any(0xE000 <= ord(ch) <= 0xF8FF for ch in s)


# ----------------------------------------------------------------------------- scan

def licence_map(root: Path):
    pkgs = {}
    for lic in root.glob("usr/share/doc/texlive-*/Licenses.gz"):
        deb = lic.parent.name
        cur = None
        for line in gzip.open(lic, "rt", encoding="utf-8", errors="replace"):
            m = re.match(r"^(\S+): ?(.*)$", line.rstrip("\n"))
            if m and not line.startswith("texmf-dist"):
                cur = (m.group(1), m.group(2).strip())
                continue
            m = re.match(r"texmf-dist/doc/(.+?)/\*?$", line.strip())
            if m and cur:
                pkgs[m.group(1)] = (cur[0], cur[1], deb)
    return pkgs


def manifest_exclusions():
    text = MANIFEST.read_text(encoding="utf-8")
    pkgs = set(re.findall(r"\(TeX Live `([^`]+)`\)", text))
    paths = set(re.findall(r"`(/usr/share/doc/[^`]+)`", text))
    return pkgs, paths


def package_of(rel: str, lic):
    parts = rel.split("/")
    for n in range(len(parts) - 1, 0, -1):
        key = "/".join(parts[:n])
        if key in lic:
            return lic[key]
    return (parts[1] if len(parts) > 2 else parts[0], "", "")


def analyse(pdf_path: str):
    try:
        return _analyse(pdf_path)
    except Exception as exc:  # noqa: BLE001 - a broken PDF is skipped
        return {"path": pdf_path, "error": repr(exc)[:200]}


def _analyse(pdf_path):
    doc = pymupdf.open(pdf_path)
    if doc.needs_pass or doc.page_count == 0:
        return None
    names = {k: v for k, v in doc.resolve_names().items() if k.startswith("Hfootnote.")}
    if len(names) < MIN_NOTES:
        return None
    markers = {}  # dest -> list of (page, rect)
    for page in doc:
        for lk in page.get_links():
            nd = lk.get("nameddest") or ""
            if nd.startswith("Hfootnote.") and nd in names:
                markers.setdefault(nd, []).append((page.number, lk["from"]))
    if len(markers) < MIN_NOTES:
        return None
    Counter(v["page"] for v in names.values())
    lo = min(min(p for p, _ in m) for m in markers.values())
    hi = max(max(names[d]["page"] for d in markers), lo)
    hi = min(hi + 1, doc.page_count - 1)
    pages = {}
    for pno in range(lo, hi + 1):
        page = doc[pno]
        pages[pno] = {"lines": make_lines(page_chars(page)), "page": page}
    all_sizes = Counter()
    for pd in pages.values():
        for ln in pd["lines"]:
            all_sizes[ln.size] += len(ln.chars)
    if not all_sizes:
        return None
    body = all_sizes.most_common(1)[0][0]
    # running heads/feet: line positions recurring on many pages near the page edges
    ypos = Counter()
    for pno, pd in pages.items():
        h = pd["page"].rect.height
        for y in {round(ln.y0) for ln in pd["lines"] if ln.y0 > 0.85 * h or ln.y1 < 0.12 * h}:
            ypos[y] += 1
    need = max(3, 0.3 * len(pages))
    running_y = {y for y, n in ypos.items() if n >= need}

    def is_running(ln, h):
        return (ln.y0 > 0.85 * h or ln.y1 < 0.12 * h) and any(abs(round(ln.y0) - y) <= 1 for y in running_y)

    notes, bad_pages, reasons = [], set(), Counter()
    dest_lines = {}  # page -> list of lines that a destination reaches
    for dest, mk in sorted(markers.items(), key=lambda kv: int(kv[0].split(".")[1]) if kv[0].split(".")[1].isdigit() else 0):
        info = names[dest]
        npage = info["page"]
        if npage not in pages:
            continue
        pd = pages[npage]
        page = pd["page"]
        pt = pymupdf.Point(info["to"]) * page.transformation_matrix
        dx, dy = pt.x, pt.y
        # marker labels
        labels = []
        ref_pages = []
        raised_all = True
        for mp, rect in mk:
            if mp not in pages:
                labels.append(None)
                continue
            r = pymupdf.Rect(rect)
            cs = [c for ln in pages[mp]["lines"] for c in ln.chars
                  if not c[4].isspace() and r.x0 - 0.5 <= (c[0] + c[2]) / 2 <= r.x1 + 0.5
                  and r.y0 - 0.5 <= (c[1] + c[3]) / 2 <= r.y1 + 0.5]
            cs.sort(key=lambda c: c[0])
            home = [ln for ln in pages[mp]["lines"] if any(c in ln.chars for c in cs[-1:])]
            if home and cs:
                small = [c for c in cs if group_is_marklike([c], home[0])]
                if small and len(small) < len(cs):
                    cs = small
            lab = join_chars(cs)
            labels.append(lab)
            ref_pages.append(mp)
            if cs and home and not group_is_marklike(cs, home[0]):
                raised_all = False
        # locate the note's first line
        reject = None
        if not labels or any(lab is None for lab in labels) or len(set(labels)) != 1 or not labels[0]:
            reject = "markers disagree"
        label = labels[0] if labels else ""
        if reject is None and (len(label) > 4 or " " in label):
            reject = "long label"
        others = [pymupdf.Point(v["to"]) * page.transformation_matrix for k, v in names.items()
                  if v["page"] == npage and k != dest]
        line, text_chars, cut_by_next, printed = None, [], False, None
        if reject is None:
            for mode in ("below", "on"):
                got = read_note_line(pd["lines"], dx, dy, body, label, others, mode)
                if got[0] is not None and line is None:
                    line = got[0]
                if got[3] is not None:
                    line, text_chars, cut_by_next, printed = got
                    break
            if line is None:
                reject = "no note line"
            elif printed is None:
                reject = "label mismatch"
        if reject is None and npage not in (min(ref_pages), min(ref_pages) + 1):
            reject = "far from marker"
        note_text = join_chars(text_chars) if reject is None else ""
        if reject is None and not note_text:
            reject = "empty text"
        if reject is None and (bad_unicode(note_text) or bad_unicode(label)):
            reject = "not unicode"
        if reject is None:
            h = page.rect.height
            below = [ln for ln in pd["lines"] if ln.y0 > line.y1 - 0.5 and ln.x1 > line.x0 + 5
                     and ln.x0 < line.x1 - 5 and ln.size >= BODY_TOL * body
                     and not is_running(ln, h) and not re.fullmatch(r"[\divxlcIVXLC\s\-–—/.]+", ln.text())]
            if below:
                reject = "body text below"
        if line is not None:
            dest_lines.setdefault(npage, []).append(line)
        if reject:
            reasons[reject] += 1
            bad_pages.add(npage)
            continue
        if len(note_text) < SHORT_FIRST and not cut_by_next:
            other_y = [(pymupdf.Point(v["to"]) * page.transformation_matrix).y
                       for k, v in names.items() if v["page"] == npage and k != dest]
            nxt = [ln for ln in pd["lines"] if ln.y0 > line.y1 - 1 and ln.x0 < line.x1 and ln.x1 > line.x0
                   and ln.y0 < line.y1 + 2 * line.size
                   and not any(line.base - 2 <= oy <= ln.base - 1 for oy in other_y)]
            if nxt:
                nxt.sort(key=lambda ln: ln.y0)
                note_text = (note_text + " " + nxt[0].text()).strip()
        notes.append({"dest": dest, "label": label, "ref_pages": sorted(set(ref_pages)),
                      "note_page": npage, "note_text_start": clip_text(note_text),
                      "line": [line.x0, line.y0, line.x1, line.y1], "dx": dx, "dy": dy,
                      "raised": raised_all, "size": line.size})
    # unlinked note-like lines
    for pno, pd in pages.items():
        reached = dest_lines.get(pno, [])
        for ln in pd["lines"]:
            if ln.size >= BODY_TOL * body or any(ln is r for r in reached):
                continue
            tok, rest = first_token(ln.chars)
            if not tok or len(tok) > 3 or len(join_chars(rest)) < 8:
                continue
            base = Counter(round(c[6], 1) for c in tok).most_common(1)[0][0]
            raised = base < ln.base - RAISE
            spaced = rest and (rest[0][4].isspace() or rest[0][0] - tok[-1][2] > 0.22 * ln.size)
            if not (raised or (group_is_marklike(tok, ln) and spaced)):
                continue
            if not raised:
                # a small label that is not raised counts only in a note area: nothing of body
                # size below it in its column (code listings with line numbers have)
                h = pd["page"].rect.height
                if any(o.y0 > ln.y1 - 0.5 and o.x1 > ln.x0 + 5 and o.x0 < ln.x1 - 5
                       and o.size >= BODY_TOL * body and not is_running(o, h) for o in pd["lines"]):
                    continue
            if not re.fullmatch(r"\d{1,3}|[a-zA-Z]|[*†‡§¶∗⋆]{1,3}", join_chars(tok)):
                continue
            body_chars = [c for c in rest if not c[4].isspace()]
            mono = sum(1 for c in body_chars if MONO.search(c[7] or ""))
            if body_chars and mono > 0.6 * len(body_chars):
                continue  # a code listing with line numbers
            rest_text = join_chars(rest)
            if re.match(r"[\\%{}$<\[]", rest_text) or "\\" in rest_text[:30]:
                continue  # TeX code after a line number
            bad_pages.add(pno)
            reasons["unlinked label"] += 1
            if DEBUG:
                log("UNLINKED", pno + 1, ln.text()[:70])
            break
    # URLs of kept notes
    for n in notes:
        pd = pages[n["note_page"]]
        page = pd["page"]
        h = page.rect.height
        x0, y0, x1, y1 = n["line"]
        # (no running-line test here: note lines at the foot of full pages recur at the same
        # height; the page number is cut off by the gap test below)
        col = [ln for ln in pd["lines"] if ln.x1 > x0 + 5 and ln.x0 < x1 - 5 and ln.y0 >= y0 - 0.5]
        nexts = [m["line"][1] for m in notes if m["note_page"] == n["note_page"] and m is not n
                 and m["line"][1] > y0 + 1 and m["line"][2] > x0 + 5 and m["line"][0] < x1 - 5]
        stop = min(nexts) - 0.5 if nexts else h
        region = []
        for ln in sorted((ln for ln in col if ln.y0 < stop), key=lambda ln: ln.y0):
            # the note ends at a wide vertical gap (e.g. before a page number)
            if region and ln.y0 - region[-1].y1 > NOTE_GAP * region[-1].size:
                break
            region.append(ln)
        n["lines"] = len(region)
        urls, link_only = [], []
        uris = {}
        for lk in page.get_links():
            if lk.get("kind") != pymupdf.LINK_URI:
                continue
            r = pymupdf.Rect(lk["from"])
            cy = (r.y0 + r.y1) / 2
            if not any(ln.y0 - 1 <= cy <= ln.y1 + 1 and r.x1 > ln.x0 and r.x0 < ln.x1 for ln in region):
                continue
            cs = [c for ln in region for c in ln.chars if not c[4].isspace()
                  and r.x0 - 0.5 <= (c[0] + c[2]) / 2 <= r.x1 + 0.5 and r.y0 - 0.5 <= (c[1] + c[3]) / 2 <= r.y1 + 0.5]
            cs.sort(key=lambda c: (round(c[6]), c[0]))
            uris.setdefault(lk["uri"], []).append("".join(c[4] for c in cs))
        for uri, texts in uris.items():
            printed = "".join(texts).strip()
            bare = re.sub(r"^(https?://|ftp://|mailto:)", "", uri).rstrip("/")
            p_bare = re.sub(r"^(https?://|ftp://|mailto:)", "", printed).rstrip("/")
            if printed and p_bare.lower() == bare.lower() and not uri.startswith("mailto:"):
                urls.append(printed if not re.match(r"(https?|ftp)://", uri) or re.match(r"(https?|ftp)://", printed) else printed)
            else:
                link_only.append(uri)
        # printed URLs that no link carries
        texts = [ln.text() for ln in region]
        rejoined = False
        full = ""
        for i, t in enumerate(texts):
            full += t
            if i + 1 < len(texts):
                m = re.search(r"((?:https?://|ftp://|www\.)[^\s<>\"]*)$", t)
                if m and t[-1] in JOIN_ENDS:
                    rejoined = True
                    continue
                full += " "
        have = {u.lower().rstrip("/") for u in urls}
        for m in URL_RE.finditer(full):
            u = m.group(0)
            while u and (u[-1] in TRAIL or (u[-1] == ")" and u.count("(") < u.count(")"))):
                u = u[:-1]
            if u.lower().rstrip("/") in have or any(h.endswith(u.lower().rstrip("/")) or u.lower().rstrip("/").endswith(h) for h in have):
                continue
            urls.append(u)
            have.add(u.lower().rstrip("/"))
        n["urls"] = urls
        printed_norm = {re.sub(r"^(https?://|ftp://)", "", u).rstrip("/").lower() for u in urls}
        link_only = [u for u in link_only
                     if re.sub(r"^(https?://|ftp://)", "", u).rstrip("/").lower() not in printed_norm]
        if link_only:
            n["link_only_urls"] = link_only
        if rejoined and any(u not in [x for x in urls] for u in urls):
            pass
        n["urls_rejoined"] = rejoined and bool(urls)
    pdfinfo = doc.metadata or {}
    return {"path": pdf_path, "pages": doc.page_count, "body": body, "notes": notes,
            "bad_pages": sorted(bad_pages), "reasons": dict(reasons),
            "producer": (pdfinfo.get("producer") or "") + " " + (pdfinfo.get("creator") or ""),
            "lo": lo, "hi": hi}


def scan(root: Path, out: Path):
    lic = licence_map(root)
    ex_pkgs, ex_paths = manifest_exclusions()
    jobs = []
    for pdf in sorted((root / DOCROOT).rglob("*.pdf")):
        rel = str(pdf.relative_to(root / DOCROOT))
        sys_path = "/" + str(pdf.relative_to(root))
        pkg, licence, deb = package_of(rel, lic)
        if pkg in SECRET or any(s in rel.split("/") for s in SECRET) or "biblatex-" in rel and pkg in SECRET:
            continue
        if pkg in ex_pkgs or sys_path in ex_paths:
            continue
        jobs.append((str(pdf), rel, pkg, licence, deb))
    log(f"{len(jobs)} PDFs to scan")
    with multiprocessing.Pool(2, maxtasksperchild=20) as pool, out.open("w", encoding="utf-8") as fh:
        for (pdf, rel, pkg, licence, deb), res in zip(jobs, pool.imap(analyse, [j[0] for j in jobs], chunksize=1)):
            if not res:
                continue
            res.update(rel=rel, package=pkg, license=licence, deb=deb)
            fh.write(json.dumps(res, ensure_ascii=False) + "\n")
            fh.flush()
            if res.get("notes"):
                log(f"{rel}: {len(res['notes'])} kept, bad pages {len(res['bad_pages'])}, {res['reasons']}")


# ----------------------------------------------------------------------------- build

def best_run(rec):
    notes = rec["notes"]
    bad = set(rec["bad_pages"])
    by_page = Counter(n["note_page"] for n in notes)
    best = None
    pages_with = sorted(by_page)
    for start in pages_with:
        if start in bad:
            continue
        run_notes = 0
        for end in range(start, start + MAX_PAGES):
            if end in bad or end >= rec["pages"]:
                break
            run_notes += by_page.get(end, 0)
            if run_notes > MAX_NOTES:
                break
            ok = all(min(n["ref_pages"]) >= start for n in notes if start <= n["note_page"] <= end)
            if not ok:
                break
            key = (run_notes, -(end - start))
            if best is None or key > best[0]:
                best = (key, start, end)
    return best


def doc_name(rec):
    stem = Path(rec["rel"]).stem
    return (stem if stem == rec["package"] else f"{rec['package']}-{stem}") + ".pdf"


VERSIONS = {"texlive-humanities-doc": "2022.20230122-4", "texlive-science-doc": "2022.20230122-4",
            "texlive-latex-recommended-doc": "2022.20230122-3", "texlive-lang-french": "2022.20230122-1",
            "texlive-lang-german": "2022.20230122-1", "texlive-latex-extra-doc": "2022.20230122-4",
            "texlive-publishers-doc": "2022.20230122-4"}


PDF2DEB = dict(line.rstrip("\n").split("\t") for line in
               (Path(__file__).parent / "pdf2deb.tsv").open(encoding="utf-8")) \
    if (Path(__file__).parent / "pdf2deb.tsv").exists() else {}


SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
SUPER_MAP = str.maketrans(SUPERSCRIPTS, "0123456789")


def _bare(u):
    return re.sub(r"^(https?://|ftp://)", "", u).rstrip("/").lower()


def fix_split_urls(n):
    """A printed URL broken over a line may come out cut short of the text layer; when the
    note has a link whose target continues it, the printed URL is that target."""
    links = n.get("link_only_urls") or []
    urls = []
    for u in n["urls"]:
        stem = _bare(u).rstrip(JOIN_ENDS)
        longer = [x for x in links if _bare(x).startswith(stem) and len(_bare(x)) > len(_bare(u))
                  and not x.startswith("mailto:")]
        if longer:
            x = longer[0]
            links.remove(x)
            u = x if re.match(r"(https?|ftp)://", u) else re.sub(r"^(https?://|ftp://)", "", x)
            n["urls_rejoined"] = True
        urls.append(u)
    n["urls"] = urls
    if links:
        n["link_only_urls"] = links
    else:
        n.pop("link_only_urls", None)


def deb_version(deb):
    if deb in VERSIONS:
        return VERSIONS[deb]
    for f in Path(__file__).parent.glob(f"debs*/{deb}_*.deb"):
        return f.name.split("_")[1]
    return ""


def build(scan_file: Path, corpus: Path, limit_per_pkg=3):
    recs = [json.loads(x) for x in scan_file.open(encoding="utf-8")]
    recs = [r for r in recs if r.get("notes")]
    for r in recs:
        bad = set(r["bad_pages"])
        for n in r["notes"]:
            # the link rectangle may take in the punctuation before a full-size marker
            n["label"] = n["label"].strip(".,;:")
            # superior figures that the text layer maps to U+00B9/U+00B2/U+2070.. are printed digits
            if n["label"] and all(ch in SUPERSCRIPTS for ch in n["label"]):
                n["label"] = n["label"].translate(SUPER_MAP)
            fix_split_urls(n)
            # a marker far from its note is a cross-reference or a duplicated destination:
            # its page may hold another note with the same label that no link reaches
            near = [p for p in n["ref_pages"] if p in (n["note_page"], n["note_page"] - 1)]
            bad.update(p for p in n["ref_pages"] if p not in near)
            n["ref_pages"] = near
        r["bad_pages"] = sorted(bad)
        r["notes"] = [n for n in r["notes"] if n["ref_pages"]]
    chosen, per_pkg, seen_names = [], Counter(), set()
    plans = []
    for r in recs:
        b = best_run(r)
        if not b or b[0][0] < MIN_NOTES:
            continue
        plans.append((b, r))
    plans.sort(key=lambda p: -p[0][0][0])
    corpus.mkdir(parents=True, exist_ok=True)
    total_notes = total_urls = 0
    _, ex_paths = manifest_exclusions()
    ex_base = {Path(x).name for x in ex_paths}
    for (_key, start, end), r in plans:
        if per_pkg[r["package"]] >= limit_per_pkg:
            continue
        if r["package"] == "latex-base-dev":
            continue  # development release of the LaTeX base documents (package `latex`): already used
        if Path(r["rel"]).name in ex_base:
            continue  # the same file under another package (e.g. latex-dev/base): already used
        name = doc_name(r)
        if name in seen_names:
            continue
        # identical documents (same notes) under two names: keep one
        sig = tuple(n["note_text_start"] for n in r["notes"][:5])
        if sig in {c[1] for c in chosen}:
            continue
        per_pkg[r["package"]] += 1
        seen_names.add(name)
        chosen.append((name, sig))
        src = pymupdf.open(r["path"])
        keep = list(range(start, end + 1))
        src.select(keep)
        for page in src:
            for lk in page.get_links():
                page.delete_link(lk)
            annots = list(page.annots() or [])
            for a in annots:
                if a.type[0] == pymupdf.PDF_ANNOT_LINK:
                    page.delete_annot(a)
        src.set_toc([])
        cat = src.pdf_catalog()
        for key_ in ("Dests", "Names", "Outlines", "OpenAction"):
            src.xref_set_key(cat, key_, "null")
        src.save(corpus / name, garbage=3, deflate=True)
        src.close()
        notes = []
        feats = Counter()
        for n in r["notes"]:
            if not start <= n["note_page"] <= end:
                continue
            refs = [p - start + 1 for p in n["ref_pages"] if start <= p <= end]
            entry = {"label": n["label"], "ref_page": refs[0] if len(refs) == 1 else refs,
                     "note_page": n["note_page"] - start + 1, "note_text_start": n["note_text_start"],
                     "urls": n["urls"], "kind": "footnote"}
            if n.get("link_only_urls"):
                entry["link_only_urls"] = n["link_only_urls"]
            if n.get("urls_rejoined"):
                entry["urls_rejoined"] = True
            notes.append(entry)
            if n["urls"]:
                feats["notes with URLs"] += 1
            if not n["raised"]:
                feats["markers not raised/smaller"] += 1
            if n["note_page"] != min(n["ref_pages"]):
                feats["moved"] += 1
            if len(n["ref_pages"]) > 1:
                feats["several markers"] += 1
            if n.get("lines", 0) >= 6:
                feats["6+ lines"] += 1
        labels = [e["label"] for e in notes]
        per_page = Counter(e["note_page"] for e in notes)
        features = []
        prod = r.get("producer", "")
        for eng in ("LuaTeX", "XeTeX", "pdfTeX", "dvipdfmx"):
            if eng.lower() in prod.lower():
                features.append(eng)
                break
        if len(set(labels)) < len(labels):
            features.append("numbering restarts (same label twice)")
        if feats["moved"]:
            features.append("a note moved to the page after its marker")
        if feats["several markers"]:
            features.append("a note with several markers")
        if feats["notes with URLs"]:
            features.append(f"{feats['notes with URLs']} notes with URLs")
        if max(per_page.values()) >= 6:
            features.append(f"up to {max(per_page.values())} notes on a page")
        if any(not re.fullmatch(r"\d+", norm_label(x)) for x in labels):
            sym = sorted({x for x in labels if not re.fullmatch(r"[\dA-Za-z]+", norm_label(x))})
            if sym:
                features.append("symbol labels (" + " ".join(sym) + ")")
            if any(re.fullmatch(r"[A-Za-z]+", norm_label(x)) for x in labels):
                features.append("letter labels")
        if feats["markers not raised/smaller"]:
            features.append(f"{feats['markers not raised/smaller']} markers not raised/smaller")
        if feats["6+ lines"]:
            features.append(f"{feats['6+ lines']} notes of 6+ lines (on their first page)")
        sys_path = "/usr/share/doc/texlive-doc/" + r["rel"]
        deb = PDF2DEB.get(sys_path, r.get("deb", ""))
        truth = {"document": name, "pages": [1, end - start + 1],
                 "source_pages": list(range(start + 1, end + 2)), "footnote_count": len(notes),
                 "source": f"Debian package {deb} {deb_version(deb)}, file {sys_path}",
                 "package": deb, "version": deb_version(deb), "path": sys_path,
                 "texlive_package": r["package"], "license": r["license"], "features": features,
                 "truth": "derived automatically from the hyperref footnote links of the source PDF "
                          "(/work/extra/harvest.py); link annotations and named destinations removed",
                 "footnotes": notes}
        dbg = corpus.parent / ("debug" if corpus.name == "corpus" else "debug-" + corpus.name)
        dbg.mkdir(exist_ok=True)
        (dbg / (name + ".json")).write_text(json.dumps(
            {"source": r["path"], "start": start, "dests": [n["dest"] for n in r["notes"]
                                                           if start <= n["note_page"] <= end]}),
            encoding="utf-8")
        (corpus / (name + ".footnotes.json")).write_text(
            json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
        total_notes += len(notes)
        total_urls += sum(len(e["urls"]) for e in notes)
        log(f"{name}: pages {start + 1}-{end + 1}, {len(notes)} notes; {', '.join(features)}")
    log(f"{len(chosen)} documents, {total_notes} notes, {total_urls} URLs")


# ----------------------------------------------------------------------------- verify

def verify(corpus: Path, out: Path, n: int, seed: int = 1):
    """Render the marker line (from the source PDF, where the link still is) and the note line."""
    out.mkdir(parents=True, exist_ok=True)
    allnotes = []
    for t in sorted(corpus.glob("*.footnotes.json")):
        d = json.loads(t.read_text(encoding="utf-8"))
        dbg = json.loads((corpus.parent / ("debug" if corpus.name == "corpus" else "debug-" + corpus.name) / (d["document"] + ".json")).read_text())
        for i, e in enumerate(d["footnotes"]):
            allnotes.append((d, dbg, i, e))
    rnd = random.Random(seed)
    for k, (d, dbg, i, e) in enumerate(rnd.sample(allnotes, n)):
        src = pymupdf.open(dbg["source"])
        dest = dbg["dests"][i]
        info = src.resolve_names()[dest]
        npage = src[info["page"]]
        pt = pymupdf.Point(info["to"]) * npage.transformation_matrix
        w = npage.rect.width
        shots = []
        for page in src:
            for lk in page.get_links():
                if lk.get("nameddest") == dest:
                    r = pymupdf.Rect(lk["from"])
                    shots.append(page.get_pixmap(dpi=100, clip=pymupdf.Rect(0, r.y0 - 14, w, r.y1 + 14)))
                    pg = page.number
        shots.append(npage.get_pixmap(dpi=100, clip=pymupdf.Rect(0, pt.y - 12, w, pt.y + 40)))
        height = sum(p.height for p in shots) + 6 * len(shots)
        canvas = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, max(p.width for p in shots), height), False)
        canvas.clear_with(200)
        y = 0
        for p in shots:
            p = pymupdf.Pixmap(pymupdf.csRGB, p) if p.n != 3 or p.alpha else p
            p.set_origin(0, y)
            canvas.copy(p, p.irect)
            y += p.height + 6
        canvas.save(out / f"{k:02d}.png")
        print(f"{k:02d} {d['document']} note p{e['note_page']} ref {e['ref_page']} (src marker p{pg + 1}, "
              f"note p{info['page'] + 1}) label {e['label']!r}: {e['note_text_start']!r} urls={e['urls']}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "scan":
        scan(Path(sys.argv[2]), Path(sys.argv[3]))
    elif cmd == "build":
        build(Path(sys.argv[2]), Path(sys.argv[3]))
    elif cmd == "verify":
        verify(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]) if len(sys.argv) > 5 else 1)
