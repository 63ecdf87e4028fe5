"""Session 26 (ovr26b): a persona of another trade handed to the assistant. PURE (regular expressions). Written in
lower case and matched on the lower-cased question, like the other phrase families of app/retrieval/override.py,
which searches it (docs/scope-gate.md, "Session 26 (ovr26b)").

`FOREIGN_ROLE`: the assistant cast, in the second person or by an order, as a critic, reviewer or expert of something
that is not an ML workload: a food, film, book, car or music critic or reviewer, a lawyer, a tax adviser, an
accountant, a sommelier, a doctor, a realtor, a fitness coach … ("You are a food critic for a city newspaper",
"take on the role of a tax adviser", "pretend u r a restaurant inspector", "your new job is art critic", "As a book
reviewer, write …"). The frame must address the assistant: "you are (now)", "be", "act / respond / answer as",
"pretend", "imagine you are", "take on the role of", "your new job is", "I need you (to) be", or "as a …," followed
by an order. A reviewer or auditor of the lane ("act as a picky ML Lens reviewer", app/retrieval/persona.py), the
practitioner speaking as one ("as a reviewer of our models, what should I check"), a third person ("our legal
adviser wants to know …") and a role in the practitioner's own process ("if you act as the model owner") are not
such a persona.
"""

from __future__ import annotations

import re

# things a reviewer, critic, rater or inspector may judge that are no ML workload
_FOREIGN_SUBJECT = r"""(?:movie|film|cinema|book|novel|food|restaurant|car|motoring|music|album|concert|wine|beer|whisky
    |hotel|theat(?:re|er)|art|travel|fashion|tv|television|video\s+game|game|cookbook|hygiene|health|fitness|product
    |real[\s-]estate|property|mortgage)"""
# trades outside the lane, whatever the subject (a critic or a reviewer alone may be of the practitioner's design)
_TRADE = r"""(?:lawyer|attorney|solicitor|barrister|paralegal|accountant|bookkeeper|(?:tax|financial|investment
    |legal|immigration|mortgage)\s+(?:adviser|advisor|consultant|expert|planner|preparer)|sommelier|chef|baker
    |appraiser|doctor|physician|nurse|pharmacist|dentist|veterinarian|therapist|psychologist|psychiatrist|counsell?or
    |(?:fitness|life|dating|relationship|football|soccer)\s+coach|personal\s+trainer|astrologer|fortune[\s-]teller
    |tarot\s+reader|realtor|estate\s+agent|stockbroker|travel\s+agent|tour\s+guide|stylist|poet|comedian|novelist
    |screenwriter|songwriter|bartender|mechanic|plumber|electrician|priest|dietitian|nutritionist|notary)"""
_ROLE = rf"""(?:[\w'-]+\s+){{0,3}}?(?:{_FOREIGN_SUBJECT}\s+(?:reviewer|critic|rater|grader|inspector|judge|expert)
    |{_TRADE})s?\b"""
_A = r"(?:an?|my|the|your|ur)\s+"
_FRAME = rf"""(?:
    \byou(?:\s+are|'re|\s+r)(?:\s+now)?\s+{_A}
  | (?:^|[.!?:;,]\s*|\b(?:please|pls|now|just|you\s+(?:will|must|should))\s+)(?:be|become)(?:\s+now)?\s+{_A}
  | \b(?:act|play|respond|answer|reply|speak|talk|write)\s+(?:as|like)\s+{_A}
  | \bpretend\s+(?:to\s+be|you(?:'re|\s+are|\s+r)|u\s+r|ur|you\s+were)\s+{_A}
  | \bimagine\s+(?:that\s+)?(?:you(?:'re|\s+are|\s+were)|u\s+r)\s+{_A}
  | \b(?:take\s+on|assume|adopt|play)\s+the\s+(?:role|part|persona)\s+of\s+{_A}
  | \byour\s+(?:new\s+)?(?:job|role|persona|character|part)\s+is(?:\s+now)?\s+(?:to\s+be\s+)?(?:{_A})?
  | \bi\s+(?:need|want)\s+(?:you|u)\s+(?:to\s+)?be\s+{_A}
  | (?:^|[.!?:;]\s*)as\s+(?:an?|my)\s+(?={_ROLE}\s*,\s*(?:please\s+)?(?:write|give|tell|rate|review|grade|score|rank
        |judge|compare|recommend|list|pair|draft|explain|describe|assess|critique)\b)
)"""

FOREIGN_ROLE = re.compile(rf"{_FRAME}{_ROLE}", re.VERBOSE | re.MULTILINE)
