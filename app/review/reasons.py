"""The reason given for a choice: whether it says the choice was weighed or made by default. PURE: no I/O, stdlib
and `app.review.cues` only.

"Batch was chosen because nobody needs the scores before morning" states a choice made for a reason; the negation
sits inside the reason and is about the world (a need, a signal, the traffic), not about the practice. "It runs in
us-east-1 because that was the default" states a choice made by default: not the practice of choosing, whatever
the clause's words say of the choice itself. Both are read from the clause's shape: a main part that states a choice,
a connective that gives its reason (because, since, as, given that, after …), and the reason.
"""

from __future__ import annotations

import re

from app.review.cues import has_negation, partial_wording_at, states_bad_practice

# A choice stated: a verb of choosing or deciding, or "on purpose" / "deliberate".
_CHOICE = re.compile(
    r"\b(?:cho(?:se|sen|ose|osing)|picked|pick|selected|select|opted|opt|went with|go with|decided|decide|settled on"
    r"|agreed|deliberate(?:ly)?|on purpose|by design|a conscious (?:choice|decision))\b",
    re.IGNORECASE,
)
# Where the reason starts: "because", "since", "as" after a comma, "given that", "after" a weighing ("after measuring
# it", "after a spike showed …"), and the content of a decision ("decided this didn't need ML").
_REASON = re.compile(
    r"\b(?:because|since|given that|seeing as|as (?=(?:nobody|no one|none|nothing|there|the|our|it|we|they)\b))"
    r"|,\s*as\b|\bafter\b|\b(?<=decided )(?:that )?",
    re.IGNORECASE,
)
# A choice made by default, habit or convenience rather than weighed: "because that was the default", "since that's
# where everything else is", "because that's what we had lying around", "because the tutorial used it".
_BY_DEFAULT = re.compile(
    r"\b(?:because|since|as)\b[^.;]{0,20}?\b(?:(?:it|that|this)(?:'s| is| was) (?:just |simply )?(?:the|our|a) default"
    r"|(?:the|our) default\b"
    r"|(?:that's|that is|it's|it is) where (?:everything|all|the rest|most) (?:else|of our|our)?"
    r"|everything else (?:is|was|lives|sits|runs)\b|all our other \w+ (?:is|are|was|were|lives?|sits?|runs?)\b"
    # "because the rest of our stack already lived there"
    r"|the rest of (?:our|the) (?!data\b|datasets?\b)\w+ (?:already |also )?"
    r"(?:is|are|was|were|lives?|lived|sits?|sat|runs?|ran)"
    r" (?:already )?(?:there|in (?:that|this|the same) region)\b"
    r"|(?:that's|that is|it's|it was|that was) (?:what|all) (?:we|the team|I) (?:had|have|knew|know|used|were given)"
    r"|(?:that's|that is|it's) how we(?:'ve| have)? always|we(?:'ve| have)? always (?:done|used|had)"
    r"|(?:the|a) (?:tutorial|template|quickstart|sample|example|blog post)\b"
    r"|(?:it|that) was (?:already )?(?:there|the easiest|the quickest|the first)\b)"
    r"|\bout of habit\b",
    re.IGNORECASE,
)


def _split(text: str) -> tuple[str, str] | None:
    """The main part and the reason, when the clause states a choice and gives its reason after it."""
    m = _CHOICE.search(text)
    if not m:
        return None
    reason = _REASON.search(text, m.start())
    if not reason:
        return None
    return text[: reason.start()], text[reason.start() :]


def negation_only_in_reason(text: str) -> bool:
    """Does the clause state a choice whose only negation is in its reason ("batch was chosen because nobody needs the
    scores before morning", "we picked the tablet after testing both, since the sites don't have coverage")? Then
    the negation is about the world the choice answers to, not about the practice."""
    parts = _split(text)
    if parts is None:
        return False
    main, reason = parts
    if made_by_default(text) or has_negation(main) or states_bad_practice(main):
        return False
    return has_negation(reason)


