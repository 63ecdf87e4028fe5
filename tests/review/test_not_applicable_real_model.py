"""Not-applicable answers with the shipped model and interview content: what the user says is done next to a fact
about the workload stays done, a bad state said with an emphatic "do" is never done, and an absence the stated fact
explains is not a gap. The sentences are written for this test, not taken from eval/review."""

from __future__ import annotations

import pytest

from app.review.mapping import propose
from app.review.models import BPAnswer, BPStatus, NAReason
from app.services import AnswerMapping

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        # an emphatic "do" after a fact: the user insists it is done (a negatively worded gap is no rival)
        (
            "MLPERF06",
            "We can't retrain the vendor's model, that part is moot; we do have two analysts review a sample of its "
            "answers every Friday.",
            "MLPERF06-BP01",
        ),
        (
            "MLSUS05",
            "The model is the provider's hosted API, so hosting is not our concern, though we did agree a one-second "
            "response target with the product owner.",
            "MLSUS05-BP01",
        ),
        (
            "MLCOST04",
            "Nothing is trained here, the model is an open-source one used as downloaded. The team does have a "
            "monthly budget with alerts, and every resource carries a cost-centre tag.",
            "MLCOST04-BP12",
        ),
    ],
)
def test_done_next_to_a_fact_is_implemented(mapping: AnswerMapping, question_id: str, text: str, bp: str) -> None:
    assert mapping.predict(question_id, text)[bp] is BPStatus.IMPLEMENTED


@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        ("MLSEC03", "We do share one IAM role across all projects.", "MLSEC03-BP01"),
        ("MLREL02", "We do copy the training data by hand from a laptop.", "MLREL02-BP02"),
        ("MLOPS03", "We do keep experiment results in a spreadsheet when we remember.", "MLOPS03-BP02"),
        ("MLPERF06", "We do look at the outputs, when a customer complains.", "MLPERF06-BP01"),
        ("MLSEC04", "We did have network isolation once, it broke.", "MLSEC04-BP02"),
        ("MLCOST04", "We do leave the notebooks running over the weekend.", "MLCOST04-BP08"),
        ("MLREL04", "We do deploy straight to production, all traffic at once.", "MLREL04-BP02"),
        ("MLSEC05", "We did think about input validation, but it never got built.", "MLSEC05-BP01"),
        ("MLCOST04", "We don't train anything. We do leave the one notebook running all weekend.", "MLCOST04-BP08"),
        ("MLPERF06", "We only call Bedrock. We do look at the outputs when a customer complains.", "MLPERF06-BP01"),
    ],
)
def test_a_bad_state_said_with_an_emphatic_do_is_never_implemented(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    assert mapping.predict(question_id, text)[bp] is not BPStatus.IMPLEMENTED


def _proposal(mapping: AnswerMapping, question_id: str, text: str) -> dict[str, BPAnswer]:
    question = mapping.lens.question(question_id)
    assert question is not None
    return propose(mapping.mapper, question, mapping.interview.content(question), text, {}).practices


@pytest.mark.parametrize(
    ("question_id", "text", "bp", "reason"),
    [
        # an absence the stated fact explains, though its words are far from the practice's: not a gap (guide rule 4)
        (
            "MLPERF06",
            "The model runs on the phone itself, offline, so there is no endpoint to watch.",
            "MLPERF06-BP03",
            NAReason.ARCHITECTURE_CONSTRAINTS,
        ),
        (
            "MLPERF06",
            "Inference happens inside the kiosk app. There is no endpoint to watch.",
            "MLPERF06-BP03",
            NAReason.ARCHITECTURE_CONSTRAINTS,
        ),
        # no ML at all, said plainly
        (
            "MLCOST01",
            "There is no ML here, the ranking is a hand-written SQL view.",
            "MLCOST01-BP01",
            NAReason.OUT_OF_SCOPE,
        ),
        # training on one node, whatever the verb: no traffic between nodes to protect
        (
            "MLSEC04",
            "We fine-tune on a single p4 box, so nothing crosses between nodes.",
            "MLSEC04-BP02",
            NAReason.ARCHITECTURE_CONSTRAINTS,
        ),
    ],
)
def test_an_explained_absence_is_not_applicable_with_the_facts_reason(
    mapping: AnswerMapping, question_id: str, text: str, bp: str, reason: NAReason
) -> None:
    answer = _proposal(mapping, question_id, text)[bp]
    assert answer.status is BPStatus.NOT_APPLICABLE
    assert answer.na_reason is reason


@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        # an absence of a way of working stays a gap, fact or not (guide rules 4 and 5)
        ("MLPERF06", "We have no process to watch the outputs.", "MLPERF06-BP01"),
        ("MLPERF06", "The model runs on the phone, but nobody ever looks at what it predicts.", "MLPERF06-BP01"),
    ],
)
def test_an_absence_no_fact_explains_stays_a_gap(mapping: AnswerMapping, question_id: str, text: str, bp: str) -> None:
    assert _proposal(mapping, question_id, text)[bp].status is BPStatus.NOT_IMPLEMENTED


