"""Screen changes to the extractive composer's practice choice and sentence ranking on the ask dev split (never the
held-out one), with eval/ask_ranking_cv.py's replay: questions are retrieved and featurised once, then each variant is
scored leaving one writer batch out with the sentence weights refitted per fold by the shipped pairwise regression
(line settings as shipped), on the batches the shipped weights were not fitted on (rows after FITTED_ON), and, with
the weights fitted on every dev row, on an unseen set (tests/qa/data/unseen/ask_s12.jsonl by default). Screens
(docs/extractive-answers.md, "Twelfth session"):

- `evidence`: a practice's evidence from its best unit (shipped) or its best plus a share of its next best units;
  shipped weights, nothing refitted;
- `candidates`: every retrieved practice competes (not only those at or above the relevance threshold), four
  practices quoted, a second "see also" line after a clear lead; shipped weights;
- `rarity`: the word-overlap feature with each question word weighted by its rarity to the power p (1 shipped);
- `features`: extra sentence features: question word pairs the sentence contains (`phrase`), the overlap with a
  BM25-like length normalisation (`bm25`), the overlap with rarity counted over the whole lens (`overlap_lens`);
- `positives`: which sentences the regression treats as right: `wanted` or `also` (shipped), `wanted` with `also`
  left out of the negatives, or graded (wanted above also above the rest);
- `lead` (session 14): retrieval's first candidate leads the answer whenever its evidence is within a margin of the
  best practice's (inf: always, as `/v1/search` orders them), retrieval's fused score or relevance weighing more or
  less in the evidence, more lines open to the other practices (2 shipped) with and without the clear-lead rule, and
  8 or 10 retrieved practices as candidates (5 shipped); shipped weights, nothing refitted. The newest writer batch
  is also reported alone (`--batch`, ask-10xx by default);
- `context` (session 15): what a sentence says around its words: the question's words in the sentence's opening
  condition clause ("For recommendation systems: ...", "In scenarios requiring multi-Region deployments, ..."), the
  step title the sentence sits under (word overlap and cosine), and question-independent style (a generic opener
  "By implementing ..." / "You ...", an imperative opener, the sentence's mean lens-wide word rarity); each appended
  to the shipped features and refitted by batch; the newest batch (`--batch`) left out of the fit and scored;
- `practice` (session 15): which candidate practice leads, by a pairwise regression over per-practice evidence (best
  unit score, dense relevance, fused score, retrieval's first, second-best and top-3 mean unit score), refitted
  leaving each writer batch out; and, over retrieval's top 15, how often each single signal puts the expected
  practice first.

`--until N` leaves out dev rows numbered above N (a blind batch not to be read before the end).

    .venv/bin/python eval/ask_screens.py evidence|candidates|rarity|features|positives|lead|context|practice
        [--unseen FILE] [--batch ask-11xx] [--until 1199]
"""

from __future__ import annotations

import argparse
import functools
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import ask_ranking_cv as cv  # noqa: E402

from app.evaluation.ask import read_ask_rows  # noqa: E402
from app.knowledge import KnowledgeBase, load_knowledge_base  # noqa: E402
from app.qa import extractive as ex  # noqa: E402
from app.retrieval.lexical import tokens  # noqa: E402
from app.retrieval.sentences import QUOTED_SECTIONS, split_lines  # noqa: E402
from app.settings import Settings  # noqa: E402

Fit = Callable[[list[cv.Row]], dict[str, float]]
SHIPPED_FIT: Fit = functools.partial(cv.pairwise_fit, names=cv.RANKING)


def late(row: cv.Row) -> bool:
    return int(row.id.rsplit("-", 1)[1]) > cv.FITTED_ON


