"""Find the URLs printed in a piece of text (a note, a paragraph).

``find_urls(text)`` is shared by the footnote engine and the citation finder. It rejoins
URLs that a line break split (the caller passes text whose lines are joined with ``"\\n"``
or with spaces, and whose line-end hyphens may or may not have been undone).
"""
from __future__ import annotations

import re

#: Top-level domains that make a bare address ("ctan.org", "dickimaw-books.com/faq.php") a URL
#: without a scheme or "www.": the generic ones alone, a country's only with a path after it
#: (".pl", ".py", ".sh", ".rs" also end file names).
_GENERIC_TLDS = "com|org|net|edu|gov|int|info|io|dev|app|eu"
_BARE_DOMAIN = (r"(?<![A-Za-z0-9_@/.\-])(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+"
                rf"(?:(?:{_GENERIC_TLDS})(?![\w\-])|[a-z]{{2}}(?=/\w))")
#: Where a URL starts: any scheme ("https://", "ftp://", "CTAN://"), "www.", a bare domain; right
#: after a CJK character too ("见https://…": no space in CJK text).
_START = re.compile(rf"(?<![A-Za-z0-9_+.\-])[a-z][a-z0-9+\-]{{1,15}}://|www\.|{_BARE_DOMAIN}", re.I)
#: A URL with a scheme or "www." starts here (a bare domain after a break goes on the URL before it).
_NEW_URL = re.compile(r"[a-z][a-z0-9+\-]{1,15}://|www\.", re.I)
#: What every URL _START finds holds, also before _SCHEME_BREAK rejoins its scheme.
_MAYBE_URL = re.compile(rf":[ \t\n]{{0,3}}/|www\.|\.(?:{_GENERIC_TLDS})\b|\.[a-z]{{2}}/", re.I)
#: Characters a URL may hold (RFC 3986 plus a few that appear in real notes).
#: Accented Latin, Greek and Cyrillic letters count too (an IRI: ".../Richtlinien_für_Exposés.pdf");
#: not CJK, whose text runs on after an address without a space.
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff]+")
_TRAILING = ".,;:!?'\"\u201d\u2019)]}>"
#: A line break inside a URL: the next piece continues it when it looks like URL material.
_CONTINUES = re.compile(r"[A-Za-z0-9\-._~/?#@!$&'()*+,;=%]")


def find_urls(text: str) -> list[str]:
    """Every URL in *text*, in order, rejoined across line wraps, without trailing punctuation.

    A URL ends at whitespace unless the text before the break ends in ``/``, ``-``, ``.``,
    ``_``, ``=``, ``?``, ``&`` or ``#`` (a wrap inside the URL) and the text after it has no
    space-separated word break first. Angle brackets and trailing punctuation are dropped.
    """
    urls: list[str] = []
    if not _MAYBE_URL.search(text):   # no scheme, broken or whole, and no "www.": no URL
        return urls
    text = _SCHEME_BREAK.sub(lambda m: re.sub(r"\s+", "", m.group()), text)
    taken = 0   # where the last URL taken ended: a later start before it is inside that URL
    for match in _START.finditer(text):
        if match.start() < taken or match.start() and text[match.start() - 1] in "/.:@":
            continue  # inside a URL we already took
        url, taken = _take(text, match.start())
        url = _trim(url)
        bare = not match.group().endswith(("/", "."))   # a bare domain is a URL on its own
        if (bare or len(url) > len(match.group()) + 2) and url not in urls:
            urls.append(url)
    return urls


#: A scheme broken at any character, as xurl breaks it ("http\ns://", "ht tps://", "https:\n//").
def rejoin(text: str, urls: list[str] | tuple[str, ...]) -> str:
    """*text* with the spaces that line breaks left inside each of *urls* (as ``find_urls``
    found them in it) taken out, so a note shows and copies each address whole."""
    pos = 0
    for url in urls:
        if len(url) > 4000 or text.find(url, pos) >= 0:
            continue
        m = re.compile(r"[ \t\n]{0,3}".join(map(re.escape, url))).search(text, pos)
        if m:
            text = text[:m.start()] + url + text[m.end():]
            pos = m.start() + len(url)
    return text


_SCHEME_BREAK = re.compile(r"\b(?:h[ \t\n]{0,3}t[ \t\n]{0,3}t[ \t\n]{0,3}p(?:[ \t\n]{0,3}s)?|f[ \t\n]{0,3}t[ \t\n]{0,3}p)"
                           r"[ \t\n]{0,3}:[ \t\n]{0,3}/[ \t\n]{0,3}/", re.I)
