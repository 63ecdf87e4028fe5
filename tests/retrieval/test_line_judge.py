"""The line judge of extractive answers (app/retrieval/line_judge.py): the committed tuned layer (by its arrays'
digest), the numpy layer against torch's outputs, the lens sentences' tuned vectors stored at ingest
(index/sentence_judge.npz) and the question's fifth-layer states from the serving ONNX session."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from app.knowledge import KnowledgeBase, load_knowledge_base, make_embedder
from app.retrieval import line_judge
from app.retrieval.line_judge import NAMES, WEIGHTS_DIGEST, WEIGHTS_PATH, LineJudge, TunedLayer, weights_digest
from app.retrieval.onnx_embedder import FIFTH_LAYER, HIDDEN_STATE, OnnxEmbedder
from app.retrieval.precomputed import PrecomputedEmbedder
from app.retrieval.sentence_tokens import quotable_texts
from app.settings import ROOT, Settings

REFERENCE = Path(__file__).parent / "data" / "line_judge_reference.npz"


def _arrays() -> dict[str, np.ndarray]:
    with np.load(WEIGHTS_PATH, allow_pickle=False) as data:
        return {name: data[name] for name in data.files}


def test_the_committed_layer_is_the_shipped_one_by_its_arrays_digest() -> None:
    arrays = _arrays()
    assert sorted(arrays) == sorted(NAMES)
    assert all(a.dtype == np.float16 for a in arrays.values())
    assert arrays["attention.self.query.weight"].shape == (384, 384)
    assert arrays["intermediate.dense.weight"].shape == (1536, 384)
    assert weights_digest(arrays) == WEIGHTS_DIGEST
    assert line_judge.shipped_layer().digest == WEIGHTS_DIGEST


def test_the_digest_changes_with_any_value() -> None:
    arrays = _arrays()
    changed = dict(arrays, **{"output.LayerNorm.bias": arrays["output.LayerNorm.bias"].copy()})
    changed["output.LayerNorm.bias"][7] += np.float16(0.01)
    assert weights_digest(changed) != weights_digest(arrays)


def test_the_numpy_layer_gives_torch_s_vectors_from_the_reference_states() -> None:
    """tests/retrieval/data/line_judge_reference.npz: torch's fifth-layer states of four texts (padded) and the
    vectors torch's BertLayer with the committed weights gives from them (eval/line_judge_layer.py --reference)."""
    with np.load(REFERENCE, allow_pickle=False) as data:
        states, mask, want = data["states"], data["mask"], data["vectors"]
    layer = TunedLayer.load()
    got = layer.embed(states, mask)
    assert np.abs(got - want).max() < 1e-5
    # one text at a time, without padding, as at run time
    for n in range(len(states)):
        own = states[n, : int(mask[n].sum())]
        assert np.abs(layer.embed_one(own) - want[n]).max() < 1e-5


def test_a_stored_text_scores_its_cosine_and_another_goes_through_the_layer() -> None:
    layer = line_judge.shipped_layer()
    rng = np.random.default_rng(0)
    states = rng.standard_normal((6, 384)).astype(np.float32)
    stored = rng.standard_normal((2, 384)).astype(np.float32)
    stored /= np.linalg.norm(stored, axis=1, keepdims=True)
    judge = LineJudge(layer, {"a": 0, "b": 1}, stored)
    question = judge.question_vector("q", lambda _t: states)
    assert question is not None and np.linalg.norm(question) == pytest.approx(1.0, abs=1e-5)
    asked: list[str] = []

    def states_of(text: str) -> np.ndarray:
        asked.append(text)
        return states

    scores = judge.scores(question, ["b", "unknown", "a"], states_of)
    assert scores == pytest.approx([float(stored[1] @ question), 1.0, float(stored[0] @ question)], abs=1e-5)
    assert asked == ["unknown"]


