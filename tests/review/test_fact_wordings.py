"""Facts said without the words the cues expected (eleventh not-applicable round, docs/review-mapping.md): each class
is a way of saying a workload fact, with sentences written for this test (not eval rows, and not the measuring sets of
tests/review/data/unseen/), and controls in nearby words that state no fact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.review.facts import Fact, stated_facts

ROOT = Path(__file__).resolve().parents[2]
UNSEEN = ROOT / "tests" / "review" / "data" / "unseen"

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
    ],
)
def test_nearby_words_state_no_such_fact(clause: str, fact: Fact) -> None:
    assert fact not in stated_facts(clause)


def test_the_unseen_sets_are_not_test_sentences_here() -> None:
    """The measuring sets stay unseen by this file (a sentence in both would be tuned to)."""
    here = Path(__file__).read_text(encoding="utf-8")
    for name in ("not_applicable.jsonl", "not_applicable_paraphrased.jsonl"):
        rows = [json.loads(line) for line in (UNSEEN / name).read_text(encoding="utf-8").splitlines() if line.strip()]
        assert len({r["id"] for r in rows}) == len(rows) >= 50
        for row in rows:
            for sentence in row["answer"].split(". "):
                assert sentence[:40] not in here, row["id"]
