"""Every ask miss classed by what the answer did with the expected practice and its lines (session 29), on the dev
split and every unseen ask set (tests/qa/data/unseen/), and the same classes for composer variants replayed on one
retrieval per question. Never reads the held-out split.

Classes (each row in exactly one; "first line answers" counts `wanted` or a second reader's `also`, as
`answering_first_line` does):
  a. the expected practice not quoted: not retrieved / below the relevance threshold / a candidate not quoted / refused
  b. quoted, no wanted line: the practice heads the answer (`b.first`) / it is a "see also" one (`b.see_also`)
  c. a wanted line quoted, the first line does not answer: the first line is the same practice's (`c.same`) / another
     practice heads the answer (`c.other`)
  ok. a wanted line quoted and the first line answers

Retrieval and the scope gate run once per question as `mllens eval ask` runs them (each dev row without its writer
batch among the scope exemplars); `compose_extractive` is then replayed per variant, so a variant of the composer's
settings costs seconds, not a retrieval pass. Sets whose rows must not be read (`BLIND`) are printed as counts only.

    PYTHONPATH=. .venv/bin/python eval/ask_miss_classes.py                  # the classes, dev and each unseen set
    PYTHONPATH=. .venv/bin/python eval/ask_miss_classes.py --rows dev       # also each dev miss: id, class
"""

from __future__ import annotations

import argparse
import logging
import pickle
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import app.qa.extractive as ex  # noqa: E402
from app.evaluation.ask import read_ask_rows  # noqa: E402
from app.evaluation.scope import own_batch_left_out  # noqa: E402
from app.knowledge import KnowledgeBase, load_knowledge_base  # noqa: E402
from app.retrieval.base import SearchResult  # noqa: E402
from app.settings import Settings  # noqa: E402

UNSEEN = ROOT / "tests/qa/data/unseen"
BLIND = ("ask_blind28",)  # kept for judging; their rows and misses are never printed
CLASSES = ("ok", "c.same", "c.other", "b.first", "b.see_also", "a.not_retrieved", "a.below", "a.not_quoted", "refused")


def sets() -> dict[str, Path]:
    return {"dev": ROOT / "eval/ask/dev.jsonl", **{p.stem: p for p in sorted(UNSEEN.glob("ask_*.jsonl"))}}


def retrieve(kb: KnowledgeBase, paths: dict[str, Path]) -> list[tuple[str, dict[str, Any], SearchResult]]:
    """(set, row, search result) for every row, searched as `run_ask_eval` searches it."""
    out = []
    with own_batch_left_out(kb.retriever) as leave_out:
        for name, path in paths.items():
            for row in read_ask_rows(path):
                leave_out(row["id"])
                out.append((name, row, kb.retriever.search(row["question"], k=5)))
    return out


def load_or_retrieve(kb: KnowledgeBase, cache: Path | None) -> list[tuple[str, dict[str, Any], SearchResult]]:
    """`retrieve` over every set, or its results kept in `cache` by an earlier run (same index and rows)."""
    if cache is not None and cache.exists():
        searched: list[tuple[str, dict[str, Any], SearchResult]] = pickle.loads(cache.read_bytes())
        return searched
    searched = retrieve(kb, sets())
    if cache is not None:
        cache.write_bytes(pickle.dumps(searched))
    return searched


def classify(kb: KnowledgeBase, row: dict[str, Any], result: SearchResult) -> str:
    """The row's class (module docstring) for the composer as currently set."""
    if result.out_of_scope:
        return "refused"
    composed = ex.compose_extractive(row["question"], result, kb.lens, kb.reference_embedder)
    practices = [c.bp_id for c in composed.citations]
    heads = list(dict.fromkeys(practices))
    sentences = {s for unit in composed.quoted for s in unit}
    answering = {*row["wanted"], *row.get("also", [])}
    if row["bp_id"] not in heads:
        if row["bp_id"] not in [h.bp_id for h in result.hits]:
            return "a.not_retrieved"
        if row["bp_id"] not in [h.bp_id for h in ex.candidate_hits(result)]:
            return "a.below"
        return "a.not_quoted"
    if not set(row["wanted"]) & sentences:
        return "b.first" if heads[0] == row["bp_id"] else "b.see_also"
    if composed.quoted and answering & set(composed.quoted[0]):
        return "ok"
    return "c.same" if heads[0] == row["bp_id"] else "c.other"


@contextmanager
def settings(**values: Any) -> Iterator[None]:
    """The composer's module settings (app/qa/extractive.py) set to `values` for the block."""
    old = {name: getattr(ex, name) for name in values}
    for name, value in values.items():
        setattr(ex, name, value)
    try:
        yield
    finally:
        for name, value in old.items():
            setattr(ex, name, value)


def table(
    kb: KnowledgeBase, searched: list[tuple[str, dict[str, Any], SearchResult]], label: str = "as shipped"
) -> dict[str, dict[str, str]]:
    """Print one line per set (class counts, wanted quoted, first line answering) and return each row's class."""
    by_row: dict[str, dict[str, str]] = {}
    for name, row, result in searched:
        by_row.setdefault(name, {})[row["id"]] = classify(kb, row, result)
    print(f"\n{label}\n| set | rows | quoted | first line | " + " | ".join(CLASSES) + " |")
    print("|---" * (len(CLASSES) + 4) + "|")
    total: Counter[str] = Counter()
    for name, rows in by_row.items():
        counts = Counter(rows.values())
        if name != "dev":
            total.update(counts)
        _line(name, counts)
    _line("unseen", total)
    return by_row


def _line(name: str, counts: Counter[str]) -> None:
    n = sum(counts.values())
    quoted = counts["ok"] + counts["c.same"] + counts["c.other"]
    print(f"| {name} | {n} | {quoted} | {counts['ok']} | " + " | ".join(str(counts[c]) for c in CLASSES) + " |")


def main(variants: dict[str, Callable[[], Any]] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="", help="print each miss of this set (never a blind set)")
    parser.add_argument("--cache", type=Path, help="keep the search results here (read when it exists)")
    args = parser.parse_args()
    if args.rows in BLIND:
        parser.error(f"{args.rows} is kept blind: its rows are not printed")
    logging.disable(logging.WARNING)
    kb = load_knowledge_base(Settings())
    searched = load_or_retrieve(kb, args.cache)
    shipped = table(kb, searched)
    for label, variant in (variants or {}).items():
        with variant():
            table(kb, searched, label)
    if args.rows:
        for row_id, cls in shipped[args.rows].items():
            if cls != "ok":
                print(row_id, cls)


if __name__ == "__main__":
    main()
