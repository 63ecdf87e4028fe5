"""The project's own interview wording per lens question, loaded from `prompts/interview/<QUESTION_ID>.yaml`. PURE
apart from reading the directory it is given.

File shape: question_id, title, opening, follow_ups[], practices{BP_ID: {label, follow_up, signals[], gaps[]}}.
Every file is validated against the lens (each of its BPs present, no others); a bad file raises
InterviewContentError naming it. The one typed reader of these files: the review asks with it, and retrieval indexes
its labels, signals and gaps as practice cards (so it lives with the lens, below both).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import Field, ValidationError

from app.errors import InterviewContentError
from app.frozen import Frozen as _Frozen
from app.lens.loader import SAFE_LOADER
from app.lens.models import Lens, Question


class PracticeContent(_Frozen):
    label: str = Field(min_length=1, max_length=200)
    follow_up: str = Field(min_length=1)
    signals: tuple[str, ...] = ()  # how a team that does this might describe it
    gaps: tuple[str, ...] = ()  # how a team that does not might describe it


class QuestionContent(_Frozen):
    question_id: str
    title: str = Field(min_length=1)
    opening: str = Field(min_length=1)
    follow_ups: tuple[str, ...] = ()
    practices: dict[str, PracticeContent]


class Interview(_Frozen):
    questions: dict[str, QuestionContent]
    source: str = ""  # where it was loaded from, for messages

    def content(self, question: Question) -> QuestionContent:
        """This question's content; a plain fallback built from the lens if no file covered it."""
        return self.questions.get(question.id) or default_content(question)


def default_content(question: Question) -> QuestionContent:
    """Fallback wording from BP titles, used only when no interview file exists for a question."""
    return QuestionContent(
        question_id=question.id,
        title=question.title,
        opening=(
            f"For {question.pillar.title.lower()} during {question.phase.value.lower()}: which of these practices "
            "does your team follow, and how?"
        ),
        practices={
            bp.id: PracticeContent(label=bp.title, follow_up=f"How does your team approach this: {bp.title.lower()}?")
            for bp in question.best_practices
        },
    )


def load_interview(directory: Path, lens: Lens, *, require_all: bool = True) -> Interview:
    """Load `<directory>/<QUESTION_ID>.yaml` for every lens question; raises InterviewContentError naming the file.

    With require_all=False a missing file is allowed (the question falls back to `default_content`).
    """
    questions: dict[str, QuestionContent] = {}
    missing: list[str] = []
    for question in lens.questions:
        path = directory / f"{question.id}.yaml"
        if not path.exists():
            missing.append(path.name)
            continue
        questions[question.id] = parse_question_content(path.read_text(encoding="utf-8"), str(path), question)
    if missing and require_all:
        raise InterviewContentError(str(directory), f"missing interview files: {', '.join(missing)}")
    return Interview(questions=questions, source=str(directory))


def parse_question_content(text: str, filename: str, question: Question) -> QuestionContent:
    """Parse and validate one file against its lens question."""
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise InterviewContentError(filename, f"invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise InterviewContentError(filename, "expected a mapping with question_id, title, opening, practices")
    try:
        content = QuestionContent.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise InterviewContentError(filename, problems) from None
    if content.question_id != question.id:
        raise InterviewContentError(filename, f"question_id is {content.question_id!r}, expected {question.id!r}")
    expected = [bp.id for bp in question.best_practices]
    absent = [bp_id for bp_id in expected if bp_id not in content.practices]
    unknown = [bp_id for bp_id in content.practices if bp_id not in expected]
    if absent or unknown:
        detail = []
        if absent:
            detail.append(f"missing practices {', '.join(absent)}")
        if unknown:
            detail.append(f"unknown practices {', '.join(unknown)}")
        raise InterviewContentError(filename, f"{'; '.join(detail)} (the lens has {', '.join(expected)})")
    # Keep lens order whatever the file's order.
    return content.model_copy(update={"practices": {bp_id: content.practices[bp_id] for bp_id in expected}})
