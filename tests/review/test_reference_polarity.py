"""Pins how the cue words read each of the project's reference sentences (the label, signals and gaps of every
practice in prompts/interview). The mapper reads references with the same cues as answers, so a new cue can silently
flip a reference: a signal that starts to read as a negation, or a gap whose negation starts to cancel (issue 11; it
happened once with a cue for "internet access"). A change here is not necessarily wrong, but it must be seen: review
the listed sentences, then regenerate the snapshot with

    .venv/bin/python tests/review/test_reference_polarity.py --write

PURE apart from reading the shipped interview files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app.lens.interview import load_interview
from app.lens.loader import load_lens
from app.review.cues import is_negated, polarity
from app.settings import ROOT

SNAPSHOT = Path(__file__).resolve().parent / "data" / "reference_polarity.json"


def readings() -> dict[str, list[object]]:
    """{"<practice> <kind> <n>": [sentence, is_negated, polarity]} for every reference sentence."""
    lens = load_lens(ROOT / "corpus")
    interview = load_interview(ROOT / "prompts" / "interview", lens)
    out: dict[str, list[object]] = {}
    for question in lens.questions:
        for bp_id, practice in interview.content(question).practices.items():
            kinds = {"label": [practice.label], "signal": list(practice.signals), "gap": list(practice.gaps)}
            for kind, texts in kinds.items():
                for n, text in enumerate(texts):
                    out[f"{bp_id} {kind} {n}"] = [text, is_negated(text), polarity(text).value]
    return out


def test_reference_sentences_read_as_pinned() -> None:
    pinned = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    now = readings()
    changed = [
        f"{key}: {pinned.get(key)} -> {now.get(key)}"
        for key in sorted(set(pinned) | set(now))
        if pinned.get(key) != now.get(key)
    ]
    assert not changed, "reference readings changed (review, then run this file with --write):\n" + "\n".join(changed)


def test_no_gap_reads_as_cancelled_negation() -> None:
    """A gap is how someone who does not do the practice describes it: it never reads as negations that cancel."""
    from app.review.cues import cancels_negation

    cancelled = [text for key, (text, _, _) in readings().items() if " gap " in key and cancels_negation(str(text))]
    assert cancelled == []


if __name__ == "__main__" and "--write" in sys.argv:
    SNAPSHOT.write_text(json.dumps(readings(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
