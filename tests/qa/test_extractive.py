from __future__ import annotations

from app.knowledge import KnowledgeBase
from app.lens.models import ATTRIBUTION
from app.qa.extractive import compose_extractive, split_sentences


def test_every_sentence_is_cited_and_sources_and_attribution_are_kept(tiny_kb: KnowledgeBase) -> None:
    result = tiny_kb.retriever.search("least privilege access to training data", k=5)
    composed = compose_extractive(result.query, result, tiny_kb.lens)
    assert composed.citations and composed.citations[0].bp_id.startswith("MLSEC03")
    body = composed.paragraphs[1:-1]
    for paragraph in body:
        heading, sentences = paragraph.split("\n", 1)
        assert "risk if not established" in heading
        assert sentences.rstrip().endswith("]")
    for citation in composed.citations:
        assert f"[{citation.bp_id}]" in composed.text and citation.url in composed.text
        assert citation.quote
    assert ATTRIBUTION in composed.text


def test_an_id_question_summarises_the_best_practice(tiny_kb: KnowledgeBase) -> None:
    result = tiny_kb.retriever.search("MLSEC03-BP02", k=5)
    composed = compose_extractive(result.query, result, tiny_kb.lens)
    assert composed.citations[0].bp_id == "MLSEC03-BP02"
    assert "Desired outcome:" in composed.text and "Implementation steps include:" in composed.text


def test_sentences_drop_list_markers_and_link_targets() -> None:
    text = "- Use [Amazon SageMaker AI](https://aws.amazon.com/sagemaker/) roles. Then audit.\n- Second item here."
    assert split_sentences(text) == ["Use Amazon SageMaker AI roles.", "Then audit.", "Second item here."]


def test_a_question_id_lists_each_best_practice_once(tiny_kb: KnowledgeBase) -> None:
    result = tiny_kb.retriever.search("what is in MLSEC03?", k=5)
    composed = compose_extractive(result.query, result, tiny_kb.lens)
    question = tiny_kb.lens.question("MLSEC03")
    assert question is not None
    assert [c.bp_id for c in composed.citations] == [bp.id for bp in question.best_practices]
    assert all(f"- **{bp.id} " in composed.text for bp in question.best_practices)


def test_a_best_practice_id_answers_about_that_practice_only(tiny_kb: KnowledgeBase) -> None:
    result = tiny_kb.retriever.search("what does MLSEC03-BP02 say?", k=5)
    composed = compose_extractive(result.query, result, tiny_kb.lens)
    assert [c.bp_id for c in composed.citations] == ["MLSEC03-BP02"]
