"""Where the wanted sentence falls against the extractive composer's line cut, and candidate judges of "this line
answers the question" inside the right practice (ask dev split only; never the held-out one).

    .venv/bin/python eval/ask_line_cut.py cut [--prefix ask-7]     # the instrument
    .venv/bin/python eval/ask_line_cut.py judge                    # extra line features, leave-one-batch-out

`cut`: for every answered dev row whose expected practice is quoted, the rank of its best wanted unit in the order the
shipped composer would pick that practice's units (pooled scores, maximal marginal relevance, no cap), against the
number of lines the practice got; then "quoted if the first practice gave k lines" for k = 1..8 end to end (the first
practice's cap k, the whole answer k + 1 lines, everything else as shipped), with the words and sentences an answer
then quotes.

`judge`: each extra feature (below) appended to the shipped ones and weighed by the same pairwise regression, judged
(a) inside the expected practice, the share of rows whose wanted unit is among the practice's 6 best, and (b) end to
end, wanted quoted, each leaving one writer batch out (the line settings kept as shipped, the sentence weights refitted
per fold); rows whose id starts with --check (default ask-7, the blind batch scored first on 2026-12-01 afternoon)
are left out of that and scored afterwards with weights fitted on every other row. `--lines-only`: the extra feature
picks lines but practices are still ranked by the shipped features; `--hard N`: the regression's negatives are only
the practice's N best other units. Features (`extra_features`): the first implementation step, the desired outcome,
a named AWS service (in steps or guidance), the share of the question's word pieces matched at a cosine of 0.5 / 0.6 /
0.7 and the worst-matched piece (late interaction per piece), the match of the question's rarer half of pieces, the
rarest question word present, position on the page, question kind (how / mistakes / why) x section, and how generic
the unit is (cosine with its practice's mean unit, with the mean candidate); since session 14 what the question asks
for times the role the sentence plays (`FOCUS_ROLES`: who x names a role, how often x names a frequency, which metric
x names a metric, what first x opens on Begin/Start/First, a judgement of what we do x anti-pattern) and the overlap
with the words of the question's asking sentence alone (`overlap_ask`). Measured and none kept:
docs/extractive-answers.md, "2026-12-01 (afternoon)" and "Session 14". Prepared rows are cached (retrieval and
features take minutes on a loaded machine) in the temp dir under a name hashed from the dev rows, the composer and the
index manifest.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import pickle
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import ask_ranking_cv as cv  # noqa: E402

from app.evaluation.ask import read_ask_rows  # noqa: E402
from app.lens.models import Section  # noqa: E402
from app.qa import extractive as ex  # noqa: E402
from app.retrieval.lexical import tokens  # noqa: E402
from app.retrieval.sentence_tokens import _content  # noqa: E402

TOP = 6  # the shipped first practice's line cap
GENERIC: np.ndarray | None = None  # the mean direction of the candidate sentences (set by run_judge)
LINES_ONLY = False  # extra features pick lines only; practices ranked by the shipped features (refitted alone)
BALANCE = False  # pairwise fit: every pair weighs the same (False), or every writer batch
HARD = 0  # pairwise negatives: every other unit of the practice (0), or only its HARD best by the shipped score
TAUS = (0.5, 0.6, 0.7)  # word-piece cosines from which a question piece counts as answered (coverage features)


class CachedScorer:
    """The question's late-interaction scores of every candidate sentence, kept so that rows can be pickled and the
    replay needs no model (a sentence's score does not depend on the other sentences scored with it)."""

    interacts = True

    def __init__(self, name: str, scores: dict[str, float]) -> None:
        self.name = name
        self.scores = scores

    def interaction_scores(self, question: str, texts: list[str]) -> np.ndarray:
        return np.array([self.scores[t] for t in texts])


def piece_best(kb: Any, question: str, texts: list[str]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The question's content pieces' idf weights, and for each text each piece's best cosine with the text's pieces."""
    store = kb.reference_embedder._tokens
    pieces, states = kb.reference_embedder.token_vectors(question)
    keep = _content(pieces)
    query = store._project(states, keep)
    weights = np.array([store.idf.get(p, store.unseen_idf) for p, k in zip(pieces, keep, strict=True) if k])
    weights /= weights.sum()
    out = {}
    for text in texts:
        row = store.rows.get(text)
        if row is None:
            continue
        own = store.vectors[store.offsets[row] : store.offsets[row + 1]].astype(np.float32) / 127.0
        out[text] = (query @ own.T).max(axis=1)
    return weights, out


def default_cache() -> Path:
    """A cache file named by what the prepared rows depend on: the dev rows, the composer, retrieval's index."""
    inputs = [ROOT / "eval/ask/dev.jsonl", ROOT / "app/qa/extractive.py", ROOT / "index/manifest.json"]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in inputs)).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"ask_line_cut-{digest}.pkl"


