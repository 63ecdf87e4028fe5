"""The review report as data: metadata (lens version, corpus hash, attribution), answers with risk, findings, plan.
PURE: no I/O, no clock (the caller passes `generated_at`). Every renderer (Markdown, HTML, JSON) starts from this.
"""

from __future__ import annotations

from datetime import datetime

from app.findings.drafting import build_plan, draft_findings
from app.frozen import Frozen as _Frozen
from app.lens.models import ATTRIBUTION, DOCS_BASE_URL, LENS_NAME, Lens, Phase, PillarId, Risk
from app.review.findings import Finding, ImprovementPlan
from app.review.models import (
    BPStatus,
    NAReason,
    Provenance,
    Review,
    ReviewOrder,
    ReviewScope,
    ReviewStatus,
    WorkloadProfile,
)
from app.review.risk import QuestionRisk, RiskCounts, question_risk, summarise_results

REPORT_SCHEMA_VERSION = "1.0"


class ReportMeta(_Frozen):
    schema_version: str = REPORT_SCHEMA_VERSION
    review_id: str
    review_version: int
    status: ReviewStatus
    milestone: str | None = None
    generated_at: datetime
    profile: WorkloadProfile
    scope: ReviewScope
    order: ReviewOrder
    lens_name: str = LENS_NAME
    lens_version: str
    corpus_hash: str
    attribution: str = ATTRIBUTION
    source_urls: tuple[str, ...]


class PracticeRow(_Frozen):
    bp_id: str
    title: str
    risk: Risk
    status: BPStatus
    provenance: Provenance
    confidence: float
    quote: str = ""
    na_reason: NAReason | None = None
    note: str = ""
    url: str


class QuestionRow(_Frozen):
    question_id: str
    pillar: PillarId
    phase: Phase
    risk: QuestionRisk
    not_applicable: bool = False
    na_reason: NAReason | None = None
    notes: str = ""
    practices: tuple[PracticeRow, ...] = ()  # empty while unanswered


class RiskTotals(_Frozen):
    overall: RiskCounts
    by_pillar: dict[PillarId, RiskCounts]
    by_phase: dict[Phase, RiskCounts]


class Report(_Frozen):
    meta: ReportMeta
    risk: RiskTotals
    questions: tuple[QuestionRow, ...]
    findings: tuple[Finding, ...]
    plan: ImprovementPlan


def build_report(
    lens: Lens,
    review: Review,
    *,
    generated_at: datetime,
    findings: tuple[Finding, ...] | None = None,
    milestone: str | None = None,
) -> Report:
    """The report for `review` (confirmed answers only); `findings` overrides the lens-template drafts if given."""
    findings = draft_findings(lens, review) if findings is None else findings
    rows = []
    results = []
    for question_id in review.question_ids:
        question = lens.question(question_id)
        if question is None:
            continue
        answer = review.answers.get(question_id)
        result = question_risk(question, answer)
        results.append(result)
        practices: tuple[PracticeRow, ...] = ()
        if answer is not None:
            practices = tuple(
                PracticeRow(
                    bp_id=bp.id,
                    title=bp.title,
                    risk=bp.risk,
                    status=answer.practices[bp.id].status,
                    provenance=answer.practices[bp.id].provenance,
                    confidence=answer.practices[bp.id].confidence,
                    quote=answer.practices[bp.id].quote,
                    na_reason=answer.practices[bp.id].na_reason,
                    note=answer.practices[bp.id].note,
                    url=bp.url,
                )
                for bp in question.best_practices
                if bp.id in answer.practices
            )
        rows.append(
            QuestionRow(
                question_id=question.id,
                pillar=question.pillar,
                phase=question.phase,
                risk=result.risk,
                not_applicable=bool(answer and answer.not_applicable),
                na_reason=answer.na_reason if answer else None,
                notes=answer.notes if answer else "",
                practices=practices,
            )
        )
    summary = summarise_results(lens, results)
    urls = sorted({c.url for f in findings for c in f.citations} | {p.url for r in rows for p in r.practices})
    meta = ReportMeta(
        review_id=review.id,
        review_version=review.version,
        status=review.status,
        milestone=milestone,
        generated_at=generated_at,
        profile=review.profile,
        scope=review.scope,
        order=review.order,
        lens_version=review.lens_version,
        corpus_hash=review.corpus_hash,
        source_urls=(DOCS_BASE_URL, *(u for u in urls if u != DOCS_BASE_URL)),
    )
    return Report(
        meta=meta,
        risk=RiskTotals(overall=summary.overall, by_pillar=summary.by_pillar, by_phase=summary.by_phase),
        questions=tuple(rows),
        findings=findings,
        plan=build_plan(lens, findings),
    )
