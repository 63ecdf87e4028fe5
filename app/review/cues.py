"""Reading an answer's wording: splitting it into clauses, and the cue words that say whether a clause reports doing
a practice, not doing it, doing part of it, nothing concrete, or that it does not apply. PURE: no I/O, stdlib only.

The patterns are plain English usage ("we don't", "not yet", "only for some", "I assume", "doesn't apply"), written
from the project's own development answers (tests/review/data), never from the eval set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from app.review.facts import Fact, reason_for, stated_facts
from app.review.models import BPStatus, NAReason


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
    focus: str = ""  # one item of a list the clause's words apply to ("not A or B" → "B"); "" = the whole clause
    source: str = ""  # the whole sentence it came from (a quote for several clauses of one sentence)
    contrast: bool = False  # introduced by a contrast word ("…, but they email a list that was deleted")
    question: bool = False  # the user's words end in a question mark: a question put back, not a statement
    exception: bool = False  # introduced by "except" or "apart from": where the clause before does not hold
    # the sentence's first clause, after a dash, colon or semicolon rather than a full stop: a detail of what was just
    # said ("Licences are checked - by whoever adds the package")
    detail: bool = False
    # set against what came before it by a closing "though" in its sentence, at or before it ("Still paying to store
    # last year's checkpoints though, nobody's cleared them out" after a stated fact): see `_CLOSING_CONTRAST`
    set_against_before: bool = False
    # a condition ("When the source schema changes") cut off from its main clause by an inserted contrast word ("…,
    # though, we fix things by hand"): it says when, not what is done, so it is no firm evidence by itself
    condition_only: bool = False

    @property
    def topic(self) -> str:
        """What says which practice the clause is about: its list item, or the clause without the alternative not
        taken."""
        return self.focus or core_text(self.text)


# --- clause splitting -------------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+|;\s*|\s+[-–—]\s+|:\s+")
# Clause boundaries inside a sentence: contrast words, ", and"/", so"/", while" between independent clauses, a list
# item that carries its own reply ("Graviton yes, multi-model endpoints no"), a negated item after a positive one
# ("we do X and Y, not Z", "X and not Y"; but "…, not before" only stresses the condition), and "and" before a new
# subject with its own verb ("… scoped to their project and the buckets are encrypted").
_BOUNDARY = re.compile(
    r",?\s*(?<!\banything )(?<!\ball )\b(?:but|though|although|however|whereas|except(?: for)?|apart from)\b\s*,?\s*"
    r"|,\s*(?:and|so|while|plus)\b\s*|,\s*(?=nor\b)"
    r"|(?:(?<=\byes)|(?<=\bno)|(?<=\bdone)|(?<=\bnope))\s*,\s*"
    r"|(?:,\s*|,?\s+\band\s+)(?=not\b(?!\s+(?:before|earlier|sooner|until|only|yet|really|sure|at all|quite"
    r"|exactly|much|always|that|so|even|necessarily)\b))"
    r"|\s+and\s+(?=(?:the|our|all|every|each|we|they|nobody|no one|everyone)\b(?:\s+[\w-]+){0,4}?\s+"
    r"(?:is|are|was|were|has|have|had|gets?|got|goes|go|runs?|do|does|did|don't|doesn't|can|can't|cannot|never"
    r"|aren't|isn't|sits?|lives?)\b)",
    re.IGNORECASE,
)
_TRAILING_CONTRAST = re.compile(r",?\s*\b(?:though|however)\s*[.!]?\s*$", re.IGNORECASE)
_MIN_CLAUSE_CHARS = 3
_FRAGMENT_WORDS = 2  # "The endpoint though is public": a subject cut off by a contrast word joins what follows
# "The endpoint though is public", "We don't, however, track lineage": a contrast word set into the clause
_INSERTED_CONTRAST = re.compile(r"^\s+(?:though|however|but)\b\s*,?\s*$|^,\s*(?:though|however)\s*,\s*$", re.IGNORECASE)
# "Ownership is clear though: Marta owns the prompts", "The analysts do use QuickSight though, they like it": a
# "though" or "however" closing its clause (punctuation after it, none before) sets that clause against what came
# before it (often a stated fact), not what follows against it; what follows is no contrast.
_CLOSING_CONTRAST = re.compile(r"^\s+(?:though|however)\s*,?\s*$", re.IGNORECASE)
_PUNCTUATION_NEXT = re.compile(r"^\s*[,:;\u2013\u2014-]")
# What a subject cut off by a contrast word leaves: a predicate with no subject of its own ("The dev environment though
# is wide open", "The service role, though, can read every bucket").
_PREDICATE_START = re.compile(
    r"^\W*(?:is|are|was|were|has|have|had|can|can't|cannot|could|will|won't|would|does|doesn't|did|didn't|isn't"
    r"|aren't|wasn't|weren't|hasn't|haven't|sits?|lives?|lands?|gets?|goes|runs?|stays?|remains?|needs?|holds?)\b",
    re.IGNORECASE,
)
_TOPIC_MAX_CUT_WORDS = 6  # a longer piece with no auxiliary is likelier a clause whose verb needs none
_LABEL_WORDS = 3
_ASKS_WHICH = re.compile(r"^\W*(?:who|whom|whose|what|which|where|how|whether)\b", re.IGNORECASE)

# An elliptical negated list: "not outcome tracking or automatic retraining", "neither canaries nor shadow tests",
# "no budgets, tags or alerts". The negation covers every item; each item says which practice.
_DENIER = (  # "we don't", "the team never", "they lack": a subject denying what follows
    r"(?:we|they|i|the team|our team)\s+(?:don't|do not|didn't|did not|haven't|have not|never|lack|can't|cannot)\s"
)
_NEGATED_LIST = re.compile(
    rf"^(?:{_DENIER}+|nobody\s+|no one\s+)?(?:not|no|neither|never|without)?\s*(?P<items>.+)$", re.IGNORECASE
)
_LIST_LEAD = re.compile(rf"^(?:not|no|neither|never|without)\s|^{_DENIER}|^(?:nobody|no one)\s", re.IGNORECASE)
_LIST_SEPARATOR = re.compile(r"\s*(?:,\s*|\s(?:and|or|nor)\s+)(?:(?:and|or|nor)\s+)?(?:(?:not|no)\s+)?", re.I)
_MAX_ITEM_WORDS = 5
_NOT_AN_ITEM = re.compile(r"\b(?:we|they|i|it|you|he|she|someone|really|yet|sure|quite|much|idea|way)\b", re.I)


def split_clauses(text: str) -> list[Clause]:
    """Sentences, then clauses at contrast words; keeps the user's exact words (minus edge punctuation).

    A very short sentence ("Only partly —", "Not really:") is a cue for what follows, so it joins the next one. A
    negated elliptical list becomes one clause per item, each with the whole clause's words and the item as focus.
    """
    clauses: list[Clause] = []
    end = -1  # where the sentence before ended in the text
    for n, sentence in enumerate(_sentences(text)):
        start = text.find(sentence, max(end, 0))
        detail = end >= 0 and _follows_as_detail(text[end:start] if start >= end else ".")
        end = start + len(sentence) if start >= 0 else end
        sentence = _TRAILING_CONTRAST.sub("", sentence)
        source = sentence.strip(" ,.;:!?\"'()")
        pieces = _pieces(sentence)
        for k, (piece, separator, topic, against) in enumerate(pieces):
            cleaned = piece.strip(" ,.;:!?\"'()")
            if len(cleaned) < _MIN_CLAUSE_CHARS:
                continue
            contrast = bool(_CONTRAST.search(separator))
            exception = bool(_EXCEPTION.search(separator))
            asks = k == len(pieces) - 1 and piece.rstrip(" \"')").endswith("?")
            condition_only = (
                k + 1 < len(pieces)
                and bool(_CONDITION_OPEN.match(cleaned))
                and bool(_CONTRAST.search(pieces[k + 1][1]))
            )
            for item in _negated_items(cleaned) if not topic else [topic]:
                clauses.append(
                    Clause(
                        cleaned,
                        n,
                        k > 0,
                        len(clauses),
                        focus=item,
                        source=source,
                        contrast=contrast,
                        question=asks,
                        exception=exception,
                        detail=detail and k == 0,
                        set_against_before=against,
                        condition_only=condition_only,
                    )
                )
    return clauses


_DETAIL_MARK = re.compile(r"^[\s.!?]*(?:[-\u2013\u2014:;])")


def _follows_as_detail(between: str) -> bool:
    """Is the text between two sentences a dash, colon or semicolon (not a full stop or a new line)?"""
    return "\n" not in between and bool(_DETAIL_MARK.match(between))


_CONTRAST = re.compile(r"\b(?:but|though|although|however|whereas|except|apart from)\b", re.IGNORECASE)
_EXCEPTION = re.compile(r"\b(?:except|apart from)\b", re.IGNORECASE)
_CONDITION_OPEN = re.compile(r"^\W*(?:when|whenever|if|once|as soon as|each time|every time)\b", re.IGNORECASE)


def _pieces(sentence: str) -> list[tuple[str, str, str, bool]]:
    """The sentence split at clause boundaries, each piece with the separator before it ("" for the first) and its
    topic when a topic set before a closing "though" says what it is about ("" otherwise); a fragment of one or two
    words, or a topic cut off by a contrast word, joins the piece after it. The last item says whether a closing
    "though" at or before the piece sets it against what came before the sentence."""
    parts = re.split(f"({_BOUNDARY.pattern})", sentence, flags=re.IGNORECASE)
    texts, separators = parts[0::2], parts[1::2]
    pieces: list[tuple[str, str, str, bool]] = []
    against = False
    carry = ""
    topic = ""
    before = ""
    closed = False  # the piece before ended with a closing "though" (`_CLOSING_CONTRAST`): no contrast with this one
    for i, piece in enumerate(texts):
        if not carry:
            before = separators[i - 1] if i > 0 and not closed else ""
        piece = carry + piece
        carry = ""
        words = piece.strip(" ,.;:!?\"'()").split()
        cut = i < len(separators) and _INSERTED_CONTRAST.match(separators[i])
        fragment = 0 < len(words) <= _FRAGMENT_WORDS and not _REPLY.match(words[-1])
        if cut and fragment:
            carry = piece + separators[i]
            continue
        closing = i < len(separators) and _closes_its_clause(separators[i], texts[i + 1])
        if (cut or closing) and _cut_off_topic(piece, words, texts[i + 1], closing=bool(closing)):
            # "The dev environment though is wide open": a subject cut off by the contrast word joins its predicate;
            # "Where each file came from though, we have no record": a topic set before what is said of it, which
            # says what the whole is about
            carry = piece + separators[i]
            topic = " ".join(words) if closing and not _PREDICATE_START.match(texts[i + 1]) else ""
            against = against or bool(closing)
            continue
        against = against or bool(closing)
        pieces.append((piece, before, topic, against))
        topic = ""
        closed = bool(closing)
    if carry:
        pieces.append((carry, before, topic, against))
    return pieces


def _closes_its_clause(separator: str, after: str) -> bool:
    """Is the contrast word of `separator` closing the piece before it (`_CLOSING_CONTRAST`)? Also a "though" set
    between commas when what follows opens as that piece's result ("The bill lands on one shared card, though, so
    nobody can split it"): a result is no contrast with what it follows from."""
    if _INSERTED_CONTRAST.match(separator) and separator.lstrip().startswith(",") and _RESULT_NEXT.match(after):
        return True
    return bool(_CLOSING_CONTRAST.match(separator)) and (
        separator.rstrip().endswith(",") or bool(_PUNCTUATION_NEXT.match(after))
    )


_RESULT_NEXT = re.compile(r"^\s*(?:and\s+)?(?:so|hence|therefore|which means|meaning)\b", re.IGNORECASE)


def _cut_off_topic(piece: str, words: list[str], after: str, *, closing: bool) -> bool:
    """Is `piece`, before a contrast word set into the sentence, a topic what follows completes or replies to: a short
    noun phrase (no finite verb) followed by a predicate with no subject of its own, or, before a closing "though", by
    anything ("Who reads that table though, nobody has ever looked")?"""
    if not 0 < len(words) <= _TOPIC_MAX_CUT_WORDS or _REPLY.match(words[-1]):
        return False
    if closing and _ASKS_WHICH.match(piece):
        return True  # "Who reads that table though, …", "Which version is live though, …": an embedded question
    if not _is_topic(piece):
        return False
    # before a closing "though", only what reads as a topic: a short label ("Cost per project though - no idea"), not
    # "Notebooks stay up all weekend though, …"
    return bool(_PREDICATE_START.match(after)) or (closing and len(words) <= _LABEL_WORDS)


def _negated_items(clause: str) -> list[str]:
    """The items of an elliptical negated list ("not A or B" → A, B), or [""] when the clause is not one."""
    m = _NEGATED_LIST.match(clause)
    if not m or not _LIST_LEAD.match(clause):
        return [""]
    items = [i.strip(" ,") for i in _LIST_SEPARATOR.split(m.group("items")) if i.strip(" ,")]
    if len(items) < 2 or any(len(i.split()) > _MAX_ITEM_WORDS or _NOT_AN_ITEM.search(i) for i in items):
        return [""]
    return items


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
    for n, (a, b) in enumerate(spans):
        a = pending if pending is not None else a
        pending = None
        last = n == len(spans) - 1
        if merged and _is_reply(text[a:b]) and _asks(text, merged[-1]):
            merged[-1] = (merged[-1][0], b)  # "Do we check for tampering? No." / "Canary: no." is one statement
            continue
        if merged and _explains(text, merged[-1]):
            merged[-1] = (merged[-1][0], b)  # "Rolling back is a problem: the old artefact gets overwritten"
            continue
        if not last and (_is_lead_in(text[a:b]) or _asks(text, (a, b))):
            pending = a  # "Not really:" / "Endpoint utilisation?" / "Skills:" lead into what follows
            continue
        merged.append((a, b))
    return [text[a:b].strip() for a, b in merged]


_REPLY = re.compile(
    r"^\W*(?:no|nope|nah|not really|not yet|not at all|never|none|yes|yeah|yep|yup|partly|partially|sort of"
    r"|kind of|somewhat)\W*$",
    re.IGNORECASE,
)
_TOPIC_MAX_WORDS = 4
_DASH_LABEL_WORDS = 2  # a bare label before a dash later in the answer ("… Retention - we keep everything")
# not a label but the subject of what follows the aside ("Everything — preprocessing, three models — lives in …")
_PRONOUN_SUBJECT = re.compile(
    r"\b(?:every|any|no|some)(?:thing|one|body)\b|\b(?:all|both|each|none|nothing|it|this|that)\b", re.IGNORECASE
)


def _is_reply(sentence: str) -> bool:
    return bool(_REPLY.match(sentence))


def _asks(text: str, span: tuple[int, int]) -> bool:
    """A question ("Do we track lineage?") or a topic label ("Canary:", "Licence terms of the datasets we bought:")
    states nothing by itself."""
    a, b = span
    if text[a:b].rstrip().endswith("?"):
        return True
    if _LINE_HEADING.search(text[a:b]) and _LINE_BREAK.match(text, b) and _is_topic(text[a:b]):
        return True  # a noun phrase closing its line with a dash or an arrow: "Encryption at rest —⏎", "Drift ->⏎"
    if _denied_enumeration(text, span):
        return True
    colon = text[b : b + 1] == ":"
    # "Endpoint scaling and rolling back after a bad release: there is no endpoint of ours", "Labelling costs - nothing
    # to label": the answer opens by naming the question's topic, a heading for what follows
    heading = not text[:a].strip() and ":" not in text[a:b] and bool(_HEADING_MARK.match(text, b))
    # "Encryption at rest / in transit\nNo. Defaults everywhere": an opening line that is a bare noun phrase, replied
    # to on the next line, is a heading too (session 20, neg20)
    if not heading and not text[:a].strip() and _LINE_END.match(text, b) and _is_topic(text[a:b]):
        return not _SUBJECT.search(text[a:b]) and _replies_to_topic(text[b:])
    # "…, reviewed monthly. ROI of the models - no idea, never measured.": later in the answer a bare noun phrase before
    # a dash is a heading too when what follows the dash replies to it (a reply word, or a pronoun taking it up).
    dash = _DASH_MARK.match(text, b)
    if dash and not heading and text[:a].strip() and _is_topic(text[a:b]) and not _SUBJECT.search(text[a:b]):
        # a sentence of one or two bare words ("Retention - we keep every reading forever") says nothing by itself:
        # it names what the rest of the line is about, whatever that says
        label = len(_WORDS.findall(text[a:b])) <= _DASH_LABEL_WORDS and not _PRONOUN_SUBJECT.search(text[a:b])
        return label or _replies_to_topic(text[dash.end() :]) or _replies_after_detail(text[dash.end() :])
    if not colon and not heading:
        return False
    if colon and len(_WORDS.findall(text[a:b])) <= _TOPIC_MAX_WORDS:
        return True
    if not _is_topic(text[a:b]):
        return False
    return (heading and not _SUBJECT.search(text[a:b])) or (colon and _replies_to_topic(text[b + 1 :]))


# A finite clause rather than a noun phrase: an auxiliary, a copula, a modal or a negation anywhere, or a subject
# pronoun opening it ("We have one bucket per project:", "Whatever you want, you search the catalog:"). A pronoun
# inside a relative clause ("the datasets we bought") leaves a noun phrase.
_FINITE = re.compile(
    r"\b(?:is|are|was|were|am|be|been|has|have|had|do|does|did|can|could|will|would|shall|should|may|might|must"
    r"|not|no|never|nothing|nobody|none)\b|'s\b|'re\b|'ve\b|'ll\b|'d\b|n't\b"
    r"|(?:^|,|\b(?:but|and|so|then|yet|while|because|since|though))\s*(?:we|i|you|they|he|she|it|there|everyone"
    r"|someone)\b",
    re.IGNORECASE,
)
# A heading joins what follows without replying to it, so it must look like one: a bare noun phrase ("Labelling
# costs", "Endpoint scaling and rolling back"). A subject pronoun anywhere ("Before green-lighting it we put numbers on
# it:") or a determiner opening it ("Every endpoint scales on its own:", "The pipeline runs nightly -") makes it a
# clause whose verb needs no auxiliary.
_SUBJECT = re.compile(
    r"\b(?:we|i|you|they|he|she)\b|^\W*(?:the|a|an|every|each|all|our|my|their|its|this|that|these|those|some|most"
    r"|any|no|one|both)\b",
    re.IGNORECASE,
)
# What replies to a topic: a reply word first ("nope, two codebases", "never tried them") or a pronoun taking the
# topic up ("nobody has read them", "nobody has set that up"), in its first clause.
_TAKES_TOPIC_UP = re.compile(
    r"^\W*(?:(?:also|still|again|honestly|frankly|sadly|likewise)\W+)?"
    r"(?:no|nope|nah|not|never|none|nobody|no one|nothing|yes|yeah|yep|yup|partly|partially|sort of|kind of"
    r"|somewhat)\b|\b(?:them|it|that|those|these|they)\b",
    re.IGNORECASE,
)
# a colon or a dash in the line (not a list bullet), the dash also closing its line ("Encryption at rest —⏎none")
_HEADING_MARK = re.compile(r":|[ \t]+[-\u2013\u2014](?:[ \t]|\r?\n(?![ \t]*(?:[-*\u2022]|\d+[.)])[ \t]))")
# a heading closing its line with a dash or an arrow, what replies to it on the next line (session 20): "Input drift
# checks ->⏎not a thing here". Not a subject's clause ("We roll back by hand ->⏎…" has its own verb: `_is_topic`).
_LINE_HEADING = re.compile(r"^\W*\w[^\n]{0,60}?[ \t]*(?:[-\u2013\u2014]+>?|=>|\u2192)$")
_LINE_BREAK = re.compile(r"[ \t]*\r?\n(?![ \t]*(?:[-*\u2022]|\d+[.)])[ \t])")  # not a list's next item
_LINE_END = re.compile(r"[ \t]*\n")  # an opening line replied to on the next (session 20, neg20)
_DASH_MARK = re.compile(r"[ \t]+[-\u2013\u2014][ \t]+")
_TOPIC_REPLY_END = re.compile(r"[.!?;,]|\s[-\u2013\u2014]\s")


