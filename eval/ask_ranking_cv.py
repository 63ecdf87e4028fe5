"""Cross-validate the extractive composer's ranking settings on the ask dev split (never the held-out one).

Each question is retrieved and its candidate sentences featurised once (app/qa/extractive.py: FEATURES); then the
practice ranking and line picking are re-run for any settings, so a k-fold search is cheap. For each fold the shipped
procedure is re-run on the other folds only, and scored on the fold left out (repeated over shuffles):
1. sentence weights by a pairwise logistic regression: within the expected practice, every answering sentence (a
   `wanted` one or, since 2026-12-01 evening, a second reader's `also` one; --positives wanted: the former only)
   should outscore every other sentence (scaled so that meaning weighs 1);
2. the best practice's line cap by coordinate descent from the previous composer's 5, maximising questions quoting a
   wanted sentence plus questions citing the expected practice; then, jointly, the clear lead, the paragraph pooling
   weight and the strong "see also" margin (app/qa/extractive.py CLEAR_LEAD, PARAGRAPH_WEIGHT, STRONG_SEE_ALSO).
   (A score bonus for the best practice's sentences was fitted too while dev had 66 rows: 0.05; with 111 rows it
   fitted 0, so it was dropped.)
3. the order of the first practice's quoted lines (LEAD_WEIGHTS), by a pairwise regression over those lines: every
   answering line should come before every other (--order picked: lines in the order picked, as before).
It prints the shipped settings' dev figures, the cross-validated ones (k-fold by row; k-fold by practice, so that no
practice of a test question was seen in fitting; and leaving out one batch of rows, i.e. one writer, at a time) and the
settings fitted on every dev row. Each figure is given twice: wanted quoted (a row is hit when any of its wanted
sentences is quoted) and wanted-sentence recall (each wanted sentence as if it were the only one; it does not rise with
the number of sentences a writer listed, which is 2-3 on most dev rows and 1-2 on the held-out ones), then answering
quoted (a wanted or `also` sentence quoted) and answering first line (the answer's first line is one).

    .venv/bin/python eval/ask_ranking_cv.py [--folds 5] [--repeats 4] [--c 1.0] [--prefix ask-0] [--until 1199]
        [--fresh-after 440]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.evaluation.ask import read_ask_rows  # noqa: E402
from app.knowledge import KnowledgeBase, load_knowledge_base  # noqa: E402
from app.lens.models import Section  # noqa: E402
from app.qa import extractive as ex  # noqa: E402
from app.settings import Settings  # noqa: E402

GRID = (-0.3, -0.2, -0.1, -0.05, 0.0, 0.05, 0.1, 0.2, 0.3)  # values tried for a position or section weight
SCALE_GRID = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)  # values tried for the word-overlap weight


@dataclass
class Row:
    id: str
    wanted: set[str]
    answering: set[str] = field(default_factory=set)  # wanted and a second reader's `also` (eval/ask/README.md)
    fixed: bool | None = None  # an ID question or a refusal: not affected by the weights
    units: Any = None
    owner: Any = None
    relevance: list[float] = field(default_factory=list)
    fused: list[float] = field(default_factory=list)  # retrieval's fused score of each candidate practice
    selector: Any = None
    features: Any = None
    sub: dict[frozenset[int], tuple[Any, Any, Any]] = field(default_factory=dict)
    expected: int | None = None  # index of the expected practice among the candidate practices
    cited: bool = False  # set by outcome(): the expected practice has a quoted line
    recall: float = 0.0  # set by outcome(): share of the wanted sentences quoted (each as if it were the only one)
    practice: str = ""  # the expected practice's BP ID
    answered: bool = False  # set by outcome(): a wanted or `also` sentence is quoted
    first_answers: bool = False  # set by outcome(): the answer's first line is a wanted or `also` sentence
    # set by outcome(): the features and answering flags of the first practice's quoted lines (for fitting an order)
    lead_lines: Any = None

    def positives(self) -> set[str]:
        """The sentences the pairwise regression treats as right (POSITIVES)."""
        return self.answering if POSITIVES == "answering" else self.wanted

    def outcome(self, w: np.ndarray) -> tuple[bool, float]:
        """(wanted sentence quoted, 1 / (1 + rank of the best wanted unit among the quoted practices' units))."""
        if self.fixed is not None:
            return self.fixed, 0.0  # recall was set by prepare()
        ranked, lead = ex.rank_with_lead(self.features @ w, self.owner, self.relevance, self.fused)
        key = frozenset(ranked)
        if key not in self.sub:
            keep = np.flatnonzero(np.isin(self.owner, ranked))
            units = self.units.subset(keep)
            self.sub[key] = (units, self.owner[keep], self.selector.features(units))
        units, owner, feats = self.sub[key]
        scores = feats @ w
        chosen = ex.pick_lines(units, owner, scores, ranked, lead)
        quoted = {s for p in chosen.values() for unit in p for s in unit.parts}
        hit = bool(quoted & self.wanted)
        self.recall = len(quoted & self.wanted) / len(self.wanted)
        self.cited = self.expected is not None and bool(chosen.get(self.expected))
        self.answered = bool(quoted & self.answering)
        first = next((p for p in ranked if chosen[p]), None)  # the answer's first practice (ex.LEAD_WEIGHTS order)
        self.first_answers = first is not None and bool(set(chosen[first][0].parts) & self.answering)
        self.lead_lines = None
        if LEAD_LINES and first is not None:
            rows = ex.line_rows(units, owner, chosen[first], first)
            pooled = scores + ex.PARAGRAPH_WEIGHT * ex._paragraph_best(units, owner, scores)
            labels = np.array([bool(set(units.units[n].parts) & self.answering) for n in rows])
            self.lead_lines = (ex.lead_features(units, owner, scores, pooled, rows), labels)
        mask = np.array([bool(set(u.parts) & self.wanted) for u in units.units])
        rank = float((scores > scores[mask].max()).sum()) if mask.any() else 1e9
        return hit, 1.0 / (1.0 + rank)


LEAD_LINES = False  # set by fit_order: outcome() keeps the first practice's lines' LEAD_FEATURES in lead_lines
# Which sentences the pairwise regression treats as right: "wanted" (before 2026-12-01 evening) or "answering"
# (wanted and a second reader's `also`; shipped since).
POSITIVES = "answering"
# The LEAD_FEATURES whose weights fit_shipped fits for ordering the first practice's lines (app/qa/extractive.py
# LEAD_WEIGHTS); --order picked: none (lines in the order picked).
LEAD = list(ex.LEAD_WEIGHTS)
SHIPPED_LEAD = dict(ex.LEAD_WEIGHTS)


def prepare(kb: KnowledgeBase, rows: list[dict[str, Any]], every_hit: bool = False) -> list[Row]:
    out = []
    for row in rows:
        r = Row(row["id"], set(row["wanted"]), {*row["wanted"], *row.get("also", [])}, practice=row["bp_id"])
        result = kb.retriever.search(row["question"], k=5)
        if result.out_of_scope or result.route == "id":
            composed = None if result.out_of_scope else ex.compose_extractive(row["question"], result, kb.lens)
            quoted = {s for u in composed.quoted for s in u} if composed else set()
            r.fixed = bool(quoted & r.wanted)
            r.recall = len(quoted & r.wanted) / len(r.wanted)
            r.cited = bool(composed and any(c.bp_id == row["bp_id"] for c in composed.citations))
            r.answered = bool(quoted & r.answering)
            r.first_answers = bool(composed and composed.quoted and set(composed.quoted[0]) & r.answering)
            out.append(r)
            continue
        hits = list(result.hits) if every_hit else ex.candidate_hits(result)
        pools = [(h, ex._candidates(h, kb.lens.best_practice(h.bp_id))) for h in hits]
        pools = [(h, u) for h, u in pools if u]
        r.units = ex._Units([u for _, units in pools for u in units], kb.reference_embedder)
        r.owner = np.array([p for p, (_, units) in enumerate(pools) for _ in units])
        r.relevance = [h.relevance for h, _ in pools]
        r.fused = [h.score for h, _ in pools]
        r.expected = next((p for p, (h, _) in enumerate(pools) if h.bp_id == row["bp_id"]), None)
        r.selector = ex._Selector(
            row["question"], kb.reference_embedder, result.query_vector(kb.reference_embedder.name)
        )
        r.features = r.selector.features(r.units)
        out.append(r)
    return out


CONSTANTS = {
    "redundancy": "REDUNDANCY_WEIGHT",
    "relevance": "RELEVANCE_WEIGHT",
    "best_lines": "LINES_FOR_BEST_BP",
    "clear_lead": "CLEAR_LEAD",
    "strong_see_also": "STRONG_SEE_ALSO",
    "paragraph": "PARAGRAPH_WEIGHT",
    "retrieval": "RETRIEVAL_WEIGHT",
}
CONSTANT_GRID = {
    "redundancy": (0.0, 0.15, 0.3, 0.5, 0.7, 1.0),
    "relevance": (0.5, 1.0, 2.0, 3.0),
    # at most 6 of the 7 lines: one is always open to a second practice's "see also" line when it scores higher
    "best_lines": (3, 4, 5, 6),
    # evidence lead of the first practice from which the others share one line (inf: never; the previous composer)
    "clear_lead": (0.05, 0.1, 0.15, 0.2, float("inf")),
    # by how much another practice's best unit may outscore the first's weakest line before the lead is not clear
    "strong_see_also": (0.1, 0.2, 0.3, 0.4, float("inf")),
    # weight of the best score of the other units of a unit's paragraph
    "paragraph": (0.0, 0.1, 0.2, 0.3, 0.5),
    # weight of retrieval's fused score, relative to the best candidate's, in a practice's evidence
    "retrieval": (0.0, 0.1, 0.2, 0.3, 0.5, 1.0),
}


def recall(rows: list[Row]) -> float:
    """Wanted-sentence recall of `rows` by the last score() call: each wanted sentence as if it were the only one."""
    return sum(r.recall for r in rows) / len(rows)


def cited(rows: list[Row]) -> float:
    """Share of `rows` whose expected practice was quoted by the last score() call."""
    return sum(r.cited for r in rows) / len(rows)


def score(rows: list[Row], weights: dict[str, float]) -> tuple[int, float]:
    for name, constant in CONSTANTS.items():
        setattr(ex, constant, weights.get(name, SHIPPED_CONSTANTS[name]))
    lead = {k.removeprefix("lead:"): v for k, v in weights.items() if k.startswith("lead:")}
    ex.LEAD_WEIGHTS = lead or (SHIPPED_LEAD if LEAD else {})
    w = ex.weight_vector(weights)
    outcomes = [r.outcome(w) for r in rows]
    return sum(h for h, _ in outcomes), sum(x for _, x in outcomes)


def objective(rows: list[Row], weights: dict[str, float]) -> tuple[int, float]:
    """What fitting maximises: questions quoting a wanted sentence plus questions citing the expected practice (so
    that quoting one practice only cannot buy the first at the price of the second), then the wanted rank; with
    OBJECTIVE "both", plus questions quoting a wanted or `also` sentence."""
    hits, rank = score(rows, weights)
    extra = sum(r.answered for r in rows) if OBJECTIVE == "both" else 0
    return hits + extra + sum(r.cited for r in rows), rank


OBJECTIVE = "wanted"  # or "both" (measured; docs/extractive-answers.md, eleventh session)


def answering(rows: list[Row]) -> float:
    """Share of `rows` quoting a wanted or `also` sentence by the last score() call."""
    return sum(r.answered for r in rows) / len(rows)


def first_line(rows: list[Row]) -> float:
    """Share of `rows` whose answer's first line is a wanted or `also` sentence by the last score() call."""
    return sum(r.first_answers for r in rows) / len(rows)


def fold_summary(name: str, sums: np.ndarray, n: int) -> str:
    """One line of summed cross-validation figures (hits, recall, cited, answered, first answers) over n rows, as
    eval/ask_affinity.py and eval/ask_judge.py print them."""
    s = sums / n
    return (
        f"{name}: wanted {s[0]:.4f} ({int(round(sums[0]))}/{n}) recall {s[1]:.4f} cited {s[2]:.4f}"
        f" answering {s[3]:.4f} first line {s[4]:.4f}"
    )


def figures(rows: list[Row], hits: float) -> str:
    return (
        f"wanted quoted {hits / len(rows):.4f}, recall {recall(rows):.4f}, cited {cited(rows):.4f},"
        f" answering quoted {answering(rows):.4f}, answering first line {first_line(rows):.4f}"
    )


SHIPPED_CONSTANTS = {name: getattr(ex, constant) for name, constant in CONSTANTS.items()}


def fit(
    rows: list[Row], start: dict[str, float], free: list[str | tuple[str, ...]], sweeps: int = 2
) -> dict[str, float]:
    """Coordinate descent on `objective` over the settings in `free`; a tuple of names is searched jointly (every
    combination of their grids), for settings whose effects depend on each other."""
    weights = dict(start)
    best = objective(rows, weights)
    for _ in range(sweeps):
        improved = False
        for entry in free:
            names = (entry,) if isinstance(entry, str) else entry
            grids = [CONSTANT_GRID.get(n) or (SCALE_GRID if n == "overlap" else GRID) for n in names]
            for values in itertools.product(*grids):
                trial = {**weights, **dict(zip(names, values, strict=True))}
                s = objective(rows, trial)
                if s > best:
                    best, weights, improved = s, trial, True
        if not improved:
            break
    return weights


def practice_split(r: Row, columns: list[int]) -> tuple[np.ndarray, np.ndarray] | None:
    """Within the expected practice's candidate units of a training row: the indices of the wanted units and of the
    others whose `columns` are all finite; None when no candidate is wanted."""
    positives = r.positives()
    mask = np.array([bool(set(u.parts) & positives) for u in r.units.units])
    if not mask.any():
        return None
    practice = r.owner[mask][0]
    pos = np.flatnonzero(mask & (r.owner == practice))
    neg = np.flatnonzero(~mask & (r.owner == practice))
    return pos, neg[np.isfinite(r.features[neg][:, columns]).all(axis=1)]


def pairwise_fit(
    rows: list[Row],
    names: list[str],
    c: float = 1.0,
    group: Callable[[str], str] | None = None,
    per_question: bool = False,
) -> dict[str, float]:
    """Weights from a pairwise logistic regression (no intercept, L2 with inverse strength `c`): within the expected
    practice's candidate units of each training question, every wanted unit should outscore every other one. Scaled
    so that `meaning` keeps weight 1 (relevance weight and redundancy are on that scale)."""
    from sklearn.linear_model import LogisticRegression

    columns = [ex.FEATURES.index(n) for n in names]
    diffs, weights = [], []
    sizes = Counter(group(r.id) for r in rows) if group else Counter()
    for r in rows:
        if r.fixed is not None:
            continue
        split = practice_split(r, columns)
        if split is None:
            continue
        pos, neg = (r.features[i][:, columns] for i in split)
        pairs = [p - neg for p in pos]
        diffs += pairs
        # every pair counts once (shipped); or each question once; and with `group` each group (a batch of questions
        # by one writer) once: measured, not better (docs/extractive-answers.md)
        share = (
            1.0 / (sum(len(d) for d in pairs) if per_question or group else 1) / (sizes[group(r.id)] if group else 1)
        )
        weights += [np.full(len(d), share) for d in pairs]
    x = np.concatenate(diffs)
    x = np.concatenate([x, -x])
    y = np.r_[np.ones(len(x) // 2), np.zeros(len(x) // 2)]
    w = np.concatenate(weights)
    w = np.r_[w, w] * (len(w) / w.sum())
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=2000).fit(x, y, sample_weight=w)
    coef = model.coef_[0]
    m = names.index("meaning")
    return {n: float(v / coef[m]) for n, v in zip(names, coef, strict=True)}


def batch(row_id: str) -> str:
    """The batch a dev row was written in (eval/ask/README.md): each is a different writer or session."""
    n = int(row_id.rsplit("-", 1)[1])
    if n > 66:
        return f"ask-{n // 100}xx"
    return "ask-001-015" if n <= 15 else "ask-016-051" if n <= 51 else "ask-052-066"


def folds(rows: list[Row], k: int, seed: int, group: Callable[[Row], str]) -> list[list[int]]:
    """k folds of row indices; rows of one group (a practice, or the row itself) always fall in the same fold."""
    names = sorted({group(r) for r in rows})
    random.Random(seed).shuffle(names)
    fold_of = {name: n % k for n, name in enumerate(names)}
    return [[i for i, r in enumerate(rows) if fold_of[group(r)] == f] for f in range(k)]


# The sentence features the pairwise regression weighs. Every section having its own weight fitted dev as well but a new
# writer worse (leave-one-batch-out 0.742 against 0.788): writers differ on desired outcomes and guidance, not on
# benefit bullets and steps.
RANKING = ["meaning", "overlap", "interaction", f"section:{Section.BENEFITS.value}", f"section:{Section.STEPS.value}"]


# The dev rows the shipped settings (app/qa/extractive.py WEIGHTS, LINES_FOR_BEST_BP) were fitted on: rows numbered up
# to this. Rows added later are scored with them first (a "fresh" figure) before any refit;
# tests/qa/test_ask_ranking_fit.py checks that fitting these rows gives the shipped settings.
FITTED_ON = 840


def fitted_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [row for row in rows if int(row["id"].rsplit("-", 1)[1]) <= FITTED_ON]


def fit_shipped(rows: list[Row], c: float = 1.0) -> dict[str, float]:
    """How the shipped settings were made: sentence weights by pairwise_fit, then the best practice's line cap by
    coordinate descent on `objective`."""
    start = {  # the previous composer
        **pairwise_fit(rows, RANKING, c),
        "best_lines": 5,
        "clear_lead": float("inf"),
        "strong_see_also": float("inf"),
        "paragraph": 0.0,
    }
    fitted = fit(rows, start, FREE)
    return {**fitted, **{f"lead:{k}": v for k, v in fit_order(rows, fitted, LEAD, c).items()}} if LEAD else fitted


# What fit_shipped searches after the sentence weights, in this order; the clear lead, the paragraph weight and the
# strong "see also" margin jointly (searched one after the other, whichever came first kept the others from moving).
FREE: list[str | tuple[str, ...]] = ["best_lines", ("clear_lead", "paragraph", "strong_see_also")]


def fit_order(rows: list[Row], weights: dict[str, float], names: list[str], c: float = 1.0) -> dict[str, float]:
    """Weights of the LEAD_FEATURES `names` ordering the first practice's quoted lines (app/qa/extractive.py
    LEAD_WEIGHTS): a pairwise logistic regression (no intercept) over `rows` answered with `weights`, where within a
    row every line quoting a wanted or `also` sentence should outscore every other line; scaled so that the first
    name (the pooled score) weighs 1."""
    from sklearn.linear_model import LogisticRegression

    global LEAD_LINES
    LEAD_LINES = True
    try:
        score(rows, {k: v for k, v in weights.items() if not k.startswith("lead:")})
    finally:
        LEAD_LINES = False
    columns = [ex.LEAD_FEATURES.index(n) for n in names]
    diffs = []
    for r in rows:
        if r.lead_lines is None:
            continue
        feats, labels = r.lead_lines
        if labels.any() and not labels.all():
            diffs += [p - feats[~labels][:, columns] for p in feats[labels][:, columns]]
    x = np.concatenate(diffs)
    x = np.concatenate([x, -x])
    y = np.r_[np.ones(len(x) // 2), np.zeros(len(x) // 2)]
    coef = LogisticRegression(C=c, fit_intercept=False, max_iter=2000).fit(x, y).coef_[0]
    return {n: float(v / coef[0]) for n, v in zip(names, coef, strict=True)}


def main() -> None:
    global POSITIVES, OBJECTIVE, LEAD
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=4)
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength of the pairwise regression")
    parser.add_argument("--prefix", default="", help="only rows whose id starts with this")
    parser.add_argument("--until", type=int, default=None, help="leave out rows numbered above this (a blind batch)")
    parser.add_argument(
        "--no-clear-lead",
        action="store_true",
        help="the previous procedure: other practices may always take 2 lines each (no clear_lead used or fitted)",
    )
    parser.add_argument(
        "--fit-retrieval",
        action="store_true",
        help="also fit the weight of retrieval's fused score in a practice's evidence (RETRIEVAL_WEIGHT; not shipped)",
    )
    parser.add_argument(
        "--fresh-after", type=int, help="also fit on the rows numbered up to this only and score the later rows"
    )
    parser.add_argument(
        "--positives",
        choices=("wanted", "answering"),
        default=POSITIVES,
        help="the sentences the pairwise regression treats as right: wanted, or wanted and `also`",
    )
    parser.add_argument(
        "--objective",
        choices=("wanted", "both"),
        default=OBJECTIVE,
        help="what the line settings maximise besides citing: wanted quoted, or wanted and answering quoted",
    )
    parser.add_argument(
        "--order",
        choices=("fitted", "picked"),
        default="fitted",
        help="the first practice's lines: ordered by LEAD_WEIGHTS fitted with the rest (shipped), or as picked",
    )
    args = parser.parse_args()
    POSITIVES, OBJECTIVE = args.positives, args.objective
    if args.order == "picked":
        LEAD = []
    if args.no_clear_lead:
        FREE[1] = "paragraph"
        SHIPPED_CONSTANTS["clear_lead"] = float("inf")
    if args.fit_retrieval:
        FREE.insert(1, "retrieval")
    kb = load_knowledge_base(Settings(late_interaction=True))  # the fit weighs late interaction (WEIGHTS)
    rows = [r for r in read_ask_rows(ROOT / "eval/ask/dev.jsonl") if r["id"].startswith(args.prefix)]
    if args.until is not None:
        rows = [r for r in rows if int(r["id"].rsplit("-", 1)[1]) <= args.until]
    prepared = prepare(kb, rows)
    n = len(prepared)

    def fit_and_score(train: list[Row], test: list[Row]) -> tuple[dict[str, float], int]:
        """The whole procedure fitted on `train`, scored on `test`."""
        fitted = fit_shipped(train, args.c)
        return fitted, score(test, fitted)[0]

    shipped = score(prepared, ex.WEIGHTS)[0]
    print(f"{n} rows, {len({r.practice for r in prepared})} practices; shipped settings: {figures(prepared, shipped)}")
    groupings: dict[str, Callable[[Row], str]] = {"row": lambda r: r.id, "practice": lambda r: r.practice}
    for grouping, group in groupings.items() if args.repeats else ():
        sums = np.zeros(5)
        for repeat in range(args.repeats):
            for test_rows in folds(prepared, args.folds, repeat, group):
                test = [prepared[i] for i in test_rows]
                left_out = set(test_rows)
                hits = fit_and_score([r for i, r in enumerate(prepared) if i not in left_out], test)[1]
                sums += [
                    hits,
                    *(sum(getattr(r, a) for r in test) for a in ("recall", "cited", "answered", "first_answers")),
                ]
        sums /= n * args.repeats
        print(
            f"{args.folds}-fold by {grouping}, mean of {args.repeats} shuffles: wanted quoted {sums[0]:.4f},"
            f" recall {sums[1]:.4f}, cited {sums[2]:.4f}, answering quoted {sums[3]:.4f},"
            f" answering first line {sums[4]:.4f}"
        )
    # leave one batch (writer) out: what a new writer's questions may expect
    sums = np.zeros(5)
    for name in sorted({batch(r.id) for r in prepared}):
        test = [r for r in prepared if batch(r.id) == name]
        fitted, hits = fit_and_score([r for r in prepared if batch(r.id) != name], test)
        sums += [hits, *(sum(getattr(r, a) for r in test) for a in ("recall", "cited", "answered", "first_answers"))]
        print(
            f"fitted without {name}: its {len(test)} rows: {figures(test, hits)}"
            f" (best_lines {fitted['best_lines']}, clear_lead {fitted.get('clear_lead', float('inf'))})"
        )
    sums /= n
    print(
        f"leave-one-batch-out: wanted quoted {sums[0]:.4f}, recall {sums[1]:.4f}, cited {sums[2]:.4f},"
        f" answering quoted {sums[3]:.4f}, answering first line {sums[4]:.4f}"
    )
    if args.fresh_after is not None:
        later = [r for r in prepared if int(r.id.rsplit("-", 1)[1]) > args.fresh_after]
        fitted, hits = fit_and_score([r for r in prepared if int(r.id.rsplit("-", 1)[1]) <= args.fresh_after], later)
        print(
            f"fitted on rows up to {args.fresh_after}: the {len(later)} later rows: {figures(later, hits)}",
            json.dumps({k: round(v, 3) for k, v in fitted.items() if k in CONSTANTS}),
        )
    weights, hits = fit_and_score(prepared, prepared)
    print("fitted on every row:", json.dumps({k: round(v, 3) for k, v in weights.items()}))
    print(f"  in-sample {figures(prepared, hits)}")


if __name__ == "__main__":
    main()