def prepare(cache: Path) -> list[cv.Row]:
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    from app.knowledge import load_knowledge_base
    from app.settings import Settings

    kb = load_knowledge_base(Settings(late_interaction=True))
    rows = read_ask_rows(ROOT / "eval/ask/dev.jsonl")
    prepared = cv.prepare(kb, rows)
    questions = {r["id"]: r["question"] for r in rows}
    for r in prepared:
        if r.fixed is not None:
            continue
        texts = sorted({p for u in r.units.units for p in u.parts})
        scores = kb.reference_embedder.interaction_scores(questions[r.id], texts)
        r.selector._embedder = CachedScorer(kb.reference_embedder.name, dict(zip(texts, scores.tolist(), strict=True)))
        r.piece_weights, r.piece_best = piece_best(kb, questions[r.id], texts)
        r.sub = {}
    cache.write_bytes(pickle.dumps(prepared))
    return prepared


# --- the instrument -------------------------------------------------------------------------------------------------


def replay(
    r: cv.Row,
    w: np.ndarray,
    extra: np.ndarray | None = None,
    ew: np.ndarray | None = None,
    rank_w: np.ndarray | None = None,
) -> Any:
    """Row.outcome's steps, returning what it computed (ranked practices, lead, the subset's units, owner, scores).
    With `rank_w`, practices are ranked by the shipped features with those weights (the extra ones pick lines only)."""
    if rank_w is not None:
        base = r.features @ rank_w
    else:
        base = r.features @ w + (extra @ ew if extra is not None else 0.0)
    ranked, lead = ex.rank_with_lead(base, r.owner, r.relevance, r.fused)
    key = frozenset(ranked)
    if key not in r.sub:
        keep = np.flatnonzero(np.isin(r.owner, ranked))
        units = r.units.subset(keep)
        r.sub[key] = (units, r.owner[keep], r.selector.features(units), keep)
    units, owner, feats, keep = r.sub[key]
    scores = feats @ w + (extra[keep] @ ew if extra is not None else 0.0)
    return ranked, lead, units, owner, scores


def pick_order(units: Any, owner: np.ndarray, scores: np.ndarray, practice: int) -> list[int]:
    """The order in which the composer would pick `practice`'s units with no cap (pooled scores, MMR)."""
    pooled = scores + ex.PARAGRAPH_WEIGHT * ex._paragraph_best(units, owner, scores)
    saved = ex.MAX_LINES
    ex.MAX_LINES = int((owner == practice).sum())
    try:
        chosen = ex._pick(units, owner, np.where(owner == practice, pooled, -np.inf), {practice: 10_000}, 0)
    finally:
        ex.MAX_LINES = saved
    index = {u.parts: n for n, u in enumerate(units.units)}
    return [index[s.parts] for s in chosen[practice]]