def test_something_done_stays_done_beside_the_absence_the_fact_explains(mapping: AnswerMapping) -> None:
    """Guide rule 6: "nothing to mask" is the fact's consequence, the encryption is done, whatever the table says."""
    text = (
        "No personal data here, only pump vibration readings, so nothing to anonymise. "
        "Storage is encrypted at rest with KMS anyway."
    )
    assert _proposal(mapping, "MLSEC02", text)["MLSEC02-BP01"].status is BPStatus.IMPLEMENTED


def test_the_facts_own_clause_gives_way_to_a_clause_about_the_practice(mapping: AnswerMapping) -> None:
    """ "No cloud inference at all" is the fact, not a latency target left undone: next to a clause about the practice
    itself it adds nothing, so the practice is not read as partly done and partly not (the eighth round's stray
    "partially implemented" in not-applicable answers)."""
    text = (
        "The keyword model is compiled into the doorbell firmware and only runs on the device, no cloud inference at "
        "all. We chose that after weighing latency against a hosted endpoint."
    )
    assert mapping.predict("MLPERF05", text)["MLPERF05-BP01"] is not BPStatus.PARTIALLY_IMPLEMENTED
    assert mapping.predict("MLPERF05", text)["MLPERF05-BP02"] is BPStatus.NOT_APPLICABLE


def test_done_and_not_done_in_clauses_of_their_own_stay_partial_next_to_a_fact(mapping: AnswerMapping) -> None:
    """Guide rule 6: a practice the answer says is partly done stays partly done in a not-applicable answer."""
    text = (
        "The model is the vendor's API and only our backend holds the key. "
        "Access to the data bucket is logged but nobody reviews the logs."
    )
    assert mapping.predict("MLSEC06", text)["MLSEC06-BP02"] is BPStatus.PARTIALLY_IMPLEMENTED


@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        # the fact stated is the practice of using a managed or pre-trained service: firm evidence that it is done
        ("MLPERF02", "We went with Amazon Comprehend rather than training a classifier of our own.", "MLPERF02-BP02"),
        ("MLSUS02", "We only call Amazon Bedrock, nothing is trained here.", "MLSUS02-BP01"),
    ],
)
def test_the_managed_service_stated_as_a_fact_is_that_practice_done(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    assert mapping.predict(question_id, text)[bp] is BPStatus.IMPLEMENTED


def test_a_managed_service_not_taken_is_no_fact(mapping: AnswerMapping) -> None:
    text = "We built our own speech recognizer instead of using Transcribe, because the team wanted to."
    assert mapping.predict("MLPERF02", text)["MLPERF02-BP02"] is not BPStatus.IMPLEMENTED


def test_no_ml_platform_of_ours_is_the_facts_consequence(mapping: AnswerMapping) -> None:
    """ "There's no SageMaker anything" after "our AI is a call to Translate" explains itself; it is not a cost
    breakdown left undone."""
    text = (
        "Our 'AI' is a call to Amazon Translate from a Lambda. There's no SageMaker anything. "
        "Every month finance compares the Translate bill with the hours the agents save."
    )
    assert mapping.predict("MLCOST06", text)["MLCOST06-BP01"] is not BPStatus.NOT_IMPLEMENTED


# Labelling guide rule 13: securing the data a workload processes outlives "no training" and a vendor's model, and the
# clause stating the fact says nothing against those practices when all it negates is the fact.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Training datasets? None at all, the model is OpenAI's and we just send it support emails to summarise.",
            {},
        ),
        (
            "We only call Bedrock, nothing is trained, and each prompt goes to the API without being stored.",
            {"MLSEC03-BP05": BPStatus.NOT_APPLICABLE},
        ),
        (
            "We only call the vendor's LLM API and nothing is trained here, but the chat logs we send it are full of "
            "phone numbers and nothing masks them.",
            {"MLSEC03-BP03": BPStatus.NOT_IMPLEMENTED},
        ),
    ],
)
def test_securing_processed_data_outlives_no_training(
    mapping: AnswerMapping, text: str, expected: dict[str, BPStatus]
) -> None:
    got = mapping.predict("MLSEC03", text)
    assert {bp: status for bp, status in got.items() if status is not BPStatus.CANNOT_DETERMINE} == expected


