"""Findings (one per gap), the improvement plan, and citations: the types, part of the review record (a confirmed
turn reports its findings). app.findings drafts, plans and renders them. PURE: no I/O."""

from __future__ import annotations

from app.frozen import Frozen as _Frozen
from app.lens.models import Phase, PillarId, Risk, Section
from app.review.models import BPStatus, Provenance


class Citation(_Frozen):
    bp_id: str
    title: str
    section: Section
    url: str


class Evidence(_Frozen):
    status: BPStatus
    provenance: Provenance
    confidence: float
    quote: str = ""  # the user's own words; empty when the practice was ticked or left undetermined


class Recommendation(_Frozen):
    summary: str  # what to aim for (from the BP's desired outcome / guidance)
    steps: tuple[str, ...]  # first implementation steps, from the lens
    drafted_by: str = "lens-template"  # "lens-template" (no LLM) or "llm:<model>" (the model that drafted it)
    prompt_sha256: str = ""  # the drafting prompt file's hash, when a model drafted it
    citations_removed: tuple[str, ...] = ()  # lens IDs the model cited that were not given to it (removed)
    notice: str = ""  # why the draft was changed or not used (empty when nothing happened)


class Finding(_Frozen):
    id: str  # the BP ID: one finding per gap
    bp_id: str
    question_id: str
    pillar: PillarId
    phase: Phase
    title: str  # the BP's title
    risk: Risk
    evidence: Evidence
    recommendation: Recommendation
    citations: tuple[Citation, ...]
    quick_win: bool = False
    quick_win_reason: str = ""


class PlanItem(_Frozen):
    rank: int  # 1 = do first
    finding_id: str
    bp_id: str
    title: str
    risk: Risk
    phase: Phase
    quick_win: bool


class ImprovementPlan(_Frozen):
    items: tuple[PlanItem, ...]

    @property
    def quick_wins(self) -> tuple[PlanItem, ...]:
        return tuple(item for item in self.items if item.quick_win)