# A trial whose outcome was negative: "we did try a model first and it was no better than the rules", "we
# benchmarked Inferentia and it didn't beat the GPUs". The weighing is done; the negation is its result.
_TRIAL = re.compile(
    r"\b(?:tried|try|tested|trialled|trialed|piloted|benchmarked|compared|evaluated|measured|prototyped"
    r"|ran (?:a |an )?(?:spike|pilot|trial|test|poc|proof of concept|bake-off|experiment))\b",
    re.IGNORECASE,
)
_NEGATIVE_RESULT = re.compile(
    r"\b(?:(?:was|were|is|it's|they're|came out)\s+)?(?:no|not|(?:was|were|is|are)n't)\s*(?:any\s+)?"
    r"(?:better|faster|cheaper|more accurate|good enough|worth (?:it|the \w+))\b"
    r"|\b(?:didn't|did not|couldn't|could not|failed to)\s+(?:beat|outperform|improve on|pay off|help|match)\b",
    re.IGNORECASE,
)


def negation_only_in_a_trials_result(text: str) -> bool:
    """Does the clause report a trial whose only negation is its negative result ("we did try a model first and it
    was no better than the rules")? Then the weighing was done: the negation is what it found."""
    trial = _TRIAL.search(text)
    if not trial:
        return False
    result = _NEGATIVE_RESULT.search(text, trial.end())
    if not result:
        return False
    rest = text[: result.start()] + " " + text[result.end() :]
    return not has_negation(rest) and not states_bad_practice(rest) and not made_by_default(text)


# "Partly" said of the reason, not of the practice: "we picked eu-north-1 partly for its low-carbon grid".
_PARTLY_WHY = re.compile(
    r"\b(?:partly|partially|in part|mainly|mostly|largely)\s+(?:for|because|since|due to|given|out of)\b", re.IGNORECASE
)


# Where a reason starts inside a clause, after something said of the workload ("the account runs in Stockholm
# because …"); not "since" or "as" opening the clause (a time: "since March we tag most of it").
_BECAUSE = re.compile(r"(?<=\w)[\s,]+(?:because|since|given that|seeing as)\b", re.IGNORECASE)


def partly_only_in_reason(text: str) -> bool:
    """Does the clause state a choice made partly for a reason ("picked eu-north-1 partly for its low-carbon grid"),
    or give a reason whose own words are the only partial ones ("the account runs in Stockholm because the grid there
    is mostly hydro")? The choice or the state is said whole; "partly" or "mostly" weighs the reason or describes the
    world. "Only some models run on Graviton, partly because of the price" keeps its part: the "only some" comes
    before the reason."""
    if has_negation(text) or made_by_default(text):
        return False
    m = _CHOICE.search(text)
    if m and _PARTLY_WHY.search(text, m.end()):
        return True
    why = _BECAUSE.search(text)
    first = partial_wording_at(text)
    return why is not None and first is not None and first >= why.end() and len(text[: why.start()].split()) >= 3


def made_by_default(text: str) -> bool:
    """Is the reason given for a choice or a placement a default, a habit or convenience ("it runs in us-east-1 because
    that was the default", "the region is eu-central-1 because everything else is there")?"""
    return bool(_BY_DEFAULT.search(text))


# A risky way in or out said to be absent: "no internet egress", "without internet access", "no public IPs", "no root
# access", "nobody has admin". The absence is the protection itself. Not a control said to be absent ("no internet
# restrictions", "no egress controls"): what follows the risk must not be a control word.
_DENIED_RISK = re.compile(
    r"\b(?:no|without|zero)\s+(?:direct\s+|outbound\s+|inbound\s+|public\s+|open\s+)?"
    r"(?:internet|public|outbound|inbound|egress|root|admin|ssh|nat)"
    r"(?:\s+(?:access|egress|ingress|gateways?|ips?|ip addresses|endpoints?|connectivity|traffic|routes?|login|rights"
    r"|internet))*+\b(?!\s+(?:controls?|restrictions?|rules?|polic\w*|filter\w*|limits?|blocks?|checks?|monitoring)\b)"
    r"(?:\s+at all\b)?"
    r"|\b(?:nobody|no one|no human)\s+(?:has|gets|is given)\s+(?:admin|root)\b(?:\s+(?:access|rights))?",
    re.IGNORECASE,
)


