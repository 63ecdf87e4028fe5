"""Polarity ablation: a generalisation check for "never propose a negated practice as implemented".

The cue words of `app/review/cues.py` were written from wording someone had seen. To judge a structural safeguard on
misses it has not seen, this script switches off one group of cue wording at a time (a class of bad state, the aims,
the irony, …), so that the mapper meets that wording as if no rule knew it, and counts on a review split:

- negated practices proposed as implemented (expected `not_implemented`, proposed `implemented`): with the group on,
  with it off, and those the group alone was keeping out ("leaked");
- right answers lost and gained against the run with every group on.

It also reads the project's own sentences in wordings no eval row uses (every file of `tests/review/data/unseen/`:
`wordings.jsonl`, bad states without negation words, idioms, sarcasm, understatement, "officially … but", hedges;
`clause_pairs.jsonl`, the practice's thing said to exist and its bad state in the next clause or sentence, and bad
states in the practice's own words; each with sentences of doing the practice in the same shapes) and reports, per
file, the share of not-done sentences proposed as implemented and of done ones that are (right), with every group on
and under each ablation.

A safeguard is a mapper setting (`MappingConfig`): pass `--set name=value` to run the same ablations with it, and
compare the totals. The embedding model is called once per distinct text (memoised), so a run is mostly cue reading.

    .venv/bin/python eval/polarity_ablation.py [--split dev] [--only REGEX] [--groups a,b] [--set key=value]
        [--show] [--json PATH]

Prints a table and, with --json, writes every figure. Eval rows are for measuring only: --show lists the leaked
practices by row id for reading the kind of miss, never for writing a rule for a row.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.review import cues  # noqa: E402
from app.review.models import BPStatus  # noqa: E402
from app.services import AnswerMapping, build_answer_mapping  # noqa: E402
from app.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FILES = {"original": "eval/review/answers.jsonl", "dev": "eval/review/dev.jsonl"}
UNSEEN = ROOT / "tests" / "review" / "data" / "unseen"
_NEVER = re.compile(r"(?!x)x")  # matches nothing

IMPLEMENTED = str(BPStatus.IMPLEMENTED)
NOT_IMPLEMENTED = str(BPStatus.NOT_IMPLEMENTED)


def groups() -> dict[str, list[tuple[str, str | None]]]:
    """Each cue group by name: the `cues` attributes (or BAD_STATE_CLASSES keys) it consists of. Plain negation words
    ("negation:negation_words") are left out of the default run: without them nearly every denial reads as done."""
    out: dict[str, list[tuple[str, str | None]]] = {}
    for name in cues.NEGATION_CUES:
        out[f"negation:{name}"] = [("NEGATION_CUES", name)]
    for attr, name in (("_BAD_STATE", "bad_state"), ("_WEAK_BAD_STATE", "weak_bad_state")):
        out[f"bad:{name}"] = [(attr, None)]
    out["bad:ceased"] = [("_CEASED", None)]
    out["bad:problem"] = [("_PROBLEM", None)]
    for name in cues.BAD_STATE_CLASSES:
        out[f"class:{name}"] = [("BAD_STATE_CLASSES", name)]
    out["not_firm"] = [("_NOT_FIRM", None)]
    out["taken_up:hollow"] = [("_HOLLOW", None)]  # a thing taken up again and said to be there in name only
    out["all_bad_states"] = [
        ("_BAD_STATE", None),
        ("_WEAK_BAD_STATE", None),
        ("_CEASED", None),
        ("_PROBLEM", None),
        *(("BAD_STATE_CLASSES", name) for name in cues.BAD_STATE_CLASSES),
    ]
    return out


DEFAULT_SKIP = {"negation:negation_words"}


@contextmanager
def switched_off(parts: list[tuple[str, str | None]]) -> Iterator[None]:
    """The cue group reads nothing while inside (module attributes restored afterwards, even on error)."""
    saved: list[Callable[[], None]] = []
    try:
        for attr, key in parts:
            if attr == "NEGATION_CUES":
                old_negative = cues._NEGATIVE
                kept = [p for name, group in cues.NEGATION_CUES.items() if name != key for p in group]
                cues._NEGATIVE = cues._cue(*kept)
                saved.append(lambda old=old_negative: setattr(cues, "_NEGATIVE", old))  # type: ignore[misc]
            elif attr == "BAD_STATE_CLASSES":
                assert key is not None
                old_class = cues.BAD_STATE_CLASSES[key]
                cues.BAD_STATE_CLASSES[key] = _NEVER
                saved.append(lambda k=key, old=old_class: cues.BAD_STATE_CLASSES.__setitem__(k, old))  # type: ignore[misc]
            else:
                old_attr = getattr(cues, attr)
                setattr(cues, attr, _NEVER)
                saved.append(lambda a=attr, old=old_attr: setattr(cues, a, old))  # type: ignore[misc]
        yield
    finally:
        for restore in reversed(saved):
            restore()


class MemoEmbedder:
    """Embeds each distinct text once (the ablations re-read the same clauses and references many times)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self._memo: dict[str, NDArray[np.float32]] = {}

    def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        missing = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if missing:
            for text, vector in zip(missing, self.inner.embed(missing), strict=True):
                self._memo[text] = vector
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._memo[t] for t in texts]).astype(np.float32)

    def warm_up(self) -> None:
        return None