# An enumeration closed by "etc." or "and so on" (the sentence splitter ends a sentence there), whose predicate opens
# the next one: "APIs in front of the model, microservices etc. aren't relevant", "Instance types, feature baselines
# etc. - none of it". The list is the subject of what follows; after a fact ("We don't train anything, so poisoning,
# encrypted traffic etc. are moot") only the list after the last clause boundary is the subject.
_ENUMERATION_END = re.compile(r"(?:\betc|\band so on|\band the like|\band so forth)\W*$", re.IGNORECASE)
_LIST_START = re.compile(r".*(?:,\s*(?:so|and|but|then)\s|;|:)\s*", re.IGNORECASE)
_PREDICATE_FOLLOWS = re.compile(
    r"^\W*(?:(?:are|is|were)\s+(?:simply\s+|just\s+|really\s+|all\s+|also\s+)*(?:not\b|moot|irrelevant|n/a"
    r"|non-?issues?)|aren't|isn't|weren't|(?:don't|do not|doesn't|does not)\s+(?:really\s+)?(?:apply|matter|exist"
    r"|come up)|none of (?:it|that|this|them)\b)",
    re.IGNORECASE,
)


def _denied_enumeration(text: str, span: tuple[int, int]) -> bool:
    """Is the sentence at `span` a list of topics closed by "etc." whose predicate, denying them, opens the next?"""
    a, b = span
    sentence = text[a:b]
    if not _ENUMERATION_END.search(sentence) or not _PREDICATE_FOLLOWS.match(text[b:]):
        return False
    listed = _LIST_START.sub("", sentence, count=1)
    return _is_topic(listed)


def _is_topic(words: str) -> bool:
    """A noun phrase (no finite verb), of any length: "Cheaper hardware options such as Inferentia or Graviton"."""
    return not _FINITE.search(words)


def _replies_to_topic(after: str) -> bool:
    """Does what follows a topic's colon reply to it, in its first clause?"""
    first = _TOPIC_REPLY_END.split(after.strip(), maxsplit=1)[0]
    return bool(_TAKES_TOPIC_UP.search(first)) or bool(_REPLY.match(first))


# A reply put off by a detail (session 20, neg20): "distributed training - the big model trains for days on one GPU,
# never tried splitting it": a later clause of the sentence opens with a negation and takes the topic up ("it",
# "them").
_LATER_REPLY = re.compile(
    r"^\W*(?:(?:we|they|i|the team|anyone)\s+)?(?:never|nobody|no one|not|none|nothing|haven't|hasn't|hadn't"
    r"|didn't|don't|doesn't|have not|has not|did not|do not|does not)\b"
    # not a denied lapse, which says yes ("we never skip it", "nobody forgets them")
    r"(?![^.!?;\n]*\b(?:skip|miss|forget|fail|lose|lost|question|doubt|break|broke|ignore|bypass|overwrite|delete)\w*)"
    r"[^.!?;\n]*\b(?:it|them)\b",
    re.IGNORECASE,
)


def _replies_after_detail(after: str) -> bool:
    """Does a later clause of the sentence after a topic's dash deny it, taking it up by a pronoun?"""
    sentence = re.split(r"[.!?;\n]", after.strip(), maxsplit=1)[0]
    pieces = sentence.split(",")
    return len(pieces) > 1 and bool(_LATER_REPLY.match(pieces[-1]))


_WORDS = re.compile(r"\w[\w'./-]*")  # words, not list bullets ("- human review of predictions:" has four)


def _explains(text: str, span: tuple[int, int]) -> bool:
    """Does the sentence at `span` speak against something and end in a colon, so that what follows is its evidence
    ("Rolling back is a problem: the previous artefact gets overwritten on each deploy")?"""
    a, b = span
    return text[b : b + 1] == ":" and polarity(text[a:b]) is Polarity.NEGATIVE


_FILLER = re.compile(r"^(?:yes|yeah|yep|no|nope|well|honestly|sort of|kind of|not really|somewhat)$", re.IGNORECASE)


_SUBJECT_WORDS = frozenset({"we", "they", "i", "nobody", "nothing"})


def _states_on_its_own(sentence: str, words: list[str]) -> bool:
    """A short sentence closed by a full stop, with a subject and a verb of its own ("We don't train.", "We build
    nothing."), is a statement, not a cue leading into the next one ("We don't." / "Nobody does." still are)."""
    return (
        sentence.rstrip().endswith((".", "!"))
        and words[0].lower() in _SUBJECT_WORDS
        and any(
            w not in _STOP and not _NEGATOR.fullmatch(w)
            for w in (w.lower().replace("'", "").replace("’", "") for w in words[1:])
        )
    )


def _is_lead_in(sentence: str) -> bool:
    """A short cue with no content of its own ("Only partly —", "Not really:", "Yes.")."""
    words = sentence.strip(" ,.;:!?-–—").split()
    if not words or len(words) > 3 or _states_on_its_own(sentence, words):
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
# The user saying a practice or the question does not apply. Facts about the workload that make practices moot ("we
# only call a managed API", "the model never leaves the device") are read by app.review.facts.
_NOT_APPLICABLE = _cue(
    r"\b(?:not|isn't|is not|doesn't|does not|don't|do not)\s+(?:really\s+)?(?:apply|applicable|relevant)\b",
    r"\bnone of (?:this|that|these|it|them) (?:applies|apply|is relevant|are relevant|matters)\b",
    # "none of the training-cost side is relevant": a whole area of the question
    r"\bnone of the [\w -]{0,30}?\b(?:side|part|stuff|area|topic|questions?|practices?) (?:applies|apply|is relevant"
    r"|are relevant|matters)\b",
    r"\bn/a\b",
    r"\birrelevant\b",
    r"\b(?:isn't|is not|not) (?:our|my) (?:concern|problem)\b",
    r"\bmoot\b|\bnon-?issue\b|\b(?:doesn't|does not|don't|do not)\s+(?:really\s+)?(?:fit|make sense)\b",
)

# Why a practice does not apply, in the WA Tool's terms: where the model runs or comes from is an architecture
# constraint; a decision about what is worth doing is a business priority; anything else is out of scope.
_NA_ARCHITECTURE = _cue(
    r"\b(?:api|managed|vendor|provider|hosted|saas|bedrock|openai|rekognition|comprehend|textract|translate|"
    r"transcribe|polly|kendra|pre-?trained|foundation model|device|phone|camera|app|browser|endpoint|batch|train\w*|"
    r"hosting|host|fine[- ]tun\w*|distributed|on[- ]prem\w*)\b",
)
_NA_BUSINESS = _cue(r"\b(?:prototype|one-off|proof of concept|poc|not (?:a|worth)|priorit\w*|budget|decided)\b")


def not_applicable_reason(clause: str) -> NAReason:
    facts = stated_facts(clause)
    if facts:
        return reason_for(facts) or NAReason.OUT_OF_SCOPE
    if _NA_BUSINESS.search(clause):
        return NAReason.BUSINESS_PRIORITIES
    if _NA_ARCHITECTURE.search(clause):
        return NAReason.ARCHITECTURE_CONSTRAINTS
    return NAReason.OUT_OF_SCOPE


_HEDGE = _cue(
    r"\bi (?:assume|guess|suppose|believe|hope)\b",
    r"\bprobably\b",
    r"\bpresumably\b",
    r"\bnot (?:really )?sure\b",
    # "I don't know", "we don't know if …" hedge; "we don't know where the data came from" says what is missing
    r"(?<!\bwe )\b(?:don't|do not) (?:really )?know\b|\b(?:don't|do not) (?:really )?know (?:if|whether)\b",
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
    # not a measure of time ("a half-second answer", "half an hour after", "half-hourly", "within half a day", "half
    # their week")
    r"(?<!\bby )(?<!\bin )"  # nor a change by a factor: "the bill dropped by half", "cut in half" (session 27)
    r"\bhalf(?:way)?\b(?![- ](?:an? |their |his |her |my |our )?(?:seconds?|minutes?|hours?|hourly|days?|daily"
    r"|weeks?|weekly|months?|monthly|years?|yearly|past|time)\b)"
    # nor a share of the people who reach something ("half the company can read it": a bad state, see "exposed")
    r"(?!(?: of)? the (?:[\w-]+ )?(?:company|org\w*|business|staff|employees)\b)"
    # nor a measure of a result (session 27): "a student half as big", "half the latency", "half the GPU hours", "about
    # half the price" — how much smaller or cheaper something is, not how much of the practice is done
    r"(?! as\b)(?!(?: of)? (?:the|its|their|our) (?:[\w-]+ )?(?:size|memory|latency|price|cost|costs|energy|power"
    r"|bill|spend|footprint|runtime|carbon|emissions|hours|watts|compute)\b)",
    r"\bsome of\b",
    r"\bfor some\b",
    # "only for some models" is part of the estate; "a role only for his own project" is how least privilege reads
    r"\bonly (?:for|on|in|at)\b(?!\s+(?:(?:his|her|their|its|our|your)(?:\s+own)?|the (?:own|one)) )"
    r"(?!\s+(?:my|our|your|their) (?:dreams|imagination|head|heads)\b)",
    r"\bonly (?:some|a few|a couple|one of|part|certain|specific|a handful|a subset|a sample|when we)\b",
    r"\bonly (?:the|our) (?:main|biggest|largest|first|new|newest|latest|critical|most|top|flagship|core)\b",
    r"\b(?:for|in|on) most\b|\bmost of\b",
    r"\bnot (?:all|every|everywhere|always|consistently|fully|completely|for all)\b",
    r"\b(?:just|have|has|recently) started\b|\bstarted to\b|\bstarting to\b|\bbeginning to\b|\bearly stages?\b",
    r"\bin progress\b|\bwork in progress\b|\bpiloting\b|\bpilot\b|\bproof of concept\b",
    # (not "for ad-hoc digging the analysts use Canvas": what the work is for, not how often it is done)
    r"\b(?:sometimes|occasionally|inconsistent(?:ly)?|(?<!\bfor )ad[- ]hoc|patchy|hit and miss)\b",
    r"\bsome (?:teams|models|projects|datasets|pipelines|jobs|endpoints|workloads)\b",
    # (not a reason: "mainly because the data barely moves", "mostly since that grid runs on hydro"; session 27)
    r"\b(?:mostly|mainly)\b(?!,? (?:because|becuase|since|due to|owing to|thanks to)\b)",
    # done one time, for a practice that is kept up (session 23): "it ran once on the pilot data", "was checked only
    # once", "a single time" (not "once a week", "once per release": how often it recurs)
    # (not "features are computed once, in one place", nor a decision "we did one time when choosing the model")
    r"\b(?:ran|run|produced|generated|checked|tested|reviewed|evaluated|analy[sz]ed|executed|scanned|audited)\s+"
    r"(?:(?:only|just|exactly)\s+)?(?:once|a single time|one time)\b(?!\s+(?:a|an|per|every|each|in a)\b)"
    r"(?![^.;]{0,60}\b(?:never|not|nobody|no one)\b)",  # "checked once and never again" says more: not done
    # the scope said after it: "masked for the main churn dataset only", "so far only the preprocessing step"
    r"\b(?:for|on|in) (?:the |our |one |a )?(?:[\w-]+ ){0,2}(?:datasets?|models?|teams?|projects?|endpoints?|accounts?"
    r"|services?|pipelines?|steps?|feeds?|tables?|buckets?|jobs?|workloads?|regions?|environments?|products?) only\b"
    r"|\bso far,? only\b",
    # a share of the estate, or the one thing that has it (session 24): "about a tenth of the lake", "the one repo that
    # uses it is the intern's notebook" (not "a tenth of the traffic goes to the canary": a practice of its own)
    r"\b(?:a|one|two|three) (?:tenths?|fifths?|quarters?|thirds?) of (?:the|our|all|its|their) (?:[\w-]+ )?(?:lake"
    r"|tables?|models?|datasets?|buckets?|accounts?|jobs?|endpoints?|teams?|pipelines?|repos?|repositories|projects?"
    r"|workloads?|services?|estate|fleet|features?|notebooks?)\b",
    r"\bthe (?:one|only|single) (?:[\w'-]+ ){0,2}(?:that|which|who) (?:uses?|has|have|runs?|is on|carries|follows)\b",
    # done for an occasion, not kept up: "the red-teaming back in 2021", "run for the launch deck, the plots are on
    # slide 14" (a hackathon is a workload fact: app/review/facts.py reads it as a prototype)
    r"\bback in (?:19|20)\d\d\b|\bon slide \d+\b"
    r"|\bfor the (?:launch |board |sales |kick-?off )?(?:deck|slides|slide deck|demo)\b",
    # left behind by a move: "attached to the old Studio domain, and everyone moved to the new domain in May"
    r"\b(?:everyone|everybody|the team|we|they|all (?:the )?[\w-]+) (?:has |have )?(?:since )?(?:moved|migrated"
    r"|switched) (?:over )?(?:to|onto) (?:the|a) new\b",
)
# What makes a clause speak against doing something, by group (eval/polarity_ablation.py switches groups off one
# at a time to see what the structural safeguards catch when a group of wording is unknown).
NEGATION_CUES: dict[str, tuple[str, ...]] = {
    "negation_words": (
        r"\b(?:don't|do not|doesn't|does not|didn't|did not|haven't|have not|hasn't|has not|isn't|is not|aren't|are not"
        r"|wasn't|weren't|won't|can't|cannot|couldn't)\b",
        # the same without the apostrophe, as typed in a hurry: "we dont check anything"
        r"\b(?:dont|doesnt|didnt|havent|hasnt|hadnt|isnt|arent|wasnt|werent|couldnt|wouldnt|shouldnt)\b",
        # (session 32) "cant" before a verb: "now we cant really tell which data a prod model was trained on"
        r"\bcant\s+(?:really\s+|even\s+|always\s+)?(?:tell|say|see|find|know|trace|reproduce|restore|roll|go|get|use"
        r"|run|check|prove|explain|rebuild|recover|track|read|access|do|be)\b",
        r"\bnot yet\b",
        r"\bnever\b",
        r"\b(?:nobody|no one|noone|nothing|none|neither|nor)\b",
        # "we are unable to roll back", "there's no way to tell": the ability is missing
        r"\bunable to\b|\bincapable of\b",
        r"\bno\s+(?!longer\b|more than\b|doubt\b)\w+",
        r"\bnot\b(?!\s+only\b)",
        r"\bwithout\b",
        r"\b(?:lack|lacks|lacking)\b",
        r"\bun(?:documented|encrypted|versioned|monitored|tested|tracked|governed|restricted|owned|checked|reviewed"
        r"|managed"
        r"|known|clear|aware|defined|measured|labell?ed|masked|protected|patched|noticed|spotted)\b",
        r"\b(?:is|are|was|were) (?:still )?missing\b|\bmissing (?:entirely|completely)\b|\bwhat(?:'s| is) missing\b",
    ),
    "negative_quantifiers": (
        # negative adverbs and quantifiers: "we rarely look at drift", "hardly anyone reviews", "few of our datasets"
        r"\b(?:rarely|seldom|hardly|barely|scarcely)\b"
        r"|(?<!\ba )(?<!\bthe )\bfew\b"
        r"(?!\s+(?:times|hours|minutes|days|weeks|people|users|roles|engineers|admins|services))"
        r"|\blittle of\b|\bvery little\b",
    ),
    "irony": (
        # irony that denies: "canary deployments, sure, when pigs fly", "lineage: we wish"
        r"\bwhen pigs fly\b|\bin (?:our|my|your) dreams\b|\bdream on\b|\bwe wish\b|\bif only\b|\bas if\W*$",
        r"\banything but\b|\bfar from\b|\bthe exception,? (?:rather than|and not|not) the (?:rule|norm)\b",
    ),
    "stale": (
        # nothing done since (session 20): "that deck is the last time anyone looked at them"
        r"\b(?:is|was) the last time (?:anyone|anybody|someone|somebody|we|they|people|i|the team)\b",
    ),
    "not_yet": (
        # not done (yet): "we failed to set up a pipeline", "the pipeline has yet to be built", "blocked on budget"
        r"\bfail(?:s|ed)? to\b|\b(?:has|have|had|is|are) yet to\b|\bremains? to be\b",
        r"\b(?:is|are|still|been) (?:pending|stalled|stuck|on hold)\b(?!\s+(?:approval|review|sign-?off|until))"
        r"|\bstalled\b|\bon hold\b|\b(?:is|are|still|been) (?:waiting|blocked) (?:for|on)\b|\bblocked on\b",
        # put off: "a conversation we have been postponing since 2023", "deferred to next year", "kicking the can"
        r"\bpostpon(?:e|es|ed|ing)\b|\bdefer(?:s|red|ring)\b|\bput(?:s|ting)? (?:it |that |this |them )?off\b"
        r"|\bkick(?:s|ed|ing)? the can\b",
    ),
    "plans_and_aims": (
        r"\b(?:plan|planning|plans|want|wants|hope|intend|intending|would like|going) to\b",
        r"\b(?:on|in) (?:the|our) (?:road ?map|backlog|todo list|wish ?list)\b",
        # on a list with a period still to come: "on the list for Q3", "on our to-do list" (not "on the approved list")
        r"\bon (?:the|our|my|their) (?:to-?do |to do )list\b|\bon (?:the|our|my|their) list (?:for|in|by)"
        r" (?:q[1-4]|h[12]|20\d\d|next|the (?:next|coming))\b",
        # low on a list: "on the list, somewhere near the bottom", "at the bottom of the backlog" (session 23)
        r"\b(?:near|at|towards?) the bottom of (?:the |our |my |their )?(?:list|backlog|pile|priorities|queue)\b"
        r"|\bon (?:the|our|my|their) list,? (?:somewhere )?(?:near|at|towards?) the bottom\b",
        r"\b(?:is|are|it's|still) (?:a |an |on the |still a )?(?:todo|to-do|backlog item|wish ?list item"
        r"|nice[- ]to[- ]have"
        r"|stretch goal|open ticket)\b",
        r"\bsomeday\b|\beventually\b|\bnext (?:year|quarter|sprint)\b",
        # to be done at a later stage (session 32): "the KPIs will be agreed once it goes to production"
        r"\bwill (?:only )?be (?:agreed|defined|decided|set up|written|added|built|introduced|implemented|configured"
        r"|created|sorted|figured out|worked out)\s+(?:once|when|after|later|in (?:q[1-4]|h[12]|20\d\d)|at some point"
        r"|before (?:launch|go-?live|production|we launch))\b",
        # an aim, not a fact: "least privilege is a goal rather than a reality", "auto-shutdown would be great"
        r"\baspir(?:e|es|ed|ing|ation|ational)\b|\b(?:is|are|remains?|stays?) (?:a|an|our|the) (?:goal|aim|ambition"
        r"|target"
        r"|north star|ideal)\b|\bwould be (?:nice|great|good|ideal|lovely|awesome)\b|\bkeeps? meaning to\b"
        r"|\bthat's the (?:plan|idea|theory)\b",
        # Wanted, planned, talked about or waiting for time, which is not done (issue 11, sixth round; written from what
        # an aim is, not from answers): "something we'd love to have", "ideally we would", "in an ideal world", "on the
        # wish list", "TODO", "an open item", "we keep saying we'll", "talked about setting up", "was proposed in the
        # retro", "the intention was", "if we had the time", "hoping to", "aiming for".
        r"\b(?:would|'d) (?:love|like|want|prefer|welcome)\b(?! to (?:think|believe|say|add|mention|point out|stress))"
        r"|\blove to (?:have|get|do|see|add|try|set up|build)\b",
        r"\bideally\b|\bin an? (?:ideal|perfect|better) world\b|\bdream(?:s|ing|ed)? (?:of|about)\b|\bi wish\b"
        r"|\bwish ?list\b|\b(?:hoping|looking|meaning) to\b|\b(?:hoping|meaning) for\b"
        # (session 32: not a search the practice makes, "goes through the access logs looking for strange downloads")
        r"|\blooking for\b(?!\s+(?:any\s+)?(?:strange|odd|unusual|suspicious|anomal|outlier|spike|drift|error|signs?\b"
        r"|pattern|bias|leak|regression|problem|issue|change|deviation|misuse|abuse|fraud))"
        # an aim to do the practice, not a target the practice moves ("… and aim to lower it each quarter")
        r"|\baim(?:s|ing)? (?:to|for)\b(?! (?:lower|reduce|cut|improve|increase|raise|keep|stay|hit|beat|halve|double"
        r"|minimi[sz]e|maximi[sz]e|shave|trim|bring)\b)",
        r"(?<![\w-])to-?do\b(?! (?:list|item)s? (?:is|are) (?:empty|done|clear))|\b(?:list|lists) of things to do\b"
        r"|\bopen (?:item|ticket|action|point|question|epic|story|jira)\b",
        r"\bkeep (?:saying|promising|telling (?:ourselves|each other|management))\b"
        r"|\b(?:get|gets|got|gotten|getting) (?:a)?round to\b|\bsome day\b|\bone of these days\b",
        r"\b(?:talk(?:s|ed|ing)?|spoke|speaking|chat(?:ted|ting)?|thought|thinking) (?:about|of) (?:(?:maybe|possibly"
        r"|eventually|perhaps) )?(?:setting up|doing|getting|adding|building|introducing|using|adopting|moving to"
        r"|trying"
        r"|having|starting|implementing|rolling out|turning on|enabling|automating|switching)\b"
        r"|\bbeen (?:talking|discussing|debating|thinking) about\b",
        r"\b(?:was|were|has been|have been|got|is being|are being|had been) (?:proposed|suggested|floated|pitched"
        r"|requested|asked for|put forward)\b",
        r"\b(?:the|our|my) (?:intention|idea|plan|hope|ambition) (?:is|was) (?:to|that)\b|\b(?:is|was) the (?:intention"
        r"|plan|idea|hope)\b",
        r"\bif (?:we|i|they|the team|only we) (?:ever )?(?:had|got|get|find|found|could get|could find)"
        r" (?:the |more |some "
        r"|a |enough |any )?(?:time|budget|money|people|headcount|bandwidth|capacity|resources|chance|staff)\b"
        r"|\bwhen (?:we|i|the team) (?:have|get|find) (?:the |more |some |enough )?(?:time|budget|bandwidth|chance"
        r"|headcount)\b",
        # A chore left to nobody in particular (session 20, neg20 and neg20b): "someone ought to check whether it pays
        # for itself", "somebody really should look at it", "something someone should own", "we should probably clear
        # them out at some point". Not a rule someone follows ("someone has to approve each release", "someone must
        # sign off"), not what is expected to happen ("someone should get paged", "we should see an alert"), not
        # "should be / should have".
        r"\b(?:someone|somebody|anyone|anybody|one of us)\s+(?:(?:really|probably|honestly|seriously|definitely"
        r"|ideally|eventually)\s+)*(?:should|ought to)\s+(?:(?:really|probably|definitely|seriously|eventually)\s+)*"
        r"(?!(?:be|have|get|receive|see|hear|notice|know)\b)[a-z]+"
        r"|\bwe\s+(?:(?:really|probably|honestly|seriously|definitely)\s+)+(?:should|ought to)\s+"
        r"(?!(?:be|have|get|receive|see|hear|notice|know)\b)[a-z]+"
        r"|\bwe\s+(?:should|ought to)\s+(?:really|probably|definitely|seriously)\s+"
        r"(?!(?:be|have|get|receive|see|hear|notice|know)\b)[a-z]+"
        r"|\bwe ought to\s+(?!(?:be|have|get|receive|see|hear|notice|know)\b)[a-z]+",
    ),
    "counterfactual": (
        # a counterfactual: "the registry would let us restore an old version, if we used it"
        r"\bif (?:we|anyone|anybody|someone|somebody|people|the team|they) (?:actually |ever |really )?(?:used|turned"
        r"|switched|enabled|configured|set|bothered|looked|followed|ran|kept|did)\b(?! (?:not|no)\b)"
        r"|\bif (?:we|they) (?:actually |ever |really )?(?:had|were using|were to)\b",
    ),
    "retraction": (
        # a retraction of what came before: "Canaries are standard here. Kidding.", "… yeah, right."
        r"(?<!\bnot )(?<!\bno )\b(?:just )?(?:kidding|joking)\b|\bjk\b|\byeah,? right\W*$"
        r"|^\W*(?:yeah|yea|oh),? right\b",
    ),
}
_NEGATIVE = _cue(*(pattern for group in NEGATION_CUES.values() for pattern in group))


