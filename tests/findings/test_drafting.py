"""Findings per gap, composed from the lens text, and the prioritised plan with quick wins."""

from __future__ import annotations

from app.findings.drafting import QUICK_WIN_MAX_STEPS, build_plan, draft_findings, quick_win
from app.lens.models import Lens, Risk, Section
from app.review.models import BPStatus, Review


def test_one_finding_per_gap_in_plan_order(lens: Lens, review: Review) -> None:
    findings = draft_findings(lens, review)
    # MLOPS01: BP02 not, BP03 partial; MLOPS02: BP02 (Medium) not, BP04 undetermined; BP06 n/a; MLSEC04 question n/a
    assert [(f.bp_id, f.risk, f.evidence.status) for f in findings] == [
        ("MLOPS01-BP02", Risk.HIGH, BPStatus.NOT_IMPLEMENTED),
        ("MLOPS01-BP03", Risk.HIGH, BPStatus.PARTIALLY_IMPLEMENTED),
        ("MLOPS02-BP04", Risk.HIGH, BPStatus.CANNOT_DETERMINE),
        ("MLOPS02-BP02", Risk.MEDIUM, BPStatus.NOT_IMPLEMENTED),
    ]


def test_finding_is_grounded_and_cited(lens: Lens, review: Review) -> None:
    finding = draft_findings(lens, review, ["MLOPS01"])[0]
    bp = lens.best_practice("MLOPS01-BP02")
    assert bp is not None
    assert finding.evidence.quote == "nobody agreed <b>how</b> | explainable"
    assert finding.recommendation.summary.startswith("Put this practice in place. Aim for: ")
    assert bp.desired_outcome.split(".")[0] in finding.recommendation.summary
    assert finding.recommendation.steps and finding.recommendation.steps[0].startswith(bp.steps[0].title.rstrip("."))
    assert "](" not in " ".join(finding.recommendation.steps)  # markdown links flattened to their words
    assert [(c.bp_id, c.section, c.url) for c in finding.citations] == [
        (bp.id, Section.DESIRED_OUTCOME, bp.url),
        (bp.id, Section.GUIDANCE, bp.url),
        (bp.id, Section.STEPS, bp.url),
    ]


def test_quick_win_rule(lens: Lens) -> None:
    bp = lens.best_practice("MLOPS01-BP01")
    assert bp is not None
    assert quick_win(bp, BPStatus.PARTIALLY_IMPLEMENTED)[0]
    assert quick_win(bp, BPStatus.NOT_IMPLEMENTED)[0] is (len(bp.steps) <= QUICK_WIN_MAX_STEPS)
    assert not quick_win(bp, BPStatus.CANNOT_DETERMINE)[0]


def test_plan_ranks_high_before_medium_then_phase(lens: Lens, review: Review) -> None:
    plan = build_plan(lens, reversed(draft_findings(lens, review)))
    assert [(i.rank, i.bp_id) for i in plan.items] == [
        (1, "MLOPS01-BP02"),
        (2, "MLOPS01-BP03"),
        (3, "MLOPS02-BP04"),
        (4, "MLOPS02-BP02"),
    ]
    assert "MLOPS01-BP03" in {i.bp_id for i in plan.quick_wins}


def test_unconfirmed_and_not_applicable_answers_give_no_findings(lens: Lens, review: Review) -> None:
    draft = review.answers["MLOPS01"].model_copy(update={"confirmed": False})
    moved = review.model_copy(update={"answers": {}, "drafts": {"MLOPS01": draft}})
    assert draft_findings(lens, moved) == ()
