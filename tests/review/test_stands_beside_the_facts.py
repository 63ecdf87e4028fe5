"""Who may call the model (MLSEC06-BP01) and the service level (MLSUS05-BP01) stand beside every fact (labelling guide
rule 16, `app.review.facts.STANDS_BESIDE_THE_FACTS`): an absence a stated fact explains ("so there is no endpoint
anybody could call") is never read as their being not applicable. A fact's clause reaches a practice by two paths, and
each test here fails if the rule is dropped from its path: the clause's own reading (`FactsSaid.verdict`, used by the
embedding mapper) and the settling of the whole answer (`applicability.settle`). A practice outside the rule, read from
the same clause, is the control: the absence does make it not applicable.

The sentences are written for the tests, not taken from eval/review.
"""

from __future__ import annotations

from app.review.applicability import Statement, is_moot, settle
from app.review.cues import split_clauses
from app.review.facts import STANDS_BESIDE_THE_FACTS, stated_facts
from app.review.facts_said import FactsSaid, FactVerdict
from app.review.mapping import ClauseEvidence
from app.review.models import BPStatus

OUTSIDE = ("MLSEC06-BP02", "MLPERF05-BP01")  # practices the same absence does make not applicable


def test_the_clauses_own_reading_leaves_who_may_call_the_model_standing() -> None:
    answer = "Predictions come from one nightly batch job, so there is no endpoint for anybody to hit."
    _, absent = split_clauses(answer)
    said = FactsSaid.read(absent, stated_before=True)
    assert said.facts and said.absence
    for bp_id in sorted(STANDS_BESIDE_THE_FACTS):
        assert not is_moot(bp_id, said.facts)
        assert said.verdict(bp_id, uses_service=False) is FactVerdict.NOTHING_ELSE, bp_id
    for bp_id in OUTSIDE:
        assert said.verdict(bp_id, uses_service=False) is FactVerdict.ABSENCE, bp_id


def test_settling_the_answer_leaves_who_may_call_the_model_standing() -> None:
    stating, absent = split_clauses("The model runs on the kiosk itself, so there is no endpoint anybody could call.")
    statements = [Statement(stating, stated_facts(stating.text))]
    bp_ids = [*sorted(STANDS_BESIDE_THE_FACTS), *OUTSIDE]
    evidence = {bp_id: [ClauseEvidence(absent, BPStatus.NOT_IMPLEMENTED, 0.6)] for bp_id in bp_ids}
    settle(bp_ids, evidence, statements)
    for bp_id in STANDS_BESIDE_THE_FACTS:
        assert evidence[bp_id] == [], bp_id  # the fact's absence says nothing of them: the review asks
    for bp_id in OUTSIDE:
        assert [e.status for e in evidence[bp_id]] == [BPStatus.NOT_APPLICABLE], bp_id