def test_a_missing_or_stale_store_is_not_used(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from app.lens.loader import load_lens

    lens = load_lens(ROOT / "corpus")
    assert line_judge.load(tmp_path, lens, "m", "h") is None
    texts = quotable_texts(lens)
    vectors = np.zeros((len(texts), 384), dtype=np.float32)
    line_judge.save(tmp_path, texts, vectors, "m", "h", "another judge")
    with caplog.at_level(logging.WARNING, logger="app.retrieval.line_judge"):
        assert line_judge.load(tmp_path, lens, "m", "h") is None  # made with other weights
    assert "another lens, inputs, model or judge" in caplog.text
    line_judge.save(tmp_path, texts, vectors, "m", "h", WEIGHTS_DIGEST)
    made = line_judge.load(tmp_path, lens, "m", "h")
    assert made is not None and len(made.rows) == len(texts)
    assert line_judge.load(tmp_path, lens, "other model", "h") is None


# --- The shipped store and the serving model --------------------------------------------------------------------


@pytest.fixture(scope="module")
def judging_kb(full_settings: Settings) -> KnowledgeBase:
    return load_knowledge_base(full_settings.model_copy(update={"late_interaction": True, "line_judge": True}))


@pytest.mark.integration
def test_the_tokens_copy_outputs_the_fifth_layer_and_a_query_s_states_come_from_its_call(
    full_settings: Settings,
) -> None:
    update = {"embedding_runtime": "onnx", "late_interaction": True}
    plain = make_embedder(full_settings.model_copy(update={**update, "line_judge": False}))
    assert isinstance(plain, OnnxEmbedder)
    plain.warm_up()
    assert [o.name for o in plain._session.get_outputs()][1:] == [HIDDEN_STATE]  # main's graph without the judge
    assert plain.judge_states("data drift") is None
    embedder = make_embedder(full_settings.model_copy(update={**update, "line_judge": True}))
    assert isinstance(embedder, OnnxEmbedder)
    embedder.warm_up()
    assert [o.name for o in embedder._session.get_outputs()][1:] == [HIDDEN_STATE, FIFTH_LAYER]
    assert np.array_equal(embedder.embed(["How do we detect drift?"]), plain.embed(["How do we detect drift?"]))
    question = "Who approves promoting a model to production?"
    embedder.embed([question])
    calls = 0
    original = embedder._session.run

    def counted(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        return original(*args, **kwargs)

    embedder._session.run = counted
    states = embedder.judge_states(question)
    assert states is not None and calls == 0
    assert states.shape == (len(embedder._tokenizer.encode(question).ids), 384)  # [CLS] and [SEP] included
    fresh = embedder.judge_states("A question nobody embedded before, about lineage.")
    assert fresh is not None and calls == 1
    from app.retrieval.embedder import SentenceEmbedder

    torch_states = SentenceEmbedder().judge_states(question)
    assert np.abs(torch_states - states).max() < 1e-3


@pytest.mark.integration
def test_the_shipped_store_is_the_lens_s_and_matches_the_serving_model(judging_kb: KnowledgeBase) -> None:
    """The committed index/sentence_judge.npz holds every quotable sentence (the load checks the texts, the inputs
    hash, the model and the weights) and its vectors are what the serving model and the layer give now."""
    references = judging_kb.reference_embedder
    assert isinstance(references, PrecomputedEmbedder) and references._judge is not None
    store = references._judge
    texts = quotable_texts(judging_kb.lens)
    assert len(store.rows) == len(texts) > 5000
    for text in texts[::500]:
        states = references.judge_states(text)
        assert states is not None
        made = store.layer.embed_one(states)
        assert float(made @ store.vectors[store.rows[text]]) > 0.9999


@pytest.mark.integration
def test_a_sentence_asked_as_a_question_is_judged_its_own_best_answer(judging_kb: KnowledgeBase) -> None:
    references = judging_kb.reference_embedder
    assert isinstance(references, PrecomputedEmbedder)
    bp = judging_kb.lens.best_practice("MLOPS03-BP01")
    assert bp is not None
    from app.qa.extractive import quotable

    texts = [part for unit in quotable(bp) for part in unit]
    for asked in texts[::9]:
        scores = references.judge_scores(asked, texts)
        assert scores is not None
        assert scores[texts.index(asked)] == pytest.approx(scores.max()) and scores.max() > 0.999


@pytest.mark.integration
def test_where_the_judge_s_copy_cannot_be_written_the_word_pieces_stay(
    full_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only index (the judge's ONNX copy cannot be written there): the process keeps the tokens copy, so late
    interaction stays, and answers go without the judge, rather than losing the word pieces as well."""
    from app.retrieval import onnx_embedder

    made = onnx_embedder.with_hidden_state

    def read_only(path: Path, sha256: str | None, fifth_layer: bool = False) -> Path | None:
        return None if fifth_layer else made(path, sha256)

    monkeypatch.setattr(onnx_embedder, "with_hidden_state", read_only)
    update = {"embedding_runtime": "onnx", "late_interaction": True, "line_judge": True}
    embedder = make_embedder(full_settings.model_copy(update=update))
    assert isinstance(embedder, OnnxEmbedder)
    embedder.warm_up()
    assert [o.name for o in embedder._session.get_outputs()][1:] == [HIDDEN_STATE]
    assert embedder.token_vectors("data drift") is not None
    assert embedder.judge_states("data drift") is None
