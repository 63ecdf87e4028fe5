"""Answers, citations and the events of a streamed answer. PURE: no I/O."""

from __future__ import annotations

from typing import Literal

from app.frozen import Frozen as _Frozen
from app.lens.models import Risk, Section


class Citation(_Frozen):
    bp_id: str
    title: str
    section: Section
    url: str
    quote: str
    risk: Risk | None = None


class Topic(_Frozen):
    """A nearby lens topic offered when a question is refused."""

    bp_id: str
    title: str
    url: str
    relevance: float


# Why a question was refused: an attempt to override the assistant's instructions, not about the lens, or not written
# in English (the lens, its search and the answer composer read English only; app/retrieval/language.py).
RefusalKind = Literal["override", "off_topic", "not_english"]


class Answer(_Frozen):
    answer: str
    citations: tuple[Citation, ...]
    refused: bool
    mode: Literal["none", "llm"]
    conversation_id: str
    turn_id: int | None = None
    model: str | None = None  # provider:model when mode is "llm"
    notice: str | None = None  # visible degradation / integrity notice
    citations_removed: tuple[str, ...] = ()  # BP IDs the model cited that were not retrieved
    nearest_topics: tuple[Topic, ...] = ()
    resolved_question: str = ""  # the question actually searched (follow-ups are rewritten)
    prompt_hash: str | None = None
    refusal: RefusalKind | None = None  # why it was refused (None when answered)

    @property
    def is_flagged(self) -> bool:
        return bool(self.citations_removed)


class PastTurn(_Frozen):
    question: str
    resolved_question: str
    answer: str
    cited_bp_ids: tuple[str, ...]
    refused: bool = False  # refused turns (off topic or override) are left out of a follow-up's history


class RetrievalEvent(_Frozen):
    kind: Literal["retrieval"] = "retrieval"
    conversation_id: str
    resolved_question: str
    route: str
    out_of_scope: bool
    hits: tuple[Topic, ...]


class DeltaEvent(_Frozen):
    kind: Literal["delta"] = "delta"
    text: str


class CitationEvent(_Frozen):
    kind: Literal["citation"] = "citation"
    citation: Citation


class DoneEvent(_Frozen):
    kind: Literal["done"] = "done"
    answer: Answer


AskEvent = RetrievalEvent | DeltaEvent | CitationEvent | DoneEvent
