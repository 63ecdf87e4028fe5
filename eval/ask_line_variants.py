"""Measure variants of the extractive composer's line picking on the ask dev split (never the held-out one), with
eval/ask_ranking_cv.py's features and fitting: the sentence weights by the same pairwise regression, then the line
settings (the first practice's line cap, the clear-lead threshold and each variant's own setting) by coordinate
descent on wanted quoted + practice cited, refitted per fold. Scored in-sample, leaving one writer batch out, and on
rows numbered above --fresh-after fitted only on the rows before them. Each figure: wanted quoted, wanted-sentence
recall, practice cited, quoted sentences per answer (answered rows whose practices were ranked).

Variants (docs/extractive-answers.md, "Session of 2026-12-01 (late morning)"):
- `lead:<kind>`: what measures the first practice's lead for the clear-lead rule: `evidence` (shipped: 2 x relevance +
  best unit score), `interaction` (the best late-interaction score), `sixth` (the first practice's sixth-best unit
  score against the second's best), `never` (no rule);
- `mmr`: a redundancy weight of its own for the "see also" practices' lines (the first practice's stays 0.3);
- `pair`: a line quotes a sentence with the next one of its paragraph when that one stands alone and scores within
  `pair_delta` of it (so lines stay 7; sentences per answer are reported and capped at +0.5 in the fit);
- `paragraph`: a unit's score plus `paragraph_weight` x the best score of the other units of its paragraph.

    .venv/bin/python eval/ask_line_variants.py [--variants lead:evidence,lead:never,pair] [--fresh-after 440]
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import ask_ranking_cv as cv  # noqa: E402

from app.evaluation.ask import read_ask_rows  # noqa: E402
from app.knowledge import load_knowledge_base  # noqa: E402
from app.qa import extractive as ex  # noqa: E402
from app.retrieval.sentences import QUOTED_SECTIONS, split_lines  # noqa: E402

SENTENCE_BUDGET = 0.5  # sentences per answer a variant may add over the shipped picking (fit constraint)
GRIDS: dict[str, tuple[float, ...]] = {
    "best_lines": (3, 4, 5, 6),
    "clear_lead": (0.05, 0.1, 0.15, 0.2, 0.3, math.inf),
    "sixth_lead": (-math.inf, -0.5, -0.4, -0.3, -0.2, -0.1, -0.05, 0.0, 0.05, 0.1, math.inf),
    "interaction_lead": (0.0, 0.02, 0.05, 0.1, 0.15, math.inf),
    "mmr_other": (0.0, 0.15, 0.3, 0.5, 0.7, 1.0),
    "pair_delta": (-math.inf, 0.0, 0.02, 0.05, 0.1, 0.15, 0.2),
    "paragraph_weight": (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0),
}
LEAD_FREE = {
    "lead:evidence": ["clear_lead"],
    "lead:never": [],
    "lead:interaction": ["interaction_lead"],
    "lead:sixth": ["sixth_lead"],
    "lead:both": ["clear_lead", "sixth_lead"],
}
PART_FREE = {"mmr": ["mmr_other"], "pair": ["pair_delta"], "before": ["pair_delta"], "paragraph": ["paragraph_weight"]}


def parts_of(variant: str) -> tuple[str, set[str]]:
    """A variant is "+"-joined parts: at most one lead kind (default lead:evidence) and any of mmr, pair, paragraph."""
    names = variant.split("+")
    lead = next((n for n in names if n.startswith("lead:")), "lead:evidence")
    return lead, {n for n in names if not n.startswith("lead:")}


def free(variant: str) -> list[str]:
    lead, flags = parts_of(variant)
    return ["best_lines", *LEAD_FREE[lead], *dict.fromkeys(x for f in sorted(flags) for x in PART_FREE[f])]


START = {
    "best_lines": 6,
    "clear_lead": 0.1,
    "sixth_lead": math.inf,
    "interaction_lead": math.inf,
    "mmr_other": ex.REDUNDANCY_WEIGHT,
    "pair_delta": -math.inf,
    "paragraph_weight": 0.0,
}


def neighbours(kb: Any) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """The sentence after each lens sentence on its line (paragraph or list item), and each sentence's line."""
    after: dict[str, str] = {}
    line_of: dict[str, tuple[str, ...]] = {}
    for bp in kb.lens.best_practices:
        for section in QUOTED_SECTIONS:
            for line in split_lines(bp.section_text(section)):
                for a, b in zip(line, line[1:], strict=False):
                    after.setdefault(a, b)
                for s in line:
                    line_of.setdefault(s, tuple(line))
    return after, line_of


@dataclass
class Outcome:
    hit: bool
    recall: float
    cited: bool
    sentences: int
    lines: int
    ranked_expected: int  # position of the expected practice among the quoted ones (-1: not ranked)


AFTER: dict[str, str] = {}
LINE_OF: dict[str, tuple[str, ...]] = {}


