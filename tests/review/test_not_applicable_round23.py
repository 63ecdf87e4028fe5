"""Session 20 (na20), not-applicable answers (docs/review-mapping.md): words of partial doing that say no part of the
practice is done, beside a stated fact and elsewhere ("half" as a measure of time, a partial word only inside the reason
for a state), and a one- or two-word label before a dash later in the answer, which leads into what follows instead of
reading as a statement of its own. Sentences written for this test, not eval rows, not the measuring sets of
tests/review/data/unseen/."""

from __future__ import annotations

import pytest

from app.review.cues import Polarity, polarity, split_clauses
from app.review.models import BPStatus
from app.review.reasons import partly_only_in_reason
from app.services import AnswerMapping


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "half" as a measure of time says nothing of how much of the practice is done
        ("ops agreed that a half-minute wait is acceptable", Polarity.POSITIVE),
        ("half an hour after the run, the report is mailed to the owners", Polarity.POSITIVE),
        ("a half-hourly job compares the caller counts", Polarity.POSITIVE),
        ("the answer may take half a day", Polarity.POSITIVE),
        # a half of the estate still is a part
        ("half of the endpoints have alarms", Polarity.PARTIAL),
        ("we tagged half the notebooks", Polarity.PARTIAL),
        ("the rollout is halfway done", Polarity.PARTIAL),
    ],
)
def test_half_as_a_measure_of_time_is_not_partial(text: str, expected: Polarity) -> None:
    assert polarity(text) is expected


@pytest.mark.parametrize(
    ("text", "partly"),
    [
        # the partial word is inside the reason: the state before it is said whole
        ("the cluster sits in Oslo because the power there is mainly hydro", True),
        ("we encrypt every bucket since most of them hold customer files", True),
        # the part comes before the reason, or the reason opens the clause (a time), or the state is denied
        ("only some buckets are encrypted because the rest hold nothing sensitive", False),
        ("since May we tag most of the notebooks", False),
        ("it isn't in Oslo because the grid there is mostly coal", False),
    ],
)
def test_a_partial_word_only_inside_the_reason(text: str, partly: bool) -> None:
    assert partly_only_in_reason(text) is partly


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare label before a dash, later in the answer, leads into what follows
        (
            "We only call a hosted model. Deletion - the uploads stay for good.",
            ["We only call a hosted model", "Deletion - the uploads stay for good"],
        ),
        (
            "Nothing is trained here. Cost tags — every notebook carries one.",
            ["Nothing is trained here", "Cost tags — every notebook carries one"],
        ),
        # a pronoun before an aside is the subject of what follows the aside, not a label
        (
            "We serve it ourselves. Everything — the parser, the model, the ranker — sits in one image.",
            ["We serve it ourselves", "Everything", "the parser, the model, the ranker", "sits in one image"],
        ),
    ],
)
def test_a_short_label_before_a_dash_joins_what_follows(text: str, expected: list[str]) -> None:
    assert [c.text for c in split_clauses(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a "though" between commas followed by a result: the result is no contrast with the clause it follows from
        (
            "The bill lands on a single card, though, so no one can tell the teams apart.",
            [("The bill lands on a single card", False), ("so no one can tell the teams apart", False)],
        ),
        # followed by anything else it still sets what follows against what came before
        (
            "The drift report is mailed weekly, though, nobody opens it.",
            [("The drift report is mailed weekly", False), ("nobody opens it", True)],
        ),
    ],
)
def test_a_result_after_an_inserted_though_is_no_contrast(text: str, expected: list[tuple[str, bool]]) -> None:
    assert [(c.text, c.contrast) for c in split_clauses(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # half the company reaching the data is no narrower than the whole of it: a bad state, not a part done
        ("the feature store is readable by half the analytics org", Polarity.NEGATIVE),
        ("half the company can open the raw exports", Polarity.NEGATIVE),
        ("the exports sit where half the staff can read them and nobody checks", Polarity.NEGATIVE),
        ("half of the exports are masked", Polarity.PARTIAL),
    ],
)
def test_half_the_company_with_access_is_a_bad_state(text: str, expected: Polarity) -> None:
    assert polarity(text) is expected


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        # a label before a dash, then a bad state (main: the label read as done, the whole as partly done)
        (
            "MLSEC03",
            "The model comes from a vendor's API, nothing trained here. Deletion - the raw uploads stay in the bucket "
            "for good, nobody has set an expiry.",
            {"MLSEC03-BP05": BPStatus.NOT_IMPLEMENTED},
        ),
        # a partial word only inside the reason for where the workload runs (main: partly)
        (
            "MLSUS02",
            "We only call Amazon Translate. The workload sits in Stockholm since the grid up there is mostly "
            "renewable.",
            {"MLSUS02-BP01": BPStatus.IMPLEMENTED, "MLSUS02-BP02": BPStatus.IMPLEMENTED},
        ),
        # "half" as a measure of time in a service level agreed beside the fact (main: partly)
        (
            "MLSUS05",
            "It all happens on the phone, no servers. Product accepted a half-minute wait for the weekly summary, and "
            "that is in the requirements.",
            {"MLSUS05-BP01": BPStatus.IMPLEMENTED, "MLSUS05-BP02": BPStatus.NOT_APPLICABLE},
        ),
    ],
)
def test_partial_wording_that_says_no_part_is_done(
    mapping: AnswerMapping, question: str, answer: str, expected: dict[str, BPStatus]
) -> None:
    predicted = mapping.predict(question, answer)
    assert {bp_id: predicted[bp_id] for bp_id in expected} == expected


@pytest.mark.integration
def test_half_an_hour_beside_a_fact_makes_no_partial(mapping: AnswerMapping) -> None:
    answer = (
        "The model runs only as a batch each night, nothing is served live. A half-hour after each run, the outputs go "
        "into a table only the billing role can read."
    )
    assert BPStatus.PARTIALLY_IMPLEMENTED not in set(mapping.predict("MLSEC06", answer).values())
