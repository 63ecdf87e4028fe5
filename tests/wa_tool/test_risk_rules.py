"""The exported risk rules give exactly app.review.risk's answer: for every selection (hypothesis, >= 2,000 examples
each), read from the exported lens document, and through the answer export (not-applicable practices included)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.lens.models import Question
from app.review.models import BPAnswer, BPStatus, NAReason, QuestionAnswer
from app.review.risk import QuestionRisk, question_risk
from app.wa_tool.answers import update_answer_requests
from app.wa_tool.ids import choice_id, none_choice_id
from app.wa_tool.risk_rules import RiskRule, RuleRisk, evaluate, evaluate_condition, risk_rules
from tests.wa_tool.conftest import exported_lens, full_lens, make_review, report_of

GAPS = [BPStatus.PARTIALLY_IMPLEMENTED, BPStatus.NOT_IMPLEMENTED, BPStatus.CANNOT_DETERMINE]


def exported_rules(question_id: str) -> list[RiskRule]:
    """The rules as written in the exported document (not as risk_rules() builds them)."""
    question: dict[str, Any] = next(
        q for p in exported_lens()["pillars"] for q in p["questions"] if q["id"] == question_id
    )
    return [RiskRule(r["condition"], RuleRisk(r["risk"])) for r in question["riskRules"]]


questions = st.sampled_from(full_lens().questions)


@settings(max_examples=2500, deadline=None)
@given(question=questions, data=st.data())
def test_rules_match_risk_py_for_any_selection(question: Question, data: st.DataObject) -> None:
    """Any set of ticked choices (or "None of these"): selected = implemented, unselected = any kind of gap."""
    choices = [choice_id(bp.id) for bp in question.best_practices]
    none = data.draw(st.booleans())
    selected = set() if none else set(data.draw(st.lists(st.sampled_from(choices), unique=True)))
    practices = {
        bp.id: BPAnswer(
            status=BPStatus.IMPLEMENTED if choice_id(bp.id) in selected else data.draw(st.sampled_from(GAPS))
        )
        for bp in question.best_practices
    }
    expected = question_risk(question, QuestionAnswer(question_id=question.id, practices=practices, confirmed=True))
    wa_selection = {none_choice_id(question.id)} if none else selected
    assert evaluate(exported_rules(question.id), wa_selection).question_risk is expected.risk


@settings(max_examples=2500, deadline=None)
@given(question=questions, data=st.data())
def test_rules_over_exported_answers_match_risk_py(question: Question, data: st.DataObject) -> None:
    """Any statuses, not applicable included, through the UpdateAnswer export that a sync sends."""
    statuses = data.draw(
        st.lists(
            st.sampled_from(list(BPStatus)),
            min_size=len(question.best_practices),
            max_size=len(question.best_practices),
        )
    )
    practices = {
        bp.id: BPAnswer(status=s, na_reason=NAReason.OUT_OF_SCOPE if s is BPStatus.NOT_APPLICABLE else None)
        for bp, s in zip(question.best_practices, statuses, strict=True)
    }
    answer = QuestionAnswer(question_id=question.id, practices=practices, confirmed=True)
    [request] = update_answer_requests(report_of(make_review(full_lens(), {question.id: answer})))
    not_applicable = {c for c, u in request["ChoiceUpdates"].items() if u["Status"] == "NOT_APPLICABLE"}
    got = evaluate(exported_rules(question.id), request["SelectedChoices"], not_applicable)
    assert got.question_risk is question_risk(question, answer).risk


def test_rule_shapes_cover_every_question() -> None:
    for question in full_lens().questions:
        rules = risk_rules(question)
        assert 2 <= len(rules) <= 3 and rules[-1].condition == "default"
        assert rules[0].risk is RuleRisk.NO_RISK
    # All-High questions need only two rules; mixed ones three.
    sizes = {len(risk_rules(q)) for q in full_lens().questions}
    assert sizes <= {2, 3}


@pytest.mark.parametrize(
    ("true_ids", "expected"),
    [
        ({"choice_1", "choice_2", "choice_3"}, True),
        ({"choice_3"}, True),  # !choice_1 && choice_3
        ({"choice_1", "choice_3"}, True),
        ({"choice_1", "choice_2"}, False),
        (set(), False),
    ],
)
def test_condition_language_follows_the_documented_example(true_ids: set[str], expected: bool) -> None:
    condition = "((choice_1 || choice_2) && choice_3) || (!choice_1 && choice_3)"
    assert evaluate_condition(condition, true_ids) is expected


def test_precedence_and_malformed_conditions() -> None:
    assert evaluate_condition("a1x || b2x && c3x", {"a1x"}) is True  # && binds tighter
    assert evaluate_condition("!a1x && b2x", {"b2x"}) is True
    assert evaluate_condition("!(a1x || b2x)", {"b2x"}) is False
    for bad in ("a1x &&", "(a1x", "a1x b2x", "a1x & b2x", "|| a1x", "a1x)"):
        with pytest.raises(ValueError):
            evaluate_condition(bad, set())
    with pytest.raises(ValueError):
        evaluate([RiskRule("a1x", RuleRisk.NO_RISK)], set())  # no default


def test_none_of_these_gives_the_highest_risk_of_the_question() -> None:
    for question in full_lens().questions:
        risk = evaluate(risk_rules(question), {none_choice_id(question.id)}).question_risk
        has_high = any(bp.risk.value == "High" for bp in question.best_practices)
        assert risk is (QuestionRisk.HIGH if has_high else QuestionRisk.MEDIUM)
