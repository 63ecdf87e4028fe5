"""Measure a learned interaction between the question's and the sentence's MiniLM vectors ("affinity") added to the
extractive composer's sentence score, on the ask dev split (never the held-out one) and the unseen ask sets under
tests/qa/data/unseen/, with eval/ask_ranking_cv.py's replay (questions retrieved and featurised once; line settings as
shipped).

A unit's affinity is q' A s, q the question's vector and s the vector of the unit's sentence closest to the question
(both unit length, index/sentences.*), with A either
- `diag`: a diagonal (a weight per dimension; a logistic regression over the element-wise product q * s), or
- `rank<r>`: a low-rank bilinear U' V (U, V r x 384), fitted by L-BFGS from a small random start (not convex; about
  2 CPU minutes a fit on the 70,000 dev pairs, too slow to cross-validate on a shared machine), or
- `pca<k>`: a full bilinear M (k x k) in the subspace of the lens sentence vectors' top k singular vectors P, A = P' M P
  (convex, like `diag`),
fitted jointly with the shipped sentence features by the shipped pairwise regression (within the expected practice,
every answering sentence above every other; eval/ask_ranking_cv.py pairwise_fit), the shipped features penalised as
there (L2, C 1) and A's weights by `lam` (`diag`: on the product scaled by 384, so that a uniform weight 1/384 is the
cosine), then scaled so that meaning weighs 1. A control refits the shipped
features alone the same way.

Judged by leaving one writer batch out (cv.batch), by 5-fold over practices (no practice of a test question seen in
fitting; a learned interaction can memorise practices), and on the unseen sets with a fit on every dev row.

    .venv/bin/python eval/ask_affinity.py [--until 1230] [--models none:0,diag:1000,pca16:0.1] [--practice-folds 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import ask_ranking_cv as cv  # noqa: E402

from app.evaluation.ask import read_ask_rows  # noqa: E402
from app.qa import extractive as ex  # noqa: E402

UNSEEN = ("ask_s12", "ask_s14", "ask_s15", "ask_s17")
DIM = 384


def best_parts(vectors: np.ndarray, part_owner: np.ndarray, q: np.ndarray, n_units: int) -> np.ndarray:
    """Index (into vectors) of each unit's sentence closest to the question."""
    cos = vectors @ q
    best = np.full(n_units, -1)
    top = np.full(n_units, -np.inf)
    for i, (u, c) in enumerate(zip(part_owner.tolist(), cos.tolist(), strict=True)):
        if c > top[u]:
            top[u], best[u] = c, i
    return best


