"""The text of the generated documents: body prose with note markers, and realistic notes.

Everything is drawn from a seeded random generator, so a family's documents come out the same
on every run. The notes are what a UN or legal text cites: document symbols, resolutions,
treaty series, "Ibid.", "supra note", and URLs (long ones, which a layout must wrap).
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

import variant

URL_RE = re.compile(r"https?://[^\s<>]+[^\s<>.,;:)]")

ORGANS = ["General Assembly", "Security Council", "Human Rights Council", "Economic and Social Council"]
TOPICS = ["the protection of civilians in armed conflict", "the situation of human rights defenders",
          "sustainable development and climate finance", "the safety of humanitarian personnel",
          "the rule of law at the national and international levels", "the rights of persons with disabilities",
          "oceans and the law of the sea", "the prevention of torture", "global health and foreign policy",
          "the question of Palestine", "women and peace and security", "the right to food"]
AUTHORS = [("Malcolm", "Shaw", "International Law"), ("James", "Crawford", "Brownlie's Principles of Public "
           "International Law"), ("Hersch", "Lauterpacht", "The Function of Law in the International Community"),
           ("Rosalyn", "Higgins", "Problems and Process"), ("Antonio", "Cassese", "International Criminal Law"),
           ("Martti", "Koskenniemi", "From Apology to Utopia"), ("Anne", "Peters", "Beyond Human Rights"),
           ("Philippe", "Sands", "Lawless World"), ("Helen", "Duffy", "The War on Terror and the Framework of "
           "International Law")]
CITIES = [("Oxford", "Oxford University Press"), ("Cambridge", "Cambridge University Press"),
          ("New York", "United Nations"), ("Leiden", "Brill Nijhoff"), ("London", "Hart Publishing")]
CASES = ["Nicaragua v. United States of America", "Bosnia and Herzegovina v. Serbia and Montenegro",
         "Croatia v. Serbia", "The Gambia v. Myanmar", "Ukraine v. Russian Federation", "Chagos Archipelago"]
SITES = ["https://www.un.org/en/ga/search/view_doc.asp?symbol=A/{s}/{n}",
         "https://digitallibrary.un.org/record/{big}?ln=en",
         "https://www.ohchr.org/en/documents/thematic-reports/a{s}{n}-report-special-rapporteur-{slug}",
         "https://press.un.org/en/{year}/sgsm{big}.doc.htm",
         "https://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-{n}&chapter=4&clang=_en",
         "https://www.icj-cij.org/public/files/case-related/{n}/{n}-{year}0722-JUD-01-00-EN.pdf",
         "https://undocs.org/en/S/RES/{res}",
         "https://www.unhcr.org/refworld/docid/{slug}-{big}.html"]
SLUGS = ["protection-civilians-armed-conflict", "human-rights-defenders-situation-report",
         "climate-finance-developing-countries", "safety-humanitarian-personnel-field"]

BODY_OPENINGS = ["Recalling its previous resolutions on {topic}", "The Committee took note of the report on {topic}",
                 "Delegations stressed the importance of {topic}", "In the debate on {topic}",
                 "The Special Rapporteur observed, with regard to {topic},",
                 "Member States reaffirmed their commitment to {topic}"]
BODY_MIDDLES = ["as set out in the annual report of {year}", "which the Assembly endorsed at its {ord} session",
                "in line with the practice of the Council since {year}", "as the Court has held on several occasions",
                "following consultations with regional organizations", "as noted in paragraph {p} of the report",
                "drawing on the findings of the commission of inquiry", "in accordance with the Charter"]
BODY_ENDS = ["and called for its full implementation", "and requested further information by {month} {year}",
             "while noting the concerns expressed by several delegations",
             "and decided to remain actively seized of the matter",
             "and encouraged States to share best practices", "without prejudice to the positions of the parties"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "September", "October", "November"]
ORDINALS = ["fifty-eighth", "sixty-third", "seventieth", "seventy-fifth", "seventy-eighth", "seventy-ninth"]


@dataclass
class Note:
    text: str
    kind: str = "footnote"          # "footnote" or "endnote"
    series: str = ""                # "" the main series; "B" a second series (bigfoot, manyfoot)
    label: str = ""                 # the label as printed; filled in by the family
    parent: Note | None = None      # a note whose marker sits in another note's text
    ref_page: object = None         # filled in from the rendered document
    note_page: object = None
    extra: dict = field(default_factory=dict)

    @property
    def urls(self) -> list[str]:
        return URL_RE.findall(self.text)


@dataclass
class Ref:
    """A note marker in the body text."""
    note: Note


Para = list  # of str and Ref


@dataclass
class Section:
    heading: str
    paras: list[Para]


class Writer:
    """Draws body sentences and notes from a seeded random generator."""

    def __init__(self, seed: str) -> None:
        self.name = seed
        self.rng = random.Random(variant.writer_seed(seed))
        self.variant = variant.active()
        self.cited: list[str] = []   # short forms of earlier citations, for supra / Ibid.
        self.used: set[str] = set()
        self.tails: set[str] = set()

    def _fill(self, template: str) -> str:
        r = self.rng
        return template.format(
            topic=r.choice(TOPICS), year=r.randint(1993, 2025), ord=r.choice(ORDINALS), p=r.randint(3, 140),
            month=r.choice(MONTHS), s=r.randint(60, 80), n=r.randint(100, 999), big=r.randint(100000, 999999),
            res=r.randint(1200, 2790), slug=r.choice(SLUGS), organ=r.choice(ORGANS))

    def sentence(self) -> str:
        r = self.rng
        parts = [self._fill(r.choice(BODY_OPENINGS)), self._fill(r.choice(BODY_MIDDLES)),
                 self._fill(r.choice(BODY_ENDS))]
        return " ".join(parts) + "."

    def marked_sentence(self) -> str:
        """A sentence ending in a document symbol unlike any other (a marker follows it, and the
        symbol, which is never hyphenated, tells the page of the marker)."""
        r = self.rng
        s, n = r.randint(50, 80), r.randint(100, 999)
        tail = r.choice([f"at its {r.randint(3000, 9900)}th meeting (S/PV.{r.randint(3000, 9900)})",
                         f"in resolution {s}/{r.randint(1, 330)}",
                         f"in document A/{s}/{n}",
                         f"in {r.randint(12, 190)} countries (A/{s}/{n})",
                         f"on {r.randint(1, 28)} {r.choice(MONTHS)} {r.randint(1995, 2025)} (A/{s}/PV.{n})",
                         f"in its decision {s}/{r.randint(500, 560)}"])
        if self.variant:  # a variant draws more: keep every marker's place unique
            if tail in self.tails:
                return self.marked_sentence()
            self.tails.add(tail)
        return self.sentence()[:-1] + " " + tail + "."

    def url(self) -> str:
        return self._fill(self.rng.choice(SITES))

    def _citation(self, n: int) -> str:
        r = self.rng
        s, m, p, y = r.randint(60, 80), r.randint(1, 330), r.randint(2, 95), r.randint(1995, 2025)
        first, last, title = r.choice(AUTHORS)
        city, press = r.choice(CITIES)
        kinds = [
            lambda: (f"General Assembly resolution {s}/{m}, para. {p}.", f"resolution {s}/{m}"),
            lambda: (f"Security Council resolution {r.randint(1200, 2790)} ({y}), para. {p}.", None),
            lambda: (f"See A/{s}/{r.randint(100, 999)}-S/{y}/{r.randint(100, 999)}, annex, para. {p}.", None),
            lambda: (f"Official Records of the General Assembly, {r.choice(ORDINALS).capitalize()} Session, "
                     f"Supplement No. {r.randint(1, 53)} (A/{s}/{r.randint(1, 53)}), chap. {r.choice('IVX')}.",
                     None),
            lambda: (f"United Nations, Treaty Series, vol. {r.randint(200, 2999)}, No. {r.randint(1000, 54999)}.",
                     None),
            lambda: (f"{first} {last}, {title} ({city}: {press}, {y}), pp. {p}–{p + r.randint(1, 9)}.",
                     f"{last}"),
            lambda: (f"Case concerning {r.choice(CASES)}, Judgment, I.C.J. Reports {y}, p. {r.randint(10, 700)}, "
                     f"para. {p}.", None),
            lambda: (f"Report of the Secretary-General on {r.choice(TOPICS)} (A/{s}/{r.randint(100, 999)}), "
                     f"para. {p}.", None),
            lambda: (f"Human Rights Council resolution {r.randint(20, 58)}/{r.randint(1, 40)} of "
                     f"{r.randint(1, 28)} {r.choice(MONTHS)} {y}.", None),
            lambda: (f"See the statement of the Secretary-General of {r.randint(1, 28)} {r.choice(MONTHS)} {y}, "
                     f"available at {self.url()}.", None),
            lambda: (f"For the text, see {self.url()} (accessed {r.randint(1, 28)} {r.choice(MONTHS)} 2025).",
                     None),
            lambda: (f"Ibid., para. {p}.", None) if n > 1 else (f"Resolution {s}/{m}, annex.", None),
            lambda: (f"Ibid., p. {p}.", None) if n > 1 else (f"Resolution {s}/{m}.", None),
            lambda: (f"{r.choice(self.cited)}, supra note {r.randint(1, max(1, n - 1))}, p. {p}."
                     if self.cited else f"Resolution {s}/{m}.", None),
            lambda: (f"Id. at {p}.", None) if n > 1 else (f"Resolution {s}/{m}.", None),
        ]
        if self.variant:  # held-out variants: the styles of humanities and legal notes too
            kinds += [
                lambda: (f"See {first} {last}, {title} ({city}: {press}, {y}), p. {p}.", f"{last}"),
                lambda: (f"Cf. {r.choice(CASES)}, Provisional Measures, Order of {r.randint(1, 28)} "
                         f"{r.choice(MONTHS)} {y}, para. {p}.", None),
                lambda: (f"Cf. {r.choice(self.cited)}, supra note {r.randint(1, max(1, n - 1))}, at {p}."
                         if self.cited else f"Cf. resolution {s}/{m}.", None),
                lambda: (f"As {last} put it: \u201c{self._quotation()}\u201d {first[0]}. {last}, {title} "
                         f"({city}: {press}, {y}), p. {p}.", f"{last}"),
                lambda: (f"The reports are available at {self.url()}, {self.url()} and {self.url()}.", None),
                lambda: (f"See {self.url()}; see also {self.url()} (both accessed {r.randint(1, 28)} "
                         f"{r.choice(MONTHS)} 2025).", None),
                lambda: ("Ibid.", None) if n > 1 else (f"Resolution {s}/{m}, preamble.", None),
                lambda: ("Ibid.", None) if n > 1 else (f"Resolution {s}/{m}, para. {p}.", None),
            ]
        text, short = r.choice(kinds)()
        if short:
            self.cited.append(short.capitalize() if short[0].islower() else short)
        return text

    def note_text(self, n: int, long: bool = False, url: bool = False) -> str:
        """A note unlike every earlier one in its first 40 characters (so it can be found)."""
        for _ in range(100):
            text = self._citation(n)
            if url and "http" not in text:
                text += f" See also {self.url()}."
            if long:
                text += " " + " ".join(self._commentary() for _ in range(self.rng.randint(5, 8)))
                text += f" See the summary record (A/C.{self.rng.randint(1, 6)}/{self.rng.randint(50, 80)}/SR." \
                        f"{self.rng.randint(2, 60)})."  # a last token of its own: the page the note ends on
            key = text[:40]
            if text == "Ibid.":  # a bare "Ibid." repeats; the truth finds it by counting (truth.locate)
                return text
            if key not in self.used and not any(key in u or u in key for u in self.used):
                self.used.add(key)
                return text
        raise RuntimeError("could not draw a distinct note")

    def _quotation(self) -> str:
        return " ".join(self._commentary() for _ in range(self.rng.randint(2, 4)))

    def _commentary(self) -> str:
        r = self.rng
        return r.choice([
            "The drafting history shows that the delegations could not agree on the wording of this paragraph "
            "until the final informal consultations.",
            "Several States explained their vote, recalling that the text did not create new obligations.",
            "The Committee had earlier expressed the view that the practice of the organs was consistent.",
            "This reading has been contested in the literature, notably by commentators writing after 2010.",
            f"The figures for {r.randint(2001, 2024)} were revised in a corrigendum issued the following year.",
            "It should be noted that the French and Spanish versions of the text differ slightly on this point.",
            "The Special Rapporteur returned to the question in a later report, with further examples.",
        ])


def story(w: Writer, notes: list[Note], sections: int = 2, paras_per_note: float = 1.0,
          glued: int = 0, heading: str = "Section") -> list[Section]:
    """Body paragraphs carrying the markers of *notes* in order (notes with a parent are
    left out: their marker is in the parent's text). *glued* runs of three markers sit
    side by side with nothing between them ("123")."""
    body = [n for n in notes if n.parent is None]
    before = variant.marker_before_punctuation(w.name)  # "... (A/70/123)¹." rather than "... (A/70/123).¹"
    per_section = max(1, -(-len(body) // sections))
    out, i = [], 0
    for s in range(sections):
        chunk = body[s * per_section:(s + 1) * per_section]
        paras: list[Para] = [[w.sentence() + " " + w.sentence()]]
        j = 0
        while j < len(chunk):
            run = 3 if glued and i % 7 == 1 and j + 3 <= len(chunk) else 1
            marked = w.marked_sentence()
            para: Para = [marked[:-1] if before else marked]
            para += [Ref(n) for n in chunk[j:j + run]]
            para.append(("." if before else "") + " " + w.sentence())
            if w.rng.random() < paras_per_note - 1:
                para.append(" " + w.sentence())
            paras.append(para)
            j += run
            i += 1
        paras.append([w.sentence() + " " + w.sentence()])
        out.append(Section(f"{heading} {s + 1}", paras))
    return out
