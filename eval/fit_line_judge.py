"""Reproduce the shipped line judge (app/retrieval/line_judge.npz): MiniLM's last layer fine-tuned on every ask dev
row up to ask-1500 (never the held-out split), as eval/ask_finetune.py's all-dev fine-tune does (1 layer, 1 epoch,
lr 2e-5, batch 16, one hard negative of a pool of 8, seed 4 = its `--folds`), saved as fp16 arrays; prints the
arrays' digest (app/retrieval/line_judge.py WEIGHTS_DIGEST; the zip's bytes carry timestamps, so the file's own hash
differs from run to run) and how far the arrays are from the shipped ones. Measured (session 20): the shipped file is
ask_finetune.py's `--save` after its out-of-fold runs, whose earlier model calls pad the lower layers' batches
differently, so this script's arrays are the same loss curve (1.727 -> 1.505) but 396 of 1,774,464 fp16 values differ
by one step (at most 3.1e-5); the digest then differs. The lower layers' states are prepared for the same texts in the
same order as ask_finetune.py's all-dev fine-tune (dev rows, then the unseen sets' rows).

The composer's JUDGE_FIT (app/qa/extractive.py) is the judge's joint fit with every row's judge out of fold:
`eval/ask_finetune.py --lines-only --within` prints it ("judge lines only: dev in-sample ... weights"); the lines are
chosen by it sharpened (JUDGE_SHARPENING, chosen by eval/ask_judge_sharpening.py; session 27).

    PYTHONPATH=. .venv/bin/python eval/fit_line_judge.py [--out app/retrieval/line_judge.npz]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import ask_finetune as af  # noqa: E402
import ask_judge as aj  # noqa: E402
import ask_ranking_cv as cv  # noqa: E402
import numpy as np  # noqa: E402

from app.evaluation.ask import read_ask_rows  # noqa: E402
from app.retrieval.line_judge import NAMES, WEIGHTS_DIGEST, WEIGHTS_PATH, weights_digest  # noqa: E402

UNTIL = 1500
SEED = 4  # ask_finetune.py's all-dev fine-tune is seeded with its fold count (4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "app/retrieval/line_judge.npz")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    from app.knowledge import load_knowledge_base
    from app.qa import extractive as ex
    from app.settings import Settings

    ex.FEATURES = (*ex.FEATURES, "judge")  # as ask_finetune.py: the rows' feature matrices carry a judge column
    ex._Selector.features = aj.patched_features(ex._Selector.features)  # type: ignore[method-assign]
    raw = [r for r in read_ask_rows(ROOT / "eval/ask/dev.jsonl") if int(r["id"].rsplit("-", 1)[1]) <= UNTIL]
    kb = load_knowledge_base(Settings(late_interaction=True, line_judge=False))
    dev = cv.prepare(kb, raw)
    unseen = [
        r
        for name in aj.UNSEEN
        if (ROOT / f"tests/qa/data/unseen/{name}.jsonl").exists()
        for r in cv.prepare(kb, read_ask_rows(ROOT / f"tests/qa/data/unseen/{name}.jsonl"))
    ]
    questions = {r["id"]: r["question"] for r in raw}
    reader = af.Reader(1)
    reader.verify()
    reader.prepare(af.texts_of(dev) + af.texts_of(unseen))
    hyper = argparse.Namespace(epochs=1, lr=2e-5, batch=16, negatives=1)
    top = af.fine_tune(reader, af.training_pairs(dev, questions, 8), hyper, SEED)
    af.save_layers(top, args.out)
    with np.load(args.out, allow_pickle=False) as data:
        made = {n: data[n] for n in NAMES}
    with np.load(WEIGHTS_PATH, allow_pickle=False) as data:
        shipped = {n: data[n] for n in NAMES}
    digest = weights_digest(made)
    same = "the shipped one" if digest == WEIGHTS_DIGEST else f"not the shipped one ({WEIGHTS_DIGEST[:12]})"
    values = sum(a.size for a in made.values())
    differ = sum(int((made[n] != shipped[n]).sum()) for n in NAMES)
    gap = max(float(np.abs(made[n].astype(np.float32) - shipped[n].astype(np.float32)).max()) for n in NAMES)
    print(f"{args.out}: arrays' digest {digest}: {same}; {differ} of {values} values differ, by at most {gap:.1e}")


if __name__ == "__main__":
    main()
