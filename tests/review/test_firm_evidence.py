"""Implemented only on firm evidence: a clause clearly and distinctly about the practice, stated as a fact, and closer
to how doers describe it than to how non-doers do; anything weaker is asked about. Plus the wording classes that speak
against a practice without a negation word (stopped, planned, a problem). The sentences are written for these tests,
not taken from eval/review."""

from __future__ import annotations

import pytest

from app.lens.interview import PracticeContent, QuestionContent
from app.lens.models import Lens
from app.review.cues import Clause, Polarity, polarity, reports_fact, split_clauses
from app.review.embedding_mapper import EmbeddingMapper
from app.review.mapping import TENTATIVE_FACTOR, ClauseEvidence, combine
from app.review.models import BPStatus, Provenance
from app.services import AnswerMapping
from tests.review.test_clause_assignment import TABLE_CONTENT, A, B, C, TableEmbedder, table_statuses, unit

# --- combining -----------------------------------------------------------------------------------------------------


def ev(status: BPStatus, *, at: int = 0, firm: bool = True) -> ClauseEvidence:
    return ClauseEvidence(Clause(f"clause {at}", at, False, at), status, 0.8, firm=firm)


def test_implemented_needs_one_firm_clause() -> None:
    assert combine([ev(BPStatus.IMPLEMENTED)]).status is BPStatus.IMPLEMENTED
    assert combine([ev(BPStatus.IMPLEMENTED, firm=False), ev(BPStatus.IMPLEMENTED, at=1)]).status is (
        BPStatus.IMPLEMENTED
    )


def test_implemented_without_firm_evidence_is_asked_about_with_the_clause_quoted() -> None:
    firm = combine([ev(BPStatus.IMPLEMENTED)])
    tentative = combine([ev(BPStatus.IMPLEMENTED, firm=False)])
    assert tentative.status is BPStatus.CANNOT_DETERMINE
    assert tentative.provenance is Provenance.INFERRED
    assert tentative.quote == "clause 0"
    assert tentative.confidence == pytest.approx(firm.confidence * TENTATIVE_FACTOR, abs=1e-3)


def test_firmness_leaves_other_statuses_alone() -> None:
    assert combine([ev(BPStatus.NOT_IMPLEMENTED, firm=False)]).status is BPStatus.NOT_IMPLEMENTED
    assert combine([ev(BPStatus.PARTIALLY_IMPLEMENTED, firm=False)]).status is BPStatus.PARTIALLY_IMPLEMENTED
    mixed = [ev(BPStatus.IMPLEMENTED, firm=False), ev(BPStatus.NOT_IMPLEMENTED, at=1)]
    assert combine(mixed).status is BPStatus.PARTIALLY_IMPLEMENTED


# --- wording ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("We used to mask personal fields", Polarity.NEGATIVE),
        ("the weekly access review stopped when Priya left", Polarity.NEGATIVE),
        ("AutoML was tried once and dropped", Polarity.NEGATIVE),
        ("Lineage tracking is scheduled for next spring", Polarity.NEGATIVE),
        ("Rollbacks are a real headache", Polarity.NEGATIVE),
        ("Access control is another story", Polarity.NEGATIVE),
        # an end of a bad state, and a change of quantity, are not a practice that stopped
        ("We stopped keeping customer emails in plain text", Polarity.POSITIVE),
        ("the bill dropped by about a third", Polarity.POSITIVE),
        ("error rates dropped to almost zero", Polarity.POSITIVE),
    ],
)
def test_stopped_planned_and_problems_speak_against(clause: str, expected: Polarity) -> None:
    assert polarity(clause) is expected


@pytest.mark.parametrize(
    "clause",
    [
        "I'm told someone keeps an eye on accuracy",
        "my manager tells me the buckets are encrypted",
        "The buckets are encrypted in theory",
        "there's a lifecycle policy on paper",
        "access is restricted in the sense that nobody knows the URL",
        "monitoring lol",
        "we'd notice if the endpoint went down",
        "the same three engineers still deploy every model",
        "Gradual rollouts? The support queue tells us soon enough",
    ],
)
def test_hearsay_theory_irony_hypotheticals_and_questions_back_are_not_facts(clause: str) -> None:
    assert not reports_fact(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "Every training job runs with its own IAM role",
        "Drift? Yes, Model Monitor checks it daily",
        "Idle notebooks shut themselves down after an hour",
    ],
)
def test_plain_statements_and_answered_questions_are_facts(clause: str) -> None:
    assert reports_fact(clause)


# --- assignment, with similarities set by hand (see test_clause_assignment) -----------------------------------------


def test_a_clause_clearly_about_one_practice_is_implemented(lens: Lens) -> None:
    statuses = table_statuses(lens, "We do the first thing.", {"We do the first thing": unit(0.8, 0.3, 0.2)})
    assert statuses == {A: BPStatus.IMPLEMENTED, B: BPStatus.CANNOT_DETERMINE, C: BPStatus.CANNOT_DETERMINE}


def test_a_clause_about_as_close_to_a_neighbouring_practice_is_not_implemented(lens: Lens) -> None:
    """A and B are both within reach and C trails them by a hair: the clause is not distinctly about either."""
    statuses = table_statuses(lens, "We do that thing.", {"We do that thing": unit(0.55, 0.53, 0.525)})
    assert statuses == dict.fromkeys((A, B, C), BPStatus.CANNOT_DETERMINE)


GAP_CONTENT = QuestionContent(
    question_id="MLSEC04",
    title="t",
    opening="o",
    practices={
        A: PracticeContent(label="alpha practice", follow_up="?", signals=("alpha is done",), gaps=("alpha gone bad",)),
        B: TABLE_CONTENT.practices[B],
    },
)


