"""Messages not in English, and English messages with foreign words, through the product (session 29, lang29).

    .venv/bin/python eval/language_unseen.py            # per kind: what the product does with each message
    .venv/bin/python eval/language_unseen.py --list     # also each row's outcome
    .venv/bin/python eval/language_unseen.py --scope-sets   # the scope sets' rows in another language (counts only)

`tests/retrieval/data/unseen/lang29.jsonl` (written for this project, scored on main before any change): lens
questions, review answers and override attempts in 19 languages and code-switched text (kinds `foreign_question`,
`foreign_answer`, `attack`), and English lens questions and review answers carrying foreign names, product names,
places, quoted foreign phrases, foreign error messages and code (`in_scope`, `answer_en`).

A question (every kind but the review answers) is asked of the QA service, as every edge asks it (no-LLM mode, the
shipped index and gate, a conversation store in memory). Its outcome: `override` (refused as an instruction-override
attempt), `not_english` (the reply asking for English), `off_topic` (refused as not about the lens), or `answered`;
an answered lens question with an expected practice (`bp`) is `right` when that practice is cited, else `wrong`.
A review answer (`foreign_answer`, `answer_en`) is sent to the review service as an answer to its lens question (a
review in memory): `not_english` (nothing recorded, the reply asks for English), `implemented` (a practice proposed as
implemented), `not_done` (a practice proposed as not implemented, none implemented), or `nothing` (no practice
settled).

On main `852404c`, before any change of session 29 (44 rows not in English, 40 English controls):
- `foreign_question` (22): off_topic 16, override 4 (Italian, Polish, Welsh and Chinese lens questions told they
  tried to override the assistant), right 2 (two code-switched ones), wrong 0;
- `foreign_answer` (10): nothing 9, implemented 1 (a German "we have no CI/CD pipeline, the model is deployed by hand"
  proposed as implemented);
- `attack` (12): override 12;
- `in_scope` (26 English controls): answered 26; `answer_en` (14): implemented 2, not_done 8, nothing 4.

Its check set, `--file tests/retrieval/data/unseen/lang29_check.jsonl` (other wordings and 12 more languages: Romanian,
Hungarian, Finnish, Danish, Norwegian, Greek, Hebrew, Vietnamese, Indonesian, Tagalog, Catalan, Slovak, Croatian,
Ukrainian; written after the rule of app/retrieval/language.py was first committed, `dcd8355`, and scored once on main
`852404c` and on that commit before any other change; 36 not in English, 20 English controls):
- main: `foreign_question` (24) off_topic 17, override 7; `foreign_answer` (6) nothing 5, not_done 1; `attack` (6)
  override 5, off_topic 1; `in_scope` (16) answered 15, off_topic 1; `answer_en` (4) implemented 1, not_done 2,
  nothing 1;
- `dcd8355`: `foreign_question` not_english 16, off_topic 5, override 3; `foreign_answer` not_english 3, nothing 3;
  `attack` not_english 1, override 4, off_topic 1; the English controls as on main (no English message read as
  another language).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SET = ROOT / "tests/retrieval/data/unseen/lang29.jsonl"
ANSWERS = ("foreign_answer", "answer_en")


class _Turns:
    """A conversation store that keeps nothing (each question is asked on its own)."""

    def __init__(self) -> None:
        self.turns = 0

    def history(self, conversation_id: str, principal: Any, limit: int) -> list[Any]:
        return []

    def save_turn(self, principal: Any, question: str, answer: Any) -> int:
        self.turns += 1
        return self.turns


def question_outcome(answer: Any, bp: str | None) -> str:
    kind = getattr(answer, "refusal", None)
    if kind is not None:
        return str(kind)
    if answer.refused:  # main before session 29 has no refusal kind: read it from the text
        from app.qa.compose import OVERRIDE_REFUSAL

        return "override" if answer.answer == OVERRIDE_REFUSAL else "off_topic"
    if bp is None:
        return "answered"
    return "right" if bp in {c.bp_id for c in answer.citations} else "wrong"


def answer_outcome(turn: Any) -> str:
    if any(n.code == "not_english" for n in turn.notices):
        return "not_english"
    statuses = {p.status for p in turn.proposal}
    if "implemented" in statuses:
        return "implemented"
    if statuses & {"not_implemented", "partially_implemented"}:
        return "not_done"
    return "nothing"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", action="store_true", help="print every row's outcome")
    parser.add_argument("--file", default=str(SET.relative_to(ROOT)), help="the set (rows like lang29.jsonl's)")
    parser.add_argument(
        "--scope-sets",
        action="store_true",
        help="instead: per set and kind of eval/scope/dev.jsonl and tests/retrieval/data/unseen/, the rows that read as"
        " another language and what the gate alone does with them (counts only, no row is printed)",
    )
    args = parser.parse_args()
    if args.scope_sets:
        scope_sets()
        return
    rows = [json.loads(line) for line in (ROOT / args.file).read_text(encoding="utf-8").splitlines() if line.strip()]

    from app.knowledge import load_knowledge_base
    from app.principal import Principal
    from app.qa.service import QAService
    from app.review.actions import Answer as ReviewAnswer
    from app.review.models import WorkloadProfile
    from app.reviewing.service import ReviewService
    from app.reviewing.store import MemoryReviewStore
    from app.services import build_answer_mapping
    from app.settings import Settings

    settings = Settings()
    kb = load_knowledge_base(settings)
    qa = QAService(kb.lens, kb.retriever, _Turns(), k=settings.search_k, sentence_embedder=kb.reference_embedder)
    mapping = build_answer_mapping(settings)
    reviews = ReviewService(mapping.lens, mapping.interview, mapping.mapper, MemoryReviewStore())
    principal = Principal.local()

    outcomes: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        if row["kind"] in ANSWERS:
            review = reviews.create(principal, WorkloadProfile(name="lang29"))
            turn = reviews.act(review.review_id, principal, _goto(row["question"]), expected_version=review.version)
            answer = ReviewAnswer(text=row["text"])
            turn = reviews.act(review.review_id, principal, answer, expected_version=turn.version)
            outcome = answer_outcome(turn)
        else:
            outcome = question_outcome(qa.ask(row["text"], principal=principal), row.get("bp"))
        outcomes[row["kind"]][outcome] += 1
        if args.list:
            print(f"{row['id']:14s} {row['kind']:16s} {row['lang']:7s} {outcome:12s} {row['text'][:90]!r}")
    for kind in sorted(outcomes):
        counts = outcomes[kind]
        print(f"{kind:16s} rows {sum(counts.values()):3d}  " + "  ".join(f"{k} {v}" for k, v in sorted(counts.items())))


def scope_sets() -> None:
    """The rows of the scope sets that read as another language (app/retrieval/language.py), and per set and kind what
    the gate alone does with them (`HybridRetriever.search`: flagged as an override, refused off topic, or answered),
    which is what the product did before session 29; since then the QA service answers them `not_english` unless the
    structural override checks flag them first (`override`)."""
    from app.knowledge import load_knowledge_base
    from app.retrieval.language import in_another_language
    from app.retrieval.override import is_override_attempt
    from app.settings import Settings

    retriever = load_knowledge_base(Settings()).retriever
    sets = [("eval/scope/dev", ROOT / "eval/scope/dev.jsonl", "question")]
    sets += [(path.stem, path, "text") for path in sorted((ROOT / "tests/retrieval/data/unseen").glob("*.jsonl"))]
    total: Counter[str] = Counter()
    for name, path, field in sets:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        per_kind: dict[str, Counter[str]] = defaultdict(Counter)
        for row in rows:
            if not isinstance(row.get(field), str) or row.get("kind") is None:
                continue
            counts = per_kind[str(row["kind"])]
            counts["rows"] += 1
            if not in_another_language(row[field]):
                continue
            result = retriever.search(row[field])
            gate = "gate_override" if result.scope_reason == "override" else "gate_refused"
            counts["other_language"] += 1
            counts[gate if result.out_of_scope else "gate_answered"] += 1
            counts["now_override" if is_override_attempt(row[field]) else "now_not_english"] += 1
        for kind, counts in sorted(per_kind.items()):
            total.update({f"{kind} {key}": value for key, value in counts.items()})
            if counts["other_language"]:
                print(f"{name:28s} {kind:13s} " + "  ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    kinds = sorted({key.split()[0] for key in total})
    for kind in kinds:
        figures = {key.split()[1]: value for key, value in total.items() if key.split()[0] == kind}
        print(f"{'all sets':28s} {kind:13s} " + "  ".join(f"{k} {v}" for k, v in sorted(figures.items())))


def _goto(question_id: str) -> Any:
    from app.review.actions import Goto

    return Goto(question_id=question_id)


if __name__ == "__main__":
    main()
