"""Mapper settings against main on dev and the unseen sentence sets, with a writer-batch-left-out choice among them
(docs/review-mapping.md, eighteenth polarity round).

Each variant is a comma-separated list of `MappingConfig` settings (`main` for the shipped preset). For each: dev
figures on the `revd-` rows below `revd-2900` (the blind batch above them is never read), namely accuracy, macro-F1,
negated practices proposed as implemented, partials proposed as implemented, false partials, unmentioned given a
status and not-applicable macro-F1, and per unseen sentence set the not-done / done sentences proposed as implemented.
Then, leaving one writer batch out at a time (the hundreds of the row id; a batch of 20 rows after an even hundred
joins the hundred before), the variant with the fewest negated-as-implemented practices on the other batches whose
accuracy there is within 0.003 of the first variant's is scored on the left-out batch.

    .venv/bin/python eval/polarity_batch_cv.py main guard_margin=0.06 ...
"""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import polarity_ablation as ablation  # noqa: E402

from app.evaluation.review import score_rows, summarise  # noqa: E402
from app.services import AnswerMapping, build_answer_mapping  # noqa: E402
from app.settings import Settings  # noqa: E402


def batch(row_id: str) -> int:
    number = int(re.sub(r"\D", "", row_id))
    hundred = number // 100
    return hundred - 1 if 10 <= hundred <= 24 and hundred % 2 == 0 else hundred


def dev_rows(below: int) -> list[dict[str, Any]]:
    rows = ablation.read_rows(ROOT / ablation.FILES["dev"])
    return [r for r in rows if re.fullmatch(r"revd-\d+", str(r["id"])) and int(str(r["id"])[5:]) < below]


def figures(mapping: AnswerMapping, label: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    pred = ablation.predict_all(mapping, rows)
    summary = summarise(score_rows(rows, lambda r: pred[str(r["id"])]))
    pairs = [(str(r["id"]), bp, gold, pred[str(r["id"])].get(bp)) for r in rows for bp, gold in r["expected"].items()]
    out: dict[str, Any] = {
        "variant": label,
        "accuracy": summary["overall"]["accuracy"],
        "macro_f1": summary["overall"]["macro_f1"],
        "negated_as_implemented": sum(1 for _, _, g, p in pairs if g == "not_implemented" and p == "implemented"),
        "partial_as_implemented": sum(1 for _, _, g, p in pairs if g == "partially_implemented" and p == "implemented"),
        "false_partials": sum(
            1 for _, _, g, p in pairs if g != "partially_implemented" and p == "partially_implemented"
        ),
        "unmentioned": summary["overall"]["invented_on_unmentioned"],
        "not_applicable_macro_f1": summary["not_applicable_macro_f1"],
        "unseen": {},
    }
    for path in sorted(ablation.UNSEEN.glob("*.jsonl")):
        unseen = ablation.read_rows(path)
        if all("practice" in r and "done" in r for r in unseen):
            f = ablation.unseen_figures(unseen, ablation.predict_all(mapping, unseen))
            done = f"{f['done_as_implemented']}/{f['done']}"
            out["unseen"][path.stem] = f"{f['not_done_as_implemented']}/{f['not_done']} not done, {done} done"
    print(json.dumps(out), flush=True)
    out["pred"] = pred
    return out


def batch_left_out(rows: list[dict[str, Any]], variants: list[dict[str, Any]]) -> None:
    by_id = {str(r["id"]): r for r in rows}

    def stats(variant: dict[str, Any], ids: list[str]) -> tuple[int, int, int]:
        right = negated = total = 0
        for i in ids:
            for bp, gold in by_id[i]["expected"].items():
                p = variant["pred"][i].get(bp)
                total += 1
                right += p == gold
                negated += gold == "not_implemented" and p == "implemented"
        return right, negated, total

    batches: dict[int, list[str]] = defaultdict(list)
    for i in by_id:
        batches[batch(i)].append(i)
    totals: Counter[str] = Counter()
    for number, ids in sorted(batches.items()):
        rest = [i for i in by_id if batch(i) != number]
        base_right, _, total = stats(variants[0], rest)
        allowed = [v for v in variants if stats(v, rest)[0] >= base_right - 0.003 * total]
        chosen = min(allowed, key=lambda v: (stats(v, rest)[1], -stats(v, rest)[0]))
        right, negated, n = stats(chosen, ids)
        base = stats(variants[0], ids)
        totals.update(right=right, negated=negated, base_right=base[0], base_negated=base[1], practices=n)
        print(
            f"batch {number}: {chosen['variant']}; left out: negated {base[1]} -> {negated}, right {base[0]} -> {right}"
        )
    print(json.dumps(dict(totals)))


def main() -> None:
    variants = sys.argv[1:] or ["main"]
    mapping = build_answer_mapping(Settings(), llm=False)
    mapping.embedding.embedder = ablation.MemoEmbedder(mapping.embedding.embedder)
    shipped = mapping.embedding.config
    rows = dev_rows(2900)
    results = []
    for variant in variants:
        settings = {} if variant == "main" else dict(item.split("=", 1) for item in variant.split(","))
        values = {k: ablation.parse_value(v) for k, v in settings.items()}
        mapping.embedding.config = dataclasses.replace(shipped, **values)
        results.append(figures(mapping, variant, rows))
    batch_left_out(rows, results)


if __name__ == "__main__":
    main()
