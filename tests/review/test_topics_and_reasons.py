"""Three wording classes that gave stray statuses in not-applicable answers (own issue 3 of the eighth closing note):
a topic of more than four words before a colon, a negation inside the reason for a choice, and a bad state given as
the reason for a choice. The sentences are written for this test, not taken from eval/review."""

from __future__ import annotations

import pytest

from app.review.cues import split_clauses
from app.review.models import BPStatus
from app.review.reasons import denies_only_risks, made_by_default, negation_only_in_reason, partly_only_in_reason
from app.services import AnswerMapping

# --- a topic before a colon, joined to its reply -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        # a noun phrase of any length, then a reply that takes it up ("them", "that") or is a reply word
        (
            "Cheaper hardware options such as Inferentia or Graviton: never tried them.",
            ["Cheaper hardware options such as Inferentia or Graviton: never tried them"],
        ),
        (
            "Licence terms of the datasets we bought: nobody has checked them.",
            ["Licence terms of the datasets we bought: nobody has checked them"],
        ),
        (
            "Least-privilege access to the prompts bucket and the logs: nobody has set that up.",
            ["Least-privilege access to the prompts bucket and the logs: nobody has set that up"],
        ),
        (
            "Parity between the training and the serving features: nope, two codebases.",
            # (the reply word ends the clause, as in "Graviton yes, multi-model endpoints no")
            ["Parity between the training and the serving features: nope", "two codebases"],
        ),
        # short topics, as before
        ("Canary: no. Approvals: yes.", ["Canary: no", "Approvals: yes"]),
    ],
)
def test_a_topic_of_any_length_is_joined_to_its_reply(text: str, clauses: list[str]) -> None:
    assert [c.text for c in split_clauses(text)] == clauses


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        # the answer opens by naming the question's topic, then a colon or a dash: a heading for what follows
        (
            "Endpoint scaling and going back to an older version: there is no endpoint of ours to scale.",
            ["Endpoint scaling and going back to an older version: there is no endpoint of ours to scale"],
        ),
        (
            "Labelling costs - nothing to label, since nothing is trained.",
            ["Labelling costs - nothing to label, since nothing is trained"],
        ),
    ],
)
def test_a_topic_opening_the_answer_heads_what_follows(text: str, clauses: list[str]) -> None:
    assert [c.text for c in split_clauses(text)] == clauses


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        # later in the answer, a noun phrase before a dash heads what follows when that replies to it
        (
            "Tags on every endpoint. Business value per model - no idea, nobody tracks it.",
            ["Tags on every endpoint", "Business value per model - no idea, nobody tracks it"],
        ),
        (
            "Tags on every endpoint. Business value per model - the analysts report it monthly.",
            ["Tags on every endpoint", "Business value per model - the analysts report it monthly"],
        ),
        (
            "We benchmarked instance types. Feature baselines - honestly nobody computed them.",
            ["We benchmarked instance types", "Feature baselines - honestly nobody computed them"],
        ),
        # not a reply (a new statement), or not a noun phrase (a determiner and a verb): split as before
        (
            "Tags on every endpoint. Business value per model - the analysts report monthly.",
            ["Tags on every endpoint", "Business value per model", "the analysts report monthly"],
        ),
        (
            "We tag everything. The pipeline runs nightly - no approval step.",
            ["We tag everything", "The pipeline runs nightly", "no approval step"],
        ),
    ],
)
def test_a_topic_later_in_the_answer_heads_a_reply_after_a_dash(text: str, clauses: list[str]) -> None:
    assert [c.text for c in split_clauses(text)] == clauses


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        # a statement before the colon (a finite verb), then what it consists of: two sentences, as before
        (
            "We have one bucket per project for the data: none of them is public.",
            ["We have one bucket per project for the data", "none of them is public"],
        ),
        # a verb with no auxiliary, opening the answer after a determiner: no heading
        (
            "The platform team built dashboards for every endpoint: latency, errors and invocations.",
            ["The platform team built dashboards for every endpoint", "latency, errors and invocations"],
        ),
        (
            "Alarms page on-call. The platform team built dashboards for every endpoint: latency and errors.",
            ["Alarms page on-call", "The platform team built dashboards for every endpoint", "latency and errors"],
        ),
        # inside the answer, a topic whose continuation does not reply to it (no reply word, nothing taking it up)
        (
            "Access is per role. Notes for the reviewers of this section: buckets use SSE-KMS.",
            ["Access is per role", "Notes for the reviewers of this section", "buckets use SSE-KMS"],
        ),
        # a list in lines, each item with its own reply
        (
            "- drift: yes, Model Monitor\n- human review of outputs: no",
            ["- drift: yes", "Model Monitor", "- human review of outputs: no"],
        ),
        # a clause before a dash opening the answer is no heading
        ("We only call Bedrock - nothing is trained.", ["We only call Bedrock", "nothing is trained"]),
        (
            "Before green-lighting it we put numbers on it: savings and cost.",
            ["Before green-lighting it we put numbers on it", "savings and cost"],
        ),
    ],
)
def test_a_statement_before_a_colon_stays_apart(text: str, clauses: list[str]) -> None:
    assert [c.text for c in split_clauses(text)] == clauses