def run_cut(rows: list[cv.Row], prefix: str) -> None:
    rows = [r for r in rows if r.id.startswith(prefix)]
    w = ex.weight_vector(ex.WEIGHTS)
    ranks: dict[str, list[float]] = {"first": [], "other": []}
    raw: dict[str, list[float]] = {"first": [], "other": []}  # the rank by score alone, before pooling and MMR
    got: dict[str, list[int]] = {"first": [], "other": []}
    missing = cited_rows = 0
    for r in rows:
        if r.fixed is not None or r.expected is None:
            continue
        ranked, lead, units, owner, scores = replay(r, w)
        if r.expected not in ranked:
            continue
        chosen = ex.pick_lines(units, owner, scores, ranked, lead)
        if not chosen.get(r.expected):
            continue
        cited_rows += 1
        wanted = [n for n, u in enumerate(units.units) if set(u.parts) & r.wanted and owner[n] == r.expected]
        where = "first" if ranked[0] == r.expected else "other"
        got[where].append(len(chosen[r.expected]))
        if not wanted:
            missing += 1
            ranks[where].append(math.inf)
            raw[where].append(math.inf)
            continue
        inside = owner == r.expected
        raw[where].append(float((scores[inside] > scores[wanted].max()).sum() + 1))
        order = pick_order(units, owner, scores, r.expected)
        ranks[where].append(
            min(order.index(n) for n in wanted if n in order) + 1 if set(order) & set(wanted) else math.inf
        )
    print(
        f"{len(rows)} rows; {cited_rows} answered with the expected practice quoted"
        f" ({missing} whose wanted sentence is not a unit)"
    )
    for where, values in ranks.items():
        if not values:
            continue
        a = np.array(values)
        lines = np.array(got[where])
        print(
            f"expected practice {'first' if where == 'first' else 'second/third'}: {len(a)} rows, lines given mean"
            f" {lines.mean():.2f}; wanted unit's pick rank: within the lines given {np.mean(a <= lines):.3f};"
            f" median {np.median(a):.0f}"
        )
        print("   rank <= k, k = 1..12:", " ".join(f"{np.mean(a <= k):.3f}" for k in range(1, 13)))
        beyond = a[(a > lines)]
        below = int((np.array(raw[where])[a > lines] > lines[a > lines]).sum())
        print(f"   {len(beyond)} misses; by score alone (before pooling and MMR) {below} already rank below the cut")
        print(
            "   misses by rank:",
            dict(sorted((int(v) if math.isfinite(v) else -1, int((beyond == v).sum())) for v in set(beyond.tolist()))),
        )
    print("\nend to end, the first practice's cap k and k + 1 lines in all (k = 6 with 7 is shipped):")
    print("k  quoted  cited  lines  sentences  words (per answered row)")
    saved = (ex.LINES_FOR_BEST_BP, ex.MAX_LINES)
    try:
        for k in (1, 2, 3, 4, 5, 6, 7, 8):
            ex.LINES_FOR_BEST_BP, ex.MAX_LINES = k, k + 1
            hit = cite = 0
            n_lines, n_sent, n_words, answered = [], [], [], 0
            for r in rows:
                if r.fixed is not None:
                    hit += r.fixed
                    cite += r.cited
                    continue
                ranked, lead, units, owner, scores = replay(r, w)
                chosen = ex.pick_lines(units, owner, scores, ranked, lead)
                quoted = [u for p in chosen.values() for u in p]
                parts = {s for u in quoted for s in u.parts}
                hit += bool(parts & r.wanted)
                cite += r.expected is not None and bool(chosen.get(r.expected))
                answered += 1
                n_lines.append(len(quoted))
                n_sent.append(sum(len(u.parts) for u in quoted))
                n_words.append(sum(len(u.text.split()) for u in quoted))
            print(
                f"{k}  {hit / len(rows):.3f}   {cite / len(rows):.3f}  {np.mean(n_lines):.2f}   {np.mean(n_sent):.2f}"
                f"       {np.mean(n_words):.0f}"
            )
    finally:
        ex.LINES_FOR_BEST_BP, ex.MAX_LINES = saved