def read_rows(path: Path, only: str | None = None) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [r for r in rows if not only or re.search(only, str(r["id"]))]


Predictions = dict[str, dict[str, str]]


def predict_all(mapping: AnswerMapping, rows: list[dict[str, Any]]) -> Predictions:
    mapping.embedding._cache.clear()  # references are read with the same cues: read them again
    return {
        str(r["id"]): {
            k: str(v) for k, v in mapping.predict(r["question_id"], r.get("answer", ""), r.get("picks")).items()
        }
        for r in rows
    }


def negated_as_implemented(rows: list[dict[str, Any]], predicted: Predictions) -> set[tuple[str, str]]:
    return {
        (str(r["id"]), bp)
        for r in rows
        for bp, gold in r["expected"].items()
        if gold == NOT_IMPLEMENTED and predicted[str(r["id"])].get(bp) == IMPLEMENTED
    }


def correct(rows: list[dict[str, Any]], predicted: Predictions) -> set[tuple[str, str]]:
    return {
        (str(r["id"]), bp)
        for r in rows
        for bp, gold in r["expected"].items()
        if predicted[str(r["id"])].get(bp) == gold
    }


def unseen_figures(rows: list[dict[str, Any]], predicted: Predictions) -> dict[str, Any]:
    """Of the not-done sentences, the share proposed as implemented (and which); of the done ones, the share that is."""
    wrong = [r["id"] for r in rows if not r["done"] and predicted[r["id"]].get(r["practice"]) == IMPLEMENTED]
    done = [r for r in rows if r["done"]]
    right = [r["id"] for r in done if predicted[r["id"]].get(r["practice"]) == IMPLEMENTED]
    not_done = [r for r in rows if not r["done"]]
    by_class: dict[str, list[int]] = {}
    for r in not_done:
        hit = predicted[r["id"]].get(r["practice"]) == IMPLEMENTED
        by_class.setdefault(r["class"], [0, 0])
        by_class[r["class"]][0] += int(hit)
        by_class[r["class"]][1] += 1
    return {
        "not_done": len(not_done),
        "not_done_as_implemented": len(wrong),
        "share": round(len(wrong) / len(not_done), 4) if not_done else None,
        "ids": wrong,
        "by_class": {k: f"{a}/{b}" for k, (a, b) in sorted(by_class.items())},
        "done": len(done),
        "done_as_implemented": len(right),
    }