# --- reasons for a choice, with the shipped model ----------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        # a negation inside the reason is about the world (a need, a signal), not the practice: the choice is made
        (
            "MLSUS05",
            "Inference is a weekly batch job, so there's no endpoint. The agreed target is results by Monday, chosen "
            "because the planners don't need them sooner.",
            "MLSUS05-BP01",
        ),
        (
            "MLCOST05",
            "We don't train anything, the model is a pre-trained one we host. It sits on a serverless endpoint, picked "
            "because traffic isn't steady enough for a fixed instance.",
            "MLCOST05-BP01",
        ),
        (
            "MLPERF05",
            "The model runs on the tablets, offline, with no cloud endpoint. We picked the tablet after testing both, "
            "since the field sites don't have reliable coverage.",
            "MLPERF05-BP01",
        ),
        (
            "MLCOST05",
            "Nothing is trained here, it's an open-source model as downloaded. It runs as a nightly batch transform, "
            "which we chose because no one reads the scores before the morning.",
            "MLCOST05-BP01",
        ),
    ],
)
def test_a_negation_inside_the_reason_for_a_choice_is_no_gap(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    assert mapping.predict(question_id, text)[bp] not in (
        BPStatus.NOT_IMPLEMENTED,
        BPStatus.PARTIALLY_IMPLEMENTED,
    )


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        # a choice made because of a default, habit or convenience is the practice not done: with a gap said next to
        # it, not done, not "partly"
        (
            "MLSUS02",
            "No training on our side, it's a vendor model. The region is us-east-1 because all our other stuff lives "
            "there; nobody thought about carbon.",
            "MLSUS02-BP02",
        ),
        (
            "MLSUS02",
            "We only call Amazon Comprehend, nothing is trained. It runs in eu-west-1 since that's where everything "
            "else is, and the carbon side never came up.",
            "MLSUS02-BP02",
        ),
        (
            "MLSUS05",
            "We use a pre-trained model as is. It's on a GPU instance because that's what we had lying around.",
            "MLSUS05-BP02",
        ),
    ],
)
def test_a_bad_state_given_as_the_reason_for_a_choice_is_not_done(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    assert mapping.predict(question_id, text)[bp] is BPStatus.NOT_IMPLEMENTED


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "bp", "status"),
    [
        # a topic of more than four words, joined to its reply, is about that practice
        (
            "MLCOST05",
            "Nothing is trained here, the model is a pre-trained one we host. Cheaper hardware options such as "
            "Inferentia or Graviton: never tried them.",
            "MLCOST05-BP02",
            BPStatus.NOT_IMPLEMENTED,
        ),
        (
            "MLSEC03",
            "The model is a vendor's API. Least-privilege access to the prompts bucket and the logs: nobody has set "
            "that up.",
            "MLSEC03-BP01",
            BPStatus.NOT_IMPLEMENTED,
        ),
    ],
)
def test_a_long_topic_and_its_reply_read_as_one(
    mapping: AnswerMapping, question_id: str, text: str, bp: str, status: BPStatus
) -> None:
    assert mapping.predict(question_id, text)[bp] is status