@pytest.mark.parametrize(
    ("gap_similarity", "expected"), [(0.76, BPStatus.CANNOT_DETERMINE), (0.5, BPStatus.IMPLEMENTED)]
)
def test_a_clause_as_close_to_a_gap_as_to_doing_it_is_not_implemented(
    lens: Lens, gap_similarity: float, expected: BPStatus
) -> None:
    """The clause is 0.75 from A's doers and `gap_similarity` from its gap ("alpha gone bad", embedded so that the
    two compare): with no negation word, a clause about as close to the gap may be that bad state."""
    question = lens.question("MLSEC04")
    assert question is not None
    third = (gap_similarity - 0.6 * 0.75) / 0.8
    embedder = TableEmbedder(lens, {"Alpha runs its way": unit(0.75, 0.0, third), "alpha gone bad": unit(0.6, 0, 0.8)})
    result = EmbeddingMapper(embedder).map_answer(question, GAP_CONTENT, "Alpha runs its way.")
    assert result.practices[A].status is expected


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("Alpha runs its way", BPStatus.CANNOT_DETERMINE),  # 0.06 closer to doing than to the gap: not enough
        ("Alpha runs its way in SageMaker", BPStatus.IMPLEMENTED),  # a named tool is concrete: 0.05 is enough
    ],
)
def test_a_clause_naming_the_tool_needs_a_smaller_lead_over_the_gap(
    lens: Lens, clause: str, expected: BPStatus
) -> None:
    question = lens.question("MLSEC04")
    assert question is not None
    gap_similarity = 0.69  # against 0.75 for the doers' references
    third = (gap_similarity - 0.6 * 0.75) / 0.8
    embedder = TableEmbedder(lens, {clause: unit(0.75, 0.0, third), "alpha gone bad": unit(0.6, 0, 0.8)})
    result = EmbeddingMapper(embedder).map_answer(question, GAP_CONTENT, clause + ".")
    assert result.practices[A].status is expected


# --- with the shipped model and interview content --------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        ("MLPERF06", "I'm told someone keeps an eye on accuracy against real outcomes.", "MLPERF06-BP04"),
        ("MLSEC03", "The buckets are encrypted in theory.", "MLSEC03-BP02"),
        ("MLREL04", "Gradual rollouts? We'd spot a bad model from the support queue.", "MLREL04-BP02"),
        ("MLSEC03", "We used to mask personal fields but stopped when the pipeline was rewritten.", "MLSEC03-BP03"),
        ("MLREL05", "Versioning of the endpoint configs was dropped after the migration.", "MLREL05-BP02"),
        ("MLSEC03", "Lineage tracking is scheduled for next spring.", "MLSEC03-BP04"),
        ("MLOPS02", "Bias checks before launch are a sore point for us.", "MLOPS02-BP06"),
        ("MLCOST04", "Hyperparameters are still tuned the way the first intern did it.", "MLCOST04-BP11"),
    ],
)
def test_unfirm_or_ended_practices_are_never_implemented(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    assert mapping.predict(question_id, text)[bp] is not BPStatus.IMPLEMENTED


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        ("MLSEC03", "Every training job runs with its own IAM role limited to the buckets it reads.", "MLSEC03-BP01"),
        (
            "MLREL05",
            "Every endpoint config, image and model is versioned in the SageMaker registry so we can redeploy.",
            "MLREL05-BP02",
        ),
        ("MLCOST04", "Idle notebooks and test endpoints shut themselves down after an hour.", "MLCOST04-BP08"),
        ("MLPERF06", "Accuracy against real outcomes is tracked weekly with an alert when it falls.", "MLPERF06-BP04"),
        ("MLREL04", "Is there an approval step? Yes, every endpoint update waits for a sign-off.", "MLREL04-BP01"),
    ],
)
def test_firm_statements_of_doing_stay_implemented(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    assert mapping.predict(question_id, text)[bp] is BPStatus.IMPLEMENTED


@pytest.mark.integration
def test_a_plain_done_the_reader_is_unsure_of_is_asked_about(mapping: AnswerMapping) -> None:
    """The same statement without the tool that does the work reads 0.49 "done" to the reader of the sentence (below
    FIRM_READING): asked about, quoted, since the fourteenth polarity round; the price of "implemented" only on firm
    evidence, which the user settles with one confirmation."""
    question = mapping.lens.question("MLREL05")
    assert question is not None
    text = "Every endpoint config, image and model artifact is versioned so we can redeploy."
    answer = mapping.embedding.map_answer(question, mapping.interview.content(question), text).practices["MLREL05-BP02"]
    assert answer.status is BPStatus.CANNOT_DETERMINE
    assert answer.quote and 0 < answer.confidence < 0.5


# --- a colon after a problem, and a bulleted topic ------------------------------------------------------------------


def test_what_follows_a_problem_and_a_colon_is_its_evidence() -> None:
    (clause,) = split_clauses("Restoring an old model is a pain: each release replaces the file in the bucket.")
    assert clause.text == "Restoring an old model is a pain: each release replaces the file in the bucket"
    assert polarity(clause.text) is Polarity.NEGATIVE


def test_a_positive_sentence_before_a_colon_keeps_what_follows_apart() -> None:
    first, second = split_clauses("Every endpoint scales on its own: target tracking on invocations.")
    assert (first.text, second.text) == ("Every endpoint scales on its own", "target tracking on invocations")


def test_a_bulleted_topic_joins_its_reply() -> None:
    clauses = split_clauses("- canary releases: tried once, stopped after the outage\n- drift alarms: yes")
    assert [c.text for c in clauses][0].startswith("- canary releases: tried once")
    assert polarity(clauses[0].text) is Polarity.NEGATIVE


def test_hoping_is_not_a_fact() -> None:
    assert not reports_fact("we keep a list of buckets and hope it is current")
