"""Session 25: a claim undone by the detail right after it, read by the learned reader of the sentence.

A clause right after a claim (the rest of its sentence, or the next sentence) that the reader finds less likely than
`detail_reading` to say something done leaves the claim asked about, whether or not it takes the claim's thing up; the
reader alone never proposes "not implemented". The sentences were written for this test (no unseen-set row)."""

from __future__ import annotations

import pytest

from app.review.cues import Polarity, split_clauses
from app.review.mapping import ClauseEvidence
from app.review.models import BPStatus
from app.review.taken_up import ThingTakenUp
from app.services import AnswerMapping

from .conftest import mapping_config

CLAIM, DETAIL = split_clauses("Model observability is in place. The endpoint writes one log line at startup.")


def _thing_after_the_claim() -> tuple[ThingTakenUp, dict[str, list[ClauseEvidence]]]:
    """The claim read as doing practice 0 (the anchor), and the detail's clause begun (its own state said)."""
    evidence = {"BP0": [ClauseEvidence(CLAIM, BPStatus.IMPLEMENTED, 0.9)], "BP1": []}
    thing = ThingTakenUp(["BP0", "BP1"], reader=True)
    thing.named(CLAIM, CLAIM.text, [0], evidence)
    thing.state_said(
        DETAIL, DETAIL.text, Polarity.POSITIVE, states_fact=False, about=set(), firm=frozenset(), evidence=evidence
    )
    return thing, evidence


def _read(undoing: bool, firm: frozenset[int] = frozenset(), states_fact: bool = False) -> bool:
    """Is the claim still firm evidence after the detail is read?"""
    thing, evidence = _thing_after_the_claim()
    thing.read_as_not_done(
        DETAIL,
        DETAIL.text,
        read_not_done=undoing,
        states_fact=states_fact,
        undoing=undoing,
        firm=firm,
        evidence=evidence,
    )
    return evidence["BP0"][0].firm


def test_an_undoing_detail_that_does_not_take_the_thing_up_withdraws_the_claims_firmness() -> None:
    assert not _read(undoing=True)


def test_a_detail_the_reader_reads_as_done_leaves_the_claim_firm() -> None:
    assert _read(undoing=False)


def test_a_detail_about_a_practice_in_its_own_right_or_stating_a_fact_is_left_alone() -> None:
    assert _read(undoing=True, firm=frozenset({1}))  # clearly about another practice: what else is done
    assert _read(undoing=True, firm=frozenset({0}))  # clearly about the claim's practice in its own right
    assert _read(undoing=True, states_fact=True)  # a workload fact: the applicability rules read it


def test_a_clause_two_sentences_on_is_no_detail_of_the_claim() -> None:
    claim, _, later = split_clauses("Drift is monitored. Reports go out weekly. The analyst retired.")
    evidence = {"BP0": [ClauseEvidence(claim, BPStatus.IMPLEMENTED, 0.9)]}
    thing = ThingTakenUp(["BP0"], reader=True)
    thing.named(claim, claim.text, [0], evidence)
    thing.state_said(
        later, later.text, Polarity.POSITIVE, states_fact=False, about=set(), firm=frozenset(), evidence=evidence
    )
    thing.read_as_not_done(
        later, later.text, read_not_done=False, states_fact=False, undoing=True, firm=frozenset(), evidence=evidence
    )
    assert evidence["BP0"][0].firm


@pytest.mark.integration
class TestWithTheShippedModel:
    @pytest.mark.parametrize(
        ("question_id", "bp", "text"),
        [
            (
                "MLOPS06",
                "MLOPS06-BP02",
                "Model observability is in place. The endpoint writes one log line at startup.",
            ),
            (
                "MLOPS05",
                "MLOPS05-BP01",
                "Deployment environment metrics are collected. Collected means the default CPU graph in the console,"
                " which one person opened once.",
            ),
        ],
    )
    def test_an_undoing_detail_leaves_the_claim_asked(
        self, mapping: AnswerMapping, question_id: str, bp: str, text: str
    ) -> None:
        assert mapping.predict(question_id, text)[bp] is BPStatus.CANNOT_DETERMINE
        # the setting is what withholds it (session 29's `past_occasion` reads "opened once" as a one-off too: off, so
        # this rule is measured alone)
        with mapping_config(mapping, detail_reading=0.0, past_occasion=False):
            assert mapping.predict(question_id, text)[bp] is BPStatus.IMPLEMENTED

    def test_a_detail_that_bears_the_claim_out_keeps_it_proposed(self, mapping: AnswerMapping) -> None:
        text = (
            "Model observability is in place. Every prediction is logged with its inputs, and Model Monitor checks"
            " quality against ground truth daily."
        )
        assert mapping.predict("MLOPS06", text)["MLOPS06-BP02"] is BPStatus.IMPLEMENTED
