"""Follow-up questions ("and what about monitoring it?"): detection, and the deterministic carry-over of the previous
topic used when no LLM rewrites them. PURE: no I/O.

A short elliptical follow-up usually adds one new focus to the earlier topic ("and in notebooks?", "what about for
the endpoint?"). Appended to a whole earlier question, that word is one token among many and the answer stays on the
earlier topic; so the text searched and composed with (`search_query`) names the new focus words once more, after the
carried topic and the follow-up as asked. The question shown back (`carry_over`) stays as the user wrote it."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from app.lens.ids import LENS_ID_SHAPE
from app.qa.models import PastTurn
from app.retrieval.lexical import tokens

MAX_CARRIED_CHARS = 300
FOCUS_REPEATS = 2  # the new focus words are named this many times more than the follow-up names them
_LEADS = re.compile(
    r"^\s*(and|also|but|so|then|what about|how about|what if|same for|and what|and how|why|how so|what else|"
    r"any other|more on|tell me more|ok|okay)\b",
    re.I,
)
_ANAPHORA = re.compile(r"\b(it|its|this|that|these|those|they|them|their|there|the same|above|one)\b", re.I)
_LENS_ID = re.compile(LENS_ID_SHAPE, re.I)
_WORD = re.compile(r"[^\W_][\w'-]*")


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
    return f"{_previous_topic(history)} {question.strip()}"


def search_query(question: str, history: list[PastTurn]) -> str:
    """What a follow-up is searched and answered with when no LLM rewrites it: the carry-over, then the follow-up's
    new focus words (content words the previous topic does not have) once more, so they weigh beside the carried
    topic in both the dense and the BM25 ranking. A follow-up with no new word ("and how?") is the carry-over."""
    return weigh_focus(carry_over(question, history), repeated_focus(question, history))


def weigh_focus(carried: str, focus: list[str]) -> str:
    """The carry-over followed by the focus words `repeated_focus` gives (the carry-over alone when there are none)."""
    return f"{carried} {' '.join(focus)}" if focus else carried


def repeated_focus(question: str, history: list[PastTurn]) -> list[str]:
    """The words `search_query` appends to the carry-over: the follow-up's new focus words, FOCUS_REPEATS times
    (none when `question` is not read as a follow-up of `history`). The extractive composer weighs them as well."""
    if carry_over(question, history) == question:
        return []
    return new_focus_words(question, _previous_topic(history)) * FOCUS_REPEATS


def new_focus_words(question: str, previous: str) -> list[str]:
    """The follow-up's content words, after its leading "and/what about…", that the previous topic does not have
    (compared by stem), in order and without repeats."""
    known = set(tokens(previous))
    focus: list[str] = []
    for word in _WORD.findall(_LEADS.sub("", question, count=1)):
        stems = tokens(word)
        if stems and not known.intersection(stems):
            known.update(stems)
            focus.append(word)
    return focus


def _previous_topic(history: list[PastTurn]) -> str:
    previous = history[-1].resolved_question or history[-1].question
    if len(previous) > MAX_CARRIED_CHARS:
        previous = previous[-MAX_CARRIED_CHARS:].split(" ", 1)[-1]
    return previous


def render_history(history: list[PastTurn], *, turns: int = 3, answer_chars: int = 300) -> str:
    lines: list[str] = []
    for turn in history[-turns:]:
        lines.append(f"User: {turn.question}")
        answer = " ".join(turn.answer.split())
        lines.append(f"Assistant: {answer[:answer_chars]}{'…' if len(answer) > answer_chars else ''}")
    return "\n".join(lines)