_GENERIC_NA = _cue(
    r"^\W*(?:not relevant|not applicable|n/?a|irrelevant|doesn't apply|does not apply)\b",
    # the pronoun is what does not apply, not the object of a verb ("spreading it over machines doesn't apply" names a
    # part of the question)
    r"(?<!ing )(?<!ed )\b(?:this|that|it|none of (?:this|that|it|these|them)|any of (?:this|that|it)"
    r"|the (?:whole |entire )?question"
    r"|this question|these (?:practices|questions))\b[^.]{0,30}\b(?:apply|applies|applicable|relevant)\b",
    r"\bnone of the [\w -]{0,30}?\b(?:side|part|stuff|area|topic|questions?|practices?) (?:applies|apply|is relevant"
    r"|are relevant|matters)\b",
    r"\b(?:n/?a|not relevant|not applicable) (?:for|to) us\b",
)
_SPECIFIC_NA = re.compile(
    # the subject is a named part; a pronoun only as the object of a verb ("sharding it is not relevant")
    r"(?:\b(?!(?:this|that|it|which|question|these|them|really|all)\b)[a-z]+|\b[a-z]+ing (?:it|them))\.?\s+"
    r"(?:doesn't|does not|isn't|is not|is|are"
    r"|aren't|are not|don't|do not)\s+"
    r"(?:really\s+|also\s+|simply\s+|just\s+)?(?:apply|applicable|relevant|n/a|(?:a\s+)?non-?issues?|moot|irrelevant)",
    re.IGNORECASE,
)
# "N/A for the privacy bit", "not applicable for labelling", "mostly N/A": a part of the question, not all of it.
_PART_NA = re.compile(
    r"^\W*(?:n/?a|not applicable|not relevant)\s+(?:for|to)\s+(?!(?:us|me|our (?:team|company|case|workload|product"
    r"|setup|use case)|this|the (?:whole|entire|question))\b)"
    r"|^\W*(?:mostly|partly|largely)\s+(?:n/?a|not applicable|not relevant|irrelevant)\b"
    r"|^\W*(?:n/?a|not applicable|not relevant) for the most part\b",
    re.IGNORECASE,
)


def not_applicable_scope(clause: str) -> str:
    """ "generic" (the whole question: "none of this applies") or "specific" ("labelling doesn't apply") or ""."""
    if _PART_NA.search(clause) or (_SPECIFIC_NA.search(clause) and not _GENERIC_NA.search(clause)):
        return "specific"
    if not _GENERIC_NA.search(clause):
        return ""
    # "N/A - nothing is trained here": a declaration whose reason is a workload fact reaches what the fact makes moot
    # (app.review.facts), not the practices the fact leaves standing (labelling guide rule 2); no ML at all is the whole
    # question
    facts = stated_facts(clause)
    return "specific" if facts and Fact.NO_ML not in facts else "generic"


_AFFIRM = re.compile(r"^\W*(?:yes|yeah|yep|yup|we do|we have|correct|sure|definitely|absolutely|indeed)\b", re.I)
_DENY = re.compile(r"^\W*(?:no|nope|nah)\W*$", re.I)  # a bare "No." says nothing to polarity, which reads statements
SHORT_REPLY_WORDS = 8


def short_reply_status(text: str) -> BPStatus | None:
    """A short reply to a follow-up ("Yes, we do", "Not yet", "Only partly") → a status for the practice it asked
    about; None if it is not such a reply."""
    if len(text.split()) > SHORT_REPLY_WORDS or is_injection(text):
        return None
    if _DENY.match(text):
        return BPStatus.NOT_IMPLEMENTED
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


# --- negation scope ---------------------------------------------------------------------------------------------

# Two negations that cancel: "nothing is released unless it was reviewed", "we never deploy without approval",
# "nobody can call it without a signed request", "no change happens outside the pipeline".
_DOUBLE_NEGATIVE = re.compile(
    # (session 20: every contracted negation, "there isn't a bucket without …", "we wouldn't promote one without …")
    r"\b(?:never|not|no|nothing|nobody|no one|none|neither|cannot|can't|won't|don't|doesn't|didn't|isn't|aren't"
    r"|wasn't|weren't|wouldn't|couldn't|shouldn't|haven't|hasn't|dont|doesnt|isnt|arent|wouldnt)\b"
    # "until now" says it has not been done so far: "about poisoning we did not think until now"
    r"[^.;,]*?\b(?:without|unless|outside(?: of)? (?:the|a|an|our|its|their)"
    r"|until(?! (?:now|today|recently|lately|yesterday|this (?:week|month|year|review"
    r"|question|call|meeting)|just now|you asked|someone asked|the review|very recently)\b))\b"
    # a limit nothing exceeds: "nothing is kept longer than its retention period", "no job runs past its budget"
    r"|\b(?:never|no|nothing|nobody|no one|none)\b[^.;,]{0,120}?\b(?:longer than|older than)"
    r" (?:its|their|the|our|\d+|one|two|three|a|an)\b"
    # "beyond" and "past" only after a verb of lasting: "no job runs past its budget" (not "we never defined success
    # beyond the model working": a scope that stops short)
    r"|\b(?:never|no|nothing|nobody|no one|none)\b[^.;,]{0,80}?\b(?:runs?|ran|running|goes|go|went|stays?|stayed"
    r"|lives?|lasts?|lasted|remains?|kept|keeps?|stored|retained|held|exists?|survives?|sits?|left)"
    r"(?: [\w-]+){0,3}? (?:beyond|past) (?:its|their|the|our|\d+|one|two|three|a|an)\b"
    # a stretch of time or an event nothing outlives: "no dev endpoint outlives the working day", "idle notebooks don't
    # survive the night" (not "our backups don't survive a region outage": what is outlived there is a failure)
    r"|\b(?:never|no|nothing|nobody|no one|none|not one|not a single|don't|doesn't|won't|dont|doesnt)\b[^.;,]{0,80}?"
    r"\b(?:outlives?|outlived|outlasts?|outlasted|survives?|survived)\s+(?:the |a |an |one |its |their |\d+ )?"
    r"(?:[\w-]+ )?(?:night|nights|day|days|weekend|week|weeks|hour|hours|evening|shift|sprint|release|deploy"
    r"|deployment|end of)\b"
    # "there's not one feature served that isn't read from the feature store", "no dataset we use that isn't registered"
    r"|\b(?:no|not one|not a single|nothing|none|nobody|no one)\b[^.;,]{0,120}?\b(?:that|which|who|we|they)\s+"
    r"(?:[\w-]+\s+)?"
    r"(?:isn't|is not|aren't|are not|doesn't|does not|don't|do not|wasn't|hasn't|haven't|has not|have not)\b"
    # a rule that refuses what lacks the check (session 20): "we can't train on a dataset that isn't versioned"
    r"|\b(?:can't|cannot|can not)\b[^.;,]{0,80}?\b(?:that|which)\s+(?:isn't|is not|aren't|are not|hasn't|has not"
    r"|haven't|have not)\b"
    # "no dataset is used before legal has reviewed the licence"
    r"|\b(?:never|no|nothing|nobody|no one|none|not one|not a single)\b[^.;,]{0,120}?\bbefore\b[^.;,]{0,40}?"
    r"\b(?:review|approv|check|pass|sign|validat|test|scan|vet|clear)\w*",
    re.IGNORECASE,
)
# A negation and a participle of a missing check or protection cancel: "no model ships unreviewed", "not a single
# dataset leaves the bucket unencrypted", "nothing goes to production untested". Not when a verb of noticing or checking
# stands between ("nobody noticed the bucket was unencrypted": the lack is what went unnoticed).
_UNCHECKED = (
    r"un(?:encrypted|reviewed|tested|validated|profiled|tracked|versioned|monitored|checked|approved|signed|scanned"
    r"|patched|protected|masked|labell?ed|documented|owned|governed|restricted|audited|logged|tagged|attended"
    r"|authenticated|authori[sz]ed|verified|vetted|inspected|evaluated|secured|catalogu?ed|recorded|examined|accounted"
    r"|sanitised|sanitized|anonymi[sz]ed|redacted|cleaned|screened|benchmarked|measured|noticed|spotted|caught)"
)
_UNCHECKED_WORD = re.compile(r"\b" + _UNCHECKED + r"\b", re.IGNORECASE)
_LACK_NEGATOR = re.compile(
    r"\b(?:never|not|no|nothing|nobody|no one|none|neither|cannot|can't|won't|don't|doesn't|isn't|aren't)\b", re.I
)
_NOTICING = re.compile(
    r"\b(?:notic|know|knew|realis|realiz|check|see|saw|seen|spot|care|cared|bother|catch|caught|tell|told|aware|sure"
    r"|find|found|remember|mind|ask|asked)\w*\b",
    re.IGNORECASE,
)
LACK_SPAN = 120  # characters between the negation and the participle, within one clause


def _cancel_negated_lack(text: str) -> str:
    """Take out each negation and negative participle that cancel (see _UNCHECKED): the participle is found first,
    then the nearest negation before it in the same stretch of words, with no verb of noticing between them."""
    for m in reversed(list(_UNCHECKED_WORD.finditer(text))):
        start = max(0, m.start() - LACK_SPAN)
        span = re.split(r"[.;,]", text[start : m.start()])[-1]
        negations = list(_LACK_NEGATOR.finditer(span))
        if not negations:
            continue
        begin = m.start() - len(span) + negations[0].start()
        if _NOTICING.search(text[begin : m.start()]):
            continue
        text = text[:begin] + " " + text[m.end() :]
    return text


# Access granted to one party and denied to the rest is least privilege, not a practice left undone (session 24): "the
# reporting job's role can read the scores table and nothing else", "… the one bucket they work on, nothing more", "the
# permissions its job needs, nothing beyond", "limited to the audit team, nobody else can open it", "no other service
# can call the model", "engineers have no write access at all". The negation only closes the grant; without a word of
# access or permission before it ("we check the first ten rows and nothing else") it keeps its meaning, a party left
# without access is never "we" ("we have no access to their logs"), and what is missing may be the controls ("no
# access controls").
_ACCESS_WORD = (
    r"(?:access(?:es|ed)?|read|reads|write|writes|permissions?|grants?|granted|rights|privileges?|open|opens|see|sees"
    r"|view|views|invoke|invokes|call|calls|reach|reaches|touch|touches|log (?:in|into)|modify|change|download)"
)
_ACCESS_BEFORE = re.compile(rf"\b(?:{_ACCESS_WORD}|role|roles|restricted|limited|scoped)\b", re.IGNORECASE)
_NOTHING_ELSE = re.compile(
    r"(?:,\s*|\s+)(?:(?:and|but)\s+)?\b(?:nothing|none|no one|nobody|noone)\s+"
    r"(?:else|more|beyond|further|wider|broader)\b"
    r"(?:\s+(?:at all|than that|beyond that))?(?=\s*(?:[.,;:!)]|$))",
    re.IGNORECASE,
)
_NO_ONE_ELSE = re.compile(
    r"\b(?:(?:no one|nobody|noone)\s+else|no other (?:team|role|service"
    r"|user|account|person|people|job|app|group|human|engineer|analyst)s?"
    # session 32: "none of us engineers can open it", "no person or other service can start it"
    r"|none of us(?:\s+(?:engineers|developers|humans|analysts|data scientists|admins))?"
    r"|no (?:person|human|user|engineer) or (?:other )?(?:service|team|role|system|person|app|job))\s+"
    r"(?:(?:can|may|could|is allowed to|are allowed to|is able to|are able to|gets? to|has|have|gets?)\s+)?"
    rf"(?:(?:even|ever|any|a|an|the)\s+)?(?:[\w-]+\s+)?(?:{_ACCESS_WORD}|start|starts|trigger|triggers)\b",
    re.IGNORECASE,
)
_OTHERS_DENIED = re.compile(
    r"\b(?:humans|engineers|analysts|developers|data scientists|staff|others|everyone else|everybody else"
    r"|the rest(?: of (?:us|the team|the company))?|other teams|other roles|other services|other accounts)\s+"
    r"(?:(?:have|has|get|gets)\s+no\s+(?:[\w-]+\s+)?(?:access|permissions?|rights|grants?|privileges?)\b"
    r"(?!\s+(?:controls?|polic\w*|reviews?|logs?|logging|management|boundar\w*|model|checks?))(?:\s+at all)?"
    r"|(?:can't|cannot|can not|don't|do not|may not|are not allowed to|aren't allowed to)\s+(?:even\s+)?"
    r"(?:access|read|write|open|invoke|call|reach|touch|log (?:in|into)|modify|download)\b)",
    re.IGNORECASE,
)


def _cancel_exclusive_access(text: str) -> str:
    """Take out the negations that only close a grant of access to the rest (`_NOTHING_ELSE` after a word of access,
    `_NO_ONE_ELSE`, `_OTHERS_DENIED`)."""
    text = _NO_ONE_ELSE.sub(" ", text)
    text = _OTHERS_DENIED.sub(" ", text)
    for m in reversed(list(_NOTHING_ELSE.finditer(text))):
        if _ACCESS_BEFORE.search(text[: m.start()]):
            text = text[: m.start()] + " " + text[m.end() :]
    return text