def report(name: str, dev: list[cv.Row], unseen: list[cv.Row], fit: Fit | None) -> None:
    """One line: leaving a writer batch out (weights refitted per fold by `fit`; None: shipped weights), the later
    batches alone, and the unseen set with `fit` on every dev row (or the shipped weights)."""
    sums, later = np.zeros(5), [0, 0]
    for batch in sorted({cv.batch(r.id) for r in dev}):
        test = [r for r in dev if cv.batch(r.id) == batch]
        weights = fit([r for r in dev if cv.batch(r.id) != batch]) if fit else ex.WEIGHTS
        hits = cv.score(test, weights)[0]
        sums += [hits, *(sum(getattr(r, a) for r in test) for a in ("recall", "cited", "answered", "first_answers"))]
        if late(test[0]):
            later = [later[0] + hits, later[1] + len(test)]
    sums /= len(dev)
    weights = fit(dev) if fit else ex.WEIGHTS
    hits = cv.score(unseen, weights)[0]
    print(
        f"{name:34s} {'by batch' if fit else 'dev'}: wanted %.4f recall %.4f cited %.4f answering %.4f first line %.4f"
        % tuple(sums),
        f"| rows > {cv.FITTED_ON}: {later[0] / max(later[1], 1):.4f} | unseen {hits}/{len(unseen)}"
        f" (cited {cv.cited(unseen):.3f}) |",
        " ".join(f"{k.removeprefix('section:')} {v:.3f}" for k, v in weights.items()),
        flush=True,
    )


@contextmanager
def patched(obj: Any, name: str, value: Any) -> Iterator[None]:
    old = getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield
    finally:
        setattr(obj, name, old)


def evidence_of(share: float, k: int) -> Callable[..., tuple[list[int], float]]:
    """ex.rank_with_lead with a practice's best unit score raised by `share` x (mean of its next k-1 best - best)."""

    def rank_with_lead(scores: Any, owner: Any, relevance: list[float], fused: Any = None) -> tuple[list[int], float]:
        evidence = {}
        for p, r in enumerate(relevance):
            best = np.sort(scores[owner == p])[::-1]
            evidence[p] = (
                ex.RELEVANCE_WEIGHT * r + best[0] + share * (best[1:k].mean() - best[0] if len(best) > 1 else 0)
            )
        ranked = sorted(evidence, key=lambda p: (-evidence[p], p))
        lead = evidence[ranked[0]] - evidence[ranked[1]] if len(ranked) > 1 else math.inf
        return ranked[: ex.MAX_BPS], lead

    return rank_with_lead


def screen_evidence(kb: KnowledgeBase, rows: list[dict[str, Any]], unseen_rows: list[dict[str, Any]]) -> None:
    dev, unseen = cv.prepare(kb, rows), cv.prepare(kb, unseen_rows)
    report("best unit (shipped)", dev, unseen, None)
    for share, k in ((0.25, 2), (0.5, 2), (0.25, 3), (0.5, 3), (0.5, 5)):
        with patched(ex, "rank_with_lead", evidence_of(share, k)):
            report(f"best + {share} x (next {k - 1} - best)", dev, unseen, None)


def retrieval_leads_within(margin: float) -> Callable[..., tuple[list[int], float]]:
    """ex.rank_with_lead, except that retrieval's first candidate (practice 0) leads whenever its evidence is within
    `margin` of the best one's; the lead is then the first practice's evidence over the best of the others."""

    def rank_with_lead(scores: Any, owner: Any, relevance: list[float], fused: Any = None) -> tuple[list[int], float]:
        prior = ex.retrieval_prior(fused) if fused is not None else [0.0] * len(relevance)
        evidence = {
            p: ex.RELEVANCE_WEIGHT * r + prior[p] + float(scores[owner == p].max()) for p, r in enumerate(relevance)
        }
        ranked = sorted(evidence, key=lambda p: (-evidence[p], p))
        if ranked[0] != 0 and evidence[ranked[0]] - evidence[0] <= margin:
            ranked = [0, *(p for p in ranked if p != 0)]
        lead = evidence[ranked[0]] - max((evidence[p] for p in ranked[1:]), default=-math.inf)
        return ranked[: ex.MAX_BPS], lead

    return rank_with_lead


