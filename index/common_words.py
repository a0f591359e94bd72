"""Words common enough in a UN, legal or scholarly library that phrases of them are slow.

A phrase query checks word positions on every page that holds all its words. For
"Member States" or "General Assembly" that is nearly every page of a UN library (at 5,000
pages, 110 ms for "Member States"). So the index also stores the *pairs* of neighbouring
words when both are in this list (Lucene's "common grams"), and a phrase made only of such
words is answered from the pairs. A phrase with any rarer word keeps the position check,
which is then fast because the rarer word bounds the pages to check.

Pairs of all neighbours made the index 1.9x larger and its writing 3x slower (every rare
pair is a term of its own); pairs of common words only cost a fraction of that.

The list: English function words, and the vocabulary of UN documents, resolutions and
legal writing (the words found on most pages of such documents). It is stemmed with the
index's analyzer, so one entry covers a word's forms. Changing it changes what the index
holds: bump ``schema.SCHEMA_VERSION`` with it.
"""
from __future__ import annotations

FUNCTION_WORDS = """
a about above across after against all along also although among an and another any are
around as at be because been before being below between both but by can could did do does
done during each either et even every few for from further had has have having he her here
his how however i if in into is it its itself least less many may me might more most much
must my neither no nor not of off on once one only or other others our out over own per
same she should since so some such than that the their them then there these they this
those though through thus to too two under unless until up upon us very via was we were
what whatever when where whether which while who whom whose why will with within without
would yet you your
"""

UN_AND_LEGAL_WORDS = """
act action actions adopted adoption agenda agreement annex article articles assembly
calls committee conference convention cooperation council countries country court decides
decision declaration development economic general government governments human including
information international item law laws legal member members nations national note notes
organization organizations paragraph paragraphs party parties peace programme protection
protocol recalling regional report reports republic resolution resolutions right rights
rule rules secretariat secretary security series session sessions social state states
support treaty united work year years
"""

COMMON_WORDS = frozenset((FUNCTION_WORDS + UN_AND_LEGAL_WORDS).split())
