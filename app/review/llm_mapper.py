"""The LLM answer mapper: structured output validated with pydantic, checked against the question and the user's
words, with the embedding mapper as the fallback when the provider fails or answers badly. PURE (uses the ChatModel
port only).

Checks: every ID must be a BP of the question (else LLMOutputInvalid, so the fallback answers); a status must be
backed by a quote found in the user's own words (else it becomes cannot_determine); a quote that is an instruction
aimed at the assistant backs nothing; anything not mentioned is cannot_determine. And a second reading: where the
no-LLM mapper (the fallback) reads the answer as speaking against a practice the model calls implemented, the
proposal becomes partially implemented with lower confidence, quoting the clause that speaks against it, for the user
to settle (a confident wrong "implemented" hides a risk; small models make that mistake, docs/quality.md). The same
holds when the model's own quote speaks against the practice (a negation or a bad state the cues know), and an
"implemented" whose quote is not stated as a fact (hearsay, theory, an approximation) is asked about, as the no-LLM
mapper does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.errors import LLMOutputInvalid, LLMUnavailable
from app.lens.interview import QuestionContent
from app.lens.models import Question
from app.llm.base import ChatModel, PromptTemplate
from app.review.cues import is_injection, reports_fact, speaks_against
from app.review.mapping import TENTATIVE_FACTOR, AnswerMapper, MappingResult
from app.review.models import UNDETERMINED, BPAnswer, BPStatus, Provenance

MAX_LLM_CONFIDENCE = 0.9  # the user still confirms; never present a model's reading as certain
CONTRADICTED_CONFIDENCE = 0.4  # an "implemented" the answer's own words speak against: mixed, so low
Relevance = Callable[[Question, QuestionContent, str], dict[str, float]]  # quote → per-BP 0..1 (embedding check)


class LLMPractice(BaseModel):
    model_config = ConfigDict(extra="ignore")

    bp_id: str
    status: Literal["implemented", "partially_implemented", "not_implemented", "not_applicable", "cannot_determine"]
    quote: str = ""
    confidence: float = Field(0.5, ge=0.0, le=1.0)


class LLMMapping(BaseModel):
    model_config = ConfigDict(extra="ignore")

    practices: list[LLMPractice]


class LLMAnswerMapper:
    def __init__(
        self, chat: ChatModel, prompt: PromptTemplate, fallback: AnswerMapper, *, relevance: Relevance | None = None
    ) -> None:
        """`relevance` (e.g. EmbeddingMapper.relevance) lets a status stand only if its quote is about that BP."""
        self.chat = chat
        self.prompt = prompt
        self.fallback = fallback
        self.relevance = relevance
        self.name = f"llm:{chat.name}"

    def map_answer(self, question: Question, content: QuestionContent, text: str) -> MappingResult:
        try:
            return MappingResult(practices=self._map(question, content, text), mapper=self.name)
        except (LLMUnavailable, LLMOutputInvalid) as exc:
            result = self.fallback.map_answer(question, content, text)
            reason = f"The language model could not map this answer ({exc.message}); used the embedding mapper."
            return MappingResult(practices=result.practices, mapper=result.mapper, degraded=reason)

    def _map(self, question: Question, content: QuestionContent, text: str) -> dict[str, BPAnswer]:
        practices = "\n".join(
            f"- {bp.id}: {content.practices[bp.id].label if bp.id in content.practices else bp.title} ({bp.title})"
            for bp in question.best_practices
        )
        messages = self.prompt.render(
            question_id=question.id, question_text=content.opening, practices=practices, answer=text
        )
        completion = self.chat.complete(messages, schema=LLMMapping)
        parsed = completion.parsed
        if not isinstance(parsed, LLMMapping):
            raise LLMOutputInvalid("the model's reply was not a practice mapping")
        mapped = validate_mapping(question, parsed, text)
        if self.relevance is not None:
            # Small models like to give every practice a status backed by some sentence; keep only quotes about the BP.
            for bp_id, answer in mapped.items():
                if answer.is_determined and self.relevance(question, content, answer.quote).get(bp_id, 0.0) <= 0.0:
                    mapped[bp_id] = UNDETERMINED
        return self._second_reading(question, content, text, mapped)

    def _second_reading(
        self, question: Question, content: QuestionContent, text: str, mapped: dict[str, BPAnswer]
    ) -> dict[str, BPAnswer]:
        """An "implemented" the no-LLM reading says the answer speaks against becomes partially implemented."""
        claimed = [bp_id for bp_id, answer in mapped.items() if answer.status is BPStatus.IMPLEMENTED]
        if not claimed:
            return mapped
        rules = self.fallback.map_answer(question, content, text).practices
        for bp_id in claimed:
            against = rules.get(bp_id)
            own = mapped[bp_id].quote
            if against is not None and against.status is BPStatus.NOT_IMPLEMENTED:
                mapped[bp_id] = _contradicted(mapped[bp_id], against.quote or own)
            elif speaks_against(own):
                # The model's own evidence states a bad state or a negation ("basically print statements"), which the
                # no-LLM reading may have put under a neighbouring practice.
                mapped[bp_id] = _contradicted(mapped[bp_id], own)
            elif not reports_fact(own):
                # Hearsay, theory, irony or an approximation: the no-LLM mapper asks about it, and so does this one.
                mapped[bp_id] = BPAnswer(
                    provenance=Provenance.INFERRED,
                    confidence=round(mapped[bp_id].confidence * TENTATIVE_FACTOR, 3),
                    quote=own,
                    note="The model read this as implemented; the answer does not state it as a fact.",
                )
        return mapped


def _contradicted(answer: BPAnswer, quote: str) -> BPAnswer:
    return answer.model_copy(
        update={
            "status": BPStatus.PARTIALLY_IMPLEMENTED,
            "confidence": min(answer.confidence, CONTRADICTED_CONFIDENCE),
            "quote": quote,
            "note": "The model read this as implemented, but part of the answer says it is not done.",
        }
    )


def validate_mapping(question: Question, mapping: LLMMapping, text: str) -> dict[str, BPAnswer]:
    """Check a model's mapping against the question and the user's words (see module docstring)."""
    valid = [bp.id for bp in question.best_practices]
    unknown = [p.bp_id for p in mapping.practices if p.bp_id not in valid]
    if unknown:
        raise LLMOutputInvalid(f"the model named practices outside {question.id}: {', '.join(unknown)}")
    out = {bp_id: UNDETERMINED for bp_id in valid}
    for item in mapping.practices:
        status = BPStatus(item.status)
        quote = _find_quote(item.quote, text)
        if status is BPStatus.CANNOT_DETERMINE or quote is None or is_injection(quote):
            continue
        out[item.bp_id] = BPAnswer(
            status=status,
            provenance=Provenance.USER_STATED,
            confidence=round(min(item.confidence, MAX_LLM_CONFIDENCE), 3),
            quote=quote,
        )
    return out


def _find_quote(quote: str, text: str) -> str | None:
    """The quote as the user wrote it (whitespace- and case-tolerant), or None if the user never said it."""
    words = quote.strip().strip("\"'“”").split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, text, re.IGNORECASE)
    return m.group(0) if m else None
