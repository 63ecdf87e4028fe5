"""The full shipped lens and interview wording (parsed, no index), its custom lens export, and full reviews."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3
import pytest

from app.findings.report import Report, build_report
from app.lens.interview import Interview, load_interview
from app.lens.loader import load_lens
from app.lens.models import Lens
from app.review.models import (
    QuestionAnswer,
    Review,
    ReviewScope,
    WorkloadProfile,
    ordered_questions,
)
from app.wa_tool.custom_lens import build_custom_lens
from tests.support.eval_scripts import eval_script

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
WORKLOAD = "0123456789abcdef0123456789abcdef"
LENS_ARN = "arn:aws:wellarchitected:us-east-1:123456789012:lens/0123456789abcdef01234567890abcde"


@cache
def full_lens() -> Lens:
    return load_lens(REPO / "corpus")


@cache
def full_interview() -> Interview:
    return load_interview(REPO / "prompts" / "interview", full_lens())


@cache
def exported_lens() -> dict[str, Any]:
    return build_custom_lens(full_lens(), full_interview())


def make_review(lens: Lens, answers: dict[str, QuestionAnswer], review_id: str = "rev-wa") -> Review:
    return Review(
        id=review_id,
        profile=WorkloadProfile(name="Churn model"),
        scope=ReviewScope(),
        lens_version=lens.version,
        corpus_hash=lens.corpus_hash,
        question_ids=ordered_questions(lens, ReviewScope(), "phase_first"),  # type: ignore[arg-type]
        cursor=None,
        answers=answers,
    )


def random_full_review(lens: Lens, seed: int) -> Review:
    """Every question confirmed with random statuses, quotes of random length, reasons and notes; some questions
    not applicable (eval/wa_tool_validation.py's random review, seeded)."""
    review: Review = _validation().random_review(lens, random.Random(seed), f"rev-{seed}")
    return review


@cache
def _validation() -> ModuleType:
    return eval_script("wa_tool_validation")


def report_of(review: Review) -> Report:
    return build_report(full_lens(), review, generated_at=NOW)


@pytest.fixture
def wa_client() -> Any:
    """A real boto3 WA Tool client (explicit fake credentials: no credential chain, no network; tests stub it)."""
    return boto3.client(
        "wellarchitected",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