# A bad outcome made impossible is a good state: "built from the same stacks, so they can't drift", "the bucket cannot
# be read from outside the VPC". (Not "never": "our models never drift" is often a reason not to check.)
_IMPOSSIBLE_HARM = re.compile(
    # a harm avoided: "we can update it without touching the rest of the app"; a need that never arose: "never had to
    # roll back yet"; a version never lost: "not a single model version is ever deleted from the registry"
    r"\bwithout (?:any )?(?:touching|affecting|breaking|redeploying|changing|restarting|downtime|interrupt\w*"
    r"|disrupt\w*|impacting|rebuilding)\b|\bnever (?:had|needed) to\b"
    # a cost avoided: "half the size without a noticeable loss" (session 27: a trade-off's result, not a gap)
    r"|\bwithout (?:a |any )?(?:(?:noticeable|measurable|significant|real|visible|big|major) )?(?:loss|drop|hit"
    r"|degradation|penalty)\b"
    # a recovery never needed: "rolling back has never been needed so far" (not "canaries were never needed": a
    # practice judged unnecessary is not done)
    r"|\b(?:roll(?:ing)?[- ]?backs?|restor\w*|recover\w*|fail-?overs?|redeploy\w*|rebuild\w*)\b[^.;,]{0,20}"
    r"\b(?:has|have|was|were|is|are) (?:never|not yet|not once) (?:been )?(?:needed|necessary|required)\b"
    r"|\b(?:no|nobody|no one|none of the) (?:[\w-]+ ){0,2}(?:had|needed|has|have|needs|need) to (?:change|be changed"
    r"|redeploy|be redeployed|update|be updated|restart|touch|know)\b"
    # (not across a colon: "there's no way back: the old artifact gets overwritten", session 32)
    r"|\b(?:no|not a single|not one|none of the|never)\b[^.;,:]{0,30}\b(?:versions?|models?|artifacts?|artefacts?"
    r"|snapshots?|backups?|images?)\b[^.;,:]{0,20}\b(?:deleted|overwritten|lost|removed|discarded|thrown away)\b"
    # a safeguard nobody can remove: "nobody can switch that off", "the approval gate cannot be bypassed" (not
    # deleting or stopping, which may be the practice itself: "nobody can stop the notebooks")
    r"|\b(?:nobody|no one|noone|nothing|none of (?:us|them))\s+(?:can|could|is able to|are able to|is allowed to|may"
    r"|gets to)\s+(?:ever\s+)?(?:(?:switch|turn)\s+(?:[\w-]+\s+)?off|disable|override|bypass|circumvent|skip|opt out"
    r"|tamper with)\b"
    r"|\b(?:can't|cannot|can not|won't)\s+be\s+(?:disabled|overridden|bypassed|circumvented|skipped|switched off"
    r"|turned off|opted out of)\b"
    # reach closed off (session 20): "the endpoint isn't reachable from outside the VPC", "not exposed to the internet"
    r"|\b(?:isn't|is not|aren't|are not|never|not)\s+(?:publicly\s+|directly\s+)?(?:reachable|accessible|exposed"
    r"|visible|routable|callable|invokable)\s+(?:from|to|on|outside)\s+(?:outside\b|the (?:public |open )?internet"
    r"|the (?:outside )?world|the public|other accounts)"
    # a version never lost, said after the versions: "old model versions never get deleted from the registry"
    r"|\b(?:model|old|older|previous|prior|past|earlier) versions?\b[^.;,]{0,30}?\b(?:never|not)\s+(?:ever\s+)?"
    r"(?:get\s+|gets\s+|are\s+|is\s+|be\s+|been\s+|got\s+)?(?:deleted|overwritten|lost|removed|discarded|thrown away)\b"
    r"|\b(?:can't|cannot|can not|won't|couldn't)\s+(?:ever\s+|possibly\s+)?(?:drift|diverge|leak|escape|go stale"
    r"|(?:get|fall|go) out of sync|be (?:lost|tampered with|tampered|altered|modified|overwritten|deleted|exposed|read"
    r"|reached|accessed|invoked|called|leaked))\b",
    re.IGNORECASE,
)
# A negation that describes what the work spares or removes, not a practice left undone (session 32, found in the
# not-applicable rows, where done practices beside a fact were read as "not done"):
# - hands kept off the items: "the share of invoices processed without a human touching them", "loads them without
#   anyone touching them", "tickets closed without escalation" (not "no human involved": that can be a blind schedule,
#   and not approval or review left out: "promoted without a human signing off" keeps its negation);
# - what is removed is what nobody needs: "cut the layers it didn't need", "we archive the tables nobody has touched in
#   a year", "the hours the underwriters no longer spend";
# - a chore the choice spares: "cleaning is done by Glue so we don't babysit any servers" (not "so we don't worry about
#   drift": the worry spared may be the practice).
_SPARED_NEGATION = re.compile(
    r"\b(?:without|with no|with zero)\s+(?:a\s+|any\s+|one\s+)?(?:human|person|people|anyone|anybody|someone|one|hands?"
    r"|manual)\s+(?:ever\s+|having to\s+|needing to\s+)?(?:touch|touching|touches|keying|typing|handling|re-?typing)\b"
    r"|\b(?:closed|resolved|handled|processed|matched|answered|settled|cleared|routed)\s+(?:[\w-]+\s+){0,2}?without"
    r"\s+(?:an?\s+|any\s+)?(?:escalation|human|agent|hand-?off|person)\b"
    r"|\b(?:remov(?:e|es|ed|ing)|cut|cuts|cutting|drop(?:s|ped|ping)?|delet(?:e|es|ed|ing)|prun(?:e|es|ed|ing)"
    r"|strip(?:s|ped|ping)?|trim(?:s|med|ming)?|discard(?:s|ed|ing)?|archived|archiving|purg(?:e|es|ed|ing)"
    r"|retir(?:e|es|ed|ing)|deregister(?:s|ed|ing)?|shut(?:s|ting)? down|stop(?:s|ped|ping)"
    r"|clean(?:s|ed|ing)? (?:up|out))\b[^.;,]{0,50}?"
    r"\b(?:that\s+|which\s+)?(?:(?:it|they|we|the model|anyone)\s+(?:has\s+|have\s+|had\s+)?(?:didn't|don't|doesn't"
    r"|did not|do not|does not|no longer|never|hasn't|haven't)|(?:nobody|no one|noone)(?:\s+has|\s+have|\s+had)?)\s+"
    r"(?:ever\s+|really\s+)?"
    r"(?:needs?|needed|uses?|used|touch(?:es|ed)?|reads?|opened|looked at|queried)\b"
    r"|\b(?:hours?|time|effort|money|days?)\s+(?:that\s+|which\s+)?(?:the\s+|our\s+)?[\w-]+\s+(?:no longer|don't|do not"
    r"|never)\s+(?:have to\s+|need to\s+)?spend\b"
    r"|\bso\s+(?:that\s+)?(?:we|i|they|the team|nobody|no one|noone)\s+(?:don't|do not|never|no longer|doesn't|does not"
    r"|won't|will not|needn't)\s+(?:have to\s+|need to\s+|ever\s+)?(?:babysit|manage|maintain|patch|operate|look after"
    r"|provision|lose|pay for idle|wait)\b"
    # a comparison ("clears with and without the assistant"), a decision about what is not needed ("a score with no
    # explanation is fine for routing") and a condition of use ("when they want to look at the data"). (Not isolation,
    # "a private subnet with no internet": a practice worded "no internet access" reads that negation as done.)
    r"|\bwith and without\b"
    r"|\bwith(?:out| no)\s+(?:an?\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:is|are|was|were)\s+(?:fine|acceptable|ok|okay|enough"
    r"|sufficient)\b"
    r"|\b(?:when|whenever|if|any time)\s+(?:they|we|you|someone|somebody|anyone|people|users|analysts|the team|a user"
    r"|an analyst)\s+(?:want|wants|need|needs|like|likes|wish|wishes)\s+to\b",
    re.IGNORECASE,
)
# "Manual" as the work a practice replaced, not a bad state: "hours of manual keying saved per week", "savings
# against the old manual triage", "the cost of the manual tagging team against the expected savings".
_MANUAL_REPLACED = re.compile(
    r"\b(?:old|former|previous|legacy|earlier)\s+manual\b"
    r"|\bmanual\b(?=[^.;]{0,60}\b(?:saved|savings|avoided|replaced|eliminated|no longer)\b)"
    r"|\b(?:saves|saving|replace|replaces|replaced|replacing|eliminate|eliminates|eliminated|avoids|avoided)\s+"
    r"(?:(?:the|our|all|most|hours of|a lot of)\s+)*manual\b",
    re.IGNORECASE,
)
# A negated bad manner is a good one: "apps never call the endpoint directly", "secrets are never hard-coded".
_NEGATED_BAD_MANNER = re.compile(
    r"\b(?:never|not|n't|no longer)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:directly|by hand|manually|in (?:plain ?text|the clear)|hard-?coded|unencrypted)\b",
    re.IGNORECASE,
)
# "… not before" / "… and not earlier" only stresses the condition that came first.
_EMPHATIC_NOT = re.compile(r",?\s*\b(?:and )?not (?:before|earlier|sooner)(?: that)?\W*$", re.IGNORECASE)
# "Not kidding, every model goes through the registry", "no joke": emphasis, not a negation.
_EMPHASIS = re.compile(
    r"\b(?:not|no|i'm not|we're not) (?:kidding|joking|joke|lie|lying|exaggerating)\b"
    # "… cannot be bypassed, not even by admins": who the guard also binds
    r"|\bnot even (?:by |for )?(?:the |our )?(?:admins?|administrators?|root|us|me|owners?|ceo|cto|platform team)\b",
    re.IGNORECASE,
)
# "no more CSV exports by email": a bad state that has ended; "no one has to remember": a chore automation removed.
# Neither says a practice is missing. ("No human involved" stays negative: it can describe a blind schedule.)
_ENDED = re.compile(
    r"\bno (?:more|longer)\b[^.,;]*"
    r"|\b(?:no one|nobody|noone) (?:has|needs|have) to\b[^.,;]*",
    re.IGNORECASE,
)
# A bare reply after a topic or a question: "Canary: no", "Budgets, no", "Do we check for tampering? No".
_TRAILING_NO = re.compile(
    r"[,:?]\s*(?:no|nope|nah|not really|not yet|not at all|never|none)\W*$|\s(?:no|nope|nah)\W*$"
    # a topic answered with where it stands on a plan (session 32): "Per-prediction metrics: roadmap, H2."
    r"|[:\u2014\u2013]\s*(?:(?:on the|in the|our)\s+)?(?:road ?map|backlog|planned|to-?do|wish ?list)\b"
    r"(?:,?\s*(?:h[12]|q[1-4]|next (?:year|quarter|sprint)|20\d\d|maybe|someday))?\W*$",
    re.IGNORECASE,
)
_TRAILING_PARTLY = re.compile(r"[,:?]\s*(?:partly|partially|sort of|kind of|somewhat)\W*$", re.IGNORECASE)

# Descriptions of a bad state, with no negation word: "kept in plain text", "no way back", "on a timer whatever
# changed". Strong ones always speak against a practice; weak ones ("by hand") only when the practice is not itself
# about people checking things ("analysts review a sample by hand" is the practice).
_BAD_STATE = _cue(
    r"\bin (?:plain ?text|the clear)\b|\bplaintext\b|\bhard-?coded\b|\bunencrypted\b",
    r"\bno way (?:back|to (?:go back|roll back|restore|recover))\b",
    r"\bwhatever (?:changed|happens|happened)\b|\bregardless of (?:whether|what|if)\b",
    # spend or resources nobody can attribute: "lumped into the general IT bill, untagged" (not what a rule removes,
    # flags or blocks: "lifecycle policies remove untagged images")
    r"(?<!\bremove )(?<!\bremoves )(?<!\bdelete )(?<!\bdeletes )(?<!\bflag )(?<!\bflags )(?<!\bblock )(?<!\bblocks )"
    r"(?<!\bany )(?<!\ball )(?<!\band )\buntagged\b",
    # blind to what the data does: "retrained on a fixed monthly timer whatever the data does"
    r"\bwhatever (?:the |our )?(?:data|inputs?|traffic|drift|metrics?|numbers|accuracy|distribution)"
    r" (?:does|do|did|says?|said|shows?|showed|looks? like|looked like)\b",
    r"\bforever\b|\bpile up\b|\bpiling up\b",
    # (session 32: "every engineer has admin on the data account")
    r"\b(?:everyone|everybody|anyone|anybody|every (?:single )?(?:engineer|developer|data scientist|analyst|user"
    r"|employee|team member|one of us)|the whole (?:[\w-]+ )?(?:org|organi[sz]ation|company|department|team|office)"
    r"|half (?:of )?the (?:[\w-]+ )?(?:org|company|team|department))\b[^.]{0,40}\b(?:admin|full access|can (?:call"
    r"|read|access|invoke|send"
    r"|post|hit|query|download|upload|submit|edit|write|change|modify|drop|dump|push|put))\b",
    # no limit: "as many crafted inputs as they like"
    r"\bas (?:many|much|often) (?:[\w-]+ ){0,3}?as (?:they|you|anyone|anybody|people|users|callers|clients)"
    r" (?:like|want|please|wish)\b",
    r"\b(?:everyone|everybody|anyone|anybody)\b[^.]{0,20}\b(?:read|write|full)? ?access to (?:every|all|any)\b",
    r"\bsame (?:admin|shared) (?:role|account|key|password)\b|\bshared admin\b",
    # session 32: one admin login for many people ("shared by the whole team under one admin login"), a wildcard
    # permission ("every one of them is basically s3:* on every bucket")
    r"\b(?:one|a single|one shared|a shared)\s+(?:admin|administrator|root)\s+(?:login|account|user|password"
    r"|credentials?)\b|\b[a-z][a-z0-9-]*:\*(?!\w)",
    # spend nobody can split: "the AI spend lands on a single company card with everything else, so it's one big number"
    r"\b(?:it's|it is|is|as) (?:all )?(?:just )?(?:one|a single) (?:big|lump|huge) (?:number|figure|sum|invoice|bill)\b"
    r"|\bone lump sum\b",
    r"\b(?:is|are) public\b|\bpublicly (?:reachable|accessible|open)\b",
    # session 32: "the raw bucket is open to every engineer in the company"
    r"\b(?:is|are|sits?|left|wide) open to (?:every|all|any|the whole|everyone|anyone|half)\b",
    r"\b(?:was|is) (?:a guess|guesswork)\b|\bwhatever the default\b|\bwhen (?:someone|somebody|people) remembers?\b",
    r"\blooks nothing like\b|\bstraight into (?:the )?(?:model|production|prod|training(?: set| data| jobs?)?)\b"
    r"|\bgoes straight to the model\b"
    r"|\beyeball\b",
    r"\b(?:starts?|started|begins?|runs?) (?:again |over )?from scratch\b",
    r"\b(?:that|it) (?:was|is) (?:just )?the default\b",
    r"\b(?:when|until|once|if) [\w\s]{0,30}\b(?:complains?|escalates?|shouts?|yells?|raises a ticket|files a ticket"
    r"|opens a ticket)\b|\bhear about (?:it|them|problems|issues) from\b",
    # judged on what it learnt from (session 23): "validated on …, which for us means the same sample we trained on"
    r"\b(?:validat|test|evaluat|scor|check|measur|benchmark)\w*\b[^.;]{0,80}?\bsame (?:sample|data|dataset|data set"
    r"|set|rows|split|examples|records) (?:that )?(?:we|it|they|the model) (?:trained|train|was trained|were trained"
    r"|fit|fitted) (?:it |them )?on\b",
    # a model copied onto a server by hand: "Sven copies the pickle to the server with scp"
    # (not an SCP, a service control policy: "accounts are separate with SCP guardrails")
    r"\bcop(?:y|ies|ied|ying)\b[^.;]{0,60}\b(?:with|over|via|using) scp\b"
    r"|\bscps?\b(?= (?:the |a |it |them |our )?(?:[\w.-]+ )?(?:pickle|model|artifacts?|weights|files?"
    r"|\.pkl|tarball|jar|zip))",
    # only once someone outside notices (session 23): "on the day a customer tells us predictions look odd", "that is
    # the first time anyone sees the ML spend"
    r"\b(?:on the day|the day|only when|only after|only once)\s+[\w\s]{0,30}?\b(?:customers?|users?|clients?|someone"
    r"|somebody|sales|support|the business)\s+(?:tells?|reports?|notices?|points? out|flags?)\b"
    r"|\b(?:is|was|are|were) the first time (?:anyone|anybody|someone|somebody|we|people) (?:sees?|saw|looks?|hears?"
    r"|notices?|checks?)\b",
    # only when something has gone wrong: "metrics we only look at during incidents", "only added after an outage"
    r"\bonly (?:[\w-]+ ){0,4}?(?:during|after|when|once|in) (?:(?:an?|the|big|major|last|first) ){0,2}"
    r"(?:incidents?|outages?|escalations?|post-?mortems?|fire ?fights?|emergenc(?:y|ies)"
    r"|something (?:breaks|broke|goes wrong|went wrong|fails)|it breaks"
    r"|things break|(?:a |the )?customers? complain\w*)\b",
    # judged not worth doing: "masking was deemed too much work"
    r"\b(?:was|were|is|are|got) (?:deemed|considered|judged|seen as|written off as) (?:too|overkill|unnecessary"
    r"|not worth|a waste)\b",
    r"\b(?:breaks?|fails?|falls? over|crash(?:es)?)\b(?: [\w']+){0,3} (?:whenever|every time|each time)\b",
    r"\bbreaks them\b",
    r"\b(?:far|much|way|a lot) more than (?:the |we |it |they |our |anyone )?[\w\s]{0,20}?"
    r"\b(?:needs?|required|necessary)\b",
    r"\boverkill\b",
    r"\bguess(?:ing|ed|work)?\b|\bfuzzy\b|\bwhoever (?:has time|is free|is around|is available)\b",
    r"\b(?:readable|writable|accessible|open|visible) (?:by|to) (?:everyone|everybody|anyone|all)\b",
    r"\bcalls? (?:the )?(?:[\w-]+ )?(?:endpoint|model) directly\b",
    r"\b(?:trained|train|training|built|build) [\w\s]{0,30}\bfrom scratch\b",
)
# switched off with the particle after a pronoun: "we turned it off", "shut them down" (session 24)
_OFF_AFTER_PRONOUN = r"(?:switched|turned|shut) (?:it|them|that|this|those|these|everything|all of it) (?:off|down)"
# A practice that has stopped or never started is not done: "used to, stopped when the contractor left", "we tried it
# once and dropped it", "that comparison was skipped", "planned for Q3". Ending a bad state is a good one ("we stopped
# sharing the admin role"): then the clause also states the bad state, and the two cancel.
_CEASED = _cue(
    r"\bused to\b",
    # "we no longer shut idle notebooks down", "drift alerts aren't sent any more" (but "no more than three trials")
    r"\bno longer\b|\bany ?more\b|\bno more\b(?!\s+than\b)",
    # a state of the past: "human review was a thing last year", "budgets existed at some point"
    r"\bwas a thing\b|\bat (?:one|some) point\b(?=[^.;]*\b(?:was|were|had|did|existed|used)\b)"
    r"|\b(?:was|were|had|did|existed|used)\b[^.;]*\bat (?:one|some) point\b|\bback (?:then|in the day)\b"
    r"|\bin the (?:old|early) days\b"
    # gone, said of what came before (session 20): "It's gone since the move", "existed once", "went away" (not "the old
    # warehouse is gone": a thing replaced; not "which is gone when the instance is")
    r"|^\W*(?:it's|it is|it was|that's|that is|that was|they're|they are|they were|those are) (?:long |all |now )?"
    r"gone\b(?!\s+(?:through|over|into|to|from|up|down|live|out)\b)|\b(?:went|has gone|have gone) away\b"
    r"|\bexisted once\b|\bonce existed\b|\bused to exist\b"
    r"|\b(?:lost|removed|dropped|killed|retired) (?:in|during|with) the (?:migration"
    r"|move|re-?org\w*|rewrite|re-?platform\w*|cut-?over|transition|switch)\b",
    # a change of quantity is not an end: "the bill dropped by about 40%", "errors stopped at zero"
    r"\b(?:stopped|dropped|abandoned|skipped|scrapped|shelved|discontinued|lapsed|gave up(?: on)?|fell by the wayside"
    r"|(?:switched|turned) off)\b(?!\s+(?:by|to|from|at|below|under|about|around|\d))",
    # the particle after a pronoun, and a pause (session 24): "we turned it off in Q2", "the CodeBuild project was
    # paused when the credits ran out" (not "training is paused and resumed from its checkpoint")
    rf"\b{_OFF_AFTER_PRONOUN}\b"
    r"|\b(?:was|were|got|is|are|has been|have been|been) paused\b(?!\s+(?:and|then) (?:later )?resumed\b)",
    r"\b(?:planned|scheduled|pencilled|penciled|slated|earmarked) (?:for|in)\b",
    # switched off: "autoscaling was disabled after it scaled to 40 instances" (not "public access is disabled")
    r"\b(?:disabled|deactivated|descoped|de-scoped)\b|\bcommented out\b",
    r"(?<!\bnobody can )(?<!\bno one can )(?<!\bcannot )(?<!\bcan't )"
    r"\bskips?\b(?= (?:the |all |our |any )?(?:[\w-]+ )?(?:tests?|checks?|validation|reviews?|steps?|approvals?"
    r"|scans?)\b)",
)
# Said as a problem rather than a practice: "rolling back is a problem", "access is another story", "a mess".
_PROBLEM = _cue(
    r"\b(?:is|are|was|were|it's|that's) (?:a |still a |always a |kind of a |a bit of a )?(?:real |big |known |huge )?"
    r"(?:problem|pain|mess|nightmare|headache|disaster|sore point|weak spot)\b",
    r"\banother story\b|\bdifferent story\b",
)
# Wording that reports no fact of doing, even when its words are positive: hearsay ("I'm told", "my team tells me"),
# paper and theory ("on paper", "in theory", "supposedly"), irony and dismissal ("lol", "good question", "that's what
# customers are for", "in the sense that"), the hypothetical ("we'd notice if"), a state that has persisted ("still"),
# and a question put back to the asker. Such a clause may say a practice is done only with the user's confirmation.
_NOT_FIRM = _cue(
    r"\bi(?:'m| am| was| have been|'ve been) told\b|\b(?:tells|told) me\b|\bapparently\b|\bsupposedly\b|\ballegedly\b",
    r"\bon paper\b|\bin theory\b|\bin principle\b|\btechnically\b|\bofficially\b|\bin the sense that\b",
    r"\blol\b|\blmao\b|\bhaha\b|\bgood question\b|\bhmm+\b|\byeah,? right\b|\bwhat \w+ (?:are|is) for\b",
    # a value, not a practice: "sustainability is something we care about deeply", "security is our top priority"
    r"\bwe (?:really |deeply |truly |very much )?care (?:a lot |deeply |a great deal )?about\b|\bwe believe in\b"
    r"|\b(?:is|are) (?:very |really |super |extremely )?important to (?:us|me|the company)\b|\bwe value\b"
    r"|\b(?:is|are) (?:a |our |the )(?:top |high |big |number one |first )?priority\b"
    r"|\bwe take [\w\s]{1,30}seriously\b",
    # a sarcastic yes: "Oh sure, a human checks the predictions"
    r"^\W*oh,? (?:sure|yes|yeah|absolutely|totally|definitely|of course|certainly)\b",
    r"\b(?:we|they|you|someone|somebody|people)(?:'d| would| might| could)\b|\bwould (?:notice|know|hear|find out)\b",
    r"\bstill\b|\bhope\b|\bhoping\b",
    # approximation: something like the practice, which may be a makeshift stand-in for it
    r"\bmore or less\b|\bin a way\b|\bof sorts\b|\bsome (?:form|kind|sort) of\b|\bpretty much\b|\bloosely\b"
    r"|\binformal(?:ly)?\b|\bi think\b|\bin a manner of speaking\b|\bafter a fashion\b|\b[a-z]+-ish\b|\bbasically\b",
    # a norm rather than a fact: what should happen, or happens in name only
    r"\bsupposed to\b|\bshould\b|\bought to\b|\bnominal(?:ly)?\b|\bin name only\b",
    # documented rather than done: "human review exists in the design doc only", "it's on the slides"
    r"\b(?:in|on) (?:the |a |our |their )?(?:[\w-]+ )?(?:design doc\w*|slides?|slide deck|deck|proposal|diagram"
    r"|powerpoint|rfc|spec)\b",
    r"\b(?:would|could|might)\b",
    # uncertainty: "there may be a data lake somewhere", "maybe", "possibly" (not "only the checkout role may call it")
    r"\b(?:there|it|this|that|they|we) (?:may|might) (?:be|have|exist)\b|\bmaybe\b|\bperhaps\b|\bpossibly\b",
    # what will happen is not what happens: "we'll add canaries after the migration", "the team is going to tag jobs"
    r"\b(?:we|they|i|the team|our team)(?:'ll| will| are going to| am going to| is going to| 're going to| are gonna)\b"
    r"|\bgonna\b",
    r"\?(?!\s*(?:yes|yeah|yep|yup|sure|definitely|absolutely|of course|we do|always)\b)",
    # Weak support (issue 11, fourteenth polarity round): a norm ("meant to"), a hedging "sort of / kind of", a degree
    # ("to a degree", "up to a point"), work that waits for a person or for spare time ("whenever one of us
    # remembers", "when there's time"), and a plan with a date or a condition ("planned once we move", "next on the
    # list"). Not "this kind of data", not "when the drift alarm fires".
    r"\b(?:is|are|was|were|it's|they're) (?:meant|intended) to\b",
    r"(?:^|,\s*|\b(?:we|they|it|i|is|are|was|were|it's|that's)\s+)(?:sort|kind) of\b(?!\s+(?:a|an|the|thing)\b)",
    r"\bto (?:a|some|a certain) (?:degree|extent)\b|\bup to a point\b",
    r"\bwhen(?:ever)?\b[^.;]{0,50}\b(?:someone|somebody|anyone|people|one of us|we)(?: (?:from|in|on) (?:the )?[\w-]+)?"
    r"\s+(?:remembers?|asks?|complains?|notices|has time|have time|gets? (?:a|the) chance)\b",
    r"\b(?:when|if|whenever) (?:there's|there is|we have|we've got) (?:the |some |spare )?time\b|\btime permitting\b"
    r"|\bif time allows\b",
    r"\b(?:is|are) planned (?:once|after|when|as soon as|for when)\b|\bnext on (?:the|our|my) (?:list|agenda)\b",
)
_WEAK_BAD_STATE = _cue(
    r"\bby hand\b|\bmanual(?:ly)?\b|\bhand-?built\b|\bspreadsheets?\b|\bby e-?mail\b"
    r"|\bhand[- ](?:edits?|edited|changes?|made|written|tuned|rolled)\b",
    r"\b(?:in|into|from|with) (?:an? |the |some |our )?(?:excel|google sheets?|csv files?)\b"
    r"|\bone (?:row|file|record|image|item|document|ticket|table|model|sample) at a time\b",
    r"\bfrom (?:a|my|his|her|your|someone's|somebody's|their|[\w-]+'s) (?:own )?(?:laptop|desktop|workstation|pc)\b",
    # copy-paste work: a person carries the state from one place to the next
    r"\bcop(?:y|ied|ies|ying)(?:[- ]and[- ]|[- /])?past(?:e|es|ed|ing)\b|\bcopy of a copy\b",
    # a person in place of the tooling: "the pipeline is a person running scripts on Mondays", "one analyst copying"
    r"\b(?:is|are) (?:just |basically |really |still )?(?:a|one|some) (?:[\w-]+ )?(?:person|guy|human|intern"
    r"|colleague|analyst|engineer|contractor|dev|developer) (?:running|doing|clicking|copying|typing|pasting"
    r"|triggering|kicking off|moving|uploading)\b",
    # … or said by a pronoun (session 20, neg20): "every release is still me running deploy.sh", "it's just us
    # clicking through the console"
    r"\b(?:is|are|'s) (?:just |basically |really |still |always |all )*(?:me|us|him|her|someone|somebody|whoever"
    r"(?: is on call)?) (?:manually )?(?:running|clicking|copying|typing|pasting|triggering|kicking off|uploading"
    r"|ssh-?ing)\b",
    # a question answered with a shrug: "finance asks about ROI and we shrug"
    r"\b(?:we|they|i|the team|everyone|everybody|people) (?:just |mostly |basically )?shrug(?:s|ged)?\b",
)

