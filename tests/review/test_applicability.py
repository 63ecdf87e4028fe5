"""Not-applicable proposals from facts about the workload, through the no-LLM mapper (hash embedder, real lens
questions, interview content written for the tests): the practices a fact makes moot are proposed as not applicable
with the fact's WA Tool reason, the others keep what the rest of the answer says, and a moot practice the answer
clearly says is done keeps that.

The sentences here are written for the tests, not taken from eval/review.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.lens.interview import PracticeContent, QuestionContent
from app.lens.loader import load_lens
from app.lens.models import Lens
from app.retrieval.hash_embedder import HashEmbedder
from app.review.embedding_mapper import EmbeddingMapper
from app.review.models import BPAnswer, BPStatus, NAReason, WorkloadProfile
from app.review.profile import suggest_not_applicable

REPO = Path(__file__).resolve().parents[2]
NA = BPStatus.NOT_APPLICABLE


@pytest.fixture(scope="module")
def real_lens() -> Lens:
    return load_lens(REPO / "corpus")


def content(question_id: str, practices: dict[str, tuple[str, list[str]]]) -> QuestionContent:
    return QuestionContent(
        question_id=question_id,
        title="t",
        opening="o",
        practices={
            bp_id: PracticeContent(label=label, follow_up="?", signals=tuple(signals))
            for bp_id, (label, signals) in practices.items()
        },
    )


HOSTING = content(
    "MLSUS05",
    {
        "MLSUS05-BP01": ("latency targets agreed with the business", ["we agreed latency targets with the business"]),
        "MLSUS05-BP02": ("models run on efficient chips", ["inference runs on graviton chips"]),
        "MLSUS05-BP03": ("models are quantised before serving", ["we quantise the model to int8 before shipping"]),
        "MLSUS05-BP04": ("models share one endpoint", ["several models share one endpoint"]),
    },
)
ACCESS = content(
    "MLSEC06",
    {
        "MLSEC06-BP01": ("only authorised callers invoke the model", ["only one role may invoke the model"]),
        "MLSEC06-BP02": ("data access is logged and watched", ["someone watches who reads the data bucket"]),
    },
)


def propose(lens: Lens, question_id: str, qc: QuestionContent, text: str) -> dict[str, BPAnswer]:
    question = lens.question(question_id)
    assert question is not None
    return EmbeddingMapper(HashEmbedder()).map_answer(question, qc, text).practices


def statuses(answers: dict[str, BPAnswer]) -> dict[str, BPStatus]:
    return {bp_id: answer.status for bp_id, answer in answers.items()}


def test_a_fact_makes_only_its_practices_moot(real_lens: Lens) -> None:
    """On the device: no endpoint to share and no silicon to choose (labelling guide rules 11 and 15), but quantising
    the model still applies, and the latency target is still unknown."""
    answers = propose(
        real_lens, "MLSUS05", HOSTING, "The model runs on the phone. We quantise the model to int8 before shipping."
    )
    assert statuses(answers) == {
        "MLSUS05-BP01": BPStatus.CANNOT_DETERMINE,
        "MLSUS05-BP02": NA,
        "MLSUS05-BP03": BPStatus.IMPLEMENTED,
        "MLSUS05-BP04": NA,
    }
    assert {a.na_reason for a in answers.values() if a.status is NA} == {NAReason.ARCHITECTURE_CONSTRAINTS}
    assert answers["MLSUS05-BP04"].quote == "The model runs on the phone"


def test_a_moot_practice_the_answer_says_is_done_keeps_its_status(real_lens: Lens) -> None:
    text = "We only call Bedrock, but we agreed latency targets with the business."
    assert statuses(propose(real_lens, "MLSUS05", HOSTING, text)) == {
        "MLSUS05-BP01": BPStatus.IMPLEMENTED,
        "MLSUS05-BP02": NA,
        "MLSUS05-BP03": NA,
        "MLSUS05-BP04": NA,
    }


def test_practices_the_fact_does_not_make_moot_keep_the_rest_of_the_answer(real_lens: Lens) -> None:
    """Calling a managed API says nothing about who may call it or who watches the data."""
    text = "We only call a managed AI API. Nobody watches who reads the data bucket."
    assert statuses(propose(real_lens, "MLSEC06", ACCESS, text)) == {
        "MLSEC06-BP01": BPStatus.CANNOT_DETERMINE,
        "MLSEC06-BP02": BPStatus.NOT_IMPLEMENTED,
    }
    text = "We only call Bedrock, and only one role may invoke the model."
    assert statuses(propose(real_lens, "MLSEC06", ACCESS, text))["MLSEC06-BP01"] is BPStatus.IMPLEMENTED


def test_the_whole_question_when_the_fact_removes_its_subject(real_lens: Lens) -> None:
    # lean model development (MLSUS04) is about training as a whole; a governed ML environment (MLSEC04-BP01) is not
    # (labelling guide rule 14)
    lean_development = content("MLSUS04", {})
    answers = propose(
        real_lens, "MLSUS04", lean_development, "No training happens here, we use a vendor's hosted model."
    )
    assert set(statuses(answers).values()) == {NA}
    assert {a.na_reason for a in answers.values()} == {NAReason.ARCHITECTURE_CONSTRAINTS}


def test_a_consequence_of_the_fact_is_not_a_gap(real_lens: Lens) -> None:
    """ "No training here, so nothing is stopped early or tuned" states why, it does not confess a gap."""
    text = "We don't train anything ourselves, so there are no experiments to stop early and no tuning jobs."
    assert set(statuses(propose(real_lens, "MLSUS04", content("MLSUS04", {}), text)).values()) == {NA}


def test_reasons_follow_the_fact(real_lens: Lens) -> None:
    prototype = propose(real_lens, "MLOPS06", content("MLOPS06", {}), "It's a prototype in a sandbox account.")
    assert {(a.status, a.na_reason) for a in prototype.values()} == {(NA, NAReason.BUSINESS_PRIORITIES)}
    public = propose(real_lens, "MLSEC02", content("MLSEC02", {}), "The dataset is public weather data.")
    assert {(a.status, a.na_reason) for a in public.values()} == {(NA, NAReason.OUT_OF_SCOPE)}


def test_using_a_managed_service_is_the_practice_not_a_reason_to_skip_it(real_lens: Lens) -> None:
    prefer = content(
        "MLSUS02",
        {
            "MLSUS02-BP01": (
                "ai services or pre-trained models are used",
                ["we use bedrock instead of training our own"],
            ),
            "MLSUS02-BP02": ("regions picked for carbon", ["region picked for a low carbon grid"]),
        },
    )
    answers = propose(real_lens, "MLSUS02", prefer, "We use Bedrock instead of training our own.")
    assert answers["MLSUS02-BP01"].status is BPStatus.IMPLEMENTED
    assert answers["MLSUS02-BP02"].status is BPStatus.CANNOT_DETERMINE


def test_no_fact_no_proposal(real_lens: Lens) -> None:
    text = "We considered running it on the phones. Several models share one endpoint."
    answers = statuses(propose(real_lens, "MLSUS05", HOSTING, text))
    assert NA not in answers.values() and answers["MLSUS05-BP04"] is BPStatus.IMPLEMENTED


def test_the_profile_proposes_from_the_same_table(real_lens: Lens) -> None:
    """A managed-AI-only profile is the managed-model fact stated once: it hosts nothing either."""
    question = real_lens.question("MLCOST05")
    assert question is not None
    suggested = suggest_not_applicable(WorkloadProfile(name="w", managed_ai_only=True), question)
    assert set(suggested) == {bp.id for bp in question.best_practices}


BUILDING = content(
    "MLREL03",
    {
        "MLREL03-BP03": ("models are validated on realistic data", ["we validate the model on realistic data"]),
        "MLREL03-BP04": ("data is checked for bias", ["bias checks run on the data", "we check the data for bias"]),
    },
)
SERVING = content(
    "MLPERF05",
    {
        "MLPERF05-BP01": ("cloud or edge was decided", ["we compared cloud and edge inference"]),
        "MLPERF05-BP02": ("the cloud inference option fits", ["we use real-time endpoints", "batch jobs for scoring"]),
    },
)
REVIEW = content(
    "MLPERF06",
    {
        "MLPERF06-BP01": ("people review predictions", ["a reviewer checks a sample of the outputs"]),
        "MLPERF06-BP05": ("retraining starts on drift", ["retraining starts when drift is found"]),
    },
)


def test_an_absence_the_fact_explains_is_not_applicable(real_lens: Lens) -> None:
    """ "A vendor's model, so there are no bias checks on our side": the check has no subject here, it is not a gap."""
    text = "We use a vendor's hosted model, so there are no bias checks on our side."
    answers = propose(real_lens, "MLREL03", BUILDING, text)
    assert answers["MLREL03-BP04"].status is NA
    assert answers["MLREL03-BP04"].na_reason is NAReason.ARCHITECTURE_CONSTRAINTS
    assert answers["MLREL03-BP03"].status is BPStatus.CANNOT_DETERMINE
    on_device = propose(
        real_lens, "MLPERF05", SERVING, "It runs on the phone, so there are no real-time endpoints to pick."
    )
    assert on_device["MLPERF05-BP02"].status is NA


def test_a_gap_next_to_a_fact_stays_a_gap(real_lens: Lens) -> None:
    for text in (
        "We only call a managed AI API; there's no process where a reviewer checks a sample of the outputs.",
        "We only call a managed AI API. Nobody checks a sample of the outputs.",
    ):
        answers = propose(real_lens, "MLPERF06", REVIEW, text)
        assert answers["MLPERF06-BP01"].status is BPStatus.NOT_IMPLEMENTED, text
        assert answers["MLPERF06-BP05"].status is NA, text


def test_the_same_absence_without_a_fact_is_a_gap(real_lens: Lens) -> None:
    answers = propose(real_lens, "MLREL03", BUILDING, "There are no bias checks on our side.")
    assert answers["MLREL03-BP04"].status is BPStatus.NOT_IMPLEMENTED


def test_a_fact_about_one_part_makes_nothing_moot(real_lens: Lens) -> None:
    text = (
        "We use real-time endpoints for batch jobs too. For the doorbells we ended up running the model on the device."
    )
    assert propose(real_lens, "MLPERF05", SERVING, text)["MLPERF05-BP02"].status is not NA


def test_an_absence_beside_what_is_done_explains_something_else(real_lens: Lens) -> None:
    """ "A vendor's model, so no bias checks of ours to run; we validate it on realistic data": the absence is not a
    doubt on the validation the answer says is done."""
    text = (
        "We use a vendor's hosted model, so there are no bias checks of ours to run."
        " We validate the model on realistic data."
    )
    answers = propose(real_lens, "MLREL03", BUILDING, text)
    assert answers["MLREL03-BP03"].status is BPStatus.IMPLEMENTED
    assert answers["MLREL03-BP04"].status is NA


def test_what_is_said_to_be_someone_elses_is_not_applicable(real_lens: Lens) -> None:
    text = "The vendor trains and hosts the model, so retraining when drift is found is out of our hands."
    assert propose(real_lens, "MLPERF06", REVIEW, text)["MLPERF06-BP05"].status is NA


def test_a_named_practice_that_is_moot_is_not_the_whole_question(real_lens: Lens) -> None:
    """ "Labelling is a non-issue" says one practice does not apply, not the whole question."""
    prep = content(
        "MLCOST03",
        {
            "MLCOST03-BP01": ("labelling uses a managed service", ["labelling runs in a managed labelling service"]),
            "MLCOST03-BP02": ("low-code tools explore the data", ["we explore the data in a low-code tool"]),
            "MLCOST03-BP03": ("data processing runs as managed jobs", ["processing runs as managed jobs"]),
            "MLCOST03-BP04": ("features are reused", ["features are shared in a feature store"]),
        },
    )
    for text in ("Labelling is a non-issue for us.", "Labelling is moot here.", "Labelling is irrelevant."):
        answers = statuses(propose(real_lens, "MLCOST03", prep, text + " We explore the data in a low-code tool."))
        assert answers["MLCOST03-BP03"] is BPStatus.CANNOT_DETERMINE, text
        assert answers["MLCOST03-BP04"] is BPStatus.CANNOT_DETERMINE, text


def test_none_of_an_area_of_the_question_is_the_whole_question(real_lens: Lens) -> None:
    """Budgets and idle resources are not moot without training, but the user may say the whole area is."""
    dev_cost = content("MLCOST04", {})
    plain = statuses(propose(real_lens, "MLCOST04", dev_cost, "We don't train models, we call a vendor API."))
    assert plain["MLCOST04-BP12"] is BPStatus.CANNOT_DETERMINE and plain["MLCOST04-BP06"] is NA
    text = "We don't train models, so none of the development-cost side is relevant for us."
    assert set(statuses(propose(real_lens, "MLCOST04", dev_cost, text)).values()) == {NA}


def test_no_ml_at_all_leaves_the_decision_against_ml(real_lens: Lens) -> None:
    framing = content(
        "MLCOST02",
        {
            "MLCOST02-BP01": ("ml was compared with simpler options", ["we compared ml with simple rules first"]),
            "MLCOST02-BP02": ("custom and pre-trained models compared", ["we compared custom and pre-trained models"]),
        },
    )
    answers = propose(real_lens, "MLCOST02", framing, "It's a rules engine, there is no ML anywhere.")
    assert answers["MLCOST02-BP02"].status is NA and answers["MLCOST02-BP02"].na_reason is NAReason.OUT_OF_SCOPE
    assert answers["MLCOST02-BP01"].status is not NA


PRIVACY = content(
    "MLSEC03",
    {
        "MLSEC03-BP03": ("personal fields are masked", ["names are masked before the data is used"]),
        "MLSEC03-BP05": ("only needed data is kept", ["old data is deleted on a schedule"]),
    },
)


def test_a_gap_set_against_the_fact_is_not_moot(real_lens: Lens) -> None:
    """ "We only call a managed API and keep nothing, but nobody masks the names": the facts make retention moot, but
    the user says a practice is not done, and that is a risk to show, not a consequence. (Masking outlives the managed
    API anyway: labelling guide rule 13.)"""
    text = "We only call a managed API and keep nothing, but nobody masks the names before the data is used."
    answers = statuses(propose(real_lens, "MLSEC03", PRIVACY, text))
    assert answers["MLSEC03-BP03"] is BPStatus.NOT_IMPLEMENTED
    assert answers["MLSEC03-BP05"] is NA
    # without the fact that nothing is kept, retention is unknown: the managed API does not make it moot (rule 13)
    text = "We only call a managed API, but nobody masks the names before the data is used."
    answers = statuses(propose(real_lens, "MLSEC03", PRIVACY, text))
    assert answers["MLSEC03-BP03"] is BPStatus.NOT_IMPLEMENTED
    assert answers["MLSEC03-BP05"] is BPStatus.CANNOT_DETERMINE


def test_an_absence_introduced_as_a_result_is_the_facts_consequence(real_lens: Lens) -> None:
    text = "We use a vendor's hosted model, so we never check the data for bias."
    assert propose(real_lens, "MLREL03", BUILDING, text)["MLREL03-BP04"].status is NA
    assert propose(real_lens, "MLREL03", BUILDING, "We never check the data for bias.")["MLREL03-BP04"].status is (
        BPStatus.NOT_IMPLEMENTED
    )


def test_a_gap_set_against_the_fact_keeps_a_moot_practice_not_done(real_lens: Lens) -> None:
    """A practice the fact makes moot (sharing an endpoint, when the model runs on the phone) that a clause set against
    the fact says is not done keeps "not implemented"; said without the contrast, it is the fact's consequence."""
    text = "The model runs on the phone, but several models never share one endpoint."
    assert statuses(propose(real_lens, "MLSUS05", HOSTING, text))["MLSUS05-BP04"] is BPStatus.NOT_IMPLEMENTED
    text = "The model runs on the phone, so several models never share one endpoint."
    assert statuses(propose(real_lens, "MLSUS05", HOSTING, text))["MLSUS05-BP04"] is NA
