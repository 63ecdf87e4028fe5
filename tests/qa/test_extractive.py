from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from app.evaluation.ask import read_ask_rows, run_ask_eval
from app.knowledge import KnowledgeBase
from app.lens.models import ATTRIBUTION, Section
from app.qa import extractive
from app.qa.extractive import (
    CLEAR_LEAD,
    LINES_FOR_BEST_BP,
    LINES_PER_OTHER_BP,
    MAX_BPS,
    MAX_LINES,
    NEAR_DUPLICATE,
    SEE_ALSO_AFTER_CLEAR_LEAD,
    WEIGHTS,
    Composed,
    compose_extractive,
    dangles,
    quotable,
    refers_back,
    split_sentences,
)
from app.retrieval.base import BPHit, SearchResult
from app.retrieval.chunking import SECTION_LABELS
from app.retrieval.sentences import QUOTED_SECTIONS, split_lines

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


# --- Choosing what to quote (sentence evidence, caps, redundancy, word rarity) ---------------------------------------


class _KeyedEmbedder:
    """Chosen texts get chosen vectors in the first few dimensions; every other text gets a fixed pseudo-random unit
    vector in the remaining ones (so it is unrelated to the question and to the chosen texts)."""

    name, dimension, max_tokens = "keyed", 64, 256
    _SPECIAL = 8

    def __init__(self, table: dict[str, list[float]]) -> None:
        self._table = table

    def warm_up(self) -> None: ...

    def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for n, text in enumerate(texts):
            if text in self._table:
                out[n, : len(self._table[text])] = self._table[text]
            else:
                seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")
                out[n, self._SPECIAL :] = np.random.default_rng(seed).normal(size=self.dimension - self._SPECIAL)
            out[n] /= np.linalg.norm(out[n])
        return out

    def count_tokens(self, text: str) -> int:
        return len(text.split())


QUESTION = "qqzx wvkj?"  # no word of it is in the lens: only meaning decides


def _hit(kb: KnowledgeBase, bp_id: str, relevance: float) -> BPHit:
    bp = kb.lens.best_practice(bp_id)
    assert bp is not None
    return BPHit(
        bp_id=bp.id,
        question_id=bp.question_id,
        pillar=bp.pillar,
        phase=bp.phase,
        risk=bp.risk,
        title=bp.title,
        url=bp.url,
        score=relevance,
        relevance=relevance,
        passages=(),
    )


def _result(kb: KnowledgeBase, *hits: tuple[str, float]) -> SearchResult:
    return SearchResult(
        query=QUESTION,
        route="hybrid",
        hits=tuple(_hit(kb, bp_id, rel) for bp_id, rel in hits),
        out_of_scope=False,
        threshold=0.3,
    )


def _steps(kb: KnowledgeBase, bp_id: str) -> list[str]:
    bp = kb.lens.best_practice(bp_id)
    assert bp is not None
    return [s for s in split_sentences(bp.section_text(Section.STEPS)) if len(s.split()) >= 8 and not dangles(s)]


def _line_sections(composed: Composed) -> list[Section]:
    by_label = {label: section for section, label in LABELS.items()}
    lines = [line for p in composed.paragraphs[1:-1] for line in p.split("\n")[1:]]
    return [by_label[line.removeprefix("- ").split(": ", 1)[0]] for line in lines]


def _headings(composed: Composed) -> list[str]:
    return [p.split("**")[1].split()[0] for p in composed.paragraphs if p.startswith("**")]