# Classes of bad state said without a negation word, each a kind of work a practice exists to replace. They are
# written from what the classes are (manual, makeshift, unowned, shared-secret, unversioned, blind, stale or
# arbitrary work), not from answers; tests/review/test_bad_states.py holds sentences of each, and sentences of the
# practice itself that must not match.
# every column, field or attribute of a source ("… every field of the CRM", not "every column's description", not the
# ones a job needs, not "… and nothing else" / "the rest")
_EVERY_FIELD = (
    r"(?: [\w-]+){0,2}? (?:every|each|all(?: of)?(?: the| our)?|the (?:whole|entire))"
    r" (?!(?:required|needed|necessary|relevant|approved)\b)(?:[\w-]+ )?(?:columns?|fields?|attributes?)"
    r"\b(?!'s)(?![^.;]{0,40}\b(?:nothing else|the rest)\b)"
)
BAD_STATE_CLASSES: dict[str, re.Pattern[str]] = {
    # makeshift tooling in place of the practice: print statements, grepping logs, screenshots, sticky notes
    "makeshift": _cue(
        # a naming scheme or a loop in place of a tool: "a folder called final_final_v3", "a for-loop over a grid"
        r"\b(?:a|one|some) (?:folder|file|directory|bucket|sheet|tab)s? (?:called|named)\b|\bfinal_?(?:final|v\d)\w*"
        r"|\bfor[- ]loops?\b",
        # nothing spent on it: "the training budget for the team is zero"
        r"\b(?:budget|funding|time|headcount|investment|spend|test coverage)\b[^.;,]{0,30}\b(?:is|are|was|were)"
        r" (?:basically |practically |effectively |pretty much |literally )?(?:zero|nil)\b",
        r"\bprint(?:ln|f)? ?(?:statements?|lines?|calls?|debugging)\b|\bprint\(\)",
        r"\bgrep(?:s|ping|ped)? (?:through |the |our )?(?:logs?|output)\b|\btail(?:ing)? the logs?\b",
        r"\bscreenshots?\b|\bsticky notes?\b|\bpost-?its?\b|\bwhiteboard\b|\bnapkin\b|\bback of (?:an|the) envelope\b",
        r"\band pray\b|\bhope for the best\b|\bfingers crossed\b",
        r"\bduct[- ]tape\b|\bhacky\b|\bjury[- ]rigged\b|\bbailing wire\b|\bgut (?:feel(?:ing)?|instinct)\b",
        r"\bvibes?\b|\bby feel\b|\bby eye\b|\beyeball(?:s|ed|ing)?\b|\bpick(?:ed)? (?:it )?at random\b",
        r"\barbitrar(?:y|ily)\b|\bout of habit\b|\bbox[- ]ticking\b|\btick[- ]?box\b|\brubber[- ]stamp\w*\b",
        # a gate that lets everything through (session 23): an approval that grants itself or is granted by the person
        # it checks, a click on "accept", an authorizer that allows any token
        r"\bauto-?(?:approv(?:es|ed|ing|als?)|accept(?:s|ed|ing)?)\b(?!\s+by\s+(?:a\s+|the\s+|our\s+)?(?:policy|rules?))"
        r"(?!\s+(?:rates?|share|ratio|percentage|targets?|kpis?)\b)"
        r"|\bapprov\w*\s+(?:on\s+|of\s+)?(?:their|his|her)\s+own\s+"
        r"(?:changes?|pull requests?|prs?|merges?|releases?|models?|work|code)\b"
        r"|\bclicks?\s+(?:accept|approve|ok|okay)\b(?!\s+(?:through|in)\b)"
        r"|\b(?:allows?|accepts?|lets? through|returns? allow for)\s+(?:any|every|all)\s+(?:tokens?|requests?|callers?"
        r"|passwords?|keys?|credentials?|signatures?)\b",
        # written down afterwards from someone's memory (not data "served from memory")
        r"\b(?:written|writes?|updated?s?|filled in|fills in|recorded|records|noted|notes|reconstructed|typed"
        r"|entered)\s+(?:[\w-]+\s+){0,3}?from memory\b",
        r"\bfor show\b|\blip service\b|\bif you (?:can )?(?:count|call)\b|\bso-called\b",
        # a script or a page of commands in place of tooling: "CI/CD is a bash script", "a wiki page with the commands"
        r"\b(?:a|one|some|the) (?:bash|shell|batch|powershell) scripts?\b|\b(?:commands|steps) to (?:run|copy|paste)\b",
        # taken from wherever: "libraries come from wherever pip finds them"
        # idioms of doing without: "we just yolo it to prod", "a wild west", "a foreign concept", "a black box"
        r"\byolo\b|\bcowboy\w*\b|\bwing(?:s|ing)? it\b|\bwild west\b|\bfree[- ]for[- ]all\b|\bblack box\b"
        r"|\b(?:a |an )?(?:total |complete |bit of a )?mystery\b|\bforeign (?:concept|word|idea)\b"
        r"|\b(?:is|are) (?:basically |practically |effectively |pretty much )?(?:non-?existent|absent)\b"
        r"|\b(?:observability|monitoring|visibility|coverage|tracking|testing|documentation|governance|oversight"
        r"|tagging|lineage|review|reviews|alerting) (?:is|are) (?:basically |practically |effectively |pretty much )?"
        r"(?:zero|nil)\b"
        r"|\bnot a thing\b|\bnot on (?:our|the|anyone's|my) radar\b",
        r"\bwhatever (?:[\w-]+ ){0,3}(?:felt like|feels like|fancied|fancies)\b"
        r"|\brandom (?:files|folders|scripts|csvs?|dumps?|exports?)\b|\bfrom wherever\b"
        r"|\bwhatever (?:they|we|people|someone|anyone|you) (?:can )?(?:find|found|finds)\b"
        r"|\bwherever (?:it|they|pip|people|someone|we|the \w+) (?:finds?|puts?|likes?|wants?|lands?)\b",
        # what a tool happens to fetch, unpinned: "deps are whatever pip pulls that day", "straight off the internet"
        r"\bwhatever (?:[\w-]+ ){1,3}(?:pulls?|resolves?|installs?|serves?|fetch(?:es)?|downloads?|grabs?)\b"
        r"(?![^.;]{0,40}\b(?:lock ?files?|pinned|pins?|lock(?:ed|s)?)\b)"
        r"|\bstraight (?:off|from) the (?:public )?(?:internet|web)\b|\bunpinned\b"
        # "packages come from the public internet", not through a mirror or a pinned lock file said after it
        r"|\b(?:off|from) the public (?:internet|web)\b(?![^.;]{0,40}\b(?:mirror|proxy|pinned|lock ?files?|scanned"
        r"|vetted|approved|allow-?list\w*)\b)",
    ),
    # the knowledge or the work sits with one person, or with nobody in particular
    "unowned": _cue(
        r"\bonly (?:one (?:person|engineer|guy|dev|developer|of us)|\w+) (?:knows|understands|remembers)\b",
        r"\b(?:one|a single) (?:person|engineer|guy|dev|developer|contractor)\b[^.;]{0,30}\b(?:knows|understands)\b",
        r"\bin (?:someone's|somebody's|his|her|their|my|one person's|[a-z]+'s) heads?\b|\btribal knowledge\b"
        r"|\bbus factor\b",
        r"\bword of mouth\b|\bwhoever (?:wrote|built|set up|owns|touched|is (?:free|around))\b"
        # session 32: "judged by whoever happens to glance at the output that day"
        r"|\bwhoever (?:happens to|feels like|has (?:the )?time|gets to it)\b",
        r"\borphan(?:ed)?\b|\bif (?:someone|somebody|we) remembers?\b|\bbest[- ]effort\b",
        r"\b(?:someone|somebody|anyone|anybody) happens to\b|\bby (?:chance|luck|accident)\b",
        r"\bwhen(?:ever)? (?:someone|somebody|we|people|anyone) (?:remembers?|gets? (?:a)?round to it|has time"
        r"|feels? like it|thinks? of it|notices|asks)\b",
        # done if the person doing the work happens to think of it: "if the person releasing thinks of it", "whenever
        # whoever trains it thinks to add it", "on the ones someone remembered to tag"
        r"\b(?:if|when(?:ever)?) (?:someone|somebody|whoever|the person|the engineer|the developer|the dev|people"
        r"|anyone|they|he|she)\b[^.;,]{0,30}?\b(?:remembers?|thinks? (?:of it|about it|to)|bothers? to)\b",
        r"\b(?:someone|somebody|whoever|people|anyone) (?:remembered|thought|bothered) to\b",
        # the named owner is gone: "the document names a team that was dissolved in the reorg", "the owner left"
        r"\b(?:teams?|person|people|owners?|groups?|departments?|squads?) (?:that|which|who) (?:was|were|has been"
        r"|have been|got) (?:dissolved|disbanded|laid off|let go|merged away)\b",
        r"\b(?:owner|owners|author|maintainer)s? (?:left|has left|have left|quit)\b|\bwho (?:left|has left|have left"
        r"|quit) (?:the company|years ago|last year|in \d{4})\b",
        # done when someone from outside forces it: "access reviews happen when an auditor shows up"
        r"\bwhen(?:ever)? (?:an? |the |our )?(?:auditors?|audits?|regulators?|compliance)"
        r" (?:shows? up|turns? up|comes? (?:round|around|knocking)|asks?|demands?|insists?)\b",
    ),
    # one identity or secret for many people or for everything
    "shared_secret": _cue(
        r"\bshared (?:credentials?|passwords?|logins?|accounts?|keys?|tokens?|secrets?|admin|user|root)\b",
        r"\bsame (?:credentials?|passwords?|logins?|account|keys?|tokens?|role|user)\b[^.;]{0,30}"
        r"\b(?:everyone|everybody|everything|all|every)\b",
        # "all eleven data scientists use the same admin credentials"
        r"\bthe same (?:[\w-]+ ){0,2}(?:credentials?|passwords?|logins?|secrets?|access keys?|api keys?)\b"
        r"|\b(?:all|every|each|everyone|everybody)\b[^.;]{0,40}\b(?:use|uses|share|shares|log in (?:with|as)|have)"
        r" the same (?:[\w-]+ ){0,2}(?:roles?|users?|accounts?|keys?)\b",
        r"\bone (?:iam )?(?:role|user|key|account|password|token)\b[^.;]{0,15}"
        r"\bfor (?:everything|everyone|everybody|all)\b",
        r"\blong-?lived (?:access )?keys?\b|\bstatic (?:access |api )?keys?\b",
        r"\broot (?:account|credentials?|user|keys?|access)\b"
        r"|\b(?:admin|administrator) (?:for|to) (?:everyone|everybody)\b",
        r"\b(?:keys?|credentials?|secrets?|passwords?|tokens?)\b[^.;,]{0,30}\b(?:in|on|into|through|top of) "
        r"(?:the |a |our )?"
        r"(?:[\w-]+ )?(?:repo(?:sitory)?|git|wiki|chat|slack|teams|notebook|source code|code|readme|email|spreadsheet"
        r"|\.env)\b"
        r"(?![- ]?(?:secrets? manager|vault|parameter store|kms))",
    ),
    # the only copy lives on a person's machine or a drive nobody manages
    "unmanaged_place": _cue(
        r"\bon (?:a|an|the|my|his|her|their|our|someone's|somebody's|people's|one person's)\s+(?:[\w-]+\s+)?"
        r"(?:[\w-]+(?:'s|s')\s+)?"
        r"(?:own\s+|personal\s+|local\s+)?(?:laptops?|desktops?|workstations?|pcs?)\b",
        r"\bon [A-Z]?[\w-]+(?:'s|s') (?:own )?(?:laptops?|desktops?|workstations?|pcs?)\b",
        r"\b(?:personal|home) (?:machines?|disks?|drives?|copy|copies|folders?|directory)\b",
        r"\b(?:a|the|our) shared (?:drive|folder|vm|server|box|machine|ec2 instance|jump ?box)\b"
        r"|\busb (?:stick|drive|key)\b|\bdesktop folder\b"
        r"|\bworks on my machine\b",
    ),
    # state replaced in place, so there is nothing to go back to
    "overwritten": _cue(
        r"\boverwrit(?:e|es|ing|ten)\b|\bwrit(?:e|es|ten) over\b|\bclobber\w*\b",
        # "each deploy replaces the old artifact" (not when the old one is kept: "… and the old one stays in the
        # registry")
        r"\breplac(?:e|es|ed|ing) (?:the )?(?:old|previous|last|existing|prior|current|running) (?:one|version|model"
        r"|artifact|artefact|file|copy|build|image|weights|dataset|data)\b"
        r"(?![^.;]*\b(?:kept|keep|keeps|stays?|remains?|retained|archived|versioned|registry|alias|roll\w* back)\b)",
        r"\b(?:only|just) (?:ever )?(?:(?:has|have|keeps?|stores?|holds?|serves?) )?(?:the )?"
        r"(?:latest|last|current|newest) (?:one|version|copy|model|file|build|artifacts?|artefacts?|image|weights)\b",
        r"\bkeep (?:only |just )?(?:one|a single) (?:version|copy|model|artifact|artefact)\b"
        r"|\b(?:gone|deleted|removed|lost|thrown away|replaced|dropped)\b[^.;,]{0,20}\b(?:after|on|with|when|at)"
        r" (?:each|every|a|the next) (?:new )?(?:deploy\w*|release|version|push|one ships|model ships"
        r"|model goes live)\b",
        # the old one is gone: "if it misbehaves the previous one is simply gone"
        r"\b(?:old|previous|last|earlier|prior) (?:one|version|model|artifact|artefact|copy|build|weights)s?"
        r" (?:is|are|was|were) (?:simply |just |then |completely |already |long )?(?:gone|lost)\b",
        r"\b(?:refresh|updat|rewrit|rebuil|regenerat|reload|recomput)\w* in place\b"
        r"|\b(?:is|are|becomes?) (?:just )?history\b|\bgone for good\b",
        r"\b(?:the )?latest tag\b|\b:latest\b|\bedit(?:s|ed|ing)? (?:it |them |things )?(?:in place|live|in prod\w*)\b",
        r"\b(?:means?|meant|would mean) (?:re-?train\w*|start\w* (?:over|again|from scratch)|rebuild\w*|redo\w*"
        r"|recreat\w*)\b",
        r"\bhot-?fix(?:es|ed)? (?:in|on) prod\w*\b|\bssh(?:es|ed|ing)? (?:in|into|onto)\b|\bclick-?ops\b",
        r"\b(?:clicks?|clicking|clicked) (?:around )?(?:through |in )?(?:the )?(?:aws |sagemaker )?console\b",
        r"\b(?:edit|edits|edited|editing|change|changed|changes|tweak\w*|configured|set up) (?:[\w-]+ ){0,2}?"
        r"(?:in|through|via) the (?:aws |sagemaker |management |web )?console\b",
        r"\bpush(?:es|ed)? (?:it |them |changes )?(?:straight |right )?(?:to|into) prod(?:uction)?\b",
    ),
    # checked by nobody: taken on trust, or found out from the damage
    "unchecked": _cue(
        r"\bwe (?:just |simply )?(?:trust|assume)\b(?!\s+(?:an? |the |that )?(?:[\w-]+ )?roles?\b)",
        r"\bon (?:trust|faith)\b|\bat face value\b",
        r"\bfinds? out (?:afterwards|later|after|when|because|from|the hard way)\b"
        r"|\bfinds? out (?:about )?(?:[\w-]+ ){1,3}?(?:afterwards|later|when|the hard way)\b",
        r"\bfound out (?:afterwards|later|the hard way)\b|\bthe hard way\b",
        r"\b(?:evaluat|validat|test|scor|measur|check)\w*\b[^.;,]{0,30}"
        r"\bon the (?:same )?training (?:data|set|split)\b",
        r"\ball (?:the |of the |our )?traffic (?:at once|immediately|straight away|in one go|on day one|right away)\b"
        r"|\bbig[- ]bang\b|\ball at once\b|\bin one go\b|\bstraight to 100 ?%"
        r"|\b100 ?% of (?:the )?traffic (?:at once|straight away|immediately|on day one)\b",
        # a release reaching everyone together: "updates go to the whole fleet at once", "it's pushed to every store
        # the same day" (not "we score all customers at once": only what goes out to them)
        r"\b(?:go(?:es)?|went|gets? (?:pushed|sent|rolled out)|reach(?:es|ed)?|hits?|rolled out|pushed|deployed|shipped"
        r"|released|sent|lands?|landed) (?:out )?(?:to|on) (?:the (?:whole|entire) |every |all (?:the |of the |our )?)"
        r"(?:fleet|user ?base|users?|customers?|devices?|cars?|vehicles?|stores?|shops?|regions?|sites?|tenants?"
        r"|clients?)\b[^.;,]{0,12}?\b(?:at once|in one go|simultaneously|at the same time|(?:on )?the same day)\b",
    ),
    # open to anyone on the network
    "exposed": _cue(
        # sensitive values kept as they are: "the feature store holds raw social security numbers"
        r"\b(?:raw|unmasked|clear-?text|full) (?:pii|personal data|social security numbers?|ssns?|card numbers?"
        r"|credit card numbers?|passport numbers?|national ids?|account numbers?|phone numbers|e-?mail addresses)\b",
        r"\bwide open\b|\b0\.0\.0\.0/0\b|\bopen to the (?:internet|world|public)\b|\bpublic (?:buckets?|urls?|ips?)\b"
        r"|\bpublicly (?:readable|writable|listed)\b|\bunauthenticated\b|\banonymous access\b|\bover (?:plain )?http\b",
        # access far broader than the work: admin or full-access policies, wildcards
        r"\b(?:administratoraccess|poweruseraccess|[a-z0-9]+fullaccess)\b|\b[a-z0-9]+:\*"
        r"|\bwildcard (?:polic\w+|permissions?)\b|\bgod mode\b",
        r"\bfull (?:admin|administrator|s3|read[- ]write)? ?access to (?:every|all|any|the whole|the entire)\b",
        # one role or job that reaches every store: "the service role can read every bucket in the account"
        r"\bcan (?:read|write|access|delete|modify|reach) (?:every|any|all(?: the| of the)?) (?:[\w-]+ ){0,2}?"
        r"(?:buckets?|tables?|datasets?|secrets?|resources?)\b(?! (?:it|they|we|he|she) (?:needs?|uses?|owns?))",
        # sensitive data where it should not be
        r"\b(?:real|live|raw|production|prod) (?:customer |patient |user |personal )?data "
        r"(?:is |are |gets? )?(?:copied )?(?:in|into|to) (?:dev|test|staging|notebooks?|laptops?|logs?)\b",
        r"\bpii (?:in|into) (?:the )?logs?\b",
        # the whole company can read it
        r"\b(?:read|access|see|open to|available to|visible to|shared with)\b[^.;]{0,30}"
        r"\b(?:the whole|the entire|all of the) (?:company|org\w*|business)\b"
        r"|\b(?:the whole|the entire|half the|half of the) (?:company|org\w*) (?:can|has|have)\b"
        r"|\b(?:readable|writable|accessible|editable) (?:by|to) (?:the whole|the entire|all of the) (?:company|org\w*"
        r"|business)\b",
        # half the company is no narrower: "readable by half the engineering org"
        r"\b(?:read|access|see|open to|available to|visible to|shared with|readable by|writable by|accessible to"
        r"|accessible by)\b[^.;]{0,30}\bhalf(?: of)? the (?:[\w-]+ )?(?:company|org\w*|business|staff|employees)\b"
        r"|\bhalf(?: of)? the (?:[\w-]+ )?(?:company|org\w*|business|staff|employees) (?:can|has|have)\b",
        # the whole store to everyone: "nobody gets the whole lake" denies it
        r"\b(?:gets?|has|have|sees?) (?:access to )?(?:the whole|the entire|all of the) (?:data )?"
        r"(?:lake|bucket|account|database|warehouse)\b",
    ),
    # a job that runs or a signal that fires with nobody acting on it: blind schedules, ignored alerts
    "blind": _cue(
        r"\bregardless\W*$|\bno matter (?:what|whether|if)\b|\bblindly\b|\bwhether or not (?:anything|it|something)\b",
        r"\b(?:ignored|muted|snoozed|silenced)\b|\b(?:we|everyone|people|they) (?:just )?ignore\b|\balert fatigue\b",
        r"\bfire and forget\b|\bset and forget\b|\bset it and forget\b",
        r"\b(?:lists?|inbox(?:es)?|channels?|mailbox(?:es)?|address(?:es)?|pagers?|topics?|queues?)\b[^.;,]{0,25}"
        r"\b(?:deleted|removed|archived|disabled|defunct|dead|decommissioned)\b",
        r"\beven (?:when|if|though) (?:there(?:'s| is| are) )?(?:no|nothing|none|nobody)\b",
        r"\b(?:is|are|stays?|runs?|kept|left) always[- ]on\b",
        # "cost per activity is in Cost Explorer, if anyone looked"
        r"\bif (?:anyone|anybody|someone|somebody|we) (?:ever )?(?:looked|checked|cared|bothered)\b",
        # up all the time for work that runs now and then
        r"\bstays? (?:up|on|running) (?:24/7|24x7|around the clock|round the clock|all (?:day|week|the time))\b",
        # a signal nobody feeds: "the model metrics page has been empty since March"
        r"\b(?:empty|blank|dead|silent|flat-?lined) (?:since|for (?:weeks|months|ages|a (?:year|month|while)))\b"
        r"|\b(?:dashboards?|pages?|reports?|charts?|graphs?|panels?)\b[^.;,]{0,30}\b(?:is|are|has been|have been)"
        r" (?:always |still )?(?:empty|blank)\b",
        # a check set so that it never acts: "budgets are set, but way too high to ever trigger"
        r"\btoo (?:high|low|loose|lax|late|noisy|coarse|big|small|rare|lenient|generous|wide) to"
        r" (?:ever |actually |really )?(?:trigger|fire|matter|catch|notice|act on|be useful|mean anything|go off"
        r"|kick in)\b",
    ),
    # every field carried along whether or not the work needs it: "the older pipelines copy every column across",
    # "every attribute is kept just in case"
    "hoarded": _cue(
        # not the columns a job needs, not "… and nothing else" / "drops the rest"
        rf"\b(?:cop(?:y|ies|ied|ying)|grab(?:s|bed|bing)?|hoard(?:s|ed|ing)?){_EVERY_FIELD}",
        # "dump" only with a place it goes to: with none it is throwing away ("we dump all the PII fields before
        # training")
        rf"\bdump(?:s|ed|ing)?{_EVERY_FIELD}"
        r"(?=[^.;]{0,40}\b(?:into|onto|across|over|to (?:the|a|an|our|s3|every|each))\b)",
        r"\b(?:every|all(?: the| our)?) (?:[\w-]+ )?(?:columns?|fields?|attributes?)\b[^.;]{0,40}\bjust in case\b",
        # whatever is hoarded (session 20): "we hoard checkpoints", so "we don't hoard them" is the good state
        r"\bhoard(?:s|ed|ing)?\b",
    ),
    # found out only from the harm (session 20, neg20): "nobody notices until a customer complains", "we don't find
    # out until the bill arrives", "no one knows it broke till the weekly report". Not a gate that waits ("nobody
    # deploys until the tests pass", "nobody sees the predictions until they are reviewed").
    "noticed_late": _cue(
        r"\b(?:nobody|no one|noone|nothing|we (?:don't|do not|never)|they (?:don't|do not|never)|never)\s+"
        r"(?:[\w'-]+\s+){0,3}?(?:notic\w*|finds? out|found out|finding out|knows?|knew|hears? (?:about )?"
        r"|heard (?:about )?|realis\w*|realiz\w*|spots?|spotted|catch(?:es)? (?:it|on)|caught (?:it|on)|learns?"
        r"|learned|learnt|detects?|detected)\b[^.;]{0,40}?\b(?:until|till|unless)\b",
    ),
    # a review or document that is the last one copied again, so nothing was looked at: "it's the same paragraph
    # pasted into each model card with the date changed", "copy-pasted from the template", "a boilerplate form"
    "boilerplate": _cue(
        # copied from an earlier one, not copying things somewhere ("analysts copy-paste flagged predictions into the
        # review sheet")
        r"\b(?:copy-?pasted|copied and pasted) (?:from|over from)\b"
        r"|\b(?:is|are|was|were|it's|all|just) (?:copy-?pasted|copied and pasted)\b"
        r"|\b(?:copy-?pasted|copied and pasted) (?:section|paragraph|text|review|report|statement|answer|form)s?\b",
        r"\b(?:a|the|just|pure|all|is|it's) boilerplate\b(?! code\b)",
        r"\bthe same (?:[\w-]+ ){0,3}(?:pasted|copied|reused|re-used|recycled)\b",
        r"\b(?:pasted|copied|reused|re-used|recycled)\b[^.;]{0,60}\bwith (?:only |just )?the (?:[\w-]+ )?"
        r"(?:date|name|version|version number|title|year)s? (?:changed|swapped|updated|bumped|filled in|edited)\b",
        r"\bwith only the (?:[\w-]+ )?(?:date|name|version|version number|title|year)s? (?:changed|swapped|updated"
        r"|bumped|filled in|edited)\b",
    ),
    # the same work done again in several places, so the copies drift apart
    "duplicated": _cue(
        r"\b(?:each|every|all)\s+(?:[\w-]+\s+){0,2}re-?(?:computes?|implements?|writes?|builds?)\b"
        r"|\breinvent\w*\b",
        r"\bre-?(?:computes?|computed|implements?|implemented|writes?|builds?)\b[^.;,]{0,40}"
        r"\b(?:its|their|his|her) own\b",
        r"\b(?:several|multiple|many|two|three|four|five|six|seven|\d+) (?:different |competing |slightly different )?"
        r"(?:versions|copies|definitions|flavou?rs) of (?:the same|it|each|every)\b",
        # environments that differ: "prod runs a different container image and different feature config from staging"
        r"\b(?:different|older|newer) (?:[\w-]+ ){0,2}(?:images?|configs?|configurations?|versions?|code|features?"
        r"|libraries|dependencies|settings|types?|containers?|stacks?|runtimes?)\b[^.;,]{0,40}\b(?:from|than|to|in)"
        r" (?:the )?(?:staging|prod\w*|dev\w*|training|test\w*)\b"
        r"|\bdrifted apart\b|\bout of sync\b",
        # the same logic written twice: "the serving side computes the features with its own Java code … written by
        # different teams"
        r"\b(?:written|built|maintained|implemented|coded) (?:separately )?by (?:two |different |separate )"
        r"(?:teams|people|groups|developers)\b|\bwith (?:its|their) own (?:[\w-]+ )?(?:code|implementation|logic)\b",
    ),
    # things break as a matter of course (not "rolled back if it breaks", not "broken down by tag", not "we don't
    # break that bill down by team", not "spend per team isn't broken out": to break a thing down or out is to itemise
    # it)
    "fragile": _cue(
        r"\b(?:breaks?|broke|crash(?:es|ed)?|falls? over|fell over)\b(?!\s+(?:[\w-]+\s+){0,3}(?:down|out)\b)"
        # (session 32: crashes counted are a measure, not a state: "crash reports", "crash and latency metrics")
        r"(?!\s+(?:and\s+[\w-]+\s+)?(?:reports?|rates?|metrics|logs?|dashboards?|data|counts?|analytics"
        r"|alerts?|alarms?|reporting|monitoring|signals?|numbers|stats|statistics|telemetry|tracking|free)\b)"
        r"|\bbroken\b(?!\s+(?:down|out)\b)",
        # failing unnoticed: "the drift job has been failing silently for months"
        r"\bfail(?:s|ing|ed)? (?:silently|quietly|unnoticed|for (?:days|weeks|months|ages|a while))\b"
        r"|\bsilently (?:fail\w*|broken|dead|stopped)\b",
        # a record pointing at what is gone: "the tags point at commits that were squashed away", "the parent job it
        # points at was deleted", "the images they point to have been deleted from ECR"
        r"\b(?:points?|pointed|pointing|refers?|referred|links?|linked) (?:at|to)\b(?:(?!\b(?:and|but)\b)[^.;]){0,40}?"
        r"\b(?:(?:was|were|has been|have been|got) (?:deleted|squashed|dissolved|disbanded|decommissioned|wiped)"
        r"|no longer exists?|(?:is|are) gone)\b",
    ),
    # consumers wired straight to what should sit behind a stable interface
    "coupled": _cue(
        # "swapping the model means every client has to redeploy"
        r"\b(?:every|each|all(?: the)?|all of the) (?:clients?|apps?|applications?|consumers?|callers?|teams?"
        r"|services?) (?:has|have|needs?|must) to (?:redeploy|rebuild|re-?release|change|update|ship)\b",
        r"\b(?:calls?|calling|called|talks? to|talking to|talked to|hits?|hitting|quer(?:y|ies|ying|ied)|loads?|loading"
        r"|loaded|reads?|reading|connects? to|connecting to)\b[^.;,]{0,40}\bdirectly\b",
        r"\bstraight (?:out of|from) (?:the )?(?:model's |training )?(?:tables?|database|db|bucket)\b",
        r"\bloads? (?:the )?(?:pickle|pickled model|model|joblib|onnx|weights?)(?: files?)? "
        r"(?:itself|themselves|directly)\b|\bin (?:its|their|the app's|the client's) own process\b",
        r"\b(?:new|every|each|any) model(?: change| version| update)? means re-?(?:deploy|build|releas|ship)\w*",
        r"\bhard-?wired\b|\btightly coupled\b|\bmonolith\w*\b"
        r"|\bone (?:big|giant|huge|massive) (?:notebook|script|service|app|application|repo|codebase)\b",
    ),
    # a decision nobody revisited, or taken before anyone checked: stale, inherited or idle resources
    "stale": _cue(
        r"\b(?:someone|somebody|a contractor|an intern|the first engineer)"
        r" (?:wrote|set up|built|picked|chose|configured)(?: [\w-]+){0,4}? (?:years|ages|months) ago\b",
        r"\bout of date\b|\boutdated\b|\bstale\b|\bobsolete\b|\bbit-?rot\w*\b",
        # a routine not kept (session 20, neg20): "Access reviews are quarterly. The last one happened years ago."
        r"\bthe (?:last|latest|most recent|previous) (?:one|review|audit|check|run|update|refresh|rotation|test"
        r"|retrain(?:ing)?|assessment|analysis) (?:was|happened|ran|took place|were)\b[^.;]{0,20}?"
        r"\b(?:(?:a few|two|three|four|five|several|many|\d+) years|years|ages|over a year|more than a year"
        r"|a year and a half) ago\b"
        r"|\bthe (?:last|latest|most recent|previous) (?:one|review|audit|check|run|update|refresh|rotation|test"
        r"|retrain(?:ing)?|assessment|analysis) (?:was|happened|ran|took place|were) before (?:i|we|most of us"
        r"|anyone here) (?:joined|started|got here)\b",
        r"\bbecause (?:that's|that is|it's|it is|it was|that was) (?:what|how) [\w\s']{0,40}"
        r"\b(?:picked|chose|chosen|used|had|did|said|came with|defaulted|suggested|started|set)\b",
        r"\bbefore (?:anyone|anybody|someone|we|they) (?:had |even )?(?:asked|checked|looked|measured|tested|evaluated"
        r"|considered|thought|validated|compared|questioned|profiled|benchmarked)\b",
        r"\b(?:[0-9]|1[0-9])\s?%\s+(?:utili[sz]\w*|busy|load|cpu|gpu|usage)\b|\b(?:sits?|sitting|mostly|left) idle\b",
        r"\bleft (?:at|on) (?:the |its |their )?defaults?\b",
        # Scaling that cannot scale: the same minimum and maximum ("min 1, max 1"), or a maximum of one instance.
        r"\bmin(?:imum)?(?: capacity| instances?)?\s*(?:of |is |=\s*|:\s*)?(?P<floor>\d+)\b[^.;]{0,20}?"
        r"\bmax(?:imum)?(?: capacity| instances?)?\s*(?:of |is |=\s*|:\s*)?(?P=floor)\b",
        r"\bmax(?:imum)?(?: capacity| instance count)?\s*(?:of |is |is set to |set to |=\s*|:\s*)?(?:1|one) instance\b",
        r"\bwhatever (?:we|they|someone|somebody|the \w+) (?:picked|chose|had|used|set|started with|guessed)\b",
        r"\b(?:on|use|uses|used|pick|picks|picked|chose|choose|went with|run|runs) (?:the )?(?:biggest|largest)"
        r" (?:instances?|gpus?|boxe?s?|machines?|instance types?)\b",
        r"\bto be (?:on the )?safe(?: side)?\b|\bleft running\b"
        r"|\b(?:leave|leaves|leaving|left) (?:[\w-]+ ){0,3}?(?:running|switched on|turned on|powered on)\b"
        r"|\bruns? (?:all|over the) (?:weekend|night|week)\b|\bfixed (?:fleet|capacity|instance count)\b"
        r"|\balways[- ]on (?:endpoints?|instances?|clusters?|notebooks?|gpus?)\b",
        r"\bpinned (?:at|to) (?:\w+ )?instances?\b",
        # a scaling range of one size: "min = max = 4"
        r"\bmin(?:imum)?\s*(?:=|equals?|is the same as|and max(?:imum)? (?:are|both) (?:set )?(?:to|at))\s*"
        r"(?:max(?:imum)?|\d+)\b",
        r"\bbecause (?:the|our) (?:ceo|cto|cio|vp|boss|board|execs?|executives?|leadership|management|sales team) "
        r"(?:wanted|asked|said|liked|insisted|decided)\b|\bsay-?so\b|\bpet project\b|\bhype\b|\bfomo\b"
        r"|\beveryone else (?:is|was) doing\b|\b(?:the way we've|what we've) always done\b",
        r"\bshouts? (?:the )?loudest\b",
        r"\bidle (?:most|all|half|much) (?:of )?(?:the )?(?:time|day|week|night)\b|\bjust in case\b"
        r"|\bover-?provision\w*\b",
        r"\boversized (?:instances?|endpoints?|clusters?|nodes?|boxe?s?|machines?|fleet|gpus?)\b",
    ),
}


