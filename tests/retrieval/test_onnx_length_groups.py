"""Concurrent queries are embedded in model calls of similar lengths (less padding); every other call is unchanged.

Padding a text to a longer call changes its vector only by float rounding (the attention mask hides the padding), so
a grouped batch gives each text the vector of the call it went in, bit for bit, and the vector it gets alone within
rounding; a batch that stays one call gives what the tokenizer's own padding gave before."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from tokenizers import Tokenizer

from app.evaluation.retrieval import read_rows
from app.knowledge import make_embedder
from app.retrieval.onnx_embedder import (
    BATCH,
    MAX_SEQUENCE,
    OnnxEmbedder,
    bundled_tokenizer_path,
    call_cost,
    length_groups,
)
from app.retrieval.onnx_export import INPUT_NAMES
from app.settings import ROOT, Settings

QUESTIONS = [row["question"] for row in read_rows(ROOT / "eval" / "retrieval" / "questions.jsonl")]


def _cost(lengths: list[int], groups: list[list[int]]) -> float:
    return sum(call_cost(len(g), max(lengths[n] for n in g)) for g in groups)


def test_groups_partition_the_batch_in_length_order() -> None:
    lengths = [30, 9, 12, 40, 9, 31, 11, 120, 10, 29]
    groups = length_groups(lengths)
    assert sorted(n for g in groups for n in g) == list(range(len(lengths)))
    for earlier, later in itertools.pairwise(groups):
        assert max(lengths[n] for n in earlier) <= min(lengths[n] for n in later)


@pytest.mark.parametrize(
    ("lengths", "calls"),
    [
        ([12], 1),
        ([20] * 16, 1),  # nothing to save
        ([10, 11, 12, 13], 1),  # a few pieces of padding cost less than another call
        ([9] * 12 + [200], 2),  # one long text gets a call of its own
        ([8] * 8 + [60] * 8, 2),
    ],
)
def test_calls_are_split_only_when_padding_costs_more_than_a_call(lengths: list[int], calls: int) -> None:
    assert len(length_groups(lengths)) == calls


def test_the_split_is_the_cheapest_of_all_consecutive_splits() -> None:
    rng = np.random.default_rng(11)
    for _ in range(200):
        lengths = [int(x) for x in rng.integers(5, 80, size=int(rng.integers(1, 9)))]
        chosen = _cost(lengths, length_groups(lengths))
        order = sorted(range(len(lengths)), key=lambda n: (lengths[n], n))
        cheapest = min(
            _cost(lengths, [order[a:b] for a, b in itertools.pairwise((0, *cuts, len(order)))])
            for k in range(len(order))
            for cuts in itertools.combinations(range(1, len(order)), k)
        )
        assert chosen == pytest.approx(cheapest)
        assert chosen <= call_cost(len(lengths), max(lengths)) + 1e-9  # never worse than one call


@pytest.fixture(scope="module")
def onnx() -> OnnxEmbedder:
    embedder = make_embedder(Settings(_env_file=None, embedder="minilm", embedding_runtime="onnx"))  # type: ignore[call-arg]
    assert isinstance(embedder, OnnxEmbedder)
    embedder.warm_up()
    return embedder


def _tokenizer_padded(embedder: OnnxEmbedder, texts: list[str]) -> np.ndarray:
    """What a model call was before: the tokenizer's own padding to the longest text."""
    tokenizer = Tokenizer.from_file(str(bundled_tokenizer_path()))
    tokenizer.enable_truncation(max_length=MAX_SEQUENCE)
    tokenizer.enable_padding(pad_id=0, pad_type_id=0, pad_token="[PAD]")
    encodings = tokenizer.encode_batch(texts)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    feed = dict(zip(INPUT_NAMES, (ids, mask, np.zeros_like(ids)), strict=True))
    vectors: np.ndarray = embedder._session.run(None, feed)[0]
    return vectors


@pytest.mark.integration
def test_bulk_calls_are_bit_identical_to_the_tokenizer_padding(onnx: OnnxEmbedder) -> None:
    texts = QUESTIONS[: BATCH * 2 + 5] + ["x " * 400]  # more than a batch, and one text past the 256-piece cut
    got = onnx.embed(texts)
    order = sorted(range(len(texts)), key=lambda n: len(texts[n]))
    for start in range(0, len(order), BATCH):
        rows = order[start : start + BATCH]
        assert np.array_equal(got[rows], _tokenizer_padded(onnx, [texts[n] for n in rows]))


MIXED = QUESTIONS[:6] + ["drift?", "MLSEC03-BP02", "how do we version data " * 12]


@pytest.mark.integration
def test_a_list_of_texts_is_still_one_call(onnx: OnnxEmbedder) -> None:
    """A caller's own list (the review mapper's clauses, the composer's sentences) is embedded as before."""
    assert np.array_equal(onnx.embed(MIXED), _tokenizer_padded(onnx, MIXED))


@pytest.mark.integration
def test_a_concurrent_batch_gets_the_vectors_of_its_calls(onnx: OnnxEmbedder) -> None:
    batch = MIXED
    pieces = [e.ids for e in onnx._tokenizer.encode_batch(batch)]
    groups = length_groups([len(p) for p in pieces])
    assert len(groups) > 1  # the short, the usual and the long questions do not share a call
    got = onnx.embed_concurrent(batch)
    for group in groups:
        assert np.array_equal(got[group], _tokenizer_padded(onnx, [batch[n] for n in group]))
    alone = np.vstack([onnx.embed([text]) for text in batch])
    assert np.array_equal(alone, np.vstack([_tokenizer_padded(onnx, [text]) for text in batch]))
    assert ((alone * got).sum(axis=1) >= 0.99999).all()


@pytest.mark.integration
def test_a_batch_of_similar_lengths_is_one_call_as_before(onnx: OnnxEmbedder) -> None:
    batch = ["how do we monitor drift", "who approves model releases", "where is the lineage kept"]
    assert len(length_groups([len(e.ids) for e in onnx._tokenizer.encode_batch(batch)])) == 1
    assert np.array_equal(onnx.embed_concurrent(batch), _tokenizer_padded(onnx, batch))
