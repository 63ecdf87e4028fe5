"""Follow-up questions ("and what about monitoring it?"): detection, and the deterministic carry-over of the previous
topic used when no LLM rewrites them. PURE: no I/O."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from app.lens.ids import LENS_ID_SHAPE
from app.qa.models import PastTurn
from app.retrieval.lexical import tokens

MAX_CARRIED_CHARS = 300
_LEADS = re.compile(
    r"^\s*(and|also|but|so|then|what about|how about|what if|same for|and what|and how|why|how so|what else|"
    r"any other|more on|tell me more|ok|okay)\b",
    re.I,
)
_ANAPHORA = re.compile(r"\b(it|its|this|that|these|those|they|them|their|there|the same|above|one)\b", re.I)
_LENS_ID = re.compile(LENS_ID_SHAPE, re.I)


class Rewrite(BaseModel):
    """What the rewrite prompt must return."""

    question: str = Field(min_length=3, max_length=600)


def looks_like_follow_up(question: str) -> bool:
    """Short questions that lean on earlier context: a leading "and/what about…", or pronouns with few content words.
    A question naming a lens ID stands on its own."""
    if _LENS_ID.search(question):
        return False
    content = tokens(question)
    if _LEADS.match(question) and len(content) <= 6:
        return True
    return bool(_ANAPHORA.search(question)) and len(content) <= 3


def carry_over(question: str, history: list[PastTurn]) -> str:
    """The previous topic followed by the new question (bounded, so chains of follow-ups do not grow)."""
    if not history or not looks_like_follow_up(question):
        return question
    previous = history[-1].resolved_question or history[-1].question
    if len(previous) > MAX_CARRIED_CHARS:
        previous = previous[-MAX_CARRIED_CHARS:].split(" ", 1)[-1]
    return f"{previous} {question.strip()}"


def render_history(history: list[PastTurn], *, turns: int = 3, answer_chars: int = 300) -> str:
    lines: list[str] = []
    for turn in history[-turns:]:
        lines.append(f"User: {turn.question}")
        answer = " ".join(turn.answer.split())
        lines.append(f"Assistant: {answer[:answer_chars]}{'…' if len(answer) > answer_chars else ''}")
    return "\n".join(lines)
