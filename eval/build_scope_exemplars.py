"""Build the scope gate's exemplars (app/retrieval/scope_exemplars.npz): the labelled development questions as plain
vectors, for the `exemplar` signal (docs/scope-gate.md, "Exemplars").

    .venv/bin/python eval/build_scope_exemplars.py            # embed and write
    .venv/bin/python eval/build_scope_exemplars.py --check    # rebuild in memory and compare with the shipped file

The rows: every question of eval/retrieval/questions.jsonl (in scope) and of eval/scope/dev.jsonl below the blind
batch (ids before scd-2900), in scope (expected practices) or out of scope (none), except the jailbreaks (category
`jail`): an override attempt is refused before the gate reads any signal, and many of them open with a real lens
question. Never a held-out row, nor a question of an unseen set of tests/retrieval/data/unseen/ (a development row
repeating one word for word is left out). Each is embedded as written with the project's ONNX
embedder and stored as float16, with its row id, its label and its writer batch (`scope_batch_cv.BATCHES`), and the
batch of every development row, jailbreaks too, so that an evaluation scores a development question with its whole
writer batch left out; no question text. Deterministic (rows in file order); tests/retrieval/test_scope_exemplars.py
checks that the file matches the rows.

Since sco18 the out-of-scope side also holds text nobody wrote for the eval (`product_rows`), as the topics file does:
botocore how-tos (`app.evaluation.scope.botocore_how_tos`, the product probes' generator) of operations no probe comes
from, EXEMPLAR_HOW_TOS of them after the probes' sample in the same hash order, none within NEAR_COPY cosine of a probe;
and the lines of eval/scope/everyday-questions.txt, none within NEAR_COPY of a development or unseen question. They are
batches of their own (`product:botocore`, `product:everyday`) that no evaluation leaves out. The blind batch (ids from
scd-2900) is never read, here nor by the gate's fit (eval/scope_batch_cv.py).

Since sco19 (session 17) the in-scope side also holds the ask development questions (eval/ask/dev.jsonl below the
blind batch: ids before ask-1401, skipped by id before a line is parsed, `scope_batch_cv.ask_rows`), in their writers'
batches (eval/ask/README.md, `ask_ranking_cv.batch`), left out like the scope rows when an evaluation scores one of
them; and the review interview's own questions (prompts/interview: openings and follow-ups; batch `product:interview`,
never left out), none a near copy of a practice label or title the product probes ask, nor of an unseen question.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "eval")]

from build_scope_classifier import embed  # noqa: E402
from scope_batch_cv import ask_rows, batch_of, is_blind  # noqa: E402

from app.retrieval.scope import EXEMPLARS_FILE  # noqa: E402

SOURCES = (ROOT / "eval" / "retrieval" / "questions.jsonl", ROOT / "eval" / "scope" / "dev.jsonl")
UNSEEN = ROOT / "tests" / "retrieval" / "data" / "unseen"  # questions that must stay unseen: never exemplars
EVERYDAY = ROOT / "eval" / "scope" / "everyday-questions.txt"
EXEMPLAR_HOW_TOS = 300  # botocore how-tos among the out-of-scope exemplars (as many as the probes)
NEAR_COPY = 0.9  # cosine at or above which a product line is a near copy of a probe, development or unseen question


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def unseen_questions() -> set[str]:
    """The questions of the unseen sets (tests/retrieval/data/unseen/), normalised."""
    return {
        _normal(json.loads(line)["text"])
        for path in sorted(UNSEEN.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }


def development_rows() -> list[dict[str, Any]]:
    """Every development row below the blind batches, in file order (the retrieval questions, the scope rows, then the
    ask questions below ask-1401, all in scope): id, question, in_scope, batch, jailbreak."""
    rows = []
    for path in SOURCES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if is_blind(row["id"]):
                continue
            rows.append(
                {
                    "id": row["id"],
                    "question": row["question"],
                    "in_scope": bool(row["expected"]),
                    "batch": batch_of(row["id"]),
                    "jail": row.get("category") == "jail",
                }
            )
    for row in ask_rows():
        rows.append({"id": row["id"], "question": row["question"], "in_scope": True, "batch": batch_of(row["id"])})
        rows[-1]["jail"] = False
    return rows


def exemplar_rows() -> list[dict[str, Any]]:
    """The development rows that become exemplars, in file order: not the jailbreaks, and not a row that repeats a
    question of an unseen set word for word (two did when this was built), which must stay unseen."""
    unseen = unseen_questions()
    return [r for r in development_rows() if not r["jail"] and _normal(r["question"]) not in unseen]


def _unit(vectors: NDArray[np.float32]) -> NDArray[np.float32]:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def _near_copies(
    texts: list[str], vectors: NDArray[np.float32], others: list[str], other_vectors: NDArray[np.float32]
) -> set[str]:
    """The texts equal (normalised) to one of `others` or within NEAR_COPY cosine of one."""
    cos = _unit(vectors) @ _unit(other_vectors).T
    same = {_normal(o) for o in others}
    return {t for t, row in zip(texts, cos, strict=True) if _normal(t) in same or float(row.max()) >= NEAR_COPY}


def everyday_lines() -> list[str]:
    """The questions of eval/scope/everyday-questions.txt (no comments, no blank lines), in file order."""
    lines = (line.strip() for line in EVERYDAY.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


Embed = Callable[[list[str]], NDArray[np.float32]]


def product_rows(development: NDArray[np.float32], embed: Embed = embed) -> list[dict[str, Any]]:
    """The out-of-scope exemplars nobody wrote for the eval: botocore how-tos of operations no product probe comes from
    (the next EXEMPLAR_HOW_TOS in the probes' hash order, none a near copy of a probe), then the everyday lines that
    are not near copies of a development exemplar (`development`: the vectors of `exemplar_rows`, as stored) nor of an
    unseen question. Each with its vector (`vector`)."""
    from app.evaluation.scope import botocore_how_tos, probe_how_tos

    probes = probe_how_tos()
    drawn, how_tos = set(probes), botocore_how_tos()
    probe_operations = {(svc, op) for q, svc, op in how_tos if q in drawn} | {op for q, _, op in how_tos if q in drawn}
    operations: dict[str, set[Any]] = {}
    for q, svc, op in how_tos:
        operations.setdefault(q, set()).update({(svc, op), op})
    candidates = [q for q in operations if q not in drawn and not operations[q] & probe_operations]
    vectors = embed(candidates)
    copies = _near_copies(candidates, vectors, probes, embed(probes))
    keep = [i for i, q in enumerate(candidates) if q not in copies][:EXEMPLAR_HOW_TOS]
    rows = [{"id": f"botocore-{n}", "question": candidates[i], "batch": "product:botocore"} for n, i in enumerate(keep)]
    chosen = [vectors[i] for i in keep]
    lines = everyday_lines()
    line_vectors = embed(lines)
    unseen = sorted(unseen_questions())
    seen = [r["question"] for r in exemplar_rows()] + unseen
    copies = _near_copies(lines, line_vectors, seen, np.vstack([development.astype(np.float32), embed(unseen)]))
    kept = [i for i, t in enumerate(lines) if t not in copies]
    rows += [{"id": f"everyday-{n}", "question": lines[i], "batch": "product:everyday"} for n, i in enumerate(kept)]
    chosen += [line_vectors[i] for i in kept]
    for row, vector in zip(rows, chosen, strict=True):
        row |= {"in_scope": False, "jail": False, "vector": vector}
    return rows + interview_rows(unseen, embed)


def interview_questions() -> list[str]:
    """The review interview's own questions (prompts/interview/*.yaml: each lens question's opening and follow-ups,
    each practice's follow-up), in file order, each once: in-scope text nobody wrote for the eval."""
    from app.lens.interview import load_interview
    from app.lens.loader import load_lens
    from app.settings import Settings

    settings = Settings()
    interview = load_interview(settings.prompts_dir / "interview", load_lens(settings.corpus_dir))
    texts = [
        text
        for content in interview.questions.values()
        for text in (content.opening, *content.follow_ups, *(p.follow_up for p in content.practices.values()))
    ]
    return list(dict.fromkeys(" ".join(t.split()) for t in texts))


def interview_rows(unseen: list[str], embed: Embed = embed) -> list[dict[str, Any]]:
    """The interview's questions as in-scope exemplars (batch `product:interview`, never left out), none a near copy
    of an in-scope product probe (a practice label or title: the probes stay a check) nor of an unseen question."""
    from app.evaluation.scope import product_probes
    from app.lens.loader import load_lens
    from app.settings import Settings

    settings = Settings()
    probes = [
        r["question"] for r in product_probes(load_lens(settings.corpus_dir), settings.prompts_dir) if r["expected"]
    ]
    texts = interview_questions()
    vectors = embed(texts)
    copies = _near_copies(texts, vectors, probes + unseen, embed(probes + unseen))
    kept = [i for i, t in enumerate(texts) if t not in copies]
    return [
        {
            "id": f"interview-{n}",
            "question": texts[i],
            "batch": "product:interview",
            "in_scope": True,
            "jail": False,
            "vector": vectors[i],
        }
        for n, i in enumerate(kept)
    ]


def arrays(rows: list[dict[str, Any]], vectors: NDArray[np.float32]) -> dict[str, NDArray[Any]]:
    """The file's arrays: the exemplars' vectors, labels, ids and batches, and the batch of every development row
    (jailbreaks too: a development question is scored with its batch left out whether or not it is an exemplar)."""
    from app.retrieval.embedder import MODEL_NAME

    every = development_rows()
    return {
        "row_ids": np.array([r["id"] for r in every]),
        "row_batches": np.array([r["batch"] for r in every]),
        "vectors": vectors.astype(np.float16),
        "in_scope": np.array([r["in_scope"] for r in rows], dtype=bool),
        "ids": np.array([r["id"] for r in rows]),
        "batches": np.array([r["batch"] for r in rows]),
        "embedder": np.array(MODEL_NAME),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare a rebuild with the shipped file, write nothing")
    args = parser.parse_args()
    started = time.perf_counter()
    rows = exemplar_rows()
    development = embed([r["question"] for r in rows]).astype(np.float16)
    product = product_rows(development)
    vectors = np.vstack([development.astype(np.float32), np.array([r["vector"] for r in product])])
    rows += product
    built = arrays(rows, vectors)
    took = time.perf_counter() - started
    if args.check:
        with np.load(EXEMPLARS_FILE, allow_pickle=False) as npz:
            shipped = dict(npz)
        same = all(np.array_equal(shipped[k], built[k]) for k in built if k != "vectors")
        gap = float(np.abs(shipped["vectors"].astype(np.float32) - built["vectors"].astype(np.float32)).max())
        print(f"{len(rows)} rows rebuilt in {took:.1f}s; ids, labels, batches equal: {same}; largest vector gap {gap}")
        raise SystemExit(0 if same and gap <= 1e-3 else 1)
    np.savez_compressed(EXEMPLARS_FILE, **built)
    n_in = int(built["in_scope"].sum())
    print(f"{len(rows)} rows ({n_in} in scope) embedded in {took:.1f}s; written {EXEMPLARS_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