# --- the reason for a choice, read from the clause's shape (pure) ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "batch was chosen because no one reads the scores before nine",
        "we picked the tablet after testing both, since the field sites don't have reliable coverage",
        "a serverless endpoint, picked because traffic isn't steady enough for a fixed instance",
        "we looked at it and decided this didn't need a model at all",
        "a deliberate choice after a month-long trial showed a model wouldn't do better",
    ],
)
def test_a_negation_only_in_the_reason_for_a_choice(text: str) -> None:
    assert negation_only_in_reason(text)


@pytest.mark.parametrize(
    "text",
    [
        "the model trains on one GPU because nobody set up distributed training",  # no choice: a gap and its cause
        "we never chose an instance type, because nobody had time",  # the choice itself is denied
        "batch was chosen because it was the default",  # by default
        "we picked the region because the data is there",  # no negation at all
        "nobody reviews the outputs, since the vendor checks them",
    ],
)
def test_not_a_negation_only_in_the_reason(text: str) -> None:
    assert not negation_only_in_reason(text)


@pytest.mark.parametrize(
    "text",
    [
        "it runs in us-east-1 because that was the default in the console",
        "the region is eu-central-1 because everything else is there",
        "we host it on a real-time endpoint because that's what the tutorial used",
        "it's on a GPU instance because that's what we had",
        "the fleet is sized like that because that's how we've always done it",
    ],
)
def test_a_choice_made_by_default(text: str) -> None:
    assert made_by_default(text)


@pytest.mark.parametrize(
    "text",
    [
        "we train in eu-west-1 because the data is there",
        "every bucket is encrypted by default",
        "we picked eu-north-1 for its low-carbon grid",
        "batch was chosen because nobody needs the scores before morning",
    ],
)
def test_a_weighed_choice_is_not_made_by_default(text: str) -> None:
    assert not made_by_default(text)


@pytest.mark.parametrize(
    ("text", "partly"),
    [
        ("we chose eu-north-1 partly because of its hydro power", True),
        ("we went with Graviton mainly for the energy per inference", True),
        ("we picked it partly by default", False),  # no reason given, and a default
        ("only some models run on Graviton, partly because of the price", False),  # no choice: part of the practice
        ("we never picked a region partly for carbon", False),
    ],
)
def test_partly_said_of_the_reason_for_a_choice(text: str, partly: bool) -> None:
    assert partly_only_in_reason(text) is partly


@pytest.mark.integration
def test_a_choice_made_partly_for_the_practices_reason_is_done(mapping: AnswerMapping) -> None:
    text = (
        "We only call Amazon Comprehend, nothing is trained, and we chose eu-west-1 partly because its grid has a low "
        "carbon intensity."
    )
    assert mapping.predict("MLSUS02", text)["MLSUS02-BP02"] is BPStatus.IMPLEMENTED


@pytest.mark.parametrize(
    "text",
    [
        "The dev account sits behind SCPs with no internet egress at all",
        "Our SageMaker domain runs in VPC-only mode with no internet access",
        "private subnets and no outbound internet",
        "the notebooks run without internet access and with no public IPs",
        "no root access on the notebooks, no inbound traffic",
    ],
)
def test_only_a_risk_denied(text: str) -> None:
    assert denies_only_risks(text)


@pytest.mark.parametrize(
    "text",
    [
        "The account has no guardrails and no network isolation",
        "The notebooks have no internet restrictions",
        "no internet egress controls on the notebooks",
        "the notebooks have full internet access",
        "no public access blocks on the buckets, and nobody reviews the roles",
    ],
)
def test_not_only_a_risk_denied(text: str) -> None:
    assert not denies_only_risks(text)