def test_the_practice_whose_sentence_answers_is_quoted_first_even_when_retrieval_ranked_it_fourth(
    tiny_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the order by the best unit alone, as before session 28 (rank28); its order since: tests/qa/test_practice_order.py
    monkeypatch.setattr(extractive, "EVIDENCE_UNITS", 1)
    monkeypatch.setattr(extractive, "RETRIEVAL_RANK_WEIGHT", 0.0)
    answer = _steps(tiny_kb, "MLSEC03-BP04")[3]
    embedder = _KeyedEmbedder({QUESTION: [1.0], answer: [1.0, 0.2]})
    result = _result(
        tiny_kb, ("MLOPS01-BP01", 0.5), ("MLOPS02-BP02", 0.5), ("MLSEC04-BP01", 0.5), ("MLSEC03-BP04", 0.45)
    )
    composed = compose_extractive(QUESTION, result, tiny_kb.lens, embedder)
    assert _headings(composed)[0] == "MLSEC03-BP04"
    assert composed.quoted[0] == (answer,)
    assert composed.citations[0].bp_id == "MLSEC03-BP04" and composed.citations[0].section is Section.STEPS


def test_a_practice_that_answers_fills_up_to_its_cap_and_the_answer_keeps_the_line_cap(tiny_kb: KnowledgeBase) -> None:
    steps = _steps(tiny_kb, "MLSEC03-BP01")[:6]
    table: dict[str, list[float]] = {QUESTION: [1.0]}
    for n, sentence in enumerate(steps):  # each as close to the question as the others (cosine 0.89), and 0.8 to them
        table[sentence] = [1.0] + [0.0] * n + [0.5]
    embedder = _KeyedEmbedder(table)
    result = _result(tiny_kb, ("MLOPS01-BP01", 0.6), ("MLSEC03-BP01", 0.5), ("MLOPS02-BP02", 0.5))
    composed = compose_extractive(QUESTION, result, tiny_kb.lens, embedder)
    per_practice = Counter(line.rsplit("[", 1)[1] for p in composed.paragraphs[1:-1] for line in p.split("\n")[1:])
    assert per_practice["MLSEC03-BP01]"] == LINES_FOR_BEST_BP
    assert sorted(per_practice.values(), reverse=True)[1:] <= [LINES_PER_OTHER_BP] * (MAX_BPS - 1)
    assert len(composed.quoted) == sum(per_practice.values()) == MAX_LINES
    assert [unit[0] for unit in composed.quoted[:LINES_FOR_BEST_BP]] == steps[:LINES_FOR_BEST_BP]
    assert sum(len(unit) for unit in composed.quoted) <= 2 * MAX_LINES


def _lines_per_practice(first_relevance: float, tiny_kb: KnowledgeBase) -> tuple[Counter[str], float, list[str]]:
    """An answer where MLSEC03-BP01's six steps are each 0.707 from the question and unlike each other, and two other
    practices each have two steps at 0.75 (so each of those outscores the first practice's later, redundant lines);
    MLSEC03-BP01 retrieved at `first_relevance`, the others at 0.5. Also the first practice's evidence lead, and the
    headings in answer order."""
    table: dict[str, list[float]] = {QUESTION: [1.0]}
    for n, sentence in enumerate(_steps(tiny_kb, "MLSEC03-BP01")[:6]):
        table[sentence] = [1.0] + [0.0] * n + [1.0]
    for k, bp_id in enumerate(("MLOPS02-BP02", "MLSEC04-BP01")):
        for n, sentence in enumerate(_steps(tiny_kb, bp_id)[:2]):
            table[sentence] = [0.75] + [0.0] * (19 + 10 * k + n) + [float(np.sqrt(1 - 0.75**2))]
    embedder = _KeyedEmbedder(table)
    result = _result(tiny_kb, ("MLSEC03-BP01", first_relevance), ("MLOPS02-BP02", 0.5), ("MLSEC04-BP01", 0.5))
    composed = compose_extractive(QUESTION, result, tiny_kb.lens, embedder)
    assert len(composed.quoted) == MAX_LINES
    step = WEIGHTS["section:implementation_steps"]
    lead = 2.0 * (first_relevance - 0.5) + (np.sqrt(0.5) + step) - (0.75 + step)
    per_practice = Counter(line.rsplit("[", 1)[1][:-1] for p in composed.paragraphs[1:-1] for line in p.split("\n")[1:])
    return per_practice, float(lead), _headings(composed)


def test_when_the_first_practice_clearly_leads_the_others_share_one_see_also_line(tiny_kb: KnowledgeBase) -> None:
    clear = 0.5 + (CLEAR_LEAD + 0.05 - (np.sqrt(0.5) - 0.75)) / 2  # the relevance that leads by CLEAR_LEAD + 0.05
    per_practice, lead, headings = _lines_per_practice(float(clear), tiny_kb)
    assert lead >= CLEAR_LEAD
    assert headings[0] == "MLSEC03-BP01"
    assert per_practice["MLSEC03-BP01"] == LINES_FOR_BEST_BP
    assert sum(per_practice.values()) - per_practice["MLSEC03-BP01"] == SEE_ALSO_AFTER_CLEAR_LEAD


def test_when_the_evidence_is_close_each_other_practice_may_take_its_lines(
    tiny_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the lead as the best unit alone gives it (before session 28, rank28), which `_lines_per_practice` computes
    monkeypatch.setattr(extractive, "EVIDENCE_UNITS", 1)
    monkeypatch.setattr(extractive, "RETRIEVAL_RANK_WEIGHT", 0.0)
    close = 0.5 + (CLEAR_LEAD / 2 - (np.sqrt(0.5) - 0.75)) / 2  # the relevance that leads by half CLEAR_LEAD
    per_practice, lead, headings = _lines_per_practice(float(close), tiny_kb)
    assert 0 < lead < CLEAR_LEAD
    assert headings[0] == "MLSEC03-BP01"
    assert per_practice["MLOPS02-BP02"] == per_practice["MLSEC04-BP01"] == LINES_PER_OTHER_BP
    assert per_practice["MLSEC03-BP01"] == MAX_LINES - 2 * LINES_PER_OTHER_BP


def test_a_sentence_close_to_one_already_quoted_gives_way_to_one_that_adds_something(
    tiny_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extractive, "LEAD_WEIGHTS", {})  # lines in the order picked (the lead order is tested below)
    first, close, different = _steps(tiny_kb, "MLSEC03-BP02")[:3]
    embedder = _KeyedEmbedder(
        {
            QUESTION: [1.0],
            first: [0.9, 0.436],
            close: [0.88, 0.133, 0.456],  # nearer the question than `different`, but 0.85 like `first`
            different: [0.8, -0.505, 0.324],
        }
    )
    result = _result(tiny_kb, ("MLSEC03-BP02", 0.6))
    composed = compose_extractive(QUESTION, result, tiny_kb.lens, embedder)
    order = [unit[0] for unit in composed.quoted]
    assert order[:3] == [first, different, close]


def test_rare_question_words_count_more_than_common_ones_without_an_embedder(tiny_kb: KnowledgeBase) -> None:
    from app.qa.extractive import FEATURES, _practice_units, _Selector, _Units

    bp = tiny_kb.lens.best_practice("MLSEC03-BP01")
    assert bp is not None
    units = _Units([u for u in _practice_units(bp) if u.section is Section.STEPS], None)
    overlap = _Selector("data access macie", None).features(units)[:, FEATURES.index("overlap")]
    best = units.units[int(np.argmax(overlap))].text
    assert "Macie" in best  # among sentences of one section, the one with the rare word scores best
    common = [n for n, u in enumerate(units.units) if "Macie" not in u.text and u.words & {"data", "access"}]
    assert common and overlap.max() > overlap[common].max()


@pytest.mark.integration
def test_dev_questions_get_answers_within_the_caps_that_stand_alone_with_true_labels(full_kb: KnowledgeBase) -> None:
    rows = read_ask_rows(Path(__file__).resolve().parents[2] / "eval" / "ask" / "dev.jsonl")
    for row in rows:
        result = full_kb.retriever.search(row["question"], k=5)
        if result.out_of_scope:
            continue
        composed = compose_extractive(row["question"], result, full_kb.lens, full_kb.reference_embedder)
        assert 0 < len(composed.quoted) <= MAX_LINES
        assert len(_headings(composed)) == len(set(_headings(composed))) <= MAX_BPS
        for unit in composed.quoted:
            assert not dangles(unit[0]) and len(unit) <= 2
        sentences = [s for unit in composed.quoted for s in unit]
        vectors = full_kb.reference_embedder.embed(sentences)
        similarity = vectors @ vectors.T - np.eye(len(sentences))
        assert similarity.max() <= NEAR_DUPLICATE
        for paragraph in composed.paragraphs[1:-1]:
            heading, *lines = paragraph.split("\n")
            assert heading.count("risk if not established") <= 1
            for line in lines:
                page = line.rsplit("[", 1)[1].rstrip("]")
                bp = full_kb.lens.best_practice(page)
                label, _, quoted = line.removeprefix("- ").partition(": ")
                unit = next(u for u in composed.quoted if quoted.startswith(" ".join(u)))
                if bp is None:  # a page of the lens overview, quoted from its retrieved passages
                    part = next(o for o in full_kb.lens.overview if o.id == page)
                    assert label == LABELS[Section.OVERVIEW] and set(unit) <= set(split_sentences(part.text))
                    continue
                assert label in {
                    LABELS[s] for s in _section_of({s: bp.section_text(s) for s in QUOTED_SECTIONS}, unit[0])
                }
        assert ATTRIBUTION in composed.paragraphs[-1] and all(
            c.url in composed.paragraphs[-1] for c in composed.citations
        )


def test_the_ask_eval_reports_how_long_answers_are_next_to_what_they_quote(tiny_kb: KnowledgeBase) -> None:
    question = "least privilege access to training data"
    composed = compose_extractive(
        question, tiny_kb.retriever.search(question, k=5), tiny_kb.lens, tiny_kb.reference_embedder
    )
    quoted = [s for unit in composed.quoted for s in unit]
    rows = [
        {"id": "a", "question": question, "bp_id": "MLSEC03-BP01", "wanted": [quoted[-1]]},
        {
            "id": "b",
            "question": question,
            "bp_id": "MLSEC03-BP01",
            "wanted": ["A sentence the lens never says at all."],
        },
    ]
    report = run_ask_eval(tiny_kb, rows)
    assert report["wanted_quoted"] == 0.5 and [m["id"] for m in report["misses"]] == ["b"]
    assert report["avg_quoted_sentences"] == len(quoted)
    assert report["avg_quoted_lines"] == len(composed.quoted) <= MAX_LINES


def test_the_ask_eval_counts_each_wanted_sentence_as_if_it_were_the_only_one(tiny_kb: KnowledgeBase) -> None:
    """A row listing three wanted sentences is hit when any one is quoted; the recall figure does not rise with how
    many sentences a writer listed, so dev rows with 3 and held-out rows with 1 are compared fairly."""
    question = "least privilege access to training data"
    composed = compose_extractive(
        question, tiny_kb.retriever.search(question, k=5), tiny_kb.lens, tiny_kb.reference_embedder
    )
    quoted = [s for unit in composed.quoted for s in unit]
    never = ["A sentence the lens never says at all.", "Another sentence nobody wrote.", "A third one, also absent."]
    rows = [
        {"id": "one of three", "question": question, "bp_id": "MLSEC03-BP01", "wanted": [quoted[0], *never[:2]]},
        {"id": "both of two", "question": question, "bp_id": "MLSEC03-BP01", "wanted": quoted[:2]},
        {"id": "none of one", "question": question, "bp_id": "MLSEC03-BP01", "wanted": never[:1]},
    ]
    report = run_ask_eval(tiny_kb, rows)
    assert report["wanted_quoted"] == round(2 / 3, 4)
    assert report["wanted_sentence_recall"] == round((1 / 3 + 1 + 0) / 3, 4)
    assert report["wanted_quoted_by_count"] == {
        "1": {"n": 1, "wanted_quoted": 0.0},
        "2": {"n": 1, "wanted_quoted": 1.0},
        "3+": {"n": 1, "wanted_quoted": 1.0},
    }


def _sentences(kb: KnowledgeBase, bp_id: str, section: Section) -> list[str]:
    bp = kb.lens.best_practice(bp_id)
    assert bp is not None
    return [s for s in split_sentences(bp.section_text(section)) if len(s.split()) >= 8 and not dangles(s)]


def test_of_sentences_equally_close_to_the_question_a_step_comes_after_an_explanation_and_a_benefit_last(
    tiny_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reviewers rarely want a benefit bullet, and less often one of the many steps than an explanation. (Without the
    paragraph pooling, which would lift the guidance sentence's paragraph neighbour: the next test.)"""
    monkeypatch.setattr(extractive, "PARAGRAPH_WEIGHT", 0.0)
    bp_id = "MLSEC03-BP01"
    guidance = _sentences(tiny_kb, bp_id, Section.GUIDANCE)[0]
    anti_pattern = _sentences(tiny_kb, bp_id, Section.ANTI_PATTERNS)[0]
    step = _sentences(tiny_kb, bp_id, Section.STEPS)[0]
    benefit = _sentences(tiny_kb, bp_id, Section.BENEFITS)[0]
    table = {QUESTION: [1.0]}  # each as close to the question as the others, and as unlike the others
    for n, sentence in enumerate([benefit, step, anti_pattern, guidance]):
        table[sentence] = [1.0] + [0.0] * n + [1.0]
    composed = compose_extractive(QUESTION, _result(tiny_kb, (bp_id, 0.6)), tiny_kb.lens, _KeyedEmbedder(table))
    order = [unit[0] for unit in composed.quoted]
    assert set(order[:2]) == {guidance, anti_pattern} and order[2] == step
    assert benefit not in order[:3]


@pytest.mark.parametrize("pooled", [True, False])
def test_of_two_sentences_equally_close_to_the_question_the_one_whose_paragraph_answers_comes_first(
    tiny_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch, pooled: bool
) -> None:
    """A sentence next to one that answers the question is picked before an equally close sentence on its own line,
    which comes first on the page (and so wins the tie without the pooling)."""
    if not pooled:
        monkeypatch.setattr(extractive, "PARAGRAPH_WEIGHT", 0.0)
    monkeypatch.setattr(extractive, "LEAD_WEIGHTS", {})  # lines in the order picked
    bp_id = "MLSEC03-BP01"
    bp = tiny_kb.lens.best_practice(bp_id)
    assert bp is not None
    assert extractive.PARAGRAPH_WEIGHT > 0 or not pooled
    paragraph = next(
        line
        for line in split_lines(bp.section_text(Section.GUIDANCE))
        if len(line) == 2 and all(len(s.split()) >= 8 and not extractive.refers_back(s) for s in line)
    )
    answer, neighbour = paragraph
    alone = _sentences(tiny_kb, bp_id, Section.ANTI_PATTERNS)[0]  # an anti-pattern: before the guidance on the page
    table = {
        QUESTION: [1.0],
        answer: [1.0, 1.0],
        neighbour: [0.5, 0.0, 1.0],  # as close to the question as `alone`, and as unlike `answer`
        alone: [0.5, 0.0, 0.0, 1.0],
    }
    composed = compose_extractive(QUESTION, _result(tiny_kb, (bp_id, 0.6)), tiny_kb.lens, _KeyedEmbedder(table))
    order = [unit[0] for unit in composed.quoted]
    assert order[:3] == ([answer, neighbour, alone] if pooled else [answer, alone, neighbour])


def test_the_practice_that_answers_best_fills_six_of_the_seven_lines_and_another_practice_the_last(
    tiny_kb: KnowledgeBase,
) -> None:
    best = _steps(tiny_kb, "MLSEC03-BP01")[:7]
    other = _sentences(tiny_kb, "MLOPS01-BP01", Section.GUIDANCE)[0]
    third = _sentences(tiny_kb, "MLSEC04-BP01", Section.GUIDANCE)[0]
    table: dict[str, list[float]] = {QUESTION: [1.0]}
    for n, sentence in enumerate(best):  # each as close to the question as the others (0.89), and 0.8 to them
        table[sentence] = [1.0] + [0.0] * n + [0.5]
    table[other] = [0.1, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.995]  # further from the question than every step
    table[third] = [0.08, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.997]
    embedder = _KeyedEmbedder(table)
    result = _result(tiny_kb, ("MLSEC03-BP01", 0.6), ("MLOPS01-BP01", 0.45), ("MLSEC04-BP01", 0.45))
    composed = compose_extractive(QUESTION, result, tiny_kb.lens, embedder)
    per_practice = Counter(line.rsplit("[", 1)[1] for p in composed.paragraphs[1:-1] for line in p.split("\n")[1:])
    assert _headings(composed) == ["MLSEC03-BP01", "MLOPS01-BP01"]
    assert per_practice == {"MLSEC03-BP01]": 6, "MLOPS01-BP01]": 1} and len(composed.quoted) == MAX_LINES
    assert [unit[0] for unit in composed.quoted] == [*best[:6], other]


def test_the_ask_eval_says_where_each_missed_sentence_was_lost(tiny_kb: KnowledgeBase) -> None:
    question = "least privilege access to training data"
    result = tiny_kb.retriever.search(question, k=5)
    composed = compose_extractive(question, result, tiny_kb.lens, tiny_kb.reference_embedder)
    bp = tiny_kb.lens.best_practice(composed.citations[0].bp_id)
    assert bp is not None
    quoted = {s for unit in composed.quoted for s in unit}
    below_cut = next(parts[0] for parts in quotable(bp) if parts[0] not in quoted)
    too_short = next(s for s in split_sentences(bp.section_text(Section.STEPS)) if len(s.split()) < 8)
    retrieved = {hit.bp_id for hit in result.hits}
    elsewhere = next(other.id for other in tiny_kb.lens.best_practices if other.id not in retrieved)
    rows = [
        {"id": "cut", "question": question, "bp_id": bp.id, "wanted": [below_cut]},
        {"id": "short", "question": question, "bp_id": bp.id, "wanted": [too_short]},
        {"id": "elsewhere", "question": question, "bp_id": elsewhere, "wanted": ["Not a sentence of the lens at all."]},
        {"id": "hit", "question": question, "bp_id": bp.id, "wanted": [composed.quoted[0][0]]},
    ]
    report = run_ask_eval(tiny_kb, rows)
    assert {miss["id"]: miss["why"] for miss in report["misses"]} == {
        "cut": "ranked below the cut",
        "short": "wanted sentence not quotable",
        "elsewhere": "practice not retrieved",
    }
    assert report["misses_by_cause"] == {
        "ranked below the cut": 1,
        "wanted sentence not quotable": 1,
        "practice not retrieved": 1,
    }
    assert report["wanted_quoted"] == 0.25


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("If not monitored, these changes could lead to models becoming inaccurate over time.", True),
        ("However, this approach needs careful validation before every release of the model.", True),
        ("For neural networks, those might include learning rate and batch size.", True),
        ("These checks run on every request before the model answers.", True),
        ("When teams work in silos, they recreate the same features again and again.", False),
        ("The service finds sensitive data, such as personal information, in buckets.", False),
        ("Use this checklist to review the endpoint configuration every quarter.", False),
        ("It is important to version every dataset that a model was trained on.", False),
    ],
)
def test_a_sentence_whose_main_clause_opens_on_this_or_these_after_a_short_phrase_refers_back(
    sentence: str, expected: bool
) -> None:
    assert refers_back(sentence) is expected


def test_a_sentence_referring_back_after_an_opening_phrase_is_quoted_only_with_the_one_before_it(
    tiny_kb: KnowledgeBase,
) -> None:
    bp = tiny_kb.lens.best_practice("MLOPS01-BP03")
    assert bp is not None
    sentence = next(s for s in split_sentences(bp.intro) if s.startswith("If not monitored, these changes"))
    before = split_sentences(bp.intro)[split_sentences(bp.intro).index(sentence) - 1]
    units = [parts for parts in quotable(bp) if sentence in parts]
    assert units == [(before, sentence)]


class _Interacting(_KeyedEmbedder):
    """A keyed embedder that also scores late interaction (app/retrieval/sentence_tokens.py): 1 for `favoured`."""

    interacts = True

    def __init__(self, table: dict[str, list[float]], favoured: str) -> None:
        super().__init__(table)
        self.favoured = favoured
        self.asked: list[str] = []

    def interaction_scores(self, question: str, texts: list[str]) -> NDArray[np.float64]:
        self.asked.append(question)
        return np.array([1.0 if text == self.favoured else 0.0 for text in texts])


def test_late_interaction_decides_between_sentences_equally_close_in_meaning(tiny_kb: KnowledgeBase) -> None:
    steps = _sentences(tiny_kb, "MLSEC03-BP01", Section.GUIDANCE)[:4]
    table: dict[str, list[float]] = {QUESTION: [1.0]}
    for n, sentence in enumerate(steps):
        table[sentence] = [1.0] + [0.0] * n + [0.5]
    for favoured in (steps[2], steps[3]):
        embedder = _Interacting(table, favoured)
        composed = compose_extractive(QUESTION, _result(tiny_kb, ("MLSEC03-BP01", 0.6)), tiny_kb.lens, embedder)
        assert composed.quoted[0] == (favoured,)
        assert embedder.asked and set(embedder.asked) == {QUESTION}  # one question; its scores are reused


def test_late_interaction_is_scored_only_for_each_practice_s_best_units_by_the_other_features(
    tiny_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Units below a practice's INTERACTION_UNITS best (meaning, overlap, section) are not scored: they take the
    practice's lowest scored value, so a favoured sentence among them cannot jump the cut."""
    monkeypatch.setattr(extractive, "INTERACTION_UNITS", 2)
    steps = _sentences(tiny_kb, "MLSEC03-BP01", Section.GUIDANCE)[:4]
    table: dict[str, list[float]] = {QUESTION: [1.0]}
    for n, sentence in enumerate(steps):
        table[sentence] = [1.0 - 0.1 * n, 0.5]  # closest in meaning first
    scored: list[str] = []

    class Recording(_Interacting):
        def interaction_scores(self, question: str, texts: list[str]) -> NDArray[np.float64]:
            scored.extend(texts)
            return super().interaction_scores(question, texts)

    embedder = Recording(table, steps[3])
    composed = compose_extractive(QUESTION, _result(tiny_kb, ("MLSEC03-BP01", 0.6)), tiny_kb.lens, embedder)
    assert steps[0] in scored and steps[1] in scored and steps[3] not in scored
    assert composed.quoted[0] == (steps[0],)
    monkeypatch.setattr(extractive, "INTERACTION_UNITS", 1000)  # every unit scored: the favoured one wins
    composed = compose_extractive(
        QUESTION, _result(tiny_kb, ("MLSEC03-BP01", 0.6)), tiny_kb.lens, Recording(table, steps[3])
    )
    assert composed.quoted[0] == (steps[3],)


def test_retrievals_first_hit_is_a_candidate_below_the_threshold_and_later_hits_below_it_are_not(
    tiny_kb: KnowledgeBase,
) -> None:
    """A terse question's lead may have a low dense cosine (its fused rank also counts shared words): the answer may
    still quote it; a later hit below the threshold stays out, as before."""
    result = _result(tiny_kb, ("MLSEC03-BP04", 0.25), ("MLOPS01-BP01", 0.5), ("MLSEC04-BP01", 0.2))
    assert [h.bp_id for h in extractive.candidate_hits(result)] == ["MLSEC03-BP04", "MLOPS01-BP01"]
    answer = _steps(tiny_kb, "MLSEC03-BP04")[2]
    embedder = _KeyedEmbedder({QUESTION: [1.0], answer: [1.0, 0.1]})
    composed = compose_extractive(QUESTION, result, tiny_kb.lens, embedder)
    assert "MLSEC03-BP04" in {c.bp_id for c in composed.citations}
    assert "MLSEC04-BP01" not in {c.bp_id for c in composed.citations}


def test_a_follow_ups_focus_word_is_quoted_when_the_quoted_practices_say_it(tiny_kb: KnowledgeBase) -> None:
    """With `focus` (a follow-up's new words, named again), a line naming one is quoted when a quoted practice has
    one, and the line cap holds; a focus no candidate names, or none, leaves the answer as it was."""
    from app.qa.extractive import _candidates
    from app.retrieval.lexical import tokens

    question = "How should we protect sensitive training data?"
    result = tiny_kb.retriever.search(question, k=5)
    plain = compose_extractive(question, result, tiny_kb.lens)
    assert compose_extractive(question, result, tiny_kb.lens, None, ()) == plain
    # a focus word no candidate names quotes the same lines (it counts in the overlap's total, so their order on the
    # first practice's lead score may differ)
    absent = compose_extractive(question, result, tiny_kb.lens, None, ["zzyzx"] * 2)
    assert sorted(absent.quoted) == sorted(plain.quoted)
    assert {c.bp_id for c in absent.citations} == {c.bp_id for c in plain.citations}
    quoted = {word for unit in plain.quoted for part in unit for word in tokens(part)}
    cited = dict.fromkeys(c.bp_id for c in plain.citations)
    unquoted = [
        word
        for hit in result.hits
        if hit.bp_id in cited
        for unit in _candidates(hit, tiny_kb.lens.best_practice(hit.bp_id))
        for word in unit.text.split()
        if len(tokens(word)) == 1 and not set(tokens(word)) & quoted and len(word) > 5 and word.isalpha()
    ]
    assert unquoted, "the tiny corpus has a word the plain answer does not quote"
    focus = unquoted[0]
    weighed = compose_extractive(question, result, tiny_kb.lens, None, [focus] * 2)
    assert any(set(tokens(focus)) & set(tokens(part)) for unit in weighed.quoted for part in unit)
    assert len(weighed.quoted) <= MAX_LINES


def test_a_second_readers_also_sentences_count_only_in_the_answering_figures(tiny_kb: KnowledgeBase) -> None:
    """`also` (sentences a second blind reader judged to answer as directly) never moves wanted_quoted, the issue's
    target; it moves answering_quoted, and answering_first_line only when the answer's first line is one of them."""
    question = "least privilege access to training data"
    composed = compose_extractive(
        question, tiny_kb.retriever.search(question, k=5), tiny_kb.lens, tiny_kb.reference_embedder
    )
    first, later = composed.quoted[0][0], composed.quoted[-1][-1]
    never = "A sentence the lens never says at all."
    rows = [
        {"id": "also first", "question": question, "bp_id": "MLSEC03-BP01", "wanted": [never], "also": [first]},
        {"id": "also later", "question": question, "bp_id": "MLSEC03-BP01", "wanted": [never], "also": [later]},
        {"id": "no also", "question": question, "bp_id": "MLSEC03-BP01", "wanted": [never]},
    ]
    report = run_ask_eval(tiny_kb, rows)
    assert report["wanted_quoted"] == 0.0
    assert report["answering_quoted"] == round(2 / 3, 4)
    assert report["answering_first_line"] == round(1 / 3, 4)
    assert report["rows_read_twice"] == 2


@pytest.mark.parametrize("ordered", [True, False])
def test_the_first_practices_line_most_likely_to_answer_is_shown_first(
    tiny_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch, ordered: bool
) -> None:
    """A desired outcome picked first (a little closer to the question) is shown after a guidance line that scores
    nearly as well: readers found desired outcomes answer less directly (LEAD_WEIGHTS); without the lead order the
    lines keep the order picked. The same lines are quoted either way."""
    if not ordered:
        monkeypatch.setattr(extractive, "LEAD_WEIGHTS", {})
    bp_id = "MLSEC03-BP01"
    outcome = _sentences(tiny_kb, bp_id, Section.DESIRED_OUTCOME)[0]
    guidance = _sentences(tiny_kb, bp_id, Section.GUIDANCE)[0]
    table = {QUESTION: [1.0], outcome: [0.9, 0.436], guidance: [0.8, -0.6]}
    composed = compose_extractive(QUESTION, _result(tiny_kb, (bp_id, 0.6)), tiny_kb.lens, _KeyedEmbedder(table))
    order = [unit[0] for unit in composed.quoted]
    assert order[:2] == ([guidance, outcome] if ordered else [outcome, guidance])


def test_the_first_practices_lines_are_found_among_its_own_units_when_another_practice_shares_the_sentence() -> None:
    """Practices share sentences word for word (at other places on their pages); the line order looked the first
    practice's lines up by the first line's text in whichever practice came first and failed (KeyError)."""
    from app.qa.extractive import _Sentence, _Units, line_rows

    shared = (
        "Set up CloudWatch dashboards to visualize these metrics over time and identify patterns in resource usage."
    )
    other = "Use Amazon CloudWatch to monitor the endpoint's latency and error rates in production."

    def unit(text: str, order: int) -> _Sentence:
        return _Sentence(text, (text,), Section.STEPS, order, 0.0)

    units = _Units([unit(shared, 3), unit(other, 4), unit(other, 1), unit(shared, 7)], None)
    owner = np.array([0, 0, 1, 1])
    lines = [unit(shared, 7), unit(other, 1)]  # the quoted lines of practice 1, as pick_lines makes them
    assert line_rows(units, owner, lines, 1) == [3, 2]


class _Judging(_Interacting):
    """An interacting keyed embedder that also has a line judge (app/retrieval/line_judge.py): 1 for `judged`."""

    judges = True

    def __init__(self, table: dict[str, list[float]], favoured: str, judged: str) -> None:
        super().__init__(table, favoured)
        self.judged = judged
        self.judge_asked: list[str] = []

    def judge_scores(self, question: str, texts: list[str]) -> NDArray[np.float64]:
        self.judge_asked.append(question)
        return np.array([1.0 if text == self.judged else 0.0 for text in texts])


def test_the_line_judge_chooses_which_lines_but_not_how_many_nor_which_practices(tiny_kb: KnowledgeBase) -> None:
    """With a judge the first practice's lines are picked and ordered by JUDGE_WEIGHTS (the judged sentence, last by
    meaning, is quoted first); the practices quoted and how many lines each gets stay what the shipped scores give."""
    steps = _sentences(tiny_kb, "MLSEC03-BP01", Section.GUIDANCE)
    table: dict[str, list[float]] = {QUESTION: [1.0]}
    for n, sentence in enumerate(steps):
        table[sentence] = [1.0 - 0.05 * n, 0.5]
    result = _result(tiny_kb, ("MLSEC03-BP01", 0.6), ("MLOPS01-BP03", 0.5))
    plain = compose_extractive(QUESTION, result, tiny_kb.lens, _Interacting(table, steps[0]))
    embedder = _Judging(table, steps[0], steps[-1])
    judged = compose_extractive(QUESTION, result, tiny_kb.lens, embedder)
    assert steps[-1] not in {s for unit in plain.quoted for s in unit}
    assert judged.quoted[0] == (steps[-1],)
    assert len(judged.quoted) == len(plain.quoted)
    assert [c.bp_id for c in judged.citations][:1] == [c.bp_id for c in plain.citations][:1]
    assert set(embedder.judge_asked) == {QUESTION}  # judged once, for the practices being quoted


def test_without_a_judge_or_without_late_interaction_lines_are_chosen_as_before(tiny_kb: KnowledgeBase) -> None:
    steps = _sentences(tiny_kb, "MLSEC03-BP01", Section.GUIDANCE)
    table: dict[str, list[float]] = {QUESTION: [1.0]}
    for n, sentence in enumerate(steps):
        table[sentence] = [1.0 - 0.05 * n, 0.5]
    result = _result(tiny_kb, ("MLSEC03-BP01", 0.6))
    plain = compose_extractive(QUESTION, result, tiny_kb.lens, _Interacting(table, steps[0]))
    off = _Judging(table, steps[0], steps[-1])
    off.judges = False
    assert compose_extractive(QUESTION, result, tiny_kb.lens, off).quoted == plain.quoted and not off.judge_asked
    no_interaction = _Judging(table, steps[0], steps[-1])
    no_interaction.interacts = False
    compose_extractive(QUESTION, result, tiny_kb.lens, no_interaction)
    assert not no_interaction.judge_asked


def test_pick_within_keeps_each_practice_s_line_count_from_the_shipped_scores() -> None:
    from app.qa.extractive import _Sentence, _Units, pick_lines, pick_within

    texts = [f"Sentence number {n} says something different about the data pipeline." for n in range(8)]
    units = _Units([_Sentence(t, (t,), Section.GUIDANCE, n, 0.0) for n, t in enumerate(texts)], None)
    owner = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    shipped = np.array([0.9, 0.8, 0.7, 0.1, 0.85, 0.2, 0.1, 0.0])
    judged = -shipped  # the judge prefers what the shipped scores put last
    counts = {p: len(lines) for p, lines in pick_lines(units, owner, shipped, [0, 1], 0.0).items()}
    chosen = pick_within(units, owner, shipped, judged, [0, 1], 0.0)
    assert {p: len(lines) for p, lines in chosen.items()} == counts
    assert chosen[0][0].text == texts[3] and chosen[1][0].text == texts[7]


class _RandomVectors:
    """Unit vectors drawn once per text (the same text, the same vector)."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.seen: dict[str, NDArray[np.float32]] = {}

    def embed(self, texts: list[str]) -> NDArray[np.float32]:
        for text in texts:
            if text not in self.seen:
                v = self.rng.normal(size=8)
                self.seen[text] = (v / np.linalg.norm(v)).astype(np.float32)
        return np.stack([self.seen[t] for t in texts])


def test_line_counts_and_the_paragraph_pool_match_what_pick_lines_quotes() -> None:
    """`line_counts` (pick_within's count-only path) counts what `pick_lines` quotes, and `_paragraph_best` gives
    each unit its paragraph's best other score, on random scores over units that share paragraphs and sentences."""
    from app.qa.extractive import _paragraph_best, _Sentence, _Units, line_counts, pick_lines

    rng = np.random.default_rng(7)
    texts = [f"Sentence {n} on the data pipeline." for n in range(6)]
    for trial in range(40):
        parts = [tuple(rng.choice(texts, size=int(rng.integers(1, 3)), replace=False)) for _ in range(14)]
        lines = rng.integers(-1, 3, size=14)
        units = _Units(
            [_Sentence(" ".join(p), p, Section.GUIDANCE, n, 0.0, line=int(lines[n])) for n, p in enumerate(parts)],
            _RandomVectors(trial),  # type: ignore[arg-type]
        )
        owner = rng.integers(0, 3, size=14)
        scores = rng.normal(size=14)
        ranked = [int(p) for p in dict.fromkeys(owner[np.argsort(-scores)])]
        lead = float(rng.uniform(0, 0.2))
        quoted = pick_lines(units, owner, scores, ranked, lead)
        assert line_counts(units, owner, scores, ranked, lead) == {p: len(quoted[p]) for p in ranked}
        expected = np.zeros(14)
        for n in range(14):
            mates = [m for m in range(14) if m != n and lines[m] == lines[n] >= 0 and owner[m] == owner[n]]
            if mates:
                expected[n] = max(0.0, max(scores[m] for m in mates))
        assert np.allclose(_paragraph_best(units, owner, scores), expected)


def test_with_the_judge_a_line_alone_on_its_item_beats_a_slightly_weaker_pair_of_paragraph_neighbours(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`pick_within` pools the judged scores with JUDGE_PARAGRAPH_WEIGHT, not the shipped PARAGRAPH_WEIGHT: at 0.5 two
    guidance sentences of one paragraph, each judged a little below a step that stands alone on its list item, lifted
    each other above it (the dev rows whose wanted step was ranked below the cut, docs/extractive-answers.md,
    "Session 26")."""
    from app.qa.extractive import _Sentence, _Units, pick_within

    monkeypatch.setattr(extractive, "JUDGE_LEAD_WEIGHTS", {})  # lines in the order picked
    texts = [f"Sentence number {n} says something different about the data pipeline." for n in range(3)]
    lines = [0, 1, 1]  # the first alone on its item, the other two one paragraph
    units = _Units([_Sentence(t, (t,), Section.GUIDANCE, n, 0.0, line=lines[n]) for n, t in enumerate(texts)], None)
    owner = np.array([0, 0, 0])
    judged = np.array([1.0, 0.78, 0.78])
    chosen = pick_within(units, owner, np.array([1.0, 0.9, 0.1]), judged, [0], 0.0)
    assert chosen[0][0].text == texts[0]
    monkeypatch.setattr(extractive, "JUDGE_PARAGRAPH_WEIGHT", extractive.PARAGRAPH_WEIGHT)
    assert pick_within(units, owner, np.array([1.0, 0.9, 0.1]), judged, [0], 0.0)[0][0].text == texts[1]


def test_lines_are_chosen_by_the_judge_s_joint_fit_sharpened() -> None:
    """JUDGE_WEIGHTS are the joint fit with the judge's correction trusted more (session 27): a unit's judged score is
    (its score by JUDGE_FIT - JUDGE_SHARPENING x its shipped score) / (1 - JUDGE_SHARPENING), which is what
    eval/ask_judge_sharpening.py replays; meaning and the judge still weigh 1 together."""
    share = extractive.JUDGE_SHARPENING
    assert 0 < share < 1
    fit, shipped, sharp = extractive.JUDGE_FIT, extractive.WEIGHTS, extractive.JUDGE_WEIGHTS
    assert sharp["meaning"] + sharp["judge"] == pytest.approx(1.0)
    assert sharp["judge"] == pytest.approx(fit["judge"] / (1 - share))
    assert sharp["overlap"] < fit["overlap"] and sharp["interaction"] < fit["interaction"]
    rng = np.random.default_rng(27)
    features, judge = rng.normal(size=(20, len(extractive.FEATURES))), rng.normal(size=20)
    by_fit = features @ extractive.weight_vector(fit) + fit["judge"] * judge
    by_sharp = features @ extractive.weight_vector(sharp) + sharp["judge"] * judge
    expected = (by_fit - share * features @ extractive.weight_vector(shipped)) / (1 - share)
    assert np.allclose(by_sharp, expected)


def test_with_the_judge_the_first_practices_lines_are_shown_by_their_judged_score_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`pick_within` orders the first practice's lines by JUDGE_LEAD_WEIGHTS: the judged score alone, without
    LEAD_WEIGHTS' paragraph pooling, section and place terms (fitted before the judge; docs/extractive-answers.md,
    "Session 28"). A desired outcome the judge scores best opens the answer, where LEAD_WEIGHTS put a guidance line
    lifted by its paragraph neighbour first."""
    from app.qa.extractive import _Sentence, _Units, pick_within

    assert extractive.JUDGE_LEAD_WEIGHTS == {"score": 1.0}
    texts = [f"Sentence number {n} says something different about the data pipeline." for n in range(3)]
    sections = [Section.DESIRED_OUTCOME, Section.GUIDANCE, Section.GUIDANCE]
    units = _Units(
        [_Sentence(t, (t,), sections[n], n, 0.0, line=[0, 1, 1][n]) for n, t in enumerate(texts)],
        None,
    )
    owner = np.array([0, 0, 0])
    judged = np.array([1.0, 0.9, 0.85])
    shown = [line.text for line in pick_within(units, owner, judged, judged, [0], 0.0)[0]]
    assert shown == texts
    monkeypatch.setattr(extractive, "JUDGE_LEAD_WEIGHTS", extractive.LEAD_WEIGHTS)
    assert pick_within(units, owner, judged, judged, [0], 0.0)[0][0].text == texts[1]
