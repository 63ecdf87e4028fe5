"""A claim undone by a later change of state (session 27, docs/review-mapping.md "Session 27 (det27)").

"Spot training was set up for every job. Cancelled after the first interruption.", "We had alerts on the feature
store. The alert rules got deleted in the account move.", "the scanner ran in CI, its licence expired in June": the
claim says the practice was done, and what follows says the thing it named has since been switched off, removed, has
lapsed or has been failing since. No negation word is used, so nothing else stops the claim from being proposed.

`ends_later` finds such an ending as an event of the past: a passive or perfect ("was disabled", "got uninstalled",
"has been failing since …"), a fragment opening on the ending ("Disabled after …", "Unplugged in the migration"), a
pronoun switched off ("turned it off"), or something that lapsed, expired or ran out. Not when what ended is an old,
manual, legacy or risky thing (the practice replaced it: "the old console access was removed", "public access was
disabled"), sensitive data (removing it is a practice), a routine ("deleted after a year", "stopped every evening"),
negated ("was never disabled"), or when the answer says it came back ("paused for a demo and resumed the next morning",
"muted for the freeze, unmuted January 2", "failed for two days, fixed since").

`undo_ended_claims` makes the claim that came right before such an ending asked about (its "implemented" evidence is
no longer firm), as the reader-based rules of session 25 do: never "not implemented" from this rule alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from app.review.cues import Clause, content_terms, has_negation
from app.review.mapping import ClauseEvidence
from app.review.models import BPStatus

_ENDED = (
    r"switched off|turned off|shut (?:down|off)|disabled|deactivated|suspended|paused|muted|silenced|detached"
    r"|deregistered|unregistered|uninstalled|removed|deleted|purged|decommissioned|decomissioned|retired|torn down"
    r"|taken (?:out|down|offline)|ripped out|pulled (?:out|down)|killed|unplugged|cancell?ed|discontinued|dissolved"
    r"|dropped|abandoned|scrapped|shelved|stopped|revoked"
)
_PARTICLE_OFF = r"(?:switched|turned|shut|took|ripped|pulled|tore) (?:it|them|that|this|those|these) (?:off|down|out)"
_FAILING = r"failing|broken|erroring|crashing|down|red"
ENDING = re.compile(
    # a passive or perfect of the past: "was disabled", "got uninstalled", "has since been switched off"
    # ("it's dropped the moment the text comes back" is a present: only "'s been" is a perfect)
    rf"\b(?:(?:was|were|got|has|have|had)\s+(?:(?:since|then|later|also|just|quietly|all|both)\s+)*(?:been\s+)?"
    r"|'s\s+(?:since\s+)?been\s+)"
    rf"(?:(?:since|then|later|also|just|quietly)\s+)?(?:{_ENDED})\b"
    # a fragment opening on the ending: "Disabled after the alert storm", ", deregistered during the cost review"
    rf"|(?:^|[,;:\u2014\u2013-]\s*|\bthen\s+)(?:{_ENDED})\s+(?:after|during|in|when|at|since|because|for|with|last|by"
    r"|from|as|once)\b"
    # a terse fragment, a short subject and the ending: "Lifecycle script removed during the Studio upgrade"
    rf"|^\W*(?:(?:the|our|its|their|that|this)\s+)?(?:(?!(?:is|are|gets?)\b)[\w-]+\s+){{1,3}}(?:{_ENDED})\s+(?:after|during|in|when|at|since"
    r"|because|with|last)\b"
    # an active past with the particle after a pronoun: "the platform team later turned it off"
    rf"|\b{_PARTICLE_OFF}\b"
    # an active past with a pronoun as its object: "somebody paused them", "finance removed it at the re-org"
    r"|\b(?:paused|disabled|removed|deleted|suspended|muted|uninstalled|cancell?ed|detached|killed|unplugged)"
    r"\s+(?:it|them|those|these|that|this)\b"
    # back to another way: "rolled back to the in-house OCR scripts" (not "to the previous version": a rollback)
    r"|\b(?:rolled back|reverted|moved back|went back|switched back|split back|changed back)\s+(?:to|into)\b"
    r"(?!\s+(?:the |a |an )?(?:previous|prior|last|earlier|older|stable|good|known|old model|old version)\b)"
    # what lapsed, expired or ran out: "the looker licence expired in april", "the subscription lapsed in January"
    r"|\b(?:lapsed|expired|ran out)\b"
    # failing since: "has been failing since the upgrade", "erroring since the format change", "breaks on … since"
    rf"|\b(?:has|have|'s)\s+been\s+(?:{_FAILING})\b|\b(?:{_FAILING}|erroring|breaks|throws)\b[^.;]{{0,60}}\bsince\b"
    r"|\bthrows an? (?:exception|error)\b"
    # session 32: broke at a moment ("it broke after the pipeline refactor and noone fixed it")
    r"|\b(?:broke|stopped working)\s+(?:after|during|when|in|with|at|because|once)\b"
    # done by someone until they left: "Sam read fifty chats every Friday, until he moved to the data team in spring"
    r"|\buntil (?:he|she|they) (?:moved (?:to|on|away)|changed teams)\b"
    r"|\buntil (?:the [\w-]+|[\w-]+) (?:left|quit|retired|went on leave)\b",
    re.IGNORECASE,
)
# what ended was the old way, a risk or data the practice removes: the practice replaced or removed it
_NOT_THE_CLAIM = re.compile(
    r"\b(?:old|older|previous|legacy|former|manual|ad[- ]hoc|direct|in-house|temporary|interim|duplicate|unused"
    r"|outdated|stale|idle|unneeded|unnecessary|team-specific|public|internet|root|ssh|password|anonymous|guest"
    r"|unauthenticated|unencrypted|plain ?text|pii|personal|sensitive|names|e-?mails?|raw)\b",
    re.IGNORECASE,
)
# a routine after the ending: "deleted after a year", "stopped every evening", "paused when idle"
_ROUTINE = re.compile(
    r"\b(?:every|each|nightly|daily|weekly|automatically|overnight|at night|on weekends|at the end of the day"
    r"|when idle|when not in use|on a schedule"
    r"|older than)\b|\bafter (?:an?|\d+|one|two|three|a few)\s+\w*\s*(?:minutes?|hours?|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
# what might end, not what did: "if someone deleted it, we'd rebuild it", "in case the key is revoked"
_IF = re.compile(r"\b(?:if|in case|whether|unless|would|could|should|might)\b|'d\b", re.IGNORECASE)
# what ended came back: "resumed the next morning", "unmuted January 2", "fixed since", "kept it on"
RESTORED = re.compile(
    # (not what nobody did: "noone fixed it", session 32)
    r"(?<!\bnoone )(?<!\bnobody )(?<!\bno one )(?<!\bnever )(?<!\bnot )(?<!n't )"
    r"\b(?:re-?enabled|re-?activated|re-?installed|re-?created|re-?deployed|restored|resumed|unmuted|unpaused"
    r"|(?:has|have|'s|'ve) been (?:running|on|active|working|live)|(?:up|running|live) again"
    r"|renewed|extended|bought|upgraded|moved (?:on)?to (?:the|a) paid|signed (?:up|a|the)"
    r"|(?:was|were|got|been|since) fixed|fixed (?:since|it|them|that|now|the (?:issue|bug|problem))"
    r"|rebuilt|re-?instated|brought back|put (?:it |them )?back|(?:turned|switched) (?:it |them )?back on"
    r"|kept (?:it|them) (?:on|running)|on again|back on(?=\s*(?:[.,;]|$|again|since|with|and))"
    r"|(?:still|again) (?:runs?|running|active|on|works|working|in use|in place|blocks)|refused|turned down)\b",
    re.IGNORECASE,
)
# where a clause goes on after its claim: ", ", " and ", " so ", " then ", a dash
_GOES_ON = re.compile(r",\s+|\s+(?:and|so|then|but)\s+|\s+[\u2014\u2013-]\s+", re.IGNORECASE)
# a clause opening on when or why rather than on a claim
_WHEN = re.compile(
    r"^\W*(?:after|when|once|since|because|as|following|during|before|until|then|later|so)\b", re.IGNORECASE
)
CLAIM_WORDS = 2  # content words the claim before an ending inside its own clause needs


def _ending(text: str) -> re.Match[str] | None:
    """The ending of a thing's state in the clause, as an event of the past, or None."""
    if has_negation(text):
        return None
    m = ENDING.search(text)
    if m is None:
        return None
    # the subject of the ending is what the words up to it (in its own part of the clause) name
    subject = _GOES_ON.split(text[: m.end()])[-1]
    verb = re.search(_ENDED, m.group(), re.IGNORECASE)
    if _NOT_THE_CLAIM.search(subject) or _ROUTINE.search(text[m.start() + (verb.start() if verb else 0) :]):
        return None
    if _IF.search(text):
        return None
    return m