def parse_value(text: str) -> Any:
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return {"true": True, "false": False, "none": None}.get(text.lower(), text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=sorted(FILES), default="dev")
    parser.add_argument("--only", help="regular expression on row ids (e.g. 'revd-1[34]')")
    parser.add_argument("--groups", help="comma-separated group names (default: all but plain negation words)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a MappingConfig setting")
    parser.add_argument("--show", action="store_true", help="list the leaked practices by row id")
    parser.add_argument("--json", type=Path, help="write every figure here")
    args = parser.parse_args()

    mapping = build_answer_mapping(Settings(), llm=False)
    mapping.embedding.embedder = MemoEmbedder(mapping.embedding.embedder)
    overrides = dict(item.split("=", 1) for item in args.set)
    if overrides:
        mapping.embedding.config = dataclasses.replace(
            mapping.embedding.config, **{k: parse_value(v) for k, v in overrides.items()}
        )
    rows = read_rows(ROOT / FILES[args.split], args.only)
    # the sentence sets (one practice each, done or not); the not-applicable answer sets there are scored by
    # `mllens eval review --file`
    unseen = {path.stem: read_rows(path) for path in sorted(UNSEEN.glob("*.jsonl"))}
    unseen = {name: u for name, u in unseen.items() if all("practice" in r and "done" in r for r in u)}
    table = groups()
    names = args.groups.split(",") if args.groups else [n for n in table if n not in DEFAULT_SKIP]
    unknown = [n for n in names if n not in table]
    if unknown:
        parser.error(f"unknown groups {unknown}; known: {', '.join(table)}")

    base = predict_all(mapping, rows)
    base_unseen = {name: unseen_figures(u, predict_all(mapping, u)) for name, u in unseen.items()}
    base_neg = negated_as_implemented(rows, base)
    base_right = correct(rows, base)
    negated_total = sum(1 for r in rows for gold in r["expected"].values() if gold == NOT_IMPLEMENTED)
    report: dict[str, Any] = {
        "split": args.split,
        "only": args.only,
        "settings": overrides,
        "rows": len(rows),
        "practices": sum(len(r["expected"]) for r in rows),
        "negated": negated_total,
        "all_on": {
            "negated_as_implemented": len(base_neg),
            "correct": len(base_right),
            "ids": sorted(f"{i}:{bp}" for i, bp in base_neg),
            "unseen": base_unseen,
        },
        "groups": {},
    }
    print(
        f"split {args.split}{' ' + args.only if args.only else ''}: {len(rows)} rows,"
        f" {negated_total} negated practices; settings {overrides or 'default'}"
    )
    print(f"all cues on: negated->implemented {len(base_neg)}, correct {len(base_right)}")
    for name, figures in base_unseen.items():
        print(
            f"  unseen {name}: not-done as implemented {figures['not_done_as_implemented']}/{figures['not_done']}"
            f" {figures['by_class']}, done as implemented {figures['done_as_implemented']}/{figures['done']}"
        )
        if args.show and figures["ids"]:
            print("    as implemented: " + ", ".join(figures["ids"]))
    names_unseen = "  ".join(f"{name[:12]:>12s}" for name in unseen)
    print(f"{'group off':28s} {'neg->impl':>9s} {'leaked':>6s} {'lost':>5s} {'gained':>6s} {names_unseen}")
    leaked_total = 0
    for name in names:
        with switched_off(table[name]):
            predicted = predict_all(mapping, rows)
            off_unseen = {name: unseen_figures(u, predict_all(mapping, u)) for name, u in unseen.items()}
        neg = negated_as_implemented(rows, predicted)
        right = correct(rows, predicted)
        leaked = neg - base_neg
        leaked_total += len(leaked) if name != "all_bad_states" else 0
        report["groups"][name] = {
            "negated_as_implemented": len(neg),
            "leaked": sorted(f"{i}:{bp}" for i, bp in leaked),
            "lost": len(base_right - right),
            "gained": len(right - base_right),
            "unseen": {
                u: {
                    "not_done_as_implemented": f["not_done_as_implemented"],
                    "done_as_implemented": f["done_as_implemented"],
                }
                for u, f in off_unseen.items()
            },
        }
        wrong = "  ".join(f"{f['not_done_as_implemented']:12d}" for f in off_unseen.values())
        print(
            f"{name:28s} {len(neg):9d} {len(leaked):6d} {len(base_right - right):5d}"
            f" {len(right - base_right):6d} {wrong}"
        )
        if args.show and leaked:
            print("    leaked: " + ", ".join(sorted(f"{i}:{bp}" for i, bp in leaked)))
    report["leaked_total"] = leaked_total
    print(f"leaked over single groups (all_bad_states not counted): {leaked_total}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
