"""Citations in real note text: URLs, DOIs, UN symbols, back-references (reader.core.citations).

The strings below were copied from the development corpus (../shared/corpus: the seed UN letter,
the UN resolutions and drafts, biblatex's cms-legal-sample, verbose-trad2 and cms-noteref-demo,
the DFAT cable), as PyMuPDF extracts them, so this suite runs without that folder.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from reader.app import main
from reader.core.citations import (
    Citation,
    DictResolver,
    LocalDocument,
    Resolver,
    annotate,
    find_citations,
    resolve_notes,
    symbol_of_document,
)

# (where it was printed, the note text, [(type, value), ...] in reading order)
REAL = [
    ('seed 2',
     'United Nations, "UN team completes mission to Karabakh", 2 October 2023, available at <https://azerbaijan.un.org/en/248051-un-team-completes-mission-karabakh>.',
     [('url', 'https://azerbaijan.un.org/en/248051-un-team-completes-mission-karabakh')]),
    ('seed 3',
     'See, for example, "Azerbaijanis offered Armenians to stay in Khojaly, Karabakh Armenian says", 29 November 2023, available at <https://caliber.az/en/post/207092/> (with reference to an Armenian YouTube channel, Oragir News).',
     [('url', 'https://caliber.az/en/post/207092/')]),
    ('A/80/L.23 *',
     'On behalf of the States that are members of the Group of 77 and China, taking into account also the provisions of General Assembly resolution ES-10/23 of 10 May 2024.',
     [('un-symbol', 'A/RES/ES-10/23')]),
    ('A/80/L.23 1',
     'Resolution 69/283, annex I.',
     [('un-symbol', 'A/RES/69/283')]),
    ('A/80/L.23 2',
     'Ibid., annex II.',
     [('back-reference', '')]),
    ('A/80/L.23 3',
     'See FCCC/CP/2015/10/Add.1, decision 1/CP.21, annex.',
     [('un-symbol', 'FCCC/CP/2015/10/Add.1')]),
    ('A/80/L.23 4',
     'United Nations, Treaty Series, vol. 1771, No. 30822.',
     [('reference', 'United Nations, Treaty Series, vol. 1771, No. 30822')]),
    ('A/80/L.23 5',
     'Resolution 70/1.',
     [('un-symbol', 'A/RES/70/1')]),
    ('A/80/L.23 6',
     'Resolution 73/195, annex.',
     [('un-symbol', 'A/RES/73/195')]),
    ('A/80/L.23 9',
     'A/80/390.',
     [('un-symbol', 'A/80/390')]),
    ('A/80/L.23 10',
     'E/CN.4/1998/53/Add.2, annex.',
     [('un-symbol', 'E/CN.4/1998/53/Add.2')]),
    ('A/80/L.23 11',
     'A/HRC/13/21/Add.4.',
     [('un-symbol', 'A/HRC/13/21/Add.4')]),
    ('A/80/L.23 12',
     'A/HRC/4/18, annex I.',
     [('un-symbol', 'A/HRC/4/18')]),
    ('A/80/L.23 13',
     'United Nations, Treaty Series, vol. 2296, No. 40906.',
     [('reference', 'United Nations, Treaty Series, vol. 2296, No. 40906')]),
    ('A/80/L.23 17',
     'A/71/353.',
     [('un-symbol', 'A/71/353')]),
    ('A/RES/78/5 2',
     'See World Health Organization, document WHA67/2014/REC/1, resolution 67.1.',
     []),
    ('A/RES/78/5 7',
     'Resolution 73/2',
     [('un-symbol', 'A/RES/73/2')]),
    ('A/RES/78/5 9',
     'See World Health Organization guidance, available at https://tbksp.org/en/guidance-books-solr.',
     [('url', 'https://tbksp.org/en/guidance-books-solr')]),
    ('A/RES/78/5 11',
     'See https://bricstb.samrc.ac.za/.',
     [('url', 'https://bricstb.samrc.ac.za/')]),
    ('A/RES/78/5 12',
     'See https://www.who.int/news/item/17-01-2023-who-announces-plans-to-establish-a-tb-vaccine-\naccelerator-council.',
     [('url', 'https://www.who.int/news/item/17-01-2023-who-announces-plans-to-establish-a-tb-vaccine-accelerator-council')]),
    ('A/C.3/80/L.3 1',
     'United Nations, Treaty Series, vols. 2225, 2237, 2241 and 2326, No. 39574.',
     [('reference', 'United Nations, Treaty Series, vols. 2225, 2237, 2241 and 2326, No. 39574')]),
    ('A/C.3/80/L.3 2',
     'Ibid., vol. 976, No. 14152.',
     [('back-reference', '')]),
    ('A/C.3/80/L.3 7',
     'See A/CONF.234/16.',
     [('un-symbol', 'A/CONF.234/16')]),
    ('A/C.3/80/L.3 9',
     'See Official Records of the Economic and Social Council, 2016, Supplement No. 10 (E/2016/30), chap. I, sect. D.',
     [('un-symbol', 'E/2016/30')]),
    ('A/C.3/80/L.3 12',
     'Resolution S-32/1, annex.',
     [('un-symbol', 'A/RES/S-32/1')]),
    ('A/C.3/80/L.3 15',
     'Ibid., 2013, Supplement No. 7 (E/2013/27), chap. I, sect. A.',
     [('back-reference', ''), ('un-symbol', 'E/2013/27')]),
    ('A/C.3/80/L.3 16',
     'Resolutions 68/191 and 70/176.',
     [('un-symbol', 'A/RES/68/191'), ('un-symbol', 'A/RES/70/176')]),
    ('A/C.3/80/L.3 23',
     'See Eighth United Nations Congress on the Prevention of Crime and the Treatment of Offenders, Havana, 27 August–7 September 1990: report prepared by the Secretariat (United Nations publication, Sales No. E.91.IV.2), chap. I, sect. B.',
     []),
    ('A/C.3/80/L.3 32',
     'Resolution S-30/1, annex.',
     [('un-symbol', 'A/RES/S-30/1')]),
    ('A/C.3/80/L.3 35',
     'See CTOC/COP/2022/9, sect. I.A.',
     [('un-symbol', 'CTOC/COP/2022/9')]),
    ('A/C.3/80/L.3 38',
     'See CAC/COSP/2019/17, sect. I.B.',
     [('un-symbol', 'CAC/COSP/2019/17')]),
    ('A/C.3/80/L.3 42',
     'A/80/157.',
     [('un-symbol', 'A/80/157')]),
    ('A/RES/78/229 17',
     'Ibid. vol. 2241, No. 39574.',
     [('back-reference', '')]),
    ('A/RES/78/229 19',
     'See CAC/COSP/2015/10, sect. I.',
     [('un-symbol', 'CAC/COSP/2015/10')]),
    ('A/RES/78/229 22',
     'Resolution 34/169, annex.',
     [('un-symbol', 'A/RES/34/169')]),
    ('A/RES/78/229 42',
     'Report of the United Nations Conference on the Illicit Trade in Small Arms and Light Weapons in All Its Aspects, New York, 9–20 July 2001 (A/CONF.192/15), chap. IV, para. 24.',
     [('un-symbol', 'A/CONF.192/15')]),
    ('A/RES/78/229 50',
     'Ibid.',
     [('back-reference', '')]),
    ('A/RES/80/242 1',
     'A/80/6 (Foreword and introduction), sects. 1–23, sect. 24 and corrigendum, sects 25–36 and income sects. 1–3.',
     [('un-symbol', 'A/80/6')]),
    ('A/RES/80/242 2',
     'Relevant parts of A/80/400.',
     [('un-symbol', 'A/80/400')]),
    ('A/RES/80/242 6',
     'A/80/90 and A/80/90/Add.1.',
     [('un-symbol', 'A/80/90'), ('un-symbol', 'A/80/90/Add.1')]),
    ('A/RES/80/242 7',
     'Official Records of the General Assembly, Eightieth Session, Supplement No. 7 (A/80/7) and A/80/7/Add.9, A/80/7/Add.2 and A/80/7/Add.3.',
     [('un-symbol', 'A/80/7'), ('un-symbol', 'A/80/7/Add.9'), ('un-symbol', 'A/80/7/Add.2'), ('un-symbol', 'A/80/7/Add.3')]),
    ('A/RES/80/242 8',
     'A/80/264, on budgeting in organizations of the United Nations system, and A/80/263, on the review of the implementation of the principle of mutual recognition within the United Nations system.',
     [('un-symbol', 'A/80/264'), ('un-symbol', 'A/80/263')]),
    ('A/RES/80/242 9',
     'A/80/264/Add.1 and A/80/263/Add.1.',
     [('un-symbol', 'A/80/264/Add.1'), ('un-symbol', 'A/80/263/Add.1')]),
    ('A/RES/80/242 10',
     'ST/SGB/2018/3.',
     [('un-symbol', 'ST/SGB/2018/3')]),
    ('A/RES/80/242 11',
     'ST/SGB/2013/4 and ST/SGB/2013/4/Amend.1.',
     [('un-symbol', 'ST/SGB/2013/4'), ('un-symbol', 'ST/SGB/2013/4/Amend.1')]),
    ('cms-legal 1',
     'United States v. Christmas, 222 F.3d 141, 145 (4th Cir. 2000). The court also noted that under United States v. Sokolow, 490 U.S. 1, 7 (1989), police may briefly detain a person without probable cause if the officer believes criminal activity “may be afoot.” Christmas, 222 F.3d at 143.',
     [('reference', 'United States v. Christmas, 222 F.3d 141')]),
    ('cms-legal 2',
     'Horn v. Pub. Water Supply Dist. No. 8, No. WD 63889, 2005 WL 119835 (Mo. Ct. App. Jan. 21, 2005).',
     []),
    ('cms-legal 9',
     'Horn, 2005 WL 119835, at *3.',
     []),
    ('cms-legal 11',
     'Id. at 212.',
     [('back-reference', '')]),
    ('cms-legal 17',
     'Homeland Security Act of 2002, Pub. L. No. 107-296, § 2, 116 Stat. 2135 (2002).',
     []),
    ('cms-legal 24',
     'S. Res. 20, 37th Leg., 2d Sess. (Okla. 1979).',
     []),
    ('cms-legal 30',
     '407 Parl. Deb. H.C. (5th ser.) (1944–45) cols. 425–46.',
     []),
    ('cms-legal 32',
     'S.C. Res. 7, The Spanish Question, ¶ 4(a) (June 26, 1946), http://www.un.org/documents/sc/res/1946/\nscres46.htm.',
     [('url', 'http://www.un.org/documents/sc/res/1946/scres46.htm')]),
    ('cms-legal 38',
     'Hearings on H.R. 5005, supra note 21.',
     [('back-reference', '21')]),
    ('cms-legal 48',
     'Cmnd. 3787, at 15–16.',
     []),
    ('cms-legal 49',
     'The Spanish Question, supra note 32, ¶ 4(a).',
     [('back-reference', '32')]),
    ('cms-legal 50',
     'Treaty Banning Nuclear Weapon Tests in the Atmosphere, in Outer Space and Under Water, U.S.-U.K.- U.S.S.R., Aug. 5, 1963, 14 U.S.T. 1313, at 45 [hereinafter Treaty].',
     [('reference', 'Treaty Banning Nuclear Weapon Tests in the Atmosphere')]),
    ('cms-legal 51',
     'Treaty, supra note 50, at 46.',
     [('back-reference', '50')]),
    ('verbose-trad2 1',
     'Aristotle. De Anima. Ed. by Robert Drew Hicks. Cambridge: Cambridge University Press, 1907.',
     []),
    ('verbose-trad2 3',
     'Aristotle, De Anima, op. cit., p. 26.',
     [('back-reference', '')]),
    ('verbose-trad2 4',
     'Averroes, Possibility of Conjunction, op. cit., pp. 59–61.',
     [('back-reference', '')]),
    ('verbose-trad2 6',
     'Idem, De Anima, op. cit.',
     [('back-reference', '')]),
    ('verbose-trad2 7',
     'Idem, Physics, op. cit., p. 55.',
     [('back-reference', '')]),
    ('verbose-trad2 8',
     'Ibid., p. 25.',
     [('back-reference', '')]),
    ('verbose-trad2 12',
     'KpV, p. 24.',
     []),
    ('verbose-trad2 19',
     'Ibid.',
     [('back-reference', '')]),
    ('noteref 16',
     'Euripides, Orestes (see § 1, n. 6). <— \\shortrefcite produced this noteref where by default one wouldn’t have appeared.',
     [('back-reference', '6')]),
    ('noteref 21',
     'CMS (see intro., n. 1).',
     [('back-reference', '1')]),
    ('noteref 42',
     'Jackson to John Pepys Junior (see n. 31). <— The form of this noteref and the next indicates that the short notes are in the same section as the long notes to which they refer.',
     [('back-reference', '31')]),
    ('noteref 43',
     'Holiday, “I’m a Fool to Want You” (see n. 32).',
     [('back-reference', '32')]),
    ('noteref 2',
     'Marcel Garaud, “Recherches sur les défrichements dans la Gâtine poitevine aux XIe et XIIe siècles,” Bulletin de la Société des antiquaires de l’Ouest, 4th ser., 9 (1967): 11–27.',
     []),
    ('dfat 1',
     'The full text of the discussion on Indonesia in the Security Council on the morning of 23 December is given in United Nations, Security Council Official Records, Third Year, No.133, 390th Meeting, pp.1-18.',
     [('un-symbol', 'S/PV.390')]),
    ('dfat 2',
     'See Document 407.',
     []),
    ('dfat 13',
     'The full text of the Australian amendment is given in United Nations, Security Council Official Records, Third Year, No. 133, 390th Meeting, pp.15-16.',
     [('un-symbol', 'S/PV.390')]),
]


@pytest.mark.parametrize(("source", "text", "expected"), REAL, ids=[row[0] for row in REAL])
def test_real_note(source, text, expected):
    assert [(c.type, c.value) for c in find_citations(text)] == expected


def test_the_real_table_is_large_enough():
    assert len(REAL) >= 60


# The seed letter (un-letter-2025-04-01.md), notes 1 and 4-7, verbatim.
SEED = [
    ("1", "United Nations, biweekly press briefing, statement by Kavita Belani, representative of the Office of the "
          "United Nations High Commissioner for Refugees in Armenia, 29 September 2023; see the letters dated "
          "5 December 2023 and 8 February 2024 from the Permanent Representative of Azerbaijan to the United Nations "
          "addressed to the Secretary-General (A/78/636-S/2023/960 and A/78/764), with footnotes 10 and 4, "
          "respectively, which quoted the briefing from the source that was available at that time "
          "(<https://media.un.org/en/asset/k1g/k1gvc8zwrdr>)."),
    ("4", "See, for example, Security Council resolution 853 (1993) adopted on 29 July 1993, para. 3; report by the "
          "Chairman of the Conference on Security and Co-operation in Europe (CSCE) Council on her visit to the "
          "Transcaucasian participating States, CSCE Communication No. 301, Prague, 19 November 1993, p. 8; General "
          "Assembly resolution 48/114, adopted on 20 December 1993; report of the Representative of the "
          "Secretary-General, Francis M. Deng, submitted pursuant to Commission on Human Rights resolution 1998/50, "
          "\"Profiles in displacement: Azerbaijan\" (E/CN.4/1999/79/Add.1), 25 January 1999; United Nations High "
          "Commissioner for Refugees, \"International protection considerations regarding Armenian asylum-seekers "
          "and refugees\", September 2003, paras. 116–117; report of the Representative of the Secretary-General on "
          "the human rights of internally displaced persons, Walter Kälin: mission to Azerbaijan (A/HRC/8/6/Add.2), "
          "15 April 2008."),
    ("5", "*Application of the International Convention on the Elimination of All Forms of Racial Discrimination "
          "(Armenia v. Azerbaijan)*. Provisional Measures, Order of the International Court of Justice of "
          "7 December 2021, para. 60."),
    ("6", "*Ibid.*, Provisional Measures, Order of the International Court of Justice of 17 November 2023."),
    ("7", "Opinions adopted by the Working Group on Arbitrary Detention at its 101st session, 11–15 November 2024: "
          "Opinion No. 46/2024 concerning Ruben Vardanyan (Azerbaijan), [A/HRC/WGAD/2024/46](#), "
          "paras. 86, 91, 107 and 117."),
]


def _values(citations, kind):
    return [c.value for c in citations if c.type == kind]


def test_seed_note_1_joint_symbol_and_media_url():
    cites = find_citations(SEED[0][1])
    assert _values(cites, "un-symbol") == ["A/78/636", "S/2023/960", "A/78/764"]
    assert _values(cites, "url") == ["https://media.un.org/en/asset/k1g/k1gvc8zwrdr"]
    assert cites[0].url == "https://undocs.org/en/A/78/636"


def test_seed_note_4_resolutions_in_words_and_symbols():
    symbols = _values(find_citations(SEED[1][1]), "un-symbol")
    for expected in ("S/RES/853(1993)", "A/RES/48/114", "E/CN.4/1999/79/Add.1", "A/HRC/8/6/Add.2"):
        assert expected in symbols
    assert symbols[:2] == ["S/RES/853(1993)", "A/RES/48/114"]
    sc = find_citations(SEED[1][1])[0]
    assert (sc.text, sc.url) == ("Security Council resolution 853 (1993)", "https://undocs.org/en/S/RES/853(1993)")


def test_seed_note_6_is_ibid_of_note_5():
    cites = resolve_notes(SEED)[3]
    assert cites[0] == Citation("back-reference", "Ibid.", "5", target="5")


def test_seed_note_7_symbol_and_empty_markdown_link_gives_no_url():
    cites = find_citations(SEED[4][1])
    assert [(c.type, c.value) for c in cites] == [("un-symbol", "A/HRC/WGAD/2024/46")]
    assert not _values(cites, "url")


# --- back-references across a document's notes -------------------------------------------------

VERBOSE_TRAD2 = [   # biblatex-verbose-trad2.pdf, notes 1-9 and 14-19
    ("1", "Aristotle. De Anima. Ed. by Robert Drew Hicks. Cambridge: Cambridge University Press, 1907."),
    ("2", "Averroes. The Epistle on the Possibility of Conjunction with the Active Intellect by Ibn Rushd with the "
          "Commentary of Moses Narboni. Ed. and trans. by Kalman P. Bland. Moreshet: Studies in Jewish History, "
          "Literature and Thought 7. New York: Jewish Theological Seminary of America, 1982."),
    ("3", "Aristotle, De Anima, op. cit., p. 26."),
    ("4", "Averroes, Possibility of Conjunction, op. cit., pp. 59–61."),
    ("5", "Aristotle. Physics. Trans. by P. H. Wicksteed and F. M. Cornford. New York: G. P. Putnam, 1929."),
    ("6", "Idem, De Anima, op. cit."),
    ("7", "Idem, Physics, op. cit., p. 55."),
    ("8", "Ibid., p. 25."),
    ("9", "Ibid., p. 25."),
    ("14", "Aristotle. The Rhetoric of Aristotle with a commentary by the late Edward Meredith Cope. Ed. and comm. "
           "by Edward Meredith Cope. 3 vols. Cambridge University Press, 1877."),
    ("15", "Averroes, Possibility of Conjunction, op. cit."),
    ("16", "Aristotle, Rhetoric, op. cit."),
    ("17", "Idem, De Anima, op. cit."),
    ("18", "Idem, Physics, op. cit."),
    ("19", "Ibid."),
]


def _targets(notes):
    return {label: [(c.text, c.target) for c in cites if c.type == "back-reference"]
            for (label, _), cites in zip(notes, resolve_notes(notes))}


def test_op_cit_idem_and_ibid_in_a_humanities_sample():
    targets = _targets(VERBOSE_TRAD2)
    assert targets["3"] == [("Aristotle, De Anima, op. cit., p. 26", "1")]
    assert targets["4"] == [("Averroes, Possibility of Conjunction, op. cit., pp. 59–61", "2")]
    assert targets["6"] == [("Idem, De Anima, op. cit.", "1")]        # Idem = Aristotle, of note 5
    assert targets["7"] == [("Idem, Physics, op. cit., p. 55", "5")]
    assert targets["8"] == [("Ibid., p. 25", "7")]
    assert targets["9"] == [("Ibid., p. 25", "7")]                     # a chain of Ibid. leans on note 7
    assert targets["15"] == [("Averroes, Possibility of Conjunction, op. cit.", "2")]
    assert targets["16"] == [("Aristotle, Rhetoric, op. cit.", "14")]
    assert targets["17"] == [("Idem, De Anima, op. cit.", "1")]
    assert targets["18"] == [("Idem, Physics, op. cit.", "5")]
    assert targets["19"] == [("Ibid.", "18")]


CMS_LEGAL = [   # cms-legal-sample.pdf
    ("10", "Walsh, 124 P.3d at 215."),
    ("11", "Id. at 212."),
    ("21", "Homeland Security Act of 2002: Hearings on H.R. 5005, Day 3, Before the Select Comm. on Homeland "
           "Security, 107th Cong. 203 (2002) [hereinafter Hearings on H.R. 5005] (statement of David Walker, "
           "Comptroller General of the United States)."),
    ("32", "S.C. Res. 7, The Spanish Question, ¶ 4(a) (June 26, 1946), http://www.un.org/documents/sc/res/1946/\n"
           "scres46.htm."),
    ("38", "Hearings on H.R. 5005, supra note 21."),
    ("49", "The Spanish Question, supra note 32, ¶ 4(a)."),
    ("50", "Treaty Banning Nuclear Weapon Tests in the Atmosphere, in Outer Space and Under Water, U.S.-U.K.- "
           "U.S.S.R., Aug. 5, 1963, 14 U.S.T. 1313, at 45 [hereinafter Treaty]."),
    ("51", "Treaty, supra note 50, at 46."),
]


def test_id_and_supra_note_in_a_legal_sample():
    targets = _targets(CMS_LEGAL)
    assert targets["11"] == [("Id. at 212", "10")]
    assert targets["38"] == [("supra note 21", "21")]
    assert targets["49"] == [("supra note 32, ¶ 4(a)", "32")]
    assert targets["51"] == [("supra note 50, at 46", "50")]


def test_wrapped_url_keeps_its_printed_text():
    cite = find_citations(CMS_LEGAL[3][1])[0]
    assert cite.text == "http://www.un.org/documents/sc/res/1946/\nscres46.htm"
    assert cite.url == "http://www.un.org/documents/sc/res/1946/scres46.htm"


def test_chain_of_ibid_leans_on_the_first_full_note():
    notes = [   # un_A_C.3_80_L.3.pdf notes 1-5, un_A_RES_80_242.pdf notes 12-15 (relabelled)
        ("1", "United Nations, Treaty Series, vols. 2225, 2237, 2241 and 2326, No. 39574."),
        ("2", "Ibid., vol. 976, No. 14152."), ("3", "Ibid., vol. 1019, No. 14956."),
        ("4", "Ibid., vol. 1582, No. 27627."), ("5", "Ibid., vol. 2349, No. 42146."),
        ("12", "A/80/7/Add.9."), ("13", "Ibid."), ("14", "Ibid."), ("15", "Ibid."),
    ]
    targets = _targets(notes)
    assert [targets[n][0][1] for n in ("2", "3", "4", "5")] == ["1"] * 4
    assert [targets[n][0][1] for n in ("13", "14", "15")] == ["12"] * 3


def test_first_note_ibid_and_missing_note_stay_unresolved():
    cites = resolve_notes([("1", "Ibid."), ("2", "See note 9 above.")])
    assert cites[0] == [Citation("back-reference", "Ibid.", "")]
    assert cites[1] == [Citation("back-reference", "See note 9 above", "9")]


@pytest.mark.parametrize(("text", "number"), [
    ("Smith (n 7) 45.", "7"), ("Smith, above n 7, 45.", "7"), ("See note 4 above.", "4"),
    ("Jones, supra n. 12, at 3.", "12"), ("Euripides, Orestes (see § 1, n. 6).", "6"), ("Cf. infra note 40.", "40"),
])
def test_note_number_back_references(text, number):
    cites = find_citations(text)
    assert [(c.type, c.value) for c in cites] == [("back-reference", number)]


def test_ibid_with_paragraph_pin_keeps_the_pin_in_its_text():
    assert find_citations("Ibid., para. 72.")[0].text == "Ibid., para. 72"


# --- UN symbols in all their forms ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "symbols"), [
    ("A/78/7/Add.25", ["A/78/7/Add.25"]),
    ("draft resolution A/C.3/80/L.17", ["A/C.3/80/L.17"]),
    ("S/PRST/2023/1 and S/PV.9049", ["S/PRST/2023/1", "S/PV.9049"]),
    ("A/80/L.23/Rev.1, A/79/100/Corr.1 and A/80/PV.49", ["A/80/L.23/Rev.1", "A/79/100/Corr.1", "A/80/PV.49"]),
    ("resolution 60/1 of 16 September 2005", ["A/RES/60/1"]),
    ("resolutions 47/62 and 51/241", ["A/RES/47/62", "A/RES/51/241"]),
    ("resolutions 3314 (XXIX) and 3499 (XXX)", ["A/RES/3314(XXIX)", "A/RES/3499(XXX)"]),
    ("see also 3499 (XXX)", ["A/RES/3499(XXX)"]),
    ("A/RES/ES-11/1", ["A/RES/ES-11/1"]),
    ("Security Council resolutions 1325 (2000), 1820 (2008) and 1888 (2009)",
     ["S/RES/1325(2000)", "S/RES/1820(2008)", "S/RES/1888(2009)"]),
    ("S/RES/2334 (2016)", ["S/RES/2334(2016)"]),
    ("Human Rights Council resolution 5/1", ["A/HRC/RES/5/1"]),
    ("Official Records of the General Assembly, Sixty-third Session, Supplement No. 47 (A/63/47)", ["A/63/47"]),
    ("Official Records of the General Assembly, Sixty-third Session, Supplement No. 47", ["A/63/47"]),
    ("A/79/843–S/2025/210", ["A/79/843", "S/2025/210"]),
    ("A/HRC/WGAD/2024/46", ["A/HRC/WGAD/2024/46"]),
    ("General Assembly resolution ES\u201110/23", ["A/RES/ES-10/23"]),
])
def test_un_symbol_forms(text, symbols):
    assert _values(find_citations(text), "un-symbol") == symbols


@pytest.mark.parametrize("text", [
    "Letter dated 1/4/2025 from the Permanent Representative",
    "a ratio of 3/4 and 2/3 of the members", "see pp. 12/13 and 45/46", "services 24/7",
    "decision 1/CP.21", "World Health Assembly resolution 67/1", "resolution 67.1",
    "Commission resolution 1998/50 without a body we know", "and/or S/he", "TD/B and A/B/C",
    "Resolution 2002/12 of unknown origin", "www", "http://", "doi:10.1/x",
])
def test_text_that_must_not_yield_a_symbol(text):
    assert _values(find_citations(text), "un-symbol") == []


def test_urls_dois_and_brackets():
    cites = find_citations("See <https://example.org/a-\nb/c>, www.un.org/en/. and doi:10.1000/182; "
                           "also https://doi.org/10.1016/S0140-6736(20)30183-5.")
    assert [(c.type, c.value, c.url) for c in cites] == [
        ("url", "https://example.org/a-b/c", "https://example.org/a-b/c"),
        ("url", "http://www.un.org/en/", "http://www.un.org/en/"),
        ("doi", "10.1000/182", "https://doi.org/10.1000/182"),
        ("doi", "10.1016/S0140-6736(20)30183-5", "https://doi.org/10.1016/S0140-6736(20)30183-5"),
    ]


def test_a_symbol_inside_a_url_belongs_to_the_url():
    assert [c.type for c in find_citations("https://undocs.org/en/A/78/636")] == ["url"]


# --- documents' own symbols and the local library ------------------------------------------------

@pytest.mark.parametrize(("first_page", "filename", "symbol"), [
    ("United Nations \nA/RES/78/229\n \n \nGeneral Assembly \nDistr.: General \n22 December 2023", "x.pdf",
     "A/RES/78/229"),
    ("United Nations \nA/C.3/80/L.3 \n \n \nGeneral Assembly \nDistr.: Limited", "", "A/C.3/80/L.3"),
    ("United Nations\nA/79/843–S/2025/210\nGeneral Assembly\nSecurity Council", "letter.pdf", "A/79/843"),
    ("", "A_RES_78_253.pdf", "A/RES/78/253"),
    ("", "un_A_C.3_80_L.3.pdf", "A/C.3/80/L.3"),
    ("Some article\nby someone", "notes-2024.pdf", None),
    ("", "", None),
])
def test_symbol_of_document(first_page, filename, symbol):
    assert symbol_of_document(first_page, filename) == symbol


def test_resolver_gives_the_local_file():
    resolver = DictResolver({"A/RES/48/114": "/lib/A_RES_48_114.pdf",
                             "S/RES/853 (1993)": LocalDocument("/lib/s853.pdf", page=2)})
    assert isinstance(resolver, Resolver)
    cites = resolve_notes([SEED[1]], resolver)[0]
    local = {c.value: (c.local, c.page) for c in cites if c.local}
    assert local == {"S/RES/853(1993)": ("/lib/s853.pdf", 2), "A/RES/48/114": ("/lib/A_RES_48_114.pdf", None)}
    assert resolver.resolve("a/res/48/114") == LocalDocument("/lib/A_RES_48_114.pdf")


@pytest.mark.parametrize("text, paragraph", [
    ("See A/78/636, para. 12.", 12),
    ("General Assembly resolution 78/5, paras. 3\u20135, and elsewhere.", 3),
    ("Security Council resolution 2334 (2016) paragraph 7", 7),
    ("A/78/636, annex, para. 3.", None),         # an annex numbers its own paragraphs
    ("A/78/636 and para. 3 of the draft.", None),
    ("See A/78/636.", None),
])
def test_a_paragraph_pin_after_a_symbol_is_its_paragraph(text, paragraph):
    symbol = next(c for c in find_citations(text) if c.type == "un-symbol")
    assert symbol.paragraph == paragraph
    assert symbol.to_json().get("paragraph") == paragraph
    if paragraph is not None:   # the pin is part of the printed text, as in "Ibid., para. 3"
        assert symbol.text.endswith(str(paragraph))


def test_two_pins_into_one_document_stay_two_citations():
    cites = find_citations("A/78/636, para. 3; A/78/636, para. 9.")
    assert [(c.value, c.paragraph) for c in cites] == [("A/78/636", 3), ("A/78/636", 9)]


def test_annotate_adds_citations_to_footnote_json():
    notes = [{"label": "5", "note_text": SEED[2][1]}, {"label": "6", "note_text": SEED[3][1]}]
    annotate(notes, DictResolver())
    assert notes[1]["citations"][0] == {"type": "back-reference", "text": "Ibid.", "value": "5", "target": "5"}
    assert all(set(c) <= {"type", "text", "value", "url", "target", "local", "page", "paragraph"}
               for n in notes for c in n["citations"])


def test_cli_prints_json(capsys):
    assert main(["citations", "See A/78/636-S/2023/960 and ibid."]) == 0
    out = capsys.readouterr().out

    assert json.loads(out) == [
        {"type": "un-symbol", "text": "A/78/636", "value": "A/78/636", "url": "https://undocs.org/en/A/78/636"},
        {"type": "un-symbol", "text": "S/2023/960", "value": "S/2023/960", "url": "https://undocs.org/en/S/2023/960"},
        {"type": "back-reference", "text": "ibid.", "value": ""},
    ]


def test_cli_reads_stdin(capsys, monkeypatch):
    import io
    monkeypatch.setattr(sys, "stdin", io.StringIO("Resolution 70/1."))
    assert main(["citations", "-"]) == 0
    assert '"A/RES/70/1"' in capsys.readouterr().out


def test_citations_import_without_qt():
    code = "import sys, reader.core.citations; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_annotate_uses_the_engines_urls_when_note_text_lost_the_line_break():
    # ibid footnotes joins a note's lines with spaces; the engine found the URL before that.
    note = {"label": "12", "note_text": "See https://www.who.int/news/item/17-01-2023-who-announces-plans-to-establish-"
                                        "a-tb-vaccine- accelerator-council.",
            "urls": ["https://www.who.int/news/item/17-01-2023-who-announces-plans-to-establish-a-tb-vaccine-"
                     "accelerator-council"]}
    (cite,) = annotate([note])[0]["citations"]
    assert cite["value"] == note["urls"][0]
    assert cite["text"].endswith("vaccine- accelerator-council")


@pytest.mark.parametrize(("text", "references"), [   # cms-legal-sample.pdf notes 3-7, the seed's note 5
    ("City of Las Vegas v. Walsh, 124 P.3d 203 (Nev. 2005), cert. denied, 547 U.S. 1071 (2006).",
     ["City of Las Vegas v. Walsh, 124 P.3d 203"]),
    ("Henningsen v. Bloomfield Motors, Inc., 32 N.J. 358, 161 A.2d 69 (1960).",
     ["Henningsen v. Bloomfield Motors, Inc., 32 N.J. 358"]),
    ("Robertson v. Thomson Corp., [2006] 2 S.C.R. 363 (Can.).", ["Robertson v. Thomson Corp., [2006] 2 S.C.R. 363"]),
    ("R v. Dudley and Stephens, (1884) 14 Q.B.D. 273 (D.C.).", ["R v. Dudley and Stephens, (1884) 14 Q.B.D. 273"]),
    ("Regal (Hastings) Ltd. v. Gulliver and Ors, [1967] 2 A.C. 134 (H.L.) (Eng.).",
     ["Regal (Hastings) Ltd. v. Gulliver and Ors, [1967] 2 A.C. 134"]),
    ("See Marbury v. Madison, 5 U.S. 137 (1803).", ["Marbury v. Madison, 5 U.S. 137"]),
    (SEED[2][1], ["International Convention on the Elimination of All Forms of Racial Discrimination",
                  "Armenia v. Azerbaijan", "Order of the International Court of Justice of 7 December 2021"]),
    ("the International Covenant on Civil and Political Rights and the Convention on the Rights of the Child.",
     ["International Covenant on Civil and Political Rights", "Convention on the Rights of the Child"]),
    ("Legality of the Threat or Use of Nuclear Weapons, Advisory Opinion, I.C.J. Reports 1996, p. 226.",
     ["I.C.J. Reports 1996, p. 226"]),
])
def test_references_to_cases_treaties_and_the_icj(text, references):
    assert _values(find_citations(text), "reference") == references


@pytest.mark.parametrize(("text", "symbols"), [
    ("Security Council document S/1117 of 1948", ["S/1117"]), ("CD/1299", ["CD/1299"]),
    ("S/12 and A/7", []), ("TD/B", []), ("TD/B/1", ["TD/B/1"]),
])
def test_early_one_number_symbols(text, symbols):
    assert _values(find_citations(text), "un-symbol") == symbols


def test_op_cit_leads_to_the_full_reference_not_to_a_short_form():
    """Issue 19, defect 13: "Smith, op. cit." took the nearest note naming Smith, which was a
    short form ("Smith, supra note 3"), not the note with the full reference."""
    notes = [
        ("1", "See generally UN Charter, art. 2(4)."),
        ("2", "Ibid., art. 51."),
        ("3", "Anne Smith, The Law of Treaties and the Use of Force (Oxford University Press, 2001), p. 45."),
        ("4", "Smith, supra note 3, p. 52."),
        ("5", "Smith, op. cit., p. 60."),
    ]
    assert _targets(notes)["5"] == [("Smith, op. cit., p. 60", "3")]
    assert _targets(notes)["4"] == [("supra note 3, p. 52", "3")]


def test_a_page_pin_is_kept_and_opens_the_local_copy_at_that_page():
    """Issue 19, defect 18: "A/RES/78/5, p. 2" opened the library's copy at page 1."""
    from reader.core.citations import DictResolver, resolve_notes
    notes = [("1", "A/RES/78/5, p. 2."), ("2", "Ibid., pp. 4-5."), ("3", "A/78/636, para. 12, p. 5; supra note 1, at 3.")]
    library = DictResolver({"A/RES/78/5": "/lib/78-5.pdf", "A/78/636": "/lib/636.pdf"})
    one, two, three = resolve_notes(notes, library)
    assert (one[0].text, one[0].pinned_page, one[0].page) == ("A/RES/78/5, p. 2", 2, 1)
    assert (two[0].type, two[0].target, two[0].pinned_page) == ("back-reference", "1", 4)
    assert [(c.value, c.paragraph, c.pinned_page) for c in three] == [("A/78/636", 12, 5), ("1", None, 3)]
    assert one[0].to_json()["pinned_page"] == 2 and one[0].to_json()["page"] == 2     # both 1-based
    assert type(one[0]).from_json(one[0].to_json()) == one[0]
    assert resolve_notes([("1", "A/RES/78/5, pages of text")])[0][0].pinned_page is None
