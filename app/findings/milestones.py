"""Milestones: named, frozen snapshots of a review's confirmed answers, risks and findings; and their diff. PURE."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from app.findings.drafting import draft_findings
from app.frozen import Frozen as _Frozen
from app.lens.models import Lens
from app.review.findings import Finding
from app.review.models import BPStatus, QuestionAnswer, Review
from app.review.risk import QuestionRisk, question_risk


class Milestone(_Frozen):
    name: str = Field(min_length=1, max_length=100)
    review_id: str
    review_version: int
    created_at: datetime
    lens_version: str
    corpus_hash: str
    answers: dict[str, QuestionAnswer]
    risks: dict[str, QuestionRisk]
    findings: tuple[Finding, ...]

    def as_review(self, review: Review) -> Review:
        """`review` as it stood at this milestone (for rendering a milestone report)."""
        return review.model_copy(update={"answers": self.answers, "drafts": {}, "version": self.review_version})


class PracticeChange(_Frozen):
    question_id: str
    bp_id: str
    before: BPStatus | None  # None: no applicable saved answer (unanswered or question not applicable)
    after: BPStatus | None


class QuestionChange(_Frozen):
    question_id: str
    before_not_applicable: bool | None
    after_not_applicable: bool | None


class RiskChange(_Frozen):
    question_id: str
    before: QuestionRisk
    after: QuestionRisk


class FindingChange(_Frozen):
    finding_id: str
    before: BPStatus
    after: BPStatus


class MilestoneDiff(_Frozen):
    before: str
    after: str
    questions: tuple[QuestionChange, ...] = ()
    practices: tuple[PracticeChange, ...] = ()
    risks: tuple[RiskChange, ...] = ()
    findings_added: tuple[str, ...] = ()
    findings_resolved: tuple[str, ...] = ()
    findings_changed: tuple[FindingChange, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (
            self.questions
            or self.practices
            or self.risks
            or self.findings_added
            or self.findings_resolved
            or self.findings_changed
        )


def freeze_milestone(
    lens: Lens, review: Review, name: str, *, created_at: datetime, findings: tuple[Finding, ...] | None = None
) -> Milestone:
    risks = {}
    for question_id in review.question_ids:
        question = lens.question(question_id)
        if question is not None:
            risks[question_id] = question_risk(question, review.answers.get(question_id)).risk
    return Milestone(
        name=name,
        review_id=review.id,
        review_version=review.version,
        created_at=created_at,
        lens_version=review.lens_version,
        corpus_hash=review.corpus_hash,
        answers=dict(review.answers),
        risks=risks,
        findings=draft_findings(lens, review) if findings is None else findings,
    )


def diff_milestones(before: Milestone, after: Milestone) -> MilestoneDiff:
    """What changed from `before` to `after`: question NA flags, practice statuses, risks, findings."""
    question_ids = list(dict.fromkeys([*before.risks, *after.risks, *before.answers, *after.answers]))
    questions, practices, risks = [], [], []
    for qid in question_ids:
        old, new = before.answers.get(qid), after.answers.get(qid)
        old_na = old.not_applicable if old else None
        new_na = new.not_applicable if new else None
        if old_na != new_na:
            questions.append(QuestionChange(question_id=qid, before_not_applicable=old_na, after_not_applicable=new_na))
        bp_ids = list(dict.fromkeys([*(old.practices if old else {}), *(new.practices if new else {})]))
        for bp_id in bp_ids:
            a, b = _status(old, bp_id), _status(new, bp_id)
            if a != b:
                practices.append(PracticeChange(question_id=qid, bp_id=bp_id, before=a, after=b))
        old_risk = before.risks.get(qid, QuestionRisk.UNANSWERED)
        new_risk = after.risks.get(qid, QuestionRisk.UNANSWERED)
        if old_risk != new_risk:
            risks.append(RiskChange(question_id=qid, before=old_risk, after=new_risk))
    old_f = {f.id: f for f in before.findings}
    new_f = {f.id: f for f in after.findings}
    changed = [
        FindingChange(finding_id=fid, before=old_f[fid].evidence.status, after=new_f[fid].evidence.status)
        for fid in new_f
        if fid in old_f and old_f[fid].evidence.status != new_f[fid].evidence.status
    ]
    return MilestoneDiff(
        before=before.name,
        after=after.name,
        questions=tuple(questions),
        practices=tuple(practices),
        risks=tuple(risks),
        findings_added=tuple(fid for fid in new_f if fid not in old_f),
        findings_resolved=tuple(fid for fid in old_f if fid not in new_f),
        findings_changed=tuple(changed),
    )


def _status(answer: QuestionAnswer | None, bp_id: str) -> BPStatus | None:
    """None when there is no applicable answer (unanswered, or the whole question marked not applicable)."""
    if answer is None or answer.not_applicable or bp_id not in answer.practices:
        return None
    return answer.practices[bp_id].status