# Work on a laptop is the practice itself when it is a small experiment ("try ideas locally before a cloud job").
_LOCAL_WORK = _cue(
    r"\bexperiment\w*|\bprototyp\w*|\b(?:try|tries|tried|trying)\b|\blocal mode\b|\bsmall\b|\bsamples?\b"
    r"|\bdebug\w*|\bexplor\w*|\bbefore (?:moving|scaling|going)\b"
)
# Breaking as a condition of an action is the practice ("pulled automatically if crash rates rise").
_CONDITIONAL_BREAK = _cue(
    r"\b(?:if|when|whenever|before|in case|unless|should|once|until|catch|catches|prevent\w*|avoid\w*|detect\w*"
    r"|alert\w*)\b[^.;,]{0,40}\b(?:breaks?|broke|broken|crash\w*|falls? over|fell over)\b"
)
# Replacing the old version as the condition of a check is the practice ("Before a new version replaces the old one we
# run both and compare").
_CONDITIONAL_REPLACE = _cue(
    r"\b(?:before|until|unless|once|when|whenever|if|after)\s+(?:[\w'-]+\s+){1,5}?(?:replac(?:e|es|ed|ing)"
    r"|overwrit(?:e|es|ing|ten))\s+(?:the )?(?:old|previous|last|existing|prior|current|running)\b"
)
# classes whose own words are a negation the double-negative rule would cancel ("nobody notices until …")
_READ_UNRESOLVED = frozenset({"noticed_late"})
_EXCEPT = {"unmanaged_place": _LOCAL_WORK, "fragile": _CONDITIONAL_BREAK, "overwritten": _CONDITIONAL_REPLACE}


