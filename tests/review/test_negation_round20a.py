"""Session 20's forms of a practice spoken against (docs/review-mapping.md, "Session 20 (neg20)"): a chore left to
nobody in particular ("someone should …"), a heading on a line of its own or closed by a dash at the end of its line,
replied to on the next line, and a heading before a dash whose reply, a denial taking it up by a pronoun, comes after a
detail. Sentences written for this test, not taken from eval/review or the unseen sets."""

from __future__ import annotations

import pytest

from app.review.cues import Polarity, polarity, split_clauses, states_bad_practice
from app.review.models import BPStatus
from app.services import AnswerMapping


@pytest.mark.parametrize(
    "clause",
    [
        "Somebody should add a bias check before the model ships",
        "Someone really ought to write down who owns which model",
        "We really should start versioning the feature tables",
        "One of us should set up an alarm on the endpoint latency",
        "We ought to put the retraining rules in writing",
    ],
)
def test_a_chore_left_to_nobody_in_particular_is_not_done(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "Someone has to approve each release in the pipeline before it goes out",
        "If the endpoint fails someone should get paged within minutes",
        "Every model should pass the validation gate before release",
        "We should see the drift alert in Slack within the hour",
    ],
)
def test_a_rule_or_an_expectation_is_no_chore_left_undone(clause: str) -> None:
    assert polarity(clause) is not Polarity.NEGATIVE


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("Lineage tracking \u2014\nnot set up, we can't tell which data trained what.", True),
        ("Endpoint autoscaling\nNo. Two fixed instances.", True),
        ("Feature baselines -\nnone yet.", True),
        # a line that is a clause of its own, or an opening line not replied to, stays apart
        ("We scale the endpoint on invocations\nno canaries though.", False),
        ("Endpoint autoscaling\nTarget tracking on invocations per instance, min 2 max 8.", False),
    ],
)
def test_an_opening_heading_line_joins_its_reply(text: str, joined: bool) -> None:
    first = split_clauses(text)[0].text
    assert ("\n" in first) is joined


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        (
            "Budgets are set per team. hyperparameter tuning - the grid is picked by hand, nobody automated it.",
            True,
        ),
        (
            "Tags everywhere. distributed training - the big job runs on one box, we never tried splitting it.",
            True,
        ),
        # a denied lapse says yes, and a later clause with no denial is no reply
        ("Costs are tagged. ROI per model - finance tracks the numbers quarterly, we never skip it.", False),
        # (a label of one or two words joins whatever follows: na20's rule; three words are needed here)
        ("Tags everywhere. spot training runs - the jobs are short, we use it for everything.", False),
    ],
)
def test_a_dash_heading_replied_to_after_a_detail_joins_it(text: str, joined: bool) -> None:
    texts = [c.text for c in split_clauses(text)]
    assert any(" - " in t for t in texts) is joined


@pytest.mark.parametrize(
    ("question", "practice", "text"),
    [
        ("MLOPS02", "MLOPS02-BP04", "Lineage tracking \u2014\nnot set up, we can't tell which data trained what."),
        ("MLREL05", "MLREL05-BP01", "Endpoint autoscaling\nNo. Two fixed instances."),
        (
            "MLCOST04",
            "MLCOST04-BP11",
            "Budgets are set per team. hyperparameter tuning - the grid is picked by hand, nobody automated it.",
        ),
        ("MLOPS03", "MLOPS03-BP02", "We really should start versioning the feature tables."),
    ],
)
def test_the_forms_are_read_not_done(mapping: AnswerMapping, question: str, practice: str, text: str) -> None:
    assert mapping.predict(question, text)[practice] is BPStatus.NOT_IMPLEMENTED


def test_a_heading_line_replied_to_with_what_is_done_stays_done(mapping: AnswerMapping) -> None:
    text = "Endpoint autoscaling\nTarget tracking on invocations per instance, min 2 max 8."
    assert mapping.predict("MLREL05", text)["MLREL05-BP01"] is BPStatus.IMPLEMENTED


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        (
            "All feeds are catalogued. When a source system changes its schema, though, we patch the loaders by hand.",
            True,
        ),
        ("If traffic spikes, however, the endpoint just falls over.", True),
        # a condition with its main clause, or a contrast that cuts no condition off, is no lone condition
        ("When the upstream schema changes, a crawler updates the table and the pipeline adapts.", False),
        ("Models are versioned, though old ones are deleted after a week.", False),
    ],
)
def test_a_condition_cut_off_by_a_contrast_word_stands_alone(text: str, condition: bool) -> None:
    assert any(c.condition_only for c in split_clauses(text)) is condition


@pytest.mark.parametrize(
    "clause",
    [
        "nobody finds out until a customer complains",
        "we don't find out until the invoice arrives",
        "no one knows the job broke till the weekly report",
        "we never notice drift unless somebody escalates",
    ],
)
def test_finding_out_only_from_the_harm_is_not_done(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "Nobody deploys until the tests pass",
        "Nobody sees the predictions until a reviewer has signed them off",
        "nobody gets access until their manager approves it",
        "We never ship a model until someone has reviewed it",
    ],
)
def test_a_gate_that_waits_stays_done(clause: str) -> None:
    assert polarity(clause) is Polarity.POSITIVE


def test_a_lone_condition_before_a_denial_is_never_proposed_implemented(mapping: AnswerMapping) -> None:
    text = "When accuracy drops, though, nobody finds out until a customer complains."
    assert mapping.predict("MLPERF06", text)["MLPERF06-BP04"] is BPStatus.NOT_IMPLEMENTED


@pytest.mark.parametrize(
    "clause",
    [
        "every deployment is still me running release.sh from my laptop",
        "promotion is basically whoever is on call clicking through the console",
        "The previous audit took place three years ago",
        "the last rotation was before most of us joined",
    ],
)
def test_a_person_said_by_a_pronoun_or_a_routine_not_kept_is_a_bad_state(clause: str) -> None:
    assert states_bad_practice(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "The last retrain ran last week",
        "each night the scheduler is running the job",
        "Releases are me approving the pull request and the pipeline does the rest",
    ],
)
def test_a_recent_run_or_a_person_approving_is_no_bad_state(clause: str) -> None:
    assert not states_bad_practice(clause)
