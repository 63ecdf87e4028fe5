"""The scope gate's exemplars (app/retrieval/scope_exemplars.npz): the labelled development questions as plain vectors.
The file reproduces from the development rows (eval/build_scope_exemplars.py), holds no blind, jailbreak, held-out or
unseen question, and the `exemplar` signal leaves a writer batch out when asked (as `mllens eval scope` does for a
development question). The questions below were written for this module, not taken from eval rows."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.knowledge import KnowledgeBase
from app.retrieval.embedder import MODEL_NAME
from app.retrieval.onnx_embedder import OnnxEmbedder
from app.retrieval.scope import EXEMPLARS_FILE, FEATURES, ScopeExemplars, ScopeGate, load_scope_exemplars
from app.settings import ROOT

sys.path.insert(0, str(ROOT / "eval"))
from build_scope_exemplars import (  # noqa: E402
    EXEMPLAR_HOW_TOS,
    NEAR_COPY,
    arrays,
    development_rows,
    exemplar_rows,
    product_rows,
)
from scope_batch_cv import ask_rows, is_blind  # noqa: E402
from scope_batch_cv import development_rows as fitted_rows  # noqa: E402

from app.evaluation.scope import botocore_how_tos, probe_how_tos  # noqa: E402

UNSEEN = ROOT / "tests" / "retrieval" / "data" / "unseen"


def _shipped() -> dict[str, np.ndarray]:
    with np.load(EXEMPLARS_FILE, allow_pickle=False) as npz:
        return dict(npz)


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


@pytest.fixture(scope="module")
def product(full_kb: KnowledgeBase) -> list[dict[str, Any]]:
    """The product rows as the build selects them, from the shipped development vectors and the bundled embedder."""
    return product_rows(_shipped()["vectors"][: len(exemplar_rows())], full_kb.embedder.embed)


def test_the_file_reproduces_from_the_development_rows_and_the_product_text(
    full_kb: KnowledgeBase, product: list[dict[str, Any]]
) -> None:
    # editing eval/scope/dev.jsonl, eval/retrieval/questions.jsonl or eval/scope/everyday-questions.txt without
    # `python eval/build_scope_exemplars.py` fails here; the development vectors of a sample are embedded again (all of
    # them: `build_scope_exemplars.py --check`), the product lines all (their selection depends on their vectors)
    shipped, rows = _shipped(), exemplar_rows()
    assert full_kb.embedder.name == MODEL_NAME
    development = shipped["vectors"][: len(rows)]
    vectors = np.vstack([development.astype(np.float32), np.array([r["vector"] for r in product])])
    built = arrays(rows + product, vectors)
    for name in ("row_ids", "row_batches", "in_scope", "ids", "batches", "embedder"):
        assert np.array_equal(shipped[name], built[name]), name
    assert np.abs(shipped["vectors"].astype(np.float32) - built["vectors"].astype(np.float32)).max() <= 1e-3
    sample = list(range(0, len(rows), 97))
    again = full_kb.embedder.embed([rows[i]["question"] for i in sample])
    assert np.abs(shipped["vectors"][sample].astype(np.float32) - again).max() <= 1e-3
    assert shipped["vectors"].dtype == np.float16 and "question" not in shipped and "texts" not in shipped
    kinds = {b: int((shipped["batches"] == b).sum()) for b in ("product:botocore", "product:everyday")}
    assert kinds["product:botocore"] == EXEMPLAR_HOW_TOS and kinds["product:everyday"] > 250
    # the product text: how-tos and everyday lines out of scope, the interview's own questions in scope
    product_batches = shipped["batches"][len(rows) :]
    interview = product_batches == "product:interview"
    assert interview.sum() > 150 and (shipped["in_scope"][len(rows) :] == interview).all()


def test_the_product_probes_stay_a_check(full_kb: KnowledgeBase, product: list[dict[str, Any]]) -> None:
    """No probe question, no operation a probe comes from and no near copy of a probe is an exemplar."""
    shipped = _shipped()
    how_tos = product
    probes = probe_how_tos()
    operations = {q: {op for p, _, op in botocore_how_tos() if p == q} for q in {r["question"] for r in how_tos}}
    probe_operations = {op for p, _, op in botocore_how_tos() if p in set(probes)}
    botocore = [r for r in how_tos if r["batch"] == "product:botocore"]
    assert botocore and not {r["question"] for r in botocore} & set(probes)
    assert not [q for q in (r["question"] for r in botocore) if operations[q] & probe_operations]
    exemplars = shipped["vectors"].astype(np.float32)
    assert float((exemplars @ full_kb.embedder.embed(probes).T).max()) < NEAR_COPY


def _number(row_id: str) -> int:
    return int(row_id.rsplit("-", 1)[1])


def test_no_blind_jailbreak_or_unseen_question_is_an_exemplar() -> None:
    rows = exemplar_rows()
    assert not [r["id"] for r in rows if r["id"].startswith("scd-") and int(r["id"][4:]) >= 2900]
    assert not [i for i in _shipped()["row_ids"] if str(i).startswith("scd-") and int(str(i)[4:]) >= 2900]
    # the ask development questions are in-scope exemplars in their writers' batches, but never session 17's blind
    # batch (ids from ask-1401), whether or not eval/ask/dev.jsonl holds it yet
    asked = [r for r in rows if r["id"].startswith("ask-")]
    assert len(asked) >= 551 and all(r["in_scope"] for r in asked) and is_blind("ask-1401") and not is_blind("ask-1330")
    assert not [r["id"] for r in asked if _number(r["id"]) >= 1401]
    assert not [i for i in _shipped()["row_ids"] if str(i).startswith("ask-") and _number(str(i)) >= 1401]
    assert {r["batch"] for r in asked} >= {"ask-001-015", "ask-1xx", "ask-13xx"}
    # nor a row the gate is fitted on (eval/scope_batch_cv.py --write-gate): the blind batch is this session's
    fitted = [r["id"] for r in fitted_rows()]
    assert fitted and not [i for i in fitted if i.startswith("scd-") and int(i[4:]) >= 2900] and is_blind("scd-2900")
    jail = {r["id"] for r in development_rows() if r["jail"]}
    assert jail and not jail & {r["id"] for r in rows}
    unseen = {
        _normal(json.loads(line)["text"])
        for path in UNSEEN.glob("*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    assert not [r["id"] for r in rows if _normal(r["question"]) in unseen]


def test_the_blind_ask_batch_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ask_rows skips a line of the blind batch by its id, before parsing it (a broken blind line is never noticed)."""
    import scope_batch_cv

    dev = tmp_path / "dev.jsonl"
    rows = [
        {"id": "ask-1330", "question": "How do we version our training data?", "bp_id": "MLREL02-BP01"},
        {"id": "ask-1401", "question": "blind", "bp_id": "MLREL02-BP01"},
    ]
    dev.write_text("\n".join(json.dumps(r) for r in rows) + '\n{"id": "ask-1402", "question": broken\n', "utf-8")
    monkeypatch.setattr(scope_batch_cv, "ASK_DEV", dev)
    assert ask_rows() == [
        {"id": "ask-1330", "question": rows[0]["question"], "expected": ["MLREL02-BP01"], "kind": "ask"}
    ]


