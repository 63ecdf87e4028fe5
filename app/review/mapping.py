"""Answer mapping: the user's words and ticks → a proposed status per BP. PURE: no I/O, no numpy.

Explicit picks are authoritative (user_selected, confidence 1.0). Free text goes through an `AnswerMapper`
(the embedding mapper in no-LLM mode, the LLM mapper when configured); here live the pieces they share: combining
per-clause evidence into one status per BP, and merging proposals with ticks (app.review.cues reads the wording).
Anything not mentioned stays cannot_determine, never not_implemented.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from app.errors import InvalidInput
from app.lens.interview import Interview, QuestionContent
from app.lens.models import Lens, Question
from app.review.cues import Clause
from app.review.models import UNDETERMINED, BPAnswer, BPStatus, NAReason, Provenance


class AnswerMapper(Protocol):
    """Maps free text to a proposal for every BP of the question (undetermined ones included)."""

    def map_answer(self, question: Question, content: QuestionContent, text: str) -> MappingResult: ...


@dataclass(frozen=True)
class MappingResult:
    practices: dict[str, BPAnswer]
    mapper: str  # which mapper produced it ("embedding", "llm:<model>", …)
    degraded: str = ""  # non-empty when a preferred mapper failed and a fallback answered (the reason)


# --- combining evidence -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClauseEvidence:
    """One clause's say about one BP."""

    clause: Clause
    status: BPStatus  # implemented / partially / not_implemented / not_applicable / cannot_determine (hedge)
    strength: float  # 0..1, how clearly the clause is about this BP
    primary: bool = True  # the clause's best-matching BP (secondary matches only count when nothing primary does)
    na_reason: NAReason | None = None  # why, when the clause says the practice does not apply
    doubt: bool = False  # a negative clause that might be about this BP (unsure which): never a status on its own
    firm: bool = True  # clearly and distinctly about this BP: enough to say "implemented" (app.review.embedding_mapper)
    tentative: bool = False  # "not implemented" only because it resembles a description of not doing it: asked about
    # Firm but for one test: about as close to how non-doers describe the practice as to how doers do (a plain "done"
    # next to a stated fact; app.review.applicability decides).
    near_gap: bool = False
    # A "not done" read on resemblance alone beside a stated fact: the review asks rather than proposes it (the clause
    # stays evidence about the practice; app.review.applicability decides).
    asked: bool = False


DOUBT_FACTOR = 0.7  # confidence kept by "implemented" evidence that a clause possibly about the BP speaks against
TENTATIVE_FACTOR = 0.5  # confidence kept by "implemented" evidence none of which is firm (then only asked about)


def combine(evidence: Iterable[ClauseEvidence]) -> BPAnswer:
    """One proposal from all clauses about a BP: mixed done/not-done reads as partial; hedges only if nothing else.

    Any clause about the BP that speaks against it means it is never proposed as implemented. A negative clause
    that only *might* be about it (doubt) proposes nothing by itself, but turns "implemented" into partially, with
    lower confidence, for the user to settle; a doubt that says nothing against it (status other than "not
    implemented": a "but …" that may be about something else) leaves "implemented" asked about instead. "Implemented"
    needs at least one firm clause (clearly and distinctly about the BP, stated as a fact, closer to how doers describe
    it than to its gaps); without one the BP is left undetermined with the clause quoted and a low confidence, so that
    the review asks about it. A "not done" marked `asked` (read on resemblance alone beside a stated fact) is such a
    hedge too: quoted, never a status of its own."""
    everything = [
        replace(e, status=BPStatus.CANNOT_DETERMINE) if e.asked and e.status is BPStatus.NOT_IMPLEMENTED else e
        for e in evidence
    ]
    items = [e for e in everything if not e.doubt]
    doubts = [e for e in everything if e.doubt and e.status is BPStatus.NOT_IMPLEMENTED]
    # a clause that may or may not be about the BP, saying nothing against it: "implemented" is only asked about
    asking = [e for e in everything if e.doubt and e.status is not BPStatus.NOT_IMPLEMENTED]
    if not items:
        return UNDETERMINED
    if any(e.primary and e.status is not BPStatus.CANNOT_DETERMINE for e in items):
        # Secondary matches only count when nothing primary does, except a clause speaking against the practice: a
        # practice that something in the answer may deny is not proposed as plainly implemented (mixed → partial).
        items = [e for e in items if e.primary or e.status is BPStatus.NOT_IMPLEMENTED]
    if any(e.status is BPStatus.IMPLEMENTED for e in items):
        # "Roles are clear: Priya owns the prompts" read as not done only because it resembles a description of not
        # doing the practice (tentative) says nothing against a clause saying it is done: no "partially" of the two
        # (the firm test still decides between proposing "implemented" and asking)
        items = [e for e in items if not (e.tentative and e.status is BPStatus.NOT_IMPLEMENTED)]
    concrete = [e for e in items if e.status is not BPStatus.CANNOT_DETERMINE]
    if not concrete:
        best = max(items, key=lambda e: e.strength)
        return BPAnswer(provenance=Provenance.INFERRED, confidence=0.3 * best.strength, quote=best.clause.text)
    statuses = {e.status for e in concrete}
    if statuses == {BPStatus.NOT_APPLICABLE}:
        status = BPStatus.NOT_APPLICABLE
    else:
        statuses.discard(BPStatus.NOT_APPLICABLE)
        if BPStatus.PARTIALLY_IMPLEMENTED in statuses or len(statuses) > 1:
            status = BPStatus.PARTIALLY_IMPLEMENTED
        else:
            status = statuses.pop()
    support = sorted(
        (e for e in concrete if e.status is status or len({x.status for x in concrete}) > 1),
        key=lambda e: e.clause.position,
    )
    strength = max(e.strength for e in concrete)
    agreement = 1.0 if len({e.status for e in concrete}) == 1 else 0.85
    if status is BPStatus.IMPLEMENTED and doubts and any(e.firm for e in support):
        status, agreement = BPStatus.PARTIALLY_IMPLEMENTED, DOUBT_FACTOR
        support = sorted([*support, *doubts], key=lambda e: e.clause.position)
    elif status is BPStatus.IMPLEMENTED and (asking or not any(e.firm for e in support)):
        # Said to be done, but not firmly: the answer may describe a bad state in words we cannot read, or be about
        # a neighbouring practice. Ask rather than propose: undetermined, quoted, with low confidence.
        confidence = min(1.0, 0.35 + 0.6 * strength) * TENTATIVE_FACTOR
        return BPAnswer(provenance=Provenance.INFERRED, confidence=round(confidence, 3), quote=_quote(support))
    if status is BPStatus.NOT_IMPLEMENTED and all(e.tentative for e in support):
        # Only resemblance to a description of not doing it, nothing in the user's words: proposed, but below the
        # confidence at which the review asks a follow-up.
        agreement *= TENTATIVE_FACTOR
    reason = next((e.na_reason for e in support if e.na_reason), NAReason.OUT_OF_SCOPE)
    return BPAnswer(
        status=status,
        provenance=Provenance.USER_STATED,
        confidence=round(min(1.0, 0.35 + 0.6 * strength) * agreement, 3),
        quote=_quote(support),
        na_reason=reason if status is BPStatus.NOT_APPLICABLE else None,
    )