def ends_later(text: str) -> bool:
    """Does the clause say that something has since been switched off, removed, lapsed or been failing?"""
    return _ending(text) is not None


def ends_within(text: str) -> bool:
    """Does the clause end, after a claim of its own, on such an ending ("configured at launch, deregistered during the
    cost review")? The claim needs `CLAIM_WORDS` content words before the clause goes on."""
    m = _ending(text)
    if m is None:
        return False
    if _WHEN.match(text):
        return False  # "After finance changed the tool, the budgets were deleted": a time, not a claim, before it
    cuts = [g for g in _GOES_ON.finditer(text) if 0 < g.start() <= m.start()]
    return any(len(content_terms(text[: g.start()])) >= CLAIM_WORDS for g in cuts)


def _claimed(items: list[ClauseEvidence], clause: Clause) -> bool:
    return any(e.clause is clause and e.status is BPStatus.IMPLEMENTED and e.firm and not e.doubt for e in items)


def _against(items: list[ClauseEvidence]) -> bool:
    """A clause that may be about the practice already speaks against it: the claim is proposed partially implemented
    (`combine`), which this rule leaves as it is."""
    return any(e.doubt and e.status is BPStatus.NOT_IMPLEMENTED for e in items)


def undo_ended_claims(clauses: Sequence[Clause], evidence: dict[str, list[ClauseEvidence]]) -> None:
    """The claim right before an ending (the clause right before it, in its sentence or the one before, when it gives
    some practice firm "implemented" evidence; or the ending clause's own claim) is asked about: its "implemented"
    evidence, and the ending clause's, is no longer firm. Nothing when the answer says the thing came back, or for a
    practice something in the answer already speaks against."""
    unfirm: set[int] = set()  # positions of the clauses whose "implemented" evidence is no longer firm
    for i, clause in enumerate(clauses):
        if not ends_later(clause.text) or any(RESTORED.search(c.text) for c in clauses[i:]):
            continue
        unfirm.add(clause.position)
        if not ends_within(clause.text):
            # the clause right before, if it claims something ("…, but we stopped after the reorg" after a clause that
            # already takes the practice back undoes nothing said before that)
            unfirm.update(claim_before(clauses, i, evidence))
    unfirm_claims(evidence, unfirm)


