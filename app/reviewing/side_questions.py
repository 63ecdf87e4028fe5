"""Adapter: the QA service as the review's `ask` callable, so a side question mid-review gets a cited lens answer.

It asks within the current question first (so "what do you mean by lineage?" on MLSEC03 lands on MLSEC03-BP04) and
falls back to the whole lens when that is refused. The question and its answer are stored as a conversation of the
review's principal. PURE: depends only on the QA service's interface.
"""

from __future__ import annotations

from typing import Protocol

from app.principal import Principal
from app.qa.models import Answer
from app.retrieval.base import SearchFilters
from app.review.turn import SideAnswer, SideCitation
from app.reviewing.service import AskContext, AskFn


class AsksQuestions(Protocol):
    def ask(
        self,
        question: str,
        *,
        principal: Principal,
        conversation_id: str | None = None,
        filters: SearchFilters | None = None,
    ) -> Answer: ...


def qa_side_questions(qa: AsksQuestions) -> AskFn:
    def ask(text: str, context: AskContext) -> SideAnswer:
        answer = None
        if context.question_id:
            filters = SearchFilters(question_ids=(context.question_id,))
            answer = qa.ask(text, principal=context.principal, filters=filters)
        if answer is None or answer.refused:
            answer = qa.ask(text, principal=context.principal)
        return SideAnswer(
            question=text,
            text=answer.answer,
            citations=tuple(
                SideCitation(bp_id=c.bp_id, title=c.title, url=c.url, section=c.section.value) for c in answer.citations
            ),
        )

    return ask
