"""Answers that declare a question not applicable, and lists of topics said not to be a thing for us (tenth
not-applicable round, docs/review-mapping.md). The sentences are written for this test, not taken from eval/review or
from tests/review/data/unseen/not_applicable.jsonl (which judges the round); each integration case but the controls
failed on main's code before the round."""

from __future__ import annotations

import pytest

from app.review.cues import not_applicable_scope, split_clauses
from app.review.facts import Fact, stated_facts, states_consequence, strip_facts
from app.review.models import BPStatus
from app.review.reasons import (
    denied_with_what_follows,
    made_by_default,
    negation_only_in_a_trials_result,
    says_not_a_thing,
)
from app.services import AnswerMapping

CD, NA, DONE = BPStatus.CANNOT_DETERMINE, BPStatus.NOT_APPLICABLE, BPStatus.IMPLEMENTED

# --- the words -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "scope"),
    [
        ("Not applicable for us", "generic"),
        ("None of this applies", "generic"),
        ("N/A, there's no machine learning here", "generic"),  # no ML at all is the whole question
        # a declaration whose reason is a workload fact is as wide as the fact
        ("N/A - nothing gets trained here", "specific"),
        ("Not applicable, we only call Amazon Bedrock", "specific"),
        # a part of the question
        ("N/A for the labelling part", "specific"),
        ("Not applicable for the privacy bit", "specific"),
        ("Mostly N/A", "specific"),
        ("Not applicable for the most part", "specific"),
        ("Feature stores, lineage tools etc. are moot", "specific"),
        ("Canaries aren't relevant", "specific"),
    ],
)
def test_how_far_a_declaration_reaches(clause: str, scope: str) -> None:
    assert not_applicable_scope(clause) == scope


def test_a_declaration_opening_a_fact_clause_is_the_facts_framing() -> None:
    assert "N/A" not in strip_facts("N/A - nothing is trained here, the model is Amazon's")
    assert "applicable" not in strip_facts("Not applicable, we only call Amazon Bedrock")
    # a part of the question stays a claim of its own
    assert strip_facts("N/A for the labelling part, we only call Amazon Bedrock").startswith("N/A for the labelling")


@pytest.mark.parametrize(
    ("clause", "sentence", "denied"),
    [
        (
            "Canary releases, traffic shifting",
            "Canary releases, traffic shifting and the like are not a thing for us, the model is OpenAI's",
            True,
        ),
        ("A feature store for training data", "A feature store for training data and such is irrelevant here", True),
        ("Spot, checkpoints", "Spot, checkpoints and so on don't apply, we never train", True),
        # the list is what is done, or its sentence says something else of it
        (
            "Canary releases, traffic shifting",
            "Canary releases, traffic shifting and rollbacks are all automated",
            False,
        ),
        ("Canary releases", "Canary releases and the like are what we do every week", False),
        # not a bare list: a clause of its own
        ("we tag everything", "we tag everything and the like is not a thing for us", False),
    ],
)
def test_a_list_its_sentence_denies(clause: str, sentence: str, denied: bool) -> None:
    assert denied_with_what_follows(clause, sentence) is denied


def test_a_list_closed_by_etc_joins_the_predicate_that_follows() -> None:
    texts = [
        c.text for c in split_clauses("Versioned APIs, microservices etc. are not relevant, the model is on the phone.")
    ]
    assert texts[0].startswith("Versioned APIs, microservices etc. are not relevant")
    texts = [c.text for c in split_clauses("Feature stores, lineage tools etc. - none of it, we only call Bedrock.")]
    assert texts[0].startswith("Feature stores, lineage tools etc")
    assert "none of it" in texts[0]
    # a list closed by "etc." that the next sentence does not deny stays apart
    texts = [c.text for c in split_clauses("We use canaries, shadow tests etc. Rollbacks take a minute.")]
    assert texts == ["We use canaries, shadow tests etc", "Rollbacks take a minute"]


