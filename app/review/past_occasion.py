"""A claim that rests on one past occasion (session 29, docs/review-mapping.md "Session 29 (neg29)").

"Drift evaluated. Once, for the audit last March", "Bias detection we have done it, one time, when the regulator sent
the questionnaire", "Glue catalog built at launch in 2021; the lake schemas have changed four times since": the claim
names the practice, and what the answer says of it is a single event in the past, not something that goes on. No
negation word is used, so nothing else stops the claim from being proposed implemented. Two readings of the occasion:

- **one-off**: done once ("once", "one time", "a one-off review", "a single scan"), or for an occasion that happens
  once (an audit, a demo, a kickoff, a launch day, a load test before go-live, a paper, an outage);
- **stale**: done for a state of things that has since changed: a past anchor (a year, "three years ago", the first
  model, version one, launch) with a change said after it ("the schemas have changed since", "traffic is five times
  that now", "the team has turned over since", "we added sixty packages after that"), or an age in years ("three
  years and four retrains ago").

Not when the answer says the practice goes on ("every night", "each quarter", "ever since", "recomputed with every
training run", "kept current", "once a month"), nor in a clause with a negation word. `undo_past_occasions` then makes
the clause that names the occasion, and the claim right before it (in its sentence or the one before), asked about:
never "not implemented" from this rule alone, as for `app.review.ended_later` and `app.review.wrong_object`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.review.cues import Clause, has_negation
from app.review.ended_later import claim_before, unfirm_claims
from app.review.mapping import ClauseEvidence

_COUNT = r"(?:\d+|a couple of|a few|several|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty)"
# done once: "once" as a count (not "once a month", not "once the gains stop"), "one time", "one-off", "a single run"
ONCE = re.compile(
    r"(?<!at )(?<!-)(?<!\A)\bonce\b(?=\s*(?:$|[,.;:)\u2014\u2013-]|(?:for|in|on|during|at|when|back|last|this|that|to"
    r"|and|by|with|ever)\b))"
    r"|\A\s*once\b(?=\s*[,.;:])"
    r"|\bone[- ]time\b|\bone[- ]off\b|\bin one (?:big |single )?(?:sweep|pass|run)\b"
    r"|\bsingle (?:time|run|pass|scan|sweep|sprint|review|check|calculation|session|workshop|exercise|occasion"
    r"|afternoon|day|batch|clean-?up)\b",
    re.IGNORECASE,
)
# "features are computed once in the feature store": a habit in the present, not one occasion
_HABIT_ONCE = re.compile(r"\b(?:is|are)\s+(?:\w+\s+)?\w+ed\s+once\b", re.IGNORECASE)
# an occasion that happens once: "for the audit", "for the investor demo", "on launch day", "the week after go-live"
OCCASION = re.compile(
    r"\b(?:for|during|at|on|in|before)\s+(?:the |our |a |an |her |his |their |its )?(?:[\w-]+ ){0,3}?"
    r"(?:audit|demo|presentation|kick-?off|due dil+igence|questionnaire|pen ?test|outage"
    r"|budget (?:round|review)|launch day|go-live day)\b"
    r"|\bfor (?:the |a |an |her |his |their )?(?:[\w-]+ ){0,2}?(?:paper|thesis|board|steering committee)\b"
    r"(?! (?:is|are|has)\b)"
    r"|\bon (?:launch|go-live) day\b|\bthe (?:day|week|month) (?:after|of) (?:the )?(?:launch|go-live|kick-?off)\b"
    r"|\bback when\b|\bat the moment of the first\b|\bbefore the first (?:release|training run|retrain|launch)\b"
    r"|\bat the end of (?:the )?first (?:month|quarter|week)\b|\bfor the (?:afternoon|morning|day) of\b"
    r"|\bthe (?:day|week) (?:we|they|it was|it got) (?:set|built|launched|created|installed)\b",
    re.IGNORECASE,
)
# the practice goes on: a frequency, a repetition, "ever since", "kept current"
GOES_ON = re.compile(
    r"\b(?:every|each|ever since|nightly|daily|weekly|monthly|quarterly|yearly|annually|hourly|regularly"
    r"|continuously|continually|again|repeats?|repeated|periodically|on schedule|scheduled|automatically"
    r"|kept (?:current|up to date)|stayed in|once (?:a|an|per|every)|recomputes?|recomputed|revisit(?:s|ed)?"
    r"|refresh(?:es|ed)?|re-?runs?|reruns|updated|up to date|from then on"
    r"|since (?:launch|go-live|then),? (?:[\w-]+ ){0,3}(?:runs|deletes|checks|computes|moves|archives|scans|records"
    r"|produces|sends|goes|gets|starts|stops|covers|writes|logs|reports|alerts|keeps))\b",
    re.IGNORECASE,
)
# a choice made once stands: "We ran the cloud versus edge evaluation once, during design, and chose endpoints",
# "We use XGBoost because it's cheap, we compared it to a deep net once" (a choice, with its reason)
_CHOICE = re.compile(
    r"\b(?:chose|chosen|picked|selected|decided|went with|won)\b"
    r"|\b(?:use|went for|settled on) [\w\s-]{1,30}? because\b",
    re.IGNORECASE,
)
# a past anchor: a year, the first model, version one, launch
_ANCHOR = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:first|original|initial|very first|earliest|old)\s+(?:[\w-]+\s+)?(?:model|version|use case"
    r"|project|release|team|setup|schema|architecture)s?\b|\bversion (?:one|1)\b|\bv[12]\b|\bat launch\b"
    r"|\blaunch traffic\b|\bat (?:the )?kick-?off\b|\bdates? (?:from|back to)\b|\bfrom before\b"
    r"|\b(?:original|initial|very first|earliest)\s+[\w-]+\b",
    re.IGNORECASE,
)
# a change said after the anchor: "changed since", "after that", "now", "today", "turned over", "five times that"
_CHANGED = re.compile(
    r"\bsince(?: then)?\s*[.,;]?$|\bsince then\b|\bafter (?:that|it|which)\b|\b(?:now|today|these days)\b"
    r"|\bchanged\b|\bturned over\b|\bpivoted\b|\bdrifted\b|\b(?:grown|grew|tripled|doubled)\b"
    r"|\btimes (?:that|bigger|more|as)\b"
    r"|\bwell past\b|\bwe (?:now|have moved|moved)\b|\b(?:we|they) had (?:back )?then\b|\bat the time\b",
    re.IGNORECASE,
)
# an age in years: "three years and four retrains ago", "two years ago"
_AGE = re.compile(
    rf"\b{_COUNT}\s+years?\b[\w\s,-]{{0,30}}?\bago\b"
    r"|\b(?:\d\d|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty)\s+months\b[\w\s,-]{0,30}?\bago\b"
    rf"|\b{_COUNT}\s+(?:[\w-]+\s+)?(?:retrains|releases|versions|changes|rewrites|reorgs|migrations)\s+ago\b",
    re.IGNORECASE,
)
# last touched at a past point: "crawler last ran in Jan 2023", "last opened the week it was set up"
_LAST_TOUCHED = re.compile(
    r"\blast (?:ran|run|opened|updated|touched|refreshed|reviewed|looked at)"
    r" (?:in|on|during|the week|the day|the month)\b"
    r"(?=.*(?:\b(?:19|20)\d\d\b|\b(?:set|built|created|installed) (?:it )?up\b|\bwas set up\b))",
    re.IGNORECASE,
)
_VERSION = re.compile(r"\b(?:v|version )(\d{1,2})\b", re.IGNORECASE)
# the version in use now: "we serve v5", "production runs version 4"
_IN_USE = re.compile(
    r"\b(?:serve|serves|serving|run|runs|running|use|uses|using|ship|ships|deploy|deploys|are on|is on|now on)\s+"
    r"(?:the\s+)?(?:v|version )(\d{1,2})\b",
    re.IGNORECASE,
)


def past_occasion(clauses: Sequence[Clause], i: int) -> str | None:
    """What the clause at `i` says of the claim's occasion, when it is one past event: "one_off", "stale" (a past
    anchor in the clause with a change said in it or in the clause after it, or an age in years), or None. Nothing for
    a clause with a negation word."""
    text = clauses[i].text
    if has_negation(text):
        return None
    if (ONCE.search(text) and not _HABIT_ONCE.search(text)) or OCCASION.search(text):
        return None if any(_CHOICE.search(c.text) for c in clauses) else "one_off"
    if _AGE.search(text) or _LAST_TOUCHED.search(text):
        return "stale"
    nearby = text + (" " + clauses[i + 1].text if i + 1 < len(clauses) else "")
    made_for, in_use = _VERSION.search(text), [int(v) for v in _IN_USE.findall(nearby)]
    if made_for is not None and in_use and max(in_use) > int(made_for.group(1)):
        return "stale"  # "the quantised build was made for v2 of the model and we serve v5"
    if _ANCHOR.search(text):
        after = [text[m.end() :] for m in _ANCHOR.finditer(text)][-1:]
        if i + 1 < len(clauses) and clauses[i + 1].sentence <= clauses[i].sentence + 1:
            after.append(clauses[i + 1].text)
        if any(_CHANGED.search(part) for part in after):
            return "stale"
    return None


def undo_past_occasions(clauses: Sequence[Clause], evidence: dict[str, list[ClauseEvidence]]) -> None:
    """The clause naming one past occasion, the clause after it that says what changed since, and the claim right
    before it (in its sentence or the one before, when it gives some practice firm "implemented" evidence) are asked
    about. Nothing when the answer says the practice goes on (`GOES_ON`, anywhere in the answer)."""
    if any(GOES_ON.search(c.text) for c in clauses):
        return
    unfirm: set[int] = set()
    for i, clause in enumerate(clauses):
        kind = past_occasion(clauses, i)
        if kind is None:
            continue
        unfirm.add(clause.position)
        if kind == "stale" and i + 1 < len(clauses):
            unfirm.add(clauses[i + 1].position)
        unfirm.update(claim_before(clauses, i, evidence))
    unfirm_claims(evidence, unfirm)
