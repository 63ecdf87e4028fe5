from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from app.knowledge import KnowledgeBase
from app.lens.models import ATTRIBUTION, Section
from app.qa.extractive import compose_extractive, dangles, split_sentences
from app.retrieval.chunking import SECTION_LABELS
from app.retrieval.sentences import QUOTED_SECTIONS

LABELS = SECTION_LABELS | {Section.ANTI_PATTERNS: "Anti-pattern to avoid"}


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
    assert {c.bp_id for c in composed.citations} == {"MLSEC03-BP02"}  # one citation per section quoted


def _section_of(lens_bp_text: dict[Section, str], sentence: str) -> set[Section]:
    return {section for section, text in lens_bp_text.items() if sentence in split_sentences(text)}


@pytest.mark.parametrize(
    "question",
    [
        "least privilege access to training data",
        "how do we track the lineage of our datasets and models?",
        "what should we record about who is responsible for each model?",
    ],
)
def test_quoted_sentences_stand_alone_and_carry_the_section_they_came_from(
    tiny_kb: KnowledgeBase, question: str
) -> None:
    result = tiny_kb.retriever.search(question, k=5)
    composed = compose_extractive(question, result, tiny_kb.lens, tiny_kb.reference_embedder)
    assert composed.quoted
    for unit in composed.quoted:
        assert not dangles(unit[0])
    for paragraph in composed.paragraphs[1:-1]:
        heading, *lines = paragraph.split("\n")
        assert heading.count("risk if not established") == 1
        for line in lines:
            bp_id = line.rsplit("[", 1)[1].rstrip("]")
            bp = tiny_kb.lens.best_practice(bp_id)
            assert bp is not None
            label, _, quoted = line.removeprefix("- ").partition(": ")
            texts = {s: bp.section_text(s) for s in QUOTED_SECTIONS}
            first = next(unit for unit in composed.quoted if quoted.startswith(unit[0]))
            sections = _section_of(texts, first[0])
            assert label in {LABELS[s] for s in sections}, (label, first[0])
    for citation in composed.citations:
        bp = tiny_kb.lens.best_practice(citation.bp_id)
        assert bp is not None
        first = next(unit for unit in composed.quoted if citation.quote.startswith(" ".join(unit)))
        assert first[0] in split_sentences(bp.section_text(citation.section))


def test_a_sentence_that_refers_back_is_quoted_with_the_one_before_it_or_not_at_all() -> None:
    assert dangles("This baseline will be used to compare against your production data to detect drift.")
    assert dangles("These include raw data and model parameters.") and dangles("It also helps auditors.")
    assert not dangles("It is important to monitor models in production.")
    assert not dangles("Thresholds should be set per model.")


class _SameMeaning:
    """An embedder for which every text means the same thing."""

    name, dimension, max_tokens = "same", 2, 64

    def warm_up(self) -> None: ...

    def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        return np.tile(np.array([1.0, 0.0], dtype=np.float32), (len(texts), 1))

    def count_tokens(self, text: str) -> int:
        return len(text.split())


def test_near_duplicates_are_quoted_once(tiny_kb: KnowledgeBase) -> None:
    result = tiny_kb.retriever.search("least privilege access to training data", k=5)
    composed = compose_extractive(result.query, result, tiny_kb.lens, _SameMeaning())
    assert len(composed.quoted) == 1
    assert len([p for p in composed.paragraphs if p.startswith("**")]) == 1
