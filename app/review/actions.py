"""What a user can do in a review turn, as a tagged union on `type`. PURE: no I/O.

Every action applies to the question under the cursor unless it names one.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.review.models import MAX_ANSWER_CHARS, MAX_NOTE_CHARS, BPStatus, NAReason


class ActionType(StrEnum):
    ANSWER = "answer"
    CONFIRM = "confirm"
    EDIT = "edit"
    SKIP = "skip"
    BACK = "back"
    GOTO = "goto"
    QUESTION_NOT_APPLICABLE = "question_not_applicable"
    PRACTICE_NOT_APPLICABLE = "practice_not_applicable"


class _Action(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Answer(_Action):
    """Free text and/or explicit per-BP picks (picks are authoritative)."""

    type: Literal[ActionType.ANSWER] = ActionType.ANSWER
    text: str = Field("", max_length=MAX_ANSWER_CHARS)
    picks: dict[str, BPStatus] = {}


class Confirm(_Action):
    """Save the current proposal (nothing is saved before this) and move on."""

    type: Literal[ActionType.CONFIRM] = ActionType.CONFIRM


class Edit(_Action):
    """Reopen a question (default: the current one) and optionally set statuses as if ticked."""

    type: Literal[ActionType.EDIT] = ActionType.EDIT
    question_id: str | None = None
    statuses: dict[str, BPStatus] = {}


class Skip(_Action):
    type: Literal[ActionType.SKIP] = ActionType.SKIP


class Back(_Action):
    type: Literal[ActionType.BACK] = ActionType.BACK


class Goto(_Action):
    type: Literal[ActionType.GOTO] = ActionType.GOTO
    question_id: str


class QuestionNotApplicable(_Action):
    """Mark the whole question not applicable (saved at once: it is an explicit choice) and move on."""

    type: Literal[ActionType.QUESTION_NOT_APPLICABLE] = ActionType.QUESTION_NOT_APPLICABLE
    reason: NAReason
    note: str = Field("", max_length=MAX_NOTE_CHARS)
    question_id: str | None = None


class PracticeNotApplicable(_Action):
    """Mark one BP of the current question not applicable in the proposal (confirm saves it)."""

    type: Literal[ActionType.PRACTICE_NOT_APPLICABLE] = ActionType.PRACTICE_NOT_APPLICABLE
    bp_id: str
    reason: NAReason
    note: str = Field("", max_length=MAX_NOTE_CHARS)


Action = Annotated[
    Answer | Confirm | Edit | Skip | Back | Goto | QuestionNotApplicable | PracticeNotApplicable,
    Field(discriminator="type"),
]
