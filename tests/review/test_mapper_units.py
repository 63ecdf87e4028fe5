"""The units the embedding mapper reads each clause through, tested on their own: a thing taken up again
(app/review/taken_up.py) and what a clause stating a workload fact says of each practice (app/review/facts_said.py).
The mapper's behaviour with them is tested with the shipped model in test_taken_up.py and test_applicability.py."""

from __future__ import annotations

from app.review.cues import Polarity, polarity, split_clauses
from app.review.facts_said import FactsSaid, FactVerdict
from app.review.mapping import ClauseEvidence
from app.review.models import BPStatus
from app.review.taken_up import ThingTakenUp

BP = "MLREL02-BP01"


def _read(answer: str, *, enabled: bool = True, neutral: bool = True) -> list[ClauseEvidence]:
    """Every clause of `answer` after the first says nothing of its own; the first is read as doing the practice."""
    first, *rest = split_clauses(answer)
    evidence = {BP: [ClauseEvidence(first, BPStatus.IMPLEMENTED, 0.8, firm=True)]}
    thing = ThingTakenUp([BP], enabled=enabled, neutral=neutral)
    thing.named(first, first.text, [0], evidence)
    for clause in rest:
        pol = polarity(clause.text)
        thing.state_said(clause, clause.text, pol, states_fact=False, about=set(), firm=frozenset(), evidence=evidence)
        thing.something_else_said(
            clause.text, pol, states_fact=False, inherited=False, done_here=[], firm=frozenset(), evidence=evidence
        )
        thing.named(clause, clause.text, [], evidence)
    return evidence[BP]


def test_a_thing_taken_up_as_empty_says_the_practice_is_not_done() -> None:
    named, doubt = _read("We have a dataset registry. It is empty.")
    assert named.status is BPStatus.NOT_IMPLEMENTED
    assert doubt.doubt and doubt.status is BPStatus.NOT_IMPLEMENTED


def test_something_else_said_of_the_thing_leaves_it_asked_about() -> None:
    (named,) = _read("We have a dataset registry. It lists the owners and the update times.")
    assert named.status is BPStatus.IMPLEMENTED and not named.firm


def test_a_clause_that_does_not_take_the_thing_up_changes_nothing() -> None:
    (named,) = _read("We have a dataset registry. Deployments go through CodePipeline.")
    assert named.status is BPStatus.IMPLEMENTED and named.firm


def test_switched_off_nothing_is_taken_up() -> None:
    (named,) = _read("We have a dataset registry. It is empty.", enabled=False)
    assert named.status is BPStatus.IMPLEMENTED and named.firm
    (named,) = _read("We have a dataset registry. It lists the owners and the update times.", neutral=False)
    assert named.firm


def test_a_tail_within_the_clause_puts_the_practice_in_doubt() -> None:
    (clause,) = split_clauses("The datasets are listed in a catalog page, which has since been lost")
    evidence = {BP: [ClauseEvidence(clause, BPStatus.IMPLEMENTED, 0.8, firm=True)]}
    ThingTakenUp([BP]).named(clause, clause.text, [0], evidence)
    assert [e.doubt for e in evidence[BP]] == [False, True]


def test_facts_said_of_each_practice() -> None:
    (clause,) = split_clauses("We only call Amazon Bedrock")
    said = FactsSaid.read(clause, stated_before=False)
    assert said.facts
    assert said.verdict("MLCOST01-BP02", uses_service=True) is FactVerdict.USES_SERVICE
    assert said.verdict("MLCOST04-BP06", uses_service=False) is FactVerdict.MOOT  # nothing is trained
    assert said.firmly_uses_service()
    (plain,) = split_clauses("Every dataset has an owner in the catalog")
    assert FactsSaid.read(plain, stated_before=True).verdict(BP, uses_service=False) is FactVerdict.OWN_WORDS


def test_the_rest_of_a_fact_clause_is_firm_only_when_it_names_the_tool() -> None:
    (why,) = split_clauses("We only call Bedrock, there is no training data of ours to profile")
    said = FactsSaid.read(why, stated_before=False)
    assert said.facts and not said.rest_is_firm(Polarity.POSITIVE)
    (tool, *_) = split_clauses("We did not train anything, Amazon Textract does the job")
    assert FactsSaid.read(tool, stated_before=False).rest_is_firm(Polarity.POSITIVE)
