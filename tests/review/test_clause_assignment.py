"""Clause-to-practice assignment: which clauses a multi-clause answer has, which practice each clause is about (the
practice's own words as well as embedding similarity), and how a practice's status follows from the clauses about
it. A negative clause about a practice means it is never proposed as implemented; a negative clause that might be
about it turns "implemented" into partially. The sentences are written for these tests, not taken from eval/review.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.typing import NDArray

from app.lens.interview import PracticeContent, QuestionContent
from app.lens.models import Lens
from app.review.concepts import ConceptIndex, normalise, terms
from app.review.cues import Clause, Polarity, polarity, split_clauses
from app.review.embedding_mapper import EmbeddingMapper
from app.review.mapping import DOUBT_FACTOR, ClauseEvidence, combine
from app.review.models import BPStatus
from app.services import AnswerMapping

# --- clauses ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        # an item with its own reply is its own clause
        ("Spot and auto shutdown yes, AutoML no.", ["Spot and auto shutdown yes", "AutoML no"]),
        # a negated item after positive ones ("we do X and Y, not Z", "X and not Y")
        ("We use Spot and budgets, not AutoML.", ["We use Spot and budgets", "not AutoML"]),
        ("Retries, but not versioning and not a catalog.", ["Retries", "not versioning", "not a catalog"]),
        # "and" before a new subject with its own verb joins two statements
        (
            "Each job has its own role and the buckets are encrypted.",
            ["Each job has its own role", "the buckets are encrypted"],
        ),
        # ... but not a list of nouns
        ("Training and deployment are one pipeline", ["Training and deployment are one pipeline"]),
        # a subject cut off by an inserted "though" joins what follows
        ("The endpoint though is public.", ["The endpoint though is public"]),
        # "…, not before" / "…, not at all" stress what came first; they are not a negated item
        ("We retrain when the KPI drops, not before.", ["We retrain when the KPI drops, not before"]),
        ("Gradual rollout, not at all.", ["Gradual rollout, not at all"]),
    ],
)
def test_multi_clause_answers_split_where_the_topic_or_polarity_changes(text: str, clauses: list[str]) -> None:
    assert [c.text for c in split_clauses(text)] == clauses


def test_a_negated_list_is_one_clause_per_item_with_the_whole_clause_as_its_words() -> None:
    parts = split_clauses("We check drift, but not outcome tracking or automatic retraining.")
    assert [(p.text, p.focus) for p in parts[1:]] == [
        ("not outcome tracking or automatic retraining", "outcome tracking"),
        ("not outcome tracking or automatic retraining", "automatic retraining"),
    ]
    assert all(polarity(p.text) is Polarity.NEGATIVE for p in parts[1:])
    assert parts[1].topic == "outcome tracking" and parts[0].topic == parts[0].text


@pytest.mark.parametrize("text", ["Not really, we do it by hand", "No idea, or maybe", "not the transforms"])
def test_a_negation_before_a_statement_is_not_a_list(text: str) -> None:
    assert all(p.focus == "" for p in split_clauses(text))


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("AutoML no", Polarity.NEGATIVE),
        ("We don't know where the datasets came from", Polarity.NEGATIVE),
        ("I don't know", Polarity.HEDGE),
        ("We don't know if that is encrypted", Polarity.HEDGE),
        ("Scaling is manual", Polarity.NEGATIVE),
        ("What's missing is any record of the snapshot", Polarity.NEGATIVE),
        ("Everyone has read access to every bucket", Polarity.NEGATIVE),
        ("The latency target is far more than the report needs", Polarity.NEGATIVE),
        ("There's no target to stop at, we run until the budget is gone", Polarity.NEGATIVE),
        ("Nothing ships until it was reviewed", Polarity.POSITIVE),
    ],
)
def test_polarity_of_clauses_in_multi_clause_answers(clause: str, expected: Polarity) -> None:
    assert polarity(clause) is expected


# --- lexical evidence ---------------------------------------------------------------------------------------------


def test_spellings_typos_and_endings_meet() -> None:
    assert normalise("labelling") == normalise("labeling") == normalise("labels")
    assert normalise("versionned") == normalise("versioned") == normalise("versions")
    assert normalise("utilisation") == normalise("utilization")
    assert terms("We haven't done it, nobody's checking") == frozenset({"check"})


INDEX = ConceptIndex.build(
    ["A", "B", "C"],
    [
        ["Endpoint updates go through a pipeline with approvals and rollback"],
        ["New models roll out as a canary or shadow test with rollback"],
        ["Endpoints scale with load"],
    ],
)


def test_a_word_used_by_one_practice_points_at_it_and_a_shared_word_is_split() -> None:
    assert INDEX.evidence("We have no canary") == [0.0, 1.0, 0.0]
    assert INDEX.named("We have no canary") == [0.0, 1.0, 0.0]
    a, b, c = INDEX.evidence("rollback")
    assert a == b == 0.5 and c == 0.0
    assert INDEX.named("rollback") == [0.0, 0.0, 0.0]
    assert INDEX.evidence("the weather is nice") == [0.0, 0.0, 0.0]


# --- combining the clauses about one practice -----------------------------------------------------------------------


def ev(status: BPStatus, *, at: int = 0, doubt: bool = False, primary: bool = True) -> ClauseEvidence:
    return ClauseEvidence(Clause(f"clause {at}", 0, False, at), status, 0.8, primary=primary, doubt=doubt)


def test_a_doubt_alone_proposes_nothing() -> None:
    assert combine([ev(BPStatus.NOT_IMPLEMENTED, doubt=True, primary=False)]).status is BPStatus.CANNOT_DETERMINE


def test_a_doubt_turns_implemented_into_partially_with_lower_confidence_and_quotes_it() -> None:
    plain = combine([ev(BPStatus.IMPLEMENTED)])
    doubted = combine([ev(BPStatus.IMPLEMENTED), ev(BPStatus.NOT_IMPLEMENTED, at=1, doubt=True, primary=False)])
    assert doubted.status is BPStatus.PARTIALLY_IMPLEMENTED
    assert doubted.confidence == pytest.approx(plain.confidence * DOUBT_FACTOR, abs=1e-3)
    assert doubted.quote == "clause 0 … clause 1"


def test_a_doubt_leaves_other_statuses_alone() -> None:
    negative = [ev(BPStatus.NOT_IMPLEMENTED), ev(BPStatus.NOT_IMPLEMENTED, at=1, doubt=True, primary=False)]
    assert combine(negative).status is BPStatus.NOT_IMPLEMENTED
    assert combine([ev(BPStatus.PARTIALLY_IMPLEMENTED), ev(BPStatus.NOT_IMPLEMENTED, doubt=True)]).status is (
        BPStatus.PARTIALLY_IMPLEMENTED
    )


def test_clauses_of_one_sentence_are_quoted_as_that_sentence() -> None:
    first, second = split_clauses("Everyone has a training budget and we run study groups.")
    assert first.source == second.source == "Everyone has a training budget and we run study groups"
    answer = combine([ClauseEvidence(c, BPStatus.IMPLEMENTED, 0.8) for c in (first, second)])
    assert answer.quote == "Everyone has a training budget and we run study groups"
    assert combine([ClauseEvidence(first, BPStatus.IMPLEMENTED, 0.8)]).quote == "Everyone has a training budget"


# --- assignment, with similarities set by hand ---------------------------------------------------------------------
# MLSEC04's practices A = BP01, B = BP02, C = BP03: every reference sentence of A embeds as e1, of B as e2, of C as
# e3; the answer's clauses embed as set below. No word of the clauses is a practice's own word, so only similarity
# decides.

A, B, C = "MLSEC04-BP01", "MLSEC04-BP02", "MLSEC04-BP03"
TABLE_CONTENT = QuestionContent(
    question_id="MLSEC04",
    title="t",
    opening="o",
    practices={
        A: PracticeContent(label="alpha practice", follow_up="?", signals=("alpha is done",), gaps=()),
        B: PracticeContent(label="beta practice", follow_up="?", signals=("beta is done",), gaps=()),
    },
)


def unit(a: float, b: float, c: float = 0.0) -> list[float]:
    return [a, b, c, math.sqrt(max(0.0, 1 - a * a - b * b - c * c))]


class TableEmbedder:
    name = "table-test"  # not a preset: the mapper's default (MiniLM) thresholds apply
    dimension = 4
    max_tokens = 64

    def __init__(self, lens: Lens, clauses: dict[str, list[float]]) -> None:
        question = lens.question("MLSEC04")
        assert question is not None
        a, b, c = question.best_practices
        self.rows = {a.title: unit(1, 0), a.desired_outcome: unit(1, 0), "alpha practice": unit(1, 0)}
        self.rows |= {"alpha is done": unit(1, 0), b.title: unit(0, 1), b.desired_outcome: unit(0, 1)}
        self.rows |= {"beta practice": unit(0, 1), "beta is done": unit(0, 1)}
        self.rows |= {c.title: unit(0, 0, 1), c.desired_outcome: unit(0, 0, 1), **clauses}

    def warm_up(self) -> None:
        return None

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        return np.asarray([self.rows[t] for t in texts], dtype=np.float32)


def table_statuses(lens: Lens, text: str, clauses: dict[str, list[float]]) -> dict[str, BPStatus]:
    question = lens.question("MLSEC04")
    assert question is not None
    result = EmbeddingMapper(TableEmbedder(lens, clauses)).map_answer(question, TABLE_CONTENT, text)
    return {bp: answer.status for bp, answer in result.practices.items()}


def test_a_negative_clause_that_might_be_about_a_practice_keeps_it_from_implemented(lens: Lens) -> None:
    """The negative clause is closest to B, but A is nearly as close: A, affirmed elsewhere, becomes partially."""
    clauses = {"We do the first thing": unit(0.9, 0.1), "That part is not there": unit(0.55, 0.6)}
    statuses = table_statuses(lens, "We do the first thing. That part is not there.", clauses)
    assert statuses == {A: BPStatus.PARTIALLY_IMPLEMENTED, B: BPStatus.NOT_IMPLEMENTED, C: BPStatus.CANNOT_DETERMINE}


def test_a_negative_clause_clearly_about_another_practice_leaves_it_implemented(lens: Lens) -> None:
    clauses = {"We do the first thing": unit(0.9, 0.1), "That part is not there": unit(0.3, 0.8)}
    statuses = table_statuses(lens, "We do the first thing. That part is not there.", clauses)
    assert statuses == {A: BPStatus.IMPLEMENTED, B: BPStatus.NOT_IMPLEMENTED, C: BPStatus.CANNOT_DETERMINE}


def test_a_doubt_alone_gives_no_status(lens: Lens) -> None:
    statuses = table_statuses(lens, "That part is not there.", {"That part is not there": unit(0.55, 0.6)})
    assert statuses == {A: BPStatus.CANNOT_DETERMINE, B: BPStatus.NOT_IMPLEMENTED, C: BPStatus.CANNOT_DETERMINE}


def test_a_clause_about_none_of_the_practices_gives_no_status(lens: Lens) -> None:
    statuses = table_statuses(lens, "That part is not there.", {"That part is not there": unit(0.2, 0.25)})
    assert statuses == dict.fromkeys((A, B, C), BPStatus.CANNOT_DETERMINE)


# --- with the shipped model and interview content --------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "expected"),
    [
        ("MLCOST04", "Spot instances and auto shutdown yes, AutoML no.", {"MLCOST04-BP05": "not_implemented"}),
        (
            "MLREL03",
            "We version every artifact and retrain continuously, but not bias checks and not validation on edge cases.",
            {"MLREL03-BP01": "implemented", "MLREL03-BP03": "not_implemented", "MLREL03-BP04": "not_implemented"},
        ),
        (
            "MLPERF06",
            "We watch drift every night, but not outcome tracking or automatic retraining.",
            # "We watch drift every night" reads 0.42 "done" to the reader of the sentence (below FIRM_READING 0.53,
            # no tool named): asked about, the price of the firm reading (docs/review-mapping.md, fourteenth round)
            {
                "MLPERF06-BP03": "cannot_determine",
                "MLPERF06-BP04": "not_implemented",
                "MLPERF06-BP05": "not_implemented",
            },
        ),
        (
            "MLSEC06",
            "Access to the training data is logged and alerted on. The endpoint however is open, anyone on the "
            "internet can call it.",
            {"MLSEC06-BP01": "not_implemented", "MLSEC06-BP02": "implemented"},
        ),
        (
            "MLOPS06",
            "Staging is built from the same template as prod and the live model is not monitored at all.",
            {"MLOPS06-BP02": "not_implemented"},
        ),
        (
            "MLSEC03",
            "Each job has its own narrow role and the buckets are encrypted with KMS.",
            # "Each job has its own narrow role" reads 0.31 "done" to the learned reader of the sentence (below 0.35):
            # asked about, the price of that safeguard (docs/review-mapping.md, tenth round, polarity)
            {"MLSEC03-BP01": "cannot_determine", "MLSEC03-BP02": "implemented"},
        ),
        (
            "MLOPS04",
            "Pipelines and CDK yes, internal package mirror no.",
            {"MLOPS04-BP01": "implemented", "MLOPS04-BP02": "not_implemented"},
        ),
    ],
)
def test_each_clause_speaks_for_the_practice_it_is_about(
    mapping: AnswerMapping, question_id: str, text: str, expected: dict[str, str]
) -> None:
    statuses = mapping.predict(question_id, text)
    assert {bp: statuses[bp].value for bp in expected} == expected


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        ("MLREL04", "Updates need an approval in a pipeline. We have no canary though, it all flips at once.", "BP02"),
        ("MLSEC03", "Notebooks sit in a VPC. What's missing is any record of which job built a dataset.", "BP04"),
        ("MLSUS04", "We use Bayesian search. There's no target to stop at, we run until the budget is gone.", "BP01"),
        ("MLSEC03", "PII is masked. Everyone has read access to every bucket though.", "BP01"),
        ("MLREL05", "Every version of the endpoint can be restored. Scaling is manual.", "BP01"),
    ],
)
def test_a_practice_a_later_clause_speaks_against_is_never_implemented(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    assert mapping.predict(question_id, text)[f"{question_id}-{bp}"] is not BPStatus.IMPLEMENTED


def test_lexical_evidence_does_not_depend_on_the_order_of_the_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """terms() is a set, iterated in an order that changes with the process's hash seed; with a plain sum,
    0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 differ in the last bit, enough to put a clause either side of a threshold
    from one server process to the next (seen: a proposal flipping between implemented and undetermined)."""
    index = ConceptIndex(("a", "b"), ({"x": 0.1, "y": 0.2, "z": 0.3}, {"w": 1.0}))
    readings = []
    for order in (["x", "y", "z"], ["z", "y", "x"]):
        monkeypatch.setattr("app.review.concepts.terms", lambda text, order=order: order)
        readings.append(index.evidence("any text"))
    assert readings[0] == readings[1]