def outcome(row: cv.Row, w: np.ndarray, variant: str, s: dict[str, float]) -> Outcome:
    if row.fixed is not None:
        return Outcome(row.fixed, row.recall, row.cited, 0, 0, -1)
    base = row.features @ w
    ranked, lead = ex.rank_with_lead(base, row.owner, row.relevance)
    key = frozenset(ranked)
    if key not in row.sub:
        keep = np.flatnonzero(np.isin(row.owner, ranked))
        units = row.units.subset(keep)
        row.sub[key] = (units, row.owner[keep], row.selector.features(units))
    units, owner, feats = row.sub[key]
    scores = feats @ w
    lead_kind, flags = parts_of(variant)
    if "paragraph" in flags and s["paragraph_weight"]:
        scores = scores + s["paragraph_weight"] * paragraph_best(units, owner, scores)
    first = ranked[0]
    if lead_kind == "lead:never":
        clear = False
    elif lead_kind == "lead:interaction":
        col = row.features[:, ex._INTERACTION_COLUMN]
        best = sorted((float(col[row.owner == p].max()) for p in set(row.owner.tolist())), reverse=True)
        clear = len(best) < 2 or best[0] - best[1] >= s["interaction_lead"]
    elif lead_kind in ("lead:sixth", "lead:both"):
        mine = np.sort(scores[owner == first])[::-1]
        others = scores[owner != first]
        sixth = mine[min(5, len(mine) - 1)]
        clear = not len(others) or sixth - others.max() >= s["sixth_lead"]
        if lead_kind == "lead:both":
            clear = clear and lead >= s["clear_lead"]
    else:
        clear = lead >= s["clear_lead"]
    caps = {p: int(s["best_lines"]) if n == 0 else ex.LINES_PER_OTHER_BP for n, p in enumerate(ranked)}
    see_also = ex.SEE_ALSO_AFTER_CLEAR_LEAD if clear else ex.MAX_LINES
    mmr_other = s["mmr_other"] if "mmr" in flags else ex.REDUNDANCY_WEIGHT
    delta = s["pair_delta"] if flags & {"pair", "before"} else -math.inf
    chosen = pick(units, owner, scores, caps, see_also, mmr_other, delta, "before" in flags)
    quoted = {x for lines in chosen.values() for parts in lines for x in parts}
    position = next((n for n, p in enumerate(p for p in ranked if chosen[p]) if p == row.expected), -1)
    return Outcome(
        bool(quoted & row.wanted),
        len(quoted & row.wanted) / len(row.wanted),
        row.expected is not None and bool(chosen.get(row.expected)),
        sum(len(parts) for lines in chosen.values() for parts in lines),
        sum(len(lines) for lines in chosen.values()),
        position,
    )