# --- extra line features --------------------------------------------------------------------------------------------

_SERVICE = re.compile(r"\b(?:Amazon|AWS) [A-Z]")


def extra_features(r: cv.Row) -> dict[str, np.ndarray]:
    """Per unit of `r` (all candidate practices): the candidate features, by name."""
    units = r.units.units
    n = len(units)
    out: dict[str, np.ndarray] = {}
    first_step_line: dict[int, int] = {}
    for m, u in enumerate(units):
        if u.section is Section.STEPS:
            p = int(r.owner[m])
            first_step_line[p] = min(first_step_line.get(p, 10**9), u.line)
    out["first_step"] = np.array(
        [
            float(u.section is Section.STEPS and u.line == first_step_line.get(int(r.owner[m])))
            for m, u in enumerate(units)
        ]
    )
    out["outcome"] = np.array([float(u.section is Section.DESIRED_OUTCOME) for u in units])
    out["service"] = np.array([float(bool(_SERVICE.search(u.text))) for u in units])
    out["service_step"] = out["service"] * np.array(
        [float(u.section in (Section.STEPS, Section.GUIDANCE)) for u in units]
    )
    weights, best = r.piece_weights, r.piece_best
    for tau in TAUS:
        out[f"cover{tau}"] = np.array(
            [max((float(weights @ (best[p] >= tau)) for p in u.parts if p in best), default=0.0) for u in units]
        )
    out["min_piece"] = np.array([max((float(best[p].min()) for p in u.parts if p in best), default=0.0) for u in units])
    # the question's rarest content pieces (idf weight above the median) best matched
    rare = weights >= np.median(weights)
    out["rare_pieces"] = np.array(
        [
            max((float(weights[rare] @ best[p][rare] / weights[rare].sum()) for p in u.parts if p in best), default=0.0)
            for u in units
        ]
    )
    # rare question words the sentence has, counted (not as a share of the question's words)
    words = r.selector._words
    counts = cv.Counter(w for u in units for w in (words & u.words))
    rarity = {w: math.log((n + 1) / (counts[w] + 0.5)) for w in words}
    top = max(rarity.values(), default=1.0) or 1.0
    out["rarest_word"] = np.array([max((rarity[w] for w in words & u.words), default=0.0) / top for u in units])
    # position within the practice's page of the unit's paragraph (0 first .. 1 last)
    lines = np.array([u.line for u in units], dtype=float)
    pos = np.zeros(n)
    for p in set(r.owner.tolist()):
        m = r.owner == p
        lo, hi = lines[m].min(), lines[m].max()
        pos[m] = (lines[m] - lo) / max(hi - lo, 1)
    out["position"] = pos
    # how generic the unit is: cosine with its practice's mean unit, and with the mean of every candidate (GENERIC)
    vec = r.units.vectors
    unit_vec = np.zeros((n, vec.shape[1]), dtype=np.float64)
    np.add.at(unit_vec, r.units.part_owner, vec)
    unit_vec /= np.maximum(np.linalg.norm(unit_vec, axis=1, keepdims=True), 1e-9)
    central = np.zeros(n)
    for p in set(r.owner.tolist()):
        m = r.owner == p
        mean = unit_vec[m].mean(axis=0)
        central[m] = unit_vec[m] @ (mean / np.linalg.norm(mean))
    out["central"] = central
    if GENERIC is not None:
        out["generic"] = unit_vec @ GENERIC
    # what kind of question it is, times the unit's section
    q = r.selector._text.lower()
    kinds = {
        "how": bool(
            re.search(
                r"\bhow (?:do|should|can|to|would|could)\b|\bsteps?\b|\bstart\b|\bset (?:it )?up\b|\bimplement", q
            )
        ),
        "mistake": bool(re.search(r"\bmistakes?\b|\bpitfalls?\b|\bavoid\b|\bwrong\b|\banti-?patterns?\b", q)),
        "why": bool(re.search(r"\bwhy\b|\bworth\b|\bbenefits?\b|\bpoint of\b", q)),
    }
    sec = {"how": Section.STEPS, "mistake": Section.ANTI_PATTERNS, "why": Section.INTRO}
    for kind, hit in kinds.items():
        out[f"{kind}_x_section"] = np.array([float(hit and u.section is sec[kind]) for u in units])
    # session 14: what the question asks for (who, how often, which metric, what first, a judgement of what we do)
    # times a role the sentence plays (names a role, a frequency, a metric; opens a first step; an anti-pattern)
    for name, (asks, says) in FOCUS_ROLES.items():
        hit = bool(asks.search(q))
        out[name] = np.array([float(hit and bool(says(u))) for u in units])
    # the words of the question's asking sentence(s) alone (the one with "?", else the last), rarity as `overlap`
    asked = set(tokens(asking_sentence(r.selector._text))) & words
    counts = cv.Counter(w for u in units for w in (asked & u.words))
    rarity = {w: math.log((n + 1) / (counts[w] + 0.5)) for w in asked}
    total = math.fsum(rarity.values()) or 1.0
    out["overlap_ask"] = np.array([math.fsum(rarity[w] for w in asked & u.words) / total for u in units])
    return out


