"""Deterministic risk: the WA Tool rule per question, and counts per pillar, phase and overall."""

from __future__ import annotations

import pytest

from app.lens.models import Lens
from app.review.models import BPAnswer, BPStatus, NAReason, QuestionAnswer, Review, ReviewScope, ordered_questions
from app.review.risk import QuestionRisk, question_risk, summarise_risk

IM, P, N, NA, CD = (
    BPStatus.IMPLEMENTED,
    BPStatus.PARTIALLY_IMPLEMENTED,
    BPStatus.NOT_IMPLEMENTED,
    BPStatus.NOT_APPLICABLE,
    BPStatus.CANNOT_DETERMINE,
)


def answer(
    question_id: str, statuses: dict[str, BPStatus], *, confirmed: bool = True, na: bool = False
) -> QuestionAnswer:
    return QuestionAnswer(
        question_id=question_id,
        practices={bp: BPAnswer(status=s) for bp, s in statuses.items()},
        confirmed=confirmed,
        not_applicable=na,
        na_reason=NAReason.OTHER if na else None,
    )


# MLOPS02: BP01 High, BP02 Medium, BP03 Medium, BP04 High, BP05 High, BP06 High
ALL_DONE = {f"MLOPS02-BP0{n}": IM for n in range(1, 7)}


@pytest.mark.parametrize(
    ("change", "confirmed", "na", "expected", "high", "medium"),
    [
        ({}, True, False, QuestionRisk.NONE, (), ()),
        ({}, False, False, QuestionRisk.UNANSWERED, (), ()),
        ({"MLOPS02-BP01": N}, True, True, QuestionRisk.NOT_APPLICABLE, (), ()),
        ({"MLOPS02-BP02": N}, True, False, QuestionRisk.MEDIUM, (), ("MLOPS02-BP02",)),
        ({"MLOPS02-BP03": P}, True, False, QuestionRisk.MEDIUM, (), ("MLOPS02-BP03",)),
        ({"MLOPS02-BP04": P}, True, False, QuestionRisk.HIGH, ("MLOPS02-BP04",), ()),
        ({"MLOPS02-BP01": N, "MLOPS02-BP02": N}, True, False, QuestionRisk.HIGH, ("MLOPS02-BP01",), ("MLOPS02-BP02",)),
        ({"MLOPS02-BP05": CD}, True, False, QuestionRisk.HIGH, ("MLOPS02-BP05",), ()),
        ({"MLOPS02-BP01": NA, "MLOPS02-BP02": NA}, True, False, QuestionRisk.NONE, (), ()),
        ({f"MLOPS02-BP0{n}": NA for n in range(1, 7)}, True, False, QuestionRisk.NONE, (), ()),
    ],
)
def test_question_risk(
    lens: Lens,
    change: dict[str, BPStatus],
    confirmed: bool,
    na: bool,
    expected: QuestionRisk,
    high: tuple[str, ...],
    medium: tuple[str, ...],
) -> None:
    question = lens.question("MLOPS02")
    assert question is not None
    result = question_risk(question, answer("MLOPS02", {**ALL_DONE, **change}, confirmed=confirmed, na=na))
    assert (result.risk, result.high_risk_gaps, result.medium_risk_gaps) == (expected, high, medium)


def test_no_answer_is_unanswered(lens: Lens) -> None:
    question = lens.question("MLSEC03")
    assert question is not None
    assert question_risk(question, None).risk is QuestionRisk.UNANSWERED


def test_summary_counts(lens: Lens) -> None:
    review = Review(
        id="r",
        profile={"name": "w"},
        lens_version="v",
        corpus_hash="h",
        question_ids=ordered_questions(lens, ReviewScope(), "phase_first"),
        cursor="MLSEC04",
        answers={
            "MLOPS01": answer("MLOPS01", {"MLOPS01-BP01": N, "MLOPS01-BP02": N, "MLOPS01-BP03": IM}),
            "MLOPS02": answer("MLOPS02", {**ALL_DONE, "MLOPS02-BP02": P}),
            "MLSEC03": answer("MLSEC03", {}, na=True),
        },
    )
    summary = summarise_risk(lens, review)
    overall = summary.overall
    assert (overall.high, overall.medium, overall.none, overall.not_applicable, overall.unanswered) == (1, 1, 0, 1, 1)
    assert (overall.high_risk_practices, overall.medium_risk_practices) == (2, 1)
    ops = summary.by_pillar["ops"]  # type: ignore[index]
    assert (ops.high, ops.medium, ops.unanswered) == (1, 1, 0)
    assert [p.value for p in summary.by_phase] == [
        "Business goal identification",
        "ML problem framing",
        "Data processing",
        "Model development",
    ]


def test_summary_lists_pillars_and_phases_in_lens_order_whatever_the_review_order() -> None:
    from pathlib import Path

    from app.lens.loader import load_lens
    from app.lens.models import Phase, PillarId
    from app.review.risk import summarise_results

    full = load_lens(Path(__file__).resolve().parents[2] / "corpus")
    results = [question_risk(q, None) for q in reversed(full.questions)]
    summary = summarise_results(full, results)
    assert list(summary.by_pillar) == list(PillarId)
    assert list(summary.by_phase) == list(Phase)