def paragraph_best(units: Any, owner: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """For each unit, the best score of the other units of its practice whose sentences share its paragraph (0 when
    it has none)."""
    out = np.zeros(len(units.units))
    groups: dict[tuple[int, tuple[str, ...] | None], list[int]] = {}
    for n, u in enumerate(units.units):
        groups.setdefault((int(owner[n]), LINE_OF.get(u.parts[-1])), []).append(n)
    for (_, line), members in groups.items():
        if line is None or len(members) < 2:
            continue
        ranked = sorted(members, key=lambda m: -scores[m])
        top, second = float(scores[ranked[0]]), float(scores[ranked[1]])
        for m in members:
            out[m] = max(0.0, second if m == ranked[0] else top)
    return out


def pick(
    units: Any,
    owner: np.ndarray,
    scores: np.ndarray,
    caps: dict[int, int],
    see_also: int,
    mmr_other: float,
    pair_delta: float,
    before: bool = False,
) -> dict[int, list[tuple[str, ...]]]:
    """ex._pick, with a redundancy weight of its own for the other practices and lines of two adjacent sentences."""
    chosen: dict[int, list[tuple[str, ...]]] = {p: [] for p in caps}
    first = next(iter(caps))
    others = owner != first
    weight = np.where(others, mmr_other, ex.REDUNDANCY_WEIGHT)
    redundancy = np.zeros(len(units.units))
    available = np.ones(len(units.units), dtype=bool)
    alone = {u.parts[0]: n for n, u in enumerate(units.units) if len(u.parts) == 1}
    previous = {b: a for a, b in AFTER.items()}

    def take(best: int) -> None:
        nonlocal available
        available &= np.array([not (keys & units.keys[best]) for keys in units.keys])
        if units.vectors is not None:
            similarity = (units.vectors @ units.vectors[units.part_owner == best].T).max(axis=1)
            np.maximum.at(redundancy, units.part_owner, np.maximum(similarity, 0.0).astype(np.float64))

    for _ in range(ex.MAX_LINES):
        value = np.where(available & (redundancy <= ex.NEAR_DUPLICATE), scores - weight * redundancy, -np.inf)
        seen_also = sum(len(lines) for p, lines in chosen.items() if p != first)
        if seen_also >= see_also and np.isfinite(value[~others]).any():
            value[others] = -np.inf
        if not np.isfinite(value).any():
            break
        best = int(np.argmax(value))
        practice = int(owner[best])
        parts = units.units[best].parts
        take(best)
        follower = alone.get(AFTER.get(parts[-1], ""))
        if (
            follower is not None
            and owner[follower] == practice
            and available[follower]
            and redundancy[follower] <= ex.NEAR_DUPLICATE
            and scores[follower] >= scores[best] - pair_delta
        ):
            parts = parts + units.units[follower].parts
            take(follower)
        elif before and len(parts) == 1:
            leader = alone.get(previous.get(parts[0], ""))
            if (
                leader is not None
                and owner[leader] == practice
                and available[leader]
                and redundancy[leader] <= ex.NEAR_DUPLICATE
                and scores[leader] >= scores[best] - pair_delta
            ):
                parts = units.units[leader].parts + parts
                take(leader)
        chosen[practice].append(parts)
        if len(chosen[practice]) >= caps[practice]:
            available &= owner != practice
    return chosen


def evaluate(rows: list[cv.Row], w: np.ndarray, variant: str, s: dict[str, float]) -> list[Outcome]:
    return [outcome(r, w, variant, s) for r in rows]


def summary(out: list[Outcome]) -> tuple[float, float, float, float]:
    n = len(out)
    answered = [o for o in out if o.lines]
    return (
        sum(o.hit for o in out) / n,
        sum(o.recall for o in out) / n,
        sum(o.cited for o in out) / n,
        sum(o.sentences for o in answered) / max(1, len(answered)),
    )


def fit(rows: list[cv.Row], variant: str, budget: float | None) -> tuple[np.ndarray, dict[str, float]]:
    w = ex.weight_vector(cv.pairwise_fit(rows, cv.RANKING))
    s = dict(START)
    limit = None
    if budget is not None:
        limit = summary(evaluate(rows, w, "lead:evidence", s))[3] + budget

    def objective(trial: dict[str, float]) -> tuple[float, float]:
        out = evaluate(rows, w, variant, trial)
        q, _, c, sent = summary(out)
        if limit is not None and sent > limit:
            return (-math.inf, 0.0)
        return (q + c, summary(out)[1])

    best = objective(s)
    for _ in range(2):
        improved = False
        for name in free(variant):
            for value in GRIDS[name]:
                trial = {**s, name: value}
                got = objective(trial)
                if got > best:
                    best, s, improved = got, trial, True
        if not improved:
            break
    return w, s


def report(rows: list[cv.Row], variant: str, fresh_after: int) -> None:
    budget = SENTENCE_BUDGET if parts_of(variant)[1] & {"pair", "before"} else None
    number: Callable[[cv.Row], int] = lambda r: int(r.id.rsplit("-", 1)[1])  # noqa: E731
    w, s = fit(rows, variant, budget)
    q, rc, c, sent = summary(evaluate(rows, w, variant, s))
    shown = {k: v for k, v in s.items() if k in free(variant)}
    print(f"{variant}: fitted on all {len(rows)}: {shown}; quoted {q:.3f} recall {rc:.3f} cited {c:.3f}", end="")
    print(f" sent {sent:.2f}")
    lobo: list[Outcome] = []
    per = []
    for name in sorted({cv.batch(r.id) for r in rows}):
        test = [r for r in rows if cv.batch(r.id) == name]
        wf, sf = fit([r for r in rows if cv.batch(r.id) != name], variant, budget)
        out = evaluate(test, wf, variant, sf)
        lobo += out
        per.append(f"{name} {summary(out)[0]:.3f}/{summary(out)[2]:.3f} {sf.get(free(variant)[-1])}")
    q, rc, c, sent = summary(lobo)
    print(f"  LOBO quoted {q:.3f} recall {rc:.3f} cited {c:.3f} sent {sent:.2f}  [{', '.join(per)}]")
    old = [r for r in rows if number(r) <= fresh_after]
    new = [r for r in rows if number(r) > fresh_after]
    if new:
        wf, sf = fit(old, variant, budget)
        q, rc, c, sent = summary(evaluate(new, wf, variant, sf))
        print(f"  rows > {fresh_after} ({len(new)}) fitted on the earlier: quoted {q:.3f} recall {rc:.3f}", end="")
        print(f" cited {c:.3f} sent {sent:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variants", default="lead:evidence,lead:never,lead:interaction,lead:sixth,mmr,pair")
    parser.add_argument("--fresh-after", type=int, default=440)
    parser.add_argument("--prefix", default="")
    args = parser.parse_args()
    from app.settings import Settings

    kb = load_knowledge_base(Settings(late_interaction=True))
    AFTER.update(neighbours(kb)[0])
    LINE_OF.update(neighbours(kb)[1])
    rows = [r for r in read_ask_rows(ROOT / "eval/ask/dev.jsonl") if r["id"].startswith(args.prefix)]
    prepared = cv.prepare(kb, rows)
    for variant in args.variants.split(","):
        report(prepared, variant, args.fresh_after)


if __name__ == "__main__":
    main()