# --- what the mapper proposes ----------------------------------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        (
            "MLCOST01",
            "Not applicable, all we do is send prompts to Amazon Bedrock, nothing trained or hosted on our side.",
            "MLCOST01-BP02",
        ),
        ("MLPERF02", "Not relevant for us, we only use Amazon Comprehend as it comes.", "MLPERF02-BP02"),
        ("MLSUS02", "N/A - we just call Amazon Rekognition and nothing else.", "MLSUS02-BP01"),
    ],
)
def test_a_declaration_never_proposes_done(mapping: AnswerMapping, question_id: str, text: str, bp: str) -> None:
    """The sentence that declares the question not applicable is no evidence that the practice is done, even when
    its fact is the practice's own subject (using a managed service)."""
    assert mapping.predict(question_id, text)[bp] is not DONE


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "expected"),
    [
        (
            "MLCOST04",
            "N/A - nothing gets trained here, we only send prompts to a hosted model from Anthropic.",
            {"MLCOST04-BP07": NA, "MLCOST04-BP11": NA, "MLCOST04-BP08": CD, "MLCOST04-BP12": CD, "MLCOST04-BP13": CD},
        ),
        (
            "MLSEC04",
            "Not applicable, no training happens here, we call a vendor's API.",
            {"MLSEC04-BP01": CD, "MLSEC04-BP02": NA, "MLSEC04-BP03": NA},
        ),
        (
            "MLSUS03",
            "N/A - nothing is kept, the recordings are transcribed in memory and dropped.",
            {"MLSUS03-BP01": CD, "MLSUS03-BP02": NA, "MLSUS03-BP03": NA},
        ),
        (
            "MLSEC03",
            "Not applicable for the privacy part: the data is sensor readings from pumps, nothing personal.",
            {"MLSEC03-BP01": CD, "MLSEC03-BP03": NA, "MLSEC03-BP05": CD},
        ),
        # controls: no fact, or no ML at all, is the whole question
        ("MLREL05", "Not applicable for us.", {"MLREL05-BP01": NA, "MLREL05-BP02": NA}),
        ("MLPERF01", "N/A, there's no machine learning here, it's a spreadsheet formula.", {"MLPERF01-BP01": NA}),
    ],
)
def test_a_declaration_reaches_what_its_fact_makes_moot(
    mapping: AnswerMapping, question_id: str, text: str, expected: dict[str, BPStatus]
) -> None:
    """Labelling guide rule 2: the whole question is not applicable only when every practice is; a declaration given
    with a workload fact as its reason leaves the practices the fact does not reach to what the answer says."""
    proposed = mapping.predict(question_id, text)
    assert {bp: proposed[bp] for bp in expected} == expected


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text"),
    [
        (
            "MLREL04",
            "Canary releases, traffic shifting and the like are not a thing for us, the model is OpenAI's and we only "
            "call it.",
        ),
        (
            "MLREL01",
            "Versioned APIs, microservices etc. are not relevant, the model is bundled in the Android app and runs "
            "offline.",
        ),
        (
            "MLSUS04",
            "Hyperparameter searches, checkpoints etc. - none of it, the model is a pre-trained one we use as is.",
        ),
    ],
)
def test_a_denied_list_names_nothing_done(mapping: AnswerMapping, question_id: str, text: str) -> None:
    proposed = mapping.predict(question_id, text)
    assert all(status is NA for status in proposed.values()), proposed


@pytest.mark.integration
def test_a_bad_state_after_a_fact_stays_a_gap(mapping: AnswerMapping) -> None:
    """Dropping a "not done" read only because the clause resembles a gap ("Our ML account is isolated …") was
    measured and not kept: next to a fact it also dropped bad states said without a negation word."""
    text = "We only call Bedrock. Everyone shares one admin role in the ML account."
    assert mapping.predict("MLSEC04", text)["MLSEC04-BP01"] is BPStatus.NOT_IMPLEMENTED