def bad_state_classes(clause: str) -> frozenset[str]:
    """Which classes of bad state the clause states (after cancelling negations: "never on a laptop" is none)."""
    text = _resolved(clause)
    found = {
        name
        for name, pattern in BAD_STATE_CLASSES.items()
        if pattern.search(clause if name in _READ_UNRESOLVED else text)
        and not (name in _EXCEPT and _EXCEPT[name].search(text))
    }
    if "unmanaged_place" in found and Fact.ON_DEVICE in stated_facts(text):
        found.discard("unmanaged_place")  # "inference runs on the user's laptop": where the model runs, by design
    return frozenset(found)


_HUMAN_PRACTICE = _cue(r"\b(?:review|reviews|reviewed|reviewing|inspect\w*|approv\w*|sign(?:s|ed)? off|audit\w*)\b")


# "We run our own cluster rather than a managed service": the alternative not taken says nothing about what is done.
# The alternative runs to the end of the clause, or to the subject of what was done instead ("Instead of canary
# deployments we just swap the model").
_ALTERNATIVE = re.compile(
    r",?\s*\b(?:rather than|instead of|as opposed to)\b(?!\s*the (?:rule|norm)\b)\s*(?P<alternative>[^,;.\s][^,;.]*?)"
    r"(?=\s+(?:we|they|i|he|she|everyone|everybody|people|someone|somebody|nobody|no one)\b|\s*[,;.]|\s*$)",
    re.IGNORECASE,
)


def core_text(clause: str) -> str:
    """What the clause says is done, without the alternative it was chosen over."""
    return _ALTERNATIVE.sub("", clause).strip(" ,") or clause


def alternatives(clause: str) -> list[str]:
    """The alternatives not taken ("everyone uses one role *instead of per-project roles*" → "per-project roles")."""
    return [m.group("alternative").strip() for m in _ALTERNATIVE.finditer(clause)]


# A negation inside a condition describes when something happens, not a practice left undone: "the retrain is
# skipped when nothing changed", "if there's no drift the job stops".
_NEGATIVE_CONDITION = re.compile(
    r"(?<!\beven )\b(?:if|when|whenever|unless|in case)\s+(?:there(?:'s| is| are| was| were)\s+)?(?:no|nothing|none)\b"
    r"[^,.;]*"
    # "the job alerts when a step fails to finish": a failure as the condition of an action
    r"|\b(?:if|when|whenever|in case|once)\s+(?:[\w'-]+\s+){0,5}?fail(?:s|ed)? to(?:\s+[\w'-]+){0,3}"
    # "deleted after a week without traffic", "stopped after an hour with no activity": how long nothing happened
    # (session 32: "shut themselves off after an hour of nobody typing")
    r"|\b(?:after|once|following)\s+(?:an?|one|two|three|\d+|[\w-]+)\s+(?:[\w-]+\s+)?(?:without|with no|of no"
    r"|of nobody|of no one|of noone)\b"
    r"[^,.;]*",
    re.IGNORECASE,
)


def _resolved(clause: str) -> str:
    """The clause with cancelling negations and replies taken out, so that what remains is its own polarity."""
    text = _EMPHASIS.sub(" ", _EMPHATIC_NOT.sub("", core_text(clause)))
    text = _NEGATIVE_CONDITION.sub(" ", text)
    text = _ENDED.sub(" ", text)
    text = _DOUBLE_NEGATIVE.sub(" ", text)
    text = _cancel_negated_lack(text)
    text = _IMPOSSIBLE_HARM.sub(" ", text)
    text = _SPARED_NEGATION.sub(" ", text)
    text = _MANUAL_REPLACED.sub(" ", text)
    text = _cancel_exclusive_access(text)
    return _negated_bad_states(_NEGATED_BAD_MANNER.sub(" ", text))


# A negation shortly before a bad state, in the same stretch of words, denies the bad state: "nothing sits idle",
# "there are no shared passwords", "models are never copy-pasted between accounts". Both go.
_NEGATION_BEFORE = re.compile(
    r"\b(?:not|never|no|nothing|nobody|no one|none|neither|nor|n't)\s+(?:[\w'-]+\s+){0,6}$|n't\s+(?:[\w'-]+\s+){0,6}$",
    re.I,
)
# A weak bad state is a manner ("by hand"): only a negation close before it denies the manner rather than the work
# ("we don't have anyone looking at individual predictions by hand" denies the looking).
_NEGATION_JUST_BEFORE = re.compile(
    r"\b(?:not|never|no|nothing|nobody|no one|none|neither|nor|n't)\s+(?:[\w'-]+\s+){0,4}$|n't\s+(?:[\w'-]+\s+){0,4}$",
    re.I,
)


# The negation has a verb of its own and the bad state opens the next one: "the setups are never compared and drifted
# apart long ago" denies the comparing, not the drifting; both stay.
_OWN_PREDICATE_BEFORE = re.compile(
    r"(?:never|not|n't)\s+(?:been\s+)?\w+(?:ed|en|t|wn|ne)\s+(?:[\w'-]+\s+){0,2}(?:and|but)\s+"
    r"(?:(?:have|has|had|is|are|was|were|got)\s+)?$",
    re.I,
)


def _negated_bad_states(text: str) -> str:
    # "nobody reviews predictions by hand": when people checking things is the practice, the manner is not the point
    weak = () if _HUMAN_PRACTICE.search(text) else (_WEAK_BAD_STATE,)
    # A class whose exception holds states no bad state to deny: "nobody is alerted when something breaks" keeps its
    # negation (breaking is the condition there, not the state).
    classes = [p for name, p in BAD_STATE_CLASSES.items() if not (name in _EXCEPT and _EXCEPT[name].search(text))]
    for pattern in (*classes, *weak):
        window = _NEGATION_JUST_BEFORE if pattern is _WEAK_BAD_STATE else _NEGATION_BEFORE
        for m in reversed(list(pattern.finditer(text))):
            before = window.search(text[: m.start()])
            if before and not _OWN_PREDICATE_BEFORE.match(text[before.start() : m.start()]):
                text = text[: before.start()] + " " + text[m.end() :]
    return text


def cancels_negation(clause: str) -> bool:
    """Is the clause positive only because its negations cancel ("never … without", "never … directly"), or because
    what stopped is a bad state ("we no longer leave GPU instances running over the weekend")?"""
    if _NEGATIVE.search(_resolved(clause)):
        return False
    return bool(_NEGATIVE.search(clause)) or bool(_CEASED.search(clause) and _ended_bad_state(clause))


def partial_wording_at(clause: str) -> int | None:
    """Where the clause's first word of partial doing starts ("only for some", "mostly", "half"), or None."""
    m = _PARTIAL.search(clause)
    return m.start() if m else None


def states_bad_practice(clause: str) -> bool:
    """Does the clause describe a bad state (plain text, by hand, no way back) without saying "not"?"""
    text = _resolved(clause)
    if _BAD_STATE.search(text) or _PROBLEM.search(text) or bad_state_classes(clause):
        return True
    return bool(_WEAK_BAD_STATE.search(text)) and not _HUMAN_PRACTICE.search(text)


_NEGATOR = re.compile(
    r"\b(?:not|never|no|nobody|no one|nothing|none|without|lack|lacks|lacking|neither|nor|dont|doesnt|didnt|havent"
    r"|hasnt|isnt|arent|wasnt|werent)\b|n't\b",
    re.IGNORECASE,
)
_SCOPE_END = re.compile(r"[,.;:!?]|\b(?:and|but|so|because|since|as|which|while|though|although)\b", re.IGNORECASE)
_STOP = frozenset(
    "a an the any our their its it is are was were be been being do does did have has had we they i you he she of to "
    "in on at for with by from yet really at all ever even one anyone anything whatsoever there this that these those "
    "can could would should will just up out or nor".split()
)


def negated_terms(text: str) -> frozenset[str]:
    """Content words inside the scope of a negation ("we do not track lineage of datasets" → track, lineage,
    dataset), crudely stemmed; used to tell whether two negative statements deny the same thing."""
    terms: set[str] = set()
    text = _resolved(text)
    for m in _NEGATOR.finditer(text):
        rest = text[m.end() :]
        end = _SCOPE_END.search(rest)
        words = re.findall(r"[a-z][a-z-]+", (rest[: end.start()] if end else rest).lower())
        terms.update(_stem(w) for w in words if w not in _STOP)
    return frozenset(terms)


HEAD_WORDS = 2  # a denial's head: the first content words in its scope ("nothing was checkpointed" → checkpoint)


def denied_heads(text: str) -> frozenset[str]:
    """What each negation of the text denies, by its first content words ("we have no automatic shutdown of any kind"
    → automatic, shutdown; "the ROI was calculated once and never looked at again" → look, again), crudely stemmed.
    Narrower than `negated_terms`: a clause that affirms a head says the opposite of the denial."""
    heads: set[str] = set()
    text = _resolved(text)
    for m in _NEGATOR.finditer(text):
        rest = text[m.end() :]
        end = _SCOPE_END.search(rest)
        words = [
            w for w in re.findall(r"[a-z][a-z-]+", (rest[: end.start()] if end else rest).lower()) if w not in _STOP
        ]
        heads.update(_stem(w) for w in words[:HEAD_WORDS])
    return frozenset(heads)


SHARED_STEM = 5  # two stems of at least this length meet when one begins the other ("compil" / "compilation")


def shares_terms(a: frozenset[str], b: frozenset[str]) -> bool:
    """Do two sets of stemmed terms share a word, allowing for crude stems ("checkpoint"/"checkpointing")?"""
    return bool(a & b) or any(
        min(len(x), len(y)) >= SHARED_STEM and (x.startswith(y) or y.startswith(x)) for x in a for y in b
    )


_OPEN = re.compile(
    r"\b(?:any|anyone|anybody|everyone|everybody|every|all|whoever|wide open|public(?:ly)?)\b", re.IGNORECASE
)
_RESTRICTED = re.compile(
    r"\b(?:only|solely|exclusively|nobody but|no one but|no one except|nobody except|limited to|restricted to"
    r"|scoped to|locked down to)\b",
    re.IGNORECASE,
)


def opens_up(text: str) -> bool:
    """Does a sentence describe something open to anyone ("any role in the account can invoke the endpoint")?"""
    return bool(_OPEN.search(text))


def restricts(text: str) -> bool:
    """Does a clause restrict who or what may ("only the checkout service's role can invoke the endpoint")?"""
    return bool(_RESTRICTED.search(text))


def has_negation(text: str) -> bool:
    """Does the text say not/never/no/without … at all (even when the negations cancel)?"""
    return bool(_NEGATOR.search(text))


def negation_count(text: str) -> int:
    return len(_NEGATOR.findall(_resolved(text)))


def content_terms(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in re.findall(r"[a-z][a-z-]+", text.lower()) if w not in _STOP)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def polarity(clause: str) -> Polarity:
    """What the clause's own wording says about doing the practice (before comparing it with the practice)."""
    if _NOT_APPLICABLE.search(clause) or stated_facts(clause):
        return Polarity.NOT_APPLICABLE
    if _HEDGE.search(clause):  # "we mostly follow best practices, I guess" is a hedge, not a partial
        return Polarity.HEDGE
    if _TRAILING_NO.search(clause):
        return Polarity.NEGATIVE
    if bad_state_classes(clause) and not _NEGATIVE.search(_resolved(clause)):
        return Polarity.NEGATIVE  # "we keep only the latest version": a bad state, not a part of the practice
    if (_partial_wording(clause) or _TRAILING_PARTLY.search(clause)) and not _denied_before_partial(clause):
        return Polarity.PARTIAL
    ceased = bool(_CEASED.search(clause))
    if ceased and _ended_bad_state(clause) and not _NEGATIVE.search(_resolved(clause)):
        return Polarity.POSITIVE  # "we stopped keeping passwords in plain text": a bad state has ended
    if ceased or _NEGATIVE.search(_resolved(clause)) or states_bad_practice(clause):
        return Polarity.NEGATIVE
    return Polarity.POSITIVE


# "Not for all of them", "not on every model": a denial of the whole, which leaves a part done.
_WHOLE = re.compile(
    r"\b(?<!\bat )(?:all|every|each|always|everywhere|everything|fully|completely|finished|completed)\b", re.IGNORECASE
)


# A reason given for what is done: a partial word in it is about the reason ("we picked Oregon because its grid is
# mostly renewable"), not about how far the practice is done (session 27).
_BECAUSE = re.compile(
    r"\b(?:(?:mostly|mainly|partly|largely),?\s+)?(?:because|becuase|due to|owing to|thanks to)\b.*",
    re.IGNORECASE | re.DOTALL,
)


def _partial_wording(text: str) -> re.Match[str] | None:
    """The first word of partial doing outside a reason the clause gives for what it says."""
    return _PARTIAL.search(_BECAUSE.sub(lambda m: " " * len(m.group()), text))


def _denied_before_partial(clause: str) -> bool:
    """Does the clause deny the practice before its word of partial doing, so that the word says what is done instead
    ("nobody checks it against the target, we mostly look at uptime"; "we never compared, we mainly went with our own";
    "the account has none and half the resources are untagged")? Then the denial is what the clause says. Not when the
    partial word comes first and the denial is about the rest ("some of the packages, the transitive ones nobody
    checked"), nor when what is denied is the whole ("we don't do it for all models, only some"; session 27)."""
    text = _resolved(clause)
    partial = _partial_wording(text)
    denial = _NEGATIVE.search(text)
    if partial is None or denial is None or denial.end() > partial.start():
        return False
    return not _WHOLE.search(text, denial.start(), partial.start())


# Stopping things on a routine is a practice (stopping idle resources), not the end of one.
_ROUTINE = re.compile(
    r"\b(?:stopped|switched off|turned off|shut down|(?:switched|turned|shut) (?:it|them|those|these) (?:off|down)"
    r"|paused)\b[^.;]{0,40}\b(?:every|each|nightly|daily|automatically|at night"
    r"|overnight|on weekends|when idle|when not in use|on a schedule|after (?:an?|\d+|one|two) )"
    r"|\b(?:automatically|every (?:evening|night|day|weekend))\b[^.;]{0,40}\b(?:stopped|switched off|turned off)\b",
    re.IGNORECASE,
)
_STOP_VERB = re.compile(
    rf"stopped|switched off|turned off|shut down|{_OFF_AFTER_PRONOUN}|(?:\w+ )+paused",
    re.IGNORECASE,
)
_SENSITIVE = re.compile(
    r"\b(?:pii|personal (?:data|information|details)|sensitive (?:data|fields|columns)|names|e-?mails?|phone numbers"
    r"|card numbers|ssns?|identifiers|addresses)\b",
    re.IGNORECASE,
)
_REMOVED = re.compile(r"dropped|scrapped|discontinued", re.IGNORECASE)
_SWITCHED_OFF = re.compile(r"disabled|deactivated|switched off|turned off|(?:switched|turned) \w+ off", re.IGNORECASE)
# Why something stopped is not what stopped: "notebooks are no longer stopped at night since the scheduler broke".
_REASON = re.compile(r"\b(?:since|because|as|after|when|once|due to|until|so)\b[^.;,]*", re.IGNORECASE)


