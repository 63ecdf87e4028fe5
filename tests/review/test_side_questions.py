"""Side questions through the real (extractive) QA service on the tiny lens: cited, focused on the current question."""

from __future__ import annotations

from app.knowledge import KnowledgeBase
from app.principal import Principal
from app.qa.memory import MemoryConversationStore
from app.qa.service import QAService
from app.reviewing.service import AskContext
from app.reviewing.side_questions import qa_side_questions


def test_side_question_is_answered_from_the_current_question(tiny_kb: KnowledgeBase) -> None:
    store = MemoryConversationStore()
    qa = QAService(tiny_kb.lens, tiny_kb.retriever, store)
    ask = qa_side_questions(qa)
    reviewer = Principal.slack("T1", "U1")
    context = AskContext(review_id="r", principal=reviewer, question_id="MLSEC03", bp_ids=("MLSEC03-BP04",))
    answer = ask("what do you mean by data lineage exactly?", context)
    assert answer.text and answer.citations
    assert answer.citations[0].bp_id.startswith("MLSEC03") and answer.citations[0].url.startswith("https://")
    assert set(store.owners.values()) == {reviewer}  # stored as a conversation of the review's principal


def test_side_question_without_a_current_question(tiny_kb: KnowledgeBase) -> None:
    qa = QAService(tiny_kb.lens, tiny_kb.retriever, MemoryConversationStore())
    answer = qa_side_questions(qa)(
        "least privilege access to training data", AskContext("r", Principal.local(), None, ())
    )
    assert any(c.bp_id == "MLSEC03-BP01" for c in answer.citations)


def test_a_side_question_about_another_question_is_answered_from_the_whole_lens(tiny_kb: KnowledgeBase) -> None:
    """Asked at MLOPS01 (skills, explainability, business goals), a question on lineage used to be searched within
    MLOPS01 only and answered with MLOPS01's text, since that was not refused."""
    qa = QAService(tiny_kb.lens, tiny_kb.retriever, MemoryConversationStore())
    bp_ids = tuple(bp.id for bp in tiny_kb.lens.question("MLOPS01").best_practices)
    context = AskContext(review_id="r", principal=Principal.local(), question_id="MLOPS01", bp_ids=bp_ids)
    answer = qa_side_questions(qa)("what do you mean by data lineage exactly?", context)
    assert answer.citations and answer.citations[0].bp_id == "MLSEC03-BP04", [c.bp_id for c in answer.citations]
    # A question about the practices at hand is still answered from them.
    skills = qa_side_questions(qa)("how should the team keep its ML skills current?", context)
    assert skills.citations and all(c.bp_id.startswith("MLOPS01") for c in skills.citations)