# --- reasons and facts met this round --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "weighed"),
    [
        ("we benchmarked Inferentia and it didn't beat the GPUs on cost", True),
        ("We ran a spike with a classifier and it was no better than the keyword rules", True),
        ("we piloted a forecast model, it wasn't worth the upkeep", True),
        # no trial, or a gap of its own beside the result
        ("we never tried canaries", False),
        ("we tried a model, it was no better, and nobody wrote it down", False),
        ("the model is no better than last year's", False),
    ],
)
def test_a_trials_negative_result_is_the_weighing_done(text: str, weighed: bool) -> None:
    assert negation_only_in_a_trials_result(text) is weighed


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("training and serving are done by the vendor", {Fact.NO_TRAINING, Fact.NO_HOSTING, Fact.NO_ENDPOINT}),
        ("hosting is handled by our partner", {Fact.NO_HOSTING, Fact.NO_ENDPOINT}),
        ("an open-source model from a vendor, used as is and running on our own EC2 instances", {Fact.NO_TRAINING}),
        ("the readings come from pumps, no customer or staff data in it", {Fact.NO_PERSONAL_DATA}),
        ("we have no customer records yet", set()),
    ],
)
def test_facts_met_this_round(text: str, facts: set[Fact]) -> None:
    assert stated_facts(text) == frozenset(facts)


@pytest.mark.integration
def test_a_trial_with_a_negative_result_next_to_a_fact_is_the_decision_made(mapping: AnswerMapping) -> None:
    text = "Not applicable, it's a rules engine. We tested an ML model against the rules and it didn't beat them."
    assert mapping.predict("MLCOST02", text)["MLCOST02-BP01"] is DONE


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("shadow tests and the like simply are not a thing for us", True),
        ("model compilation isn't really a thing here", True),
        ("lineage tooling is not a thing for us yet", False),  # not yet: a gap
        ("a thing for us is the monthly budget", False),
    ],
)
def test_not_a_thing_for_us(text: str, said: bool) -> None:
    assert says_not_a_thing(text) is said


@pytest.mark.integration
def test_not_a_thing_for_us_after_a_fact_is_not_a_gap_nor_moot_where_the_fact_leaves_the_practice(
    mapping: AnswerMapping,
) -> None:
    """Batch only leaves how a new version replaces the old one standing (guide rule 17, eval/review/README.md;
    `revd-353`, `revd-1711`): a "not a thing for us" beside that fact neither removes it nor says it is not done."""
    text = (
        "We never deploy an endpoint, predictions are written to a table every night, so shadow tests, traffic "
        "shifting and the like simply are not a thing for us."
    )
    assert mapping.predict("MLREL04", text)["MLREL04-BP02"] is CD


@pytest.mark.integration
def test_the_facts_clause_says_nothing_else_done_by_its_second_best_match(mapping: AnswerMapping) -> None:
    """ "The vendor trains the model on its own data" is about the fact; its second-best match (a data catalog, from
    "data") is no evidence that the catalog is used."""
    text = "The vendor trains the model on its own data. Our input files go through a Glue job every night."
    assert mapping.predict("MLREL02", text)["MLREL02-BP01"] is not DONE


@pytest.mark.parametrize(
    ("text", "explained"),
    [
        ("so patching and scaling it is on them", True),
        ("keeping it fast is the provider's responsibility", True),
        ("the alerting is on the vendor", True),
        ("the dashboard is on the wall", False),
        ("scaling is on our list", False),
    ],
)
def test_work_said_to_be_someone_elses(text: str, explained: bool) -> None:
    assert states_consequence(text, explained=True) is explained


@pytest.mark.integration
def test_work_said_to_be_the_vendors_after_a_fact_is_not_applicable(mapping: AnswerMapping) -> None:
    text = "The provider hosts the model and we only call it, so autoscaling and rollback are on them."
    assert mapping.predict("MLREL05", text)["MLREL05-BP01"] is NA


@pytest.mark.parametrize(
    ("text", "by_default"),
    [
        ("The region was picked because the rest of our stack already lived there", True),
        ("it runs in us-east-2 since the rest of the platform is there", True),
        ("we chose it since the rest of the data is there", False),  # data locality, the practice
        ("we picked eu-north-1 because the rest of the grid is green", False),
    ],
)
def test_the_rest_of_our_stack_is_a_choice_by_default(text: str, by_default: bool) -> None:
    assert made_by_default(text) is by_default