BATCH = "ask-10xx"  # the newest writer batch, reported on its own by `lead`, `context`, `practice` (--batch)


def screen_lead(kb: KnowledgeBase, rows: list[dict[str, Any]], unseen_rows: list[dict[str, Any]]) -> None:
    def both(name: str, dev: list[cv.Row], unseen: list[cv.Row], constants: dict[str, float] | None = None) -> None:
        newest = [r for r in dev if cv.batch(r.id) == BATCH]
        with patched(ex, "WEIGHTS", {**ex.WEIGHTS, **(constants or {})}):  # line settings ride on the weights
            report(name, dev, unseen, None)
            hits = cv.score(newest, ex.WEIGHTS)[0]
        cited, first = cv.cited(newest), cv.first_line(newest)
        print(f"    {BATCH}: wanted {hits}/{len(newest)}, cited {cited:.3f}, first line {first:.3f}")

    dev, unseen = cv.prepare(kb, rows), cv.prepare(kb, unseen_rows)
    both("shipped", dev, unseen)
    for margin in (0.05, 0.1, 0.2, 0.3, 0.5, math.inf):
        with patched(ex, "rank_with_lead", retrieval_leads_within(margin)):
            both(f"retrieval's first leads within {margin}", dev, unseen)
    for weight in (0.3, 0.5, 1.0):
        both(f"retrieval's fused score weighs {weight}", dev, unseen, {"retrieval": weight})
    for weight in (1.0, 3.0):
        both(f"relevance weighs {weight}", dev, unseen, {"relevance": weight})
    for lines in (3, 4, 6):
        with patched(ex, "LINES_PER_OTHER_BP", lines):
            both(f"{lines} lines per other practice", dev, unseen)
            both(f"{lines} lines per other practice, no clear lead", dev, unseen, {"clear_lead": math.inf})
    both("no clear lead", dev, unseen, {"clear_lead": math.inf})
    search = kb.retriever.search
    for k in (8, 10):  # more of retrieval's hits are candidates (at or above the relevance threshold, as shipped)
        with patched(kb.retriever, "search", lambda q, k=5, _k=k, **kw: search(q, k=_k, **kw)):
            both(f"{k} retrieved practices are candidates", cv.prepare(kb, rows), cv.prepare(kb, unseen_rows))


def screen_candidates(kb: KnowledgeBase, rows: list[dict[str, Any]], unseen_rows: list[dict[str, Any]]) -> None:
    dev, unseen = cv.prepare(kb, rows), cv.prepare(kb, unseen_rows)
    every, every_unseen = cv.prepare(kb, rows, every_hit=True), cv.prepare(kb, unseen_rows, every_hit=True)
    report("shipped", dev, unseen, None)
    report("shipped, weights refitted", dev, unseen, SHIPPED_FIT)
    report("every hit competes", every, every_unseen, None)
    report("every hit competes, weights refitted", every, every_unseen, SHIPPED_FIT)
    with patched(ex, "MAX_BPS", 4):
        report("4 practices quoted", dev, unseen, None)
        report("every hit, 4 practices quoted", every, every_unseen, None)
    with patched(ex, "SEE_ALSO_AFTER_CLEAR_LEAD", 2):
        report("2 see-also lines after a clear lead", dev, unseen, None)


def rarity_features(power: float) -> Callable[..., Any]:
    base = ex._Selector.features

    def features(self: Any, units: Any, owner: Any = None, interaction: Any = None) -> Any:
        out = base(self, units, owner, interaction)
        counts = ex._containing(self._words, units.words)
        n = len(units.words)
        rarity = {w: self._weight[w] * max(math.log((n + 1) / (counts[w] + 0.5)), 0.0) ** power for w in self._words}
        total = math.fsum(rarity.values()) or 1.0
        out[:, ex.FEATURES.index("overlap")] = [
            math.fsum([rarity[w] for w in self._words & words]) / total for words in units.words
        ]
        return out

    return features


