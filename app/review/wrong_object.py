"""A claim that acts on the wrong thing (session 28, docs/review-mapping.md "Session 28 (neg28)").

"Bias detection runs in Clarify — on the synthetic fixture the unit tests load", "We have a WAF, on the marketing
site", "The evaluation pipeline covers the churn model, one of our fourteen": the claim names the practice, and what
it acts on is not what the practice acts on. No negation word is used, so nothing else stops the claim from being
proposed implemented. Three readings of what the claim acts on:

- a **stand-in** for the real thing: synthetic, mock, dummy, fake or generated data, a fixture, a demo, tutorial,
  workshop or sample dataset (Iris, MNIST, ImageNet), a sandbox, a hackathon or proof of concept, the unit tests;
- **another system** than the ML workload: the company website or blog, the build agents or CI runners, the web
  tier, a bastion host, the office, laptops — in a clause that names nothing of the ML workload itself;
- a **scope narrowed** to a few of many: "one of our fourteen models", "two features out of three hundred", "the other
  eleven models …", "the smallest of our twelve pipelines".

Not when the answer says the practice also acts on the real thing ("on every production endpoint", "on the live
traffic", "all 31 buckets", "each of our nine projects"), or when the stand-in or other system is added to it ("also",
"too", "as well", "to start with"). `undo_wrong_objects` then makes the clause that names the wrong thing, and the
claim right before it (in its sentence or the one before), asked about: never "not implemented" from this rule alone,
as for `app.review.ended_later`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.review.cues import Clause, has_negation
from app.review.ended_later import claim_before, claims_firmly, unfirm_claims
from app.review.mapping import ClauseEvidence

_NUMBER = (
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen"
    r"|(?:twen|thir|for|fif|six|seven|eigh|nine)ty|hundreds?|thousands?|dozens?)"
    r"(?:[- ]\w+)?"
)
STAND_IN = re.compile(
    r"\b(?:synthetic|mock|mocked|dummy|fake|toy|fixtures?|demo|tutorial'?s?|workshop|getting-started|hello-world"
    r"|onboarding notebook|(?<=in the |on the |to the |or the )sandbox|hackathon|proof of concept|poc|playground|pilot"
    r"|iris|mnist|titanic|abalone|imagenet|cifar|pretraining (?:data|dataset|corpus)|pretrained on"
    r"|(?:unit|integration) tests?|generated (?:sample|test|data|records|rows)|test ones|(?:for|in) test(?:ing)?\b"
    r"(?!\s+set))",
    re.IGNORECASE,
)
OTHER_SYSTEM = re.compile(
    r"\b(?:website|web ?site|homepage|home page|blog|office (?:lights|printers?|network|wi-?fi)|vpn"
    r"|build (?:server|agents?|time|queue)|ci runners?|web (?:tier|servers?)|bastion|hr database|billing account"
    r"|customer portal|front-?end|static assets|redis|coffee|travel)\b",
    re.IGNORECASE,
)
# what names the ML workload itself: a clause naming another system beside it is about the workload too
_ML_THING = re.compile(
    r"\b(?:models?|endpoints?|training|trained|inference|notebooks?|features?|datasets?|predictions?|ml|sagemaker"
    r"|labell?ing|data scientists?|scoring|tuning)\b",
    re.IGNORECASE,
)
NARROWED = re.compile(
    rf"\b(?:one|two|three|a few|a couple|the (?:smallest|largest|first|biggest))\s+(?:\w+\s+)?(?:of|out of)\s+"
    rf"(?:(?:our|the|its|their)\s+)?{_NUMBER}\b"
    rf"|\bout of (?:(?:our|the)\s+)?{_NUMBER}\b"
    rf"|\b(?:the|all)\s+(?:other|remaining)\s+(?:{_NUMBER}\s+)?(?:[\w-]+\s+)?(?:models|teams|projects|regions|tables"
    r"|datasets|jobs|pipelines|endpoints|buckets|accounts|steps|features|data scientists|ones)\b"
    rf"|(?:^|[,;]\s*)other {_NUMBER}\s+\w+",
    re.IGNORECASE,
)
# the practice acts on the real thing too: "on every production endpoint", "all 31 buckets", "the live traffic"
_REAL = re.compile(
    rf"\b(?:production|prod|live|real|our own)\b(?!\s+(?:in|at)\b|-time)"
    rf"|\b(?:every|each|all)\s+(?:(?:of\s+)?(?:our|the)\s+)?(?:{_NUMBER}\s+)?(?:[\w-]+\s+)?"
    r"(?:models?|endpoints?|jobs?|projects?|releases?|datasets?|buckets?|regions?|pipelines?|teams?|steps?|features?"
    r"|accounts?|tables?|phases?|candidates?|runs?)\b",
    re.IGNORECASE,
)
# the wrong thing added to the real one: "and the frontend too", "also Graviton for the Jenkins agents"
_ADDED = re.compile(r"\b(?:also|too|as well|to start with|first|started (?:with|on))\b", re.IGNORECASE)


# the parts of a clause, each naming what it acts on: "Efficient silicon we use, the Graviton instances run our Jenkins
# build agents" (a claim, then what it acts on, after a comma or colon)
# a reason or a likeness is no object of the claim: "… a real-time endpoint because that's what the tutorial used"
_REASON = re.compile(r"\b(?:because|since|as in|like|so that)\b", re.IGNORECASE)
_PART = re.compile(r"\s*[,:;]\s+|\s+[\u2014\u2013-]\s+")


def wrong_object(text: str) -> str | None:
    """What a part of the clause says the claim acts on, when it is the wrong thing: "stand_in", "other_system",
    "narrowed", or None. Nothing for a clause with a negation word, nor for a part adding the wrong thing to the real
    one ("also Graviton for the Jenkins agents")."""
    if has_negation(text):
        return None
    for part in _PART.split(text):
        part = _REASON.split(part)[0]
        if _ADDED.search(part):
            continue
        if NARROWED.search(part):
            return "narrowed"
        if STAND_IN.search(part):
            return "stand_in"
        if OTHER_SYSTEM.search(part) and not _ML_THING.search(part):
            return "other_system"
    return None


def undo_wrong_objects(clauses: Sequence[Clause], evidence: dict[str, list[ClauseEvidence]]) -> None:
    """The clause naming the wrong thing, and the claim right before it (in its sentence or the one before, when it
    gives some practice firm "implemented" evidence), are asked about. Nothing when the answer says the practice acts
    on the real thing too (`_REAL`, in a clause of its own giving firm "implemented" evidence: "the big models in
    production serve the raw checkpoints" names the real thing only to say what is left out)."""
    wrong = [wrong_object(c.text) is not None for c in clauses]
    if any(_REAL.search(c.text) and not w and claims_firmly(evidence, c) for c, w in zip(clauses, wrong, strict=True)):
        return
    unfirm: set[int] = set()
    for i, clause in enumerate(clauses):
        if not wrong[i]:
            continue
        unfirm.add(clause.position)
        if not clause.contrast:
            # "…, though our catalog is just a wiki page": set against the claim, about something else
            unfirm.update(claim_before(clauses, i, evidence))
    unfirm_claims(evidence, unfirm)