def denies_only_risks(text: str) -> bool:
    """Is every negation in the clause the absence of a risky way in or out ("the dev account sits behind SCPs with no
    internet egress", "VPC-only mode with no internet access")? Then the clause states a protection, not a gap."""
    if not _DENIED_RISK.search(text):
        return False
    rest = _DENIED_RISK.sub(" ", text)
    return not has_negation(rest) and not states_bad_practice(rest)


# A list of topics whose sentence goes on to deny them all: "blue/green, canaries and the like are not a thing for
# us", "hyperparameter tuning, checkpoints and the like are not a thing for us since …", "X, Y etc. are moot". The
# clause splitter cuts the list off its predicate at "and the like"; the list alone reads as the practices named.
_SHARED_PREDICATE = re.compile(
    r"^\W*(?:(?:and|or)\s+(?:the like|so on|such(?: things)?|similar(?: things| stuff)?|all that|that kind of thing"
    r"|that sort of thing|the rest|whatnot|friends)\b|etc\b\.?)?\s*"
    r"(?:(?:simply|just|really|honestly|frankly|all|also)\s+)*"
    r"(?:(?:are|is|were|was)\s+(?:simply\s+|just\s+|really\s+|also\s+|all\s+|honestly\s+|frankly\s+)*"
    r"(?:not\s+(?:really\s+)?(?:a\s+thing|relevant|applicable|something|our\s+(?:concern|problem|business)|needed)"
    r"|moot|irrelevant|n/a|(?:a\s+)?non-?issues?)"
    r"|(?:aren't|isn't|weren't|wasn't)\s+(?:really\s+)?(?:a\s+thing|relevant|applicable|needed|our\s+(?:concern|problem))"
    r"|(?:don't|do not|doesn't|does not)\s+(?:really\s+)?(?:apply|matter|exist|come up)"
    r"|[-\u2013\u2014:]?\s*none of (?:it|that|this|them)\b)",
    re.IGNORECASE,
)
# A bare list of topics: no finite verb, no subject pronoun, no negation ("Blue/green, canaries, shadow tests").
_CLAUSE_WORD = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|can|could|will|would|should|may|might|must|we|i|they"
    r"|he|she|you|it|there)\b|n't\b|'re\b|'ve\b",
    re.IGNORECASE,
)


# "… are not a thing for us", "… simply aren't a thing here": said of practices next to a stated fact, the user's own
# word that they do not apply.
_NOT_A_THING = re.compile(
    r"\b(?:(?:is|are|was|were)\s+(?:(?:simply|just|really|honestly|frankly|also|all)\s+)*not|isn't|aren't|wasn't"
    r"|weren't)\s+(?:really\s+)?(?:a\s+thing|things)\s+(?:for us|here|for this (?:team|workload|product)"
    r"|in (?:this|our) (?:team|workload|setup|product))\b(?!\s+yet\b)",
    re.IGNORECASE,
)


def says_not_a_thing(text: str) -> bool:
    """Does the clause say what it names is "not a thing for us" (not "not a thing for us yet")?"""
    return bool(_NOT_A_THING.search(text))


def denied_with_what_follows(text: str, source: str) -> bool:
    """Is the clause a bare list of topics whose sentence goes on to say they are not a thing for us, moot or not
    relevant ("Blue/green, canaries, shadow tests" in "Blue/green, canaries, shadow tests and the like are not a
    thing for us")? Then the list names what is denied, not what is done."""
    if not text or not source or _CLAUSE_WORD.search(text) or has_negation(text):
        return False
    at = source.find(text)
    if at < 0:
        return False
    return bool(_SHARED_PREDICATE.match(source[at + len(text) :]))


__all__ = [
    "denied_with_what_follows",
    "denies_only_risks",
    "made_by_default",
    "negation_only_in_a_trials_result",
    "negation_only_in_reason",
    "partly_only_in_reason",
    "says_not_a_thing",
]
