"""Twenty-second not-applicable round (docs/review-mapping.md): a "though" closing its clause sets that clause against
what came before (often a stated fact), not what follows against it; a subject or a topic cut off by "though" is read
with what is said of it; one role reaching every store is a bad state; and a "not done" read only from resemblance to
a gap makes no "partially" with a clause saying the practice is done. Sentences written for this test, not eval rows,
not the measuring sets of tests/review/data/unseen/."""

from __future__ import annotations

import pytest

from app.review.cues import Clause, split_clauses, states_bad_practice
from app.review.mapping import ClauseEvidence, combine
from app.review.models import BPStatus
from app.services import AnswerMapping


def _clauses(text: str) -> list[tuple[str, bool]]:
    return [(c.text, c.contrast) for c in split_clauses(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a closing "though" (punctuation after it): what follows is no contrast with the clause it closes
        (
            "The reviewers do read a sample every week though, they flag about five a day.",
            [("The reviewers do read a sample every week", False), ("they flag about five a day", False)],
        ),
        (
            "Budgets are set per team though: finance owns them and checks them monthly.",
            [("Budgets are set per team", False), ("finance owns them and checks them monthly", False)],
        ),
        (
            "The pipeline did get rebuilt in CDK though, and every change goes through review.",
            [("The pipeline did get rebuilt in CDK", False), ("and every change goes through review", False)],
        ),
        # a "though" that joins two clauses stays a contrast
        (
            "We log every request, though nobody reads the logs.",
            [("We log every request", False), ("nobody reads the logs", True)],
        ),
        (
            "Alerts are configured but they go to an archived channel.",
            [("Alerts are configured", False), ("they go to an archived channel", True)],
        ),
    ],
)
def test_a_closing_though_is_no_contrast_with_what_follows(text: str, expected: list[tuple[str, bool]]) -> None:
    assert _clauses(text) == expected


@pytest.mark.parametrize(
    ("text", "expected", "topic"),
    [
        # a subject cut off by "though" joins its predicate, whatever its length
        ("The staging account though is wide open to every developer.", None, None),
        ("The feature bucket, though, can be read by any notebook.", None, None),
        # a topic before a closing "though" is what the whole is about
        (
            "Which version is live though, nobody could tell you.",
            "Which version is live though, nobody could tell you",
            "Which version is live",
        ),
        ("Cost per model though - never measured it.", "Cost per model though - never measured it", "Cost per model"),
    ],
)
def test_a_topic_cut_off_by_though_is_read_with_what_is_said_of_it(
    text: str, expected: str | None, topic: str | None
) -> None:
    clauses = split_clauses(text)
    assert len(clauses) == 1
    assert clauses[0].text == (expected or text.rstrip("."))
    assert clauses[0].topic == (topic or clauses[0].text)
    assert not clauses[0].contrast


@pytest.mark.parametrize(
    "text",
    [
        # a clause of its own before a closing "though" is not a topic
        "Test endpoints stay up over the holidays though, and nobody minds.",
        "When the drift alert fires though, someone retrains by hand.",
        "Keeping a pile of old checkpoints around though, nobody has deleted them.",
    ],
)
def test_a_clause_before_a_closing_though_is_not_taken_for_a_topic(text: str) -> None:
    assert len(split_clauses(text)) == 2


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("The inference role can read every bucket in the account.", True),
        ("Each training job can write any table in the warehouse.", True),
        ("The Lambda can access all the secrets in the account.", True),
        ("The feature table is readable by the whole company.", True),
        # what the work needs, one named store, or a denial: no bad state
        ("The job can read all the tables it needs.", False),
        ("Only the ingestion role can read the raw bucket.", False),
        ("No role can read every bucket.", False),
        ("We can see every request in the traces.", False),
    ],
)
def test_one_role_reaching_every_store_is_a_bad_state(text: str, bad: bool) -> None:
    assert states_bad_practice(text) is bad


def _evidence(status: BPStatus, *, firm: bool = True, tentative: bool = False) -> ClauseEvidence:
    clause = Clause("some words", 0, False)
    return ClauseEvidence(clause, status, 0.6, firm=firm, tentative=tentative)


def test_a_tentative_not_done_makes_no_partially_with_a_done() -> None:
    tentative = _evidence(BPStatus.NOT_IMPLEMENTED, tentative=True)
    # firm "done": proposed as done
    assert combine([_evidence(BPStatus.IMPLEMENTED), tentative]).status is BPStatus.IMPLEMENTED
    # loose "done": asked about, not "partially"
    loose = combine([_evidence(BPStatus.IMPLEMENTED, firm=False), tentative])
    assert loose.status is BPStatus.CANNOT_DETERMINE and loose.quote
    # a real "not done" still makes a "partially", and a tentative one alone stays "not done"
    real = _evidence(BPStatus.NOT_IMPLEMENTED)
    assert combine([_evidence(BPStatus.IMPLEMENTED), real]).status is BPStatus.PARTIALLY_IMPLEMENTED
    assert combine([tentative]).status is BPStatus.NOT_IMPLEMENTED


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        # a practice said done in a clause closed by "though", beside a fact: what follows it is no contrast casting
        # doubt on it, so done, not partly (main: partially)
        (
            "MLCOST03",
            "Nothing is labelled and no features are built, we call the vendor's model as is. The analysts do explore "
            "the data in SageMaker Canvas though, they find it quick.",
            {
                "MLCOST03-BP01": BPStatus.NOT_APPLICABLE,
                "MLCOST03-BP02": BPStatus.IMPLEMENTED,
                "MLCOST03-BP04": BPStatus.NOT_APPLICABLE,
            },
        ),
        # a subject cut off by "though", beside a fact, read with its predicate: a gap set against the fact, about
        # who may read the data (main: the subject and the predicate read apart, the gap put on another practice)
        (
            "MLSEC03",
            "No personal data at all, it's pressure readings. The training bucket though is readable by the whole "
            "company.",
            {"MLSEC03-BP01": BPStatus.NOT_IMPLEMENTED, "MLSEC03-BP03": BPStatus.NOT_APPLICABLE},
        ),
    ],
)
def test_though_beside_a_fact_makes_no_false_partial(
    mapping: AnswerMapping, question: str, answer: str, expected: dict[str, BPStatus]
) -> None:
    predicted = mapping.predict(question, answer)
    assert {bp_id: predicted[bp_id] for bp_id in expected} == expected