def screen_rarity(kb: KnowledgeBase, rows: list[dict[str, Any]], unseen_rows: list[dict[str, Any]]) -> None:
    for power in (1.0, 0.5, 1.5, 2.0, 3.0):
        with patched(ex._Selector, "features", rarity_features(power)):
            report(f"rarity ** {power}", cv.prepare(kb, rows), cv.prepare(kb, unseen_rows), SHIPPED_FIT)


EXTRA = ("phrase", "bm25", "overlap_lens")


@functools.cache
def _pairs(parts: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for part in parts:
        words = tokens(part)
        out |= set(zip(words, words[1:], strict=False))
    return frozenset(out)


@functools.cache
def _length(parts: tuple[str, ...]) -> int:
    return sum(len(tokens(part)) for part in parts)


def extra_features(kb: KnowledgeBase) -> Callable[..., Any]:
    """ex._Selector.features with the EXTRA columns filled (ex.FEATURES must end with them)."""
    units = [u for bp in kb.lens.best_practices for u in ex.quotable(bp)]
    df = Counter(w for parts in units for w in ex._unit_words(parts))
    idf = {w: math.log((len(units) + 1) / (c + 0.5)) for w, c in df.items()}
    unseen_idf = math.log((len(units) + 1) / 0.5)
    base = ex._Selector.features

    def features(self: Any, candidates: Any, owner: Any = None, interaction: Any = None) -> Any:
        out = base(self, candidates, owner, interaction)
        first = len(ex.FEATURES) - len(EXTRA)
        question = tokens(self._text)
        pairs = set(zip(question, question[1:], strict=False))
        if pairs:
            out[:, first] = [len(pairs & _pairs(u.parts)) / len(pairs) for u in candidates.units]
        lengths = np.array([_length(u.parts) for u in candidates.units], dtype=float)
        out[:, first + 1] = out[:, ex.FEATURES.index("overlap")] / (0.25 + 0.75 * lengths / max(lengths.mean(), 1.0))
        total = math.fsum(idf.get(w, unseen_idf) for w in self._words) or 1.0
        out[:, first + 2] = [
            math.fsum(idf.get(w, unseen_idf) for w in self._words & words) / total for words in candidates.words
        ]
        return out

    return features


def screen_features(kb: KnowledgeBase, rows: list[dict[str, Any]], unseen_rows: list[dict[str, Any]]) -> None:
    with patched(ex, "FEATURES", (*ex.FEATURES, *EXTRA)), patched(ex._Selector, "features", extra_features(kb)):
        dev, unseen = cv.prepare(kb, rows), cv.prepare(kb, unseen_rows)
        for extra in ((), ("phrase",), ("bm25",), ("overlap_lens",), ("phrase", "bm25")):
            fit = functools.partial(cv.pairwise_fit, names=[*cv.RANKING, *extra])
            report("+".join(extra) or "shipped features", dev, unseen, fit)


def graded_fit(mode: str) -> Fit:
    """The pairwise regression with `also` entering as `mode` says (module docstring)."""
    from sklearn.linear_model import LogisticRegression

    columns = [ex.FEATURES.index(n) for n in cv.RANKING]

    def fit(rows: list[cv.Row]) -> dict[str, float]:
        diffs = []
        for r in rows:
            if r.fixed is not None:
                continue
            wanted = np.array([bool(set(u.parts) & r.wanted) for u in r.units.units])
            right = np.array([bool(set(u.parts) & r.answering) for u in r.units.units])
            if not right.any():
                continue
            own = r.owner == r.owner[right][0]
            feats = r.features[:, columns]
            finite = np.isfinite(feats).all(axis=1)
            levels = {
                "wanted, also left out": [(wanted & own, ~right & own & finite)],
                "graded": [(wanted & own, right & ~wanted & own & finite), (right & own, ~right & own & finite)],
            }[mode]
            for positive, negative in levels:
                diffs += [p - feats[negative] for p in feats[positive] if negative.any()]
        x = np.concatenate(diffs)
        x = np.concatenate([x, -x])
        y = np.r_[np.ones(len(x) // 2), np.zeros(len(x) // 2)]
        coef = LogisticRegression(C=1.0, fit_intercept=False, max_iter=2000).fit(x, y).coef_[0]
        return {n: float(v / coef[0]) for n, v in zip(cv.RANKING, coef, strict=True)}

    return fit


def screen_positives(kb: KnowledgeBase, rows: list[dict[str, Any]], unseen_rows: list[dict[str, Any]]) -> None:
    dev, unseen = cv.prepare(kb, rows), cv.prepare(kb, unseen_rows)
    report("wanted or also (shipped)", dev, unseen, SHIPPED_FIT)
    for mode in ("wanted, also left out", "graded"):
        report(mode, dev, unseen, graded_fit(mode))


# Session 15: a sentence's opening condition clause, the step title it sits under, its style (module docstring).
_OPENER = re.compile(
    r"^(?:(?:for|in|when|if|with|during|before|after|once|where|whenever|unless|to)\b[^,:;.]{3,100}[,:]"
    r"|[A-Z][^,:;.]{2,50}:)",
    re.I,
)
_GENERIC = re.compile(r"^(?:by \w+ing\b|your?\b|this (?:practice|approach)\b)", re.I)
_IMPERATIVE = re.compile(
    r"^(?:use|configure|set|implement|define|create|establish|identify|determine|begin|start|evaluate|consider|"
    r"deploy|enable|track|monitor|review|document|select|choose|build|apply|analyze|assess|integrate|maintain|run|"
    r"store|leverage|utilize|add|adjust|compare|design|develop|schedule|verify|check|plan|make|measure|perform|"
    r"calculate|record|provide|specify|follow|collect|automate|encrypt|restrict|look)\b",
    re.I,
)
CONTEXT = ("opener", "title_overlap", "title_meaning", "generic", "imperative", "specific")


@functools.cache
def _opener_words(parts: tuple[str, ...]) -> frozenset[str]:
    match = _OPENER.match(parts[-1])
    return frozenset(tokens(match.group(0))) if match else frozenset()


def context_features(kb: KnowledgeBase) -> Callable[..., Any]:
    """ex._Selector.features with the CONTEXT columns filled (ex.FEATURES must end with them)."""
    titles: dict[tuple[str, ...], str] = {}
    for bp in kb.lens.best_practices:
        lines = [line for s in QUOTED_SECTIONS for line in split_lines(bp.section_text(s))]
        heads = {n: line[0] for n, line in enumerate(lines) if len(line) > 1 and len(line[0].split()) < ex.MIN_WORDS}
        titles |= {u.parts: heads[u.line] for u in ex._practice_units(bp) if u.line in heads}
    texts = sorted(set(titles.values()))
    vectors = dict(zip(texts, kb.reference_embedder.embed(texts), strict=True))
    units = [u for bp in kb.lens.best_practices for u in ex.quotable(bp)]
    df = Counter(w for parts in units for w in ex._unit_words(parts))
    idf = {w: math.log((len(units) + 1) / (c + 0.5)) for w, c in df.items()}

    @functools.cache
    def style(parts: tuple[str, ...]) -> tuple[float, float, float]:
        words = tokens(parts[-1])
        specific = sum(idf.get(w, 0.0) for w in words) / max(len(words), 1) / 5.0
        return float(bool(_GENERIC.match(parts[-1]))), float(bool(_IMPERATIVE.match(parts[-1]))), specific

    base = ex._Selector.features

    def features(self: Any, candidates: Any, owner: Any = None, interaction: Any = None) -> Any:
        out = base(self, candidates, owner, interaction)
        first = len(ex.FEATURES) - len(CONTEXT)
        counts = ex._containing(self._words, candidates.words)
        n = len(candidates.words)
        rarity = {
            w: self._weight[w] * math.log((n + 1) / (counts[w] + 0.5))
            for w in self._words
            if counts[w] or w in self._asked
        }
        total = math.fsum(rarity.values()) or 1.0
        for i, unit in enumerate(candidates.units):
            out[i, first] = math.fsum(rarity[w] for w in rarity.keys() & _opener_words(unit.parts)) / total
            title = titles.get(unit.parts)
            if title is not None:
                out[i, first + 1] = math.fsum(rarity[w] for w in rarity.keys() & set(tokens(title))) / total
                if self._question is not None:
                    out[i, first + 2] = float(vectors[title] @ self._question)
            out[i, first + 3 :] = style(unit.parts)
        return out

    return features


def screen_context(kb: KnowledgeBase, rows: list[dict[str, Any]], unseen_rows: list[dict[str, Any]]) -> None:
    with patched(ex, "FEATURES", (*ex.FEATURES, *CONTEXT)), patched(ex._Selector, "features", context_features(kb)):
        dev, unseen = cv.prepare(kb, rows), cv.prepare(kb, unseen_rows)
        newest = [r for r in dev if cv.batch(r.id) == BATCH]
        older = [r for r in dev if cv.batch(r.id) != BATCH]
        for extra in (
            (),
            ("opener",),
            ("title_overlap",),
            ("title_meaning",),
            ("generic",),
            ("imperative",),
            ("specific",),
            CONTEXT,
        ):
            fit = functools.partial(cv.pairwise_fit, names=[*cv.RANKING, *extra])
            report("+".join(extra) or "shipped features, refitted", dev, unseen, fit)
            print(f"    {BATCH} left out of the fit: {cv.score(newest, fit(older))[0]}/{len(newest)}", flush=True)


PRACTICE = ("best", "relevance", "fused", "first", "second", "top3")


def practice_evidence(scores: Any, owner: Any, relevance: list[float], fused: list[float]) -> Any:
    """One row per candidate practice, one column per name in PRACTICE."""
    top = max(fused) if fused and max(fused) > 0 else 1.0
    out = []
    for p, r in enumerate(relevance):
        s = np.sort(scores[owner == p])[::-1]
        out.append([s[0], r, fused[p] / top if fused else 0.0, float(p == 0), s[min(1, len(s) - 1)], s[:3].mean()])
    return np.array(out)


def fit_practice(rows: list[cv.Row], names: tuple[str, ...]) -> dict[str, float]:
    """Pairwise logistic regression: the expected practice's evidence above every other candidate's (scaled so that
    the best unit score weighs 1, as in ex.rank_with_lead)."""
    from sklearn.linear_model import LogisticRegression

    columns = [PRACTICE.index(n) for n in names]
    w = ex.weight_vector(ex.WEIGHTS)
    diffs = []
    for r in rows:
        if r.fixed is None and r.expected is not None and len(r.relevance) > 1:
            f = practice_evidence(r.features @ w, r.owner, r.relevance, r.fused)[:, columns]
            diffs += [f[r.expected] - f[p] for p in range(len(f)) if p != r.expected]
    x = np.array(diffs)
    x = np.concatenate([x, -x])
    y = np.r_[np.ones(len(x) // 2), np.zeros(len(x) // 2)]
    coef = LogisticRegression(C=1.0, fit_intercept=False, max_iter=2000).fit(x, y).coef_[0]
    return {n: float(v / coef[0]) for n, v in zip(names, coef, strict=True)}


def practice_ranker(weights: dict[str, float]) -> Callable[..., tuple[list[int], float]]:
    vector = np.array([weights.get(n, 0.0) for n in PRACTICE])

    def rank_with_lead(scores: Any, owner: Any, relevance: list[float], fused: Any = None) -> tuple[list[int], float]:
        evidence = practice_evidence(scores, owner, relevance, fused or [0.0] * len(relevance)) @ vector
        ranked = sorted(range(len(evidence)), key=lambda p: (-evidence[p], p))
        lead = evidence[ranked[0]] - evidence[ranked[1]] if len(ranked) > 1 else math.inf
        return ranked[: ex.MAX_BPS], lead

    return rank_with_lead


def screen_practice(kb: KnowledgeBase, rows: list[dict[str, Any]], unseen_rows: list[dict[str, Any]]) -> None:
    dev, unseen = cv.prepare(kb, rows), cv.prepare(kb, unseen_rows)

    def by_batch(name: str, make: Callable[[list[cv.Row]], Any]) -> None:
        hits, cited, newest = 0, 0, 0
        for batch in sorted({cv.batch(r.id) for r in dev}):
            test = [r for r in dev if cv.batch(r.id) == batch]
            with patched(ex, "rank_with_lead", make([r for r in dev if cv.batch(r.id) != batch])):
                batch_hits = cv.score(test, ex.WEIGHTS)[0]
            hits, cited = hits + batch_hits, cited + sum(r.cited for r in test)
            newest += batch_hits if batch == BATCH else 0
        with patched(ex, "rank_with_lead", make(dev)):
            unseen_hits, unseen_cited = cv.score(unseen, ex.WEIGHTS)[0], cv.cited(unseen)
        print(
            f"{name:44s} by batch: wanted {hits}/{len(dev)}, cited {cited} | {BATCH} {newest}"
            f" | unseen {unseen_hits}/{len(unseen)} (cited {unseen_cited:.3f})",
            flush=True,
        )

    by_batch("shipped evidence (2 x relevance + best unit)", lambda _: ex.rank_with_lead)
    for names in (
        ("best", "relevance"),
        ("best", "relevance", "fused"),
        ("best", "relevance", "first"),
        ("best", "relevance", "second"),
        ("best", "relevance", "top3"),
        PRACTICE,
    ):
        by_batch("fitted: " + " + ".join(names), lambda train, n=names: practice_ranker(fit_practice(train, n)))
    search = kb.retriever.search
    with patched(kb.retriever, "search", lambda q, k=5, **kw: search(q, k=15, **kw)):
        wide = cv.prepare(kb, rows, every_hit=True)
    w = ex.weight_vector(ex.WEIGHTS)
    first = Counter()
    for r in wide:
        if r.fixed is not None or r.expected is None:
            continue
        scores = r.features @ w
        signals = {
            "retrieval's order": -np.arange(len(r.relevance), dtype=float),
            "2 x relevance + best unit": 2 * np.array(r.relevance)
            + np.array([scores[r.owner == p].max() for p in range(len(r.relevance))]),
            "best unit score": np.array([scores[r.owner == p].max() for p in range(len(r.relevance))]),
            "best sentence cosine": np.array([r.features[r.owner == p, 0].max() for p in range(len(r.relevance))]),
        }
        first.update(name for name, v in signals.items() if int(np.argmax(v)) == r.expected)
        first["rows"] += 1
    print("retrieval's top 15, every hit: expected practice first by", dict(first))


SCREENS = {
    "evidence": screen_evidence,
    "candidates": screen_candidates,
    "rarity": screen_rarity,
    "features": screen_features,
    "positives": screen_positives,
    "lead": screen_lead,
    "context": screen_context,
    "practice": screen_practice,
}


def main() -> None:
    global BATCH
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("screen", choices=list(SCREENS))
    parser.add_argument("--unseen", type=Path, default=ROOT / "tests/qa/data/unseen/ask_s12.jsonl")
    parser.add_argument("--batch", default=BATCH, help="the writer batch `lead`, `context`, `practice` report alone")
    parser.add_argument("--until", type=int, default=None, help="leave out dev rows numbered above this (blind rows)")
    args = parser.parse_args()
    BATCH = args.batch
    kb = load_knowledge_base(Settings(late_interaction=True))  # the shipped weights weigh late interaction
    rows = read_ask_rows(ROOT / "eval/ask/dev.jsonl")
    if args.until is not None:
        rows = [r for r in rows if int(r["id"].rsplit("-", 1)[1]) <= args.until]
    SCREENS[args.screen](kb, rows, read_ask_rows(args.unseen))


if __name__ == "__main__":
    main()