def claim_before(clauses: Sequence[Clause], i: int, evidence: dict[str, list[ClauseEvidence]]) -> set[int]:
    """The position of the clause right before `clauses[i]`, in its sentence or the one before, when it gives some
    practice firm "implemented" evidence (the claim a later clause undoes); empty otherwise."""
    if i == 0:
        return set()
    before = clauses[i - 1]
    if before.sentence >= clauses[i].sentence - 1 and claims_firmly(evidence, before):
        return {before.position}
    return set()


def claims_firmly(evidence: dict[str, list[ClauseEvidence]], clause: Clause) -> bool:
    """Does the clause give some practice firm "implemented" evidence?"""
    return any(_claimed(items, clause) for items in evidence.values())


def unfirm_claims(evidence: dict[str, list[ClauseEvidence]], positions: set[int]) -> None:
    """The "implemented" evidence of the clauses at these positions is no longer firm (the practice is asked about),
    except for a practice something in the answer already speaks against (`_against`: left partially implemented).
    Shared by the rules that find a claim undone by what the answer says of it (`app.review.wrong_object`)."""
    if not positions:
        return
    for key, items in evidence.items():
        if _against(items):
            continue
        evidence[key] = [
            replace(e, firm=False) if e.clause.position in positions and e.status is BPStatus.IMPLEMENTED else e
            for e in items
        ]
