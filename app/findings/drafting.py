"""Findings from confirmed answers, and the prioritised improvement plan. PURE: no I/O.

One finding per gap: a BP of a confirmed, applicable question whose status is partially implemented, not implemented
or undetermined (undetermined counts towards risk, so it is listed, with "first check whether it is in place").
No-LLM drafting composes the recommendation from the lens's own text (desired outcome, guidance, steps) and cites it.

Plan order: High-risk before Medium-risk, then lifecycle phase (business goal … monitoring), then pillar, then BP ID.
Quick win: the practice is already partially in place (extending it beats starting over), or the lens lists at most
QUICK_WIN_MAX_STEPS implementation steps for it. Undetermined practices are never quick wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.lens.models import BestPractice, Lens, Risk, Section
from app.review.findings import Citation, Evidence, Finding, ImprovementPlan, PlanItem, Recommendation
from app.review.models import BPAnswer, BPStatus, Review

QUICK_WIN_MAX_STEPS = 6
MAX_STEPS_IN_RECOMMENDATION = 5
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")

_LEADS = {
    BPStatus.PARTIALLY_IMPLEMENTED: "Extend what is already in place so it covers the whole workload.",
    BPStatus.NOT_IMPLEMENTED: "Put this practice in place.",
    BPStatus.CANNOT_DETERMINE: "First check whether this is in place; if it is not, put it in place.",
}


def draft_findings(lens: Lens, review: Review, question_ids: Iterable[str] | None = None) -> tuple[Finding, ...]:
    """Findings for the confirmed answers of `review` (or only `question_ids`), in plan order."""
    wanted = set(question_ids) if question_ids is not None else None
    findings = []
    for question_id in review.question_ids:
        answer = review.answers.get(question_id)
        question = lens.question(question_id)
        if answer is None or question is None or answer.not_applicable:
            continue
        if wanted is not None and question_id not in wanted:
            continue
        for bp in question.best_practices:
            bp_answer = answer.practices.get(bp.id)
            if bp_answer is not None and bp_answer.status.is_gap:
                findings.append(draft_finding(bp, bp_answer))
    return tuple(sorted(findings, key=lambda f: _priority(lens, f)))


def draft_finding(bp: BestPractice, answer: BPAnswer) -> Finding:
    """A finding for one gap, composed from the lens text of `bp` (no LLM)."""
    quick, why = quick_win(bp, answer.status)
    return Finding(
        id=bp.id,
        bp_id=bp.id,
        question_id=bp.question_id,
        pillar=bp.pillar,
        phase=bp.phase,
        title=bp.title,
        risk=bp.risk,
        evidence=Evidence(
            status=answer.status, provenance=answer.provenance, confidence=answer.confidence, quote=answer.quote
        ),
        recommendation=Recommendation(summary=_summary(bp, answer.status), steps=_steps(bp)),
        citations=tuple(
            Citation(bp_id=bp.id, title=bp.title, section=section, url=bp.url)
            for section in (Section.DESIRED_OUTCOME, Section.GUIDANCE, Section.STEPS)
        ),
        quick_win=quick,
        quick_win_reason=why,
    )


def quick_win(bp: BestPractice, status: BPStatus) -> tuple[bool, str]:
    if status is BPStatus.PARTIALLY_IMPLEMENTED:
        return True, "already partly in place: extend it rather than start from scratch"
    if status is BPStatus.NOT_IMPLEMENTED and 0 < len(bp.steps) <= QUICK_WIN_MAX_STEPS:
        return True, f"the lens lists only {len(bp.steps)} implementation steps"
    return False, ""


def build_plan(lens: Lens, findings: Iterable[Finding]) -> ImprovementPlan:
    ordered = sorted(findings, key=lambda f: _priority(lens, f))
    return ImprovementPlan(
        items=tuple(
            PlanItem(
                rank=n,
                finding_id=f.id,
                bp_id=f.bp_id,
                title=f.title,
                risk=f.risk,
                phase=f.phase,
                quick_win=f.quick_win,
            )
            for n, f in enumerate(ordered, start=1)
        )
    )


def _priority(lens: Lens, finding: Finding) -> tuple[int, int, int, str]:
    pillar_rank = next((n for n, p in enumerate(lens.pillars) if p.id is finding.pillar), len(lens.pillars))
    return (0 if finding.risk is Risk.HIGH else 1, finding.phase.order, pillar_rank, finding.bp_id)


def _summary(bp: BestPractice, status: BPStatus) -> str:
    aim = _first_sentences(bp.desired_outcome, 2) or _first_sentences(bp.intro, 1)
    how = _first_sentences(bp.guidance, 1)
    parts = [_LEADS.get(status, ""), f"Aim for: {aim}" if aim else "", f"How: {how}" if how else ""]
    return " ".join(p for p in parts if p)


def _steps(bp: BestPractice) -> tuple[str, ...]:
    steps = []
    for step in bp.steps[:MAX_STEPS_IN_RECOMMENDATION]:
        detail = _first_sentences(step.text, 1)
        title = plain(step.title).rstrip(".")
        steps.append(f"{title}: {detail}" if detail else title)
    return tuple(steps)


def plain(text: str) -> str:
    """Lens markdown → plain text (links keep their words)."""
    return re.sub(r"\s+", " ", _LINK.sub(r"\1", text)).strip()


def _first_sentences(text: str, n: int) -> str:
    sentences = [s for s in _SENTENCE.split(plain(text)) if s]
    return " ".join(sentences[:n])