def asking_sentence(question: str) -> str:
    """The sentence(s) of `question` that ask (those with a question mark, else the last): a story before it is left
    out. A one-sentence question is returned whole."""
    parts = [p for p in re.split(r"(?<=[.?!])\s+", question.strip()) if p]
    if len(parts) <= 1:
        return question
    asked = [p for p in parts if "?" in p]
    return " ".join(asked) if asked else parts[-1]


def _says(pattern: str) -> Callable[[Any], bool]:
    compiled = re.compile(pattern, re.I)
    return lambda u: bool(compiled.search(u.text))


FOCUS_ROLES: dict[str, tuple[re.Pattern[str], Callable[[Any], bool]]] = {
    "who_x_role": (
        re.compile(r"\bwho\b|\bwhich (?:team|role|people)\b"),
        _says(
            r"\b(?:engineers?|scientists?|teams?|stakeholders?|owners?|managers?|responsib\w*|administrators?"
            r"|reviewers?|experts?|roles?|personas?|analysts?|specialists?)\b"
        ),
    ),
    "often_x_frequency": (
        re.compile(r"\bhow often\b|\bwhen\b|\bfrequen|\bcadence\b|\bhow regularly\b"),
        _says(
            r"\b(?:regular(?:ly)?|periodic(?:ally)?|frequen\w*|intervals?|schedul\w*|daily|weekly|monthly|cadence"
            r"|continuous(?:ly)?|often|cycles?)\b"
        ),
    ),
    "metric_x_metric": (
        re.compile(r"\bmetrics?\b|\bmeasure\b|\bkpis?\b|\bwhat (?:should|do) we (?:track|watch|measure)\b"),
        _says(r"\b(?:metrics?|KPIs?|measur\w*|thresholds?|accuracy|precision|recall|latency|indicators?)\b"),
    ),
    "first_x_begin": (re.compile(r"\bfirst\b|\bstart\b|\bbegin\b|\bbefore\b"), _says(r"^(?:Begin|Start|First)\b")),
    "judgement_x_anti_pattern": (
        re.compile(
            r"\b(?:is|are|was) (?:that|this|it|we|they|ours?)\b[^?]*\?|\btoo (?:much|many|often|big|long)\b"
            r"|\bok(?:ay)?\b|\ba problem\b|\bright (?:way|approach|target)\b|\benough\b|\bfine\b"
            r"|\bbad (?:idea|practice)\b"
        ),
        lambda u: u.section is Section.ANTI_PATTERNS,
    ),
}


