"""Terse questions near a lens practice rather than an out-of-domain topic (sixteenth round, session 13; measured,
nothing shipped: docs/scope-gate.md, "Sixteenth round").

The idea measured: a terse question the gate refuses is about the lens when it sits nearer the lens's own practices
and questions than the out-of-domain anchors by a margin ("who signs off before go-live" against "sign-off before
merging a pull request"). Each candidate is a number per refused terse question (`terse` signal, refused as off topic,
probability at least the terse floor: a third of the cutoff, or lower with --floor-share):

- `wording-anchor`: mean cosine of the three nearest interview lines (scope_wording.npz) minus the nearest
  out-of-domain anchor or topic (the `margin` signal's anchor);
- `practice-anchor`: nearest practice label or interview question title (prompts/interview) minus that anchor;
- `workload-margin`: the gate's `margin` of the question read as an ML workload's ("In our machine learning workload:
  …"): an ML workload's X stays near the lens, X of something else still leans to its own domain.

Each is given the stated rule of TERSE_WORDING_MIN: its threshold is 0.005 above the highest out-of-scope
development question among the candidates (so no development question is let through), then the unseen sets of
tests/retrieval/data/unseen/ are counted: in-scope questions answered, out-of-scope questions let through. Development
rows: eval/scope/dev.jsonl only (the retrieval questions are long). Held-out rows are never read.

    PYTHONPATH=. .venv/bin/python eval/terse_practice_margin.py [--rows] [--floor-share 0.1667]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKLOAD_FRAME = "In our machine learning workload: {}"
IN_SCOPE_KINDS = ("in_scope", "terse", "long", "voice", "near_miss")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", action="store_true", help="print every question a candidate would answer")
    parser.add_argument("--floor-share", type=float, default=1 / 3, help="probability floor, as a share of the cutoff")
    args = parser.parse_args()

    from app.knowledge import load_knowledge_base
    from app.lens.interview import load_interview
    from app.lens.loader import load_lens
    from app.settings import Settings

    settings = Settings()
    retriever = load_knowledge_base(settings).retriever
    if retriever.wording is None:
        raise SystemExit("no practitioner wording for this embedder")
    interview = load_interview(settings.prompts_dir / "interview", load_lens(settings.corpus_dir))
    practices = sorted(
        {t for q in interview.questions.values() for t in [q.title, *(p.label for p in q.practices.values())]}
    )
    practice_vectors = retriever.embedder.embed(practices)

    paths = [ROOT / "eval/scope/dev.jsonl", *sorted((ROOT / "tests/retrieval/data/unseen").glob("*.jsonl"))]
    floor = float(getattr(retriever.gate, "cutoff", 0.5)) * args.floor_share
    refused: list[tuple[str, bool, str, dict[str, float]]] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            text = str(row.get("text") or row.get("question"))
            result = retriever.search(text)
            signals = result.scope_signals
            if result.scope_reason != "off_topic" or not signals["terse"] or result.scope_probability < floor:
                continue
            vector = retriever.embedder.embed([text])[0]
            anchor = float(signals["dense"]) - float(signals["margin"])
            framed = retriever.search(WORKLOAD_FRAME.format(text)).scope_signals
            values = {
                "wording-anchor": retriever.wording.similarity(vector) - anchor,
                "practice-anchor": float((practice_vectors @ vector).max()) - anchor,
                "workload-margin": float(framed["margin"]),
                "probability": result.scope_probability,
            }
            refused.append((path.stem, str(row["kind"]) in IN_SCOPE_KINDS, text, values))

    print(f"refused terse questions at p >= {floor:.3f}: {len(refused)} ({sum(r[1] for r in refused)} in scope)")
    for name in ("wording-anchor", "practice-anchor", "workload-margin"):
        dev_out = [v[name] for s, inside, _, v in refused if s == "dev" and not inside]
        threshold = round(max(dev_out) + 0.005, 3) if dev_out else float("-inf")
        changed: Counter[tuple[str, str]] = Counter()
        for source, inside, text, values in refused:
            if values[name] >= threshold:
                changed[(source, "in answered" if inside else "out let through")] += 1
                if args.rows:
                    print(f"    {name} {source} {'in ' if inside else 'out'} {values[name]:.3f} {text}")
        shown = ", ".join(f"{s} {k} {n}" for (s, k), n in sorted(changed.items())) or "nothing"
        print(f"{name:16s} threshold {threshold:.3f}: {shown}")
    from sklearn.metrics import roc_auc_score

    labels = [inside for _, inside, _, _ in refused]
    if 0 < sum(labels) < len(labels):
        for name in ("wording-anchor", "practice-anchor", "workload-margin", "probability"):
            scores = [v[name] for _, _, _, v in refused]
            print(f"ROC AUC, in scope against out of scope, {name}: {roc_auc_score(labels, scores):.3f}")


if __name__ == "__main__":
    main()
