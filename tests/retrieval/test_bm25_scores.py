"""The BM25 reader gives bm25s's own scores, bit for bit, on the committed index (every dev question of the retrieval,
ask and scope sets, every lens passage's text) and on indexes bm25s builds here; it refuses what it cannot read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import bm25s
import numpy as np
import pytest

from app.errors import IndexProblem
from app.retrieval.bm25_scores import Bm25Scores
from app.retrieval.hash_embedder import HashEmbedder
from app.retrieval.index_store import BM25_GROUPS_DIR, BM25_PASSAGES_DIR, PASSAGES_FILE, load_index
from app.retrieval.lexical import tokens

ROOT = Path(__file__).resolve().parents[2]
INDEX = ROOT / "index"
DEV_FILES = ["eval/retrieval/questions.jsonl", "eval/ask/dev.jsonl", "eval/scope/dev.jsonl"]


def dev_questions() -> list[str]:
    out = []
    for name in DEV_FILES:
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["question"])
    return out


def passage_texts() -> list[str]:
    return [p["embed_text"] for p in json.loads((INDEX / PASSAGES_FILE).read_text(encoding="utf-8"))]


@pytest.mark.parametrize("directory", [BM25_PASSAGES_DIR, BM25_GROUPS_DIR])
def test_same_scores_as_bm25s_on_the_committed_index(directory: str) -> None:
    ours = Bm25Scores.load(INDEX / directory)
    theirs = bm25s.BM25.load(str(INDEX / directory), load_corpus=False, allow_pickle=False)
    assert ours.vocab_dict == theirs.vocab_dict
    queries = [tokens(text) for text in [*dev_questions(), *passage_texts()]]
    queries += [["\u2205"], ["zzzz-not-a-lens-word"], ["data", "data", "lineage"], ["lineage", "zzzz", "data"]]
    compared = 0
    for query in queries:
        if not query:
            continue
        mine, reference = ours.get_scores(query), theirs.get_scores(query)
        assert mine.dtype == reference.dtype
        assert np.array_equal(mine, reference), query
        compared += 1
    assert compared > 2000
    if "" in ours.vocab_dict:  # bm25s keeps a column-less "" entry; asking for it fails alike
        with pytest.raises(ValueError):
            theirs.get_scores([""])
        with pytest.raises(ValueError):
            ours.get_scores([""])


@pytest.mark.parametrize("method", ["lucene", "robertson", "atire"])
def test_reads_what_bm25s_builds(tmp_path: Path, method: str) -> None:
    corpus = [
        ["model", "drift", "monitor"],
        ["data", "lineage", "track", "data"],
        ["drift", "alarm"],
        ["\u2205"],
    ]
    built = bm25s.BM25(method=method)
    built.index(corpus, show_progress=False)
    built.save(str(tmp_path / "bm25"), allow_pickle=False, show_progress=False)
    ours = Bm25Scores.load(tmp_path / "bm25")
    for query in (["drift"], ["data", "drift", "unknown"], ["lineage", "lineage"], ["unknown"]):
        assert np.array_equal(ours.get_scores(query), built.get_scores(query)), query


def test_refuses_a_method_with_non_occurrence_scores(tmp_path: Path) -> None:
    built = bm25s.BM25(method="bm25+")
    built.index([["a", "b"], ["b", "c"]], show_progress=False)
    built.save(str(tmp_path / "bm25"), allow_pickle=False, show_progress=False)
    with pytest.raises(ValueError, match="not read here"):
        Bm25Scores.load(tmp_path / "bm25")


def test_a_damaged_bm25_index_is_an_index_problem(tiny_index_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "index"
    shutil.copytree(tiny_index_dir, broken)
    (broken / BM25_GROUPS_DIR / "params.index.json").write_text("{}", encoding="utf-8")
    with pytest.raises(IndexProblem, match="incomplete or damaged"):
        load_index(broken, HashEmbedder())
    shutil.copytree(tiny_index_dir, broken, dirs_exist_ok=True)
    (broken / BM25_PASSAGES_DIR / "indptr.csc.index.npy").unlink()
    with pytest.raises(IndexProblem, match="incomplete or damaged"):
        load_index(broken, HashEmbedder())