def within_practice(
    rows: list[cv.Row], w_of: Callable[[list[cv.Row]], tuple[np.ndarray, np.ndarray]], names: list[str]
) -> float:
    """Leave one batch out: share of rows whose best wanted unit is among the expected practice's TOP best."""
    hits = total = 0
    for batch in sorted({cv.batch(r.id) for r in rows}):
        train = [r for r in rows if cv.batch(r.id) != batch]
        w, ew = w_of(train)
        for r in rows:
            if cv.batch(r.id) != batch or r.fixed is not None:
                continue
            mask = np.array([bool(set(u.parts) & r.wanted) for u in r.units.units])
            if not mask.any():
                continue
            p = r.owner[mask][0]
            s = r.features @ w + (np.column_stack([r.extra[k] for k in names]) @ ew if names else 0.0)
            inside = r.owner == p
            best = s[mask & inside].max()
            hits += int((s[inside] > best).sum() < TOP)
            total += 1
    return hits / total


def pairwise(rows: list[cv.Row], names: list[str], c: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """cv.pairwise_fit with extra columns: the shipped features' weights and the extra features' weights."""
    from sklearn.linear_model import LogisticRegression

    base = [ex.FEATURES.index(n) for n in cv.RANKING]
    diffs, groups = [], []
    for r in rows:
        if r.fixed is not None:
            continue
        mask = np.array([bool(set(u.parts) & r.wanted) for u in r.units.units])
        if not mask.any():
            continue
        p = r.owner[mask][0]
        x = r.features[:, base]
        if names:
            x = np.column_stack([x, *[r.extra[k] for k in names]])
        pos = x[mask & (r.owner == p)]
        neg_mask = ~mask & (r.owner == p)
        if HARD:  # only the practice's HARD best other units by the shipped score: the ones the wanted must beat
            shipped = r.features @ ex.weight_vector(ex.WEIGHTS)
            order = np.flatnonzero(neg_mask)[np.argsort(-shipped[neg_mask])]
            neg_mask = np.zeros_like(neg_mask)
            neg_mask[order[:HARD]] = True
        neg = x[neg_mask]
        neg = neg[np.isfinite(neg).all(axis=1)]
        diffs += [q - neg for q in pos]
        groups += [cv.batch(r.id)] * sum(len(neg) for _ in pos)
    d = np.concatenate(diffs)
    d = np.concatenate([d, -d])
    y = np.r_[np.ones(len(d) // 2), np.zeros(len(d) // 2)]
    weight = None
    if BALANCE:  # every writer batch weighs the same in the fit, whatever its number of pairs
        sizes = cv.Counter(groups)
        weight = np.array([1.0 / sizes[g] for g in groups])
        weight = np.r_[weight, weight] * (2 * len(groups) / (2 * weight.sum()))
    coef = LogisticRegression(C=c, fit_intercept=False, max_iter=2000).fit(d, y, sample_weight=weight).coef_[0]
    coef = coef / coef[0]
    w = np.zeros(len(ex.FEATURES))
    w[base] = coef[: len(base)]
    return w, coef[len(base) :]


def end_to_end(rows: list[cv.Row], names: list[str]) -> tuple[float, float, float]:
    """Leave one batch out, line settings as shipped: wanted quoted, recall, cited."""
    hit = rec = cite = 0.0
    for batch in sorted({cv.batch(r.id) for r in rows}):
        train = [r for r in rows if cv.batch(r.id) != batch]
        w, ew = pairwise(train, names)
        rank_w = pairwise(train, [])[0] if LINES_ONLY else None
        for r in rows:
            if cv.batch(r.id) != batch:
                continue
            if r.fixed is not None:
                hit += r.fixed
                rec += r.recall
                cite += r.cited
                continue
            extra = np.column_stack([r.extra[k] for k in names]) if names else None
            ranked, lead, units, owner, scores = replay(r, w, extra, ew if names else None, rank_w)
            chosen = ex.pick_lines(units, owner, scores, ranked, lead)
            quoted = {s for p in chosen.values() for u in p for s in u.parts}
            hit += bool(quoted & r.wanted)
            rec += len(quoted & r.wanted) / len(r.wanted)
            cite += r.expected is not None and bool(chosen.get(r.expected))
    n = len(rows)
    return hit / n, rec / n, cite / n


def run_judge(rows: list[cv.Row], only: list[str] | None, check: str) -> None:
    global GENERIC
    everything = np.concatenate([r.units.vectors for r in rows if r.fixed is None]).astype(np.float64)
    GENERIC = everything.mean(axis=0) / np.linalg.norm(everything.mean(axis=0))
    for r in rows:
        if r.fixed is None:
            r.extra = extra_features(r)
    later = [r for r in rows if check and r.id.startswith(check)]
    rows = [r for r in rows if not (check and r.id.startswith(check))]
    names = only or list(next(r.extra for r in rows if r.fixed is None))
    base_in = within_practice(rows, lambda t: (pairwise(t, [])[0], np.zeros(0)), [])
    base_e2e = end_to_end(rows, [])
    print(
        f"shipped features: within practice top-{TOP} {base_in:.3f}; end to end quoted/recall/cited"
        f" {base_e2e[0]:.3f} / {base_e2e[1]:.3f} / {base_e2e[2]:.3f}"
    )
    for name in names:
        inside = within_practice(rows, lambda t, n=name: pairwise(t, [n]), [name])
        e2e = end_to_end(rows, [name])
        w, ew = pairwise(rows, [name])
        print(
            f"+ {name:12s} weight {ew[0]:+.3f}: within {inside:.3f} ({inside - base_in:+.3f}); end to end"
            f" {e2e[0]:.3f} / {e2e[1]:.3f} / {e2e[2]:.3f} ({e2e[0] - base_e2e[0]:+.3f})",
            flush=True,
        )
        if later:
            print(
                f"    {check}* fitted on the others: {checked(rows, later, [name])},"
                f" shipped features {checked(rows, later, [])}"
            )


def checked(train: list[cv.Row], test: list[cv.Row], names: list[str]) -> str:
    """Wanted quoted on `test` with the sentence weights fitted on `train` (line settings as shipped)."""
    w, ew = pairwise(train, names)
    rank_w = pairwise(train, [])[0] if LINES_ONLY else None
    hit = 0
    for r in test:
        if r.fixed is not None:
            hit += r.fixed
            continue
        extra = np.column_stack([r.extra[k] for k in names]) if names else None
        ranked, lead, units, owner, scores = replay(r, w, extra, ew if names else None, rank_w)
        chosen = ex.pick_lines(units, owner, scores, ranked, lead)
        hit += bool({s for p in chosen.values() for u in p for s in u.parts} & r.wanted)
    return f"{hit / len(test):.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["cut", "judge"])
    parser.add_argument("--prefix", default="ask-", help="only rows whose id starts with this (cut)")
    parser.add_argument("--features", help="comma-separated extra features to judge (default: all)")
    parser.add_argument("--check", default="ask-7", help="rows left out of the judging and scored after it (judge)")
    parser.add_argument("--cache", type=Path, help="where prepared rows are kept (default: the temp dir, by inputs)")
    parser.add_argument("--lines-only", action="store_true", help="extra features pick lines, not practices")
    parser.add_argument("--hard", type=int, default=0, help="pairwise negatives: only the practice's N best others")
    args = parser.parse_args()
    global HARD, LINES_ONLY
    HARD = args.hard
    LINES_ONLY = args.lines_only
    rows = prepare(args.cache or default_cache())
    if args.what == "cut":
        run_cut(rows, args.prefix)
    else:
        run_judge(rows, args.features.split(",") if args.features else None, args.check)


if __name__ == "__main__":
    main()
