"""Eighth round (issue 11, own issue 4 of note 21): a thing said to exist and taken up again in the next clause or
sentence. "We have a feature catalogue. Nothing's in it." names the practice's thing (firm-looking evidence) and then
says what state it is in. A state that speaks against the practice (negated, partial, a bad state, or there in name
only: empty, a placeholder, lost, out of date, failing, ignored) means the first clause is no evidence that it is done;
a later clause that says something else of the thing, not itself evidence of the practice, leaves it asked about.

The sentences here are written for these tests; none is an eval row, and none is in tests/review/data/unseen/ (those
files measure the safeguard with eval/polarity_ablation.py, they do not tune it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.review import cues
from app.review.models import BPStatus
from app.services import AnswerMapping

from .conftest import mapping_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("We keep a glossary of features", "it is two years old"),  # a pronoun subject
        ("A runbook exists for rollbacks", "Nothing is written in it"),  # the object of a preposition
        ("We have cost dashboards", "nobody opens them"),  # a denying subject with the thing as its object
        ("The team wrote an escalation procedure", "the procedure names a manager who retired"),  # the same noun
        ("We track experiments", "which is where the trouble starts"),
    ],
)
def test_a_later_clause_takes_the_thing_up(before: str, after: str) -> None:
    assert cues.takes_up(before, after)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("We version every dataset in DVC", "Nothing is distributed, the jobs are small"),  # names no thing before it
        ("Training runs on Spot", "Inference runs on Graviton"),  # another thing
        ("Access is per project", "We have no way to roll back training data if someone tampers with it"),  # its own
        ("We have an approval step", "Deployments are blue/green"),
    ],
)
def test_a_later_clause_about_something_else_does_not(before: str, after: str) -> None:
    assert not cues.takes_up(before, after)


@pytest.mark.parametrize(
    "state",
    [
        "it is completely empty",
        "every field still reads TBD",
        "the figures in it are placeholders",
        "it has since been lost in a migration",
        "the owner left the company last spring",
        "it shows numbers from the first prototype",
        "it still describes the old schema",
        "its last run was two years ago",
        "it has been failing since the upgrade",
        "the reports go unread",
    ],
)
def test_states_of_a_thing_in_name_only(state: str) -> None:
    assert cues.hollow(state)
    assert cues.speaks_against_thing(state)


@pytest.mark.parametrize(
    "state",
    [
        "it lists every production dataset with its owner",
        "it runs after every merge and blocks a failing model",
        "it is reviewed each quarter by the model owners",
        "it compares each day's inputs with the training baseline",
        "the queue is drained every morning by the analysts",
        "it was set up in 2024 and covers every endpoint",
        "storage is encrypted at rest with KMS anyway",
    ],
)
def test_states_of_a_thing_at_work(state: str) -> None:
    assert not cues.hollow(state)
    assert not cues.speaks_against_thing(state)


def test_speaks_against_reuses_the_polarity_cues() -> None:
    assert cues.speaks_against_thing("nobody looks at them")  # a negation
    assert cues.speaks_against_thing("it covers only some of the models")  # partial
    assert cues.speaks_against_thing("it is kept in a spreadsheet on Dana's laptop")  # a bad state


@pytest.mark.parametrize(
    ("clause", "tail"),
    [
        ("The targets were agreed in a workshop, which nobody minuted", "which nobody minuted"),
        ("We keep a holdout set, it is a copy of the training data", "it is a copy of the training data"),
        ("Drift reports go to a bucket, where they are deleted unread", "where they are deleted unread"),
        ("A scorecard was drafted, the numbers in it are invented", "the numbers in it are invented"),
    ],
)
def test_a_tail_within_one_clause(clause: str, tail: str) -> None:
    assert cues.taken_up_tail(clause) == tail


def test_said_hollow_reads_the_whole_predicate_up_to_a_colon() -> None:
    assert cues.said_hollow("Our model registry is a spreadsheet tab, last touched by an intern in 2020")
    assert not cues.said_hollow("Input quality is checked: empty or garbled files are rejected before the call")
    assert not cues.said_hollow("The endpoint is monitored with CloudWatch alarms")


@pytest.mark.integration
class TestWithTheShippedModel:
    @pytest.mark.parametrize(
        ("question_id", "text", "bp"),
        [
            ("MLREL02", "We set up a metadata catalogue for our datasets. There is nothing in it yet.", "MLREL02-BP01"),
            (
                "MLOPS05",
                "Endpoint alarms exist. They notify a mailbox that was shut down in the spring.",
                "MLOPS05-BP01",
            ),
            ("MLOPS03", "We have a model registry, and it has been empty since the pilot ended.", "MLOPS03-BP02"),
            (
                "MLPERF04",
                "Feature baselines are stored in S3, though they describe the columns we had two years ago.",
                "MLPERF04-BP04",
            ),
        ],
    )
    def test_never_implemented(self, mapping: AnswerMapping, question_id: str, text: str, bp: str) -> None:
        assert mapping.predict(question_id, text)[bp] is not BPStatus.IMPLEMENTED

    def test_a_thing_emptied_reads_as_not_done(self, mapping: AnswerMapping) -> None:
        text = "We have a model registry. It's empty."
        assert mapping.predict("MLOPS03", text)["MLOPS03-BP02"] is BPStatus.NOT_IMPLEMENTED

    @pytest.mark.parametrize(
        ("question_id", "text", "bp"),
        [
            (
                "MLCOST04",
                "Studio runs an idle-shutdown lifecycle script. It stops notebooks after an hour without activity.",
                "MLCOST04-BP08",
            ),
            (
                "MLREL05",
                "Endpoint autoscaling is configured. Its limits were set from a load test last month.",
                "MLREL05-BP01",
            ),
        ],
    )
    def test_still_implemented(self, mapping: AnswerMapping, question_id: str, text: str, bp: str) -> None:
        assert mapping.predict(question_id, text)[bp] is BPStatus.IMPLEMENTED

    def test_a_state_the_reader_reads_as_not_done_leaves_it_asked(self, mapping: AnswerMapping) -> None:
        """ "…, and its traffic weight has stayed at zero": no cue word reads that state, the reader of the sentence
        does, so the clause naming the canary is no firm evidence (asked about, never proposed as not done by the
        reader alone). Without the setting the pair reads as done (the test of the setting)."""
        text = "Our endpoint config defines a canary variant, and its traffic weight has stayed at zero."
        assert mapping.predict("MLREL04", text)["MLREL04-BP02"] is BPStatus.CANNOT_DETERMINE
        # the firm reading (fourteenth round) would ask about the naming clause too: off, to test this setting
        with mapping_config(mapping, taken_up_reader=False, firm_reading=0.0):
            assert mapping.predict("MLREL04", text)["MLREL04-BP02"] is BPStatus.IMPLEMENTED

    def test_a_reference_negated_only_in_a_relative_clause_denies_nothing(self, mapping: AnswerMapping) -> None:
        """MLSUS03-BP02's signal "S3 Storage Lens shows us buckets that keep growing without lifecycle rules" denies
        lifecycle rules only of the buckets it finds: a user's "no lifecycle rules" is not the practice done."""
        text = "Archive: all of it sits in S3 Standard, no lifecycle rules anywhere."
        assert mapping.predict("MLSUS03", text)["MLSUS03-BP02"] is BPStatus.NOT_IMPLEMENTED

    def test_a_thing_of_another_question_denied_gives_no_status(self, mapping: AnswerMapping) -> None:
        """A thing that belongs to another part of the system, taken up and denied, says nothing of this question's
        practices (twelfth round): the registry, loosely matched to team skills, and its denial, loosely matched to
        live results, gave "partially" and "not implemented" there; now no status."""
        text = "There is a model registry. Nobody registers models in it."
        assert set(mapping.predict("MLOPS01", text).values()) == {BPStatus.CANNOT_DETERMINE}

    def test_a_denied_thing_at_its_own_question_still_says_not_done(self, mapping: AnswerMapping) -> None:
        text = "We keep a data catalog, but nobody fills it in."
        assert mapping.predict("MLREL02", text)["MLREL02-BP01"] is BPStatus.NOT_IMPLEMENTED

    def test_a_detail_after_a_dash_that_reads_as_not_done_leaves_it_asked(self, mapping: AnswerMapping) -> None:
        """A claim taken back by its detail (twelfth round): the detail after a dash, colon or semicolon is read by the
        reader of the sentence like a clause taking the thing up; the claim is asked about, never proposed as not done
        by the reader alone."""
        text = "Business KPIs were agreed with the stakeholders - well, the CEO said we want more sales during a lunch."
        assert mapping.predict("MLPERF01", text)["MLPERF01-BP01"] is BPStatus.CANNOT_DETERMINE

    def test_a_detail_clearly_about_the_practice_itself_keeps_it_done(self, mapping: AnswerMapping) -> None:
        text = "Data access is per project: each team's role reads only its own bucket."
        assert mapping.predict("MLSEC03", text)["MLSEC03-BP01"] is BPStatus.IMPLEMENTED

    def test_switched_off_the_old_reading_returns(self, mapping: AnswerMapping) -> None:
        """The safeguard is the setting: without it the pair reads as done, as before this round (the test of the
        instrument, so that the setting cannot silently stop mattering)."""
        text = "We have a model registry. It's empty."
        with mapping_config(mapping, taken_up=False, taken_up_neutral=False):
            assert mapping.predict("MLOPS03", text)["MLOPS03-BP02"] is BPStatus.IMPLEMENTED


@pytest.mark.parametrize(
    ("text", "details"),
    [
        ("Licences are reviewed - by whoever adds the package.", [False, True]),
        ("Lessons flow back; we discuss them at the offsite.", [False, True]),
        ("Drift is monitored. The baseline is from launch.", [False, False]),  # a full stop: a sentence of its own
        ("Drift is monitored\n- the baseline is from launch", [False, False]),  # a new line: a list, not a detail
    ],
)
def test_a_sentence_after_a_dash_colon_or_semicolon_is_a_detail(text: str, details: list[bool]) -> None:
    assert [c.detail for c in cues.split_clauses(text)] == details


@pytest.mark.parametrize(
    ("text", "main"),
    [
        (
            "S3 Storage Lens shows us buckets that keep growing without lifecycle rules.",
            "S3 Storage Lens shows us buckets.",
        ),
        (
            "Debugger rules stop jobs that are stuck, and alert the owner.",
            "Debugger rules stop jobs, and alert the owner.",
        ),
        ("Notebooks have no internet access.", "Notebooks have no internet access."),
    ],
)
def test_the_main_clause_leaves_out_relative_clauses(text: str, main: str) -> None:
    assert cues.main_clause(text) == main
