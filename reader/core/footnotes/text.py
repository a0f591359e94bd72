"""Labels and note text: what a note label looks like, and how note lines become one text."""
from __future__ import annotations

import re

#: Symbols used as note labels, in their conventional order.
SYMBOLS = "*\u2217\u2020\u2021\u00a7\u00b6\u2016#"
#: A symbol label as a regular-expression fragment (for patterns built elsewhere): "*", "**", "†", "‡‡", "§", "¶", "‖", "#".
SYMBOL_LABEL = r"(?:\*{1,4}|\u2217{1,4}|\u2020{1,3}|\u2021{1,3}|\u00a7{1,2}|\u00b6{1,2}|\u2016|#)"
_SYMBOL_LABEL = SYMBOL_LABEL
_ROMAN = r"(?=[ivx]{2})x{0,3}(?:ix|iv|v?i{0,3})"
#: A label as printed: digits, a symbol run, one lowercase letter, or a small roman numeral.
LABEL = re.compile(rf"^(?:\d{{1,4}}|{_SYMBOL_LABEL}|[a-z]|{_ROMAN})$")
#: A note line that starts with a label: "12 Text", "12. Text", "* Text", "[3] Text".
LEADING_LABEL = re.compile(rf"^\s*\\?(\d{{1,4}}|{_SYMBOL_LABEL})(\.|\))?(?=\s|$)\s*")
#: Superscript digit characters, read as the digits they are.
SUPERSCRIPT_DIGITS = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")
_BRACKETS = re.compile(r"^[\[(](.+?)[\])]$")


def clean_label(text: str) -> str:
    """The label inside a printed marker: ``"[12]"`` -> ``"12"``, ``" 3 "`` -> ``"3"``."""
    text = text.strip().translate(SUPERSCRIPT_DIGITS)
    match = _BRACKETS.match(text)
    if match:
        text = match.group(1).strip()
    return text.rstrip(".)").strip()


def label_key(label: str) -> str:
    """What two labels must share to match: "∗" (TeX's asterisk) and "*" are one label, and so
    are "⁶" (printed with a superscript character) and "6"."""
    return label.replace("\u2217", "*").translate(SUPERSCRIPT_DIGITS)


def is_label(text: str) -> bool:
    return bool(LABEL.match(clean_label(text)))


def roman_value(label: str) -> int:
    """``"xiv"`` -> 14 for a roman-numeral label of two letters or more; -1 otherwise."""
    if len(label) < 2 or not re.fullmatch(_ROMAN, label):
        return -1
    values = {"i": 1, "v": 5, "x": 10}
    total = 0
    for i, ch in enumerate(label):
        v = values[ch]
        total += -v if i + 1 < len(label) and values[label[i + 1]] > v else v
    return total


def is_symbol(label: str) -> bool:
    return bool(label) and all(ch in SYMBOLS for ch in label)


def split_labels(text: str) -> list[str]:
    """Marker text that holds several labels: ``"1,2"``, ``"3-5"`` (ranges expanded), ``"*,**"``."""
    text = text.strip()
    match = re.fullmatch(r"(\d{1,4})\s*[-\u2013]\s*(\d{1,4})", text)
    if match and 0 < int(match.group(2)) - int(match.group(1)) < 20:
        return [str(n) for n in range(int(match.group(1)), int(match.group(2)) + 1)]
    parts = [clean_label(p) for p in re.split(r"[,;\s]+", text) if p.strip()]
    return [p for p in parts if LABEL.match(p)]


def consecutive_run(text: str) -> list[str]:
    """``"123"`` -> ``["1", "2", "3"]``, ``"91011"`` -> ``["9", "10", "11"]``; else ``[]``."""
    if not text.isdigit() or len(text) < 2:
        return []
    for k in range(1, len(text)):
        if text[0] == "0":
            return []
        n, pos, run = int(text[:k]), k, [text[:k]]
        while pos < len(text):
            nxt = str(int(run[-1]) + 1)
            if not text.startswith(nxt, pos):
                break
            run.append(nxt)
            pos += len(nxt)
        if pos == len(text) and len(run) >= 2 and n >= 1:
            return run
    return []


def join_lines(lines: list[str]) -> str:
    """Join note lines into one text: undo line-end hyphens, collapse whitespace."""
    out = ""
    for line in lines:
        line = re.sub(r"\s+", " ", line).strip()
        if not line:
            continue
        if not out:
            out = line
        elif _hyphenated(out, line) or out.endswith(("\u00ad",)):
            out = out[:-1] + line
        else:
            out = out + " " + line
    return out.replace("\u00ad", "")


def _hyphenated(before: str, after: str) -> bool:
    """A word broken at the line end ("inter-" + "national"), not a URL or a real dash."""
    if not re.search(r"[^\W\d_]-$", before) or not after[:1].islower():
        return False
    last_word = before.rsplit(" ", 1)[-1]
    return "/" not in last_word and "@" not in last_word


def strip_label(text: str, label: str) -> str:
    """Remove a leading *label* (and the dot or bracket after it) from note text."""
    stripped = text.lstrip()
    for form in (f"[{label}]", f"({label})", label):
        if stripped.startswith(form):
            rest = stripped[len(form):]
            if not rest or rest[0] in " .)\t\u00a0":
                return rest.lstrip(" .)\t\u00a0")
    return stripped
