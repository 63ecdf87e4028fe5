"""Facts said without the words the cues expected (eleventh not-applicable round, docs/review-mapping.md): each class
is a way of saying a workload fact, with sentences written for this test (not eval rows, and not the measuring sets of
tests/review/data/unseen/), and controls in nearby words that state no fact."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.review.cues import not_applicable_scope
from app.review.facts import Fact, declares_not_applicable, restates_the_fact, stated_facts, strip_facts
from app.review.models import BPStatus
from app.services import AnswerMapping

ROOT = Path(__file__).resolve().parents[2]

MANAGED, NO_TRAINING, NO_HOSTING = Fact.MANAGED_MODEL, Fact.NO_TRAINING, Fact.NO_HOSTING
BATCH, NO_ML = Fact.BATCH_ONLY, Fact.NO_ML


@pytest.mark.parametrize(
    ("clause", "fact"),
    [
        # SaaS that someone else runs is a vendor's model
        ("Our ranking is somebody else's SaaS", MANAGED),
        ("Each chat turn is forwarded to an external SaaS", MANAGED),
        # what the workload's ML *is*, whatever the subject
        ("Our AI is just a hosted LLM behind a key", MANAGED),
        ("All of our ML is a vendor's vision API", MANAGED),
        ("Everything we use is Gemini", MANAGED),
        ("the translations come straight from Amazon Translate", MANAGED),
        # verbs of use beyond call/send
        ("we pipe the transcripts to a managed summarisation API", MANAGED),
        ("we rent a hosted LLM", MANAGED),
        # the denial after the verb, and a reply that names someone else
        ("we train no models of our own", NO_TRAINING),
        ("We fine-tune nothing", NO_TRAINING),
        ("Fine-tuning: not ours", NO_TRAINING),
        ("Model building - the vendor", NO_TRAINING),
        ("new versions are up to the supplier", NO_TRAINING),
        ("the weights were made by the sensor manufacturer", NO_TRAINING),
        ("the detector is licensed from a vision start-up", NO_TRAINING),
        ("we run the tagger as downloaded from the hub", NO_TRAINING),
        # who serves it
        ("Nothing is built or hosted by our team", NO_HOSTING),
        ("there's no model server of ours anywhere", NO_HOSTING),
        # a price per use says the vendor serves it
        ("we're billed per page by the OCR provider", NO_HOSTING),
        # predictions made ahead, in one run
        ("Forecasts are generated in a single weekly run", BATCH),
        ("the recommendations get refreshed every night for all users", BATCH),
        ("no user request ever hits the model live", BATCH),
        # no ML in the flow
        ("there's zero ML in this process", NO_ML),
        # second pass: the subject is the named service, rented or outsourced ML, a vendor's service by what it does
        ("Our chatbot is GPT-4 behind an API key", MANAGED),
        ("Classification is outsourced to a SaaS provider", MANAGED),
        ("We consume a vendor's scoring endpoint", MANAGED),
        ("We're a thin wrapper around the OpenAI API", MANAGED),
        ("The model lives at the vendor; we just get answers back", MANAGED),
        ("No one on our side has ever trained a model", NO_TRAINING),
        ("There is no model training in our pipeline", NO_TRAINING),
        ("The model came pre-trained and we left it alone", NO_TRAINING),
        ("The weights are frozen and came from the vendor", NO_TRAINING),
        ("We use the stock model", NO_TRAINING),
        ("The partner does all the training work", NO_TRAINING),
        ("Nothing here learns from our data", NO_TRAINING),
        ("It's a weekly batch job, no live traffic", BATCH),
        ("Nothing is real-time; we run scoring jobs on a schedule", BATCH),
        ("The model runs once a month over the whole portfolio", BATCH),
        ("Nothing is written to disk", Fact.NO_STORED_DATA),
        ("Inputs are deleted right after the response is returned", Fact.NO_STORED_DATA),
        ("It's all machine telemetry, no people data", Fact.NO_PERSONAL_DATA),
        ("It's synthetic data only", Fact.NO_PERSONAL_DATA),
        ("We use a hand-tuned formula, not machine learning", NO_ML),
        ("There's nothing AI about it, it's if-else logic", NO_ML),
        ("We don't run any servers for the model", NO_HOSTING),
        # third pass
        ("the translation engine is Microsoft's", MANAGED),
        ("our chatbot is a managed LLM service", MANAGED),
        ("the weights belong to our supplier", MANAGED),
        ("the provider charges per 1,000 pages", NO_HOSTING),
        ("we retain none of the uploads", Fact.NO_STORED_DATA),
        ("nothing on our side hosts the model", NO_HOSTING),
        ("we never trained a single network", NO_TRAINING),
        ("there aren't any training datasets", NO_TRAINING),
        ("no GPUs or fine-tuning runs exist here", NO_TRAINING),
        ("forecasts are generated at 4am", BATCH),
        ("the analytics team at headquarters retrains it and sends us the file", NO_TRAINING),
        ("the classifier is part of the iOS app bundle", Fact.ON_DEVICE),
        ("we score all active accounts in one weekly run", BATCH),
    ],
)
def test_a_fact_said_in_other_words(clause: str, fact: Fact) -> None:
    assert fact in stated_facts(clause)


@pytest.mark.parametrize(
    ("clause", "fact"),
    [
        # the team does train: not a vendor's model
        ("we fine-tune a hosted LLM on our tickets", MANAGED),
        ("We train models nightly", NO_TRAINING),
        # data, not the model, comes from someone else
        ("the training data was bought in from a broker", NO_TRAINING),
        ("the images were made by the camera manufacturer", NO_TRAINING),
        # a price weighed against another is no statement of use (rule 3), and a price per use says nothing of training
        ("we compared Bedrock pricing with SageMaker", NO_HOSTING),
        ("we pay per request to the vendor", NO_TRAINING),
        # an API in between is a practice, not a batch workload
        ("the app never calls the model directly", BATCH),
        # a retrain timetable, not the model's output
        ("the model is retrained overnight in one go", BATCH),
        ("the scores are shown in the morning report", BATCH),
        # not the model
        ("The data is someone else's SaaS export", NO_TRAINING),
        ("our biggest line item is Bedrock pricing", MANAGED),
        ("we rent GPUs from a cloud provider", MANAGED),
        ("labelling is outsourced to a vendor", MANAGED),
        ("we use a third-party labelling service", MANAGED),
        ("the model learns from our data every night", NO_TRAINING),
        ("We're not sure the weights are good", NO_TRAINING),
        ("the OCR is slow", MANAGED),
        ("the team at HQ reviews the outputs", NO_TRAINING),
        ("the scores are part of the app's home screen", Fact.ON_DEVICE),
        ("we score everything by hand", BATCH),
        ("no alerts or training runs are monitored", NO_TRAINING),
        # a gap, not a fact
        ("nobody on our side has retrained the model since launch", NO_TRAINING),
        ("we only keep the data for 30 days and then it's deleted", Fact.NO_STORED_DATA),
        ("the rules are not ML-driven yet, but the ranking is a model", NO_ML),
    ],
)
def test_nearby_words_state_no_such_fact(clause: str, fact: Fact) -> None:
    assert fact not in stated_facts(clause)


def test_the_fact_said_again_is_no_consequence() -> None:
    assert restates_the_fact("we run a pre-trained model unchanged, no training on our side")
    assert restates_the_fact("No model of ours anywhere, it all goes to the vendor")
    # a consequence besides the fact: something the fact removes, with its purpose
    assert not restates_the_fact("no training on our side, so no features of ours to share")
    assert not restates_the_fact("there are no checkpoints of ours to clean up")


@pytest.mark.parametrize(
    ("clause", "scope"),
    [
        ("so running it on several machines doesn't apply", "specific"),  # "it" is the object of a verb
        ("so sharding it is not relevant", "specific"),
        ("honestly this doesn't apply to us", "generic"),
        ("none of it applies", "generic"),
    ],
)
def test_what_does_not_apply(clause: str, scope: str) -> None:
    assert not_applicable_scope(clause) == scope


CD, NA = BPStatus.CANNOT_DETERMINE, BPStatus.NOT_APPLICABLE
DONE, GAP, PART = BPStatus.IMPLEMENTED, BPStatus.NOT_IMPLEMENTED, BPStatus.PARTIALLY_IMPLEMENTED


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "expected"),
    [
        # the fact in words the cues did not know: what it makes moot is proposed not applicable
        (
            "MLREL05",
            "All of our ML is a vendor's vision API; autoscaling and rollbacks are their problem.",
            {"MLREL05-BP01": NA, "MLREL05-BP02": NA},
        ),
        (
            "MLREL01",
            "Risk ratings are calculated in one nightly run and loaded into the warehouse.",
            {"MLREL01-BP01": NA, "MLREL01-BP02": NA},
        ),
        # the fact said again reaches only what it makes moot
        ("MLCOST02", "We run an open-source tagger unchanged, no fine-tuning on our side.", {"MLCOST02-BP02": CD}),
        # a part named as not applicable is not the whole question
        (
            "MLCOST04",
            "Our training is one small XGBoost job on a single instance, so sharding it across nodes doesn't apply.",
            {"MLCOST04-BP07": NA, "MLCOST04-BP12": CD, "MLCOST04-BP13": CD},
        ),
    ],
)
def test_the_fact_reaches_what_it_makes_moot(
    mapping: AnswerMapping, question_id: str, text: str, expected: dict[str, BPStatus]
) -> None:
    proposed = mapping.predict(question_id, text)
    assert {bp: proposed[bp] for bp in expected} == expected


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "bp", "status"),
    [
        # a worry is not a defence: a loose "done" beside a clear "not done" is no half
        (
            "MLSEC05",
            "We only call the vendor's chat API. Prompt injection is what keeps us up at night, and nothing screens "
            "the prompts yet.",
            "MLSEC05-BP01",
            GAP,
        ),
        (
            "MLSEC05",
            "We host nothing, it's all a vendor's LLM; malicious prompts are a real concern for us and we have no "
            "guard in front of it so far.",
            "MLSEC05-BP01",
            GAP,
        ),
        # two clear clauses about one practice stay partly done (guide rules 6 and 12)
        (
            "MLSEC06",
            "We only call a hosted LLM. Reads of the prompt bucket are logged in CloudTrail, but nobody ever reviews "
            "those logs.",
            "MLSEC06-BP02",
            PART,
        ),
    ],
)
def test_one_clear_reading_next_to_a_fact(
    mapping: AnswerMapping, question_id: str, text: str, bp: str, status: BPStatus
) -> None:
    assert mapping.predict(question_id, text)[bp] is status


@pytest.mark.parametrize(
    ("clause", "declares", "framing"),
    [
        # one pattern, two readings: a declaration, and a declaration that is a fact's framing (stripped with it)
        ("Not applicable, we only call a hosted LLM", True, True),
        ("Simply N/A, nothing is trained here", True, True),
        ("None of these apply, the vendor hosts it", True, True),
        ("N/A for the labelling bit, the vendor trains it", True, False),  # a part: it stays
        ("Labelling is N/A", False, False),
    ],
)
def test_one_declaration_pattern(clause: str, declares: bool, framing: bool) -> None:
    assert declares_not_applicable(clause) is declares
    head = clause.split(",")[0]
    assert (head not in strip_facts(clause)) is framing
