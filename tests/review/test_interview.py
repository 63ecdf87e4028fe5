"""Interview content: the shipped prompts/interview files cover the whole lens; bad files fail naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.lens.interview import load_interview
from app.lens.loader import load_lens
from app.lens.models import Lens
from app.review.errors import InterviewContentError

REPO = Path(__file__).resolve().parents[2]
GOOD = """\
question_id: MLSEC04
title: Securing training
opening: How is the training environment protected?
follow_ups: ["Who can start a training job?"]
practices:
  MLSEC04-BP03: {label: c, follow_up: "c?"}
  MLSEC04-BP01: {label: a, follow_up: "a?", signals: [s], gaps: [g]}
  MLSEC04-BP02: {label: b, follow_up: "b?"}
"""


def test_shipped_interview_covers_every_question_and_practice() -> None:
    lens = load_lens(REPO / "corpus")
    interview = load_interview(REPO / "prompts" / "interview", lens)
    assert set(interview.questions) == {q.id for q in lens.questions}
    for question in lens.questions:
        content = interview.questions[question.id]
        assert list(content.practices) == [bp.id for bp in question.best_practices]
        assert content.opening.strip() and 2 <= len(content.follow_ups) <= 4


def write(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def only_mlsec04(lens: Lens) -> Lens:
    pillars = tuple(
        p.model_copy(update={"questions": tuple(q for q in p.questions if q.id == "MLSEC04")})
        for p in lens.pillars
        if any(q.id == "MLSEC04" for q in p.questions)
    )
    return Lens(pillars=pillars, corpus_hash=lens.corpus_hash, version=lens.version)  # not model_copy: cached fields


def test_practices_come_back_in_lens_order(tmp_path: Path, lens: Lens) -> None:
    interview = load_interview(write(tmp_path, "MLSEC04.yaml", GOOD), only_mlsec04(lens))
    assert list(interview.questions["MLSEC04"].practices) == ["MLSEC04-BP01", "MLSEC04-BP02", "MLSEC04-BP03"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace('  MLSEC04-BP02: {label: b, follow_up: "b?"}\n', ""), "missing practices MLSEC04-BP02"),
        (GOOD + "  MLSEC04-BP09: {label: x, follow_up: x}\n", "unknown practices MLSEC04-BP09"),
        (GOOD.replace("question_id: MLSEC04", "question_id: MLSEC03"), "expected 'MLSEC04'"),
        (GOOD.replace("opening: How is the training environment protected?\n", ""), "opening: Field required"),
        ("question_id: [unclosed", "invalid YAML"),
        ("- a list", "expected a mapping"),
    ],
)
def test_bad_files_name_the_file(tmp_path: Path, lens: Lens, text: str, message: str) -> None:
    directory = write(tmp_path, "MLSEC04.yaml", text)
    with pytest.raises(InterviewContentError) as info:
        load_interview(directory, only_mlsec04(lens))
    assert "MLSEC04.yaml" in str(info.value) and message in str(info.value)


def test_missing_files_are_listed_unless_allowed(tmp_path: Path, lens: Lens) -> None:
    with pytest.raises(InterviewContentError, match="MLOPS01.yaml, MLOPS02.yaml, MLSEC03.yaml, MLSEC04.yaml"):
        load_interview(tmp_path, lens)
    fallback = load_interview(tmp_path, lens, require_all=False)
    question = lens.question("MLOPS01")
    assert question is not None
    content = fallback.content(question)
    assert [p.label for p in content.practices.values()] == [bp.title for bp in question.best_practices]
