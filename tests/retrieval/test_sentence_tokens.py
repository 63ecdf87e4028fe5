"""Late interaction for the extractive composer: the word-piece vectors of the lens sentences stored at ingest
(index/sentence_tokens.npz), the question's from the serving ONNX session, and the score they give."""

from __future__ import annotations

import json
import logging
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from app.evaluation.retrieval import read_rows
from app.knowledge import KnowledgeBase, make_embedder
from app.qa.extractive import compose_extractive, quotable
from app.retrieval import sentence_tokens
from app.retrieval.index_store import ONNX_FILE
from app.retrieval.onnx_embedder import HIDDEN_STATE, OnnxEmbedder
from app.retrieval.precomputed import PrecomputedEmbedder
from app.retrieval.sentence_tokens import SentenceTokens, TokenVectors, content_piece, quotable_texts
from app.retrieval.sentences import split_sentences
from app.settings import ROOT, Settings


def _unit(*values: float) -> NDArray[np.float32]:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def _store(texts: dict[str, list[NDArray[np.float32]]], idf: dict[str, float]) -> SentenceTokens:
    """A store in the identity basis (3 dimensions) whose sentences have the given piece vectors."""
    rows = list(texts.values())
    return SentenceTokens(
        rows={text: n for n, text in enumerate(texts)},
        offsets=np.r_[0, np.cumsum([len(r) for r in rows])].astype(np.int64),
        vectors=np.round(np.concatenate([np.stack(r) for r in rows]) * 127).astype(np.int8),
        basis=np.eye(3, dtype=np.float32),
        idf=idf,
        unseen_idf=4.0,
    )


def test_a_sentence_scores_the_idf_weighted_mean_of_each_question_pieces_best_cosine() -> None:
    x, y, z = _unit(1, 0, 0), _unit(0, 1, 0), _unit(0, 0, 1)
    store = _store({"first": [x, z], "second": [y]}, {"lineage": 3.0, "dataset": 1.0})
    question: TokenVectors = (("lineage", "of", "dataset", "?"), np.stack([x, z, y, z]))  # "of", "?" are left out
    scores = store.scores(question, ["first", "second", "unknown"], lambda text: (("lineage",), x[None, :]))
    # first: lineage matches x (1.0), dataset best 0 -> (3 * 1 + 1 * 0) / 4; second: dataset matches y -> 1 / 4
    # unknown: not stored, embedded by the callback -> its one piece is x
    assert scores == pytest.approx([0.75, 0.25, 0.75], abs=0.01)


def test_a_question_of_stop_words_only_compares_every_piece_and_unseen_pieces_weigh_most() -> None:
    x, y = _unit(1, 0, 0), _unit(0, 1, 0)
    store = _store({"s": [x]}, {"known": math.log(2)})
    assert store.scores((("what", "is", "it"), np.stack([x, y, y])), ["s"], lambda _t: None) == pytest.approx(
        [1 / 3], abs=0.01
    )
    # "novel" has no idf (no lens sentence has it): it weighs unseen_idf (4.0) against log 2
    scores = store.scores((("known", "novel"), np.stack([y, x])), ["s"], lambda _t: None)
    assert scores == pytest.approx([4.0 / (4.0 + math.log(2))], abs=0.01)


def test_content_pieces_leave_out_stop_words_and_punctuation_but_keep_word_continuations() -> None:
    assert [content_piece(p) for p in ("lineage", "the", "?", "##ing", "pii", "of")] == [
        True,
        False,
        False,
        True,
        True,
        False,
    ]