# What is switched off may be a risk: "public access is disabled", "root login is turned off".
_RISKY_ACCESS = re.compile(
    r"\b(?:public|internet|root|ssh|password|outbound|inbound|anonymous|direct|legacy|guest|remote|shell|default"
    r"|unauthenticated|unencrypted|plain ?text|http)\b",
    re.IGNORECASE,
)


# A result clause before the word of ceasing: "patched by hand so often that it no longer matches the template" (session
# 23): what no longer holds is the outcome of the bad state, not its end.
_RESULT_BEFORE = re.compile(
    r"\b(?:so (?:often|much|many times|badly|far|long)|to the point (?:that|where))\b[^.;]*$", re.IGNORECASE
)


def _ended_bad_state(clause: str) -> bool:
    """Does the clause end a bad practice rather than a good one ("we stopped pasting passwords into notebooks")?"""
    m = _CEASED.search(clause)
    if m is None:
        return False
    if _RESULT_BEFORE.search(clause[: m.start()]):
        return False  # "patched by hand so often it no longer resembles staging": what ceased is a result of it
    if _ROUTINE.search(clause) and all(_STOP_VERB.fullmatch(c.group()) for c in _CEASED.finditer(clause)):
        return True  # "idle resources are turned off every evening": stopping things is the practice here
    if _RISKY_ACCESS.search(clause[: m.start()]) and all(
        _SWITCHED_OFF.search(c.group()) for c in _CEASED.finditer(clause)
    ):
        return True  # "public access is disabled": what is off is a risk
    if _SENSITIVE.search(clause[: m.start()]) and all(_REMOVED.fullmatch(c.group()) for c in _CEASED.finditer(clause)):
        return True  # "PII is dropped before training": removing sensitive data is the practice
    after = clause[m.end() :]
    reason = _REASON.search(after)
    rest = _CEASED.sub(" ", clause[: m.start()] + " " + (after[: reason.start()] if reason else after))
    # Judged on the words as they stand: "no one uses shared credentials any more" ends the use of shared credentials.
    raw = any(
        pattern.search(rest) and not (name in _EXCEPT and _EXCEPT[name].search(rest))
        for name, pattern in BAD_STATE_CLASSES.items()
    )
    return raw or bool(_BAD_STATE.search(rest) or _WEAK_BAD_STATE.search(rest) or _PROBLEM.search(rest))


# "In theory we have a pipeline; in practice Dave builds the model on his laptop": what holds in theory, taken back by
# what happens in practice in the clause right after it, is not done.
_IN_THEORY = _cue(r"\b(?:in theory|on paper|officially|nominally|in principle|supposedly|technically|formally)\b")
# A clause that opens on how things really are ("but in practice …", "the truth is …"): the opening both checks share.
_REALLY_OPENS = r"^\W*(?:(?:but|and|yet|whereas|while|though)\s+)?"
_REALLY = r"in (?:practice|reality|real life)|the (?:reality|truth) is|truth is"
_IN_PRACTICE = _cue(rf"{_REALLY_OPENS}(?:{_REALLY}|in fact|actually|really)\b")


def taken_back(clauses: list[Clause]) -> frozenset[int]:
    """Positions of clauses stating what holds in theory that the next clause takes back with what happens in practice
    ("On paper every project has its own role. In reality everyone logs in as admin.")."""
    return frozenset(
        before.position
        for before, after in zip(clauses, clauses[1:], strict=False)
        if _IN_THEORY.search(before.text)
        and _IN_PRACTICE.search(after.text)
        and polarity(after.text) is Polarity.NEGATIVE
    )


# What a clause says of the thing it names: "Feature drift alerts | are pie in the sky for a team our size",
# "Hyperparameters | are tuned with Bayesian search". A clause whose subject is a person or a pronoun ("we tune …")
# has no such split: its verb is the practice.
_SAID_OF = re.compile(
    r"^(?P<subject>(?!(?:we|i|you|they|he|she|it|there|this|that|which|who|everyone|everybody|someone|somebody"
    r"|nobody|no one|people|the team|our team)\b)(?:(?!(?:which|who|means?|meant)\b)[^\s]+\s+){0,7}?[^\s]+?)"
    r"(?:\s+(?:is|are|was|were|has been|have been|gets?|got|seems?|looks?|sounds?|remains?|stays?|feels?)|'s|'re)\s+"
    r"(?P<said>\S.*)$",
    re.IGNORECASE,
)


# What says that the thing named exists or runs: "autoscaling is on", "… is set up", "… are wired to PagerDuty".
_AFFIRMING = re.compile(
    r"^(?:(?:now|all|always|fully|already|properly|automatically|also)\s+)?(?:on|enabled|set up|in place|configured"
    r"|automated|automatic|running|live|active|switched on|turned on|wired (?:to|into|up)|hooked (?:up|to|into)"
    r"|enforced|mandatory|required|standard|done|implemented|in use|used)\b",
    re.IGNORECASE,
)


# A short passive says what was done to the thing: "… is versioned", "… is kept", "… is switched to it".
_SHORT_PASSIVE = re.compile(
    r"^(?:[a-z]+ed|kept|set|built|run|done|made|held|shown|given|written|sent)(?:\s+\S+){0,3}\W*$", re.IGNORECASE
)


def said_of_subject(clause: str) -> str | None:
    """What a copular or passive clause says of its subject, up to the first comma ("are pie in the sky"), or None
    when it has no such split (its subject is a person or a pronoun, it has no copula) or when what it says is only
    that the thing exists or runs ("autoscaling is on", "drift alerts are wired to PagerDuty")."""
    m = _SAID_OF.match(clause.strip())
    if not m:
        return None
    said = re.split(r"\s*[,;:(]\s*", m.group("said"))[0]
    return None if _AFFIRMING.match(said) or _SHORT_PASSIVE.match(said) else said


# "… ; in reality the whole VPC can": what follows says how things really are, so what came before is not a fact.
_REALITY = _cue(rf"{_REALLY_OPENS}(?:{_REALLY}|truth be told|realistically)\b")


def contradicted(clauses: list[Clause]) -> frozenset[int]:
    """Positions of clauses that the next clause answers with how things really are ("The policy says only the checkout
    service may invoke it; in reality the whole VPC can"), and of that answer, whatever either says: what came before
    may hold only on paper, and the answer set against it may be its opposite, so neither can be more than asked
    about (a clause speaking against the practice still says so)."""
    pairs = [
        (before, after) for before, after in zip(clauses, clauses[1:], strict=False) if _REALITY.search(after.text)
    ]
    # and the answer itself, when it reads as doing: it says how the practice really goes against what came before
    return frozenset(c.position for pair in pairs for c in pair)


def reports_fact(clause: str) -> bool:
    """Does the clause state as a fact that something is done? Not hearsay, theory, irony, a hypothetical, a state
    that merely persists ("still"), or a question back: those can only ask."""
    return not _NOT_FIRM.search(clause)


def is_negated(text: str) -> bool:
    """True if a statement (user clause or reference sentence) is phrased negatively."""
    return bool(_NEGATIVE.search(text)) and not _PARTIAL.search(text)


# A relative clause after a noun, up to the next comma or full stop: "… buckets *that keep growing without lifecycle
# rules*", "… a model *that doesn't fit in one GPU*".
_RELATIVE_CLAUSE = re.compile(r"(?<=\w)\s+(?:that|which|who)\b[^,.;:]*", re.IGNORECASE)


def main_clause(text: str) -> str:
    """The sentence without its relative clauses (what it says of its own subject)."""
    return _RELATIVE_CLAUSE.sub("", text)


def speaks_against(text: str) -> bool:
    """Does any clause of the text speak against doing something (a negation left after cancelling, a bad state,
    a practice that stopped)? Partial wording ("only for some") does not."""
    return any(polarity(c.text) is Polarity.NEGATIVE for c in split_clauses(text))


# A named tool or service that does the work is concrete evidence of doing it ("Ground Truth with auto-labelling",
# "built with CDK"): the gap comparison of firm evidence is less strict for such a clause (MappingConfig).
_NAMED_TOOL = _cue(
    r"\b(?:sagemaker|studio|ground truth|clarify|model monitor|feature store|pipelines|autopilot|neo|inferentia|inf[12]"
    r"|trainium|trn1|graviton|g[456]|p[345]|spot|inference recommender|debugger|canvas|jumpstart|bedrock|comprehend"
    r"|rekognition|textract|macie|kms|secrets manager|iam|vpc|privatelink|cloudtrail|guardduty|cloudwatch|glue"
    r"|lake formation|athena|emr|kinesis|step functions|lambda|eventbridge|api gateway|codeartifact|codepipeline"
    r"|codebuild|cdk|cloudformation|terraform|control tower|organizations|scps?|service catalog|cost explorer"
    r"|budgets|s3|glacier|dynamodb|redshift|mlflow|airflow|kubeflow|dvc|git|github|gitlab|jenkins|great expectations"
    r"|deequ|shap|lime|evidently|feast|optuna|hyperband|ray|horovod|smddp|tensorboard|onnx|tensorrt|cdk"
    # session 29: services and tools a team names for what it does, missing above ("analysts poke at the data in Data
    # Wrangler", "A2I sends low-confidence predictions to reviewers"); not more ready-made AI services ("We use Amazon
    # Personalize as it comes"): those state a workload fact the applicability rules read, and as tools they left
    # a dev practice nothing was said about proposed partially (dev not-applicable macro-F1 0.764 -> 0.747); nor
    # "batch transform", a deployment option more than a tool ("We picked batch transform …, so there's no always-on
    # endpoint" beside a stated fact: dev not-applicable macro-F1 0.764 -> 0.755)
    r"|data wrangler|a2i|augmented ai|quicksight"
    r"|ecs|eks|fargate|serverless inference|iceberg|artifactory|openlineage|marquez|pagerduty"
    r"|weights (?:&|and) biases|wandb|compute optimizer|carbon footprint tool)\b",
)


def names_a_tool(clause: str) -> bool:
    """Does the clause name a tool or service by its product name?"""
    return bool(_NAMED_TOOL.search(clause))


# --- a thing said to exist, taken up again (own issue 4 of note 21) -----------------------------------------------
# "We have a dataset registry. Nothing's in it.", "Latency alarms exist, they go to a channel no one reads": the first
# clause reads as doing the practice; the next one takes its subject up again (a pronoun, the same noun) and says what
# state it is in. When that state speaks against the practice, the first clause is not evidence that it is done.

# A pronoun standing for a thing at the start of a clause, or as the object of a preposition in its first words
# ("nothing's in it", "the thresholds on them"; not "… if someone tampers with it", where "it" is the clause's own).
_TAKE_UP_PRONOUN = re.compile(
    r"^\W*(?:(?:and|but|yet|though|although|so|which|where|whereas|while)\s+)?"
    r"(?:(?:\w+\s+){0,3}?(?:of|on|in|to|from|for|into|with|about)\s+)?"
    r"(?:it|its|it's|itself|they|they're|them|their|this|that|these|those|which)\b"
    r"|^\W*(?:[\w'-]+\s+){0,4}?(?:in|on|to|into|onto|from|of|at|with|about|behind|for)\s+(?:it|them)\b"
    # the thing as the object of a relative clause: "The one repo that uses it is the intern's notebook"
    r"|^\W*(?:[\w'-]+\s+){0,4}?(?:that|which|who)\s+(?:uses?|has|have|runs?|follows?|carries|carry)\s+(?:it|them)\b",
    re.IGNORECASE,
)
# A subject that denies the thing any use, with the thing as its object: "nobody reads them", "nothing compares them"
# (not "Nothing is distributed", which names no thing before it).
_TAKE_UP_NOBODY = re.compile(
    r"^\W*(?:(?:and|but|yet)\s+)?(?:nobody|no one|nothing|none)\b[^.;,]{0,40}\b(?:it|them|its|their)\b", re.IGNORECASE
)
# The same noun again, as the subject: "… a response plan, and *the plan* is an empty page".
_TAKE_UP_NOUN = re.compile(
    r"^\W*(?:(?:and|but|yet|so)\s+)?(?:the|that|this|these|those|our|each|every|all the)\s+(?P<words>(?:[\w-]+\s+){0,2}"
    r"[\w-]+)",
    re.IGNORECASE,
)
# Words too common to say that two clauses name the same thing.
_GENERIC_NOUNS = frozenset(
    _stem(w)
    for w in "model models data team teams people thing things way work time process system part everything".split()
)
# A comma splice or a relative clause that takes the subject up within one clause ("We keep an edge-case test set,
# it holds twelve rows", "… in a kickoff doc, which has since been lost").
_TAKE_UP_TAIL = re.compile(
    r",\s*(?P<tail>(?:(?:and|but|yet)\s+)?(?:(?:which|where|it|its|it's|they|they're|their|them)\b|(?:the|every|each|all)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:in|on|of)\s+(?:it|them)\b).*)$",
    re.IGNORECASE,
)

# A thing said to exist that is there in name only: empty, a placeholder, lost, out of date, left to fail or ignored.
# Read only in a clause that takes a thing up again: "the queue is empty" alone may be the practice working.
_HOLLOW = _cue(
    # empty or a placeholder
    r"\b(?:empty|blank|unfilled|unpopulated|bare|tbd|tbc|todo|to be (?:decided|defined|confirmed|filled in|written)"
    r"|placeholders?|dummy (?:values?|data|numbers?|text)|lorem ipsum|stubs?|skeleton|a title and a date)\b"
    r"|\b(?:nothing|no one|nobody|none)\b[^.;]{0,20}\b(?:in|on) (?:it|them)\b"
    r"|\b(?:zero|no) (?:entries|tickets|rows|items|records|runs|features|datasets|models|users|subscribers|members)\b",
    # lost, or kept by people who left
    r"\b(?:(?:has|have|had) (?:since |long )?been|was|were|got|went) (?:lost|deleted|removed|abandoned|forgotten"
    r"|misplaced|overwritten)\b|\bnobody can find\b|\b(?:left|leave) the (?:company|team|business)\b"
    r"|\bin (?:people's|someone's|their|our|his|her) (?:memor(?:y|ies)|heads?)\b",
    # out of date: from a time or a version that is gone
    r"\bfrom (?:the )?(?:first|original|very first|initial) (?:prototype|version|release|pilot|draft|launch)\b"
    r"|\b(?:the|an?) old(?:er)? (?:version|model|schema|account|setup|system|pipeline|cluster|app)\b"
    r"|\b(?:last|only|latest) (?:ran|run|update[ds]?|touched|opened|edited|used|checked|reviewed|looked at|refreshed"
    r"|computed|trained)\b[^.;]{0,40}\b(?:ago|before (?:launch|go-live|we (?:launched|went live))|last year"
    r"|in (?:19|20)\d\d)\b"
    r"|\b(?:before|since) (?:launch|go-live|we (?:launched|went live))\b[^.;]{0,3}$"
    r"|\bfrom (?:19|20)\d\d\b|\b(?:was|were) (?:computed|written|done|set|made|built) once\b",
    # left failing or ignored
    r"\b(?:been|is|are|stays?) (?:red|failing|broken|down|crashed)\b|\bhas (?:been )?(?:failed|crashed)\b"
    r"|\b(?:ignored|gathering dust|collecting dust|unread|unused|unopened|unmaintained)\b",
)


# A sentence that opens with "Which" and a noun asks or names which ones ("Which datasets exist is word of mouth"): a
# new subject, not the relative pronoun of "…, which nobody reads" or "Which is empty."
_WHICH_ONES = re.compile(
    r"^\W*Which\s+(?!(?:is|was|are|were|has|had|have|nobody|no one|none|nothing|never|still|we|they|i|you)\b)[a-z]"
)


def takes_up(before: str, after: str) -> bool:
    """Does `after` take up again what `before` names: by a pronoun ("it holds …", "nothing's in it"), a denying
    subject ("nobody reads …"), or the same noun as its subject ("… a response plan; the plan is …")?"""
    if _WHICH_ONES.match(after):
        return False
    if _TAKE_UP_PRONOUN.search(after) or _TAKE_UP_NOBODY.match(after):
        return True
    m = _TAKE_UP_NOUN.match(after)
    if not m:
        return False
    named = content_terms(m.group("words")) - _GENERIC_NOUNS
    return bool(named) and shares_terms(named, content_terms(before) - _GENERIC_NOUNS)


def taken_up_tail(clause: str) -> str | None:
    """What a clause says, after a comma, of the thing it has just named ("…, which has since been lost"), or None."""
    m = _TAKE_UP_TAIL.search(clause)
    return m.group("tail") if m else None


def hollow(text: str) -> bool:
    """Does what is said of a thing taken up make it a thing in name only (empty, a placeholder, lost, out of date,
    failing or ignored)?"""
    return bool(_HOLLOW.search(text))


def speaks_against_thing(text: str) -> bool:
    """Does a clause that takes a thing up say a state of it that speaks against the practice: a negation, partial
    wording, a bad state, or a thing in name only?"""
    if polarity(text) in (Polarity.NEGATIVE, Polarity.PARTIAL):
        return True
    return states_bad_practice(text) or hollow(text)


def said_hollow(clause: str) -> bool:
    """Does a copular clause say of the thing it names, anywhere in what it says, that it is there in name only ("Our
    CI/CD is a wiki page, last edited by someone who left in 2021")?"""
    m = _SAID_OF.match(clause.strip())
    return m is not None and hollow(re.split(r"\s*[;:(]\s*", m.group("said"))[0])


# Whatever comes, whoever is around: a choice nobody makes ("we take whatever the vendor releases", "whoever is on call
# redeploys it") is no plain "done".
_INDIFFERENT = re.compile(r"\b(?:whatever|whoever|whichever|anyone|anybody)\b", re.IGNORECASE)


# A machine said to keep running with nothing to do ("The scoring VMs hum along all weekend with an empty queue", "the
# two workers sit idle round the clock"): a bad state said without a negation word, which a learned attribution of
# everyday "done" sentences would read by its topic (idle resources) as the practice done. Not a machine that stops
# itself when idle ("The GPU box shuts itself down when the queue is empty").
_MACHINE = _cue(
    r"\b(?:vms?|virtual machines?|instances?|servers?|box(?:es)?|nodes?|clusters?|gpus?|notebooks?|workers?"
    r"|machines?|containers?|pods?|fleet)\b"
)
_KEPT_RUNNING_IDLE = _cue(
    r"\b(?:all|every|the whole|through the) (?:weekends?|nights?|holidays?)\b",
    r"\b(?:round|around) the clock\b",
    r"\b24/7\b",
    r"\bnon-?stop\b",
    r"\bwith (?:an? )?(?:empty|idle) (?:queues?|clusters?|nodes?)\b",
    r"\b(?:sits?|sitting|sat) idle\b",
    r"\bidl(?:ing|es)\b",
)
_STOPS_ITSELF = _cue(
    r"\b(?:shuts?|shutting|switch(?:es)?|switching|turns?|turning|powers?|powering|spins?|spinning|scales?|scaling)"
    r"\s+(?:itself\s+|themselves\s+)?(?:off|down|to zero)\b",
    r"\bstops?\b|\bstopped\b|\bpaused?\b",
)


def kept_running_idle(text: str) -> bool:
    """Does the clause say a machine keeps running with nothing to do (all weekend, round the clock, with an empty
    queue), rather than that it stops itself?"""
    return bool(_MACHINE.search(text) and _KEPT_RUNNING_IDLE.search(text) and not _STOPS_ITSELF.search(text))


def plainly_done(text: str) -> bool:
    """Does the clause plainly say something is done: positive, with no negation word and no bad-state cue?"""
    return (
        polarity(text) is Polarity.POSITIVE
        and not has_negation(text)
        and not states_bad_practice(text)
        and not _INDIFFERENT.search(text)
    )