class Data:
    """Per answered dev row: the question vector, each unit's closest sentence vector, and the pairs to fit."""

    def __init__(self, rows: list[cv.Row]) -> None:
        self.rows = [r for r in rows if r.fixed is None and r.units.vectors is not None]
        self.q = {r.id: np.asarray(r.selector._question, dtype=np.float64) for r in self.rows}
        self.s: dict[str, np.ndarray] = {}
        for r in self.rows:
            best = best_parts(r.units.vectors, r.units.part_owner, r.selector._question, len(r.units.units))
            self.s[r.id] = np.asarray(r.units.vectors[best], dtype=np.float64)

    def pairs(self, rows: list[cv.Row]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(shipped-feature differences, each pair's question index, the question vectors, the positive less the
        negative sentence vector) of every pair."""
        columns = [ex.FEATURES.index(n) for n in cv.RANKING]
        xs, qi, qv, ds = [], [], [], []
        for r in rows:
            if r.id not in self.s:
                continue
            split = cv.practice_split(r, columns)
            if split is None:
                continue
            pos_i, neg_i = split
            for p in pos_i:
                xs.append(r.features[p, columns] - r.features[neg_i][:, columns])
                qi.append(np.full(len(neg_i), len(qv)))
                ds.append(self.s[r.id][p][None] - self.s[r.id][neg_i])
            qv.append(self.q[r.id])
        return np.concatenate(xs), np.concatenate(qi), np.array(qv), np.concatenate(ds)


def _softplus_neg(m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """log(1 + exp(-m)) and its derivative in m."""
    loss = np.logaddexp(0.0, -m)
    return loss, -1.0 / (1.0 + np.exp(m))


def fit_model(data: Data, rows: list[cv.Row], kind: str, lam: float, seed: int = 0) -> tuple[dict[str, float], Any]:
    """Joint fit of the shipped feature weights and the affinity (None for kind 'none'); scaled so meaning weighs 1."""
    x, qi, qv, d = data.pairs(rows)
    d = d.astype(np.float32)
    k = x.shape[1]
    c2 = 2.0  # sklearn's objective on (x, 1) and (-x, 0): C x 2 x loss per pair, + 0.5 |w|^2 (C = 1)
    if kind == "none":
        aff_feats = None
        size = 0
    elif kind == "diag":
        aff_feats = (qv[qi] * d * DIM).astype(np.float32)  # so that a uniform weight 1/DIM reproduces the cosine
        size = DIM
    elif kind.startswith("pca"):
        basis = lens_basis(int(kind.removeprefix("pca")))  # k x DIM
        dim = len(basis)
        pq, pd = qv @ basis.T, (d @ basis.T.astype(np.float32)).astype(np.float64)  # questions x k, pairs x k
        size = dim * dim
    else:
        rank = int(kind.removeprefix("rank"))
        size = 2 * rank * DIM

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w = theta[:k]
        margin = x @ w
        grad = np.zeros_like(theta)
        if kind == "diag":
            b = theta[k:]
            margin = margin + aff_feats @ b.astype(np.float32)
        elif kind.startswith("pca"):
            mat = theta[k:].reshape(dim, dim)
            mpd = pd @ mat.T  # pairs x k: M P d
            margin = margin + (pq[qi] * mpd).sum(axis=1)
        elif kind != "none":
            u = theta[k : k + size // 2].reshape(rank, DIM)
            v = theta[k + size // 2 :].reshape(rank, DIM)
            uq, vd = (qv @ u.T)[qi], (d @ v.T.astype(np.float32)).astype(np.float64)  # pairs x rank
            margin = margin + (uq * vd).sum(axis=1)
        loss, dm = _softplus_neg(margin)
        dm = c2 * dm
        value = c2 * loss.sum() + 0.5 * (w @ w)
        grad[:k] = x.T @ dm + w
        if kind == "diag":
            value += 0.5 * lam * (b @ b)
            grad[k:] = aff_feats.T @ dm.astype(np.float32) + lam * b
        elif kind.startswith("pca"):
            value += 0.5 * lam * (mat * mat).sum()
            grad[k:] = ((pq[qi] * dm[:, None]).T @ pd + lam * mat).ravel()
        elif kind != "none":
            value += 0.5 * lam * ((u * u).sum() + (v * v).sum())
            per_q = np.zeros((len(qv), rank))
            np.add.at(per_q, qi, dm[:, None] * vd)
            grad[k : k + size // 2] = (per_q.T @ qv + lam * u).ravel()
            grad[k + size // 2 :] = ((dm[:, None] * uq).T.astype(np.float32) @ d + lam * v).ravel()
        return float(value), grad

    theta0 = np.zeros(k + size)
    if kind not in ("none", "diag"):
        theta0[k:] = np.random.default_rng(seed).normal(0, 0.01, size)
    res = minimize(objective, theta0, jac=True, method="L-BFGS-B", options={"maxiter": 300})
    theta = res.x
    m = theta[cv.RANKING.index("meaning")]
    weights = {name: float(theta[i] / m) for i, name in enumerate(cv.RANKING)}
    if kind == "none":
        return weights, None
    if kind == "diag":
        return weights, theta[k:] * DIM / m
    if kind.startswith("pca"):
        return weights, ("pca", basis, theta[k:].reshape(dim, dim) / m)
    u = theta[k : k + size // 2].reshape(rank, DIM)
    v = theta[k + size // 2 :].reshape(rank, DIM)
    return weights, (u / m, v)


def affinity_vector(model: Any, q: np.ndarray) -> np.ndarray:
    """A q: the vector whose dot product with a sentence vector is the affinity."""
    if isinstance(model, tuple) and model[0] == "pca":
        _, basis, mat = model
        return basis.T @ (mat.T @ (basis @ q))
    if isinstance(model, tuple):
        u, v = model
        return v.T @ (u @ q)
    return model * q


def set_affinity(data: Data, rows: list[cv.Row], model: Any) -> None:
    """Fill the affinity column of every row's features (and of its cached practice subsets)."""
    col = ex.FEATURES.index("affinity")
    for r in rows:
        if r.fixed is not None:
            continue
        if model is None:
            r.features[:, col] = 0.0
            for _, _, feats in r.sub.values():
                feats[:, col] = 0.0
            continue
        a = affinity_vector(model, np.asarray(r.selector._question, dtype=np.float64))
        # --lines-only: practices are ranked without the affinity; it only picks the lines of the ranked ones
        r.features[:, col] = 0.0 if LINES_ONLY else _unit_affinity(r.units, r.selector._question, a)
        for units, _, feats in r.sub.values():
            feats[:, col] = _unit_affinity(units, r.selector._question, a)


def _unit_affinity(units: Any, q: np.ndarray, a: np.ndarray) -> np.ndarray:
    best = best_parts(units.vectors, units.part_owner, q, len(units.units))
    return np.asarray(units.vectors[best], dtype=np.float64) @ a


CURRENT: dict[str, Any] = {"model": None}
LINES_ONLY = False


def lens_basis(k: int) -> np.ndarray:
    """The top k right singular vectors of the lens sentence vectors (index/sentences.npy; uncentred, so the first
    is close to their mean direction): a question-independent subspace for the bilinear interaction."""
    if k not in _BASES:
        vectors = np.load(ROOT / "index" / "sentences.npy").astype(np.float64)
        _BASES[k] = np.linalg.svd(vectors, full_matrices=False)[2][:k]
    return _BASES[k]


_BASES: dict[int, np.ndarray] = {}


def patched_features(base: Callable[..., Any]) -> Callable[..., Any]:
    def features(self: Any, units: Any, owner: Any = None, interaction: Any = None) -> Any:
        out = base(self, units, owner, interaction)
        model = CURRENT["model"]
        if model is not None and units.vectors is not None and self._question is not None:
            a = affinity_vector(model, np.asarray(self._question, dtype=np.float64))
            out[:, ex.FEATURES.index("affinity")] = _unit_affinity(units, self._question, a)
        return out

    return features


def evaluate(data: Data, train: list[cv.Row], test: list[cv.Row], kind: str, lam: float) -> list[float]:
    weights, model = fit_model(data, train, kind, lam)
    CURRENT["model"] = model
    set_affinity(data, test, model)
    hits = cv.score(test, {**weights, "affinity": 1.0 if model is not None else 0.0})[0]
    return [hits, *(sum(getattr(r, a) for r in test) for a in ("recall", "cited", "answered", "first_answers"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--until", type=int, default=1230, help="leave out dev rows numbered above this")
    parser.add_argument("--models", default="none:0,diag:100,diag:1000,diag:10000,rank8:1,rank16:10")
    parser.add_argument("--practice-folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument(
        "--lines-only", action="store_true", help="the affinity picks lines within the ranked practices only"
    )
    args = parser.parse_args()
    global LINES_ONLY
    LINES_ONLY = args.lines_only
    ex.FEATURES = (*ex.FEATURES, "affinity")
    ex._Selector.features = patched_features(ex._Selector.features)  # type: ignore[method-assign]
    from app.knowledge import load_knowledge_base
    from app.settings import Settings

    start = time.process_time()
    kb = load_knowledge_base(Settings(late_interaction=True))
    rows = [r for r in read_ask_rows(ROOT / "eval/ask/dev.jsonl") if int(r["id"].rsplit("-", 1)[1]) <= args.until]
    dev = cv.prepare(kb, rows)
    unseen = {name: cv.prepare(kb, read_ask_rows(ROOT / f"tests/qa/data/unseen/{name}.jsonl")) for name in UNSEEN}
    data = Data(dev + [r for rs in unseen.values() for r in rs])
    print(f"prepared {len(dev)} dev rows in {time.process_time() - start:.0f} s CPU", flush=True)
    shipped = cv.score(dev, {**ex.WEIGHTS, "affinity": 0.0})[0]
    shipped_unseen = [cv.score(urows, {**ex.WEIGHTS, "affinity": 0.0})[0] for urows in unseen.values()]
    print(
        f"shipped weights: dev {shipped}/{len(dev)}, unseen {'/'.join(map(str, shipped_unseen))}"
        f" = {sum(shipped_unseen)} of {sum(map(len, unseen.values()))}",
        flush=True,
    )
    for spec in args.models.split(","):
        kind, lam = spec.split(":")
        lam_f = float(lam)
        sums = np.zeros(5)
        for name in sorted({cv.batch(r.id) for r in dev}):
            test = [r for r in dev if cv.batch(r.id) == name]
            sums += evaluate(data, [r for r in dev if cv.batch(r.id) != name], test, kind, lam_f)
        line = [cv.fold_summary(f"{spec:12s} by batch", sums, len(dev))]
        psums = np.zeros(5)
        for repeat in range(args.repeats if args.practice_folds else 0):
            for fold in cv.folds(dev, args.practice_folds, repeat, lambda r: r.practice):
                test = [dev[i] for i in fold]
                left = set(fold)
                psums += evaluate(data, [r for i, r in enumerate(dev) if i not in left], test, kind, lam_f)
        if args.practice_folds:
            line.append(cv.fold_summary("by practice", psums / args.repeats, len(dev)))
        weights, model = fit_model(data, dev, kind, lam_f)
        CURRENT["model"] = model
        unseen_hits = []
        for urows in unseen.values():
            set_affinity(data, urows, model)
            unseen_hits.append(cv.score(urows, {**weights, "affinity": 1.0 if model is not None else 0.0})[0])
        set_affinity(data, dev, model)
        insample = cv.score(dev, {**weights, "affinity": 1.0 if model is not None else 0.0})[0]
        line.append(
            f"unseen {'/'.join(map(str, unseen_hits))} = {sum(unseen_hits)} of {sum(map(len, unseen.values()))};"
            f" dev in-sample {insample}; weights "
            + " ".join(f"{k.removeprefix('section:')} {v:.3f}" for k, v in weights.items())
        )
        print("\n  ".join(line), flush=True)


if __name__ == "__main__":
    main()