@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        (
            "MLOPS04",
            "Nothing is trained or deployed by us, it's all calls to Comprehend from a Lambda, so there's no model "
            "pipeline to automate.",
            "MLOPS04-BP01",
        ),
        (
            "MLOPS04",
            "Nothing is built or deployed by us, it's all calls to Textract from a Lambda, so there's no model "
            "pipeline to automate.",
            "MLOPS04-BP01",
        ),
    ],
)
def test_an_unclear_reading_of_the_fact_is_no_rival_for_its_explained_absence(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    assert mapping.predict(question_id, text)[bp] is BPStatus.NOT_APPLICABLE


def test_a_clause_only_resembling_a_gap_gives_way_to_a_firm_done_next_to_a_fact(mapping: AnswerMapping) -> None:
    """ "… but we defined what good means for us - precision on the top 10 results": the fragment is read as "not done"
    only because it resembles a description of not doing it; beside a firm "done" it says nothing against it."""
    text = (
        "The vendor trains it, but we defined what good means for us - precision on the top 10 results - and check "
        "it every month."
    )
    assert mapping.predict("MLPERF02", text)["MLPERF02-BP01"] is BPStatus.IMPLEMENTED


@pytest.mark.parametrize(
    "text",
    [
        "There is no training here, it is all Claude through Bedrock. The dev account sits behind SCPs with no "
        "internet egress at all.",
        "We only call a vendor's model, nothing is trained by us. Our SageMaker domain runs in VPC-only mode with no "
        "internet access.",
        "The model is used exactly as downloaded, no fine-tuning. The workload account is locked down with guardrails, "
        "private subnets and no outbound internet.",
        "We don't train anything ourselves since the model is Amazon's. The prototyping notebooks run in a SageMaker "
        "domain without internet access.",
    ],
)
def test_a_risk_said_to_be_absent_is_the_governed_environment_done_next_to_a_fact(
    mapping: AnswerMapping, text: str
) -> None:
    """ "No internet egress", "no public IPs", "without internet access": the absence of a risky way in or out is the
    protection itself, not a gap. Next to "no training" (which leaves the governed environment standing, guide rule 14)
    it is the practice done."""
    assert mapping.predict("MLSEC04", text)["MLSEC04-BP01"] is BPStatus.IMPLEMENTED


@pytest.mark.parametrize(
    "text",
    [
        "We don't train anything ourselves since the model is Amazon's. The account has no guardrails and no network "
        "isolation.",
        "We don't train anything ourselves since the model is Amazon's. The notebooks have full internet access and no "
        "SCPs.",
        "Nothing is trained here, we only query Amazon Bedrock. The notebooks have no internet restrictions and no "
        "guardrails.",
    ],
)
def test_a_missing_protection_beside_a_fact_is_never_done(mapping: AnswerMapping, text: str) -> None:
    assert mapping.predict("MLSEC04", text)["MLSEC04-BP01"] is not BPStatus.IMPLEMENTED
