"""Reading an answer's wording: splitting it into clauses, and the cue words that say whether a clause reports doing
a practice, not doing it, doing part of it, nothing concrete, or that it does not apply. PURE: no I/O, stdlib only.

The patterns are plain English usage ("we don't", "not yet", "only for some", "I assume", "doesn't apply"), written
from the project's own development answers (tests/review/data), never from the eval set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from app.review.models import BPStatus


class Polarity(StrEnum):
    POSITIVE = "positive"  # describes doing it
    NEGATIVE = "negative"  # says it is not done / not yet / only planned
    PARTIAL = "partial"  # partly, only for some, started
    HEDGE = "hedge"  # no concrete content: "I assume", "someone else handles that"
    NOT_APPLICABLE = "not_applicable"  # "doesn't apply, we only call a managed API"


@dataclass(frozen=True)
class Clause:
    text: str  # exact user words (stripped)
    sentence: int  # index of the sentence it came from
    is_continuation: bool  # starts with a contrast word ("but not the transforms")
    position: int = 0  # order of appearance in the answer


# --- clause splitting -------------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+|;\s*|\s+[-–—]\s+|:\s+")
# Clause boundaries inside a sentence: contrast words, and ", and"/", so"/", while" between independent clauses.
_BOUNDARY = re.compile(
    r",?\s*\b(?:but|though|although|however|whereas|except(?: for)?|apart from)\b\s*,?\s*"
    r"|,\s*(?:and|so|while|plus)\b\s*",
    re.IGNORECASE,
)
_TRAILING_CONTRAST = re.compile(r",?\s*\b(?:though|however)\s*[.!]?\s*$", re.IGNORECASE)
_MIN_CLAUSE_CHARS = 3


def split_clauses(text: str) -> list[Clause]:
    """Sentences, then clauses at contrast words; keeps the user's exact words (minus edge punctuation).

    A very short sentence ("Only partly —", "Not really:") is a cue for what follows, so it joins the next one.
    """
    clauses: list[Clause] = []
    for n, sentence in enumerate(_sentences(text)):
        sentence = _TRAILING_CONTRAST.sub("", sentence)
        for k, piece in enumerate(_BOUNDARY.split(sentence)):
            cleaned = piece.strip(" ,.;:!?\"'()")
            if len(cleaned) >= _MIN_CLAUSE_CHARS:
                clauses.append(Clause(cleaned, n, k > 0, len(clauses)))
    return clauses


def _sentences(text: str) -> list[str]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    spans = [(a, b) for a, b in spans if text[a:b].strip()]
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for a, b in spans:
        a = pending if pending is not None else a
        pending = None
        if _is_lead_in(text[a:b]) and (a, b) != spans[-1]:
            pending = a
            continue
        merged.append((a, b))
    return [text[a:b].strip() for a, b in merged]


_FILLER = re.compile(r"^(?:yes|yeah|yep|no|nope|well|honestly|sort of|kind of|not really|somewhat)$", re.IGNORECASE)


def _is_lead_in(sentence: str) -> bool:
    """A short cue with no content of its own ("Only partly —", "Not really:", "Yes.")."""
    words = sentence.strip(" ,.;:!?-–—").split()
    if not words or len(words) > 3:
        return False
    short = " ".join(words)
    return bool(_FILLER.match(short) or _PARTIAL.search(short) or _HEDGE.search(short) or _NEGATIVE.search(short))


# --- cues ---------------------------------------------------------------------------------------------------------

_NOT_YET = re.compile(r"\bnot\s+yet\b", re.IGNORECASE)


def _cue(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


_INJECTION = _cue(
    r"\b(?:ignore|disregard|forget)\b.{0,40}\b(?:instructions?|prompts?|rules|above|previous)\b",
    r"\bmark (?:everything|all|every (?:practice|question|bp))\b",
    r"\b(?:system prompt|you are now|act as)\b",
)
_NOT_APPLICABLE = _cue(
    r"\b(?:not|isn't|is not|doesn't|does not|don't|do not)\s+(?:really\s+)?(?:apply|applicable|relevant)\b",
    r"\bnone of (?:this|that|these|it|them) (?:applies|apply|is relevant|are relevant|matters)\b",
    r"\bn/a\b",
    r"\birrelevant\b",
    r"\bno (?:custom|own|self[- ]trained|in-house) (?:models?|training)\b",
    r"\b(?:don't|do not|never|doesn't|does not)\s+(?:\w+\s+)?(?:train|fine[- ]tune|host|build)\b"
    r"[^.]*\b(?:own|models?)\b",
    r"\b(?:only|just) (?:call|calls|use|uses|consume|consumes|send|sends|hit|hits)\b[^.]*"
    r"\b(?:api|managed|service|bedrock|endpoint|foundation model|hosted model)\b",
    r"\bnothing to (?:train|host|deploy)\b",
    r"\bno (?:model (?:development|training|building)|training|custom models?)\b",
    r"\b(?:it's|it is|that's|that is|the model is) (?:a|an|just a|just an|only a) "
    r"(?:vendor|third[- ]party|managed|hosted|saas|external)\b[^.]*\b(?:api|service|model)\b",
    r"\b(?:since|because|as) we (?:only )?(?:use|call|consume)\b[^.]*\b(?:hosted|managed|third[- ]party|vendor|"
    r"pre-?trained|foundation)\b",
)
_HEDGE = _cue(
    r"\bi (?:assume|guess|suppose|believe|hope)\b",
    r"\bprobably\b",
    r"\bpresumably\b",
    r"\bnot (?:really )?sure\b",
    r"\b(?:don't|do not) (?:really )?know\b",
    r"\bno idea\b",
    r"\b(?:someone|somebody) else\b",
    r"\banother team\b",
    r"\bnot my (?:area|team|department)\b",
    r"\b(?:i'd|i would|we'd|we would) (?:have|need) to (?:check|ask)\b",
    r"\bshould be (?:fine|ok|okay|covered)\b",
    r"\b(?:it's|it is|that's|that is) (?:probably )?(?:fine|handled|covered|taken care of)\b",
    r"\b(?:follow|follows|following) (?:the )?(?:usual |standard |aws )?best practices\b",
    r"\bas far as i know\b|\bafaik\b",
    r"\b(?:handles?|takes? care of|deals? with|looks? after)\s+(?:that|this|it|all (?:of )?(?:that|this|it))\b",
    r"\byou(?:'d| would) have to ask\b|\bask (?:them|the \w+ team)\b",
    r"\b(?:handled|taken care of|dealt with) by (?:the|our|another|a|some) [\w\s-]{0,30}?"
    r"\b(?:team|folks|people|department|vendor|group)\b",
    r"\bwe try to\b|\bwe(?:'re| are) trying to\b",
)
_PARTIAL = _cue(
    r"\bpart(?:ly|ially)\b",
    r"\bin part\b",
    r"\bhalf(?:way)?\b",
    r"\bsome of\b",
    r"\bfor some\b",
    r"\bonly (?:for|on|in|at|some|a few|a couple|one of|part|certain|specific|a handful|a subset|a sample|when we)\b",
    r"\bonly (?:the|our) (?:main|biggest|largest|first|new|newest|latest|critical|most|top|flagship|core)\b",
    r"\b(?:for|in|on) most\b|\bmost of\b",
    r"\bnot (?:all|every|everywhere|always|consistently|fully|completely|for all)\b",
    r"\b(?:just|have|has|recently) started\b|\bstarting to\b|\bbeginning to\b|\bearly stages?\b",
    r"\bin progress\b|\bwork in progress\b|\bpiloting\b|\bpilot\b|\bproof of concept\b",
    r"\b(?:sometimes|occasionally|inconsistent(?:ly)?|ad[- ]hoc|patchy|hit and miss)\b",
    r"\bsome (?:teams|models|projects|datasets|pipelines|jobs|endpoints|workloads)\b",
    r"\bmostly\b|\bmainly\b",
)
_NEGATIVE = _cue(
    r"\b(?:don't|do not|doesn't|does not|didn't|did not|haven't|have not|hasn't|has not|isn't|is not|aren't|are not"
    r"|wasn't|weren't|won't|can't|cannot|couldn't)\b",
    r"\bnot yet\b",
    r"\bnever\b",
    r"\b(?:nobody|no one|noone|nothing|none)\b",
    r"\bno\s+(?!longer\b|more than\b|doubt\b)\w+",
    r"\bnot\b(?!\s+only\b)",
    r"\bwithout\b",
    r"\b(?:lack|lacks|lacking)\b",
    r"\bun(?:documented|encrypted|versioned|monitored|tested|tracked|governed|restricted|owned|checked|reviewed|managed)\b",
    r"\b(?:plan|planning|plans|want|wants|hope|intend|intending|would like|going) to\b",
    r"\bon (?:the|our) (?:road ?map|backlog|todo list)\b",
    r"\bsomeday\b|\beventually\b|\bnext (?:year|quarter|sprint)\b",
)


_GENERIC_NA = _cue(
    r"^\W*(?:not relevant|not applicable|n/?a|irrelevant|doesn't apply|does not apply)\b",
    r"\b(?:this|that|it|none of (?:this|that|it|these|them)|any of (?:this|that|it)|the (?:whole |entire )?question"
    r"|this question|these (?:practices|questions))\b[^.]{0,30}\b(?:apply|applies|applicable|relevant)\b",
    r"\b(?:n/?a|not relevant|not applicable) (?:for|to) us\b",
)
_SPECIFIC_NA = re.compile(
    r"\b(?!(?:this|that|it|which|question|these|them|really|all)\b)[a-z]+\s+(?:doesn't|does not|isn't|is not|is|are)\s+"
    r"(?:really\s+|also\s+)?(?:apply|applicable|relevant|n/a)",
    re.IGNORECASE,
)


def not_applicable_scope(clause: str) -> str:
    """ "generic" (the whole question: "none of this applies") or "specific" ("labelling doesn't apply") or ""."""
    if _SPECIFIC_NA.search(clause) and not _GENERIC_NA.search(clause):
        return "specific"
    return "generic" if _GENERIC_NA.search(clause) else ""


_AFFIRM = re.compile(r"^\W*(?:yes|yeah|yep|yup|we do|we have|correct|sure|definitely|absolutely|indeed)\b", re.I)
SHORT_REPLY_WORDS = 8


def short_reply_status(text: str) -> BPStatus | None:
    """A short reply to a follow-up ("Yes, we do", "Not yet", "Only partly") → a status for the practice it asked
    about; None if it is not such a reply."""
    if len(text.split()) > SHORT_REPLY_WORDS or is_injection(text):
        return None
    pol = polarity(text)
    if pol is Polarity.POSITIVE:
        return BPStatus.IMPLEMENTED if _AFFIRM.match(text) else None
    return {
        Polarity.NEGATIVE: BPStatus.NOT_IMPLEMENTED,
        Polarity.PARTIAL: BPStatus.PARTIALLY_IMPLEMENTED,
        Polarity.NOT_APPLICABLE: BPStatus.NOT_APPLICABLE,
    }.get(pol)


def is_injection(clause: str) -> bool:
    """Instructions aimed at the assistant are data, not answers: such clauses map to nothing."""
    return bool(_INJECTION.search(clause))


def polarity(clause: str) -> Polarity:
    """What the clause's own wording says about doing the practice (before comparing it with the practice)."""
    if _NOT_APPLICABLE.search(clause):
        return Polarity.NOT_APPLICABLE
    if _HEDGE.search(clause):  # "we mostly follow best practices, I guess" is a hedge, not a partial
        return Polarity.HEDGE
    if _PARTIAL.search(clause):
        return Polarity.PARTIAL
    if _NEGATIVE.search(clause):
        return Polarity.NEGATIVE
    return Polarity.POSITIVE


def is_negated(text: str) -> bool:
    """True if a statement (user clause or reference sentence) is phrased negatively."""
    return bool(_NEGATIVE.search(text)) and not _PARTIAL.search(text)