def _quote(support: list[ClauseEvidence]) -> str:
    """The user's words behind a proposal: each clause, or the whole sentence when several clauses of one sentence
    support it ("Every scientist has a training budget and we run study groups")."""
    texts: dict[int, set[str]] = {}
    for e in support:
        texts.setdefault(e.clause.sentence, set()).add(e.clause.text)
    return join_quotes(
        e.clause.source if len(texts[e.clause.sentence]) > 1 and e.clause.source else e.clause.text for e in support
    )


def join_quotes(quotes: Iterable[str]) -> str:
    unique: list[str] = []
    for quote in quotes:
        if quote not in unique:
            unique.append(quote)
    return " … ".join(unique)


def propose(
    mapper: AnswerMapper, question: Question, content: QuestionContent, text: str, picks: Mapping[str, BPStatus]
) -> MappingResult:
    """One answer's proposal: the mapper reads the text, then ticks override (the live review and `review map` both
    go through here)."""
    if text.strip():
        result = mapper.map_answer(question, content, text)
    else:
        result = MappingResult(practices={bp.id: UNDETERMINED for bp in question.best_practices}, mapper="picks")
    practices = apply_picks(question, result.practices, picks)
    return MappingResult(practices=practices, mapper=result.mapper, degraded=result.degraded)


def predict_statuses(
    lens: Lens,
    interview: Interview,
    mapper: AnswerMapper,
    question_id: str,
    text: str,
    picks: Mapping[str, str] | None = None,
) -> dict[str, BPStatus]:
    """Statuses for every BP of the question, exactly as a live review proposes them (no profile): batch mapping and
    the mapping eval. Raises InvalidInput for an unknown question or practice (ValueError for an unknown status)."""
    question = lens.question(str(question_id).strip().upper())
    if question is None:
        valid = ", ".join(q.id for q in lens.questions)
        raise InvalidInput(f"unknown question_id {question_id!r}; valid: {valid}")
    checked = {bp_id: BPStatus(status) for bp_id, status in (picks or {}).items()}
    unknown = [bp_id for bp_id in checked if bp_id not in {bp.id for bp in question.best_practices}]
    if unknown:
        raise InvalidInput(f"{', '.join(unknown)} not in {question.id}")
    result = propose(mapper, question, interview.content(question), str(text or ""), checked)
    return {bp_id: answer.status for bp_id, answer in result.practices.items()}


def apply_picks(
    question: Question, proposal: Mapping[str, BPAnswer], picks: Mapping[str, BPStatus]
) -> dict[str, BPAnswer]:
    """Picks override the proposal as user_selected with confidence 1.0. The proposal's quote is kept only when the
    pick agrees with it: "No, we have no process" does not support a pick of "implemented"."""
    merged = {bp.id: proposal.get(bp.id, UNDETERMINED) for bp in question.best_practices}
    for bp_id, status in picks.items():
        quote = merged[bp_id].quote if merged[bp_id].status is status else ""
        merged[bp_id] = BPAnswer(status=status, provenance=Provenance.USER_SELECTED, confidence=1.0, quote=quote)
    return merged


def merge_proposals(
    question: Question, earlier: Mapping[str, BPAnswer], newer: Mapping[str, BPAnswer]
) -> dict[str, BPAnswer]:
    """A later answer refines an earlier one: determined statements replace older ones, except the user's ticks."""
    merged: dict[str, BPAnswer] = {}
    for bp in question.best_practices:
        old = earlier.get(bp.id, UNDETERMINED)
        new = newer.get(bp.id, UNDETERMINED)
        keep_old = old.provenance is Provenance.USER_SELECTED or not new.is_determined
        merged[bp.id] = old if keep_old else new
    return merged