#: Endings of the files URLs name: a break inside one ("sgsm8378.doc." + "htm") is a wrap.
_EXTENSION = r"\.(?:s?html?|pdf|aspx?|php|jsp|cfm|docx?|xlsx?|xml|json|txt)"
_FILE_END = re.compile(_EXTENSION + r"[.,;:)]*$", re.I)
_ENDS_FILE = re.compile(_EXTENSION + "$", re.I)


def _take(text: str, start: int) -> tuple[str, int]:
    """The URL that starts at *start*, rejoined across the breaks inside it, and where it ends."""
    pos, parts = start, []
    while True:
        run = _URL_CHARS.match(text, pos)
        if not run:
            break
        parts.append(run.group())
        pos = run.end()
        gap = re.match(r"[ \t]*\n[ \t]*|[ \t]+", text[pos:])
        if not gap or not _wraps(parts[-1], text, pos + gap.end(), "\n" in gap.group()):
            break
        pos += gap.end()
    return "".join(parts), pos


def _wraps(before: str, text: str, after: int, newline: bool) -> bool:
    """Does the URL continue after the line break (or the space) that ends *before*?

    A space continues it only before a piece that is plainly URL material ("_doc.asp?s=1",
    "tails.aspx?src=..."): LaTeX's xurl stretches the glue between a URL's characters, and
    the gap reads as a space."""
    if after >= len(text) or not _CONTINUES.match(text[after]):
        return False
    nxt = re.match(r"\S+", text[after:]).group()
    if _NEW_URL.match(nxt):
        return False
    if re.fullmatch(r"[a-z][a-z0-9+\-]*://(?:[\w\-]+\.)*", before, re.I):
        return True        # only the scheme (and a host's first words) before the break: "https://owl." + "purdue.edu/…"
    if newline and _FILE_END.search(before.rsplit("/", 1)[-1] + nxt) and not _ENDS_FILE.search(before) \
            and (not before.endswith(".") or nxt[0].islower()):
        return True        # "…/sgsm837840.doc." + "htm.", "…-JUD-01-00-E" + "N.pdf.", "…-01-00-" + "EN.pdf"
    if newline and before.endswith(("=", "&")):
        return True        # a query cut before its value: "?symbol=" + "A/72/323." (no URL ends so)
    if nxt[0].isupper():
        # A capital starts a sentence, unless a word in capitals was cut ("?src=TREAT" +
        # "Y&mtdsg_no=…", "/en/S/RE" + "S/2108") or a path goes on after a "/" ("/en/S/" + "RES/2232").
        if not newline:
            return False
        if before.endswith(("_", "#", "%", "~")):   # no URL ends so: "…html#General_" + "Category_Values"
            return True
        if before.endswith("/"):
            return bool(re.match(r"[A-Z][\w.\-()]*/\w", nxt))
        return bool(re.search(r"[/=\-_][A-Z]+$", before)) and bool(re.match(r"[A-Z]+[/?=&#_][\w/]", nxt))
    if not newline:
        return not before.endswith((".", ",", ";", ":", ")")) and \
            bool(re.match(r"[\w\-~%.]*[/?=&_#][\w/?=&%.\-]", nxt))
    if before.endswith(("/", "-", "_", "=", "?", "&", "#", "%", "~")):
        return True
    if before[-1].isdigit() and re.fullmatch(r"\d+[.,;)]", nxt):
        return True                    # a number cut where the note ends: "?symbol=A/72/1" + "08."
    if before[-1].isdigit() and re.fullmatch(r"\d+(?:-[a-z0-9]+){2,}[.,;)]?", nxt):
        return True                    # a number cut inside a slug: ".../a7593" + "2-report-special-…"
    if re.search(r"[a-z0-9]-[a-z]$", before) and re.fullmatch(r"[a-z]{2,}[.,;)]?", nxt):
        return True                    # a slug's last word cut after its first letter: "-c" + "ountries."
    if re.match(r"[\w\-~%]*[/.?=&#][\w/]", nxt):
        return True
    # a slug broken anywhere ("...-protection-c" + "ivilians-armed-conflict."), as xurl breaks it
    return "-" in before.rsplit("/", 1)[-1] and bool(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+[.,;)]?", nxt))


def _trim(url: str) -> str:
    """Drop trailing punctuation, keeping a closing bracket that has its opening one."""
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        if url[-1] == "]" and url.count("[") >= url.count("]"):
            break
        url = url[:-1]
    return url