def _toy() -> ScopeExemplars:
    vectors = np.array([[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0], [0, 0.9, 0.1], [0, 0, 1]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    in_scope = np.array([True, True, False, False, True])
    batches = ("a", "b", "a", "b", "b")
    rows = {"r1": "a", "r2": "b", "r3": "a", "r4": "b", "r5": "b", "jail-1": "a"}
    return ScopeExemplars("toy", vectors, in_scope, ("r1", "r2", "r3", "r4", "r5"), batches, rows)


def test_the_signal_is_nearest_in_scope_minus_nearest_out_of_scope() -> None:
    toy = _toy()
    near_in, near_out = np.array([1, 0, 0], np.float32), np.array([0, 1, 0], np.float32)
    assert toy.signal(near_in) > 0 > toy.signal(near_out)
    # five nearest of each class, or all there are: in scope (1 + 0.994 + 0) / 3, out of scope (0 + 0) / 2
    assert toy.signal(near_in) == pytest.approx((1 + 0.9 / np.hypot(0.9, 0.1)) / 3, abs=1e-6)


def test_a_writer_batch_can_be_left_out() -> None:
    toy = _toy()
    without = toy.without_batch("a")
    assert without.ids == ("r2", "r4", "r5") and without.batches == ("b", "b", "b")
    assert toy.batch_of("jail-1") == "a" and without.batch_of("r1") == "a" and toy.batch_of("ho-1") is None
    only_in = toy.without_batch("a").without_batch("b")
    assert only_in.signal(np.array([1, 0, 0], np.float32)) == 0.0  # no exemplars of either class left


def test_exemplars_of_another_model_or_a_broken_file_are_not_used(tmp_path: Path) -> None:
    assert load_scope_exemplars("hash", OnnxEmbedder.dimension) is None
    assert load_scope_exemplars(MODEL_NAME, 128) is None
    assert load_scope_exemplars(MODEL_NAME, 384, tmp_path / "missing.npz") is None
    broken = tmp_path / "broken.npz"
    np.savez(
        broken,
        vectors=np.zeros((2, 384), np.float16),
        in_scope=np.array([True]),
        ids=np.array(["x"]),
        batches=np.array(["a"]),
        row_ids=np.array(["x"]),
        row_batches=np.array(["a"]),
        embedder="x",
    )
    assert load_scope_exemplars("x", 384, broken) is None  # two vectors for one id


def test_the_gate_reads_the_signal() -> None:
    gate = ScopeGate.load()
    assert gate.weights[FEATURES.index("exemplar")] > 0


@pytest.mark.parametrize(
    ("question", "in_scope"),
    [
        ("who may push the new scorer to customers?", True),
        ("who can rotate the intranet TLS certificates?", False),
    ],
)
def test_a_search_reports_the_signal(full_kb: KnowledgeBase, question: str, in_scope: bool) -> None:
    exemplar = full_kb.retriever.search(question).scope_signals["exemplar"]
    assert (exemplar > 0) is in_scope


def test_an_evaluation_scores_an_ask_question_without_its_writer_batch(full_kb: KnowledgeBase) -> None:
    """`mllens eval ask` and `mllens eval scope` answer a development question with its writer batch left out of the
    exemplars (the question itself is one), and put the shipped exemplars back."""
    from app.evaluation.scope import own_batch_left_out

    retriever = full_kb.retriever
    shipped = retriever.exemplars
    assert shipped is not None
    row = ask_rows()[0]
    with own_batch_left_out(retriever) as leave_out:
        leave_out(row["id"])
        assert retriever.exemplars is not None and retriever.exemplars is not shipped
        assert row["id"] not in retriever.exemplars.ids and "ask-001-015" not in retriever.exemplars.batches
        left_out = retriever.search(row["question"]).scope_signals["exemplar"]
        leave_out("a question of no batch")
        assert retriever.exemplars is shipped
        leave_out(row["id"])
    assert retriever.exemplars is shipped
    assert float(retriever.search(row["question"]).scope_signals["exemplar"]) > float(left_out)
