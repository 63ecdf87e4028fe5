"""Adapter: the QA service as the review's `ask` callable, so a side question mid-review gets a cited lens answer.

It asks the whole lens first. When that answer cites a practice of the current question, the question is about the
question at hand, and it is asked again within the current question only (so "what do you mean by lineage?" on
MLSEC03 lands on MLSEC03-BP04 with MLSEC03's text); when it cites none, the whole-lens answer stands (a side question
on lineage asked at MLOPS01 used to get MLOPS01's explainability text, since the search was held to MLOPS01 and that
was not refused). A whole-lens refusal is retried within the current question ("what does that mean?"). The
questions and answers are stored as conversations of the review's principal. PURE: depends only on the QA service's
interface.
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
        answer = qa.ask(text, principal=context.principal)
        own = set(context.bp_ids)
        if context.question_id and (answer.refused or any(c.bp_id in own for c in answer.citations)):
            filters = SearchFilters(question_ids=(context.question_id,))
            within = qa.ask(text, principal=context.principal, filters=filters)
            if not within.refused:
                answer = within
        return SideAnswer(
            question=text,
            text=answer.answer,
            citations=tuple(
                SideCitation(bp_id=c.bp_id, title=c.title, url=c.url, section=c.section.value) for c in answer.citations
            ),
        )

    return ask
