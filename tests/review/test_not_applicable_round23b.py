"""Session 20 (na20b), not-applicable answers (docs/review-mapping.md): the stray "partially implemented" in rows that
state a fact. A clause stating a fact that seems, only by a word of a practice's own, to say it is done is no firm
"done"; a partial cue that is no part done ("half the company can read it", "for ad-hoc digging"); a one- or two-word
label before a dash heads what follows; two more ways to say no personal data and nothing kept. Sentences written for
this test, not eval rows, not the measuring sets of tests/review/data/unseen/."""

from __future__ import annotations

import pytest

from app.review.applicability import Statement, settle
from app.review.cues import Polarity, polarity, split_clauses
from app.review.facts import Fact, stated_facts
from app.review.mapping import ClauseEvidence, combine
from app.review.models import BPStatus
from app.services import AnswerMapping


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # how many people reach the data: a bad state, not a part done
        ("The exports sit in a share half the company can open and nobody checks who does", Polarity.NEGATIVE),
        ("half of the organisation can read the raw tables", Polarity.NEGATIVE),
        # what the tool is for, not how often the work is done
        ("For ad hoc questions the analysts use QuickSight Q", Polarity.POSITIVE),
        # still partial: a part of the estate, the manner of the work
        ("half the models are behind the gateway", Polarity.PARTIAL),
        ("we are halfway through moving the jobs", Polarity.PARTIAL),
        ("we look at drift on an ad hoc basis", Polarity.PARTIAL),
        ("bias checks are ad-hoc", Polarity.PARTIAL),
    ],
)
def test_partial_cues_that_are_no_part_done(text: str, expected: Polarity) -> None:
    assert polarity(text) is expected


@pytest.mark.parametrize(
    ("text", "fact", "stated"),
    [
        ("The readings come off the kilns, not one customer's data in it.", Fact.NO_PERSONAL_DATA, True),
        ("Nobody's details are involved, it's weather data.", Fact.NO_PERSONAL_DATA, True),
        ("Nobody's data is masked before the export.", Fact.NO_PERSONAL_DATA, False),  # a gap, not the fact
        ("Each clip is discarded the instant the label comes back.", Fact.NO_STORED_DATA, True),
        ("We keep the clips until the label comes back.", Fact.NO_STORED_DATA, False),
    ],
)
def test_the_facts_said_in_two_more_ways(text: str, fact: Fact, stated: bool) -> None:
    assert (fact in stated_facts(text)) is stated


def test_a_short_label_before_a_dash_heads_what_follows() -> None:
    texts = [
        c.text for c in split_clauses("Only the batch role reads the bucket. Deletion - we never delete anything.")
    ]
    assert "Deletion" not in texts
    assert any(t.startswith("Deletion") and "never delete" in t for t in texts)
    # a clause with its own subject before the dash is a statement, not a label
    texts = [c.text for c in split_clauses("We call Bedrock. It is batch only - no endpoint at all.")]
    assert "It is batch only" in texts


@pytest.mark.parametrize(
    ("strength", "against", "expected"),
    [
        (0.05, "doubt", BPStatus.CANNOT_DETERMINE),  # named only, a doubt after it: asked about, not a half
        (0.05, "not_done", BPStatus.NOT_IMPLEMENTED),  # named only, a clause against it: what that clause says
        (0.05, None, BPStatus.IMPLEMENTED),  # nothing against it: the fact's clause keeps its reading
        (0.4, "not_done", BPStatus.PARTIALLY_IMPLEMENTED),  # a clear reading of the fact's clause: two clear halves
    ],
)
def test_a_done_named_only_in_the_facts_clause_is_no_firm_half(
    strength: float, against: str | None, expected: BPStatus
) -> None:
    stating, other = split_clauses(
        "No endpoint to guard, the scorer runs each night in a private subnet. Nobody checks who opens its output."
    )
    statements = [Statement(stating, stated_facts(stating.text))]
    assert statements[0].facts
    bp = "MLSEC06-BP01"
    items = [ClauseEvidence(stating, BPStatus.IMPLEMENTED, strength, firm=True)]
    if against == "doubt":
        items.append(ClauseEvidence(other, BPStatus.NOT_IMPLEMENTED, 0.0, primary=False, doubt=True))
    elif against == "not_done":
        items.append(ClauseEvidence(other, BPStatus.NOT_IMPLEMENTED, 0.6))
    evidence = {bp: items}
    settle([bp], evidence, statements)
    assert combine(evidence[bp]).status is expected


@pytest.mark.parametrize(
    ("question", "answer", "practice", "expected"),
    [
        # a label before a dash is not the practice said done
        (
            "MLSEC03",
            "It's all vibration data from the pumps, nothing about people. Retention - every file is kept forever.",
            "MLSEC03-BP05",
            BPStatus.NOT_IMPLEMENTED,
        ),
        (
            "MLSEC03",
            "No personal data, only flow meters. Deletion - we never delete anything.",
            "MLSEC03-BP05",
            BPStatus.NOT_IMPLEMENTED,
        ),
    ],
)
def test_no_stray_partial_beside_a_fact(
    mapping: AnswerMapping, question: str, answer: str, practice: str, expected: BPStatus
) -> None:
    assert mapping.predict(question, answer)[practice] is expected
