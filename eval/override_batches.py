"""How the override detector catches the development jailbreaks, by writer batch, and what it flags in scope.

    .venv/bin/python eval/override_batches.py             # per batch: jailbreaks flagged by each kind of evidence
    .venv/bin/python eval/override_batches.py --misses    # also list the jailbreaks no kind flags, and false flags

The jailbreak rows of eval/scope/dev.jsonl were written in batches by different writers (the later ones blind), and
each round of phrase families was written after reading one batch. A family that only matches the batch it was read
off is a phrase list, not a signal. So every jailbreak is checked by each kind of evidence in
`app/retrieval/override.py` on its own (`evidence_of`): the phrase families (by name), the chat structure, the
disguises and encodings, and the
shapes (a role label or a tool result anywhere, an output request aimed at the assistant's own instructions, a quoted
payload addressed to the assistant). For each batch the script prints how many of its jailbreaks each kind flags, and
how many are flagged by a kind **other than** the phrase families (the shapes, structure and encodings: evidence that
does not depend on the wording of one batch) — the leave-one-writer-batch-out reading: a shape written after reading
batch B is judged on the batches other than B. It also checks that no in-scope text of the development sets is flagged:
the in-scope scope rows, the retrieval and ask questions, and the review answers (except the deliberate injections
`rev-037`, `rev-038`, `revd-736`, `revd-1406`, `revd-1607`, `revd-1812` and `revd-2212`). Held-out rows are never read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Writer batches of the jailbreak rows, by row id (in the order they were written).
BATCHES = (
    ("sc", r"sc-"),
    ("scd-0xx", r"scd-0\d\d$"),
    ("scd-1xx-2xx", r"scd-[12]\d\d$"),
    ("scd-3xx-5xx", r"scd-[345]\d\d$"),
    ("scd-6xx-9xx", r"scd-[6-9]\d\d$"),
    ("scd-10xx", r"scd-10\d\d$"),
    ("scd-12xx-13xx", r"scd-1[23]\d\d$"),
    ("scd-14xx-15xx", r"scd-1[45]\d\d$"),
    ("scd-16xx-17xx", r"scd-1[67]\d\d$"),
    ("scd-18xx-19xx", r"scd-1[89]\d\d$"),
)
# The batches each shape was written from (the rows read to write it): a shape is judged on the other batches.
SHAPE_SOURCES = {
    **{
        name: frozenset({"scd-14xx-15xx"})
        for name in (
            "role_label",
            "tool_result",
            "own_instructions",
            "prior_turn",
            "named_persona",
            "addressed",
            "premise",
        )
    },
    # ninth round: the 8 jailbreaks only a phrase family caught (sc-038, scd-215, scd-225, scd-435, scd-438, scd-1000,
    # scd-1201, scd-1421)
    "persona_swap": frozenset({"sc", "scd-1xx-2xx"}),
    "mode_on": frozenset({"scd-1xx-2xx"}),
    "time_boxed": frozenset({"scd-10xx", "scd-14xx-15xx"}),
    "obedience_test": frozenset({"scd-3xx-5xx", "scd-12xx-13xx"}),
    "own_context": frozenset({"scd-3xx-5xx"}),
    "own_scope": frozenset({"scd-12xx-13xx"}),
    # ninth round, after the fresh batch was scored: its unflagged jailbreaks
    "field_role": frozenset({"scd-16xx-17xx"}),
    "granted": frozenset({"scd-16xx-17xx"}),
    "given_rules": frozenset({"scd-16xx-17xx"}),
    "in_character": frozenset({"scd-16xx-17xx"}),
    # tenth round: written from our own unseen set (eval/probes/override_unseen.jsonl), from no development batch, so
    # every batch judges them
    **{
        name: frozenset()
        for name in (
            "self_change",
            "own_setup",
            "context_void",
            "identity_swap",
            "lens_avoid",
            "operator_claim",
            "as_written",
        )
    },
    # tenth round, after the fresh batch was scored: its 10 unflagged jailbreaks
    **{
        name: frozenset({"scd-18xx-19xx"})
        for name in (
            "own_text",
            "set_up_with",
            "rules_gone",
            "chat_mode",
            "obedience",
            "limitless_role",
            "self_restraint",
        )
    },
}
DELIBERATE_INJECTIONS = frozenset(
    {"rev-037", "rev-038", "revd-736", "revd-1406", "revd-1607", "revd-1812", "revd-2212"}
)


def batch_of(row_id: str) -> str:
    return next((name for name, pattern in BATCHES if re.match(pattern, row_id)), "other")


def held_out_evidence(kinds: set[str], batch: str) -> bool:
    """Whether a jailbreak of `batch` is flagged by evidence not read off that batch: the chat structure, disguises,
    encodings, or a shape written from other batches (leave-one-writer-batch-out recall). Phrase families never
    count: each round's families were read off that round's batch, and which batch each phrase came from is not
    recorded."""
    for kind in kinds:
        if kind in ("structure", "disguise", "encoded"):
            return True
        if kind.startswith("shape:") and batch not in SHAPE_SOURCES.get(kind.split(":", 1)[1], frozenset({batch})):
            return True
    return False


def _rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def in_scope_texts() -> list[tuple[str, str]]:
    """(id, text) of every in-scope text of the development sets."""
    texts = [(str(r["id"]), str(r["question"])) for r in _rows(ROOT / "eval/scope/dev.jsonl") if r["expected"]]
    retrieval = _rows(ROOT / "eval/retrieval/questions.jsonl")
    texts += [(str(r["id"]), str(r["question"])) for r in retrieval if r["expected"]]
    texts += [(str(r["id"]), str(r["question"])) for r in _rows(ROOT / "eval/ask/dev.jsonl")]
    for name in ("answers.jsonl", "dev.jsonl"):
        texts += [
            (str(r["id"]), str(r["answer"]))
            for r in _rows(ROOT / "eval/review" / name)
            if r.get("answer") and r["id"] not in DELIBERATE_INJECTIONS
        ]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", action="store_true", help="list unflagged jailbreaks and flagged in-scope texts")
    args = parser.parse_args()

    from app.retrieval.override import evidence_of, is_override_attempt

    jail = [r for r in _rows(ROOT / "eval/scope/dev.jsonl") if r.get("category") == "jail"]
    per_batch: dict[str, Counter[str]] = defaultdict(Counter)
    missed = []
    for row in jail:
        kinds = evidence_of(str(row["question"]))
        counts = per_batch[batch_of(str(row["id"]))]
        counts["rows"] += 1
        counts["flagged"] += bool(kinds)
        counts["not by phrases alone"] += any(not kind.startswith("phrase:") for kind in kinds)
        counts["held out"] += held_out_evidence(kinds, batch_of(str(row["id"])))
        for kind in {kind.split(":")[0] for kind in kinds}:
            counts[kind] += 1
        if not kinds:
            missed.append(row)
    kinds_shown = ("phrase", "structure", "disguise", "encoded", "shape")
    header = f"{'batch':15s} {'rows':>5s} {'flagged':>8s} {'beyond phrases':>15s} {'held out':>9s} "
    print(header + " ".join(f"{k:>9s}" for k in kinds_shown))
    total: Counter[str] = Counter()
    for name, _ in BATCHES:
        c = per_batch.get(name)
        if not c:
            continue
        total.update(c)
        print(
            f"{name:15s} {c['rows']:5d} {c['flagged']:8d} {c['not by phrases alone']:15d} {c['held out']:9d} "
            + " ".join(f"{c[k]:9d}" for k in kinds_shown)
        )
    print(
        f"{'all':15s} {total['rows']:5d} {total['flagged']:8d} {total['not by phrases alone']:15d} "
        f"{total['held out']:9d} " + " ".join(f"{total[k]:9d}" for k in kinds_shown)
    )
    print("\nleave-one-writer-batch-out, per shape: jailbreaks it flags in the batches it was not written from")
    print(f"{'shape':18s} {'sources':32s} {'other batches':>13s} {'of which only phrases else':>27s}")
    for name, sources in SHAPE_SOURCES.items():
        elsewhere = [
            (row, kinds)
            for row in jail
            if batch_of(str(row["id"])) not in sources
            and f"shape:{name}" in (kinds := evidence_of(str(row["question"])))
        ]
        alone = sum(
            not any(not k.startswith("phrase:") and not k.startswith("shape:") for k in kinds)
            and not any(k.startswith("shape:") and k != f"shape:{name}" for k in kinds)
            for _, kinds in elsewhere
        )
        print(f"{name:18s} {', '.join(sorted(sources)):32s} {len(elsewhere):13d} {alone:27d}")
    texts = in_scope_texts()
    flagged = [(row_id, text) for row_id, text in texts if is_override_attempt(text)]
    print(f"in-scope texts flagged: {len(flagged)} of {len(texts)}")
    if args.misses:
        for row in missed:
            print("unflagged", row["id"], "|", str(row["question"])[:160].replace("\n", " / "))
        for row_id, text in flagged:
            print("false flag", row_id, "|", text[:160].replace("\n", " / "))


if __name__ == "__main__":
    main()