def test_a_missing_or_stale_store_is_not_used(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from app.lens.loader import load_lens

    lens = load_lens(ROOT / "corpus")
    assert sentence_tokens.load(tmp_path, lens, "m", "h") is None
    texts = quotable_texts(lens)[:3]
    rng = np.random.default_rng(0)
    pieces = rng.standard_normal((2, 384)).astype(np.float32)
    arrays = sentence_tokens.build(texts, lambda _t: (("lineage", "data"), pieces), 2)
    assert arrays["vectors"].shape == (6, 2) and arrays["basis"].shape == (384, 2)
    sentence_tokens.save(tmp_path, texts, arrays, "m", "h")
    with caplog.at_level(logging.WARNING, logger="app.retrieval.sentence_tokens"):
        assert sentence_tokens.load(tmp_path, lens, "m", "h") is None  # made for 3 sentences, not the lens's
    assert "was made for another lens" in caplog.text


# --- The shipped store and the serving model --------------------------------------------------------------------


@pytest.mark.integration
def test_the_extra_model_output_leaves_the_sentence_embeddings_bit_identical(full_settings: Settings) -> None:
    embedder = make_embedder(full_settings.model_copy(update={"embedding_runtime": "onnx", "late_interaction": True}))
    assert isinstance(embedder, OnnxEmbedder)
    embedder.warm_up()
    assert HIDDEN_STATE in [o.name for o in embedder._session.get_outputs()]
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.enable_cpu_mem_arena = False
    plain = OnnxEmbedder(embedder.model_path)
    plain.warm_up()
    plain._session = ort.InferenceSession(str(embedder.model_path), options, providers=["CPUExecutionProvider"])
    questions = [row["question"] for row in read_rows(ROOT / "eval" / "retrieval" / "questions.jsonl")][:40]
    assert np.array_equal(embedder.embed(questions), plain.embed(questions))
    assert np.array_equal(embedder.embed_concurrent(questions[:8]), plain.embed_concurrent(questions[:8]))


@pytest.mark.integration
def test_a_query_s_word_pieces_come_from_the_call_that_embedded_it(full_settings: Settings) -> None:
    embedder = make_embedder(full_settings.model_copy(update={"embedding_runtime": "onnx", "late_interaction": True}))
    assert isinstance(embedder, OnnxEmbedder)
    question = "Who approves promoting a model to production?"
    embedder.embed([question])
    calls = 0
    session = embedder._session
    original = session.run

    def counted(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        return original(*args, **kwargs)

    session.run = counted
    made = embedder.token_vectors(question)
    assert made is not None and calls == 0
    pieces, vectors = made
    assert pieces[:3] == ("who", "approve", "##s") and vectors.shape == (len(pieces), 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    fresh = embedder.token_vectors("A question nobody embedded before, about lineage.")
    assert fresh is not None and calls == 1 and fresh[0][-2:] == ("lineage", ".")


@pytest.mark.integration
def test_the_shipped_store_is_the_lens_s_and_matches_the_serving_model(interacting_kb: KnowledgeBase) -> None:
    """The committed index/sentence_tokens.npz holds every quotable sentence (the load checks the texts, the inputs
    hash and the model) and its vectors are what the serving model gives now."""
    references = interacting_kb.reference_embedder
    assert isinstance(references, PrecomputedEmbedder) and references._tokens is not None
    store = references._tokens
    texts = quotable_texts(interacting_kb.lens)
    assert len(store.rows) == len(texts) > 5000
    for text in texts[::400]:
        made = references.token_vectors(text)
        assert made is not None
        pieces, vectors = made
        keep = np.array([content_piece(p) for p in pieces]) if any(content_piece(p) for p in pieces) else None
        own = vectors[keep] if keep is not None else vectors
        projected = own @ store.basis
        projected /= np.linalg.norm(projected, axis=1, keepdims=True)
        row = store.rows[text]
        stored = store.vectors[store.offsets[row] : store.offsets[row + 1]].astype(np.float32) / 127
        assert stored.shape == projected.shape
        assert np.abs(stored - projected).max() < 0.02


@pytest.mark.integration
def test_a_sentence_asked_as_a_question_scores_highest_among_its_practice_s(interacting_kb: KnowledgeBase) -> None:
    references = interacting_kb.reference_embedder
    assert isinstance(references, PrecomputedEmbedder)
    bp = interacting_kb.lens.best_practice("MLOPS03-BP01")
    assert bp is not None
    texts = [part for unit in quotable(bp) for part in unit]
    for asked in texts[::7]:
        scores = references.interaction_scores(asked, texts)
        assert scores is not None
        assert scores[texts.index(asked)] == pytest.approx(scores.max()) and scores.max() > 0.97


@pytest.mark.integration
def test_answers_rank_without_the_store_when_the_index_has_none(full_settings: Settings, tmp_path: Path) -> None:
    """An index built before the store existed (or by a model without word pieces) still answers, ranking by the
    other features."""
    target = tmp_path / "index"
    shutil.copytree(full_settings.index_dir, target, ignore=shutil.ignore_patterns("*.onnx", "sentence_tokens*"))
    for model in full_settings.index_dir.glob("*.onnx"):
        (target / model.name).symlink_to(model)
    from app.knowledge import load_knowledge_base

    kb = load_knowledge_base(full_settings.model_copy(update={"index_dir": target, "late_interaction": True}))
    assert isinstance(kb.reference_embedder, PrecomputedEmbedder)
    assert kb.reference_embedder.interaction_scores("data lineage", ["a sentence"]) is None
    question = "How do we track the lineage of our datasets?"
    composed = compose_extractive(question, kb.retriever.search(question, k=5), kb.lens, kb.reference_embedder)
    assert composed.quoted and composed.citations
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["onnx"]["file"] == ONNX_FILE


@pytest.mark.integration
def test_switched_off_the_model_gives_pooled_vectors_only_and_answers_rank_without_word_pieces(
    full_settings: Settings,
) -> None:
    """MLLENS_LATE_INTERACTION=false: the plain export (one output), no word-piece store, the same kind of answer."""
    from app.knowledge import load_knowledge_base

    off = full_settings.model_copy(update={"late_interaction": False, "embedding_runtime": "onnx"})
    embedder = make_embedder(off)
    assert isinstance(embedder, OnnxEmbedder)
    embedder.warm_up()
    assert [o.name for o in embedder._session.get_outputs()] == ["sentence_embedding"]
    assert embedder.token_vectors("data lineage") is None
    kb = load_knowledge_base(off)
    assert isinstance(kb.reference_embedder, PrecomputedEmbedder) and kb.reference_embedder._tokens is None
    assert kb.reference_embedder.interaction_scores("data lineage", ["a sentence"]) is None
    question = "How do we track the lineage of our datasets?"
    composed = compose_extractive(question, kb.retriever.search(question, k=5), kb.lens, kb.reference_embedder)
    assert composed.quoted and composed.citations


def test_the_services_hold_blas_to_one_thread(tiny_settings: Settings) -> None:
    """Late interaction's matrix products would otherwise wake OpenBLAS's pool of one thread per core (measured:
    +10 ms CPU an ask on 2 shared cores)."""
    from threadpoolctl import threadpool_info, threadpool_limits

    from app.services import build_services

    threadpool_limits(limits=2, user_api="blas")
    assert any(i["num_threads"] == 2 for i in threadpool_info() if i["user_api"] == "blas")  # what the pin undoes
    services = build_services(tiny_settings)
    try:
        assert {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"} == {1}
    finally:
        services.close()


@pytest.mark.integration
def test_no_answer_embeds_a_lens_sentence_at_run_time(interacting_kb: KnowledgeBase) -> None:
    """Every sentence an answer may quote, overview sections' included, was embedded at ingest (index/sentences.*,
    index/sentence_tokens.npz): composing the answers to the dev and retrieval-eval questions makes no model call."""
    references = interacting_kb.reference_embedder
    assert isinstance(references, PrecomputedEmbedder)
    passages = json.loads((ROOT / "index" / "passages.json").read_text(encoding="utf-8"))
    overview = {s for p in passages if p["section"] == "overview" for s in split_sentences(p["text"])}
    assert len(overview) > 50 and overview <= set(references._known)
    inner = references.inner
    assert isinstance(inner, OnnxEmbedder)
    asked = (ROOT / "eval" / "ask" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in asked if line.strip()]
    questions += [row["question"] for row in read_rows(ROOT / "eval" / "retrieval" / "questions.jsonl")]
    calls: list[int] = []
    original = inner._session.run
    overview_answers = 0
    for question in questions:
        result = interacting_kb.retriever.search(question, k=5)
        inner._session.run = lambda *args, **kwargs: (calls.append(1), original(*args, **kwargs))[1]
        try:
            compose_extractive(question, result, interacting_kb.lens, references)
        finally:
            del inner._session.run
        overview_answers += any(hit.bp_id.startswith("OVERVIEW-") for hit in result.hits)
    assert overview_answers > 5 and not calls
