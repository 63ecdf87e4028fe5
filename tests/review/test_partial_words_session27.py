"""Session 27 (part27), docs/review-mapping.md: a word of partial doing ("half", "mostly", "mainly", "some of", "only a
handful") used harmlessly does not make a practice "partially implemented", and neither does one that follows a denial.

- "half" that measures a result ("half as big", "half the latency", "dropped by half", "half their time") and
  "mostly / mainly because …" (a reason) are no partial wording;
- a clause that denies first and then says what is done instead with a partial word ("nobody reviews it, we mostly
  glance at the uptime page") speaks against the practice; the partial word first and the denial about the rest ("some
  of the buckets, the old ones nobody touched") stays partial, and so does a denial of the whole ("not for all").

Sentences written for this test, not eval rows and not the rows of tests/review/data/unseen/partial_or_not27.jsonl; the
last test holds that set at or above main's figures (scored before the change)."""

from __future__ import annotations

import pytest

from app.evaluation.review import score_rows, summarise
from app.review.cues import Polarity, polarity
from app.review.models import BPStatus
from app.services import AnswerMapping
from tests.support.unseen_sets import UNSEEN, read_rows


@pytest.mark.parametrize(
    "clause",
    [
        "The pruned network is half as large and just as accurate",
        "Moving the scoring to ARM chips cut the monthly invoice in half",
        "The quantised build has half the latency of the old one",
        "The new instance type costs half the price for the same throughput",
        "Our on-call person spends half their week on this cluster",
        "We picked Oregon mainly because its grid is mostly renewable",
        "Sizes were chosen mostly since the load tests said so",
    ],
)
def test_a_measure_or_a_reason_is_no_partial_wording(clause: str) -> None:
    assert polarity(clause) is not Polarity.PARTIAL


@pytest.mark.parametrize(
    "clause",
    [
        "Half our pipelines have data checks",
        "Some of the feature tables are versioned",
        "We mostly log predictions for the pricing model",
        "Half the time the retrain is kicked off by hand",
        "The tagging is done for some of the accounts, the sandbox ones nobody bothered with",
        "We don't monitor every model, only some of them",
        "We haven't finished, only half the endpoints autoscale so far",
    ],
)
def test_a_share_of_the_estate_stays_partial(clause: str) -> None:
    assert polarity(clause) is Polarity.PARTIAL


@pytest.mark.parametrize(
    "clause",
    [
        "nobody reviews the model against revenue, we mostly glance at the uptime page",
        "No owner was ever named, people mainly ping whoever trained it",
        "We don't know where half the feature tables came from",
        "There are no tags at all and only a handful of budgets",
    ],
)
def test_a_denial_before_the_partial_word_speaks_against(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    ("question", "answer", "practice", "expected"),
    [
        (
            "MLPERF04",
            "We compared the two candidates side by side: the compact one had half the latency for a sliver of "
            "accuracy, so it went live.",
            "MLPERF04-BP05",
            {BPStatus.IMPLEMENTED, BPStatus.CANNOT_DETERMINE},
        ),
        (
            "MLOPS01",
            "Nobody compares the model with the sales target, we mostly look at whether the service is up.",
            "MLOPS01-BP03",
            {BPStatus.NOT_IMPLEMENTED},
        ),
    ],
)
def test_through_the_shipped_mapper(
    mapping: AnswerMapping, question: str, answer: str, practice: str, expected: set[BPStatus]
) -> None:
    assert mapping.predict(question, answer)[practice] in expected


def test_the_unseen_set_stays_at_or_above_mains_figures(mapping: AnswerMapping) -> None:
    rows = read_rows(UNSEEN / "partial_or_not27.jsonl")
    predicted = {str(r["id"]): mapping.predict(r["question_id"], r["answer"]) for r in rows}
    overall = summarise(score_rows(rows, lambda row: {k: str(v) for k, v in predicted[str(row["id"])].items()}))[
        "overall"
    ]
    # main (before session 27): accuracy 0.827, macro-F1 0.473, no negated practice proposed implemented
    assert overall["accuracy"] >= 0.827
    assert overall["macro_f1"] >= 0.473
    assert overall["negated_as_implemented"] == 0
