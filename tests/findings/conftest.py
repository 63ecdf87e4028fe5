"""A confirmed review over the tiny lens with a mix of statuses, for drafting, report and snapshot tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.lens.loader import load_lens
from app.lens.models import Lens
from app.review.models import (
    BPAnswer,
    BPStatus,
    NAReason,
    Provenance,
    QuestionAnswer,
    Review,
    ReviewScope,
    WorkloadProfile,
    ordered_questions,
)

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
GENERATED = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def lens() -> Lens:
    return load_lens(CORPUS)


def stated(status: BPStatus, quote: str = "", confidence: float = 0.8) -> BPAnswer:
    return BPAnswer(status=status, provenance=Provenance.USER_STATED, confidence=confidence, quote=quote)


def ticked(status: BPStatus) -> BPAnswer:
    return BPAnswer(status=status, provenance=Provenance.USER_SELECTED, confidence=1.0)


@pytest.fixture
def review(lens: Lens) -> Review:
    answers = {
        "MLOPS01": QuestionAnswer(
            question_id="MLOPS01",
            practices={
                "MLOPS01-BP01": stated(BPStatus.IMPLEMENTED, "training budget and a cert day each quarter"),
                "MLOPS01-BP02": stated(BPStatus.NOT_IMPLEMENTED, "nobody agreed <b>how</b> | explainable"),
                "MLOPS01-BP03": stated(BPStatus.PARTIALLY_IMPLEMENTED, "KPI dashboard, but only for churn"),
            },
            confirmed=True,
        ),
        "MLOPS02": QuestionAnswer(
            question_id="MLOPS02",
            practices={
                "MLOPS02-BP01": ticked(BPStatus.IMPLEMENTED),
                "MLOPS02-BP02": ticked(BPStatus.NOT_IMPLEMENTED),
                "MLOPS02-BP03": ticked(BPStatus.IMPLEMENTED),
                "MLOPS02-BP04": BPAnswer(),
                "MLOPS02-BP05": ticked(BPStatus.IMPLEMENTED),
                "MLOPS02-BP06": BPAnswer(
                    status=BPStatus.NOT_APPLICABLE,
                    provenance=Provenance.USER_SELECTED,
                    confidence=1.0,
                    na_reason=NAReason.BUSINESS_PRIORITIES,
                ),
            },
            confirmed=True,
        ),
        "MLSEC04": QuestionAnswer(
            question_id="MLSEC04",
            practices={bp.id: BPAnswer() for bp in lens.question("MLSEC04").best_practices},  # type: ignore[union-attr]
            not_applicable=True,
            na_reason=NAReason.ARCHITECTURE_CONSTRAINTS,
            notes="managed API only",
            confirmed=True,
        ),
    }
    return Review(
        id="rev-snap",
        profile=WorkloadProfile(name="Churn <model>", ml_use_case="churn prediction", environment="prod on AWS"),
        version=7,
        lens_version=lens.version,
        corpus_hash=lens.corpus_hash,
        question_ids=ordered_questions(lens, ReviewScope(), "phase_first"),
        cursor="MLSEC03",
        answers=answers,
        created_at=GENERATED,
        updated_at=GENERATED,
    )
